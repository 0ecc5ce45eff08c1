"""Hugo's content rules, so a Hugo ``content/`` folder publishes as Hugo would.

Hugo decides four things from a file that Pelican decides differently:

* **dates** -- Hugo fills ``date``, ``lastmod``, ``publishDate`` and
  ``expiryDate`` from an ordered list of front-matter keys per date (its
  ``[frontmatter]`` configuration), falling back from one key to the next, and
  can take a date from the file name (``2024-01-02-title.md``) or the file's
  modification time (``resources/page/pagemeta/page_frontmatter.go``);
* **what is published** -- drafts, pages whose publish date is in the future
  and pages whose expiry date has passed are left out, and so are headless
  bundles and Markdown files that are resources of a leaf bundle;
* **what a path means** -- ``dir/index.md`` is a leaf bundle named after its
  folder, ``dir/_index.md`` a section page (``_index.md`` at the top: the home
  page), ``name.fr.md`` the French translation of ``name.md``;
* **URL segments** -- an explicit ``slug`` keeps dots and non-Latin letters
  (``lencr.org``, ``приватність``); Hugo only lowercases it and turns spaces
  into hyphens.

Everything here is a pure function of the front matter, the path relative to
the content folder, and (for ``:fileModTime``) a timestamp the caller passes
in.  Pure module: no Pelican import.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as date_parser

DATE_FIELDS = ("date", "lastmod", "publishdate", "expirydate")
# Hugo's defaults (newDefaultFrontmatterConfig).  ``:git`` needs Git history,
# which Hugo only reads with enableGitInfo; here it never yields a date.
DEFAULT_FRONTMATTER: dict[str, tuple[str, ...]] = {
    "date": ("date", "publishdate", "lastmod"),
    "lastmod": (":git", "lastmod", "date", "publishdate"),
    "publishdate": ("publishdate", "date"),
    "expirydate": ("expirydate",),
}
# Hugo adds these right after the key they alias (dateFieldAliases).
DATE_ALIASES = {
    "lastmod": ("modified",),
    "publishdate": ("pubdate", "published"),
    "expirydate": ("unpublishdate",),
}
SPECIAL_SOURCES = frozenset({":filename", ":filemodtime", ":git", ":default"})
CONTENT_EXTENSIONS = frozenset(
    {"md", "markdown", "mdown", "mkd", "mkdn", "html", "htm", "adoc", "org", "rst"}
)
_LANG_SUFFIX = re.compile(r"[a-z]{2}(?:-[a-z0-9]{2,8})*", re.IGNORECASE)
_SEGMENT_DROP = frozenset("/\\#%?")
# A time without a day: a parser would date it today, Hugo refuses it.
_TIME_ONLY = re.compile(
    r"\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?\s*"
)


class FrontMatterConfigError(ValueError):
    """A ``NEWSIMPORT_FRONTMATTER`` value Hugo would not accept either."""


def frontmatter_config(
    config: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Expand a Hugo ``[frontmatter]`` table the way Hugo does.

    Keys and identifiers are case-insensitive, ``:default`` stands for Hugo's
    default list, and each date key is followed by its aliases.

    >>> frontmatter_config()["date"]
    ('date', 'publishdate', 'pubdate', 'published', 'lastmod', 'modified')
    >>> frontmatter_config({"date": [":filename", ":default"]})["date"][:3]
    (':filename', 'date', 'publishdate')
    >>> frontmatter_config({"lastMod": ["lastmod", ":fileModTime"]})["lastmod"]
    ('lastmod', 'modified', ':filemodtime')
    """
    chosen = dict(DEFAULT_FRONTMATTER)
    for key, value in (config or {}).items():
        name = str(key).lower()
        if name not in chosen:
            raise FrontMatterConfigError(f"unknown date {key!r}")
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise FrontMatterConfigError(f"{key!r} must be a list of identifiers")
        chosen[name] = tuple(str(v).lower() for v in value)
    expanded = {}
    for name, identifiers in chosen.items():
        out: list[str] = []
        for identifier in identifiers:
            group = (
                DEFAULT_FRONTMATTER[name] if identifier == ":default" else [identifier]
            )
            for item in group:
                out.extend((item, *DATE_ALIASES.get(item, ())))
        expanded[name] = tuple(dict.fromkeys(out))
    return expanded


def _config_key(config: Mapping[str, Sequence[str]] | None) -> tuple:
    items = (config or {}).items()
    return tuple((k, v if isinstance(v, str) else tuple(v)) for k, v in items)


@lru_cache(maxsize=32)
def _expanded(key: tuple) -> dict[str, tuple[str, ...]]:
    return frontmatter_config({k: [v] if isinstance(v, str) else v for k, v in key})


def parse_date(value: Any, tz: dt.tzinfo) -> dt.datetime:
    """Read a front-matter date as Hugo does; a date without offset is in ``tz``.

    >>> parse_date("2024-03-01T10:00:00+01:00", dt.UTC).isoformat()
    '2024-03-01T10:00:00+01:00'
    >>> parse_date(dt.date(2024, 3, 1), dt.UTC).isoformat()
    '2024-03-01T00:00:00+00:00'
    >>> parse_date("March 1, 2024", dt.UTC).date()
    datetime.date(2024, 3, 1)
    >>> parse_date("soon", dt.UTC)
    Traceback (most recent call last):
    ValueError: 'soon' is not a date
    """
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip() and not _TIME_ONLY.fullmatch(value):
        text = value.strip()
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            try:
                parsed = date_parser.parse(text)
            except (ValueError, OverflowError):
                raise ValueError(f"{value!r} is not a date") from None
    else:
        raise ValueError(f"{value!r} is not a date")
    return comparable(parsed if parsed.tzinfo else parsed.replace(tzinfo=tz), value)


def comparable(parsed: dt.datetime, value: Any) -> dt.datetime:
    """``parsed`` if it can be compared with other dates, else ValueError.

    A parser accepts offsets of a day or more (``+030:00``) and dates at the
    edge of the calendar that no offset can move; comparing them would raise.

    >>> comparable(parse_date("2025-05-16T00:00:00+03:00", dt.UTC), "").day
    16
    >>> parse_date("2025-05-16T00:00:00+030:00", dt.UTC)
    Traceback (most recent call last):
    ValueError: '2025-05-16T00:00:00+030:00' is not a date
    >>> parse_date("0001-01-01T00:00:00+01:00", dt.UTC)
    Traceback (most recent call last):
    ValueError: '0001-01-01T00:00:00+01:00' is not a date
    """
    try:
        parsed.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise ValueError(f"{value!r} is not a date") from None
    return parsed


def timezone(name: str | None) -> dt.tzinfo:
    """The ``tzinfo`` for a Pelican ``TIMEZONE`` name; UTC when unknown.

    >>> timezone("Europe/Istanbul").key, timezone(None)
    ('Europe/Istanbul', datetime.timezone.utc)
    """
    try:
        return ZoneInfo(name) if name else dt.UTC
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def date_and_slug_from_filename(
    name: str, tz: dt.tzinfo
) -> tuple[dt.datetime | None, str]:
    """Hugo's ``:filename``: a leading ``YYYY-MM-DD`` is the date, the rest the slug.

    >>> date_and_slug_from_filename("2024-01-02-my-title.md", dt.UTC)
    (datetime.datetime(2024, 1, 2, 0, 0, tzinfo=datetime.timezone.utc), 'my-title')
    >>> date_and_slug_from_filename("notes.md", dt.UTC)
    (None, '')
    """
    stem = name.rsplit(".", 1)[0] if "." in name else name
    if len(stem) < 10:
        return None, ""
    try:
        day = dt.date.fromisoformat(stem[:10])
    except ValueError:
        return None, ""
    return dt.datetime(day.year, day.month, day.day, tzinfo=tz), stem[10:].strip(" -_")


@dataclass(frozen=True, slots=True)
class HugoDates:
    """The four dates Hugo resolves, each with where it came from."""

    date: dt.datetime | None = None
    lastmod: dt.datetime | None = None
    publishdate: dt.datetime | None = None
    expirydate: dt.datetime | None = None
    sources: Mapping[str, str] = field(default_factory=dict)
    filename_slug: str = ""
    problems: tuple[str, ...] = ()


def resolve_dates(
    front: Mapping[str, Any],
    *,
    base_filename: str,
    config: Mapping[str, Sequence[str]] | None = None,
    mod_time: dt.datetime | Callable[[], dt.datetime | None] | None = None,
    tz: dt.tzinfo = dt.UTC,
) -> HugoDates:
    """Resolve Hugo's four dates from front matter, like ``HandleDates``.

    ``base_filename`` is the file name, or the folder name of a leaf bundle.
    ``mod_time`` may be a function, called only when ``:fileModTime`` is
    reached (most files have a date, so the file need not be stat'ed).
    As in Hugo, each resolved date is written back under its own key when
    that key is absent, so ``publishDate`` falls back to a ``date`` that was
    itself taken from ``lastmod``.  A key whose value is not a date is listed
    in ``problems`` and the next key is tried.

    >>> only_lastmod = resolve_dates({"lastmod": "2023-07-14"}, base_filename="a.md")
    >>> only_lastmod.date.date(), only_lastmod.publishdate.date()
    (datetime.date(2023, 7, 14), datetime.date(2023, 7, 14))
    >>> only_lastmod.sources["date"]
    'lastmod'
    >>> resolve_dates({}, base_filename="a.md").date is None
    True
    >>> named = resolve_dates({}, base_filename="2024-01-02-x.md",
    ...                       config={"date": [":filename", ":default"]})
    >>> named.date.date(), named.filename_slug
    (datetime.date(2024, 1, 2), 'x')
    """
    identifiers = _expanded(_config_key(config))
    params = {str(k).lower(): v for k, v in front.items()}
    found: dict[str, Any] = {"sources": {}, "filename_slug": ""}
    problems: list[str] = []
    for name in DATE_FIELDS:
        for identifier in identifiers[name]:
            when, slug = _from_identifier(
                identifier, params=params, base_filename=base_filename,
                mod_time=mod_time, tz=tz, problems=problems,
            )  # fmt: skip
            if when is not None:
                found[name], found["sources"][name] = when, identifier
                params.setdefault(name, when)
                if identifier == ":filename" and "slug" not in params:
                    found["filename_slug"] = slug
                break
    return HugoDates(**found, problems=tuple(dict.fromkeys(problems)))


def _from_identifier(
    identifier: str,
    *,
    params: dict[str, Any],
    base_filename: str,
    mod_time: Any,
    tz: dt.tzinfo,
    problems: list[str],
) -> tuple[dt.datetime | None, str]:
    if identifier == ":filename":
        return date_and_slug_from_filename(base_filename, tz)
    if identifier == ":filemodtime":
        return (mod_time() if callable(mod_time) else mod_time), ""
    if identifier.startswith(":"):
        return None, ""
    value = params.get(identifier)
    if value in (None, ""):
        return None, ""
    try:
        parsed = parse_date(value, tz)
    except ValueError:
        problems.append(identifier)
        return None, ""
    params[identifier] = parsed  # parsed once, as Hugo writes it back
    return parsed, ""


def truthy(value: Any) -> bool:
    """Hugo's reading of a boolean front-matter value (``draft``, ``headless``).

    >>> truthy(True), truthy("true"), truthy("no"), truthy(None)
    (True, True, False, False)
    """
    if isinstance(value, str):
        return value.strip().lower() in {"true", "yes", "on", "1"}
    return bool(value) if isinstance(value, bool | int) else False


def publication(
    front: Mapping[str, Any],
    dates: HugoDates,
    *,
    now: dt.datetime,
    build_future: bool = False,
    build_expired: bool = False,
) -> str:
    """Why Hugo would not publish a page: '' (it would), or the reason.

    Reasons: ``draft``, ``future`` (publish date after ``now``), ``expired``
    (expiry date before ``now``), ``headless`` and ``render never`` (the
    page's ``build`` options).

    >>> now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    >>> past = resolve_dates({"date": "2024-01-01"}, base_filename="a.md")
    >>> publication({"draft": True}, past, now=now)
    'draft'
    >>> publication({}, resolve_dates({"date": "2099-01-01"}, base_filename="a.md"),
    ...             now=now)
    'future'
    >>> publication({}, resolve_dates({"expiryDate": "2020-01-01"},
    ...             base_filename="a.md"), now=now)
    'expired'
    >>> publication({"headless": True}, past, now=now), publication({}, past, now=now)
    ('headless', '')
    """
    params = {str(k).lower(): v for k, v in front.items()}
    build = params.get("build") or params.get("_build") or {}
    render = str(build.get("render", "")).lower() if isinstance(build, Mapping) else ""
    if truthy(params.get("draft")):
        return "draft"
    if truthy(params.get("headless")):
        return "headless"
    if render in {"never", "false"}:
        return "render never"
    if not build_future and dates.publishdate and dates.publishdate > now:
        return "future"
    if not build_expired and dates.expirydate and dates.expirydate <= now:
        return "expired"
    return ""


# ASCII text made only of characters the loop below keeps as they are.
_KEPT_AS_IS = re.compile(r"[A-Za-z0-9._+~@-]*")


@lru_cache(maxsize=4096)  # section and language names recur in every file's path
def path_segment(text: str, *, lower: bool = True) -> str:
    """A URL segment from ``text`` as Hugo makes one, or '' if none is left.

    Hugo (``UnicodeSanitize``) keeps letters, digits and marks of any script,
    ``.``, ``_``, ``-``, ``+``, ``~`` and ``@``, turns runs of spaces into one
    hyphen and lowercases.  ``/``, ``\\``, ``#`` and ``%``, which Hugo also
    keeps, would leave the folder or the URL here, so they are dropped, as
    are leading dots (no hidden files, no ``..``).

    >>> path_segment("lencr.org"), path_segment("Приватність"), path_segment("A B")
    ('lencr.org', 'приватність', 'a-b')
    >>> path_segment("../../etc/passwd"), path_segment("what?#x"), path_segment("..")
    ('etcpasswd', 'whatx', '')
    """
    if _KEPT_AS_IS.fullmatch(text):  # the usual file name: nothing to drop
        segment = text.lstrip(".")
        return segment.lower() if lower else segment
    out: list[str] = []
    pending_hyphen = False
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if char in "._-+~@" or category[0] in "LNM":
            if pending_hyphen and char != "-":
                out.append("-")
            pending_hyphen = False
            out.append(char)
        elif char.isspace() and out and out[-1] != "-":
            pending_hyphen = True
        elif char in _SEGMENT_DROP:
            continue
    segment = "".join(out).lstrip(".")
    return segment.lower() if lower else segment


_NAME_SEPARATORS = re.compile(r"[-_\s]+")


def title_from_name(name: str) -> str:
    """A title for a page that has none, from its file or folder name.

    >>> title_from_name("untitled-post"), title_from_name("my_trip_2024")
    ('Untitled post', 'My trip 2024')
    """
    words = " ".join(_NAME_SEPARATORS.split(name)).strip()
    return words[:1].upper() + words[1:]


@dataclass(frozen=True, slots=True)
class ContentPath:
    """What a content file's place in the folder means to Hugo.

    ``kind`` is ``page``, ``section`` (``dir/_index.md``), ``home``
    (``_index.md`` at the top) or ``resource`` (a file inside a leaf bundle,
    published with the bundle, never as a page of its own).  ``name`` is
    Hugo's ``ContentBaseName``: the file name without language and extension,
    or the folder's name for a bundle.  ``section`` is the folder the page is
    listed in, and ``translation_base`` the path its translations share.
    """

    kind: str
    name: str
    section: str
    lang: str = ""
    bundle: str = ""
    bundle_dir: str = ""

    @property
    def translation_base(self) -> str:
        return posixpath.join(self.section, self.name) if self.name else self.section


def split_name(filename: str, languages: frozenset[str] | None = None) -> tuple:
    """``name.fr.md`` -> ``('name', 'fr', 'md')``; the language may be absent.

    With ``languages`` given, only those codes count, as in a Hugo site whose
    ``[languages]`` lists them; otherwise any two-letter code (with optional
    subtags: ``pt-br``, ``zh-hans``) does.

    >>> split_name("about.fr.md"), split_name("lencr.org.md")
    (('about', 'fr', 'md'), ('lencr.org', '', 'md'))
    >>> split_name("index.zh-hans.md"), split_name("v1.2.md")
    (('index', 'zh-hans', 'md'), ('v1.2', '', 'md'))
    >>> split_name("about.fr.md", frozenset({"en", "de"}))
    ('about.fr', '', 'md')
    """
    stem, _, ext = filename.rpartition(".")
    if not stem:
        return filename, "", ""
    base, dot, lang = stem.rpartition(".")
    known = languages is None or lang.lower() in languages
    if dot and base and known and _LANG_SUFFIX.fullmatch(lang):
        return base, lang.lower(), ext
    return stem, "", ext


def leaf_bundle_dir(
    relative_path: str, is_file: Callable[[str], bool], extensions: Iterable[str]
) -> str:
    """The leaf bundle folder a file belongs to ('' if none): the nearest
    folder, at or above the file's own, that holds an ``index.<ext>`` (or
    ``index.<lang>.<ext>``) content file.

    >>> files = {"posts/trip/index.md", "posts/trip/notes.md", "posts/a.md"}
    >>> leaf_bundle_dir("posts/trip/notes.md", files.__contains__, ["md"])
    'posts/trip'
    >>> leaf_bundle_dir("posts/a.md", files.__contains__, ["md"])
    ''
    """
    folder = posixpath.dirname(relative_path.strip("/"))
    while folder and folder != "/":
        for ext in extensions:
            if is_file(f"{folder}/index.{ext}"):
                return folder
        folder = posixpath.dirname(folder)
    return ""


def content_path(
    relative_path: str,
    *,
    bundle_dir: str = "",
    languages: frozenset[str] | None = None,
    language_folders: Mapping[str, str] | None = None,
) -> ContentPath:
    """Interpret a path relative to the content folder, as Hugo does.

    ``bundle_dir`` is the leaf bundle the file is in (see
    :func:`leaf_bundle_dir`), '' if none.  ``language_folders`` maps a
    top-level folder to its language, like Hugo's per-language
    ``contentDir``; the folder is then not part of the page's section.

    >>> content_path("no/blog/_index.md", language_folders={"no": "no"})
    ContentPath(kind='section', name='', section='blog', lang='no', \
bundle='branch', bundle_dir='blog')

    >>> content_path("posts/trip/index.md", bundle_dir="posts/trip")
    ContentPath(kind='page', name='trip', section='posts', lang='', \
bundle='leaf', bundle_dir='posts/trip')
    >>> content_path("posts/trip/notes.md", bundle_dir="posts/trip").kind
    'resource'
    >>> content_path("posts/_index.fr.md")
    ContentPath(kind='section', name='', section='posts', lang='fr', \
bundle='branch', bundle_dir='posts')
    >>> content_path("_index.md").kind, content_path("about.fr.md").translation_base
    ('home', 'about')
    """
    path = relative_path.replace("\\", "/").strip("/")
    top, _, rest = path.partition("/")
    folder_lang = ""
    if language_folders and rest and top in language_folders:
        path, folder_lang = rest, language_folders[top]
        bundle_dir = bundle_dir.removeprefix(f"{top}/") if bundle_dir != top else ""
    folder, filename = posixpath.split(path)
    base, lang, _ext = split_name(filename, languages)
    lang = lang or folder_lang
    if base == "_index":
        kind = "section" if folder else "home"
        return ContentPath(kind, "", folder, lang, "branch", folder)
    if bundle_dir and base == "index" and folder == bundle_dir:
        parent, name = posixpath.split(folder)
        return ContentPath("page", name, parent, lang, "leaf", folder)
    if bundle_dir:
        return ContentPath("resource", base, folder, lang, "", bundle_dir)
    return ContentPath("page", base, folder, lang)


def hugo_path(
    where: ContentPath,
    *,
    slug: str = "",
    url: str = "",
    lang_prefix: str = "",
) -> str:
    """The path Hugo publishes a page at, with default permalinks.

    ``/section/slug-or-name/``; a front-matter ``url`` (a site path) wins;
    ``lang_prefix`` (``fr``) goes first for a language that is not the
    site's default.  Segments are made with :func:`path_segment`.

    >>> page = content_path("posts/Hello World.md")
    >>> hugo_path(page), hugo_path(page, slug="lencr.org", lang_prefix="fr")
    ('/posts/hello-world/', '/fr/posts/lencr.org/')
    >>> hugo_path(content_path("posts/_index.md")), hugo_path(page, url="/x/y")
    ('/posts/', '/x/y')
    """
    if url:
        return site_path(url) or hugo_path(where, slug=slug, lang_prefix=lang_prefix)
    parts = [lang_prefix, *where.section.split("/")]
    if where.kind == "page":
        parts.append(slug or where.name)
    segments = [path_segment(p) for p in parts]
    joined = "/".join(s for s in segments if s)
    return f"/{joined}/" if joined else "/"


def site_path(url: str) -> str:
    """A same-site path from a front-matter ``url`` or alias, or '' if it is not one.

    Hugo refuses ``http(s)`` aliases; here anything with a scheme or host,
    a ``..`` segment, a backslash or a control character is refused, and the
    path is normalised to start with ``/``.

    >>> site_path("old/post/"), site_path("/2019/01/moved.html")
    ('/old/post/', '/2019/01/moved.html')
    >>> site_path("https://evil.example/x"), site_path("//evil.example/x")
    ('', '')
    >>> site_path("/a/../../etc"), site_path("javascript:alert(1)")
    ('', '')
    """
    text = str(url).strip()
    if not text or "\\" in text or any(ord(c) < 32 or c == "\x7f" for c in text):
        return ""
    if text.startswith("//") or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text):
        return ""
    text = text.split("#", 1)[0].split("?", 1)[0]
    if any(part in {"..", "."} for part in text.split("/")):
        return ""
    return "/" + text.lstrip("/") if text else ""


def save_as_for(path: str) -> str:
    """Where a Hugo path is written: ``/a/b/`` -> ``a/b/index.html``.

    >>> save_as_for("/posts/hello/"), save_as_for("/2019/old.html"), save_as_for("/")
    ('posts/hello/index.html', '2019/old.html', 'index.html')
    """
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        return relative + "index.html"
    last = relative.rsplit("/", 1)[-1]
    return relative if "." in last else relative + "/index.html"


_TOKEN = re.compile(r":(slugorcontentbasename|slugorfilename|contentbasename|filename"
                    r"|sections|section|slug|title|yearday|year|month|monthname|day"
                    r"|weekdayname|weekday)")  # fmt: skip


def permalink(
    pattern: str,
    where: ContentPath,
    *,
    slug: str = "",
    title: str = "",
    date: dt.datetime | None = None,
) -> str:
    """A page's path from a Hugo ``[permalinks]`` pattern.

    >>> page = content_path("blog/news/hi/index.md", bundle_dir="blog/news/hi")
    >>> when = dt.datetime(2026, 2, 10)
    >>> permalink("/:section/:year/:month/:day/:slugorcontentbasename/", page,
    ...           date=when)
    '/blog/2026/02/10/hi/'
    >>> permalink("/:sections/:slug/", page, title="A Title", date=when)
    '/blog/news/a-title/'
    """
    sections = [s for s in where.section.split("/") if s]
    day = date or dt.datetime(1, 1, 1)
    values = {
        "year": str(day.year),
        "month": f"{day.month:02d}",
        "day": f"{day.day:02d}",
        "yearday": str(day.timetuple().tm_yday),
        "monthname": day.strftime("%B"),
        "weekday": str(day.isoweekday() % 7),
        "weekdayname": day.strftime("%A"),
        "section": sections[0] if sections else "",
        "sections": "/".join(path_segment(s) for s in sections),
        "slug": slug or title,
        "title": title,
        "slugorcontentbasename": slug or where.name,
        "slugorfilename": slug or where.name,
        "contentbasename": where.name,
        "filename": where.name,
    }

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values[name]
        return value if name == "sections" else path_segment(value)

    path = _TOKEN.sub(fill, pattern)
    path = re.sub("/{2,}", "/", "/" + path.strip("/") + "/")
    return path if site_path(path) else ""
