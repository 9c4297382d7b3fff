"""The modules depend on each other one way, as docs/development.md says: the table there is compared with the
imports of every module's code (tests and migrations aside), and core imports no feature module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import devzone

ROOT = Path(devzone.__file__).parent
MODULES = (
    "core",
    "projects",
    "approvals",
    "services",
    "investment",
    "performance",
    "personnel",
    "planning",
    "emergency",
    "exchange",
    "powers",
    "oversight",
    "dashboard",
)
DOC = ROOT.parent / "docs" / "development.md"


def imports_of(path: Path) -> list[list[str]]:
    """The dotted names a file imports, split at the dots."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module.split("."))
        elif isinstance(node, ast.Import):
            names.extend(a.name.split(".") for a in node.names)
    return names


def imported_modules(app: str) -> set[str]:
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
            continue
        for parts in imports_of(path):
            if parts[0] == "devzone" and len(parts) > 1 and parts[1] in MODULES and parts[1] != app:
                found.add(parts[1])
    return found


def test_no_test_imports_another_modules_tests():
    """What tests share lives in devzone/testing/: a test that reaches into another module's tests or conftest
    couples their refactors and runs their fixtures."""
    offenders = []
    for path in ROOT.glob("*/tests/**/*.py"):
        app = path.relative_to(ROOT).parts[0]
        for parts in imports_of(path):
            if (
                len(parts) > 2
                and parts[0] == "devzone"
                and parts[1] != app
                and {"tests", "conftest"} & set(parts)
            ):
                offenders.append(f"{path.relative_to(ROOT)}: {'.'.join(parts)}")
    assert offenders == []


def documented() -> dict[str, set[str]]:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("| module | imports |") :].split("\n\n", 1)[0]
    rows = {}
    for line in table.splitlines()[2:]:
        module, imports = [c.strip() for c in line.strip("|").split("|")]
        rows[module.strip("`")] = set(re.findall(r"\b(" + "|".join(MODULES) + r")\b", imports))
    return rows


def test_core_imports_no_feature_module():
    assert imported_modules("core") == set()


def test_the_documented_dependencies_are_the_imports():
    doc = documented()
    assert set(doc) == set(MODULES)
    actual = {app: imported_modules(app) for app in MODULES}
    assert actual == doc
