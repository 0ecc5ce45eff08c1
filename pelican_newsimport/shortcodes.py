"""Hugo's built-in shortcodes, rendered to safe HTML for hand-written bodies.

Hugo expands ``{{< name args >}}`` and ``{{% name args %}}`` before it renders
Markdown; Python-Markdown would print them as text.  This module expands the
built-ins Hugo ships (``figure``, ``youtube``, ``vimeo``, ``gist``,
``highlight``, ``ref``/``relref``, ``x``/``tweet``, ``instagram``,
``details``, ``param``) with named or positional arguments, paired or not,
and removes any other shortcode with a report naming it, keeping a paired
one's inner text.  ``{{</* x */>}}`` is Hugo's way to show a shortcode
literally and stays literal.  ``<!--more-->`` splits off the summary.

Safety: the body's own HTML goes through :func:`.safety.sanitize_html`.  The
HTML of a block shortcode is built here from checked values (an id must look
like an id, a URL must be a same-site path or ``http(s)``, every attribute is
escaped) and put in after sanitising, so embeds keep their ``iframe`` while
the body cannot bring one.  Third-party scripts (gist, X, Instagram) are not
embedded: they become a link to the original.

Pure module: no Pelican import.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .safety import sanitize_html

MORE = "<!--more-->"
_ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.S)
_TAG = re.compile(
    r"\{\{([<%])\s*(/?)\s*([A-Za-z0-9_./-]+)"
    r"((?:\"(?:\\.|[^\"\\])*\"|`[^`]*`|[^\"`])*?)\s*(/?)\s*[>%]\}\}",
    re.S,
)
_ARG = re.compile(
    r'\s*(?:([A-Za-z_][\w-]*)\s*=\s*)?("(?:\\.|[^"\\])*"|`[^`]*`|[^\s"`]+)'
)
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_PLACEHOLDER = "NEWSIMPORTSHORTCODE{}END"
_PLACEHOLDER_RE = re.compile(
    r"<p>NEWSIMPORTSHORTCODE(\d+)END</p>|NEWSIMPORTSHORTCODE(\d+)END"
)
INLINE = frozenset({"ref", "relref", "param"})


@dataclass(frozen=True, slots=True)
class Shortcode:
    """One shortcode call: its name, arguments and (if paired) inner text."""

    name: str
    positional: tuple[str, ...] = ()
    named: Mapping[str, str] = field(default_factory=dict)
    inner: str | None = None

    def get(self, name: str, position: int | None = None, default: str = "") -> str:
        if name in self.named:
            return self.named[name]
        if position is not None and position < len(self.positional):
            return self.positional[position]
        return default


@dataclass(frozen=True, slots=True)
class Rendered:
    """A body rendered to HTML, its summary and what was removed."""

    html: str
    summary: str | None = None
    unknown: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


def parse_args(text: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """Split shortcode arguments into positional and named values.

    >>> parse_args(' "a b" c key="x \\\\"y\\\\"" raw=`z` n=3')
    (('a b', 'c'), {'key': 'x "y"', 'raw': 'z', 'n': '3'})
    """
    positional: list[str] = []
    named: dict[str, str] = {}
    for match in _ARG.finditer(text):
        key, raw = match.groups()
        if raw.startswith('"'):
            value = re.sub(r"\\(.)", r"\1", raw[1:-1])
        elif raw.startswith("`"):
            value = raw[1:-1]
        else:
            value = raw
        if key:
            named[key] = value
        else:
            positional.append(value)
    return tuple(positional), named


def _closing_index(tokens: list[re.Match[str]], start: int, name: str) -> int | None:
    depth = 0
    for index in range(start, len(tokens)):
        token = tokens[index]
        if token.group(3) != name or token.group(5):
            continue
        if token.group(2):
            if depth == 0:
                return index
            depth -= 1
        else:
            depth += 1
    return None


def parse(text: str) -> list[str | Shortcode]:
    """Split a body into text and shortcode calls (outermost level).

    >>> parse('a {{< youtube abc >}} b {{% details summary="S" %}}in{{% /details %}}')
    ... # doctest: +NORMALIZE_WHITESPACE
    ['a ', Shortcode(name='youtube', positional=('abc',), named={}, inner=None),
     ' b ', Shortcode(name='details', positional=(), named={'summary': 'S'},
     inner='in')]
    """
    tokens = list(_TAG.finditer(text))
    nodes: list[str | Shortcode] = []
    position = index = 0
    while index < len(tokens):
        token = tokens[index]
        nodes.append(text[position : token.start()])
        position = token.end()
        if token.group(2):  # a stray closing tag
            index += 1
            continue
        positional, named = parse_args(token.group(4))
        closing = (
            None
            if token.group(5)
            else _closing_index(tokens, index + 1, token.group(3))
        )
        inner = None
        if closing is not None:
            inner = text[token.end() : tokens[closing].start()]
            position = tokens[closing].end()
            index = closing
        nodes.append(Shortcode(token.group(3).lower(), positional, named, inner))
        index += 1
    nodes.append(text[position:])
    return [n for n in nodes if n != ""]


def _attrs(**values: str | None) -> str:
    parts = []
    for key, value in values.items():
        if value is None or value == "":
            continue
        parts.append(f' {key.rstrip("_").replace("_", "-")}="{html.escape(value)}"')
    return "".join(parts)


def safe_url(url: str) -> str:
    """A URL fit for ``src``/``href``: relative, a site path or http(s); else ''.

    >>> safe_url("/img/a.png"), safe_url("https://x.org/a"), safe_url("javascript:x")
    ('/img/a.png', 'https://x.org/a', '')
    """
    url = url.strip()
    if any(ord(c) < 32 for c in url) or "\\" in url:
        return ""
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    if scheme and scheme.group(1).lower() not in {"http", "https"}:
        return ""
    return "" if url.startswith("//") else url


class _Renderer:
    def __init__(self, markdown, params, resolve_ref):
        self.markdown = markdown
        self.params = {str(k).lower(): v for k, v in (params or {}).items()}
        self.resolve_ref = resolve_ref
        self.blocks: list[str] = []
        self.unknown: list[str] = []
        self.problems: list[str] = []

    def markdown_html(self, text: str) -> str:
        return sanitize_html(self.markdown(text))

    def expand(self, text: str) -> str:
        """Markdown with inline shortcodes filled in and blocks as placeholders."""
        if "{{" not in text:
            return text
        escaped: list[str] = []

        def keep(match: re.Match[str]) -> str:
            escaped.append(
                "{{" + match.group(1) + match.group(2) + match.group(3) + "}}"
            )
            return f"\0{len(escaped) - 1}\0"

        text = _ESCAPED.sub(keep, text)
        out = []
        for node in parse(text):
            out.append(node if isinstance(node, str) else self.call(node))
        result = "".join(out)
        return re.sub("\0(\\d+)\0", lambda m: escaped[int(m.group(1))], result)

    def call(self, code: Shortcode) -> str:
        handler = BUILTINS.get(code.name)
        if handler is None:
            self.unknown.append(code.name)
            return self.expand(code.inner) if code.inner else ""
        produced = handler(self, code)
        if code.name in INLINE:
            return produced
        self.blocks.append(produced)
        return _PLACEHOLDER.format(len(self.blocks) - 1)

    def finish(self, rendered_html: str) -> str:
        return _PLACEHOLDER_RE.sub(
            lambda m: self.blocks[int(m.group(1) or m.group(2))], rendered_html
        )


def _figure(r: _Renderer, code: Shortcode) -> str:
    src = safe_url(code.get("src"))
    img = f"<img{_attrs(src=src, alt=code.get('alt'), title=code.get('title'))}"
    img += _attrs(width=code.get("width"), height=code.get("height"))
    img += _attrs(loading=code.get("loading")) + ">"
    if link := safe_url(code.get("link")):
        rel = "noopener noreferrer" if code.get("target") else code.get("rel")
        img = f"<a{_attrs(href=link, target=code.get('target'), rel=rel)}>{img}</a>"
    caption = ""
    title, text = code.get("title"), code.get("caption")
    if title or text or code.get("attr"):
        heading = f"<h4>{html.escape(title)}</h4>" if title else ""
        body = r.markdown_html(text).removeprefix("<p>").removesuffix("</p>")
        if attr := code.get("attr"):
            attr_link = safe_url(code.get("attrlink"))
            credit = html.escape(attr)
            body += f" <a{_attrs(href=attr_link)}>{credit}</a>" if attr_link else credit
        caption = (
            f"<figcaption>{heading}<p>{body}</p></figcaption>"
            if body or heading
            else ""
        )
    return f"<figure{_attrs(class_=code.get('class'))}>{img}{caption}</figure>"


def _embed(src: str, title: str) -> str:
    frame = (
        f'<iframe src="{html.escape(src)}" title="{html.escape(title)}" '
        'allowfullscreen loading="lazy" '
        'referrerpolicy="strict-origin-when-cross-origin" '
        'style="position:absolute;top:0;left:0;width:100%;height:100%;border:0"></iframe>'
    )
    return (
        '<div style="position:relative;padding-bottom:56.25%;height:0;overflow:hidden">'
        f"{frame}</div>"
    )


def _video(r: _Renderer, code: Shortcode) -> str:
    video = code.get("id", 0)
    if not _ID.fullmatch(video):
        r.problems.append(f"{code.name}: {video!r} is not a video id; left out")
        return ""
    if code.name == "youtube":
        src = f"https://www.youtube-nocookie.com/embed/{video}"
        return _embed(src, code.get("title", None, "YouTube video"))
    src = f"https://player.vimeo.com/video/{video}?dnt=1"
    return _embed(src, code.get("title", None, "Vimeo video"))


def _link_card(kind: str, url: str, text: str) -> str:
    return (
        f'<blockquote class="newsimport-embed {kind}"><p>'
        f'<a href="{html.escape(url)}">{html.escape(text)}</a></p></blockquote>'
    )


def _social(r: _Renderer, code: Shortcode) -> str:
    if code.name == "instagram":
        post = code.get("id", 0)
        if _ID.fullmatch(post):
            return _link_card(
                "instagram",
                f"https://www.instagram.com/p/{post}/",
                f"Instagram post {post}",
            )
    elif code.name == "gist":
        user, gist = code.get("user", 0), code.get("id", 1)
        if _ID.fullmatch(user) and re.fullmatch(r"[0-9a-f]{1,64}", gist):
            return _link_card(
                "gist", f"https://gist.github.com/{user}/{gist}", f"Gist {user}/{gist}"
            )
    else:
        user, post = code.get("user", 0), code.get("id", 1)
        if _ID.fullmatch(user) and post.isdigit():
            url = f"https://x.com/{user}/status/{post}"
            return _link_card("x", url, f"Post by @{user} on X")
    r.problems.append(
        f"{code.name}: arguments {code.named or code.positional!r} not understood; "
        "left out"
    )
    return ""


def _highlight(r: _Renderer, code: Shortcode) -> str:
    language = re.sub(r"[^\w+#.-]", "", code.get("lang", 0))
    inner = (code.inner or "").strip("\n")
    fence = "`" * max(3, max((len(m) for m in re.findall(r"`+", inner)), default=0) + 1)
    return r.markdown_html(f"{fence}{language}\n{inner}\n{fence}\n")


def _details(r: _Renderer, code: Shortcode) -> str:
    summary = html.escape(code.get("summary", None, "Details"))
    is_open = code.get("open").lower() in {"true", "open", "1"}
    body = r.markdown_html(r.finish(r.expand(code.inner or "")))
    opening = "<details open>" if is_open else "<details>"
    return f"{opening}<summary>{summary}</summary>{body}</details>"


def _ref(r: _Renderer, code: Shortcode) -> str:
    target = code.get("path", 0)
    resolved = r.resolve_ref(target) if r.resolve_ref else None
    if not resolved:
        r.problems.append(f"{code.name}: page {target!r} not found")
        return "#"
    return resolved


def _param(r: _Renderer, code: Shortcode) -> str:
    value: Any = r.params
    for part in code.get("name", 0).lower().split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if value is None or isinstance(value, Mapping | list):
        return ""
    if isinstance(value, bool):
        value = "true" if value else "false"
    return html.escape(str(value))


BUILTINS: dict[str, Callable[[_Renderer, Shortcode], str]] = {
    "figure": _figure,
    "youtube": _video,
    "vimeo": _video,
    "gist": _social,
    "x": _social,
    "tweet": _social,
    "twitter": _social,
    "instagram": _social,
    "highlight": _highlight,
    "details": _details,
    "ref": _ref,
    "relref": _ref,
    "param": _param,
}


def render(
    body: str,
    markdown: Callable[[str], str],
    *,
    params: Mapping[str, Any] | None = None,
    resolve_ref: Callable[[str], str | None] | None = None,
) -> Rendered:
    """Render a Hugo Markdown body: shortcodes expanded, HTML sanitised.

    ``markdown`` turns Markdown into (unsanitised) HTML; ``params`` are the
    page's front matter for ``param``; ``resolve_ref`` maps a ``ref`` target
    to a link (e.g. Pelican's ``{filename}`` form) or None.

    >>> import markdown as md
    >>> out = render('Hi.\\n<!--more-->\\n{{< youtube abc123 >}}\\n\\n{{< fancy >}}x',
    ...              md.markdown)
    >>> out.summary, out.unknown
    ('<p>Hi.</p>', ('fancy',))
    >>> 'youtube-nocookie.com/embed/abc123' in out.html, '{{' in out.html
    (True, False)
    >>> render('<script>x</script>{{</* figure */>}}', md.markdown).html
    '<p>{{&lt; figure &gt;}}</p>'
    """
    renderer = _Renderer(markdown, params, resolve_ref)
    source = renderer.expand(body)
    summary = None
    if MORE in source:
        before, _, after = source.partition(MORE)
        summary = renderer.finish(renderer.markdown_html(before)).strip()
        source = before + "\n\n" + after
    content = renderer.finish(renderer.markdown_html(source)).strip()
    return Rendered(content, summary, tuple(renderer.unknown), tuple(renderer.problems))
