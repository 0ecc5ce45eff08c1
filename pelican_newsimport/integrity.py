"""Keep every article at its own URL, and publish each story once.

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
from itertools import chain
from typing import Any

from pelican.utils import slugify

from . import attribution

logger = logging.getLogger(__name__)

_NEWS_ID = re.compile(r"-(\d+)$")


def _stem(article: Any) -> str:
    return os.path.splitext(os.path.basename(article.source_path))[0]


def _disambiguator(article: Any) -> str:
    """Something stable in the file itself: its news id, else its publisher."""
    if match := _NEWS_ID.search(_stem(article)):
        return match.group(1)
    source = getattr(article, "source", None)
    if source is not None and source.domain:
        return slugify(source.domain.replace(".", "-"))
    return slugify(_stem(article))


def separate_same_slugs(generator: Any) -> None:
    """Give articles that would be written to the same path their own slug."""
    groups: dict[str, list[Any]] = defaultdict(list)
    everything = list(
        chain(
            generator.articles,
            generator.translations,
            generator.hidden_articles,
            generator.hidden_translations,
            generator.drafts,
            generator.drafts_translations,
        )
    )
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
