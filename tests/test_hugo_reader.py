"""Hugo content rules through Pelican's Readers and whole builds."""

from __future__ import annotations

import logging
import os

import pytest
from bs4 import BeautifulSoup

from .conftest import Site

PAGE = "---\ntitle: {title}\n{extra}---\nBody text.\n"


def page(title: str = '"T"', extra: str = "") -> str:
    return PAGE.format(title=title, extra=extra)


def test_untitled_page_gets_a_title_from_its_name_and_a_warning(site: Site, caplog):
    caplog.set_level(logging.WARNING)
    site.write("posts/my_first-post.md", "---\ndate: 2024-01-01\n---\nBody.\n")
    article = site.read("posts/my_first-post.md")
    assert article.title == "My first post"
    assert any(
        "posts/my_first-post.md: front matter has no title" in r.getMessage()
        for r in caplog.records
    )


def test_lastmod_only_dates_the_page(site: Site):
    site.write("a.md", page(extra="lastmod: 2023-07-14T08:30:00Z\n"))
    article = site.read("a.md")
    assert article.date.isoformat() == "2023-07-14T08:30:00+00:00"
    assert article.modified == article.date
    assert article.status == "published"


def test_undated_page_is_published_hidden_dated_from_the_file(site: Site):
    path = site.write("about.md", page())
    os.utime(path, (1_700_000_000, 1_700_000_000))
    article = site.read("about.md")
    assert article.status == "hidden"
    assert article.date.timestamp() == 1_700_000_000


def test_file_mod_time_setting_publishes_undated_pages(site: Site):
    path = site.write("about.md", page())
    os.utime(path, (1_700_000_000, 1_700_000_000))
    article = site.read(
        "about.md", NEWSIMPORT_FRONTMATTER={"date": [":default", ":fileModTime"]}
    )
    assert article.status == "published"
    assert article.date.timestamp() == 1_700_000_000


def test_filename_date_sets_date_and_slug(site: Site):
    site.write("2024-01-02-trip.md", page())
    article = site.read(
        "2024-01-02-trip.md", NEWSIMPORT_FRONTMATTER={"date": [":filename"]}
    )
    assert (article.date.date().isoformat(), article.slug) == ("2024-01-02", "trip")


@pytest.mark.parametrize(
    ("extra", "settings", "status"),
    [
        ("date: 2099-01-01\n", {}, "draft"),
        ("date: 2099-01-01\n", {"NEWSIMPORT_BUILD_FUTURE": True}, "published"),
        ("date: 2020-01-01\npublishDate: 2099-01-01\n", {}, "draft"),
        ("date: 2020-01-01\nexpiryDate: 2021-01-01\n", {}, "draft"),
        (
            "date: 2020-01-01\nexpiryDate: 2021-01-01\n",
            {"NEWSIMPORT_BUILD_EXPIRED": True},
            "published",
        ),
        ("date: 2020-01-01\ndraft: true\n", {}, "draft"),
    ],
)
def test_future_expired_and_draft_follow_hugo(site: Site, extra, settings, status):
    site.write("a.md", page(extra=extra))
    assert site.read("a.md", **settings).status == status


def test_headless_bundle_and_bundle_markdown_are_not_published(site: Site):
    site.write("gallery/index.md", page(extra="date: 2020-01-01\nheadless: true\n"))
    site.write("trip/index.md", page(extra="date: 2020-01-01\n"))
    site.write("trip/notes.md", page(extra="date: 2020-01-01\n"))
    site.build()
    assert (site.output / "trip.html").is_file()
    assert not (site.output / "gallery.html").exists()
    assert not (site.output / "notes.html").exists()


def test_home_index_is_skipped_with_one_info_line(site: Site, caplog):
    caplog.set_level(logging.INFO)
    site.write("_index.md", page('"Home"'))
    site.write("posts/_index.md", page('"All posts"'))
    site.write("posts/a.md", page(extra="date: 2024-05-01\n"))
    site.build()
    notes = [r.getMessage() for r in caplog.records if "home page" in r.getMessage()]
    assert notes == [
        "_index.md: the home page (_index.md) is not published; Pelican writes its "
        "own index"
    ]
    section = site.html("posts.html")
    assert "All posts" in section.title.get_text()
    assert not (site.output / "_index.html").exists()


def test_language_suffix_makes_a_translation(site: Site):
    site.write("about.md", page('"About"', "date: 2024-01-01\n"))
    site.write("about.fr.md", page('"À propos"', "date: 2024-01-01\n"))
    site.build()
    assert (site.output / "about.html").is_file()
    assert (site.output / "about-fr.html").is_file()
    assert "about-fr.html" in site.html("about.html").decode()


def test_language_folders(site: Site):
    site.write("en/docs/a.md", page('"A"', "date: 2024-01-01\n"))
    site.write("fr/docs/a.md", page('"A fr"', "date: 2024-01-01\n"))
    article = site.read(
        "fr/docs/a.md", NEWSIMPORT_LANGUAGE_FOLDERS={"en": "en", "fr": "fr"}
    )
    assert (article.lang, article.slug) == ("fr", "a")


def test_translation_key_links_differently_named_files(site: Site):
    site.write("greeting.md", page('"Hi"', 'date: 2024-01-01\ntranslationKey: "g"\n'))
    site.write(
        "salut.fr.md", page('"Salut"', 'date: 2024-01-01\ntranslationKey: "g"\n')
    )
    site.build()
    assert "salut-fr.html" in site.html("greeting.html").decode()


@pytest.mark.parametrize(
    ("slug", "file"),
    [("lencr.org", "lencr.org.html"), ("Приватність", "приватність.html")],
)
def test_explicit_slug_keeps_dots_and_letters(site: Site, slug, file):
    site.write("a.md", page(extra=f'date: 2024-01-01\nslug: "{slug}"\n'))
    site.build()
    assert (site.output / file).is_file()


def test_unsafe_aliases_and_url_are_ignored_with_a_warning(site: Site, caplog):
    caplog.set_level(logging.WARNING)
    site.write(
        "a.md",
        page(
            extra='date: 2024-01-01\nurl: "javascript:alert(1)"\n'
            'aliases: ["https://evil.example/x", "/../../etc/x", "/old/a/"]\n'
        ),
    )
    site.build(NEWSIMPORT_HUGO_URLS=True)
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "alias 'https://evil.example/x' is not a path on this site" in messages
    assert "alias '/../../etc/x' is not a path on this site" in messages
    assert "url 'javascript:alert(1)' is not a path on this site" in messages
    assert (site.output / "a" / "index.html").is_file()
    redirect = (site.output / "old" / "a" / "index.html").read_text("utf-8")
    assert 'url=/a/"' in redirect
    assert "evil" not in redirect
    assert not (site.output.parent / "etc").exists()


def test_alias_never_replaces_a_page(site: Site, caplog):
    caplog.set_level(logging.WARNING)
    site.write("a.md", page('"A"', 'date: 2024-01-01\naliases: ["/b/"]\n'))
    site.write("b.md", page('"B"', "date: 2024-01-01\n"))
    site.build(NEWSIMPORT_HUGO_URLS=True)
    assert "B" in site.html("b/index.html").title.get_text()
    assert any("would replace" in r.getMessage() for r in caplog.records)


def test_custom_params_never_stop_the_build(site: Site):
    site.write(
        "a.md",
        "+++\ntitle = 'P'\ndate = 2024-01-01\nsource = 'x'\nwhen = 2024-01-02\n"
        "flag = true\n[params]\nsource = 'y'\n[deep.er]\nlist = [1, 'two']\n+++\nB\n",
    )
    article = site.read("a.md")
    assert article.params["source"] == "y"  # the params table wins, as in Hugo
    assert article.params["deep"] == {"er": {"list": [1, "two"]}}
    assert article.params["flag"] is True


def test_undated_section_takes_its_newest_page_date(site: Site):
    from pelican import signals

    seen = {}

    def collect(generator):
        for article in generator.hidden_articles:
            seen[article.relative_source_path] = article

    site.write("posts/_index.md", page('"All posts"'))
    site.write("posts/a.md", page('"A"', "date: 2024-05-01\n"))
    site.write("posts/deep/b.md", page('"B"', "date: 2024-06-01\n"))
    site.write("other/c.md", page('"C"', "date: 2025-01-01\n"))
    signals.article_generator_finalized.connect(collect)
    try:
        site.build()
    finally:
        signals.article_generator_finalized.disconnect(collect)
    section = seen[os.path.join("posts", "_index.md")]
    assert section.date.date().isoformat() == "2024-06-01"


# Bodies whose Markdown leaves state behind in an instance: footnotes,
# abbreviations, a table of contents, reference links, raw HTML, code.
STATEFUL_BODIES = {
    "notes.md": "Text[^1] and *more*[^n].\n\n[^1]: One.\n[^n]: Two.\n",
    "abbr.md": "The *HTML* spec.\n\n*[HTML]: Hyper Text Markup Language\n",
    "toc.md": "[TOC]\n\n# One\n\n## Two\n\nText.\n",
    "refs.md": "See [the site][s].\n\n[s]: https://example.org/\n",
    "html.md": '<div markdown="1">*x*</div>\n\n<!--more-->\n\nAfter the *summary*.\n',
    "code.md": "```python\nprint('x')\n```\n\nHTML, *no* abbreviation, no note.\n",
}


def test_each_markdown_body_renders_as_with_a_fresh_instance(site: Site) -> None:
    from pelican.contents import Article
    from pelican.readers import Readers

    from pelican_newsimport import interpret

    markdown = {
        "extensions": ["markdown.extensions.toc", "abbr"],
        "extension_configs": {
            "markdown.extensions.codehilite": {"css_class": "highlight"},
            "markdown.extensions.extra": {},
        },
        "output_format": "html5",
    }
    for name, body in STATEFUL_BODIES.items():
        site.write(name, page(title=f'"{name}"', extra="date: 2024-01-01\n") + body)
    names = list(STATEFUL_BODIES)
    fresh = {}
    for name in names:
        interpret._MARKDOWN.clear()  # no instance left from an earlier file
        fresh[name] = site.read(name, MARKDOWN=markdown).content
    # One Readers, as a build has: one instance, reset for each file.
    readers = Readers(site.pelican(MARKDOWN=markdown).settings)
    kept = len(interpret._MARKDOWN)
    for name in [*names, *reversed(names)]:
        article = readers.read_file(str(site.content), name, content_class=Article)
        assert article.content == fresh[name]
    assert len(interpret._MARKDOWN) == kept + 1
    assert "footnote" in fresh["notes.md"]
    assert "<abbr" in fresh["abbr.md"]
    assert 'id="one"' in fresh["toc.md"]
    assert 'href="https://example.org/"' in fresh["refs.md"]
    assert "<abbr" not in fresh["code.md"]
    assert "footnote" not in fresh["code.md"]


def test_a_body_with_only_reference_links_is_markdown(site: Site) -> None:
    # Hugo renders it as Markdown; read as plain text its definition would show.
    body = "See [the docs][d] and [the forum][].\n\n[d]: https://gohugo.io/\n"
    body += "[the forum]: /forum/\n"
    site.write("refs.md", page(extra="date: 2024-01-01\n") + body)
    html = site.read("refs.md").content
    links = {a.get_text(): a["href"] for a in BeautifulSoup(html, "html5lib")("a")}
    assert links == {"the docs": "https://gohugo.io/", "the forum": "/forum/"}
    assert "[d]:" not in html
