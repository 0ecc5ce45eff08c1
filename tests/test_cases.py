"""Golden interpretation cases, run without Pelican (python-frontmatter's style).

Each ``tests/cases/interpret/<name>.md`` is split and interpreted as a build
would read it; the record must equal ``<name>.json``.  In a case's name ``__``
stands for ``/`` (``posts__my-trip__index.md`` is read as
``posts/my-trip/index.md``).  After an intended change, rewrite the expected
files with ``NEWSIMPORT_REGENERATE=1 pytest tests/test_cases.py`` and review
the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from pelican_newsimport import front_matter, interpret

CASES = Path(__file__).parent / "cases" / "interpret"
NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
OPTIONS = interpret.Options(now=lambda: NOW, timezone="UTC")


def interpret_case(path: Path) -> dict[str, Any]:
    """The record for one case file, or the error it is refused with."""
    text = path.read_text(encoding="utf-8")
    shown = path.stem.replace("__", "/") + path.suffix
    try:
        document = front_matter.split(text)
        assert document is not None, "a case must have front matter"
        document = replace(document, path=shown, file_path=str(path), text=text)
        return interpret.to_json(interpret.interpret(document, OPTIONS))
    except (interpret.NewsImportError, front_matter.FrontMatterError) as error:
        return {"error": {"message": error.message, "line": error.line}}


@pytest.mark.parametrize("path", sorted(CASES.glob("*.md")), ids=lambda p: p.stem)
def test_case(path: Path) -> None:
    found = interpret_case(path)
    expected_path = path.with_suffix(".json")
    if os.environ.get("NEWSIMPORT_REGENERATE"):
        text = json.dumps(found, indent=2, ensure_ascii=False, sort_keys=True)
        expected_path.write_text(text + "\n", encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert found == expected


def test_every_expected_file_has_its_case() -> None:
    assert {p.stem for p in CASES.glob("*.json")} == {
        p.stem for p in CASES.glob("*.md")
    }
