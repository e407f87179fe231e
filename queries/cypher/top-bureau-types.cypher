// title: Top bureau types
// description: The top-bureaus counts grouped by department type (health, finance, medical insurance…): departments of the type, distinct tasks they carry, tasks one of them leads, and the rest.
// params: city (optional) — restrict to units of this jurisdiction or within it, by name or full label, e.g. 贵阳市 or 厦门市海沧区
// examples: city=石家庄市; city=贵阳市
// One row per type label ("" for departments without a type), the key both engines group
// by; most tasks first, then most led, ties by the label.
WITH coalesce($city, '') AS city
MATCH (t:Task)-[r:RESPONSIBLE]->(d:Department)
WHERE d.altLabels IS NOT NULL
  AND (city = '' OR EXISTS { MATCH (d)-[:IN_JURISDICTION]->(:Jurisdiction)-[:WITHIN*0..30]->(s:Jurisdiction)
                           WHERE s.name = city OR s.label = city })
OPTIONAL MATCH (d)-[:HAS_TYPE]->(ty:DepartmentType)
WITH coalesce(ty.label, '') AS type, count(DISTINCT d) AS departments, count(DISTINCT t) AS tasks,
     count(DISTINCT CASE WHEN r.role = 'lead' THEN t.iri END) AS lead
RETURN type, departments, tasks, lead, tasks - lead AS nonLead
ORDER BY tasks DESC, lead DESC, type
