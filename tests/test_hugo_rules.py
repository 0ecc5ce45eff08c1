"""Hugo's date, publication and path rules (pure module) against Hugo itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pelican_newsimport import front_matter, hugo

from .hugo_oracle import CLOCK, hugo_date, hugo_list

SITE = Path(__file__).parent / "hugo_site"
CONTENT = SITE / "content"
FRONTMATTER = {"date": [":filename", ":default"]}
NOW = dt.datetime.fromisoformat(CLOCK)
PERMALINK = "/docs/:year/:contentbasename/"


@pytest.fixture(scope="module")
def oracle() -> dict[str, dict[str, str]]:
    return {row["path"]: row for row in hugo_list(SITE, "all")}


@pytest.fixture(scope="module")
def published() -> set[str]:
    return {row["path"] for row in hugo_list(SITE, "published")}


def interpret(relative: str):
    files = {str(p.relative_to(CONTENT)) for p in CONTENT.rglob("*") if p.is_file()}
    bundle = hugo.leaf_bundle_dir(relative, files.__contains__, ["md"])
    where = hugo.content_path(relative, bundle_dir=bundle)
    front = front_matter.split((CONTENT / relative).read_text()).metadata
    base = where.name if where.bundle == "leaf" else Path(relative).name
    dates = hugo.resolve_dates(front, base_filename=base, config=FRONTMATTER)
    return where, front, dates


def _pages() -> list[str]:
    return sorted(
        str(p.relative_to(CONTENT))
        for p in CONTENT.rglob("*.md")
        if not p.name.startswith("_index")
    )


@pytest.mark.parametrize("relative", _pages())
def test_dates_and_publication_agree_with_hugo(relative, oracle, published):
    where, front, dates = interpret(relative)
    if where.kind == "resource" or hugo.truthy(front.get("headless")):
        assert relative not in oracle
        return
    row = oracle[relative]
    for ours, theirs in [
        (dates.date, row["date"]),
        (dates.publishdate, row["publishDate"]),
        (dates.expirydate, row["expiryDate"]),
    ]:
        expected = hugo_date(theirs)
        got = ours.isoformat().replace("+00:00", "Z") if ours else None
        assert got == expected, relative
    reason = hugo.publication(front, dates, now=NOW)
    assert (reason == "") == (relative in published), (relative, reason)
    assert (reason == "draft") == (row["draft"] == "true")


@pytest.mark.parametrize("relative", _pages())
def test_url_paths_agree_with_hugo(relative, oracle):
    where, front, dates = interpret(relative)
    if relative not in oracle:
        return
    slug = hugo.path_segment(str(front.get("slug", ""))) or dates.filename_slug
    prefix = where.lang if where.lang not in {"", "en"} else ""
    path = hugo.hugo_path(
        where, slug=slug, url=front.get("url", ""), lang_prefix=prefix
    )
    if where.section == "docs":  # [permalinks] docs = "/docs/:year/:contentbasename/"
        path = hugo.permalink(PERMALINK, where, date=dates.date)
    assert path == oracle[relative]["url_path"]


def test_sections_and_home_are_branch_bundles(oracle):
    assert oracle["posts/_index.md"]["kind"] == "section"
    assert hugo.content_path("posts/_index.md").kind == "section"
    assert oracle["_index.md"]["kind"] == "home"
    assert hugo.content_path("_index.md").kind == "home"


MTIME = dt.datetime(2022, 2, 2, tzinfo=dt.UTC)
LASTMOD = dt.datetime(2023, 7, 14, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("config", "expected_source", "expected"),
    [
        (None, "lastmod", LASTMOD),
        ({"date": ["lastmod"]}, "lastmod", LASTMOD),
        ({"date": [":fileModTime"]}, ":filemodtime", MTIME),
        ({"date": ["publishDate", ":fileModTime"]}, ":filemodtime", MTIME),
        ({"date": [":filename", ":default"]}, "lastmod", LASTMOD),
    ],
)
def test_frontmatter_setting_chooses_the_source(config, expected_source, expected):
    mtime = MTIME
    dates = hugo.resolve_dates(
        {"lastmod": "2023-07-14"}, base_filename="a.md", config=config, mod_time=mtime
    )
    assert dates.sources["date"] == expected_source
    assert dates.date == expected


def test_a_bad_date_is_reported_and_the_next_key_used():
    dates = hugo.resolve_dates(
        {"date": "soon", "lastmod": "2023-01-01"}, base_filename="a.md"
    )
    assert dates.date == dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    assert dates.problems == ("date",)


def test_an_unknown_frontmatter_key_is_refused():
    with pytest.raises(hugo.FrontMatterConfigError):
        hugo.frontmatter_config({"created": ["date"]})


@pytest.mark.parametrize(
    "alias",
    [
        "https://evil.example/x",
        "//evil.example/x",
        "javascript:alert(1)",
        "/a/../../b",
        "/a\\b",
    ],
)
def test_aliases_stay_on_the_site(alias):
    assert hugo.site_path(alias) == ""
