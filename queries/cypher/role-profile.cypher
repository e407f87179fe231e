// title: Role profile
// description: Per department type: how many departments, responsibilities, and how they split into lead, co, participant and implied roles, with the lead share (lead / responsibilities, 3 decimals).
// params: city (optional) — restrict to units of this jurisdiction or within it, by name or full label, e.g. 贵阳市 or 厦门市海沧区
// examples: city=厦门市海沧区; city=贵阳市
// One row per type label ("" for departments without a type), so the row key is the label
// both engines group by; most responsibilities first, ties by the label.
WITH coalesce($city, '') AS city
MATCH (t:Task)-[r:RESPONSIBLE]->(d:Department)
WHERE (city = '' OR EXISTS { MATCH (d)-[:IN_JURISDICTION]->(:Jurisdiction)-[:WITHIN*0..30]->(s:Jurisdiction)
                           WHERE s.name = city OR s.label = city })
OPTIONAL MATCH (d)-[:HAS_TYPE]->(ty:DepartmentType)
WITH coalesce(ty.label, '') AS type, count(DISTINCT d) AS departments, count(DISTINCT r.iri) AS responsibilities,
     count(DISTINCT CASE WHEN r.role = 'lead' THEN r.iri END) AS lead,
     count(DISTINCT CASE WHEN r.role = 'co' THEN r.iri END) AS co,
     count(DISTINCT CASE WHEN r.role = 'participant' THEN r.iri END) AS participant,
     count(DISTINCT CASE WHEN r.role = 'implied' THEN r.iri END) AS implied
RETURN type, departments, responsibilities, lead, co, participant, implied,
       round(1000.0 * lead / responsibilities, 0) / 1000.0 AS leadShare
ORDER BY responsibilities DESC, type
