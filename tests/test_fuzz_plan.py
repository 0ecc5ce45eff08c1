"""Odd names and keys through a real build: the output-path plan always finds room.

Slugs, names and keys that take a path Pelican or the site writes (``index``,
``archives``, an author ``All``, a 300-character slug, a page's slug), in any
mix: the build finishes, the site's own page keeps its path, and no file name
is too long.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Site, news_file

ODD_NAMES = [
    "All", "index", "archives", "sources", "tags", "feeds", "!!!", "-", ".", "..",
    "x" * 300, "Daily Planet", "DAILY PLANET", "zürich", "رسالة", "Q&A <b>", "a/b",
    "welcome", "drafts", "theme", "category", "tag", "author",
]  # fmt: skip
odd = st.sampled_from(ODD_NAMES)
odd_keys = st.sampled_from(
    ["slug", "author", "tags", "categories", "source_name", "url", "save_as",
     "template", "source", "params", "newsimport", "translation", "lang", "status",
     "redirect", "cover", "summary", "1", "on click", "_content"]
)  # fmt: skip


@st.composite
def odd_files(draw) -> list[tuple[str, str]]:
    found = []
    for number in range(draw(st.integers(2, 6))):
        extra = "".join(
            f"{key}: {json.dumps(draw(odd))}\n"
            for key in draw(st.lists(odd_keys, max_size=4, unique=True))
        )
        name = draw(st.sampled_from([f"{draw(odd)}-{number}", draw(odd), "index"]))
        folder = draw(st.sampled_from(["", "news/", "posts/x/", "pages/"]))
        title = draw(st.sampled_from([draw(odd), f"Story {number}"]))
        text = news_file(
            title,
            f"Body {number}.",
            source_url=f"https://example.org/{number}",
            source_name=draw(odd),
            extra=extra,
        )
        found.append((f"{folder}{name.replace('/', '_')[:200]}.md", text))
    return found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=odd_files())
def test_a_build_of_odd_names_and_keys_always_finishes(files) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Site(Path(tmp))
        site.write("pages/about.md", "Title: About\nDate: 2025-01-01\n\nAbout.\n")
        for name, text in files:
            site.write(name, text)
        output = site.build(
            AUTHOR_FEED_ATOM="feeds/{slug}.atom.xml",
            CATEGORY_FEED_ATOM="feeds/{slug}.atom.xml",
            TAG_FEED_ATOM="feeds/tag-{slug}.atom.xml",
            PAGE_SAVE_AS="{slug}.html",
            PAGE_URL="{slug}.html",
        )
        assert "About." in (output / "about.html").read_text("utf-8")
        assert all(len(p.name.encode()) < 255 for p in output.rglob("*"))
