"""The plugin's settings: one table of defaults, validated once per site.

Every ``NEWSIMPORT_*`` setting is listed here with its default and a check.
A bad value is logged with the setting's name and the default is used instead,
so a typo in ``pelicanconf.py`` never stops a build.  Each row has a matching
row in the README's settings table.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

logger = logging.getLogger(__name__)

MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")


class Setting(NamedTuple):
    default: Any
    valid: Callable[[Any], bool]
    expected: str


def _str_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)


def _str_map(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


def _one_of(*choices: Any) -> Callable[[Any], bool]:
    return lambda value: value in choices


def _is(kind: type) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, kind)


SETTINGS: dict[str, Setting] = {
    "NEWSIMPORT_EXTENSIONS": Setting(
        list(MARKDOWN_EXTENSIONS), _str_list, "a list of file extensions"
    ),
    "NEWSIMPORT_REPAIR": Setting(True, _is(bool), "True or False"),
    "NEWSIMPORT_PLACEHOLDER_SOURCE_NAMES": Setting(
        [], _str_list, "a list of source names that mean 'unknown'"
    ),
    "NEWSIMPORT_SOURCE_NAMES": Setting(
        {}, _str_map, "a dict mapping domains to publisher names"
    ),
    "NEWSIMPORT_ATTRIBUTION": Setting(
        "bottom", _one_of("bottom", "top", None, False), "'bottom', 'top' or None"
    ),
    "NEWSIMPORT_ATTRIBUTION_TEXT": Setting(
        "Originally published by {link}.",
        lambda v: isinstance(v, str) and "{link}" in v,
        "a string containing '{link}'",
    ),
    "NEWSIMPORT_SLUG_SOURCE": Setting(
        "filename", _one_of("filename", "title"), "'filename' or 'title'"
    ),
    "NEWSIMPORT_DUPLICATES": Setting(
        "warn", _one_of("warn", "keep", "error"), "'warn', 'keep' or 'error'"
    ),
    "NEWSIMPORT_CANONICAL": Setting(False, _is(bool), "True or False"),
    "NEWSIMPORT_NOINDEX": Setting(False, _is(bool), "True or False"),
    "NEWSIMPORT_SOURCE_URL": Setting("source/{slug}.html", _is(str), "a string"),
    "NEWSIMPORT_SOURCE_SAVE_AS": Setting("source/{slug}.html", _is(str), "a string"),
    "NEWSIMPORT_SOURCES_URL": Setting("sources.html", _is(str), "a string"),
    "NEWSIMPORT_SOURCES_SAVE_AS": Setting("sources.html", _is(str), "a string"),
    "NEWSIMPORT_PASSTHROUGH": Setting(
        [], _str_list, "a list of front-matter keys themes may read as attributes"
    ),
    "NEWSIMPORT_MAX_FRONT_MATTER": Setting(
        65536,
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0,
        "a positive number of bytes",
    ),
}


def newsimport_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Return every ``NEWSIMPORT_*`` value, with bad values replaced by defaults.

    >>> newsimport_settings({"NEWSIMPORT_DUPLICATES": "keep"})["NEWSIMPORT_DUPLICATES"]
    'keep'
    >>> newsimport_settings({"NEWSIMPORT_DUPLICATES": "sometimes"})[
    ...     "NEWSIMPORT_DUPLICATES"
    ... ]
    'warn'
    """
    resolved = {}
    for name, setting in SETTINGS.items():
        value = settings.get(name, setting.default)
        if not setting.valid(value):
            logger.warning(
                "%s = %r is not valid (expected %s); using the default %r",
                name,
                value,
                setting.expected,
                setting.default,
            )
            value = setting.default
        resolved[name] = value
    return resolved
