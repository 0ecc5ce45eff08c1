"""What templates can reach: escaped text and checked URLs, nothing else.

Pelican renders templates without autoescaping, so every value the reader puts
on an article goes through :func:`template_value` (nested lists and mappings
included) or is one of the typed values here.

Pure module: no Pelican import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .interpret import NewsItem, SafeURL
from .safety import text_to_html


@dataclass(frozen=True, slots=True)
class Details:
    """``article.newsimport``: how the file was read, as template-safe values."""

    format: str
    rendered_as: str
    explanation: str
    escape_level: int | None
    paragraphs_restored: int | None
    mojibake_fixed: bool | None
    source_name_given: str
    publisher_derived: bool

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)


def template_value(value: Any) -> Any:
    """Escape every string a template can reach; checked URLs stay links.

    >>> template_value({"Q&A": ["x > y", SafeURL("https://x.org/?a=1")], "n": 3})
    {'Q&amp;A': ['x &gt; y', 'https://x.org/?a=1'], 'n': 3}
    """
    if isinstance(value, SafeURL):
        return str(value)
    if isinstance(value, str):
        return text_to_html(value)
    if isinstance(value, list | tuple):
        return [template_value(v) for v in value]
    if isinstance(value, dict) or hasattr(value, "items"):
        return {text_to_html(str(k)): template_value(v) for k, v in value.items()}
    return value


def details(item: NewsItem) -> Details:
    body = item.body
    return Details(
        format=item.format,
        rendered_as=body.rendered_as,
        explanation=text_to_html(body.explanation),
        escape_level=body.escape_level,
        paragraphs_restored=body.paragraphs_restored,
        mojibake_fixed=body.mojibake_fixed,
        source_name_given=text_to_html(item.source_name_given),
        publisher_derived=item.publisher_derived,
    )
