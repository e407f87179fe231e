// title: Similar tasks
// description: Task pairs from different documents whose wording is alike (copied or adapted), most similar first, with the score and the shared words as evidence.
// params: none
// One row per similarity link; ties broken by the two tasks' wording, then the link's IRI.
MATCH (a:Task)-[s:SIMILAR]->(b:Task), (a)-[:IN_DOCUMENT]->(da:Document), (b)-[:IN_DOCUMENT]->(db:Document)
OPTIONAL MATCH (da)-[:IN_JURISDICTION]->(ja:Jurisdiction)
OPTIONAL MATCH (db)-[:IN_JURISDICTION]->(jb:Jurisdiction)
WITH s, a, b, min(ja.label) AS ja, min(jb.label) AS jb
RETURN s.score AS score, coalesce(ja, '') AS jurisdictionA, a.number AS numberA, a.label AS taskA,
       coalesce(jb, '') AS jurisdictionB, b.number AS numberB, b.label AS taskB,
       coalesce(s.evidence, '') AS evidence
ORDER BY score DESC, taskA, taskB, s.iri
