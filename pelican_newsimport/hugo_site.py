"""Build-time Hugo rules that need every article: section dates, translationKey.

Both run on ``article_generator_pretaxonomy``, after every file is read and
before tags, categories and feeds are built:

* a section page (``_index.md``) without a date of its own takes the newest
  date of the pages below it, as in Hugo;
* ``translationKey`` links translations whose file names differ
  (``greeting.md`` and ``salut.fr.md``); Pelican alone groups by slug;
* every file of a published leaf bundle is copied beside it.

:class:`AliasRedirects` writes Hugo's ``aliases`` as redirect pages.
"""

from __future__ import annotations

import html
import logging
import os
from typing import Any

from pelican.utils import order_content, process_translations

from . import hugo

logger = logging.getLogger(__name__)

GROUPS = (
    ("articles", "translations"),
    ("hidden_articles", "hidden_translations"),
    ("drafts", "drafts_translations"),
)
TRANSLATION_ID = "newsimport_translation_group"


def _everything(generator: Any) -> list[Any]:
    return [a for pair in GROUPS for name in pair for a in getattr(generator, name)]


def date_sections(generator: Any) -> None:
    """Undated section pages take their newest page's date."""
    dated = [
        (os.path.dirname(a.relative_source_path), a.date)
        for a in generator.articles + generator.translations
    ]
    for article in _everything(generator):
        if getattr(article, "hugo_kind", "") != "section" or not article.undated:
            continue
        folder = os.path.dirname(article.relative_source_path)
        inside = [
            when
            for where, when in dated
            if where == folder or where.startswith(folder + os.sep) or not folder
        ]
        if inside:
            article.date = max(inside)
            article.locale_date = article.date.strftime(article.date_format)


def link_translation_keys(generator: Any) -> None:
    """Group translations by ``translationKey`` where files set one."""
    everything = _everything(generator)
    if not any(getattr(a, "translation_key", "") for a in everything):
        return
    for article in everything:
        key = getattr(article, "translation_key", "")
        setattr(
            article, TRANSLATION_ID, f"key:{key}" if key else f"slug:{article.slug}"
        )
    for originals_name, translations_name in GROUPS:
        items = getattr(generator, originals_name) + getattr(
            generator, translations_name
        )
        originals, translations = process_translations(items, TRANSLATION_ID)
        order = generator.settings["ARTICLE_ORDER_BY"]
        setattr(generator, originals_name, order_content(originals, order))
        setattr(generator, translations_name, translations)
    generator._update_context(("articles", "drafts", "hidden_articles"))


def publish_bundle_resources(generator: Any) -> None:
    """Every file of a published leaf bundle is copied beside it, linked or not
    (a theme may use ``cover.png`` from the front matter), as Hugo publishes
    a bundle's resources.  Content files (Markdown) stay unpublished."""
    content = generator.settings["PATH"]
    sources = tuple(f".{ext}" for ext in generator.settings["NEWSIMPORT_EXTENSIONS"])
    for article in (
        generator.articles + generator.translations + generator.hidden_articles
    ):
        if getattr(article, "hugo_kind", "") != "bundle":
            continue
        folder = os.path.dirname(article.relative_source_path)
        for root, _dirs, files in os.walk(os.path.join(content, folder)):
            for name in files:
                if not name.endswith(sources):
                    path = os.path.relpath(os.path.join(root, name), content)
                    generator.context["static_links"].add(path)


def settle(generator: Any) -> None:
    """``article_generator_pretaxonomy`` handler."""
    link_translation_keys(generator)
    date_sections(generator)
    publish_bundle_resources(generator)


REDIRECT = (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title>'
    '<link rel="canonical" href="{target}">'
    '<meta name="robots" content="noindex">'
    '<meta http-equiv="refresh" content="0; url={target}"></head>'
    '<body><p><a href="{target}">{title}</a></p></body></html>\n'
)


class AliasRedirects:
    """Writes a redirect page at each same-site ``aliases`` path (Hugo's aliases).

    Only with ``NEWSIMPORT_HUGO_URLS``.  The redirect always points at the
    page's own URL; an alias that is not a path on this site, or whose output
    path the build's plan gives to something else, is skipped with a warning
    naming the file.
    """

    def __init__(self, context: dict, settings: dict, path: str, *_a: Any, **_k: Any):
        self.context = context
        self.settings = settings
        self.planned: list[tuple[Any, str]] | None = None

    def generate_context(self) -> None:
        """Nothing to add to the context."""

    def _aliases(self) -> list[tuple[Any, str, str]]:
        """(page, alias as written, relative output path or '') for every alias."""
        if not self.settings.get("NEWSIMPORT_HUGO_URLS"):
            return []
        found = []
        for name in ("articles", "hidden_articles"):
            for article in self.context.get(name) or []:
                for page in (article, *article.translations):
                    for alias in getattr(page, "aliases", None) or []:
                        path = hugo.site_path(html.unescape(alias))
                        relative = hugo.save_as_for(path) if path else ""
                        found.append((page, alias, relative))
        return found

    def settle_outputs(self, plan: Any) -> None:
        """Called by the build's plan after all content: claim free alias paths."""
        self.planned = []
        for page, alias, relative in self._aliases():
            owner = plan.owner(relative) if relative else None
            if self._usable(page, alias, relative, owner):
                plan.claim(relative, f"an alias of {page.get_relative_source_path()}")
                self.planned.append((page, relative))

    def _usable(self, page: Any, alias: str, relative: str, owner: Any) -> bool:
        shown = page.get_relative_source_path()
        if not relative:
            logger.warning(
                "%s: alias %r is not a path on this site; ignored", shown, alias
            )
        elif owner is not None:
            logger.warning(
                "%s: alias %r would replace %s; ignored", shown, alias, owner
            )
        return bool(relative) and owner is None

    def generate_output(self, _writer: Any) -> None:
        if self.planned is None:  # no plan ran: claim against the pages only
            taken = {
                page.save_as: page.get_relative_source_path()
                for name in ("articles", "hidden_articles")
                for article in self.context.get(name) or []
                for page in (article, *article.translations)
            }
            self.planned = []
            for page, alias, relative in self._aliases():
                if self._usable(page, alias, relative, taken.get(relative)):
                    taken[relative] = alias
                    self.planned.append((page, relative))
        output = os.path.abspath(self.settings["OUTPUT_PATH"])
        for page, relative in self.planned:
            self._write(page, os.path.join(output, relative))

    def _write(self, page: Any, target: str) -> None:
        url = f"{self.settings.get('SITEURL', '')}/{page.url}"
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(REDIRECT.format(title=page.title, target=html.escape(url)))
