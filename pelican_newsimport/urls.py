"""Read the URLs of imported files the way a browser reads them.

An imported ``image``, ``source_url`` or passed-through ``cover`` ends up in
an ``href``, a ``src``, a ``<meta content>``, a JSON-LD value or a CSS
``url(...)``, so what decides whether it is safe must be what the browser will
make of it, not what Python's :mod:`urllib` makes of it.  The two disagree:
to a browser ``https://evil.com\\@good.com/`` is a page on ``evil.com`` (a
backslash is a ``/`` in http(s) URLs), ``https://%65xample.com/`` is
``example.com`` and ``jav&#x61;script:`` inside an attribute is
``javascript:``.  URLs are therefore parsed with ada-url, a WHATWG URL
Standard parser (the one Node.js uses), after decoding HTML entities once,
as the attribute would be.

A URL is accepted when it is an absolute ``http``/``https`` URL with a real
host name or IP address, no credentials and no whitespace, control or
invisible formatting character.  What comes out is the serialised URL the
browser would request (``href``), with ``'``, backtick and parentheses also
percent-encoded (and a backslash left in a query), so it stays inert in any
attribute, in a JavaScript string and in an unquoted CSS ``url()``.  Images
may also be site-root paths (``/images/x.jpg``).

Host names are shown to readers as a browser's address bar shows them:
Unicode, unless a label mixes scripts (``rеuters.com`` with a Cyrillic ``е``)
or is Cyrillic made only of letters that look Latin; those are shown in
punycode (``xn--ruters-3of.com``), as Chrome and Firefox do.

Pure module: no Pelican import.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ada_url

__all__ = ["CheckedURL", "URLError", "check_url", "display_host", "http_url"]

# WHATWG strips leading and trailing "C0 control or space" before parsing.
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_SITE = "https://site.invalid"
_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)", re.ASCII)
_ATTRIBUTE_UNSAFE = str.maketrans(
    {"'": "%27", "`": "%60", "(": "%28", ")": "%29", "\\": "%5C"}
)
_HOST_IP = {ada_url.HostType.IPV4, ada_url.HostType.IPV6}
_PARTS = ("href", "username", "password", "protocol", "hostname", "host_type")
_ASCII_SPACE = re.compile(r"[\x00-\x20\x7f]")
# The authority as the URL Standard finds it: after the scheme and any
# slashes or backslashes, up to the first /, \, ? or #.
_AUTHORITY = re.compile(r"[a-z][a-z0-9+.-]*:[/\\]*([^/\\?#]*)", re.I | re.ASCII)


class URLError(ValueError):
    """A value is not a URL the site may link to; ``str()`` says why."""


@dataclass(frozen=True, slots=True)
class CheckedURL:
    """A URL as the browser will use it.

    ``href`` is what to write into the page; ``host`` the ASCII host
    (punycode, an IP address, IPv6 in brackets; ``""`` for a site path) and
    ``shown_host`` the host as a reader should see it (:func:`display_host`).
    """

    href: str
    host: str = ""
    shown_host: str = ""


def _invisible_or_space(char: str) -> bool:
    return char <= " " or unicodedata.category(char)[0] in "CZ"


def _has_space_or_invisible(text: str) -> bool:
    if text.isascii():
        return _ASCII_SPACE.search(text) is not None
    return any(map(_invisible_or_space, text))


def _valid_dns_name(host: str) -> bool:
    name = host.removesuffix(".")
    if not name or len(name) > 253:
        return False
    for label in name.split("."):
        if not _LABEL.fullmatch(label):
            return False
        if label.startswith("xn--") and not _decodes(label):
            return False
    return True


def _decodes(label: str) -> bool:
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
    except UnicodeError:
        return False
    return bool(decoded) and _to_ascii(decoded) == label


def _to_ascii(host: str) -> str:
    return ada_url.idna_to_ascii(host).decode("ascii", "replace")


def _site_path(text: str) -> CheckedURL:
    try:
        parsed = ada_url.URL(text, _SITE)
    except ValueError:
        raise URLError("is not a path on this site") from None
    if parsed.origin != _SITE:
        raise URLError("is not a path on this site")
    return CheckedURL(
        (parsed.pathname + parsed.search + parsed.hash).translate(_ATTRIBUTE_UNSAFE)
    )


@lru_cache(maxsize=65536)
def check_url(value: str, *, site_paths: bool = False) -> CheckedURL:
    """Parse ``value`` as a browser would; raise :class:`URLError` if unsafe.

    >>> check_url("https://example.com\\\\img\\\\a.jpg").href
    'https://example.com/img/a.jpg'
    >>> check_url("HTTP://[::1]:8080/x?q='1'").href
    'http://[::1]:8080/x?q=%271%27'
    >>> check_url("https://rеuters.com/world").shown_host
    'xn--ruters-3of.com'
    >>> check_url("/images/(1).jpg?v=2", site_paths=True).href
    '/images/%281%29.jpg?v=2'
    >>> for bad in ("jav&#x61;script:alert(1)", "https://u:p@example.com/",
    ...             "https://example.com/a b", "//evil.com/x", "/\\\\evil.com/x"):
    ...     try:
    ...         check_url(bad, site_paths=True)
    ...     except URLError as error:
    ...         print(error)
    is not an http(s) URL
    has a user name or password
    contains whitespace or an invisible character
    is not a path on this site
    is not a path on this site
    >>> check_url("//evil.com/x")
    Traceback (most recent call last):
    pelican_newsimport.urls.URLError: is not an absolute URL
    """
    if not isinstance(value, str):
        raise URLError("is not text")
    text = html.unescape(value).strip(_C0_OR_SPACE)
    if not text:
        raise URLError("is empty")
    if _has_space_or_invisible(text):
        raise URLError("contains whitespace or an invisible character")
    if site_paths and text.startswith(("/", "\\")):
        return _site_path(text)
    if not ada_url.check_url(text):
        raise URLError("is not an absolute URL")
    parsed = ada_url.parse_url(text, _PARTS)
    if parsed["protocol"] not in {"http:", "https:"}:
        raise URLError("is not an http(s) URL")
    authority = _AUTHORITY.match(text)
    if parsed["username"] or parsed["password"] or "@" in authority.group(1):
        raise URLError("has a user name or password")
    host = parsed["hostname"]
    if parsed["host_type"] not in _HOST_IP and not _valid_dns_name(host):
        raise URLError(f"has no valid host name ({host!r})")
    href = parsed["href"].translate(_ATTRIBUTE_UNSAFE)
    return CheckedURL(href, host, display_host(host))


def http_url(value: object, *, site_paths: bool = False) -> str | None:
    """The ``href`` of a safe URL, or ``None``; see :func:`check_url`.

    >>> http_url("https://www.bbc.co.uk/news?id=1#top")
    'https://www.bbc.co.uk/news?id=1#top'
    >>> http_url("data:text/html,x"), http_url(None), http_url("/x.jpg")
    (None, None, None)
    """
    try:
        # Called as :mod:`.attribution` calls it, so one cached parse serves both.
        checked = check_url(value, site_paths=True) if site_paths else check_url(value)
        return checked.href  # type: ignore[arg-type]
    except (URLError, TypeError):
        return None


# Scripts a label may combine, per Chrome's IDN display policy (the Unicode
# "Highly Restrictive" profile): Latin with the scripts Japanese, Chinese
# and Korean writing mix it with.
_ALLOWED_MIXES = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)
_SCRIPT_ALIASES = {
    "CJK": "HAN",
    "IDEOGRAPHIC": "HAN",
    "KATAKANA-HIRAGANA": "KATAKANA",
    "HALFWIDTH": "KATAKANA",
}
# Cyrillic letters that look like Latin ones: a label made only of these
# (``аррӏе``) is shown in punycode unless the top-level domain is Cyrillic.
_CYRILLIC_LOOKALIKES = frozenset("аԁсеһіјӏорԛѕԝхуъьҽпгѵѡԍ")


def _script(char: str) -> str | None:
    """The script of a letter, from its Unicode name; None for digits, marks, '-'."""
    if not unicodedata.category(char).startswith("L"):
        return None
    first = unicodedata.name(char, "UNKNOWN").split()[0]
    return _SCRIPT_ALIASES.get(first, first)


def _spoofable(label: str, tld_is_cyrillic: bool) -> bool:
    scripts = {script for char in label if (script := _script(char))}
    if len(scripts) > 1 and not any(scripts <= mix for mix in _ALLOWED_MIXES):
        return True
    letters = {char for char in label if _script(char)}
    return (
        scripts == {"CYRILLIC"}
        and letters <= _CYRILLIC_LOOKALIKES
        and not tld_is_cyrillic
    )


@lru_cache(maxsize=8192)
def display_host(host: str) -> str:
    """Show a host as a browser's address bar does: Unicode unless spoofable.

    >>> display_host("xn--mnchen-3ya.de"), display_host("ZÜRICH.ch")
    ('münchen.de', 'zürich.ch')
    >>> display_host("rеuters.com"), display_host("аррӏе.com")
    ('xn--ruters-3of.com', 'xn--80ak6aa92e.com')
    >>> display_host("яндекс.рф"), display_host("日本語.jp"), display_host("[::1]")
    ('яндекс.рф', '日本語.jp', '[::1]')
    """
    ascii_host = host if host.startswith("[") else _to_ascii(host)
    if not ascii_host:
        return host
    unicode_host = ada_url.idna_to_unicode(ascii_host)
    labels = unicode_host.removesuffix(".").split(".")
    tld_is_cyrillic = any(_script(char) == "CYRILLIC" for char in labels[-1])
    if any(_spoofable(label, tld_is_cyrillic) for label in labels):
        return ascii_host
    return unicode_host
