// title: Role profile
// description: Per department type: how many departments, responsibilities, and how they split into lead, co, participant and implied roles, with the lead share (lead / responsibilities, 3 decimals).
// params: city (optional) — restrict to units of this jurisdiction or within it, by name or full label, e.g. 贵阳市 or 厦门市海沧区
WITH coalesce($city, '') AS city
MATCH (t:Task)-[r:RESPONSIBLE]->(d:Department)
WHERE (city = '' OR EXISTS { MATCH (d)-[:IN_JURISDICTION]->(:Jurisdiction)-[:WITHIN*0..30]->(s:Jurisdiction)
                           WHERE s.name = city OR s.label = city })
OPTIONAL MATCH (d)-[:HAS_TYPE]->(ty:DepartmentType)
WITH coalesce(ty.label, '') AS type, count(DISTINCT d) AS departments, count(r) AS responsibilities,
     sum(CASE WHEN r.role = 'lead' THEN 1 ELSE 0 END) AS lead,
     sum(CASE WHEN r.role = 'co' THEN 1 ELSE 0 END) AS co,
     sum(CASE WHEN r.role = 'participant' THEN 1 ELSE 0 END) AS participant,
     sum(CASE WHEN r.role = 'implied' THEN 1 ELSE 0 END) AS implied
RETURN type, departments, responsibilities, lead, co, participant, implied,
       round(1000.0 * lead / responsibilities, 0) / 1000.0 AS leadShare
ORDER BY responsibilities DESC, type
