"""The Pelican reader: an interpreted :class:`.interpret.NewsItem` in Pelican types.

Everything the plugin decides about a file is decided by
:func:`.interpret.interpret`, a pure function; this module only turns the
record into the ``(html, metadata)`` pair Pelican expects: escaped text,
``SafeDatetime``, ``Author``/``Category``/``Tag``, and the credit.

Files without front matter are handed to the reader that owned the extension
before the plugin was installed (normally Pelican's ``MarkdownReader``), so an
existing site keeps working.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from functools import cache
from typing import Any

from pelican.contents import Author, Category, Tag
from pelican.readers import BaseReader, MarkdownReader
from pelican.utils import SafeDatetime

from . import hugo_content, interpret
from .attribution import Source
from .credit import credit_html
from .interpret import NewsImportError, NewsItem
from .plan import display_path, slug_for
from .safety import clean_text, clean_value, text_to_html
from .settings import newsimport_settings
from .template_values import details, template_value

__all__ = ["NewsImportError", "NewsImportReader", "OneLinePerBadFile"]

logger = logging.getLogger(__name__)

_REPORTED: set[str] = set()


def reset_build_state(*_sender: Any) -> None:
    """Forget the files reported in the previous build (``--autoreload``)."""
    _REPORTED.clear()


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


def _date(field: interpret.DateField | None) -> SafeDatetime | None:
    if field is None:
        return None
    value: dt.datetime = field.value
    return SafeDatetime(*value.timetuple()[:6], value.microsecond, value.tzinfo)


def pelican_metadata(item: NewsItem, settings: dict[str, Any]) -> dict[str, Any]:
    """The record as Pelican metadata: escaped text and Pelican's value types."""
    meta: dict[str, Any] = dict(item.passthrough)
    meta = {key: template_value(value) for key, value in meta.items()}
    meta.update(
        title=text_to_html(item.title),
        summary=f"<p>{text_to_html(item.summary)}</p>",
        params=template_value(item.params),
        newsimport=details(item),
    )
    dates = {"date": item.dates.date, "modified": item.dates.modified}
    dates["expirydate"] = item.dates.expiry
    meta.update({key: _date(value) for key, value in dates.items() if value})
    if item.status:
        meta["status"] = item.status
    if slug := slug_for(item.slug_text, settings, "ARTICLE"):
        meta["slug"] = slug
    meta.update(hugo_content.extras(item, settings))
    _terms(item, settings, meta)
    if item.description:
        meta["description"] = text_to_html(item.description)
    if item.image:
        meta["image"] = item.image
    if item.source is not None:
        source = item.source
        meta["source"] = Source(text_to_html(source.name), source.url, source.domain)
        meta["source_name"] = meta["source"].name
        meta["source_url"] = item.source.url
    return meta


def _terms(item: NewsItem, settings: dict[str, Any], meta: dict[str, Any]) -> None:
    if item.authors:
        meta["authors"] = [Author(text_to_html(a), settings) for a in item.authors]
        meta["author"] = meta["authors"][0]
    if item.categories:
        meta["category"] = Category(text_to_html(item.categories[0]), settings)
        meta["categories"] = [text_to_html(c) for c in item.categories]
    if item.tags:
        meta["tags"] = [Tag(text_to_html(t), settings) for t in item.tags]
    for key in ("keywords", "aliases"):
        if values := getattr(item, key):
            meta[key] = [text_to_html(v) for v in values]
    if item.lang:
        meta["lang"] = item.lang
    if item.translation_key:
        meta["translation_key"] = text_to_html(item.translation_key)


class NewsImportReader(MarkdownReader):
    """Reads Markdown files with Hugo-style front matter (YAML, TOML or JSON)."""

    fallback_class: type[BaseReader] = MarkdownReader
    recorder: Callable[[str, NewsItem | NewsImportError | None], None] | None = None
    """``check`` sets this to learn each file's record (or error, or None)."""

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        self.options = newsimport_settings(settings)
        self.interpret_options = interpret.Options.from_settings(
            {**self.settings, **self.options}
        )
        self._fallback: BaseReader | None = None
        hugo_content.reset()  # folder listings are read once per build

    def fallback(self) -> BaseReader:
        if self._fallback is None:
            self._fallback = self.fallback_class(self.settings)
        return self._fallback

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Read one file; on bad input log one line naming it, then raise."""
        _item, content, metadata = self.read_item(source_path)
        return content, metadata

    def read_item(self, source_path: str) -> tuple[NewsItem | None, str, dict]:
        """The record (None for a plain file) with Pelican's ``(html, metadata)``."""
        shown = display_path(source_path, self.settings)
        try:
            document = interpret.load(source_path, self.interpret_options, shown)
            if document is None:
                self._record(source_path, None)
                return None, *self._read_plain(source_path)
            try:
                item = interpret.interpret(document, self.interpret_options)
            except RecursionError:
                raise NewsImportError(shown, "front matter nested too deeply") from None
        except NewsImportError as error:
            logger.error("%s", error)
            _REPORTED.add(os.path.abspath(source_path))
            self._record(source_path, error)
            raise
        self._record(source_path, item)
        for problem in item.warnings:
            logger.warning("%s: %s", shown, problem.message)
        for note in item.notes:
            logger.info("%s: %s", shown, note)
        logger.debug(
            "%s: %s front matter; %s", shown, item.format.upper(), item.body.explanation
        )
        return item, self._content(item), pelican_metadata(item, self.settings)

    def _record(self, path: str, found: NewsItem | NewsImportError | None) -> None:
        if self.recorder is not None:
            self.recorder(path, found)

    def _content(self, item: NewsItem) -> str:
        position = self.options["NEWSIMPORT_ATTRIBUTION"]
        source = item.source
        if not position or source is None or not source.url:
            return item.content
        block = credit_html(
            text_to_html(source.name),
            source.url,
            source.domain,
            self.options["NEWSIMPORT_ATTRIBUTION_TEXT"],
        )
        if position == "top":
            return f"{block}\n{item.content}"
        return f"{item.content}\n{block}"

    def _read_plain(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """The previous reader's result, less what XML 1.0 forbids (feeds)."""
        fallback = self.fallback()
        content, metadata = fallback.read(source_path)
        content, metadata = clean_text(content), clean_value(metadata)
        metadata.setdefault(
            "reader", type(fallback).__name__.replace("Reader", "").lower()
        )
        return content, metadata


@cache
def reader_with_fallback(fallback: type[BaseReader]) -> type[NewsImportReader]:
    """A :class:`NewsImportReader` that hands plain files to ``fallback``."""
    return type(
        "NewsImportReader",
        (NewsImportReader,),
        {"fallback_class": fallback, "__module__": __name__},
    )
