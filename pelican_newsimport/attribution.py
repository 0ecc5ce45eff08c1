"""Say who published an imported article, and link back to it safely.

The import pipeline writes ``source_name: "Unknown Source"`` for every article
(its API has no publisher field), so the publisher has to be recovered from
``source_url``: the URL's host is looked up in a shipped table of news domains
(``data/publishers.json`` written by hand, laid over
``data/publishers_generated.json`` made by ``tools/publishers/build.py`` from
openly licensed lists; overridable per site), and when the host is not
listed its registrable domain (``bbc.co.uk``, not ``www.bbc.co.uk`` or
``co.uk``) stands in for the name.  Registrable domains come from the Public
Suffix List bundled with :mod:`publicsuffixlist`; nothing is downloaded.

A URL is only ever used as a link when :func:`safe_http_url` accepts it: an
absolute ``http``/``https`` URL with a real host, no credentials and nothing
that could break out of an HTML attribute or be read differently by a browser.

Hosts are normalised once, the same way everywhere: lower case, no trailing
dot, internationalised labels decoded from punycode to Unicode
(``xn--mnchen-3ya.de`` and ``MÜNCHEN.de`` both become ``münchen.de``), IP
addresses in their canonical form.  The per-host work is cached, so deriving
the source of tens of thousands of articles from a few hundred outlets costs
one dictionary lookup per article after the first of each host.

Pure module: no Pelican import.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from types import MappingProxyType
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit

from publicsuffixlist import PublicSuffixList

from . import urls
from .safety import comparison_key

__all__ = [
    "PLACEHOLDER_NAMES",
    "TRACKING_PARAMS",
    "TRACKING_PARAM_PREFIXES",
    "Source",
    "derive_source",
    "is_placeholder",
    "load_publishers",
    "lookup",
    "normalize_url",
    "publisher_name",
    "registrable_domain",
    "safe_http_url",
]

logger = logging.getLogger(__name__)

PLACEHOLDER_NAMES: frozenset[str] = frozenset(
    {
        "",
        "unknown source",
        "unknown",
        "unknown publisher",
        "source unknown",
        "no source",
        "source",
        "n/a",
        "na",
        "n.a",
        "none",
        "null",
        "nil",
        "undefined",
        "not available",
        "anonymous",
        "bilinmeyen kaynak",
        "bilinmiyor",
        "kaynak yok",
        "kaynak",
    }
)
"""Source names that mean "we do not know" (see :func:`is_placeholder`).

Stored casefolded, with surrounding quotes, brackets and dashes removed: so
``"Unknown Source"``, ``"  UNKNOWN  "``, ``"(none)"`` and ``"-"`` all match.
The Turkish entries cover the pipeline's language: *bilinmeyen kaynak*
"unknown source", *bilinmiyor* "unknown", *kaynak yok* "no source",
*kaynak* "source".
"""

TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "ocid",
        "cmpid",
        "cmp",
        "icid",
        "smid",
        "sr_share",
        "_ga",
        "_gl",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
        "at_medium",
        "at_campaign",
    }
)
"""Query parameters (compared in lower case) that :func:`normalize_url` drops.

They say how a reader reached the article, not which article it is.
"""

TRACKING_PARAM_PREFIXES: tuple[str, ...] = ("utm_", "at_custom", "ns_")
"""Prefixes of tracking parameters: ``utm_source``, ``at_custom1``, ``ns_mchannel``."""

_URI_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE | re.ASCII)
_HOST_PORT_REST = re.compile(r"[0-9]+(?:[/?#]|\Z)", re.ASCII)
_ASCII_HOST = re.compile(
    r"(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*"
    r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?",
    re.ASCII,
)
_PERCENT_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_NAME_TRIM = " \t\r\n\"'“”‘’«»()[]{}<>.,:;!?*_-–—"
_PUBLISHERS_RESOURCE = "data/publishers.json"
_GENERATED_RESOURCE = "data/publishers_generated.json"


@dataclass(frozen=True, slots=True, order=True)
class Source:
    """The publisher of one article, and where the article came from.

    Sources are equal, hashed and ordered by ``name`` alone: a ``Source``
    stands for a publisher, so every article from "Reuters" groups under one
    key whatever its URL.  ``url`` is the article's safe link (``""`` when it
    had none) and ``domain`` the link's registrable domain.

    >>> a = Source("Reuters", "https://www.reuters.com/a", "reuters.com")
    >>> b = Source("Reuters", "https://www.reuters.com/b", "reuters.com")
    >>> str(a), a == b, len({a, b})
    ('Reuters', True, 1)
    >>> sorted([Source("The Guardian", "", ""), a])[0].name
    'Reuters'
    """

    name: str
    url: str = field(default="", compare=False)
    domain: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.name


def source_of(content: object) -> Source | None:
    """The publisher of an imported article, or None.

    A site's own Markdown file may have a ``Source:`` line of its own, which
    Pelican keeps as text: only a :class:`Source` counts.

    >>> class Article: source = "https://example.org/"
    >>> source_of(Article()) is None
    True
    """
    source = getattr(content, "source", None)
    return source if isinstance(source, Source) else None


@cache
def _psl() -> PublicSuffixList:
    """Parse the bundled Public Suffix List once, on first use.

    :func:`_host_chain` decodes every ``xn--`` label before it asks, so the
    punycode copy of each rule (two thirds of the parse) is not made.
    """
    return PublicSuffixList(accept_encoded_idn=False)


def _decode_label(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    return label[4:].encode("ascii").decode("punycode").lower()


def _valid_unicode_host(host: str) -> bool:
    if len(host) > 253:
        return False
    for label in host.split("."):
        if not label or len(label) > 63 or label[0] == "-" or label[-1] == "-":
            return False
        for char in label:
            if char.isascii():
                if not (char.isalnum() or char in "-_"):
                    return False
            elif unicodedata.category(char)[0] not in "LMN":
                return False
    return True


@lru_cache(maxsize=8192)
def _host_chain(raw_host: str) -> tuple[str, ...]:
    """Normalise a host and list it with its parents down to its registrable domain.

    ``()`` means the host is not valid.  An IP address, a single-label host
    and a host that is itself a public suffix are their own registrable domain.

    >>> _host_chain("WWW.News.Sky.com.")
    ('www.news.sky.com', 'news.sky.com', 'sky.com')
    >>> _host_chain("xn--mnchen-3ya.de"), _host_chain("[::1]"), _host_chain("co.uk")
    (('münchen.de',), ('::1',), ('co.uk',))
    >>> _host_chain("a..b"), _host_chain("1.2.3"), _host_chain("%65vil.com")
    ((), (), ())
    """
    host = raw_host.strip().lower().removesuffix(".")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not host:
        return ()
    if ":" in host or host.rpartition(".")[2].isdigit():
        try:
            return (ipaddress.ip_address(host).compressed,)
        except ValueError:
            return ()
    if host.isascii():
        if not _ASCII_HOST.fullmatch(host) or len(host) > 253:
            return ()
        if "xn--" in host:
            try:
                host = ".".join(_decode_label(label) for label in host.split("."))
            except UnicodeError:
                return ()
            if not _valid_unicode_host(host):
                return ()
    else:
        host = unicodedata.normalize("NFC", host)
        if not _valid_unicode_host(host):
            return ()
    domain = _psl().privatesuffix(host) or host
    chain = [host]
    while chain[-1] != domain and "." in chain[-1]:
        chain.append(chain[-1].partition(".")[2])
    return tuple(chain)


def _split(value: str) -> SplitResult | None:
    """Split a URL, a scheme-relative URL or a bare ``host[:port][/path]``."""
    if "://" not in value and not value.startswith("//"):
        scheme = _URI_SCHEME.match(value)
        if scheme and not _HOST_PORT_REST.match(value, scheme.end()):
            return None
        value = "//" + value
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises ValueError for a malformed port
    except ValueError:
        return None
    return parts


def _safe_parts(value: object) -> tuple[str, tuple[str, ...], str] | None:
    """Return a safe URL as the browser reads it, its host chain and shown domain."""
    try:
        checked = urls.check_url(value)  # type: ignore[arg-type]
    except (urls.URLError, TypeError):
        return None
    chain = _host_chain(checked.host)
    if not chain:
        return None
    return checked.href, chain, urls.display_host(chain[-1])


def safe_http_url(value: object) -> str | None:
    """Return the URL a browser would open if ``value`` is safe to link, else ``None``.

    Parsed by the WHATWG URL Standard (:func:`.urls.check_url`): the scheme is
    ``http`` or ``https``, there is a valid host, no credentials, and no
    whitespace, control or invisible formatting character; entities are
    decoded first, as in an attribute.  The result is the serialised URL
    (host lower case, ``\\`` read as ``/``, quotes and brackets
    percent-encoded), inert in any attribute.

    >>> safe_http_url("  https://www.bbc.co.uk/news/world-1?x=1#top \\n")
    'https://www.bbc.co.uk/news/world-1?x=1#top'
    >>> safe_http_url("HTTP://[::1]:8080/x"), safe_http_url("https://a.com\\\\b.jpg")
    ('http://[::1]:8080/x', 'https://a.com/b.jpg')
    >>> [safe_http_url(bad) for bad in (
    ...     "javascript:alert(1)", " JaVaScRiPt:alert(1)", "jav&#x61;script:x",
    ...     "data:text/html,x", "//evil.com/x", "ftp://example.com/",
    ...     "https://user:pw@example.com/", "https://exa mple.com/", None, 42)]
    [None, None, None, None, None, None, None, None, None, None]
    """
    parts = _safe_parts(value)
    return parts[0] if parts else None


def registrable_domain(url_or_host: str) -> str:
    """Return the registrable domain of a URL or host, or ``""`` if it has none.

    The registrable domain is the public suffix plus one label, from the
    Public Suffix List (private suffixes included, so blogs on
    ``blogspot.com`` stay apart).  IP addresses, single-label hosts and bare
    public suffixes are returned as they are.  This extracts, it does not
    vouch: use :func:`safe_http_url` before linking.

    >>> registrable_domain("https://www.bbc.co.uk/news/x")
    'bbc.co.uk'
    >>> registrable_domain("https://edition.cnn.com/x")
    'cnn.com'
    >>> registrable_domain("news.sky.com:443")
    'sky.com'
    >>> registrable_domain("https://xn--mnchen-3ya.de/")
    'münchen.de'
    >>> registrable_domain("MÜNCHEN.de")
    'münchen.de'
    >>> registrable_domain("http://127.0.0.1/"), registrable_domain("localhost")
    ('127.0.0.1', 'localhost')
    >>> registrable_domain("javascript:alert(1)"), registrable_domain("http:///x")
    ('', '')
    """
    if not isinstance(url_or_host, str):
        return ""
    parts = _split(url_or_host.strip())
    if parts is None or not parts.hostname:
        return ""
    chain = _host_chain(parts.hostname)
    return chain[-1] if chain else ""


def _publisher_key(key: str) -> str:
    """Normalise a publishers-table key: a host, ``www.`` and any URL dropped."""
    parts = _split(key.strip())
    chain = _host_chain(parts.hostname) if parts and parts.hostname else ()
    if not chain:
        return ""
    host = chain[0]
    if host.startswith("www.") and len(chain) > 1:
        host = host[4:]
    return host


def _read_table(resource: str) -> dict[str, str]:
    text = files("pelican_newsimport").joinpath(resource).read_text("utf-8")
    return json.loads(text)["publishers"]


def _covered(host: str, table: Mapping[str, str]) -> bool:
    """Tell whether ``host`` or a parent of it is listed in ``table``."""
    while True:
        if host in table:
            return True
        host = host.partition(".")[2]
        if not host:
            return False


@cache
def _shipped_publishers() -> Mapping[str, str]:
    """The hand-written table laid over the generated one, read once.

    A generated host at or under a hand-listed host is left out, so the hand
    table wins even where the generated one is more specific
    (``news.bbc.co.uk`` cannot outrank a hand-written ``bbc.co.uk``).
    """
    hand = _read_table(_PUBLISHERS_RESOURCE)
    merged = {
        host: name
        for host, name in _read_table(_GENERATED_RESOURCE).items()
        if not _covered(host, hand)
    }
    merged.update(hand)
    return MappingProxyType(merged)


def load_publishers(extra: Mapping[str, str] | None = None) -> Mapping[str, str]:
    """Return the shipped domain-to-publisher table with ``extra`` laid over it.

    Keys of ``extra`` may be hosts, ``www.`` hosts or URLs, in any case; an
    entry governs its host and every host under it that ``extra`` does not
    list itself (``reuters.com`` also replaces a shipped ``af.reuters.com``),
    and an empty name removes them (the domain is then shown instead).
    Entries that are not a valid host with a string name are logged and
    skipped.  The shipped table is read once; call this once per site.

    >>> load_publishers()["reuters.com"]
    'Reuters'
    >>> table = load_publishers({"WWW.Example.COM": "Example News", "reuters.com": ""})
    >>> table["example.com"], "reuters.com" in table
    ('Example News', False)
    """
    shipped = _shipped_publishers()
    if not extra:
        return shipped
    overrides: dict[str, str] = {}
    for key, value in extra.items():
        host = _publisher_key(key) if isinstance(key, str) else ""
        if not host or not isinstance(value, str):
            logger.warning("Ignoring the publisher entry %r: %r", key, value)
            continue
        overrides[host] = " ".join(value.split())
    merged = {
        host: name for host, name in shipped.items() if not _covered(host, overrides)
    }
    merged.update((host, name) for host, name in overrides.items() if name)
    return MappingProxyType(merged)


def lookup(host: str, publishers: Mapping[str, str]) -> str | None:
    """Find the publisher of ``host``, most specific listed host first.

    Tries the host, then each parent down to its registrable domain, so a
    listed ``news.sky.com`` wins over ``sky.com`` and a listed ``bbc.co.uk``
    covers ``www.bbc.co.uk``.  Never climbs above the registrable domain.

    >>> table = {"sky.com": "Sky", "news.sky.com": "Sky News"}
    >>> lookup("news.sky.com", table), lookup("WWW.sky.com", table)
    ('Sky News', 'Sky')
    >>> lookup("example.co.uk", {"co.uk": "Nope"}) is None
    True
    """
    for candidate in _host_chain(host):
        name = publishers.get(candidate)
        if name:
            return name
    return None


def publisher_name(domain: str, publishers: Mapping[str, str]) -> str | None:
    """Return the publisher of a registrable domain, host or URL, or ``None``.

    >>> publisher_name("bbc.co.uk", load_publishers())
    'BBC News'
    >>> publisher_name("https://news.sky.com/story/x", load_publishers())
    'Sky News'
    >>> publisher_name("example.org", load_publishers()) is None
    True
    """
    if not isinstance(domain, str):
        return None
    parts = _split(domain.strip())
    if parts is None or not parts.hostname:
        return None
    return lookup(parts.hostname, publishers)


def _name_key(name: str) -> str:
    """Compare names as a reader sees them: spacing, case, invisibles ignored."""
    key = comparison_key(name).replace("\u0307", "").strip(_NAME_TRIM)
    return "".join(key.split())


@cache
def _placeholder_keys() -> frozenset[str]:
    return frozenset(map(_name_key, PLACEHOLDER_NAMES))


def is_placeholder(name: object, extra_placeholders: Iterable[str] = ()) -> bool:
    """Tell whether a source name means "unknown" rather than naming anyone.

    Anything that is not a string counts as a placeholder (YAML turns
    ``source_name: null`` into ``None``).  Comparison ignores case, spacing
    and surrounding quotes, brackets and punctuation.

    >>> is_placeholder("Unknown Source"), is_placeholder(" N/A "), is_placeholder(None)
    (True, True, True)
    >>> is_placeholder("BİLİNMEYEN KAYNAK"), is_placeholder("(unknown)")
    (True, True)
    >>> is_placeholder("Reuters"), is_placeholder("Staff", ["staff"])
    (False, True)
    >>> is_placeholder("Unknown\\u200bSource"), is_placeholder("\\u202eＵｎｋｎｏｗｎ")
    (True, True)
    """
    if not isinstance(name, str):
        return True
    key = _name_key(name)
    if key in _placeholder_keys():
        return True
    return any(
        isinstance(extra, str) and _name_key(extra) == key
        for extra in extra_placeholders
    )


def derive_source(
    source_url: object,
    source_name: object,
    *,
    publishers: Mapping[str, str] | None = None,
    placeholders: Iterable[str] = (),
) -> Source | None:
    """Build the :class:`Source` of an article from its front matter.

    The name is the article's own ``source_name`` when it is a real name
    (whitespace collapsed), else the publisher listed for the URL's host,
    else the URL's registrable domain.  The URL is kept only if
    :func:`safe_http_url` accepts it.  ``None`` when there is neither a safe
    URL nor a real name.

    >>> source = derive_source("https://www.ibtimes.com/a-3773713", "Unknown Source")
    >>> source.name, source.url, source.domain
    ('International Business Times', 'https://www.ibtimes.com/a-3773713', 'ibtimes.com')
    >>> derive_source("https://blog.example.org/p", "")
    Source(name='example.org', url='https://blog.example.org/p', domain='example.org')
    >>> derive_source("javascript:alert(1)", " Local  Desk ")
    Source(name='Local Desk', url='', domain='')
    >>> derive_source("javascript:alert(1)", "Unknown Source") is None
    True
    """
    parts = _safe_parts(source_url)
    url, chain, domain = parts if parts else ("", (), "")
    if not is_placeholder(source_name, placeholders):
        return Source(" ".join(str(source_name).split()), url, domain)
    if not url:
        return None
    table = load_publishers() if publishers is None else publishers
    for candidate in chain:
        name = table.get(candidate)
        if name:
            return Source(name, url, domain)
    return Source(domain, url, domain)


def _is_tracking(param: str) -> bool:
    param = param.lower()
    return param in TRACKING_PARAMS or param.startswith(TRACKING_PARAM_PREFIXES)


def normalize_url(url: str) -> str:
    """Reduce an article URL to a key that is equal for the same article.

    Drops the scheme, ``www.``, default ports, a trailing slash, the fragment
    and tracking parameters (:data:`TRACKING_PARAMS`,
    :data:`TRACKING_PARAM_PREFIXES`); lower-cases the host, sorts the
    remaining parameters and re-encodes them one way.  The path keeps its
    case.  A value without a host comes back stripped but otherwise as is.

    >>> normalize_url("https://www.Example.com/a/?utm_source=x&b=2&a=1#f")
    'example.com/a?a=1&b=2'
    >>> normalize_url("http://example.com/a?a=1&b=2")
    'example.com/a?a=1&b=2'
    >>> normalize_url("https://example.com:443/A%2f?q=a+b&fbclid=1")
    'example.com/A%2F?q=a+b'
    """
    if not isinstance(url, str):
        return ""
    text = url.strip()
    parts = _split(text)
    chain = _host_chain(parts.hostname) if parts and parts.hostname else ()
    if not parts or not chain:
        return text
    host = chain[0]
    if host.startswith("www.") and len(chain) > 1:
        host = host[4:]
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is not None and not (
        (port == 80 and parts.scheme.lower() in {"http", ""})
        or (port == 443 and parts.scheme.lower() in {"https", ""})
    ):
        host = f"{host}:{port}"
    path = _PERCENT_ESCAPE.sub(lambda m: m.group().upper(), parts.path).rstrip("/")
    params = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(key)
    )
    query = urlencode(params)
    return f"{host}{path}?{query}" if query else f"{host}{path}"
