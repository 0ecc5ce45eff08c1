"""``pelican-newsimport``: check a content folder before Pelican builds it.

``check PATH...`` reads every file exactly as the plugin's reader would during
a build and says, per file, what it found and what it repaired: the
front-matter format, the escape level undone, the paragraphs restored, the
publisher (and whether it had to be derived from ``source_url``), articles
that share a title or a source URL, and bad files with their line.  A
one-line summary ends the report; the exit status is 1 when any file cannot
become an article, so the command can guard a CI job or a cron import.

``show FILE`` prints one repaired article, metadata then text, for debugging.

Everything goes through :func:`main`, which takes ``argv`` and returns the exit
status, so it can be tested in-process.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import datetime as dt
import fnmatch
import json
import logging
import os
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from pelican.settings import read_settings
from pelican.utils import set_date_tzinfo, slugify
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from . import attribution
from .reader import Details, NewsImportError, NewsImportReader
from .safety import plain_text, terminal_safe, terminal_safe_json
from .settings import newsimport_settings

PROG = "pelican-newsimport"
PROGRESS_THRESHOLD = 50
"""A progress bar is drawn (on a terminal only) above this many files."""

_LOGGERS = ("pelican_newsimport", "pelican")
_FAR_FUTURE = dt.datetime.max.replace(tzinfo=dt.UTC)
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table")
_FIRST_KEYS = (
    "title",
    "date",
    "modified",
    "status",
    "slug",
    "category",
    "tags",
    "authors",
    "author",
    "source",
    "source_name",
    "source_url",
    "image",
    "description",
    "summary",
    "lang",
)


@dataclass
class FileReport:
    """What ``check`` learned about one file; also its JSON record."""

    path: str
    status: str = "ok"
    """``ok`` (a news file), ``plain`` (a plain Pelican file) or ``error``."""
    reader: str = ""
    format: str = ""
    rendered_as: str = ""
    title: str = ""
    slug: str = ""
    date: dt.datetime | None = None
    article_status: str = "published"
    escape_level: int | None = None
    paragraphs_restored: int | None = None
    mojibake_fixed: bool | None = None
    repairs: str = ""
    publisher: str = ""
    publisher_domain: str = ""
    publisher_derived: bool = False
    given_source_name: str = ""
    source_url: str = ""
    duplicate_of: str | None = None
    duplicates: list[str] = field(default_factory=list)
    same_title_as: list[str] = field(default_factory=list)
    same_slug_as: list[str] = field(default_factory=list)
    slug_keeper: bool = True
    warnings: list[str] = field(default_factory=list)
    error_line: int | None = None
    error_message: str = ""

    @property
    def where(self) -> str:
        """``path:line`` (or just ``path``), the way compilers name a place."""
        return f"{self.path}:{self.error_line}" if self.error_line else self.path

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "reader": self.reader or None,
            "format": self.format or None,
            "rendered_as": self.rendered_as or None,
            "title": self.title or None,
            "slug": self.slug or None,
            "date": self.date.isoformat() if self.date else None,
            "article_status": self.article_status,
            "escape_level": self.escape_level,
            "paragraphs_restored": self.paragraphs_restored,
            "mojibake_fixed": self.mojibake_fixed,
            "publisher": self.publisher or None,
            "publisher_derived": self.publisher_derived,
            "source_url": self.source_url or None,
            "duplicate_of": self.duplicate_of,
            "duplicates": self.duplicates,
            "same_title_as": self.same_title_as,
            "same_slug_as": self.same_slug_as,
            "warnings": self.warnings,
            "error": (
                {"line": self.error_line, "message": self.error_message}
                if self.status == "error"
                else None
            ),
        }


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        records, self.records = self.records, []
        return records


@contextmanager
def _captured_logs() -> Iterator[_Collect]:
    """Keep the plugin's and Pelican's log lines for the report.

    The reader logs each bad file before raising; the report prints every
    problem itself, once, next to the file it belongs to.
    """
    handler = _Collect()
    saved = []
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.propagate, logger.level))
        logger.addHandler(handler)
        logger.propagate = False
        logger.setLevel(logging.WARNING)
    try:
        yield handler
    finally:
        for logger, propagate, level in saved:
            logger.removeHandler(handler)
            logger.propagate = propagate
            logger.setLevel(level)


# --------------------------------------------------------------------------------------
# Settings and files


class SettingsError(Exception):
    """A ``--settings`` file that Pelican cannot load."""


def load_settings(path: str | None, logs: _Collect) -> dict[str, Any]:
    """Pelican's settings (a site's own, or the defaults) with ours validated in."""
    try:
        settings = read_settings(path) if path else read_settings(path=None)
    except Exception as error:
        raise SettingsError(f"{path}: cannot load settings: {error}") from error
    # Pelican's own remarks on a bare configuration (feeds, time zone) are not
    # about the content being checked.
    logs.records = [r for r in logs.records if r.name.startswith("pelican_newsimport")]
    settings.update(newsimport_settings(settings))
    return settings


def _ignored(name: str, relative: str, patterns: Iterable[str]) -> bool:
    return any(
        fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(relative, pattern)
        for pattern in patterns
    )


def find_files(
    paths: Sequence[str], extensions: Iterable[str], ignore: Iterable[str] = ()
) -> tuple[list[str], list[str]]:
    """Files to check under ``paths``, in sorted order, and paths that do not exist.

    Directories are walked recursively for ``extensions`` (Pelican's rule:
    the part after the last dot, compared exactly) skipping ``IGNORE_FILES``
    patterns; a file named on the command line is checked whatever its name.
    """
    wanted = set(extensions)
    patterns = list(ignore)
    found: set[str] = set()
    missing = []
    for path in paths:
        if os.path.isdir(path):
            for dirpath, dirs, files in os.walk(path, followlinks=True):
                relative_dir = os.path.relpath(dirpath, path)
                dirs[:] = [
                    d
                    for d in dirs
                    if not _ignored(
                        d, os.path.join(relative_dir, d).replace(os.sep, "/"), patterns
                    )
                ]
                for name in files:
                    relative = os.path.join(relative_dir, name).replace(os.sep, "/")
                    extension = os.path.splitext(name)[1][1:]
                    if extension in wanted and not _ignored(name, relative, patterns):
                        found.add(os.path.normpath(os.path.join(dirpath, name)))
        elif os.path.isfile(path):
            found.add(os.path.normpath(path))
        else:
            missing.append(path)
    return sorted(found), missing


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Any]:
    """Yield a callable that advances a bar on stderr, or does nothing."""
    if not enabled:
        yield lambda: None
        return
    progress = Progress(
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    )
    with progress:
        task = progress.add_task("checking", total=total)
        yield lambda: progress.advance(task)


# --------------------------------------------------------------------------------------
# Reading


def _message(record: logging.LogRecord, path: str, shown: str) -> str:
    message = record.getMessage()
    for prefix in (f"{path}: ", f"{shown}: "):
        if message.startswith(prefix):
            return message.removeprefix(prefix)
    return message


def _aware(date: Any, settings: dict[str, Any]) -> dt.datetime | None:
    if not isinstance(date, dt.datetime):
        return None
    if date.tzinfo is None:
        return set_date_tzinfo(date, settings.get("TIMEZONE") or "UTC")
    return date


def _slugify(text: str, settings: dict[str, Any]) -> str:
    return slugify(
        text,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def read_file(
    reader: NewsImportReader, path: str, logs: _Collect, settings: dict[str, Any]
) -> tuple[FileReport, str, dict[str, Any]]:
    """Read one file as a build would; never raises for a bad file."""
    report = FileReport(path)
    logs.take()
    try:
        html, metadata = reader.read(path)
    except NewsImportError as error:
        report.status = "error"
        report.error_line = error.line
        report.error_message = error.message
        html, metadata = "", {}
    except Exception as error:  # Pelican's reader or a plugin failing on a file
        report.status = "error"
        report.error_message = f"{type(error).__name__}: {error}"
        html, metadata = "", {}
    for record in logs.take():
        if report.status == "error" and record.levelno >= logging.ERROR:
            continue
        report.warnings.append(_message(record, path, os.path.abspath(path)))
    if report.status == "error":
        return report, html, metadata

    report.reader = str(metadata.get("reader", "newsimport"))
    report.title = plain_text(metadata.get("title", ""))
    report.date = _aware(metadata.get("date"), settings)
    report.article_status = str(metadata.get("status") or "published")
    report.source_url = str(metadata.get("source_url") or "")
    if report.reader != "newsimport":
        report.status = "plain"
        if not report.title:
            report.status = "error"
            report.error_message = "no title: Pelican skips a file without one"
            return report, html, metadata
        if settings.get("SLUGIFY_SOURCE") == "basename":
            slug_source = os.path.splitext(os.path.basename(path))[0]
        else:
            slug_source = report.title
        report.slug = str(metadata.get("slug") or _slugify(slug_source, settings))
        return report, html, metadata

    report.slug = str(metadata.get("slug", ""))
    details = metadata.get("newsimport", {})
    report.format = details.get("format", "")
    report.rendered_as = details.get("rendered_as", "")
    report.escape_level = details.get("escape_level")
    report.paragraphs_restored = details.get("paragraphs_restored")
    report.mojibake_fixed = details.get("mojibake_fixed")
    report.repairs = details.get("explanation", "")
    source = metadata.get("source")
    if source is not None:
        report.publisher = plain_text(source.name)
        report.publisher_domain = source.domain
        report.given_source_name = details.get("source_name_given", "")
        report.publisher_derived = details.get("publisher_derived", False)
    return report, html, metadata


def cross_reference(reports: list[FileReport], settings: dict[str, Any]) -> None:
    """Find same titles, same slugs and same source URLs across the files.

    Mirrors what :mod:`.integrity` does at build time: of files sharing a slug
    the first by path keeps it; of published articles sharing a source URL
    the earliest (then first by path) is the one published.
    """
    readable = [r for r in reports if r.status != "error"]
    titles: dict[str, list[FileReport]] = defaultdict(list)
    slugs: dict[str, list[FileReport]] = defaultdict(list)
    urls: dict[str, list[FileReport]] = defaultdict(list)
    for report in readable:
        if key := _slugify(report.title, settings):
            titles[key].append(report)
        if report.slug:
            slugs[report.slug].append(report)
        if report.source_url and report.article_status == "published":
            urls[attribution.normalize_url(report.source_url)].append(report)
    for group in titles.values():
        for report in group:
            report.same_title_as = [r.path for r in group if r is not report]
    for group in slugs.values():
        group.sort(key=lambda r: r.path)
        for index, report in enumerate(group):
            report.same_slug_as = [r.path for r in group if r is not report]
            report.slug_keeper = index == 0
    for group in urls.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda r: (r.date or _FAR_FUTURE, r.path))
        kept, *others = group
        kept.duplicates = [r.path for r in others]
        for report in others:
            report.duplicate_of = kept.path


# --------------------------------------------------------------------------------------
# Reporting


def _count(number: int, noun: str, plural: str | None = None) -> str:
    """``1 file``, ``2 files``.

    >>> _count(1, "file"), _count(3, "duplicate"), _count(0, "entry", "entries")
    ('1 file', '3 duplicates', '0 entries')
    """
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _duplicate_outcome(policy: str, kept: str, dropped: Sequence[str]) -> str:
    if policy == "keep":
        return "all copies are published (NEWSIMPORT_DUPLICATES = 'keep')"
    logged = "an error" if policy == "error" else "a warning"
    names = ", ".join(dropped)
    return (
        f"only {kept} is published; {names} "
        f"{'is' if len(dropped) == 1 else 'are'} left out with {logged} "
        f"(NEWSIMPORT_DUPLICATES = {policy!r})"
    )


def describe(report: FileReport, policy: str) -> list[str]:
    """The lines of the human report for one file."""
    if report.status == "error":
        lines = [f"{report.where}: error: {report.error_message}"]
        lines += [f"  warning: {warning}" for warning in report.warnings]
        return lines
    if report.status == "plain":
        lines = [f"{report.path}: plain Pelican file (read by Pelican's own reader)"]
    else:
        lines = [f"{report.path}: ok"]
        if report.rendered_as == "markdown":
            lines.append(f"  {report.format.upper()} front matter; Markdown body")
        else:
            lines.append(
                f"  {report.format.upper()} front matter; plain-text body: "
                f"{report.repairs}"
            )
    lines.append(f"  title: {report.title}")
    if report.article_status != "published":
        lines.append(f"  status: {report.article_status} (not published)")
    if report.status == "ok":
        if not report.publisher:
            lines.append("  publisher: none (no source_url or source_name)")
        elif report.publisher_derived:
            given = report.given_source_name or "empty"
            lines.append(
                f"  publisher: {report.publisher} (derived from "
                f"{report.publisher_domain}; source_name was {given!r})"
            )
        else:
            lines.append(f"  publisher: {report.publisher} (from source_name)")
    if report.same_title_as:
        others = ", ".join(report.same_title_as)
        if set(report.same_title_as) <= set(report.same_slug_as):
            lines.append(f"  same title as {others}")
        else:
            lines.append(f"  same title as {others} (each keeps its own URL)")
    if report.same_slug_as:
        others = ", ".join(report.same_slug_as)
        if report.slug_keeper:
            outcome = "this file keeps its URL; the others get their own at build time"
        else:
            outcome = "this file gets its own URL at build time"
        lines.append(f"  same slug {report.slug!r} as {others}: {outcome}")
    if report.duplicates:
        lines.append(
            f"  same source URL as {', '.join(report.duplicates)}: "
            + _duplicate_outcome(policy, report.path, report.duplicates)
        )
    if report.duplicate_of:
        lines.append(
            f"  same source URL as {report.duplicate_of}: "
            + _duplicate_outcome(policy, report.duplicate_of, [report.path])
        )
    lines += [f"  warning: {warning}" for warning in report.warnings]
    return lines


def summarize(reports: list[FileReport], policy: str) -> dict[str, Any]:
    news = [r for r in reports if r.status == "ok"]
    title_groups = {tuple(sorted([r.path, *r.same_title_as])) for r in reports}
    slug_groups = {tuple(sorted([r.path, *r.same_slug_as])) for r in reports}
    return {
        "files": len(reports),
        "ok": len(news),
        "plain": sum(r.status == "plain" for r in reports),
        "errors": sum(r.status == "error" for r in reports),
        "repaired": sum(bool(r.escape_level or r.paragraphs_restored) for r in news),
        "escape_undone": sum(bool(r.escape_level) for r in news),
        "paragraphs_restored": sum(r.paragraphs_restored or 0 for r in news),
        "mojibake_fixed": sum(bool(r.mojibake_fixed) for r in news),
        "publishers_derived": sum(r.publisher_derived for r in news),
        "warnings": sum(len(r.warnings) for r in reports),
        "title_collisions": sum(len(group) > 1 for group in title_groups),
        "slug_collisions": sum(len(group) > 1 for group in slug_groups),
        "duplicates": sum(r.duplicate_of is not None for r in reports),
        "duplicates_dropped": (
            0 if policy == "keep" else sum(r.duplicate_of is not None for r in reports)
        ),
        "duplicate_policy": policy,
    }


def summary_line(summary: dict[str, Any]) -> str:
    """The report's last line, e.g. for a cron mail subject.

    >>> summary_line({"files": 3, "ok": 2, "plain": 1, "errors": 0, "repaired": 1,
    ...     "paragraphs_restored": 4, "publishers_derived": 2, "warnings": 0,
    ...     "title_collisions": 0, "slug_collisions": 0, "duplicates": 1})
    '3 files checked: 2 news files (1 repaired, 4 paragraphs restored, 2 publishers derived), 1 plain Pelican file, 0 broken; 1 duplicate source URL'
    """  # noqa: E501
    parts = [
        _count(summary["files"], "file") + " checked: "
        f"{_count(summary['ok'], 'news file')} ({summary['repaired']} repaired, "
        f"{_count(summary['paragraphs_restored'], 'paragraph')} restored, "
        f"{_count(summary['publishers_derived'], 'publisher')} derived), "
        f"{_count(summary['plain'], 'plain Pelican file')}, "
        f"{summary['errors']} broken"
    ]
    extras = []
    if summary["title_collisions"]:
        extras.append(_count(summary["title_collisions"], "title collision"))
    if summary["slug_collisions"]:
        extras.append(_count(summary["slug_collisions"], "slug collision"))
    if summary["duplicates"]:
        extras.append(_count(summary["duplicates"], "duplicate source URL"))
    if summary["warnings"]:
        extras.append(_count(summary["warnings"], "warning"))
    return "; ".join(parts + ([", ".join(extras)] if extras else []))


# --------------------------------------------------------------------------------------
# Commands


def _reader(settings: dict[str, Any]) -> NewsImportReader:
    # MarkdownReader.__init__ edits settings["MARKDOWN"] in place.
    return NewsImportReader(copy.deepcopy(settings))


def _site_settings(args: argparse.Namespace, logs: _Collect) -> dict[str, Any] | None:
    """The site's settings, with their warnings printed; None if they won't load."""
    try:
        settings = load_settings(args.settings, logs)
    except SettingsError as error:
        say(f"{PROG}: {error}", file=sys.stderr)
        return None
    for record in logs.take():
        say(
            f"{args.settings or 'settings'}: warning: {record.getMessage()}",
            file=sys.stderr,
        )
    return settings


def say(*lines: str, file: Any = None) -> None:
    """Print lines from untrusted files so that a terminal only prints them.

    Each line is escaped on its own (:func:`.safety.terminal_safe`): a newline
    inside a title shows as ``\\x0a`` instead of starting a line that looks
    like part of the report, and ESC sequences and bidi overrides show as
    escapes.
    """
    print("\n".join(map(terminal_safe, lines)), file=file or sys.stdout)


def _shown(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir) else relative


def check(args: argparse.Namespace) -> int:
    with _captured_logs() as logs:
        settings = _site_settings(args, logs)
        if settings is None:
            return 2
        paths = args.paths or [_shown(settings["PATH"])]
        files, missing = find_files(
            paths, settings["NEWSIMPORT_EXTENSIONS"], settings.get("IGNORE_FILES", ())
        )
        reader = _reader(settings)
        reports = [
            FileReport(path, status="error", error_message="no such file or directory")
            for path in missing
        ]
        show_bar = (
            not args.no_progress
            and len(files) > PROGRESS_THRESHOLD
            and sys.stderr.isatty()
        )
        with _progress(len(files), show_bar) as advance:
            for path in files:
                reports.append(read_file(reader, path, logs, settings)[0])
                advance()
    cross_reference(reports, settings)
    policy = settings["NEWSIMPORT_DUPLICATES"]
    summary = summarize(reports, policy)
    if args.format == "json":
        document = {"files": [r.as_json() for r in reports], "summary": summary}
        text = json.dumps(document, indent=2, ensure_ascii=False)
        print(terminal_safe_json(text))
    else:
        for report in reports:
            say(*describe(report, policy))
        if not files and not missing:
            extensions = ", ".join(settings["NEWSIMPORT_EXTENSIONS"])
            say(f"no files with extension {extensions} found")
        say(summary_line(summary))
    return 1 if summary["errors"] else 0


def html_to_text(html: str) -> list[str]:
    """The paragraphs of an article's HTML as plain text.

    >>> html_to_text('<p>One &amp; <b>two</b>.</p>\\n<ul><li>a</li><li>b</li></ul>')
    ['One & two.', '- a\\n- b']
    """
    soup = BeautifulSoup(html, "html.parser")
    paragraphs = []
    for node in soup.children:
        if isinstance(node, NavigableString):
            text = " ".join(node.split())
        elif not isinstance(node, Tag):
            continue
        elif node.name in {"ul", "ol"}:
            items = node.find_all("li", recursive=False)
            text = "\n".join(f"- {' '.join(li.get_text().split())}" for li in items)
        elif node.name == "pre":
            text = node.get_text().rstrip("\n")
        elif node.name in _BLOCKS or node.find(_BLOCKS):
            blocks = node.find_all(_BLOCKS) or [node]
            text = "\n".join(" ".join(b.get_text().split()) for b in blocks)
        else:
            text = " ".join(node.get_text().split())
        if text:
            paragraphs.append(text)
    return paragraphs


def _value(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, attribution.Source):
        name = plain_text(value.name)
        return f"{name} ({value.domain})" if value.domain else name
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value)
    if hasattr(value, "name"):
        return plain_text(value.name)
    if isinstance(value, str):
        return plain_text(value)
    return str(value)


def metadata_lines(metadata: dict[str, Any]) -> list[str]:
    """``key: value`` lines, the usual keys first, then the rest by name."""
    keys = [k for k in _FIRST_KEYS if k in metadata]
    keys += sorted(k for k in metadata if k not in _FIRST_KEYS)
    lines = []
    for key in keys:
        value = metadata[key]
        if isinstance(value, Details):
            value = dataclasses.asdict(value)
        if isinstance(value, dict):
            lines += [f"{key}.{k}: {_value(v)}" for k, v in value.items()]
        elif key == "summary":
            lines.append(f"{key}: {' '.join(html_to_text(str(value)))}")
        else:
            lines.append(f"{key}: {_value(value)}")
    return lines


def show(args: argparse.Namespace) -> int:
    with _captured_logs() as logs:
        settings = _site_settings(args, logs)
        if settings is None:
            return 2
        if not os.path.isfile(args.file):
            say(f"{args.file}: error: no such file", file=sys.stderr)
            return 1
        report, html, metadata = read_file(_reader(settings), args.file, logs, settings)
    if report.status == "error":
        say(f"{report.where}: error: {report.error_message}", file=sys.stderr)
        return 1
    for warning in report.warnings:
        say(f"{report.path}: warning: {warning}", file=sys.stderr)
    say(*metadata_lines(metadata), "")
    body = html.strip() if args.html else "\n\n".join(html_to_text(html))
    say(*body.split("\n"))
    return 0


def _version() -> str:
    try:
        return version("pelican-newsimport")
    except PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-s",
        "--settings",
        metavar="PELICANCONF",
        help="read the site's settings file (default: Pelican's defaults)",
    )
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Check imported news files the way the pelican_newsimport reader "
            "reads them during a build."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check_parser = commands.add_parser(
        "check",
        parents=[common],
        help="report what every file needs and whether it can be read",
        description=(
            "Read every file as a build would and report, per file, what was "
            "found and repaired, then a one-line summary.  Exit status 1 when "
            "any file cannot be read."
        ),
    )
    check_parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (walked recursively); default: the settings' PATH",
    )
    check_parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="'json' prints one JSON document for pipelines (default: text)",
    )
    check_parser.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar, even on a terminal",
    )
    check_parser.set_defaults(handler=check)

    show_parser = commands.add_parser(
        "show",
        parents=[common],
        help="print one repaired article as the reader sees it",
        description="Print one file's metadata, a blank line, then its repaired text.",
    )
    show_parser.add_argument("file", metavar="FILE")
    show_parser.add_argument(
        "--html", action="store_true", help="print the body as HTML instead of text"
    )
    show_parser.set_defaults(handler=show)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status instead of exiting."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, --version and usage errors
        return done.code if isinstance(done.code, int) else 2
    try:
        return args.handler(args)
    except BrokenPipeError:
        # The reader of a pipe (``| head``) went away; stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
