"""Hostile and messy input: nothing lost, nothing injected, the build keeps going."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest

from pelican_newsimport import NewsImportError
from tests.conftest import SAMPLE, Site, news_file, pipeline_body

ATOM = "{http://www.w3.org/2005/Atom}"
TITLE = "Russia and Ukraine to meet in Istanbul"


# --- same title, different articles ------------------------------------------


def _three_outlets(site: Site) -> list[str]:
    names = []
    for news_id, domain in (
        ("3773713", "www.ibtimes.com"),
        ("3773714", "www.voanews.com"),
        ("3773715", "www.reuters.com"),
    ):
        name = f"russia-and-ukraine-to-meet-in-istanbul-{news_id}.md"
        site.write(
            name,
            news_file(
                TITLE,
                f"Story as told by {domain}.",
                source_url=f"https://{domain}/world/{news_id}",
            ),
        )
        names.append(name)
    return names


@pytest.mark.parametrize("slug_source", ["filename", "title"])
def test_same_title_articles_each_get_their_own_url(
    site: Site, errors, slug_source: str
) -> None:
    _three_outlets(site)
    site.build(NEWSIMPORT_SLUG_SOURCE=slug_source)

    pages = [p for p in site.outputs() if "istanbul" in p.name]
    assert len(pages) == 3
    bodies = {site.html(p.name).select_one(".entry-content").get_text() for p in pages}
    assert {d for d in ("ibtimes", "voanews", "reuters") if any(d in b for b in bodies)}
    assert len(bodies) == 3
    assert errors() == []


def test_same_title_urls_do_not_depend_on_read_order(site: Site) -> None:
    _three_outlets(site)
    site.build(NEWSIMPORT_SLUG_SOURCE="title")
    first = sorted(p.name for p in site.outputs() if "istanbul" in p.name)
    for page in site.outputs():
        page.unlink()
    # Rename so that the file system lists them in another order.
    for path in sorted(site.content.glob("*.md")):
        path.rename(path.with_name("z-" + path.name))
    site.build(NEWSIMPORT_SLUG_SOURCE="title")
    second = sorted(p.name for p in site.outputs() if "istanbul" in p.name)
    assert first == second
    assert "russia-and-ukraine-to-meet-in-istanbul.html" in first


def test_same_file_name_in_two_folders(site: Site, caplog) -> None:
    site.write(
        "a/story.md", news_file("One", "First.", source_url="https://bbc.co.uk/1")
    )
    site.write(
        "b/story.md", news_file("Two", "Second.", source_url="https://cnn.com/2")
    )
    site.build()
    assert (site.output / "story.html").exists()
    assert (site.output / "story-cnn-com.html").exists()
    assert "would both be written to story.html" in caplog.text


def test_plain_pelican_refuses_what_the_plugin_builds(site: Site) -> None:
    for i in range(2):
        site.write(
            f"{i}.md", f"Title: Same title\nDate: 2025-01-0{i + 1}\n\nBody {i}.\n"
        )
    with pytest.raises(Exception, match="overwrite"):
        site.build(PLUGINS=[])


# --- duplicates by source URL -----------------------------------------------

DUPLICATE_URLS = (
    "https://www.ibtimes.com/story-1?utm_source=feed&utm_medium=rss",
    "http://ibtimes.com/story-1/",
)


def _duplicates(site: Site) -> None:
    for i, url in enumerate(DUPLICATE_URLS):
        site.write(f"copy-{i}.md", news_file(f"Copy {i}", f"Copy {i}.", source_url=url))


def test_duplicates_are_published_once_with_a_warning(site: Site, caplog) -> None:
    _duplicates(site)
    site.build()
    assert (site.output / "copy-0.html").exists()
    assert not (site.output / "copy-1.html").exists()
    warning = next(r for r in caplog.records if "duplicate" in r.getMessage())
    assert warning.levelname == "WARNING"
    assert "copy-0.md" in warning.getMessage()
    assert "copy-1.md" in warning.getMessage()


def test_duplicates_policy_keep(site: Site) -> None:
    _duplicates(site)
    site.build(NEWSIMPORT_DUPLICATES="keep")
    assert (site.output / "copy-0.html").exists()
    assert (site.output / "copy-1.html").exists()


def test_duplicates_policy_error(site: Site, errors) -> None:
    _duplicates(site)
    site.build(NEWSIMPORT_DUPLICATES="error")
    assert any("copy-1.md is a duplicate of copy-0.md" in e for e in errors())
    assert not (site.output / "copy-1.html").exists()


# --- injection ---------------------------------------------------------------

XSS = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
HOSTILE = {
    "title.md": news_file(
        f"Title {XSS}", "Body.", source_url="https://www.ibtimes.com/title"
    ),
    "title-striptags.md": news_file(
        "&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;",
        "B.",
        source_url="https://www.ibtimes.com/title-striptags",
    ),
    "title-close.md": news_file(
        "</title><script>alert(4)</script>",
        "Body.",
        source_url="https://www.ibtimes.com/title-close",
    ),
    "body.md": news_file(
        "Body attack",
        pipeline_body(
            f'He said "{XSS}".<iframe src="https://evil.example/"></iframe>'
            '<a href="javascript:alert(5)">click</a>'
        ),
    ),
    "markdown-body.md": (
        '---\ntitle: "Markdown attack"\ndate: 2025-01-01\n---\n'
        "Intro paragraph.\n\n"
        "* list item with <script>alert(6)</script>\n"
        "* [link](javascript:alert(7)) and <a href='javascript:alert(8)'>x</a>\n\n"
        '<iframe src="https://evil.example/"></iframe>\n\n'
        '<p onmouseover="alert(9)">hover</p>\n'
    ),
    "fields.md": (
        "---\n"
        f"title: 'Fields'\ndate: 2025-01-01\n"
        f"description: '{XSS}'\n"
        f"summary: '{XSS}'\n"
        f"tags: ['{XSS}', 'ok']\n"
        f"author: '{XSS}'\n"
        f"categories: ['{XSS}']\n"
        f"keywords: ['{XSS}']\n"
        f"subtitle: '{XSS}'\n"
        "---\nBody.\n"
    ),
    "urls.md": news_file(
        "URLs",
        "Body.",
        source_url="javascript:alert(10)",
        extra='image2: "x"\n',
    ).replace('image: ""', 'image: "javascript:alert(11)"'),
    "url-breakout.md": (
        "---\ntitle: Breakout\ndate: 2025-01-01\n"
        "source_url: 'https://evil.example/\"><script>alert(12)</script>'\n"
        "image: 'https://img.example/x.jpg\" onerror=\"alert(13)'\n"
        f"source_name: '{XSS}'\n"
        "---\nBody.\n"
    ),
    "source-name.md": news_file(
        "Source name", "Body.", source_url="https://example.org/x"
    ).replace(
        'source_name: "Unknown Source"', 'source_name: "<b onclick=x()>Evil</b>"'
    ),
}


def _live_markup(document) -> list[str]:
    problems = []
    for element in document.iter():
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if tag == "script" and element.get("type") != "application/ld+json":
            problems.append(f"<script>{element.text}")
        if tag in {"iframe", "object", "embed"}:
            problems.append(f"<{tag}>")
        for qualified, value in element.attrib.items():
            name = qualified.rsplit("}", 1)[-1].lower()
            if name.startswith("on"):
                problems.append(f"{tag} {name}={value}")
            if re.match(r"\s*(javascript|data|vbscript):", value or "", re.I):
                problems.append(f"{tag} {name}={value}")
    return problems


def _feed_fragments(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return [
        element.text
        for element in root.iter()
        if element.tag in {f"{ATOM}content", f"{ATOM}summary", f"{ATOM}title"}
        and element.text
    ]


def _check_site(output: Path) -> list[str]:
    problems = []
    for path in sorted(output.rglob("*")):
        if path.suffix == ".html":
            document = html5lib.parse(path.read_text(encoding="utf-8"))
            problems += [f"{path.name}: {p}" for p in _live_markup(document)]
            for script in document.iter("{http://www.w3.org/1999/xhtml}script"):
                if script.get("type") == "application/ld+json":
                    json.loads(script.text)  # JSON-LD stays one valid JSON value
        elif path.suffix == ".xml":
            for fragment in _feed_fragments(path):
                document = html5lib.parse(fragment)
                problems += [f"{path.name}: {p}" for p in _live_markup(document)]
    return problems


def test_hostile_fields_produce_no_live_markup_anywhere(site: Site) -> None:
    for name, text in HOSTILE.items():
        site.write(name, text)
    site.build(
        FEED_ALL_RSS="feeds/all.rss.xml",
        TAG_FEED_ATOM="feeds/{slug}.tag.atom.xml",
        THEME_TEMPLATES_OVERRIDES=[
            str(Path(__file__).parents[1] / "example_site" / "templates")
        ],
        NEWSIMPORT_CANONICAL=True,
    )
    built = {p.name for p in site.outputs()}
    assert {"title.html", "body.html", "fields.html", "urls.html"} <= built
    assert _check_site(site.output) == []


def test_the_checker_finds_live_markup(tmp_path: Path) -> None:
    page = tmp_path / "x.html"
    page.write_text('<p title="a"><script>alert(1)</script></p>', encoding="utf-8")
    assert _check_site(tmp_path) == ["x.html: <script>alert(1)"]
    page.write_text('<a href=" javascript:x()" onclick="y()">z</a>', encoding="utf-8")
    assert len(_check_site(tmp_path)) == 2


def test_unsafe_urls_are_dropped_with_a_warning(site: Site, caplog) -> None:
    # A name no other test logs about: Pelican drops repeated warnings per process.
    site.write("unsafe-urls.md", HOSTILE["urls.md"])
    article = site.read("unsafe-urls.md")
    assert not hasattr(article, "image")
    assert not getattr(article, "source_url", "")
    assert (
        "unsafe-urls.md: source_url 'javascript:alert(10)' is not an http(s) URL"
        in (caplog.text)
    )
    assert (
        "unsafe-urls.md: image 'javascript:alert(11)' is not an http(s) URL"
        in caplog.text
    )


# --- loading limits ------------------------------------------------------------


def _alias_bomb(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]")
    return "---\ntitle: bomb\n" + "\n".join(lines) + "\n---\nBody"


ALIAS_BOMB = _alias_bomb()


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("alias-bomb.md", ALIAS_BOMB, "aliases"),
        (
            "deep-yaml.md",
            "---\ntitle: x\na: " + "[" * 5000 + "]" * 5000 + "\n---\nB",
            "nest",
        ),
        ("deep-json.md", "{" + '"a":{' * 20000 + "}" * 20001 + "\nBody", "nest"),
        (
            "deep-toml.md",
            '+++\ntitle = "x"\na = ' + "[" * 5000 + "]" * 5000 + "\n+++\nB",
            "nest",
        ),
        ("huge.md", "---\ntitle: x\n" + "k: " + "v" * 70000 + "\n---\nB", "larger"),
        ("python-object.md", "---\ntitle: !!python/object:os.system x\n---\nB", "YAML"),
        ("python-name.md", "---\ntitle: !!python/name:os.system\n---\nB", "YAML"),
    ],
)
def test_loading_is_bounded(site: Site, name: str, text: str, message: str) -> None:
    site.write(name, text)
    with pytest.raises(NewsImportError) as caught:
        site.read(name)
    assert message in caught.value.message
    assert str(caught.value).startswith(name)


@pytest.mark.parametrize(
    "key", ["settings", "content", "_content", "get_content", "metadata", "url"]
)
def test_front_matter_cannot_replace_article_internals(site: Site, key: str) -> None:
    site.write("a.md", f'---\ntitle: "T"\ndate: 2025-01-01\n{key}: "x"\n---\nBody.')
    article = site.read("a.md")
    assert isinstance(article.settings, dict)
    assert article.content == "<p>Body.</p>"
    assert article.params[key] == "x"


# --- a whole site from a messy folder ------------------------------------------------


def test_mixed_folder_builds_with_exit_status_zero(tmp_path: Path) -> None:
    site = Site(tmp_path)
    good = {"good-sample.md": SAMPLE.read_text(encoding="utf-8")}
    good |= {
        f"good-{i}.md": news_file(
            f"Good {i}", f"Good body {i}.", source_url=f"https://bbc.co.uk/{i}"
        )
        for i in range(3)
    }
    bad = {
        "bad-yaml.md": "---\ntitle: [\n---\nBody",
        "bad-bytes.md": b"\xff\xfe\x00garbage",
        "bad-empty.md": "",
        "bad-date.md": news_file("Bad date", "B.", date='"yesterday-ish"'),
        "bad-bomb.md": ALIAS_BOMB,
    }
    for name, text in {**good, **bad, **HOSTILE}.items():
        site.write(name, text)
    (tmp_path / "pelicanconf.py").write_text(
        f"PATH = {str(site.content)!r}\nOUTPUT_PATH = {str(site.output)!r}\n"
        "PLUGINS = ['pelican_newsimport']\nTIMEZONE = 'UTC'\nSITEURL = ''\n"
        "FEED_ALL_ATOM = 'feeds/all.atom.xml'\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(tmp_path / "pelicanconf.py")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=300,
    )
    log = re.sub(r"\s+", " ", result.stdout + result.stderr)
    assert result.returncode == 0, log
    for name in good:
        assert (site.output / name.replace(".md", ".html")).exists(), name
    for name in bad:
        assert log.count(name) == 1, (name, log)
    assert "Could not process" not in log
    assert _check_site(site.output) == []


def test_author_named_like_a_category_does_not_stop_the_build(site: Site) -> None:
    site.write(
        "a.md",
        '---\ntitle: "A"\ndate: 2025-01-01\ncategories: ["News"]\n'
        'author: "News"\ntags: ["news"]\n---\nBody.',
    )
    site.build(
        CATEGORY_FEED_ATOM="feeds/{slug}.atom.xml",
        AUTHOR_FEED_ATOM="feeds/{slug}.atom.xml",
        TAG_FEED_ATOM="feeds/{slug}.atom.xml",
    )
    assert (site.output / "feeds" / "news.atom.xml").exists()
    assert (site.output / "feeds" / "news-author.atom.xml").exists()
    assert (site.output / "feeds" / "news-tag.atom.xml").exists()
    page = site.html("a.html")
    assert page.find("a", href="/author/news-author.html") is not None


# --- Pelican's content cache ------------------------------------------------------


def _snapshot(output: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(output)): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


def test_content_cache_reuses_articles_and_output_is_identical(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pelican_newsimport.reader import NewsImportReader

    for i in range(3):
        site.write(
            f"n-{i}.md",
            news_file(
                f"N {i}",
                pipeline_body(f'Said "{i}".Next.'),
                source_url=f"https://bbc.co.uk/{i}",
            ),
        )
    site.copy(SAMPLE, "sample.md")
    reads: list[str] = []
    original = NewsImportReader.read

    def counting(self, source_path):
        reads.append(Path(source_path).name)
        return original(self, source_path)

    monkeypatch.setattr(NewsImportReader, "read", counting)
    cached = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(site.content.parent / "cache"),
        "CHECK_MODIFIED_METHOD": "mtime",
    }
    site.build(**cached)
    first = _snapshot(site.output)
    assert sorted(reads) == ["n-0.md", "n-1.md", "n-2.md", "sample.md"]

    reads.clear()
    site.build(**cached)
    assert reads == []
    assert _snapshot(site.output) == first

    reads.clear()
    changed = site.content / "n-1.md"
    changed.write_text(changed.read_text().replace("N 1", "N one"), encoding="utf-8")
    site.build(**cached)
    assert reads == ["n-1.md"]
    assert "N one" in site.html("n-1.html").select_one(".entry-title").get_text()
