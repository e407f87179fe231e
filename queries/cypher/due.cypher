// title: Tasks due
// description: Tasks whose deadline falls on or before a date, earliest first: the deadline as written and as a date, the document's jurisdiction and the task.
// params: before (date) — an ISO date (2023-12-31); without it every dated task; department (name) — only tasks naming this unit (full name or as written); city — only documents of this jurisdiction (name or full label)
// examples: before=2023-07-01; city=贵阳市; department=市卫生健康局; before=2023-12-31, city=厦门市海沧区
// One row per task, earliest first; ties broken by document title, the task's place in it, its IRI.
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
ORDER BY due, document, t.start, t.iri
