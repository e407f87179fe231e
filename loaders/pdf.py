"""Reader for PDF files with a text layer (pypdfium2).

Lines come in PDFium's reading order, each with its box on the page. Running headers and
footers (the same line at the same height on most pages) and bare page numbers
("- 3 -", "第3页", "3/12") are dropped. A line broken mid-sentence is joined to the next one:
a line that does not end a sentence (。;:!?)), is followed by no numbered or heading line,
and, where the boxes tell, reaches the right margin and is followed by an unindented line of
the same size. In documents that open paragraphs with a first-line indent (公文格式), a full
line ending in 。 followed by an unindented line is joined too: the sentence ended at the
margin, the paragraph did not. ``Document.pages`` holds the offset where each page starts
in the joined text, so :func:`policykg.loaders.pages.page_of` maps any span to its page.

Scanned PDFs (no text layer) and password-protected PDFs are skipped with the reason;
OCR is out of scope.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import statistics
from dataclasses import dataclass
from typing import Any

from policykg.errors import InputError, SkipFile
from policykg.model import Document

__all__ = ["ENCRYPTED", "NO_TEXT_LAYER", "read_pdf"]

NO_TEXT_LAYER = "no text layer (scanned PDF; OCR not supported)"
ENCRYPTED = "encrypted PDF"
_FPDF_ERR_PASSWORD = 4
_MIN_CHARS_PER_PAGE = 5  # fewer body characters than this per page: an image-only PDF
_CELL_GAP = 1.2  # a gap wider than this many character heights separates table cells

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\u00ad]")
_BREAK = re.compile(r"\r\n|\r|\n")
_SENTENCE_END = (*"。;；:：!！?？)）", "。”", "!”", "?”", "。’")
_CN = "一二三四五六七八九十百零〇"
# A line that starts a numbered item or a heading is never the tail of the line before.
_NEW_ITEM = re.compile(
    rf"^\s*(?:[{_CN}]{{1,4}}\s*[、.．]|[(（]\s*[{_CN}\d]{{1,4}}\s*[)）]|\d{{1,3}}\s*[.．、)）](?!\d)"
    rf"|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]|第[{_CN}\d]{{1,5}}[章节条部分]|附件|附表)"
)
_PAGE_NUMBER = re.compile(
    rf"^(?:[-—–－_~·\s]*\d{{1,4}}[-—–－_~·\s]*|[-—–－]\s*[{_CN}]{{1,4}}\s*[-—–－]"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.I,
)
_LATIN = re.compile(r"[A-Za-z]")


@dataclass
class _Line:
    text: str
    left: float = 0.0
    right: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0  # median character height; 0 when PDFium gave no boxes

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def read_pdf(source: str, data: bytes) -> Document:
    """A PDF's text layer, joined into paragraphs, with the start offset of each page."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise SkipFile(source, ENCRYPTED) from exc
        raise InputError(source, f"not a readable PDF ({_reason(exc)})") from exc
    try:
        count = len(pdf)
        if count == 0:
            raise InputError(source, "PDF has no pages")
        pages = [_read_page(pdf, i) for i in range(count)]
    except pdfium.PdfiumError as exc:
        raise InputError(source, f"broken PDF page ({_reason(exc)})") from exc
    finally:
        pdf.close()
    pages = _drop_running_lines(pages)
    chars = sum(len(line.text.replace(" ", "")) for page in pages for line in page)
    if chars < _MIN_CHARS_PER_PAGE * count:
        raise SkipFile(source, NO_TEXT_LAYER)
    text, starts = _join(pages)
    digest = hashlib.sha256(data).hexdigest()
    return Document(source, "pdf", text, "pdf-text-layer", digest, len(data), pages=tuple(starts))


def _reason(exc: Exception) -> str:
    msg = str(exc).strip().splitlines()
    return msg[0] if msg else type(exc).__name__


def _read_page(pdf: Any, index: int) -> list[_Line]:
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            return _page_lines(textpage)
        finally:
            textpage.close()
    finally:
        page.close()


def _page_lines(textpage: Any) -> list[_Line]:
    """The page's lines in PDFium order, segments on one baseline merged into one line."""
    text = textpage.get_text_range()
    boxes = len(text) == textpage.count_chars()
    lines: list[_Line] = []
    pos = 0
    for m in [*_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        line = _make_line(textpage, text, pos, end, boxes)
        if line is not None:
            lines.append(line)
        pos = m.end() if m else len(text)
    return _merge_rows(lines)


def _make_line(textpage: Any, text: str, start: int, end: int, boxes: bool) -> _Line | None:
    """One line of PDFium text with its box; wide gaps between 3+ runs of text become ' | '."""
    clean = _CONTROL.sub("", text[start:end]).strip()
    if not clean:
        return None
    line = _Line(clean)
    if not boxes:
        return line
    chars: list[tuple[str, float, float, float, float]] = []  # (char, left, bottom, right, top)
    for k in range(start, end):
        ch = text[k]
        if ch.isspace() or _CONTROL.match(ch):
            continue
        left, bottom, right, top = textpage.get_charbox(k)
        if right <= left and top <= bottom:
            continue  # a generated character without a box
        chars.append((ch, left, bottom, right, top))
    if not chars:
        return line
    line.left = min(c[1] for c in chars)
    line.right = max(c[3] for c in chars)
    line.bottom = min(c[2] for c in chars)
    line.top = max(c[4] for c in chars)
    line.size = statistics.median(c[4] - c[2] for c in chars)
    line.text = _cells(clean, chars, line.size)
    return line


def _cells(clean: str, chars: list[tuple[str, float, float, float, float]], size: float) -> str:
    """The line with its wide gaps written as ' | ' when they cut it into three or more runs.

    PDFium writes a table row as one line with spaces between its cells; the gaps tell the
    cells apart from the words of a sentence.
    """
    gaps = {i for i in range(1, len(chars)) if chars[i][1] - chars[i - 1][3] > _CELL_GAP * size}
    if len(gaps) < 2 or "".join(c[0] for c in chars) != re.sub(r"\s+", "", clean):
        return clean
    runs, cur = [], ""
    pos = 0
    for i, (ch, *_) in enumerate(chars):
        if i in gaps:
            runs.append(cur.strip())
            cur = ""
        pos = clean.index(ch, pos)
        if cur and clean[pos - 1].isspace():
            cur += " "
        cur += ch
        pos += 1
    runs.append(cur.strip())
    if sum(len(r) >= 2 for r in runs) * 2 < len(runs):
        return clean  # letter-spaced words (通  知), not cells
    return " | ".join(runs)


def _merge_rows(lines: list[_Line]) -> list[_Line]:
    """Join consecutive segments on one baseline; far-apart ones (table cells) with ' | '."""
    out: list[_Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.size
            and line.size
            and abs(prev.middle - line.middle) < 0.5 * min(prev.size, line.size)
            and line.left >= prev.right - 0.5 * prev.size
        ):
            gap = line.left - prev.right
            sep = " | " if gap > _CELL_GAP * prev.size else _joiner(prev.text, line.text)
            prev.text += sep + line.text
            prev.right = line.right
            prev.top, prev.bottom = max(prev.top, line.top), min(prev.bottom, line.bottom)
            continue
        out.append(line)
    return out


def _edges(page: list[_Line]) -> set[int]:
    """Indices of the top two and bottom two lines of a page."""
    if not page:
        return set()
    if all(line.size for line in page):
        by_top = sorted(range(len(page)), key=lambda i: -page[i].top)
        by_bottom = sorted(range(len(page)), key=lambda i: page[i].bottom)
        return set(by_top[:2]) | set(by_bottom[:2])
    return {0, 1, len(page) - 2, len(page) - 1} & set(range(len(page)))


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Remove page numbers and lines repeated at the same height on most pages."""
    drop: list[set[int]] = [set() for _ in pages]
    seen: dict[str, list[tuple[int, int, float]]] = {}
    for p, page in enumerate(pages):
        for i in _edges(page):
            line = page[i]
            if _PAGE_NUMBER.match(line.text):
                drop[p].add(i)
            else:
                seen.setdefault(_key(line.text), []).append((p, i, line.middle))
    need = max(2, math.ceil(0.5 * len(pages)))
    for hits in seen.values():
        if len({p for p, _, _ in hits}) < need:
            continue
        for _, _, y0 in hits:  # the height where the line sits on most pages
            near = [(p, i) for p, i, y in hits if abs(y - y0) <= 4]
            if len({p for p, _ in near}) >= need:
                for p, i in near:
                    drop[p].add(i)
                break
    return [[line for i, line in enumerate(page) if i not in drop[p]] for p, page in enumerate(pages)]


def _joiner(left: str, right: str) -> str:
    """No space inside Chinese text or a number; one between two Latin words."""
    return " " if _LATIN.match(left[-1:]) and _LATIN.match(right[:1]) else ""


@dataclass
class _Layout:
    """The text block of the document: its left and right edges, and how paragraphs start."""

    left: float
    right: float
    indented: bool  # paragraphs open with a first-line indent (公文格式: two characters)

    def full(self, line: _Line) -> bool:
        tolerance = max(2.5 * line.size, 0.06 * (self.right - self.left))
        return line.right >= self.right - tolerance

    def indent(self, line: _Line) -> float:
        return (line.left - self.left) / line.size


def _layout(pages: list[list[_Line]]) -> _Layout | None:
    """Margins over the whole document (outliers ignored) and its paragraph style."""
    lines = [line for page in pages for line in page if line.size]
    if not lines:
        return None
    lefts = sorted(line.left for line in lines)
    rights = sorted(line.right for line in lines)
    layout = _Layout(lefts[int(0.02 * (len(lefts) - 1))], rights[math.ceil(0.98 * (len(rights) - 1))], False)
    starts = [b for a, b in itertools.pairwise(lines) if a.text.endswith(_SENTENCE_END)]
    indented = sum(1 for line in starts if 1.5 <= layout.indent(line) <= 3.5)
    layout.indented = len(starts) >= 3 and indented >= 0.6 * len(starts)
    return layout


def _continues(prev: _Line, nxt: _Line, layout: _Layout | None) -> bool:
    """Whether ``nxt`` carries on the paragraph ``prev`` broke off.

    A line that ends a sentence ends its paragraph, unless the document marks paragraphs by
    a first-line indent and ``prev`` fills the line while ``nxt`` is not indented.
    """
    ends = prev.text.endswith(_SENTENCE_END)
    if _NEW_ITEM.match(nxt.text) or " | " in prev.text or " | " in nxt.text:
        return False  # a numbered item, or a table row
    if layout is None or not (prev.size and nxt.size):
        return not ends
    if ends and not layout.indented:
        return False
    if not layout.full(prev):
        return False  # a short line ends its paragraph
    if layout.indent(nxt) > 1.5:
        return False  # an indented line starts a new one
    return abs(prev.size - nxt.size) <= 0.25 * max(prev.size, nxt.size)


def _join(pages: list[list[_Line]]) -> tuple[str, list[int]]:
    """The document text and the offset where each page starts in it."""
    layout = _layout(pages)
    parts: list[str] = []
    length = 0
    starts: list[int] = []
    prev: _Line | None = None
    empty = 0  # pages without text so far, which start where the next text does
    for page in pages:
        if not page:
            empty += 1
            continue
        for k, line in enumerate(page):
            if prev is not None:
                sep = _joiner(prev.text, line.text) if _continues(prev, line, layout) else "\n"
                parts.append(sep)
                length += len(sep)
            if k == 0:
                starts.extend([length] * (empty + 1))
                empty = 0
            parts.append(line.text)
            length += len(line.text)
            prev = line
    starts.extend([length] * empty)
    return "".join(parts), starts
