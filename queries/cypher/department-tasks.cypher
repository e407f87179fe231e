// title: Tasks of a department
// description: Every responsibility of one department or collective unit: its role, the task and document, the name as written and the character span it was read from.
// params: department (required, name) — the full name (石家庄市卫生健康委员会) or a name as written (市卫健委; may match several jurisdictions)
// examples: department=石家庄市卫生健康委员会; department=市卫健委
// One row per responsibility (and jurisdiction of its unit), in the order unit, document,
// task, span; equal labels are told apart by IRI.
WITH coalesce($department, '') AS department
MATCH (t:Task)-[r:RESPONSIBLE]->(u)
WHERE u.label = department OR list_contains(u.altLabels, department)
MATCH (t)-[:IN_DOCUMENT]->(d:Document)
OPTIONAL MATCH (u)-[:IN_JURISDICTION]->(j:Jurisdiction)
RETURN u.label AS unit, r.role AS role, coalesce(j.label, '') AS jurisdiction, d.label AS document,
       t.number AS number, t.label AS task, r.surface AS surface, r.start AS start, r.`end` AS `end`
ORDER BY unit, u.iri, jurisdiction, document, d.iri, t.start, start, r.iri
