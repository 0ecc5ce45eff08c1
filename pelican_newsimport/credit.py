"""The source credit: one function renders it, for the reader and for templates.

The reader puts the credit into the article's content (``NEWSIMPORT_ATTRIBUTION``
says where); a theme that prints it itself includes
``newsimport/attribution.html``, which calls the same function through the
``newsimport_credit`` Jinja filter, so both honour
``NEWSIMPORT_ATTRIBUTION_TEXT``.

Pure module: no Pelican import.
"""

from __future__ import annotations

import html
from typing import Any

DEFAULT_TEXT = "Originally published by {link}."


def credit_html(name_html: str, url: str, domain: str, text: str = DEFAULT_TEXT) -> str:
    """The credit paragraph.  ``name_html`` is already escaped; ``url`` is checked.

    ``text`` is the site owner's ``NEWSIMPORT_ATTRIBUTION_TEXT``, with
    ``{name}``, ``{domain}`` and ``{link}`` filled in; without a URL the link
    is the name alone.

    >>> print(credit_html("Reuters", "https://reuters.com/a?x=1&y=2", "reuters.com"))
    <p class="newsimport-attribution">Originally published by <a href="https://reuters.com/a?x=1&amp;y=2" rel="nofollow noopener noreferrer">Reuters</a>.</p>
    >>> print(credit_html("Local Desk", "", "", "Source: {link} ({domain})"))
    <p class="newsimport-attribution">Source: Local Desk ()</p>
    """  # noqa: E501
    link = name_html
    if url:
        link = (
            f'<a href="{html.escape(url)}" rel="nofollow noopener noreferrer">'
            f"{name_html}</a>"
        )
    filled = (
        text.replace("{name}", name_html)
        .replace("{domain}", html.escape(domain))
        .replace("{link}", link)
    )
    return f'<p class="newsimport-attribution">{filled}</p>'


def article_credit(article: Any) -> str:
    """Jinja filter ``newsimport_credit``: the credit for an article, or ``""``."""
    source = getattr(article, "source", None)
    if source is None or not hasattr(source, "domain"):
        return ""
    settings = getattr(article, "settings", None) or {}
    text = settings.get("NEWSIMPORT_ATTRIBUTION_TEXT") or DEFAULT_TEXT
    return credit_html(source.name, source.url, source.domain, text)


def install_filter(generator: Any) -> None:
    """``generator_init`` handler: expose the credit to every template."""
    generator.env.filters["newsimport_credit"] = article_credit
    generator.env.globals["newsimport_credit"] = article_credit
