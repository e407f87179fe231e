"""What a table's header cells name: the column kinds of a task table.

A task table is known by its header (序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限): the
cells name what each column holds. The reader of tables written row by row and the reader of
tables written one cell per line both need this, and so does the cleaning step that keeps a
run of short header lines from being dropped as a site menu, so it lives here, apart.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policykg.ontology import phrase_alternation

__all__ = [
    "KINDS",
    "MAX_HEADER_CELL",
    "UNIT_KINDS",
    "column_kind",
    "column_kinds",
    "column_segments",
    "is_column_name",
    "is_header_run",
    "with_number_column",
]

# Header cell → column kind; the first pattern that matches wins (主要责任单位 is a lead column).
KINDS = (
    ("id", re.compile(r"^(?:序号|编号|序|号)$")),
    ("measure", re.compile(r"^(?:计量)?单位$")),
    ("lead", re.compile(r"牵头|主要责任|主责|主办")),
    ("co", re.compile(r"配合|协作|协同|协办")),
    ("participant", re.compile(r"参与|参加")),
    (
        "resp",
        re.compile(r"责任(?:单位|部门|处室|科室|主体)|负责(?:单位|部门|处室|科室)|实施(?:单位|主体)|承办"),
    ),
    (
        "deadline",
        re.compile(r"时限|时间|节点|期限|进度|年限|(?:实施|推进|进度|时间|月度工作|季度工作)(?:计划|安排)"),
    ),
    ("task", re.compile(r"任务|工作内容|重点工作|措施|事项|工作要点|内容|指标|实事|项目")),
    ("section", re.compile(r"领域|类别|方面|板块|专项")),
)
UNIT_KINDS = ("lead", "resp", "co", "participant")
MAX_HEADER_CELL = 16
_CONJUNCTIONS = set("与和及或、")  # 内容与要求 is one name: none opens with these
_MAX_NAME = 10  # a column's name standing alone, without a 序号 cell to say a header opens
_NOT_NAME = re.compile(r"[\d，,。；;：:、（）()《》]")


def column_kind(cell: str) -> str | None:
    """The kind of column a header cell names, or None."""
    name = re.sub(r"\s+", "", cell)
    return next((kind for kind, pattern in KINDS if pattern.search(name)), None)


def is_column_name(cell: str) -> bool:
    """Whether a short cell reads as a column's name, without digits or punctuation: one of a
    task table's kinds, or another column such a table has (具体要求, 备注, 工作目标;
    ``ontology/layout.csv``, kind column). Without a 序号 cell, only such names open a header.

    Asked of every line's start while cleaning and reading tables, so a long line is turned
    down before any pattern runs, and short cells (which repeat) are remembered.
    """
    return len(cell) <= 2 * _MAX_NAME and _is_column_name(cell)


@lru_cache(maxsize=4096)
def _is_column_name(cell: str) -> bool:
    name = re.sub(r"\s+", "", cell)
    if not name or len(name) > _MAX_NAME or _NOT_NAME.search(name):
        return False  # a title, a sentence or a value, not a column's name
    return column_kind(name) is not None or bool(phrase_alternation("layout.csv", "column").fullmatch(name))


def is_header_run(line: str) -> bool:
    """Whether a line is nothing but a table's column names, three at least, with or without
    separators between them (序号 工作任务 责任单位, 序号工作任务责任单位): a header row,
    never a title nor a task, even when a page ran its cells together.

    >>> is_header_run("序号工作任务责任单位"), is_header_run("重点任务分工清单")
    (True, False)
    """
    names = 0
    for token in re.split(r"[\s|｜]+", line.strip()):
        serial = re.match(r"序号|编号", token)
        rest = token[serial.end() :] if serial else token
        cut = column_segments(rest) if rest else ()
        if cut is None:
            return False
        names += len(cut) + (serial is not None)
    return names >= 3


@lru_cache(maxsize=1024)
def column_segments(names: str) -> tuple[str, ...] | None:
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
        for start in range(max(0, end - _MAX_NAME), end):
            head, cell = best[start], names[start:end]
            if head is None or cell[0] in _CONJUNCTIONS or not ends.search(cell) or not is_column_name(cell):
                continue
            if best[end] is None or len(head) + 1 > len(best[end]):  # type: ignore[arg-type]
                best[end] = (*head, cell)
    return best[-1]


def column_kinds(cells: list[str]) -> dict[str, int] | None:
    """The columns a header row names, ``{kind: index}``, or None when it is no task header.

    >>> column_kinds(["序号", "重点任务", "牵头单位", "配合单位", "完成时限"])
    {'id': 0, 'task': 1, 'lead': 2, 'co': 3, 'deadline': 4}
    """
    if len(cells) < 3 or any(len(c) > MAX_HEADER_CELL for c in cells):
        return None
    columns: dict[str, int] = {}
    for i, cell in enumerate(cells):
        kind = column_kind(cell)
        if kind is not None:
            columns.setdefault(kind, i)
    if "task" not in columns or not any(k in columns for k in UNIT_KINDS):
        return None
    return columns


def with_number_column(names: list[str], named: dict[str, int], lead: int) -> dict[str, int] | None:
    """The columns of a header without a 序号 cell whose rows carry their number all the same,
    in an unnamed column put in at ``lead`` (the cells before it group the rows).

    A task column before the number names such a group, so it becomes the section column, and
    the task is the first column after the number that names no unit or time.
    """
    columns = {kind: col + (col >= lead) for kind, col in named.items()}
    columns["id"] = lead
    if columns["task"] < lead:
        columns.setdefault("section", columns.pop("task"))
        taken = set(columns.values())
        after = [c for c in range(lead + 1, len(names) + 1) if c not in taken]
        plain = [c for c in after if column_kind(names[c - 1]) in (None, "task")]
        if not plain:
            return None
        columns["task"] = plain[0]
    return columns
