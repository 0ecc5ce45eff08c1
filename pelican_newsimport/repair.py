"""Pure text repairs for article bodies written by the news-import pipeline.

The pipeline (see ``PIPELINE.md``) damages the article text in three ways, and each
repair here undoes one of them without touching text that shows no such damage:

* **escaping** -- every ``"`` became ``\\"`` and then every backslash was doubled;
  :func:`detect_escape_level` reads the evidence and :func:`unescape` inverts it;
* **mojibake and HTML entities** carried over from the scraped source;
  :func:`fix_mojibake` repairs them conservatively with ftfy;
* **lost paragraph structure** -- in any layout (glued into one line, one
  paragraph per line, blank-line paragraphs, single-newline lines inside
  blank-line blocks, or a mixture) paragraphs are concatenated with no separator
  (``...the war.US Secretary...``) and single newlines mean different things;
  :func:`split_paragraphs` finds the seams inside every line and decides every
  single newline from its block's evidence.

:func:`repair_body` runs all three and returns a :class:`Repair` that can say what it
changed. :func:`render_plain_text` turns the paragraphs into safe HTML without
interpreting anything as Markdown (``<p>`` and ``<br>`` only), and
:func:`looks_like_markdown` tells a hand-written Markdown body from a pipeline
plain-text body. Abbreviations come per language from data files
(``data/abbreviations/<code>.<source>.txt``, see :func:`abbreviations`);
wordfreq supplies language detection and the word test for glued headings.

Everything here is a pure ``str`` function that runs in time linear in the input:
no regular expression can backtrack more than a bounded amount, and the paragraph
scan looks at most a few hundred characters around each candidate seam.

>>> repair_body('He lost.\\\\"We won,\\\\" she said.').paragraphs
('He lost.', '"We won," she said.')
"""

from __future__ import annotations

import functools
import html
import itertools
import operator
import re
import urllib.parse
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.entities import html5
from pathlib import Path
from typing import Any

import ftfy
import wordfreq

from .wordlists import top_words

__all__ = [
    "LINE_BREAK",
    "SOFT_BREAK",
    "Repair",
    "abbreviation_languages",
    "abbreviations",
    "detect_escape_level",
    "detect_language",
    "fix_mojibake",
    "looks_like_markdown",
    "render_plain_text",
    "repair_body",
    "repair_field",
    "split_paragraphs",
    "unescape",
]


@dataclass(frozen=True)
class Repair:
    """What :func:`repair_body` made of a body, and what it had to change."""

    text: str
    paragraphs: tuple[str, ...]
    escape_level: int
    paragraphs_restored: int
    mojibake_fixed: bool
    #: single newlines kept as line breaks (``<br>``) inside list-like blocks
    line_breaks: int = 0
    #: single newlines of hard-wrapped prose, joined into the paragraph
    lines_joined: int = 0
    #: the language whose abbreviations were needed (None: no full stop needed a
    #: list, or no language was recognised and every list applied)
    language: str | None = None

    def explain(self) -> str:
        """Say in one short line what was repaired, for a log message.

        >>> Repair("a\\n\\nb", ("a", "b"), 2, 1, True).explain()
        'escape level 2 undone; 1 paragraph restored; mojibake fixed'
        >>> Repair("a", ("a",), 0, 0, False).explain()
        'unchanged'
        """
        done = []
        if self.escape_level:
            done.append(f"escape level {self.escape_level} undone")
        if self.paragraphs_restored:
            noun = "paragraph" if self.paragraphs_restored == 1 else "paragraphs"
            done.append(f"{self.paragraphs_restored} {noun} restored")
        if self.line_breaks:
            done.append(f"{self.line_breaks} line breaks kept")
        if self.lines_joined:
            done.append(f"{self.lines_joined} wrapped lines joined")
        if self.mojibake_fixed:
            done.append("mojibake fixed")
        return "; ".join(done) or "unchanged"


# --------------------------------------------------------------------------------------
# Escaping
# --------------------------------------------------------------------------------------


# A run of backslashes of odd length: one not after a backslash, then pairs, then
# none. It starts with its literal, so the scan runs at C speed; a third of the
# cost of removing every pair and looking for a backslash left.
_ODD_RUN = re.compile(r"\\(?<!\\\\)(?:\\\\)*+(?!\\)")
# A quote without a backslash before it. The pattern starts with its literal; half
# the cost of counting the quotes and the escaped quotes and comparing.
_BARE_QUOTE = re.compile(r'"(?<!\\")')


def detect_escape_level(text: str) -> int:
    r"""Tell how the pipeline escaped ``text``: 0 (not at all), 1 or 2.

    Level 2 is the pipeline's double escaping (``"`` -> ``\"``, then every ``\`` ->
    ``\\``); level 1 a later pipeline that only turned ``"`` into ``\"``.

    The decision rests on what each encoding can produce:

    * Neither encoding leaves a ``"`` without a backslash in front of it, so one bare
      ``"`` means level 0.
    * Level 2 doubles every backslash, so every run of backslashes has even length.
      When there is no bare quote and every run is even, the text is read as level 2.
    * Otherwise, if there is a quote (every one escaped, as level 1 leaves them) the
      text is level 1; with no quote at all it is level 0: Windows paths, regular
      expressions, Markdown escapes and a lone ``\n`` all have an odd run.

    Inherently ambiguous, and resolved towards the pipeline: a never-escaped text
    with no bare quote and only even runs (``\\server``) is exactly what level 2
    makes of ``\server``, and the level-1 encoding of ``\"`` is the level-2 encoding
    of ``"``.

    >>> detect_escape_level(r'He said \\"no\\" in C:\\temp')
    2
    >>> detect_escape_level(r'He said \"no\"')
    1
    >>> detect_escape_level(r'C:\new and "quotes"')
    0
    >>> detect_escape_level(r'a regex: \d+\.\d*')
    0
    """
    if "\\" not in text or _BARE_QUOTE.search(text):
        return 0
    if not _ODD_RUN.search(text):
        return 2  # every run of backslashes is even
    return 1 if '"' in text else 0


def unescape(text: str, level: int) -> str:
    r"""Invert the pipeline's escaping at ``level`` (see :func:`detect_escape_level`).

    Level 2 is undone in the reverse order of the pipeline: pairs of backslashes
    become one, then ``\"`` becomes ``"``. For text the level fits, this is exact.

    >>> print(unescape(r'\\"C:\\new\\" and \\\\"', 2))
    "C:\new" and \"
    >>> print(unescape(r'\"quoted\" C:\new', 1))
    "quoted" C:\new
    >>> print(unescape(r'C:\new', 0))
    C:\new
    """
    if level not in (0, 1, 2):
        raise ValueError(f"escape level must be 0, 1 or 2, not {level!r}")
    if level == 2:
        text = text.replace("\\\\", "\\")
    if level >= 1:
        text = text.replace('\\"', '"')
    return text


# --------------------------------------------------------------------------------------
# Mojibake and HTML entities
# --------------------------------------------------------------------------------------

# "&", then any number of "amp;" layers (possessive: no backtracking), then optionally
# one entity name or number with its semicolon. A bare "&" matches too and is kept.
_ENTITY = re.compile(
    r"&(?:amp;)*+(?:(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)?"
)

# Only the encoding fixes: nothing that would change clean text on purpose (quotes
# stay curly, widths, ligatures, line breaks and normalisation are left alone).
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


def _decoded(encoding: str, first: int, stop: int) -> str:
    return bytes(range(first, stop)).decode(encoding, errors="ignore")


def _mojibake_hint() -> re.Pattern[str]:
    """Build a quick test for the two-character signature of UTF-8 mojibake.

    UTF-8 read as a one-byte code page turns a lead byte (0xC2-0xF4) and a
    continuation byte (0x80-0xBF) into two characters; clean text almost never holds
    such a pair. Only texts with one go to ftfy, whose own test costs much more. The
    pattern starts with a single character class so the scan runs at C speed; the
    look-behinds then check the pair for the code page the lead belongs to. Covered:
    Latin-1/Windows-1252 (``â€™``, ``Ã©``, ``Ã`` + lost no-break space), Cyrillic
    and punctuation through Windows-1251, Greek through Windows-1253, Central
    European through Windows-1250; C1 controls and lone surrogates.
    """
    continuation = (0x80, 0xC0)
    pairs = [
        (
            _decoded("latin-1", 0xC2, 0xF5),
            _decoded("latin-1", *continuation) + _decoded("cp1252", *continuation),
        ),
        ("ÂÃ", " "),
        ("РС", _decoded("cp1251", *continuation)),
        ("в", "Ђ‚"),
        ("ΞΟ", _decoded("cp1253", *continuation)),
        ("β", "€‚"),
        ("ĂÄĹĐŃ", _decoded("cp1250", *continuation)),
    ]

    def one_of(chars: str) -> str:
        return "".join(re.escape(c) for c in sorted(set(chars)))

    alone = "\x80-\x9f\ud800-\udfff"
    leads = one_of("".join(lead for lead, _ in pairs))
    checks = "|".join(f"(?<=[{one_of(a)}])[{one_of(b)}]" for a, b in pairs)
    return re.compile(f"[{leads}{alone}](?:{checks}|(?<=[{alone}]))")


_MOJIBAKE_HINT = _mojibake_hint()


def _decode_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name is None:
        return "&"
    if name[0] == "#":
        number = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        decoded = html.unescape(f"&{name};")
        if decoded == "\ufffd" and number != 0xFFFD:
            return f"&{name};"
        return decoded
    return html5.get(f"{name};", f"&{name};")


def fix_mojibake(text: str) -> str:
    """Repair mojibake and (possibly repeated) HTML entities; keep clean text as is.

    Entities are decoded only in their complete form, with the semicolon, so
    ``AT&T`` or ``R&D`` never change; ``&amp;quot;`` (escaped twice) becomes ``"``.
    Mojibake goes to ftfy with only its encoding fixes switched on, and only when
    the text shows its signature (see :func:`_mojibake_hint`).

    >>> fix_mojibake("It\u00e2\u20ac\u2122s &amp;quot;fine&amp;quot; &#39;here&#39;")
    'It’s "fine" \\'here\\''
    >>> text = "AT&T, R&D and x < y & z; caf\u00e9 \u201cquoted\u201d"
    >>> fix_mojibake(text) is text
    True
    """
    fixed = _ENTITY.sub(_decode_entity, text) if "&" in text else text
    if not fixed.isascii() and _MOJIBAKE_HINT.search(fixed):
        fixed = ftfy.fix_text(fixed, _FTFY_CONFIG)
    return text if fixed == text else fixed


# --------------------------------------------------------------------------------------
# Paragraph recovery
# --------------------------------------------------------------------------------------

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


# Where a paragraph may start with no space before it, three kinds of candidates:
# * a sentence-ending mark with no space after it (or a French space before "»").
#   CJK marks are not candidates: CJK writes sentences without spaces, so "。"
#   followed by text is the ordinary join between two sentences. A mark followed by
#   another mark ("?!", "..") is not a candidate: the last one decides;
# * a colon followed at once by a letter or an opening quote ("such:And",
#   'withdrawal:"Whenever');
# * a quotation mark followed at once by a letter ("la pandemia”Sobre", "peace'Rubio").
def _capitals() -> str:
    """A character class of the capitals of the Latin, Greek and Cyrillic blocks."""
    chars = (chr(c) for c in (*range(0x41, 0x530), *range(0x1E00, 0x1F00)))
    return "[" + "".join(re.escape(c) for c in chars if c.isupper()) + "]"


def _letters() -> str:
    r"""A character class of the letters (``str.isalpha``) of the Latin, Greek and
    Cyrillic blocks: ``[^\W\d_]`` would also take digits such as ``²`` or ``½``."""
    chars = (chr(c) for c in (*range(0x41, 0x530), *range(0x1E00, 0x2000)))
    return "[" + "".join(re.escape(c) for c in chars if c.isalpha()) + "]"


_SENTENCE_MARKS = ".!?;\u037e\u061f\u06d4\u0964"
_QUOTE_CANDIDATES = "\"'’”»“«„"


def _candidate_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One pattern for each candidate mark, which it starts with (see above).

    A pattern that starts with a literal character is scanned for at C speed; one
    that starts with a character class (one pattern for every mark) is tried at
    every character, four times slower. The full stops that
    :func:`_plainly_no_seam` rules out by their neighbours are left out here
    already, four in ten of the candidates: between two digits (3.5, 10.30),
    after a space or an ellipsis, after an initial (J.Smith, the first full stop
    of U.S.).
    """
    capital = _capitals()
    apart = (
        r"(?=[^\s.!?;\u037e\u061f\u06d4\u0964\u2026\u3002\uff01\uff1f]"
        r"|[ \u00a0\u202f]»)"
    )
    rules = {mark: re.escape(mark) + apart for mark in _SENTENCE_MARKS}
    rules["."] += (
        r"(?!(?<=\d\.)\d)(?<![\s.\u2026]\.)"
        rf"(?<!(?<!(?:[^\W_]|\.)){_letters()}\.)"
    )
    rules[":"] = rf":(?={capital}|[\"'“„«‘‚])"
    for mark in _QUOTE_CANDIDATES:
        quote = re.escape(mark)
        rules[mark] = rf"{quote}(?<=[^\W\d_)\]]{quote})(?={capital})"
    return tuple((mark, re.compile(rule)) for mark, rule in rules.items())


_CANDIDATES = _candidate_patterns()
_START = re.Match.start

# A straight double quote that is a quotation mark: not one between two Hebrew
# letters, as gershayim are written (צה"ל).
_STRAIGHT_QUOTE = re.compile(r'"(?:(?<![\u05d0-\u05ea]")|(?![\u05d0-\u05ea]))')

_OPEN_AFTER = frozenset(" \t\u00a0\u202f([{\u2014\u2013-/")
_CLOSE_BEFORE = frozenset(",.;:!?)]}\u2026")
_QUOTES = "\"'’”»“«‘„‚›‹"
_WORD = re.compile(r"[^\W_]+")
_SPACES = " \u00a0\u202f"
_THIN_SPACES = frozenset("\u2009\u200a\u202f\u2006")
_MAX_OPENERS = 2
_WORD_SPAN = 40
_TOKEN_SPAN = 100
_APOSTROPHE_SPAN = 500
_QUOTE_SPAN = 300
_ELISION_MAX = 2
_CLOSING_MARK = {"“": "”", "„": "“", "«": "»", "»": "«", "‚": "‘"}
# "mailto:John", "tel:Office": the URL schemes the standard library knows.
_URL_SCHEMES = (
    frozenset(
        urllib.parse.uses_netloc
        + urllib.parse.uses_params
        + urllib.parse.non_hierarchical
    )
    | {"javascript", "data"}
) - {""}
# Marks of a hard line break inside a paragraph (rendered as <br>), and of a line
# break that was only a hard wrap (rendered as the space a browser makes of it).
LINE_BREAK = "\u2028"
SOFT_BREAK = "\n"


@dataclass(frozen=True)
class _QuoteStyle:
    """Which marks open and close quotations in one text.

    Curly and angle quotes change roles between languages: “ closes in German („…“)
    but opens in English, ” is used on both sides in Swedish, and German/Danish may
    write »…«. Marks in ``symmetric`` say nothing by their shape; their role is
    inferred from the context (:func:`_closes_quotation`).
    """

    closers: str
    openers: str
    symmetric: str

    @classmethod
    def of(cls, text: str) -> _QuoteStyle:
        closers, openers, symmetric = ")]}’」』）›", "([¿¡「『（‚‘„‹", "\"'"
        low_nine = "„" in text
        if low_nine:
            closers += "“"
        else:
            openers += "“"
        if low_nine or "“" in text:
            closers += "”"
        else:
            symmetric += "”"
        first_right, first_left = text.find("»"), text.find("«")
        if 0 <= first_right < first_left:
            closers, openers = closers + "«", openers + "»"
        else:
            closers, openers = closers + "»", openers + "«"
        return cls(closers, openers, symmetric)


def _role(line: str, at: int) -> bool | None:
    """Whether the quote at ``at`` opens (False) or closes (True) by its neighbours.

    None when its neighbours do not say, as in ``end."Next``. Of two marks written
    together (``end.""Next``) the first closes and the second opens.
    """
    mark = line[at]
    before = line[at - 1] if at else " "
    after = line[at + 1] if at + 1 < len(line) else " "
    looks_opening = before.isspace() or before in _OPEN_AFTER or before == mark
    looks_closing = after.isspace() or after in _CLOSE_BEFORE or after == mark
    if looks_opening and not after.isspace():
        return False
    if looks_closing and not before.isspace():
        return True
    return None


# Costs of the readings weighed by _resolve_roles (see there).
_COST_TWO_CLOSINGS = 3
_COST_REOPENED_AT_SEAM = 1
_COST_REOPENED_IN_TEXT = 2
_COST_CLOSING_AT_START = 2
_COST_OPEN_AT_END = 2


def _pair_cost(first: bool | None, second: bool | None, second_unclear: bool) -> int:
    """Cost of two neighbouring marks (True closes, False opens, None: line edge)."""
    if first is None:
        return _COST_CLOSING_AT_START if second else 0
    if second is None:
        return 0 if first else _COST_OPEN_AT_END
    if first and second:
        return _COST_TWO_CLOSINGS
    if not first and not second:
        return _COST_REOPENED_AT_SEAM if second_unclear else _COST_REOPENED_IN_TEXT
    return 0


def _settle_run(length: int, left: bool | None, right: bool | None) -> list[bool]:
    """Roles for a run of ``length`` unclear marks between ``left`` and ``right``."""
    # cost[r]: the cheapest reading of the run so far whose last mark has role r
    # (lists indexed by the role: False opens, True closes); came_from[i][r]: the
    # role of the mark before mark i + 1 in that reading. Ties go to closing.
    cost = [_pair_cost(left, False, True), _pair_cost(left, True, True)]
    came_from: list[list[bool]] = []
    for _ in range(length - 1):
        step, new_cost = [], []
        for role in (False, True):
            via_open = cost[False] + _pair_cost(False, role, True)
            via_close = cost[True] + _pair_cost(True, role, True)
            from_close = via_close <= via_open
            step.append(from_close)
            new_cost.append(via_close if from_close else via_open)
        came_from.append(step)
        cost = new_cost
    end_open = cost[False] + _pair_cost(False, right, False)
    end_close = cost[True] + _pair_cost(True, right, False)
    role = end_close <= end_open
    roles = [role]
    for step in reversed(came_from):
        role = step[role]
        roles.append(role)
    roles.reverse()
    return roles


def _resolve_roles(roles: list[bool | None]) -> list[bool]:
    """Give every unclear mark (None) the role that makes the likeliest sequence.

    Well-formed quotations alternate opening and closing marks, with one exception:
    a quotation running over several paragraphs reopens at each new paragraph
    without having closed, so two opening marks may follow each other -- at a seam,
    which is where the unclear marks are. Each run of unclear marks between two
    marks of known role (or the line's edges) is settled by a small dynamic
    programme (:func:`_settle_run`, linear in the run) that minimises what the
    reading would take: two closing marks in a row (never), a quotation reopened at
    a seam (sometimes), reopened in running text, closed before any opening or left
    open at the end (rarely).

    >>> _resolve_roles([False, None, None])  # 'said: "A."B."' : a two-paragraph quote
    [False, False, True]
    >>> _resolve_roles([False, None, False])  # '"A."B "c'
    [False, True, False]
    """
    resolved: list[bool] = []
    size = len(roles)
    marked = [*roles, None]  # the runs are found by index(), at C speed
    index = 0
    while index < size:
        gap = marked.index(None, index)
        resolved += roles[index:gap]  # marks of known role keep it
        if gap == size:
            break
        end = gap + 1
        while end < size and roles[end] is None:
            end += 1
        left = resolved[-1] if resolved else None
        right = roles[end] if end < size else None
        resolved += _settled(end - gap, left, right)
        index = end
    return resolved


@functools.lru_cache(maxsize=1024)
def _settled(length: int, left: bool | None, right: bool | None) -> tuple[bool, ...]:
    """:func:`_settle_run`, remembered: the same short runs recur (most often one
    unclear mark after a closing one and before the line's end)."""
    return tuple(_settle_run(length, left, right))


class _Remembered(dict[str, Any]):
    """``compute(key)`` by key, computed on the first look-up that misses.

    For the words and marks met from text to text: the same keys recur, and a
    look-up at C speed (also in bulk, ``map(cache.__getitem__, keys)``) costs a
    fraction of the call.  Emptied when it outgrows ``_TOKEN_CACHE`` entries.
    """

    def __init__(self, compute: Callable[[str], Any]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> Any:
        if len(self) > _TOKEN_CACHE:
            self.clear()
        value = self[key] = self.compute(key)
        return value


# :func:`_role` of a mark, by the mark and its two neighbours (the key).
_ROLES = _Remembered(lambda key: _role(key, 1))


class _Quotes:
    """The role of every occurrence of one symmetric quotation mark in a line.

    A mark whose neighbours show its role keeps it (:func:`_role`); the others,
    typically a mark between a full stop and the next sentence (``end."Next``),
    are settled by :func:`_resolve_roles`. That is what gets a quotation running
    over several paragraphs right, where ``them."However ... math."Other`` is an
    opening then a closing mark although both look alike.
    """

    def __init__(self, line: str, mark: str) -> None:
        if mark == '"' and not line.isascii():
            self.positions = list(map(_START, _STRAIGHT_QUOTE.finditer(line)))
        else:  # every mark (an ASCII line has no gershayim), found at C speed
            lengths = map(len, line.split(mark)[:-1])
            offsets = itertools.accumulate(lengths)
            self.positions = list(map(operator.add, offsets, itertools.count()))
        padded = f" {line} "  # _role's neighbours of a mark at either end
        keys = [padded[at : at + 3] for at in self.positions]
        self.closes = _resolve_roles(list(map(_ROLES.__getitem__, keys)))

    def closes_at(self, at: int) -> bool:
        index = bisect_left(self.positions, at)
        if index < len(self.positions) and self.positions[index] == at:
            return self.closes[index]
        return True


def _opens_single(line: str, at: int) -> bool:
    """Whether the straight single quote at ``at``, after a full stop, opens a quote.

    It does when the next ``'`` that is no apostrophe plainly closes a quotation.
    Apostrophes are skipped: one between two letters (``don't``), one after a plural
    ``s`` (``leaders' meeting``); but a mark between a word and a capital
    (``'Avoiding peace'Rubio``) closes, when it is no elision (:func:`_closes_single`).
    """
    stop = min(len(line), at + _APOSTROPHE_SPAN)
    nxt = line.find("'", at + 1, stop)
    while nxt != -1:
        before, after = line[nxt - 1], line[nxt + 1 : nxt + 2]
        if before.isalpha() and after.isalpha():
            if after.isupper() and _closes_single(line, nxt, at):
                return True
        elif not (before == "s" and after.isspace()):
            return _role(line, nxt) is True
        nxt = line.find("'", nxt + 1, stop)
    return False


def _closes_single(line: str, at: int, start: int) -> bool:
    """Whether the ``'`` or ``’`` at ``at``, between a word and a capital, closes.

    It does when an opening mark of its kind (``'`` or ``‘``, at the start of a
    word) is pending before it, and the word before it is no elision or name
    particle: ``l’Europe``, ``d'Alema``, ``O'Brien``, ``jusqu’Ici`` stay whole.
    """
    word, _ = _word_before(line, at)
    if len(word) <= _ELISION_MAX or word.lower().endswith("qu"):
        return False
    opener = "‘" if line[at] == "’" else "'"
    floor = max(start, at - _QUOTE_SPAN)
    found = line.rfind(opener, floor, at)
    while found > floor and line[found - 1].isalpha() and line[found + 1].islower():
        found = line.rfind(opener, floor, found)  # an apostrophe inside a word
    if found < 0:
        return False
    before = line[found - 1] if found else " "
    return not before.isalnum() and line[found + 1 : found + 2].isalpha()


def _closes_quotation(line: str, at: int, quotes: dict[str, _Quotes]) -> bool:
    """Decide whether the symmetric quote at ``at`` closes a quotation.

    ``'``, also an apostrophe, is decided by :func:`_opens_single`; ``"`` and ``”``
    by the roles of all their occurrences in the line (:class:`_Quotes`).
    """
    mark = line[at]
    if mark == "'":
        return not _opens_single(line, at)
    index = quotes.get(mark)
    if index is None:
        index = quotes[mark] = _Quotes(line, mark)
    return index.closes_at(at)


def _word_before(line: str, end: int) -> tuple[str, int]:
    """The letters and digits (at most ``_WORD_SPAN``) that end at ``end``, and
    where they begin. A word after a space, as most are, is found by two C-level
    calls instead of a step back for each of its characters."""
    floor = end - _WORD_SPAN if end > _WORD_SPAN else 0
    space = line.rfind(" ", floor, end)
    if space >= 0 and line[space + 1 : end].isalnum():
        return line[space + 1 : end], space + 1
    begin = end
    while begin > floor and line[begin - 1].isalnum():
        begin -= 1
    return line[begin:end], begin


def _is_greek(ch: str) -> bool:
    return "\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff"


def _starts_sentence(line: str, at: int) -> bool:
    ch = line[at]
    if ch.isalpha():
        if not ch.islower():
            return True
        # A brand written in lower camel case ("iPhone", "eBay") also starts one.
        return at + 1 < len(line) and line[at + 1].isupper()
    return ch.isdecimal()


def _in_address(line: str, start: int, mark: int, word_end: int, ctx: _Context) -> bool:
    """Whether the mark at ``mark`` is inside a URL, e-mail address or domain name.

    ``word_end`` is where the word after the mark ends. Only a domain name is
    looked for when the text holds no ``/``, ``@`` or ``www.`` (most texts).
    """
    follow = line[word_end : word_end + 2]
    if follow[:1] in ("/", "@") or (
        len(follow) == 2 and follow[0] == "." and follow[1].islower()
    ):
        return True
    if not ctx.addresses:
        return False
    floor = max(start, mark - _TOKEN_SPAN)
    if (
        line.find("/", floor, mark) < 0
        and line.find("@", floor, mark) < 0
        and line.find("www.", floor, mark + 1) < 0
    ):
        return False
    words = line[floor : mark + 1].split()
    if not words:
        return False
    token = words[-1]
    host = token.split("/", 1)[0]
    return (
        "://" in token
        or "@" in token
        or "www." in token
        or ("/" in token and "." in host)
    )


# --------------------------------------------------------------------------------------
# Paragraph recovery: abbreviations and the language they belong to
# --------------------------------------------------------------------------------------

_ABBREVIATIONS = Path(__file__).parent / "data" / "abbreviations"
# Dotted initialisms made of capitals ("U.S.", "A.M.", "D.C.") are nouns that often
# end a sentence; the structural rule for initials decides them, not the lists.
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+")
# A word of Latin letters without a vowel (y counts as one).
_NO_VOWEL = re.compile(r"[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ]+")
_MIN_LANGUAGE_EVIDENCE = 3
_LANGUAGE_SAMPLE = 800
_WWW = re.compile(r"www\.")
_PUNCTUATION = ".,;:!?()[]{}«»“”„‘’\"'¿¡…–—-"
_COMMON_WORDS = 100


def abbreviation_languages() -> tuple[str, ...]:
    """Languages with an abbreviation list (one data file each).

    A new language is a new file ``data/abbreviations/<code>.<source>.txt``: one
    abbreviation per line, with its full stop, ``#`` for comments; a language may
    have files from several sources.

    >>> {"de", "en", "es", "fr", "pl", "tr"} <= set(abbreviation_languages())
    True
    """
    return tuple(sorted({path.name.split(".")[0] for path in _list_files()}))


def _list_files(lang: str = "*") -> list[Path]:
    return sorted(_ABBREVIATIONS.glob(f"{lang}.*.txt"))


@functools.cache
def abbreviations(lang: str | None = None) -> frozenset[str]:
    """The abbreviations (with their full stop) that do not end a sentence in ``lang``.

    ``None`` gives the union over every language. Entries are taken as listed and
    also capitalised when listed in lower case (``ul.`` -> ``Ul.``). Left out:
    entries with a space; dotted initialisms of capitals (see :data:`_INITIALISM`);
    and words that are among the language's hundred most frequent words (wordfreq),
    which end sentences as words far more often than they abbreviate anything:
    the lists were made for text with a space after the full stop, where CLDR
    suppresses ``To.`` or ``Is.`` before a capital, not for glued seams.

    >>> {"z.B.", "Nr."} <= abbreviations("de"), "godz." in abbreviations("pl")
    (True, True)
    >>> "vb." in abbreviations("tr"), "U.S." in abbreviations("en")
    (True, False)
    >>> "Prof." in abbreviations("en"), "To." in abbreviations("en")
    (True, False)
    """
    if lang is None:
        return frozenset().union(*map(abbreviations, abbreviation_languages()))
    files = _list_files(lang)
    if not files:
        return abbreviations(None)
    found = set()
    lines = (line for path in files for line in path.read_text("utf-8").splitlines())
    for line in lines:
        entry = line.strip()
        if not entry or entry.startswith("#") or " " in entry:
            continue
        if _INITIALISM.fullmatch(entry) and entry.isupper() and len(entry) > 2:
            continue
        stem = entry[:-1].lower()
        if len(stem) > 1 and lang in _word_languages().get(stem, ()):
            continue  # "To.", "Is.", "So.", "com."
        found.add(entry)
        if entry.islower():
            found.add(entry[0].upper() + entry[1:])
    return frozenset(found)


@functools.cache
def _last_parts(lang: str | None) -> frozenset[str]:
    """The last dotted part of every abbreviation (``B.`` of ``z.B.``)."""
    return frozenset(
        entry.rstrip(".").rsplit(".", 1)[-1] + "." for entry in abbreviations(lang)
    )


@functools.cache
def _word_languages() -> dict[str, tuple[str, ...]]:
    """The most frequent words of every language (wordfreq), and whose they are."""
    index: dict[str, list[str]] = {}
    for lang in abbreviation_languages():
        for word in top_words(lang, _COMMON_WORDS, wordlist="small"):
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


_TOKEN_CACHE = 20_000
# Bits of each language's count: a sample of _LANGUAGE_SAMPLE characters has
# fewer words than that.
_FIELD_BITS = 16
_FIELD_MASK = (1 << _FIELD_BITS) - 1


@functools.cache
def _language_fields() -> tuple[tuple[str, int], ...]:
    """Every language and the shift of its count in a packed value."""
    return tuple(
        (lang, _FIELD_BITS * at) for at, lang in enumerate(abbreviation_languages())
    )


def _stripped_languages(word: str) -> tuple[str, ...]:
    """The languages ``word`` (in lower case, stripped of punctuation) is frequent
    in."""
    return _word_languages().get(word.lower().strip(_PUNCTUATION), ())


def _packed_languages(token: str) -> int:
    """The languages ``token`` is frequent in, as one count per language."""
    shifts = dict(_language_fields())
    return sum(1 << shifts[lang] for lang in _stripped_languages(token))


# The languages of each token met in a sample (the token as written, before it is
# put in lower case and its punctuation is stripped), packed as one count per
# language (_language_fields): one look-up of all of them at C speed is cheaper
# than stripping each, and one sum of them counts the evidence of every
# language at once, at C speed too.
_TOKEN_LANGUAGES = _Remembered(_packed_languages)


def detect_language(text: str) -> str | None:
    """Guess which of :func:`abbreviation_languages` ``text`` is written in.

    Counts the words of the text's beginning that are among the most frequent words
    of each language (wordfreq); None when no language has enough evidence.

    >>> detect_language("Die Regierung hat am Montag mit der Opposition gesprochen.")
    'de'
    >>> detect_language("Hükümet ve muhalefet bu hafta bir araya gelecek.")
    'tr'
    >>> detect_language("12345") is None
    True
    """
    # Each word is put in lower case by _packed_languages: the same words, since
    # lower() maps no character to a space or a space to anything else.
    words = text[:_LANGUAGE_SAMPLE].split()
    total = sum(map(_TOKEN_LANGUAGES.__getitem__, words))
    best, top, tied = None, 0, False
    for lang, shift in _language_fields():
        score = (total >> shift) & _FIELD_MASK
        if score > top:
            best, top, tied = lang, score, False
        elif score == top and score:
            tied = True
    if top < _MIN_LANGUAGE_EVIDENCE:
        return None
    if tied:  # the first of them seen in the text wins
        scores = Counter(itertools.chain.from_iterable(map(_stripped_languages, words)))
        return max(scores, key=scores.__getitem__)
    return best


def _is_abbreviation(line: str, at: int, word: str, ctx: _Context) -> bool:
    """Whether the full stop at ``at``, after ``word``, belongs to an abbreviation.

    Either the word has letters in lower case but no vowel, which no word of
    running text lacks (``Dr``, ``Mr``, ``St``, ``Nr``, ``vb``, ``pp``), or the
    dotted token before the full stop is listed for the language (``z.B.``,
    ``im.``, ``godz.``); a word that ends no listed entry (``B.`` ends ``z.B.``)
    is ruled out by one look-up.
    """
    listed = _WORD_LISTED[word]
    if listed is not _MAYBE_LISTED:
        return listed
    if f"{word}." not in ctx.last_parts:
        return False
    begin = at - len(word)
    floor = max(0, at - _WORD_SPAN)
    while begin > floor and (line[begin - 1].isalpha() or line[begin - 1] == "."):
        begin -= 1
    token = line[begin : at + 1].lstrip(".")
    return token in ctx.abbreviations


_MAYBE_LISTED = object()


def _word_listing(word: str) -> object:
    """What _is_abbreviation can tell from a word alone: True (an abbreviation
    without a vowel), False (no list of any language ends with it: most words),
    or _MAYBE_LISTED (the language's list decides)."""
    if _NO_VOWEL.fullmatch(word) and not word.isupper():
        return True
    if f"{word}." not in _last_parts(None):
        return False
    return _MAYBE_LISTED


# One look-up replaces a pattern match and two set look-ups.
_WORD_LISTED = _Remembered(_word_listing)


class _Context:
    """What the seam tests need to know about the whole text.

    The language (and with it the abbreviation list) is detected only when a
    test needs it: most full stops are ruled out by the lists of every language.
    """

    def __init__(self, text: str, lang: str | None = None) -> None:
        self.text = text
        # "www." in text is a slower scan than one with a pattern
        self.addresses = "/" in text or "@" in text or bool(_WWW.search(text))
        self.candidates = [item for item in _CANDIDATES if item[0] in text]
        self.style = _QuoteStyle.of(text)
        self.opening_marks = self.style.openers + self.style.symmetric
        self._lang = lang
        self._words: Counter[str] | None = None

    @functools.cached_property
    def lang(self) -> str | None:
        return self._lang or detect_language(self.text)

    @functools.cached_property
    def abbreviations(self) -> frozenset[str]:
        return abbreviations(self.lang)

    @functools.cached_property
    def last_parts(self) -> frozenset[str]:
        return _last_parts(self.lang)

    def detected(self) -> str | None:
        """The language, if a test needed it (else None, and none detected)."""
        return self.__dict__.get("lang", self._lang)

    def occurrences(self, word: str) -> int:
        """How often ``word`` occurs in the text as a word (counted once, lazily)."""
        if self._words is None:
            self._words = Counter(_WORD.findall(self.text))
        return self._words[word]


def _full_stop_allows(
    line: str, at: int, start: int, first: int, ctx: _Context
) -> bool:
    """Apply what only a full stop needs: numbers, initials, abbreviations, names.

    ``at`` is the full stop, ``first`` the first character of the would-be next
    paragraph.
    """
    before = line[at - 1]
    if before.isspace() or before in ".\u2026":
        return False  # " .NET", an ellipsis
    next_is_digit = line[first].isdecimal()
    if next_is_digit and before.isdecimal():
        return False  # 3.5, 10.30, 192.168.0.1
    word, word_start = _word_before(line, at)
    following = _WORD.match(line, first, first + _WORD_SPAN)
    end = following.end() if following else first  # the word itself: seldom needed
    if len(word) == 1 and word.isalpha():
        # "J.Smith", "г.Москва": an initial or one-letter abbreviation, not an end.
        # "U.S.The": the last letter of a dotted abbreviation, which may end one,
        # unless the next word is the abbreviation's next letter ("U.S", "J.K").
        if word_start == 0 or line[word_start - 1] != ".":
            return False
        if end == first + 1 and line[first + 1 : first + 2] == ".":
            return False
    if _WORD_LISTED.get(word) is not False and _is_abbreviation(line, at, word, ctx):
        return False  # (most words are known to end no abbreviation: no call)
    if next_is_digit and (len(word) < 2 or (len(word) <= 3 and word.istitle())):
        return False  # "No.10", "Vol.3", "Art.5", "p.12"
    if (
        first == at + 1
        and len(word) > 1
        and word.isupper()
        and word.isascii()
        and end > first + 1
        and line[first:end].isupper()
    ):
        return False  # ASP.NET; not 'ISIS.""ISIS' nor "ХАМАС.США"
    if not ctx.addresses:  # what _in_address tests in such a text: "ibtimes.com"
        return not (line[end : end + 1] == "." and line[end + 1 : end + 2].islower())
    return not _in_address(line, start, at, end, ctx)


def _closing_end(line: str, pos: int, ctx: _Context, quotes: dict) -> int:
    """Skip the closing marks from ``pos``; thin spaces between two marks go along."""
    size = len(line)
    style = ctx.style
    while pos < size and (
        line[pos] in style.closers
        or (line[pos] in style.symmetric and _closes_quotation(line, pos, quotes))
        or (line[pos] in _THIN_SPACES and pos + 1 < size and line[pos + 1] in _QUOTES)
    ):
        pos += 1
    return pos


def _opening_end(line: str, pos: int, ctx: _Context) -> int:
    """Skip at most two opening marks from ``pos`` (``«``+space, thin spaces too)."""
    seam, size = pos, len(line)
    marks = ctx.opening_marks
    while pos < size and pos - seam < _MAX_OPENERS + 1:
        if line[pos] in marks or (
            line[pos] in _THIN_SPACES
            and pos > seam
            and pos + 1 < size
            and line[pos + 1] in marks
        ):
            pos += 1
        else:
            break
    if pos < size and pos > seam and line[pos - 1] in "«»" and line[pos] in _SPACES:
        pos += 1  # French spacing inside guillemets: "« Nous"
    return pos


def _plainly_no_seam(line: str, at: int) -> bool:
    """Whether the full stop at ``at`` (not a line's first character) is ruled out
    by its neighbours alone: after a space (``.NET``) or an ellipsis, inside a
    number (``3.5``), after an initial (``J.Smith``, the first full stop of
    ``U.S.``). The most frequent cases, tested before anything costlier; the same
    rules as :func:`_full_stop_allows` and in the same order.
    """
    before = line[at - 1]
    if before.isspace() or before in ".\u2026":
        return True
    if before.isdecimal():
        return line[at + 1].isdecimal()
    if not before.isalpha() or at == 1:
        return at == 1 and before.isalpha()
    ahead = line[at - 2]
    return not ahead.isalnum() and ahead != "."


def _seam_after_mark(
    line: str, at: int, start: int, ctx: _Context, quotes: dict
) -> int:
    """Where a paragraph starts after the sentence-ending mark at ``at``, or -1."""
    mark = line[at]
    if mark in ";\u037e" and not (at and _is_greek(line[at - 1])):
        return -1  # ";" is a question mark only in Greek
    if at == start or (mark == "." and _plainly_no_seam(line, at)):
        return -1
    pos = at + 1
    if line[pos].isalnum():
        seam = pos  # the next word follows at once: no mark to skip (most seams)
    else:
        if line[pos].isspace():  # the candidate pattern let through only " »"
            if "»" not in ctx.style.closers:
                return -1
            pos += 1  # French spacing: "... fin. »Le"
        seam = _closing_end(line, pos, ctx, quotes)
        pos = _opening_end(line, seam, ctx)
    if pos >= len(line) or not _starts_sentence(line, pos):
        return -1
    if mark == ".":
        if not _full_stop_allows(line, at, start, pos, ctx):
            return -1
    elif _in_address(line, start, at, at + 1, ctx):
        return -1
    return seam


def _seam_after_full_stop(
    line: str, at: int, start: int, ctx: _Context, quotes: dict
) -> int:
    """:func:`_seam_after_mark` for a full stop: the same rules in the same order.

    Three full stops in four are followed at once by a letter or a digit
    (``war.US``); those are decided here, with the tests of
    :func:`_starts_sentence` written out, one call less for most candidates.
    :func:`_plainly_no_seam` is not needed: :data:`_CANDIDATES` left out most of
    what it rules out, and :func:`_full_stop_allows` applies the same rules
    before any test that has an effect (the language detection).
    """
    nxt = line[at + 1]
    if not nxt.isalnum():
        return _seam_after_mark(line, at, start, ctx, quotes)
    if at == start:
        return -1
    if nxt.isalpha():
        if nxt.islower() and not line[at + 2 : at + 3].isupper():
            return -1
    elif not nxt.isdecimal():
        return -1
    return at + 1 if _full_stop_allows(line, at, start, at + 1, ctx) else -1


def _seam_after_colon(line: str, at: int, start: int, ctx: _Context) -> int:
    """A colon glued to a capital or an opening quote: ``such:And``, ``said:"We``.

    Not between two words in capitals (``NYSE:AAPL``), after a digit (``10:30``)
    or in an address (``mailto:``, ``https:``).
    """
    before = line[at - 1] if at > start else " "
    if not (before.isalpha() or before in ")]\"'’”»"):
        return -1
    pos = at + 1
    quoted = line[pos] in ctx.style.openers or line[pos] in ctx.style.symmetric
    pos += quoted
    if pos >= len(line) or not line[pos].isupper():
        return -1
    following = _WORD.match(line, pos, pos + _WORD_SPAN)
    following = following.group() if following else ""
    if len(following) < 2 and not quoted:
        return -1
    word, _ = _word_before(line, at)
    if (word.isupper() and following.isupper()) or word.lower() in _URL_SCHEMES:
        return -1
    if _in_address(line, start, at, pos + len(following), ctx):
        return -1
    return at + 1


def _seam_after_quote(
    line: str, at: int, start: int, ctx: _Context, quotes: dict
) -> int:
    """A quote glued to the next paragraph: ``la pandemia”Sobre``, ``tone"The``.

    The mark comes right after a word (after a full stop the sentence-mark rule
    decides) and before a capital. A closing mark (by its shape, by the roles of
    its kind in the line, or for ``'``/``’`` by a pending opening mark) ends the
    paragraph; an opening one after a lower-case word starts the next one, as a
    heading glued to a quoted paragraph does.
    """
    before = line[at - 1] if at > start else " "
    if not (before.isalpha() or before in ")]") or not line[at + 1].isupper():
        return -1
    mark = line[at]
    if mark in "'’":
        closes = _closes_single(line, at, start)
    elif mark in ctx.style.closers or mark in ctx.style.openers:
        closes = mark in ctx.style.closers
    else:
        closes = _closes_quotation(line, at, quotes)
    following = _WORD.match(line, at + 1, at + 1 + _WORD_SPAN)
    if following is None or len(following.group()) < 2:
        return -1
    if closes:
        return at + 1
    # An opening quote glued to a word ends a heading: 'Setting the tone"The ...',
    # when what comes before it in the paragraph is as short as a heading.
    # A quoted paragraph, unlike a quoted term ('its"Iron Dome" system'), closes
    # its quotation after punctuation: '"We are ready," he said.'
    if at - start > _HEADING_SPAN or not before.islower() or mark in "'’":
        return -1
    heading = line[start:at]
    closer = _CLOSING_MARK.get(mark, mark)
    end = line.find(closer, at + 1, at + _APOSTROPHE_SPAN)
    if (
        len(heading.split()) <= _HEADING_WORDS
        and not _HEADING_STOP.search(heading)
        and "," not in heading
        and end > 0
        and line[end - 1] in ",.!?\u2026"
    ):
        return at
    return -1


def _candidates(line: str, ctx: _Context) -> list[int]:
    """Where ``line`` has a candidate seam, in order: the marks the text holds
    are scanned for one by one (:func:`_candidate_patterns`)."""
    found: list[int] = []
    for mark, pattern in ctx.candidates:
        if mark in line:
            found += map(_START, pattern.finditer(line))
    found.sort()
    return found


def _split_glued(line: str, ctx: _Context) -> list[str]:
    """Cut one line where paragraphs meet with no space (:func:`split_paragraphs`)."""
    pieces = []
    start = 0
    quotes: dict[str, _Quotes] = {}
    for at in _candidates(line, ctx):
        if at < start:
            continue
        mark = line[at]
        if mark == ".":
            seam = _seam_after_full_stop(line, at, start, ctx, quotes)
        elif mark == ":":
            seam = _seam_after_colon(line, at, start, ctx)
        elif mark in _QUOTES:
            seam = _seam_after_quote(line, at, start, ctx, quotes)
        else:
            seam = _seam_after_mark(line, at, start, ctx, quotes)
        if seam > start:
            pieces.append(line[start:seam])
            start = seam
    pieces.append(line[start:])
    if not _may_end_heading(line, pieces):
        return pieces  # no piece can hide a heading's end: one scan, not one a piece
    return [part for piece in pieces for part in _split_heading(piece, ctx)]


# A heading or byline glued to its paragraph: only near a paragraph's start, after
# a few words with no punctuation, and only where wordfreq knows both halves but
# not the whole ("Setting the toneTrump", "Fred GillhamManaging director").
_HEADING_SPAN = 120
_HEADING_WORDS = 16
_HEADING_STOPS = frozenset(".!?\u2026")
_MIN_WORD_ZIPF = 1.0
_MIN_START_ZIPF = 3.0
_MIN_LETTER_ZIPF = 6.5  # a one-letter word: "A", "I"; Polish "W", "Z"


@functools.cache
def _heading_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Where a heading may end glued to the next word, in the Latin, Greek and
    Cyrillic blocks (one character class each, so the scan runs fast):

    * a lower-case letter, then a capital and a lower-case letter (``toneTrump``);
    * two capitals, then a capital and a lower-case letter (``RELEASEApple``);
    * a lower-case letter, then a word in capitals (``shuttlesNASA``) or a
      one-letter word (``collapseA storm``);
    * a year, then a capital (``June 9, 2025PRESS``): the match ends the heading.

    The second pattern is a quick first test: no seam without one of its matches
    (a capital after a lower-case letter or a digit, or three capitals and a
    lower-case letter). It starts with a capital, the rarer character, so the scan
    runs at C speed past the letters (four times faster than starting with one).
    """
    chars = [chr(c) for c in (*range(0x41, 0x530), *range(0x1E00, 0x1F00))]
    low = "[" + "".join(re.escape(c) for c in chars if c.islower()) + "]"
    up = "[" + "".join(re.escape(c) for c in chars if c.isupper()) + "]"
    letter = low[:-1] + up[1:]
    seam = re.compile(
        f"(?<={low}){up}(?={low})"
        f"|(?<={up}{{2}}){up}(?={low})"
        f"|(?<={low}){up}(?={up}+(?!{letter})| )"
        f"|(?<![0-9{letter[1:-1]}.,/:-])(?:19|20)[0-9]{{2}}(?={up}{letter}{{2}})"
    )
    hint = re.compile(f"{up}(?:(?<=[0-9{low[1:-1]}].)|(?<={up}.)(?={up}{low}))")
    return seam, hint


def _ascii_cases() -> bytes:
    """Bit flags of the ASCII characters for :func:`_may_end_heading`: bit 0 for
    a lower-case letter or a digit, bit 1 for a capital, bit 4 for a lower-case
    letter; none for the other characters."""
    flags = bytearray(256)
    for code in range(0x80):
        char = chr(code)
        if char.islower():
            flags[code] = 0x11
        elif char.isdigit():
            flags[code] = 0x01
        elif char.isupper():
            flags[code] = 0x02
    return bytes(flags)


_ASCII_CASES = _ascii_cases()


def _may_end_heading(line: str, pieces: list[str]) -> bool:
    """Whether a heading may end glued to the next word at the start of one of
    ``pieces`` (``line`` cut at its seams): whether the quick test of
    :func:`_heading_patterns` matches in the line, or where
    :func:`_heading_windows` looks.

    A pattern starting with a character class scans at about 3 ns a character;
    an ASCII line (most lines) is tested at C speed instead, on one big integer:
    its characters' bit flags (:data:`_ASCII_CASES`), one byte each, shifted so
    that a character's flags meet those of its neighbours. Only the flags asked
    for can meet: a lower-case letter or a digit, then a capital (shift by 9:
    bit 0 meets bit 1 of the next byte), and three capitals, then a lower-case
    letter (by 8 and 16: bit 1 meets bit 1; by 27: bit 1 meets bit 4). Tested
    on every pair of ASCII characters and on random text against the pattern.
    """
    if not line.isascii():
        return _heading_windows(line, pieces)
    flags = int.from_bytes(line.encode("ascii").translate(_ASCII_CASES), "little")
    if flags & (flags >> 9):
        return True
    capitals = flags & (flags >> 8)
    return bool(capitals & (capitals >> 8) & (flags >> 27))


def _heading_windows(line: str, pieces: list[str]) -> bool:
    """Whether the quick test of :func:`_heading_patterns` may match where
    :func:`_heading_end` tests each piece: from its start to its first stop, at
    most ``_HEADING_SPAN`` characters. The line is searched from each piece's
    start to its first full stop (never before its first stop) or
    ``_HEADING_SPAN`` characters on, so every match in the piece is found there;
    about a third of the line is searched (in the benchmark), not all of it.
    """
    hint = _heading_patterns()[1]
    start = 0
    for piece in pieces:
        stop = line.find(".", start, start + _HEADING_SPAN)
        end = stop if stop >= 0 else start + _HEADING_SPAN
        if hint.search(line, start, end + 1):
            return True
        start += len(piece)
    return False


_HEADING_STOP = re.compile("[" + re.escape("".join(sorted(_HEADING_STOPS))) + "]")
_MAX_HEADINGS = 3


def _split_heading(piece: str, ctx: _Context) -> list[str]:
    """Cut headings glued to the start of ``piece`` (see :func:`_glued_words`)."""
    out = []
    for _ in range(_MAX_HEADINGS):
        at = _heading_end(piece, ctx)
        if at <= 0:
            break
        out.append(piece[:at])
        piece = piece[at:]
    out.append(piece)
    return out


def _heading_end(piece: str, ctx: _Context) -> int:
    stop = _HEADING_STOP.search(piece, 0, _HEADING_SPAN)
    end = stop.start() if stop else min(len(piece), _HEADING_SPAN)
    seams, hint = _heading_patterns()  # compiled on first use, once
    if not hint.search(piece, 0, end + 1):
        return -1
    offset = 0
    for count, word in enumerate(piece[:end].split(" ")):
        if count >= _HEADING_WORDS:
            break
        tail = word[1:]
        # Only a word with a capital inside, or a digit first, can hide a seam;
        # testing that first keeps the scan at C speed for ordinary words.
        if tail != tail.lower() or word[:1].isdigit():
            for match in seams.finditer(piece, max(offset, 1), offset + len(word) + 1):
                index = match.start()
                if match.group().isdigit():
                    return match.end()
                if (
                    _glued_words(piece, index, ctx.lang or "en")
                    and _heading_like(piece, index)
                    and not _is_name(piece, index, ctx)
                ):
                    return index
        offset += len(word) + 1
    return -1


def _heading_like(piece: str, index: int) -> bool:
    """Whether the text before ``index`` can be a heading that ends there.

    A heading may end in a lower-case word (``Setting the tone``); one that ends
    in a capitalised word must have two words or more, all capitalised (``Fred
    Gillham``, ``PRESS RELEASE``, ``Group F — Sweden 1 – 0 Korea Republic``):
    ``DeepSeek said`` or ``analysts at ZoomInfo`` are names in a sentence.
    """
    begin = index
    while begin > 0 and piece[begin - 1].isalpha():
        begin -= 1
    if piece[begin].islower():
        return True
    if begin and piece[begin - 1] in _QUOTES:
        return False  # 'The "DeepSeek" deal': a quoted name
    words = [w.lstrip(_QUOTES + "([") for w in piece[:index].split()]
    words = [w for w in words if w[:1].isalpha()]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def _is_name(piece: str, index: int, ctx: _Context) -> bool:
    """Whether the glued-looking word at ``index`` recurs in the text: a name
    written in camel case (``DeepSeek``, newer than wordfreq's lists) does, a
    heading run into its paragraph does not."""
    match = _WORD.match(piece, index)
    begin = index
    while begin > 0 and piece[begin - 1].isalnum():
        begin -= 1
    word = piece[begin : match.end()] if match else ""
    return ctx.occurrences(word) > 1


def _glued_words(piece: str, index: int, lang: str) -> bool:
    """Whether the word around ``index`` is two words glued (``toneTrump``,
    ``RELEASEApple``): wordfreq knows both halves (the second as a common word,
    as a paragraph's first word is) but not the whole.

    Brands written in camel case are words themselves (``YouTube``, ``PayPal``),
    and short or mixed-case left halves are name particles (``McDonald``,
    ``iPhone``, ``LeBron``, ``DeSantis``): those stay whole.
    """
    begin = index
    while begin > 0 and piece[begin - 1].isalpha():
        begin -= 1
    end = index
    while end < len(piece) and piece[end].isalpha():
        end += 1
    left, right = piece[begin:index], piece[index:end]
    capitals = left.isupper()  # "RELEASEApple", "NASAThe"
    if len(left) < 3 or not (right[1:].islower() or right.isupper()):
        return False
    start_zipf = _MIN_LETTER_ZIPF if len(right) == 1 else _MIN_START_ZIPF
    if not capitals and not left[1:].islower():
        return False
    joined = (left + right).lower()
    if wordfreq.zipf_frequency(joined, lang) or wordfreq.zipf_frequency(joined, "en"):
        return False
    return (
        wordfreq.zipf_frequency(left.lower(), lang) >= _MIN_WORD_ZIPF
        and wordfreq.zipf_frequency(right.lower(), lang) >= start_zipf
    )


# --------------------------------------------------------------------------------------
# Single line breaks inside a block
# --------------------------------------------------------------------------------------

_LIST_MARKER = re.compile(r"(?:[-–—•·▪●◦*]|[0-9]{1,3}[.)])[ \t]")
_LIST_WIDTH = 80
_WRAP_FRACTION = 0.7
_TRAILING_CLOSERS = ")]}\"'’”»›"
_TERMINALS = frozenset(".!?\u2026\u037e\u061f\u06d4\u0964\u3002\uff01\uff1f")


def _line_end(line: str) -> str:
    """How a line ends: ``sentence``, ``colon``, ``mid`` (``,``, ``;``, a hyphen) or
    ``open`` (a word, a number or a dash: a heading, a date, a dateline, a name)."""
    stripped = line.rstrip(_TRAILING_CLOSERS)
    last = stripped[-1:]
    if last in _TERMINALS:
        return "sentence"
    if last == ":":
        return "colon"
    if last in (",", ";") or (last == "-" and not stripped[-2:-1].isspace()):
        return "mid"
    return "open"


def _starts_line(line: str, ctx: _Context) -> bool:
    """Whether a line starts as a new line would: a list marker, or a capital or a
    digit (after opening marks)."""
    if _LIST_MARKER.match(line):
        return True
    pos = _opening_end(line, 0, ctx)
    return pos < len(line) and _starts_sentence(line, pos)


def _breaks(first: str, second: str, end: str, ctx: _Context, wrap: int) -> bool:
    """Whether the single newline between two lines of a block is a real break.

    ``wrap`` is the block's line width when it shows hard wrapping, else 0.
    """
    if _LIST_MARKER.match(second) or end == "colon":
        return True
    if not _starts_line(second, ctx):
        return False
    if end == "mid":
        return not wrap  # "Bunlar,⏎Sınırların": a list, when nothing is wrapped
    if end == "sentence":
        dot = len(first.rstrip(_TRAILING_CLOSERS)) - 1
        if first[dot] != ".":
            return True
        word, word_start = _word_before(first, dot)
        if (
            len(word) == 1
            and word.isalpha()
            and (not word_start or first[word_start - 1] != ".")
        ):
            return False  # "John F.⏎Kennedy"
        return not _is_abbreviation(first, dot, word, ctx)
    return not wrap or len(first) < _WRAP_FRACTION * wrap


def _line_joins(lines: list[str], ctx: _Context, lists: bool) -> list[str]:
    """Decide, from the block's own evidence, what each single newline is.

    ``para`` ends a paragraph, ``br`` ends a line of a list-like block (three or
    more short lines, none hard-wrapped, in a body whose paragraphs are separated by
    blank lines: ``lists``), ``soft`` joins hard-wrapped prose. A block
    is hard-wrapped when some line ends mid-sentence and the next goes on in lower
    case; then a line without a final mark is a heading only when clearly shorter
    than the wrap width.
    """
    if len(lines) < 2:
        return []  # most blocks: one line, no newline to decide
    ends = [_line_end(line) for line in lines]
    pairs = list(zip(lines, lines[1:], ends, strict=False))
    wrapped = any(
        end in ("open", "mid") and not _starts_line(second, ctx)
        for _, second, end in pairs
    )
    width = max(map(len, lines))
    list_like = lists and len(lines) >= 3 and width <= _LIST_WIDTH and not wrapped
    hard = "br" if list_like else "para"
    wrap = width if wrapped else 0
    return [
        hard if _breaks(first, second, end, ctx, wrap) else "soft"
        for first, second, end in pairs
    ]


def split_paragraphs(text: str, lang: str | None = None) -> tuple[list[str], int]:
    r"""Recover the paragraphs of a body; return them and how many breaks were added.

    The same rules apply in every block (a run of text between blank lines), in any
    layout: glued, one paragraph per line, blank lines, or a mixture.

    **Glued seams**, inside every line: a paragraph starts wherever a sentence ends
    and the next starts with no space between them (``war.US``, ``Putin."I``,
    ``compromises"."The``, ``crisis?«Мы``, ``ISIS.""ISIS``), after a colon glued to
    a capital or an opening quote (``such:And``, ``withdrawal:"Whenever``), after a
    closing quote glued to a capital (``la pandemia”Sobre``, ``'Avoiding
    peace'Rubio``), and between a heading and its paragraph when wordfreq knows both
    halves of the glued word but not the whole (``Setting the toneTrump``).
    Abbreviations of the text's language (data files, see :func:`abbreviations`),
    initials, numbers, ellipses, domain names and URLs are not seams. Quotation
    marks go to the side where they belong: an opening one starts the new paragraph.

    **Single newlines** inside a block are decided per block (:func:`_line_joins`):
    a line that ends like a sentence, a list item, a heading, a date or a dateline
    ends its paragraph (in a list-like block it ends a line, marked
    :data:`LINE_BREAK`); hard-wrapped prose is joined (the newline is kept, marked
    :data:`SOFT_BREAK`, and shows as a space).

    Only line breaks move: removing them, the paragraphs joined give the stripped
    blocks back exactly.

    >>> split_paragraphs('It ended.US officials met Putin."I agree," he said.')
    (['It ended.', 'US officials met Putin.', '"I agree," he said.'], 2)
    >>> split_paragraphs("The U.S. rate rose 3.5% at ibtimes.com, Dr.Smith said.")
    (['The U.S. rate rose 3.5% at ibtimes.com, Dr.Smith said.'], 0)
    >>> split_paragraphs("One.\nTwo.\n\nThree.Four.")
    (['One.', 'Two.', 'Three.', 'Four.'], 2)
    >>> body = "June 9, 2025\nPRESS RELEASE\nApple today announced new tools and "
    >>> body += "technologies for developers, from its campus in Cupertino."
    >>> split_paragraphs(body)[1]
    2
    >>> split_paragraphs("The talks were held in\nIstanbul on Friday and ended\nearly.")
    (['The talks were held in\nIstanbul on Friday and ended\nearly.'], 0)
    >>> split_paragraphs("Sites:\nClub Denver\n5:30 to 8:30 p.m. May 22.\n\nMore.")
    (['Sites:\u2028Club Denver\u20285:30 to 8:30 p.m. May 22.', 'More.'], 0)
    """
    paragraphs, restored, _ = _recover(text, lang)
    return paragraphs, restored


def _recover(text: str, lang: str | None) -> tuple[list[str], int, _Context]:
    """:func:`split_paragraphs`, also returning the context it used."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    ctx = _Context(text, lang)
    paragraphs: list[str] = []
    restored = 0
    blocks = _BLANK_LINE.split(text.strip())
    for block in blocks:
        lines = [line.strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        joins = ["para", *_line_joins(lines, ctx, len(blocks) > 1)] if lines else []
        parts: list[str] = []  # the paragraph being built, joined once (linear)
        for index, (line, join) in enumerate(zip(lines, joins, strict=True)):
            pieces = _split_glued(line, ctx)
            if join == "para":
                if parts:
                    paragraphs.append("".join(parts))
                parts = [pieces[0]]
                restored += index > 0
            else:
                parts += (LINE_BREAK if join == "br" else SOFT_BREAK, pieces[0])
            if len(pieces) > 1:
                paragraphs.append("".join(parts))
                paragraphs.extend(pieces[1:-1])
                parts = [pieces[-1]]
                restored += len(pieces) - 1
        if parts:
            paragraphs.append("".join(parts))
    return paragraphs, restored, ctx


# --------------------------------------------------------------------------------------
# The whole repair, fields, rendering
# --------------------------------------------------------------------------------------


def _unescape_detected(text: str, level: int) -> str:
    r""":func:`unescape` for a text whose ``level`` :func:`detect_escape_level` gave.

    At level 2 every ``"`` has an even run of backslashes before it and every
    run is even; when there are just twice as many backslashes as quotes, every
    run is the pair before a quote (``\\"``), as the pipeline writes, and
    undoing the escaping removes every backslash: one pass instead of two
    replacements, each slower than both counts.
    """
    if level == 2 and text.count("\\") == 2 * text.count('"'):
        return text.replace("\\", "")
    return unescape(text, level)


def repair_body(text: str) -> Repair:
    r"""Unescape, fix mojibake and recover paragraphs of a pipeline body.

    >>> repair = repair_body(r'War ended.\\"Peace,\\" he said.Itâ€™s over.')
    >>> repair.paragraphs
    ('War ended.', '"Peace," he said.', 'It’s over.')
    >>> repair.explain()
    'escape level 2 undone; 2 paragraphs restored; mojibake fixed'
    """
    level = detect_escape_level(text)
    unescaped = _unescape_detected(text, level)
    fixed = fix_mojibake(unescaped)
    paragraphs, restored, ctx = _recover(fixed, None)
    joined = "\n\n".join(paragraphs)  # counted once, not paragraph by paragraph
    separators = 2 * max(len(paragraphs) - 1, 0)  # the newlines "\n\n" added
    return Repair(
        text=joined.replace(LINE_BREAK, "\n"),
        paragraphs=tuple(paragraphs),
        escape_level=level,
        paragraphs_restored=restored,
        mojibake_fixed=fixed != unescaped,
        line_breaks=joined.count(LINE_BREAK),
        lines_joined=joined.count(SOFT_BREAK) - separators,
        language=ctx.detected(),
    )


def repair_field(text: str, level: int) -> str:
    r"""Repair a one-line field (title, description) of a file escaped at ``level``.

    The field is unescaped at the file's level, but never further than its own
    evidence allows (a field with a bare ``"`` is not unescaped), then mojibake is
    fixed and surrounding whitespace stripped. Paragraphs are not split.

    >>> repair_field(r' \\"Peace\\" talks ', 2)
    '"Peace" talks'
    >>> repair_field(r'Use C:\new "now"', 2)
    'Use C:\\new "now"'
    """
    level = min(level, detect_escape_level(text))
    return fix_mojibake(unescape(text, level)).strip()


def render_plain_text(paragraphs: Iterable[str]) -> str:
    """Render paragraphs as HTML, one ``<p>`` each, interpreting nothing.

    Only ``&``, ``<`` and ``>`` are escaped; Markdown-like characters stay literal.
    A :data:`LINE_BREAK` inside a paragraph becomes ``<br>``; a :data:`SOFT_BREAK`
    (a hard wrap) stays a newline, which a browser shows as a space. No other tag
    is ever written.

    >>> print(render_plain_text(["*Not* <b>bold</b> & # no heading", "a\\nb"]))
    <p>*Not* &lt;b&gt;bold&lt;/b&gt; &amp; # no heading</p>
    <p>a
    b</p>
    >>> render_plain_text(["Sites:\\u2028Club Denver\\u20285:30 p.m."])
    '<p>Sites:<br>\\nClub Denver<br>\\n5:30 p.m.</p>'
    """
    return "\n".join(
        "<p>"
        + html.escape(paragraph, quote=False).replace(LINE_BREAK, "<br>\n")
        + "</p>"
        for paragraph in paragraphs
    )


# Block syntax at the start of a line, and a heading after a blank line. They are
# searched in the text with "\n\n" in front, so that both start with a literal newline
# (a fast scan) and also match on the first line.
_MD_BLOCK_SYNTAX = re.compile(
    r"\n {0,3}(?:[-*+] +\S|[0-9]{1,9}[.)] +\S|> ?\S|```|~~~"
    # a reference-style link's definition: "[docs]: https://..." or "/path"
    r"|\[[^\[\]\n]{1,300}\]:[ \t]*<?(?:https?://|/|\./|#)\S)"
)
_MD_HEADING = re.compile(r"\n[ \t]*\n {0,3}#{1,6} +\S")
# Links, emphasis and inline code. Each pattern starts with its literal character so
# the scan for it runs at C speed; every span is bounded and stops at its delimiter.
_MD_INLINE_SYNTAX = (
    re.compile(r"\[[^\[\]\n]{1,300}\]\([^()\s]{1,500}\)"),
    re.compile(r"\*(?<![\w*]\*)\*?[^\s*][^*\n]{0,300}?(?<![\s*])\*\*?(?![\w*])"),
    re.compile(r"_(?<!\w_)_?[^\s_][^_\n]{0,300}?(?<![\s_])__?(?!\w)"),
    re.compile(r"`[^`\n]{1,300}`"),
)


def looks_like_markdown(text: str) -> bool:
    """Tell a hand-written Markdown body from a pipeline plain-text body.

    Markdown needs blank lines between its paragraphs, which the pipeline never
    writes, so a body without them is plain text whatever characters it holds. A
    body with them must also show Markdown syntax: a list item, a heading after a
    blank line, a block quote, a code fence, a link (or a reference link's
    definition), emphasis or inline code.

    >>> looks_like_markdown("Intro.\\n\\n- one\\n- two")
    True
    >>> looks_like_markdown("Plain.\\n* not a list here\\n# 1 seed")
    False
    >>> looks_like_markdown("First paragraph.\\n\\nSecond paragraph.")
    False
    >>> looks_like_markdown("See [the docs][d].\\n\\n[d]: https://gohugo.io/")
    True
    """
    text = text.replace("\r\n", "\n").strip()
    if not _BLANK_LINE.search(text):
        return False
    framed = "\n\n" + text
    return bool(
        _MD_HEADING.search(framed)
        or _MD_BLOCK_SYNTAX.search(framed)
        or any(pattern.search(text) for pattern in _MD_INLINE_SYNTAX)
    )
