"""The responsibility ledger: one row per task, the table a 督查督办 office keeps.

Each row carries the document (jurisdiction, title, 文号), the task (number, text), its units by
role, its deadline as written and as a date, its targets and where it was read (source file and
character span). Rows come from LadybugDB in three queries (tasks, responsibilities, targets)
joined here by task, so a large graph is read in seconds rather than task by task.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["COLUMNS", "LedgerFilter", "ledger_rows", "write_ledger"]

COLUMNS = (
    ("jurisdiction", "管辖区域", 12),
    ("title", "文件标题", 30),
    ("docNumber", "文号", 16),
    ("number", "任务编号", 10),
    ("text", "任务内容", 60),
    ("lead", "牵头单位", 24),
    ("co", "配合单位", 30),
    ("participant", "参与单位", 16),
    ("implied", "默认责任单位", 16),
    ("deadline", "完成时限", 16),
    ("deadlineDate", "完成日期", 12),
    ("targets", "量化目标", 30),
    ("source", "来源文件", 24),
    ("start", "起始位置", 9),
    ("end", "结束位置", 9),
)
_WRAP = {"title", "text", "lead", "co", "participant", "implied", "targets"}

_TASKS = """MATCH (t:Task)-[:IN_DOCUMENT]->(d:Document)
OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
RETURN t.iri AS iri, coalesce(j.label, '') AS jurisdiction, coalesce(j.name, '') AS jname,
       coalesce(d.title, d.label) AS title, coalesce(d.docNumber, '') AS docNumber, d.sourceFiles AS files,
       t.number AS number, t.seq AS seq, t.text AS text, coalesce(t.deadline, '') AS deadline,
       coalesce(t.deadlineDate, '') AS deadlineDate, t.start AS start, t.`end` AS `end`"""
_UNITS = """MATCH (t:Task)-[r:RESPONSIBLE]->(u)
RETURN t.iri AS task, r.role AS role, u.label AS unit, u.altLabels AS alt, r.start AS start"""
_TARGETS = (
    """MATCH (t:Task)-[:HAS_TARGET]->(x:Target) RETURN t.iri AS task, x.text AS text, x.start AS start"""
)


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


def ledger_rows(graph: Any, keep: LedgerFilter | None = None) -> list[dict[str, Any]]:
    """The ledger's rows for a :class:`~policykg.api.PolicyGraph`, by jurisdiction, document, order."""
    keep = keep or LedgerFilter()
    tasks = graph.cypher_result(_TASKS).rows
    units: dict[str, list[tuple[int, str, str]]] = {}
    named: set[str] = set()
    for r in graph.cypher_result(_UNITS).rows:
        units.setdefault(r["task"], []).append((r["start"], r["role"], r["unit"]))
        if keep.department and (r["unit"] == keep.department or keep.department in (r["alt"] or ())):
            named.add(r["task"])
    targets: dict[str, list[tuple[int, str]]] = {}
    for r in graph.cypher_result(_TARGETS).rows:
        targets.setdefault(r["task"], []).append((r["start"], r["text"]))
    rows = []
    for t in tasks:
        if keep.jurisdiction and keep.jurisdiction not in (t["jurisdiction"], t["jname"]):
            continue
        if keep.department and t["iri"] not in named:
            continue
        if keep.due_before and not (t["deadlineDate"] and t["deadlineDate"] <= keep.due_before):
            continue
        by_role: dict[str, list[str]] = {"lead": [], "co": [], "participant": [], "implied": []}
        for _, role, unit in sorted(units.get(t["iri"], ())):
            if unit not in by_role[role]:
                by_role[role].append(unit)
        row = {c: t.get(c) for c, _, _ in COLUMNS}
        row |= {role: "、".join(names) for role, names in by_role.items()}
        row["targets"] = "；".join(text for _, text in sorted(targets.get(t["iri"], ())))
        row["source"] = "; ".join(sorted(t["files"] or ()))
        row["_key"] = (t["jurisdiction"], t["title"], t["seq"], t["iri"])
        rows.append(row)
    rows.sort(key=lambda r: r.pop("_key"))
    return rows


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", name or "(无)")[:28]
    out, k = base, 2
    while out.lower() in used:
        out, k = f"{base}~{k}", k + 1
    used.add(out.lower())
    return out


def _write_xlsx(rows: list[dict[str, Any]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    groups: dict[str, list[dict[str, Any]]] = {"all": rows}
    for r in rows:
        groups.setdefault(f"\0{r['jurisdiction']}", []).append(r)
    used = {"all"}
    wrap, bold = Alignment(wrap_text=True, vertical="top"), Font(bold=True)
    top = Alignment(vertical="top")
    for key, part in groups.items():
        ws = wb.create_sheet("all" if key == "all" else _sheet_name(key[1:], used))
        ws.freeze_panes = "A2"
        for i, (_, _, width) in enumerate(COLUMNS, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(part) + 1}"
        header = []
        for _, label, _ in COLUMNS:
            cell = WriteOnlyCell(ws, value=label)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for r in part:
            line = []
            for c, _, _ in COLUMNS:
                cell = WriteOnlyCell(ws, value=r[c])
                cell.alignment = wrap if c in _WRAP else top
                line.append(cell)
            ws.append(line)
    wb.save(path)


def _write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:  # the BOM lets Excel read UTF-8
        w = csv.writer(fh)
        w.writerow([c for c, _, _ in COLUMNS])
        for r in rows:
            w.writerow(["" if r[c] is None else r[c] for c, _, _ in COLUMNS])


def write_ledger(graph: Any, dest: str | Path, keep: LedgerFilter | None = None) -> int:
    """Write the ledger as .xlsx (a sheet per jurisdiction and "all") or .csv; returns its rows.

    The file is written beside its destination and moved into place, so a failed write never
    leaves a half-written ledger where the last one was.
    """
    dest = Path(dest)
    kind = dest.suffix.lower()
    if kind not in (".xlsx", ".csv"):
        raise LedgerError(f"{dest}: the ledger is written as .xlsx or .csv")
    if kind == ".xlsx":
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            raise LedgerError("an .xlsx ledger needs openpyxl: pip install openpyxl") from None
    rows = ledger_rows(graph, keep)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    os.close(fd)
    try:
        (_write_xlsx if kind == ".xlsx" else _write_csv)(rows, Path(tmp))
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return len(rows)
