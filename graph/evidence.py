"""The evidence of a direct fact, as one compact literal beside it.

A fact read from one place of a document — a theme matched in a task's words — is stated
as a direct triple (``task pol:theme concept``), which is what questions follow, and its
evidence as one plain literal on the same subject, ``"KEY START-END[@PAGE] WORDS"``:

- KEY names the fact's object within its kind (a theme's key, the last segment of its IRI);
- START-END is the character span in the decoded source, @PAGE its page where the format
  has pages;
- WORDS are the words as written there (they may contain spaces; they come last).

One quad per fact instead of a node of seven, so a large corpus loads in a fraction of the
time, and a SPARQL query still reads every part with STRBEFORE / STRAFTER (see
``queries/sparql/theme-tasks.rq``); the property graph turns each literal back into an
edge with its columns.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Evidence", "format_evidence", "parse_evidence"]


class Evidence(NamedTuple):
    key: str
    start: int
    end: int
    page: int | None
    words: str


def format_evidence(key: str, start: int, end: int, page: int | None, words: str) -> str:
    """The literal's text; ``key`` must not contain a space (keys are IRI segments)."""
    if " " in key:
        raise ValueError(f"evidence key with a space: {key!r}")
    span = f"{start}-{end}" if page is None else f"{start}-{end}@{page}"
    return f"{key} {span} {words}"


def parse_evidence(text: str) -> Evidence:
    """The parts of a literal ``format_evidence`` wrote; ValueError if it is not one."""
    parts = text.split(" ", 2)
    try:
        span, _, page = parts[1].partition("@")
        start, _, end = span.partition("-")
        return Evidence(parts[0], int(start), int(end), int(page) if page else None, "".join(parts[2:]))
    except (IndexError, ValueError):
        raise ValueError(f"not an evidence literal: {text!r}") from None
