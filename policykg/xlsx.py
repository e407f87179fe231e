"""A streaming .xlsx writer for plain tables: a bold frozen header, an autofilter, widths, wrap.

The ledger of a large corpus has hundreds of thousands of rows, written twice (the "all" sheet
and a sheet per jurisdiction). A general spreadsheet library builds a cell object per value and
spends most of the time there; a table of strings and integers needs only the SpreadsheetML a
sheet is made of, so each row's cells are rendered once, as text, and streamed into the zip.
Strings are written inline (no shared-string table to hold in memory), and characters XML
cannot carry (control characters left by a damaged source) are dropped, never written.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

__all__ = ["Column", "cells", "sheet_name", "write_workbook"]

# Style ids of styles.xml below: 0 default, 1 bold header, 2 wrapped and top-aligned, 3 top-aligned.
HEADER, WRAP, TOP = 1, 2, 3
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    """A column: its header, width in characters, and whether long text wraps."""

    header: str
    width: float
    wrap: bool = False


def _text(value: str) -> str:
    return escape(_ILLEGAL.sub("", value))


def cells(values: Sequence[Any], columns: Sequence[Column]) -> str:
    """One row's cells as SpreadsheetML, without the row element (so a row can go to two sheets).

    Cells carry no reference: a reader places them in order, which is what the file means.
    An empty value or None is an empty cell; an int is a number; everything else is text.
    """
    out = []
    for value, col in zip(values, columns, strict=True):
        style = WRAP if col.wrap else TOP
        if value is None or value == "":
            out.append(f'<c s="{style}"/>')
        elif type(value) is int or type(value) is float:
            out.append(f'<c s="{style}"><v>{value}</v></c>')
        else:
            out.append(
                f'<c s="{style}" t="inlineStr"><is><t xml:space="preserve">{_text(str(value))}</t></is></c>'
            )
    return "".join(out)


def _col_letter(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _head(columns: Sequence[Column]) -> bytes:
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{c.width}" customWidth="1"/>' for i, c in enumerate(columns, 1)
    )
    head = "".join(f'<c s="{HEADER}" t="inlineStr"><is><t>{_text(c.header)}</t></is></c>' for c in columns)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        "</sheetView></sheetViews>"
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
        f'<sheetData><row r="1">{head}</row>'
    ).encode()


def _tail(rows: int, columns: Sequence[Column]) -> bytes:
    return f'</sheetData><autoFilter ref="A1:{_col_letter(len(columns))}{rows + 1}"/></worksheet>'.encode()


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def sheet_name(name: str, used: set[str]) -> str:
    """A name a sheet may have (31 characters, none of []:*?/\\), unique among ``used``."""
    base = _SHEET_NAME.sub("_", name or "(无)")[:28]
    out, k = base, 2
    while out.lower() in used:
        out, k = f"{base}~{k}", k + 1
    used.add(out.lower())
    return out


class _Sheets:
    """The sheets being written into one zip: each streamed as its rows arrive."""

    def __init__(self, zf: zipfile.ZipFile, columns: Sequence[Column]) -> None:
        self.zf, self.columns = zf, columns
        self.done: list[tuple[str, str, int]] = []  # (sheet name, part name, rows)
        self._fh: Any = None
        self._name, self._rows, self._buf = "", 0, bytearray()

    def start(self, name: str) -> None:
        self.finish()
        part = f"xl/worksheets/sheet{len(self.done) + 1}.xml"
        self._fh = self.zf.open(_entry(part), "w", force_zip64=True)
        self._fh.write(_head(self.columns))
        self._name, self._rows = name, 0
        self.done.append((name, part, 0))

    def add(self, row: bytes) -> None:
        self._rows += 1
        self._buf += b'<row r="%d">%s</row>' % (self._rows + 1, row)
        if len(self._buf) > 1 << 20:
            self._fh.write(self._buf)
            self._buf.clear()

    def finish(self) -> None:
        if self._fh is None:
            return
        self._fh.write(self._buf)
        self._buf.clear()
        self._fh.write(_tail(self._rows, self.columns))
        self._fh.close()
        self._fh = None
        self.done[-1] = (self._name, self.done[-1][1], self._rows)


def write_workbook(
    path: Path, columns: Sequence[Column], rows: Iterable[tuple[str, Sequence[Any]]], *, all_sheet: str = ""
) -> int:
    """Write ``rows`` — (sheet, values), a sheet's rows together — to ``path``; returns the rows.

    Each sheet is streamed into the zip as its rows arrive. With ``all_sheet``, every row also
    goes to a first sheet of that name: rendered once, kept in a spool file until the others are
    written, so a large table is never held in memory.
    """
    used = {all_sheet.lower()} if all_sheet else set()
    n = 0
    with (
        tempfile.TemporaryFile() as spool,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf,
    ):
        sheets = _Sheets(zf, columns)
        current: str | None = None
        lengths = array("Q")
        for name, values in rows:
            if name != current:
                current = name
                sheets.start(sheet_name(name, used))
            row = cells(values, columns).encode()
            sheets.add(row)
            if all_sheet:
                spool.write(row)
                lengths.append(len(row))
            n += 1
        sheets.finish()
        order = sheets.done
        if all_sheet:
            spool.seek(0)
            sheets.start(all_sheet)
            for size in lengths:
                sheets.add(spool.read(size))
            sheets.finish()
            order = [sheets.done[-1], *sheets.done[:-1]]
        _write_parts(zf, order, columns)
    return n


def _write_parts(
    zf: zipfile.ZipFile, sheets: Sequence[tuple[str, str, int]], columns: Sequence[Column]
) -> None:
    """The workbook, its relationships, styles and content types, for sheets in tab order."""
    last = _col_letter(len(columns))
    types = "".join(
        f'<Override PartName="/{part}" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for _, part, _ in sorted(sheets, key=lambda s: s[1])
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{types}</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_NS_PKG}"><Relationship Id="rId1" '
        f'Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    entries = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
        for i, (name, _, _) in enumerate(sheets, 1)
    )
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{escape(_quoted(name))}!$A$1:${last}${rows + 1}</definedName>"
        for i, (name, _, rows) in enumerate(sheets)
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:r="{_NS_REL}"><sheets>{entries}</sheets><definedNames>{filters}</definedNames></workbook>'
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_NS_REL}/worksheet" Target="{part[3:]}"/>'
        for i, (_, part, _) in enumerate(sheets, 1)
    )
    rels += f'<Relationship Id="rId{len(sheets) + 1}" Type="{_NS_REL}/styles" Target="styles.xml"/>'
    book_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_NS_PKG}">{rels}</Relationships>'
    )
    for name, text in (
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", root_rels),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", book_rels),
        ("xl/styles.xml", _STYLES),
    ):
        zf.writestr(_entry(name), text)


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry with a fixed date, so the same ledger is the same file, byte for byte."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    # Level 1 deflate: a tenth of the default's time for a file a fifth larger. Python 3.13 names
    # the attribute; earlier versions read the private one.
    setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", 1)
    return info
