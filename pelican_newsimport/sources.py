"""Per-source pages and the template helpers themes use to show attribution.

``SourcesGenerator`` writes one paginated page per publisher (like Pelican's
author pages) and an index of all publishers.  Its URLs come from
``NEWSIMPORT_SOURCE_URL`` / ``NEWSIMPORT_SOURCE_SAVE_AS`` /
``NEWSIMPORT_SOURCES_SAVE_AS``, patterned on ``AUTHOR_URL`` /
``AUTHOR_SAVE_AS``; an empty ``*_SAVE_AS`` turns that output off.  A theme's
own ``source.html`` / ``sources.html`` win over the fallbacks shipped here.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from functools import total_ordering
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader
from pelican.generators import Generator, PelicanTemplateNotFound
from pelican.utils import slugify

from .attribution import source_of
from .head import head_html, image_figure, json_ld
from .integrity import domain_slug
from .safety import plain_text

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"


@total_ordering
class SourcePage:
    """One publisher's page: what ``source.html`` gets as ``source``."""

    def __init__(self, key: str, name: str, domain: str, settings: dict[str, Any]):
        self.key = key
        self.name = name
        self.domain = domain
        self.slug = (
            domain_slug(domain)
            if domain
            else slugify(
                plain_text(name),
                regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            )
        )
        self.url = settings["NEWSIMPORT_SOURCE_URL"].format(slug=self.slug)
        self.save_as = settings["NEWSIMPORT_SOURCE_SAVE_AS"].format(slug=self.slug)
        self.page_name = self.url.rsplit(".", 1)[0] if self.url else self.slug
        self.articles: list[Any] = []

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SourcePage) and self.key == other.key

    def __lt__(self, other: SourcePage) -> bool:
        return plain_text(self.name).casefold() < plain_text(other.name).casefold()

    def __hash__(self) -> int:
        return hash(self.key)


def group_by_source(articles: list[Any], settings: dict[str, Any]) -> list[SourcePage]:
    """Group articles by publisher (their registrable domain, else their name)."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for article in articles:
        if source := source_of(article):
            groups[source.domain or source.name].append(article)
    pages = []
    for key, members in groups.items():
        names = Counter(article.source.name for article in members)
        name = min(names, key=lambda n: (-names[n], n))
        page = SourcePage(key, name, members[0].source.domain, settings)
        page.articles = members
        pages.append(page)
    return sorted(pages)


class SourcesGenerator(Generator):
    """Writes ``source.html`` for each publisher and ``sources.html`` for all."""

    def generate_context(self) -> None:
        articles = self.context.get("articles", [])
        self.sources = group_by_source(articles, self.settings)
        for page in self.sources:
            page.articles.sort(key=lambda a: a.date, reverse=True)
        self.context["newsimport_sources"] = self.sources
        # ``source_link.html`` finds an article's page in this, not by a loop.
        self.context["newsimport_source_pages"] = {p.key: p for p in self.sources}

    def _template(self, name: str) -> Any:
        try:
            return self.get_template(name)
        except PelicanTemplateNotFound:
            return self.env.get_template(f"newsimport/{name}.html")

    def _dates(self) -> dict[str, list[Any]]:
        """Each source's articles in the order of the site's ``dates``.

        One pass over ``dates`` for all sources (not one per source).
        """
        owner = {id(a): page.key for page in self.sources for a in page.articles}
        dated: dict[str, list[Any]] = {page.key: [] for page in self.sources}
        for article in self.context.get("dates", []):
            if (key := owner.get(id(article))) is not None:
                dated[key].append(article)
        return dated

    def generate_output(self, writer: Any) -> None:
        if not self.sources:  # a site with no imported article
            return
        if self.settings["NEWSIMPORT_SOURCE_SAVE_AS"]:
            template = self._template("source")
            dated = self._dates()
            for page in self.sources:
                dates = dated.get(page.key, [])
                writer.write_file(
                    page.save_as,
                    template,
                    self.context,
                    url=page.url,
                    source=page,
                    articles=page.articles,
                    dates=dates,
                    template_name="source",
                    relative_urls=self.settings["RELATIVE_URLS"],
                    blog=True,
                    page_name=page.page_name,
                    all_articles=self.context.get("articles", []),
                    paginated={"articles": page.articles, "dates": dates},
                )
        if self.settings["NEWSIMPORT_SOURCES_SAVE_AS"]:
            writer.write_file(
                self.settings["NEWSIMPORT_SOURCES_SAVE_AS"],
                self._template("sources"),
                self.context,
                url=self.settings["NEWSIMPORT_SOURCES_URL"],
                sources=self.sources,
                template_name="sources",
                relative_urls=self.settings["RELATIVE_URLS"],
                page_name="sources",
            )


def install_templates(generator: Any) -> None:
    """Make ``newsimport/*.html`` includable; add the filters they use."""
    loader = generator.env.loader
    ours = FileSystemLoader(str(TEMPLATES))
    if isinstance(loader, ChoiceLoader):
        if not any(
            isinstance(existing, FileSystemLoader)
            and str(TEMPLATES) in existing.searchpath
            for existing in loader.loaders
        ):
            loader.loaders.append(ours)
    else:
        generator.env.loader = ChoiceLoader([loader, ours])
    generator.env.filters["newsimport_jsonld"] = json_ld
    generator.env.filters["newsimport_head"] = head_html
    generator.env.filters["newsimport_figure"] = image_figure
