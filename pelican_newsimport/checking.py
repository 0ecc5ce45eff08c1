"""The check model: what a build would do with each file, without writing.

``check`` runs Pelican's own generators over the content folder exactly as a
build does (the same readers, the same ``settle`` and :func:`.plan.plan_outputs`
handlers), stops before anything is written, and turns what it learned into
one :class:`FileReport` per file: the record the reader interpreted, the
``url`` and ``save_as`` the build will use, the paths the plan moved, the
duplicates it left out, and every problem with its line.  Printing is
:mod:`.cli`'s business.
"""

from __future__ import annotations

import copy
import datetime as dt
import fnmatch
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
from pelican.settings import read_settings
from pelican.utils import set_date_tzinfo

from . import PLUGIN_NAME, initialize, plan, register
from .interpret import NewsImportError, NewsItem
from .reader import NewsImportReader
from .safety import plain_text
from .settings import newsimport_settings
from .sources import SourcesGenerator

LOGGERS = ("pelican_newsimport", "pelican")


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
    url: str = ""
    save_as: str = ""
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
    wanted_save_as: str = ""
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
            "url": self.url or None,
            "save_as": self.save_as or None,
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


class Collect(logging.Handler):
    """Keeps log records so the report can print each next to its file."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        records, self.records = self.records, []
        return records


@contextmanager
def captured_logs() -> Iterator[Collect]:
    """Keep the plugin's and Pelican's log lines for the report."""
    handler = Collect()
    saved = []
    for name in LOGGERS:
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


# --- settings and files ------------------------------------------------------------


class SettingsError(Exception):
    """A ``--settings`` file that Pelican cannot load."""


def load_settings(path: str | None, logs: Collect) -> dict[str, Any]:
    """Pelican's settings (a site's own, or the defaults) with ours validated in."""
    if path is None and os.path.isfile("pelicanconf.py"):
        path = "pelicanconf.py"  # like `pelican` run in a site folder
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


def _walk(folder: str, wanted: set[str], patterns: list[str]) -> set[str]:
    found = set()
    for dirpath, dirs, files in os.walk(folder, followlinks=True):
        relative_dir = os.path.relpath(dirpath, folder)
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
    return found


def find_files(
    paths: Sequence[str], extensions: Iterable[str], ignore: Iterable[str] = ()
) -> tuple[list[str], list[str]]:
    """Files to check under ``paths``, in sorted order, and paths that do not exist.

    Directories are walked recursively for ``extensions`` (Pelican's rule:
    the part after the last dot, compared exactly) skipping ``IGNORE_FILES``
    patterns; a file named on the command line is checked whatever its name.
    """
    wanted, patterns = set(extensions), list(ignore)
    found: set[str] = set()
    missing = []
    for path in paths:
        if os.path.isdir(path):
            found |= _walk(path, wanted, patterns)
        elif os.path.isfile(path):
            found.add(os.path.normpath(path))
        else:
            missing.append(path)
    return sorted(found), missing


def roots(paths: Sequence[str], settings: dict[str, Any]) -> dict[str, list[str]]:
    """The content folder each path belongs to: the site's ``PATH`` if it is
    inside it, else the folder named (or the file's folder)."""
    site = os.path.abspath(settings.get("PATH") or os.curdir)
    grouped: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        absolute = os.path.abspath(path)
        if absolute == site or absolute.startswith(site + os.sep):
            grouped[site].append(path)
        elif os.path.isdir(path):
            grouped[absolute].append(path)
        else:
            grouped[os.path.dirname(absolute)].append(path)
    return grouped


# --- the dry run -------------------------------------------------------------------


@dataclass
class DryRun:
    """One content folder read and planned as a build would, nothing written."""

    root: str
    settings: dict[str, Any]
    found: dict[str, NewsItem | NewsImportError | None] = field(default_factory=dict)
    generators: list[Any] = field(default_factory=list)

    @property
    def articles(self) -> Any:
        return next(g for g in self.generators if isinstance(g, ArticlesGenerator))

    def content(self, path: str) -> Any:
        """The Pelican object for a file, None if it failed, ... if never read."""
        relative = os.path.relpath(os.path.abspath(path), self.root)
        generated = self.generators[0].context["generated_content"]
        return generated.get(relative.replace(os.sep, "/"), ...)


def _site_settings(settings: dict[str, Any], root: str) -> dict[str, Any]:
    settings = copy.deepcopy(settings)
    settings["PATH"] = root
    settings["PLUGINS"] = [*(settings.get("PLUGINS") or ()), PLUGIN_NAME]
    settings["CACHE_CONTENT"] = settings["LOAD_CONTENT_CACHE"] = False
    register()
    initialize(SimpleNamespace(settings=settings))
    return settings


def dry_run(
    settings: dict[str, Any], root: str, advance: Callable[[], None] = lambda: None
) -> DryRun:
    """Read every file under ``root`` and plan every output, as a build does."""
    run = DryRun(root, _site_settings(settings, root))
    context = copy.copy(run.settings)
    context.update(
        generated_content={}, static_links=set(), static_content={}, localsiteurl=""
    )
    output = run.settings["OUTPUT_PATH"]

    def record(path: str, found: NewsItem | NewsImportError | None) -> None:
        run.found[os.path.abspath(path)] = found
        advance()

    classes = [ArticlesGenerator, PagesGenerator, SourcesGenerator, StaticGenerator]
    for cls in classes:
        generator = cls(context, run.settings, root, run.settings["THEME"], output)
        for reader in generator.readers.readers.values():
            if isinstance(reader, NewsImportReader):
                reader.recorder = record
        run.generators.append(generator)
    for generator in run.generators:
        generator.generate_context()
    plan.plan_outputs(run.generators)
    return run


# --- from the dry run to reports ---------------------------------------------------


def _aware(date: Any, settings: dict[str, Any]) -> dt.datetime | None:
    if not isinstance(date, dt.datetime):
        return None
    if date.tzinfo is None:
        return set_date_tzinfo(date, settings.get("TIMEZONE") or "UTC")
    return date


def _from_item(report: FileReport, item: NewsItem) -> None:
    report.format = item.format
    report.rendered_as = item.body.rendered_as
    report.escape_level = item.body.escape_level
    report.paragraphs_restored = item.body.paragraphs_restored
    report.mojibake_fixed = item.body.mojibake_fixed
    report.repairs = item.body.explanation
    report.warnings += [problem.message for problem in item.warnings]
    if item.source is not None:
        report.publisher = item.source.name
        report.publisher_domain = item.source.domain
        report.given_source_name = item.source_name_given
        report.publisher_derived = item.publisher_derived


def _from_content(report: FileReport, content: Any, settings: dict[str, Any]) -> None:
    report.title = plain_text(getattr(content, "title", ""))
    report.slug = str(getattr(content, "slug", "") or "")
    report.url = content.url
    report.save_as = content.save_as
    report.date = _aware(getattr(content, "date", None), settings)
    report.article_status = str(getattr(content, "status", "") or "published")
    url = getattr(content, "source_url", "")
    report.source_url = url if isinstance(url, str) else ""


def report_file(path: str, run: DryRun) -> FileReport:
    """One file's report from the dry run of its content folder."""
    report = FileReport(path)
    found = run.found.get(os.path.abspath(path))
    content = run.content(path)
    if isinstance(found, NewsImportError):
        report.status = "error"
        report.error_line = found.line
        report.error_message = found.message
        return report
    if content is ... or content is None:
        report.status = "error"
        report.error_message = "Pelican does not publish this file"
        return report
    report.reader = "newsimport" if isinstance(found, NewsItem) else "plain"
    _from_content(report, content, run.settings)
    if isinstance(found, NewsItem):
        _from_item(report, found)
    else:
        report.status = "plain"
    return report


def read_alone(path: str, settings: dict[str, Any]) -> tuple[FileReport, str, dict]:
    """One file read by the reader alone (``show``, or a file no build reads)."""
    report = FileReport(path)
    # MarkdownReader.__init__ edits settings["MARKDOWN"] in place.
    reader = NewsImportReader(copy.deepcopy(settings))
    try:
        item, html, metadata = reader.read_item(path)
    except NewsImportError as error:
        report.status = "error"
        report.error_line = error.line
        report.error_message = error.message
        return report, "", {}
    except Exception as error:  # Pelican's reader or a plugin failing on a file
        report.status = "error"
        report.error_message = f"{type(error).__name__}: {error}"
        return report, "", {}
    report.title = plain_text(metadata.get("title", ""))
    report.reader = "newsimport" if item else str(metadata.get("reader", "plain"))
    report.slug = str(metadata.get("slug", ""))
    report.date = _aware(metadata.get("date"), settings)
    if item is None:
        report.status = "plain" if report.title else "error"
        report.error_message = "" if report.title else _NO_TITLE
    else:
        _from_item(report, item)
    return report, html, metadata


_NO_TITLE = "no title: Pelican skips a file without one"
_MISSING = "no such file or directory"


def _pelican_message(message: str, names: Iterable[str]) -> str:
    if "could not find information about 'title'" in message:
        return _NO_TITLE
    for name in names:
        message = message.replace(f"{name}: ", "").replace(name, "this file")
    return message


def attach_logs(
    records: Iterable[logging.LogRecord], reports: dict[str, FileReport], root: str
) -> None:
    """Put Pelican's (and other plugins') lines about a file into its report.

    The plugin's own findings are already in the reports, structured.
    """
    names: dict[str, FileReport] = {}
    for path, report in reports.items():
        absolute = os.path.abspath(path)
        names[absolute] = names[os.path.relpath(absolute, root)] = report
    for record in records:
        if record.name.startswith("pelican_newsimport"):
            continue
        args = record.args if isinstance(record.args, tuple) else ()
        for arg in args:
            report = names.get(str(arg))
            if report is None:
                continue
            message = _pelican_message(record.getMessage(), {str(arg)})
            if report.status == "error" and not report.error_message:
                report.error_message = message
            elif message != _NO_TITLE and record.levelno < logging.ERROR:
                report.warnings.append(message)
            break


def cross_reference(
    reports: dict[str, FileReport], run: DryRun, settings: dict[str, Any]
) -> None:
    """Same titles, paths the plan moved and duplicates, from the dry run."""
    by_relative = {
        os.path.relpath(os.path.abspath(p), run.root).replace(os.sep, "/"): r
        for p, r in reports.items()
    }

    def report_of(content: Any) -> FileReport | None:
        return by_relative.get(content.get_relative_source_path())

    found = plan.decisions(run.articles)
    for content, owner, wanted in found.moves:
        moved = report_of(content)
        keeper = by_relative.get(owner)
        if moved is not None:
            moved.same_slug_as.append(keeper.path if keeper else owner)
            moved.slug_keeper = False
            moved.wanted_save_as = wanted
        if keeper is not None and moved is not None:
            keeper.same_slug_as.append(moved.path)
    for kept, others in found.duplicates:
        keeper = report_of(kept)
        copies = [r for r in map(report_of, others) if r is not None]
        if keeper is not None:
            keeper.duplicates = [r.path for r in copies]
        for report in copies:
            report.duplicate_of = keeper.path if keeper else kept.source_path


def same_titles(reports: list[FileReport], settings: dict[str, Any]) -> None:
    titles: dict[str, list[FileReport]] = defaultdict(list)
    for report in reports:
        if report.status != "error" and report.title:
            titles[plan.slug_for(report.title, settings)].append(report)
    for group in titles.values():
        for report in group:
            report.same_title_as = [r.path for r in group if r is not report]


@dataclass
class CheckResult:
    reports: list[FileReport]
    notes: list[str]
    policy: str

    @property
    def summary(self) -> dict[str, Any]:
        return summarize(self.reports, self.policy)


def check_files(
    settings: dict[str, Any],
    files: Sequence[str],
    missing: Sequence[str] = (),
    logs: Collect | None = None,
    advance: Callable[[], None] = lambda: None,
) -> CheckResult:
    """Check ``files`` as the build of their content folders would treat them."""
    reports = {
        path: FileReport(path, status="error", error_message=_MISSING)
        for path in missing
    }
    notes: list[str] = []
    for root, members in roots(files, settings).items():
        run = dry_run(settings, root, advance)
        group = {path: report_file(path, run) for path in members}
        for path, report in group.items():
            if report.error_message == "Pelican does not publish this file":
                group[path] = read_alone(path, run.settings)[0]
        attach_logs(logs.take() if logs else [], group, root)
        cross_reference(group, run, settings)
        notes += plan.decisions(run.articles).renames
        reports.update(group)
    ordered = [reports[p] for p in [*missing, *files]]
    same_titles(ordered, settings)
    return CheckResult(ordered, notes, settings["NEWSIMPORT_DUPLICATES"])


def summarize(reports: list[FileReport], policy: str) -> dict[str, Any]:
    """The counts ``check`` ends with (and ``--format json`` reports)."""
    news = [r for r in reports if r.status == "ok"]
    title_groups = {tuple(sorted([r.path, *r.same_title_as])) for r in reports}
    slug_groups = {tuple(sorted([r.path, *r.same_slug_as])) for r in reports}
    duplicates = sum(r.duplicate_of is not None for r in reports)
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
        "duplicates": duplicates,
        "duplicates_dropped": 0 if policy == "keep" else duplicates,
        "duplicate_policy": policy,
    }
