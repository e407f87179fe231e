"""The responsibility ledger: one row per task, the table a 督查督办 office keeps.

Each row carries the document (jurisdiction, title, 文号), the task (number, text), its units by
role, its deadline as written and as a date, its targets and where it was read (source file and
character span). Rows come from LadybugDB a page of tasks at a time (tasks, their units, their
targets: three queries per page, joined here), go to a spool file, and come back in the ledger's
order; the .xlsx writer streams them into the file. Memory holds a page and a sort key per task,
so a province's ten years of documents are written as the five samples are.
"""

from __future__ import annotations

import csv
import datetime as dt
import marshal
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykg.model import ROLES
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

# Tasks are read a page at a time by their place in the store (a page is a range of node
# offsets, so each query holds one page, not the corpus) and put in the ledger's order after.
_PAGE = 25_000
_COUNT = "MATCH (t:Task) RETURN count(t)"
_DOCS = """MATCH (d:Document) OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
RETURN d.iri, coalesce(j.label, ''), coalesce(j.name, ''), coalesce(d.title, d.label),
       coalesce(d.docNumber, ''), d.sourceFiles"""
_IN_PAGE = "offset(id(t)) >= $a AND offset(id(t)) < $b"
_TASKS = f"""MATCH (t:Task)-[:IN_DOCUMENT]->(d:Document) WHERE {_IN_PAGE}
  AND ($due = '' OR (t.deadlineDate IS NOT NULL AND t.deadlineDate <> '' AND t.deadlineDate <= $due))
RETURN offset(id(t)), t.iri, d.iri, t.start, t.number, t.text, coalesce(t.deadline, ''),
       coalesce(t.deadlineDate, ''), t.start, t.`end`"""
_UNITS = (
    f"MATCH (t:Task)-[r:RESPONSIBLE]->(u) WHERE {_IN_PAGE} RETURN offset(id(t)), r.start, r.role, u.label"
)
_TARGETS = f"MATCH (t:Task)-[:HAS_TARGET]->(x:Target) WHERE {_IN_PAGE} RETURN offset(id(t)), x.start, x.text"
_NAMED = """MATCH ()-[:RESPONSIBLE]->(u) WHERE u.label = $d OR list_contains(u.altLabels, $d)
RETURN DISTINCT u.label"""


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


def _by_task(rows: Iterator[list[Any]]) -> dict[int, list[tuple[Any, ...]]]:
    """(start, …) tuples per task, for one page of tasks."""
    out: dict[int, list[tuple[Any, ...]]] = {}
    for task, *rest in rows:
        out.setdefault(task, []).append(tuple(rest))
    return out


def _page_rows(
    graph: Any, keep: LedgerFilter, docs: dict[str, tuple], named: set[str], page: dict
) -> Iterator:
    """(sort key, row) for the tasks of one page that the filter keeps."""
    units = _by_task(graph.cypher_stream(_UNITS, page))
    targets = _by_task(graph.cypher_stream(_TARGETS, page))
    for off, iri, doc, seq, task_no, text, deadline, date, start, end in graph.cypher_stream(
        _TASKS, {**page, "due": keep.due_before or ""}
    ):
        meta = docs.get(doc)
        if meta is None:
            continue
        juris, title, number, files = meta
        mine = units.get(off, ())
        if keep.department and not any(u[2] in named for u in mine):
            continue
        by_role: dict[str, list[str]] = {role: [] for role in ROLES}
        for _, role, unit in sorted(mine):
            if unit not in by_role[role]:
                by_role[role].append(unit)
        row = [
            juris, title, number, task_no, text,
            *("、".join(by_role[role]) for role in ROLES),
            deadline, date,
            "；".join(t for _, t in sorted(targets.get(off, ()))),
            files, start, end,
        ]  # fmt: skip
        yield (juris, title, -1 if seq is None else seq, iri), row


def iter_ledger(graph: Any, keep: LedgerFilter | None = None) -> Iterator[list[Any]]:
    """The ledger's rows for a :class:`~policykg.api.PolicyGraph`, as lists in :data:`NAMES` order.

    By jurisdiction, document title, the task's order. Rows are read a page at a time and
    kept in a spool file until all are read, then given back in that order: memory holds a
    page and one sort key per task, whatever the corpus's size.
    """
    keep = keep or LedgerFilter()
    docs = {
        iri: (juris, title, number, "; ".join(sorted(files or ())))
        for iri, juris, jname, title, number, files in graph.cypher_stream(_DOCS)
        if not keep.jurisdiction or keep.jurisdiction in (juris, jname)
    }
    named: set[str] = set()
    if keep.department:
        named = {r[0] for r in graph.cypher_stream(_NAMED, {"d": keep.department})}
        if not named:
            return
    (total,), *_ = graph.cypher_stream(_COUNT)
    index: list[tuple[tuple, int, int]] = []
    with tempfile.TemporaryFile() as spool:
        for a in range(0, total, _PAGE):
            for key, row in _page_rows(graph, keep, docs, named, {"a": a, "b": a + _PAGE}):
                blob = marshal.dumps(row)
                index.append((key, spool.tell(), len(blob)))
                spool.write(blob)
        index.sort(key=lambda entry: entry[0])
        for _, at, size in index:
            spool.seek(at)
            yield marshal.loads(spool.read(size))


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
