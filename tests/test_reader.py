"""The reader, read through Pelican's own ``Readers`` as the generators do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pelican.contents import Article, Author, Category, Tag

from pelican_newsimport import NewsImportError
from tests.conftest import SAMPLE, Site

PLUGINS_DIR = str(Path(__file__).parent / "plugins")
TZ3 = dt.timezone(dt.timedelta(hours=3))


def test_sample_becomes_a_full_article(site: Site) -> None:
    site.copy(SAMPLE)
    article = site.read(SAMPLE.name, AUTHOR="Site Owner")

    assert (
        article.title == "Russia And Ukraine To Meet In Istanbul, But Expectations Low"
    )
    assert article.date == dt.datetime(2025, 5, 16, tzinfo=TZ3)
    assert article.date.tzinfo is not None
    assert isinstance(article.category, Category)
    assert article.category.name == "news"
    assert article.categories == ["news"]
    assert not hasattr(article, "tags") or article.tags == []
    assert [str(a) for a in article.authors] == ["Site Owner"]
    assert article.status == "published"
    assert article.image.startswith("https://d.ibtimes.com/")
    assert article.source_url.startswith("https://www.ibtimes.com/")
    assert article.slug == "russia-and-ukraine-to-meet-in-istanbul-but-expectations-low"
    assert article.metadata["reader"] == "newsimport"
    assert "\\" not in article.content


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ('date: "2025-05-16T00:00:00+03:00"', dt.datetime(2025, 5, 16, tzinfo=TZ3)),
        (
            "date: 2025-05-16T14:30:00+03:00",
            dt.datetime(2025, 5, 16, 14, 30, tzinfo=TZ3),
        ),
        ("date: 2025-05-16", dt.datetime(2025, 5, 16, tzinfo=dt.UTC)),
        ('date: "2025-05-16"', dt.datetime(2025, 5, 16, tzinfo=dt.UTC)),
        ('date: "2025-05-16 09:15:00"', dt.datetime(2025, 5, 16, 9, 15, tzinfo=dt.UTC)),
        (
            "publishDate: 2025-06-01T10:00:00Z",
            dt.datetime(2025, 6, 1, 10, tzinfo=dt.UTC),
        ),
    ],
)
def test_dates_become_aware_datetimes(
    site: Site, date_line: str, expected: dt.datetime
) -> None:
    site.write("a.md", f'---\ntitle: "Dated"\n{date_line}\n---\nBody.')
    article = site.read("a.md")
    assert article.date == expected
    assert article.date.tzinfo is not None


def test_naive_dates_use_the_site_timezone(site: Site) -> None:
    site.write("a.md", '---\ntitle: "Dated"\ndate: 2025-05-16T09:00:00\n---\nBody.')
    article = site.read("a.md", TIMEZONE="Europe/Istanbul")
    assert article.date.utcoffset() == dt.timedelta(hours=3)
    assert article.date.hour == 9


@pytest.mark.parametrize(
    ("extra", "status"),
    [
        ("draft: true\n", "draft"),
        ("draft: false\n", "published"),
        ('draft: "true"\n', "draft"),
        ("expiryDate: 2001-01-01\n", "draft"),
        ("expiryDate: 2999-01-01\n", "published"),
    ],
)
def test_hugo_publishing_flags(site: Site, extra: str, status: str) -> None:
    site.write("a.md", f'---\ntitle: "Flags"\ndate: 2025-01-01\n{extra}---\nBody.')
    assert site.read("a.md").status == status


def test_lastmod_becomes_modified(site: Site) -> None:
    site.write(
        "a.md",
        '---\ntitle: "T"\ndate: 2025-01-01\nlastmod: 2025-02-03T04:05:06Z\n---\nB.',
    )
    assert site.read("a.md").modified == dt.datetime(2025, 2, 3, 4, 5, 6, tzinfo=dt.UTC)


def test_categories_tags_and_authors(site: Site) -> None:
    site.write(
        "a.md",
        "---\n"
        'title: "T"\ndate: 2025-01-01\n'
        'categories: ["World", "Europe"]\n'
        'tags: ["Istanbul talks", "Russia, Ukraine", "peace"]\n'
        'authors: ["Jane Doe", "John Roe"]\n'
        "---\nBody.",
    )
    article = site.read("a.md")
    assert article.category.name == "World"
    assert article.categories == ["World", "Europe"]
    assert all(isinstance(t, Tag) for t in article.tags)
    assert [t.name for t in article.tags] == [
        "Istanbul talks",
        "Russia, Ukraine",
        "peace",
    ]
    assert all(isinstance(a, Author) for a in article.authors)
    assert [a.name for a in article.authors] == ["Jane Doe", "John Roe"]
    assert article.author.name == "Jane Doe"


@pytest.mark.parametrize("author_line", ['author: ""', "author:", "author: []"])
def test_empty_author_means_the_default_author(site: Site, author_line: str) -> None:
    site.write("a.md", f'---\ntitle: "T"\ndate: 2025-01-01\n{author_line}\n---\nB.')
    article = site.read("a.md", AUTHOR="Site Owner")
    assert [a.name for a in article.authors] == ["Site Owner"]


def test_description_is_description_and_summary(site: Site) -> None:
    site.write(
        "a.md",
        '---\ntitle: "T"\ndate: 2025-01-01\ndescription: "Talks & hopes"\n---\nBody.',
    )
    article = site.read("a.md")
    assert article.description == "Talks &amp; hopes"
    assert article.summary == "<p>Talks &amp; hopes</p>"


def test_summary_without_description_comes_from_the_body(site: Site) -> None:
    words = " ".join(f"word{i}" for i in range(100))
    site.write("a.md", f'---\ntitle: "T"\ndate: 2025-01-01\n---\n{words}.')
    summary = site.read("a.md", SUMMARY_MAX_LENGTH=5).summary
    assert summary == "<p>word0 word1 word2 word3 word4…</p>"


def test_other_keys_are_kept_with_their_yaml_values(site: Site) -> None:
    site.write(
        "a.md",
        "---\n"
        'title: "T"\ndate: 2025-01-01\nslug: "My Custom Slug"\n'
        'keywords: ["a", "b"]\nlang: "tr"\nimage: "https://img.example.org/x.jpg"\n'
        'aliases: ["/old/path/"]\nweight: 3\nfeatured: true\nrating: 4.5\n'
        "---\nBody.",
    )
    article = site.read("a.md")
    assert article.slug == "my-custom-slug"
    assert article.keywords == ["a", "b"]
    assert article.lang == "tr"
    assert article.image == "https://img.example.org/x.jpg"
    assert article.aliases == ["/old/path/"]
    # Unmapped keys are Hugo's .Params: namespaced, never article attributes.
    assert article.params["weight"] == 3
    assert article.params["featured"] is True
    assert article.params["rating"] == 4.5
    assert not hasattr(article, "weight")


def test_hugo_output_path_keys_cannot_choose_where_pelican_writes(site: Site) -> None:
    site.write(
        "a.md",
        '---\ntitle: "T"\ndate: 2025-01-01\nurl: "/x/"\nsave_as: "../../evil.html"\n'
        "---\nBody.",
    )
    article = site.read("a.md")
    assert article.save_as == "a.html"
    assert article.params["url"] == "/x/"


def test_titles_and_fields_render_as_text(site: Site) -> None:
    site.write(
        "a.md",
        "---\n"
        'title: "Q&A: <b>why</b> \\"now\\"?"\ndate: 2025-01-01\n'
        'tags: ["<i>x</i>"]\nauthor: "<script>alert(1)</script>"\n'
        "---\nBody.",
    )
    article = site.read("a.md")
    assert "<b>" not in article.title
    assert "&lt;" in article.title
    assert "&amp;" in article.title
    assert '"' not in article.title
    assert "<i>" not in article.tags[0].name
    assert "<script>" not in article.author.name


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "toml.md",
            '+++\ntitle = "From TOML"\ndate = 2025-05-16T10:00:00+03:00\n'
            'tags = ["a", "b"]\ndraft = false\n+++\nBody text.',
        ),
        (
            "json.md",
            '{\n  "title": "From JSON",\n  "date": "2025-05-16T10:00:00+03:00",\n'
            '  "tags": ["a", "b"],\n  "draft": false,\n  "nested": {"k": "}"}\n}\n'
            "Body text.",
        ),
        (
            "yaml.md",
            '---\ntitle: "From YAML"\ndate: 2025-05-16T10:00:00+03:00\n'
            'tags: ["a", "b"]\ndraft: false\n---\nBody text.',
        ),
    ],
)
def test_all_three_front_matter_formats(site: Site, name: str, text: str) -> None:
    site.write(name, text)
    article = site.read(name)
    assert article.title.startswith("From ")
    assert article.date == dt.datetime(2025, 5, 16, 10, tzinfo=TZ3)
    assert [t.name for t in article.tags] == ["a", "b"]
    assert article.status == "published"
    assert "<p>Body text.</p>" in article.content


PLAIN = """Title: A plain Pelican article
Date: 2025-01-02 10:00
Tags: one, two
Category: Misc
Summary: Short *summary*.

Some **Markdown** with a [link](https://example.org/).
"""


def test_files_without_front_matter_read_exactly_as_pelican_reads_them(
    site: Site,
) -> None:
    site.write("plain.md", PLAIN)
    with_plugin = site.read("plain.md")
    without_plugin = site.read("plain.md", PLUGINS=[])
    assert with_plugin.metadata["reader"] == "markdown"
    assert with_plugin.content == without_plugin.content
    assert with_plugin.title == without_plugin.title == "A plain Pelican article"
    assert with_plugin.summary == without_plugin.summary
    assert [t.name for t in with_plugin.tags] == ["one", "two"]


# Front matter that Pelican's own reader can also read (no quoted date).
SIMPLE_NEWS = "---\ntitle: Simple news\ndate: 2025-05-16\n---\nBody."


def test_installing_the_package_does_not_take_over_markdown(site: Site) -> None:
    site.write("news.md", SIMPLE_NEWS)
    assert site.read("news.md").metadata["reader"] == "newsimport"
    article = site.read("news.md", PLUGINS=[])  # imported, registered, not listed
    assert article.metadata["reader"] == "markdown"


@pytest.mark.parametrize(
    "plugins",
    [
        ["shouting_markdown", "pelican_newsimport"],
        ["pelican_newsimport", "shouting_markdown"],
    ],
)
def test_plugin_order_does_not_matter(site: Site, plugins: list[str]) -> None:
    site.copy(SAMPLE, "news.md")
    site.write("plain.md", PLAIN)
    settings = {"PLUGINS": plugins, "PLUGIN_PATHS": [PLUGINS_DIR]}
    news = site.read("news.md", **settings)
    plain = site.read("plain.md", **settings)
    assert news.metadata["reader"] == "newsimport"
    assert plain.metadata.get("shouted") is True  # the other plugin's reader
    assert "SOME" in plain.content


def test_extensions_setting(site: Site) -> None:
    site.write("news.markdown", SIMPLE_NEWS)
    article = site.read("news.markdown", NEWSIMPORT_EXTENSIONS=["md"])
    assert article.metadata["reader"] == "markdown"
    article = site.read("news.markdown")
    assert article.metadata["reader"] == "newsimport"


def test_bom_and_crlf_read_like_their_clean_twin(site: Site) -> None:
    clean = SAMPLE.read_text(encoding="utf-8")
    site.write("clean.md", clean)
    site.write("dirty.md", b"\xef\xbb\xbf" + clean.replace("\n", "\r\n").encode())
    a, b = site.read("clean.md"), site.read("dirty.md")
    assert (a.title, a.date, a.content, a.summary) == (
        b.title,
        b.date,
        b.content,
        b.summary,
    )


BROKEN = [
    ("bad-yaml.md", "---\ntitle: ok\ntags: [unclosed\n---\nBody", "invalid YAML", 3),
    ("unterminated.md", '---\ntitle: "x"\ndate: 2025-01-01\nBody', "never closed", 1),
    ("bad-date.md", '---\ntitle: "x"\ndate: "not a date"\n---\nBody', "date", 3),
    (
        "not-text.md",
        b'---\ntitle: "x"\n---\n' + bytes(range(0x80, 0x100)) * 3,
        "no text encoding fits",
        None,
    ),
    ("binary.md", b"\x00\x01\x02\xff\xfe" * 40, "binary", None),
    ("empty.md", b"", "empty", None),
    ("list.md", "---\n- a\n- b\n---\nBody", "mapping", 2),
    (
        "python-tag.md",
        "---\ntitle: !!python/object/apply:os.system ['id']\n---\nB",
        "YAML",
        2,
    ),
    ("bad-toml.md", '+++\ntitle = "x\n+++\nBody', "invalid TOML", 2),
    ("bad-json.md", '{\n  "title": "x",\n}\nBody', "invalid JSON", 3),
]


@pytest.mark.parametrize(("name", "data", "message", "line"), BROKEN)
def test_broken_files_raise_one_clear_error(
    site: Site, errors, name: str, data: str | bytes, message: str, line: int | None
) -> None:
    site.write(name, data)
    with pytest.raises(NewsImportError) as caught:
        site.read(name)
    error = caught.value
    assert message in error.message
    assert error.line == line
    assert str(error).startswith(f"{name}:{line}: " if line else f"{name}: ")
    assert errors() == [str(error)]


def test_a_site_with_broken_files_still_builds(site: Site, errors) -> None:
    for name, data, _message, _line in BROKEN:
        site.write(name, data)
    site.copy(SAMPLE, "good.md")
    site.build()

    assert (site.output / "good.html").exists()
    logged = errors()
    for name, *_ in BROKEN:
        assert sum(name in message for message in logged) == 1, name
    assert not any(message.startswith("Could not process") for message in logged)


def test_reader_returns_article_objects_pelican_accepts(site: Site) -> None:
    site.copy(SAMPLE, "n.md")
    article = site.read("n.md")
    assert isinstance(article, Article)
    assert article.is_valid()
    assert article.url == "n.html"


def test_repair_can_be_turned_off(site: Site) -> None:
    site.write("a.md", '---\ntitle: "T"\ndate: 2025-01-01\n---\nOne *two*.Three.')
    repaired = site.read("a.md")
    assert repaired.content == "<p>One *two*.</p>\n<p>Three.</p>"
    plain = site.read("a.md", NEWSIMPORT_REPAIR=False)
    assert plain.content == "<p>One <em>two</em>.Three.</p>"


def test_summary_from_front_matter_wins(site: Site) -> None:
    site.write(
        "a.md",
        '---\ntitle: "T"\ndate: 2025-01-01\nsummary: "Short & sweet"\n'
        'description: "Longer description"\n---\nBody.',
    )
    article = site.read("a.md")
    assert article.summary == "<p>Short &amp; sweet</p>"
    assert article.description == "Longer description"
