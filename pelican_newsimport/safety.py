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
import re
from functools import cache

import nh3

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
