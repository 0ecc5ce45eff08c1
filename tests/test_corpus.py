"""Paragraph recovery on real news articles, glued and escaped as the pipeline does.

The corpus (``tests/corpus``, credited in ``tests/corpus/SOURCES.md``) and the
measuring code (``benchmarks/paragraph_report.py``) are described there. These tests
hold the repair to floors on that corpus.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
SCRIPT = ROOT / "benchmarks" / "paragraph_report.py"


def _load_report_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("paragraph_report", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


report_module = _load_report_module()


@pytest.fixture(scope="module")
def corpus():
    return report_module.load_corpus(CORPUS)


@pytest.fixture(scope="module")
def report(corpus):
    return report_module.score(corpus)


def test_corpus_is_large_and_multilingual(corpus):
    assert len(corpus) >= 30
    assert len({article.lang for article in corpus}) >= 3
    assert all(len(article.paragraphs) >= 3 for article in corpus)


def test_every_corpus_file_is_credited_in_sources():
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for path in sorted(CORPUS.glob("*.txt")):
        assert f"`{path.name}`" in sources, path.name


def test_encoding_matches_the_pipeline():
    encode = report_module.encode_pipeline
    assert encode('a "b" c') == 'a \\\\"b\\\\" c'
    assert encode("back\\slash") == "back\\\\slash"
    assert encode('\\"') == '\\\\\\\\"'


def test_load_article_rejects_a_badly_laid_out_file(tmp_path):
    path = tmp_path / "en-bad.txt"
    path.write_text("Title\n\nOne.\n\n\nTwo.\n", encoding="utf-8")
    with pytest.raises(report_module.CorpusFormatError):
        report_module.load_article(path)


def test_score_of_a_perfect_repair_is_perfect(corpus):
    class Perfect:
        def __init__(self, paragraphs):
            self.paragraphs = paragraphs

    by_text = {
        report_module.encode_pipeline(article.glued): article.paragraphs
        for article in corpus
    }
    perfect = report_module.score(corpus, lambda text: Perfect(by_text[text]))
    assert perfect.f1 == 1.0
    assert perfect.fidelity_failures == 0


def test_repair_keeps_the_text(report):
    failures = [r.article.name for r in report.results if not r.fidelity]
    assert report.fidelity_failures == 0, failures


def test_repair_restores_paragraphs(report):
    assert report.f1 >= 0.95, report.summary()
    assert report.precision >= 0.97, report.summary()
