"""The modules depend on each other one way, as docs/development.md says: the table there is compared with the
imports of every module's code (tests and migrations aside), and core imports no feature module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import devzone

ROOT = Path(devzone.__file__).parent
MODULES = ("core", "projects", "approvals", "services", "investment", "performance", "personnel", "dashboard")
DOC = ROOT.parent / "docs" / "development.md"


def imported_modules(app: str) -> set[str]:
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "devzone" and len(parts) > 1 and parts[1] in MODULES and parts[1] != app:
                    found.add(parts[1])
    return found


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
