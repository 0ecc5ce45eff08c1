"""Measure how well ``repair_body`` restores real news articles glued by the pipeline.

The corpus in ``tests/corpus`` holds real, freely licensed news articles (Wikinews and
Voice of America, see ``tests/corpus/SOURCES.md``) with their published paragraph
structure: one UTF-8 file per article, the title on the first line, a blank line,
then the body paragraphs separated by exactly one blank line.

Each body is laid out the way the real pipeline output lays bodies out
(``shared/PIPELINE.md``), in one of these layouts:

* ``glued`` -- the paragraphs concatenated with no separator;
* ``newline`` -- one paragraph per line;
* ``blank`` -- paragraphs separated by blank lines;
* ``blocks`` -- each join at random a blank line or a single newline, so that
  blank-line blocks hold several single-newline lines;
* ``mixed`` -- each join at random a blank line, nothing, or a single newline;
* ``headed`` (printed, not held to the test floors) -- the title glued in front of
  the glued body, the way a heading runs into its paragraph (``Setting the
  toneTrump``): it measures the heading rules, which no other layout exercises.

Random choices are seeded by the article's name, so every run sees the same text.
Then the pipeline's escaping is applied (every ``"`` becomes ``\\"``, then every
backslash is doubled), the text goes to
:func:`pelican_newsimport.repair.repair_body`, and two things are measured:

* **text fidelity** -- with the paragraph and line breaks taken out, the repaired
  text must equal the original character for character;
* **paragraph boundaries** -- a boundary is the character offset in the joined
  original text where a new paragraph starts. The repair's boundaries are its
  paragraph starts and its hard line breaks (``LINE_BREAK``, rendered ``<br>``):
  both show the reader a new line. Precision, recall and F1 are pooled.

A third of the articles, chosen by a hash of their name, is **held out**: the
rules were tuned looking only at the others (``--split tune``); ``--split
held-out`` reports the rest.

``tests/corpus/headings`` holds three articles again with their headings and
dateline kept as paragraphs, the harder case; pass it as the corpus argument.

Run it from the repository root::

    python benchmarks/paragraph_report.py            # the table, every layout
    python benchmarks/paragraph_report.py --layout mixed --errors   # with errors
    python benchmarks/paragraph_report.py tests/corpus/headings      # headings
    python benchmarks/paragraph_report.py --speed                    # and timings

The exit status is 1 when any article fails the fidelity check, 0 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Article",
    "ArticleResult",
    "Report",
    "boundaries",
    "boundary_kind",
    "context",
    "encode_pipeline",
    "load_article",
    "load_corpus",
    "main",
    "score",
]

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The one pipeline encoder, shared with the tests and the build benchmark.
from tests.support.pipeline import encode_body as encode_pipeline  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
CONTEXT = 30
MARK = "‖"
LAYOUTS = ("glued", "newline", "blank", "blocks", "mixed")
# Measured and printed, not held to the floors: the article's title glued in front
# of its glued body, as a heading the API ran into its paragraph.
EXTRA_LAYOUTS = ("headed",)
SEPARATORS = {
    "glued": ("",),
    "newline": ("\n",),
    "blank": ("\n\n",),
    "blocks": ("\n\n", "\n"),
    "mixed": ("\n\n", "", "\n"),
}
LINE_BREAK = "\u2028"
SOFT_BREAK = "\n"
HELD_OUT_EVERY = 3


class CorpusFormatError(ValueError):
    """A corpus file does not follow the title / blank line / paragraphs layout."""


@dataclass(frozen=True)
class Article:
    """One corpus article: where it came from, its title and its paragraphs."""

    name: str
    lang: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def glued(self) -> str:
        """The body as the pipeline's source API gives it: paragraphs run together."""
        return "".join(self.paragraphs)

    @property
    def boundaries(self) -> frozenset[int]:
        """Offsets in :attr:`glued` where a paragraph other than the first starts."""
        return boundaries(self.paragraphs)

    @property
    def held_out(self) -> bool:
        """Whether the article is in the held-out third (by a hash of its name)."""
        digest = hashlib.sha256(self.name.encode("utf-8")).digest()
        return digest[0] % HELD_OUT_EVERY == 0

    def headed(self) -> Article:
        """The article with its title as its first paragraph (a heading)."""
        return Article(self.name, self.lang, "", (self.title, *self.paragraphs))

    def laid_out(self, layout: str) -> str:
        """The body in ``layout`` (see the module docstring), before escaping.

        >>> article = Article("en-x", "en", "T", ("A.", "B.", "C."))
        >>> article.laid_out("glued"), article.laid_out("blank")
        ('A.B.C.', 'A.\\n\\nB.\\n\\nC.')
        """
        choices = SEPARATORS[layout]
        rng = random.Random(f"{layout}:{self.name}")  # noqa: S311 - a layout, no secret
        text = self.paragraphs[0]
        for paragraph in self.paragraphs[1:]:
            text += rng.choice(choices) + paragraph
        return text


def boundaries(paragraphs: Iterable[str]) -> frozenset[int]:
    """Offsets where each paragraph after the first starts in the joined text.

    >>> sorted(boundaries(["One.", "Two.", "Three."]))
    [4, 8]
    >>> sorted(boundaries(["Only one."]))
    []
    """
    offsets: list[int] = []
    position = 0
    for paragraph in paragraphs:
        if position:
            offsets.append(position)
        position += len(paragraph)
    return frozenset(offsets)


def load_article(path: Path) -> Article:
    """Read one corpus file, checking its layout strictly.

    The file must be UTF-8, end with a single newline, have the title on its first
    line followed by one blank line, and separate paragraphs by exactly one blank
    line, with no trailing spaces anywhere.
    """
    raw = path.read_bytes().decode("utf-8")
    name = path.stem
    problems = []
    if "\r" in raw:
        problems.append("carriage return")
    if not raw.endswith("\n") or raw.endswith("\n\n"):
        problems.append("must end with exactly one newline")
    lines = raw[:-1].split("\n") if raw.endswith("\n") else raw.split("\n")
    if any(line != line.rstrip() for line in lines):
        problems.append("trailing whitespace")
    if len(lines) < 3 or not lines[0].strip() or lines[1] != "":
        problems.append("first line must be the title, second line blank")
    body = lines[2:]
    paragraphs = body[0::2]
    separators = body[1::2]
    if any(separators) or any(not p.strip() for p in paragraphs):
        problems.append("paragraphs must be separated by exactly one blank line")
    if problems:
        raise CorpusFormatError(f"{path}: {'; '.join(problems)}")
    lang = name.split("-", 1)[0]
    return Article(name=name, lang=lang, title=lines[0], paragraphs=tuple(paragraphs))


def load_corpus(path: Path | str = CORPUS) -> list[Article]:
    """Load every ``*.txt`` article under ``path``, sorted by file name."""
    return [load_article(file) for file in sorted(Path(path).glob("*.txt"))]


def context(text: str, offset: int, width: int = CONTEXT) -> str:
    """Show ``width`` characters either side of ``offset``, with a mark at the offset.

    >>> context("abcdefgh", 4, 2)
    'cd‖ef'
    """
    left = text[max(0, offset - width) : offset]
    right = text[offset : offset + width]
    return f"{left}{MARK}{right}".replace("\n", " ")


def _shape(chars: str) -> str:
    """Reduce letters and digits to ``A``, ``a`` and ``9``; keep other characters."""
    return "".join(
        "A" if c.isupper() else "a" if c.isalpha() else "9" if c.isdigit() else c
        for c in chars
    )


def boundary_kind(text: str, offset: int) -> str:
    """Name the kind of seam at ``offset``: the shape of two characters before it
    and one after (``A`` upper-case letter, ``a`` other letter, ``9`` digit).

    >>> boundary_kind('He left."We won', 9)
    '." | A'
    >>> boundary_kind("the war.US officials", 8)
    'a. | A'
    >>> boundary_kind("rose 3.5.New", 9)
    '9. | A'
    """
    before = _shape(text[max(0, offset - 2) : offset])
    after = _shape(text[offset : offset + 1]) or "end"
    return f"{before} | {after}".replace("\n", " ")


@dataclass
class ArticleResult:
    """How one article came out of the repair."""

    article: Article
    fidelity: bool
    predicted: frozenset[int]
    false_positives: tuple[int, ...] = field(default=())
    missed: tuple[int, ...] = field(default=())
    first_difference: str | None = None

    @property
    def true_positives(self) -> int:
        return len(self.article.boundaries) - len(self.missed)

    @property
    def has_errors(self) -> bool:
        return not self.fidelity or bool(self.false_positives) or bool(self.missed)


@dataclass
class Report:
    """Pooled figures over the whole corpus, plus the per-article results."""

    articles: int
    boundaries: int
    predicted: int
    true_positives: int
    fidelity_failures: int
    languages: dict[str, int]
    results: list[ArticleResult]

    @property
    def false_positives(self) -> int:
        return self.predicted - self.true_positives

    @property
    def missed(self) -> int:
        return self.boundaries - self.true_positives

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.boundaries if self.boundaries else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def error_kinds(self) -> dict[str, Counter[str]]:
        """Count false and missed boundaries by :func:`boundary_kind`."""
        kinds: dict[str, Counter[str]] = {"false": Counter(), "missed": Counter()}
        for result in self.results:
            glued = result.article.glued
            for offset in result.false_positives:
                kinds["false"][boundary_kind(glued, offset)] += 1
            for offset in result.missed:
                kinds["missed"][boundary_kind(glued, offset)] += 1
        return kinds

    def summary(self) -> str:
        langs = ", ".join(f"{lang} {n}" for lang, n in sorted(self.languages.items()))
        return (
            f"{self.articles} articles ({langs}); {self.boundaries} boundaries; "
            f"precision {self.precision:.3f}, recall {self.recall:.3f}, "
            f"F1 {self.f1:.3f} (tp {self.true_positives}, "
            f"fp {self.false_positives}, fn {self.missed}); "
            f"fidelity failures {self.fidelity_failures}"
        )


def _map_offsets(source: str, target: str, offsets: Iterable[int]) -> frozenset[int]:
    """Carry offsets in ``source`` over to ``target`` along a character alignment."""
    matcher = difflib.SequenceMatcher(None, source, target, autojunk=False)
    mapped = set()
    blocks = matcher.get_matching_blocks()
    for offset in offsets:
        for a, b, size in blocks:
            if a <= offset < a + size or (size and offset == a + size):
                mapped.add(b + offset - a)
                break
    return frozenset(mapped)


def _first_difference(expected: str, got: str) -> str:
    index = next(
        (i for i, (x, y) in enumerate(zip(expected, got, strict=False)) if x != y),
        min(len(expected), len(got)),
    )
    return (
        f"at {index}: expected {context(expected, index)!r}, "
        f"got {context(got, index)!r}"
    )


def visible_lines(paragraphs: Iterable[str]) -> list[str]:
    """The lines a reader sees: paragraphs, cut at hard line breaks, soft ones gone.

    >>> visible_lines(["a\\u2028b", "c\\nd"])
    ['a', 'b', 'cd']
    """
    return [
        line.replace(SOFT_BREAK, "")
        for paragraph in paragraphs
        for line in paragraph.split(LINE_BREAK)
    ]


def score_article(
    article: Article, repair: Callable[[str], object], layout: str = "glued"
) -> ArticleResult:
    """Lay out and damage one article as the pipeline does, repair it, compare."""
    repaired = repair(encode_pipeline(article.laid_out(layout)))
    lines = visible_lines(getattr(repaired, "paragraphs", ()))
    got = "".join(lines)
    expected = article.glued
    predicted = boundaries(lines)
    fidelity = got == expected
    difference = None
    if not fidelity:
        difference = _first_difference(expected, got)
        predicted = _map_offsets(got, expected, predicted)
    gold = article.boundaries
    return ArticleResult(
        article=article,
        fidelity=fidelity,
        predicted=predicted,
        false_positives=tuple(sorted(predicted - gold)),
        missed=tuple(sorted(gold - predicted)),
        first_difference=difference,
    )


def score(
    corpus: Sequence[Article],
    repair: Callable[[str], object] | None = None,
    layout: str = "glued",
) -> Report:
    """Run ``repair`` (default ``repair_body``) over the corpus; pool the figures."""
    if layout == "headed":
        corpus, layout = [article.headed() for article in corpus], "glued"
    if repair is None:
        from pelican_newsimport.repair import repair_body

        repair = repair_body
    results = [score_article(article, repair, layout) for article in corpus]
    return Report(
        articles=len(results),
        boundaries=sum(len(r.article.boundaries) for r in results),
        predicted=sum(len(r.predicted) for r in results),
        true_positives=sum(r.true_positives for r in results),
        fidelity_failures=sum(not r.fidelity for r in results),
        languages=dict(Counter(article.lang for article in corpus)),
        results=results,
    )


def format_errors(result: ArticleResult) -> list[str]:
    """Lines describing what went wrong for one article."""
    glued = result.article.glued
    lines = [
        f"{result.article.name}: {len(result.article.boundaries)} boundaries, "
        f"{len(result.false_positives)} false, {len(result.missed)} missed"
        + ("" if result.fidelity else ", TEXT CHANGED")
    ]
    if result.first_difference:
        lines.append(f"  text differs {result.first_difference}")
    for offset in result.false_positives:
        lines.append(
            f"  false  [{boundary_kind(glued, offset)}] {context(glued, offset)}"
        )
    for offset in result.missed:
        lines.append(
            f"  missed [{boundary_kind(glued, offset)}] {context(glued, offset)}"
        )
    return lines


def table(
    corpus: Sequence[Article], layouts: Sequence[str] = LAYOUTS + EXTRA_LAYOUTS
) -> list[str]:
    """One row per layout and group (all, held out, each language): P, R, F1."""
    groups: list[tuple[str, list[Article]]] = [
        ("all", list(corpus)),
        ("held-out", [a for a in corpus if a.held_out]),
        ("tuned", [a for a in corpus if not a.held_out]),
    ]
    for lang in sorted({a.lang for a in corpus}):
        groups.append((lang, [a for a in corpus if a.lang == lang]))
    rows = [
        f"{'layout':8} {'group':9} {'art':>4} {'bound':>5} "
        f"{'P':>6} {'R':>6} {'F1':>6} {'fp':>4} {'fn':>4} {'text':>5}"
    ]
    for layout in layouts:
        for name, articles in groups:
            if not articles:
                continue
            r = score(articles, layout=layout)
            rows.append(
                f"{layout:8} {name:9} {r.articles:4} {r.boundaries:5} "
                f"{r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f} "
                f"{r.false_positives:4} {r.missed:4} "
                f"{'ok' if not r.fidelity_failures else r.fidelity_failures:>5}"
            )
    return rows


def speed(corpus: Sequence[Article], layouts: Sequence[str] = LAYOUTS) -> list[str]:
    """Time ``repair_body`` per layout: ms per article, MB/s, and 10x bodies.

    Each body is repaired whole, then ten copies of it joined by the layout's
    first separator, to show the cost grows with the body's size and no faster.
    Best of five process-time runs; a figure to read, never to assert.
    """
    import time

    from pelican_newsimport.repair import repair_body

    def best(bodies: list[str]) -> float:
        times = []
        for _ in range(5):
            start = time.process_time()
            for body in bodies:
                repair_body(body)
            times.append(time.process_time() - start)
        return min(times)

    rows = [f"{'layout':8} {'ms/article':>10} {'MB/s':>6} {'10x ms':>8} {'10x/1x':>6}"]
    for layout in layouts:
        bodies = [encode_pipeline(a.laid_out(layout)) for a in corpus]
        big = [(SEPARATORS[layout][0] or " ").join([b] * 10) for b in bodies]
        size = sum(len(b.encode("utf-8")) for b in bodies)
        repair_body(bodies[0])  # load the data files and word lists first
        one, ten = best(bodies), best(big)
        rows.append(
            f"{layout:8} {one / len(bodies) * 1e3:10.3f} {size / one / 1e6:6.1f} "
            f"{ten / len(bodies) * 1e3:8.3f} {ten / one:6.1f}"
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table (and errors when asked); return 1 if any text was altered."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--layout", choices=LAYOUTS + EXTRA_LAYOUTS, action="append")
    parser.add_argument("--split", choices=("all", "tune", "held-out"), default="all")
    parser.add_argument("--errors", action="store_true", help="print errors per file")
    parser.add_argument(
        "--speed", action="store_true", help="also time repair_body per layout"
    )
    parser.add_argument(
        "--kinds", action="store_true", help="also count errors by kind of seam"
    )
    args = parser.parse_args(argv)
    corpus = load_corpus(args.corpus)
    if args.split != "all":
        corpus = [a for a in corpus if a.held_out == (args.split == "held-out")]
    if not corpus:
        print(f"no articles in {args.corpus}", file=sys.stderr)
        return 1
    layouts = args.layout or LAYOUTS + EXTRA_LAYOUTS
    failures = 0
    for layout in layouts:
        report = score(corpus, layout=layout)
        failures += report.fidelity_failures
        print_details(report, layout, errors=args.errors, kinds=args.kinds)
    print("\n".join(table(corpus, layouts)))
    if args.speed:
        print("\n".join(speed(corpus, [x for x in layouts if x in LAYOUTS])))
    return 1 if failures else 0


def print_details(report: Report, layout: str, *, errors: bool, kinds: bool) -> None:
    """Print one layout's errors per file and/or its errors counted by kind."""
    if errors:
        for result in report.results:
            if result.has_errors:
                print(f"[{layout}] " + "\n".join(format_errors(result)))
    if kinds:
        for name, counter in report.error_kinds().items():
            for kind, count in counter.most_common():
                print(f"[{layout}] {name:6} {count:3}  {kind}")


if __name__ == "__main__":
    raise SystemExit(main())
