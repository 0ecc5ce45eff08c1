"""Interpret one news file the way Hugo would: every decision in one frozen record.

A file goes through four steps, each a plain function of its input:

1. :func:`load` reads the bytes, :func:`decode` turns them into text and
   :func:`.front_matter.split` separates front matter from body;
2. :func:`interpret` maps the keys through one table
   (:data:`.front_matter.FIELDS`), resolves dates, status, slug source,
   checked URLs, the :class:`~.attribution.Source`, the summary, the
   namespaced ``params``, and repairs the body;
3. the result is a :class:`NewsItem`: a frozen, typed record that says what
   the article *is*, holding plain text (never HTML-escaped) and checked URLs;
4. the reader wraps the record in Pelican's types, and ``check`` reports it.

Where the other parts of the plugin plug in (keep these signatures):

* :func:`decode` ``(data, path) -> (text, encoding)``: the charset decoder;
* :func:`checked_url` ``(value) -> str | None``: the one URL check used for
  ``image``, ``source_url`` and passed-through values;
* :func:`resolve_dates` ``(fields, reading) -> Dates``: Hugo's date order;
* :func:`interpret_path` ``(reading) -> PathInfo``: slug, language and
  bundle rules derived from the file's path.

Pure module: no Pelican import.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import pkgutil
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

import dateutil.parser
import markdown.extensions
from markdown import Markdown
from markupsafe import Markup

from . import attribution, decoding, front_matter, hugo, hugo_content, repair, urls
from .safety import clean_text, clean_value, harden_html, sanitize_html

PELICAN_STATUSES = frozenset({"published", "draft", "hidden", "skip"})
TRUE_WORDS = frozenset({"true", "yes", "1", "on"})

# The one reserved-key table.  Pelican sets every metadata key as an attribute
# of its Content object, so a passed-through key must never name one of its
# attributes or methods, nor a key this plugin itself defines.
PLUGIN_KEYS = frozenset(
    {"source", "source_url", "source_name", "newsimport", "params", "reader"}
)
PELICAN_KEYS = frozenset(
    {
        "allowed_statuses",
        "author",
        "authors",
        "category",
        "content",
        "context",
        "date",
        "date_format",
        "default_status",
        "default_template",
        "filename",
        "get_content",
        "get_relative_source_path",
        "get_siteurl",
        "get_static_links",
        "get_summary",
        "get_url_setting",
        "in_default_lang",
        "is_valid",
        "lang",
        "locale_date",
        "locale_modified",
        "mandatory_properties",
        "metadata",
        "modified",
        "override_save_as",
        "override_url",
        "private",
        "refresh_metadata_intersite_links",
        "relative_dir",
        "relative_source_path",
        "save_as",
        "settings",
        "slug",
        "source_path",
        "status",
        "summary",
        "tags",
        "template",
        "timezone",
        "title",
        "translation",
        "translations",
        "url",
        "url_format",
    }
)
RESERVED = PLUGIN_KEYS | PELICAN_KEYS | {f for f, _ in front_matter.FIELDS.values()}

_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
_LOOKS_LIKE_URL = re.compile(r"\s*(?:[a-z][a-z0-9+.\-]*:(?!\s)|//)", re.IGNORECASE)
_SCRIPT_SCHEME = re.compile(r"(?:javascript|vbscript|data|file):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f\u200b-\u200f\u2060\ufeff]+")


class NewsImportError(ValueError):
    """A news file cannot become an article.  ``str()`` names the file and line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        message = " ".join(message.split())
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class SafeURL(str):
    """A string :func:`checked_url` accepted; templates may use it as a link."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """A warning about one file: logged by the reader, listed by ``check``."""

    message: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class DateField:
    """A resolved date, with the front-matter key and line it came from."""

    value: dt.datetime
    key: str
    raw: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Dates:
    """What :func:`resolve_dates` decides: Hugo's date, lastmod, publish and expiry.

    ``date`` is the article's date; ``publish`` the date it may appear from
    (Hugo's ``publishDate``), when the front matter gives one.
    """

    date: DateField | None = None
    modified: DateField | None = None
    expiry: DateField | None = None
    publish: DateField | None = None


@dataclass(frozen=True, slots=True)
class PathInfo:
    """What the file's path says about the article.

    ``slug_text`` is what a file-name slug is made from (``slug_from`` says
    why: ``filename``, ``folder`` for a bundle's ``index.md``); ``lang`` and
    ``translation_key`` come from a ``name.LANG.md`` name; ``kind`` is
    ``article``, ``bundle``, ``section`` or ``headless``; ``title`` is a title
    derived from the name, for files without one.
    """

    slug_text: str
    slug_from: str = "filename"
    lang: str = ""
    translation_key: str = ""
    kind: str = "article"
    title: str = ""


@dataclass(frozen=True, slots=True)
class BodyReport:
    """How the body was read and what the repair changed."""

    rendered_as: str
    explanation: str
    escape_level: int | None = None
    paragraphs_restored: int | None = None
    mojibake_fixed: bool | None = None


@dataclass(frozen=True, slots=True)
class NewsItem:
    """Everything the plugin decided about one file.

    Text fields are plain text (repaired, never HTML-escaped); URL fields have
    passed :func:`checked_url`.  ``params`` holds every front-matter key the
    plugin does not map (Hugo's ``.Params``), ``passthrough`` the ones the site
    lists in ``NEWSIMPORT_PASSTHROUGH``.
    """

    path: str
    format: str
    title: str
    content: str
    body: BodyReport
    slug_text: str
    slug_from: str
    kind: str = "article"
    dates: Dates = Dates()
    status: str | None = None
    status_reason: str = ""
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    lang: str = ""
    translation_key: str = ""
    description: str = ""
    summary: str = ""
    summary_from: str = "body"
    image: str = ""
    source: attribution.Source | None = None
    source_name_given: str = ""
    publisher_derived: bool = False
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    passthrough: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    repaired: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()
    hugo_path: str = ""


@dataclass(frozen=True)
class Options:
    """The site settings interpretation depends on (see :meth:`from_settings`)."""

    repair: bool = True
    placeholders: tuple[str, ...] = ()
    publishers: Mapping[str, str] | None = None
    slug_source: str = "filename"
    timezone: str = "UTC"
    summary_max_length: int | None = 50
    summary_end_suffix: str = "…"
    passthrough: tuple[str, ...] = ()
    markdown_config: Mapping[str, Any] = field(default_factory=dict)
    max_front_matter: int = 65536
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    hugo_frontmatter: Mapping[str, Any] = field(default_factory=dict)
    build_future: bool = False
    build_expired: bool = False
    language_folders: Mapping[str, str] = field(default_factory=dict)
    default_lang: str = "en"
    permalinks: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Options:
        """Options from Pelican settings already merged with the plugin's."""
        config = copy.deepcopy(dict(settings.get("MARKDOWN") or {}))
        config["extensions"] = [
            ext
            for ext in config.get("extensions", [])
            if ext != "markdown.extensions.meta"
        ]
        hugo_content.unguessed_code(config)
        return cls(
            repair=settings["NEWSIMPORT_REPAIR"],
            placeholders=tuple(settings["NEWSIMPORT_PLACEHOLDER_SOURCE_NAMES"]),
            publishers=attribution.load_publishers(settings["NEWSIMPORT_SOURCE_NAMES"]),
            slug_source=settings["NEWSIMPORT_SLUG_SOURCE"],
            timezone=settings.get("TIMEZONE") or "UTC",
            summary_max_length=settings.get("SUMMARY_MAX_LENGTH"),
            summary_end_suffix=settings.get("SUMMARY_END_SUFFIX", "…"),
            passthrough=tuple(
                k.lower() for k in settings.get("NEWSIMPORT_PASSTHROUGH", ())
            ),
            markdown_config=config,
            max_front_matter=settings["NEWSIMPORT_MAX_FRONT_MATTER"],
            hugo_frontmatter=settings.get("NEWSIMPORT_FRONTMATTER") or {},
            build_future=settings.get("NEWSIMPORT_BUILD_FUTURE", False),
            build_expired=settings.get("NEWSIMPORT_BUILD_EXPIRED", False),
            language_folders=settings.get("NEWSIMPORT_LANGUAGE_FOLDERS") or {},
            default_lang=settings.get("DEFAULT_LANG") or "en",
            permalinks=hugo_content.page_permalinks(settings),
        )


@dataclass
class Reading:
    """One file being interpreted: its document, the options, the warnings."""

    document: front_matter.Document
    options: Options
    warnings: list[Problem] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.document.path

    def line(self, key: str) -> int | None:
        """The 1-based line a top-level front-matter key is written on."""
        return key_line(self.document.text, key)

    def fail(self, message: str, key: str | None = None) -> NoReturn:
        raise NewsImportError(self.path, message, self.line(key) if key else None)

    def warn(self, message: str, key: str | None = None) -> None:
        self.warnings.append(Problem(message, self.line(key) if key else None))


# --- reading a file ---------------------------------------------------------------


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Bytes to text with ``\\n`` newlines, and the encoding used.

    Files that are not UTF-8 are decoded by :func:`.decoding.decode` when a
    legacy encoding reads them as text; characters that XML 1.0 and HTML do not
    allow are removed (:func:`.safety.clean_text`).

    >>> decode(b"\\xef\\xbb\\xbftitle\\r\\n", "a.md")
    ('title\\n', 'utf-8')
    >>> decode('title: "Café “news” in Zürich"\\x0b\\n'.encode("cp1252"), "a.md")
    ('title: "Café “news” in Zürich" \\n', 'windows-1252')
    """
    if not data.strip():
        raise NewsImportError(path, "file is empty")
    try:
        decoded = decoding.decode(data)
    except decoding.DecodingError as error:
        raise NewsImportError(path, str(error)) from None
    text = clean_text(decoded.text)
    if not text.strip():
        raise NewsImportError(path, "file is empty")
    return text, decoded.encoding


def load(path: str, options: Options, shown: str = "") -> front_matter.Document | None:
    """Read and split one file; None when it has no front matter.

    ``shown`` is the path errors name (relative to the content folder).
    """
    shown = shown or path
    with open(path, "rb") as handle:
        text, encoding = decode(handle.read(), shown)
    try:
        document = front_matter.split(text, options.max_front_matter)
    except front_matter.FrontMatterError as error:
        raise NewsImportError(shown, error.message, error.line) from None
    except RecursionError:
        raise NewsImportError(shown, "front matter nested too deeply") from None
    if document is None:
        if encoding != "utf-8":
            raise NewsImportError(
                shown,
                f"not UTF-8 (reads as {encoding}) and has no front matter, so "
                "Pelican's own reader cannot read it; save it as UTF-8",
            )
        return None
    return front_matter.Document(
        document.format,
        document.metadata,
        document.body,
        document.body_line,
        shown,
        path,
        text,
        encoding,
    )


def key_line(text: str, key: str) -> int | None:
    """The line a top-level key is written on in YAML, TOML or JSON front matter.

    >>> key_line('---\\ntitle: x\\ndate: 2025-13-45\\n---\\n', "date")
    3
    """
    line_start, quoted = _key_patterns(key)
    match = line_start.search(text) or quoted.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


@cache
def _key_patterns(key: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    escaped = re.escape(key)
    return (
        re.compile(rf"^[ \t\"']?{escaped}[\"']?[ \t]*[:=]", re.MULTILINE | re.I),
        re.compile(rf"[\"']{escaped}[\"']\s*:", re.I),
    )


# --- the pluggable decisions --------------------------------------------------------


def checked_url(value: object, *, site_path: bool = False) -> SafeURL | None:
    """A safe absolute http(s) URL (or, if allowed, a same-site ``/path``), else None.

    >>> checked_url("https://example.org/a.jpg")
    'https://example.org/a.jpg'
    >>> checked_url("/images/a.jpg", site_path=True)
    '/images/a.jpg'
    >>> checked_url("javascript:alert(1)") is None
    True
    """
    url = urls.http_url(value, site_paths=site_path)
    return SafeURL(url) if url else None


_TIME_ONLY = re.compile(
    r"\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?\s*"
)


def parse_date(raw: str, key: str, reading: Reading) -> DateField:
    """Parse a front-matter date as Pelican would, aware in the site's zone.

    A time without a date is refused (a parser would take it as today).
    """
    if _TIME_ONLY.fullmatch(raw):
        reading.fail(f"{key}: {raw!r} is a time without a date", key)
    try:
        try:
            parsed = dt.datetime.fromisoformat(raw)
        except ValueError:
            today = dt.datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
            parsed = dateutil.parser.parse(re.sub(" +", " ", raw), default=today)
    except (ValueError, OverflowError):
        reading.fail(f"{key}: {raw!r} is not a valid date", key)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(reading.options.timezone))
    try:
        parsed = hugo.comparable(parsed, raw)
    except ValueError:
        reading.fail(f"{key}: {raw!r} is not a valid date", key)
    return DateField(parsed, key, raw, reading.line(key))


def resolve_dates(fields: dict[str, Any], reading: Reading) -> Dates:
    """Take the dates out of ``fields``, resolved as Hugo does.

    See :func:`.hugo_content.dates`: ``NEWSIMPORT_FRONTMATTER`` order, and a
    file without any date dated from its modification time.
    """
    return hugo_content.dates(fields, reading)


def interpret_path(reading: Reading) -> PathInfo:
    """What the path says, by Hugo's rules (:func:`.hugo_content.path_info`).

    A bundle's ``index.md`` takes its folder's name, ``name.fr.md`` is French.

    >>> doc = front_matter.Document("yaml", {}, "", 1, path="posts/trip/index.md")
    >>> interpret_path(Reading(doc, Options()))
    PathInfo(slug_text='trip', slug_from='folder', lang='', translation_key='', \
kind='bundle', title='Trip')
    """
    return hugo_content.path_info(reading)


# --- interpretation -----------------------------------------------------------------


_ATTACH = re.compile(r"[{|]attach[}|]")


def no_attach(html: str) -> str:
    """``{attach}`` links become ``{static}``: an imported body links to a site
    file but never moves it (Pelican's ``{attach}`` changes the file's path).

    >>> no_attach('<img src="{attach}/images/logo.png">')
    '<img src="{static}/images/logo.png">'
    """
    return _ATTACH.sub("{static}", html) if "attach" in html else html


#: Markdown instances by configuration (the config object and its instance).
_MARKDOWN: dict[int, tuple[Mapping[str, Any], Markdown]] = {}
_MARKDOWN_KEPT = 8


#: Python-Markdown's own extensions, by the short names it also accepts.
_STD_EXTENSIONS = frozenset(
    module.name for module in pkgutil.iter_modules(markdown.extensions.__path__)
)


def _std_extension(extension: object) -> bool:
    name = extension if isinstance(extension, str) else ""
    return name.startswith("markdown.extensions.") or name in _STD_EXTENSIONS


def markdown_for(config: Mapping[str, Any]) -> Markdown:
    """A Markdown instance for one file's body, ready for its first ``convert``.

    Python-Markdown's own extensions put all their state back in
    ``Markdown.reset()``, so with only these (named, not passed as objects) one
    instance per configuration is reset for each file instead of made anew
    (about 0.1-0.2 ms a file).  Any other extension gets a fresh instance, as
    Pelican's reader gives it.
    """
    names = [*config.get("extensions", ()), *config.get("extension_configs", {})]
    if not all(map(_std_extension, names)):
        return Markdown(**config)
    entry = _MARKDOWN.get(id(config))
    if entry is None or entry[0] is not config:
        if len(_MARKDOWN) >= _MARKDOWN_KEPT:
            _MARKDOWN.clear()  # builds of other sites (tests, --autoreload)
        entry = _MARKDOWN[id(config)] = (config, Markdown(**config))
    return entry[1].reset()


def render_body(
    body: str, options: Options, reading: Reading | None = None
) -> tuple[str, str, BodyReport]:
    """The body as safe HTML, its plain text, and how it was read.

    With a ``reading``, Markdown bodies get Hugo's shortcodes and a
    ``<!--more-->`` summary (then the plain text is the summary's).
    """
    hugo_body = "{{<" in body or "{{%" in body
    if options.repair and not hugo_body and not repair.looks_like_markdown(body):
        fixed = repair.repair_body(body)
        report = BodyReport(
            "text",
            fixed.explain(),
            fixed.escape_level,
            fixed.paragraphs_restored,
            fixed.mojibake_fixed,
        )
        html = harden_html(clean_text(repair.render_plain_text(fixed.paragraphs)))
        return html, clean_text(fixed.text), report
    if reading is not None:
        convert = markdown_for(options.markdown_config).convert
        content, more = hugo_content.render_markdown(body, reading, convert)
    else:
        content = sanitize_html(markdown_for(options.markdown_config).convert(body))
        more = None
    # The sanitiser decodes character references (``&#12;``): clean after it.
    content = harden_html(clean_text(content))
    text = Markup(clean_text(more or content)).striptags()  # noqa: S704 - text only
    return content, text, BodyReport("markdown", "rendered as Markdown")


def _repaired(name: str, value: str, changed: list[str]) -> str:
    # Cleaned after the repair: it decodes entities such as ``&#12;``.
    fixed = clean_text(repair.repair_field(value, repair.detect_escape_level(value)))
    if fixed != value:
        changed.append(name)
    return fixed


def truncate_words(text: str, max_words: int | None, suffix: str) -> str:
    """At most ``max_words`` words, then ``suffix``.

    >>> truncate_words("one two three", 2, "…")
    'one two…'
    """
    if max_words is None:
        return text
    # Split no further than needed: a part beyond ``max_words`` means more words.
    words = text.split(None, max_words)
    if len(words) > max_words:
        return " ".join(words[:max_words]) + suffix
    return text


def _summary(fields: dict[str, Any], description: str, text: str, options: Options):
    chosen, origin = fields.pop("summary", ""), "summary"
    if not chosen:
        chosen, origin = (description, "description") if description else (text, "body")
    return (
        truncate_words(chosen, options.summary_max_length, options.summary_end_suffix),
        origin,
    )


def _image(fields: dict[str, Any], reading: Reading) -> str:
    image = fields.pop("image", "")
    if not image:
        return ""
    safe = checked_url(image, site_path=True)
    if safe is None:
        reading.warn(f"image {image!r} is not an http(s) URL; dropped")
        return ""
    return safe


def _source(fields: dict[str, Any], reading: Reading) -> dict[str, Any]:
    url = fields.pop("source_url", "")
    given = fields.pop("source_name", "")
    if url and not checked_url(url):
        reading.warn(f"source_url {url!r} is not an http(s) URL; not linked")
    options = reading.options
    source = attribution.derive_source(
        url, given, publishers=options.publishers, placeholders=options.placeholders
    )
    if source is None:
        return {}
    derived = bool(source.url) and attribution.is_placeholder(
        given, options.placeholders
    )
    return {"source": source, "source_name_given": given, "publisher_derived": derived}


def param_value(value: Any) -> Any:
    """A front-matter value as templates may see it: str, number, list or dict.

    >>> param_value({"b": b"raw", "s": {3, 1}, "n": None, "ok": True})
    {'b': 'raw', 's': [1, 3], 'n': '', 'ok': True}
    """
    if isinstance(value, bool | int | float | str | dt.date | dt.time):
        return value
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, set | frozenset):
        return [param_value(v) for v in sorted(value, key=str)]
    if isinstance(value, list | tuple):
        return [param_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): param_value(v) for k, v in value.items()}
    return str(value)


def looks_like_url(value: str) -> bool:
    """Whether a value would be read as a link if a theme put it in ``href``.

    >>> [looks_like_url(v) for v in ("https://x.org", "java script:x", "a: b")]
    [True, True, False]
    """
    compact = _INVISIBLE.sub("", value)
    return bool(_LOOKS_LIKE_URL.match(value) or _SCRIPT_SCHEME.match(compact))


def _passthrough_value(key: str, value: Any, reading: Reading) -> Any:
    if isinstance(value, str) and looks_like_url(value):
        safe = checked_url(value, site_path=True)
        if safe is None:
            reading.warn(f"{key} {value!r} is not an http(s) URL; dropped")
        return safe
    return value


def _params(fields: dict[str, Any], reading: Reading) -> dict[str, Any]:
    """Hugo's ``.Params``: a ``params`` table's keys, then every unmapped key."""
    table = fields.pop("params", None)
    if isinstance(table, Mapping):
        params = {str(k).lower(): param_value(v) for k, v in table.items()}
    else:
        params = {} if table is None else {"params": param_value(table)}
    for key, value in fields.items():
        params.setdefault(key, param_value(value))
    passthrough = {}
    for key in reading.options.passthrough:
        usable = key.isidentifier() and not key.startswith("_")
        if key in params and usable and key not in RESERVED:
            value = _passthrough_value(key, params[key], reading)
            if value is not None:
                passthrough[key] = value
    return {
        "params": MappingProxyType(params),
        "passthrough": MappingProxyType(passthrough),
    }


def _terms(fields: dict[str, Any], path: PathInfo) -> dict[str, Any]:
    lang = fields.pop("lang", "") or path.lang
    key = fields.pop("translation_key", "") or path.translation_key
    return {
        "authors": tuple(fields.pop("authors", ())),
        "categories": tuple(fields.pop("categories", ())),
        "tags": tuple(fields.pop("tags", ())),
        "keywords": tuple(fields.pop("keywords", ())),
        "aliases": tuple(fields.pop("aliases", ())),
        "lang": lang.lower() if lang and _LANG.fullmatch(lang) else "",
        "translation_key": key,
    }


def _slug(fields: dict[str, Any], title: str, path: PathInfo, options: Options):
    if explicit := fields.pop("slug", ""):
        return {"slug_text": explicit, "slug_from": "slug"}
    if options.slug_source == "title":
        return {"slug_text": title, "slug_from": "title"}
    return {"slug_text": path.slug_text, "slug_from": path.slug_from}


def interpret(document: front_matter.Document, options: Options) -> NewsItem:
    """Decide everything about one split file; raise :class:`NewsImportError`.

    >>> text = '---\\ntitle: "Hi"\\ndraft: true\\nweight: 3\\n---\\nB'
    >>> doc = front_matter.split(text)
    >>> item = interpret(dataclasses.replace(doc, path="news/hi-1.md"), Options())
    >>> item.title, item.status, item.slug_text, dict(item.params), item.content
    ('Hi', 'draft', 'hi-1', {'weight': 3}, '<p>B</p>')
    """
    document = hugo_content.with_cascade(document, options)
    reading = Reading(document, options)
    path = interpret_path(reading)
    fields = clean_value(front_matter.hugo_to_pelican(document.metadata))
    changed: list[str] = []
    title = _repaired("title", fields.pop("title", ""), changed)
    title = title or hugo_content.derived_title(path.title, reading)
    content, text, report = render_body(document.body, options, reading)
    content = no_attach(content)
    dates = resolve_dates(fields, reading)
    status, reason = hugo_content.status(fields, dates, reading, path.kind)
    description = _repaired("description", fields.pop("description", ""), changed)
    summary, summary_from = _summary(fields, description, text, options)
    found = {
        **_slug(fields, title, path, options),
        **_terms(fields, path),
        "image": _image(fields, reading),
        **_source(fields, reading),
    }
    found.update(_params(fields, reading))
    if document.encoding != "utf-8":
        reading.warn(f"not UTF-8; decoded as {document.encoding}")
    return NewsItem(
        **hugo_content.item_fields(reading, found, path.kind, reason),  # may warn
        path=document.path,
        format=document.format,
        title=title,
        content=content,
        body=report,
        dates=dates,
        status=status,
        status_reason=reason,
        kind=path.kind,
        description=description,
        summary=summary,
        summary_from=summary_from,
        repaired=tuple(changed),
        warnings=tuple(reading.warnings),
        encoding=document.encoding,
        **found,
    )


def to_json(value: Any) -> Any:
    """A record (or any part of one) as plain JSON values, for tests and ``check``.

    >>> to_json(Problem("image dropped", 4))
    {'message': 'image dropped', 'line': 4}
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value
