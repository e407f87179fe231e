"""Digests: an outline whose numbers skip the items a page left out.

A page that digests a plan keeps only some of its items and their notes, with the numbers
they had (1. 2. 4. …, (一)(二)(五) …). Run together, the outline reader takes a marker only
where it continues the sequence, so every item after a gap would stay inside the one before.
The genre tells a gap from a number in the text: the item before is closed by its
responsibility note ((责任单位:A、B等)), or the marker opens the first item under a heading
just opened (…行动10.…, numbered on across the headings). A gap is a few items at most.
"""

from __future__ import annotations

import re

__all__ = ["CLAUSE_WORDS", "MAX_SKIP", "closes_annotation", "skip_fits"]

CLAUSE_WORDS = re.compile(r"单位|部门|负责|牵头|配合|参与|协办|主办")
MAX_SKIP = 5  # items a digest leaves out between two it keeps, at most
_LONGEST_NOTE = 200


def closes_annotation(before: str) -> bool:
    """Whether ``before`` ends with a bracketed responsibility note (…(责任单位:A、B等))."""
    if not before.endswith((")", "）")):
        return False
    opened = max(before.rfind("(", 0, len(before) - 1), before.rfind("（", 0, len(before) - 1))
    return 0 <= len(before) - opened <= _LONGEST_NOTE and bool(CLAUSE_WORDS.search(before, opened))


def skip_fits(
    ranks: list[int], last: dict[int, int], rank: int, value: int, *, after_note: bool, first_under: bool
) -> str | None:
    """How a marker that skips a few numbers of its list fits the outline, or None.

    ``after_note``: the marker follows an item closed by its note. ``first_under``: it follows
    the words of a heading opened since the last break, deeper than that heading (the first
    item under it). The answer is that of a marker that continues its list: 'next' in an open
    list, 'open' for a list numbered on across its parents.
    """
    if rank not in last or not last[rank] + 1 < value <= last[rank] + MAX_SKIP:
        return None
    if rank in ranks and after_note:
        return "next"
    if rank not in ranks and (after_note or (first_under and bool(ranks) and rank > ranks[-1])):
        return "open"
    return None
