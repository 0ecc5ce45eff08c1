"""The pure interpretation step, the reserved-key table, params and the credit."""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import pytest
from pelican.contents import Article, Page

from pelican_newsimport import front_matter, interpret
from pelican_newsimport.interpret import RESERVED, NewsItem, Options

from .conftest import Site, news_file


def _item(text: str, path: str = "news/a-1.md", **options: object) -> NewsItem:
    document = front_matter.split(text)
    assert document is not None
    document = replace(document, path=path, text=text)
    return interpret.interpret(document, Options(**options))


def test_interpretation_imports_nothing_from_pelican() -> None:
    code = (
        "import sys, pelican_newsimport.interpret as i; "
        "print(any(m == 'pelican' or m.startswith('pelican.') for m in sys.modules))"
    )
    # Importing the package's __init__ pulls Pelican in; load the module alone.
    loader = (
        "import importlib.util, sys, types; "
        "pkg = types.ModuleType('pelican_newsimport'); "
        "pkg.__path__ = ['pelican_newsimport']; "
        "sys.modules['pelican_newsimport'] = pkg; "
    )
    result = subprocess.run(
        [sys.executable, "-c", loader + code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.stdout.strip() == "False"


def test_record_is_frozen_and_typed() -> None:
    item = _item(news_file("Talks open", "One.Two."))
    assert item.title == "Talks open"
    assert item.dates.date is not None
    assert item.dates.date.key == "date"
    assert item.dates.date.line == 3
    assert item.source is not None
    assert item.source.name == "International Business Times"
    assert item.publisher_derived is True
    assert item.slug_from == "filename"
    assert item.slug_text == "a-1"
    with pytest.raises(FrozenInstanceError):
        item.title = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        item.params["new"] = 1  # type: ignore[index]


def test_every_pelican_content_attribute_is_reserved() -> None:
    names = {n for n in dir(Article) + dir(Page) if not n.startswith("_")}
    assert names <= RESERVED


@pytest.mark.parametrize("key", ["source", "newsimport", "params", "url", "save_as"])
def test_plugin_and_pelican_keys_cannot_be_passed_through(key: str) -> None:
    item = _item(
        f'---\ntitle: "T"\n{key}: "https://evil.example/"\n---\nB',
        passthrough=(key,),
    )
    assert key not in item.passthrough
    assert item.params[key] == "https://evil.example/"


def test_passthrough_urls_are_checked_like_image() -> None:
    item = _item(
        '---\ntitle: "T"\ncover: "javascript:alert(1)"\nog_image: "https://x.org/a.png"'
        '\nredirect: "https://evil.example/"\nlabel: "plain: text"\n---\nB',
        passthrough=("cover", "og_image", "label"),
    )
    assert dict(item.passthrough) == {
        "og_image": "https://x.org/a.png",
        "label": "plain: text",
    }
    assert "redirect" not in item.passthrough
    assert any("cover" in p.message for p in item.warnings)


def test_odd_yaml_values_become_plain_params() -> None:
    item = _item(
        '---\ntitle: "T"\nlabels: !!set {beta, alpha}\nblob: !!binary aGk=\n'
        "nested: {a: [1, {b: null}]}\n---\nB"
    )
    assert item.params["labels"] == ["alpha", "beta"]
    assert item.params["blob"] == "hi"
    assert item.params["nested"] == {"a": [1, {"b": ""}]}


def test_params_reach_templates_escaped(site: Site) -> None:
    site.write(
        "a.md",
        '---\ntitle: "T"\ndate: 2025-01-01\n'
        'extra: {deep: ["<script>x</script>"]}\nsource_name: "<b>Desk</b>"\n---\nB',
    )
    article = site.read("a.md")
    assert "<script>" not in article.params["extra"]["deep"][0]
    assert "&lt;" in article.params["extra"]["deep"][0]
    assert "<b>" not in article.newsimport.source_name_given


def test_passthrough_setting_sets_top_level_attribute(site: Site) -> None:
    site.write(
        "a.md",
        '---\ntitle: "T"\ndate: 2025-01-01\ncover: "https://x.org/c.jpg"\n'
        'redirect: "https://evil.example/"\n---\nB',
    )
    article = site.read("a.md", NEWSIMPORT_PASSTHROUGH=["cover"])
    assert article.cover == "https://x.org/c.jpg"
    assert not hasattr(article, "redirect")
    assert article.params["redirect"] == "https://evil.example/"


def test_template_credit_honours_attribution_text(site: Site, tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "article.html").write_text(
        '<html><body>{% include "newsimport/attribution.html" %}</body></html>',
        encoding="utf-8",
    )
    site.write("news/talks-1.md", news_file("Talks", "Body."))
    site.build(
        THEME_TEMPLATES_OVERRIDES=[str(overrides)],
        NEWSIMPORT_ATTRIBUTION=None,
        NEWSIMPORT_ATTRIBUTION_TEXT="Via {link} ({domain})",
    )
    credit = site.html("talks-1.html").select_one(".newsimport-attribution")
    assert credit is not None
    assert credit.get_text() == "Via International Business Times (ibtimes.com)"
    assert credit.a["href"] == "https://www.ibtimes.com/story-1"


def test_reported_files_are_forgotten_at_each_build(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    from pelican_newsimport import reader

    site.write("bad.md", "---\ntitle: [unclosed\n---\nB")
    site.build()
    assert any(p.endswith("bad.md") for p in reader._REPORTED)
    site.write("bad.md", "---\ntitle: fixed\ndate: 2025-01-01\n---\nB")
    caplog.set_level(logging.ERROR)
    site.build()
    assert not any(p.endswith("bad.md") for p in reader._REPORTED)


def test_bundle_index_takes_its_folder_name(site: Site) -> None:
    site.write("posts/my-trip/index.md", news_file("My trip", "Body."))
    site.build()
    assert (site.output / "my-trip.html").is_file()
    assert (site.output / "index.html").read_text("utf-8").count("My trip") != 0
