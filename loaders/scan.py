"""Pattern scans that try a pattern only where its match can begin.

``re`` tries a pattern at every position of the text unless the pattern opens with a
literal or a character set; patterns opening with a group, an alternation or a lookaround
(most of the date, marker and clause patterns) are therefore costly on a whole document.
Where every match must begin with one of a few characters, those positions are found by a
character-set scan (done in C) and the pattern is tried there only. The matches are the
ones ``finditer`` gives: the same leftmost-first search, skipping only positions where no
match can start. Lookbehinds still see the text before the position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["finditer_at"]


def finditer_at(
    pattern: re.Pattern[str], first: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, pos, endpos)``, trying ``pattern`` only where ``first`` matches.

    ``first`` must match (as a single character set) the first character of every non-empty
    match of ``pattern``, and ``pattern`` must never match the empty string.
    """
    end = len(text) if endpos is None else endpos
    search, match = first.search, pattern.match
    while (c := search(text, pos, end)) is not None:
        at = c.start()
        m = match(text, at, end)
        if m is None:
            pos = at + 1
            continue
        yield m
        pos = m.end()
