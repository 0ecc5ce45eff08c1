"""Feeds get names as text: the feed writer escapes them itself.

Author, category and tag names are escaped HTML for templates (see
:func:`.safety.text_to_html`); Pelican hands them to feedgenerator, which
escapes again (``Smith &amp;amp; Wesson``).  On ``feed_generated`` the names
are turned back into plain text, once, before the feed is written.
"""

from __future__ import annotations

from typing import Any

from .safety import plain_text


def plain_names(item: dict[str, Any]) -> None:
    """One feed item's author and category names as plain text.

    >>> item = {"author_name": "Smith &amp; Wesson", "categories": ["Q&amp;A"]}
    >>> plain_names(item); item
    {'author_name': 'Smith & Wesson', 'categories': ['Q&A']}
    """
    if item.get("author_name"):
        item["author_name"] = plain_text(str(item["author_name"]))
    if item.get("categories"):
        item["categories"] = [plain_text(str(c)) for c in item["categories"]]


def unescape_feed(_context: Any, feed: Any) -> None:
    """``feed_generated`` handler."""
    for item in getattr(feed, "items", ()):
        plain_names(item)
