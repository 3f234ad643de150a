"""The layout's limits hold: small modules, short functions, every area package says what it owns."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "feedback_app"
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40
MIGRATIONS = PACKAGE / "storage" / "migrations" / "versions"  # each revision is written once and never edited


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if MIGRATIONS not in path.parents)


def test_no_module_is_over_300_lines():
    long = {str(path.relative_to(PACKAGE)): n for path in modules() if (n := len(path.read_text().splitlines())) > 300}
    assert long == {}


def test_no_function_is_over_40_lines():
    long = {}
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"] = lines
    assert long == {}


def test_every_package_says_what_it_owns():
    packages = [path for path in PACKAGE.rglob("__init__.py") if MIGRATIONS not in path.parents]
    silent = [
        str(path.parent.relative_to(PACKAGE)) for path in packages if not ast.get_docstring(ast.parse(path.read_text()))
    ]
    assert silent == []
