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

from policykg.loaders.columns import column_kinds
from policykg.loaders.offsets import MappedText

__all__ = ["join_bar_rows"]


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
