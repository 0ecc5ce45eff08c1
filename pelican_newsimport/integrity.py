"""Former name of :mod:`.plan`, kept so existing imports keep working."""

from .plan import (
    domain_slug,
    drop_duplicate_sources,
    separate_feed_paths,
    separate_same_slugs,
    settle,
)

__all__ = [
    "domain_slug",
    "drop_duplicate_sources",
    "separate_feed_paths",
    "separate_same_slugs",
    "settle",
]
