"""Answers as Rows and the graph's tables as DataFrames, on the sample build.

Counts and memberships are checked against SPARQL over the RDF graph (the source of truth),
the frames being read from the LadybugDB projection.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

import policykg
from policykg.frames import DEPARTMENT_TYPES, RESPONSIBILITY_TYPES, ROLES, TASK_TYPES, Rows, infer_type

REPO = Path(__file__).resolve().parents[1]
POL = "PREFIX pol: <https://w3id.org/policykg/ontology#>\n"
RDFS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
NOWHERE = "不存在市"
EXTRA = "pip install 'policykg[frames]'"


@pytest.fixture(scope="module")
def g(sample_build: Path) -> Iterator[Any]:
    with policykg.open(sample_build) as graph:
        yield graph


def count(g: Any, where: str) -> int:
    return int(g.sparql(POL + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")[0]["n"])


# Rows: still the list of row dicts


def test_answers_are_still_lists_of_row_dicts(g: Any) -> None:
    for engine in ("sparql", "cypher"):
        rows = g.ask("top-bureaus", engine=engine)
        result = g.ask_result("top-bureaus", engine)
        assert isinstance(rows, list) and rows == result.rows and len(rows) == len(result.rows)
        assert rows.columns == result.columns
        assert rows[0]["department"] == "贵阳市卫生健康局" and sum(1 for _ in rows) == len(rows)
        head = rows[:2]
        assert isinstance(head, Rows) and head.columns == rows.columns and head == result.rows[:2]
        assert json.loads(json.dumps(rows, ensure_ascii=False)) == result.rows
    assert g.ask("unresolved") == [] and g.ask("unresolved").columns
    sparql = g.sparql("SELECT ?x WHERE { VALUES ?x { 1 2 } }")
    assert sparql == [{"x": 1}, {"x": 2}] and sparql.columns == ["x"]
    cypher = g.cypher("MATCH (t:Task) RETURN count(t) AS n")
    assert cypher == [{"n": 189}] and cypher.columns == ["n"]


def test_as_frame_is_to_pandas(g: Any) -> None:
    by_flag = g.ask("top-bureaus", engine="cypher", as_frame=True)
    pd.testing.assert_frame_equal(by_flag, g.ask("top-bureaus", engine="cypher").to_pandas())
    frame = g.sparql("SELECT ?x WHERE { VALUES ?x { 1 } }", as_frame=True)
    assert list(frame.columns) == ["x"] and frame["x"].dtype == "int64"


# Rows: columns and dtypes


def test_named_query_frames_keep_columns_and_types(g: Any) -> None:
    for engine in ("sparql", "cypher"):
        rows = g.ask("top-bureaus", engine=engine)
        df = rows.to_pandas()
        assert (
            list(df.columns)
            == rows.columns
            == [
                "department",
                "written",
                "jurisdiction",
                "type",
                "tasks",
                "lead",
                "nonLead",
            ]
        )
        assert len(df) == len(rows) and df.index.equals(pd.RangeIndex(len(rows)))
        assert all(df[c].dtype == "int64" for c in ("tasks", "lead", "nonLead"))
        assert all(pd.api.types.is_string_dtype(df[c]) for c in ("department", "jurisdiction", "type"))
        assert df.loc[0, "department"] == "贵阳市卫生健康局" and df.loc[0, "tasks"] == 75
        table = rows.to_arrow()
        assert table.column_names == rows.columns and table.num_rows == len(rows)
        assert table.schema.field("tasks").type == pa.int64()
        assert table.schema.field("department").type == pa.string()
    similar = g.ask("similar-tasks").to_pandas()
    assert similar["score"].dtype == "float64" and similar["score"].between(0, 1).all()


def test_list_and_missing_values_have_their_types(g: Any) -> None:
    rows = g.cypher(
        "MATCH (d:Department) RETURN d.label AS label, d.altLabels AS alt, "
        "CASE WHEN d.rank = 1 THEN NULL ELSE d.rank END AS rank ORDER BY d.label"
    )
    assert rows.column_types() == {"label": "string", "alt": "list<string>", "rank": "int64"}
    df = rows.to_pandas()
    assert df["alt"].dtype == object and all(isinstance(v, list) for v in df["alt"])
    assert df["rank"].dtype == "Int64" and df["rank"].isna().sum() == 1  # a gap keeps integers
    table = rows.to_arrow()
    assert table.schema.field("alt").type == pa.list_(pa.string())
    assert table.schema.field("rank").type == pa.int64() and table.column("rank").null_count == 1
    arrow_backed = rows.to_pandas(dtype_backend="pyarrow")
    assert arrow_backed["alt"].dtype == pd.ArrowDtype(pa.list_(pa.string()))
    assert arrow_backed["rank"].dtype == pd.ArrowDtype(pa.int64())


def test_type_inference() -> None:
    assert infer_type([True, None]) == "bool"
    assert infer_type([1, 2.5, None]) == "float64"
    assert infer_type([1, "a"]) == "object"
    assert infer_type([[1], [2, None]]) == "list<int64>"
    rows = Rows(["a", "b", "c", "d"], [{"a": 1.5, "b": True, "c": None, "d": 1}, {"a": None, "b": None}])
    df = rows.to_pandas()
    assert [str(t) for t in df.dtypes] == ["float64", "boolean", "object", "Int64"]
    assert df["a"].isna().tolist() == [False, True]
    table = rows.to_arrow()
    assert [str(t) for t in table.schema.types] == ["double", "bool", "null", "int64"]
    twice = Rows(["x", "x"], [{"x": 1}]).to_pandas()  # SELECT ?x ?x: both columns kept
    assert list(twice.columns) == ["x", "x"] and twice.shape == (1, 2)
    with pytest.raises(ValueError, match="dtype_backend"):
        rows.to_pandas(dtype_backend="numpy")


def test_empty_results_keep_their_columns(g: Any) -> None:
    for engine in ("sparql", "cypher"):
        rows = g.ask("top-bureaus", engine=engine, city=NOWHERE)
        assert rows == [] and rows.columns == g.ask("top-bureaus", engine=engine).columns
        df = rows.to_pandas()
        assert df.empty and list(df.columns) == rows.columns
        table = rows.to_arrow()
        assert table.num_rows == 0 and table.column_names == rows.columns
    # the graph's tables declare their types, so an empty one keeps its dtypes too
    for read, types in ((g.tasks, TASK_TYPES), (g.departments, DEPARTMENT_TYPES)):
        empty, full = read(jurisdiction=NOWHERE), read()
        assert empty.empty and list(empty.columns) == list(types)
        assert empty.dtypes.equals(full.dtypes)


# The graph's tables


def test_tasks_table(g: Any) -> None:
    tasks = g.tasks()
    assert list(tasks.columns) == list(TASK_TYPES)
    assert len(tasks) == count(g, "?x a pol:Task") == 189
    assert tasks["iri"].is_unique and tasks["start"].dtype == "int64" and tasks["end"].dtype == "int64"
    assert (tasks["end"] > tasks["start"]).all()
    for c in ("document", "jurisdiction", "number", "title", "text", "section", "deadline", "source"):
        assert pd.api.types.is_string_dtype(tasks[c]), c
    assert tasks["deadline"].notna().sum() == count(g, "?x a pol:Task ; pol:deadline ?d")
    assert {Path(f).name for f in tasks["source"]} == {f.name for f in (REPO / "examples/corpus").glob("*")}
    # every task's units by role are the direct role edges of the RDF graph
    for role in ROLES:
        assert all(isinstance(v, list) for v in tasks[role])
        q = POL + RDFS + f"SELECT DISTINCT ?t ?l WHERE {{ ?t pol:{role}Unit ?u . ?u rdfs:label ?l }}"
        expected = {(r["t"], r["l"]) for r in g.sparql(q)}
        pairs = tasks[["iri", role]].explode(role).dropna()
        assert set(zip(pairs["iri"], pairs[role], strict=True)) == expected, role
        assert len(pairs) == len(expected), role  # no unit twice in a role
    # the text names the lead first, and the list keeps the text's order
    first = tasks[tasks["number"] == "二/(一)"].iloc[0]
    assert first["lead"] == ["贵州省卫生健康委员会"]
    assert first["co"] == ["贵州省各市(州)人民政府", "贵州省各县(市、区、特区)人民政府"]
    # 004 states no responsibilities: its tasks still count, with empty role lists
    xinjian = tasks[tasks["jurisdiction"] == "南昌市新建区"]
    assert len(xinjian) == 32 and (xinjian["lead"].map(len) == 0).all()


def test_tables_come_in_a_fixed_order(g: Any) -> None:
    tasks = g.tasks()
    pd.testing.assert_frame_equal(tasks, g.tasks())
    for document, part in tasks.groupby("document", sort=False):
        assert part["start"].is_monotonic_increasing, document  # reading order within a document
    assert tasks["document"].is_monotonic_increasing
    departments = g.departments()
    assert departments["label"].is_monotonic_increasing and departments["iri"].is_unique
    resp = g.responsibilities()
    assert resp["iri"].is_unique and resp["document"].is_monotonic_increasing
    pd.testing.assert_frame_equal(resp, g.responsibilities())


def test_departments_table(g: Any) -> None:
    departments = g.departments()
    assert list(departments.columns) == list(DEPARTMENT_TYPES)
    assert len(departments) == count(g, "{ ?x a pol:Department } UNION { ?x a pol:CollectiveUnit }")
    assert (departments["kind"] == "Department").sum() == count(g, "?x a pol:Department")
    assert departments["tasks"].dtype == "int64" and departments["lead"].dtype == "int64"
    assert all(isinstance(v, list) and v for v in departments["altLabels"])
    # the counts are those top-bureaus reports, department by department
    top = g.ask("top-bureaus").to_pandas()
    both = top.merge(departments, left_on="department", right_on="label", suffixes=("", "_d"))
    assert len(both) == len(top)
    assert (both["tasks"] == both["tasks_d"]).all() and (both["lead"] == both["lead_d"]).all()
    assert (both["type"] == both["type_d"]).all() and (both["jurisdiction"] == both["jurisdiction_d"]).all()
    health = departments.set_index("label").loc["贵阳市卫生健康局"]
    assert (health["tasks"], health["lead"], health["type"]) == (75, 63, "Health authority")
    assert "市卫生健康局" in health["altLabels"]


def test_responsibilities_table(g: Any) -> None:
    resp = g.responsibilities()
    assert list(resp.columns) == list(RESPONSIBILITY_TYPES)
    # each responsibility as extracted is one evidence literal "K ROLE UNIT SPAN WORDS" of its task
    evidence = "?t pol:unitEvidence ?e . BIND(CONCAT(STR(?t), ?e) AS ?x)"
    assert len(resp) == count(g, evidence) == 605
    assert set(resp["role"]) <= set(ROLES) and resp["start"].dtype == "int64"
    for role in ("lead", "co", "participant", "implied"):
        of_role = f'{evidence} FILTER(STRSTARTS(STRAFTER(?e, " "), "{role} "))'
        assert (resp["role"] == role).sum() == count(g, of_role), role
    tasks = g.tasks()
    assert set(resp["task"]) <= set(tasks["iri"])
    # a unit's tasks counted from its responsibilities are the departments table's counts
    carried = resp.groupby("unit")["task"].nunique()
    led = resp[resp["role"] == "lead"].groupby("unit")["task"].nunique()
    departments = g.departments().set_index("label")
    assert carried.to_dict() == departments.loc[departments["tasks"] > 0, "tasks"].to_dict()
    assert led.to_dict() == departments.loc[departments["lead"] > 0, "lead"].to_dict()


def test_tables_filtered_by_jurisdiction(g: Any) -> None:
    tasks = g.tasks(jurisdiction="贵州省")  # the province and the places within it (贵阳市)
    assert set(tasks["jurisdiction"]) == {"贵州省", "贵阳市"}
    everything = g.tasks()
    assert len(tasks) == everything["jurisdiction"].isin(["贵州省", "贵阳市"]).sum()
    assert len(g.tasks(jurisdiction="海沧区")) == len(g.tasks(jurisdiction="厦门市海沧区")) == 19
    resp = g.responsibilities(jurisdiction="贵州省")
    assert set(resp["task"]) <= set(tasks["iri"]) and len(resp) > 0
    # units of 贵阳市 and of its districts and counties, as the RDF graph places them
    departments = g.departments(jurisdiction="贵阳市")
    q = (
        POL
        + RDFS
        + """SELECT DISTINCT ?u WHERE { ?u pol:jurisdiction/pol:within* ?p . ?p rdfs:label ?l
        FILTER(STR(?l) = "贵阳市") { ?u a pol:Department } UNION { ?u a pol:CollectiveUnit } }"""
    )
    assert set(departments["iri"]) == {r["u"] for r in g.sparql(q)}
    assert {"贵阳市", "修文县"} <= set(departments["jurisdiction"])


# Without the frames extra


def test_without_pandas_or_pyarrow_the_message_names_the_extra(
    g: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = g.ask("top-bureaus")
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError) as err:
        rows.to_pandas()
    assert str(err.value) == f"to_pandas() needs pandas: {EXTRA}"
    with pytest.raises(ImportError) as err:
        rows.to_arrow()
    assert str(err.value) == f"to_arrow() needs pyarrow: {EXTRA}"
    for name in ("tasks", "departments", "responsibilities"):
        with pytest.raises(ImportError) as err:
            getattr(g, name)()
        assert str(err.value) == f"{name}() needs pandas: {EXTRA}"
    with pytest.raises(ImportError, match=re.escape(EXTRA)):
        g.ask("top-bureaus", as_frame=True)
    # the rows themselves need neither
    assert g.ask("top-bureaus")[0]["tasks"] == 75 and g.ask("top-bureaus").columns == rows.columns


def test_frames_module_imports_neither_pandas_nor_pyarrow() -> None:
    code = "import sys, policykg, policykg.frames; print('pandas' in sys.modules, 'pyarrow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.split() == ["False", "False"]


# The notebook page


def test_notebook_page_runs_and_prints_its_tables() -> None:
    page = (REPO / "docs" / "notebook.md").read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```python\n(.*?)```", page, re.S))
    assert "policykg.build(" in code and "policykg.open(" in code
    # run as a notebook runs it: in a fresh interpreter, with no script file to import again
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "5 documents, 189 tasks" in out
    assert re.search(r"0\s+贵阳市卫生健康局\s+贵阳市\s+Health authority\s+75\s+63", out)  # top bureaus
    assert "'tasks': 'int64'" in out
    assert re.search(r"贵阳市卫生健康局\s+63\n石家庄市卫生健康委员会\s+31", out)  # most tasks led
    assert re.search(r"南昌市新建区\s+32\s+32", out)  # the document without responsibilities
    assert re.search(r"Health authority\s+144\s+119", out)  # the groupby by department type
    assert re.search(r"贵阳市卫生健康局\s+12\s+0\s+63", out)  # roles within Guizhou
