// title: Shared initiatives
// description: Named initiatives (“两个允许”, “优质服务基层行”…) that two or more documents mention: in how many documents, jurisdictions and tasks, which jurisdictions (full names, sorted) and which documents (titles, sorted; one per document, so a title two documents share appears twice).
// params: none
// lists: jurisdictionNames documentTitles
// One row per initiative; most documents first, then most tasks, ties by label, then IRI.
MATCH (d:Document)-[:MENTIONS]->(i:Initiative)
WITH i, count(DISTINCT d.iri) AS documents, collect(d.label) AS titles
WHERE documents >= 2
OPTIONAL MATCH (i)<-[:MENTIONS]-(:Document)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH DISTINCT i, documents, titles, j
WITH i, documents, titles, collect(j.label) AS names, count(j) AS jurisdictions
OPTIONAL MATCH (t:Task)-[:MENTIONS]->(i)
WITH i, documents, titles, names, jurisdictions, count(DISTINCT t.iri) AS tasks
RETURN i.label AS initiative, documents, jurisdictions, tasks, list_sort(names) AS jurisdictionNames,
       list_sort(titles) AS documentTitles
ORDER BY documents DESC, tasks DESC, initiative, i.iri
