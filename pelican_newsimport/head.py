"""Head tags for imported articles, in any theme, with no template edit.

Sharing an imported article or indexing it needs tags in the page's
``<head>``: schema.org ``NewsArticle`` JSON-LD that names the original
(``isBasedOn``), Open Graph and Twitter card tags, and, when the site asks
for them, a canonical link to the original and ``noindex``.  Few themes write
them and none knows the publisher, so when the theme's template has rendered
an imported article's page, before Pelican writes it, :func:`merge_head` reads
the page's head (only the head) with the standard library's HTML parser, which
knows that a ``<script>`` or a comment is not markup, and adds before
``</head>`` only the tags the theme did not write:

* a tag the theme already has (its own ``og:title``, or the JSON-LD of an
  included ``newsimport/head.html``) is kept and not written a second time;
* a theme tag with empty content (Flex-like themes write ``og:image`` with
  ``content=""`` when there is no image) is replaced by the plugin's one;
* canonical and robots are replaced when ``NEWSIMPORT_CANONICAL`` /
  ``NEWSIMPORT_NOINDEX`` are on: the site asked for them, and a theme's
  canonical pointing at the copy itself would contradict the one to the
  original.

Every value is text from the article, escaped for an attribute, or a URL
already checked to be ``http(s)`` (or a site path); the JSON is escaped for a
script element.  This module imports nothing from Pelican: it reads the
article's attributes and the site's settings.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, NamedTuple

from markupsafe import Markup

from .attribution import source_of
from .safety import WORD_JOINER, json_for_script, plain_text

#: Most sites that read Open Graph cut descriptions near this length.
DESCRIPTION_LENGTH = 200

_HEAD_CONTENT = frozenset(
    {"base", "link", "meta", "noscript", "script", "style", "template", "title"}
    | {"head", "html"}
)
_CONTAINERS = frozenset({"noscript", "template"})
_JSON_LD = "application/ld+json"
_WATCHED = frozenset({"meta", "link", "script"})

# The fast path of :func:`plain_head_end`.
_HEAD_END = re.compile(r"</head\s*>", re.I)
#: What only a parser reads right: comments, raw-text elements, containers,
#: another markup declaration than the doctype.
_NEEDS_PARSER = re.compile(
    r"<(?:!--|!(?!doctype)|script|style|textarea|noscript|template|xmp|iframe"
    r"|noembed|noframes|plaintext|body)",
    re.I,
)
_QUOTED = re.compile(r'"[^"]*"')
#: What a theme's own tag of one of ours would contain.
_OUR_KEYS = ("og:", "article:", "twitter:", "canonical", "robots", "ld+json")


class HeadTag(NamedTuple):
    """One tag for ``<head>``: ``key`` says which tag it is (``og:title``)."""

    key: str
    html: str
    replaces_theme: bool = False


def escape(value: str) -> str:
    """Text for a double-quoted attribute.

    >>> escape('A "b" <c> & d')
    'A &quot;b&quot; &lt;c&gt; &amp; d'
    """
    return html.escape(value, quote=True)


def meta(key: str, value: str) -> HeadTag:
    """A ``<meta>``: ``property=`` for Open Graph keys, ``name=`` for the rest.

    >>> meta("og:title", "Q&A").html
    '<meta property="og:title" content="Q&amp;A">'
    >>> meta("twitter:card", "summary").html
    '<meta name="twitter:card" content="summary">'
    """
    attribute = "property" if key.startswith(("og:", "article:")) else "name"
    return HeadTag(key, f'<meta {attribute}="{key}" content="{escape(value)}">')


# The same on every page.
_OG_TYPE = meta("og:type", "article")
_CARD = meta("twitter:card", "summary")
_CARD_LARGE = meta("twitter:card", "summary_large_image")


def html_to_text(field_html: str) -> str:
    """The text a reader sees in a field of HTML, without tags or entities.

    >>> html_to_text("<p>Q&amp;A: &lt;\u2060b&gt; <em>now</em></p>")
    'Q&A: <b> now'
    """
    # striptags gives plain text (unescaped); it is escaped again where used.
    text = Markup(str(field_html)).striptags()  # noqa: S704
    return text.replace(WORD_JOINER, "")


def title_text(article: Any) -> str:
    """The article's title as text, also when ``TYPOGRIFY`` put markup in it.

    Pelican runs typogrify on titles after the reader (``<span
    class="caps">NASA</span>``); a title the reader wrote has no tag at all.
    """
    title = str(article.title)
    return html_to_text(title) if "<" in title else plain_text(title)


#: The site's name is the same on every page: made text once per build.
_site_name = functools.lru_cache(maxsize=8)(html_to_text)


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Cut ``text`` at a word boundary so that it fits in ``limit`` characters.

    >>> shorten("one two three", 9)
    'one two…'
    >>> shorten("short", 9)
    'short'
    """
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def absolute_url(url: str, site_url: str) -> str:
    """An output URL as the site publishes it (``SITEURL`` may be empty).

    >>> absolute_url("a.html", "https://news.example")
    'https://news.example/a.html'
    >>> absolute_url("/img/x.jpg", "https://news.example")
    'https://news.example/img/x.jpg'
    >>> absolute_url("https://cdn.example/x.jpg", "https://news.example")
    'https://cdn.example/x.jpg'
    >>> absolute_url("a.html", "")
    'a.html'
    """
    if url.startswith(("https://", "http://")) or not site_url:
        return url
    return f"{site_url.rstrip('/')}/{url.lstrip('/')}"


def is_imported(article: Any) -> bool:
    """Whether ``article`` came from a news file: it has a publisher."""
    return source_of(article) is not None


def json_ld(article: Any, url: str | None = None) -> str:
    """Schema.org ``NewsArticle`` for an article, safe inside a script element.

    ``url`` is the article's published URL when the caller has it already
    (Pelican computes ``article.url`` anew on every access).
    """
    site_url = article.settings.get("SITEURL", "")
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title_text(article),
        "datePublished": article.date.isoformat(),
        "url": url or absolute_url(article.url, site_url),
    }
    if getattr(article, "modified", None):
        data["dateModified"] = article.modified.isoformat()
    if image := getattr(article, "image", ""):
        data["image"] = [absolute_url(image, site_url)]
    if description := getattr(article, "description", ""):
        data["description"] = plain_text(description)
    if authors := getattr(article, "authors", None) or []:
        data["author"] = [
            {"@type": "Person", "name": plain_text(a.name)} for a in authors
        ]
    source = source_of(article)
    if source is not None:
        publisher: dict[str, Any] = {
            "@type": "Organization",
            "name": plain_text(source.name),
        }
        if source.domain:
            publisher["url"] = f"https://{source.domain}/"
        data["publisher"] = publisher
        if source.url:
            data["isBasedOn"] = source.url
    return json_for_script(json.dumps(data, ensure_ascii=False))


def description(article: Any) -> str:
    """The article's description, else its summary, as plain text."""
    text = getattr(article, "description", "") or getattr(article, "summary", "")
    return shorten(" ".join(html_to_text(text or "").split()))


def head_tags(article: Any, settings: Mapping[str, Any]) -> list[HeadTag]:
    """Every tag the plugin wants in an imported article's ``<head>``."""
    site_url = settings.get("SITEURL", "")
    source = article.source
    tags = []
    if settings.get("NEWSIMPORT_CANONICAL") and source.url:
        link = f'<link rel="canonical" href="{escape(source.url)}">'
        tags.append(HeadTag("canonical", link, replaces_theme=True))
    if settings.get("NEWSIMPORT_NOINDEX"):
        robots = '<meta name="robots" content="noindex, follow">'
        tags.append(HeadTag("robots", robots, replaces_theme=True))
    url = absolute_url(article.url, site_url)
    ld = f'<script type="application/ld+json">{json_ld(article, url)}</script>'
    tags.append(HeadTag("jsonld", ld))
    image = getattr(article, "image", "")
    tags += [
        _OG_TYPE,
        meta("og:title", title_text(article)),
        meta("og:url", url),
        meta("og:site_name", _site_name(settings.get("SITENAME", ""))),
        meta("article:published_time", article.date.isoformat()),
    ]
    if text := description(article):
        tags.append(meta("og:description", text))
    if image:
        tags.append(meta("og:image", absolute_url(image, site_url)))
    tags.append(_CARD_LARGE if image else _CARD)
    return tags


#: The tags made while the page :class:`HeadedTemplate` renders now (its theme
#: includes ``newsimport/head.html``), for :func:`with_head_tags` to merge
#: without making them again; one mapping per page, none between pages.
_rendering: list[dict[int, tuple[Any, list[HeadTag]]]] = []


def _page_tags(article: Any) -> list[HeadTag]:
    """:func:`head_tags` of ``article``, made once per page rendered."""
    if not _rendering:
        return head_tags(article, article.settings)
    made = _rendering[-1].get(id(article))
    if made is None or made[0] is not article:
        made = (article, head_tags(article, article.settings))
        _rendering[-1][id(article)] = made
    return made[1]


def head_html(article: Any) -> Markup:
    """What ``newsimport/head.html`` prints: the tags of :func:`head_tags`.

    For a theme that places them itself (or a site with ``NEWSIMPORT_HEAD =
    False``); an article that is not imported gets its JSON-LD only.  Marked
    safe (every value in it is escaped) so that it also works in a theme that
    turns Jinja's autoescaping on.
    """
    if is_imported(article):
        tags = "\n".join(tag.html for tag in _page_tags(article))
    else:
        tags = f'<script type="application/ld+json">{json_ld(article)}</script>'
    return Markup(tags)  # noqa: S704 - built from escaped values only


@dataclass
class ThemeTag:
    """A tag the theme wrote: where it is in the page, and whether it is empty."""

    start: int
    end: int
    empty: bool


class _Done(Exception):
    """Raised by the scanner at the end of the head: the body is not read."""


def _is_news_article(script: str) -> bool:
    try:
        data = json.loads(script)
    except ValueError:
        return False
    items = data if isinstance(data, list) else [data]
    for item in list(items):
        if isinstance(item, dict) and isinstance(item.get("@graph"), list):
            items.extend(item["@graph"])
    for item in items:
        kind = item.get("@type") if isinstance(item, dict) else None
        if kind == "NewsArticle" or (isinstance(kind, list) and "NewsArticle" in kind):
            return True
    return False


class HeadScan(HTMLParser):
    """Where the head ends, and the tags it has, by key."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.found: dict[str, list[ThemeTag]] = {}
        self.head_end: int | None = None
        self._lines = [0]  # where each line starts, found as far as needed
        self._script: tuple[int, list[str]] | None = None
        self._inside = 0  # <noscript>/<template> in the head may hold any tag

    def _offset(self) -> int:
        line, column = self.getpos()
        while len(self._lines) < line:
            self._lines.append(self.page.index("\n", self._lines[-1]) + 1)
        return self._lines[line - 1] + column

    def _record(self, key: str, value: str | None) -> None:
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        empty = not (value or "").strip()
        self.found.setdefault(key.lower(), []).append(ThemeTag(start, end, empty))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CONTAINERS:
            self._inside += 1
        if tag not in _HEAD_CONTENT and not self._inside:
            self.head_end = self._offset()
            raise _Done
        if tag not in _WATCHED:
            return
        values = dict(attrs)
        if tag == "meta":
            if key := values.get("property") or values.get("name"):
                self._record(key, values.get("content"))
        elif tag == "link":
            if "canonical" in (values.get("rel") or "").lower().split():
                self._record("canonical", values.get("href"))
        elif (values.get("type") or "").lower() == _JSON_LD:
            self._script = (self._offset(), [])

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in _CONTAINERS and self._inside:
            self._inside -= 1
        if tag == "head":
            self.head_end = self._offset()
            raise _Done
        if tag == "script" and self._script is not None:
            start, parts = self._script
            self._script = None
            if _is_news_article("".join(parts)):
                end = self.page.index(">", self._offset()) + 1
                self.found.setdefault("jsonld", []).append(ThemeTag(start, end, False))


def scan_head(page: str) -> HeadScan:
    """Read a page's head (only the head) and note the tags it has.

    >>> page = ('<html><head><meta property="og:title" content="T">'
    ...         '<script>var s = "</head>";</script></head><body>x')
    >>> scan = scan_head(page)
    >>> sorted(scan.found), page[scan.head_end :]
    (['og:title'], '</head><body>x')
    """
    scan = HeadScan(page)
    try:
        scan.feed(page)
        scan.close()
    except _Done:
        pass
    return scan


def plain_head_end(page: str) -> int | None:
    """Where a simple head ends, when that needs no parser; else ``None``.

    Most themes' heads are a doctype, a title and ``<meta>``/``<link>`` tags.
    When the head holds nothing a parser must read (see ``_NEEDS_PARSER``),
    its title is closed, its double quotes pair up with no ``<`` or ``>``
    between them, and it has no tag of the kinds the plugin adds, its first
    ``</head>`` is where it ends and every tag is missing: that takes a few
    string searches instead of parsing.

    >>> plain_head_end('<!DOCTYPE html><head><title>T</title></head><body>')
    37
    >>> plain_head_end('<head><script>"</head>"</script></head>') is None
    True
    >>> plain_head_end('<head><meta property="og:title" content="T"></head>') is None
    True
    """
    end = _HEAD_END.search(page)
    if end is None:
        return None
    head = page[: end.start()]
    lower = head.lower()
    if (
        head.count('"') % 2
        or ("<title" in lower and "</title" not in lower)
        or any(key in lower for key in _OUR_KEYS)
        or _NEEDS_PARSER.search(head)
        or any("<" in value or ">" in value for value in _QUOTED.findall(head))
    ):
        return None
    return end.start()


def merge_head(page: str, tags: list[HeadTag], parse: bool = False) -> str:
    """``page`` with ``tags`` added to its head where the theme lacks them.

    >>> page = '<head><meta property="og:title" content="X"></head><body>'
    >>> print(merge_head(page, [meta("og:title", "Ours"), meta("og:type", "x")]))
    <head><meta property="og:title" content="X"><meta property="og:type" content="x">
    </head><body>

    ``parse=True`` always reads the head with the parser (tests compare).
    """
    if not parse and (end := plain_head_end(page)) is not None:
        added = "\n".join(tag.html for tag in tags)
        return f"{page[:end]}{added}\n{page[end:]}"
    scan = scan_head(page)
    edits: list[tuple[int, int, str]] = []
    added = []
    for tag in tags:
        theirs = scan.found.get(tag.key, [])
        if theirs and not tag.replaces_theme and not all(t.empty for t in theirs):
            continue
        if theirs:
            edits.append((theirs[0].start, theirs[0].end, tag.html))
            edits += [(t.start, t.end, "") for t in theirs[1:]]
        else:
            added.append(tag.html)
    if added:
        at = scan.head_end if scan.head_end is not None else len(page)
        edits.append((at, at, "\n".join(added) + "\n"))
    for start, end, text in sorted(edits, reverse=True):
        page = page[:start] + text + page[end:]
    return page


def with_head_tags(page: str, context: Mapping[str, Any]) -> str:
    """The rendered ``page``, with the tags if it is an imported article's own.

    Only an article's own page (not an index listing it) changes, so every
    other page stays byte for byte what the theme wrote.  (An imported
    article's ``save_as`` is the path the plan pinned: reading it is cheap.)
    """
    article = context.get("article")
    if not is_imported(article) or context.get("output_file") != article.save_as:
        return page
    settings = article.settings
    if not settings.get("NEWSIMPORT_HEAD", True):
        return page
    return merge_head(page, _page_tags(article))


class HeadedTemplate:
    """A theme template whose rendered page gets :func:`with_head_tags`.

    Pelican's writer calls ``template.render(context)`` and writes the result;
    wrapping the templates an article generator hands it adds the tags in
    memory, without reading the page back from disk.
    """

    def __init__(self, template: Any) -> None:
        self.template = template

    def render(self, *args: Any, **kwargs: Any) -> str:
        _rendering.append({})
        try:
            page = self.template.render(*args, **kwargs)
            context = args[0] if args and isinstance(args[0], Mapping) else kwargs
            return with_head_tags(page, context)
        finally:
            _rendering.pop()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)


def add_head_tags(generator: Any) -> None:
    """Wrap the templates of Pelican's article generator (``generator_init``)."""
    get_template = generator.get_template
    if getattr(get_template, "newsimport_head", False):
        return

    def headed(name: str) -> HeadedTemplate:
        return HeadedTemplate(get_template(name))

    headed.newsimport_head = True  # type: ignore[attr-defined]
    generator.get_template = headed


def image_figure(article: Any) -> Markup:
    """The article's image as a ``<figure>``; empty when it has none.

    The image is the publisher's, on the publisher's server: ``loading="lazy"``
    fetches it only when the reader scrolls to it, and
    ``referrerpolicy="no-referrer"`` does not tell that server which page of
    this site it is shown on.  The ``alt`` text is the title, which is what a
    news image shows.
    """
    image = getattr(article, "image", "")
    if not image:
        return Markup("")
    alt = escape(title_text(article))
    return Markup(  # noqa: S704 - built from escaped values only
        f'<figure class="newsimport-image"><img src="{escape(image)}" '
        f'alt="{alt}" loading="lazy" referrerpolicy="no-referrer"></figure>'
    )


def add_image(content: Any) -> None:
    """Put an imported article's image at the top of its content (``'top'``)."""
    settings = getattr(content, "settings", {})
    if settings.get("NEWSIMPORT_IMAGE") != "top" or not is_imported(content):
        return
    if getattr(content, "image", "") and content._content is not None:
        content._content = f"{image_figure(content)}\n{content._content}"
