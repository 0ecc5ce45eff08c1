"""pelican-newsimport: read, repair and attribute imported news articles.

Add ``"pelican_newsimport"`` to ``PLUGINS`` in ``pelicanconf.py``.
"""

from __future__ import annotations

import logging
from typing import Any

from pelican import signals
from pelican.readers import MarkdownReader

from .reader import (
    NewsImportError,
    NewsImportReader,
    OneLinePerBadFile,
    reader_with_fallback,
)
from .settings import newsimport_settings

__all__ = ["NewsImportError", "NewsImportReader", "register"]

PLUGIN_NAME = __name__


def _enabled(settings: dict[str, Any]) -> bool:
    return PLUGIN_NAME in (settings.get("PLUGINS") or ())


def install_reader(readers: Any) -> None:
    """Claim the configured extensions, keeping the previous reader as fallback.

    Runs on every ``readers_init`` (articles, pages and static files each make
    a ``Readers``), so it must be idempotent; it does nothing on a site whose
    ``PLUGINS`` does not list this plugin, because Pelican's signals are
    process-wide.
    """
    if not _enabled(readers.settings):
        return
    extensions = (
        readers.settings.get("NEWSIMPORT_EXTENSIONS")
        or newsimport_settings(readers.settings)["NEWSIMPORT_EXTENSIONS"]
    )
    for extension in extensions:
        previous = readers.reader_classes.get(extension) or MarkdownReader
        if not issubclass(previous, NewsImportReader):
            readers.reader_classes[extension] = reader_with_fallback(previous)


def _initialized(pelican: Any) -> None:
    pelican.settings.update(newsimport_settings(pelican.settings))
    # Connected here, after every plugin's register(), so that this reader is
    # installed last whatever the order of PLUGINS, and wraps whatever reader
    # another plugin put on the extension.
    signals.readers_init.connect(install_reader)
    generators_logger = logging.getLogger("pelican.generators")
    if not any(isinstance(f, OneLinePerBadFile) for f in generators_logger.filters):
        generators_logger.addFilter(OneLinePerBadFile())


def register() -> None:
    """Pelican's entry point."""
    signals.initialized.connect(_initialized)
