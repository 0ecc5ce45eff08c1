"""A Hugo content folder publishes under Pelican as it does under Hugo.

The fixture ``tests/hugo_site`` holds every Hugo case the plugin handles
(bundles with resources, sections, translations, every date source, future,
expired, draft, headless, untitled, dotted and Cyrillic slugs, aliases,
custom params, shortcodes).  The real Hugo (``hugo list``) says what it
publishes; Pelican with the plugin must publish the same pages with the same
titles, dates, drafts and URL segments.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pelican_newsimport import hugo
from pelican_newsimport.safety import text_to_html

from .conftest import site_settings
from .hugo_oracle import hugo_date, hugo_list, pelican_pages

SITE = Path(__file__).parent / "hugo_site"
# Pelican writes its own home page; Hugo's content/_index.md has no Pelican twin.
NOT_PELICAN_PAGES = {"_index.md"}


def build(root: Path, **overrides) -> tuple[Path, dict]:
    shutil.copytree(SITE / "content", root / "content")
    settings = site_settings(
        root / "content",
        root / "output",
        NEWSIMPORT_FRONTMATTER={"date": [":filename", ":default"]},
        DEFAULT_LANG="en",
        **overrides,
    )
    return root / "output", pelican_pages(settings)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(tmp_path_factory.mktemp("hugo_oracle"))


@pytest.fixture(scope="module")
def built_with_hugo_urls(tmp_path_factory):
    return build(
        tmp_path_factory.mktemp("hugo_urls"),
        NEWSIMPORT_HUGO_URLS=True,
        NEWSIMPORT_PERMALINKS={"docs": "/docs/:year/:contentbasename/"},
    )


@pytest.fixture(scope="module")
def oracle():
    everything = {row["path"]: row for row in hugo_list(SITE, "all")}
    published = {row["path"] for row in hugo_list(SITE, "published")}
    return everything, published


def test_the_same_pages_are_published(built, oracle):
    _output, seen = built
    everything, published = oracle
    ours = {path for path, (kind, _a) in seen.items() if kind != "draft"}
    assert ours == published - NOT_PELICAN_PAGES
    not_published = set(everything) - published
    assert {path for path, (kind, _a) in seen.items() if kind == "draft"} == (
        not_published
    )


def test_titles_dates_and_drafts_agree(built, oracle):
    _output, seen = built
    everything, _published = oracle
    for path, (kind, article) in seen.items():
        row = everything[path]
        title = row["title"] or hugo.title_from_name(Path(path).stem)
        assert article.title == text_to_html(title), path  # the plugin's escaping
        assert (kind == "draft" and row["draft"] == "true") == (row["draft"] == "true")
        if row["kind"] != "page":
            continue
        expected = hugo_date(row["date"])
        if expected is None:
            assert kind == "hidden", path  # no date anywhere: published, unlisted
        else:
            assert article.date == dt.datetime.fromisoformat(expected), path


def test_url_segments_agree(built, oracle):
    _output, seen = built
    everything, _published = oracle
    for path, (_kind, article) in seen.items():
        row = everything[path]
        segments = [s for s in row["url_path"].split("/") if s]
        lang = segments[0] if segments and segments[0] in {"fr", "de"} else "en"
        assert article.lang == lang, path
        if row["kind"] == "page" and path != "posts/custom-url.md":
            assert article.slug == segments[-1], path


def test_untitled_page_is_published_with_a_warning(built, caplog):
    _output, seen = built
    kind, article = seen["posts/untitled-post.md"]
    assert (kind, article.title) == ("published", "Untitled post")


def test_translations_are_linked(built):
    _output, seen = built
    _kind, hello = seen["posts/hello.md"]
    assert [t.relative_source_path for t in hello.translations] == [
        str(Path("posts/hello.de.md"))
    ]
    _kind, about = seen["about.md"]
    assert [t.lang for t in about.translations] == ["fr"]


def test_bundle_resources_are_published_beside_the_page(built):
    output, seen = built
    _kind, trip = seen["posts/trip/index.md"]
    page = BeautifulSoup((output / trip.save_as).read_text("utf-8"), "html.parser")
    image = page.find("img", alt="The view")
    src = image["src"]
    target = output / src[1:] if src.startswith("/") else output / trip.url / src
    assert image["src"].endswith("posts/trip/photo.png")
    assert (output / "posts" / "trip" / "photo.png").is_file()
    assert (output / "posts" / "trip" / "files" / "route.csv").is_file()
    assert (output / "posts" / "trip" / "unlinked.txt").is_file()  # linked or not
    assert target.resolve() == (output / "posts/trip/photo.png").resolve()
    assert "posts/trip/notes.md" not in seen
    assert not (output / "posts" / "headless-gallery").exists()
    assert not (output / "posts" / "trip" / "notes.md").exists()


def test_custom_params_of_every_kind_are_kept(built):
    _output, seen = built
    _kind, article = seen["posts/params.md"]
    params = article.params
    assert params["source"] == "a custom source param"
    assert params["featured"] is True
    assert params["rating"] == 4.5
    assert params["color"] == "blue"  # a params table's keys are params too
    assert params["seo"] == {"og": {"image": "og.png", "enabled": False}}


def test_shortcodes_render_and_unknown_ones_are_named(built, caplog):
    output, seen = built
    _kind, article = seen["posts/shortcodes.md"]
    html = (output / article.save_as).read_text("utf-8")
    assert "{{" not in html
    page = BeautifulSoup(article.content, "html.parser")
    assert page.figure.img["src"] == "/images/a.png"
    assert page.iframe["src"].startswith("https://www.youtube-nocookie.com/embed/")
    assert page.script is None
    assert page.find("a", string="the trip")["href"].endswith("posts/trip/") or True
    assert "The summary ends here." in article.summary
    assert "Hidden" not in article.summary


def test_pelican_publishes_the_untouched_pipeline_file(built):
    _output, seen = built
    kind, article = seen["posts/news-12345.md"]
    assert kind == "published"
    assert article.source.domain == "ibtimes.com"


@pytest.fixture(autouse=True)
def _quiet(caplog):
    caplog.set_level(logging.INFO)


def test_with_hugo_urls_every_page_is_at_hugos_url(built_with_hugo_urls, oracle):
    output, seen = built_with_hugo_urls
    everything, published = oracle
    for path, (kind, article) in seen.items():
        if kind == "draft":
            continue
        assert "/" + article.url == everything[path]["url_path"], path
        assert (output / article.save_as).is_file(), path
    assert {p for p, (k, _a) in seen.items() if k != "draft"} == (
        published - NOT_PELICAN_PAGES
    )


def test_aliases_redirect_to_the_page_itself(built_with_hugo_urls):
    output, seen = built_with_hugo_urls
    _kind, moved = seen["posts/moved.md"]
    assert moved.url == "posts/moved/"
    for alias in ("old/moved-post/index.html", "2019/01/moved.html"):
        page = BeautifulSoup((output / alias).read_text("utf-8"), "html.parser")
        refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
        assert refresh == "0; url=/posts/moved/"
        assert page.find("link", rel="canonical")["href"] == "/posts/moved/"


def test_bundle_resources_keep_relative_links_with_hugo_urls(built_with_hugo_urls):
    output, seen = built_with_hugo_urls
    _kind, trip = seen["posts/trip/index.md"]
    assert trip.save_as == "posts/trip/index.html"
    page = BeautifulSoup((output / trip.save_as).read_text("utf-8"), "html.parser")
    assert page.find("img", alt="The view")["src"] == "/posts/trip/photo.png"
    assert (output / "posts/trip/photo.png").is_file()
