// title: Co-responsibility
// description: Department pairs that share the most tasks (named on the same task in any role): which departments are always paired.
// params: none
MATCH (a:Department)<-[:RESPONSIBLE]-(t:Task)-[:RESPONSIBLE]->(b:Department)
WHERE a.iri < b.iri
RETURN a.label AS departmentA, b.label AS departmentB, count(DISTINCT t) AS tasks
ORDER BY tasks DESC, departmentA, departmentB
