"""The shape the design asks for: short functions, a thin reader, pure modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pelican_newsimport"
MAX_FUNCTION_LINES = 50
MAX_READER_LINES = 210


def _functions() -> list[tuple[str, int]]:
    found = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                found.append((f"{path.name}:{node.lineno} {node.name}", length))
    return found


def test_no_function_is_longer_than_fifty_lines() -> None:
    long = [f"{name} ({n} lines)" for name, n in _functions() if n > MAX_FUNCTION_LINES]
    assert long == []


def test_the_reader_is_thin() -> None:
    lines = (PACKAGE / "reader.py").read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_READER_LINES


@pytest.mark.parametrize(
    "module",
    ["interpret", "front_matter", "repair", "safety", "credit", "template_values"],
)
def test_pure_modules_import_nothing_from_pelican(module: str) -> None:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add(node.module or "")
    assert not {name for name in imported if name.split(".")[0] == "pelican"}
