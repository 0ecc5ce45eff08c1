"""``check`` plans output paths with the build's own code, so they agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import signals

from pelican_newsimport.cli import main

from .conftest import Site, news_file

SAVE_AS = {
    "ARTICLE_SAVE_AS": "{category}/{slug}.html",
    "ARTICLE_URL": "{category}/{slug}.html",
}


def _write_conf(site: Site, root: Path, **settings: object) -> Path:
    lines = [f"PATH = {str(site.content)!r}", f"OUTPUT_PATH = {str(site.output)!r}"]
    lines += [f"{k} = {v!r}" for k, v in settings.items()]
    lines += ['PLUGINS = ["pelican_newsimport"]', 'TIMEZONE = "UTC"']
    conf = root / "pelicanconf.py"
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return conf


def _check(capsys: pytest.CaptureFixture[str], conf: Path) -> dict:
    status = main(["check", "--format", "json", "--settings", str(conf)])
    out = capsys.readouterr().out
    assert status == 0, out
    return json.loads(out)


def _same_story_twice(site: Site) -> None:
    for number, category in ((1, "World"), (2, "Sport")):
        site.write(
            f"news/{category.lower()}/same-{number}.md",
            news_file(
                "Same",
                f"Story {number}.",
                source_url=f"https://example.org/{number}",
                extra='slug: "same"\n',
            ).replace('categories: ["news"]', f'categories: ["{category}"]'),
        )
    site.write(
        "news/same-3.md",
        news_file("Same", "Story 3.", source_url="https://example.org/3")
        .replace('categories: ["news"]', 'categories: ["World"]')
        .replace("draft: false", 'draft: false\nslug: "same"'),
    )


def _build_recording_articles(site: Site, settings: dict) -> dict[str, str]:
    """Build the site; which file each article's page was written to."""
    written: dict[str, str] = {}

    def wrote(path: str, context: dict) -> None:
        article = context.get("article")
        if article is not None:
            written[Path(article.source_path).name] = str(
                Path(path).relative_to(site.output)
            )

    signals.content_written.connect(wrote)
    try:
        site.build(**settings)
    finally:
        signals.content_written.disconnect(wrote)
    return written


def _built_titles(site: Site, save_as: str) -> str:
    page = BeautifulSoup((site.output / save_as).read_text("utf-8"), "html.parser")
    return page.get_text()


@pytest.mark.parametrize("settings", [SAVE_AS, {}])
def test_check_reports_the_paths_the_build_writes(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str], settings: dict
) -> None:
    _same_story_twice(site)
    conf = _write_conf(site, tmp_path, **settings)
    report = _check(capsys, conf)
    planned = {Path(f["path"]).name: (f["url"], f["save_as"]) for f in report["files"]}
    written = _build_recording_articles(site, settings)
    assert {name: save_as for name, (_url, save_as) in planned.items()} == written
    for name, (url, save_as) in planned.items():
        number = name.split("-")[1].split(".")[0]
        assert f"Story {number}." in _built_titles(site, save_as)
        assert url == save_as
    if settings:
        assert planned["same-1.md"][1] == "world/same.html"
        assert planned["same-2.md"][1] == "sport/same.html"
        assert planned["same-3.md"][1] == "world/same-3.html"


def test_check_text_says_where_a_moved_file_goes(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _same_story_twice(site)
    conf = _write_conf(site, tmp_path, **SAVE_AS)
    main(["check", "--settings", str(conf)])
    out = capsys.readouterr().out
    assert "url: sport/same.html (written to sport/same.html)" in out
    assert "gets its own URL at build time (world/same.html is taken)" in out
    assert "each keeps its own URL" in out


def test_check_reports_moves_of_names_and_planned_paths(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("news/a-1.md", news_file("One", "x.", extra='author: "All"\n'))
    site.write(
        "news/archives.md",
        news_file("Two", "y.", source_url="https://example.org/2"),
    )
    conf = _write_conf(site, tmp_path, AUTHOR_FEED_ATOM="feeds/{slug}.atom.xml")
    report = _check(capsys, conf)
    assert any("author 'All'" in note for note in report["notes"])
    files = {Path(f["path"]).name: f for f in report["files"]}
    assert files["archives.md"]["save_as"] == "archives-example-org.html"
    assert files["archives.md"]["same_slug_as"] == ["the archives page"]
    site.build(AUTHOR_FEED_ATOM="feeds/{slug}.atom.xml")
    assert (site.output / "archives-example-org.html").is_file()
    assert (site.output / "feeds" / "all-author.atom.xml").is_file()
