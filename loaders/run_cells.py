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

from policykg.loaders.columns import UNIT_KINDS, column_kind, column_kinds, column_segments
from policykg.loaders.units import is_unit_name, split_units

__all__ = ["run_cell_breaks"]

_HEADER = re.compile(r"(?:序号|编号)(?P<names>[\u4e00-\u9fff]{4,80}?)(?=1[\u4e00-\u9fff“\"])")
_LAST_END = re.compile(r"[。;；!！?？]")
_SENTENCE_END = re.compile(r"[。!！?？]")
_MAX_ROWS = 500


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
    names = column_segments(head["names"])
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
