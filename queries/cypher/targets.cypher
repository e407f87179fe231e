// title: Quantified targets
// description: Numbers the tasks commit to (孕产妇死亡率 ≤ 12/10万…): normalised indicator, as written, comparator, value, unit, year, jurisdiction and source span.
// params: indicator (optional) — a normalised indicator or the indicator as written, e.g. 孕产妇死亡率
// examples: indicator=孕产妇死亡率
// One row per target (and jurisdiction of its document); ties broken by document IRI, span,
// then the target's IRI.
WITH coalesce($indicator, '') AS indicator
MATCH (t:Task)-[:HAS_TARGET]->(g:Target)
WHERE indicator = '' OR coalesce(g.indicatorKey, g.indicator) = indicator OR g.indicator = indicator
MATCH (t)-[:IN_DOCUMENT]->(d:Document)
OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
RETURN coalesce(g.indicatorKey, g.indicator) AS key, g.indicator AS written, g.comparator AS comparator, g.value AS value,
       g.unit AS unit, g.year AS year, coalesce(j.label, '') AS jurisdiction, d.label AS document,
       t.number AS number, g.text AS text, g.start AS start, g.`end` AS `end`
ORDER BY key, jurisdiction, document, d.iri, start, `end`, g.iri, t.iri
