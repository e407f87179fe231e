// title: Top bureaus
// description: Departments ranked by the number of distinct tasks they carry (any role), with lead and non-lead counts, their jurisdiction and type. Collective units (各区〔市、县〕人民政府…) are left out; see top-collectives. Grouped by department type: top-bureau-types.
// params: city (optional) — restrict to units of this jurisdiction or within it, by name or full label, e.g. 贵阳市 or 厦门市海沧区
WITH coalesce($city, '') AS city
MATCH (t:Task)-[r:RESPONSIBLE]->(d:Department)
WHERE d.altLabels IS NOT NULL
  AND (city = '' OR EXISTS { MATCH (d)-[:IN_JURISDICTION]->(:Jurisdiction)-[:WITHIN*0..30]->(s:Jurisdiction)
                           WHERE s.name = city OR s.label = city })
WITH d, count(DISTINCT t) AS tasks, count(DISTINCT CASE WHEN r.role = 'lead' THEN t.iri END) AS lead
OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
OPTIONAL MATCH (d)-[:HAS_TYPE]->(ty:DepartmentType)
RETURN d.label AS department, list_min(d.altLabels) AS written, coalesce(j.label, '') AS jurisdiction,
       coalesce(ty.label, '') AS type, tasks, lead, tasks - lead AS nonLead
ORDER BY tasks DESC, lead DESC, department, jurisdiction, type
