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

__all__ = ["spaced_row_clause"]

# The task cell's last sentence end, then whitespace: the next cells start there.
_CELL_START = re.compile(r"[。;；][ \t\u3000]+")  # spaces on the line, not a line break
_CELL = re.compile(r"\S+")
_PERSON = re.compile(r"[\u4e00-\u9fff·]{1,4}")  # a leader's name, or a part a space split off
_RULE = "first-listed unit leads (the lead's column comes first)"


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
