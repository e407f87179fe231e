"""Text edits that remember where every character came from.

Cleaning deletes tags, folds pinyin annotations and repairs mojibake, yet every fact must
point back at its source characters. Each edit here returns new text plus an offset array
(one entry per character, plus one for the end) composed with the previous one.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable
from functools import lru_cache

__all__ = ["MappedText", "identity"]

_IDENTITY_KEPT = 1 << 21  # longest identity map kept for slicing (16 MB); longer ones are built
_identity = array("l")


def identity(text: str) -> array:
    """Offsets of an unedited text: character ``i`` comes from ``i``.

    Sliced from one kept map (a copy in C) rather than built from a range number by number.
    """
    global _identity
    n = len(text) + 1
    if n > _IDENTITY_KEPT:
        return array("l", range(n))
    if n > len(_identity):
        _identity = array("l", range(min(_IDENTITY_KEPT, max(n, 2 * len(_identity), 1 << 15))))
    return _identity[:n]


@lru_cache(maxsize=16)
def _translation(items: tuple[tuple[int, str | int | None], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """A translation table as a pattern of its characters and their replacements."""
    repl = {chr(k): (chr(v) if isinstance(v, int) else v or "") for k, v in items}
    return re.compile(f"[{re.escape(''.join(repl))}]"), repl


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
        When every replacement keeps its length (Traditional → Simplified, one character
        each) the map is unchanged and is copied whole instead of being rebuilt edit by edit.
        """
        edits = list(edits)
        if not edits:
            return self
        text = self.text
        if all(len(repl) == end - start for start, end, repl in edits):
            parts: list[str] = []
            pos = 0
            for start, end, repl in edits:
                if start < pos:
                    continue
                parts.append(text[pos:start])
                parts.append(repl)
                pos = end
            parts.append(text[pos:])
            return MappedText("".join(parts), self.offsets[:])
        parts = []
        offs = array("l")
        pos = 0
        src = self.offsets
        for start, end, repl in edits:
            if start < pos:
                continue
            parts.append(text[pos:start])
            offs.extend(src[pos:start])
            parts.append(repl)
            if len(repl) == end - start:
                offs.extend(src[start:end])
            elif repl:
                offs.extend([src[start]] * len(repl))
            pos = end
        parts.append(text[pos:])
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
        """Per-character translation where every mapping keeps length one (or deletes).

        Only the characters of the table that occur are replaced, each in one pass of
        ``str.replace``: looking every character up in the table costs far more. A table
        whose replacements hold its own characters is translated in one step instead.
        """
        if not table:
            return MappedText(self.text, self.offsets)
        chars, repl = _translation(tuple(table.items()))
        present = set(chars.findall(self.text))
        if not present:
            return MappedText(self.text, self.offsets)
        if any(chars.search(repl[ch]) for ch in present):
            out = self.text.translate(table)
        else:
            out = self.text
            for ch in present:
                out = out.replace(ch, repl[ch])
        if len(out) == len(self.text):
            return MappedText(out, self.offsets)
        return self.edit((m.start(), m.end(), repl[m.group()]) for m in chars.finditer(self.text))
