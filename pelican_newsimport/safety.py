"""Make untrusted text and HTML safe to hand to any Pelican theme.

Pelican renders templates with autoescaping off, and themes (the default one
included) pass titles and summaries through ``striptags``, which *unescapes*
entities after removing tags: ``&quot;`` turns back into a live ``"`` inside a
``title="..."`` attribute, and ``&lt;/title&gt;`` into a live ``</title>``.
Escaping a field once is therefore not enough.  :func:`text_to_html` produces
HTML that stays inert both when a theme prints it as-is and when it prints
``field|striptags``:

* straight quotes become typographic quotes (what a news desk prints anyway),
  so no quote character survives to break out of an attribute;
* ``&``, ``<`` and ``>`` are escaped, and a ``<`` that could start a tag once
  unescaped is followed by an invisible WORD JOINER (U+2060), so the HTML
  tokenizer reads it as text.

Pure module: no Pelican import.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from functools import cache
from typing import Any

import nh3
from ftfy.fixes import fix_c1_controls

WORD_JOINER = "\u2060"

_OPENING_CONTEXT = frozenset(" \t\n\r([{<\u2014\u2013-/\u00a0")
_STRAIGHT_QUOTE = re.compile("[\"']")
_TAG_START = re.compile(r"&lt;(?=[A-Za-z/!?])")


def smart_quotes(text: str) -> str:
    """Replace straight quotes with typographic ones.

    >>> smart_quotes('He said "no" and it\\'s final')
    'He said “no” and it’s final'
    >>> smart_quotes("'Quoted'")
    '‘Quoted’'
    """
    if '"' not in text and "'" not in text:
        return text

    def typographic(match: re.Match[str]) -> str:
        start = match.start()
        opening = start == 0 or text[start - 1] in _OPENING_CONTEXT
        if match.group() == '"':
            return "\u201c" if opening else "\u201d"
        return "\u2018" if opening else "\u2019"

    return _STRAIGHT_QUOTE.sub(typographic, text)


def text_to_html(text: str) -> str:
    """Turn plain text into HTML that is inert with or without ``striptags``.

    >>> text_to_html('Q&A: "<b>bold</b>"')
    'Q&amp;A: “&lt;\u2060b&gt;bold&lt;\u2060/b&gt;”'
    >>> text_to_html("3 < 4 > 2")
    '3 &lt; 4 &gt; 2'
    """
    text = smart_quotes(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _TAG_START.sub("&lt;" + WORD_JOINER, text)


def harden_html(fragment: str) -> str:
    """Keep escaped ``<`` inert even for code that unescapes a page twice.

    Some plugins re-read what Pelican wrote and decode entities once more:
    pelican-image-process (which the seafoam theme turns on) calls
    ``html.unescape`` on every feed entry that BeautifulSoup already decoded,
    so an article that *shows* ``&lt;script&gt;`` would carry a live
    ``<script>`` in its feed.  As in :func:`text_to_html`, a WORD JOINER after
    each escaped ``<`` that could start a tag keeps it text after any number
    of decodings; readers see nothing (also inside code samples, where a copy
    of ``<div>`` then carries the invisible U+2060).

    >>> harden_html("<p>a &lt;script&gt; and 3 &lt; 4</p>")
    '<p>a &lt;\u2060script&gt; and 3 &lt; 4</p>'
    """
    return _TAG_START.sub("&lt;" + WORD_JOINER, fragment)


def plain_feed_names(items: list[dict[str, Any]]) -> None:
    """Give a feed's author names and categories as text, not HTML.

    Author, tag and category names are escaped HTML (:func:`text_to_html`),
    because Pelican's templates print them without escaping; the feed writer
    escapes them once more, so "Smith &amp;amp; Wesson" would reach feed
    readers.  Run on ``feed_generated``, before the feed is written.

    >>> items = [{"author_name": "Smith &amp; Wesson", "categories": ["Q&amp;A"]}]
    >>> plain_feed_names(items)
    >>> items
    [{'author_name': 'Smith & Wesson', 'categories': ['Q&A']}]
    """
    for item in items:
        if isinstance(item.get("author_name"), str):
            item["author_name"] = plain_text(item["author_name"])
        if item.get("categories"):
            item["categories"] = [plain_text(str(c)) for c in item["categories"]]


@cache
def plain_text(field_html: str) -> str:
    """Undo :func:`text_to_html` for JSON, feeds and the command line.

    >>> plain_text("Q&amp;A: &lt;\u2060b&gt;")
    'Q&A: <b>'
    """
    return html.unescape(str(field_html)).replace(WORD_JOINER, "")


@cache
def _cleaner() -> nh3.Cleaner:
    tags = set(nh3.ALLOWED_TAGS) | {
        "figure",
        "figcaption",
        "picture",
        "source",
        "details",
        "summary",
        "mark",
    }
    attributes = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
    attributes["*"] = attributes.get("*", set()) | {"class", "id", "lang", "dir"}
    attributes["a"] = attributes.get("a", set()) | {"href", "title", "hreflang"}
    attributes["img"] = attributes.get("img", set()) | {
        "src",
        "alt",
        "title",
        "width",
        "height",
        "loading",
    }
    attributes["source"] = {"srcset", "type", "media"}
    attributes["td"] = attributes.get("td", set()) | {"colspan", "rowspan", "align"}
    attributes["th"] = attributes.get("th", set()) | {"colspan", "rowspan", "align"}
    return nh3.Cleaner(
        tags=tags,
        attributes=attributes,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def sanitize_html(html: str) -> str:
    """Keep ordinary article markup; drop scripts, handlers and unsafe URLs.

    Uses nh3 (the Rust ``ammonia`` allowlist sanitiser).  Relative links,
    including Pelican's ``{static}`` and ``{filename}`` placeholders, are kept.

    >>> sanitize_html('<p onclick="x()">Hi<script>alert(1)</script></p>')
    '<p>Hi</p>'
    >>> sanitize_html('<a href="javascript:alert(1)">x</a>')
    '<a rel="noopener noreferrer">x</a>'
    >>> sanitize_html('<a href="{filename}/other.md">x</a>')
    '<a href="{filename}/other.md" rel="noopener noreferrer">x</a>'
    """
    return _cleaner().clean(html)


def json_for_script(text: str) -> str:
    """Make serialised JSON safe inside ``<script type="application/ld+json">``.

    >>> print(json_for_script('{"headline": "</script>&"}'))
    {"headline": "\\u003c/script\\u003e\\u0026"}
    """
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# --- characters ---------------------------------------------------------------

# Whitespace-like controls become a space so the words they separated stay apart.
_SPACE_LIKE = "\x0b\x0c\x1c\x1d\x1e\x1f"
# Noncharacters: U+FDD0..U+FDEF and the last two code points of every plane.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
    for plane in range(17)
)
_NOT_XML_OR_HTML = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]|\r\n?"
)
# The same test without the astral noncharacters, which make a character class
# some twenty times slower to search; those are looked for only in text that
# has astral characters at all.
_BMP_CHECK = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
# Whether a text reaches the first astral noncharacter at all: one range is
# searched in C several times faster than ``max(text)`` builds its characters.
_FROM_ASTRAL_NONCHARACTER = re.compile("[\U0001fffe-\U0010ffff]")


# A long text (a body, a whole file) is tested with substring searches, which
# run at memchr speed, instead of the character class (some 2.5 ns a
# character): the controls in the text itself, the rest in its UTF-8 bytes by
# their lead bytes, which searches have to look at only where they occur.
_LONG_TEXT = 512
_ASCII_NOT_ALLOWED = tuple(map(chr, (*range(0x09), *range(0x0B, 0x20), 0x7F)))
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_BMP_NONCHARACTER_UTF8 = re.compile(rb"\xef(?:\xb7[\x90-\xaf]|\xbf[\xbe\xbf])")
# U+nFFFE and U+nFFFF of planes 1 to 16 (the second byte names the plane).
_ASTRAL_NONCHARACTER_UTF8 = re.compile(rb"[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]")
_ASTRAL_LEADS = (b"\xf0", b"\xf1", b"\xf2", b"\xf3", b"\xf4")


def _long_text_needs_cleaning(text: str) -> bool:
    if any(char in text for char in _ASCII_NOT_ALLOWED):
        return True
    if text.isascii():
        return False
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return True  # a lone surrogate
    return bool(
        (b"\xc2" in data and _C1_UTF8.search(data))
        or (b"\xef" in data and _BMP_NONCHARACTER_UTF8.search(data))
        or (
            any(lead in data for lead in _ASTRAL_LEADS)
            and _ASTRAL_NONCHARACTER_UTF8.search(data)
        )
    )


def _needs_cleaning(text: str) -> bool:
    if len(text) >= _LONG_TEXT:
        return _long_text_needs_cleaning(text)
    if _BMP_CHECK.search(text):
        return True
    return (
        not text.isascii()
        and _FROM_ASTRAL_NONCHARACTER.search(text) is not None
        and (_NOT_XML_OR_HTML.search(text) is not None)
    )


def _replacement(match: re.Match[str]) -> str:
    char = match.group()
    if char[0] == "\r":
        return "\n"
    if char in _SPACE_LIKE:
        return " "
    if "\ud800" <= char <= "\udfff":
        return "\ufffd"
    return ""


def clean_text(text: str) -> str:
    """Make text valid in XML 1.0 and HTML, changing nothing else.

    A control character in a title stops Pelican's feed writer
    (``Control characters are not supported in XML 1.0``) and U+FFFE leaves a
    feed not well-formed, so every text an imported file gives is cleaned,
    after any entity decoding (``&#12;`` decodes to one).  C1 controls are
    almost always Windows-1252 read as Latin-1, so they become the Windows-1252
    character (ftfy's ``fix_c1_controls``); other controls except tab and
    newline are removed (vertical tab, form feed and the separators become a
    space), ``\\r\\n`` and ``\\r`` become ``\\n``, noncharacters are removed and
    a lone surrogate becomes U+FFFD.

    >>> clean_text("Bell\\x07 and\\x0bfeed\\x0cand \\x1b[31mred")
    'Bell and feed and [31mred'
    >>> clean_text("\\x93Quoted\\x94\\r\\nnext\\ufffe\\uffff\\U0010ffff \\ud800")
    '“Quoted”\\nnext \\ufffd'
    >>> clean_text("Tab\\tand newline\\n stay") == "Tab\\tand newline\\n stay"
    True
    """
    if not _needs_cleaning(text):
        return text
    if any("\x80" <= char <= "\x9f" for char in text):
        text = fix_c1_controls(text)
    return _NOT_XML_OR_HTML.sub(_replacement, text)


def clean_value(value: Any) -> Any:
    """:func:`clean_text` on every string in a loaded value, keys included.

    >>> clean_value({"t\\x00ags": ["a\\x07", 3, {"k": "\\ufffe"}]})
    {'tags': ['a', 3, {'k': ''}]}
    """
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return type(value)(clean_value(v) for v in value)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    return value


# Default_Ignorable_Code_Point characters that are not of category Cf: they
# draw nothing, so ``Unknown\u3164Source`` must still read as a placeholder.
_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0000-\U000e0fff]"
)
_SPACES = re.compile(r"\s+")
_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")


@cache
def comparison_key(text: str) -> str:
    """The form two texts are compared in: what a reader sees, not the code points.

    NFKC (full-width and compatibility forms fold), case-folded, with every
    invisible formatting character removed (zero-width spaces and joiners,
    bidi controls, soft hyphens, variation selectors, fillers) and whitespace
    runs made one space.  Used for the placeholder check and for same-title
    and duplicate detection, so invisible characters cannot make a copy look
    new or ``Unknown Source`` look like a publisher.

    >>> comparison_key("Unknown\\u200bSource"), comparison_key("\\u202eＲｅｕｔｅｒｓ")
    ('unknownsource', 'reuters')
    >>> comparison_key("Un\\u00adknown\\u2060  Sou\\ufe0frce\\u3164")
    'unknown source'
    """
    if text.isascii():
        text = _ASCII_CONTROLS.sub("", text)
    else:
        text = unicodedata.normalize("NFKC", text)
        text = _IGNORABLE.sub("", "".join(filter(_visible, text)))
    return _SPACES.sub(" ", text.casefold()).strip()


def _visible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) not in {"Cf", "Cc"}


# Everything a terminal may act on instead of printing: C0 controls but tab,
# C1 controls (ESC and CSI start escape sequences), DEL, bidi embeddings, overrides and
# isolates, and the other invisible formatting characters except ZWJ (emoji).
_TERMINAL_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200c\u200e\u200f"
    "\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)


def _escape_for_terminal(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """Show control and bidi characters as escapes, so a terminal prints them.

    ``check`` and ``show`` print titles and names from files nobody vetted; an
    ESC sequence could rewrite the screen (or print a fake "0 broken" line), a
    newline could start a fake report line, and a right-to-left override
    could reverse what a line says.  Apply to each printed line (or JSON
    text): the escapes are visible, and JSON ``\\u`` escapes stay valid JSON.

    >>> print(terminal_safe("Title\\x1b[2K\\r0 broken\\n\\u202eevil"))
    Title\\x1b[2K\\x0d0 broken\\x0a\\u202eevil
    >>> terminal_safe("Plain, ünïcode and emoji 👩\\u200d💻 stay")
    'Plain, ünïcode and emoji 👩\\u200d💻 stay'
    """
    return _TERMINAL_UNSAFE.sub(_escape_for_terminal, text)


class TerminalSafeLog(logging.Filter):
    """Escape control and bidi characters in log lines, as :func:`terminal_safe`.

    ``pelican`` prints its log to the terminal; names and paths in it come
    from imported files (a file named with an ESC sequence, a tag with a
    right-to-left override), so the plugin's loggers, and Pelican's that name
    content files, get this filter.

    >>> record = logging.LogRecord("x", 30, "", 0, "%s: bad", ("a\\x1b[2J.md",), None)
    >>> TerminalSafeLog().filter(record), record.getMessage()
    (True, 'a\\\\x1b[2J.md: bad')
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        safe = terminal_safe(message)
        if safe != message:
            record.msg, record.args = safe, ()
        return True


def terminal_safe_json(text: str) -> str:
    """:func:`terminal_safe` for serialised JSON: escapes are JSON ``\\u`` escapes.

    >>> import json
    >>> data = {"t": "a\\u202eb\\x9b\\x1b"}
    >>> shown = terminal_safe_json(json.dumps(data, indent=1, ensure_ascii=False))
    >>> print(shown)
    {
     "t": "a\\u202eb\\u009b\\u001b"
    }
    >>> json.loads(shown) == data
    True
    """
    return _TERMINAL_UNSAFE.sub(_escape_for_json, text)


def _escape_for_json(match: re.Match[str]) -> str:
    char = match.group()
    # json.dumps escapes the C0 controls inside strings itself; a raw newline
    # in its output is indentation, which must stay.
    return char if char == "\n" else f"\\u{ord(char):04x}"
