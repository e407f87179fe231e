// title: Co-responsibility
// description: Department pairs that share the most tasks (named on the same task in any role): which departments are always paired.
// params: none
// One row per pair of departments (IRIs a < b); ties broken by label, then IRI.
MATCH (a:Department)<-[:RESPONSIBLE]-(t:Task)-[:RESPONSIBLE]->(b:Department)
WHERE a.iri < b.iri
WITH a, b, count(DISTINCT t) AS tasks
RETURN a.label AS departmentA, b.label AS departmentB, tasks
ORDER BY tasks DESC, departmentA, departmentB, a.iri, b.iri
