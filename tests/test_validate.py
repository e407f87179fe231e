"""SHACL validation: the sample build conforms; a corrupted copy is reported, by both engines alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from click.testing import CliRunner
from policykg.graph.stores import write_oxigraph

import policykg
from policykg.cli import cli
from policykg.validate import read_shapes, validate, validate_graph, validate_store

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
POL = "https://w3id.org/policykg/ontology#"


def tasks(out: Path) -> int:
    return int(policykg.open(out).sparql(f"SELECT (COUNT(DISTINCT ?t) AS ?n) {{ ?t a <{POL}Task> }}")[0]["n"])


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("validate") / "out"
    policykg.build([CORPUS], out, html=False)
    return out


def _subjects_of(lines: list[str], predicate: str, obj: str | None = None) -> list[str]:
    found = []
    for line in lines:
        parts = line.split(" ", 3)
        if len(parts) > 2 and parts[1] == f"<{predicate}>" and (obj is None or parts[2] == f"<{obj}>"):
            found.append(parts[0].strip("<>"))
    return sorted(set(found))


def corrupt(nquads: str) -> tuple[str, dict[str, tuple[str, str]]]:
    """The N-Quads with five faults, and (focus, path) of each fault by name."""
    lines = nquads.splitlines()
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    dept = _subjects_of(lines, rdf_type, POL + "Department")[0]
    tasks = _subjects_of(lines, rdf_type, POL + "Task")
    task = tasks[0]
    bad_evidence = min(
        line.split(" ", 1)[0].strip("<>")
        for line in lines
        if f"<{POL}unitEvidence>" in line and " lead " in line
    )
    graph = lines[0].rsplit(" ", 2)[-2]
    kept = []
    for line in lines:
        if line.startswith(f"<{dept}> <{POL}jurisdiction> "):
            continue
        if line.startswith(f"<{bad_evidence}> <{POL}unitEvidence> ") and " lead " in line:
            line = line.replace(" lead ", " boss ", 1)  # every such line of the task: its leads
        kept.append(line)
    # responsibilities as a correction writes them (nodes): one without a role, one with a wrong one
    missing_role, bad_role = f"{task}/c/missing", f"{task}/c/bad"
    for r in (missing_role, bad_role):
        for p, o in (
            (rdf_type, f"<{POL}Responsibility>"),
            (POL + "task", f"<{task}>"),
            (POL + "unit", f"<{dept}>"),
            (POL + "surfaceForm", '"市卫健委"@zh'),
            (POL + "start", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'),
            (POL + "end", '"4"^^<http://www.w3.org/2001/XMLSchema#integer>'),
            (POL + "roleRuleApplied", '"correction"'),
        ):
            kept.append(f"<{r}> <{p}> {o} {graph} .")
    kept.append(f"<{bad_role}> <{POL}role> <{POL}Boss> {graph} .")
    # the same task stated again in another document's graph: two numbers, two spans
    kept.append(f'<{task}> <{POL}taskNumber> "99" <https://example.org/elsewhere> .')
    faults = {
        "missing role": (missing_role, "pol:role"),
        "bad role": (bad_role, "pol:role"),
        "bad evidence": (bad_evidence, "pol:unitEvidence"),
        "no jurisdiction": (dept, "pol:jurisdiction"),
        "two provenances": (task, "pol:taskNumber"),
    }
    return "\n".join(kept) + "\n", faults


@pytest.fixture(scope="module")
def corrupted(out: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[str, str]]]:
    """A copy of the build whose graph.nq and Oxigraph store carry the faults."""
    bad = tmp_path_factory.mktemp("corrupt") / "out"
    shutil.copytree(out, bad)
    text, faults = corrupt((out / "graph.nq").read_text(encoding="utf-8"))
    (bad / "graph.nq").write_text(text, encoding="utf-8")
    shutil.rmtree(bad / "oxigraph")
    write_oxigraph(bad)
    return bad, faults


@pytest.mark.parametrize("engine", ["pyshacl", "sparql"])
def test_samples_conform(out: Path, engine: str) -> None:
    report = validate(out, engine)
    assert report.conforms, "\n".join(v.line() for v in report.violations[:10])
    assert report.focus_nodes[POL + "Task"] == tasks(out) > 100
    assert "conforms" in report.summary()


def test_cli_conforms(out: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "-g", str(out)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output and f"{tasks(out)} pol:Task" in result.output


@pytest.mark.parametrize("engine", ["pyshacl", "sparql"])
def test_corrupted_graph_is_reported(corrupted: tuple[Path, dict[str, tuple[str, str]]], engine: str) -> None:
    bad, faults = corrupted
    report = validate(bad, engine)
    assert not report.conforms
    found = {(v.focus, v.path) for v in report.violations}
    for name, fault in faults.items():
        assert fault in found, f"{engine} missed the {name}"
    components = {(v.focus, v.component) for v in report.violations}
    assert (faults["missing role"][0], "MinCountConstraintComponent") in components
    assert (faults["bad role"][0], "InConstraintComponent") in components
    assert (faults["bad evidence"][0], "PatternConstraintComponent") in components
    assert (faults["two provenances"][0], "MaxCountConstraintComponent") in components


def test_engines_agree(corrupted: tuple[Path, dict[str, tuple[str, str]]]) -> None:
    bad, _ = corrupted
    by_pyshacl = {v.key() for v in validate(bad, "pyshacl").violations}
    by_sparql = {v.key() for v in validate(bad, "sparql").violations}
    assert by_pyshacl == by_sparql


def test_cli_reports_violations(corrupted: tuple[Path, dict[str, tuple[str, str]]]) -> None:
    bad, _ = corrupted
    result = CliRunner().invoke(cli, ["validate", "-g", str(bad), "--limit", "2"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("Violation: ") and len(lines) == 4
    assert "more (--limit)" in lines[2] and "results" in lines[3]
    result = CliRunner().invoke(cli, ["validate", "-g", str(bad), "--engine", "sparql"])
    assert result.exit_code == 1
    assert "pol:role" in result.output and "exactly one role" in result.output


def test_library_on_rdflib_graph_and_memory_store() -> None:
    """Responsibility without a role, checked on an rdflib graph and an in-memory Oxigraph store."""
    ttl = f"""
    @prefix pol: <{POL}> . @prefix org: <http://www.w3.org/ns/org#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    pol:Department rdfs:subClassOf org:Organization .
    <urn:r> a pol:Responsibility ; pol:task <urn:t> ; pol:unit <urn:d> ;
        pol:start 3 ; pol:end 1 ; pol:surfaceForm "市卫健委"@zh ; pol:roleRuleApplied "x" .
    """
    g = rdflib.Graph().parse(data=ttl, format="turtle")
    store = pyoxigraph.Store()
    store.load(input=ttl, format=pyoxigraph.RdfFormat.TURTLE, to_graph=pyoxigraph.DefaultGraph())
    for report in (validate_graph(g), validate_store(store)):
        keys = {(v.path, v.component) for v in report.violations if v.focus == "urn:r"}
        assert ("pol:role", "MinCountConstraintComponent") in keys, report.engine
        assert ("pol:task", "ClassConstraintComponent") in keys, report.engine  # <urn:t> is untyped
        assert ("pol:start", "LessThanConstraintComponent") in keys, report.engine
        assert not report.conforms


def test_sparql_engine_refuses_unknown_components(out: Path) -> None:
    shapes = read_shapes()
    shapes.parse(
        data=f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetClass <{POL}Task> ;
            sh:property [ sh:path <{POL}text> ; sh:minLength 2 ] .""",
        format="turtle",
    )
    with pytest.raises(ValueError, match="minLength"):
        validate_store(pyoxigraph.Store.read_only(str(out / "oxigraph")), shapes)


def test_not_a_build(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "-g", str(tmp_path)])
    assert result.exit_code == 2


def test_validate_prints_its_results_as_json_or_csv(sample_build: Path) -> None:
    import json

    from click.testing import CliRunner

    from policykg.cli import cli

    res = CliRunner().invoke(cli, ["validate", "-g", str(sample_build), "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout) == []  # the samples conform
    res = CliRunner().invoke(cli, ["validate", "-g", str(sample_build), "--format", "csv"])
    assert res.stdout.splitlines()[0] == "severity,focus,path,component,message,value"
