"""Front-matter loading paths agree; escaped fields survive ``striptags``."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from pelican_newsimport import front_matter
from pelican_newsimport.safety import WORD_JOINER, smart_quotes, text_to_html

plain_values = st.recursive(
    st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.none()),
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=6,
)


@given(st.dictionaries(st.text(min_size=1, max_size=12), plain_values, max_size=8))
def test_fast_and_bounded_yaml_loaders_agree(data: dict) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    bounded = yaml.load(text, Loader=front_matter._BoundedSafeLoader)  # noqa: S506
    assert front_matter.YAML.load(text) == bounded


# What libyaml and the fast constructor hand to the bounded loader, and cases
# they keep: hand-written text with "**bold**", "&mdash;", "!" after a space.
LOADER_CASES = [
    'title: "Hi"\ndate: 2025-01-02\nt: 12:30:00\ndraft: no\nn: ~\nf: .5e3',
    "a: 1\na: 2\nx: 0x1F\no: 0o17\ni: -.inf\nu: 1_000",
    "description: It can be **bold** or *em* &mdash; really !\ntags: [a & b]",
    "a: &x [1, 2]\nb: *x\nc: *x",
    "a: &x 1\nb: *x",
    "- &y {k: v}\n- *y",
    "a: !!str 1\nb: !!int '12'\nc: !!float 1\nd: !!set {x, y}\ne: !!binary aGk=",
    "a: !custom x",
    "title: !!python/object:os.system x",
    "<<: {a: 1}\nb: 2",
    "=: x",
    "? [a, b]\n: c",
    "{a: 1}: x",
    "k: 2025-13-45",
    "- 1\n- [2, {c: d}]",
    "just a string",
    "",
    "'1': a\n1: b\ntrue: c\nnull: d\n2001-01-01: e",
    "".join("  " * i + f"k{i}:\n" for i in range(80)) + "  " * 80 + "v",
    "bad: [unclosed\n",
]


def _outcome(load, text: str) -> object:
    try:
        return load(text)
    except (yaml.YAMLError, ValueError, front_matter.FrontMatterError) as error:
        return f"{type(error).__name__}: {error}"


@pytest.mark.parametrize("text", LOADER_CASES)
def test_fast_path_gives_what_the_bounded_loader_gives(text: str) -> None:
    def bounded(text: str) -> object:
        return yaml.load(text, Loader=front_matter._BoundedSafeLoader)  # noqa: S506

    fast = _outcome(front_matter.BoundedYAMLHandler._load, text)
    slow = _outcome(bounded, text)
    assert fast == slow
    assert repr(fast) == repr(slow)  # key order and value types too


def test_aliases_stay_one_object_and_stay_bounded() -> None:
    data = front_matter.BoundedYAMLHandler._load("a: &x [1]\nb: *x")
    assert data["a"] is data["b"]
    bomb = "a: &a [1]\n" + "".join(f"k{i}: *a\n" for i in range(20))
    with pytest.raises(front_matter.FrontMatterError, match="aliases"):
        front_matter.BoundedYAMLHandler._load(bomb)


def test_deep_flow_nesting_takes_the_bounded_path() -> None:
    assert front_matter._fast_path_is_safe('title: "AT&T wins!"\ntags: []')
    assert not front_matter._fast_path_is_safe("a: " + "[" * 40)


@given(st.text(max_size=80))
def test_escaped_text_stays_inert_after_striptags(text: str) -> None:
    escaped = text_to_html(text)
    for rendered in (escaped, Markup(escaped).striptags()):  # noqa: S704
        assert '"' not in rendered
        assert "'" not in rendered
        for i, char in enumerate(rendered[:-1]):
            if char == "<":
                assert not rendered[i + 1].isascii() or not (
                    rendered[i + 1].isalpha() or rendered[i + 1] in "/!?"
                )


@given(st.text(max_size=80))
def test_escaping_only_changes_quotes_and_adds_word_joiners(text: str) -> None:
    shown = Markup(text_to_html(text)).striptags()  # noqa: S704
    expected = " ".join(smart_quotes(text).split())
    assert shown.replace(WORD_JOINER, "") == expected.replace(WORD_JOINER, "")
