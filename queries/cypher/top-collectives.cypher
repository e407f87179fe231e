// title: Top collective units
// description: Collective units (各区〔市、县〕人民政府, 市直有关部门…) ranked by the distinct tasks they carry, with lead and non-lead counts, type and how many jurisdictions they cover; kept apart from the bureaus of top-bureaus.
// params: city (optional) — restrict to units of this jurisdiction or within it, by name or full label, e.g. 贵阳市 or 厦门市海沧区
// examples: city=贵阳市
// One row per collective unit (and its jurisdiction and type); most tasks first, then most
// led, ties by label, jurisdiction, type, then IRI.
WITH coalesce($city, '') AS city
MATCH (t:Task)-[r:RESPONSIBLE]->(d:CollectiveUnit)
WHERE d.altLabels IS NOT NULL
  AND (city = '' OR EXISTS { MATCH (d)-[:IN_JURISDICTION]->(:Jurisdiction)-[:WITHIN*0..30]->(s:Jurisdiction)
                           WHERE s.name = city OR s.label = city })
WITH d, count(DISTINCT t) AS tasks, count(DISTINCT CASE WHEN r.role = 'lead' THEN t.iri END) AS lead
OPTIONAL MATCH (d)-[:COVERS]->(m:Jurisdiction)
WITH d, tasks, lead, count(DISTINCT m.iri) AS covers
OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
OPTIONAL MATCH (d)-[:HAS_TYPE]->(ty:DepartmentType)
WITH DISTINCT d, tasks, lead, covers, coalesce(j.label, '') AS jurisdiction, coalesce(ty.label, '') AS type
RETURN d.label AS collective, list_min(d.altLabels) AS written, jurisdiction, type, tasks, lead,
       tasks - lead AS nonLead, covers
ORDER BY tasks DESC, lead DESC, collective, jurisdiction, type, d.iri
