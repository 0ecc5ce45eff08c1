"""The output-path plan: where every article is written, computed in one place.

The build's handlers and ``pelican-newsimport check`` call the same functions
here, so what ``check`` reports is what the build writes.  This module also
holds the one helper for slugs (:func:`slug_for`) and the one for the paths
shown in messages (:func:`display_path`).

Keep every article at its own URL, and publish each story once.

Two outlets often carry the same wire story under the same title, and an
import run can write the same article twice.  Plain Pelican stops the whole
build when two articles want the same output path; these handlers run on
``article_generator_pretaxonomy`` (after every file is read, before tags,
categories and feeds are built) and settle both cases deterministically, by
sorted source path, so the result does not depend on the order the file
system lists files in.
"""

from __future__ import annotations

import logging
import os
import re
from collections import defaultdict
from collections.abc import Mapping
from itertools import chain
from typing import Any

from pelican.utils import slugify

from . import attribution

logger = logging.getLogger(__name__)

_NEWS_ID = re.compile(r"-(\d+)$")


def slug_for(text: str, settings: Mapping[str, Any], kind: str = "SLUG") -> str:
    """The slug Pelican would make of ``text``, with the site's slug settings.

    ``kind`` picks ``{kind}_REGEX_SUBSTITUTIONS`` (``ARTICLE``, ``CATEGORY``,
    ``TAG``, ``AUTHOR``), falling back to ``SLUG_REGEX_SUBSTITUTIONS``.

    >>> from pelican.settings import DEFAULT_CONFIG
    >>> slug_for("Hello, World!", DEFAULT_CONFIG)
    'hello-world'
    """
    subs = settings.get(f"{kind}_REGEX_SUBSTITUTIONS") or settings.get(
        "SLUG_REGEX_SUBSTITUTIONS", []
    )
    return slugify(
        text,
        regex_subs=subs,
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def display_path(path: str, settings: Mapping[str, Any]) -> str:
    """``path`` relative to the content folder (``PATH``), as messages name it.

    >>> display_path("/site/content/news/a.md", {"PATH": "/site/content"})
    'news/a.md'
    >>> display_path("/elsewhere/a.md", {"PATH": "/site/content"})
    '/elsewhere/a.md'
    """
    base = settings.get("PATH") or os.getcwd()
    relative = os.path.relpath(os.path.abspath(path), base)
    return path if relative.startswith(os.pardir) else relative


def domain_slug(domain: str) -> str:
    """A URL-safe slug for a domain, keeping its labels apart.

    >>> domain_slug("bbc.co.uk")
    'bbc-co-uk'
    >>> domain_slug("münchen.de")
    'munchen-de'
    """
    return slugify(domain.replace(".", "-"))


def _stem(article: Any) -> str:
    return os.path.splitext(os.path.basename(article.source_path))[0]


def _disambiguator(article: Any) -> str:
    """Something stable in the file itself: its news id, else its publisher."""
    if match := _NEWS_ID.search(_stem(article)):
        return match.group(1)
    source = getattr(article, "source", None)
    if source is not None and source.domain:
        return domain_slug(source.domain)
    return slugify(_stem(article))


def _all_content(generator: Any) -> list[Any]:
    """Published, hidden and draft articles with their translations."""
    return list(
        chain(
            generator.articles,
            generator.translations,
            generator.hidden_articles,
            generator.hidden_translations,
            generator.drafts,
            generator.drafts_translations,
        )
    )


def separate_same_slugs(generator: Any) -> None:
    """Give articles that would be written to the same path their own slug."""
    groups: dict[str, list[Any]] = defaultdict(list)
    everything = _all_content(generator)
    for article in everything:
        groups[article.save_as].append(article)
    taken = {article.slug for article in everything}
    for save_as, clashing in groups.items():
        if len(clashing) < 2:
            continue
        clashing.sort(key=lambda a: a.source_path)
        keeper, *others = clashing
        for article in others:
            slug = f"{article.slug}-{_disambiguator(article)}"
            while slug in taken:
                slug += "-2"
            taken.add(slug)
            article.slug = slug
            logger.warning(
                "%s and %s would both be written to %s; the second is published at %s",
                keeper.get_relative_source_path(),
                article.get_relative_source_path(),
                save_as,
                article.save_as,
            )
        _unlink_translations(clashing)


def _unlink_translations(articles: list[Any]) -> None:
    """Same-slug articles are not translations of each other, whatever Pelican
    concluded from their shared slug."""
    ids = set(map(id, articles))
    for article in articles:
        article.translations = [t for t in article.translations if id(t) not in ids]


def drop_duplicate_sources(generator: Any) -> None:
    """Publish one article per source URL, as ``NEWSIMPORT_DUPLICATES`` says."""
    policy = generator.settings.get("NEWSIMPORT_DUPLICATES", "warn")
    if policy == "keep":
        return
    groups: dict[str, list[Any]] = defaultdict(list)
    for article in generator.articles:
        url = getattr(article, "source_url", "")
        if url:
            groups[attribution.normalize_url(url)].append(article)
    dropped: set[int] = set()
    log = logger.error if policy == "error" else logger.warning
    for url, copies in groups.items():
        if len(copies) < 2:
            continue
        copies.sort(key=lambda a: (a.date, a.source_path))
        kept, *others = copies
        for article in others:
            dropped.add(id(article))
            log(
                "%s is a duplicate of %s (same source URL %s); publishing %s only",
                article.get_relative_source_path(),
                kept.get_relative_source_path(),
                url,
                kept.get_relative_source_path(),
            )
    if dropped:
        generator.articles = [a for a in generator.articles if id(a) not in dropped]


def settle(generator: Any) -> None:
    """``article_generator_pretaxonomy`` handler."""
    separate_same_slugs(generator)
    drop_duplicate_sources(generator)


_TAXONOMIES = (
    ("category", "categories", ("CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS")),
    ("tag", "tags", ("TAG_FEED_ATOM", "TAG_FEED_RSS")),
    ("author", "authors", ("AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS")),
)


def _wrappers(generator: Any, attribute: str) -> list[Any]:
    value = getattr(generator, attribute)
    pairs = value.items() if isinstance(value, dict) else value
    return [wrapper for wrapper, _articles in pairs]


def separate_feed_paths(generator: Any) -> None:
    """Keep an author or tag feed from landing on a category's feed path.

    Pelican's defaults write category and author feeds to the same
    ``feeds/{slug}.atom.xml``, so an imported author named like a category
    ("News") would stop the build.  Categories keep their paths; a clashing
    tag or author gets ``-tag`` / ``-author`` appended to its slug everywhere.
    """
    settings = generator.settings
    claimed: dict[str, str] = {}
    for kind, attribute, feed_settings in _TAXONOMIES:
        renamed: dict[str, str] = {}
        for wrapper in _wrappers(generator, attribute):
            paths = [
                settings[key].format(slug=wrapper.slug)
                for key in feed_settings
                if settings.get(key)
            ]
            if any(claimed.get(path, kind) != kind for path in paths):
                renamed[wrapper.slug] = f"{wrapper.slug}-{kind}"
                paths = [p.replace(wrapper.slug, renamed[wrapper.slug]) for p in paths]
            claimed.update(dict.fromkeys(paths, kind))
        if renamed:
            _rename(generator, kind, renamed)


def _rename(generator: Any, kind: str, renamed: dict[str, str]) -> None:
    attribute = f"{kind}s"
    wrappers = _wrappers(generator, attribute)
    for article in _all_content(generator):
        wrappers.extend(getattr(article, attribute, None) or [])
        if kind == "author" and getattr(article, "author", None) is not None:
            wrappers.append(article.author)
    logged = set()
    for wrapper in wrappers:
        new = renamed.get(wrapper.slug)
        if new is None:
            continue
        if new not in logged:
            logged.add(new)
            logger.warning(
                "%s %r would share a feed with a category of the same name; "
                "its slug is now %r",
                kind,
                wrapper.name,
                new,
            )
        wrapper.slug = new
