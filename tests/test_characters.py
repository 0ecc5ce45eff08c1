"""Text reaching output is valid XML 1.0 and HTML; invisibles never fool a check."""

from __future__ import annotations

import json
import unicodedata
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican_newsimport.attribution import is_placeholder
from pelican_newsimport.safety import (
    clean_text,
    clean_value,
    comparison_key,
    terminal_safe,
    terminal_safe_json,
)

# Every code point, lone surrogates included.
any_text = st.text(
    st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None)
)
INVISIBLES = list("\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e\u2066\u2069\u200f\u061c")
INVISIBLES += ["\ufe0f", "\u3164", "\u180e"]
invisible = st.sampled_from(INVISIBLES)


def _xml_char(char: str) -> bool:
    code = ord(char)
    return (
        char in "\t\n"
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


@given(any_text)
def test_cleaned_text_is_xml_and_html_text(text: str) -> None:
    cleaned = clean_text(text)
    assert all(map(_xml_char, cleaned))
    assert not any("\x7f" <= c <= "\x9f" for c in cleaned)
    assert not any(unicodedata.category(c) == "Cs" for c in cleaned)
    assert not any(c in "\ufffe\uffff" or "\ufdd0" <= c <= "\ufdef" for c in cleaned)
    ET.fromstring(f"<t>{escape(cleaned)}</t>")  # a strict XML parser accepts it
    assert clean_text(cleaned) == cleaned


@given(st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"])))
def test_clean_text_changes_nothing_in_clean_text(text: str) -> None:
    text = text.replace("\ufffe", "").replace("\uffff", "")
    text = "".join(c for c in text if not "\ufdd0" <= c <= "\ufdef")
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x0bb\x0cc", "a b c"),
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),
        ("NUL\x00, BEL\x07, DEL\x7f", "NUL, BEL, DEL"),
        ("\x93Windows\x94 \x96 dash", "“Windows” – dash"),
        ("line\r\nbreak\rold mac", "line\nbreak\nold mac"),
        ("\ufffe\uffff\U0001fffe\ufdd0x", "x"),
        ("lone \udc80 surrogate", "lone \ufffd surrogate"),
    ],
)
def test_clean_text_cases(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


# A long text (a body, a whole file) takes a quicker test than the short fields.
LONG_PREFIXES = ["Body text. " * 60, "Corps du “texte” à Zürich, şehir. " * 20]
SPECIAL = [*range(0x20), *range(0x7F, 0xA1), 0xD800, 0xDFFF, 0xFDCF, 0xFDD0, 0xFDEF]
SPECIAL += [0xFFFD, 0xFFFE, 0xFFFF, 0x1F600, 0x1FFFE, 0x4FFFF, 0x10FFFE, 0x10FFFF]


@pytest.mark.parametrize("prefix", LONG_PREFIXES)
@pytest.mark.parametrize("code", SPECIAL)
def test_long_text_is_cleaned_like_short_text(prefix: str, code: int) -> None:
    char = chr(code)
    assert len(prefix) > 512
    assert (
        clean_text(f"{prefix}{char}end")
        == prefix + clean_text(f"a{char}b")[1:-1] + "end"
    )


@given(any_text)
def test_long_text_is_cleaned_piece_by_piece(text: str) -> None:
    for prefix in LONG_PREFIXES:
        assert clean_text(prefix + text) == prefix + clean_text(text)


def test_clean_value_reaches_nested_values_and_keys() -> None:
    assert clean_value({"a\x00": ["\x07b", ("c\ufffe",)], "n": 3}) == {
        "a": ["b", ("c",)],
        "n": 3,
    }


@given(st.text(max_size=40), st.lists(st.tuples(st.integers(0, 40), invisible)))
def test_invisible_characters_do_not_change_the_comparison_key(text, inserts) -> None:
    spoofed = text
    for position, char in inserts:
        spoofed = spoofed[:position] + char + spoofed[position:]
    assert comparison_key(spoofed) == comparison_key(text.replace("\u200d", ""))


@pytest.mark.parametrize(
    "name",
    [
        "Unknown\u200bSource",
        "Unknown\u200b Source",
        "\u202eUnknown Source\u202c",
        "Unknown\u2060Source",
        "Ｕｎｋｎｏｗｎ Ｓｏｕｒｃｅ",
        "UNKNOWN\u00adSOURCE",
        "Unknown\u3164Source",
        "\ufeffunknown source",
    ],
)
def test_invisible_characters_do_not_defeat_the_placeholder_check(name) -> None:
    assert is_placeholder(name)


TERMINAL_UNSAFE = st.sampled_from(
    [
        *("\x1b[2J", "\x1b]0;x\x07", "\x9b31m", "\r", "\n", "\x08", "\x00", "\x7f"),
        *("\u202e", "\u2066", "\u200f"),
    ]
)


@given(st.lists(st.one_of(st.text(max_size=8), TERMINAL_UNSAFE), max_size=8))
def test_terminal_output_has_nothing_a_terminal_acts_on(parts) -> None:
    shown = terminal_safe("".join(parts))
    assert not any(unicodedata.category(c) == "Cc" and c != "\t" for c in shown)
    assert not any(c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                   "\u200e\u200f\u061c" for c in shown)  # fmt: skip


@given(
    st.dictionaries(
        st.text(max_size=5), st.lists(st.one_of(st.text(), TERMINAL_UNSAFE))
    )
)
def test_terminal_safe_json_stays_the_same_json(data) -> None:
    for indent in (None, 2):
        text = json.dumps(data, indent=indent, ensure_ascii=False)
        shown = terminal_safe_json(text)
        assert json.loads(shown) == data
        assert not any(unicodedata.category(c) == "Cc" and c != "\n" for c in shown)
        assert "\u202e" not in shown
