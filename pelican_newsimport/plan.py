"""The output-path plan: every path the build writes, decided in one place.

Plain Pelican stops the whole build when two things want the same output path
(``FileOverwriteFailedError``), and silently lets an article overwrite a page
or a static file.  A site fed by an importer cannot allow either, so before
anything is written (on ``all_generators_finalized``) :func:`plan_outputs`
claims every output path in order of precedence:

1. the site's own content (pages, static files, articles not read by this
   plugin): they always keep their paths;
2. what Pelican generates: direct templates and their pagination, period
   archives, feeds, template pages;
3. category, tag and author pages and feeds, then the plugin's sources list
   and per-source pages: a name that would land on a taken path gets a
   suffixed slug (``-tag``, ``-author``, ``-source``, then ``-2``...);
4. imported articles and pages (and site content whose path another site
   file already has), first by :func:`precedence`: one whose path is taken
   gets a suffixed slug, with a warning naming both files.

5. any generator with a ``settle_outputs(plan)`` method (redirect pages,
   say), last: it should skip each path :meth:`Plan.owner` names and
   :meth:`Plan.claim` the rest.

Earlier, on ``article_generator_pretaxonomy``, :func:`settle` publishes one
article per source URL and gives imported articles that share a path their own
slug, so that tags, categories and feeds are built from the final articles.
``pelican-newsimport check`` runs these same functions over the same Pelican
objects, so what it reports is what the build writes.

Also here: the one helper for slugs (:func:`slug_for`, with :func:`fit_slug`
for empty and over-long slugs) and the one for displayed paths
(:func:`display_path`).
"""

from __future__ import annotations

import hashlib
import html
import logging
import math
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Any

from pelican.paginator import Paginator
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import order_content, slugify

from . import attribution

logger = logging.getLogger(__name__)

_NEWS_ID = re.compile(r"-(\d+)$")
MAX_SLUG_BYTES = 120
"""Longer slugs are cut, with a hash: a file name may have 255 bytes at most."""


# --- slugs and paths -----------------------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def fit_slug(slug: str, text: str, kind: str = "item") -> str:
    """``slug`` if usable; else a non-empty, short enough, deterministic one.

    A slug of nothing but punctuation gets ``{kind}-{hash of text}``; one longer
    than :data:`MAX_SLUG_BYTES` is cut and ends with a hash of the whole slug.

    >>> fit_slug("ok", "OK")
    'ok'
    >>> fit_slug("", "!!!", "tag")
    'tag-e84c538e7f'
    >>> len(fit_slug("a" * 300, "x").encode()) <= MAX_SLUG_BYTES
    True
    """
    if not slug.strip("-_. "):
        return f"{kind}-{_digest(text)}"
    data = slug.encode("utf-8")
    if len(data) <= MAX_SLUG_BYTES:
        return slug
    cut = data[: MAX_SLUG_BYTES - 11].decode("utf-8", "ignore").rstrip("-_.")
    return f"{cut}-{_digest(slug)}"


def slug_for(text: str, settings: Mapping[str, Any], kind: str = "SLUG") -> str:
    """The slug Pelican would make of ``text``, never empty and never too long.

    ``kind`` picks ``{kind}_REGEX_SUBSTITUTIONS`` (``ARTICLE``, ``CATEGORY``,
    ``TAG``, ``AUTHOR``), falling back to ``SLUG_REGEX_SUBSTITUTIONS``.

    >>> from pelican.settings import DEFAULT_CONFIG
    >>> slug_for("Hello, World!", DEFAULT_CONFIG)
    'hello-world'
    """
    subs = settings.get(f"{kind}_REGEX_SUBSTITUTIONS") or settings.get(
        "SLUG_REGEX_SUBSTITUTIONS", []
    )
    if _PLAIN_SLUG.fullmatch(text) and _pelican_subs(subs):
        slug = text  # what slugify gives back unchanged, without its five passes
    else:
        slug = slugify(
            text,
            regex_subs=subs,
            preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
            use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
        )
    return fit_slug(slug, text, "item" if kind in {"SLUG", "ARTICLE"} else kind.lower())


# A slug already: lower-case ASCII words joined by single hyphens (the file
# names an importer writes). Pelican's own substitutions leave it as it is.
_PLAIN_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PELICAN_SUBS = tuple(map(tuple, DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]))


def _pelican_subs(subs: Iterable[Any]) -> bool:
    return tuple(map(tuple, subs)) == _PELICAN_SUBS


def display_path(path: str, settings: Mapping[str, Any]) -> str:
    """``path`` relative to the content folder (``PATH``), as messages name it.

    >>> display_path("/site/content/news/a.md", {"PATH": "/site/content"})
    'news/a.md'
    >>> display_path("/elsewhere/a.md", {"PATH": "/site/content"})
    '/elsewhere/a.md'
    """
    base = _folder_prefix(settings.get("PATH") or os.getcwd())
    absolute = os.path.abspath(path)
    if absolute.startswith(base):  # the usual case, without relpath's splitting
        return absolute[len(base) :]
    relative = os.path.relpath(absolute, base)
    return path if relative.startswith(os.pardir) else relative


@lru_cache(maxsize=64)
def _folder_prefix(base: str) -> str:
    """``base`` made absolute, ending in one separator (asked once a file)."""
    return os.path.join(os.path.abspath(base), "")


def domain_slug(domain: str) -> str:
    """A URL-safe slug for a domain, keeping its labels apart.

    >>> domain_slug("bbc.co.uk")
    'bbc-co-uk'
    >>> domain_slug("münchen.de")
    'munchen-de'

    An IP address host has no ``:`` or brackets in its slug (file names on
    Windows and many sync tools refuse ``:``):

    >>> domain_slug("[2001:db8::1]"), domain_slug("10.0.0.1")
    ('2001-db8-1', '10-0-0-1')
    """
    labels = _NOT_IN_LABEL.sub("-", domain).strip("-")
    return fit_slug(slugify(labels), domain, "source")


#: What separates the parts of a host in its slug: dots, and an IPv6 address's
#: colons and brackets (a valid host name has nothing else outside ``\w-``).
_NOT_IN_LABEL = re.compile(r"[^\w-]+")


def _key(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/")


# --- which content is whose ----------------------------------------------------------


def is_imported(content: Any) -> bool:
    """Read by this plugin from front matter (the site's own files are not)."""
    details = getattr(content, "metadata", {}).get("newsimport")
    return details is not None and hasattr(details, "rendered_as")


def news_id(content: Any) -> int | None:
    """The pipeline's numeric news id at the end of the file name, if any."""
    stem = os.path.splitext(os.path.basename(content.source_path))[0]
    match = _NEWS_ID.search(stem)
    return int(match.group(1)) if match else None


def precedence(content: Any) -> tuple[bool, float, str]:
    """Who keeps a contested path or story: the smaller key wins.

    The site's own content first; then imported files by the pipeline's news
    id (the API numbers articles as it receives them, so a file imported
    later cannot win by writing an earlier ``date``); then by path.
    """
    number = news_id(content)
    # Pelican keeps the relative path it computed when it made the content.
    relative = getattr(content, "relative_source_path", None)
    return (
        is_imported(content),
        math.inf if number is None else number,
        relative or content.get_relative_source_path(),
    )


def _disambiguator(article: Any) -> str:
    """Something stable in the file itself: its news id, else its publisher."""
    if (number := news_id(article)) is not None:
        return str(number)
    source = attribution.source_of(article)
    if source is not None and source.domain:
        return domain_slug(source.domain)
    stem = os.path.splitext(os.path.basename(article.source_path))[0]
    return slug_for(stem, article.settings)


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


def _all_pages(generator: Any) -> list[Any]:
    return list(
        chain(
            generator.pages,
            generator.translations,
            generator.hidden_pages,
            generator.hidden_translations,
            generator.draft_pages,
            generator.draft_translations,
        )
    )


# --- what the plan decided, for ``check`` -------------------------------------------


@dataclass
class Decisions:
    """What the plan changed in one build; kept on the articles generator.

    ``moves``: (content, who keeps the path, the path it wanted);
    ``duplicates``: (the copy published, the copies left out);
    ``renames``: one message per renamed category, tag, author or source.
    """

    moves: list[tuple[Any, str, str]] = field(default_factory=list)
    duplicates: list[tuple[Any, list[Any]]] = field(default_factory=list)
    renames: list[str] = field(default_factory=list)


def decisions(generator: Any) -> Decisions:
    """The :class:`Decisions` of the build ``generator`` belongs to."""
    found = getattr(generator, "newsimport_decisions", None)
    if found is None:
        found = Decisions()
        generator.newsimport_decisions = found
    return found


# --- before taxonomies: one copy per story, one path per imported article ------------


def _move_aside(article: Any, taken: Any, owner: str, found: Decisions) -> None:
    """Give ``article`` the first free suffixed slug; log the move."""
    wanted = _key(article.save_as)
    found.moves.append((article, owner, wanted))
    reason = (
        f"{owner} and {article.get_relative_source_path()} would both be written "
        f"to {wanted}"
    )
    base = f"{article.slug}-{_disambiguator(article)}"
    number = 1
    # A Hugo path (NEWSIMPORT_HUGO_URLS) ignores the slug: fall back to the slug's.
    for override in ("override_save_as", "override_url"):
        vars(article).pop(override, None)
    article.slug = base
    while taken(article):
        number += 1
        article.slug = f"{base}-{number}"
    logger.warning("%s; the second is published at %s", reason, article.save_as)


def separate_same_slugs(generator: Any) -> None:
    """Give imported articles that would be written to the same path their own slug."""
    groups: dict[str, list[Any]] = defaultdict(list)
    everything = _all_content(generator)
    for article in everything:
        groups[_key(article.save_as)].append(article)
    used = set(groups)
    for clashing in groups.values():
        if len(clashing) < 2:
            continue
        clashing.sort(key=precedence)
        keeper, *others = clashing
        for article in others:
            owner = keeper.get_relative_source_path()
            taken = lambda a: _key(a.save_as) in used  # noqa: E731
            _move_aside(article, taken, owner, decisions(generator))
            used.add(_key(article.save_as))
        _unlink_translations(clashing)


def _unlink_translations(articles: list[Any]) -> None:
    """Same-slug articles are not translations of each other, whatever Pelican
    concluded from their shared slug."""
    ids = set(map(id, articles))
    for article in articles:
        article.translations = [t for t in article.translations if id(t) not in ids]


def duplicate_groups(articles: Iterable[Any]) -> list[tuple[Any, list[Any]]]:
    """Articles sharing a source URL: (the copy published, the others).

    The copy kept is the first by :func:`precedence`.
    """
    groups: dict[str, list[Any]] = defaultdict(list)
    for article in articles:
        url = getattr(article, "source_url", "")
        if url and isinstance(url, str):
            groups[attribution.normalize_url(url)].append(article)
    found = []
    for copies in groups.values():
        if len(copies) > 1:
            copies.sort(key=precedence)
            found.append((copies[0], copies[1:]))
    return found


def drop_duplicate_sources(generator: Any) -> None:
    """Publish one article per source URL, as ``NEWSIMPORT_DUPLICATES`` says."""
    policy = generator.settings.get("NEWSIMPORT_DUPLICATES", "warn")
    groups = duplicate_groups(generator.articles)
    decisions(generator).duplicates.extend(groups)
    if policy == "keep" or not groups:
        return
    log = logger.error if policy == "error" else logger.warning
    dropped: set[int] = set()
    for kept, others in groups:
        for article in others:
            dropped.add(id(article))
            log(
                "%s is a duplicate of %s (same source URL %s); publishing %s only",
                article.get_relative_source_path(),
                kept.get_relative_source_path(),
                attribution.normalize_url(article.source_url),
                kept.get_relative_source_path(),
            )
    generator.articles = [a for a in generator.articles if id(a) not in dropped]


def keep_site_translations(generator: Any) -> None:
    """An imported file never becomes a translation of the site's own article.

    Pelican links translations by slug; an imported ``slug: welcome`` with
    ``lang: fr`` would add a link to the site's own Welcome page.  It is
    published as an article of its own instead.
    """
    moved = []
    for original in _all_content(generator):
        if is_imported(original):
            continue
        foreign = [t for t in original.translations if is_imported(t)]
        original.translations = [t for t in original.translations if t not in foreign]
        for translation in foreign:
            translation.translations = [
                t for t in translation.translations if is_imported(t)
            ]
            if translation in generator.translations and translation not in moved:
                logger.warning(
                    "%s would be a translation of the site's own %s; it is "
                    "published on its own",
                    translation.get_relative_source_path(),
                    original.get_relative_source_path(),
                )
                moved.append(translation)
    if moved:
        generator.translations = [t for t in generator.translations if t not in moved]
        generator.articles = order_content(
            [*generator.articles, *moved], generator.settings["ARTICLE_ORDER_BY"]
        )


def settle(generator: Any) -> None:
    """``article_generator_pretaxonomy`` handler."""
    keep_site_translations(generator)
    drop_duplicate_sources(generator)
    separate_same_slugs(generator)


# --- every output path ---------------------------------------------------------------


class Plan:
    """Output paths claimed so far, each with what claimed it."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.settings = settings
        self.claims: dict[str, str] = {}

    def owner(self, path: str) -> str | None:
        return self.claims.get(_key(path)) if path else None

    def claim(self, path: str, what: str) -> None:
        if path:
            self.claims.setdefault(_key(path), what)

    def free(self, paths: Iterable[str]) -> bool:
        return not any(self.owner(path) for path in paths)

    def paginated(self, name: str, url: str, count: int, template: str) -> list[str]:
        """The paths Pelican's writer uses for ``template`` over ``count`` items."""
        if not name:
            return []
        paginated = self.settings.get("PAGINATED_TEMPLATES") or {}
        if template not in paginated:
            return [name]
        per_page = paginated[template] or self.settings.get("DEFAULT_PAGINATION")
        paginator = Paginator(name, url, [None] * count, self.settings, per_page)
        return [paginator.page(n).save_as for n in range(1, paginator.num_pages + 1)]


def _claim_content(plan: Plan, contents: Iterable[Any]) -> list[Any]:
    """Claim the paths of the site's own content; return what must find a path
    later: imported content, and site content whose path another site file has
    (plain Pelican would stop the build there)."""
    movable = []
    for content in contents:
        if is_imported(content) or plan.owner(content.save_as) is not None:
            movable.append(content)
        else:
            plan.claim(content.save_as, content.get_relative_source_path())
    return movable


def _claim_feeds(plan: Plan, articles_generator: Any) -> None:
    settings = plan.settings
    for key in ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS"):
        if settings.get(key):
            plan.claim(str(settings[key]), f"the {key} feed")
    langs = {
        a.lang
        for a in chain(articles_generator.articles, articles_generator.translations)
    }
    for key in ("TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS"):
        if settings.get(key):
            for lang in sorted(langs):
                plan.claim(str(settings[key]).format(lang=lang), f"the {lang} feed")


def _claim_generated(plan: Plan, generator: Any) -> None:
    """Direct templates (with pagination), period archives, feeds, template pages."""
    settings = plan.settings
    for template in settings.get("DIRECT_TEMPLATES") or ():
        save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        url = settings.get(f"{template.upper()}_URL", f"{template}.html")
        for path in plan.paginated(save_as, url, len(generator.articles), template):
            plan.claim(path, f"the {template} page")
    for archives in generator.period_archives.values():
        for archive in archives:
            plan.claim(archive["save_as"], "a period archive")
    _claim_feeds(plan, generator)
    for destination in (settings.get("TEMPLATE_PAGES") or {}).values():
        plan.claim(destination, "a template page")


_TAXONOMIES = (
    ("category", "categories", ("CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS")),
    ("tag", "tags", ("TAG_FEED_ATOM", "TAG_FEED_RSS")),
    ("author", "authors", ("AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS")),
)


def _pairs(generator: Any, attribute: str) -> list[tuple[Any, list[Any]]]:
    value = getattr(generator, attribute)
    return list(value.items() if isinstance(value, dict) else value)


def _wrapper_paths(plan: Plan, kind: str, wrapper: Any, count: int, feeds) -> list:
    settings = plan.settings
    paths = plan.paginated(wrapper.save_as, wrapper.url, count, kind)
    paths += [
        str(settings[k]).format(slug=wrapper.slug) for k in feeds if settings.get(k)
    ]
    return paths


def _settle_taxonomy(plan: Plan, generator: Any, kind: str, attribute: str, feeds):
    renamed: dict[str, tuple[str, str]] = {}
    for wrapper, articles in _pairs(generator, attribute):
        original = wrapper.slug
        fitted = fit_slug(original, str(wrapper.name), kind)
        wrapper.slug, number = fitted, 1
        while not plan.free(_wrapper_paths(plan, kind, wrapper, len(articles), feeds)):
            number += 1
            wrapper.slug = f"{fitted}-{kind}" + (f"-{number}" if number > 2 else "")
        if wrapper.slug != original:
            why = "would be written where something else is"
            if wrapper.slug == fitted:
                why = (
                    "is too long for a file name" if original else "has no usable slug"
                )
            renamed[original] = (wrapper.slug, why)
        for path in _wrapper_paths(plan, kind, wrapper, len(articles), feeds):
            plan.claim(path, f"the {kind} {str(wrapper.name)!r}")
    if renamed:
        _rename(generator, kind, renamed)


def _rename(generator: Any, kind: str, renamed: dict[str, tuple[str, str]]) -> None:
    """Apply new slugs to every instance of the renamed categories/tags/authors."""
    attribute = {"category": "categories", "tag": "tags", "author": "authors"}[kind]
    wrappers = [wrapper for wrapper, _articles in _pairs(generator, attribute)]
    for article in _all_content(generator):
        wrappers.extend(getattr(article, attribute, None) or [])
        wrappers.append(getattr(article, kind, None))
    # ``article.categories`` holds names (text), not Category objects.
    wrappers = [wrapper for wrapper in wrappers if hasattr(wrapper, "slug")]
    for old, (new, why) in renamed.items():
        note(
            generator,
            f"{kind} {_short(plain(wrapper_name(wrappers, new, old)))!r} {why}; "
            f"its slug is now {new!r}",
        )
    for wrapper in wrappers:
        if wrapper.slug in renamed:
            wrapper.slug = renamed[wrapper.slug][0]


def wrapper_name(wrappers: list[Any], *slugs: str) -> str:
    return next((str(w.name) for w in wrappers if w.slug in slugs), slugs[-1])


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str) -> str:
    """Displayed names are escaped HTML; messages show the text."""
    return html.unescape(text).replace("\u2060", "")


def note(generator: Any, message: str) -> None:
    """Log a plan decision and keep it for ``check``."""
    logger.warning("%s", message)
    decisions(generator).renames.append(message)


def separate_feed_paths(generator: Any) -> None:
    """Former handler, kept for callers: plans taxonomy paths on their own."""
    plan = Plan(generator.settings)
    _claim_generated(plan, generator)
    for kind, attribute, feeds in _TAXONOMIES:
        _settle_taxonomy(plan, generator, kind, attribute, feeds)


def _source_paths(plan: Plan, page: Any) -> list[str]:
    return plan.paginated(page.save_as, page.url, len(page.articles), "source")


def _reslug_source(page: Any, slug: str, settings: Mapping[str, Any]) -> None:
    page.slug = slug
    page.url = settings["NEWSIMPORT_SOURCE_URL"].format(slug=slug)
    page.save_as = settings["NEWSIMPORT_SOURCE_SAVE_AS"].format(slug=slug)
    page.page_name = page.url.rsplit(".", 1)[0] if page.url else slug


def _settle_sources(plan: Plan, generator: Any, articles: Any) -> None:
    settings = plan.settings
    plan.claim(settings.get("NEWSIMPORT_SOURCES_SAVE_AS", ""), "the sources page")
    if not settings.get("NEWSIMPORT_SOURCE_SAVE_AS"):
        return
    for page in generator.sources:
        base, number = fit_slug(page.slug, str(page.name), "source"), 1
        _reslug_source(page, base, settings)
        while not plan.free(_source_paths(plan, page)):
            number += 1
            _reslug_source(page, f"{base}-{number}", settings)
        if page.slug != base:
            note(
                articles,
                f"source {_short(plain(str(page.name)))!r} would share a page with "
                f"another source; its slug is now {page.slug!r}",
            )
        for path in _source_paths(plan, page):
            plan.claim(path, f"the source {str(page.name)!r}")


def _settle_imported(plan: Plan, contents: list[Any], found: Decisions) -> None:
    # Each key computed once (a relative path is an ``os.path.relpath``); the
    # path in it names the content in the plan too.
    keyed = sorted(((precedence(c), i, c) for i, c in enumerate(contents)))
    for (*_order, relative), _index, content in keyed:
        fitted = fit_slug(content.slug, content.slug)
        if fitted != content.slug:
            content.slug = fitted
        path = content.save_as
        owner = plan.owner(path)
        if owner is not None:
            taken = lambda c: plan.owner(c.save_as) is not None  # noqa: E731
            _move_aside(content, taken, owner, found)
            path = content.save_as
        plan.claim(path, relative)
        _pin(content, path)


def _pin(content: Any, save_as: str) -> None:
    """Keep the path the plan settled: Pelican's own per-content overrides.

    Every later reader of ``url`` or ``save_as`` (the writer, feeds, every
    listing) gets this path, not one formatted anew on each access, and a
    plugin that changes the slug after the plan cannot move the page onto a
    path the plan never checked.
    """
    url = content.url
    content.override_save_as = save_as
    content.override_url = url


def _find(generators: Iterable[Any], attribute: str) -> Any:
    return next((g for g in generators if hasattr(g, attribute)), None)


def plan_outputs(generators: Iterable[Any]) -> Plan | None:
    """``all_generators_finalized`` handler: claim every path, move the late ones."""
    generators = list(generators)
    articles = _find(generators, "drafts_translations")
    if articles is None:
        return None
    plan = Plan(articles.settings)
    pages = _find(generators, "draft_pages")
    static = _find(generators, "staticfiles")
    imported = _claim_content(plan, _all_pages(pages) if pages else [])
    plan_static = static.staticfiles if static else []
    for item in plan_static:
        plan.claim(item.save_as, item.get_relative_source_path())
    imported += _claim_content(plan, _all_content(articles))
    _claim_generated(plan, articles)
    for kind, attribute, feeds in _TAXONOMIES:
        _settle_taxonomy(plan, articles, kind, attribute, feeds)
    sources = _find(generators, "sources")
    if sources is not None and isinstance(getattr(sources, "sources", None), list):
        _settle_sources(plan, sources, articles)
    _settle_imported(plan, imported, decisions(articles))
    for generator in generators:
        # Extra outputs (e.g. redirect pages) come last: real content wins.
        settle_outputs = getattr(generator, "settle_outputs", None)
        if callable(settle_outputs):
            settle_outputs(plan)
    return plan
