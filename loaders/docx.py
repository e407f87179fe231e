"""Reader for Word .docx files: body paragraphs and tables, in document order.

Each paragraph becomes one line. A table row becomes one line with its cells joined by
" | " (the form :mod:`policykg.loaders.tables` reads as a task table): a cell spanning
several columns is written once, a vertically merged cell is carried into every row it
covers, and a cell's own paragraphs are joined by a space. Headers, footers, footnotes and
comments are not part of the body and are left out. Word keeps no page layout, so a .docx
has no pages.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from typing import Any

from policykg.errors import InputError, SkipFile
from policykg.model import Document

__all__ = ["ENCRYPTED_STREAM", "OLE_MAGIC", "read_docx"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Office password protection wraps the package in an OLE file holding this stream.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_CELL_SPACE = re.compile(r"\s+")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(source: str, data: bytes) -> Document:
    """A .docx file (python-docx); a legacy .doc saved under a .docx name goes to the .doc reader."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise SkipFile(source, "encrypted Word file (password-protected)")
        from policykg.loaders.doc import read_doc

        return read_doc(source, data)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_block_lines(document.element.body, document))
    except Exception as exc:  # zipfile, lxml and python-docx errors all mean "not a usable .docx"
        raise InputError(source, f"not a readable .docx file ({_reason(exc)})") from exc
    text = "\n".join(lines)
    return Document(source, "docx", text, "docx-xml", hashlib.sha256(data).hexdigest(), len(data))


def _reason(exc: Exception) -> str:
    msg = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {msg[0]}" if msg else type(exc).__name__


def _block_lines(container: Any, parent: Any) -> Iterator[str]:
    """Lines of the paragraphs and tables directly in ``container`` (body or content control)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            yield Paragraph(child, parent).text
        elif tag == f"{_W}tbl":
            yield from _table_lines(Table(child, parent))
        elif tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _block_lines(content, parent)


def _cell_text(cell: Any) -> str:
    parts = [p.text for p in cell.paragraphs]
    parts.extend(" ".join(_table_lines(t)) for t in cell.tables)
    text = _CELL_SPACE.sub(" ", " ".join(p for p in parts if p.strip())).strip()
    return text.replace("|", "/")


def _table_lines(table: Any) -> Iterator[str]:
    for tr in table._tbl.tr_lst:
        cells = _row_cells(table, tr)
        texts = [_cell_text(c) for c in cells]
        if any(texts):
            yield " | ".join(texts) if len(texts) > 1 else texts[0]


def _row_cells(table: Any, tr: Any) -> list[Any]:
    """The row's cells, each spanning cell once, vertically merged ones carried from above."""
    from docx.table import _Row

    try:
        cells = list(_Row(tr, table).cells)
    except Exception:  # malformed grid: fall back to the cells as written
        from docx.table import _Cell

        cells = [_Cell(tc, table) for tc in tr.tc_lst]
    out: list[Any] = []
    for cell in cells:
        if out and cell._tc is out[-1]._tc:
            continue
        out.append(cell)
    return out
