"""What a build's stores hold, read whole, for tests comparing an updated build with a fresh one."""

from __future__ import annotations

from pathlib import Path


def ladybug_rows(out: Path) -> dict[str, list[str]]:
    """Every row of every LadybugDB table, each property by name, sorted."""
    from policykg.graph.cypher_store import open_ladybug
    from policykg.graph.projection import read_schema

    schema = read_schema()
    queries = {
        t.name: f"MATCH (n:{t.name}) RETURN n.iri" + "".join(f", n.`{c.name}`" for c in t.columns)
        for t in schema.nodes
    }
    for r in schema.rels:
        cols = "".join(f", r.`{c.name}`" for c in r.columns)
        queries[r.name] = f"MATCH (a)-[r:{r.name}]->(b) RETURN label(a), a.iri, label(b), b.iri{cols}"
    db, conn = open_ladybug(out)
    try:
        tables = {name: sorted(map(repr, conn.execute(q).get_all())) for name, q in queries.items()}
    finally:
        conn.close()
        db.close()
    assert sum(map(len, tables.values())) > 1000  # the samples fill the tables
    return tables


def store_quads(out: Path) -> list[str]:
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(out / "oxigraph"))
    return sorted(str(q) for q in store)


def file_quads(out: Path) -> list[str]:
    import pyoxigraph

    quads = pyoxigraph.parse(path=str(out / "graph.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    return sorted(str(q) for q in quads)
