// title: Role profile
// description: Per department type: how many departments, responsibilities, and how they split into lead, co, participant and implied roles, with the lead share (lead / responsibilities, 3 decimals).
// params: city (optional) — restrict to units of this jurisdiction or within it, by name or full label, e.g. 贵阳市 or 厦门市海沧区
// examples: city=厦门市海沧区; city=贵阳市
// One row per type label ("" for departments without a type), so the row key is the label
// both engines group by; most responsibilities first, ties by the label.
MATCH (d:Department)
WHERE d.rank IS NOT NULL AND (coalesce($city, '') = '' OR list_contains(d.scopes, $city))
OPTIONAL MATCH (d)-[:HAS_TYPE]->(ty:DepartmentType)
WITH coalesce(ty.label, '') AS type, count(DISTINCT d) AS departments,
     sum(coalesce(d.leadResponsibilities, 0)) AS lead, sum(coalesce(d.coResponsibilities, 0)) AS co,
     sum(coalesce(d.participantResponsibilities, 0)) AS participant,
     sum(coalesce(d.impliedResponsibilities, 0)) AS implied
WITH type, departments, lead + co + participant + implied AS responsibilities, lead, co, participant, implied
RETURN type, departments, responsibilities, lead, co, participant, implied,
       round(1000.0 * lead / responsibilities, 0) / 1000.0 AS leadShare
ORDER BY responsibilities DESC, type
