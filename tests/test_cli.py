"""The command line, run in-process through ``main([...])``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pelican_newsimport.cli import PROGRESS_THRESHOLD, main
from tests.conftest import SAMPLE, news_file, pipeline_body
from tests.conftest import write_file as write

ANSI_ESCAPE = "\x1b"
GLUED = pipeline_body(
    'Talks opened in Istanbul on Friday.The delegations met for two hours."We '
    'are ready," an envoy said.Markets barely moved.'
)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A small folder: one good pipeline file and one plain Pelican file."""
    folder = tmp_path / "content"
    write(
        folder,
        "news/talks-open-1001.md",
        news_file(
            "Talks open",
            GLUED,
            source_url="https://www.ibtimes.com/talks-open-1001",
        ),
    )
    write(folder, "pages/about.md", "Title: About us\nDate: 2025-01-01\n\nHello.\n")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def block(out: str, path: Path) -> str:
    """The lines the human report prints for one file."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{path}:"))
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")),
        len(lines),
    )
    return "\n".join(lines[start:end])


def test_check_reports_repairs_publisher_and_plain_files(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "check", str(content))

    news = block(out, content / "news" / "talks-open-1001.md")
    assert "escape level 2 undone" in news
    assert "3 paragraphs restored" in news
    assert "title: Talks open" in news
    assert "publisher: International Business Times (derived from ibtimes.com" in news
    plain = block(out, content / "pages" / "about.md")
    assert "plain Pelican file" in plain
    assert "title: About us" in plain
    assert out.splitlines()[-1].startswith("2 files checked: 1 news file")
    assert "1 plain Pelican file, 0 broken" in out.splitlines()[-1]
    assert status == 0
    assert err == ""


def test_walks_only_configured_extensions_in_sorted_order(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(content, "notes.txt", "not an article")
    write(content, "a-first.markdown", news_file("First", "Text."))

    _, out, _ = run(capsys, "check", str(content))

    checked = [line.split(":")[0] for line in out.splitlines() if line[:1] != " "]
    assert checked[:-1] == [
        str(content / "a-first.markdown"),
        str(content / "news" / "talks-open-1001.md"),
        str(content / "pages" / "about.md"),
    ]


def test_broken_yaml_names_file_and_line_once_and_exits_1(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = write(content, "broken.md", '---\ntitle: "x"\ntags: [open\n---\nBody')

    status, out, err = run(capsys, "check", str(content))

    assert status == 1
    assert f"{broken}:3: error: invalid YAML" in out
    assert out.count(str(broken)) == 1
    assert "1 broken" in out.splitlines()[-1]
    assert "invalid YAML" not in err


def test_plain_file_without_title_and_missing_path_are_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    untitled = write(tmp_path, "untitled.md", "Just a paragraph.\n")
    missing = tmp_path / "missing.md"

    status, out, _ = run(capsys, "check", str(untitled), str(missing))

    assert status == 1
    assert f"{untitled}: error: no title" in out
    assert f"{missing}: error: no such file" in out


def test_same_title_and_same_source_url_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = write(
        tmp_path,
        "storm-hits-coast-11.md",
        news_file("Storm hits coast", "One.", source_url="https://www.bbc.co.uk/a"),
    )
    second = write(
        tmp_path,
        "storm-hits-coast-22.md",
        news_file("Storm hits coast", "Two.", source_url="https://apnews.com/b"),
    )
    original = write(
        tmp_path,
        "dam-opens-33.md",
        news_file(
            "Dam opens",
            "Three.",
            date='"2025-05-15T00:00:00+03:00"',
            source_url="https://www.ibtimes.com/dam?utm_source=feed",
        ),
    )
    copy = write(
        tmp_path,
        "dam-opens-again-44.md",
        news_file("Dam opens again", "Four.", source_url="https://ibtimes.com/dam/"),
    )

    status, out, _ = run(capsys, "check", str(tmp_path))

    assert f"same title as {second} (each keeps its own URL)" in block(out, first)
    assert f"same title as {first}" in block(out, second)
    assert f"same source URL as {original}: only {original} is published" in block(
        out, copy
    )
    assert f"same source URL as {copy}" in block(out, original)
    assert "NEWSIMPORT_DUPLICATES = 'warn'" in block(out, copy)
    assert "same source URL" not in block(out, first)
    assert out.splitlines()[-1].endswith("1 title collision, 1 duplicate source URL")
    assert status == 0


def test_same_slug_says_which_file_moves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slug = 'slug: "shared"\n'
    first = write(tmp_path, "a.md", news_file("One", "x.", extra=slug))
    second = write(
        tmp_path,
        "b.md",
        news_file("Two", "y.", source_url="https://example.org/2", extra=slug),
    )

    _, out, _ = run(capsys, "check", str(tmp_path))

    assert "this file keeps its URL" in block(out, first)
    assert "this file gets its own URL at build time" in block(out, second)


def test_json_report(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(content, "broken.md", '---\ntitle: "x"\ntags: [open\n---\nBody')
    write(
        content,
        "news/talks-open-again-1002.md",
        news_file(
            "Talks open", "Copy.", source_url="https://ibtimes.com/talks-open-1001"
        ),
    )

    status, out, err = run(capsys, "check", "--format", "json", str(content))

    report = json.loads(out)
    files = {Path(f["path"]).name: f for f in report["files"]}
    news = files["talks-open-1001.md"]
    assert news["status"] == "ok"
    assert news["title"] == "Talks open"
    assert news["escape_level"] == 2
    assert news["paragraphs_restored"] == 3
    assert news["publisher"] == "International Business Times"
    assert news["publisher_derived"] is True
    assert news["error"] is None
    again = files["talks-open-again-1002.md"]
    assert again["duplicate_of"] == news["path"]
    assert again["same_title_as"] == [news["path"]]
    assert files["about.md"]["status"] == "plain"
    assert files["broken.md"]["status"] == "error"
    assert files["broken.md"]["error"]["line"] == 3
    assert "invalid YAML" in files["broken.md"]["error"]["message"]
    summary = report["summary"]
    assert (summary["files"], summary["ok"], summary["plain"], summary["errors"]) == (
        4,
        2,
        1,
        1,
    )
    assert summary["duplicates"] == 1
    assert summary["title_collisions"] == 1
    assert status == 1
    assert err == ""


def test_given_publisher_is_not_reported_as_derived(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "a.md", news_file("A", "x.", source_name="Local Desk"))

    _, out, _ = run(capsys, "check", "--format", "json", str(tmp_path))

    [record] = json.loads(out)["files"]
    assert record["publisher"] == "Local Desk"
    assert record["publisher_derived"] is False


@pytest.fixture
def many_files(tmp_path: Path) -> Path:
    for number in range(PROGRESS_THRESHOLD + 5):
        write(tmp_path, f"story-{number:03}.md", news_file(f"Story {number}", "x."))
    return tmp_path


def test_piped_output_has_no_progress_bar(
    many_files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "check", str(many_files))

    assert status == 0
    assert err == ""
    assert ANSI_ESCAPE not in out
    assert out.splitlines()[-1].startswith(f"{PROGRESS_THRESHOLD + 5} files checked")


def test_terminal_gets_a_progress_bar_on_stderr_only(
    many_files: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)

    _, out, err = run(capsys, "check", str(many_files))

    assert "checking" in err
    assert ANSI_ESCAPE not in out

    _, _, quiet = run(capsys, "check", "--no-progress", str(many_files))
    assert quiet == ""


def test_show_prints_metadata_then_repaired_paragraphs(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "show", str(content / "news" / "talks-open-1001.md"))

    head, _, body = out.partition("\n\n")
    assert "title: Talks open" in head.splitlines()
    assert "date: 2025-05-16T00:00:00+03:00" in head.splitlines()
    assert "source: International Business Times (ibtimes.com)" in head.splitlines()
    assert "newsimport.escape_level: 2" in head.splitlines()
    paragraphs = body.strip().split("\n\n")
    assert paragraphs[:4] == [
        "Talks opened in Istanbul on Friday.",
        "The delegations met for two hours.",
        '"We are ready," an envoy said.',
        "Markets barely moved.",
    ]
    assert "\\" not in out
    assert "<p>" not in out
    assert status == 0


def test_show_sample_has_no_backslashes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", str(SAMPLE))

    _, _, body = out.partition("\n\n")
    assert body.count("\n\n") > 10
    assert "\\" not in out
    assert status == 0


def test_show_html(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys, "show", "--html", str(content / "news" / "talks-open-1001.md")
    )

    assert "<p>Talks opened in Istanbul on Friday.</p>" in out


def test_show_broken_file_prints_one_line_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = write(tmp_path, "broken.md", '---\ntitle: "x"\ntags: [open\n---\nBody')

    status, out, err = run(capsys, "show", str(broken))

    assert status == 1
    assert out == ""
    assert err.splitlines() == [
        f"{broken}:3: error: invalid YAML: expected ',' or ']', but got '<stream end>'"
    ]


def test_site_settings_are_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conf = write(
        tmp_path,
        "pelicanconf.py",
        'PATH = "content"\nNEWSIMPORT_EXTENSIONS = ["news"]\n'
        'NEWSIMPORT_DUPLICATES = "keep"\n',
    )
    write(tmp_path, "content/a.news", news_file("A", "x."))
    write(tmp_path, "content/b.news", news_file("B", "y."))
    write(tmp_path, "content/c.md", news_file("C", "z."))

    status, out, _ = run(capsys, "check", "--settings", str(conf))

    assert out.splitlines()[-1].startswith("2 files checked")
    assert "all copies are published (NEWSIMPORT_DUPLICATES = 'keep')" in out
    assert status == 0


def test_bad_settings_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conf = write(tmp_path, "pelicanconf.py", "PATH = (\n")

    status, _, err = run(capsys, "check", "--settings", str(conf))

    assert status == 2
    assert "cannot load settings" in err


def test_usage_errors_return_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "check", "--format", "xml", ".")

    assert status == 2
    assert "invalid choice" in err


def test_python_m_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pelican_newsimport", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode == 0
    assert "usage: pelican-newsimport" in result.stdout
    assert "check" in result.stdout
    assert "show" in result.stdout


def test_console_script(content: Path) -> None:
    script = shutil.which("pelican-newsimport") or str(
        Path(sys.executable).with_name("pelican-newsimport")
    )
    if not Path(script).exists():
        pytest.skip("console script not installed")
    broken = write(content, "broken.md", '---\ntitle: "x"\ntags: [open\n---\nBody')
    result = subprocess.run(
        [script, "check", str(content)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode == 1
    assert "escape level 2 undone" in result.stdout
    assert result.stdout.count(f"{broken}:3: error: invalid YAML") == 1
    assert ANSI_ESCAPE not in result.stdout + result.stderr
    assert result.stderr == ""
