"""Write the Word/PDF/MHTML fixtures of tests/test_formats.py and tests/test_tables.py.

The tests call these functions to generate their fixtures into a temporary directory, so no
binary file is kept in the repository; run this script to look at them yourself:

    python tests/data/formats/make_fixtures.py OUTDIR

Fixtures (all small, well under 200 KB):
- ``001_a8a70ae4f2ef23aa.docx`` / ``.pdf``: the cleaned text of examples/corpus/001 as Word
  paragraphs, and as a multi-page PDF (reportlab's built-in CJK font STSong-Light, no font
  embedded) with paragraphs wrapped at the margin, a running header from page 2 on and a page
  number "- N -" at the foot of every page.
- ``001_a8a70ae4f2ef23aa.mhtml``: the saved page of corpus 001 as a web archive (HTML part
  quoted-printable, plus a base64 image part).
- ``task_table.docx``: a task table 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 with section
  rows spanning the table and vertically merged cells; its ground truth is ``task_table.json``.
- ``task_table_pdf.pdf``: the header and two rows of that table drawn as a PDF table.
- ``scanned.pdf`` (an image and a frame, no text), ``encrypted.pdf`` (user password) and
  ``legacy.doc`` (an OLE2 header without a Word document in it).
"""

from __future__ import annotations

import io
import quopri
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "examples" / "corpus" / "001_a8a70ae4f2ef23aa.txt"
SAMPLE_STEM = SAMPLE.stem
RUNNING_HEADER = "石家庄市2020年下半年深化医药卫生体制改革重点工作任务"
FONT = "STSong-Light"

TABLE_INTRO = [
    "贵阳市深化医药卫生体制改革领导小组办公室",
    "关于印发2024年深化医药卫生体制改革重点任务分工的通知",
    "各区(市、县)人民政府,市直有关部门:",
    "现将2024年深化医药卫生体制改革重点任务分工印发给你们,请认真抓好落实。",
    "贵阳市深化医药卫生体制改革领导小组办公室",
    "2024年3月15日",
    "2024年深化医药卫生体制改革重点任务分工",
]
TABLE_HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
# None: the cell is merged with the one above it (vertically). A str row: a section row.
TABLE_ROWS: list[list[str | None] | str] = [
    "一、推进医疗卫生服务体系建设",
    [
        "1",
        "推进紧密型县域医共体建设。到2024年底,紧密型县域医共体覆盖率达到90%以上。",
        "市卫生健康局",
        "市医疗保障局、市财政局",
        "2024年12月底前",
    ],
    [
        "2",
        "加强基层医疗卫生服务能力建设。每个乡镇卫生院至少配备1名全科医生。",
        "市卫生健康局、市医疗保障局",
        "各区(市、县)人民政府",
        "2024年底前",
    ],
    "二、深化医保支付和薪酬制度改革",
    [
        "3",
        "深化医保支付方式改革。全面推行按疾病诊断相关分组(DRG)付费。",
        "市医疗保障局",
        "市卫生健康局",
        "2024年11月底前",
    ],
    ["4", "建立医疗服务价格动态调整机制。", None, "市卫生健康局、市发展改革委", None],
    [
        "5",
        "改革公立医院薪酬制度,落实“两个允许”要求。",
        "市人力资源社会保障局、市财政局",
        "市卫生健康局",
        "长期坚持",
    ],
    ["6", "加强医学人才培养。扩大全科医生转岗培训规模。", "市教育局", None, None],
    [
        "7",
        "推进全民健康信息平台建设。",
        "市大数据发展管理局",
        "市卫生健康局、市医疗保障局等",
        "2024年10月底前",
    ],
]
TABLE_OUTRO = "各牵头单位要加强统筹协调,按时完成各项任务。"


def sample_clean_text() -> str:
    """The cleaned text of corpus document 001 (what a Word or PDF version would show)."""
    from policykg.loaders import read_document
    from policykg.loaders.clean import clean_text

    doc = read_document(SAMPLE)
    return clean_text(doc.raw_text, html=doc.format == "html").text


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def write_text_docx(text: str, path: Path) -> Path:
    """Each non-blank line of ``text`` as one Word paragraph."""
    import docx

    document = docx.Document()
    for para in _paragraphs(text):
        document.add_paragraph(para)
    document.save(str(path))
    return path


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _wrap(text: str, first_width: float, width: float, size: float) -> list[str]:
    """Greedy character wrap (Chinese text breaks anywhere)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current = [], ""
    limit = first_width
    for ch in text:
        if current and stringWidth(current + ch, FONT, size) > limit:
            lines.append(current)
            current, limit = "", width
        current += ch
    if current:
        lines.append(current)
    return lines


def write_text_pdf(text: str, path: Path, *, header: str = RUNNING_HEADER, size: float = 11) -> Path:
    """``text`` as a wrapped, multi-page A4 PDF with a running header and page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _font()
    width, height = A4
    left, right, top, bottom = 72.0, 72.0, 80.0, 80.0
    leading = size * 1.6
    indent = 2 * size
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    page = 1

    def decorate() -> None:
        pdf.setFont(font, 9)
        if page > 1:
            pdf.drawCentredString(width / 2, height - 50, header)
            pdf.line(left, height - 56, width - right, height - 56)
        pdf.drawCentredString(width / 2, 40, f"- {page} -")
        pdf.setFont(font, size)

    decorate()
    y = height - top
    for para in _paragraphs(text):
        for k, line in enumerate(_wrap(para, width - left - right - indent, width - left - right, size)):
            if y < bottom:
                pdf.showPage()
                page += 1
                decorate()
                y = height - top
            pdf.drawString(left + (indent if k == 0 else 0), y, line)
            y -= leading
    pdf.showPage()
    pdf.save()
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A page holding only an image and a frame, as a scanner would produce: no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (200, 280), 255)
    draw = ImageDraw.Draw(image)
    for row in range(20, 260, 14):  # grey bars where lines of text would be
        draw.rectangle((20, row, 180, row + 6), fill=90)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(2):
        pdf.rect(50, 50, 495, 742)
        pdf.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 72, 200, width=400, height=560)
        pdf.showPage()
    pdf.save()
    return path


def write_encrypted_pdf(path: Path) -> Path:
    """A PDF that opens only with a user password (RC4, reportlab's own encryption)."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    font = _font()
    enc = pdfencrypt.StandardEncryption("user-secret", "owner-secret", canPrint=0)
    pdf = canvas.Canvas(str(path), encrypt=enc, invariant=1)
    pdf.setFont(font, 12)
    pdf.drawString(72, 760, "一、加强基层医疗卫生服务能力建设。(市卫生健康局负责)")
    pdf.showPage()
    pdf.save()
    return path


def write_mhtml(html: bytes, path: Path, *, url: str = "http://www.sjz.gov.cn/col/1/art/1.html") -> Path:
    """A saved web archive: the page quoted-printable, plus one base64 image part."""
    boundary = "----MultipartBoundary--policykgFixture----"
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
        b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND"
        b"\xaeB`\x82"
    )
    import base64

    body = quopri.encodestring(html).decode("ascii").replace("\n", "\r\n")
    parts = [
        "From: <Saved by Blink>",
        f"Snapshot-Content-Location: {url}",
        "Subject: =?utf-8?B?55+z5a625bqE5biC5Lq65rCR5pS/5bqc5Yqe5YWs5a6k?=",
        "Date: Mon, 7 Sep 2020 10:00:00 +0800",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/related; type="text/html"; boundary="{boundary}"',
        "",
        "",
        f"--{boundary}",
        'Content-Type: text/html; charset="utf-8"',
        "Content-Transfer-Encoding: quoted-printable",
        f"Content-Location: {url}",
        "",
        body,
        "",
        f"--{boundary}",
        "Content-Type: image/png",
        "Content-Transfer-Encoding: base64",
        "Content-Location: http://www.sjz.gov.cn/images/logo.png",
        "",
        base64.encodebytes(png).decode("ascii").strip(),
        "",
        f"--{boundary}--",
        "",
    ]
    path.write_bytes("\r\n".join(parts).encode("ascii"))
    return path


def write_task_table_docx(path: Path) -> Path:
    """A work plan whose tasks are a Word table with merged cells (see TABLE_ROWS)."""
    import docx

    document = docx.Document()
    for line in TABLE_INTRO:
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(TABLE_ROWS), cols=len(TABLE_HEADER))
    table.style = "Table Grid"
    for j, name in enumerate(TABLE_HEADER):
        table.cell(0, j).text = name
    for i, row in enumerate(TABLE_ROWS, start=1):
        if isinstance(row, str):  # a section row spanning every column
            merged = table.cell(i, 0).merge(table.cell(i, len(TABLE_HEADER) - 1))
            merged.text = row
            continue
        for j, value in enumerate(row):
            if value is not None:
                table.cell(i, j).text = value
    for j in range(len(TABLE_HEADER)):  # merge each None cell into the one above it
        for i, row in enumerate(TABLE_ROWS, start=1):
            if not isinstance(row, str) and row[j] is None:
                top = i - 1
                while not isinstance(TABLE_ROWS[top - 1], str) and TABLE_ROWS[top - 1][j] is None:
                    top -= 1
                text = table.cell(top, j).text
                table.cell(top, j).merge(table.cell(i, j)).text = text
    document.add_paragraph(TABLE_OUTRO)
    document.save(str(path))
    return path


def write_task_table_pdf(path: Path) -> Path:
    """The first rows of TABLE_ROWS drawn as a ruled PDF table, one line per cell."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    font = _font()
    pdf = canvas.Canvas(str(path), pagesize=landscape(A4), invariant=1)
    pdf.setFont(font, 10)
    xs = [40, 80, 460, 610, 730]
    y = 520
    rows = [TABLE_HEADER, *[r for r in TABLE_ROWS if not isinstance(r, str)][:2]]
    for row in rows:
        for x, cell in zip(xs, row, strict=True):
            pdf.drawString(x, y, str(cell))
        pdf.line(36, y - 8, 806, y - 8)
        y -= 28
    pdf.showPage()
    pdf.save()
    return path


def write_legacy_doc(path: Path) -> Path:
    """An OLE2 compound-file header with no Word document inside."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    return path


def write_all(out: Path) -> dict[str, Path]:
    """Every fixture into ``out``; returns name → path."""
    out.mkdir(parents=True, exist_ok=True)
    text = sample_clean_text()
    return {
        "docx": write_text_docx(text, out / f"{SAMPLE_STEM}.docx"),
        "pdf": write_text_pdf(text, out / f"{SAMPLE_STEM}.pdf"),
        "mhtml": write_mhtml(SAMPLE.read_bytes(), out / f"{SAMPLE_STEM}.mhtml"),
        "table": write_task_table_docx(out / "task_table.docx"),
        "table_pdf": write_task_table_pdf(out / "task_table_pdf.pdf"),
        "scanned": write_scanned_pdf(out / "scanned.pdf"),
        "encrypted": write_encrypted_pdf(out / "encrypted.pdf"),
        "doc": write_legacy_doc(out / "legacy.doc"),
    }


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("formats-fixtures")
    for name, p in write_all(target).items():
        print(f"{name:10} {p} ({p.stat().st_size} bytes)")
