"""Settings for the example news site (run ``pelican`` from the repo root)."""

from pathlib import Path

HERE = Path(__file__).resolve().parent

AUTHOR = "Newsroom"
SITENAME = "Imported News"
SITEURL = ""
PATH = str(HERE / "content")
OUTPUT_PATH = str(HERE / "output")
TIMEZONE = "Europe/Istanbul"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%d %B %Y"

PLUGINS = ["pelican_newsimport"]

# The plugin's settings (see the README for every one of them).
NEWSIMPORT_SOURCE_NAMES = {"example.org": "Example Gazette"}
NEWSIMPORT_ATTRIBUTION = "bottom"
NEWSIMPORT_ATTRIBUTION_TEXT = "Originally published by {link}."
# The publisher's image at the top of each imported article (off by default).
NEWSIMPORT_IMAGE = "top"

# One template on top of Pelican's default theme: a link to the publisher's
# page in each article's byline.  The head tags (JSON-LD, Open Graph) need none.
THEME_TEMPLATES_OVERRIDES = [str(HERE / "templates")]

ARTICLE_PATHS = ["news", "posts", "articles"]
PAGE_PATHS = ["pages"]
DEFAULT_PAGINATION = 10
SUMMARY_MAX_LENGTH = 40

# Feeds need the site's address, so publishconf.py makes them (as Pelican's
# quickstart does).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

LINKS = (("Pelican", "https://getpelican.com/"),)
SOCIAL = ()
RELATIVE_URLS = True
MENUITEMS = (("Sources", "/sources.html"),)
