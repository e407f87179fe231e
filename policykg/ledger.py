"""The responsibility ledger: one row per task, the table a 督查督办 office keeps.

Each row carries the document (jurisdiction, title, 文号), the task (number, text), its units by
role, its deadline as written and as a date, its targets and where it was read (source file and
character span). Rows come from LadybugDB: the units and targets of every task are read first
(small rows, held by task), then the tasks are streamed in the ledger's order, each row written
as it is read, so a corpus of any size is written in one pass without holding its text.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykg.xlsx import Column, write_workbook

__all__ = ["COLUMNS", "LedgerFilter", "iter_ledger", "ledger_rows", "write_ledger"]

COLUMNS = (
    ("jurisdiction", Column("管辖区域", 12)),
    ("title", Column("文件标题", 30, wrap=True)),
    ("docNumber", Column("文号", 16)),
    ("number", Column("任务编号", 10)),
    ("text", Column("任务内容", 60, wrap=True)),
    ("lead", Column("牵头单位", 24, wrap=True)),
    ("co", Column("配合单位", 30, wrap=True)),
    ("participant", Column("参与单位", 16, wrap=True)),
    ("implied", Column("默认责任单位", 16, wrap=True)),
    ("deadline", Column("完成时限", 16)),
    ("deadlineDate", Column("完成日期", 12)),
    ("targets", Column("量化目标", 30, wrap=True)),
    ("source", Column("来源文件", 24)),
    ("start", Column("起始位置", 9)),
    ("end", Column("结束位置", 9)),
)
NAMES = tuple(name for name, _ in COLUMNS)
_SHEET_COLUMNS = tuple(col for _, col in COLUMNS)

# Ordered here, so rows are written as they arrive: by jurisdiction, document, the task's order.
_TASKS = """MATCH (t:Task)-[:IN_DOCUMENT]->(d:Document)
OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH t, d, coalesce(j.label, '') AS jurisdiction, coalesce(j.name, '') AS jname
WHERE ($jurisdiction = '' OR jurisdiction = $jurisdiction OR jname = $jurisdiction)
  AND ($due = '' OR (t.deadlineDate IS NOT NULL AND t.deadlineDate <> '' AND t.deadlineDate <= $due))
RETURN t.iri, jurisdiction, coalesce(d.title, d.label) AS title, coalesce(d.docNumber, ''),
       d.sourceFiles, t.number, t.text, coalesce(t.deadline, ''), coalesce(t.deadlineDate, ''),
       t.start, t.`end`
ORDER BY jurisdiction, title, t.seq, t.iri"""
_UNITS = "MATCH (t:Task)-[r:RESPONSIBLE]->(u) RETURN t.iri, r.start, r.role, u.label"
_NAMED = """MATCH ()-[:RESPONSIBLE]->(u) WHERE u.label = $d OR list_contains(u.altLabels, $d)
RETURN DISTINCT u.label"""
_TARGETS = "MATCH (t:Task)-[:HAS_TARGET]->(x:Target) RETURN t.iri, x.start, x.text"
_ROLES = ("lead", "co", "participant", "implied")


class LedgerError(ValueError):
    """A filter that cannot be applied (a date that is not a date)."""


@dataclass(frozen=True)
class LedgerFilter:
    """Which tasks the ledger keeps: of a jurisdiction, naming a unit, due on or before a date."""

    jurisdiction: str | None = None
    department: str | None = None  # the full name or any name as written
    due_before: str | None = None  # ISO date

    def __post_init__(self) -> None:
        if self.due_before is not None:
            try:
                dt.date.fromisoformat(self.due_before)
            except ValueError:
                raise LedgerError(f"--due-before {self.due_before!r}: not a date (YYYY-MM-DD)") from None


def _by_task(rows: Iterator[list[Any]]) -> dict[str, list[tuple[Any, ...]]]:
    """(start, …) tuples per task IRI, equal strings held once: a large corpus names few units."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    seen: dict[str, str] = {}
    for task, *rest in rows:
        out.setdefault(task, []).append(tuple(seen.setdefault(v, v) if type(v) is str else v for v in rest))
    return out


def iter_ledger(graph: Any, keep: LedgerFilter | None = None) -> Iterator[list[Any]]:
    """The ledger's rows for a :class:`~policykg.api.PolicyGraph`, as lists in :data:`NAMES` order."""
    keep = keep or LedgerFilter()
    units = _by_task(graph.cypher_stream(_UNITS))
    targets = _by_task(graph.cypher_stream(_TARGETS))
    named: set[str] = set()
    if keep.department:
        named = {r[0] for r in graph.cypher_stream(_NAMED, {"d": keep.department})}
    params = {"jurisdiction": keep.jurisdiction or "", "due": keep.due_before or ""}
    for iri, juris, title, number, files, task_no, text, deadline, date, start, end in graph.cypher_stream(
        _TASKS, params
    ):
        mine = units.get(iri, ())
        if keep.department and not any(u[2] in named for u in mine):
            continue
        by_role: dict[str, list[str]] = {role: [] for role in _ROLES}
        for _, role, unit in sorted(mine):
            if unit not in by_role[role]:
                by_role[role].append(unit)
        yield [
            juris, title, number, task_no, text,
            *("、".join(by_role[role]) for role in _ROLES),
            deadline, date,
            "；".join(t for _, t in sorted(targets.get(iri, ()))),
            "; ".join(sorted(files or ())),
            start, end,
        ]  # fmt: skip


def ledger_rows(graph: Any, keep: LedgerFilter | None = None) -> list[dict[str, Any]]:
    """The ledger's rows as dicts (column name → value), by jurisdiction, document, order."""
    return [dict(zip(NAMES, row, strict=True)) for row in iter_ledger(graph, keep)]


def _write_xlsx(rows: Iterator[list[Any]], path: Path) -> int:
    """An "all" sheet and a sheet per jurisdiction; rows arrive grouped by jurisdiction."""
    return write_workbook(path, _SHEET_COLUMNS, ((row[0], row) for row in rows), all_sheet="all")


def _write_csv(rows: Iterator[list[Any]], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:  # the BOM lets Excel read UTF-8
        w = csv.writer(fh)
        w.writerow(NAMES)
        for row in rows:
            w.writerow(["" if v is None else v for v in row])
            n += 1
    return n


def write_ledger(graph: Any, dest: str | Path, keep: LedgerFilter | None = None) -> int:
    """Write the ledger as .xlsx (a sheet per jurisdiction and "all") or .csv; returns its rows.

    The file is written beside its destination and moved into place, so a failed write never
    leaves a half-written ledger where the last one was.
    """
    dest = Path(dest)
    kind = dest.suffix.lower()
    if kind not in (".xlsx", ".csv"):
        raise LedgerError(f"{dest}: the ledger is written as .xlsx or .csv")
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    os.close(fd)
    try:
        n = (_write_xlsx if kind == ".xlsx" else _write_csv)(iter_ledger(graph, keep), Path(tmp))
        os.chmod(tmp, 0o644)  # a temporary file is private; the ledger is for handing on
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return n
