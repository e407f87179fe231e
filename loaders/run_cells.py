"""A cell table whose cells lost every separator: header and rows in one run of words.

A page that sets its table one cell per line, copied without its line breaks, runs the
cells together: 序号内容与要求进展情况责任单位1坚持…。从1-2月…。市发改委2持续推进…. The
rows are still there. The header is 序号 followed by the names of the columns (each a
column name of :mod:`policykg.loaders.columns`), up to the first row's number 1; each row
opens with the next number, right after the unit names that close the row above when the
last column names units. :func:`run_cell_breaks` gives the line breaks that set each cell
on a line of its own, as published, for the reader of tables written one cell per line.

Between a row's number and its units stand its text columns; where there are two (the task
and its progress, or its goal), the first ends with its first sentence. A row's own text may
hold more sentences: its title, its first sentence, is read all the same.
"""

from __future__ import annotations

import re
from functools import cache

from policykg.loaders.columns import UNIT_KINDS, column_kind, column_kinds, is_column_name
from policykg.loaders.units import is_unit_name, split_units
from policykg.ontology import phrase_alternation

__all__ = ["run_cell_breaks"]

_HEADER = re.compile(r"(?:序号|编号)(?P<names>[\u4e00-\u9fff]{4,80}?)(?=1[\u4e00-\u9fff“\"])")
_LONGEST_NAME = 10
_LAST_END = re.compile(r"[。;；!！?？]")
_SENTENCE_END = re.compile(r"[。!！?？]")
_MAX_ROWS = 500
_CONJUNCTIONS = set("与和及或、")


@cache
def _segments(names: str) -> tuple[str, ...] | None:
    """``names`` cut into column names, or None if they cannot be.

    Each name closes with a word a column's name ends with (任务, 单位, 要求, 情况 …;
    ``ontology/layout.csv``, kind column_end) and opens with no conjunction (内容与要求 is one
    name); of the cuts that read so, the one with the most names (进展情况 | 责任单位, not one
    name holding both).
    """
    ends = phrase_alternation("layout.csv", "column_end")
    best: list[tuple[str, ...] | None] = [None] * (len(names) + 1)
    best[0] = ()
    for end in range(1, len(names) + 1):
        for start in range(max(0, end - _LONGEST_NAME), end):
            head, cell = best[start], names[start:end]
            if head is None or cell[0] in _CONJUNCTIONS or not ends.search(cell) or not is_column_name(cell):
                continue
            if best[end] is None or len(head) + 1 > len(best[end]):  # type: ignore[arg-type]
                best[end] = (*head, cell)
    return best[-1]


def _units_before(line: str, at: int, lo: int) -> int | None:
    """Where the unit names closing a row start, when the words just before ``at`` are units."""
    stop = max((m.end() for m in _LAST_END.finditer(line, lo, at)), default=lo)
    cell = line[stop:at]
    names = split_units(cell)
    if not cell or not names or not all(is_unit_name(n) for _, n in names):
        return None
    return stop


def run_cell_breaks(line: str) -> list[int]:
    """Offsets at which the cells of a separator-less cell table run into ``line`` start."""
    if "|" in line:
        return []
    head = _HEADER.search(line)
    if head is None:
        return []
    names = _segments(head["names"])
    if names is None or column_kinds(["序号", *names]) is None:
        return []
    kinds = [column_kind(n) for n in names]
    if kinds[-1] not in UNIT_KINDS:
        return []  # rows are told apart by the unit names that close them
    texts = sum(1 for k in kinds if k not in UNIT_KINDS)
    cuts = [head.start("names")]
    pos = head.start("names")
    for name in names:
        pos += len(name)
        cuts.append(pos)
    serial, row = 1, pos
    while serial < _MAX_ROWS:
        body = row + len(str(serial))
        cuts.append(body)
        end, units = _next_row(line, body, serial + 1)
        if texts >= 2:
            first = _SENTENCE_END.search(line, body, units if units is not None else end)
            if first is not None and first.end() < (units if units is not None else end):
                cuts.append(first.end())
        if units is not None:
            cuts.append(units)
        if end >= len(line):
            break
        cuts.append(end)
        serial, row = serial + 1, end
    return [c for c in cuts if 0 < c < len(line)]


def _next_row(line: str, body: int, serial: int) -> tuple[int, int | None]:
    """Where the row with number ``serial`` opens after ``body``, and where the units closing
    the row before it start; the end of the line (and its closing units, if any) for the last."""
    number = re.compile(rf"(?<!\d){serial}(?=[\u4e00-\u9fff“\"])")
    for m in number.finditer(line, body):
        units = _units_before(line, m.start(), body)
        if units is not None and units > body:
            return m.start(), units
    return len(line), _units_before(line, len(line.rstrip()), body)
