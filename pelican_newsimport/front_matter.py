"""Split Hugo-style front matter from a body, safely, and map it to Pelican.

Three formats are recognised, like Hugo: YAML between ``---`` lines, TOML
between ``+++`` lines, and a JSON object at the top of the file.  Detection and
loading use python-frontmatter's handler classes; this module adds what a
build fed by untrusted files needs:

* the body is returned exactly as written (python-frontmatter strips it, which
  loses what the repair step needs), with the line it starts on;
* YAML is loaded with a safe loader that also bounds aliases and nesting, so an
  alias bomb or a deeply nested document fails fast with a clear message;
* every problem is a :class:`FrontMatterError` that knows its line number.

Pure module: no Pelican import.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass
from typing import Any

import yaml
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

# Few enough that alias expansion stays small (an alias bomb's growth is about
# e ** (aliases / e)); hand-written front matter rarely uses any.
MAX_YAML_ALIASES = 16
MAX_NESTING = 64


class FrontMatterError(ValueError):
    """A file's front matter cannot be read; ``line`` is 1-based, or None."""

    def __init__(self, message: str, line: int | None = None) -> None:
        message = " ".join(message.split())
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.message}"


class _BoundedSafeLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader with a cap on aliases and on nesting depth."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_YAML_ALIASES:
                mark = self.peek_event().start_mark
                raise FrontMatterError(
                    f"more than {MAX_YAML_ALIASES} YAML aliases", mark.line + 1
                )
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                mark = self.peek_event().start_mark
                raise FrontMatterError(
                    f"YAML nested deeper than {MAX_NESTING} levels", mark.line + 1
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# libyaml's safe loader is about ten times faster than PyYAML's Python one, but
# cannot be taught the alias and nesting bounds.  So libyaml composes the
# document and :func:`_plain_value` builds it only when it has nothing to
# bound: no alias, little flow nesting, no unusual tag or key (every pipeline
# file, most hand-written ones); anything else is read again by the bounded
# Python loader, which decides and words every error as before.
_FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", None)
_MAX_FAST_FLOW_BRACKETS = 32


def _fast_path_is_safe(fm: str) -> bool:
    return (
        _FAST_SAFE_LOADER is not None
        and fm.count("[") + fm.count("{") <= _MAX_FAST_FLOW_BRACKETS
    )


class _NotPlain(Exception):
    """A document :func:`_plain_value` leaves to the bounded loader."""


_YAML = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = f"{_YAML}str", f"{_YAML}map", f"{_YAML}seq"


def _plain_value(loader: Any, node: yaml.Node, seen: set[int], depth: int = 0) -> Any:
    """What PyYAML's safe constructor makes of ``node``, for plain front matter.

    Every node must be a string, one of the safe scalar types, a list or a
    dict, and appear once (libyaml composes an alias as the anchored node
    itself), so each is built once without the constructor's bookkeeping for
    aliases, recursion and merge keys.  Anything else (an alias, a merge or
    ``=`` key, a collection as a key, another tag, deep nesting) raises
    :class:`_NotPlain`.
    """
    if id(node) in seen or depth > MAX_NESTING:
        raise _NotPlain
    seen.add(id(node))
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag == _STR:
            return node.value
        if tag in _PLAIN_SCALARS:
            return loader.yaml_constructors[tag](loader, node)
        raise _NotPlain
    if tag == _MAP and isinstance(node, yaml.MappingNode):
        mapping = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _NotPlain  # a list or mapping as a key: PyYAML says why
            key = _plain_value(loader, key_node, seen, depth + 1)
            mapping[key] = _plain_value(loader, value_node, seen, depth + 1)
        return mapping
    if tag == _SEQ and isinstance(node, yaml.SequenceNode):
        return [_plain_value(loader, item, seen, depth + 1) for item in node.value]
    raise _NotPlain


# Implicit scalar types; merge (``<<``) and value (``=``) keys are not among them.
_PLAIN_SCALARS = frozenset(
    f"{_YAML}{name}" for name in ("null", "bool", "int", "float", "timestamp")
)


def _fast_load(fm: str) -> Any:
    """Load plain front matter with libyaml; :class:`_NotPlain` if it is not."""
    loader = _FAST_SAFE_LOADER(fm)  # type: ignore[misc]
    try:
        node = loader.get_single_node()
        return None if node is None else _plain_value(loader, node, set())
    finally:
        loader.dispose()


class _PlainDatesLoader(_BoundedSafeLoader):
    """Reads unquoted dates as strings, for files whose dates YAML rejects."""


_PlainDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BoundedSafeLoader.yaml_implicit_resolvers.items()
}


class BoundedYAMLHandler(YAMLHandler):
    """YAML through a bounded safe loader (fast libyaml when nothing to bound).

    An unquoted date YAML cannot construct (``date: 2025-13-45``) is read
    again as a string, so the date check can name its key and line.

    >>> BoundedYAMLHandler(None).load("date: 0000-00-00")
    {'date': '0000-00-00'}
    """

    def load(self, fm: str, **kwargs: object) -> Any:
        try:
            return self._load(fm)
        except (ValueError, OverflowError):
            return yaml.load(fm, Loader=_PlainDatesLoader)  # noqa: S506 - safe subclass

    @staticmethod
    def _load(fm: str) -> Any:
        if _fast_path_is_safe(fm):
            try:
                return _fast_load(fm)
            except (_NotPlain, yaml.YAMLError):
                pass  # the bounded loader decides, and words errors better
        return yaml.load(fm, Loader=_BoundedSafeLoader)  # noqa: S506 - safe subclass


class TOMLHandler(BaseHandler):
    """TOML front matter between ``+++`` lines, read with the standard library."""

    FM_BOUNDARY = re.compile(r"^\+{3,}[ \t]*$", re.MULTILINE)

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)


class StrictJSONHandler(JSONHandler):
    """A JSON object at the top of the file, ending wherever the object ends."""

    def detect(self, text: str) -> bool:
        return text.startswith("{")


YAML = BoundedYAMLHandler(re.compile(r"^-{3,}[ \t]*$", re.MULTILINE))
TOML = TOMLHandler()
JSON = StrictJSONHandler()
HANDLERS = {"yaml": YAML, "toml": TOML, "json": JSON}


@dataclass(frozen=True, slots=True)
class Document:
    """A file split into front matter and body.

    ``path`` is the name errors and warnings use (relative to the content
    folder), ``file_path`` the file on disk, ``text`` the whole decoded file
    (for line numbers) and ``encoding`` the one it was decoded from; they are
    filled in by :func:`.interpret.load`.
    """

    format: str
    metadata: dict[str, Any]
    body: str
    body_line: int
    path: str = ""
    file_path: str = ""
    text: str = ""
    encoding: str = "utf-8"


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def detect_format(text: str) -> str | None:
    """Name the front-matter format a text starts with, or None.

    >>> detect_format('---\\ntitle: "x"\\n---\\nbody')
    'yaml'
    >>> detect_format('+++\\ntitle = "x"\\n+++\\n')
    'toml'
    >>> detect_format('{"title": "x"}\\nbody')
    'json'
    >>> detect_format('Title: x\\n\\nbody') is None
    True
    """
    for name, handler in HANDLERS.items():
        if handler.detect(text):
            return name
    return None


def _split_delimited(text: str, handler: BaseHandler) -> tuple[str, str, int]:
    boundaries = handler.FM_BOUNDARY.finditer(text)
    opening = next(boundaries)
    closing = next(boundaries, None)
    if closing is None:
        raise FrontMatterError(
            f"front matter opened with {opening.group().strip()!r} is never closed", 1
        )
    body_start = closing.end()
    if text.startswith("\n", body_start):
        body_start += 1
    raw = text[opening.end() : closing.start()].removesuffix("\n")
    return raw, text[body_start:], body_start


def _split_json(text: str) -> tuple[Any, str, int]:
    try:
        metadata, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as error:
        raise FrontMatterError(f"invalid JSON: {error.msg}", error.lineno) from None
    except RecursionError:
        raise FrontMatterError("JSON front matter nested too deeply", 1) from None
    if text.startswith("\n", end):
        end += 1
    return metadata, text[end:], end


def _refuse_broken_opening(text: str) -> None:
    """A first line such as ``---x`` opens front matter badly: say so.

    Handed to Pelican's own reader, such a file would have its header read as
    Pelican metadata (``settings: null`` replaces the article's settings).

    >>> try:
    ...     _refuse_broken_opening("---x\\ntitle: y\\n---\\n")
    ... except FrontMatterError as error:
    ...     print(error.line, error.message[:39])
    1 the first line '---x' starts like front
    """
    if text.startswith(("---", "+++")):
        first = text.split("\n", 1)[0]
        raise FrontMatterError(
            f"the first line {first[:40]!r} starts like front matter but is not "
            "a '---' or '+++' line",
            1,
        )


def split(text: str, max_size: int = 65536) -> Document | None:
    """Split ``text`` into front matter and body; None if it has no front matter.

    >>> doc = split('---\\ntitle: "Hi"\\ndraft: false\\n---\\nBody \\\\\\\\"x\\\\\\\\"')
    >>> doc.metadata, doc.body, doc.body_line
    ({'title': 'Hi', 'draft': False}, 'Body \\\\\\\\"x\\\\\\\\"', 5)
    >>> try:
    ...     split("---\\ntitle: ok\\nbad: [unclosed\\n---\\n")
    ... except FrontMatterError as error:
    ...     print(error)
    line 3: invalid YAML: expected ',' or ']', but got '<stream end>'
    """
    text = text.removeprefix("\ufeff")
    fmt = detect_format(text)
    if fmt is None:
        _refuse_broken_opening(text)
        return None
    if fmt == "json":
        metadata, body, body_start = _split_json(text)
        if body_start > max_size:
            raise FrontMatterError(f"front matter is larger than {max_size} bytes", 1)
    else:
        handler = HANDLERS[fmt]
        raw, body, body_start = _split_delimited(text, handler)
        if len(raw) > max_size:
            raise FrontMatterError(f"front matter is larger than {max_size} bytes", 1)
        metadata = _load(handler, fmt, raw)
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise FrontMatterError(
            f"{fmt.upper()} front matter must be a mapping of keys to values, "
            f"not {type(metadata).__name__}",
            2,
        )
    return Document(fmt, metadata, body, _line_of(text, body_start))


_LONG_ESCAPE = re.compile(r"\\U[0-9A-Fa-f]{8}")


def _escape_past_unicode(raw: str) -> re.Match[str] | None:
    """The first ``\\UXXXXXXXX`` escape that names no character (past U+10FFFF)."""
    found = (m for m in _LONG_ESCAPE.finditer(raw) if int(m.group()[2:], 16) > 0x10FFFF)
    return next(found, None)


def _load(handler: BaseHandler, fmt: str, raw: str) -> Any:
    try:
        return handler.load(raw)
    except FrontMatterError:
        raise  # the loader's own bounds, already worded
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        detail = error.problem or error.context or "syntax error"
        raise FrontMatterError(f"invalid YAML: {detail}", line) from None
    except yaml.reader.ReaderError as error:
        character = error.character
        shown = f"#x{character:04x}" if isinstance(character, int) else repr(character)
        raise FrontMatterError(
            f"invalid YAML: character {shown} is not allowed",
            raw.count("\n", 0, error.position) + 1,
        ) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(f"invalid YAML: {error}") from None
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        line = int(match.group(1)) if match else raw.count("\n") + 1
        message = re.sub(r"\s*\(at line.*\)$", "", str(error))
        raise FrontMatterError(f"invalid TOML: {message}", line) from None
    except RecursionError:
        raise FrontMatterError(
            f"{fmt.upper()} front matter nested too deeply"
        ) from None
    except (ValueError, OverflowError) as error:
        # PyYAML's scanner hands a ``\\U`` escape past U+10FFFF to ``chr()``.
        escape = _escape_past_unicode(raw)
        if escape is None:
            raise FrontMatterError(f"invalid {fmt.upper()}: {error}") from None
        raise FrontMatterError(
            f"invalid {fmt.upper()}: the escape {escape.group()} is not a Unicode "
            "character",
            raw.count("\n", 0, escape.start()) + 1,
        ) from None


def plain(value: Any) -> Any:
    """Turn loaded YAML/TOML/JSON values into strings, lists and dicts only.

    Pelican's metadata processors expect strings; YAML also yields booleans,
    numbers and dates.  Dates become ISO strings, which Pelican parses.

    >>> plain({"draft": False, "weight": 3, "when": dt.date(2025, 5, 16)})
    {'draft': 'false', 'weight': '3', 'when': '2025-05-16'}

    YAML's ``!!binary`` is text to a reader: it is decoded, not shown as
    Python's ``b'...'``.

    >>> plain(b"caf\\xc3\\xa9"), plain(b"\\xff")
    ('café', '\\ufffd')
    """
    if type(value) is str:  # most values: nothing to turn (subclasses go on)
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _as_list(value: Any) -> list[str]:
    """Tags, categories, authors: a list of non-empty strings.

    >>> _as_list({"beta", "alpha"}), _as_list("one"), _as_list([1, "", True])
    (['alpha', 'beta'], ['one'], ['1', 'true'])
    """
    if isinstance(value, set | frozenset):
        value = sorted(value, key=str)
    if value in (None, ""):
        return []
    items = list(value) if isinstance(value, list | tuple) else [value]
    return [text for text in (str(plain(v)).strip() for v in items) if text]


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_as_list(value))
    return str(plain(value)).strip()


# Hugo key (lower case) -> (Pelican key, converter).  Keys not listed are
# returned under their lower-case name; the interpretation keeps them as the
# article's namespaced ``params`` (Hugo's ``.Params``), never as attributes.
FIELDS: dict[str, tuple[str, Any]] = {
    "title": ("title", _as_text),
    "date": ("date", _as_text),
    "publishdate": ("publishdate", _as_text),
    "pubdate": ("publishdate", _as_text),
    "lastmod": ("modified", _as_text),
    "modified": ("modified", _as_text),
    "expirydate": ("expirydate", _as_text),
    "unpublishdate": ("expirydate", _as_text),
    "draft": ("draft", _as_text),
    "status": ("status", _as_text),
    "categories": ("categories", _as_list),
    "category": ("categories", _as_list),
    "tags": ("tags", _as_list),
    "author": ("authors", _as_list),
    "authors": ("authors", _as_list),
    "description": ("description", _as_text),
    "summary": ("summary", _as_text),
    "slug": ("slug", _as_text),
    "lang": ("lang", _as_text),
    "keywords": ("keywords", _as_list),
    "image": ("image", _as_text),
    "aliases": ("aliases", _as_list),
    "source_url": ("source_url", _as_text),
    "source_name": ("source_name", _as_text),
    "translationkey": ("translation_key", _as_text),
}


def hugo_to_pelican(metadata: dict[str, Any]) -> dict[str, Any]:
    """Map Hugo front-matter keys to Pelican's names and plain values.

    Keys are case-insensitive, like Hugo's.  Empty values are dropped, so an
    empty ``author`` means "no author" rather than an author named "".

    >>> mapped = hugo_to_pelican({
    ...     "title": "T", "publishDate": dt.date(2025, 5, 16), "draft": True,
    ...     "categories": ["news", "world"], "author": "", "weight": 3,
    ...     "url": "/elsewhere/",
    ... })
    >>> sorted(mapped.items())  # doctest: +NORMALIZE_WHITESPACE
    [('categories', ['news', 'world']), ('draft', 'true'),
     ('publishdate', '2025-05-16'), ('title', 'T'), ('url', '/elsewhere/'),
     ('weight', 3)]
    """
    mapped: dict[str, Any] = {}
    for key, value in metadata.items():
        name = str(key).strip().lower()
        if name in FIELDS:
            target, convert = FIELDS[name]
            converted = convert(value)
            if converted and target not in mapped:
                mapped[target] = converted
        elif value not in (None, "", [], {}):
            mapped.setdefault(name, value)
    return mapped
