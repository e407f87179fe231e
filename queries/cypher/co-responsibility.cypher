// title: Co-responsibility
// description: The 100 department pairs that share the most tasks (named on the same task in any role; ties: the departments' IRIs decide who is in): which departments are always paired. The build counts every pair and states the first 100 in the statistics graph, so the answer costs the same at any corpus size.
// params: none
// One row per pair of departments (IRIs a < b); most shared tasks first, ties by label, then IRI.
MATCH (a:Department)-[p:PAIRED]->(b:Department)
RETURN a.label AS departmentA, b.label AS departmentB, p.tasks AS tasks
ORDER BY tasks DESC, departmentA, departmentB, a.iri, b.iri
