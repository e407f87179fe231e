"""The interactive graph page: self-contained, deterministic, true to the graph, and inert
when document text carries markup. Browser tests drive the system Chromium offline."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from policykg.viz import write_graph_html

import policykg

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"


browser = sys.modules["policykg_tests_browser"]  # loaded by conftest.py

REMOTE = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
POL = (
    "PREFIX pol: <https://w3id.org/policykg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample corpus built once, and its page: (build directory, graph.html)."""
    out = tmp_path_factory.mktemp("viz") / "out"
    policykg.build([CORPUS], out, html=False)
    page = out / "graph.html"
    write_graph_html(out, page)
    return out, page


def _count(g: policykg.PolicyGraph, query: str) -> int:
    return int(g.sparql(POL + query)[0]["n"])


def expected_counts(out: Path) -> tuple[int, int]:
    """Nodes and edges of the task-level picture, recomputed from the store independently."""
    g = policykg.open(out)
    tasks = _count(g, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a pol:Task }")
    units = _count(
        g,
        "SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE { ?t a pol:Task ; pol:leadUnit|pol:coUnit|"
        "pol:participantUnit|pol:impliedUnit ?u }",
    )
    themes = _count(g, "SELECT (COUNT(DISTINCT ?h) AS ?n) WHERE { ?t a pol:Task ; pol:theme ?h }")
    docs = _count(g, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?d { ?t a pol:Task } }")
    holders = (
        POL
        + """SELECT DISTINCT ?x ?p WHERE {
        { ?t a pol:Task ; pol:leadUnit|pol:coUnit|
          pol:participantUnit|pol:impliedUnit ?x } UNION { GRAPH ?x { ?t a pol:Task } }
        ?x pol:jurisdiction ?p . ?p a pol:Jurisdiction }"""
    )
    located = g.sparql(holders)
    places = {r["p"] for r in located}
    within = {(r["a"], r["b"]) for r in g.sparql(POL + "SELECT DISTINCT ?a ?b WHERE { ?a pol:within ?b }")}
    roles = _count(
        g,
        """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?t ?p ?u WHERE {
           VALUES ?p { pol:leadUnit pol:coUnit pol:participantUnit pol:impliedUnit } ?t ?p ?u } }""",
    )
    task_themes = _count(
        g, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?t ?h WHERE { ?t pol:theme ?h } }"
    )
    nodes = tasks + units + themes + docs + len(places)
    edges = roles + task_themes + tasks + len({r["x"] for r in located})
    edges += sum(1 for a, b in within if a in places and b in places)
    return nodes, edges


# ---------------------------------------------------------------- pure Python


def test_page_has_no_remote_reference_and_inlines_vis(sample: tuple[Path, Path]) -> None:
    html = sample[1].read_text(encoding="utf-8")
    assert not REMOTE.search(html)
    assert "bootstrap.min" not in html and "bootstrap.bundle" not in html and "cdn.jsdelivr" not in html
    assert "vis-network" in html and "new vis.Network(" in html
    assert html.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-" in html


def test_render_is_deterministic(sample: tuple[Path, Path], tmp_path: Path) -> None:
    out, first = sample
    second = tmp_path / "again.html"
    write_graph_html(out, second)
    assert first.read_bytes() == second.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["again.html"]  # atomic write left no temp file


def test_summary_and_caps(sample: tuple[Path, Path], tmp_path: Path) -> None:
    out, _ = sample
    full = write_graph_html(out, tmp_path / "full.html")
    assert full["view"] == "tasks" and full["omitted"] == {"nodes": 0, "tasks": 0, "edges": 0}
    assert (full["nodes"], full["edges"]) == expected_counts(out)
    agg = write_graph_html(out, tmp_path / "agg.html", max_nodes=60)
    assert agg["view"] == "aggregate" and agg["nodes"] <= 60 and agg["omitted"]["nodes"] > 0
    capped = write_graph_html(out, tmp_path / "cap.html", max_nodes=60, view="tasks")
    assert capped["nodes"] <= 60 and capped["omitted"]["tasks"] > 0
    city = write_graph_html(out, tmp_path / "gy.html", city="贵阳市")
    assert 0 < city["nodes"] < full["nodes"]
    with pytest.raises(ValueError, match="no jurisdiction named"):
        write_graph_html(out, tmp_path / "x.html", city="火星市")


def test_unscoped_top_units_follow_a_live_ranking(sample: tuple[Path, Path]) -> None:
    """The aggregate view's units, read from the statistics graph's ranks, are the first of
    a live count over the responsibilities, in the same order (tasks, tasks led, IRI)."""
    from policykg.viz.data import Reader

    reader = Reader(sample[0])
    top = reader.ranked_units(40)
    assert top is not None and top.startswith("VALUES")
    got = [(u, int(n)) for u, n in re.findall(r"\(<([^>]+)> (\d+)\)", top)]
    live = reader.graph.sparql(
        POL + "SELECT ?u (COUNT(DISTINCT ?t) AS ?n) (COUNT(DISTINCT ?lt) AS ?lead) WHERE "
        "{ ?t pol:leadUnit|pol:coUnit|"
        "pol:participantUnit|pol:impliedUnit ?u OPTIONAL { ?t pol:leadUnit ?u BIND(?t AS ?lt) } } GROUP BY ?u"
    )
    assert len(live) > 40
    want = sorted(live, key=lambda r: (-r["n"], -r["lead"], r["u"]))[:40]
    assert got == [(r["u"], r["n"]) for r in want]


def test_aggregate_weights_and_listed_tasks_match_live_counts(sample: tuple[Path, Path]) -> None:
    """Every number of the aggregate view against a count of its own: theme sizes,
    department-theme and lead-partner weights; a theme lists only tasks of that theme."""
    from policykg.viz.data import Reader
    from policykg.viz.views import build_view

    reader = Reader(sample[0])
    view = build_view(reader, reader.scope(None, None, None), max_nodes=60, view="aggregate")
    nodes, g = view.data["nodes"], reader.graph

    def count(where: str) -> int:
        return int(g.sparql(POL + f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ {where} }}")[0]["n"])

    kinds = Counter(e["k"] for e in view.data["edges"].values())
    assert kinds["agg-theme"] > 10 and kinds["agg-unit"] > 10
    for e in view.data["edges"].values():
        a, b = nodes[e["from"]]["iri"], nodes[e["to"]]["iri"]
        if e["k"] == "agg-theme":
            assert e["n"] == count(
                f"?t pol:leadUnit|pol:coUnit|pol:participantUnit|pol:impliedUnit <{a}> ; pol:theme <{b}> ."
            ), (a, b)
        elif e["k"] == "agg-unit":
            lead = (
                "{{ ?t pol:leadUnit <{}> ; pol:leadUnit|pol:coUnit|"
                "pol:participantUnit|pol:impliedUnit <{}> }}"
            )
            assert e["n"] == count(f"{lead.format(a, b)} UNION {lead.format(b, a)}"), (a, b)
    themes = [n for n in nodes.values() if n["k"] == "theme"]
    assert themes
    for th in themes:
        assert th["total"] == count(f"?t pol:theme <{th['iri']}> .")
        listed = [view.data["tasks"][tid]["iri"] for tid in th["tasks"]]
        assert listed and all(
            count(f"VALUES ?t {{ <{t}> }} ?t pol:theme <{th['iri']}> .") == 1 for t in listed
        )


def test_unscoped_aggregate_counts_are_the_same_in_both_stores(sample: tuple[Path, Path]) -> None:
    """The page a build writes counts in LadybugDB; a SPARQL count gives the same view data."""
    from policykg.viz.cypher_reads import unscoped_aggregate
    from policykg.viz.data import Reader

    reader = Reader(sample[0])
    whole = reader.scope(None, None, None)
    for limit in (12, 60, 1500):
        a, b = (
            unscoped_aggregate(reader.graph, set(reader.themes), limit),
            reader.aggregate(whole, limit, cypher=False),
        )
        assert a is not None and a == reader.aggregate(whole, limit)
        assert a["roles"] and a["unit_themes"] and a["themes"]
        assert a["roles"] == b["roles"]
        assert a["units"] == b["units"] and len(a["units"]) == min(limit, a["units_in_scope"])
        assert {k: a[k] for k in ("units_in_scope", "themes", "unit_themes")} == {
            k: b[k] for k in ("units_in_scope", "themes", "unit_themes")
        }


def test_task_details_are_the_same_in_both_stores(sample: tuple[Path, Path]) -> None:
    """Documents, tasks, responsibilities with their evidence, themes: one read from LadybugDB
    gives what the per-document SPARQL reads give."""
    from policykg.viz.cypher_reads import document_rows
    from policykg.viz.data import Reader

    reader = Reader(sample[0])
    tasks = [r["t"] for r in reader.graph.sparql(POL + "SELECT ?t WHERE { ?t a pol:Task }")]
    assert len(tasks) == 189
    docs = sorted({t.rsplit("/task/", 1)[0] for t in tasks})
    assert document_rows(reader.graph, docs) is not None  # the LadybugDB path is the one compared
    a, b = reader.details(tasks), reader.details(tasks, cypher=False)
    assert len(a.tasks) == 189 and sum(map(len, a.links.values())) > 300 and a.themes_of
    assert (a.docs, a.tasks, a.units) == (b.docs, b.tasks, b.units)
    assert dict(a.links) == dict(b.links) and dict(a.themes_of) == dict(b.themes_of)


# ---------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def chromium() -> Any:
    if not browser.CHROMIUM.exists():
        pytest.skip(f"{browser.CHROMIUM} is missing")
    with browser.launch() as b:
        yield b


@pytest.fixture(scope="module")
def sample_page(chromium: Any, sample: tuple[Path, Path]) -> Any:
    page, log = browser.open_file(chromium, sample[1])
    page.pk_log = log
    yield page
    page.context.close()


@pytest.fixture
def fresh(sample_page: Any) -> Any:
    """The sample page with filters reset and nothing selected."""
    sample_page.evaluate(
        "policykg.setFilter({place: '', theme: '', roles: ['lead','co','participant','implied']})"
    )
    return sample_page


@pytest.mark.browser
@browser.requires_chromium
def test_sample_loads_offline_clean_with_matching_counts(fresh: Any, sample: tuple[Path, Path]) -> None:
    assert fresh.pk_log.problems() == []
    nodes, edges = expected_counts(sample[0])
    assert fresh.evaluate("[policykg.visibleNodeCount(), policykg.visibleEdgeCount()]") == [nodes, edges]
    assert fresh.evaluate("window.network.body.data.nodes.length") == nodes
    assert "贵阳市卫生健康局" in fresh.locator("#pk-names").inner_html()  # search suggestions


@pytest.mark.browser
@browser.requires_chromium
def test_sample_stabilises_then_stops_physics(fresh: Any) -> None:
    ms = fresh.evaluate("policykg.stabilizationMs")
    assert 0 <= ms < 5000
    assert fresh.evaluate("window.network.physics.options.enabled") is False


@pytest.mark.browser
@browser.requires_chromium
def test_search_selects_and_focuses_department(fresh: Any) -> None:
    fresh.fill("#pk-search", "市卫生健康局")
    fresh.press("#pk-search", "Enter")
    assert fresh.evaluate("policykg.selected().label") == "贵阳市卫生健康局"
    centred = """() => { const id = policykg.selected().id, n = window.network;
        const p = n.canvasToDOM(n.getPositions([id])[id]), c = n.body.container;
        return Math.abs(p.x - c.clientWidth / 2) < 20 && Math.abs(p.y - c.clientHeight / 2) < 20; }"""
    fresh.wait_for_function(centred, timeout=10_000)  # after the focus animation
    assert fresh.evaluate("window.network.getSelectedNodes()") == [fresh.evaluate("policykg.selected().id")]
    assert "牵头 lead" in fresh.locator("#pk-panel-body").inner_text()
    assert fresh.evaluate("policykg.search('火星局')") is None


@pytest.mark.browser
@browser.requires_chromium
def test_filters_hide_and_show_without_reload(fresh: Any) -> None:
    counts = "[policykg.visibleNodeCount(), policykg.visibleEdgeCount()]"
    full = fresh.evaluate(counts)
    fresh.evaluate("window.__sameDocument = true")
    gy = fresh.evaluate(
        "[...document.querySelectorAll('#pk-place option')].find(o => o.text.trim() === '贵阳市').value"
    )
    fresh.select_option("#pk-place", gy)
    by_city = fresh.evaluate(counts)
    assert 0 < by_city[0] < full[0] and by_city[1] < full[1]
    fresh.select_option("#pk-place", "")
    fresh.uncheck("#pk-roles input[value=lead]")
    no_lead = fresh.evaluate(counts)
    assert no_lead[1] < full[1]
    fresh.click("#pk-reset")
    fresh.select_option("#pk-theme", index=1)
    assert fresh.evaluate(counts)[0] < full[0]
    fresh.click("#pk-reset")
    assert fresh.evaluate(counts) == full
    assert fresh.evaluate("window.__sameDocument") is True


@pytest.mark.browser
@browser.requires_chromium
def test_clicking_a_task_shows_its_evidence(fresh: Any, sample: tuple[Path, Path]) -> None:
    g = policykg.open(sample[0])
    (row,) = g.sparql(
        POL
        + """SELECT ?t ?text ?s ?e WHERE { ?t a pol:Task ; pol:text ?text ; pol:span ?span .
        BIND(xsd:integer(STRBEFORE(?span, "-")) AS ?s) BIND(xsd:integer(STRAFTER(?span, "-")) AS ?e)
        FILTER(CONTAINS(STR(?text), "成立区疾病预防控制局")) }"""
    )
    tid = fresh.evaluate("(iri) => policykg.idOf(iri)", row["t"])
    xy = fresh.evaluate(
        """(id) => { const n = window.network; n.focus(id, {scale: 2.5, animation: false});
        const p = n.canvasToDOM(n.getPositions([id])[id]), r = n.body.container.getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""",
        tid,
    )
    fresh.mouse.click(xy[0], xy[1])
    assert fresh.evaluate("policykg.selected()")["id"] == tid
    text = fresh.locator("#pk-panel-body").inner_text()
    assert "成立区疾病预防控制局。" in text and f"[{row['s']}, {row['e']})" in text
    assert "区卫健局" in text and "区委编办" in text  # units with their written forms


@pytest.mark.browser
@browser.requires_chromium
def test_aggregate_view_drills_down_to_task_evidence(
    chromium: Any, sample: tuple[Path, Path], tmp_path: Path
) -> None:
    path = tmp_path / "agg.html"
    summary = write_graph_html(sample[0], path, max_nodes=60)
    page, log = browser.open_file(chromium, path)
    try:
        assert page.evaluate("policykg.view") == "aggregate"
        assert page.evaluate("policykg.visibleNodeCount()") == summary["nodes"]
        assert "已省略" in page.locator("#pk-notice").inner_text()
        assert page.evaluate("policykg.search('市卫健委')") == "石家庄市卫生健康委员会"
        page.locator("#pk-panel-body .pk-link").first.click()
        assert page.evaluate("policykg.selected().kind") == "task"
        assert "原文证据 Evidence" in page.locator("#pk-panel-body").inner_text()
        assert log.problems() == []
    finally:
        page.context.close()


XSS_FILES = {
    # plain text with fewer than three tags stays text, so the markup reaches unit names and titles
    "a.txt": "一、总体任务\n1.做好<img src=x onerror=window.__pwned=1>工作。"
    "(责任单位:市<img src onerror=__pwned=[]>局、市财政局)\n",
    "b.txt": "一、总体任务\n1.推进<script>window.__pwned=2</script>改革。(责任单位:市卫生健康局)\n",
    # a saved page: entities decode to markup inside a unit name
    "c.html": "<html><head><title>测试</title></head><body><div><p>一、总体任务</p>\n"
    "<p>1.推进改革。(责任单位:市&lt;script&gt;__pwned=[]&lt;/script&gt;局、市财政局)</p></div></body></html>\n",
}


@pytest.mark.browser
@browser.requires_chromium
def test_markup_in_documents_shows_as_text_and_runs_nothing(chromium: Any, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in XSS_FILES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    policykg.build([corpus], out, html=False)
    names = {
        r["name"]
        for r in policykg.open(out).sparql(
            POL + "SELECT DISTINCT (STR(?l) AS ?name) WHERE "
            "{ ?t pol:leadUnit|pol:coUnit|"
            "pol:participantUnit|pol:impliedUnit ?u . ?u <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
        )
    }
    inject = "(n) => { const d = document.createElement('div'); d.innerHTML = n; document.body.append(d); }"
    img_unit, script_unit = "市<img src onerror=__pwned=[]>局", "市<script>__pwned=[]</script>局"
    assert {img_unit, script_unit} <= names, "the markup must reach the graph for this test to mean anything"
    page_path = out / "graph.html"
    write_graph_html(out, page_path)
    assert "</script>局" not in page_path.read_text(encoding="utf-8")
    # the page's Content-Security-Policy off: the escaping alone must keep the markup inert
    page, log = browser.open_file(chromium, page_path, bypass_csp=True)
    try:
        for unit in (img_unit, script_unit):
            assert page.evaluate("(n) => policykg.search(n)", unit) == unit
            assert unit in page.locator("#pk-panel-body").inner_text()
            page.locator("#pk-panel-body .pk-link").first.click()  # its task, with the titles' markup
            page.mouse.move(5, 5)
        tasks = page.evaluate("policykg.nodeIds('task')")
        texts = [
            page.evaluate("(t) => { policykg.select(t); return policykg.panelText(); }", t) for t in tasks
        ]
        assert any("<img src=x onerror=window.__pwned=1>" in t for t in texts)
        assert any("<script>window.__pwned=2</script>" in t for t in texts)
        uid = page.evaluate("(n) => policykg.search(n) && policykg.selected().id", img_unit)
        xy = page.evaluate(
            """(id) => { const n = window.network; n.focus(id, {scale: 2, animation: false});
            const p = n.canvasToDOM(n.getPositions([id])[id]), r = n.body.container.getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""",
            uid,
        )
        page.mouse.move(xy[0] + 1, xy[1] + 1)
        tip = page.locator("div.vis-tooltip")
        tip.wait_for(state="visible", timeout=5000)
        assert img_unit in tip.inner_text() and tip.locator("svg, img").count() == 0
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert (
            page.evaluate("document.querySelectorAll('#pk-panel-body img, #pk-panel-body script').length")
            == 0
        )
        assert log.problems() == []
        # control: the same names do run when parsed as HTML, so the assertions above have teeth
        page.evaluate(inject, img_unit)
        page.wait_for_function("() => typeof window.__pwned !== 'undefined'", timeout=3000)
    finally:
        page.context.close()
    # with the policy on, the same injection is refused: a second line of defence
    page, log = browser.open_file(chromium, page_path)
    try:
        assert page.evaluate("(n) => policykg.search(n)", img_unit) == img_unit
        assert log.problems() == []
        page.evaluate(inject, img_unit)
        page.wait_for_timeout(500)
        assert page.evaluate("typeof window.__pwned") == "undefined"
    finally:
        page.context.close()
