"""The README tells the truth: its commands are what CI runs, its tables match."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pelican_newsimport.cli import main
from pelican_newsimport.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _bash_blocks() -> list[str]:
    return re.findall(r"```bash\n(.*?)```", README, re.S)


def test_the_two_fresh_machine_commands_are_what_ci_runs() -> None:
    commands = [b.strip() for b in _bash_blocks() if b.startswith("python3 -m venv")]
    assert len(commands) == 2
    assert "pelican -s example_site/pelicanconf.py" in commands[0]
    assert commands[1].endswith(".venv/bin/pytest")
    ci_lines = [line.strip() for line in CI.splitlines()]
    for command in commands:
        assert command in ci_lines


def test_the_fresh_machine_commands_come_first() -> None:
    first_command = README.index("python3 -m venv")
    assert README.index("## Installing into an existing site") > first_command
    assert README.index("## Settings") > first_command


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_has_a_row_with_its_default(name: str) -> None:
    row = next(
        (line for line in README.splitlines() if line.startswith(f"| `{name}` |")), ""
    )
    assert row, f"{name} is missing from the README's settings table"
    assert f"`{SETTINGS[name].default!r}`" in row


def test_the_check_command_shown_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    command = next(b for b in _bash_blocks() if "pelican-newsimport check" in b)
    argv = command.split()
    assert argv[0] == ".venv/bin/pelican-newsimport"
    monkeypatch.chdir(ROOT)
    assert main(argv[1:]) == 0
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.match(r"\d+ files checked: \d+ news files", summary)
    assert "0 broken" in summary


def _snippets(language: str) -> list[tuple[str, str]]:
    """Each ``language`` code block with the text just before it."""
    found = []
    for match in re.finditer(rf"```{language}\n(.*?)```", README, re.S):
        before = README[: match.start()].rstrip().rsplit("\n\n", 1)[-1]
        found.append((before, match.group(1)))
    return found


def _without_leading_comment(template: str) -> str:
    return re.sub(r"\A\{#-?.*?-?#\}\n", "", template, flags=re.S)


def test_template_snippets_are_the_real_files() -> None:
    snippets = _snippets("jinja")
    assert snippets
    for before, code in snippets:
        [name] = re.findall(r"`(example_site/templates/[^`]+)`", before)
        real = (ROOT / name).read_text(encoding="utf-8")
        assert code == _without_leading_comment(real), name


def test_the_article_snippet_guards_on_the_source() -> None:
    for _before, code in _snippets("jinja"):
        if "source_link.html" in code:
            assert "{% if article.source %}" in code


def test_settings_snippets_are_in_the_example_settings() -> None:
    conf = (ROOT / "example_site" / "pelicanconf.py").read_text(encoding="utf-8")
    snippets = _snippets("python")
    assert snippets
    for _before, code in snippets:
        assert code.strip() in conf


def test_listen_serves_the_example_site(tmp_path: Path) -> None:
    command = next(b for b in _bash_blocks() if "--listen" in b).strip()
    pelican = str(Path(sys.executable).with_name("pelican"))
    argv = command.split()
    argv[0] = pelican
    subprocess.run(  # build first, as the README's first command did
        [pelican, "-s", "example_site/pelicanconf.py", "-o", str(tmp_path / "out")],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    argv += ["-o", str(tmp_path / "out")]
    server = subprocess.Popen(
        argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        page = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen("http://127.0.0.1:8000/", timeout=2) as r:
                    page = r.read().decode("utf-8")
            except OSError:
                time.sleep(0.3)
        assert "Imported News" in page
    finally:
        server.terminate()
        server.wait(timeout=10)
