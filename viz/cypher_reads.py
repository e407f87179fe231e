"""What the graph page reads from the LadybugDB projection of the graph, when a build has it.

The page a build writes shows the whole corpus: the units carrying most tasks, their
tasks by role, theme sizes and department-theme weights, and the details of a few
thousand tasks. Over Oxigraph the counts are joins across every task of an 8 GB store,
random reads that cost 20 s warm and over a minute when the store is not in memory (right
after a rebuild), and the details one query per document and kind; from the column store
they take a few seconds. They are the same rows: the property graph is a projection of
the RDF graph (tests compare both paths). A filtered page, or a build without LadybugDB,
is read in SPARQL.
"""

from __future__ import annotations

from typing import Any

from policykg.errors import StoreError

__all__ = ["document_rows", "unscoped_aggregate"]

UNIT_TABLES = ("Department", "CollectiveUnit")

Q_RANKED = """MATCH (u:{table}) WHERE u.rank <= $n RETURN u.iri AS u, u.tasks AS total, u.lead AS lead"""
Q_COUNTED = "MATCH (u:{table}) WHERE u.tasks IS NOT NULL RETURN count(u) AS n"
Q_ROLES = """MATCH (u:{table})<-[r:RESPONSIBLE]-(t:Task) WHERE u.iri IN $units
RETURN u.iri AS u, r.role AS role, count(DISTINCT t) AS n, collect(DISTINCT t.iri) AS ts"""
Q_THEMES = "MATCH (t:Task)-[:HAS_THEME]->(th:Theme) RETURN th.iri AS th, count(DISTINCT t) AS n"
Q_UNIT_THEMES = """MATCH (u:{table})<-[:RESPONSIBLE]-(t:Task)-[:HAS_THEME]->(th:Theme) WHERE u.iri IN $units
RETURN u.iri AS u, th.iri AS th, count(DISTINCT t) AS n"""
Q_FACTS = """MATCH (u:{table}) WHERE u.iri IN $units
OPTIONAL MATCH (u)-[:HAS_TYPE]->(ty) OPTIONAL MATCH (u)-[:IN_JURISDICTION]->(j)
RETURN u.iri AS u, u.label AS label, u.altLabels AS alt, min(ty.iri) AS type, min(j.iri) AS place"""


def unscoped_aggregate(graph: Any, themes: set[str], limit: int) -> dict[str, Any] | None:
    """What ``Reader.aggregate`` returns for the whole graph, or None without the store or ranks."""
    from policykg.viz.data import Unit, first_ranked

    try:
        rows: list[dict[str, Any]] = []
        for table in UNIT_TABLES:
            rows += graph.cypher(Q_RANKED.format(table=table), n=int(limit))
    except StoreError:
        return None
    top = first_ranked(rows, limit)
    if not top:
        return None
    units = [r["u"] for r in top]
    total = {r["u"]: r["total"] for r in top}
    n_units = sum(graph.cypher(Q_COUNTED.format(table=t))[0]["n"] for t in UNIT_TABLES)
    # sorted: the engine returns rows in any order, and the page must come out the same
    roles = sorted(
        (r["u"], r["role"], total[r["u"]], r["n"], sorted(r["ts"]))
        for table in UNIT_TABLES
        for r in graph.cypher(Q_ROLES.format(table=table), units=units)
        if r["role"]
    )
    facts: dict[str, Unit] = {}
    for table in UNIT_TABLES:
        for r in sorted(graph.cypher(Q_FACTS.format(table=table), units=units), key=lambda r: r["u"]):
            kind = "coll" if table == "CollectiveUnit" else "dept"
            facts[r["u"]] = Unit(
                r["u"], kind, r["label"] or "", r["type"], r["place"], sorted(r["alt"] or [])
            )
    return {
        "units_in_scope": n_units,
        "units": facts,
        "roles": roles,
        "themes": dict(sorted((r["th"], r["n"]) for r in graph.cypher(Q_THEMES) if r["th"] in themes)),
        "unit_themes": dict(
            sorted(
                ((r["u"], r["th"]), r["n"])
                for table in UNIT_TABLES
                for r in graph.cypher(Q_UNIT_THEMES.format(table=table), units=units)
                if r["th"] in themes
            )
        ),
    }


# The details of some documents, with the columns of viz.data's Q_DOC, Q_DOC_TASKS, Q_DOC_LINKS
# and Q_DOC_THEMES; roles come as codes (lead, co…).
Q_DOCS = """MATCH (d:Document) WHERE d.iri IN $docs OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j)
RETURN d.iri AS doc, d.label AS label, d.title AS title, min(j.iri) AS j, d.issued AS date,
d.docNumber AS number, d.sourceFiles AS sources"""
# From the documents (an index lookup) along their edges, rather than a scan over every task.
Q_TASKS = """MATCH (d:Document)<-[:IN_DOCUMENT]-(t:Task) WHERE d.iri IN $docs RETURN d.iri AS doc, t.iri AS t,
t.number AS num, t.start AS `order`, t.label AS label, t.start AS start, t.`end` AS `end`, t.text AS text,
t.section AS section, t.deadline AS deadline, t.deadlineDate AS due"""
Q_LINKS = """MATCH (d:Document)<-[:IN_DOCUMENT]-(t:Task)-[r:RESPONSIBLE]->(u) WHERE d.iri IN $docs
RETURN d.iri AS doc,
t.iri AS t, u.iri AS u, r.role AS role, r.surface AS surface, r.start AS start, r.`end` AS `end`"""
Q_TASK_THEMES = """MATCH (d:Document)<-[:IN_DOCUMENT]-(t:Task)-[:HAS_THEME]->(th:Theme) WHERE d.iri IN $docs
RETURN d.iri AS doc, t.iri AS t, th.iri AS th"""


def document_rows(graph: Any, docs: list[str]) -> dict[str, dict[str, list[dict[str, Any]]]] | None:
    """Per kind (doc, tasks, links, themes), each document's rows; None without the store."""
    try:
        found = {"doc": graph.cypher(Q_DOCS, docs=docs)}
    except StoreError:
        return None
    for r in found["doc"]:
        r["source"] = min(r.pop("sources") or [""])
    found["tasks"] = graph.cypher(Q_TASKS, docs=docs)
    found["links"] = graph.cypher(Q_LINKS, docs=docs)
    found["themes"] = graph.cypher(Q_TASK_THEMES, docs=docs)
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for kind, rows in found.items():
        by_doc: dict[str, list[dict[str, Any]]] = {}
        # in a fixed order: the engine returns rows in any, and the page must come out the same
        for r in sorted(rows, key=lambda r: [str(v) for v in r.values()]):
            by_doc.setdefault(r["doc"], []).append(r)
        out[kind] = by_doc
    return out
