"""Source attribution as readers, themes and feeds see it, in built sites."""

from __future__ import annotations

import json
import pickle
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pelican_newsimport.attribution import Source
from tests.conftest import SAMPLE, Site, news_file

ATOM = "{http://www.w3.org/2005/Atom}"
TEMPLATES = str(Path(__file__).parents[1] / "example_site" / "templates")

OUTLETS = [
    ("reuters-1.md", "https://www.reuters.com/world/a-1", "Unknown Source", "Reuters"),
    ("reuters-2.md", "https://www.reuters.com/world/a-2", "N/A", "Reuters"),
    ("bbc.md", "https://www.bbc.co.uk/news/x", "", "BBC News"),
    ("voa.md", "https://www.voanews.com/a/y", "Unknown", "Voice of America"),
    ("named.md", "https://www.ibtimes.com/z", "IBTimes UK desk", "IBTimes UK desk"),
    ("unlisted.md", "https://news.example-outlet.net/q", "", "example-outlet.net"),
]


def _outlets(site: Site) -> None:
    for i, (name, url, source_name, _expected) in enumerate(OUTLETS):
        site.write(
            name,
            news_file(
                f"Story {i}",
                f"Body {i}.",
                source_url=url,
                source_name=source_name,
                date=f"2025-05-{10 + i}",
            ),
        )


def test_article_source_value(site: Site) -> None:
    site.copy(SAMPLE, "s.md")
    article = site.read("s.md")
    assert isinstance(article.source, Source)
    assert article.source.name == "International Business Times"
    assert article.source.domain == "ibtimes.com"
    assert article.source.url == article.source_url
    assert str(article.source) == article.source_name
    assert pickle.loads(pickle.dumps(article.source)) == article.source


@pytest.mark.parametrize(("name", "url", "source_name", "expected"), OUTLETS)
def test_publisher_names(site: Site, name, url, source_name, expected) -> None:
    site.write(name, news_file("T", "B.", source_url=url, source_name=source_name))
    assert site.read(name).source_name == expected


def test_site_overrides_and_extra_placeholders(site: Site) -> None:
    site.write("a.md", news_file("T", "B.", source_url="https://www.reuters.com/x"))
    site.write(
        "b.md",
        news_file("T", "B.", source_url="https://bbc.co.uk/x", source_name="Wire"),
    )
    overrides = {
        "NEWSIMPORT_SOURCE_NAMES": {"reuters.com": "Reuters News Agency"},
        "NEWSIMPORT_PLACEHOLDER_SOURCE_NAMES": ["Wire"],
    }
    assert site.read("a.md", **overrides).source_name == "Reuters News Agency"
    assert site.read("b.md", **overrides).source_name == "BBC News"


def test_attribution_block_on_the_page_and_in_the_feed(site: Site) -> None:
    site.copy(SAMPLE, "s.md")
    site.build()
    page = site.html("s.html")
    blocks = page.select(".entry-content .newsimport-attribution")
    assert len(blocks) == 1
    link = blocks[0].find("a")
    assert link["href"] == (
        "https://www.ibtimes.com/russia-ukraine-meet-istanbul-expectations-low-3773713"
    )
    assert {"nofollow", "noopener"} <= set(link["rel"])
    assert link.get_text() == "International Business Times"
    assert page.select(".entry-content p")[-1] is blocks[0]

    feed = ET.parse(site.output / "feeds" / "all.atom.xml").getroot()
    entry = feed.find(f"{ATOM}entry")
    content = entry.find(f"{ATOM}content").text
    assert 'class="newsimport-attribution"' in content
    assert "International Business Times" in content


@pytest.mark.parametrize(
    ("setting", "expected"),
    [("top", 0), ("bottom", -1), (None, None)],
)
def test_attribution_position(site: Site, setting, expected) -> None:
    site.copy(SAMPLE, "s.md")
    site.build(NEWSIMPORT_ATTRIBUTION=setting)
    paragraphs = site.html("s.html").select(".entry-content > p")
    blocks = [
        p for p in paragraphs if "newsimport-attribution" in (p.get("class") or [])
    ]
    if expected is None:
        assert blocks == []
    else:
        assert paragraphs[expected] is blocks[0]


def test_attribution_wording(site: Site) -> None:
    site.copy(SAMPLE, "s.md")
    site.build(NEWSIMPORT_ATTRIBUTION_TEXT="Source: {link} ({domain})")
    block = site.html("s.html").select_one(".newsimport-attribution")
    assert block.get_text() == "Source: International Business Times (ibtimes.com)"


def test_per_source_pages(site: Site) -> None:
    _outlets(site)
    site.build(DEFAULT_PAGINATION=1)
    index = site.html("sources.html")
    entries = {li.a.get_text(): li for li in index.select("ul.newsimport-sources li")}
    assert set(entries) == {expected for *_, expected in OUTLETS}
    assert entries["Reuters"].get_text().strip().endswith("(2)")
    assert entries["Reuters"].a["href"] == "/source/reuters-com.html"

    reuters = site.html("source/reuters-com.html")
    assert "Articles from Reuters" in reuters.get_text()
    # Paginated like author pages: newest first, one per page here.
    assert (site.output / "source" / "reuters-com2.html").exists()
    assert "Story 1" in reuters.get_text()


def test_source_page_settings(site: Site) -> None:
    _outlets(site)
    site.build(
        NEWSIMPORT_SOURCE_URL="publishers/{slug}/",
        NEWSIMPORT_SOURCE_SAVE_AS="publishers/{slug}/index.html",
        NEWSIMPORT_SOURCES_SAVE_AS="publishers/index.html",
    )
    assert (site.output / "publishers" / "bbc-co-uk" / "index.html").exists()
    index = site.html("publishers/index.html")
    assert index.find("a", href="/publishers/bbc-co-uk/") is not None


def test_source_pages_off(site: Site) -> None:
    _outlets(site)
    site.build(NEWSIMPORT_SOURCE_SAVE_AS="", NEWSIMPORT_SOURCES_SAVE_AS="")
    assert not (site.output / "sources.html").exists()
    assert not (site.output / "source").exists()


def test_theme_templates_win(site: Site, tmp_path: Path) -> None:
    overrides = tmp_path / "theme-overrides"
    overrides.mkdir()
    (overrides / "sources.html").write_text(
        "<p id=mine>{{ sources|length }} sources</p>", encoding="utf-8"
    )
    _outlets(site)
    site.build(THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    assert site.html("sources.html").find(id="mine").get_text() == "5 sources"


def test_json_ld_canonical_image_and_source_link(site: Site) -> None:
    site.copy(SAMPLE, "s.md")
    site.build(
        THEME_TEMPLATES_OVERRIDES=[TEMPLATES],
        NEWSIMPORT_CANONICAL=True,
        NEWSIMPORT_IMAGE="top",
        SITEURL="https://news.example.org",
    )
    page = site.html("s.html")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == (
        "Russia And Ukraine To Meet In Istanbul, But Expectations Low"
    )
    assert data["datePublished"] == "2025-05-16T00:00:00+03:00"
    assert data["url"] == "https://news.example.org/s.html"
    assert data["publisher"]["name"] == "International Business Times"
    assert data["isBasedOn"].startswith("https://www.ibtimes.com/")
    assert data["image"][0].startswith("https://d.ibtimes.com/")
    canonical = page.find("link", rel="canonical")
    assert canonical["href"] == data["isBasedOn"]
    assert page.find("meta", attrs={"name": "robots"}) is None
    assert page.select_one("figure.newsimport-image img")["src"] == data["image"][0]
    more = page.select_one(".newsimport-more a")
    assert more["href"] == "https://news.example.org/source/ibtimes-com.html"


def test_noindex_is_opt_in(site: Site) -> None:
    site.copy(SAMPLE, "s.md")
    site.build(THEME_TEMPLATES_OVERRIDES=[TEMPLATES], NEWSIMPORT_NOINDEX=True)
    robots = site.html("s.html").find("meta", attrs={"name": "robots"})
    assert robots["content"] == "noindex, follow"
    assert site.html("s.html").find("link", rel="canonical") is None


def test_no_source_pages_on_a_site_without_imports(site: Site) -> None:
    site.write("plain.md", "Title: Plain\nDate: 2025-01-01\n\nA plain article.\n")
    site.build()
    assert (site.output / "plain.html").exists()
    assert not (site.output / "sources.html").exists()
    assert not (site.output / "source").exists()


@pytest.mark.parametrize("theme", ["notmyidea", "simple"])
def test_source_pages_follow_relative_urls(site: Site, theme: str) -> None:
    _outlets(site)
    site.build(RELATIVE_URLS=True, THEME=theme)
    index = site.html("sources.html")
    links = [a["href"] for a in index.select("ul.newsimport-sources a")]
    assert "./source/reuters-com.html" in links
    page = site.html("source/reuters-com.html")
    article_links = {a["href"] for a in page.find_all("a", href=True)}
    assert "../reuters-1.html" in article_links
    if theme == "notmyidea":
        css = [link["href"] for link in page.find_all("link", rel="stylesheet")]
        assert css == ["../theme/css/main.css"]
        assert (site.output / "source" / css[0]).resolve().is_file()
    # Root-absolute links only where Pelican's own category page has them too
    # (the theme's feed link).
    category = site.html("category/news.html")
    pelicans = {a["href"] for a in category.find_all("a", href=True)}
    rooted = {href for href in article_links if href.startswith("/")}
    assert rooted <= {href for href in pelicans if href.startswith("/")}


@pytest.mark.parametrize("theme", ["notmyidea", "simple"])
def test_source_heading_sits_in_the_content_column(site: Site, theme: str) -> None:
    _outlets(site)
    site.build(THEME=theme)
    page = site.html("source/reuters-com.html")
    [heading] = page.select(".newsimport-source-title h1")
    assert heading.get_text() == "Articles from Reuters"
    assert "body" in heading.parent["class"]  # the default theme's column
    assert "All articles" not in page.get_text()  # simple's index heading
