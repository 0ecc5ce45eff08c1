"""Front-matter values that used to crash a build or vanish without a reason."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET

import pytest

from .conftest import Site


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad-month.md", "---\ntitle: T\ndate: 2025-13-45\n---\nB", "bad-month.md:3:"),
        ("zero.md", "---\ntitle: T\ndate: 0000-00-00\n---\nB", "zero.md:3:"),
        ("time.md", '+++\ntitle = "T"\ndate = 10:30:00\n+++\nB', "time.md:3:"),
        (
            "offset.md",
            '---\ntitle: T\ndate: "2025-05-16T00:00:00+030:00"\n---\nB',
            "offset.md:3:",
        ),
        (
            "edge.md",
            "---\ntitle: T\npublishDate: 0001-01-01T00:00:00+01:00\n---\nB",
            "edge.md:3:",
        ),
    ],
)
def test_bad_dates_are_one_line_with_file_and_line(
    site: Site, caplog: pytest.LogCaptureFixture, name: str, text: str, message: str
) -> None:
    site.write(name, text)
    site.write("good.md", "---\ntitle: Good\ndate: 2025-01-01\n---\nFine.")
    caplog.set_level(logging.WARNING)
    site.build()
    lines = [r.getMessage() for r in caplog.records if name in r.getMessage()]
    assert len(lines) == 1, lines
    assert lines[0].startswith(message)
    assert "date" in lines[0]
    assert (site.output / "good.html").is_file()


def test_odd_values_build(site: Site) -> None:
    site.write(
        "odd.md",
        "---\ntitle: Odd\ndate: 2025-01-01\ntranslation: true\n"
        'tags: !!set {beta, alpha}\ntimezone: "Mars/Base"\ndate_format: "%Q"\n'
        'author: "Smith & Wesson"\n---\nBody.',
    )
    output = site.build(AUTHOR_FEED_ATOM="feeds/{slug}.atom.xml")
    assert (output / "odd.html").is_file()
    assert (output / "tag" / "alpha.html").is_file()
    assert (output / "tag" / "beta.html").is_file()
    feed = ET.parse(output / "feeds" / "all.atom.xml")
    names = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}name")]
    # Escaped once in feeds: safety.plain_feed_names (branch "safety").
    assert len(names) == 1
    assert "Smith" in names[0]


def test_binary_values_read_as_text(site: Site) -> None:
    site.write(
        "bin.md",
        "---\ntitle: !!binary SGVsbG8gd29ybGQ=\ndate: 2025-01-01\n"
        "flag: !!binary /w==\n---\nBody.",
    )
    output = site.build()
    page = (output / "bin.html").read_text(encoding="utf-8")
    assert "<title>Hello world" in page
    assert "b'" not in page
    assert "b’" not in page
