"""Word, PDF, legacy .doc and MHTML readers: same document, same tasks; skips with reasons.

Fixtures are generated into a temporary directory by tests/data/formats/make_fixtures.py
(python-docx, and reportlab with its built-in CJK font), so no LibreOffice is needed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from policykg.loaders import LOADERS, format_of, read_document
from policykg.loaders.pages import page_of
from policykg.loaders.parse import parse_document

from policykg.errors import InputError, SkipFile

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "data" / "formats"
SCORER_CANDIDATES = (
    Path(os.environ.get("POLICYKG_SCORER", "/nonexistent")),
    REPO.parent / "shared" / "tools" / "score_extraction.py",
    Path("/work/shared/tools/score_extraction.py"),
)


def _load_make_fixtures():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mf = _load_make_fixtures()


@pytest.fixture(scope="session")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return mf.write_all(tmp_path_factory.mktemp("formats"))


@pytest.fixture(scope="session")
def txt_extraction() -> dict:
    return parse_document(read_document(mf.SAMPLE)).to_json()


def _triples(js: dict) -> set[tuple[str, str, str]]:
    out = set()
    for t in js["tasks"]:
        for role in ("lead", "co", "participants", "implied"):
            out.update((t["id"], name, role) for name in t[role])
    return out


def _f1(gold: set, pred: set) -> float:
    if not gold and not pred:
        return 1.0
    tp = len(gold & pred)
    return 2 * tp / (len(gold) + len(pred))


def test_formats_registered() -> None:
    assert {"docx", "pdf", "doc", "mhtml"} <= set(LOADERS.names())
    extensions = {".docx": "docx", ".PDF": "pdf", ".doc": "doc", ".mht": "mhtml", ".mhtml": "mhtml"}
    for ext, fmt in extensions.items():
        assert format_of(Path("x" + ext)) == fmt


def test_fixtures_are_small(files: dict[str, Path]) -> None:
    for path in files.values():
        assert path.stat().st_size < 200_000, path


@pytest.mark.parametrize("fmt", ["docx", "pdf", "mhtml"])
def test_same_tasks_units_roles_as_txt(files: dict[str, Path], txt_extraction: dict, fmt: str) -> None:
    got = parse_document(read_document(files[fmt])).to_json()
    assert [t["id"] for t in got["tasks"]] == [t["id"] for t in txt_extraction["tasks"]]
    assert [t["title"] for t in got["tasks"]] == [t["title"] for t in txt_extraction["tasks"]]
    assert _f1(_triples(txt_extraction), _triples(got)) >= 0.98
    assert got["document"] == txt_extraction["document"]


def _scorer() -> Path | None:
    return next((p for p in SCORER_CANDIDATES if p.is_file()), None)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_scorer_roles_f1_against_txt(
    files: dict[str, Path], txt_extraction: dict, fmt: str, tmp_path: Path
) -> None:
    scorer = _scorer()
    if scorer is None:
        pytest.skip("score_extraction.py not found (set POLICYKG_SCORER)")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / f"{mf.SAMPLE_STEM}.json").write_text(json.dumps(txt_extraction, ensure_ascii=False), "utf-8")
    pred = tmp_path / "pred.jsonl"
    got = parse_document(read_document(files[fmt])).to_json()
    pred.write_text(json.dumps(got, ensure_ascii=False) + "\n", "utf-8")
    out = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(out.stdout)
    assert report["roles"]["f1"] >= 0.98


# --- PDF ---------------------------------------------------------------------------------


def test_pdf_text_is_the_document_without_headers_and_page_numbers(files: dict[str, Path]) -> None:
    doc = read_document(files["pdf"])
    assert doc.format == "pdf"
    assert doc.raw_text == mf.sample_clean_text().strip()
    assert "- 2 -" not in doc.raw_text
    assert mf.RUNNING_HEADER not in doc.raw_text.split("\n")


def _pdf_page_texts(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range().replace("\r\n", "") for i in range(len(pdf))]
    finally:
        pdf.close()


def test_pdf_pages_and_page_of_every_evidence_span(files: dict[str, Path]) -> None:
    doc = read_document(files["pdf"])
    page_texts = _pdf_page_texts(files["pdf"])
    assert len(doc.pages) == len(page_texts) >= 3
    assert doc.pages[0] == 0 and list(doc.pages) == sorted(doc.pages)
    ext = parse_document(doc)
    assert ext.tasks
    for task in ext.tasks:
        s, _ = ext.clean.to_source(task.start, task.end)
        page = page_of(doc.pages, s)
        assert page is not None and 1 <= page <= len(page_texts)
        assert doc.raw_text[s : s + 8] in page_texts[page - 1], (task.id, page)
        for u in task.units:
            us, _ = ext.clean.to_source(u.start, u.end)
            up = page_of(doc.pages, us)
            assert up is not None and up >= page
            if u.role != "implied":  # a unit may sit at the foot of the task's page or on the next
                nearby = page_texts[up - 1] + page_texts[min(up, len(page_texts) - 1)]
                assert doc.raw_text[us : us + 3] in nearby


def test_page_of() -> None:
    assert page_of((0, 10, 10, 30), 0) == 1
    assert page_of((0, 10, 10, 30), 9) == 1
    assert page_of((0, 10, 10, 30), 10) == 3  # page 2 is empty
    assert page_of((0, 10, 10, 30), 99) == 4
    assert page_of((), 5) is None
    assert page_of((0, 10), -1) is None


def test_pdf_line_joining_rules() -> None:
    from policykg.loaders.pdf import _join, _Line

    page1 = ["这是一个被截断的", "句子。", "第二段没有结束", "(二)新的条目", "the policy"]
    page2 = ["making process", "到20", "25年"]
    text, starts = _join([[_Line(x) for x in page1], [_Line(x) for x in page2]])
    assert text.split("\n") == [
        "这是一个被截断的句子。",  # joined mid-sentence, ends at 。
        "第二段没有结束",  # a numbered line follows
        "(二)新的条目the policy making process到2025年",  # across the page break
    ]
    assert starts == [0, text.index("making")]


@pytest.mark.parametrize(
    ("line", "is_number"),
    [
        *[("- 3 -", True), ("— 12 —", True), ("第3页", True), ("第 3 页 共 10 页", True), ("3/12", True)],
        *[("12", True), ("- 三 -", True), ("2020年", False), ("一、总体要求", False), ("3.5%", False)],
    ],
)
def test_page_number_lines(line: str, is_number: bool) -> None:
    from policykg.loaders.pdf import _PAGE_NUMBER

    assert bool(_PAGE_NUMBER.match(line)) is is_number


def test_scanned_pdf_is_skipped(files: dict[str, Path]) -> None:
    with pytest.raises(SkipFile, match=r"no text layer \(scanned PDF; OCR not supported\)"):
        read_document(files["scanned"])


def test_encrypted_pdf_is_skipped(files: dict[str, Path]) -> None:
    with pytest.raises(SkipFile) as info:
        read_document(files["encrypted"])
    assert info.value.reason == "encrypted PDF"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("broken.pdf", b"%PDF-1.4\n1 0 obj <<>> garbage"),
        ("broken.docx", b"PK\x03\x04 not really a zip"),
        ("notzip.docx", b"plain words, not a Word file"),
        ("broken.doc", b"\x00\x01\x02 binary junk"),
    ],
)
def test_corrupt_files_fail_with_one_line_reason(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert not isinstance(info.value, SkipFile)
    assert info.value.reason and "\n" not in info.value.reason


def test_encrypted_docx_is_skipped(tmp_path: Path) -> None:
    from policykg.loaders.docx import ENCRYPTED_STREAM, OLE_MAGIC

    path = tmp_path / "locked.docx"
    path.write_bytes(OLE_MAGIC + b"\x00" * 100 + ENCRYPTED_STREAM + b"\x00" * 100)
    with pytest.raises(SkipFile, match="encrypted"):
        read_document(path)


# --- Word .docx ---------------------------------------------------------------------------


def test_docx_body_order_tables_and_merged_cells(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("前言")
    table = document.add_table(rows=3, cols=3)
    for i, row in enumerate([["甲", "乙", "丙"], ["1", "A", "x"], ["2", "", "y"]]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    table.cell(1, 1).merge(table.cell(2, 1)).text = "A"  # vertical: carried into row 2
    table.cell(0, 1).merge(table.cell(0, 2)).text = "乙丙"  # horizontal: written once
    document.add_paragraph("结语")
    path = tmp_path / "t.docx"
    document.save(str(path))
    doc = read_document(path)
    assert doc.format == "docx" and doc.pages == ()
    assert doc.raw_text.split("\n") == ["前言", "甲 | 乙丙", "1 | A | x", "2 | A | y", "结语"]


# --- legacy .doc --------------------------------------------------------------------------


def test_doc_without_converter_is_skipped(files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("policykg.loaders.doc.CONVERTERS", ())
    with pytest.raises(SkipFile) as info:
        read_document(files["doc"])
    assert info.value.reason == "no .doc converter installed (apt-get install antiword)"


def test_doc_through_converter_on_path(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "antiword"
    lines = ["一、重点任务", "(一)推进医共体建设。(市卫健委牵头,市医保局配合)"]
    fake.write_text("#!/bin/sh\nprintf '%s\\n' " + " ".join(f"'{x}'" for x in lines) + "\n", "utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    doc = read_document(files["doc"])
    assert (doc.format, doc.encoding) == ("doc", "antiword")
    (task,) = parse_document(doc).tasks
    assert task.names("lead") == ["市卫健委"] and task.names("co") == ["市医保局"]


@pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword not installed")
def test_doc_real_antiword_rejects_a_broken_file(files: dict[str, Path], monkeypatch) -> None:
    monkeypatch.setattr("policykg.loaders.doc.CONVERTERS", ("antiword",))
    with pytest.raises(InputError) as info:
        read_document(files["doc"])
    assert "antiword" in info.value.reason and str(files["doc"].parent) not in info.value.reason


def test_doc_that_is_really_docx_or_html(files: dict[str, Path], tmp_path: Path) -> None:
    as_doc = tmp_path / "plan.doc"
    as_doc.write_bytes(files["table"].read_bytes())
    assert read_document(as_doc).format == "docx"
    page = tmp_path / "page.doc"
    page.write_bytes(b"<html><head><title>t</title></head><body><p>\xe4\xb8\x80</p></body></html>")
    assert read_document(page).format == "html"


# --- MHTML --------------------------------------------------------------------------------


def test_mhtml_decodes_the_html_part(files: dict[str, Path]) -> None:
    doc = read_document(files["mhtml"])
    assert doc.format == "html" and doc.encoding == "utf-8"
    assert doc.raw_text.replace("\r\n", "\n").strip() == mf.SAMPLE.read_text(encoding="utf-8").strip()


def test_mhtml_without_html_part_fails(tmp_path: Path) -> None:
    path = tmp_path / "x.mht"
    path.write_bytes(b"MIME-Version: 1.0\r\nContent-Type: image/png\r\n\r\nAAAA\r\n")
    with pytest.raises(InputError, match="no text/html part"):
        read_document(path)


# --- the build reports every skipped format -----------------------------------------------


def test_build_reports_skipped_formats(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policykg.pipeline import build

    monkeypatch.setattr("policykg.loaders.doc.CONVERTERS", ())
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    for path in files.values():
        shutil.copy(path, corpus / path.name)
    shutil.copy(mf.SAMPLE, corpus / mf.SAMPLE.name)
    build([corpus], tmp_path / "out", html=False)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    entries = report["files"] if isinstance(report, dict) else report
    by_name = {Path(f["path"]).name: f for f in entries}
    assert by_name["scanned.pdf"]["status"] == "skipped"
    assert by_name["scanned.pdf"]["reason"] == "no text layer (scanned PDF; OCR not supported)"
    encrypted = by_name["encrypted.pdf"]
    assert (encrypted["status"], encrypted["reason"]) == ("skipped", "encrypted PDF")
    assert by_name["legacy.doc"]["status"] == "skipped"
    assert "no .doc converter installed" in by_name["legacy.doc"]["reason"]
    for ext in ("txt", "docx", "pdf", "mhtml"):
        assert by_name[f"{mf.SAMPLE_STEM}.{ext}"]["status"] == "ok"
    assert by_name["task_table.docx"]["tasks"] == 7


def test_graph_evidence_of_a_pdf_carries_page_numbers(files: dict[str, Path], tmp_path: Path) -> None:
    """Every task and responsibility span from the PDF has pol:page; the .txt version has none."""
    import pyoxigraph

    from policykg.pipeline import build

    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(files["pdf"], corpus / "doc.pdf")
    shutil.copy(mf.SAMPLE, corpus / "doc.txt")
    build([corpus], tmp_path / "out", html=False)
    store = pyoxigraph.Store()
    store.bulk_load(path=str(tmp_path / "out" / "graph.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    query = """
        PREFIX pol: <https://w3id.org/policykg/ontology#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?file (COUNT(?span) AS ?spans) (COUNT(?page) AS ?paged) (MAX(?page) AS ?last) WHERE {
          # a task's span "START-END[@PAGE]", and each responsibility's in its evidence literal
          GRAPH ?g { { ?node a pol:Task ; pol:span ?span }
            UNION { ?node pol:unitEvidence ?ev .
                    BIND(STRBEFORE(STRAFTER(STRAFTER(STRAFTER(?ev, " "), " "), " "), " ") AS ?span) } }
          BIND(IF(CONTAINS(?span, "@"), xsd:integer(STRAFTER(?span, "@")), ?none) AS ?page)
          GRAPH ?f { ?g pol:sourceFile ?path }
          BIND(REPLACE(STR(?path), "^.*/", "") AS ?file)
        } GROUP BY ?file ORDER BY ?file"""
    rows = {r["file"].value: r for r in store.query(query)}
    pdf, txt = rows["doc.pdf"], rows["doc.txt"]
    assert int(pdf["spans"].value) == int(pdf["paged"].value) > 0
    assert int(pdf["last"].value) == len(_pdf_page_texts(files["pdf"]))
    assert int(txt["paged"].value) == 0
