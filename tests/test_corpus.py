"""Paragraph recovery on real news articles, glued and escaped as the pipeline does.

The corpus (``tests/corpus``, credited in ``tests/corpus/SOURCES.md``) and the
measuring code (``benchmarks/paragraph_report.py``) are described there. These tests
hold the repair to floors on that corpus.
"""

from __future__ import annotations

import importlib.util
import re
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


@pytest.fixture(scope="module", params=report_module.LAYOUTS)
def report(request, corpus):
    return report_module.score(corpus, layout=request.param)


def test_corpus_is_large_and_multilingual(corpus):
    assert len(corpus) >= 40
    languages = {article.lang for article in corpus}
    assert {"en", "de", "es", "fr", "tr"} <= languages
    assert languages & {"pl", "ru", "cs", "uk", "bg", "sr", "hr", "sk", "sl"}
    assert all(len(article.paragraphs) >= 3 for article in corpus)


def test_a_third_of_the_corpus_is_held_out(corpus):
    held_out = [article for article in corpus if article.held_out]
    assert len(corpus) / 5 < len(held_out) < len(corpus) / 2


@pytest.mark.parametrize("layout", report_module.LAYOUTS)
def test_every_layout_keeps_the_paragraph_text(corpus, layout):
    for article in corpus:
        laid_out = article.laid_out(layout)
        for paragraph in article.paragraphs:
            assert paragraph in laid_out
    separators = {
        sep
        for article in corpus
        for sep in report_module.SEPARATORS[layout]
        if sep in article.laid_out(layout) or not sep
    }
    assert separators == set(report_module.SEPARATORS[layout])


def test_the_mixed_layout_mixes_and_is_seeded(corpus):
    texts = [article.laid_out("mixed") for article in corpus]
    assert texts == [article.laid_out("mixed") for article in corpus]
    joined = "".join(texts)
    assert "\n\n" in joined
    assert re.search(r"[^\n]\n[^\n]", joined)
    glued = sum(
        len(a.glued) + 2 * len(a.paragraphs) - 2 - len(t)
        for a, t in zip(corpus, texts, strict=True)
    )
    assert glued > 0  # some joins had no separator at all


def test_every_corpus_file_is_credited_in_sources():
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for path in sorted(CORPUS.glob("*.txt")):
        assert f"`{path.name}`" in sources, path.name
    for path in sorted((CORPUS / "headings").glob("*.txt")):
        assert f"`headings/{path.name}`" in sources, path.name


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
    assert report.f1 >= 0.97, report.summary()
    assert report.precision >= 0.99, report.summary()


@pytest.mark.parametrize("layout", report_module.LAYOUTS)
def test_repair_restores_paragraphs_of_the_held_out_articles(corpus, layout):
    held_out = [article for article in corpus if article.held_out]
    report = report_module.score(held_out, layout=layout)
    assert report.f1 >= 0.97, report.summary()
    assert report.precision >= 0.99, report.summary()
    assert report.fidelity_failures == 0


def test_line_breaks_count_as_boundaries_and_soft_breaks_do_not():
    assert report_module.visible_lines(["a\u2028b\nc", "d"]) == ["a", "bc", "d"]
    assert sorted(report_module.boundaries(["a", "bc", "d"])) == [1, 3]


def test_headings_glued_to_their_paragraph_are_split_with_precision(corpus):
    # Each title glued in front of its body, as a heading run into its paragraph:
    # the wordfreq rule may miss some, but must not split where no seam is.
    report = report_module.score(corpus, layout="headed")
    assert report.precision >= 0.99, report.summary()
    assert report.recall >= 0.9, report.summary()
    assert report.fidelity_failures == 0


@pytest.mark.parametrize("layout", report_module.LAYOUTS)
def test_articles_with_their_headings_keep_their_text(layout):
    # Headings and datelines kept as paragraphs: the harder case. Every layout
    # keeps the text; blank lines and single newlines find every heading.
    with_headings = report_module.load_corpus(CORPUS / "headings")
    assert len(with_headings) >= 3
    report = report_module.score(with_headings, layout=layout)
    assert report.fidelity_failures == 0
    assert report.precision >= 0.97, report.summary()
    assert report.recall >= 0.9, report.summary()
