"""The benchmark's own checks: its breakdown rows name functions that exist and
a row that records nothing stops the run."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import corpus
import running

from tests.support.pipeline import encode_body


@pytest.mark.parametrize("row", running.BREAKDOWN, ids=lambda row: row[2])
def test_every_breakdown_row_names_a_function(row: tuple) -> None:
    module, attribute, *_ = row
    owner = importlib.import_module(module)
    for part in attribute.split("."):
        owner = getattr(owner, part)
    assert callable(owner)


def test_a_row_without_calls_fails_loudly() -> None:
    timings = {label: [0.1, 1] for _m, _a, label, _i, _s in running.BREAKDOWN}
    running.check_breakdown(corpus.PLUGIN, timings)
    timings["interpret"] = [0.0, 0]
    with pytest.raises(running.ChildError, match="interpret"):
        running.check_breakdown(corpus.PLUGIN, timings)


def test_benchmark_files_are_pipeline_files() -> None:
    [article] = corpus.generate_articles(1)
    text = corpus.pipeline_text(article)
    assert text.endswith(encode_body(article.body))
    assert 'source_name: "Unknown Source" # ' in text


def test_every_size_swaps_which_variant_builds_first(monkeypatch, tmp_path) -> None:
    order = []

    def fake_child(spec, scratch):
        order.append((len(order), spec["variant"]))
        return {"build": 1.0, "wall": 1.0, "articles": 0}

    monkeypatch.setattr(running, "run_child", fake_child)
    monkeypatch.setattr(running, "site_settings", lambda site, variant: {})
    sizes = {n: {"plugin": tmp_path, "plain": tmp_path} for n in (2000, 10000)}
    running._rounds("build", sizes, 4, tmp_path)
    firsts = [variant for index, variant in order if index % 2 == 0]
    by_size = {n: firsts[i::2] for i, n in enumerate(sizes)}
    for first in by_size.values():
        assert first.count("plugin") == first.count("plain") == 2
        assert first[0] != first[1]
