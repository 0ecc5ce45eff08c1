"""Regenerate the generated layer of the publisher-name table.

The plugin credits an imported article to the outlet named for its URL's host.
Hosts and names come from two layers: ``pelican_newsimport/data/publishers.json``
is written by hand and always wins; ``publishers_generated.json`` is written by
this script from openly licensed lists of news sites (see :data:`INPUTS`).

Run it from the repository root (a maintainer's job; CI never fetches)::

    python tools/publishers/build.py INPUTS_DIR

``INPUTS_DIR`` holds one git clone (bare or not) per input, named
``owner+name`` (for example ``INPUTS_DIR/ringgaard+sling``); the script reads
each input at its pinned commit with ``git show``, so the result does not depend
on what is checked out.  To make the folder::

    git clone --bare --filter=blob:none https://github.com/ringgaard/sling \\
        INPUTS_DIR/ringgaard+sling

and the same for the other inputs.  It writes, next to the hand table:

* ``publishers_generated.json``: the table, with every input's repository,
  commit, path and licence and every filter's counts in its header;
* ``PUBLISHERS-SOURCES.md``: the notice naming each input, its licence and
  what was done to it;
* ``LICENSES/<owner+name>.txt``: each input's own licence file, when it has
  one (the Wikidata results are CC0 and ship ``LICENSES/CC0-1.0.txt``).

Filters, in order (each counted in the output):

1. ``no_url``: the row has no host or URL.
2. ``not_site_root``: the URL has a path, query or fragment (a section of a
   site such as ``example.com/chinese/`` cannot be named by its host).
3. ``bad_host``: not a valid host name.
4. ``platform``: the host is on a hosting or social platform (a private
   suffix of the Public Suffix List such as ``blogspot.com`` or
   ``github.io``, or a domain in :data:`PLATFORM_DOMAINS`): its name would
   credit the platform, or one user of it, for everyone on it.
5. ``junk_name``: the name is empty, looks like a URL or host, is all
   digits, is a Wikidata id (``Q12345``), is longer than
   :data:`MAX_NAME_LENGTH`, holds markup or control characters, just
   repeats the host, or is a generic word (:data:`GENERIC_NAMES`).
6. ``named_two_ways``: the host is given two different names (ignoring case,
   accents, punctuation, a leading "The" and a US call sign's ``-TV`` / ``-LD``
   suffix) within or across inputs, so no input can be trusted for it; the
   host is dropped.

A home-page path (``/``, ``//``, ``/index.html``, ``/home/``) counts as the
site root.

What is left is merged; a host named the same way by several inputs takes the
spelling of the first input in :data:`INPUTS` that lists it.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

from pelican_newsimport.attribution import _publisher_key, registrable_domain

DATA_DIR = Path(__file__).resolve().parents[2] / "pelican_newsimport" / "data"
OUTPUT_NAME = "publishers_generated.json"
NOTICE_NAME = "PUBLISHERS-SOURCES.md"
MAX_NAME_LENGTH = 80
GENERIC_NAMES = frozenset(
    {"news", "home", "homepage", "index", "welcome", "website", "online", "untitled"}
)
"""Name keys (see :func:`name_key`) that name no outlet: "News", "The News"."""

PLATFORM_DOMAINS: tuple[str, ...] = (
    "blogger.com",
    "blogspot.com",
    "canalblog.com",
    "facebook.com",
    "flickr.com",
    "github.io",
    "google.com",
    "instagram.com",
    "linkedin.com",
    "livejournal.com",
    "medium.com",
    "over-blog.com",
    "pinterest.com",
    "reddit.com",
    "sites.google.com",
    "soundcloud.com",
    "squarespace.com",
    "substack.com",
    "t.me",
    "telegram.me",
    "tiktok.com",
    "tumblr.com",
    "twitter.com",
    "typepad.com",
    "vk.com",
    "webnode.com",
    "weebly.com",
    "wix.com",
    "wixsite.com",
    "wordpress.com",
    "x.com",
    "youtu.be",
    "youtube.com",
)
"""Registrable domains whose hosts belong to their users, not to one outlet."""


@dataclass(frozen=True)
class Row:
    """One (host or URL, name) pair as an input gives it."""

    site: str
    name: str


@dataclass(frozen=True)
class Input:
    """An openly licensed list of news sites, pinned to one commit."""

    repo: str
    commit: str
    path: str
    licence: str
    licence_file: str | None
    note: str
    parse: Callable[[str], Iterator[Row]]

    @property
    def folder(self) -> str:
        return self.repo.replace("/", "+")


def parse_sling(text: str) -> Iterator[Row]:
    """``domain,Q-id,name,@twitter[,alias...]`` lines; ``#`` starts a comment.

    >>> list(parse_sling("# English\\ncnn.com,Q48340,CNN,@CNN,edition.cnn.com\\n"))
    [Row(site='cnn.com', name='CNN')]
    """
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split(",")
        yield Row(fields[0].strip(), fields[2] if len(fields) > 2 else "")


def parse_wikidata_csv(text: str) -> Iterator[Row]:
    """Wikidata query results with ``itemLabel`` and ``offurl`` (official website)."""
    for record in csv.DictReader(io.StringIO(text)):
        yield Row(record.get("offurl") or "", record.get("itemLabel") or "")


def parse_local_news(text: str) -> Iterator[Row]:
    """The Local News Dataset's ``name`` and ``website`` columns."""
    for record in csv.DictReader(io.StringIO(text)):
        yield Row(record.get("website") or "", record.get("name") or "")


INPUTS: tuple[Input, ...] = (
    Input(
        repo="ringgaard/sling",
        commit="be29ee0778a7f839436f9977846c7628efc7619b",
        path="data/crawl/newssites.txt",
        licence="Apache-2.0",
        licence_file="LICENSE",
        note="news sites with their Wikidata ids and names, kept by hand by the"
        " SLING project; only the first domain and the name of each line are used",
        parse=parse_sling,
    ),
    Input(
        repo="patrickswickard/international_newspapers",
        commit="0d8b4a34764914490583a603d2a5d12ad175ecbd",
        path="wikidata4/get_newspaper_info.csv",
        licence="CC0-1.0",
        licence_file=None,
        note="Wikidata query results: newspapers (Q11032) with an official website"
        " (P856) and their English labels. The repository states no licence of"
        " its own; the file is a Wikidata query result, and Wikidata publishes"
        " its data under CC0 1.0",
        parse=parse_wikidata_csv,
    ),
    Input(
        repo="yinleon/LocalNewsDataset",
        commit="d97f2f86aa7da3813f6e388e637f9e7350e53178",
        path="data/local_news_dataset_2018.csv",
        licence="MIT",
        licence_file="LICENSE",
        note="US local newspapers, TV stations and magazines (2018); only the"
        " name and website columns are used",
        parse=parse_local_news,
    ),
)

_ROOT_PATH = re.compile(r"/*(?:(?:index|default|home)(?:\.[a-z]{2,5})?/?)?", re.I)
_CALL_SIGN = re.compile(r"([KW][A-Z]{2,3})-?(?:TV|LD|CD|DT|CA|FM|AM)?")
_KIND_SUFFIX = re.compile(
    r" \((?:[^()]* )?(?:newspaper|journal|jornal|periódico|periodico|magazine"
    r"|website|news agency|tv station|radio station)\)$",
    re.IGNORECASE,
)
_HOST_LIKE = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}", re.IGNORECASE)
_QID = re.compile(r"Q[0-9]+")
_UNSAFE = re.compile(r"[<>\x00-\x1f\x7f]")


def git(folder: Path, *args: str) -> str:
    """Run a read-only git command in a (bare or not) clone; return its output."""
    result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        ["git", "-C", str(folder), *args],  # noqa: S607
        capture_output=True,
        check=False,
    )
    if result.returncode:
        sys.exit(
            f"git {' '.join(args)} failed in {folder}:"
            f" {result.stderr.decode(errors='replace').strip()}\n"
            "Fetch the pinned commit there, or pass --head to read HEAD."
        )
    return result.stdout.decode("utf-8")


_ALL_SUFFIXES = PublicSuffixList()
_ICANN_SUFFIXES = PublicSuffixList(only_icann=True)


def site_host(site: str) -> tuple[str, str]:
    """Return ``("", host)`` for the root of a site, else ``(filter, "")``.

    >>> site_host("https://www.Boston.com/"), site_host("dailynk.com/chinese/")
    (('', 'boston.com'), ('not_site_root', ''))
    >>> site_host("http://www.newsday.co.tt//"), site_host("http://a.com/index.html")
    (('', 'newsday.co.tt'), ('', 'a.com'))
    >>> site_host(""), site_host("http://co.uk/"), site_host("http://a b.com")
    (('no_url', ''), ('bad_host', ''), ('bad_host', ''))
    """
    site = site.strip()
    if not site:
        return "no_url", ""
    try:
        parts = urlsplit(site if "//" in site else "//" + site)
        hostname = parts.hostname or ""
    except ValueError:
        return "bad_host", ""
    if not _ROOT_PATH.fullmatch(parts.path) or parts.query or parts.fragment:
        return "not_site_root", ""
    host = _publisher_key(hostname) if hostname else ""
    while host.startswith("www.") and _publisher_key(host) != host:
        host = _publisher_key(host)  # "www.www.example.com" is in the wild
    if "." not in host or _ALL_SUFFIXES.privatesuffix(host) is None:
        return "bad_host", ""
    return "", host


def is_platform(host: str) -> bool:
    """Tell whether ``host`` belongs to a hosting or social platform.

    >>> [is_platform(h) for h in ("foo.blogspot.com", "medium.com", "bbc.co.uk")]
    [True, True, False]
    """
    if _ALL_SUFFIXES.privatesuffix(host) != _ICANN_SUFFIXES.privatesuffix(host):
        return True
    return any(host == p or host.endswith("." + p) for p in PLATFORM_DOMAINS)


def name_key(name: str) -> str:
    """Reduce a name to what tells outlets apart: letters and digits, no "The".

    >>> name_key("The Boston Globe") == name_key("Boston  globe.")
    True
    >>> name_key("Página/12")
    'pagina12'
    >>> name_key("KEPR-TV") == name_key("KEPR")
    True
    """
    call_sign = _CALL_SIGN.fullmatch(name.strip())
    if call_sign:
        return call_sign.group(1).casefold()
    text = unicodedata.normalize("NFKD", name).casefold()
    text = "".join(c for c in text if c.isalnum() or c == " ").strip()
    return text.removeprefix("the ").replace(" ", "")


def junk_reason(name: str, host: str) -> str:
    """Return why ``name`` is no outlet name for ``host``, or ``""``.

    >>> [junk_reason(n, "example.com") for n in
    ...  ("", "Example.com", "www.example.org", "12345", "Q42", "x" * 81,
    ...   "<b>News</b>", "The News", "Example News")]
    ['empty', 'same_as_host', 'url_like', 'digits', 'wikidata_id', 'too_long', \
'markup', 'generic', '']
    """
    key = name.casefold()
    if not name:
        return "empty"
    if key in {host, registrable_domain(host), "www." + host}:
        return "same_as_host"
    if "://" in name or key.startswith("www.") or _HOST_LIKE.fullmatch(name):
        return "url_like"
    if name.replace(" ", "").isdigit():
        return "digits"
    if _QID.fullmatch(name):
        return "wikidata_id"
    if len(name) > MAX_NAME_LENGTH:
        return "too_long"
    if _UNSAFE.search(name):
        return "markup"
    if name_key(name) in GENERIC_NAMES:
        return "generic"
    return ""


def clean_name(raw: str) -> str:
    """Collapse whitespace, compose accents, drop a "(newspaper)" disambiguator.

    Wikidata labels sometimes carry Wikipedia's disambiguator; a place in
    parentheses tells outlets apart and stays.

    >>> clean_name("  Sega  (newspaper)"), clean_name("Clarín (Chile)")
    ('Sega', 'Clarín (Chile)')
    """
    name = unicodedata.normalize("NFC", " ".join(raw.split()))
    return _KIND_SUFFIX.sub("", name)


@dataclass
class Tally:
    """What each filter took out, per input and in all."""

    rows: Counter[str]
    dropped: Counter[str]
    detail: Counter[str]

    @classmethod
    def new(cls) -> Tally:
        return cls(Counter(), Counter(), Counter())


def filtered_rows(
    inputs: Iterable[tuple[int, Iterable[Row]]], tally: Tally
) -> Iterator[tuple[int, str, str]]:
    """Yield ``(input index, host, name)`` for each row passing filters 1-5."""
    for index, rows in inputs:
        for row in rows:
            tally.rows[INPUTS[index].repo] += 1
            reason, host = site_host(row.site)
            if not reason and is_platform(host):
                reason = "platform"
            name = clean_name(row.name)
            if not reason:
                junk = junk_reason(name, host)
                if junk:
                    tally.detail[f"junk_name:{junk}"] += 1
                    reason = "junk_name"
            if reason:
                tally.dropped[reason] += 1
                continue
            yield index, host, name


def merge(rows: Iterable[tuple[int, str, str]], tally: Tally) -> dict[str, str]:
    """Name each host once: drop hosts named two ways, else take the first input's.

    >>> tally = Tally.new()
    >>> merge([(1, "a.com", "The A"), (0, "a.com", "A"), (0, "b.com", "B"),
    ...        (2, "b.com", "Bee")], tally)
    {'a.com': 'A'}
    >>> tally.dropped["named_two_ways"], tally.detail["hosts_named_two_ways"]
    (2, 1)
    >>> tally.detail["rows_naming_a_host_again"]
    1
    """
    spellings: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    rows_per_host: Counter[str] = Counter()
    for index, host, name in rows:
        rows_per_host[host] += 1
        known = spellings[host]
        known[name_key(name)] = min(
            known.get(name_key(name), (index, name)), (index, name)
        )
    table = {}
    for host, names in spellings.items():
        if len(names) > 1:
            tally.dropped["named_two_ways"] += rows_per_host[host]
            tally.detail["hosts_named_two_ways"] += 1
            continue
        tally.detail["rows_naming_a_host_again"] += rows_per_host[host] - 1
        ((_, name),) = names.values()
        table[host] = name
    return dict(sorted(table.items()))


FILTERS = (
    "no_url",
    "not_site_root",
    "bad_host",
    "platform",
    "junk_name",
    "named_two_ways",
)


@dataclass(frozen=True)
class Checkout:
    """An input, the clone it is read from and the commit it is read at."""

    source: Input
    folder: Path
    commit: str


def checkouts(inputs_dir: Path, *, head: bool = False) -> list[Checkout]:
    """Find every input's clone; exit with the clone command if one is absent.

    Inputs are read at their pinned commit, or with ``head`` at the clone's
    ``HEAD`` (to move to newer upstream data: then update the pins).
    """
    found = []
    for source in INPUTS:
        folder = inputs_dir / source.folder
        if not folder.exists():
            sys.exit(
                f"{folder} is missing; make it with:\n  git clone --bare "
                f"--filter=blob:none https://github.com/{source.repo} {folder}"
            )
        commit = git(folder, "rev-parse", "HEAD").strip() if head else source.commit
        found.append(Checkout(source, folder, commit))
    return found


def read_inputs(found: list[Checkout]) -> Iterator[tuple[int, Iterable[Row]]]:
    """Parse every input's file at its commit."""
    for index, checkout in enumerate(found):
        text = git(checkout.folder, "show", f"{checkout.commit}:{checkout.source.path}")
        yield index, list(checkout.source.parse(text))


def header(
    found: list[Checkout], tally: Tally, table: dict[str, str]
) -> dict[str, object]:
    """Everything the output says about where it came from and what was dropped."""
    return {
        "_comment": (
            "Generated by tools/publishers/build.py from the inputs below; do not"
            " edit. Corrections go in publishers.json (the hand-written table,"
            " which wins over this one). Licences and notices:"
            f" {NOTICE_NAME} and LICENSES/."
        ),
        "inputs": [
            {
                "repo": checkout.source.repo,
                "commit": checkout.commit,
                "path": checkout.source.path,
                "licence": checkout.source.licence,
                "rows": tally.rows[checkout.source.repo],
            }
            for checkout in found
        ],
        "filters": {name: tally.dropped[name] for name in FILTERS},
        "filter_details": dict(sorted(tally.detail.items())),
        "platform_domains": list(PLATFORM_DOMAINS),
        "max_name_length": MAX_NAME_LENGTH,
        "domains": len(table),
    }


def licence_path(source: Input) -> str:
    """Where the licence text of ``source`` ships, relative to the data folder."""
    if source.licence_file:
        return f"LICENSES/{source.folder}.txt"
    return f"LICENSES/{source.licence}.txt"


def notice(meta: dict[str, object]) -> str:
    """The notice shipped with the table: what came from where, under which licence."""
    lines = [
        "# Where the generated publisher names come from",
        "",
        f"`{OUTPUT_NAME}` is generated by `tools/publishers/build.py` from the",
        "files below, read at the commits given. Only host names and outlet names",
        "were taken; rows were filtered as described in that script (site roots",
        "only, no platform hosts, no junk names, no host named two ways) and",
        "merged. The result is a modified extract of each input. The hand-written",
        "`publishers.json` is the project's own work and overrides it.",
        "",
        "| Input | Commit | File | Licence | Licence text | Rows read |",
        "|---|---|---|---|---|---|",
    ]
    for source, info in zip(INPUTS, meta["inputs"], strict=True):  # type: ignore[arg-type]
        lines.append(
            f"| https://github.com/{source.repo} | `{info['commit']}` |"
            f" `{source.path}` | {source.licence} | `{licence_path(source)}` |"
            f" {info['rows']} |"
        )
    lines += ["", "## Notes per input", ""]
    lines += [f"- {source.repo}: {source.note}." for source in INPUTS]
    lines += ["", "## Filter counts (rows dropped)", ""]
    lines += [f"- {name}: {count}" for name, count in meta["filters"].items()]  # type: ignore[attr-defined]
    lines += ["", f"Domains in the generated table: {meta['domains']}.", ""]
    return "\n".join(lines)


def write_outputs(
    found: list[Checkout], data_dir: Path, table: dict[str, str], tally: Tally
) -> None:
    """Write the table, the notice and the licence texts the inputs carry."""
    meta = header(found, tally, table)
    document = {**meta, "publishers": table}
    text = json.dumps(document, ensure_ascii=False, indent=0, separators=(",", ":"))
    (data_dir / OUTPUT_NAME).write_text(text + "\n", "utf-8")
    (data_dir / NOTICE_NAME).write_text(notice(meta), "utf-8")
    for checkout in found:
        source = checkout.source
        target = data_dir / licence_path(source)
        if source.licence_file:
            text = git(
                checkout.folder, "show", f"{checkout.commit}:{source.licence_file}"
            )
            target.parent.mkdir(exist_ok=True)
            target.write_text(text, "utf-8")
        elif not target.exists():
            sys.exit(f"{target} is missing: add the {source.licence} text by hand")


def main(argv: list[str] | None = None) -> int:
    """Build the generated table from the inputs in ``INPUTS_DIR``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs_dir", type=Path, help="folder of owner+name clones")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument(
        "--head", action="store_true", help="read each clone's HEAD, not the pin"
    )
    args = parser.parse_args(argv)
    found = checkouts(args.inputs_dir, head=args.head)
    tally = Tally.new()
    table = merge(filtered_rows(read_inputs(found), tally), tally)
    write_outputs(found, args.data_dir, table, tally)
    size = (args.data_dir / OUTPUT_NAME).stat().st_size
    print(json.dumps(header(found, tally, table)["filters"], indent=1))
    print(f"{len(table)} domains, {size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
