"""The streaming .xlsx writer, read back by an independent reader (openpyxl)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from policykg.xlsx import Column, write_workbook

COLUMNS = (Column("名称", 20), Column("内容", 50, wrap=True), Column("数", 8))
ROWS = [
    ("贵阳市", ["市卫健委", "推进\x0b紧密型县域医共体<建设>&\n考核", 3]),
    ("贵阳市", ["市医保局", "", None]),
    ("a/b:c", ["区财政局", "保障经费", 12]),
    ("A/B:C", ["区人社局", "x" * 40, 0]),
]


def _write(path: Path) -> int:
    return write_workbook(path, COLUMNS, iter(ROWS), all_sheet="all")


def test_sheets_rows_and_values_read_back(tmp_path: Path) -> None:
    dest = tmp_path / "t.xlsx"
    assert _write(dest) == 4
    wb = openpyxl.load_workbook(dest)
    # Names XLSX forbids are replaced; two that differ only by case are kept apart.
    assert wb.sheetnames == ["all", "贵阳市", "a_b_c", "A_B_C~2"]
    rows = [[c.value for c in r] for r in wb["all"].iter_rows()]
    assert rows[0] == ["名称", "内容", "数"]
    # A control character XML cannot carry is dropped; markup characters and newlines survive.
    assert rows[1] == ["市卫健委", "推进紧密型县域医共体<建设>&\n考核", 3]
    assert rows[2] == ["市医保局", None, None]
    assert [r[0] for r in rows[3:]] == ["区财政局", "区人社局"] and rows[4][2] == 0
    assert [[c.value for c in r] for r in wb["贵阳市"].iter_rows()] == rows[:3]
    assert wb["A_B_C~2"].max_row == 2


def test_header_frozen_filtered_widths_and_wrap(tmp_path: Path) -> None:
    dest = tmp_path / "t.xlsx"
    _write(dest)
    ws = openpyxl.load_workbook(dest)["贵阳市"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:C3"
    assert ws["A1"].font.b and not ws["A2"].font.b
    assert ws.column_dimensions["B"].width == 50 and ws["B2"].alignment.wrap_text
    assert not ws["A2"].alignment.wrap_text and ws["A2"].alignment.vertical == "top"


def test_same_rows_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    _write(a)
    _write(b)
    assert a.read_bytes() == b.read_bytes()


def test_empty_table_keeps_its_header(tmp_path: Path) -> None:
    dest = tmp_path / "e.xlsx"
    assert write_workbook(dest, COLUMNS, iter(()), all_sheet="all") == 0
    ws = openpyxl.load_workbook(dest)["all"]
    assert [c.value for c in ws[1]] == ["名称", "内容", "数"] and ws.max_row == 1
