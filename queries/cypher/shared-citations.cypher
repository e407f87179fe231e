// title: Shared citations
// description: Higher-level documents cited by title (《…》), most-cited first: how many documents cite each, and how many say they are based on it or implement it.
// params: none
MATCH (d:Document)-[c:CITES]->(x:CitedDocument)
RETURN x.label AS cited, count(DISTINCT d.iri) AS documents,
       count(DISTINCT CASE WHEN c.relation = 'basedOn' THEN d.iri END) AS basedOn,
       count(DISTINCT CASE WHEN c.relation = 'implements' THEN d.iri END) AS implements
ORDER BY documents DESC, cited
