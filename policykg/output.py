"""Printing query results as an aligned table, JSON (array of row objects) or CSV.

A list value (the jurisdictions or documents of a shared initiative…) stays a JSON array;
in a table or CSV cell its items are joined with "、", as a Chinese list is written.

>>> print(format_rows(["name", "places"], [{"name": "两个允许", "places": ["石家庄市", "贵阳市"]}], "csv"))
name,places
两个允许,石家庄市、贵阳市
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any

__all__ = ["FORMATS", "LIST_JOINER", "format_rows"]

FORMATS = ("table", "json", "csv")
LIST_JOINER = "、"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return LIST_JOINER.join(_cell(v) for v in value)
    return str(value)


def format_rows(columns: list[str], rows: list[dict[str, Any]], fmt: str = "table") -> str:
    """Rows as text: ``table`` (aligned, CJK counted double width, a row count), ``json``
    (an array of objects keyed by column, lists kept) or ``csv`` (a header row first)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} ({', '.join(FORMATS)})")
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
        return buf.getvalue().rstrip("\n")
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out.extend(line(row) for row in cells)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
