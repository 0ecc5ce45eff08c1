"""One output-path plan: nothing imported takes a path the site or Pelican uses."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from .conftest import Site, news_file

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def _own_site(site: Site) -> None:
    site.write("pages/about.md", "Title: About\nDate: 2025-01-01\n\nAbout us.\n")
    site.write("welcome.md", "Title: Welcome\nDate: 2025-01-01\n\nWelcome here.\n")
    site.write("images/logo.png", PNG)


def _imported(site: Site, name: str, title: str, extra: str = "", **kw) -> None:
    kw.setdefault("source_url", f"https://www.ibtimes.com/{name.replace('/', '-')}")
    site.write(name, news_file(title, f"Body of {title}.", extra=extra, **kw))


@pytest.fixture
def contested(site: Site) -> Site:
    _own_site(site)
    _imported(site, "news/takeover-1.md", "Takeover", 'slug: "welcome"\n')
    _imported(site, "news/about-2.md", "About page", 'slug: "about"\n')
    _imported(site, "news/archives.md", "Archives story")
    _imported(site, "news/sources.md", "Sources story")
    _imported(site, "news/home-3.md", "Home", 'slug: "index"\n')
    _imported(site, "index.md", "Root index")
    _imported(site, "posts/my-trip/index.md", "My trip")
    site.write(
        "news/attach-4.md",
        "---\ntitle: Attach\ndate: 2025-01-01\n---\n"
        "# Logo\n\n![x]({attach}/images/logo.png)\n",
    )
    return site


def _build(site: Site, **settings) -> Path:
    return site.build(
        PAGE_SAVE_AS="{slug}.html",
        PAGE_URL="{slug}.html",
        STATIC_PATHS=["images"],
        **settings,
    )


def test_site_content_keeps_its_paths(contested: Site, caplog) -> None:
    caplog.set_level(logging.WARNING)
    output = _build(contested)
    assert "Welcome here." in contested.html("welcome.html").get_text()
    assert "About us." in contested.html("about.html").get_text()
    assert (output / "images" / "logo.png").read_bytes() == PNG
    assert "Archives for" in contested.html("archives.html").get_text()
    assert "Body of Sources story" not in (output / "sources.html").read_text()
    moved = {
        "takeover-1.md": "welcome-1.html",
        "about-2.md": "about-2.html",
        "archives.md": "archives-ibtimes-com.html",
        "home-3.md": "index-3.html",
    }
    for name, path in moved.items():
        assert (output / path).is_file(), path
        assert any(
            name in r.getMessage() and path in r.getMessage() for r in caplog.records
        ), name


def test_bundle_and_root_index(contested: Site) -> None:
    output = _build(contested)
    assert "My trip" in (output / "my-trip.html").read_text("utf-8")
    root = [p for p in output.glob("index*.html") if "Root index" in p.read_text()]
    assert root, "the root index.md is published somewhere"
    assert "Root index" not in (output / "index.html").read_text().split("<h1")[0]


def test_attach_in_imported_body_does_not_move_a_site_file(contested: Site) -> None:
    output = _build(contested, ARTICLE_SAVE_AS="posts/{slug}.html", FEED_ALL_ATOM=None)
    assert (output / "images" / "logo.png").read_bytes() == PNG
    assert not list((output / "posts").glob("*.png"))
    assert 'src="/images/logo.png"' in (output / "posts/attach-4.html").read_text()


def test_taxonomy_and_feed_collisions(site: Site, caplog) -> None:
    caplog.set_level(logging.WARNING)
    _imported(site, "a-1.md", "One", 'author: "All"\n')
    _imported(site, "b-2.md", "Two", 'author: "' + "Long " * 80 + '"\ntags: ["!!!"]\n')
    output = site.build(AUTHOR_FEED_ATOM="feeds/{slug}.atom.xml")
    all_feed = (output / "feeds" / "all.atom.xml").read_text("utf-8")
    assert "One" in all_feed
    assert "Two" in all_feed
    assert (output / "feeds" / "all-author.atom.xml").is_file()
    assert (output / "author" / "all-author.html").is_file()
    names = [p.name for p in output.rglob("*")]
    assert all(len(n.encode()) < 255 for n in names)
    assert any(
        n.startswith("tag-") for n in (p.name for p in (output / "tag").glob("*"))
    )


@pytest.mark.parametrize(
    "sources",
    [
        (("Daily Planet", ""), ("DAILY PLANET", "")),
        (("", "https://zürich.ch/a"), ("", "https://zurich.ch/b")),
    ],
)
def test_source_pages_that_share_a_slug(site: Site, sources) -> None:
    for number, (name, url) in enumerate(sources, 1):
        _imported(
            site,
            f"s-{number}.md",
            f"Story {number}",
            source_name=name or "x",
            source_url=url or "https://example.org/" if not name else url,
        )
    output = site.build()
    pages = sorted(p.name for p in (output / "source").glob("*.html"))
    assert len(pages) == 2, pages


def test_forged_earlier_date_does_not_displace_the_published_copy(site: Site) -> None:
    url = "https://www.ibtimes.com/story-9"
    _imported(site, "story-100.md", "First", source_url=url)
    _imported(
        site,
        "story-200.md",
        "Later copy",
        source_url=url,
        date='"2001-01-01T00:00:00+00:00"',
    )
    output = site.build()
    assert (output / "story-100.html").is_file()
    assert not (output / "story-200.html").exists()


def test_custom_source_param_does_not_crash(site: Site) -> None:
    site.write(
        "hand.md",
        '+++\ntitle = "Hand written"\ndate = 2025-01-01\n'
        'source = "https://example.org/x"\n+++\nBody.\n',
    )
    output = site.build()
    assert "Hand written" in (output / "hand.html").read_text("utf-8")


def test_empty_and_overlong_slugs(site: Site) -> None:
    _imported(site, "news/!!!.md", "Punctuation only")
    _imported(site, "news/long.md", "Long", f'slug: "{"x" * 300}"\n')
    _imported(site, "news/long-2.md", "Long too", f'slug: "{"x" * 300}"\n')
    output = site.build()
    pages = {p.name: p.read_text("utf-8") for p in output.glob("*.html")}
    assert any(
        n.startswith("item-") and "Punctuation only" in t for n, t in pages.items()
    )
    long = [n for n, t in pages.items() if "Body of Long" in t and n.startswith("xxx")]
    assert len(long) == 2
    assert all(len(n.encode()) < 255 for n in long)


def test_site_article_and_page_on_one_path_both_publish(site: Site) -> None:
    site.write("pages/about.md", "Title: About\nDate: 2025-01-01\n\nThe page.\n")
    site.write("about.md", "Title: About\nDate: 2025-01-01\n\nThe article.\n")
    output = site.build(PAGE_SAVE_AS="{slug}.html", PAGE_URL="{slug}.html")
    assert "The page." in (output / "about.html").read_text("utf-8")
    moved = [p for p in output.glob("about-*.html") if "The article." in p.read_text()]
    assert len(moved) == 1


def test_pagination_pages_are_planned(site: Site) -> None:
    for number in range(3):
        _imported(site, f"news/s-{number}.md", f"Story {number}")
    _imported(site, "news/p-9.md", "Takes page two", 'slug: "index2"\n')
    output = site.build(DEFAULT_PAGINATION=1)
    assert (
        "Takes page two"
        not in (output / "index2.html")
        .read_text("utf-8")
        .split("<footer")[0]
        .split("</nav>")[0]
    )
    assert (output / "index2-9.html").is_file()
    assert (output / "index4.html").is_file()


def test_site_file_with_its_own_source_line(site: Site) -> None:
    site.write(
        "mine.md", "Title: Mine\nDate: 2025-01-01\nSource: https://x.org/\n\nMine.\n"
    )
    _imported(site, "news/s-1.md", "Imported")
    output = site.build()
    assert (output / "mine.html").is_file()
    assert (output / "source" / "ibtimes-com.html").is_file()


def test_generators_with_extra_outputs_settle_last(site: Site) -> None:
    from pelican_newsimport.checking import dry_run
    from pelican_newsimport.plan import plan_outputs

    site.write("welcome.md", "Title: Welcome\nDate: 2025-01-01\n\nHi.\n")
    seen = {}

    class Redirects:
        def settle_outputs(self, plan) -> None:
            seen["welcome"] = plan.owner("welcome.html")
            seen["free"] = plan.owner("old/path.html")
            plan.claim("old/path.html", "a redirect")

    run = dry_run(site.settings(), str(site.content))
    plan = plan_outputs([*run.generators, Redirects()])
    assert seen == {"welcome": "welcome.md", "free": None}
    assert plan.owner("old/path.html") == "a redirect"


def test_imported_file_is_no_translation_of_a_site_article(site: Site) -> None:
    # (Menus list categories, so any import would change the site's pages.)
    site.write("welcome.md", "Title: Welcome\nDate: 2025-01-01\n\nWelcome here.\n")
    site.build(DISPLAY_CATEGORIES_ON_MENU=False)
    own = (site.output / "welcome.html").read_bytes()
    _imported(site, "news/fr-1.md", "Bienvenue", 'slug: "welcome"\nlang: "fr"\n')
    output = site.build(DISPLAY_CATEGORIES_ON_MENU=False)
    assert (output / "welcome.html").read_bytes() == own
    assert "Body of Bienvenue." in (output / "welcome-fr.html").read_text("utf-8")


def test_a_later_plugin_cannot_move_an_imported_article(site: Site) -> None:
    # late_slugger renames every article to the Welcome article's slug after the
    # plan: the imported ones keep the paths the plan checked.
    site.write("welcome.md", "Title: Welcome\nDate: 2025-01-01\n\nWelcome here.\n")
    _imported(site, "news/first-1.md", "First")
    _imported(site, "news/second-2.md", "Second")
    site.build(DISPLAY_CATEGORIES_ON_MENU=False)
    before = {p.relative_to(site.output): p.read_bytes() for p in site.outputs()}
    output = site.build(
        DISPLAY_CATEGORIES_ON_MENU=False,
        PLUGINS=["pelican_newsimport", "late_slugger"],
        PLUGIN_PATHS=[str(Path(__file__).parent / "plugins")],
    )
    assert "Welcome here." in site.html("welcome.html").get_text()
    assert "Body of First." in (output / "first-1.html").read_text("utf-8")
    assert "Body of Second." in (output / "second-2.html").read_text("utf-8")
    assert {p.relative_to(output): p.read_bytes() for p in site.outputs()} == before
