"""Imported articles read right in real themes, with no template edit.

The example site is built in every theme of ``tests/support/themes.py`` (real
themes installed from PyPI plus Pelican's two bundled ones).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

from tests.support.themes import THEME_INFO, THEMES, isolated_signals, theme_settings

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "example_site" / "pelicanconf.py"
NEWS = sorted((ROOT / "example_site" / "content" / "news").glob("*.md"))


def build_example(out: Path, theme: str, **overrides: object) -> Path:
    """Build the example site into ``out`` in ``theme``."""
    site = read_settings(str(CONFIG))
    settings = read_settings(
        str(CONFIG),
        override={
            "OUTPUT_PATH": str(out),
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            **theme_settings(theme, site=site),
            **overrides,
        },
    )
    with isolated_signals():
        Pelican(settings).run()
    return out


@pytest.fixture(scope="module", params=sorted(THEMES))
def themed(request: pytest.FixtureRequest, tmp_path_factory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp(request.param) / "output"
    return request.param, build_example(out, request.param)


def test_at_least_five_third_party_themes_are_installed() -> None:
    third_party = {t.distribution for t in THEME_INFO.values()} - {"pelican"}
    assert len(third_party) >= 5
    for theme in THEME_INFO.values():
        assert (Path(theme.path) / "templates" / "article.html").is_file(), theme


def test_each_theme_is_really_used(themed: tuple[str, Path]) -> None:
    name, out = themed
    # Pelican copies the theme's static folder to theme/; compare one file.
    static = Path(THEMES[name]) / "static"
    copied = sorted(p.relative_to(static) for p in static.rglob("*") if p.is_file())
    if copied:
        assert (out / "theme" / copied[0]).read_bytes() == (
            static / copied[0]
        ).read_bytes()


def test_each_news_article_carries_its_credit(themed: tuple[str, Path]) -> None:
    name, out = themed
    for source in NEWS:
        page = BeautifulSoup(
            (out / f"{source.stem}.html").read_text("utf-8"), "html.parser"
        )
        credits = page.select("p.newsimport-attribution")
        assert len(credits) == 1, (name, source.name)
