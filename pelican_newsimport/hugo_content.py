"""Hugo's rules (:mod:`.hugo`, :mod:`.shortcodes`) applied to one file being read.

:mod:`.interpret` calls these for its date, path, status and body decisions,
so a Hugo ``content/`` folder publishes under Pelican as it does under Hugo:

* dates follow ``NEWSIMPORT_FRONTMATTER`` (Hugo's ``[frontmatter]``);
* a page with no date at all is published *hidden* (written at its URL, left
  out of indexes and feeds, like a Pelican page), dated from the file's
  modification time;
* drafts, future and expired pages become Pelican drafts (not published),
  unless ``NEWSIMPORT_BUILD_FUTURE`` / ``NEWSIMPORT_BUILD_EXPIRED`` say
  otherwise; headless bundles, ``build.render: never`` and Markdown resources
  of a leaf bundle are skipped;
* a section's ``_index.md`` is published hidden under its folder's name; the
  home ``_index.md`` is skipped (Pelican's index is the home page), with one
  info line.

Pure module: no Pelican import (file system reads only: modification times
and the names of files beside a bundle).
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from . import front_matter, hugo, interpret, shortcodes

UNDATED = ":fileModTime (no date)"
SKIPPED_KINDS = {"home": "the home page", "resource": "a leaf bundle's resource"}
_RELATIVE_LINK = re.compile(r'(\s(?:src|href)=")(?![a-zA-Z][\w+.-]*:|/|#|\{)([^"]+)"')


@lru_cache(maxsize=4096)
def _names_in(folder: str) -> frozenset[str]:
    """The names in a folder, read once per build (see :func:`reset`)."""
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


def reset(*_sender: Any) -> None:
    """Forget folder listings and cascades from the previous build."""
    for cached in (_names_in, _where, _folder_bundle, _cascade_chain):
        cached.cache_clear()


def _content_root(document: Any) -> str:
    relative = document.path.replace(os.sep, "/")
    disk = (document.file_path or "").replace(os.sep, "/")
    return disk[: -len(relative)] if relative and disk.endswith(relative) else ""


def _is_file(root: str, relative: str) -> Any:
    def is_file(candidate: str) -> bool:
        if candidate == relative:
            return True
        if not root:
            return False
        folder = os.path.join(root, posixpath.dirname(candidate))
        return posixpath.basename(candidate) in _names_in(folder)

    return is_file


def where(reading: Any) -> hugo.ContentPath:
    """Hugo's reading of the file's place in the content folder."""
    found = getattr(reading, "_hugo_where", None)
    if found is None:
        document = reading.document
        folders = tuple(sorted(reading.options.language_folders.items()))
        found = _where(document.path, document.file_path or "", folders)
        reading._hugo_where = found  # asked for by several decisions
    return found


@lru_cache(maxsize=256)
def _where(path: str, file_path: str, folders: tuple) -> hugo.ContentPath:
    relative = path.replace(os.sep, "/")
    disk = file_path.replace(os.sep, "/")
    root = disk[: -len(relative)] if relative and disk.endswith(relative) else ""
    if posixpath.basename(relative) in _INDEX_NAMES:
        bundle = hugo.leaf_bundle_dir(relative, _is_file(root, relative), _BUNDLE_EXTS)
    else:  # the answer depends only on the folder: asked once per folder
        bundle = _folder_bundle(root, posixpath.dirname(relative))
    return hugo.content_path(
        relative, bundle_dir=bundle, language_folders=dict(folders)
    )


_BUNDLE_EXTS = ("md", "markdown", "html")
_INDEX_NAMES = frozenset(f"index.{ext}" for ext in _BUNDLE_EXTS)


@lru_cache(maxsize=4096)
def _folder_bundle(root: str, folder: str) -> str:
    """The leaf bundle of any non-index file in ``folder`` (see :func:`_where`)."""
    probe = posixpath.join(folder, "_")  # not an index file, so only the disk answers
    return hugo.leaf_bundle_dir(probe, _is_file(root, probe), _BUNDLE_EXTS)


def path_info(reading: Any) -> Any:
    """:class:`.interpret.PathInfo` from Hugo's path rules."""
    place = where(reading)
    if place.kind in {"section", "home"}:
        name = posixpath.basename(place.section) or "home"
        return interpret.PathInfo(
            name,
            "folder",
            place.lang,
            kind=place.kind,
            title=hugo.title_from_name(name),
        )
    if place.kind == "resource":
        return interpret.PathInfo(place.name, "filename", place.lang, kind="resource")
    slug, slug_from = place.name, "folder" if place.bundle else "filename"
    if _uses_filename_dates(reading.options):
        _day, named = hugo.date_and_slug_from_filename(place.name + ".md", dt.UTC)
        slug = named or slug
    kind = "bundle" if place.bundle else "article"
    return interpret.PathInfo(
        slug, slug_from, place.lang, kind=kind, title=hugo.title_from_name(place.name)
    )


def _uses_filename_dates(options: Any) -> bool:
    return any(":filename" in str(v).lower() for v in options.hugo_frontmatter.values())


def _mtime(document: Any, tz: dt.tzinfo) -> dt.datetime | None:
    try:
        stamp = os.stat(document.file_path).st_mtime
    except (OSError, TypeError, ValueError):
        return None
    return dt.datetime.fromtimestamp(int(stamp), tz)


def _field(reading: Any, key: str, value: dt.datetime) -> Any:
    if key.startswith(":"):
        return interpret.DateField(value, key, "", None)
    metadata = reading.document.metadata
    written = next((k for k in metadata if str(k).lower() == key), None)
    if written is None:  # a date Hugo wrote back under this key
        return None
    raw = metadata[written]
    shown = raw.isoformat() if isinstance(raw, dt.date | dt.datetime) else str(raw)
    return interpret.DateField(value, str(written), shown, reading.line(str(written)))


# ``lastmod`` falls back to these in Hugo; Pelican's ``modified`` then stays unset.
_DATE_KEYS = frozenset({"date", "publishdate", "pubdate", "published"})


def _refuse(reading: Any, key: str) -> None:
    """One error naming the file and line of a date that is not one."""
    written = next((k for k in reading.document.metadata if str(k).lower() == key), key)
    raw = reading.document.metadata.get(written, "")
    interpret.parse_date(str(raw), str(written), reading)  # words the usual errors
    reading.fail(f"{written}: {str(raw)!r} is not a valid date", str(written))


def dates(fields: dict[str, Any], reading: Any) -> Any:
    """Hugo's four dates, in the order ``NEWSIMPORT_FRONTMATTER`` gives."""
    for key in ("date", "publishdate", "modified", "expirydate"):
        fields.pop(key, None)
    document, options = reading.document, reading.options
    tz = hugo.timezone(options.timezone)
    place = where(reading)
    base = place.name if place.bundle == "leaf" else posixpath.basename(document.path)
    stamp: list = []  # the file's mtime, read only when a rule or fallback asks

    def mtime() -> dt.datetime | None:
        if not stamp:
            stamp.append(_mtime(document, tz))
        return stamp[0]

    found = hugo.resolve_dates(
        document.metadata,
        base_filename=base,
        config=options.hugo_frontmatter,
        mod_time=mtime,
        tz=tz,
    )
    for key in found.problems:
        _refuse(reading, key)
    chosen: dict[str, Any] = {}
    for name in hugo.DATE_FIELDS:
        if value := getattr(found, name):
            key = found.sources[name]
            same = [f for f in chosen.values() if f.value == value]
            known = [f for f in same if f.key.lower() == key]
            chosen[name] = (known or [_field(reading, key, value)])[0]
            chosen[name] = chosen[name] or (same[0] if same else None)
    if found.sources.get("lastmod") in _DATE_KEYS:
        chosen.pop("lastmod")
    if chosen.get("date") is None and mtime() is not None:
        chosen["date"] = interpret.DateField(mtime(), UNDATED, "", None)
    reading._hugo_date = chosen.get("date")  # for permalinks
    return interpret.Dates(
        date=chosen.get("date"),
        modified=chosen.get("lastmod"),
        expiry=chosen.get("expirydate"),
        publish=chosen.get("publishdate"),
    )


def status(fields: dict[str, Any], found: Any, reading: Any, kind: str) -> tuple:
    """Pelican's status and the reason, from Hugo's publication rules."""
    given = str(fields.pop("status", "")).strip().lower()
    fields.pop("draft", None)
    options = reading.options
    if kind in SKIPPED_KINDS:
        return "skip", kind
    moments = hugo.HugoDates(
        publishdate=found.publish.value if found.publish else None,
        expirydate=found.expiry.value if found.expiry else None,
    )
    why = hugo.publication(
        reading.document.metadata,
        moments,
        now=options.now(),
        build_future=options.build_future,
        build_expired=options.build_expired,
    )
    if why in {"headless", "render never"}:
        return "skip", why
    if why:
        return "draft", why
    if given in interpret.PELICAN_STATUSES:
        return given, "status"
    if kind == "section" or (found.date and found.date.key == UNDATED):
        return "hidden", kind if kind == "section" else "undated"
    return None, ""


def skip_note(kind: str, reason: str) -> tuple[str, ...]:
    """The one info line for a file that is not published (or none)."""
    if kind == "home":
        return (
            "the home page (_index.md) is not published; Pelican writes its own index",
        )
    if reason in {"headless", "render never"}:
        return (f"not published ({reason}, as in Hugo)",)
    return ()


def derived_title(title: str, reading: Any) -> str:
    """A page without a title is named after its file, with a warning (Hugo
    publishes it untitled)."""
    if not title:
        raise interpret.NewsImportError(reading.path, "front matter has no title", 2)
    reading.warn(f"front matter has no title; using {title!r}, from its name")
    return title


def item_fields(reading: Any, found: dict[str, Any], kind: str, reason: str) -> dict:
    """The record's Hugo fields: its Hugo URL path and info notes."""
    return {"hugo_path": url_path(reading, found), "notes": skip_note(kind, reason)}


def _resolver(reading: Any) -> Any:
    root = _content_root(reading.document)
    here = posixpath.dirname(reading.document.path.replace(os.sep, "/"))

    def resolve(target: str) -> str | None:
        path, _, anchor = target.partition("#")
        path = path.strip()
        anchor = f"#{anchor}" if anchor else ""
        if not path:
            return anchor or None
        stem = path.lstrip("/").removesuffix(".md")
        bases = [stem] if path.startswith("/") else [posixpath.join(here, stem), stem]
        for base in bases:
            for candidate in (f"{base}.md", f"{base}/index.md", f"{base}/_index.md"):
                if root and os.path.isfile(os.path.join(root, candidate)):
                    return f"{{filename}}/{candidate}{anchor}"
        return None

    return resolve


def render_markdown(body: str, reading: Any, markdown: Any) -> tuple[str, str | None]:
    """The body with Hugo's shortcodes rendered, and the ``<!--more-->`` summary."""
    out = shortcodes.render(
        body,
        markdown,
        params=reading.document.metadata,
        resolve_ref=_resolver(reading),
    )
    for name in dict.fromkeys(out.unknown):
        reading.warn(f"shortcode {name!r} is not a Hugo built-in; removed")
    for problem in out.problems:
        reading.warn(f"shortcode {problem}")
    return link_resources(out.html, reading), out.summary


def link_resources(html: str, reading: Any) -> str:
    """Relative links to a leaf bundle's own files, as Pelican ``{static}`` links.

    Pelican then copies each linked file beside the page's source path, and
    rewrites the link to wherever the page is written.
    """
    place = where(reading)
    root = _content_root(reading.document)
    if place.bundle != "leaf" or not root:
        return html
    folder = os.path.join(root, place.bundle_dir)

    def rewrite(match: re.Match[str]) -> str:
        target = match.group(2)
        path = target.split("#", 1)[0].split("?", 1)[0]
        inside = os.path.normpath(os.path.join(folder, path))
        if inside.startswith(os.path.normpath(folder) + os.sep) and os.path.isfile(
            inside
        ):
            return f'{match.group(1)}{{static}}{target}"'
        return match.group(0)

    return _RELATIVE_LINK.sub(rewrite, html)


def extras(item: Any, settings: Any) -> dict[str, Any]:
    """Pelican metadata from Hugo's rules: an explicit slug kept as Hugo keeps it,
    Hugo's URL with ``NEWSIMPORT_HUGO_URLS``, and what :mod:`.hugo_site` needs."""
    undated = bool(item.dates.date) and item.dates.date.key == UNDATED
    found: dict[str, Any] = {"hugo_kind": item.kind, "undated": undated}
    if item.slug_from == "slug" and (slug := hugo.path_segment(item.slug_text)):
        found["slug"] = slug
    if settings.get("NEWSIMPORT_HUGO_URLS") and item.hugo_path:
        found["url"] = item.hugo_path.lstrip("/")
        found["save_as"] = hugo.save_as_for(item.hugo_path)
    return found


def url_path(reading: Any, found: dict[str, Any]) -> str:
    """The path Hugo would publish this file at (``/fr/posts/hello/``)."""
    place = where(reading)
    slug = found["slug_text"] if found["slug_from"] != "title" else ""
    lang = found.get("lang") or place.lang
    prefix = lang if lang and lang != reading.options.default_lang else ""
    metadata = {str(k).lower(): v for k, v in reading.document.metadata.items()}
    url = metadata.get("url")
    url = url if isinstance(url, str) else ""
    if url and not hugo.site_path(url):
        reading.warn(f"url {url!r} is not a path on this site; ignored", "url")
    top = place.section.split("/", 1)[0]
    pattern = reading.options.permalinks.get(top) if place.kind == "page" else None
    if pattern and not hugo.site_path(url):
        date = getattr(reading, "_hugo_date", None)
        when = date.value if date and date.key != UNDATED else None
        given = slug if found["slug_from"] == "slug" or slug != place.name else ""
        title = str(metadata.get("title") or "")
        found_path = hugo.permalink(pattern, place, slug=given, title=title, date=when)
        if found_path:
            return f"/{prefix}{found_path}" if prefix else found_path
    return hugo.hugo_path(place, slug=slug, url=url, lang_prefix=prefix)


def _cascade_of(path: str) -> tuple[dict[str, Any], ...]:
    """The ``cascade`` entries a section's ``_index.md`` hands down."""
    if not os.path.isfile(path):
        return ()
    try:
        with open(path, encoding="utf-8-sig") as handle:
            document = front_matter.split(handle.read())
    except (OSError, ValueError, RecursionError):
        return ()
    metadata = {
        str(k).lower(): v for k, v in (document.metadata if document else {}).items()
    }
    cascade = metadata.get("cascade")
    entries = cascade if isinstance(cascade, list) else [cascade]
    return tuple(e for e in entries if isinstance(e, dict))


def _targets(entry: dict[str, Any], kind: str) -> bool:
    target = entry.get("_target") or entry.get("target") or {}
    if not isinstance(target, dict) or target.get("path"):
        return not target  # path globs are not matched here: skip those entries
    wanted = str(target.get("kind", "")).strip("{}")
    hugo_kind = "page" if kind in {"article", "bundle"} else kind
    return not wanted or hugo_kind in wanted.split(",")


def _inherit(merged: dict[str, Any], entry: dict[str, Any]) -> None:
    params = entry.get("params")
    values = {**entry, **params} if isinstance(params, dict) else entry
    for key, value in values.items():
        name = str(key).lower()
        if name not in {"_target", "target", "params"}:
            merged.setdefault(name, value)


@lru_cache(maxsize=1024)
def _cascade_chain(root: str, folder: str) -> tuple[dict[str, Any], ...]:
    """Cascade entries for a folder, nearest ``_index.md`` first."""
    own = _cascade_of(os.path.join(root, folder, "_index.md"))
    if not folder:
        return own
    return own + _cascade_chain(root, posixpath.dirname(folder))


def with_cascade(document: Any, options: Any) -> Any:
    """The document with the ``cascade`` of its sections applied, as in Hugo.

    Each ``_index.md`` above the file (nearest first, the file's own included)
    may set ``cascade``; a key the file does not set itself is taken from it
    (``build: {render: never}`` hides a whole folder, for instance).
    """
    root = _content_root(document)
    relative = document.path.replace(os.sep, "/")
    chain = _cascade_chain(root, posixpath.dirname(relative)) if root else ()
    if not chain:
        return document
    merged = {str(k).lower(): v for k, v in document.metadata.items()}
    kind = where(interpret.Reading(document, options)).kind
    for entry in chain:
        if _targets(entry, kind):
            _inherit(merged, entry)
    if len(merged) == len(document.metadata):
        return document
    return replace(document, metadata=merged)


def unguessed_code(config: dict[str, Any]) -> None:
    """Code blocks without a language stay unhighlighted, as in Hugo.

    Pelican's default ``codehilite`` guesses a language for every unnamed code
    block, which is most of the time spent reading a documentation page; Hugo
    never guesses.  A site's own ``guess_lang`` setting wins.
    """
    settings = config.setdefault("extension_configs", {})
    codehilite = settings.get("markdown.extensions.codehilite")
    if isinstance(codehilite, dict):
        codehilite.setdefault("guess_lang", False)


def page_permalinks(settings: Any) -> dict[str, str]:
    """``NEWSIMPORT_PERMALINKS`` (Hugo's ``[permalinks]``) for regular pages."""
    table = settings.get("NEWSIMPORT_PERMALINKS") or {}
    table = table.get("page", table) if isinstance(table.get("page"), dict) else table
    return {str(k).strip("/"): v for k, v in table.items() if isinstance(v, str)}
