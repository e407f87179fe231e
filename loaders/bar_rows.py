"""Tables pasted one cell per line, a bar opening each cell after the first and a lone bar
closing each row (a law database's copy of a Word table)::

    牵头单位
    | 目标任务
    | 责任单位
    |
    市政
    府办
    公厅
    | 强化行政监督…
    | 市直各单位
    |
    推进国家安全工作发展
    | 市直各单位
    |

Each row is joined into one line of " | " cells, the lines of its first cell (a narrow
column breaks a name over lines: 市政/府办/公厅) into one cell, so the task-table reader
reads it. A row with fewer cells than the header lost the cells merged over several rows
(the lead written once for its group); a row of a single cell is the task column's alone,
and empty cells (—) are put around it so that the reader carries the merged ones down.
"""

from __future__ import annotations

from itertools import pairwise

from policykg.loaders.columns import column_kinds
from policykg.loaders.offsets import MappedText
from policykg.loaders.units import is_unit_name, split_units

__all__ = ["join_bar_rows", "split_unit_led_cells"]


def _rows(lines: list[str], i: int) -> list[list[int]] | None:
    """The rows (lists of line indices, the lone bar last) of a table opening at line ``i``."""
    rows: list[list[int]] = []
    row: list[int] = []
    k = i
    while k < len(lines):
        line = lines[k].strip()
        if not line:
            break
        row.append(k)
        if line == "|":
            if len(row) < 2:
                break
            rows.append(row)
            row = []
        elif not line.startswith("|") and any(lines[j].strip().startswith("|") for j in row[:-1]):
            break  # a line of no cell after the row's cells: the row never closed
        k += 1
    return rows if len(rows) >= 2 else None


def _cells(lines: list[str], row: list[int]) -> list[str]:
    cells: list[str] = []
    for k in row[:-1]:
        line = lines[k].strip()
        if line.startswith("|"):
            cells.append(line[1:].strip())
        elif cells:
            cells[-1] += line
        else:
            cells.append(line)
    return cells


def join_bar_rows(text: MappedText) -> MappedText:
    """``text`` with each bar-per-cell table's rows joined into lines of " | " cells."""
    if "\n|" not in text.text:
        return text
    lines = text.text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    edits: list[tuple[int, int, str]] = []
    i = 0
    while i < len(lines) - 2:
        if lines[i].strip().startswith("|") or not lines[i + 1].lstrip().startswith("|"):
            i += 1
            continue
        rows = _rows(lines, i)
        header = _cells(lines, rows[0]) if rows else []
        kinds = column_kinds(header) if len(header) >= 3 else None
        if not rows or kinds is None or "task" not in kinds:
            i += 1
            continue
        for row in rows:
            first_bar = next((k for k in row if lines[k].lstrip().startswith("|")), row[-1])
            for k in row[:-1]:
                end = starts[k] + len(lines[k])
                if k + 1 < first_bar:  # a first cell over several lines: one cell
                    edits.append((end, end + 1, ""))
                elif k + 1 < row[-1]:  # the next line opens a cell: " | " between them
                    edits.append((end, starts[k + 1] + lines[k + 1].index("|") + 1, " |"))
            close = row[-1]
            edits.append((starts[close - 1] + len(lines[close - 1]), starts[close] + len(lines[close]), ""))
            if len(_cells(lines, row)) == 1 and row is not rows[0]:
                at = starts[row[0]] + len(lines[row[0]]) - len(lines[row[0]].lstrip())
                before, after = kinds["task"], len(header) - kinds["task"] - 1
                edits.append((at, at, "— | " * before))
                end = starts[row[-2]] + len(lines[row[-2]])
                edits.append((end, end, " | —" * after))
        i = rows[-1][-1] + 1
    return text.edit(sorted(edits, key=lambda e: (e[0], e[1]))) if edits else text


def _is_unit_list(cell: str) -> bool:
    names = split_units(cell)
    return bool(names) and all(is_unit_name(n) for _, n in names)


def split_unit_led_cells(text: MappedText) -> MappedText:
    """A 牵头单位 | 任务 | 责任单位 table whose rows ran together into one line of bar-separated
    cells: rows are told by their cells, a unit name opening a row and a unit list closing it,
    a task cell after a task cell opening a row whose merged cells carry down."""
    edits: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.text.split("\n"):
        if line.count("|") >= 6:
            edits.extend((pos + s, pos + e, r) for s, e, r in _unit_led_edits(line))
        pos += len(line) + 1
    return text.edit(sorted(edits)) if edits else text


def _unit_led_edits(line: str) -> list[tuple[int, int, str]]:
    bars = [k for k, ch in enumerate(line) if ch == "|"]
    start = max(line.rfind(c, 0, bars[0]) for c in "。;:") + 1
    bounds = [start, *bars]
    cells = [line[a + (a != start) : b].strip() for a, b in pairwise(bounds)]
    kinds = column_kinds(cells[:3]) if len(cells) > 6 else None
    if kinds != {"lead": 0, "task": 1, "resp": 2}:
        return []
    at_bar = {bars[2]: "\n"}  # what each bar becomes
    opened: dict[int, str] = {}  # empty cells put before a cell
    row: list[str] = []  # kinds of the open row's cells
    for k in range(3, len(cells)):
        cell, bar = cells[k], bars[k]
        unit = _is_unit_list(cell)
        if not row and unit and "、" not in cell:
            row = ["lead"]
        elif not row or ("task" in row and not unit):
            if row:  # the open row had no unit list: its 责任单位 is merged from the row above
                at_bar[bars[k - 1]] = " | —\n"
            opened[bars[k - 1] + 1] = "— | "
            row = ["task"]
        elif "task" in row and unit:
            at_bar[bar] = "\n"
            row = []
            continue
        else:
            row.append("task")
        at_bar[bar] = " | "
    edits = [(b, b + 1, r) for b, r in at_bar.items()] + [(o, o, r) for o, r in opened.items()]
    if "task" in row:
        edits.append((len(line), len(line), " | —"))
    return edits
