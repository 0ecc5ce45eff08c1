"""The example site builds and reads like real news pages."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

from pelican_newsimport.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "output"
    settings = read_settings(
        str(ROOT / "example_site" / "pelicanconf.py"),
        override={"OUTPUT_PATH": str(out), "CACHE_PATH": str(out.parent / "cache")},
    )
    Pelican(settings).run()
    yield out
    shutil.rmtree(out, ignore_errors=True)


def _page(output: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((output / name).read_text(encoding="utf-8"), "html.parser")


def test_every_news_file_is_published_with_paragraphs(output: Path) -> None:
    news = sorted((ROOT / "example_site" / "content" / "news").glob("*.md"))
    assert len(news) >= 8
    for source in news:
        page = _page(output, source.stem + ".html")
        paragraphs = page.select(".entry-content > p")
        assert len(paragraphs) >= 4, source.name
        text = page.select_one(".entry-content").get_text()
        assert '\\"' not in text
        assert "\\\\" not in text
        assert paragraphs[-1]["class"] == ["newsimport-attribution"]


def test_same_title_pair_from_two_outlets(output: Path) -> None:
    pair = sorted(output.glob("nasa-reconnects-with-voyager-*.html"))
    assert len(pair) == 2
    credits = {
        _page(output, p.name).select_one(".newsimport-attribution a")["href"]
        for p in pair
    }
    assert len(credits) == 2


def test_other_formats_drafts_and_plain_articles(output: Path) -> None:
    assert (output / "drafts" / "upcoming-features.html").exists()
    assert not (output / "upcoming-features.html").exists()
    markdown = _page(output, "how-we-import-news.html")
    assert markdown.select(".entry-content ol li")
    assert markdown.select_one(".entry-content em").get_text() == "emphasis"
    assert _page(output, "editorial-policy.html").h1 is not None
    assert _page(output, "corrections.html").select_one(".entry-content p")
    welcome = _page(output, "welcome-to-the-imported-news-example-site.html")
    assert welcome.select_one(".entry-content strong").get_text() == "no front matter"


def test_sources_pages_list_each_publisher(output: Path) -> None:
    names = [a.get_text() for a in _page(output, "sources.html").select("li a")]
    assert {"Voice of America", "International Business Times", "Wikinews"} <= set(
        names
    )
    assert "Example Gazette" in names  # NEWSIMPORT_SOURCE_NAMES in pelicanconf.py


def test_builds_with_no_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    for config in ("pelicanconf.py", "publishconf.py"):
        settings = read_settings(
            str(ROOT / "example_site" / config),
            override={"OUTPUT_PATH": str(tmp_path / config)},
        )
        Pelican(settings).run()
    assert [
        r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING
    ] == []


def test_check_in_the_site_folder_credits_as_the_build(
    output: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(ROOT / "example_site")
    assert main(["check", "--format", "json"]) == 0
    files = json.loads(capsys.readouterr().out)["files"]
    checked = {Path(f["path"]).stem: f["publisher"] for f in files if f["publisher"]}
    assert "Example Gazette" in checked.values()  # NEWSIMPORT_SOURCE_NAMES
    for stem, publisher in checked.items():
        credit = _page(output, f"{stem}.html").select_one(".newsimport-attribution")
        assert credit.get_text() == f"Originally published by {publisher}.", stem


def test_image_and_more_from_are_inside_the_content_box(output: Path) -> None:
    page = _page(
        output, "russia-and-ukraine-to-meet-in-istanbul-but-expectations-low.html"
    )
    box = page.select_one("#content .entry-content")
    assert box.select_one("figure.newsimport-image img[referrerpolicy=no-referrer]")
    assert box.select_one(".post-info .newsimport-more a.newsimport-source")
    assert not page.select("body > figure, body > p")


def test_debug_log_explains_each_repair(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="pelican_newsimport")
    settings = read_settings(
        str(ROOT / "example_site" / "pelicanconf.py"),
        override={"OUTPUT_PATH": str(tmp_path / "out")},
    )
    Pelican(settings).run()
    explained = [
        r.getMessage()
        for r in caplog.records
        if "paragraphs restored" in r.getMessage()
    ]
    assert any(
        "russia-and-ukraine" in m
        and "escape level 2 undone; 18 paragraphs restored" in m
        for m in explained
    )


def test_publish_settings(tmp_path: Path) -> None:
    settings = read_settings(
        str(ROOT / "example_site" / "publishconf.py"),
        override={"OUTPUT_PATH": str(tmp_path / "out")},
    )
    Pelican(settings).run()
    page = _page(
        tmp_path / "out",
        "russia-and-ukraine-to-meet-in-istanbul-but-expectations-low.html",
    )
    canonical = page.find("link", rel="canonical")
    assert canonical["href"].startswith("https://www.ibtimes.com/")
    assert page.select_one(".newsimport-more a")["href"].startswith(
        "https://news.example.org/source/"
    )
