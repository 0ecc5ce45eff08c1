"""Turn a content file's bytes into text without losing articles that are not UTF-8.

Importers do not all write UTF-8: one real importer writes Windows-1252 (9 of
its 30 files), and Windows tools write UTF-16 with a byte-order mark.
Refusing such a file loses an article that decodes cleanly, so:

* a byte-order mark decides (UTF-8, UTF-16, UTF-32);
* valid UTF-8 is UTF-8;
* otherwise charset-normalizer (a maintained charset detector) proposes the
  decodings that read as real text; when several are equally clean, a
  Windows code page (what importers on Windows write) with the most coherent
  language wins, Windows-1252 on a tie.  The caller logs the encoding used.
* only bytes that no encoding reads as text (or NUL bytes without a BOM,
  which mean a binary file) are refused, with a :class:`DecodingError`.

Newlines are normalised to ``\\n``.  Pure module: no Pelican import.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

__all__ = ["Decoded", "DecodingError", "decode"]

# UTF-32-LE's mark starts with UTF-16-LE's, so it is tried first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


CANDIDATES = (
    *(f"cp125{n}" for n in range(9)),
    "iso8859_2",
    "iso8859_5",
    "iso8859_7",
    "iso8859_9",
    "iso8859_15",
    "koi8_r",
    "koi8_u",
    "cp932",
    "euc_jp",
    "gb18030",
    "big5",
    "cp949",
)
"""Encodings a file may be in: what Windows, Unix and East Asian tools write.

DOS and old Mac code pages are left out: they decode the typographic quotes of
Windows-1252 as box drawings and accented letters almost as cleanly.
"""


SURROGATES = "utf-8 with lone surrogates"
MIXED = "utf-8 with windows-1252 bytes"


class DecodingError(ValueError):
    """The bytes are not text in any encoding we can be confident of."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text and the encoding it was read with (``"utf-8"`` usually)."""

    text: str
    encoding: str

    @property
    def is_utf8(self) -> bool:
        return self.encoding == "utf-8"


def _display_name(encoding: str) -> str:
    """``cp1252`` is better known as ``windows-1252``."""
    if encoding.startswith("cp125"):
        return "windows-" + encoding[2:]
    return encoding.replace("_", "-")


def _is_windows(match: object) -> bool:
    return any(name.startswith("cp125") for name in match.could_be_from_charset)


def _guess(data: bytes) -> Decoded:
    # One chunk, the whole file: sampled chunks cut words and quotations,
    # which the detector then counts as noise.
    matches = from_bytes(
        data, steps=1, chunk_size=max(len(data), 1), cp_isolation=CANDIDATES
    )
    best = matches.best()
    if best is None:
        raise DecodingError("not valid UTF-8, and no text encoding fits its bytes")
    windows = [m for m in matches if _is_windows(m) and m.chaos <= best.chaos + 0.02]
    chosen = max(
        windows,
        key=lambda m: (round(m.coherence, 2), "cp1252" in m.could_be_from_charset),
        default=best,
    )
    names = chosen.could_be_from_charset
    encoding = "cp1252" if "cp1252" in names else chosen.encoding
    return Decoded(str(chosen), _display_name(encoding))


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}"
    rb"|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


_NON_ASCII = bytes(range(0x80, 0x100))


def _windows_1252_bytes(error: UnicodeDecodeError) -> tuple[str, int]:
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", "replace"), error.end


codecs.register_error("newsimport-windows-1252", _windows_1252_bytes)


def _legacy(data: bytes) -> Decoded:
    """Bytes that are not UTF-8: a legacy encoding, or UTF-8 with some of it.

    An importer that pastes Windows-1252 text into a UTF-8 template writes
    both in one file; no single encoding reads it, so when the file holds
    real UTF-8 sequences (as many as stray bytes, or no legacy encoding fits
    and the stray bytes are few) the stray bytes alone are read as
    Windows-1252.
    """
    found = _UTF8_SEQUENCE.findall(data)
    sequences = len(found)
    non_ascii = len(data) - len(data.translate(None, _NON_ASCII))
    stray = non_ascii - sum(map(len, found))
    if sequences and sequences >= stray:
        return _mixed(data)
    try:
        return _guess(data)
    except DecodingError:
        if sequences and stray <= len(data) // 20:  # a few stray bytes, not noise
            return _mixed(data)
        raise


def _mixed(data: bytes) -> Decoded:
    return Decoded(data.decode("utf-8", "newsimport-windows-1252"), MIXED)


def _utf8_with_surrogates(data: bytes) -> Decoded | None:
    """UTF-8 whose only flaw is encoded lone surrogates (what some tools write).

    The surrogates are kept for :func:`.safety.clean_text` to replace with
    U+FFFD; reading the whole file as a legacy encoding instead would turn
    every other non-ASCII letter into mojibake.
    """
    try:
        return Decoded(data.decode("utf-8", "surrogatepass"), SURROGATES)
    except UnicodeDecodeError:
        return None


def decode(data: bytes) -> Decoded:
    """Decode a content file; raise :class:`DecodingError` if it is not text.

    >>> decode("Café “news”\\r\\n".encode("utf-8"))
    Decoded(text='Café “news”\\n', encoding='utf-8')
    >>> decode("Café “news”, naïve déjà vu\\n".encode("cp1252"))
    Decoded(text='Café “news”, naïve déjà vu\\n', encoding='windows-1252')
    >>> decode("Zürich \\udc80".encode("utf-8", "surrogatepass")).encoding
    'utf-8 with lone surrogates'
    >>> decode("“Zürich” — ".encode() + "Größer".encode("cp1252"))
    Decoded(text='“Zürich” — Größer', encoding='utf-8 with windows-1252 bytes')
    >>> decode("\\ufefftitle: x\\n".encode("utf-16-be"))
    Decoded(text='title: x\\n', encoding='utf-16-be')
    >>> decode(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")
    Traceback (most recent call last):
    pelican_newsimport.decoding.DecodingError: binary data (NUL bytes), not a text file
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise DecodingError(f"not valid {encoding} after its BOM") from None
            return Decoded(_newlines(text.removeprefix("\ufeff")), encoding)
    if b"\0" in data:
        raise DecodingError("binary data (NUL bytes), not a text file")
    try:
        decoded = Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        decoded = _utf8_with_surrogates(data) or _legacy(data)
    return Decoded(_newlines(decoded.text), decoded.encoding)


def _newlines(text: str) -> str:
    if "\r" not in text:  # most files: one C-speed search, no copies
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
