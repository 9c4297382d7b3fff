"""Every message a user reads from a refusal is translatable: the test walks the syntax tree of every module under
devzone/ (tests, migrations, demo data and the load generator aside) and fails on a Chinese string literal handed
straight to ``require``, ``require_text``, ``DomainError`` (and its ``.on``/``.of``), ``HttpError``,
``ValidationError``, ``ConflictError``, ``PermissionDenied`` or ``_problem`` instead of through gettext — the
API answered 15 such messages in Chinese to English callers (issue 11's "untranslated API messages")."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import devzone

ROOT = Path(devzone.__file__).parent
CJK = re.compile(r"[\u4e00-\u9fff]")
REFUSALS = {
    "require",
    "require_text",
    "DomainError",
    "on",
    "of",
    "HttpError",
    "ValidationError",
    "ConflictError",
    "PermissionDenied",
    "_problem",
}
SKIPPED = {"tests", "migrations", "testing", "demo"}


def _name(func) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _chinese_literal(node) -> bool:
    """A plain or f-string literal with Chinese in it (a ``%`` format of one too); a gettext call is not one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(CJK.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_chinese_literal(v) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _chinese_literal(node.left)
    return False


def untranslated(source: str, where: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node.func) in REFUSALS:
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if _chinese_literal(arg):
                    found.append(f"{where}:{node.lineno} {ast.unparse(arg)[:60]}")
    return found


def test_no_refusal_hands_the_user_an_untranslated_chinese_literal():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIPPED & set(relative.parts) or path.stem.startswith(("demo", "loadgen")):
            continue
        found += untranslated(path.read_text(encoding="utf-8"), str(relative))
    assert not found, "wrap these in gettext:\n" + "\n".join(found)


def test_the_walk_finds_each_form_of_an_untranslated_message():
    source = """
require(ok, "须填写", "name")
raise DomainError.on("zone", f"{x}不存在")
raise HttpError(429, "尝试次数过多")
require(ok, _("须填写"), "name")
raise DomainError.on("zone", _("%(x)s不存在") % {"x": x})
"""
    assert [line.split(" ")[0] for line in untranslated(source, "m.py")] == ["m.py:2", "m.py:3", "m.py:4"]
