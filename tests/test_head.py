"""Imported articles carry their head tags in real themes, with no template edit.

The example site is built in every theme of ``tests/support/themes.py`` (real
themes installed from PyPI plus Pelican's two bundled ones), with its publish
settings plus ``NEWSIMPORT_NOINDEX``, and read back with html5lib (the HTML
parser browsers use), so a tag counts only if a browser would see it in the
head.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

from pelican_newsimport.head import HeadTag, merge_head, plain_head_end
from pelican_newsimport.safety import plain_text
from tests.conftest import Site, news_file
from tests.support.themes import THEME_INFO, THEMES, isolated_signals, theme_settings

ROOT = Path(__file__).resolve().parents[1]
PUBLISH = ROOT / "example_site" / "publishconf.py"
NEWS = sorted((ROOT / "example_site" / "content" / "news").glob("*.md"))
SITEURL = "https://news.example.org"
#: Tags every imported article's head must have once (og:image: when an image).
META = [
    "og:title",
    "og:description",
    "og:url",
    "og:type",
    "article:published_time",
    "og:site_name",
    "twitter:card",
]


def build(config: Path | None, out: Path, theme: str, **overrides: Any) -> Path:
    """Build a site from ``config`` into ``out`` in ``theme``."""
    site = read_settings(str(config)) if config else None
    settings = read_settings(
        str(config) if config else None,
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


def head_of(path: Path) -> Any:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib").head


def metas(head: Any, key: str) -> list[Any]:
    return head.find_all("meta", attrs={"property": key}) + head.find_all(
        "meta", attrs={"name": key}
    )


def news_articles(head: Any) -> list[dict[str, Any]]:
    found = []
    for script in head.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if isinstance(data, dict) and data.get("@type") == "NewsArticle":
            found.append(data)
    return found


def front_matter(source: Path, key: str) -> str:
    match = re.search(rf'^{key}: "(.*)"', source.read_text("utf-8"), re.M)
    return match.group(1) if match else ""


@pytest.fixture(scope="module", params=sorted(THEMES))
def theme(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def builds(theme: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example site in ``theme``, with and without NEWSIMPORT_HEAD."""
    root = tmp_path_factory.mktemp(theme)
    return {
        head: build(
            PUBLISH,
            root / str(head),
            theme,
            NEWSIMPORT_NOINDEX=True,
            NEWSIMPORT_HEAD=head,
            DELETE_OUTPUT_DIRECTORY=False,
        )
        for head in (True, False)
    }


def test_at_least_five_third_party_themes_are_installed() -> None:
    third_party = {t.distribution for t in THEME_INFO.values()} - {"pelican"}
    assert len(third_party) >= 5
    for info in THEME_INFO.values():
        assert (Path(info.path) / "templates" / "article.html").is_file(), info


def test_each_theme_is_really_used(theme: str, builds: dict[str, Path]) -> None:
    static = Path(THEMES[theme]) / "static"
    copied = sorted(p.relative_to(static) for p in static.rglob("*") if p.is_file())
    if copied:  # Pelican copies the theme's static folder to theme/
        out = builds[True] / "theme" / copied[0]
        assert out.read_bytes() == (static / copied[0]).read_bytes()


def test_every_imported_article_has_each_tag_once(
    theme: str, builds: dict[str, Path]
) -> None:
    assert len(NEWS) >= 8
    for source in NEWS:
        head = head_of(builds[True] / f"{source.stem}.html")
        where = (theme, source.name)
        for key in META:
            assert len(metas(head, key)) == 1, (*where, key)
        assert [m["content"] for m in metas(head, "og:type")] == ["article"], where
        assert metas(head, "robots")[0]["content"] == "noindex, follow", where
        [canonical] = head.find_all("link", rel="canonical")
        [data] = news_articles(head)
        assert (
            canonical["href"] == data["isBasedOn"] == front_matter(source, "source_url")
        )
        images = [m for m in metas(head, "og:image") if m["content"]]
        assert len(images) == (1 if front_matter(source, "image") else 0), where


def test_theme_values_kept_plugin_values_otherwise(
    theme: str, builds: dict[str, Path]
) -> None:
    for source in NEWS:
        page = f"{source.stem}.html"
        head, plain = head_of(builds[True] / page), head_of(builds[False] / page)
        [data] = news_articles(head)
        url = f"{SITEURL}/{source.stem}.html"
        assert data["url"] == url
        assert data["headline"] == plain_text(front_matter(source, "title"))
        expected = {
            "og:title": data["headline"],
            "og:url": url,
            "og:type": "article",
            "og:site_name": "Imported News",
            "article:published_time": data["datePublished"],
            "twitter:card": "summary_large_image"
            if front_matter(source, "image")
            else "summary",
        }
        for key in META:
            [value] = [m["content"] for m in metas(head, key)]
            theirs = [m["content"] for m in metas(plain, key) if m["content"]]
            if theirs:
                assert [value] == theirs, (theme, page, key)
            elif key == "og:description":
                assert 0 < len(value) <= 200, (theme, page)
            else:
                assert value == expected[key], (theme, page, key)


def test_only_imported_pages_change(theme: str, builds: dict[str, Path]) -> None:
    """With the tags on, the other pages are byte for byte the theme's output."""
    on, off = builds[True], builds[False]
    imported = {f"{source.stem}.html" for source in NEWS}
    files = sorted(p.relative_to(off) for p in off.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(on) for p in on.rglob("*") if p.is_file())
    for name in files:
        before, after = (off / name).read_bytes(), (on / name).read_bytes()
        if str(name) in imported:
            assert before != after, (theme, name)
            body = b"</head>"
            assert before[before.index(body) :] == after[after.index(body) :]
        else:
            assert before == after, (theme, name)


def test_a_site_without_imports_is_byte_identical_to_plain_pelican(
    theme: str, tmp_path: Path
) -> None:
    site = Site(tmp_path)
    site.copy(ROOT / "example_site" / "content" / "articles" / "welcome.md")
    site.write("pages/about.md", "Title: About\n\nAbout this site.\n")
    common = site.settings(AUTHOR="Newsroom", SITENAME="Plain")
    outputs = {}
    for plugins in ((), ("pelican_newsimport",)):
        out = tmp_path / f"out{len(plugins)}"
        overrides = {**common, **theme_settings(theme, plugins=plugins, site=common)}
        overrides["OUTPUT_PATH"] = str(out)
        settings = read_settings(path=None, override=overrides)
        with isolated_signals():
            Pelican(settings).run()
        outputs[plugins] = {
            p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()
        }
    plain, with_plugin = outputs.values()
    assert Path("welcome-to-the-imported-news-example-site.html") in plain
    assert with_plugin == plain
    assert Path("sources.html") not in with_plugin


HOSTILE_TITLE = (
    '"><script>alert(1)</script></head><body onload="alert(2)"><!-- \' & </title>'
)


def test_hostile_fields_stay_text_in_the_head(theme: str, tmp_path: Path) -> None:
    site = Site(tmp_path)
    text = news_file(
        HOSTILE_TITLE, "Body.", source_name="Evil Wire <script>x</script> &amp; 'co'"
    )
    text = text.replace(
        'description: ""', 'description: "</head><img src=x onerror=alert(3)>"'
    ).replace('image: ""', 'image: "https://img.example/a.jpg?x=1&y=2"')
    site.write("evil.md", text)
    build(
        None,
        site.output,
        theme,
        PATH=str(site.content),
        SITEURL=SITEURL,
        SITENAME="News & Co",
        AUTHOR="Desk",
        TIMEZONE="UTC",
        NEWSIMPORT_CANONICAL=True,
    )
    [page] = [p for p in site.outputs() if "evil" in p.name or "script" in p.name]
    head = head_of(page)
    for script in head.find_all("script"):
        if script.get("type") != "application/ld+json":
            assert "alert" not in (script.string or ""), theme
    assert not head.find_all(["img", "body"])
    for tag in head.find_all(True):
        assert not [a for a in tag.attrs if a.startswith("on")], (theme, tag)
    [data] = news_articles(head)
    assert "<script>" in data["headline"]  # the title is kept, as text
    for meta in metas(head, "og:title"):
        assert "alert(1)" in meta["content"]
    assert [m["content"] for m in metas(head, "og:site_name")] == ["News & Co"]
    assert data["image"] == ["https://img.example/a.jpg?x=1&y=2"]
    # One og:image: the plugin's, or the theme's own (seafoam writes its own).
    [image] = [m["content"] for m in metas(head, "og:image") if m["content"]]
    assert image.startswith("https://"), theme


def _override(tmp_path: Path, body: str) -> str:
    folder = tmp_path / "overrides"
    folder.mkdir()
    (folder / "article.html").write_text(
        '{% extends "!theme/article.html" %}\n' + body, encoding="utf-8"
    )
    return str(folder)


@pytest.mark.parametrize(
    ("theme_name", "block"), [("notmyidea", "extra_head"), ("simple", "head")]
)
def test_theme_that_includes_head_html_gets_no_second_copy(
    theme_name: str, block: str, tmp_path: Path
) -> None:
    overrides = _override(
        tmp_path,
        f"{{% block {block} %}}{{{{ super() }}}}"
        '{% include "newsimport/head.html" %}{% endblock %}',
    )
    pages = [
        build(
            PUBLISH,
            tmp_path / f"out-{on}",
            theme_name,
            THEME_TEMPLATES_OVERRIDES=[overrides],
            NEWSIMPORT_NOINDEX=True,
            NEWSIMPORT_HEAD=on,
        )
        / f"{NEWS[0].stem}.html"
        for on in (True, False)
    ]
    head = head_of(pages[0])
    assert len(news_articles(head)) == 1
    for key in META:
        assert len(metas(head, key)) == 1
    assert len(head.find_all("link", rel="canonical")) == 1
    assert len(metas(head, "robots")) == 1
    # The page is as the template wrote it: nothing was added.
    assert pages[0].read_bytes() == pages[1].read_bytes()


def test_theme_tags_are_kept_and_empty_ones_filled(tmp_path: Path) -> None:
    overrides = _override(
        tmp_path,
        "{% block extra_head %}{{ super() }}"
        '<meta property="og:title" content="Theme title">'
        '<meta property="og:image" content="">'
        '<link rel="canonical" href="https://copy.example/self.html">'
        "{% endblock %}",
    )
    source = next(s for s in NEWS if front_matter(s, "image"))
    out = build(
        PUBLISH, tmp_path / "out", "notmyidea", THEME_TEMPLATES_OVERRIDES=[overrides]
    )
    head = head_of(out / f"{source.stem}.html")
    assert [m["content"] for m in metas(head, "og:title")] == ["Theme title"]
    assert [m["content"] for m in metas(head, "og:image")] == [
        front_matter(source, "image")
    ]
    # NEWSIMPORT_CANONICAL is on: the original, not the theme's self link.
    assert [c["href"] for c in head.find_all("link", rel="canonical")] == [
        front_matter(source, "source_url")
    ]


def test_head_off_and_canonical_off_by_default(site: Site) -> None:
    site.copy(NEWS[0], "a.md")
    site.build(NEWSIMPORT_HEAD=False)
    head = head_of(site.output / "a.html")
    assert not metas(head, "og:title")
    assert not news_articles(head)
    site.build()
    head = head_of(site.output / "a.html")
    assert len(metas(head, "og:title")) == 1
    assert head.find("link", rel="canonical") is None
    assert not metas(head, "robots")


def test_typogrify_markup_stays_out_of_the_head_tags(site: Site) -> None:
    # TYPOGRIFY (Pelican runs it on titles after the reader) wraps capitals in
    # <span class="caps">; social cards and search engines show tag text as is.
    site.write("nasa-1.md", news_file('NASA says "go" -- now & <b>then</b>', "Body."))
    site.build(TYPOGRIFY=True)
    page = site.output / "nasa-1.html"
    assert '<span class="caps">NASA</span>' in page.read_text(encoding="utf-8")
    head = head_of(page)
    (og_title,) = metas(head, "og:title")
    (article,) = news_articles(head)
    for shown in (og_title["content"], article["headline"]):
        assert shown.startswith("NASA says “go” —")
        # the title's own text (typogrify keeps the last words together)
        assert " ".join(shown.split()).endswith("now & <b>then</b>")
        assert "span" not in shown


@pytest.mark.parametrize("theme_name", sorted(THEMES))
def test_image_top_in_content_and_feed(theme_name: str, tmp_path: Path) -> None:
    source = next(s for s in NEWS if front_matter(s, "image"))
    out = build(PUBLISH, tmp_path / "out", theme_name, NEWSIMPORT_IMAGE="top")
    page = BeautifulSoup((out / f"{source.stem}.html").read_text("utf-8"), "html5lib")
    [figure] = page.body.select("figure.newsimport-image")
    img = figure.img
    assert img["src"] == front_matter(source, "image")
    assert img["alt"] == plain_text(front_matter(source, "title"))
    assert img["loading"] == "lazy"
    assert img["referrerpolicy"] == "no-referrer"
    # Before the first paragraph of the article's text.
    first = page.body.find(string=re.compile("Delegations from Moscow"))
    assert figure in first.find_all_previous("figure")
    feed = (out / "feeds" / "all.atom.xml").read_text("utf-8")
    assert feed.count("newsimport-image") == 1


def test_image_off_by_default(site: Site) -> None:
    source = next(s for s in NEWS if front_matter(s, "image"))
    site.copy(source, "a.md")
    site.build()
    assert not site.html("a.html").select("figure.newsimport-image")


def test_bad_image_setting_is_logged_and_ignored(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    source = next(s for s in NEWS if front_matter(s, "image"))
    site.copy(source, "a.md")
    site.build(NEWSIMPORT_IMAGE="bottom")
    assert not site.html("a.html").select("figure.newsimport-image")
    assert any("NEWSIMPORT_IMAGE" in r.getMessage() for r in caplog.records)


HEAD_CASES = json.loads((ROOT / "tests" / "cases" / "head.json").read_text("utf-8"))


@pytest.mark.parametrize(
    "case", HEAD_CASES["cases"], ids=[c["why"][:40] for c in HEAD_CASES["cases"]]
)
def test_merge_head_cases(case: dict[str, str]) -> None:
    tags = [HeadTag(*tag) for tag in HEAD_CASES["tags"]]
    assert merge_head(case["page"], tags) == case["merged"]
    assert merge_head(case["page"], tags, parse=True) == case["merged"]
    # Merging again adds nothing: every tag is now the page's own.
    assert merge_head(case["merged"], tags) == case["merged"]


def test_fast_path_gives_what_the_parser_gives(
    theme: str, builds: dict[str, Path]
) -> None:
    """A head simple enough to skip the parser is merged as the parser would."""
    tags = [HeadTag(*tag) for tag in HEAD_CASES["tags"]]
    pages = [builds[False] / f"{source.stem}.html" for source in NEWS]
    pages += sorted(builds[False].glob("*.html"))  # index, archives, …
    for path in pages:
        page = path.read_text(encoding="utf-8")
        assert merge_head(page, tags) == merge_head(page, tags, parse=True), path


def test_fast_path_is_taken_in_the_default_theme(site: Site) -> None:
    site.copy(NEWS[0], "a.md")
    site.build(NEWSIMPORT_HEAD=False)
    page = (site.output / "a.html").read_text(encoding="utf-8")
    assert plain_head_end(page) == page.index("</head>")


def test_head_tags_on_articles_and_drafts_but_not_on_listings(site: Site) -> None:
    """A published article's page and a draft's get the tags (told from the
    pages that list them by the path the plan pinned); listings get none."""
    site.write("news/live-1.md", news_file("Live story"))
    draft = news_file(
        "Draft story", source_url="https://x.org/d", extra="draft: true\n"
    )
    site.write("news/draft-2.md", draft)
    out = site.build()
    for page, title in [
        ("live-1.html", "Live story"),
        ("drafts/draft-2.html", "Draft story"),
    ]:
        head = head_of(out / page)
        assert [a["headline"] for a in news_articles(head)] == [title], page
        assert [m["content"] for m in metas(head, "og:title")] == [title], page
    listings = ["index.html", "archives.html", *map(str, out.glob("category/*.html"))]
    assert len(listings) > 2
    for listing in listings:
        head = head_of(out / listing)
        assert news_articles(head) == [], listing
        assert metas(head, "og:title") == [], listing
