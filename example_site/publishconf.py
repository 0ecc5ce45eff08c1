"""Settings for publishing: ``pelican -s example_site/publishconf.py``."""

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

SITEURL = "https://news.example.org"
RELATIVE_URLS = False
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
DELETE_OUTPUT_DIRECTORY = True

# Syndicated copies: point search engines at the publisher's original.
NEWSIMPORT_CANONICAL = True
