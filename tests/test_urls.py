"""URLs are read as a browser reads them (WHATWG), and only safe ones come out."""

from __future__ import annotations

import html
import re

import ada_url
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican_newsimport.attribution import derive_source
from pelican_newsimport.urls import URLError, check_url, display_host, http_url

INERT = re.compile(r"[\s\"'<>\\`()\x00-\x1f\x7f]")


@pytest.mark.parametrize(
    "value",
    [
        "jav&#x61;script:alert(1)",
        "javascript&colon;alert(1)",
        "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)",
        "java\tscript:alert(1)",
        "data:image/svg+xml;base64,PHN2Zz4=",
    ],
)
def test_entity_encoded_schemes_are_rejected(value: str) -> None:
    with pytest.raises(URLError):
        check_url(value)


def test_entities_are_decoded_as_the_attribute_would_be() -> None:
    assert http_url("https&#58;//example.com/?a=1&amp;b=2") == (
        "https://example.com/?a=1&b=2"
    )


def test_backslashes_are_slashes_as_in_a_browser() -> None:
    url = "https://www.menafn.com/updates/Menafn_News_Images\\local_politics.jpg"
    assert http_url(url) == url.replace("\\", "/")


def test_ipv6_host_gives_a_url_json_ld_and_ada_accept() -> None:
    checked = check_url("https://[2001:DB8::0:1]:8443/a b".replace(" ", "%20"))
    assert checked.href == "https://[2001:db8::1]:8443/a%20b"
    assert ada_url.check_url(checked.href)


@pytest.mark.parametrize(
    ("value", "href"),
    [
        ("/images/logo.png", "/images/logo.png"),
        ("/img/x.jpg?v=1#top", "/img/x.jpg?v=1#top"),
        ("/a/../b.jpg", "/b.jpg"),
    ],
)
def test_site_root_paths_are_images_too(value: str, href: str) -> None:
    assert http_url(value, site_paths=True) == href
    assert http_url(value) is None


@pytest.mark.parametrize(
    "value", ["//evil.com/x.jpg", "/\\evil.com/x.jpg", "\\\\evil.com"]
)
def test_a_path_that_a_browser_reads_as_another_host_is_not_a_site_path(value):
    assert http_url(value, site_paths=True) is None


@pytest.mark.parametrize(
    ("host", "shown"),
    [
        ("rеuters.com", "xn--ruters-3of.com"),  # Cyrillic е
        ("xn--ruters-3of.com", "xn--ruters-3of.com"),
        ("аррӏе.com", "xn--80ak6aa92e.com"),  # all Cyrillic, looks Latin
        ("gооgle.com", "xn--ggle-55da.com"),
        ("bbc.cο.uk", "bbc.xn--c-smb.uk"),  # Greek omicron in one label
        ("zürich.ch", "zürich.ch"),
        ("xn--mnchen-3ya.de", "münchen.de"),
        ("яндекс.рф", "яндекс.рф"),
        ("новости.com", "новости.com"),  # Cyrillic, not only look-alikes
        ("東京ニュース.jp", "東京ニュース.jp"),
        ("bbc.co.uk", "bbc.co.uk"),
    ],
)
def test_hosts_are_shown_as_an_address_bar_shows_them(host, shown) -> None:
    assert display_host(host) == shown


def test_a_look_alike_domain_never_gets_the_outlet_name() -> None:
    real = derive_source("https://www.reuters.com/world/x", "Unknown Source")
    fake = derive_source("https://www.rеuters.com/world/x", "Unknown Source")
    assert real.name == "Reuters"
    assert fake.name == fake.domain == "xn--ruters-3of.com"
    assert fake.url == "https://www.xn--ruters-3of.com/world/x"


hosts = st.sampled_from(["example.com", "[::1]", "10.0.0.1", "münchen.de", "a.b.co"])


@given(
    st.sampled_from(["http://", "https://", "HTTPS:\\\\", "https:", " https://"]),
    hosts,
    st.text(max_size=30),
)
def test_accepted_urls_are_inert_and_stable(prefix, host, rest) -> None:
    url = http_url(prefix + host + "/" + rest)
    if url is None:
        return
    assert re.match(r"https?://[^/?#@]+/", url)
    assert not INERT.search(url)
    assert html.escape(url, quote=False) == url.replace("&", "&amp;")
    assert http_url(url) == url
    assert ada_url.URL(url).hostname == check_url(url).host


@given(st.text(max_size=60))
def test_whatever_comes_out_is_http_with_a_host(text) -> None:
    for site_paths in (False, True):
        url = http_url(text, site_paths=site_paths)
        if url is None:
            continue
        assert not INERT.search(url)
        if url.startswith("/"):
            assert site_paths
            assert not url.startswith("//")
        else:
            assert ada_url.URL(url).protocol in {"http:", "https:"}
