"""Exports: RDF files, CSV files for ``neo4j-admin database import``, and a Neo4j server.

The property-graph exports read the LadybugDB store (the projection of
:mod:`policykg.graph.projection`), so Neo4j receives exactly the nodes, relationships and
properties the embedded Cypher engine answers from. The Neo4j loader creates uniqueness
constraints first, then sends ``UNWIND $rows AS row MERGE …`` statements in batches: a
second run finds every node and relationship already there and changes nothing.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policykg.graph.cypher_store import open_ladybug, run_cypher
from policykg.graph.projection import LIST_SEP, NodeTable, RelTable, Schema, read_schema

__all__ = [
    "RDF_FORMATS",
    "iter_neo4j_batches",
    "load_neo4j",
    "neo4j_constraints",
    "neo4j_statement",
    "write_neo4j_csv",
    "write_rdf",
]

RDF_FORMATS = ("turtle", "nquads", "jsonld")
GRAPH_FILE = "graph.nq"
_NEO4J_TYPES = {"STRING": "string", "INT64": "long", "DOUBLE": "double", "BOOLEAN": "boolean"}
_NEO4J_TYPES["STRING[]"] = "string[]"
_PREFIXES = {
    "pol": "https://w3id.org/policykg/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def write_rdf(out: Path, dest: Path, fmt: str) -> int:
    """Write OUT/graph.nq as ``turtle`` (graphs merged), ``nquads`` or ``jsonld`` (graphs kept).

    Returns the number of triples (turtle) or quads written.
    """
    import pyoxigraph

    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r} ({', '.join(RDF_FORMATS)})")
    src = Path(out) / GRAPH_FILE
    dest.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "nquads":  # graph.nq already is canonical, sorted N-Quads
        shutil.copyfile(src, dest)
        with open(dest, "rb") as fh:
            return sum(1 for _ in fh)
    quads = pyoxigraph.parse(path=str(src), format=pyoxigraph.RdfFormat.N_QUADS)
    if fmt == "turtle":
        # Turtle has no named graphs: the union, each triple once, in a stable order.
        triples = sorted({q.triple for q in quads}, key=str)
        pyoxigraph.serialize(triples, str(dest), pyoxigraph.RdfFormat.TURTLE, prefixes=_PREFIXES)
        return len(triples)
    items = list(quads)
    pyoxigraph.serialize(items, str(dest), pyoxigraph.RdfFormat.JSON_LD)
    return len(items)


# ---------------------------------------------------------------- property-graph rows


def _node_rows(conn: Any, table: NodeTable) -> list[dict[str, Any]]:
    cols = ", ".join(f"n.`{c.name}` AS `{c.name}`" for c in table.columns)
    q = f"MATCH (n:{table.name}) RETURN n.iri AS iri, {cols} ORDER BY n.iri"
    return run_cypher("", q, conn=conn).rows


def _rel_rows(conn: Any, rel: RelTable, src: str, dst: str) -> list[dict[str, Any]]:
    cols = "".join(f", r.`{c.name}` AS `{c.name}`" for c in rel.columns)
    order = ", r.iri" if rel.key else ""
    q = (
        f"MATCH (a:{src})-[r:{rel.name}]->(b:{dst}) RETURN a.iri AS src, b.iri AS dst{cols} "
        f"ORDER BY a.iri, b.iri{order}"
    )
    return run_cypher("", q, conn=conn).rows


def write_neo4j_csv(out: Path, folder: Path, schema: Schema | None = None) -> dict[str, int]:
    """Node and relationship CSV files with ``neo4j-admin database import full`` headers,
    plus ``import.sh`` with the matching command line (list items are split on U+001F)."""
    schema = schema or read_schema()
    folder.mkdir(parents=True, exist_ok=True)
    db, conn = open_ladybug(out)
    args: list[str] = []
    info = {"nodes": 0, "relationships": 0, "files": 0}
    try:
        for t in schema.nodes:
            rows = _node_rows(conn, t)
            name = f"nodes_{t.name}.csv"
            header = ["iri:ID", ":LABEL", *(f"{c.name}:{_NEO4J_TYPES[c.type]}" for c in t.columns)]
            _write(folder / name, header, ([r["iri"], t.name, *(r[c.name] for c in t.columns)] for r in rows))
            args.append(f"--nodes={name}")
            info["nodes"] += len(rows)
            info["files"] += 1
        for r in schema.rels:
            for src, dst in r.pairs:
                rows = _rel_rows(conn, r, src, dst)
                name = f"rels_{r.name}_{src}_{dst}.csv"
                header = [
                    ":START_ID",
                    ":END_ID",
                    ":TYPE",
                    *(f"{c.name}:{_NEO4J_TYPES[c.type]}" for c in r.columns),
                ]
                body = ([x["src"], x["dst"], r.name, *(x[c.name] for c in r.columns)] for x in rows)
                _write(folder / name, header, body)
                args.append(f"--relationships={name}")
                info["relationships"] += len(rows)
                info["files"] += 1
    finally:
        conn.close()
        db.close()
    script = (
        "#!/bin/sh\n# Import these files into an empty Neo4j database (run from this folder; the\n"
        "# database must be stopped). Text may span lines; list items are split on U+001F.\n"
        'neo4j-admin database import full "${1:-neo4j}" --multiline-fields=true \\\n'
        "  --array-delimiter=\"$(printf '\\037')\" \\\n  " + " \\\n  ".join(args) + "\n"
    )
    (folder / "import.sh").write_text(script, encoding="utf-8")
    return info


def _write(path: Path, header: list[str], rows: Any) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for row in rows:
            w.writerow(
                ["" if v is None else LIST_SEP.join(v) if isinstance(v, list) else _text(v) for v in row]
            )


def _text(v: Any) -> Any:
    return ("true" if v else "false") if isinstance(v, bool) else v


# ---------------------------------------------------------------- Neo4j over Bolt


def neo4j_constraints(schema: Schema | None = None) -> list[str]:
    """One uniqueness constraint on ``iri`` per node label (Neo4j 5 syntax)."""
    schema = schema or read_schema()
    return [
        f"CREATE CONSTRAINT {t.name.lower()}_iri IF NOT EXISTS FOR (n:{t.name}) REQUIRE n.iri IS UNIQUE"
        for t in schema.nodes
    ]


def neo4j_statement(
    table: NodeTable | RelTable, pair: tuple[str, str] | None = None, columns: set[str] | None = None
) -> str:
    """The ``UNWIND $rows … MERGE`` statement for one node table or relationship pair.

    Rows are maps keyed by property name (``src``/``dst`` for the end nodes' IRIs). A
    relationship with an ``iri`` property is merged on it, so parallel edges stay apart.
    ``columns`` limits the SET list to the properties a batch has values for.
    """
    names = [c.name for c in table.columns if columns is None or c.name in columns]
    if isinstance(table, NodeTable):
        sets = ", ".join(f"n.`{n}` = row.`{n}`" for n in names)
        return f"UNWIND $rows AS row MERGE (n:{table.name} {{iri: row.iri}})" + (
            f" SET {sets}" if sets else ""
        )
    assert pair is not None
    key = " {iri: row.iri}" if table.key else ""
    sets = ", ".join(f"r.`{n}` = row.`{n}`" for n in names if n != "iri")
    return (
        f"UNWIND $rows AS row MATCH (a:{pair[0]} {{iri: row.src}}) MATCH (b:{pair[1]} {{iri: row.dst}}) "
        f"MERGE (a)-[r:{table.name}{key}]->(b)" + (f" SET {sets}" if sets else "")
    )


def iter_neo4j_batches(
    out: Path, batch: int = 1000, schema: Schema | None = None
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(statement, rows) pairs: every node table first, then every relationship pair.

    A property that is null in every row of a batch is left out of that batch (typed
    engines cannot infer a column's type from nulls alone; Neo4j stores no nulls anyway).
    """
    if batch < 1:
        raise ValueError("--batch must be at least 1")
    schema = schema or read_schema()
    db, conn = open_ladybug(out)
    try:
        work: list[tuple[NodeTable | RelTable, tuple[str, str] | None, list[dict[str, Any]]]] = []
        for t in schema.nodes:
            work.append((t, None, _node_rows(conn, t)))
        for r in schema.rels:
            for pair in r.pairs:
                work.append((r, pair, _rel_rows(conn, r, *pair)))
    finally:
        conn.close()
        db.close()
    for table, pair, rows in work:
        for i in range(0, len(rows), batch):
            part = rows[i : i + batch]
            present = {k for row in part for k, v in row.items() if v is not None}
            part = [{k: v for k, v in row.items() if k in present} for row in part]
            yield neo4j_statement(table, pair, present), part


def load_neo4j(
    out: Path,
    uri: str,
    auth: tuple[str, str],
    *,
    database: str | None = None,
    batch: int = 1000,
    constraints: bool = True,
) -> dict[str, int]:
    """Load the property graph into Neo4j through the official driver, idempotently.

    ``constraints=False`` skips the CREATE CONSTRAINT statements, for Bolt servers other
    than Neo4j that do not speak that syntax.
    """
    import neo4j

    info = {"nodes": 0, "relationships": 0}
    with neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
        driver.verify_connectivity()
        with driver.session(database=database) as session:
            for stmt in neo4j_constraints() if constraints else []:
                session.run(stmt).consume()
            for stmt, rows in iter_neo4j_batches(out, batch):
                session.execute_write(lambda tx, s=stmt, r=rows: tx.run(s, rows=r).consume())
                info["relationships" if "MERGE (a)-" in stmt else "nodes"] += len(rows)
    return info
