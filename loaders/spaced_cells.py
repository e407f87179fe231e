"""A table row whose cells a page separated by spaces only: the units after the task's text.

A responsibility list exported without its grid (序号 任务 牵头领导 牵头责任单位 配合责任单位
工作评价 进展情况) gives each row as one run of space-separated cells::

    81 科学精准落实疫情防控优化措施,…的影响。 汪  峰   吴蓓蓓 县卫健委 各乡镇
    县开发区
    县直有关单位 达到时序进度 加强基层医疗卫生机构…

The task's text closes with its sentence; the cells after it name the leaders in charge
(persons, short names a space may even split: 汪  峰), then the units, first the lead's
column and then the others'; the first cell that is neither (达到时序进度, the progress
notes) ends the units. Only cells standing apart by whitespace are read, so a sentence that
merely goes on to name a unit is never taken for a row.
"""

from __future__ import annotations

import re

from policykg.loaders.roles import CO, LEAD, Clause, ClauseUnit
from policykg.loaders.units import is_unit_name

__all__ = ["spaced_row_breaks", "spaced_row_clause"]

# The task cell's last sentence end, then whitespace: the next cells start there.
_CELL_START = re.compile(r"[。;；][ \t\u3000]+")  # spaces on the line, not a line break
_CELL = re.compile(r"\S+")
_PERSON = re.compile(r"[\u4e00-\u9fff·]{1,4}")  # a leader's name, or a part a space split off
_RULE = "first-listed unit leads (the lead's column comes first)"
# The header of such a table: 序号, then at least three cells naming its columns, one of them a
# unit column (牵头责任单位, 配合单位).
_HEADER = re.compile(r"序号[ \t]+(?:\S+[ \t]+){2,}?\S*(?:单位|牵头)\S*")
# A row's number run on after the cell before it (…进度安排 备注81 科学精准…): digits right after a
# Han character, then a space and the task's text.
_ROW_NUMBER = re.compile(r"(?<=[\u4e00-\u9fff])(?P<n>\d{1,3})[ \t]+(?=[\u4e00-\u9fff])")


def spaced_row_clause(own: str) -> tuple[int, int, Clause] | None:
    """The units of a row of space-separated cells: ``(start, end, clause)`` within ``own``.

    >>> spaced_row_clause("新增托育机构2所以上。 吴蓓蓓 县卫健委 有关乡镇 已完成 完成备案")[2].units[0].name
    '县卫健委'
    """
    m = _CELL_START.search(own)
    if m is None:
        return None
    units: list[ClauseUnit] = []
    first = end = None
    for cell in _CELL.finditer(own, m.end()):
        name = cell.group()
        if is_unit_name(name):
            role = LEAD if not units else CO
            why = _RULE if role == LEAD else "listed after the lead"
            units.append(ClauseUnit(name, role, cell.start(), cell.end(), why))
            first = cell.start() if first is None else first
            end = cell.end()
            continue
        if units or not _PERSON.fullmatch(name):
            break
    if not units or first is None or end is None:
        return None
    return first, end, Clause(units)


def spaced_row_breaks(line: str) -> list[int]:
    """Where the rows of such a table start in a line the page ran together: after its header,
    each row number run on after a cell, in ascending order (81 … 85 …).

    >>> spaced_row_breaks("序号 任务 牵头领导 牵头单位 备注81 加强建设。 县卫健委 已完成85 新增机构。")
    [18, 35]
    """
    head = _HEADER.search(line)
    if head is None:
        return []
    cuts, last = [], 0
    for m in _ROW_NUMBER.finditer(line, head.end()):
        n = int(m.group("n"))
        if n > last:
            cuts.append(m.start())
            last = n
    return cuts
