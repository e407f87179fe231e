// title: Top bodies
// description: Top bureaus with reforms folded in: the 100 departments carrying the most distinct tasks when each predecessor's tasks (a succession in the corrections file: 卫生计生委 → 卫生健康委) count as its last successor's; predecessors are left out, and predecessors says how many were folded in. Without any succession the rows are those of top-bureaus.
// params: none
// One row per department; most tasks first, then most led, ties by label, then IRI.
// d.bodyRank exists only when the corrections declare a succession; otherwise the
// department ranks are the bodies' ranks.
OPTIONAL MATCH (b:Department) WHERE b.bodyRank = 1
WITH count(b) AS folding
MATCH (d:Department)
WHERE (folding > 0 AND d.bodyRank <= 100) OR (folding = 0 AND d.rank <= 100)
WITH d, CASE WHEN folding > 0 THEN d.bodyTasks ELSE d.tasks END AS tasks,
     CASE WHEN folding > 0 THEN d.bodyLead ELSE d.lead END AS lead
OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
OPTIONAL MATCH (d)-[:HAS_TYPE]->(ty:DepartmentType)
WITH d, tasks, lead, min(j.label) AS jl, min(ty.label) AS tl
OPTIONAL MATCH (p:Department)-[:SUCCEEDED_BY*1..30]->(d)
WITH d.iri AS iri, d.label AS department, d.altLabels AS alts, tasks, lead, jl, tl, count(DISTINCT p.iri) AS predecessors
RETURN department, list_min(alts) AS written, coalesce(jl, '') AS jurisdiction,
       coalesce(tl, '') AS type, tasks, lead, tasks - lead AS nonLead, predecessors
ORDER BY tasks DESC, lead DESC, department, jurisdiction, type, iri
