// title: Shared citations
// description: Higher-level documents cited by title (《…》), most-cited first: how many documents cite each, and how many say they are based on it or implement it.
// params: none
// One row per cited document; ties broken by title, then IRI.
MATCH (d:Document)-[c:CITES]->(x:CitedDocument)
WITH x, count(DISTINCT d.iri) AS documents,
     count(DISTINCT CASE WHEN c.relation = 'basedOn' THEN d.iri END) AS basedOn,
     count(DISTINCT CASE WHEN c.relation = 'implements' THEN d.iri END) AS implements
RETURN x.label AS cited, documents, basedOn, implements
ORDER BY documents DESC, cited, x.iri
