"""Tests over the shipped publisher tables and the script that generates one.

``data/publishers_generated.json`` is made by ``tools/publishers/build.py``
from openly licensed lists; ``data/publishers.json`` is written by hand and
wins.  These tests read the shipped files as they are, so a regenerated table
that lets junk, platform hosts or doubly named hosts through fails here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from publicsuffixlist import PublicSuffixList

from pelican_newsimport import attribution
from pelican_newsimport.attribution import (
    derive_source,
    load_publishers,
    lookup,
    publisher_name,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(attribution.__file__).resolve().parent / "data"
GENERATED_FILE = DATA / "publishers_generated.json"
HAND_FILE = DATA / "publishers.json"
sys.path.insert(0, str(ROOT / "tools" / "publishers"))
import build  # noqa: E402


def _no_duplicate_keys(pairs):
    keys = [key for key, _ in pairs]
    duplicates = {key for key in keys if keys.count(key) > 1}
    assert not duplicates, f"keys given twice: {sorted(duplicates)[:10]}"
    return dict(pairs)


GENERATED = json.loads(GENERATED_FILE.read_text("utf-8"))
TABLE = GENERATED["publishers"]
HAND = json.loads(HAND_FILE.read_text("utf-8"))["publishers"]
PSL_ALL = PublicSuffixList()
PSL_ICANN = PublicSuffixList(only_icann=True)


# --- provenance ---------------------------------------------------------------


def test_every_input_is_recorded_with_commit_licence_and_licence_text():
    notice = (DATA / "PUBLISHERS-SOURCES.md").read_text("utf-8")
    assert len(GENERATED["inputs"]) >= 3
    for entry in GENERATED["inputs"]:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", entry["repo"])
        assert re.fullmatch(r"[0-9a-f]{40}", entry["commit"])
        assert entry["path"]
        assert entry["rows"] > 0
        assert entry["repo"] in notice
        assert entry["commit"] in notice
        folder = entry["repo"].replace("/", "+")
        texts = [DATA / "LICENSES" / f"{folder}.txt"]
        texts.append(DATA / "LICENSES" / f"{entry['licence']}.txt")
        assert any(path.is_file() and path.stat().st_size > 500 for path in texts)


def test_licence_texts_are_the_licences_named():
    licences = DATA / "LICENSES"
    assert "Apache License" in (licences / "ringgaard+sling.txt").read_text("utf-8")
    mit = (licences / "yinleon+LocalNewsDataset.txt").read_text("utf-8")
    assert "MIT License" in mit
    assert "Copyright (c) 2018 Leon Yin" in mit
    assert "CC0 1.0 Universal" in (licences / "CC0-1.0.txt").read_text("utf-8")


def test_licence_texts_ship_in_the_package():
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert '"data/LICENSES/*"' in pyproject


def test_generated_file_is_compact_and_counts_itself():
    assert GENERATED_FILE.stat().st_size < 500_000
    assert GENERATED["domains"] == len(TABLE) > 10_000
    assert set(GENERATED["filters"]) == set(build.FILTERS)


# --- shape of the generated table --------------------------------------------


def test_every_host_is_normalised_once():
    """Lower case, no ``www.``, Unicode labels: one spelling per host."""
    bad = [host for host in TABLE if attribution._publisher_key(host) != host]
    assert not bad, bad[:10]


def test_no_host_is_named_two_ways():
    """Each host is listed once (JSON would silently keep the last of two)."""
    text = GENERATED_FILE.read_text("utf-8")
    table = json.loads(text, object_pairs_hook=_no_duplicate_keys)["publishers"]
    assert all(isinstance(name, str) for name in table.values())
    assert len(table) == len(TABLE)


JUNK = {
    "empty": lambda name, host: not name.strip(),
    "untrimmed": lambda name, host: name != " ".join(name.split()),
    "url_like": lambda name, host: bool(
        re.search(r"://|^www\.", name, re.IGNORECASE)
        or re.fullmatch(r"(?:[\w-]+\.)+[a-z]{2,}", name, re.IGNORECASE)
    ),
    "digits": lambda name, host: name.replace(" ", "").isdigit(),
    "wikidata_id": lambda name, host: bool(re.fullmatch(r"Q[0-9]+", name)),
    "too_long": lambda name, host: len(name) > GENERATED["max_name_length"],
    "markup": lambda name, host: bool(re.search(r"[<>\x00-\x1f\x7f]", name)),
    "same_as_host": lambda name, host: name.casefold() == host,
    "disambiguator": lambda name, host: name.casefold().endswith("(newspaper)"),
    "generic": lambda name, host: name.casefold() in {"news", "the news", "home"},
}


@pytest.mark.parametrize("kind", sorted(JUNK))
def test_no_junk_names(kind):
    junk = [(host, name) for host, name in TABLE.items() if JUNK[kind](name, host)]
    assert not junk, junk[:10]


def test_no_platform_hosts():
    platforms = GENERATED["platform_domains"]
    assert {"blogspot.com", "wordpress.com", "medium.com", "substack.com"} <= set(
        platforms
    )
    on_platform = [
        host
        for host in TABLE
        if any(host == p or host.endswith("." + p) for p in platforms)
        or PSL_ALL.privatesuffix(host) != PSL_ICANN.privatesuffix(host)
    ]
    assert not on_platform, on_platform[:10]


def test_every_host_has_a_registrable_domain():
    assert not [host for host in TABLE if PSL_ALL.privatesuffix(host) is None]


# --- lookups through the merged table ----------------------------------------


SHIPPED = load_publishers()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.bostonherald.com/2025/06/01/x/", "Boston Herald"),
        ("https://en.trend.az/azerbaijan/politics/1", "Trend News Agency"),
        ("https://www.qna.org.qa/en/News-Area/News/x", "Qatar News Agency"),
        ("https://www.brecorder.com/news/40367", "Business Recorder"),
        ("https://www.haz.de/lokales/x", "Hannoversche Allgemeine Zeitung"),
        ("https://www.newsday.co.tt/2025/06/01/x/", "Trinidad and Tobago Newsday"),
        ("https://www.menafn.com/1109654/x", "MENAFN"),
    ],
)
def test_known_domains_get_their_outlets_name(url, expected):
    assert derive_source(url, "Unknown Source").name == expected


def test_a_subdomain_gets_its_registrable_domains_name():
    assert "cnn.com" in SHIPPED
    assert lookup("edition.cnn.com", SHIPPED) == SHIPPED["cnn.com"]
    assert publisher_name("https://edition.cnn.com/2025/x", SHIPPED) == "CNN"


@pytest.mark.parametrize("platform", GENERATED["platform_domains"])
def test_a_platform_subdomain_gets_no_name(platform):
    host = f"someone.{platform}"
    assert lookup(host, SHIPPED) is None
    source = derive_source(f"https://{host}/post", "Unknown Source")
    assert source.name == source.domain


def test_the_hand_table_wins_everywhere():
    assert all(SHIPPED[host] == name for host, name in HAND.items() if name)
    shadowed = [
        host for host in TABLE if host not in HAND and attribution._covered(host, HAND)
    ]
    assert shadowed, "expected generated hosts under hand-listed hosts"
    assert not [host for host in shadowed if host in SHIPPED]
    assert all(
        SHIPPED[host] == name
        for host, name in TABLE.items()
        if not attribution._covered(host, HAND)
    )


def _nearest_hand_parent(host):
    labels = host.split(".")
    for start in range(len(labels)):
        candidate = ".".join(labels[start:])
        if candidate in HAND:
            return candidate
    return None


def test_a_generated_subdomain_cannot_outrank_a_hand_listed_parent():
    """``atlantic.ctvnews.ca`` is generated, but the hand ``ctvnews.ca`` wins."""
    assert TABLE["atlantic.ctvnews.ca"] != HAND["ctvnews.ca"]
    assert lookup("atlantic.ctvnews.ca", SHIPPED) == HAND["ctvnews.ca"]
    for host in TABLE:
        parent = _nearest_hand_parent(host)
        if parent and HAND[parent]:
            assert lookup(host, SHIPPED) == HAND[parent], host


def test_a_site_override_governs_its_host_and_everything_under_it():
    assert "en.trend.az" in TABLE
    assert "af.reuters.com" in TABLE
    table = load_publishers(
        {"trend.az": "Trend", "reuters.com": "", "br.reuters.com": "Reuters Brasil"}
    )
    assert lookup("en.trend.az", table) == "Trend"
    assert lookup("af.reuters.com", table) is None
    assert lookup("br.reuters.com", table) == "Reuters Brasil"
    assert lookup("www.haz.de", table) == TABLE["haz.de"]


# --- the generator, end to end on small real-format inputs -------------------


SLING = """#
# English
#

cnn.com,Q48340,CNN,@CNN,edition.cnn.com
twoways.com,Q1,Two Ways Daily,@tw
foo.blogspot.com,Q2,A Blog,@blog
medium.com,Q3,Medium,@medium
junk.com,Q4,junk.com,@junk
ktvk.com,Q5,KTVK-TV,@ktvk
"""
WIKIDATA = """item,itemLabel,country,countryLabel,place,placeLabel,language,\
languageLabel,pic,offurl
http://www.wikidata.org/entity/Q48340,The CNN,,,,,,,,https://www.cnn.com/
http://www.wikidata.org/entity/Q9,Q9,,,,,,,,https://qid.com/
http://www.wikidata.org/entity/Q10,Section,,,,,,,,https://example.org/chinese/
http://www.wikidata.org/entity/Q11,Sega (newspaper),,,,,,,,http://www.segabg.com//
http://www.wikidata.org/entity/Q12,Other Name,,,,,,,,http://twoways.com
"""
LOCAL = """name,state,website,domain,twitter,youtube,facebook,owner,medium,source,\
collection_date
KTVK,AZ,http://www.ktvk.com/,ktvk.com,,,,,TV station,stationindex,2018
No Site,AZ,,,,,,,Newspapers,usnpl.com,2018
Herald,AZ,http://herald.com/index.html,herald.com,,,,,Newspapers,usnpl.com,2018
"""


GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(folder), *args],  # noqa: S607
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_IDENTITY},
    )


@pytest.fixture
def inputs(tmp_path):
    contents = dict(
        zip(
            [source.repo for source in build.INPUTS],
            [SLING, WIKIDATA, LOCAL],
            strict=True,
        )
    )
    for source in build.INPUTS:
        folder = tmp_path / "inputs" / source.folder
        (folder / source.path).parent.mkdir(parents=True)
        (folder / source.path).write_text(contents[source.repo], "utf-8")
        if source.licence_file:
            (folder / source.licence_file).write_text(
                f"{source.licence} text\n", "utf-8"
            )
        _git(folder, "init", "-q")
        _git(folder, "add", ".")
        _git(folder, "commit", "-qm", "data")
    data = tmp_path / "data"
    (data / "LICENSES").mkdir(parents=True)
    (data / "LICENSES" / "CC0-1.0.txt").write_text("CC0 text\n", "utf-8")
    return tmp_path / "inputs", data


def test_build_filters_merges_and_records(inputs, capsys):
    inputs_dir, data = inputs
    assert build.main([str(inputs_dir), "--data-dir", str(data), "--head"]) == 0
    out = json.loads((data / build.OUTPUT_NAME).read_text("utf-8"))
    assert out["publishers"] == {
        "cnn.com": "CNN",
        "herald.com": "Herald",
        "ktvk.com": "KTVK-TV",
        "segabg.com": "Sega",
    }
    assert out["filters"] == {
        "no_url": 1,
        "not_site_root": 1,
        "bad_host": 0,
        "platform": 2,
        "junk_name": 2,
        "named_two_ways": 2,
    }
    assert [entry["rows"] for entry in out["inputs"]] == [6, 5, 3]
    for entry in out["inputs"]:
        assert re.fullmatch(r"[0-9a-f]{40}", entry["commit"])
    notice = (data / build.NOTICE_NAME).read_text("utf-8")
    assert all(entry["commit"] in notice for entry in out["inputs"])
    assert (
        data / "LICENSES" / "ringgaard+sling.txt"
    ).read_text() == "Apache-2.0 text\n"
    assert "4 domains" in capsys.readouterr().out


def test_build_reads_the_pinned_commit_and_says_how_to_get_a_missing_input(
    inputs,
):
    inputs_dir, data = inputs
    with pytest.raises(SystemExit, match="pass --head"):
        build.main([str(inputs_dir), "--data-dir", str(data)])
    with pytest.raises(SystemExit, match="git clone --bare"):
        build.main([str(inputs_dir / "nowhere"), "--data-dir", str(data)])


def test_the_readme_regenerate_command_clones_exactly_the_inputs():
    readme = (ROOT / "README.md").read_text("utf-8")
    loop = re.search(r"for repo in ([^;]+); do\n(.*?)\ndone\n(.*?)\n", readme, re.S)
    assert loop, "the README's regenerate command is missing"
    assert loop.group(1).split() == [source.repo for source in build.INPUTS]
    assert "git clone --bare" in loop.group(2)
    assert loop.group(3).startswith(".venv/bin/python tools/publishers/build.py ")
