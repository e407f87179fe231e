// title: Unresolved unit names
// description: Unit names as written that resolved to nothing: their unit is marked unresolved or has no function type. Empty when every name was understood.
// params: none
// One row per unit and name as written; most tasks first, ties by the name, the unit's
// label, then its IRI.
MATCH (t:Task)-[r:RESPONSIBLE]->(u)
WHERE u.resolved = false OR NOT EXISTS { MATCH (u)-[:HAS_TYPE]->(:DepartmentType) }
MATCH (t)-[:IN_DOCUMENT]->(d:Document)
WITH u, r.surface AS written, count(DISTINCT t.iri) AS tasks, count(DISTINCT d.iri) AS documents
RETURN written, u.label AS unit, label(u) AS kind, tasks, documents
ORDER BY tasks DESC, written, unit, u.iri
