// title: Shared initiatives
// description: Named initiatives (“两个允许”, “优质服务基层行”…) that two or more documents mention: in how many documents, jurisdictions and tasks.
// params: none
MATCH (d:Document)-[:MENTIONS]->(i:Initiative)
OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH i, count(DISTINCT d.iri) AS documents, count(DISTINCT j.iri) AS jurisdictions
WHERE documents >= 2
MATCH (t:Task)-[:MENTIONS]->(i)
RETURN i.label AS initiative, documents, jurisdictions, count(DISTINCT t.iri) AS tasks
ORDER BY documents DESC, tasks DESC, initiative
