"""Modules never import another module's tests or conftest (issue 11): what tests share lives in
devzone/testing/. A test that reaches into another app's tests couples their refactors and runs their fixtures."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_test_imports_another_modules_tests():
    offenders = []
    for path in ROOT.glob("*/tests/**/*.py"):
        app = path.relative_to(ROOT).parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if (
                    len(parts) > 2
                    and parts[0] == "devzone"
                    and parts[1] != app
                    and ("tests" in parts or "conftest" in parts)
                ):
                    offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []
