"""Files that are not UTF-8 are decoded, not lost; only non-text is refused."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from pelican_newsimport import NewsImportError
from pelican_newsimport.decoding import DecodingError, decode
from pelican_newsimport.safety import text_to_html
from tests.conftest import Site, news_file

CASES = json.loads(
    (Path(__file__).parent / "cases" / "decoding.json").read_text(encoding="utf-8")
)
CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.txt"))
# The pipeline's front matter, as a Windows importer would write it.
FRONT_MATTER = (
    '---\ntitle: "{title}"\ndate: "2025-05-16T00:00:00+03:00"\ndraft: false\n'
    'source_name: "Unknown Source" # Front Matter\'a source_name eklendi\n---\n'
)


def _file(title: str, body: str) -> str:
    return FRONT_MATTER.format(title=title) + body


@pytest.mark.parametrize(("lang", "codec", "name", "text"), CASES["exact"])
def test_legacy_encodings_decode_exactly(lang, codec, name, text) -> None:
    original = _file(text[:40], text)
    decoded = decode(original.encode(codec))
    assert decoded.text == original
    assert decoded.encoding == name
    assert not decoded.is_utf8


@pytest.mark.parametrize(("lang", "codec", "text"), CASES["ambiguous"])
def test_ambiguous_files_are_published_in_some_legacy_encoding(lang, codec, text):
    decoded = decode(_file("x", text).encode(codec))
    assert decoded.text.startswith(_file("x", "")[:20])
    assert decoded.encoding.startswith("windows-")


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
@pytest.mark.parametrize("quotes", ["as published", "typographic"])
def test_real_articles_written_as_windows_1252_come_back(path, quotes) -> None:
    body = path.read_text(encoding="utf-8")
    if quotes == "typographic":
        body = body.replace('"', "\u201c").replace(" - ", " \u2013 ")
    original = _file(path.stem, body)
    try:
        data = original.encode("cp1252")
    except UnicodeEncodeError:
        pytest.skip("has characters Windows-1252 cannot write")
    decoded = decode(data)
    assert decoded.text == original
    assert decoded.encoding == ("utf-8" if data.isascii() else "windows-1252")


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Zürich\r\nline\r".encode(), "Zürich\nline\n", "utf-8"),
        ("\ufeffZürich".encode(), "Zürich", "utf-8"),
        ("\ufeffZürich".encode("utf-16-le"), "Zürich", "utf-16-le"),
        ("\ufeffZürich".encode("utf-32-be"), "Zürich", "utf-32-be"),
    ],
)
def test_byte_order_marks_and_newlines(data, text, encoding) -> None:
    decoded = decode(data)
    assert (decoded.text, decoded.encoding) == (text, encoding)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"---\ntitle: x\n---\n" + bytes(range(0x80, 0x100)) * 3,
        random.Random(1).randbytes(300).replace(b"\0", b"\1"),  # noqa: S311
        b"\xff\xfe\x00\xd8",  # UTF-16 mark, then a lone surrogate
    ],
)
def test_what_is_not_text_is_refused(data) -> None:
    with pytest.raises(DecodingError):
        decode(data)


def test_a_windows_1252_file_is_published_with_a_warning_naming_it(
    site: Site, caplog
) -> None:
    text = news_file("Café “Zürich” — naïve", "Der Bürgermeister sagte: „Größer!“")
    site.write("windows-1252.md", text.encode("cp1252"))
    article = site.read("windows-1252.md")
    assert article.title == text_to_html("Café “Zürich” — naïve")
    assert "Größer" in article.content
    assert "windows-1252.md: not UTF-8; decoded as windows-1252" in caplog.text


def test_a_legacy_file_without_front_matter_is_named_not_crashed(
    site: Site, caplog
) -> None:
    site.write(
        "plain-latin1.md", "Title: Café\nDate: 2025-01-01\n\nBody é".encode("cp1252")
    )
    with pytest.raises(NewsImportError, match="save it as UTF-8"):
        site.read("plain-latin1.md")
    assert caplog.text.count("plain-latin1.md") == 1


def test_utf8_with_an_encoded_lone_surrogate_stays_utf8() -> None:
    data = "Zürich “news” \udc80 end".encode("utf-8", "surrogatepass")
    decoded = decode(data)
    assert decoded.encoding == "utf-8 with lone surrogates"
    assert decoded.text == "Zürich “news” \udc80 end"  # clean_text makes it U+FFFD
