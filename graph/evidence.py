"""The evidence of a direct fact, as one compact literal beside it.

A fact read from one place of a document — a theme matched in a task's words, a unit named
responsible for a task — is stated as a direct triple (``task pol:theme concept``, ``task
pol:leadUnit department``), which is what questions follow, and its evidence as one plain
literal on the same subject: ``"FIELD… START-END[@PAGE] WORDS[\\tNOTE]"``.

- the FIELDs say which fact it supports; each property has its own, none with a space:
  ``pol:themeEvidence`` has the theme's key (its IRI's last segment), ``pol:unitEvidence``
  the responsibility's number within the task, its role code and the unit's key;
- START-END is the character span in the decoded source, @PAGE its page where the format
  has pages;
- WORDS are the words as written there (they may contain spaces: they come after the
  fixed fields); NOTE, after a tab, is why it was read so (a role rule).

One quad per fact instead of a node of seven to ten, so a large corpus loads in a fraction
of the time; a SPARQL query still reads every part with STRBEFORE / STRAFTER (see
``queries/sparql/theme-tasks.rq``), and the property graph turns each literal back into an
edge with its columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["Evidence", "format_evidence", "format_span", "parse_evidence", "parse_span"]


class Evidence(NamedTuple):
    fields: tuple[str, ...]
    start: int
    end: int
    page: int | None
    words: str
    note: str


def format_span(start: int, end: int, page: int | None = None) -> str:
    """A span as every span of the graph is written: ``START-END``, ``@PAGE`` where known."""
    return f"{start}-{end}" if page is None else f"{start}-{end}@{page}"


def parse_span(text: str) -> tuple[int, int, int | None]:
    """(start, end, page) of a ``format_span`` text; ValueError if it is not one."""
    span, _, page = text.partition("@")
    start, sep, end = span.partition("-")
    if not sep:
        raise ValueError(f"not a span: {text!r}")
    return int(start), int(end), int(page) if page else None


def format_evidence(
    fields: Sequence[str], start: int, end: int, page: int | None, words: str, note: str = ""
) -> str:
    """The literal's text. Fields must not contain a space; a tab in the words or the note
    (never in cleaned text) would be read as the note's start, and a line break as the
    next entry's (one literal may hold several, a line each), so both become a space."""
    for f in fields:
        if not f or " " in f:
            raise ValueError(f"evidence field empty or with a space: {f!r}")
    words, note = (x.replace("\t", " ").replace("\n", " ") for x in (words, note))
    text = " ".join((*fields, format_span(start, end, page), words))
    return f"{text}\t{note}" if note else text


def parse_evidence(text: str, fields: int = 1) -> Evidence:
    """The parts of a literal ``format_evidence`` wrote with ``fields`` fields; ValueError
    if it is not one."""
    parts = text.split(" ", fields + 1)
    try:
        start, end, page = parse_span(parts[fields])
        words, _, note = "".join(parts[fields + 1 :]).partition("\t")
        return Evidence(tuple(parts[:fields]), start, end, page, words, note)
    except (IndexError, ValueError):
        raise ValueError(f"not an evidence literal of {fields} field(s): {text!r}") from None
