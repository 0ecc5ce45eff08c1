"""pelican-newsimport: read, repair and attribute imported news articles.

Add ``"pelican_newsimport"`` to ``PLUGINS`` in ``pelicanconf.py``.
"""

from __future__ import annotations

import logging
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.readers import MarkdownReader

from . import hugo_site
from .credit import install_filter
from .head import add_head_tags, add_image
from .plan import plan_outputs, settle
from .reader import (
    NewsImportError,
    NewsImportReader,
    OneLinePerBadFile,
    reader_with_fallback,
    reset_build_state,
)
from .safety import TerminalSafeLog, plain_feed_names
from .settings import newsimport_settings
from .sources import SourcesGenerator, install_templates

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


def initialize(pelican: Any) -> None:
    """``initialized`` handler (``check`` calls it too, with its own settings)."""
    pelican.settings.update(newsimport_settings(pelican.settings))
    # Per-source pages paginate like author pages unless the site says otherwise.
    paginated = dict(pelican.settings.get("PAGINATED_TEMPLATES") or {})
    paginated.setdefault("source", None)
    pelican.settings["PAGINATED_TEMPLATES"] = paginated
    # Connected here, after every plugin's register(), so that this reader is
    # installed last whatever the order of PLUGINS, and wraps whatever reader
    # another plugin put on the extension.
    # Signals are process-wide, so when several sites are built in one process
    # (tests, pelican --autoreload), move the handler back to the end.
    signals.readers_init.disconnect(install_reader)
    signals.readers_init.connect(install_reader)
    generators_logger = logging.getLogger("pelican.generators")
    if not any(isinstance(f, OneLinePerBadFile) for f in generators_logger.filters):
        generators_logger.addFilter(OneLinePerBadFile())
    _escape_log_lines()


# Loggers whose lines name imported files or carry their names and titles.
_LOGGED_CONTENT = ("pelican.generators", "pelican.readers", "pelican.contents")


def _escape_log_lines() -> None:
    """Terminal escapes from imported names stay text in ``pelican``'s log."""
    names = [n for n in logging.root.manager.loggerDict if n.startswith(__name__)]
    for name in (*names, *_LOGGED_CONTENT):
        log = logging.getLogger(name)
        if not any(isinstance(f, TerminalSafeLog) for f in log.filters):
            log.addFilter(TerminalSafeLog())


def _when_enabled(handler: Any) -> Any:
    """Run a generator-level handler only on sites that list this plugin."""

    def guarded(sender: Any) -> Any:
        return handler(sender) if _enabled(sender.settings) else None

    return guarded


# Module-level names: Pelican holds signal receivers weakly.
_templates = _when_enabled(install_templates)
_credit_filter = _when_enabled(install_filter)
_reset = _when_enabled(reset_build_state)
_settle = _when_enabled(settle)
_hugo_settle = _when_enabled(hugo_site.settle)
_alias_generator = _when_enabled(lambda _pelican: hugo_site.AliasRedirects)


def _plan(generators: Any) -> None:
    generators = list(generators)
    if generators and _enabled(generators[0].settings):
        plan_outputs(generators)


_sources_generator = _when_enabled(lambda _pelican: SourcesGenerator)
_image = _when_enabled(add_image)
_head = _when_enabled(
    lambda generator: (
        add_head_tags(generator) if isinstance(generator, ArticlesGenerator) else None
    )
)


def _plain_feed_names(context: Any, feed: Any = None) -> None:
    # feed_generated is sent with the writer's context, which holds PLUGINS.
    if feed is not None and _enabled(context):
        plain_feed_names(feed.items)


def register() -> None:
    """Pelican's entry point; each signal below says what it is used for."""
    # Validate settings once and install the reader after every other plugin.
    signals.initialized.connect(initialize)
    # Shipped templates (newsimport/*.html) and the JSON-LD filter, everywhere.
    signals.generator_init.connect(_templates)
    signals.generator_init.connect(_credit_filter)
    # Per-build state starts empty on every build (``pelican --autoreload``).
    signals.get_generators.connect(_reset)
    # Same-title articles get their own URL; one article per source URL.
    # Hugo: translationKey groups, undated sections dated by their pages.
    signals.article_generator_pretaxonomy.connect(_hugo_settle)
    signals.article_generator_pretaxonomy.connect(_settle)
    # Every output path planned before anything is written: nothing imported
    # takes a path the site or Pelican uses, and nothing is written twice.
    signals.all_generators_finalized.connect(_plan)
    # Per-source pages and the sources index.
    signals.get_generators.connect(_sources_generator)
    # NEWSIMPORT_IMAGE = 'top': the image in the content, so in any theme and feed.
    signals.content_object_init.connect(_image)
    # NEWSIMPORT_HEAD: the head tags an imported article's page lacks, added
    # to the page the article generator's templates render.
    signals.generator_init.connect(_head)
    # Hugo's aliases as redirect pages (NEWSIMPORT_HUGO_URLS).
    signals.get_generators.connect(_alias_generator)
    # Feeds get names as text; the feed writer escapes them itself.
    signals.feed_generated.connect(_plain_feed_names)
