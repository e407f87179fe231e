// title: Unresolved unit names
// description: Unit names as written that resolved to nothing: their unit is marked unresolved or has no function type. Empty when every name was understood.
// params: none
MATCH (t:Task)-[r:RESPONSIBLE]->(u)
WHERE u.resolved = false OR NOT EXISTS { MATCH (u)-[:HAS_TYPE]->(:DepartmentType) }
MATCH (t)-[:IN_DOCUMENT]->(d:Document)
RETURN r.surface AS written, u.label AS unit, label(u) AS kind, count(DISTINCT t.iri) AS tasks,
       count(DISTINCT d.iri) AS documents
ORDER BY tasks DESC, written, unit
