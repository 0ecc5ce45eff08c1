"""Fuzzing the reader: it returns an article or raises NewsImportError, nothing else.

A few thousand generated files mixing valid front matter, random text and
bytes, truncations and hostile values go through Pelican's ``Readers`` (the
same path ``pelican content`` takes).  Each read runs under an alarm so that a
hang fails the test instead of stalling CI.
"""

from __future__ import annotations

import atexit
import shutil
import signal
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pelican.contents import Article
from pelican.readers import Readers

from pelican_newsimport import NewsImportError
from tests.conftest import SAMPLE, Site, news_file, pipeline_body

HOSTILE_VALUES = [
    '"><script>alert(1)</script>',
    "javascript:alert(1)",
    "<iframe src=//x>",
    "&quot;&lt;b&gt;",
    '\\\\\\"',
    "\u2028\u0000\ufeff",
    "!!python/object/apply:os.system ['true']",
    "*alias",
    "&anchor [1, 2]",
    "{" * 50,
    "[" * 300,
    "9999-99-99",
    "0001-01-01T00:00:00+23:59",
]
KEYS = [
    "title", "date", "draft", "categories", "tags", "image", "author", "authors",
    "description", "source_url", "source_name", "slug", "lang", "lastmod",
    "expiryDate", "publishDate", "summary", "status", "settings", "content",
    "_private", "save_as", "url", "weight", "1", "on click",
]  # fmt: skip

scalars = st.one_of(
    st.text(max_size=40),
    st.sampled_from(HOSTILE_VALUES),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.none(),
    st.dates(),
    st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)
    ),
    max_leaves=12,
)
front_matters = st.dictionaries(st.sampled_from(KEYS), values, max_size=10)
bodies = st.one_of(
    st.text(max_size=400),
    st.text(max_size=200).map(pipeline_body),
    st.sampled_from(HOSTILE_VALUES),
)


@st.composite
def files(draw) -> bytes:
    kind = draw(st.sampled_from(["yaml", "pipeline", "toml", "json", "bytes", "cut"]))
    if kind == "yaml":
        header = yaml.safe_dump(draw(front_matters), allow_unicode=True)
        text = f"---\n{header}---\n{draw(bodies)}"
    elif kind == "pipeline":
        text = news_file(
            draw(st.text(max_size=60)),
            draw(bodies),
            source_url=draw(st.sampled_from([*HOSTILE_VALUES, "https://bbc.co.uk/x"])),
        )
    elif kind == "toml":
        lines = [f"{k} = {draw(st.sampled_from(HOSTILE_VALUES))!r}" for k in KEYS[:3]]
        text = "+++\n" + "\n".join(lines) + "\n+++\n" + draw(bodies)
    elif kind == "json":
        text = "{" + draw(st.text(max_size=120)) + "\n" + draw(bodies)
    elif kind == "bytes":
        return draw(st.binary(max_size=300))
    else:
        text = SAMPLE.read_text(encoding="utf-8")
        text = text[: draw(st.integers(0, len(text)))]
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        position = draw(st.integers(0, len(data)))
        data = data[:position] + draw(st.binary(max_size=8)) + data[position:]
    return data


def _scratch(prefix: str) -> Path:
    """A scratch folder for hypothesis examples (fixtures do not reach them)."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return root


@cache
def _readers() -> tuple[Readers, Path]:
    root = _scratch("newsimport-fuzz-")
    site = Site(root)
    return Readers(site.pelican().settings), site.content


@contextmanager
def _alarm(seconds: int) -> Iterator[None]:
    def hung(signum, frame):
        raise TimeoutError(f"reader still busy after {seconds}s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@settings(
    max_examples=2500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=files())
# Found by this test: offsets of a day or more used to escape as a ValueError.
@example(data=b'---\ntitle: "x"\ndate: "2025-05-16T00:00:00+030:00"\n---\nBody\n')
@example(data=b"---\x01\ndate: []\ntitle: []\n---\n")
@example(data=b'---\ntags:\n  - "\\x06\\U00010000\\Ua00010000"\n---\n')
@example(data=b'---\ntitle: "\\U00110000"\n---\nBody\n')
def test_reader_returns_an_article_or_one_documented_error(data: bytes) -> None:
    readers, content = _readers()
    (content / "fuzz.md").write_bytes(data)
    article = error = None
    try:
        with _alarm(10):
            article = readers.read_file(
                base_path=str(content), path="fuzz.md", content_class=Article
            )
    except ValueError as raised:  # NewsImportError is a ValueError
        error = raised

    if isinstance(error, NewsImportError):
        assert str(error).startswith("fuzz.md")
        assert error.message
        assert "\n" not in str(error)
    elif error is not None:
        # Only Pelican's own reader, for files without front matter, may say
        # something else; the plugin never raises anything but NewsImportError.
        assert not data.lstrip(b"\xef\xbb\xbf").startswith((b"---", b"+++", b"{"))
        assert "date" in str(error)
    else:
        assert isinstance(article, Article)
        if article.metadata.get("reader") == "newsimport":
            assert article.title
            assert isinstance(article.content, str)
            # Without a date Pelican itself skips the file, naming it.
            assert not hasattr(article, "date") or article.date.tzinfo is not None
            assert isinstance(article.settings, dict)


# --- control characters, odd slugs and keys through a real build ----------------

# Code points a feed or a page cannot carry, and those that hide or reorder text.
AWKWARD = [chr(c) for c in (*range(0x20), 0x7F, 0x85, 0x9B)]
AWKWARD += ["\ufffe", "\uffff", "\U0010ffff", "\u202e", "\u2066", "\u200b", "\ufeff"]
ODD_SLUGS = ["../x", "/etc", ".", "..", "", "-", "Ünïcödé", "con", "nul.txt",
             "x?y#z", "%2e%2e", "tag", "feeds"]  # fmt: skip
# Slugs that take a path Pelican itself writes: the output-path plan moves them.
ODD_SLUGS += ["index", "archives", "sources", "all", "feeds/all", "a" * 300]
ODD_KEYS = ["on click", "1", "_private", "settings", "Content", "TITLE", "url",
            "save_as", "template", "newsimport", "source", "params", "redirect",
            "cover", "ключ", "a.b", "-"]  # fmt: skip

awkward_text = st.text(
    st.one_of(st.characters(codec="utf-8"), st.sampled_from(AWKWARD)), max_size=30
)


@st.composite
def site_files(draw, slugs: list[str]) -> dict[str, bytes]:
    files = {}
    for index in range(draw(st.integers(1, 4))):
        front = {
            "title": draw(awkward_text.filter(lambda t: t.strip())) or "t",
            "date": f"2025-05-0{index + 1}",
            "author": draw(awkward_text),
            "tags": draw(st.lists(awkward_text, max_size=3)),
            "slug": draw(st.one_of(st.sampled_from(slugs), awkward_text)),
            "source_url": draw(st.sampled_from([*HOSTILE_VALUES, "https://x.org/"])),
        }
        for key in draw(st.lists(st.sampled_from(ODD_KEYS), max_size=4)):
            front[key] = draw(st.one_of(awkward_text, st.sampled_from(HOSTILE_VALUES)))
        header = yaml.safe_dump(front, allow_unicode=True)
        text = f"---\n{header}---\n{draw(awkward_text)}\n\n{draw(bodies)}"
        data = text.encode("utf-8", "surrogatepass")
        if draw(st.booleans()):  # raw control bytes in the body, not escaped
            data += draw(st.binary(max_size=6).map(lambda b: bytes(c % 32 for c in b)))
        files[
            f"f{index}-{draw(st.sampled_from(ODD_SLUGS[:8]))}.md".replace("/", "_")
        ] = data
    return files


FUZZ_BUILD = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ_BUILD
@given(files=site_files(ODD_SLUGS))
def test_a_real_build_of_odd_files_finishes_with_valid_output(files) -> None:
    _build_and_check(files)


def _build_and_check(files: dict[str, bytes]) -> None:
    from tests.test_hostile import _check_site

    root = _scratch("newsimport-fuzz-site-")
    site = Site(root)
    site.write("welcome.md", "Title: Welcome\nDate: 2025-01-01\n\nThe site's own.\n")
    for name, data in files.items():
        site.write(name, data)
    with _alarm(120):
        site.build(
            TAG_FEED_ATOM="feeds/{slug}.tag.atom.xml", FEED_ALL_RSS="feeds/all.rss.xml"
        )
    assert (site.output / "welcome.html").exists()
    for feed in site.output.rglob("*.xml"):
        ET.parse(feed)
    assert _check_site(site.output) == []
