// title: Theme coverage
// description: Themes (紧密型县域医共体, family doctors, DRG/DIP payment…) by the jurisdiction of the document: how many tasks and documents take each up.
// params: none
// One row per theme and jurisdiction label; ordered by the theme's label, its key, then the jurisdiction.
MATCH (t:Task)-[:HAS_THEME]->(th:Theme), (t)-[:IN_DOCUMENT]->(d:Document)
OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
RETURN th.label AS theme, th.key AS themeKey, coalesce(j.label, '') AS jurisdiction,
       count(DISTINCT t) AS tasks, count(DISTINCT d) AS documents
ORDER BY theme, themeKey, jurisdiction
