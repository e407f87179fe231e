// title: Tasks of a theme
// description: The tasks that take up one theme, with the words that matched and their character span.
// params: theme (required) — the theme's key, Chinese or English label, e.g. family-doctor, 家庭医生签约服务
// examples: theme=family-doctor; theme=家庭医生签约服务
// One row per theme match, in the order jurisdiction, document, task, span; documents of
// one title are told apart by IRI, as are tasks.
WITH coalesce($theme, '') AS theme
MATCH (t:Task)-[m:HAS_THEME]->(th:Theme)
WHERE th.label = theme OR th.labelEn = theme OR th.key = theme
MATCH (t)-[:IN_DOCUMENT]->(d:Document)
OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
RETURN th.label AS themeLabel, coalesce(j.label, '') AS jurisdiction, d.label AS document, t.number AS number,
       t.label AS task, m.matched AS matched, m.start AS start, m.`end` AS `end`
ORDER BY jurisdiction, document, d.iri, t.start, t.iri, start, `end`, matched
