"""Text edits that remember where every character came from.

Cleaning deletes tags, folds pinyin annotations and repairs mojibake, yet every fact must
point back at its source characters. Each edit here returns new text plus an offset array
(one entry per character, plus one for the end) composed with the previous one.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable

__all__ = ["MappedText", "identity"]


def identity(text: str) -> array:
    """Offsets of an unedited text: character ``i`` comes from ``i``."""
    return array("l", range(len(text) + 1))


class MappedText:
    """A string with an offset map back into the original text."""

    __slots__ = ("offsets", "text")

    def __init__(self, text: str, offsets: array | None = None) -> None:
        self.text = text
        self.offsets = offsets if offsets is not None else identity(text)

    def edit(self, edits: Iterable[tuple[int, int, str]]) -> MappedText:
        """Apply sorted, non-overlapping ``(start, end, replacement)`` edits.

        A replacement of the same length maps character by character; any other maps every
        new character to the start of the replaced span, so spans never point outside it.
        """
        parts: list[str] = []
        offs = array("l")
        pos = 0
        src = self.offsets
        for start, end, repl in edits:
            if start < pos:
                continue
            parts.append(self.text[pos:start])
            offs.extend(src[pos:start])
            parts.append(repl)
            if len(repl) == end - start:
                offs.extend(src[start:end])
            elif repl:
                offs.extend([src[start]] * len(repl))
            pos = end
        if pos == 0 and not parts:
            return self
        parts.append(self.text[pos:])
        offs.extend(src[pos:])
        return MappedText("".join(parts), offs)

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> MappedText:
        """``re.sub`` that keeps the offset map."""
        if callable(repl):
            func = repl
        elif "\\" in repl:  # group references: expanded per match
            func = lambda m: m.expand(repl)  # type: ignore[arg-type]  # noqa: E731
        else:  # a plain string: expanding it per match would re-parse it every time
            func = lambda m: repl  # noqa: E731
        return self.edit((m.start(), m.end(), func(m)) for m in pattern.finditer(self.text))

    def translate(self, table: dict[int, str | int | None]) -> MappedText:
        """Per-character translation where every mapping keeps length one (or deletes)."""
        out = self.text.translate(table)
        if len(out) == len(self.text):
            return MappedText(out, self.offsets)
        return self.edit(
            (i, i + 1, ch.translate(table)) for i, ch in enumerate(self.text) if ord(ch) in table
        )
