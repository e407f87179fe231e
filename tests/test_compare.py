"""The cross-city comparison report: true to the sample corpus, the same in every format,
deterministic, offline, and inert when document text carries markup."""

from __future__ import annotations

import csv
import io
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from policykg.viz.compare import render_compare, write_compare
from policykg.viz.compare_data import compare_data
from policykg.viz.compare_query import evidence_sentence, fmt_number
from policykg.viz.compare_text import md

import policykg
from policykg.cli import cli

REMOTE = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
SCRIPT_PAYLOAD = "<script>window.__pwned=1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__pwned=1">'


browser = sys.modules["policykg_tests_browser"]  # loaded by conftest.py


class Tables(HTMLParser):
    """Every ``<table id=…>`` of a page as rows of cell texts (th and td alike)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs).get("id") or "", [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(page: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(page)
    return parser.tables


def by_column(table: list[list[str]], first: str) -> dict[str, str]:
    """The row whose first cell starts with ``first``, keyed by column heading (a
    jurisdiction heading is its first word: ``贵阳市 80 tasks`` → ``贵阳市``)."""
    head = [h.split(" ")[0] for h in table[0]]
    (row,) = [r for r in table[1:] if r and r[0].startswith(first)]
    return dict(zip(head, row, strict=True))


@pytest.fixture(scope="module")
def data(sample_build: Path) -> dict[str, Any]:
    return compare_data(sample_build)


@pytest.fixture(scope="module")
def reports(sample_build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample report in each format, written once."""
    where = tmp_path_factory.mktemp("compare")
    return {fmt: _write(sample_build, where / f"report.{fmt}", fmt) for fmt in ("html", "md", "csv")}


def _write(out: Path, dest: Path, fmt: str) -> Path:
    write_compare(out, dest, fmt)
    return dest


# ---------------------------------------------------------------- facts of the sample corpus


def test_summary_counts_the_corpus(data: dict[str, Any], sample_build: Path) -> None:
    g = policykg.open(sample_build)
    pre = "PREFIX pol: <https://w3id.org/policykg/ontology#> "
    tasks = g.sparql(pre + "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a pol:Task }")[0]["n"]
    assert data["summary"]["documents"] == 5 and data["summary"]["jurisdictions"] == 5
    assert data["summary"]["tasks"] == tasks == sum(j["tasks"] for j in data["jurisdictions"])
    assert [j["label"] for j in data["jurisdictions"]] == [
        "石家庄市",
        "厦门市海沧区",
        "南昌市新建区",
        "贵州省",
        "贵阳市",
    ]


def test_county_medical_communities_coverage(data: dict[str, Any], reports: dict[str, Path]) -> None:
    cols = [j["label"] for j in data["jurisdictions"]]
    (row,) = [r for r in data["themes"]["rows"] if r["zh"] == "紧密型县域医共体"]
    assert row["en"] == "County medical communities"
    counts = dict(zip(cols, row["counts"], strict=True))
    assert counts["贵阳市"] > 0 and counts["南昌市新建区"] > 0 and counts["贵州省"] > 0
    guizhou = cols.index("贵州省")
    assert counts["贵州省"] == max(r["counts"][guizhou] for r in data["themes"]["rows"])  # its largest theme
    heat = by_column(tables(reports["html"].read_text(encoding="utf-8"))["heatmap"], "紧密型县域医共体")
    assert heat["贵州省"] == str(counts["贵州省"]) and heat["贵阳市"] == str(counts["贵阳市"])
    assert heat["南昌市新建区"] == str(counts["南昌市新建区"])


@pytest.mark.parametrize(
    ("initiative", "places"),
    [
        ("两个允许", {"贵阳市", "石家庄市", "贵州省", "厦门市海沧区"}),
        ("优质服务基层行", {"贵阳市", "石家庄市", "厦门市海沧区", "南昌市新建区"}),
    ],
)
def test_shared_initiatives(data: dict[str, Any], initiative: str, places: set[str]) -> None:
    (item,) = [i for i in data["initiatives"]["shared"] if i["label"] == initiative]
    assert places <= set(item["jurisdictions"])
    assert item["documents"] == len(item["mentions"]) >= len(places)
    assert all(m["count"] >= 1 for m in item["mentions"])


def test_targets_line_up_across_jurisdictions(data: dict[str, Any], reports: dict[str, Path]) -> None:
    targets = {t["key"]: t for t in data["targets"]}
    assert all(t["jurisdictions"] >= 2 for t in targets.values())
    care = {e["jurisdiction"]: e for e in targets["每千人口3岁以下婴幼儿托位数"]["entries"]}
    assert (care["贵阳市"]["value"], care["南昌市新建区"]["value"]) == ("3.6", "3.58")
    assert "3.58" in care["南昌市新建区"]["evidence"] and "3.6" in care["贵阳市"]["evidence"]
    mmr = {e["jurisdiction"]: e for e in targets["孕产妇死亡率"]["entries"]}
    for place in ("贵阳市", "南昌市新建区"):
        assert (mmr[place]["comparator"], mmr[place]["value"], mmr[place]["unit"]) == ("<=", "12", "/10万")
        assert "12/10万" in mmr[place]["evidence"]
    assert mmr["贵阳市"]["year"] == "2023"
    page = tables(reports["html"].read_text(encoding="utf-8"))["targets-table"]
    row = by_column(page, "每千人口3岁以下婴幼儿托位数")
    assert row["贵阳市"].startswith("= 3.6 个") and row["南昌市新建区"].startswith("= 3.58 个")
    row = by_column(page, "孕产妇死亡率")
    assert row["贵阳市"].startswith("≤ 12 /10万") and row["南昌市新建区"].startswith("≤ 12 /10万")


def test_workload_citations_pairs_and_hierarchy(data: dict[str, Any]) -> None:
    cols = [j["label"] for j in data["jurisdictions"]]
    (health,) = [r for r in data["workload"]["rows"] if r["key"] == "health"]
    cells = dict(zip(cols, health["cells"], strict=True))
    assert cells["贵阳市"]["lead"] > cells["贵阳市"]["co"] > 0
    assert not any(cells["南昌市新建区"].values())  # a document without responsibility notes
    busiest = dict(zip(cols, data["workload"]["departments"], strict=True))
    assert busiest["贵阳市"][0]["label"] == "贵阳市卫生健康局"
    assert data["citations"]["total"] >= 10 and len(data["citations"]["all"]) >= data["citations"]["total"]
    assert all(len(c["mentions"]) >= 2 for c in data["citations"]["shared"])
    pairs = data["similar"]["pairs"]
    assert pairs and [p["score"] for p in pairs] == sorted((p["score"] for p in pairs), reverse=True)
    assert all(p["a"]["jurisdiction"] != p["b"]["jurisdiction"] and p["a"]["text"] for p in pairs)
    assert {"inner": "贵阳市", "outer": "贵州省"}.items() <= data["hierarchy"]["nested"][0].items()
    (guizhou,) = [n for n in data["hierarchy"]["tree"] if n["label"] == "贵州省"]
    assert [c["label"] for c in guizhou["children"]] == ["贵阳市"] and guizhou["documents"] == 1


def test_helpers() -> None:
    assert (fmt_number(12.0), fmt_number(3.58), fmt_number(0.5)) == ("12", "3.58", "0.5")
    assert (
        evidence_sentence("加强管理。到2025年覆盖率达到90%。", "覆盖率达到90%") == "到2025年覆盖率达到90%。"
    )
    long = "甲" * 80 + ",到2025年覆盖率达到90%," + "乙" * 40 + "。"
    assert evidence_sentence(long, "覆盖率达到90%") == "…到2025年覆盖率达到90%…"
    assert md("a|b <i>\nc") == "a\\|b &lt;i&gt; c"


# ---------------------------------------------------------------- formats, determinism, CLI


def test_html_is_self_contained(reports: dict[str, Path]) -> None:
    page = reports["html"].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and not REMOTE.search(page)
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert "script-src 'none'" in page and "default-src 'none'" in page
    assert {"heatmap", "workload-table", "targets-table", "initiatives-table", "similar-table"} <= set(
        tables(page)
    )


def test_markdown_tables_parse(reports: dict[str, Path]) -> None:
    text = reports["md"].read_text(encoding="utf-8")
    blocks: list[list[list[str]]] = []
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            if not (blocks and blocks[-1] and len(blocks[-1][-1]) == len(cells)):
                blocks.append([])
            blocks[-1].append(cells)
        elif blocks and blocks[-1]:
            blocks.append([])
    parsed = [b for b in blocks if b]
    assert all(set(b[1]) == {"---"} for b in parsed)  # every table has a header rule
    (targets,) = [b for b in parsed if b[0][0] == "指标 Indicator"]
    head = targets[0]
    (mmr,) = [r for r in targets[2:] if r[0].startswith("孕产妇死亡率")]
    assert (
        mmr[head.index("贵阳市")].startswith("≤ 12 /10万") and mmr[head.index("南昌市新建区")] == "≤ 12 /10万"
    )
    (themes,) = [b for b in parsed if b[0][0] == "主题 Theme"]
    assert any(r[0].startswith("紧密型县域医共体") for r in themes)


def test_csv_is_one_long_table(reports: dict[str, Path], data: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(reports["csv"].read_text(encoding="utf-8"))))
    assert rows and list(rows[0])[:2] == ["section", "item"]
    sections = {r["section"] for r in rows}
    assert {
        "summary",
        "themes",
        "workload",
        "targets",
        "initiatives",
        "citations",
        "similar",
        "hierarchy",
    } <= sections
    care = {
        (r["jurisdiction"], r["value"])
        for r in rows
        if r["section"] == "targets" and r["item"].startswith("每千人口3岁")
    }
    assert care == {("贵阳市", "3.6"), ("南昌市新建区", "3.58")}
    county = {r["jurisdiction"]: int(r["value"]) for r in rows if r["item"] == "county-medical-community"}
    assert county["贵州省"] == 18 or county["贵州省"] == max(
        int(r["value"]) for r in rows if r["section"] == "themes" and r["jurisdiction"] == "贵州省"
    )
    both = {r["jurisdiction"] for r in rows if r["section"] == "initiatives" and r["item"] == "两个允许"}
    assert {"贵阳市", "石家庄市", "贵州省", "厦门市海沧区"} <= both


def test_same_graph_same_bytes(sample_build: Path, reports: dict[str, Path], tmp_path: Path) -> None:
    for fmt, first in reports.items():
        again = _write(sample_build, tmp_path / f"again.{fmt}", fmt)
        assert again.read_bytes() == first.read_bytes(), fmt
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "again.csv",
        "again.html",
        "again.md",
    ]  # no temp files
    with pytest.raises(ValueError, match="unknown report format"):
        render_compare({}, "pdf")


def test_cli_compare(sample_build: Path, reports: dict[str, Path], tmp_path: Path) -> None:
    runner = CliRunner()
    dest = tmp_path / "r.html"
    res = runner.invoke(cli, ["compare", "-g", str(sample_build), "-o", str(dest)])
    assert res.exit_code == 0, res.output
    assert "5 documents" in res.output and dest.read_bytes() == reports["html"].read_bytes()
    res = runner.invoke(
        cli, ["compare", "-g", str(sample_build), "-o", str(tmp_path / "r.md"), "--format", "md"]
    )
    assert res.exit_code == 0 and (tmp_path / "r.md").read_bytes() == reports["md"].read_bytes()
    res = runner.invoke(cli, ["compare", "-g", str(tmp_path / "missing")])
    assert res.exit_code == 2 and res.output.count("\n") == 1 and "Error:" in res.output
    res = runner.invoke(cli, ["compare", "-g", str(sample_build), "-o", str(tmp_path / "no" / "such" / "\0")])
    assert res.exit_code == 2


# ---------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def chromium() -> Any:
    if not browser.CHROMIUM.exists():
        pytest.skip(f"{browser.CHROMIUM} is missing")
    with browser.launch() as b:
        yield b


LOADED = "() => document.readyState === 'complete'"
INJECT = "(n) => { const d = document.createElement('div'); d.innerHTML = n; document.body.append(d); }"


@pytest.mark.browser
@browser.requires_chromium
def test_report_opens_offline_in_chromium(chromium: Any, reports: dict[str, Path]) -> None:
    page, log = browser.open_file(chromium, reports["html"], ready=LOADED)
    try:
        assert log.problems() == []
        heat = page.locator("#heatmap")
        assert heat.is_visible()
        assert heat.locator("tbody tr[data-theme]").count() >= 25
        row = heat.locator("tr[data-theme=county-medical-community] td.cell")
        colours = row.evaluate_all("cells => cells.map(c => getComputedStyle(c).backgroundColor)")
        assert len(set(colours)) >= 2  # shades, not a flat table
        assert "3.58" in page.locator("#targets-table").inner_text()
    finally:
        page.context.close()


# Unit names are kept to at most 30 characters, so the unit names carry short payloads and
# the task texts the full ones; a plain-text file with three or more tags is read as HTML,
# so each file has at most two.
XSS_FILES = {
    "a.txt": "贵阳市卫生健康工作方案\n一、重点任务\n1.推进紧密型县域医共体建设"
    + SCRIPT_PAYLOAD
    + ",落实“两个允许”,到2025年孕产妇死亡率控制在12/10万以下。(牵头单位:市卫生健康局;配合单位:市财政局)\n",
    "b.txt": "石家庄市卫生健康工作方案\n一、重点任务\n1.推进紧密型县域医共体建设"
    + IMG_PAYLOAD
    + ",落实“两个允许”,到2025年孕产妇死亡率控制在10/10万以下。(牵头单位:市<img src onerror=__pwned=[]>局;"
    "配合单位:市财政局)\n",
    "c.txt": "南昌市新建区卫生健康工作方案\n一、重点任务\n1.推进紧密型县域医共体建设,落实“两个允许”,"
    "到2025年孕产妇死亡率控制在12/10万以下。（牵头单位：区<script>__pwned=[]</script>局；配合单位：区财政局）\n",
}
UNITS = ("石家庄市<img src onerror=__pwned=[]>局", "南昌市新建区<script>__pwned=[]</script>局")


@pytest.mark.browser
@browser.requires_chromium
def test_markup_in_documents_shows_as_text_and_runs_nothing(chromium: Any, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in XSS_FILES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    policykg.build([corpus], out, html=False)
    data = compare_data(out)
    units = {u["label"] for lst in data["workload"]["departments"] for u in lst}
    texts = {side["text"] for p in data["similar"]["pairs"] for side in (p["a"], p["b"])}
    assert set(UNITS) <= units, "the markup must reach the units for this test to mean anything"
    assert any(SCRIPT_PAYLOAD in t for t in texts) and any(IMG_PAYLOAD in t for t in texts)
    report = write_compare(out, tmp_path / "report.html")
    page_path = Path(report["path"])
    raw = page_path.read_text(encoding="utf-8")
    assert "<script" not in raw and "<img" not in raw
    text_md = render_compare(data, "md")
    assert "<script" not in text_md and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in text_md
    # the page's Content-Security-Policy off: the escaping alone must keep the markup inert
    page, log = browser.open_file(chromium, page_path, ready=LOADED, bypass_csp=True)
    try:
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("document.querySelectorAll('script, img').length") == 0
        shown = page.locator("body").inner_text()
        for payload in (SCRIPT_PAYLOAD, IMG_PAYLOAD, *UNITS):
            assert payload in shown
        assert log.problems() == []
        # control: the same text does run when parsed as HTML, so the assertions have teeth
        page.evaluate(INJECT, IMG_PAYLOAD)
        page.wait_for_function("() => typeof window.__pwned !== 'undefined'", timeout=3000)
    finally:
        page.context.close()
    # with the policy on, the page is clean too (no violation reports from the page itself)
    page, log = browser.open_file(chromium, page_path, ready=LOADED)
    try:
        assert log.problems() == [] and page.evaluate("typeof window.__pwned") == "undefined"
    finally:
        page.context.close()
