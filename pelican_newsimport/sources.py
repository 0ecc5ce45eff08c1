"""Per-source pages and the template helpers themes use to show attribution.

``SourcesGenerator`` writes one paginated page per publisher (like Pelican's
author pages) and an index of all publishers.  Its URLs come from
``NEWSIMPORT_SOURCE_URL`` / ``NEWSIMPORT_SOURCE_SAVE_AS`` /
``NEWSIMPORT_SOURCES_SAVE_AS``, patterned on ``AUTHOR_URL`` /
``AUTHOR_SAVE_AS``; an empty ``*_SAVE_AS`` turns that output off.  A theme's
own ``source.html`` / ``sources.html`` win over the fallbacks shipped here.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from functools import total_ordering
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader
from pelican.generators import Generator, PelicanTemplateNotFound
from pelican.utils import slugify

from .integrity import domain_slug
from .safety import json_for_script, plain_text

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
        source = getattr(article, "source", None)
        if hasattr(source, "domain"):  # a site's own `Source:` line is text
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

    def _template(self, name: str) -> Any:
        try:
            return self.get_template(name)
        except PelicanTemplateNotFound:
            return self.env.get_template(f"newsimport/{name}.html")

    def generate_output(self, writer: Any) -> None:
        if self.settings["NEWSIMPORT_SOURCE_SAVE_AS"]:
            template = self._template("source")
            dates_order = self.context.get("dates", [])
            for page in self.sources:
                members = set(map(id, page.articles))
                dates = [a for a in dates_order if id(a) in members]
                writer.write_file(
                    page.save_as,
                    template,
                    self.context,
                    url=page.url,
                    source=page,
                    articles=page.articles,
                    dates=dates,
                    template_name="source",
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
                page_name="sources",
            )


def json_ld(article: Any) -> str:
    """Schema.org ``NewsArticle`` for an article, safe inside a script element."""
    settings = article.settings
    site_url = settings.get("SITEURL", "")
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": plain_text(article.title),
        "datePublished": article.date.isoformat(),
        "url": f"{site_url}/{article.url}" if site_url else article.url,
    }
    if getattr(article, "modified", None):
        data["dateModified"] = article.modified.isoformat()
    if image := getattr(article, "image", ""):
        data["image"] = [image]
    if description := getattr(article, "description", ""):
        data["description"] = plain_text(description)
    authors = getattr(article, "authors", None) or []
    if authors:
        data["author"] = [
            {"@type": "Person", "name": plain_text(a.name)} for a in authors
        ]
    source = getattr(article, "source", None)
    if source is not None:
        publisher: dict[str, Any] = {
            "@type": "Organization",
            "name": plain_text(source.name),
        }
        if source.domain:
            publisher["url"] = f"https://{source.domain}/"
        data["publisher"] = publisher
        if source.url:
            data["isBasedOn"] = source.url
    return json_for_script(json.dumps(data, ensure_ascii=False))


def install_templates(generator: Any) -> None:
    """Make ``newsimport/*.html`` includable; add the ``newsimport_jsonld`` filter."""
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
