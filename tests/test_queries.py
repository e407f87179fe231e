"""Named queries: SPARQL and Cypher give the same answer; networkx agrees; facts of the samples."""

from __future__ import annotations

import json
import time
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from policykg.graph.cypher_store import is_write_query
from policykg.queries import list_queries, load_query

import policykg
from policykg.cli import cli

POL = "https://w3id.org/policykg/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _cases() -> list[tuple[str, dict[str, str]]]:
    """Every query without parameters (unless one is required) and with each documented example."""
    out = []
    for n in list_queries():
        q = load_query(n)
        if not any(p.required for p in q.param_specs):
            out.append((n, {}))
        out.extend((n, dict(e)) for e in q.examples)
    return out


CASES = _cases()


@pytest.fixture(scope="module")
def g(sample_build: Path) -> Any:
    graph = policykg.open(sample_build)
    yield graph
    graph.close()


def _norm(v: Any) -> str:
    """One text form per value: numbers by value (6 significant digits), lists sorted."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, int | float):
        return f"{float(v):.6g}"
    if isinstance(v, list):
        return "\x1f".join(sorted(map(str, v)))
    return str(v)


def test_every_query_has_both_engines_and_a_header() -> None:
    names = list_queries()
    assert len(names) >= 13
    for n in names:
        q = load_query(n)
        assert q.sparql and q.cypher, n
        assert q.title != n and q.description, n
        for text in (q.sparql, q.cypher):
            assert "title:" in text and "params:" in text, n


def test_both_files_of_a_query_declare_the_same_header() -> None:
    from policykg.queries import parse_header

    for n in list_queries():
        q = load_query(n)
        # The description may say how each engine finds the answer; the rest is the contract.
        a, b = parse_header(n, q.cypher or ""), parse_header(n, q.sparql or "")
        assert {k: v for k, v in a.items() if k != "description"} == {
            k: v for k, v in b.items() if k != "description"
        }, n


def test_parity_cases_cover_every_query_and_example() -> None:
    assert {n for n, _ in CASES} == set(list_queries())
    for n in list_queries():  # each parameter is exercised by some example
        q = load_query(n)
        assert set(q.params) == {p for e in q.examples for p in e}, n
    # A query that cannot run without its parameter is run with its examples only.
    assert ("department-tasks", {}) not in CASES and ("theme-tasks", {}) not in CASES


@pytest.mark.parametrize(
    ("name", "params"), CASES, ids=[f"{n}{'-' if p else ''}{'-'.join(p.values())}" for n, p in CASES]
)
def test_sparql_and_cypher_agree(g: Any, name: str, params: dict[str, str]) -> None:
    """The same rows in the same order: every ORDER BY is total and both engines sort alike."""
    a = g.ask_result(name, "sparql", **params)
    b = g.ask_result(name, "cypher", **params)
    assert a.columns == b.columns
    rows_a = [tuple(_norm(r[c]) for c in a.columns) for r in a.rows]
    rows_b = [tuple(_norm(r[c]) for c in b.columns) for r in b.rows]
    assert rows_a == rows_b
    # _norm sorts lists; the lists themselves must already be sorted, and equal.
    for c in load_query(name).lists:
        assert [r[c] for r in a.rows] == [r[c] for r in b.rows], c
        assert all(isinstance(r[c], list) and r[c] == sorted(r[c]) for r in a.rows), c
    if params:
        assert rows_a, f"{name} {params}: a documented example should have rows on the samples"


def test_both_engines_order_strings_by_code_point(g: Any) -> None:
    """What lets one ORDER BY text serve both engines: Oxigraph compares strings by code
    point, LadybugDB by UTF-8 bytes, which is the same order (Python's too), across ASCII,
    Latin, CJK, full-width forms and characters beyond the BMP. NULL is the exception
    (first in SPARQL, last in Cypher), so no order key of a named query may be null."""
    import random

    import pyoxigraph

    rng = random.Random(7)
    pool = "aAzZ09 !~éü·—“”《》、，。（）０９ＡＺｚ卫生健康委员会市区县贵阳石家庄\U00020000\U0001f600\ue000"
    words = sorted({"".join(rng.choice(pool) for _ in range(rng.randint(0, 4))) for _ in range(400)})
    shuffled = rng.sample(words, len(words))
    by_cypher = [r["w"] for r in g.cypher("UNWIND $words AS w RETURN w ORDER BY w", words=shuffled)]
    store = pyoxigraph.Store()
    values = " ".join(json.dumps(w, ensure_ascii=False) for w in shuffled)
    by_sparql = [
        s[0].value for s in store.query(f"SELECT ?w WHERE {{ VALUES ?w {{ {values} }} }} ORDER BY ?w")
    ]
    assert by_cypher == by_sparql == words


@pytest.mark.parametrize("name", ["shared-initiatives", "shared-themes"])
def test_shared_lists_name_every_jurisdiction_and_document(g: Any, name: str) -> None:
    """The lists hold one entry per counted jurisdiction and document, and the GROUP_CONCAT
    string of the raw SPARQL holds the same items as the raw Cypher list, in any order."""
    from policykg.queries import LIST_SEPARATOR

    rows = g.ask(name)
    shared_by = "documents" if name == "shared-initiatives" else "jurisdictions"
    assert rows and all(r[shared_by] >= 2 for r in rows)
    for r in rows:
        assert len(r["jurisdictionNames"]) == r["jurisdictions"], r
        assert len(r["documentTitles"]) == r["documents"], r
    q = load_query(name)
    raw_s = g.sparql_result(q.sparql).rows
    raw_c = g.cypher_result(q.cypher).rows
    assert len(raw_s) == len(raw_c) == len(rows)
    for s_row, c_row in zip(raw_s, raw_c, strict=True):
        for c in q.lists:
            items = s_row[c].split(LIST_SEPARATOR) if s_row[c] else []
            assert sorted(items) == c_row[c], c  # Cypher sorts in the query itself
    if name == "shared-initiatives":
        two = next(r for r in rows if r["initiative"] == "两个允许")
        assert two["jurisdictionNames"] == ["厦门市海沧区", "石家庄市", "贵州省", "贵阳市"]
    else:
        doctor = next(r for r in rows if r["themeKey"] == "family-doctor")
        assert doctor["jurisdictions"] >= 2 and "贵阳市" in doctor["jurisdictionNames"]


ROLE_EDGES = {POL + e for e in ("leadUnit", "coUnit", "participantUnit", "impliedUnit")}


def _nx_graph(nq: Path) -> Any:
    """A networkx view of graph.nq: task → unit edges, unit labels and classes."""
    import networkx as nx
    import pyoxigraph

    gx = nx.Graph()
    labels: dict[str, str] = {}
    departments: set[str] = set()
    for q in pyoxigraph.parse(path=str(nq), format=pyoxigraph.RdfFormat.N_QUADS):
        p = q.predicate.value
        if p in ROLE_EDGES:  # any role: the task involves the unit
            gx.add_edge(q.subject.value, q.object.value)
            gx.nodes[q.subject.value]["task"] = True
        elif p == RDFS_LABEL:
            labels[q.subject.value] = q.object.value
        elif p == RDF_TYPE and q.object.value == POL + "Department":
            departments.add(q.subject.value)
    return gx, labels, departments


def test_networkx_agrees_on_top_bureaus_and_co_responsibility(g: Any, sample_build: Path) -> None:
    gx, labels, departments = _nx_graph(sample_build / "graph.nq")
    degree = {labels[d]: gx.degree(d) for d in departments if d in gx}
    top = g.ask("top-bureaus")
    assert len(degree) < 100  # every department is shown (the cut at 100: test_make_corpus)
    assert {r["department"]: r["tasks"] for r in top} == degree
    pairs: Counter[tuple[str, str]] = Counter()
    for node, data in gx.nodes(data=True):
        if data.get("task"):
            units = sorted(u for u in gx.neighbors(node) if u in departments)
            for a, b in combinations(units, 2):
                pairs[(a, b)] += 1
    # the 100 sharing the most tasks, ties by IRI (of 410 pairs on the samples)
    assert len(pairs) > 100
    first = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:100]
    for engine in ("cypher", "sparql"):
        co = g.ask("co-responsibility", engine=engine)
        got = {(r["departmentA"], r["departmentB"]): r["tasks"] for r in co}
        assert got == {(labels[a], labels[b]): n for (a, b), n in first}


def test_statistics_graph_equals_live_counts(g: Any) -> None:
    """Every unit's stored counts equal an aggregate over the responsibilities themselves."""
    live = g.sparql(
        """PREFIX pol: <https://w3id.org/policykg/ontology#>
        SELECT ?u (COUNT(DISTINCT ?t) AS ?tasks) (COUNT(DISTINCT ?lt) AS ?lead) WHERE {
          ?t pol:leadUnit|pol:coUnit|
            pol:participantUnit|pol:impliedUnit ?u .
          OPTIONAL { ?t pol:leadUnit ?u . BIND(?t AS ?lt) } } GROUP BY ?u"""
    )
    stored = g.sparql(
        """PREFIX pol: <https://w3id.org/policykg/ontology#>
        SELECT ?u ?tasks ?lead WHERE { GRAPH <https://w3id.org/policykg/id/graph/stats> {
          ?u pol:taskCount ?tasks ; pol:leadTaskCount ?lead } }"""
    )
    assert len(live) >= 100
    assert sorted((r["u"], r["tasks"], r["lead"]) for r in stored) == sorted(
        (r["u"], r["tasks"], r["lead"]) for r in live
    )
    cypher = g.cypher(
        "MATCH (d) WHERE d.tasks IS NOT NULL RETURN d.iri AS u, d.tasks AS tasks, d.lead AS lead"
    )
    assert sorted(map(tuple, map(dict.values, cypher))) == sorted(map(tuple, map(dict.values, stored)))


def test_sample_facts(g: Any) -> None:
    for engine in ("sparql", "cypher"):
        top = g.ask("top-bureaus", engine=engine)
        assert (top[0]["department"], top[0]["tasks"]) == ("贵阳市卫生健康局", 75)
        sjz = {r["department"]: r["tasks"] for r in top}
        assert sjz["石家庄市卫生健康委员会"] == 34
        assert g.ask("unresolved", engine=engine) == []
        haicang = g.ask("top-bureaus", engine=engine, city="厦门市海沧区")
        assert (haicang[0]["written"], haicang[0]["tasks"]) == ("区卫健局", 17)
    # 南昌市新建区's document annotates no units; the four that do rank health first.
    for city in ("贵阳市", "石家庄市", "厦门市海沧区", "贵州省"):
        for engine in ("sparql", "cypher"):
            assert g.ask("top-bureau-types", engine=engine, city=city)[0]["type"] == "Health authority", city
    assert g.ask("top-bureau-types", city="南昌市新建区") == []


def test_top_bureaus_is_fast_in_both_engines(g: Any) -> None:
    for engine in ("sparql", "cypher"):
        g.ask("top-bureaus", engine=engine)  # warm: open the store
        t0 = time.perf_counter()
        g.ask("top-bureaus", engine=engine)
        assert time.perf_counter() - t0 < 0.2, engine


@pytest.mark.parametrize(
    "evil", ["贵阳市' OR 1=1 //", '") } UNION { ?s ?p ?o } #', "x'}) MATCH (n) DETACH DELETE n //"]
)
def test_parameters_are_data_not_query_text(g: Any, evil: str) -> None:
    for engine in ("sparql", "cypher"):
        assert g.ask("top-bureaus", engine=engine, city=evil) == []
        assert g.ask("department-tasks", engine=engine, department=evil) == []
    assert g.cypher("MATCH (t:Task) RETURN count(t) AS n")[0]["n"] == 189


def test_cypher_cli_refuses_writes_without_write(sample_build: Path) -> None:
    run = CliRunner().invoke
    for q in [
        "MATCH (n:Task) DETACH DELETE n",
        "CREATE (n:Theme {iri: 'x'})",
        "MATCH (d:Department) SET d.label = 'x'",
    ]:
        res = run(cli, ["cypher", q, "-g", str(sample_build)])
        assert res.exit_code == 2 and "--write" in res.output, res.output
    res = run(cli, ["cypher", "RETURN 'CREATE' AS word", "-g", str(sample_build), "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.output) == [{"word": "CREATE"}]
    assert not is_write_query("MATCH (n) WHERE n.label = 'DELETE me' RETURN n // SET")
    assert is_write_query("match (n) merge (m:X {iri: 'a'})")


def test_cli_cypher_params_and_formats(sample_build: Path) -> None:
    q = (
        "MATCH (t:Task)-[r:RESPONSIBLE]->(d:Department) WHERE d.label = $d "
        "RETURN r.role AS role, count(*) AS n"
    )
    res = CliRunner().invoke(
        cli,
        [
            "cypher",
            q + " ORDER BY role",
            "-g",
            str(sample_build),
            "--param",
            "d=贵阳市卫生健康局",
            "--format",
            "csv",
        ],
    )
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0] == "role,n"
    assert "lead,63" in res.output


def test_cli_ask_by_type_list_and_engine(sample_build: Path) -> None:
    run = CliRunner().invoke
    res = run(
        cli,
        [
            "ask",
            "top-bureaus",
            "--by",
            "type",
            "-g",
            str(sample_build),
            "--city",
            "石家庄市",
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)[0]["type"] == "Health authority"
    res = run(cli, ["ask", "top-bureaus", "--engine", "cypher", "-g", str(sample_build), "--format", "json"])
    assert json.loads(res.output)[0] == {
        "department": "贵阳市卫生健康局",
        "written": "市卫生健康局",
        "jurisdiction": "贵阳市",
        "type": "Health authority",
        "tasks": 75,
        "lead": 63,
        "nonLead": 12,
    }
    res = run(cli, ["ask", "--list"])
    assert res.exit_code == 0 and all(n in res.output for n in list_queries())
    res = run(cli, ["ask", "no-such-query", "-g", str(sample_build)])
    assert res.exit_code == 2 and len(res.output.strip().splitlines()) == 1


def test_python_api_rows_and_frames(g: Any) -> None:
    rows = g.sparql(
        "SELECT ?n WHERE { ?d <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(STR(?l) = ?n) } LIMIT 1",
        n="贵阳市卫生健康局",
    )
    assert rows == [{"n": "贵阳市卫生健康局"}]
    assert g.cypher("MATCH (d:Department) WHERE d.label = $x RETURN d.label AS l", x="贵阳市卫生健康局") == [
        {"l": "贵阳市卫生健康局"}
    ]
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pandas"):
            g.ask("top-bureaus", as_frame=True)
    else:
        assert next(iter(g.ask("top-bureaus", as_frame=True).columns)) == "department"
