"""Fuzzing the reader: it returns an article or raises NewsImportError, nothing else.

A few thousand generated files mixing valid front matter, random text and
bytes, truncations and hostile values go through Pelican's ``Readers`` (the
same path ``pelican content`` takes).  Each read runs under an alarm so that a
hang fails the test instead of stalling CI.
"""

from __future__ import annotations

import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
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


@cache
def _readers() -> tuple[Readers, Path]:
    root = Path(tempfile.mkdtemp(prefix="newsimport-fuzz-"))
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
