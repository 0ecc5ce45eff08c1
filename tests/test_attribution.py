"""Tests for pelican_newsimport.attribution.

Pure-function cases live in ``tests/cases/attribution.json``; this file holds
the tests that need code: pickling, overrides, the shipped table's shape.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican_newsimport import attribution
from pelican_newsimport.attribution import (
    PLACEHOLDER_NAMES,
    Source,
    derive_source,
    is_placeholder,
    load_publishers,
    lookup,
    normalize_url,
    publisher_name,
    registrable_domain,
    safe_http_url,
)

CASES = json.loads(
    (Path(__file__).parent / "cases" / "attribution.json").read_text("utf-8")
)
PUBLISHERS_FILE = (
    Path(attribution.__file__).parent / "data" / "publishers.json"
).resolve()
SAMPLE_URL = (
    "https://www.ibtimes.com/russia-ukraine-meet-istanbul-expectations-low-3773713"
)


# --- data-driven cases ------------------------------------------------------


@pytest.mark.parametrize(("url", "expected"), CASES["publisher_names"])
def test_publisher_is_derived_from_the_url(url, expected):
    source = derive_source(url, "Unknown Source")
    assert source is not None
    assert source.name == expected
    assert source.url == safe_http_url(url)


@pytest.mark.parametrize(("url", "expected"), CASES["domain_fallbacks"])
def test_unlisted_host_falls_back_to_its_registrable_domain(url, expected):
    assert derive_source(url, "Unknown Source") == Source(expected, url, expected)
    assert derive_source(url, None).domain == expected


@pytest.mark.parametrize(("value", "expected"), CASES["registrable_domains"])
def test_registrable_domain(value, expected):
    assert registrable_domain(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), CASES["safe_urls"] + CASES["browser_urls"]
)
def test_safe_urls_become_what_a_browser_opens(value, expected):
    assert safe_http_url(value) == expected


@pytest.mark.parametrize("value", CASES["unsafe_urls"])
def test_unsafe_urls_are_rejected(value):
    assert safe_http_url(value) is None


@pytest.mark.parametrize("value", CASES["unsafe_urls"])
def test_unsafe_url_is_never_linked_and_a_real_name_survives(value):
    assert derive_source(value, "Unknown Source") is None
    assert derive_source(value, "Reuters") == Source("Reuters", "", "")
    assert derive_source(value, "Reuters").url == ""


@pytest.mark.parametrize(("first", "second"), CASES["same_url"])
def test_normalize_url_equivalences(first, second):
    assert normalize_url(first) == normalize_url(second)


@pytest.mark.parametrize(("first", "second"), CASES["different_url"])
def test_normalize_url_keeps_different_articles_apart(first, second):
    assert normalize_url(first) != normalize_url(second)


@pytest.mark.parametrize("name", CASES["placeholders"])
def test_placeholders(name):
    assert is_placeholder(name)


@pytest.mark.parametrize("name", CASES["not_placeholders"])
def test_real_names_are_not_placeholders(name):
    assert not is_placeholder(name)
    assert derive_source(SAMPLE_URL, name).name == " ".join(name.split())


# --- safe_http_url ----------------------------------------------------------


@pytest.mark.parametrize("value", [None, 42, b"https://example.com/", ["x"], {}])
def test_safe_http_url_rejects_non_strings(value):
    assert safe_http_url(value) is None


@given(
    st.sampled_from(["", "http://", "HTTPS://", "https://example.com/"]),
    st.text(),
)
def test_safe_http_url_output_is_always_inert(prefix, text):
    url = safe_http_url(prefix + text)
    if url is not None:
        assert re.match(r"https?://[^/?#@]", url, re.IGNORECASE)
        assert not re.search(r"[\s\"'<>\\`\x00-\x1f\x7f]", url)
        assert safe_http_url(url) == url
        assert registrable_domain(url)


@given(
    st.sampled_from(["http", "https", "HTTPS"]),
    st.text(alphabet="abcXYZ019:%._~-!$&()*+,;=", max_size=20),
)
def test_safe_http_url_never_accepts_credentials(scheme, userinfo):
    assert safe_http_url(f"{scheme}://{userinfo}@example.com/") is None


# --- registrable domains and lookup ------------------------------------------


def test_unicode_and_punycode_hosts_agree():
    table = load_publishers({"xn--mnchen-3ya.de": "Münchner Nachrichten"})
    for url in ("https://www.münchen.de/a", "https://www.xn--mnchen-3ya.de/a"):
        source = derive_source(url, "", publishers=table)
        assert source == Source("Münchner Nachrichten", url, "münchen.de")
        assert source.domain == "münchen.de"


def test_most_specific_listed_host_wins():
    table = {"sky.com": "Sky", "news.sky.com": "Sky News"}
    assert lookup("uk.news.sky.com", table) == "Sky News"
    assert lookup("news.sky.com", table) == "Sky News"
    assert lookup("www.sky.com", table) == "Sky"
    assert publisher_name("sky.com", table) == "Sky"
    assert publisher_name("https://news.sky.com/story/1", table) == "Sky News"


def test_lookup_never_climbs_above_the_registrable_domain():
    table = {"co.uk": "Not a publisher", "blogspot.com": "Blogger"}
    assert lookup("www.example.co.uk", table) is None
    assert lookup("someone.blogspot.com", table) is None
    assert derive_source("https://x.example.co.uk/", "", publishers=table).name == (
        "example.co.uk"
    )


@pytest.mark.parametrize("value", ["", "javascript:alert(1)", None, "a..b"])
def test_publisher_name_of_nothing_is_none(value):
    assert publisher_name(value, {"": "Empty", "a..b": "Broken"}) is None


def test_public_suffix_list_is_loaded_once():
    assert attribution._psl() is attribution._psl()
    attribution._host_chain.cache_clear()
    for _ in range(3):
        derive_source(SAMPLE_URL, "Unknown Source")
    info = attribution._host_chain.cache_info()
    assert (info.misses, info.hits) == (1, 2)


# --- Source ------------------------------------------------------------------


def test_source_pickle_round_trip():
    source = derive_source(SAMPLE_URL, "Unknown Source")
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        restored = pickle.loads(pickle.dumps(source, protocol=protocol))
        assert type(restored) is Source
        assert (restored.name, restored.url, restored.domain) == (
            "International Business Times",
            SAMPLE_URL,
            "ibtimes.com",
        )


def test_source_is_frozen_and_str_is_the_name():
    source = Source("Reuters", "https://www.reuters.com/a", "reuters.com")
    assert str(source) == "Reuters"
    assert f"{source}" == "Reuters"
    with pytest.raises(dataclasses.FrozenInstanceError):
        source.name = "Other"  # type: ignore[misc]
    assert not hasattr(source, "__dict__")


def test_sources_group_and_sort_by_name():
    one = Source("Reuters", "https://www.reuters.com/a", "reuters.com")
    two = Source("Reuters", "https://www.reuters.com/b", "reuters.com")
    bbc = Source("BBC News", "https://www.bbc.com/x", "bbc.com")
    assert one == two
    assert hash(one) == hash(two)
    assert len({one, two, bbc}) == 2
    assert sorted([one, bbc, two]) == [bbc, one, two]
    assert [s.name for s in sorted([one, bbc])] == ["BBC News", "Reuters"]
    assert bbc < one


# --- derive_source -----------------------------------------------------------


def test_sample_article_is_attributed_to_ibtimes():
    assert derive_source(SAMPLE_URL, "Unknown Source") == Source(
        "International Business Times", SAMPLE_URL, "ibtimes.com"
    )


def test_real_name_in_the_file_wins_over_the_table():
    source = derive_source(SAMPLE_URL, "  IBTimes   Staff \n")
    assert source == Source("IBTimes Staff", SAMPLE_URL, "ibtimes.com")
    assert source.url == SAMPLE_URL
    assert source.domain == "ibtimes.com"


def test_extra_placeholders_are_not_names():
    assert not is_placeholder("Staff")
    assert is_placeholder("  STAFF ", ["staff"])
    assert is_placeholder("Haber Merkezi", ("haber merkezi",))
    source = derive_source(SAMPLE_URL, "Haber Merkezi", placeholders={"HABER MERKEZI"})
    assert source.name == "International Business Times"
    assert derive_source(SAMPLE_URL, "Haber Merkezi").name == "Haber Merkezi"


@pytest.mark.parametrize("name", [None, 0, 1.5, True, ["Reuters"], {"n": 1}])
def test_non_string_names_are_placeholders(name):
    assert is_placeholder(name)
    assert derive_source(SAMPLE_URL, name).name == "International Business Times"
    assert derive_source(None, name) is None


def test_placeholder_names_are_stored_in_comparison_form():
    assert "unknown source" in PLACEHOLDER_NAMES
    assert "" in PLACEHOLDER_NAMES
    for name in PLACEHOLDER_NAMES:
        assert name.replace(" ", "") == attribution._name_key(name)


def test_nothing_known_gives_none():
    assert derive_source("", "") is None
    assert derive_source(None, None) is None
    assert derive_source("not a url", "Unknown Source") is None


# --- publishers table --------------------------------------------------------


def test_override_wins_over_shipped_data_without_changing_it():
    table = load_publishers({"ibtimes.com": "IBTimes"})
    assert derive_source(SAMPLE_URL, "", publishers=table).name == "IBTimes"
    assert load_publishers()["ibtimes.com"] == "International Business Times"
    assert derive_source(SAMPLE_URL, "").name == "International Business Times"


def test_override_keys_are_normalised():
    table = load_publishers(
        {
            " WWW.Example.COM ": "Example News",
            "https://www.sample.org/any/path": "Sample Daily",
            "Local.Example.net.": "Local Example",
        }
    )
    assert table["example.com"] == "Example News"
    assert table["sample.org"] == "Sample Daily"
    assert table["local.example.net"] == "Local Example"
    assert derive_source("https://www.example.com/a", "").name == "example.com"
    assert (
        derive_source("https://www.example.com/a", "", publishers=table).name
        == "Example News"
    )


def test_override_can_add_a_more_specific_host():
    table = load_publishers({"english.elpais.com": "El País in English"})
    assert publisher_name("english.elpais.com", table) == "El País in English"
    assert publisher_name("elpais.com", table) == "El País"


def test_empty_override_removes_a_shipped_entry():
    table = load_publishers({"reuters.com": "  "})
    assert "reuters.com" not in table
    source = derive_source("https://www.reuters.com/x", "", publishers=table)
    assert source.name == "reuters.com"


def test_invalid_override_is_logged_and_skipped(caplog):
    with caplog.at_level(logging.WARNING, logger="pelican_newsimport.attribution"):
        table = load_publishers({"not a host": "X", "example.com": 3, "ok.org": "OK"})
    assert table["ok.org"] == "OK"
    assert "example.com" not in table
    assert len(table) == len(load_publishers()) + 1
    assert len(caplog.records) == 2
    assert "not a host" in caplog.text


def test_shipped_table_is_cached_and_read_only():
    assert load_publishers() is load_publishers()
    assert load_publishers({}) is load_publishers()
    with pytest.raises(TypeError):
        load_publishers()["example.com"] = "X"  # type: ignore[index]


def test_shipped_file_shape():
    raw = PUBLISHERS_FILE.read_text("utf-8")
    document = json.loads(raw)
    assert set(document) == {"_comment", "publishers"}
    assert document["_comment"].strip()
    publishers = document["publishers"]
    assert len(publishers) >= 220
    assert list(publishers) == sorted(publishers)
    assert raw.count('": "') == len(publishers) + 1  # no duplicate keys in the file
    for domain, name in publishers.items():
        assert domain == attribution._publisher_key(domain), domain
        assert domain.isascii(), domain
        assert domain.endswith(registrable_domain(domain)), domain
        assert registrable_domain(domain) not in {"", domain.rpartition(".")[2]}
        assert name == " ".join(name.split()), domain
        assert name, domain


@pytest.mark.parametrize(
    ("domain", "name"),
    [
        ("ibtimes.com", "International Business Times"),
        ("reuters.com", "Reuters"),
        ("bbc.co.uk", "BBC News"),
        ("bbc.com", "BBC News"),
        ("voanews.com", "Voice of America"),
        ("apnews.com", "Associated Press"),
        ("nytimes.com", "The New York Times"),
        ("theguardian.com", "The Guardian"),
        ("lemonde.fr", "Le Monde"),
        ("spiegel.de", "Der Spiegel"),
        ("elpais.com", "El País"),
        ("nhk.or.jp", "NHK"),
        ("aljazeera.com", "Al Jazeera"),
        ("hurriyet.com.tr", "Hürriyet"),
        ("aa.com.tr", "Anadolu Agency"),
        ("dailysabah.com", "Daily Sabah"),
        ("trtworld.com", "TRT World"),
    ],
)
def test_required_publishers_are_shipped(domain, name):
    assert load_publishers()[domain] == name
    assert publisher_name(domain, load_publishers()) == name
