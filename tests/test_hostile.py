"""Hostile and messy input: nothing lost, nothing injected, the build keeps going."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import html5lib
import pytest
from pelican import Pelican

from pelican_newsimport import NewsImportError
from pelican_newsimport.safety import terminal_safe
from tests.conftest import (
    EXAMPLE_SITE,
    SAMPLE,
    Site,
    news_file,
    pipeline_body,
    site_settings,
    write_file,
)
from tests.support.themes import THEMES, isolated_signals, theme_settings

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


_SCRIPT_URL = re.compile(r"\s*(javascript|data|vbscript):", re.I)
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "poster", "data", "cite"}
    | {"background", "longdesc", "usemap", "ping", "manifest", "icon"}
)


def _is_url(tag: str, name: str, element) -> bool:
    """Whether a browser (or a link preview) follows this attribute as a URL."""
    if name in _URL_ATTRIBUTES:
        return True
    kind = (element.get("property") or element.get("name") or "").lower()
    return tag == "meta" and name == "content" and ("image" in kind or "url" in kind)


# The only frames allowed: Hugo's youtube/vimeo shortcodes, built by the plugin
# from a checked id (shortcodes._ID), never from a URL in the file.
_VIDEO_PLAYER = re.compile(
    r"https://(www\.youtube-nocookie\.com/embed/|player\.vimeo\.com/video/)"
    r"[A-Za-z0-9_-]{1,64}(\?dnt=1)?"
)


def _live_markup(document) -> list[str]:
    """Everything in a parsed page that runs code or moves the reader elsewhere."""
    problems = []
    for element in document.iter():
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if tag == "script" and element.get("type") != "application/ld+json":
            problems.append(f"<script src={element.get('src')}>{element.text}")
        player = tag == "iframe" and _VIDEO_PLAYER.fullmatch(element.get("src") or "")
        if tag in {"iframe", "object", "embed", "frame", "base"} and not player:
            problems.append(f"<{tag}>")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            problems.append(f"<meta refresh {element.get('content')}>")
        for qualified, value in element.attrib.items():
            name = qualified.rsplit("}", 1)[-1].lower()
            if name.startswith("on"):
                problems.append(f"{tag} {name}={value}")
            if _is_url(tag, name, element) and _SCRIPT_URL.match(value or ""):
                problems.append(f"{tag} {name}={value}")
            if name == "style" and re.search(r"javascript:|expression\(", value, re.I):
                problems.append(f"{tag} style={value}")
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
    assert _check_site(tmp_path) == ["x.html: <script src=None>alert(1)"]
    page.write_text('<a href=" javascript:x()" onclick="y()">z</a>', encoding="utf-8")
    assert len(_check_site(tmp_path)) == 2
    page.write_text(
        '<meta http-equiv="Refresh" content="0;url=https://evil.example/">'
        '<div style="background:url(javascript:alert(1))">'
        '<meta property="og:image" content="javascript:alert(2)">'
        '<meta name="description" content="javascript: a word in a summary">',
        encoding="utf-8",
    )
    assert len(_check_site(tmp_path)) == 3


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
        ("past-unicode.md", '---\ntitle: "\\Uffffffff"\n---\nB', "\\Uffffffff"),
        ("past-unicode-2.md", '---\nt: x\ntags: ["\\U00110000"]\n---\nB', "U0011"),
    ],
)
def test_loading_is_bounded(site: Site, name: str, text: str, message: str) -> None:
    site.write(name, text)
    with pytest.raises(NewsImportError) as caught:
        site.read(name)
    assert message in caught.value.message
    assert str(caught.value).startswith(name)
    if name.startswith("past-unicode"):
        assert caught.value.line == text.count("\n", 0, text.index("\\U")) + 1


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


# --- one site of hostile files beside a small site of its own ----------------------
#
# tests/cases/hostile/site is the site's own content (a page, an article) to
# which the test adds a static image and a pipeline article;
# tests/cases/hostile/imported holds one file per kind of bad input (each says
# why in its front matter), and GENERATED below the ones whose bytes matter.
# Every hostile file must be published (its "hostile-token-..." text is on a
# page) or named, with its reason, in exactly one log line.

CASES = Path(__file__).parent / "cases" / "hostile"
# A 1x1 PNG: the site's own static image, which must keep its path and bytes.
LOGO = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
# Named as the pipeline names its files: title slug, then the API's news id.
PIPELINE_STEM = SAMPLE.stem + "-3773713"
PIPELINE_NAME = f"news/{PIPELINE_STEM}.md"
OWN_OUTPUTS = ("about.html", "welcome.html", "images/logo.png", f"{PIPELINE_STEM}.html")


def _token(name: str) -> str:
    return "hostile-token-" + name.rsplit(".", 1)[0].replace("/", "-")


def _generated() -> dict[str, bytes]:
    """Files whose exact bytes are the point."""

    def pipeline(name: str, title: str, body: str) -> str:
        return news_file(
            title,
            f"{body}\n\n{_token(name)}",
            source_url=f"https://www.example.com/{name.removesuffix('.md')}",
        )

    nested = "---\ntitle: x\na: " + "[" * 5000 + "]" * 5000 + "\n---\nB"
    return {
        "raw-control-title.md": pipeline(
            "raw-control-title.md",
            "Vertical\x0btab and form\x0cfeed title",
            "Raw ESC \x1b[31m, BEL \x07 and NUL-free controls \x01\x02 in a body.",
        ).encode(),
        "raw-nonchar-body.md": pipeline(
            "raw-nonchar-body.md",
            "Raw noncharacters",
            "A body with \ufffe, \uffff and \U0010ffff written raw.",
        ).encode(),
        "windows-1252.md": pipeline(
            "windows-1252.md",
            "Café “Zürich” — naïve",
            "Der Bürgermeister sagte: „Größer wird es nicht.“ Señor Muñoz nickte.",
        ).encode("cp1252"),
        "mixed-encoding.md": pipeline(
            "mixed-encoding.md", "Zürich “mixed” file", "BODYMARK"
        )
        .encode()
        .replace(
            b"BODYMARK",
            "Der Bürgermeister sagte: „Größer wird es nicht.“".encode("cp1252"),
        ),
        "utf-16-bom.md": (
            "\ufeff" + pipeline("utf-16-bom.md", "UTF-16 file", "Written by Windows.")
        ).encode("utf-16-le"),
        "utf8-bom-crlf.md": (
            "\ufeff" + pipeline("utf8-bom-crlf.md", "BOM and CRLF", "Windows lines.")
        )
        .replace("\n", "\r\n")
        .encode(),
        "lone-surrogate.md": pipeline(
            "lone-surrogate.md", "Lone surrogate", "An encoded lone \udc80 surrogate."
        ).encode("utf-8", "surrogatepass"),
        "plain-pelican-controls.md": (
            b"Title: Plain \x07bell\x0bfile\nDate: 2025-05-07\n\n"
            b"A Pelican-style file with \x1b[1m controls \x0c inside.\n\n"
            + _token("plain-pelican-controls.md").encode()
        ),
        "plain-latin1.md": "Title: Café\nDate: 2025-05-07\n\nÉté.".encode("cp1252"),
        "esc\x1b[2Jname\u202e.md": b"---\ntitle: [broken\n---\nA file name with ESC.",
        "binary-png.md": LOGO,
        "not-text.md": b"---\ntitle: x\n---\n" + bytes(range(0x80, 0x100)) * 3,
        "huge-front-matter.md": (
            "---\ntitle: x\nk: " + "v" * 70000 + "\n---\nB"
        ).encode(),
        "deep-nesting.md": nested.encode(),
        "bom-only.md": b"\xef\xbb\xbf",
    }


def _hostile_names() -> list[str]:
    folder = CASES / "imported"
    written = [p.relative_to(folder).as_posix() for p in folder.rglob("*.md")]
    return sorted([*written, *_generated()])


def _tokens(name: str) -> bool:
    """Whether the file carries a token (files refused by design do not)."""
    generated = _generated()
    data = (
        generated[name]
        if name in generated
        else (CASES / "imported" / name).read_bytes()
    )
    return _token(name).encode() in data or _token(name).encode("utf-16-le") in data


def _make_site(root: Path, hostile: bool) -> Path:
    content = root / "content"
    shutil.copytree(CASES / "site", content)
    write_file(content, "images/logo.png", LOGO)
    write_file(content, PIPELINE_NAME, SAMPLE.read_bytes())
    if hostile:
        shutil.copytree(CASES / "imported", content / "imported")
        for name, data in _generated().items():
            write_file(content / "imported", name, data)
    settings = {
        "PATH": str(content),
        "OUTPUT_PATH": str(root / "output"),
        "THEME_TEMPLATES_OVERRIDES": [str(EXAMPLE_SITE / "templates")],
        **HOSTILE_SITE_SETTINGS,
    }
    conf = root / "pelicanconf.py"
    conf.write_text(
        "".join(f"{key} = {value!r}\n" for key, value in settings.items()),
        encoding="utf-8",
    )
    return conf


HOSTILE_SITE_SETTINGS = {
    "PLUGINS": ["pelican_newsimport"],
    "SITENAME": "Hostile",
    "AUTHOR": "Site Owner",
    "SITEURL": "",
    "TIMEZONE": "UTC",
    "DEFAULT_LANG": "en",
    "PAGE_URL": "{slug}.html",
    "PAGE_SAVE_AS": "{slug}.html",
    "DISPLAY_CATEGORIES_ON_MENU": False,
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "FEED_ALL_RSS": "feeds/all.rss.xml",
    "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
    "AUTHOR_FEED_ATOM": "feeds/{slug}.atom.xml",
    "AUTHOR_FEED_RSS": "feeds/{slug}.rss.xml",
    "TAG_FEED_ATOM": "feeds/{slug}.tag.atom.xml",
    "NEWSIMPORT_CANONICAL": True,
}


def _pelican(conf: Path) -> tuple[int, list[str]]:
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(conf)],
        capture_output=True,
        text=True,
        cwd=conf.parent,
        check=False,
        timeout=600,
        env={**os.environ, "COLUMNS": "4000"},
    )
    return result.returncode, [
        line.rstrip() for line in (result.stdout + result.stderr).splitlines()
    ]


# Known failures on this branch, each with its reason; the output-path plan
# (helper "core") is what removes them.  Strict: a case that starts to pass
# fails the run until it is taken off these lists.
BUILD_STOPPERS: dict[str, str] = {}
KNOWN_FAILURES: dict[str, str] = {}
_CONTINUATION = re.compile(r" {11,}(?!DEBUG|INFO|WARNING|ERROR|CRITICAL)\S")


@dataclass
class HostileBuild:
    root: Path
    status: int
    log: list[str]

    @property
    def output(self) -> Path:
        return self.root / "output"

    def records(self) -> list[str]:
        """Log records: a rich log line plus its indented continuation lines."""
        records: list[str] = []
        for line in self.log:
            if records and _CONTINUATION.match(line):
                records[-1] += " " + line.strip()
            else:
                records.append(line)
        return records

    def lines_naming(self, name: str) -> list[str]:
        """The records that name a file, less Pelican's own note on shared slugs.

        Pelican lists every file sharing a slug before the plan moves one of
        them ("There are 2 original (not translated) items with slug ..."),
        depending on the order it read them in; the plan's own line is the one
        that says what happened.
        """
        shown = {f"imported/{name}", f"imported/{terminal_safe(name)}"}
        return [
            record
            for record in self.records()
            if any(path in record for path in shown)
            and "items with slug" not in record
            and 'items "with slug' not in record
        ]


def _build(root: Path, hostile: bool, leave_out=()) -> HostileBuild:
    conf = _make_site(root, hostile)
    for name in leave_out:
        (root / "content" / "imported" / name).unlink()
    status, log = _pelican(conf)
    return HostileBuild(root, status, log)


@pytest.fixture(scope="module")
def own_site(tmp_path_factory: pytest.TempPathFactory) -> HostileBuild:
    return _build(tmp_path_factory.mktemp("own-site"), hostile=False)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> HostileBuild:
    """The site with every hostile file in it."""
    return _build(tmp_path_factory.mktemp("hostile-site"), hostile=True)


@pytest.fixture(scope="module")
def hostile_build_going_on(hostile_build, tmp_path_factory) -> HostileBuild:
    """The same site, less the files that still stop the build (see above)."""
    if not BUILD_STOPPERS:
        return hostile_build
    root = tmp_path_factory.mktemp("hostile-site-less-stoppers")
    return _build(root, hostile=True, leave_out=BUILD_STOPPERS)


def _published_tokens(output: Path) -> set[str]:
    found = set()
    pattern = re.compile(r"hostile-token-[^<\s]+(?: with spaces &amp; ünïcode)?")
    for page in output.rglob("*.html"):
        for token in pattern.findall(page.read_text(encoding="utf-8")):
            found.add(html.unescape(token))
    return found


_STOPPED = pytest.mark.xfail(
    bool(BUILD_STOPPERS), reason="; ".join(BUILD_STOPPERS.values()), strict=True
)


@_STOPPED
def test_the_hostile_site_builds_with_exit_status_zero(own_site, hostile_build):
    assert own_site.status == 0
    assert hostile_build.status == 0, "\n".join(hostile_build.log[-40:])
    assert not any("Traceback" in line for line in hostile_build.log)


def test_the_build_goes_on_without_the_known_stoppers(hostile_build_going_on):
    assert hostile_build_going_on.status == 0, "\n".join(hostile_build_going_on.log)
    assert not any("Traceback" in line for line in hostile_build_going_on.log)
    log = "\n".join(hostile_build_going_on.log)
    assert _terminal_problems(log) == []  # an ESC in a file name stays text


def test_the_sites_own_outputs_keep_their_paths_and_bytes(
    own_site, hostile_build_going_on
) -> None:
    before = _snapshot(own_site.output)
    after = _snapshot(hostile_build_going_on.output)
    for relative in OWN_OUTPUTS:
        assert relative in before, relative
        assert after.get(relative) == before[relative], relative


def _outcome_params() -> list:
    params = []
    for name in _hostile_names():
        reason = BUILD_STOPPERS.get(name) or KNOWN_FAILURES.get(name)
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(name, marks=marks, id=name))
    return params


@pytest.mark.parametrize("name", _outcome_params())
def test_each_hostile_file_is_published_or_named_once(
    hostile_build_going_on, name
) -> None:
    build = hostile_build_going_on
    assert (build.root / "content" / "imported" / name).exists(), "left out"
    published = _token(name) in _published_tokens(build.output)
    lines = build.lines_naming(name)
    if not published:
        assert len(lines) == 1, (name, lines)
        assert re.search(r"\b(ERROR|WARNING)\b", lines[0]), lines[0]
        assert "Could not process" not in lines[0]
    else:
        assert _tokens(name)
        assert len(lines) <= 2, (name, lines)


def test_no_page_or_feed_carries_live_markup_from_imported_data(
    hostile_build_going_on,
) -> None:
    assert _check_site(hostile_build_going_on.output) == []


def test_every_feed_is_well_formed_for_a_strict_xml_parser(hostile_build_going_on):
    feeds = sorted(hostile_build_going_on.output.rglob("*.xml"))
    assert len(feeds) > 3
    for feed in feeds:
        ET.parse(feed)  # expat: raises on anything not well-formed


def test_nothing_is_written_outside_the_output_folder(hostile_build) -> None:
    written = {p.name for p in hostile_build.root.iterdir()}
    assert written <= {"content", "output", "pelicanconf.py", "__pycache__"}
    assert not (hostile_build.root.parent / "escape.html").exists()


def test_the_imported_values_that_steer_themes_are_not_attributes(
    hostile_build_going_on,
) -> None:
    page = (hostile_build_going_on.output / "steer-redirect.html").read_text("utf-8")
    assert "evil.example" not in page.split("<body", 1)[0]


def _page(build: HostileBuild, name: str):
    return html5lib.parse((build.output / name).read_text("utf-8"), "etree")


def _credit(build: HostileBuild, name: str) -> tuple[str, str]:
    page = _page(build, name)
    x = "{http://www.w3.org/1999/xhtml}"
    for paragraph in page.iter(f"{x}p"):
        if paragraph.get("class") == "newsimport-attribution":
            link = paragraph.find(f"{x}a")
            return link.text, link.get("href")
    raise AssertionError(f"{name} has no credit")


def test_invisible_characters_do_not_hide_a_placeholder(hostile_build_going_on):
    assert _credit(hostile_build_going_on, "zero-width-placeholder.html")[0] == (
        "Voice of America"
    )


def test_a_look_alike_domain_is_shown_in_punycode(hostile_build_going_on) -> None:
    build = hostile_build_going_on
    assert _credit(build, "publisher-reuters.html")[0] == "Reuters"
    name, href = _credit(build, "publisher-homoglyph.html")
    assert name == "xn--ruters-3of.com"
    assert href == "https://www.xn--ruters-3of.com/world/x"


def _json_ld(build: HostileBuild, name: str) -> dict:
    page = _page(build, name)
    for script in page.iter("{http://www.w3.org/1999/xhtml}script"):
        if script.get("type") == "application/ld+json":
            return json.loads(script.text)
    raise AssertionError(f"{name} has no JSON-LD")


def test_urls_are_what_a_browser_reads(hostile_build_going_on) -> None:
    data = _json_ld(hostile_build_going_on, "url-tricks.html")
    assert data["image"] == [
        "https://img.example.com/Menafn_News_Images/local_politics.jpg"
    ]
    assert data["isBasedOn"] == "https://[2001:db8::1]:8443/story?x=1&y=2"
    credit = _credit(hostile_build_going_on, "url-tricks.html")
    assert credit[1] == data["isBasedOn"]
    # The IPv6 publisher's page has a file name every file system takes.
    output = hostile_build_going_on.output
    assert (output / "source" / "2001-db8-1.html").is_file()
    assert not [p for p in output.rglob("*") if set(p.name) & set(':[]<>"|?*\\')]


def test_a_windows_1252_file_is_published_intact(hostile_build_going_on) -> None:
    build = hostile_build_going_on
    text = (build.output / "windows-1252.html").read_text("utf-8")
    assert "Der Bürgermeister sagte: „Größer wird es nicht.“ Señor Muñoz" in text
    [line] = build.lines_naming("windows-1252.md")
    assert "decoded as windows-1252" in line


def test_a_lone_surrogate_becomes_a_replacement_character(hostile_build_going_on):
    build = hostile_build_going_on
    text = (build.output / "lone-surrogate.html").read_text("utf-8")
    assert "An encoded lone \ufffd surrogate." in text
    [line] = build.lines_naming("lone-surrogate.md")
    assert "decoded as utf-8 with lone surrogates" in line


def test_utf8_with_pasted_windows_1252_is_read_as_both(hostile_build_going_on):
    build = hostile_build_going_on
    text = (build.output / "mixed-encoding.html").read_text("utf-8")
    assert "Zürich “mixed” file" in text
    assert "Der Bürgermeister sagte: „Größer wird es nicht.“" in text
    [line] = build.lines_naming("mixed-encoding.md")
    assert "decoded as utf-8 with windows-1252 bytes" in line


def test_feeds_name_people_and_tags_once_escaped(hostile_build_going_on) -> None:
    root = ET.parse(hostile_build_going_on.output / "feeds" / "all.atom.xml")
    names = {e.text for e in root.iter(f"{ATOM}name")}
    terms = {e.get("term") for e in root.iter(f"{ATOM}category")}
    assert "Smith & Wesson" in names
    assert not any("&amp;" in (n or "") for n in names | terms)


def test_control_characters_are_gone_and_the_text_stays(hostile_build_going_on):
    build = hostile_build_going_on
    for name, words in {
        "raw-control-title.html": "Vertical tab and form feed title",
        "yaml-escape-bell.html": "Bell and NUL in a title",
        "nonchar-escape.html": "Noncharacters here",
    }.items():
        title = (build.output / name).read_text("utf-8").split("<title>")[1]
        assert title.startswith(words), (name, title[:60])


# --- the same site in real themes ----------------------------------------------------


def _theme_problems(root: Path, theme: str, hostile: bool, **extra) -> set[str]:
    """Build the site in ``theme`` (in-process) and list its live markup.

    Leaves out the known build stoppers while there are any (see above).
    """
    _make_site(root, hostile)
    for name in BUILD_STOPPERS if hostile else ():
        (root / "content" / "imported" / name).unlink()
    overrides = {**HOSTILE_SITE_SETTINGS, **theme_settings(theme), **extra}
    overrides["PLUGINS"] = [
        *HOSTILE_SITE_SETTINGS["PLUGINS"],
        *overrides["PLUGINS"][1:],
    ]
    settings = site_settings(root / "content", root / "output", **overrides)
    with isolated_signals():
        Pelican(settings).run()
    return {problem.split(": ", 1)[1] for problem in _check_site(root / "output")}


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_no_theme_turns_imported_data_into_live_markup(tmp_path, theme) -> None:
    """Whatever a theme does itself (its scripts) is in the plain build too."""
    own = _theme_problems(tmp_path / "own", theme, hostile=False)
    hostile = _theme_problems(tmp_path / "hostile", theme, hostile=True)
    assert hostile - own == set()
    assert (tmp_path / "hostile" / "output" / "steer-redirect.html").exists()


# --- check and show print only what a terminal prints ------------------------------

_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _terminal_problems(text: str) -> list[str]:
    return [
        repr(char)
        for char in set(text)
        if (unicodedata.category(char) == "Cc" and char not in "\n\t") or char in _BIDI
    ]


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-check")
    _make_site(root, hostile=True)
    return root / "content" / "imported"


def test_check_prints_no_terminal_controls_from_any_file(hostile_folder, capsys):
    from pelican_newsimport.cli import main

    status = main(["check", str(hostile_folder)])
    out, err = capsys.readouterr()
    assert status == 1  # some files are broken, and check says so
    assert _terminal_problems(out + err) == []
    lines = out.splitlines()
    # bidi-title.md's "\r0 broken" stays inside its own title line.
    assert not any(line.startswith("0 broken") for line in lines)
    assert [line for line in lines if " files checked: " in line] == lines[-1:]
    assert "\\u202e" in out  # the override is shown, escaped


def test_check_json_is_valid_and_terminal_safe(hostile_folder, capsys) -> None:
    from pelican_newsimport.cli import main

    main(["check", "--format", "json", str(hostile_folder)])
    out = capsys.readouterr().out
    assert _terminal_problems(out) == []
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert "\u202e" in files["bidi-title.md"]["title"]  # the data itself is kept


@pytest.mark.parametrize("name", ["bidi-title.md", "yaml-escape-bell.md"])
def test_show_prints_no_terminal_controls(hostile_folder, capsys, name) -> None:
    from pelican_newsimport.cli import main

    assert main(["show", str(hostile_folder / name)]) == 0
    out, err = capsys.readouterr()
    assert _terminal_problems(out + err) == []


# The keys the audited themes turn into links, images or styles.
STEERING_KEYS = ["featured_image", "cover", "og_image", "header_cover"]
STEERING_KEYS += ["twitter_image", "link", "color", "show_source_url"]


@pytest.mark.parametrize("theme", ["reflex", "seafoam", "notmyidea"])
def test_passed_through_links_are_checked_like_images(tmp_path, theme) -> None:
    """A site that lets themes read cover and friends still gets no script URL."""
    passthrough = {"NEWSIMPORT_PASSTHROUGH": STEERING_KEYS}
    own = _theme_problems(tmp_path / "own", theme, False, **passthrough)
    hostile = _theme_problems(tmp_path / "hostile", theme, True, **passthrough)
    assert hostile - own == set()
