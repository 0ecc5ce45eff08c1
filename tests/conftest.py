"""Shared helpers: write content files, read them through Pelican, build sites."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.contents import Article
from pelican.readers import Readers
from pelican.settings import read_settings

from tests.support.pipeline import encode_body, pipeline_file

EXAMPLE_SITE = Path(__file__).resolve().parents[1] / "example_site"
SAMPLE = (
    EXAMPLE_SITE
    / "content"
    / "news"
    / "russia-and-ukraine-to-meet-in-istanbul-but-expectations-low.md"
)


def news_file(
    title: str = "A headline",
    body: str = "First paragraph.",
    *,
    date: str = '"2025-05-16T00:00:00+03:00"',
    source_url: str = "https://www.ibtimes.com/story-1",
    source_name: str = "Unknown Source",
    extra: str = "",
) -> str:
    """Text of a file exactly as the news-import pipeline writes it.

    ``body`` is written as given: pass it through :func:`pipeline_body` for the
    pipeline's encoding.
    """
    return pipeline_file(
        title,
        body,
        date=date,
        source_url=source_url,
        source_name=source_name,
        extra=extra,
    )


def pipeline_body(text: str) -> str:
    """Encode a body the way the pipeline does: quotes first, then backslashes."""
    return encode_body(text)


def site_settings(content: Path, output: Path, **overrides: Any) -> dict[str, Any]:
    base = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "PLUGINS": ["pelican_newsimport"],
        "SITEURL": "",
        "TIMEZONE": "UTC",
        "DEFAULT_LANG": "en",
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "FEED_ALL_ATOM": "feeds/all.atom.xml",
        "CATEGORY_FEED_ATOM": None,
        "AUTHOR_FEED_ATOM": None,
        "AUTHOR_FEED_RSS": None,
        "TRANSLATION_FEED_ATOM": None,
        "DELETE_OUTPUT_DIRECTORY": False,
    }
    base.update(overrides)
    return read_settings(path=None, override=base)


def write_file(folder: Path, name: str, text: str | bytes) -> Path:
    """Write a text or binary file below ``folder``, creating its folders."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


class Site:
    def __init__(self, root: Path) -> None:
        self.content = root / "content"
        self.output = root / "output"
        self.content.mkdir(parents=True, exist_ok=True)

    def write(self, name: str, text: str | bytes) -> Path:
        return write_file(self.content, name, text)

    def copy(self, source: Path, name: str | None = None) -> Path:
        target = self.content / (name or source.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        return target

    def settings(self, **overrides: Any) -> dict[str, Any]:
        return site_settings(self.content, self.output, **overrides)

    def pelican(self, **overrides: Any) -> Pelican:
        return Pelican(self.settings(**overrides))

    def read(self, name: str, **overrides: Any) -> Article:
        """Read one file through Pelican's ``Readers``, as the generator does."""
        pelican = self.pelican(**overrides)
        readers = Readers(pelican.settings)
        return readers.read_file(
            base_path=str(self.content), path=name, content_class=Article
        )

    def build(self, **overrides: Any) -> Path:
        self.pelican(**overrides).run()
        return self.output

    def html(self, relative: str) -> BeautifulSoup:
        text = (self.output / relative).read_text(encoding="utf-8")
        return BeautifulSoup(text, "html.parser")

    def outputs(self, suffix: str = ".html") -> list[Path]:
        return sorted(self.output.rglob(f"*{suffix}"))


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


@pytest.fixture
def errors(caplog: pytest.LogCaptureFixture) -> Callable[[], list[str]]:
    """The messages of ERROR (and worse) records logged so far."""
    caplog.set_level(logging.DEBUG)

    def collect() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]

    return collect
