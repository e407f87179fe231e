// title: Shared themes
// description: Themes (紧密型县域医共体, family doctors, DRG/DIP payment…) that tasks of two or more jurisdictions take up: in how many jurisdictions, documents and tasks, which jurisdictions (full names, sorted) and which documents (titles, sorted; one per document). A task counts for the jurisdiction of its document.
// params: none
// lists: jurisdictionNames documentTitles
// One row per theme; most jurisdictions first, then most documents, most tasks, ties by the
// theme's label, then its key.
MATCH (t:Task)-[:HAS_THEME]->(th:Theme), (t)-[:IN_DOCUMENT]->(:Document)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH DISTINCT th, j
WITH th, collect(j.label) AS names, count(j) AS jurisdictions
WHERE jurisdictions >= 2
MATCH (t:Task)-[:HAS_THEME]->(th), (t)-[:IN_DOCUMENT]->(d:Document)
WITH th, names, jurisdictions, count(DISTINCT t.iri) AS tasks, collect(DISTINCT d) AS docs
UNWIND docs AS d
WITH th, names, jurisdictions, tasks, count(d) AS documents, collect(d.label) AS titles
RETURN th.label AS theme, th.key AS themeKey, jurisdictions, documents, tasks,
       list_sort(names) AS jurisdictionNames, list_sort(titles) AS documentTitles
ORDER BY jurisdictions DESC, documents DESC, tasks DESC, theme, themeKey
