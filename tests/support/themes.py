"""Real Pelican themes from PyPI, for tests that build a site in many themes.

CI reaches no network but the package registries, so the themes a test builds
with are the ones the ``test`` extras install from PyPI, plus the two Pelican
ships.  Each theme's folder is found with ``importlib.util.find_spec`` so that
no theme package is imported (pelican-theme-smallweb's ``__init__`` needs
``pkg_resources``).  Some themes need a plugin or a few settings to build at
all; :func:`theme_settings` gives them, to merge into a test's settings.

Theme plugins connect to Pelican's process-wide signals and stay connected
(seafoam's even forces ``THEME`` to itself on every later build), so build in
:func:`isolated_signals`, which disconnects whatever a build connected.

Use::

    from tests.support.themes import THEMES, isolated_signals, theme_settings

    for name in THEMES:
        with isolated_signals():
            site.build(**theme_settings(name, site=settings))
"""

from __future__ import annotations

import importlib.util
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import blinker
from pelican.plugins import signals


def _package_dir(module: str, *below: str) -> str:
    """The folder of ``module`` (a package), without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"theme package {module!r} is not installed")
    return str(Path(next(iter(spec.submodule_search_locations)), *below))


def _bundled(name: str) -> str:
    """A theme Pelican ships, like ``pelican-themes`` finds it."""
    return _package_dir("pelican", "themes", name)


@dataclass(frozen=True)
class Theme:
    """One installable theme: its PyPI distribution, folder and needs."""

    name: str
    distribution: str
    path: str
    plugins: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return version(self.distribution)


def _bulrush_settings() -> dict[str, Any]:
    # Bulrush names these two settings as required (its ENVIRONMENT, FILTERS).
    import bulrush

    return {"JINJA_ENVIRONMENT": bulrush.ENVIRONMENT, "JINJA_FILTERS": bulrush.FILTERS}


def _themes() -> dict[str, Theme]:
    return {
        "notmyidea": Theme("notmyidea", "pelican", _bundled("notmyidea")),
        "simple": Theme("simple", "pelican", _bundled("simple")),
        # A fork of Flex, the most used third-party theme; it reads
        # CC_LICENSE['icon'] unguarded, so the setting must exist.
        "reflex": Theme(
            "reflex",
            "pelican-theme-reflex",
            _package_dir("pelican.themes.reflex"),
            settings={"CC_LICENSE": None},
        ),
        "seafoam": Theme(
            "seafoam",
            "seafoam",
            _package_dir("pelican.plugins.seafoam"),
            plugins=("pelican.plugins.seafoam", "pelican.plugins.jinja_filters"),
        ),
        "bulrush": Theme(
            "bulrush",
            "bulrush",
            _package_dir("bulrush"),
            plugins=("pelican.plugins.webassets",),
        ),
        "smallweb": Theme(
            "smallweb",
            "pelican-theme-smallweb",
            _package_dir("pelican.themes.smallweb"),
        ),
        "engineering": Theme(
            "engineering",
            "pelican-engineering-theme",
            _package_dir("pelican_engineering_theme", "theme"),
        ),
        "themeless": Theme("themeless", "pelican-themeless", _bundled("themeless")),
    }


#: Every theme a test can build with, by short name.
THEME_INFO: dict[str, Theme] = _themes()
#: Short name -> theme folder (the value for Pelican's ``THEME``).
THEMES: dict[str, str] = {name: theme.path for name, theme in THEME_INFO.items()}
#: The ones not bundled with Pelican.
THIRD_PARTY: tuple[str, ...] = tuple(
    name for name, theme in THEME_INFO.items() if theme.distribution != "pelican"
)


def theme_settings(
    name: str,
    plugins: tuple[str, ...] | list[str] = ("pelican_newsimport",),
    site: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Settings that build a site in theme ``name`` with ``plugins`` enabled.

    ``THEME`` and ``PLUGINS`` (the given ones plus those the theme needs), and
    the theme's required settings.  ``THEME_TEMPLATES_OVERRIDES`` is emptied:
    an override written for one theme does not fit another.  ``site`` is the
    site's own settings, for themes that read a common setting differently
    (seafoam wants ``MENUITEMS`` as (title, link, icon)).
    """
    theme = THEME_INFO[name]
    settings: dict[str, Any] = {
        "THEME": theme.path,
        "PLUGINS": [*plugins, *theme.plugins],
        "THEME_TEMPLATES_OVERRIDES": [],
    }
    if name == "bulrush":
        settings.update(_bulrush_settings())
    if name == "seafoam" and site and site.get("MENUITEMS"):
        settings["MENUITEMS"] = [(*item[:2], "") for item in site["MENUITEMS"]]
    settings.update(theme.settings)
    return settings


def _receivers(signal: blinker.Signal) -> dict[Any, Any]:
    return dict(signal.receivers)


@contextmanager
def isolated_signals() -> Iterator[None]:
    """Disconnect, on leaving, every receiver connected to Pelican's signals inside.

    Receivers that were connected before (this plugin's, registered by an
    earlier build) stay as they are.
    """
    named = [s for s in vars(signals).values() if isinstance(s, blinker.Signal)]
    before = {id(signal): _receivers(signal) for signal in named}
    try:
        yield
    finally:
        for signal in named:
            for key, receiver in _receivers(signal).items():
                if key not in before[id(signal)]:
                    target = (
                        receiver() if isinstance(receiver, weakref.ref) else receiver
                    )
                    if target is not None:
                        signal.disconnect(target)
