"""Tables whose rows are not lines: one cell per line, or every cell run into one line.

Web pages copied as text hand a table over one cell per line (序号 |, 指标名称 |, … each on
its own line, or separated by blank lines), and a page copied in one piece runs every cell
into a single line. The rows are still there, numbered: a table read this way opens with a
header whose first cell is 序号 (or 编号) and whose cells name the columns, and every row
opens with the next serial number. :func:`cell_rows` rebuilds the rows from that sequence,
as spans into the text, so the task-table reader handles them as it handles lines.

A row is complete when it has as many cells as the header; a cell equal to the next serial
number opens the next row early only when it cannot be a value of this one (rows whose
merged cells were written once, above, are shorter). After a complete row, anything but the
next number (or a larger one opening a row of words: an excerpt of a longer list), a repeated
header or a section row ends the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from policykg.loaders.columns import column_kinds, is_column_name, with_number_column
from policykg.loaders.units import is_unit_name, strip_etc

__all__ = ["MAX_COLUMNS", "CellTable", "cell_rows", "named_header"]

Span = tuple[int, int]

_ID_HEAD = re.compile(r"(?:序号|编号)$")
_SERIAL = re.compile(r"\d{1,3}")
_MAX_HEADER = 16
MAX_COLUMNS = 14  # cells a header may have
_SECTION = re.compile(r"(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（][一二三四五六七八九十]{1,3}[)）])")
_MAX_SECTION = 40
_MAX_SPILL = 30  # a cell running over lines is a short piece: a unit name, a time
_MIN_TASK_CELL = 8  # a row's task cell is words, longer than a number or a unit's short name


@dataclass
class CellTable:
    """A table rebuilt from a run of cells: header and row cells as spans into the text."""

    header: list[Span]
    columns: dict[str, int]  # what the header's cells name, as the caller read them
    rows: list[list[Span]]
    sections: dict[int, Span]  # row index → the section row just above it
    end: int  # offset just after the last cell read


def _cells(text: str, lines: list[tuple[int, str]], i: int, start: int) -> Iterator[Span]:
    """Cells from line ``i`` (from offset ``start`` in it) on: bar-separated, else a line each."""
    for off, line in lines[i:]:
        if not line.strip():
            continue
        if "|" in line:
            pos = 0
            pieces = line.split("|")
            if line.rstrip().endswith("|"):
                pieces = pieces[:-1]  # "序号 |": the bar closes the cell, no empty cell after it
            for piece in pieces:
                s = off + pos + len(piece) - len(piece.lstrip())
                e = off + pos + len(piece.rstrip())
                pos += len(piece) + 1
                if e >= start:
                    yield (max(s, start), max(s, start, e))
        elif off + len(line) > start:
            s = off + len(line) - len(line.lstrip())
            yield (max(s, start), off + len(line.rstrip()))


def cell_rows(
    text: str,
    lines: list[tuple[int, str]],
    i: int,
    start: int,
    read_header: Callable[[list[str]], dict[str, int] | None],
) -> CellTable | None:
    """The table whose header starts in line ``i`` at or after ``start``, else None.

    ``read_header`` gives the columns that header cells name, or None for no task table.
    """
    line = lines[i][1]
    if "序号" not in line and "编号" not in line:
        return _named_table(text, lines, i, start)
    cells = _cells(text, lines, i, start)
    for s, e in cells:
        if lines[i][0] + len(line) < s:
            return None  # the header must open on this line
        m = _ID_HEAD.search(text, s, e)
        if m and m.end() == e:
            break
    else:
        return None
    header = [(m.start(), e)]
    first: Span | None = None
    for s, e in cells:
        cell = text[s:e]
        if _SERIAL.fullmatch(cell):
            first = (s, e)
            break
        if not cell or len(cell) > _MAX_HEADER or len(header) >= MAX_COLUMNS:
            return None
        header.append((s, e))
    columns = read_header([text[s:e] for s, e in header]) if first is not None and len(header) >= 3 else None
    if first is None or columns is None:
        return None
    return _group(text, header, columns, first, list(cells))


def _overflow(text: str, rest: list[Span], k: int, n: int, expected: int) -> int:
    """How many cells from ``k`` on still belong to the row before: those up to the next serial
    number when it comes within a row's width, else 0 (the table has ended)."""
    for j in range(1, n):
        if k + j >= len(rest):
            return 0
        s, e = rest[k + j]
        if text[s:e] == str(expected):
            s0, e0 = rest[k]
            return j if e0 - s0 <= _MAX_SPILL else 0
    return 0


def _skips_ahead(text: str, rest: list[Span], k: int, expected: int) -> bool:
    """Whether the cell at ``k``, after a complete row, opens a row numbered further on.

    A department's share of a county-wide list keeps the list's numbers (6, 52, 53 …): a
    larger serial followed by a cell of words (the row's task), not by another number, is
    the next row rather than the end of the table.
    """
    s, e = rest[k]
    if not _SERIAL.fullmatch(text[s:e]) or int(text[s:e]) <= expected or k + 1 >= len(rest):
        return False
    s1, e1 = rest[k + 1]
    return e1 - s1 >= _MIN_TASK_CELL and not _SERIAL.fullmatch(text[s1:e1])


def _fold(text: str, cells: list[Span], n: int, columns: dict[str, int]) -> list[Span]:
    """A row of more than ``n`` cells back to ``n``: the unit cell that ran over several lines.

    The extra cells are unit names following the unit column's first name (县水务局 / 县住建局 /
    县护城河指挥部), so that column's span is widened over them. Extra cells that are no unit
    names are a sub-row under the row (开工建设老年大学。 / 12月底前): it shares the row's number
    and units, so when the last column is the time column its span runs on over the sub-row,
    whose time is then the row's last; otherwise the sub-row is dropped.
    """
    extra = len(cells) - n
    col = columns.get("lead", columns.get("resp"))
    if col is not None and col + extra < len(cells) - (n - 1 - col):
        names = [text[s:e] for s, e in cells[col : col + extra + 1]]
        if all(is_unit_name(strip_etc(x)) for x in names):
            merged = (cells[col][0], cells[col + extra][1])
            return [*cells[:col], merged, *cells[col + extra + 1 :]]
    if columns.get("deadline") == n - 1:
        return [*cells[: n - 1], (cells[n - 1][0], cells[-1][1])]
    return cells[:n]


def _group(
    text: str, header: list[Span], columns: dict[str, int], first: Span, rest: list[Span]
) -> CellTable:
    """Group the cells after the header into rows by their serial numbers."""
    n = len(header)
    names = [text[s:e] for s, e in header]
    rows: list[list[Span]] = [[first]]
    sections: dict[int, Span] = {}
    expected = int(text[first[0] : first[1]]) + 1
    end = first[1]
    k = 0
    while k < len(rest):
        s, e = rest[k]
        cell = text[s:e]
        row = rows[-1]
        if cell == str(expected) and len(row) >= 2:
            early = len(row) < n
            ahead = rest[k + n - len(row)] if early and k + n - len(row) < len(rest) else None
            if not early or ahead is None or text[ahead[0] : ahead[1]] != str(expected):
                rows.append([(s, e)])
                expected += 1
                end = e
                k += 1
                continue
        if len(row) < n:
            row.append((s, e))
            end = e
            k += 1
            continue
        if _skips_ahead(text, rest, k, expected):  # an excerpt of a longer list: 6, then 52
            rows.append([(s, e)])
            expected = int(cell) + 1
            end = e
            k += 1
            continue
        if [text[a:b] for a, b in rest[k : k + n]] == names:  # header repeated on a new page
            end = rest[k + n - 1][1]
            k += n
            continue
        spill = _overflow(text, rest, k, n, expected)
        if spill:  # a complete row with more cells before the next number: a cell ran over lines
            rows[-1] = _fold(text, row + rest[k : k + spill], n, columns)
            end = rest[k + spill - 1][1]
            k += spill
            continue
        nxt = rest[k + 1] if k + 1 < len(rest) else None
        if (
            _SECTION.match(cell)
            and len(cell) <= _MAX_SECTION
            and nxt is not None
            and text[nxt[0] : nxt[1]] == str(expected)
        ):
            sections[len(rows)] = (s, e)
            end = e
            k += 1
            continue
        break
    return CellTable(header, columns, rows, sections, end)


_MAX_LEADING = 2  # cells of a row before its number: its group, written once over its rows


def _named_table(text: str, lines: list[tuple[int, str]], i: int, start: int) -> CellTable | None:
    """A table whose header names its columns but has no 序号 cell (工作任务 | 具体要求 |
    责任科室 | 时限要求), its rows numbered all the same.

    The header is a run of at least three column names (a task column and a unit column among
    them) opening on line ``i``; the rows' numbers stand in a column the header leaves unnamed.
    The cells between the header and the first number are the first row's leading cells: the
    header's first names are theirs, and a leading cell written once over several rows (its
    group, a merged cell) is missing from the rows after. A task column among the leading ones
    is such a group, so it names the rows' section, and the row's own work is the first
    column after its number that names no unit or time.
    """
    line = lines[i][1]
    if "|" not in line and not is_column_name(line.strip()):
        return None  # a line of its own that is no column's name (most lines: asked first)
    cells = _cells(text, lines, i, start)
    seen: list[Span] = []
    others = 0
    for s, e in cells:
        if not seen and (lines[i][0] + len(lines[i][1]) < s or not is_column_name(text[s:e])):
            return None  # the header must open on this line, with a column's name
        seen.append((s, e))
        others += not is_column_name(text[s:e])
        if _SERIAL.fullmatch(text[s:e]) or others > _MAX_LEADING or len(seen) > MAX_COLUMNS:
            break
    shape = named_header([text[s:e] for s, e in seen])
    if shape is None:
        return None
    width, lead = shape
    header, first = seen[:width], seen[width + lead]
    named = column_kinds([text[s:e] for s, e in header])
    columns = with_number_column([text[s:e] for s, e in header], named, lead) if named else None
    if columns is None:
        return None
    rows = _group_led(text, width + 1, lead, [*seen[width : width + lead], first, *cells])
    if not rows:
        return None
    header = [*header[:lead], (first[0], first[0]), *header[lead:]]
    return CellTable(header, columns, rows, {}, max(e for row in rows for _, e in row))


def named_header(cells: list[str]) -> tuple[int, int] | None:
    """(header width, leading cells) when ``cells`` open with a header of column names and no
    序号 cell, then at most two leading cells and the first row's number; else None."""
    width = 0
    while width < len(cells) and width < MAX_COLUMNS and is_column_name(cells[width]):
        width += 1
    serial = next((k for k in range(width, len(cells)) if _SERIAL.fullmatch(cells[k])), None)
    if width < 3 or serial is None or serial - width > min(_MAX_LEADING, width - 1):
        return None
    named = column_kinds(cells[:width])
    if named is None or "id" in named:
        return None
    return width, serial - width


def _group_led(text: str, n: int, lead: int, cells: list[Span]) -> list[list[Span]]:
    """Rows of ``n`` cells, each its ``lead`` leading cells (or none, merged from the row above),
    its number, then the rest; the table ends where no next number comes where it should."""
    rows: list[list[Span]] = []
    k = 0
    expected: int | None = None
    while k < len(cells):
        at = next(
            (j for j in (k, k + lead) if j < len(cells) and _is_serial(text, cells[j], expected)),
            None,
        )
        if at is None or (at > k and any(_SERIAL.fullmatch(text[slice(*c)]) for c in cells[k:at])):
            break
        own = cells[k:at] if at > k else [(-1, -1)] * lead
        tail = cells[at + 1 : at + n - lead]
        if len(tail) < n - lead - 1:
            break
        rows.append([*own, cells[at], *tail])
        expected = int(text[slice(*cells[at])]) + 1
        k = at + n - lead
    return rows


def _is_serial(text: str, cell: Span, expected: int | None) -> bool:
    value = text[cell[0] : cell[1]]
    return bool(_SERIAL.fullmatch(value)) and (expected is None or value == str(expected))
