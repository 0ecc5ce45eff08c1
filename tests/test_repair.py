"""Tests for the pure text repairs in ``pelican_newsimport.repair``.

Most cases are data files under ``tests/cases/repair``:

* ``escape.tsv`` -- escaped bodies and what they stand for; ``escape-negative.txt``
  -- never-escaped text that must come out unchanged;
* ``paragraphs.txt`` -- glued bodies with ``‖`` where a paragraph starts;
  ``paragraphs-negative.txt`` -- one-paragraph texts that must not be split;
  ``paragraphs-known-failures.txt`` -- known failures, run as strict xfails;
* ``mojibake.json`` -- broken text with its repair, and a negative set;
* ``markdown.json`` -- Markdown bodies and plain-text bodies;
* ``istanbul-body.txt`` / ``istanbul-paragraphs.txt`` -- the body of the real sample
  file as the pipeline wrote it, and its paragraphs.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given
from hypothesis import strategies as st

from pelican_newsimport.repair import (
    LINE_BREAK,
    Repair,
    detect_escape_level,
    fix_mojibake,
    looks_like_markdown,
    render_plain_text,
    repair_body,
    repair_field,
    split_paragraphs,
    unescape,
)
from tests.conftest import news_file, pipeline_body
from tests.support.pipeline import encode_body as encode_pipeline
from tests.support.pipeline import encode_body_once as encode_single

CASES = Path(__file__).parent / "cases" / "repair"
SEAM = "‖"


# --------------------------------------------------------------------------------------
# Reference encoders and data loading
# --------------------------------------------------------------------------------------


ENCODERS = {0: lambda text: text, 1: encode_single, 2: encode_pipeline}


def _has_odd_backslash_run(text: str) -> bool:
    return any(len(run) % 2 for run in re.findall(r"\\+", text))


def _lines(name: str) -> list[str]:
    """Non-comment, non-empty lines of a data file."""
    text = (CASES / name).read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line and not line.startswith("#")]


def _json(name: str) -> dict:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


def _seam_cases(name: str) -> list:
    return [pytest.param(line, id=line[:40]) for line in _lines(name)]


def _known_failures() -> list:
    params, reason = [], ""
    text = (CASES / "paragraphs-known-failures.txt").read_text(encoding="utf-8")
    for line in text.split("\n"):
        if line.startswith("#"):
            reason = line.lstrip("# ")
        elif line:
            mark = pytest.mark.xfail(strict=True, reason=reason)
            params.append(pytest.param(line, marks=mark, id=line[:40]))
    return params


ESCAPE_ROWS = [line.split("\t") for line in _lines("escape.tsv")]
MOJIBAKE = _json("mojibake.json")
MARKDOWN = _json("markdown.json")


# --------------------------------------------------------------------------------------
# Escaping
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("level", "escaped", "original"), ESCAPE_ROWS)
def test_escaped_text_is_detected_and_decoded(level, escaped, original):
    assert detect_escape_level(escaped) == int(level)
    assert unescape(escaped, int(level)) == original
    assert ENCODERS[int(level)](original) == escaped


@pytest.mark.parametrize("text", _lines("escape-negative.txt"))
def test_never_escaped_text_comes_out_unchanged(text):
    assert detect_escape_level(text) == 0
    assert unescape(text, 0) == text
    assert repair_body(text).text == text


def test_the_data_files_do_hold_cases():
    assert len(ESCAPE_ROWS) >= 10
    assert {row[0] for row in ESCAPE_ROWS} == {"1", "2"}
    assert len(_lines("escape-negative.txt")) >= 10


def test_unescape_rejects_an_unknown_level():
    with pytest.raises(ValueError, match="escape level"):
        unescape("text", 3)


# Any text: backslashes and quotes in every arrangement, plus arbitrary characters.
texts = st.text(
    st.one_of(st.sampled_from('\\\\\\""" a.'), st.characters(codec="utf-8")),
    max_size=40,
)


@given(texts)
@example('"')
@example("\\")
@example('\\"')
@example('a "b" C:\\new \\\\" end')
def test_the_pipeline_encoding_is_undone_exactly_for_any_text(original):
    # No restriction: the pipeline encoding of any text is recognised and inverted
    # (a text with neither '"' nor '\' is left alone, and is its own encoding).
    escaped = encode_pipeline(original)
    level = detect_escape_level(escaped)
    assert level == (2 if escaped != original else 0)
    assert unescape(escaped, level) == original


@given(st.builds(lambda head, tail: f'{head}"{tail}', texts, texts))
@example('"quoted" C:\\new')
@example('\\"')
def test_the_single_encoding_is_undone_unless_it_reads_as_double(original):
    escaped = encode_single(original)
    level = detect_escape_level(escaped)
    if _has_odd_backslash_run(escaped):
        assert level == 1
        assert unescape(escaped, level) == original
    else:
        # Honestly ambiguous: with every backslash run even, the text is also the
        # double encoding of another text (encode_single('\\"') is
        # encode_pipeline('"')). It is read as double, and that reading must
        # explain the text exactly.
        assert level == 2
        assert encode_pipeline(unescape(escaped, level)) == escaped


@given(texts)
@example('He said "hi"')
@example("C:\\new")
@example("\\\\server")
def test_every_text_gets_a_reading_that_explains_it(text):
    # Whatever the level chosen, escaping the decoded text at that level must give
    # back exactly the text: detection never picks a level the text cannot have.
    level = detect_escape_level(text)
    assert ENCODERS[level](unescape(text, level)) == text
    bare_quote = text.count('"') > text.count('\\"')
    if bare_quote or ('"' not in text and _has_odd_backslash_run(text)):
        assert level == 0


# --------------------------------------------------------------------------------------
# Mojibake and entities
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case", MOJIBAKE["cases"], ids=[c["input"][:30] for c in MOJIBAKE["cases"]]
)
def test_mojibake_and_entities_are_repaired(case):
    assert fix_mojibake(case["input"]) == case["output"]


@pytest.mark.parametrize("text", MOJIBAKE["negative"])
def test_clean_text_is_not_touched_by_the_mojibake_fix(text):
    assert fix_mojibake(text) == text
    repaired = repair_body(text)
    assert not repaired.mojibake_fixed
    assert repaired.text == text


@given(st.text(st.characters(codec="utf-8", exclude_characters="&"), max_size=60))
def test_text_that_ftfy_leaves_alone_stays_alone(text):
    import ftfy

    from pelican_newsimport.repair import _FTFY_CONFIG

    # The quick pre-test may skip ftfy, never make a change ftfy would not make.
    fixed = fix_mojibake(text)
    assert fixed in (text, ftfy.fix_text(text, _FTFY_CONFIG))


# --------------------------------------------------------------------------------------
# Paragraph recovery
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", _seam_cases("paragraphs.txt"))
def test_glued_paragraphs_are_split_where_they_meet(line):
    expected = line.split(SEAM)
    assert len(expected) > 1
    paragraphs, restored = split_paragraphs(line.replace(SEAM, ""))
    assert paragraphs == expected
    assert restored == len(expected) - 1


@pytest.mark.parametrize("line", _seam_cases("paragraphs-negative.txt"))
def test_text_without_seams_is_not_split(line):
    assert split_paragraphs(line) == ([line], 0)


@pytest.mark.parametrize("line", _known_failures())
def test_known_failures(line):
    expected = line.split(SEAM)
    assert split_paragraphs(line.replace(SEAM, ""))[0] == expected


def test_the_real_sample_body_is_repaired():
    body = (CASES / "istanbul-body.txt").read_text(encoding="utf-8")
    expected = (CASES / "istanbul-paragraphs.txt").read_text(encoding="utf-8")
    repaired = repair_body(body)
    assert repaired.paragraphs == tuple(expected.rstrip("\n").split("\n\n"))
    assert len(repaired.paragraphs) == 19
    assert repaired.escape_level == 2
    assert repaired.paragraphs_restored == 18
    assert not repaired.mojibake_fixed
    assert repaired.explain() == "escape level 2 undone; 18 paragraphs restored"
    assert repaired.paragraphs[2].startswith("\"I don't believe anything")
    assert repaired.paragraphs[8].endswith('show up to the meeting."')
    assert repaired.paragraphs[9].startswith("Setting the tone")
    assert repaired.paragraphs[10].startswith('"The delegation is committed')
    assert "".join(repaired.paragraphs) == unescape(body, 2)


def test_single_newlines_separate_paragraphs():
    paragraphs, restored = split_paragraphs("One.\nTwo.\r\nThree.It goes on.\n")
    assert paragraphs == ["One.", "Two.", "Three.", "It goes on."]
    assert restored == 3


def test_blank_line_bodies_are_repaired_inside_their_blocks_too():
    text = "First.Glued\nsame paragraph.\n\n \n\nSecond.\n\n\n"
    expected = ["First.", "Glued\nsame paragraph.", "Second."]
    assert split_paragraphs(text) == (expected, 1)


def test_empty_and_blank_bodies_have_no_paragraphs():
    assert split_paragraphs("") == ([], 0)
    assert split_paragraphs(" \n\t\n") == ([], 0)
    assert repair_body("").paragraphs == ()


@given(st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=200))
@example('He met Putin."I agree," he said.It ended.')
@example('x."Y "a."B c."D')
def test_splitting_one_line_only_moves_breaks(line):
    paragraphs, restored = split_paragraphs(line)
    assert "".join(paragraphs) == line.strip()
    assert all(paragraphs)
    assert restored == max(len(paragraphs) - 1, 0)


# Ordinary words, some with inner dots. Left out on purpose, as known trade-offs
# (see paragraphs-known-failures.txt): one-letter words, which read as initials
# before a full stop, and all-caps words before an all-caps start ("ASP.NET").
WORDS = st.sampled_from(
    [
        "talks", "ended", "without", "deal", "officials", "said", "Monday", "Kyiv",
        "the", "war", "peace", "Europe", "3.5", "U.S.", "e.g.", "ibtimes.com",
        "переговоры", "закончились", "συνάντηση", "αύριο", "2022",
    ]
)  # fmt: skip
LAST_WORDS = WORDS.filter(lambda word: not word.endswith("."))
CAPITALS = st.sampled_from(["The", "US", "Officials", "Kyiv", "Trump", "США", "Ο"])


@st.composite
def sentences(draw):
    words = [draw(CAPITALS), *draw(st.lists(WORDS, max_size=6)), draw(LAST_WORDS)]
    return " ".join(words) + draw(st.sampled_from(".?!"))


@st.composite
def paragraphs(draw):
    shape = draw(st.sampled_from(["plain", "quoted", "said", "curly"]))
    text = " ".join(draw(st.lists(sentences(), min_size=1, max_size=3)))
    if shape == "quoted":
        return f'"{text}"'
    if shape == "said":
        return f'"{text[:-1]}," {draw(CAPITALS)} said.'
    if shape == "curly":
        return f"“{text}”"
    return text


@given(st.lists(paragraphs(), min_size=1, max_size=6))
def test_glued_well_formed_paragraphs_are_recovered(expected):
    # Paragraphs of ordinary sentences (one-letter words, which read as initials,
    # are left out of the vocabulary), in balanced quotation marks or none.
    glued = encode_pipeline("".join(expected))
    repaired = repair_body(glued)
    assert list(repaired.paragraphs) == expected
    assert repaired.paragraphs_restored == len(expected) - 1


# --------------------------------------------------------------------------------------
# The whole repair, fields, explanations
# --------------------------------------------------------------------------------------


def test_repair_body_runs_every_step_and_says_so():
    repaired = repair_body(
        'War ended.\\\\"Peace,\\\\" he said.It\u00e2\u20ac\u2122s over.'
    )
    assert repaired.paragraphs == ("War ended.", '"Peace," he said.', "It’s over.")
    assert repaired.text == 'War ended.\n\n"Peace," he said.\n\nIt’s over.'
    assert repaired.escape_level == 2
    assert repaired.paragraphs_restored == 2
    assert repaired.mojibake_fixed
    assert repaired.explain() == (
        "escape level 2 undone; 2 paragraphs restored; mojibake fixed"
    )


def test_repair_body_of_clean_text_changes_nothing():
    repaired = repair_body("A clean paragraph. Nothing to do.")
    assert repaired == Repair(
        text="A clean paragraph. Nothing to do.",
        paragraphs=("A clean paragraph. Nothing to do.",),
        escape_level=0,
        paragraphs_restored=0,
        mojibake_fixed=False,
    )
    assert repaired.explain() == "unchanged"
    # No full stop needed a list, so no language was detected.
    assert repaired.language is None
    german = "Die Preise in der Stadt und auf dem Land stiegen, z.B.Brot."
    assert repair_body(german).language == "de"
    assert repair_body(german).paragraphs == (german,)


def test_explain_names_each_change_alone():
    assert Repair("a", ("a",), 1, 0, False).explain() == "escape level 1 undone"
    assert Repair("a", ("a", "b"), 0, 1, False).explain() == "1 paragraph restored"
    assert Repair("a", ("a",), 0, 0, True).explain() == "mojibake fixed"


def test_repair_is_frozen():
    repaired = repair_body("Text.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        repaired.text = "other"  # type: ignore[misc]


def test_repair_field_unescapes_at_the_file_level():
    assert repair_field('  \\\\"Peace\\\\" talks\u00e2\u20ac\u2122 end ', 2) == (
        '"Peace" talks’ end'
    )
    assert repair_field('\\"Peace\\" talks', 1) == '"Peace" talks'
    assert repair_field("One.Two", 0) == "One.Two"


def test_repair_field_never_unescapes_beyond_its_own_evidence():
    assert repair_field('C:\\new "now"', 2) == 'C:\\new "now"'
    assert repair_field('\\"x\\" C:\\new', 2) == '"x" C:\\new'
    assert repair_field('\\\\"x\\\\"', 1) == '\\"x\\"'
    assert repair_field('\\\\"x\\\\"', 0) == '\\\\"x\\\\"'


# --------------------------------------------------------------------------------------
# Rendering and Markdown detection
# --------------------------------------------------------------------------------------


def test_render_plain_text_interprets_nothing():
    rendered = render_plain_text(
        ["# Not a heading *or* _emphasis_", "<script>x</script> & [a](b)", "a\nb"]
    )
    assert rendered == (
        "<p># Not a heading *or* _emphasis_</p>\n"
        "<p>&lt;script&gt;x&lt;/script&gt; &amp; [a](b)</p>\n"
        "<p>a\nb</p>"
    )
    assert render_plain_text([]) == ""


@given(st.lists(st.text(max_size=30), max_size=5))
def test_render_plain_text_keeps_every_paragraph_exactly(paragraphs):
    # Only <p> and <br> are ever written; a LINE_BREAK is the only source of <br>.
    rendered = render_plain_text(paragraphs)
    inner = re.findall(r"<p>(.*?)</p>", rendered, flags=re.DOTALL)
    unbroken = [part.replace("<br>\n", LINE_BREAK) for part in inner]
    assert [html.unescape(part) for part in unbroken] == paragraphs
    breaks = sum(p.count(LINE_BREAK) for p in paragraphs)
    assert rendered.count("<") == 2 * len(paragraphs) + breaks
    assert rendered.count("<br>") == breaks


def test_line_breaks_render_as_br_and_soft_breaks_as_spaces():
    rendered = render_plain_text(["Sites:\u2028Club <Denver>\u20285 p.m.", "a\nb"])
    assert rendered == (
        "<p>Sites:<br>\nClub &lt;Denver&gt;<br>\n5 p.m.</p>\n<p>a\nb</p>"
    )


@pytest.mark.parametrize("text", MARKDOWN["markdown"])
def test_markdown_bodies_are_recognised(text):
    assert looks_like_markdown(text)


@pytest.mark.parametrize("text", MARKDOWN["plain"])
def test_plain_text_bodies_are_not_taken_for_markdown(text):
    assert not looks_like_markdown(text)


def test_the_real_sample_body_is_not_markdown():
    body = (CASES / "istanbul-body.txt").read_text(encoding="utf-8")
    assert not looks_like_markdown(body)
    assert not looks_like_markdown(repair_body(body).text)


# --------------------------------------------------------------------------------------
# Layouts: blocks, single newlines, list-like blocks, hard wraps
# --------------------------------------------------------------------------------------

LAYOUT_CASES = _json("layouts.json")


@pytest.mark.parametrize(
    "case", LAYOUT_CASES, ids=[case["note"][:40] for case in LAYOUT_CASES]
)
def test_single_newlines_are_decided_per_block(case):
    paragraphs, restored = split_paragraphs(case["input"])
    assert paragraphs == case["paragraphs"]
    assert restored == case["restored"]
    # Only line breaks moved: the text of every block is all there, in order.
    lines = [line.strip() for line in case["input"].split("\n") if line.strip()]
    flat = "".join(paragraphs).replace(LINE_BREAK, "").replace("\n", "")
    assert flat == "".join(lines)


def test_layout_cases_cover_every_kind_of_line_break():
    kinds = {
        "line break": any(
            LINE_BREAK in p for c in LAYOUT_CASES for p in c["paragraphs"]
        ),
        "soft": any("\n" in p for c in LAYOUT_CASES for p in c["paragraphs"]),
        "paragraph": any(c["restored"] for c in LAYOUT_CASES),
    }
    assert all(kinds.values()), kinds


def test_repair_body_says_what_it_did_with_the_lines():
    body = "Places:\n\nOne place, May 22.\nAnother place, May 23.\nA third, May 24.\n\n"
    body += "The talks were held in\nIstanbul on Friday and ended\nearly.Then came"
    body += " news."
    repaired = repair_body(body)
    assert repaired.line_breaks == 2
    assert repaired.lines_joined == 2
    assert repaired.paragraphs_restored == 1
    assert repaired.explain() == (
        "1 paragraph restored; 2 line breaks kept; 2 wrapped lines joined"
    )
    assert LINE_BREAK not in repaired.text
    assert "One place, May 22.\nAnother place" in repaired.text


@given(
    st.lists(
        st.text(st.characters(codec="utf-8", exclude_characters="\r"), max_size=40),
        max_size=6,
    )
)
def test_any_layout_only_moves_breaks(parts):
    # Whatever the text and its line breaks, the repair keeps every character that
    # is not whitespace, in order: paragraphs and line breaks only move.
    text = "\n".join(parts)
    paragraphs, _ = split_paragraphs(text)
    assert "".join("".join(paragraphs).split()) == "".join(text.split())
    assert all(p.strip() for p in paragraphs)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("pl", "Szkoła im.Humboldta przy ul.Długiej otwiera się o godz.8 rano."),
        ("de", "Es gab z.B.Brot und die Nr.5 der Liste."),
        ("tr", "Toplantıya Doç.Ayşe Kaya ve Av.Mehmet Demir de geldi."),
    ],
)
def test_abbreviations_come_from_the_language_data(lang, text):
    assert split_paragraphs(text, lang)[0] == [text]
    # Without the language's list, the same full stops read as seams.
    assert len(split_paragraphs(text, "en")[0]) > 1


def test_a_new_language_is_a_data_file():
    from pelican_newsimport.repair import abbreviation_languages, abbreviations

    assert {"en", "de", "es", "fr", "tr", "pl"} <= set(abbreviation_languages())
    assert "godz." in abbreviations("pl")
    assert "Godz." in abbreviations("pl")  # listed in lower case, also capitalised
    assert "vb." in abbreviations("tr")
    assert abbreviations("xx") == abbreviations(None)  # unknown: every language
    assert "z.B." in abbreviations(None)


def test_the_language_is_detected_from_the_text():
    from pelican_newsimport.repair import detect_language

    assert (
        detect_language("Szkoła jest w centrum miasta i jest otwarta od rana.") == "pl"
    )
    assert detect_language("Die Schule ist in der Stadt und sie ist offen.") == "de"
    assert detect_language("The school is in the city and it is open.") == "en"
    assert detect_language("Okul şehrin merkezinde ve bu sabah da açık.") == "tr"


def test_list_like_blocks_are_rendered_with_br_in_a_built_page(site):
    body = "Exposure sites:\n\nClub Denver, 5:30 to 8:30 p.m. May 22.\n"
    body += 'Union Station, noon to 2 p.m. May 23.\nThe "<Airport>", May 24.\n\n'
    body += "Watch for symptoms.It is\nwrapped here."
    site.write("posts/exposure-1.md", news_file(body=pipeline_body(body)))
    site.build()
    pages = [p for p in site.outputs() if p.name.startswith("exposure")]
    assert len(pages) == 1, site.outputs()
    html_text = pages[0].read_text(encoding="utf-8")
    assert "May 22.<br>" in html_text
    assert "&lt;Airport&gt;" in html_text
    assert "<Airport>" not in html_text
    soup = BeautifulSoup(html_text, "html.parser")
    texts = [p.get_text() for p in soup.find_all("p")]
    assert "Watch for symptoms." in texts
    assert "It is\nwrapped here." in texts
    listed = next(p for p in soup.find_all("p") if "Club Denver" in p.get_text())
    assert len(listed.find_all("br")) == 2


def test_a_camel_case_name_that_recurs_is_a_name_not_a_heading():
    text = "DeepSeek said its model was cheap. Analysts said DeepSeek was fast."
    assert split_paragraphs(text, "en")[0] == [text]
