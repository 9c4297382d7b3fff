"""Scoping that cannot be forgotten: every read in a view or API file starts from ``for_user``.

The test walks the syntax tree of every ``views*.py`` and ``api*.py`` (and every file of a ``views/`` or
``api/`` package) under devzone/ and fails on
``Model.objects.<anything but for_user>`` and on ``get_object_or_404(Model, …)``, except for the reference
tables below that belong to no zone (each with its reason)."""

from __future__ import annotations

import ast
from pathlib import Path

import devzone

ROOT = Path(devzone.__file__).parent
# Models that belong to no zone and no enterprise: readable by anyone who may open the page.
UNSCOPED = {
    "Industry": "the GB/T 4754 industry classification, the same for every zone",
    "CalendarDay": "the national working-day calendar (administrators' corrections are city-wide)",
    "CalendarYear": "the national working-day calendar",
    "Notification": "read through request.user.notifications (each user's own)",
    "ApiToken": "filtered by user=request.user (each user's own)",
    "ClockJournal": "the calendar re-projection journal, shown to system administrators only (dates, no zone data)",
}


def _files():
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        # views.py, views_*.py, api*.py, and every file of a views/ or api/ package
        if path.name.startswith(("views", "api")) or {"views", "api"} & set(
            path.relative_to(ROOT).parts[:-1]
        ):
            yield path


def _unscoped_reads(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        # Model.objects.<method>
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr in ("objects", "_default_manager")
        ):
            owner = node.value.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "?")
            if node.attr != "for_user" and name not in UNSCOPED:
                found.append(f"{path.relative_to(root)}:{node.lineno} {name}.objects.{node.attr}")
        # get_object_or_404(Model, ...) / get_list_or_404(Model, ...)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
            "get_object_or_404",
            "get_list_or_404",
        ):
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.Name) and arg.id not in UNSCOPED:
                found.append(f"{path.relative_to(root)}:{node.lineno} {node.func.id}({arg.id})")
    return found


def test_the_walk_finds_the_view_and_api_files():
    names = {p.relative_to(ROOT).as_posix() for p in _files()}
    assert {"core/views.py", "core/api.py", "approvals/api.py"} <= names


def test_the_walk_sees_unscoped_reads_and_lets_for_user_pass(tmp_path):
    sample = tmp_path / "views_sample.py"
    sample.write_text(
        "def v(request, pk):\n"
        "    a = Staff.objects.get(pk=pk)\n"
        "    b = get_object_or_404(Project, pk=pk)\n"
        "    return Staff.objects.for_user(request.user).get(pk=pk)\n",
        encoding="utf-8",
    )
    found = [line.split(" ", 1)[1] for line in _unscoped_reads(sample, root=tmp_path)]
    assert sorted(found) == ["Staff.objects.get", "get_object_or_404(Project)"]


def test_every_read_in_views_and_api_goes_through_for_user():
    found = [line for path in _files() for line in _unscoped_reads(path)]
    assert not found, "reads that do not start from for_user:\n" + "\n".join(found)
