"""``pelican-newsimport``: check a content folder before Pelican builds it.

``check PATH...`` reads and plans every file exactly as a build would (the
model is :mod:`.checking`; this module only prints it) and says, per file,
what it found and what it repaired, and the URL and path it will have: the
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
import dataclasses
import datetime as dt
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from . import attribution
from .checking import (
    Collect,
    FileReport,
    SettingsError,
    captured_logs,
    check_files,
    find_files,
    load_settings,
    read_alone,
)
from .plan import display_path
from .safety import plain_text, terminal_safe, terminal_safe_json
from .template_values import Details

PROG = "pelican-newsimport"
PROGRESS_THRESHOLD = 50
"""A progress bar is drawn (on a terminal only) above this many files."""

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


def _header(report: FileReport) -> list[str]:
    if report.status == "plain":
        return [f"{report.path}: plain Pelican file (read by Pelican's own reader)"]
    if report.rendered_as == "markdown":
        body = "Markdown body"
    else:
        body = f"plain-text body: {report.repairs}"
    return [f"{report.path}: ok", f"  {report.format.upper()} front matter; {body}"]


def _publisher(report: FileReport) -> list[str]:
    if report.status != "ok":
        return []
    if not report.publisher:
        return ["  publisher: none (no source_url or source_name)"]
    if report.publisher_derived:
        given = report.given_source_name or "empty"
        return [
            f"  publisher: {report.publisher} (derived from "
            f"{report.publisher_domain}; source_name was {given!r})"
        ]
    return [f"  publisher: {report.publisher} (from source_name)"]


def _collisions(report: FileReport) -> list[str]:
    lines = []
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
            outcome = (
                "this file gets its own URL at build time "
                f"({report.wanted_save_as} is taken)"
            )
        lines.append(f"  same slug {report.slug!r} as {others}: {outcome}")
    return lines


def _duplicates(report: FileReport, policy: str) -> list[str]:
    lines = []
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
    return lines


def describe(report: FileReport, policy: str) -> list[str]:
    """The lines of the human report for one file."""
    warnings = [f"  warning: {warning}" for warning in report.warnings]
    if report.status == "error":
        return [f"{report.where}: error: {report.error_message}", *warnings]
    lines = [*_header(report), f"  title: {report.title}"]
    if report.save_as:
        lines.append(f"  url: {report.url} (written to {report.save_as})")
    if report.article_status != "published":
        lines.append(f"  status: {report.article_status} (not published)")
    return [
        *lines,
        *_publisher(report),
        *_collisions(report),
        *_duplicates(report, policy),
        *warnings,
    ]


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


def say(*lines: str, file: Any = None) -> None:
    """Print lines that may hold text from untrusted files; the one place.

    Each line is escaped on its own (:func:`.safety.terminal_safe`): a newline
    inside a title shows as ``\\x0a`` instead of starting a line that looks
    like part of the report, and ESC sequences and bidi overrides show as
    escapes.
    """
    print("\n".join(map(terminal_safe, lines)), file=file or sys.stdout)


def say_json(text: str) -> None:
    """Print serialised JSON that may hold text from untrusted files, escaped."""
    print(terminal_safe_json(text))


def _site_settings(args: argparse.Namespace, logs: Collect) -> dict[str, Any] | None:
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


def _shown(path: str) -> str:
    return display_path(path, {"PATH": os.getcwd()})


def _print_report(args: argparse.Namespace, result: Any, nothing_in: str) -> None:
    summary = result.summary
    if args.format == "json":
        document = {
            "files": [r.as_json() for r in result.reports],
            "notes": result.notes,
            "summary": summary,
        }
        say_json(json.dumps(document, indent=2, ensure_ascii=False))
        return
    for report in result.reports:
        say(*describe(report, result.policy))
    for note in result.notes:
        say(f"note: {note}")
    if nothing_in:
        say(f"no files with extension {nothing_in} found")
    say(summary_line(summary))


def check(args: argparse.Namespace) -> int:
    with captured_logs() as logs:
        settings = _site_settings(args, logs)
        if settings is None:
            return 2
        paths = args.paths or [_shown(settings["PATH"])]
        files, missing = find_files(
            paths, settings["NEWSIMPORT_EXTENSIONS"], settings.get("IGNORE_FILES", ())
        )
        show_bar = (
            not args.no_progress
            and len(files) > PROGRESS_THRESHOLD
            and sys.stderr.isatty()
        )
        with _progress(len(files), show_bar) as advance:
            result = check_files(settings, files, missing, logs, advance)
    nothing = "" if files or missing else ", ".join(settings["NEWSIMPORT_EXTENSIONS"])
    _print_report(args, result, nothing)
    return 1 if result.summary["errors"] else 0


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
    with captured_logs() as logs:
        settings = _site_settings(args, logs)
        if settings is None:
            return 2
        if not os.path.isfile(args.file):
            say(f"{args.file}: error: no such file", file=sys.stderr)
            return 1
        report, html, metadata = read_alone(args.file, settings)
        report.warnings += [r.getMessage() for r in logs.take()]
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


def _check_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "check",
        parents=[common],
        help="report what every file needs and whether it can be read",
        description=(
            "Read and plan every file as a build would and report, per file, what "
            "was found and repaired and where it will be written, then a one-line "
            "summary.  Exit status 1 when any file cannot be read."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (walked recursively); default: the settings' PATH",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="'json' prints one JSON document for pipelines (default: text)",
    )
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar, even on a terminal",
    )
    parser.set_defaults(handler=check)


def _show_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "show",
        parents=[common],
        help="print one repaired article as the reader sees it",
        description="Print one file's metadata, a blank line, then its repaired text.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--html", action="store_true", help="print the body as HTML instead of text"
    )
    parser.set_defaults(handler=show)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-s",
        "--settings",
        metavar="PELICANCONF",
        help="the site's settings file (default: ./pelicanconf.py if any, as pelican)",
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
    _check_parser(commands, common)
    _show_parser(commands, common)
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
