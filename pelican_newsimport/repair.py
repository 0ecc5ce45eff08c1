"""Pure text repairs for article bodies written by the news-import pipeline.

The pipeline (see ``PIPELINE.md``) damages the article text in three ways, and each
repair here undoes one of them without touching text that shows no such damage:

* **escaping** -- every ``"`` became ``\\"`` and then every backslash was doubled;
  :func:`detect_escape_level` reads the evidence and :func:`unescape` inverts it;
* **mojibake and HTML entities** carried over from the scraped source;
  :func:`fix_mojibake` repairs them conservatively with ftfy;
* **glued paragraphs** -- the API concatenates paragraphs with no separator
  (``...the war.US Secretary...``); :func:`split_paragraphs` finds the seams.

:func:`repair_body` runs all three and returns a :class:`Repair` that can say what it
changed. :func:`render_plain_text` turns the paragraphs into safe HTML without
interpreting anything as Markdown, and :func:`looks_like_markdown` tells a
hand-written Markdown body from a pipeline plain-text body.

Everything here is a pure ``str`` function that runs in time linear in the input:
no regular expression can backtrack more than a bounded amount, and the paragraph
scan looks at most a few dozen characters around each candidate seam.

>>> repair_body('He lost.\\\\"We won,\\\\" she said.').paragraphs
('He lost.', '"We won," she said.')
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from html.entities import html5

import ftfy

__all__ = [
    "Repair",
    "detect_escape_level",
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
        if self.mojibake_fixed:
            done.append("mojibake fixed")
        return "; ".join(done) or "unchanged"


# --------------------------------------------------------------------------------------
# Escaping
# --------------------------------------------------------------------------------------


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
    if "\\" not in text:
        return 0
    quotes = text.count('"')
    if quotes > text.count('\\"'):
        return 0
    if "\\" not in text.replace("\\\\", ""):
        return 2  # removing pairs left no backslash: every run was even
    return 1 if quotes else 0


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

# A sentence-ending mark with no space after it (or a French space before "»").
# CJK marks are not candidates: CJK writes sentences without spaces, so "。" followed
# by text is the ordinary join between two sentences, not evidence of a seam.
# A mark followed by another mark ("?!", "..") is not a candidate: the last one decides.
_CANDIDATE = re.compile(
    r"[.!?;\u037e\u061f\u06d4\u0964]"
    r"(?=[^\s.!?;\u037e\u061f\u06d4\u0964\u2026\u3002\uff01\uff1f]|[ \u00a0\u202f]»)"
)

# A straight double quote that is a quotation mark: not one between two letters, as
# Hebrew gershayim are written (צה"ל).
_STRAIGHT_QUOTE = re.compile(r'"(?:(?<![^\W\d_]")|(?![^\W\d_]))')

# Titles written before a name, which never end a paragraph: "Dr.Smith" is not a seam.
# Case-sensitive on purpose ("St." is Saint, "st." is not a title).
_TITLES = frozenset(
    (
        "Mr", "Mrs", "Ms", "Messrs", "Dr", "Drs", "Prof", "St", "Mt", "Ft", "Gen",
        "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Cmdr", "Sgt", "Adm", "Rev", "Hon",
        "Fr", "Pres", "Supt", "Insp", "Mme", "Mlle", "Sra", "Srta", "Dra", "Sig",
        "Dott", "vs", "cf", "ca", "approx", "им", "ул", "пр", "св",
    )
)  # fmt: skip
# Words written before a number: "No.10" is not a seam, "said No.The" is.
_BEFORE_NUMBER = frozenset(
    ("No", "Nos", "Nr", "Vol", "Art", "Fig", "Sec", "Ch", "Bd", "Abs", "pp", "ст")
)

_OPEN_AFTER = frozenset(" \t\u00a0\u202f([{\u2014\u2013-/")
_CLOSE_BEFORE = frozenset(",.;:!?)]}\u2026")
_WORD = re.compile(r"[^\W_]+")
_SPACES = " \u00a0\u202f"
_MAX_OPENERS = 2
_WORD_SPAN = 40
_TOKEN_SPAN = 100
_APOSTROPHE_SPAN = 500


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
    index = 0
    while index < len(roles):
        role = roles[index]
        if role is not None:
            resolved.append(role)
            index += 1
            continue
        end = index
        while end < len(roles) and roles[end] is None:
            end += 1
        left = resolved[-1] if resolved else None
        right = roles[end] if end < len(roles) else None
        resolved.extend(_settle_run(end - index, left, right))
        index = end
    return resolved


class _Quotes:
    """The role of every occurrence of one symmetric quotation mark in a line.

    A mark whose neighbours show its role keeps it (:func:`_role`); the others,
    typically a mark between a full stop and the next sentence (``end."Next``),
    are settled by :func:`_resolve_roles`. That is what gets a quotation running
    over several paragraphs right, where ``them."However ... math."Other`` is an
    opening then a closing mark although both look alike.
    """

    def __init__(self, line: str, mark: str) -> None:
        if mark == '"':
            self.positions = [m.start() for m in _STRAIGHT_QUOTE.finditer(line)]
        else:
            self.positions = [i for i, ch in enumerate(line) if ch == mark]
        self.closes = _resolve_roles([_role(line, at) for at in self.positions])

    def closes_at(self, at: int) -> bool:
        index = bisect_left(self.positions, at)
        if index < len(self.positions) and self.positions[index] == at:
            return self.closes[index]
        return True


def _closes_quotation(line: str, at: int, quotes: dict[str, _Quotes]) -> bool:
    """Decide whether the symmetric quote at ``at``, right after a full stop, closes.

    For ``'``, also an apostrophe, the next ``'`` that is neither between two
    letters (``don't``) nor after a plural ``s`` (``leaders' meeting``) decides: if it
    plainly closes a quotation, this one opened it.
    """
    mark = line[at]
    if mark == "'":
        stop = min(len(line), at + _APOSTROPHE_SPAN)
        nxt = line.find("'", at + 1, stop)
        while nxt != -1 and (
            (line[nxt - 1].isalpha() and line[nxt + 1 : nxt + 2].isalpha())
            or (line[nxt - 1] == "s" and line[nxt + 1 : nxt + 2].isspace())
        ):
            nxt = line.find("'", nxt + 1, stop)
        return nxt == -1 or _role(line, nxt) is not True
    index = quotes.get(mark)
    if index is None:
        index = quotes[mark] = _Quotes(line, mark)
    return index.closes_at(at)


def _word_before(line: str, end: int) -> tuple[str, int]:
    begin = end
    floor = max(0, end - _WORD_SPAN)
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


def _in_address(line: str, start: int, mark: int, word_end: int) -> bool:
    """Whether the mark at ``mark`` is inside a URL, e-mail address or domain name.

    ``word_end`` is where the word after the mark ends.
    """
    follow = line[word_end : word_end + 2]
    if follow[:1] in ("/", "@") or (
        len(follow) == 2 and follow[0] == "." and follow[1].islower()
    ):
        return True
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


def _full_stop_allows(line: str, at: int, start: int, first: int) -> bool:
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
    following = following.group() if following else ""
    if len(word) == 1 and word.isalpha():
        # "J.Smith", "г.Москва": an initial or one-letter abbreviation, not an end.
        # "U.S.The": the last letter of a dotted abbreviation, which may end one,
        # unless the next word is the abbreviation's next letter ("U.S", "J.K").
        if word_start == 0 or line[word_start - 1] != ".":
            return False
        if len(following) == 1 and line[first + 1 : first + 2] == ".":
            return False
    if word in _TITLES:
        return False
    if next_is_digit and (word in _BEFORE_NUMBER or len(word) < 2):
        return False
    if len(word) > 1 and word.isupper() and len(following) > 1 and following.isupper():
        return False  # ASP.NET
    return not _in_address(line, start, at, first + len(following))


def _seam_after(
    line: str,
    at: int,
    start: int,
    style: _QuoteStyle,
    quotes: dict[str, _Quotes],
) -> int:
    """Return where a paragraph starts after the mark at ``at``, or -1 for no seam."""
    mark = line[at]
    size = len(line)
    if mark in ";\u037e" and not (at and _is_greek(line[at - 1])):
        return -1  # ";" is a question mark only in Greek
    if at == start or (mark == "." and line[at - 1].isspace()):
        return -1
    pos = at + 1
    if line[pos].isspace():  # the candidate pattern let through only " »"
        if "»" not in style.closers:
            return -1
        pos += 1  # French spacing: "... fin. »Le"
    while pos < size and (
        line[pos] in style.closers
        or (line[pos] in style.symmetric and _closes_quotation(line, pos, quotes))
    ):
        pos += 1
    seam = pos
    while (
        pos < size
        and pos - seam < _MAX_OPENERS
        and (line[pos] in style.openers or line[pos] in style.symmetric)
    ):
        pos += 1
    if pos < size and pos > seam and line[pos - 1] in "«»" and line[pos] in _SPACES:
        pos += 1  # French spacing inside guillemets: "« Nous"
    if pos >= size or not _starts_sentence(line, pos):
        return -1
    if mark == ".":
        if not _full_stop_allows(line, at, start, pos):
            return -1
    elif _in_address(line, start, at, at + 1):
        return -1
    return seam


def _split_glued(line: str, style: _QuoteStyle) -> list[str]:
    pieces = []
    start = 0
    quotes: dict[str, _Quotes] = {}
    for match in _CANDIDATE.finditer(line):
        at = match.start()
        if at < start:
            continue
        seam = _seam_after(line, at, start, style, quotes)
        if seam > start:
            pieces.append(line[start:seam])
            start = seam
    pieces.append(line[start:])
    return pieces


def split_paragraphs(text: str) -> tuple[list[str], int]:
    """Recover the paragraphs of a body; return them and how many seams were added.

    * A body with blank lines already has paragraphs: they are kept as they are.
    * Otherwise every non-empty line is a paragraph, and inside each line a seam is
      inserted wherever a sentence ends and the next one starts with no space
      between them: ``war.US``, ``Putin."I``, ``meeting."Setting``,
      ``compromises"."The``, ``crisis?«Мы``. Abbreviations, initials, numbers,
      ellipses, domain names and URLs are not seams (``U.S.``, ``Dr.``, ``J.K.``,
      ``3.5``, ``ibtimes.com``, ``...``). A straight quote after a full stop is put
      on the side where it belongs (see :func:`_closes_quotation`).

    Only positions move: joining the returned paragraphs of a one-line body with
    ``""`` gives back the stripped body exactly.

    >>> split_paragraphs('It ended.US officials met Putin."I agree," he said.')
    (['It ended.', 'US officials met Putin.', '"I agree," he said.'], 2)
    >>> split_paragraphs("The U.S. rate rose 3.5% at ibtimes.com, Dr. Smith said.")
    (['The U.S. rate rose 3.5% at ibtimes.com, Dr. Smith said.'], 0)
    >>> split_paragraphs("One.\\nTwo.")
    (['One.', 'Two.'], 1)
    >>> split_paragraphs("One.Two\\n\\nThree.")
    (['One.Two', 'Three.'], 0)
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _BLANK_LINE.search(text):
        kept = [block.strip() for block in _BLANK_LINE.split(text)]
        return [block for block in kept if block], 0
    style = _QuoteStyle.of(text)
    paragraphs: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            paragraphs.extend(_split_glued(stripped, style))
    return paragraphs, max(len(paragraphs) - 1, 0)


# --------------------------------------------------------------------------------------
# The whole repair, fields, rendering
# --------------------------------------------------------------------------------------


def repair_body(text: str) -> Repair:
    r"""Unescape, fix mojibake and recover paragraphs of a pipeline body.

    >>> repair = repair_body(r'War ended.\\"Peace,\\" he said.Itâ€™s over.')
    >>> repair.paragraphs
    ('War ended.', '"Peace," he said.', 'It’s over.')
    >>> repair.explain()
    'escape level 2 undone; 2 paragraphs restored; mojibake fixed'
    """
    level = detect_escape_level(text)
    unescaped = unescape(text, level)
    fixed = fix_mojibake(unescaped)
    paragraphs, restored = split_paragraphs(fixed)
    return Repair(
        text="\n\n".join(paragraphs),
        paragraphs=tuple(paragraphs),
        escape_level=level,
        paragraphs_restored=restored,
        mojibake_fixed=fixed != unescaped,
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

    Only ``&``, ``<`` and ``>`` are escaped; Markdown-like characters stay literal,
    and newlines inside a paragraph are kept.

    >>> print(render_plain_text(["*Not* <b>bold</b> & # no heading", "a\\nb"]))
    <p>*Not* &lt;b&gt;bold&lt;/b&gt; &amp; # no heading</p>
    <p>a
    b</p>
    """
    return "\n".join(
        f"<p>{html.escape(paragraph, quote=False)}</p>" for paragraph in paragraphs
    )


# Block syntax at the start of a line, and a heading after a blank line. They are
# searched in the text with "\n\n" in front, so that both start with a literal newline
# (a fast scan) and also match on the first line.
_MD_BLOCK_SYNTAX = re.compile(r"\n {0,3}(?:[-*+] +\S|[0-9]{1,9}[.)] +\S|> ?\S|```|~~~)")
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
    blank line, a block quote, a code fence, a link, emphasis or inline code.

    >>> looks_like_markdown("Intro.\\n\\n- one\\n- two")
    True
    >>> looks_like_markdown("Plain.\\n* not a list here\\n# 1 seed")
    False
    >>> looks_like_markdown("First paragraph.\\n\\nSecond paragraph.")
    False
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
