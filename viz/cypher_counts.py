"""The unscoped aggregate view's counts, read from the LadybugDB projection of the graph.

The page a build writes shows the whole corpus: the units carrying most tasks, their
tasks by role, theme sizes and department-theme weights. Over Oxigraph those are joins
across every task of an 8 GB store, random reads that cost 20 s warm and over a minute
when the store is not in memory (right after a rebuild); the same numbers from the
column store take about a second. They are the same numbers: the property graph is a
projection of the RDF graph (a test compares this path with the SPARQL one). A filtered
page, or a build without LadybugDB, is counted in SPARQL.
"""

from __future__ import annotations

from typing import Any

from policykg.errors import StoreError

__all__ = ["unscoped_aggregate"]

UNIT_TABLES = ("Department", "CollectiveUnit")

Q_RANKED = """MATCH (u:{table}) WHERE u.rank <= $n RETURN u.iri AS u, u.tasks AS total, u.lead AS lead"""
Q_COUNTED = "MATCH (u:{table}) WHERE u.tasks IS NOT NULL RETURN count(u) AS n"
Q_ROLES = """MATCH (t:Task)-[r:RESPONSIBLE]->(u) WHERE u.iri IN $units
RETURN u.iri AS u, r.role AS role, count(DISTINCT t) AS n, collect(DISTINCT t.iri) AS ts"""
Q_THEMES = "MATCH (t:Task)-[:HAS_THEME]->(th:Theme) RETURN th.iri AS th, count(DISTINCT t) AS n"
Q_UNIT_THEMES = """MATCH (u)<-[:RESPONSIBLE]-(t:Task)-[:HAS_THEME]->(th:Theme) WHERE u.iri IN $units
RETURN u.iri AS u, th.iri AS th, count(DISTINCT t) AS n"""
Q_FACTS = """MATCH (u:{table}) WHERE u.iri IN $units
OPTIONAL MATCH (u)-[:HAS_TYPE]->(ty) OPTIONAL MATCH (u)-[:IN_JURISDICTION]->(j)
RETURN u.iri AS u, u.label AS label, u.altLabels AS alt, min(ty.iri) AS type, min(j.iri) AS place"""


def unscoped_aggregate(graph: Any, themes: set[str], limit: int) -> dict[str, Any] | None:
    """What ``Reader.aggregate`` returns for the whole graph, or None without the store or ranks."""
    from policykg.viz.data import Unit

    try:
        rows: list[dict[str, Any]] = []
        for table in UNIT_TABLES:
            rows += graph.cypher(Q_RANKED.format(table=table), n=int(limit))
    except StoreError:
        return None
    top = sorted(rows, key=lambda r: (-r["total"], -r["lead"], r["u"]))[:limit]
    if not top:
        return None
    units = [r["u"] for r in top]
    total = {r["u"]: r["total"] for r in top}
    n_units = sum(graph.cypher(Q_COUNTED.format(table=t))[0]["n"] for t in UNIT_TABLES)
    roles = [
        (r["u"], r["role"], total[r["u"]], r["n"], sorted(r["ts"]))
        for r in graph.cypher(Q_ROLES, units=units)
        if r["role"]
    ]
    facts: dict[str, Unit] = {}
    for table in UNIT_TABLES:
        for r in graph.cypher(Q_FACTS.format(table=table), units=units):
            kind = "coll" if table == "CollectiveUnit" else "dept"
            facts[r["u"]] = Unit(
                r["u"], kind, r["label"] or "", r["type"], r["place"], sorted(r["alt"] or [])
            )
    return {
        "units_in_scope": n_units,
        "units": facts,
        "roles": roles,
        "themes": {r["th"]: r["n"] for r in graph.cypher(Q_THEMES) if r["th"] in themes},
        "unit_themes": {
            (r["u"], r["th"]): r["n"] for r in graph.cypher(Q_UNIT_THEMES, units=units) if r["th"] in themes
        },
    }
