// title: Tasks due
// description: Tasks whose deadline falls on or before a date, earliest first: the deadline as written and as a date, the document's jurisdiction and the task.
// params: before — an ISO date (2023-12-31); without it every dated task; department — only tasks naming this unit (full name or as written); city — only documents of this jurisdiction (name or full label)
WITH coalesce($before, '') AS before, coalesce($department, '') AS department, coalesce($city, '') AS city
MATCH (t:Task)-[:IN_DOCUMENT]->(d:Document)
WHERE t.deadlineDate IS NOT NULL AND (before = '' OR t.deadlineDate <= before)
OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH t, d, j, department, city
WHERE (city = '' OR j.label = city OR j.name = city)
  AND (department = '' OR EXISTS {
    MATCH (t)-[:RESPONSIBLE]->(u) WHERE u.label = department OR list_contains(u.altLabels, department)
  })
RETURN t.deadlineDate AS due, t.deadline AS written, coalesce(j.label, '') AS jurisdiction, d.label AS document,
       t.number AS number, t.label AS task
ORDER BY due, document, t.seq, t.iri
