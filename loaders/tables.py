"""Task tables: 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限, one task per row.

Many work plans put their tasks in a table rather than numbered paragraphs. Readers write a
table row as one line with its cells joined by " | " (Word, PDF) or "|" (HTML), and converters
use tabs; a line that splits into three or more cells, whose cells name the columns, opens a
task table. Each following row becomes a task: its id from the 序号 column (or the row
order), its title the first sentence of the task cell, its units from the unit columns —
牵头 units lead, 配合/协作 units are co-responsible, 参与 units participate, and a lone
责任单位 column lists the lead first (the document's clause rules apply, through
:func:`~policykg.loaders.roles.parse_clause`) — and its deadline from the time column.
A row with an empty lead, responsibility or time cell (a merged cell flattened to text)
carries that cell down from the row above; an empty 配合 cell means no co-responsible unit.
A row of a single cell inside the table (一、… spanning all columns) names the section of
the rows below it.

The outline parser must not read table rows as numbered items, so :func:`mask_tables`
blanks the tables out of the text it reads (offsets unchanged), and
:func:`detach_after_tables` keeps an item before a table from swallowing the lines after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from policykg.loaders.columns import KINDS, UNIT_KINDS, column_kinds, with_number_column
from policykg.loaders.deadlines import read_deadline
from policykg.loaders.roles import _RULE_LEAD_ONLY, CO, LEAD, PARTICIPANT, parse_clause
from policykg.loaders.structure import Item
from policykg.loaders.table_cells import CellTable, cell_rows
from policykg.loaders.targets import find_targets, normalize_indicator
from policykg.loaders.units import is_unit_name, strip_etc

from policykg.model import Target, Task, UnitMention

__all__ = [
    "TaskTable",
    "column_kinds",
    "detach_after_tables",
    "find_task_tables",
    "mask_tables",
    "merge_table_tasks",
    "split_cells",
    "text_lines",
]

_TASK_TEXT = dict(KINDS)["task"]
_CARRIED = ("lead", "resp", "deadline", "section")
_MAX_SECTION_ROW = 40
_MAX_TIME_CELL = 16  # a time limit is a short phrase (2023年底, 12月底前完成), not a progress report
_ID_TRIM = re.compile(r"^[\s(（]+|[\s.．、)）]+$")
_CN = "一二三四五六七八九十"
_SECTION_MARKER = re.compile(rf"^(?:[{_CN}]{{1,3}}\s*[、.．]|[(（][{_CN}]{{1,3}}[)）])\s*")
_EMPTY_CELL = re.compile(r"^[\s\-—–/无]*$")
_SERIAL_CELL = re.compile(r"^\s*[(（]?\d{1,3}[)）.．、]?\s*$")
_YEAR_COLUMN = re.compile(r"^((?:19|20)\d{2})\s*年(?:目标值?|预期值?|值)?$")
# A value cell of an indicator table: ≥79.2, ≤0.7, 60.
_BARE_VALUE = re.compile(
    r"^\s*(?P<cmp>≥|≤|>=|<=|>|<|＞|＜|不低于|不少于|不高于|不超过)?\s*(?P<num>\d+(?:\.\d+)?)\s*$"
)
_CELL_CMP = {
    "≥": ">=",
    ">=": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "≤": "<=",
    "<=": "<=",
    "不高于": "<=",
    "不超过": "<=",
    ">": ">",
    "＞": ">",
    "<": "<",
    "＜": "<",
}


@dataclass
class TaskTable:
    """One task table found in the cleaned text: its span, columns, tasks and role rules."""

    start: int
    end: int
    header: list[str]
    columns: dict[str, int]
    tasks: list[Task] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    number_at: int | None = None  # the unnamed column of the rows' numbers, header without 序号


def split_cells(line: str) -> list[tuple[int, int]]:
    """Spans of the cells of a flattened table row (" | ", "|" or tab separated).

    A row opened by a bar (|a|b|c, as HTML cells become) has no empty first cell, a row
    framed by bars (|a|b|c|) no empty last one either; "a | b |" ends with an empty cell.

    >>> line = "1 | 完善体系 | 市卫健委"
    >>> [line[s:e] for s, e in split_cells(line)]
    ['1', '完善体系', '市卫健委']
    """
    sep = "|" if "|" in line else "\t" if "\t" in line else None
    if sep is None:
        s = len(line) - len(line.lstrip())
        e = len(line.rstrip())
        return [(s, e)] if e > s else []
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in line.split(sep):
        s = pos + len(piece) - len(piece.lstrip())
        e = pos + len(piece.rstrip())
        spans.append((s, max(s, e)))
        pos += len(piece) + 1
    stripped = line.strip()
    if sep == "|" and stripped.startswith("|"):  # |a|b|c (HTML cells) or |a|b|c| (framed)
        spans = spans[1:]
        if stripped.endswith("|") and len(spans) > 1:
            spans = spans[:-1]
    return spans


def text_lines(text: str) -> list[tuple[int, str]]:
    """The lines of a cleaned text with the offset each starts at."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def find_task_tables(text: str) -> list[TaskTable]:
    """Every task table in the cleaned text, with its tasks (sections from section rows only)."""
    lines = text_lines(text)
    tables: list[TaskTable] = []
    i, start = 0, 0
    while i < len(lines):
        off, line = lines[i]
        spans = split_cells(line) if start <= off else []
        while spans and spans[-1][0] == spans[-1][1]:
            spans.pop()  # "… | 备注 |": the closing bar ends the last header cell, no column after it
        columns = column_kinds([line[s:e] for s, e in spans]) if len(spans) >= 3 else None
        if columns is not None:
            header = [line[s:e] for s, e in spans]
            table = TaskTable(off, off + len(line), header, columns)
            i = _read_rows(text, lines, i + 1, table)
            _note_rules(lines, i, table)
            tables.append(table)
            continue
        found = cell_rows(text, lines, i, max(start, off), _cell_header)
        if found is None:
            i, start = i + 1, 0
            continue
        table = _read_cell_table(text, found)
        while i + 1 < len(lines) and lines[i + 1][0] <= found.end:
            i += 1
        start = found.end  # another table may follow on the same line
        _note_rules(lines, i + 1, table)
        tables.append(table)
    for n, table in enumerate(tables):
        _number(table, n + 1 if len(tables) > 1 else 0)
    return tables


def _cell_header(names: list[str]) -> dict[str, int] | None:
    """Columns of a header read cell by cell: it must open with the serial-number column."""
    columns = column_kinds(names)
    return columns if columns is not None and columns.get("id") == 0 else None


def _target_years(header: list[str]) -> dict[int, int]:
    """Columns of target values by year (2025年 | 2027年); the first of several is the baseline."""
    years = {c: int(m.group(1)) for c, h in enumerate(header) if (m := _YEAR_COLUMN.match(h))}
    if len(years) > 1:
        first = min(years)
        if "目标" not in header[first]:
            del years[first]
    return years


def indicator_targets(
    text: str, indicator: str, cell: tuple[int, int], measure: tuple[int, int], year: int
) -> list[Target]:
    """Targets in one value cell of an indicator row: ≥79.2 (unit from the 单位 column), 下降3%.

    >>> t = indicator_targets("岁|≥80", "人均预期寿命", (2, 5), (0, 1), 2027)[0]
    >>> t.comparator, t.value, t.unit, t.year
    ('>=', 80.0, '岁', 2027)
    """
    s, e = cell
    found = find_targets(text[s:e], s)
    if found:
        return [replace(t, indicator=indicator, key=normalize_indicator(indicator), year=year) for t in found]
    m = _BARE_VALUE.match(text[s:e])
    unit = text[measure[0] : measure[1]].strip() if measure[0] >= 0 else ""
    if not m or not unit or _EMPTY_CELL.match(unit):
        return []
    comparator = _CELL_CMP.get(m.group("cmp") or "", "=")
    value = float(m.group("num"))
    return [Target(indicator, comparator, value, unit, year, text[s:e], s, e, normalize_indicator(indicator))]


def _is_row(spans: list[tuple[int, int]]) -> bool:
    return len(spans) >= 2


class _RowReader:
    """Turns the rows of one table into tasks, carrying merged cells down from the row above."""

    def __init__(self, text: str, table: TaskTable) -> None:
        self.text = text
        self.table = table
        task_col = table.columns["task"]
        # Targets stand in any column of the work (重点任务 | 具体措施 | 工作目标).
        self.work_columns = [
            c for c, head in enumerate(table.header) if c == task_col or _TASK_TEXT.search(head)
        ]
        self.year_columns = _target_years(table.header)
        self.carried: dict[str, tuple[int, int]] = {}
        self.section = ""
        self.last: Task | None = None
        self.row_no = 0

    def _own_work(self, cells: list[tuple[int, int]]) -> tuple[int, int]:
        """The work of a numbered row whose task cell is merged from the row above.

        A task cell written once over several numbered rows names their common task (or
        category); each row with its own number is a task of its own, its work the first
        cell of its own right of the task column that is no unit, time or number cell.
        """
        columns = self.table.columns
        if "id" not in columns:
            return (-1, -1)
        s, e = cells[columns["id"]]
        if s < 0 or not _SERIAL_CELL.match(self.text[s:e]):
            return (-1, -1)
        taken = {columns[k] for k in (*UNIT_KINDS, "deadline", "id", "measure", "section") if k in columns}
        for col in range(columns["task"] + 1, len(cells)):
            s, e = cells[col]
            if col not in taken and s >= 0 and e > s:
                return (s, e)
        return (-1, -1)

    def add(self, cells: list[tuple[int, int]]) -> None:
        """Read one row, its cells as spans (-1, -1 for a cell merged into the row above)."""
        text, table = self.text, self.table
        for kind in _CARRIED:
            col = table.columns.get(kind)
            if col is None:
                continue
            s, e = cells[col]
            if s < 0 or _EMPTY_CELL.match(text[s:e]):
                if kind in self.carried:
                    cells[col] = self.carried[kind]
            else:
                self.carried[kind] = (s, e)
        ts, te = cells[table.columns["task"]]
        units = _row_units(text, cells, table.columns)
        if ts < 0 or ts == te:
            ts, te = self._own_work(cells)
        if ts < 0 or ts == te:
            if self.last is not None:  # a row continuing the task above with more units
                names = {x.name for x in self.last.units}
                self.last.units.extend(u for u in units if u.name not in names)
            return
        self.row_no += 1
        task_text = text[ts:te]
        stop = task_text.find("。")
        title = task_text[: stop + 1] if stop >= 0 else task_text
        number = ""
        if "id" in table.columns:
            s, e = cells[table.columns["id"]]
            number = _ID_TRIM.sub("", text[s:e]) if s >= 0 else ""
        task = Task(number or str(self.row_no), self.section, title.strip(), task_text, ts, te, units=units)
        if "section" in table.columns:
            s, e = cells[table.columns["section"]]
            if s >= 0 and e > s:
                task.section = _SECTION_MARKER.sub("", text[s:e])
        if "deadline" in table.columns:
            s, e = _time_cell(text, cells, table.columns["deadline"])
            task.deadline = text[s:e] if s >= 0 else ""
            task.deadline_span = (s, e) if s >= 0 else None
        unit_cells = [cells[table.columns[k]] for k in UNIT_KINDS if k in table.columns]
        unit_cells = [c for c in unit_cells if c[0] >= 0 and c[1] > c[0]]
        if unit_cells:
            task.clause = (min(s for s, _ in unit_cells), max(e for _, e in unit_cells))
        for col in self.work_columns:
            s, e = cells[col]
            if s >= 0:
                task.targets.extend(find_targets(text[s:e], s))
        measure = cells[table.columns["measure"]] if "measure" in table.columns else (-1, -1)
        for col, year in self.year_columns.items():
            s, e = cells[col]
            if s >= 0 and e > s:
                task.targets.extend(indicator_targets(text, title.strip(), (s, e), measure, year))
        table.tasks.append(task)
        self.last = task


def _time_cell(text: str, cells: list[tuple[int, int]], col: int) -> tuple[int, int]:
    """The row's time cell: the time column's, or the next cell when a stray cell stands in
    the time column and the next is a short time phrase.

    A stray cell (a second unit name on its own line, a leftover number) shifts the cells of
    a row written one cell per line by one, so the time lands right of its column. Any other
    cell in the time column is its value: a time in the progress column next to it is a
    report, not the time limit.
    """
    s, e = cells[col]
    if s < 0 or col + 1 >= len(cells):
        return (s, e)
    stray = text[s:e].strip()
    if not (_SERIAL_CELL.match(stray) or is_unit_name(strip_etc(stray))):
        return (s, e)
    ns, ne = cells[col + 1]
    if ns >= 0 and ne - ns <= _MAX_TIME_CELL and read_deadline(text[ns:ne], ns, None) is not None:
        return (ns, ne)
    return (s, e)


_MAX_GROUP_CELLS = 2  # cells before a row's number: its groups (一、…, (一)…), merged over rows


def _number_column(text: str, cells: list[tuple[int, int]], table: TaskTable) -> list[tuple[int, int]]:
    """A row of a header without a 序号 cell that carries its number all the same.

    The cells after the number fill the header's last columns; so the number stands in a
    column the header leaves unnamed, put in (once, at the first such row) where that says,
    and the cells before the number are the row's groups, written once over the rows they
    group: the innermost fills the column before the number, a missing one is merged above.
    """
    while cells and cells[-1][0] == cells[-1][1]:
        cells = cells[:-1]  # "… | 持续推进 | ||": closing bars, no cells
    at = next(
        (k for k, (s, e) in enumerate(cells[: _MAX_GROUP_CELLS + 1]) if _SERIAL_CELL.match(text[s:e])), None
    )
    if at is None or at + 1 >= len(cells):
        return cells
    after = len(cells) - at - 1
    if table.number_at is None:
        lead = len(table.header) - after
        if not 0 <= lead <= _MAX_GROUP_CELLS or lead < min(at, 1):
            return cells
        columns = with_number_column(table.header, table.columns, lead)
        if columns is None:
            return cells
        table.columns, table.number_at = columns, lead
        table.header = [*table.header[:lead], "", *table.header[lead:]]
    lead = table.number_at
    if after != len(table.header) - lead - 1:
        return cells
    groups = cells[:at][-lead:] if lead and at else []
    return [*([(-1, -1)] * (lead - len(groups))), *groups, *cells[at:]]


def _align_short_row(
    text: str, cells: list[tuple[int, int]], ncols: int, columns: dict[str, int]
) -> list[tuple[int, int]]:
    """A row with fewer cells than the header: which columns its cells fill.

    Cells merged into the row above are missing. A row that opens with its own serial number
    (the id column first) keeps it there, and the merged cells are the ones right after it:
    a category or task cell written once over several numbered rows. Otherwise the merged
    cells are missing on the left.
    """
    gap = [(-1, -1)] * (ncols - len(cells))
    s, e = cells[0]
    if columns.get("id") == 0 and _SERIAL_CELL.match(text[s:e]):
        return [cells[0], *gap, *cells[1:]]
    return gap + cells


def _read_rows(text: str, lines: list[tuple[int, str]], i: int, table: TaskTable) -> int:
    """Read the rows after the header into tasks; returns the index of the first line after."""
    ncols = len(table.header)
    reader = _RowReader(text, table)
    while i < len(lines):
        off, line = lines[i]
        if not line.strip():
            i += 1
            continue
        spans = split_cells(line)
        if not _is_row(spans):
            # The next non-blank line, without copying the rest of the lines at every such line.
            nxt = next((lines[k][1] for k in range(i + 1, len(lines)) if lines[k][1].strip()), "")
            if len(line.strip()) <= _MAX_SECTION_ROW and _is_row(split_cells(nxt)):
                reader.section = _SECTION_MARKER.sub("", line.strip())
                table.end = off + len(line)
                i += 1
                continue
            break
        cells = [(off + s, off + e) for s, e in spans]
        if "id" not in table.columns or table.number_at is not None:
            cells = _number_column(text, cells, table)
            ncols = len(table.header)
        if len(cells) < ncols:
            cells = _align_short_row(text, cells, ncols, table.columns)
        cells = cells[:ncols]
        table.end = off + len(line)
        i += 1
        if [text[s:e] for s, e in cells] == table.header:  # header repeated on a new page
            continue
        reader.add(cells)
    return i


def _read_cell_table(text: str, found: CellTable) -> TaskTable:
    """A task table from rows rebuilt out of a run of cells (one per line, or one line)."""
    header = [text[s:e] for s, e in found.header]
    table = TaskTable(found.header[0][0], found.end, header, found.columns)
    reader = _RowReader(text, table)
    n = len(header)
    for k, row in enumerate(found.rows):
        if k in found.sections:
            s, e = found.sections[k]
            reader.section = _SECTION_MARKER.sub("", text[s:e])
        reader.add((row + [(-1, -1)] * n)[:n])  # a short row lacks cells merged from above
    return table


def _row_units(text: str, cells: list[tuple[int, int]], columns: dict[str, int]) -> list[UnitMention]:
    """Units of one row, in column order, each with the role its column gives."""
    has_lead = "lead" in columns
    roles = {"lead": LEAD, "co": CO, "participant": PARTICIPANT, "resp": CO if has_lead else None}
    found: list[tuple[int, UnitMention]] = []
    seen: set[str] = set()
    for kind in UNIT_KINDS:
        col = columns.get(kind)
        if col is None:
            continue
        s, e = cells[col]
        if s < 0 or e <= s:
            continue
        # A cell lists units on separate lines (joined by spaces) or with 、 and ,.
        body = re.sub(r"\s", "、", text[s:e])
        clause = parse_clause(body, default_role=roles[kind])
        for u in clause.units:
            if u.name in seen:
                continue
            seen.add(u.name)
            if roles[kind] is None:
                why = f"{kind} column: {u.rule}"
            elif u.rule == "stated role":
                why = f"{kind} column"
            else:
                why = u.rule
            found.append((col, UnitMention(u.name, u.role, s + u.start, s + u.end, why)))
    return [u for _, u in sorted(found, key=lambda x: x[0])]


def _note_rules(lines: list[tuple[int, str]], i: int, table: TaskTable) -> None:
    """The table's role rules, and a note right after it such as 以上任务只列牵头部门."""
    cols = table.columns
    names = {k: table.header[c] for k, c in cols.items()}
    if "lead" in cols:
        rule = f"task table: units in the {names['lead']} column lead"
        others = (("co", "co-responsible"), ("resp", "co-responsible"), ("participant", "participate"))
        for kind, role in others:
            if kind in cols:
                rule += f", those in the {names[kind]} column {role}"
        table.rules.append(rule)
    elif "resp" in cols:
        table.rules.append(f"task table: first-listed unit in the {names['resp']} column leads")
    after = [ln.strip() for _, ln in lines[i : i + 4] if ln.strip()][:2]
    for note in after:
        if _RULE_LEAD_ONLY.search(note):
            table.rules.append(note)
            for task in table.tasks:
                for u in task.units:
                    if u.role == CO and u.rule.startswith("resp column"):
                        u.role, u.rule = LEAD, "以上任务只列牵头部门: listed units lead"


def _number(table: TaskTable, table_no: int) -> None:
    """Make the ids unique within the table: section marker prefix, else a #k suffix."""
    seen: set[str] = set()
    prefix = f"表{table_no}/" if table_no else ""
    for task in table.tasks:
        tid, k = prefix + task.id, 2
        base = tid
        while tid in seen:
            tid, k = f"{base}#{k}", k + 1
        seen.add(tid)
        task.id = tid


def mask_tables(text: str, tables: list[TaskTable]) -> str:
    """The text with every task table blanked out (same length, line breaks kept)."""
    if not tables:
        return text
    parts, pos = [], 0
    for t in tables:
        parts.append(text[pos : t.start])
        parts.append(re.sub(r"[^\n]", " ", text[t.start : t.end]))
        pos = t.end
    parts.append(text[pos:])
    return "".join(parts)


def detach_after_tables(
    items: list[Item], loose: list[tuple[int, str]], tables: list[TaskTable]
) -> list[tuple[int, str]]:
    """Cut each item's continuation lines at the first table after it; they become loose lines."""
    if not tables:
        return loose
    moved: list[tuple[int, str]] = []
    for item in items:
        if not item.lines:
            continue
        cut = next((t.start for t in tables if item.start < t.start < item.lines[-1][0]), None)
        if cut is None:
            continue
        keep = [(o, s) for o, s in item.lines if o < cut]
        moved.extend((o, s) for o, s in item.lines if o >= cut)
        item.lines = keep
        item.end = keep[-1][0] + len(keep[-1][1]) if keep else item.start + len(item.heading)
    return sorted(loose + moved) if moved else loose


def _section_at(items: list[Item], offset: int) -> str:
    """The section (level-1 heading, or annex title) in force at ``offset``."""
    before = [it for it in items if it.line_start < offset]
    if not before:
        return ""
    path = before[-1].path
    if path[0].annex:
        return path[1].heading if len(path) > 1 and path[1].rank == 0 else path[0].heading
    return path[0].heading if path[0].rank <= 1 else ""


def _parent(items: list[Item], tasks: list[Task], offset: int) -> tuple[Item | None, Task | None]:
    """The outline item a table at ``offset`` belongs to, and the task it would replace.

    The item just before the table is its parent when it carries no units of its own
    ("(二)分工如下。" introducing the rows); otherwise that item's parent is.
    """
    before = [it for it in items if it.line_start < offset]
    if not before:
        return None, None
    last = before[-1]
    task = next((t for t in tasks if t.start == last.start), None)
    if task is not None and task.units:
        return last.parent, None
    return last, task


def merge_table_tasks(
    tasks: list[Task], tables: list[TaskTable], items: list[Item], rules: list[str]
) -> list[Task]:
    """Outline tasks and table tasks in text order, table rules added to ``rules``.

    A table's task ids are prefixed with the outline path of the item it belongs to (二/3),
    like the ids of numbered items; an item that only introduces a table is no task itself.
    """
    if not tables:
        return tasks
    extra: list[Task] = []
    replaced: set[int] = set()
    for table in tables:
        for rule in table.rules:
            if rule not in rules:
                rules.append(rule)
        parent, intro = _parent(items, tasks, table.start)
        if intro is not None:
            replaced.add(id(intro))
        prefix = "/".join(p.marker if p.rank else p.number for p in parent.path) + "/" if parent else ""
        for task in table.tasks:
            if not task.section:
                task.section = _section_at(items, table.start)
            task.id = prefix + task.id
            extra.append(task)
    merged = sorted([t for t in tasks if id(t) not in replaced] + extra, key=lambda t: t.start)
    seen: set[str] = set()
    for task in merged:
        tid, k = task.id, 2
        while tid in seen:
            tid, k = f"{task.id}#{k}", k + 1
        seen.add(tid)
        task.id = tid
    return merged
