// title: Top bureaus
// description: The 100 departments carrying the most distinct tasks (any role), with lead and non-lead counts, their jurisdiction and type (ties: the department's IRI decides who is in). Counts and ranks come from the statistics graph, which the build derives from pol:involves and pol:leadUnit. Collective units (各区〔市、县〕人民政府…) are left out; see top-collectives. Grouped by department type: top-bureau-types.
// params: city (optional) — restrict to units of this jurisdiction or within it, by name or full label, e.g. 贵阳市 or 厦门市海沧区
// examples: city=贵阳市; city=贵州省; city=厦门市海沧区
// One row per department; most tasks first, then most led, ties by label, then IRI.
MATCH (d:Department)
// d.rank: the department's place in this order over the corpus (tasks, lead, IRI), from the
// statistics graph; without a city the first 100 are a range of it, not a sort of every row.
// $city is tested as itself (not through WITH): the engine then folds the test per query.
WHERE (coalesce($city, '') = '' AND d.rank <= 100)
   OR (coalesce($city, '') <> '' AND d.rank IS NOT NULL AND list_contains(d.scopes, $city))
WITH d ORDER BY d.rank LIMIT 100
OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
OPTIONAL MATCH (d)-[:HAS_TYPE]->(ty:DepartmentType)
WITH d.iri AS iri, d.label AS department, d.altLabels AS alts, d.tasks AS tasks, d.lead AS lead,
     min(j.label) AS jl, min(ty.label) AS tl
RETURN department, list_min(alts) AS written, coalesce(jl, '') AS jurisdiction,
       coalesce(tl, '') AS type, tasks, lead, tasks - lead AS nonLead
ORDER BY tasks DESC, lead DESC, department, jurisdiction, type, iri
