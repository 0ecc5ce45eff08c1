"""The news-import pipeline's output, written in one place (``shared/PIPELINE.md``).

Tests and benchmarks write files exactly as the pipeline does: a YAML front
matter from its fixed template, every value escaped for a YAML double-quoted
scalar, and the body encoded its way (every ``"`` becomes ``\\"``, then every
backslash is doubled).
"""

from __future__ import annotations

from collections.abc import Iterable


def encode_body(text: str) -> str:
    """The pipeline's body encoding: ``"`` -> ``\\"``, then ``\\`` -> ``\\\\``.

    >>> print(encode_body('He said "no" \\\\o/'))
    He said \\\\"no\\\\" \\\\o/
    """
    return text.replace('"', '\\"').replace("\\", "\\\\")


def encode_body_once(text: str) -> str:
    """The later, fixed pipeline's encoding: only ``"`` -> ``\\"``.

    >>> print(encode_body_once('He said "no" \\\\o/'))
    He said \\"no\\" \\o/
    """
    return text.replace('"', '\\"')


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar, escaped the way the pipeline escapes it.

    >>> print(yaml_string('Q&A: "x" \\\\ y'))
    "Q&A: \\"x\\" \\\\ y"
    """
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pipeline_file(
    title: str,
    encoded_body: str,
    *,
    date: str = '"2025-05-16T00:00:00+03:00"',
    tags: Iterable[str] = (),
    image: str = "",
    author: str = "",
    description: str = "",
    source_url: str = "https://www.ibtimes.com/story-1",
    source_name: str = "Unknown Source",
    extra: str = "",
) -> str:
    """A whole file as the pipeline's template writes it.

    ``date`` is the YAML text after ``date:``; ``encoded_body`` is already in
    the pipeline's encoding (see :func:`encode_body`); ``extra`` is inserted
    before the closing ``---`` (for tests that add keys).
    """
    tag_list = ", ".join(yaml_string(tag) for tag in tags)
    return (
        "---\n"
        f"title: {yaml_string(title)}\n"
        f"date: {date}\n"
        "draft: false\n"
        'categories: ["news"]\n'
        f"tags: [{tag_list}]\n"
        f"image: {yaml_string(image)}\n"
        f"author: {yaml_string(author)}\n"
        f"description: {yaml_string(description)}\n"
        f"source_url: {yaml_string(source_url)}\n"
        f"source_name: {yaml_string(source_name)}"
        " # Front Matter'a source_name eklendi\n"
        f"{extra}"
        "---\n"
        f"{encoded_body}"
    )
