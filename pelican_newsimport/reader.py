"""The Pelican reader: Hugo front matter in, a repaired and attributed article out.

A thin layer.  Splitting and key mapping live in :mod:`.front_matter`, body
repair in :mod:`.repair`, publisher attribution in :mod:`.attribution` and
escaping in :mod:`.safety`; this module only turns their results into the
``(html, metadata)`` pair Pelican expects, with Pelican's own value types.

Files without front matter are handed to the reader that owned the extension
before the plugin was installed (normally Pelican's ``MarkdownReader``), so an
existing site keeps working.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import logging
import os
import re
from dataclasses import replace
from functools import cache
from typing import Any

from markdown import Markdown
from markupsafe import Markup
from pelican.contents import Article, Author, Category, Tag
from pelican.readers import BaseReader, MarkdownReader
from pelican.utils import SafeDatetime, get_date, set_date_tzinfo, slugify

from . import attribution, front_matter, repair
from .safety import sanitize_html, text_to_html
from .settings import newsimport_settings

logger = logging.getLogger(__name__)

PELICAN_STATUSES = frozenset({"published", "draft", "hidden", "skip"})
# Pelican sets every metadata key as an attribute of the Content object, so an
# imported file must not be able to replace its methods or internal state.
_RESERVED = frozenset(dir(Article)) | {
    "settings",
    "metadata",
    "template",
    "translations",
    "source_path",
    "relative_source_path",
    "in_default_lang",
    "reader",
    "override_url",
    "override_save_as",
    "newsimport",
}
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
_SITE_PATH = re.compile(r"/(?!/)[^\s\"'<>\\]*")


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


_REPORTED: set[str] = set()


class OneLinePerBadFile(logging.Filter):
    """Drop Pelican's reason-less "Could not process" for files already explained.

    The reader logs ``path:line: reason`` before raising; Pelican's generator
    then logs "Could not process <path>" without the reason.  One clear line
    per bad file is enough.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg != "Could not process %s" or not record.args:
            return True
        path = os.sep + os.path.normpath(str(record.args[0]))
        return not any(reported.endswith(path) for reported in _REPORTED)


def read_text(path: str) -> str:
    """Read a file as UTF-8 text with ``\\n`` newlines, or explain why not."""
    with open(path, "rb") as handle:
        data = handle.read()
    if not data.strip():
        raise NewsImportError(path, "file is empty")
    if b"\0" in data:
        raise NewsImportError(path, "binary data (NUL bytes), not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise NewsImportError(
            path,
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})",
            line,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _key_line(text: str, key: str) -> int | None:
    match = re.search(
        rf"^[ \t\"']?{re.escape(key)}[\"']?[ \t]*[:=]", text, re.MULTILINE | re.I
    )
    return text.count("\n", 0, match.start()) + 1 if match else None


def _escape_values(value: Any) -> Any:
    if isinstance(value, str):
        return text_to_html(value)
    if isinstance(value, list):
        return [_escape_values(v) for v in value]
    if isinstance(value, dict):
        return {k: _escape_values(v) for k, v in value.items()}
    return value


def _summary_html(text: str, max_words: int | None, suffix: str) -> str:
    words = text.split()
    if max_words is not None and len(words) > max_words:
        text = " ".join(words[:max_words]) + suffix
    return f"<p>{text_to_html(text)}</p>"


class NewsImportReader(MarkdownReader):
    """Reads Markdown files with Hugo-style front matter (YAML, TOML or JSON)."""

    fallback_class: type[BaseReader] = MarkdownReader

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        self.options = newsimport_settings(settings)
        config = copy.deepcopy(self.settings["MARKDOWN"])
        config["extensions"] = [
            ext
            for ext in config.get("extensions", [])
            if ext != "markdown.extensions.meta"
        ]
        self._markdown_config = config
        self._publishers = attribution.load_publishers(
            self.options["NEWSIMPORT_SOURCE_NAMES"]
        )
        self._fallback: BaseReader | None = None

    def fallback(self) -> BaseReader:
        if self._fallback is None:
            self._fallback = self.fallback_class(self.settings)
        return self._fallback

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Read one file; on bad input log one line naming it, then raise."""
        try:
            text = read_text(source_path)
            try:
                document = front_matter.split(
                    text, self.options["NEWSIMPORT_MAX_FRONT_MATTER"]
                )
            except front_matter.FrontMatterError as error:
                raise NewsImportError(source_path, error.message, error.line) from None
            if document is None:
                return self._read_plain(source_path)
            return self.read_document(source_path, text, document)
        except RecursionError:
            error = NewsImportError(source_path, "front matter nested too deeply")
            self._report(source_path, error)
            raise error from None
        except NewsImportError as error:
            self._report(source_path, error)
            raise

    def _report(self, source_path: str, error: NewsImportError) -> None:
        error.path = self._display_path(source_path)
        logger.error("%s", error)
        _REPORTED.add(os.path.abspath(source_path))

    def _read_plain(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Hand a file without front matter to the previous reader, unchanged."""
        fallback = self.fallback()
        content, metadata = fallback.read(source_path)
        metadata.setdefault(
            "reader", type(fallback).__name__.replace("Reader", "").lower()
        )
        return content, metadata

    def _display_path(self, path: str) -> str:
        base = self.settings.get("PATH") or os.getcwd()
        relative = os.path.relpath(os.path.abspath(path), base)
        return path if relative.startswith(os.pardir) else relative

    def read_document(
        self, path: str, text: str, document: front_matter.Document
    ) -> tuple[str, dict[str, Any]]:
        """Build Pelican's ``(html, metadata)`` from an already split file."""
        shown = self._display_path(path)
        fields = front_matter.hugo_to_pelican(document.metadata)
        title = fields.pop("title", "")
        if not title:
            raise NewsImportError(path, "front matter has no title", 2)

        content, plain_text, report = self._render_body(document.body)
        level = repair.detect_escape_level(title)
        metadata: dict[str, Any] = {
            "title": text_to_html(repair.repair_field(title, level)),
            "newsimport": {"format": document.format, **report},
        }
        self._dates(path, text, fields, metadata)
        self._people_and_terms(fields, metadata)
        self._slug(path, title, fields, metadata)

        description = fields.pop("description", "")
        if description:
            description = repair.repair_field(
                description, repair.detect_escape_level(description)
            )
            metadata["description"] = text_to_html(description)
        summary = fields.pop("summary", "") or description or plain_text
        metadata["summary"] = _summary_html(
            summary,
            self.settings.get("SUMMARY_MAX_LENGTH"),
            self.settings.get("SUMMARY_END_SUFFIX", "…"),
        )

        image = fields.pop("image", "")
        if image:
            safe_image = attribution.safe_http_url(image) or (
                image if _SITE_PATH.fullmatch(image) else None
            )
            if safe_image:
                metadata["image"] = safe_image
            else:
                logger.warning(
                    "%s: image %r is not an http(s) URL; dropped", shown, image
                )

        given_name = fields.get("source_name", "")
        source = self._source(shown, fields)
        if source is not None:
            metadata["newsimport"]["source_name_given"] = given_name
            metadata["newsimport"]["publisher_derived"] = bool(
                source.url
            ) and attribution.is_placeholder(
                given_name, self.options["NEWSIMPORT_PLACEHOLDER_SOURCE_NAMES"]
            )
            metadata["source"] = source
            metadata["source_name"] = source.name
            metadata["source_url"] = source.url
            content = self._attributed(content, source)

        for key in ("keywords", "aliases", "categories"):
            if key in fields:
                metadata[key] = [text_to_html(v) for v in fields.pop(key)]
        for key, value in fields.items():
            name = key
            if not key.isidentifier() or key.startswith("_") or key in _RESERVED:
                name = f"hugo_{key.lstrip('_')}"
            if name.isidentifier():
                metadata.setdefault(name, _escape_values(value))
        logger.debug(
            "%s: %s front matter; %s",
            shown,
            document.format.upper(),
            report["explanation"],
        )
        return content, metadata

    def _render_body(self, body: str) -> tuple[str, str, dict[str, Any]]:
        if self.options["NEWSIMPORT_REPAIR"] and not repair.looks_like_markdown(body):
            fixed = repair.repair_body(body)
            report = {
                "rendered_as": "text",
                "escape_level": fixed.escape_level,
                "paragraphs_restored": fixed.paragraphs_restored,
                "mojibake_fixed": fixed.mojibake_fixed,
                "explanation": fixed.explain(),
            }
            return repair.render_plain_text(fixed.paragraphs), fixed.text, report
        content = sanitize_html(Markdown(**self._markdown_config).convert(body))
        report = {"rendered_as": "markdown", "explanation": "rendered as Markdown"}
        text = Markup(content).striptags()  # noqa: S704 - text only, never output
        return content, text, report

    def _date(self, path: str, text: str, key: str, value: str) -> dt.datetime:
        try:
            try:
                parsed = dt.datetime.fromisoformat(value)
            except ValueError:
                parsed = get_date(value)
        except (ValueError, OverflowError):
            raise NewsImportError(
                path, f"{key}: {value!r} is not a valid date", _key_line(text, key)
            ) from None
        if parsed.tzinfo is None:
            parsed = set_date_tzinfo(parsed, self.settings.get("TIMEZONE") or "UTC")
        return SafeDatetime(*parsed.timetuple()[:6], parsed.microsecond, parsed.tzinfo)

    def _dates(
        self, path: str, text: str, fields: dict[str, Any], metadata: dict[str, Any]
    ) -> None:
        key = "date" if fields.get("date") else "publishDate"
        date = fields.pop("date", "") or fields.pop("publishdate", "")
        fields.pop("publishdate", None)
        if date:
            metadata["date"] = self._date(path, text, key, date)
        if modified := fields.pop("modified", ""):
            metadata["modified"] = self._date(path, text, "lastmod", modified)

        status = fields.pop("status", "").strip().lower()
        if fields.pop("draft", "").strip().lower() in {"true", "yes", "1", "on"}:
            status = "draft"
        if expiry := fields.pop("expirydate", ""):
            expires = self._date(path, text, "expiryDate", expiry)
            metadata["expirydate"] = expires
            if expires <= dt.datetime.now(dt.UTC):
                status = "draft"
        if status in PELICAN_STATUSES:
            metadata["status"] = status

    def _people_and_terms(
        self, fields: dict[str, Any], metadata: dict[str, Any]
    ) -> None:
        settings = self.settings
        if authors := fields.pop("authors", []):
            metadata["authors"] = [Author(text_to_html(a), settings) for a in authors]
            metadata["author"] = metadata["authors"][0]
        if categories := fields.get("categories", []):
            metadata["category"] = Category(text_to_html(categories[0]), settings)
        if tags := fields.pop("tags", []):
            metadata["tags"] = [Tag(text_to_html(t), settings) for t in tags]
        if (lang := fields.pop("lang", "")) and _LANG.fullmatch(lang):
            metadata["lang"] = lang.lower()
        if key := fields.pop("translation_key", ""):
            metadata["translation_key"] = text_to_html(key)

    def _slug(
        self, path: str, title: str, fields: dict[str, Any], metadata: dict[str, Any]
    ) -> None:
        explicit = fields.pop("slug", "")
        if explicit:
            source = explicit
        elif self.options["NEWSIMPORT_SLUG_SOURCE"] == "filename":
            source = os.path.splitext(os.path.basename(path))[0]
        else:
            source = title
        slug = slugify(
            source,
            regex_subs=self.settings.get("ARTICLE_REGEX_SUBSTITUTIONS")
            or self.settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            preserve_case=self.settings.get("SLUGIFY_PRESERVE_CASE", False),
            use_unicode=self.settings.get("SLUGIFY_USE_UNICODE", False),
        )
        if slug:
            metadata["slug"] = slug

    def _source(self, path: str, fields: dict[str, Any]) -> attribution.Source | None:
        url = fields.pop("source_url", "")
        name = fields.pop("source_name", "")
        if url and not attribution.safe_http_url(url):
            logger.warning(
                "%s: source_url %r is not an http(s) URL; not linked", path, url
            )
        source = attribution.derive_source(
            url,
            name,
            publishers=self._publishers,
            placeholders=self.options["NEWSIMPORT_PLACEHOLDER_SOURCE_NAMES"],
        )
        if source is None:
            return None
        return replace(source, name=text_to_html(source.name))

    def _attributed(self, content: str, source: attribution.Source) -> str:
        position = self.options["NEWSIMPORT_ATTRIBUTION"]
        if not position or not source.url:
            return content
        link = (
            f'<a href="{html.escape(source.url)}" rel="nofollow noopener noreferrer">'
            f"{source.name}</a>"
        )
        text = (
            self.options["NEWSIMPORT_ATTRIBUTION_TEXT"]
            .replace("{name}", source.name)
            .replace("{domain}", html.escape(source.domain))
            .replace("{link}", link)
        )
        block = f'<p class="newsimport-attribution">{text}</p>'
        return f"{block}\n{content}" if position == "top" else f"{content}\n{block}"


@cache
def reader_with_fallback(fallback: type[BaseReader]) -> type[NewsImportReader]:
    """A :class:`NewsImportReader` that hands plain files to ``fallback``."""
    return type(
        "NewsImportReader",
        (NewsImportReader,),
        {"fallback_class": fallback, "__module__": __name__},
    )
