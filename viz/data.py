"""What the graph page draws, read from a built store with SPARQL and bindings only.

Every number the page shows comes from these queries, so the picture is the graph (the
browser tests recompute the numbers independently). User input (city, theme, department)
is matched against names read from the store and passed to queries as bindings; query
text is assembled only from the fixed fragments below, never from user text.

Cost model (measured on a 10,000-document, 32M-quad store): pulling a row into Python
costs ~10 µs, a join over every task costs seconds, a single-pattern GROUP BY well under
one. So counts and weights are aggregated inside the store, lists are cut with LIMIT, and
details are read one document at a time from its named graph (``GRAPH ?doc``, bound), an
index lookup. A term stated in several named graphs (a department named by many
documents) repeats in the union default graph, hence DISTINCT and COUNT(DISTINCT …).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policykg.graph.rdf import ANY_ROLE
from policykg.ontology import DEPT_TYPE, POL, THEME

from policykg.api import PolicyGraph

__all__ = [
    "ROLES",
    "Concept",
    "Details",
    "Doc",
    "Link",
    "Place",
    "Reader",
    "Scope",
    "Task",
    "Unit",
    "first_ranked",
]

ROLES = ("lead", "co", "participant", "implied")
_ROLE_OF = {POL + "Lead": "lead", POL + "CoResponsible": "co", POL + "Participant": "participant"}
_ROLE_OF[POL + "Implied"] = "implied"
_ROLE_EDGE = {POL + "leadUnit": "lead", POL + "coUnit": "co", POL + "participantUnit": "participant"}
_ROLE_EDGE[POL + "impliedUnit"] = "implied"

PREFIXES = f"""PREFIX pol: <{POL}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
# ?t's role edge ?p to ?u, one branch per role: with the predicate fixed the store reads one
# index range per role, where `VALUES ?p {…} ?t ?p ?u` scans far more (1 s against 15 s).
ROLE_EDGES = " UNION ".join(
    f"{{ ?t pol:{p} ?u . BIND(pol:{p} AS ?p) }}"
    for p in ("leadUnit", "coUnit", "participantUnit", "impliedUnit")
)

Q_CONCEPTS = """SELECT ?c ?scheme (SAMPLE(?zh0) AS ?zh) (SAMPLE(?en0) AS ?en) (MIN(STR(?b0)) AS ?broader)
WHERE { ?c a skos:Concept ; skos:inScheme ?scheme .
  OPTIONAL { ?c skos:prefLabel ?zh0 FILTER(LANG(?zh0) = "zh") }
  OPTIONAL { ?c skos:prefLabel ?en0 FILTER(LANG(?en0) = "en") }
  OPTIONAL { ?c skos:broader ?b0 } } GROUP BY ?c ?scheme"""
Q_PLACES = """SELECT DISTINCT ?p ?label ?name ?code ?parent WHERE {
  ?p a pol:Jurisdiction ; rdfs:label ?label . OPTIONAL { ?p pol:name ?name }
  OPTIONAL { ?p pol:adminCode ?code } OPTIONAL { ?p pol:within ?parent } }"""
Q_UNIT_NAMES = """SELECT DISTINCT ?name WHERE { VALUES ?k { pol:Department pol:CollectiveUnit }
  ?u a ?k ; rdfs:label|skos:altLabel ?name }"""
# What the page needs about a unit ?u, one (?what, ?v) row per fact.
UNIT_FACTS = """{ ?u a pol:Department . BIND("dept" AS ?what) BIND("" AS ?v) }
  UNION { ?u a pol:CollectiveUnit . BIND("coll" AS ?what) BIND("" AS ?v) }
  UNION { ?u rdfs:label ?v . BIND("label" AS ?what) } UNION { ?u skos:altLabel ?v . BIND("alt" AS ?what) }
  UNION { ?u pol:departmentType ?v . BIND("type" AS ?what) }
  UNION { ?u pol:jurisdiction ?v . BIND("place" AS ?what) }"""

# One document's named graph (?doc bound): metadata, tasks, responsibilities, themes, units.
# The source files are stated in the files graph, not the document's own.
Q_DOC = """SELECT ?doc ?label ?title ?j ?date ?number (MIN(?file) AS ?source) WHERE { GRAPH ?doc {
  ?doc a pol:Document ; rdfs:label ?label . OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc pol:jurisdiction ?j } OPTIONAL { ?doc dcterms:issued ?date }
  OPTIONAL { ?doc pol:docNumber ?number } } OPTIONAL { ?doc pol:sourceFile ?file } }
  GROUP BY ?doc ?label ?title ?j ?date ?number"""
Q_DOC_TASKS = """SELECT ?doc ?t ?num ?order ?label ?start ?end ?text ?section ?deadline ?due WHERE {
  GRAPH ?doc {
  ?t a pol:Task ; pol:taskNumber ?num ; rdfs:label ?label ; pol:span ?span .
  BIND(xsd:integer(STRBEFORE(?span, "-")) AS ?start) BIND(?start AS ?order)
  BIND(xsd:integer(REPLACE(STRAFTER(?span, "-"), "@.*$", "")) AS ?end) OPTIONAL { ?t pol:text ?text }
  OPTIONAL { ?t pol:section ?section } OPTIONAL { ?t pol:deadline ?deadline }
  OPTIONAL { ?t pol:deadlineDate ?due } } }"""
# A responsibility as extracted is a role edge with its evidence literal; a corrected one a
# node (see graph/evidence.py and queries/sparql/department-tasks.rq).
Q_DOC_LINKS = """SELECT ?doc ?t ?u (?roleIri AS ?role) (?sf AS ?surface) ?start ?end WHERE { GRAPH ?doc {
  # A responsibility as extracted is the task's role edge to the unit with its evidence
  # literal "K ROLE UNIT START-END[@PAGE] WORDS<tab>RULE"; one a correction changed is a node.
  {
    VALUES (?edge ?roleIri ?code) { (pol:leadUnit pol:Lead "lead") (pol:coUnit pol:CoResponsible "co")
      (pol:participantUnit pol:Participant "participant") (pol:impliedUnit pol:Implied "implied") }
    ?t ?edge ?u ; pol:unitEvidence ?ev .
    FILTER(STRSTARTS(STRAFTER(?ev, " "), CONCAT(?code, " ", STRAFTER(STR(?u), "/id/org/"), " ")))
    BIND(STRAFTER(STRAFTER(STRAFTER(?ev, " "), " "), " ") AS ?rest)
    BIND(STRBEFORE(?rest, " ") AS ?span)
    BIND(xsd:integer(STRBEFORE(?span, "-")) AS ?start)
    BIND(xsd:integer(REPLACE(STRAFTER(?span, "-"), "@.*$", "")) AS ?end)
    BIND(REPLACE(STRAFTER(?rest, " "), "\\t.*$", "") AS ?sf)
    BIND(IRI(CONCAT(STR(?t), "/r/", STRBEFORE(?ev, " "))) AS ?r)
  }
  UNION
  {
    VALUES (?roleIri ?code) { (pol:Lead "lead") (pol:CoResponsible "co") (pol:Participant "participant")
      (pol:Implied "implied") }
    ?r a pol:Responsibility ; pol:unit ?u ; pol:task ?t ; pol:role ?roleIri ; pol:surfaceForm ?sf0 ;
       pol:start ?start ; pol:end ?end .
    BIND(STR(?sf0) AS ?sf)
  }
} }"""
Q_DOC_THEMES = "SELECT ?doc ?t ?th WHERE { GRAPH ?doc { ?t a pol:Task ; pol:theme ?th } }"
Q_DOC_UNITS = f"""SELECT DISTINCT ?doc ?u ?what ?v WHERE {{ GRAPH ?doc {{
  ?t {ANY_ROLE} ?u .
  {UNIT_FACTS} }} }}"""

# The first ``limit`` units of one kind by the statistics graph's rank (tasks, then tasks
# led, then IRI; see graph/rdf.py), with their counts: a range of small integers, where
# counting every responsibility costs seconds on a large store.
STATS = "<https://w3id.org/policykg/id/graph/stats>"
Q_RANKED = """SELECT ?u ?total ?lead WHERE {{
  {{ SELECT ?u ?rank WHERE {{ GRAPH {g} {{ ?u pol:{rank} ?rank }} }} ORDER BY ?rank LIMIT {limit} }}
  GRAPH {g} {{ ?u pol:taskCount ?total ; pol:leadTaskCount ?lead }} }}"""
Q_UNITS_INVOLVED = f"SELECT (COUNT(?u) AS ?n) WHERE {{ GRAPH {STATS} {{ ?u pol:taskCount ?c }} }}"

# Filters: fixed fragments over ?t whose values arrive as bindings (?scope, ?theme, ?dept).
# The sub-selects find the few matching documents or units first; written as plain joins,
# the store walks every task link instead (18 s instead of 2 s at 10,000 documents).
FILTERS = {
    "scope": "{ SELECT DISTINCT ?sdoc ?scope WHERE { ?sdoc pol:jurisdiction/pol:within* ?scope } }"
    " GRAPH ?sdoc { ?t a pol:Task }",
    "theme": "?t pol:theme ?theme .",
    "dept": "{ SELECT DISTINCT ?sunit ?dept WHERE { ?sunit rdfs:label|skos:altLabel ?sname ."
    " FILTER(STR(?sname) = ?dept) } } ?t " + ANY_ROLE + " ?sunit .",
}


@dataclass
class Scope:
    """The active filters: variable name -> bound value (an IRI, or a name for ``dept``)."""

    values: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        """A sub-select of the tasks in scope (empty when unfiltered). Queries put it first:
        the store then starts from the few tasks in scope rather than from every link."""
        if not self.values:
            return ""
        body = " ".join(FILTERS[k] for k in sorted(self.values))
        return f"{{ SELECT DISTINCT ?t{self.vars} WHERE {{ {body} }} }}"

    @property
    def vars(self) -> str:
        """The bound variables, which Oxigraph wants projected (and grouped by)."""
        return "".join(f" ?{k}" for k in sorted(self.values))


@dataclass
class Concept:
    iri: str
    zh: str
    en: str
    broader: str | None


@dataclass
class Place:
    iri: str
    label: str
    name: str
    code: str
    parent: str | None


@dataclass
class Doc:
    iri: str
    label: str
    title: str
    jurisdiction: str | None
    date: str
    number: str
    source: str


@dataclass
class Unit:
    """A department (``dept``) or collective unit (``coll``) with every written form seen."""

    iri: str
    kind: str = "dept"
    label: str = ""
    type: str | None = None
    jurisdiction: str | None = None
    alt: list[str] = field(default_factory=list)


@dataclass
class Task:
    iri: str
    doc: str
    number: str
    order: int
    label: str
    start: int
    end: int
    text: str
    section: str
    deadline: str  # as written
    due: str = ""  # the deadline as an ISO date, where it names one


@dataclass
class Link:
    """One unit's role on a task, with the words the document used and where."""

    task: str
    unit: str
    role: str
    surface: str
    start: int
    end: int


@dataclass
class Details:
    """Everything the page shows about some tasks, read from their documents' graphs."""

    docs: dict[str, Doc] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)
    links: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    themes_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    units: dict[str, Unit] = field(default_factory=dict)


def _s(v: Any) -> str:
    return "" if v is None else str(v)


def _int(v: Any) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0


def norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).strip().casefold()


class Reader:
    """Queries over one build directory; small reference tables are read once."""

    def __init__(self, out_dir: Path) -> None:
        self.graph = PolicyGraph(out_dir)
        self.themes: dict[str, Concept] = {}
        self.types: dict[str, Concept] = {}
        for r in self.rows(Q_CONCEPTS):
            c = Concept(r["c"], _s(r["zh"]), _s(r["en"]), r["broader"] or None)
            if r["scheme"] == THEME + "scheme":
                self.themes[c.iri] = c
            elif r["scheme"] == DEPT_TYPE + "scheme":
                self.types[c.iri] = c
        self.places: dict[str, Place] = {}
        for r in sorted(self.rows(Q_PLACES), key=lambda r: (r["p"], _s(r["parent"]))):
            self.places.setdefault(
                r["p"], Place(r["p"], _s(r["label"]), _s(r["name"]), _s(r["code"]), r["parent"] or None)
            )

    def rows(self, query: str, scope: Scope | None = None, /, **bindings: str) -> list[dict[str, Any]]:
        values = dict(scope.values) if scope else {}
        values.update(bindings)
        return list(self.graph.sparql(PREFIXES + query, **values))

    def ancestors(self, place: str | None) -> list[str]:
        """The place and every place it lies within, nearest first (cycle-safe)."""
        out: list[str] = []
        while place and place in self.places and place not in out:
            out.append(place)
            place = self.places[place].parent
        return out

    def scope(self, city: str | None, theme: str | None, department: str | None) -> Scope:
        """Resolve filter words to stored values; ``ValueError`` names what did not match."""
        values: dict[str, str] = {}
        if city:
            values["scope"] = _pick(
                "jurisdiction", city, {p.iri: [p.label, p.name] for p in self.places.values()}
            )
        if theme:
            values["theme"] = _pick("theme", theme, {c.iri: [c.zh, c.en] for c in self.themes.values()})
        if department:
            names = {r["name"] for r in self.rows(Q_UNIT_NAMES)}
            values["dept"] = _pick("department", department, {n: [n] for n in names})
        return Scope(values)

    def count_tasks(self, scope: Scope) -> int:
        where = scope.where or "?t a pol:Task ."
        q = f"SELECT{scope.vars} (COUNT(DISTINCT ?t) AS ?n) WHERE {{ {where} }}"
        rows = self.rows(q + (f" GROUP BY{scope.vars}" if scope.vars else ""), scope)
        return _int(rows[0]["n"]) if rows else 0

    def task_list(self, scope: Scope, limit: int) -> dict[str, str]:
        """At most ``limit`` tasks in scope, each with its document. The cut happens in the
        store's own (stable) order: ORDER BY on IRIs costs seconds on a large store."""
        where = f"{scope.where} GRAPH ?doc {{ ?t a pol:Task }}"
        q = f"SELECT DISTINCT ?t ?doc{scope.vars} WHERE {{ {where} }} LIMIT {int(limit)}"
        return {r["t"]: r["doc"] for r in sorted(self.rows(q, scope), key=lambda r: (r["t"], r["doc"]))}

    def details(self, tasks: dict[str, str] | Iterable[str], *, cypher: bool = True) -> Details:
        """Details of the given tasks (task -> document, or tasks alone), read from their
        documents. Without a document, the task IRI's prefix is used (``{document}/
        task/{hash}``, see ``graph/rdf.py``); a task not found there is left out.

        Documents, tasks, responsibilities and themes come from the LadybugDB projection
        in one query each when there is one (unless not ``cypher``), else from each
        document's named graph; the units' facts as stated in those documents, from there."""
        pairs = tasks.items() if isinstance(tasks, dict) else ((t, doc_of(t)) for t in tasks)
        by_doc: dict[str, set[str]] = defaultdict(set)
        for t, doc in pairs:
            by_doc[doc].add(t)
        batch = None
        if cypher and by_doc:
            from policykg.viz.cypher_reads import document_rows

            batch = document_rows(self.graph, sorted(by_doc))
        out = Details()
        for doc in sorted(by_doc):
            if batch is not None:
                rows = {kind: batch[kind].get(doc, []) for kind in ("doc", "tasks", "links", "themes")}
            else:
                rows = {
                    "doc": self.rows(Q_DOC, doc=doc),
                    "tasks": self.rows(Q_DOC_TASKS, doc=doc),
                    "links": self.rows(Q_DOC_LINKS, doc=doc),
                    "themes": self.rows(Q_DOC_THEMES, doc=doc),
                }
            self._add_details(out, doc, by_doc[doc], rows)
            _merge_facts(out.units, self.rows(Q_DOC_UNITS, doc=doc))
        for lst in out.themes_of.values():
            lst.sort()
        return out

    def _add_details(
        self, out: Details, doc: str, mine: set[str], rows: dict[str, list[dict[str, Any]]]
    ) -> None:
        """One document's rows (as Q_DOC, Q_DOC_TASKS, Q_DOC_LINKS, Q_DOC_THEMES give them) into ``out``."""
        out.docs[doc] = Doc(doc, doc.rsplit("/", 1)[-1], "", None, "", "", "")
        for r in rows["doc"][:1]:
            out.docs[doc] = Doc(
                doc,
                _s(r["label"]),
                _s(r["title"]),
                r["j"] or None,
                _s(r["date"]),
                _s(r["number"]),
                _s(r["source"]),
            )
        for r in rows["tasks"]:
            if r["t"] in mine and r["t"] not in out.tasks:
                out.tasks[r["t"]] = Task(
                    r["t"],
                    doc,
                    _s(r["num"]),
                    _int(r["order"]),
                    _s(r["label"]),
                    _int(r["start"]),
                    _int(r["end"]),
                    _s(r["text"]),
                    _s(r["section"]),
                    _s(r["deadline"]),
                    _s(r["due"]),
                )
        seen: set[tuple[str, str, str]] = set()
        for r in sorted(rows["links"], key=lambda r: (_int(r["start"]), r["u"], r["role"])):
            role = r["role"] if r["role"] in ROLES else _ROLE_OF.get(r["role"], "co")
            key = (r["t"], r["u"], role)
            if r["t"] in mine and key not in seen:
                seen.add(key)
                out.links[r["t"]].append(Link(*key, _s(r["surface"]), _int(r["start"]), _int(r["end"])))
        for r in rows["themes"]:
            if r["t"] in mine and r["th"] in self.themes and r["th"] not in out.themes_of[r["t"]]:
                out.themes_of[r["t"]].append(r["th"])

    # ------------------------------------------------------------ aggregate view

    def ranked_units(self, limit: int) -> str | None:
        """The ``limit`` units carrying most tasks in the corpus, as VALUES binding ?u and
        ?total: the statistics graph's ranks, merged across departments and collective
        units in the same order (tasks, tasks led, IRI). None for a store without them."""
        rows: list[dict[str, Any]] = []
        for rank in ("departmentRank", "collectiveRank"):
            rows += self.rows(Q_RANKED.format(g=STATS, rank=rank, limit=int(limit)))
        top = first_ranked(rows, limit)
        if not top:
            return None
        # IRIs read from the store, counts as integers: nothing from the user
        pairs = " ".join(f"(<{r['u']}> {_int(r['total'])})" for r in top)
        return f"VALUES (?u ?total) {{ {pairs} }}"

    def aggregate(self, scope: Scope, limit: int, *, cypher: bool = True) -> dict[str, Any]:
        """Counts, weights and task lists of the aggregate view, computed in the store.

        Unscoped, they come from the LadybugDB projection when there is one (unless not
        ``cypher``; see :mod:`policykg.viz.cypher_reads`), else the units drawn and their
        number come from the statistics graph; in a scope, from a count over its tasks."""
        v, w = scope.vars, scope.where
        if cypher and not v:
            from policykg.viz.cypher_reads import unscoped_aggregate

            counts = unscoped_aggregate(self.graph, set(self.themes), limit)
            if counts is not None:
                return counts
        ranked = None if v else self.ranked_units(limit)
        if ranked is not None:
            top, n_units = ranked, self.rows(Q_UNITS_INVOLVED)
        else:
            top = (
                f"{{ SELECT ?u{v} (COUNT(DISTINCT ?t) AS ?total) WHERE {{ {w} ?t {ANY_ROLE} ?u . }}"
                f" GROUP BY ?u{v} ORDER BY DESC(?total) ?u LIMIT {int(limit)} }}"
            )
            tail = f" GROUP BY{v}" if v else ""
            n_units = self.rows(
                f"SELECT{v} (COUNT(DISTINCT ?u) AS ?n) WHERE {{ {w} ?t {ANY_ROLE} ?u . }}{tail}",
                scope,
            )
        concat = "(GROUP_CONCAT(DISTINCT STR(?t); separator=' ') AS ?ts)"
        roles = self.rows(
            f"SELECT ?u ?p ?total{v} (COUNT(DISTINCT ?t) AS ?n) {concat}"
            f" WHERE {{ {w} {top} {ROLE_EDGES} }} GROUP BY ?u ?p ?total{v}",
            scope,
        )
        # Themes are counted, never listed: a theme's task list is a large share of the
        # corpus, and pulling a task IRI into Python is what costs (12 s of lists against
        # 0.6 s of counts at 10,000 documents). Lead-partner weights are intersections of
        # the units' task lists, computed in Python.
        themes = self.rows(
            f"SELECT ?th{v} (COUNT(DISTINCT ?t) AS ?n) WHERE {{ {w} ?t pol:theme ?th . }} GROUP BY ?th{v}",
            scope,
        )
        unit_themes = self.rows(
            f"SELECT ?u ?th{v} (COUNT(DISTINCT ?t) AS ?n)"
            f" WHERE {{ {w} {top} ?t {ANY_ROLE} ?u ; pol:theme ?th . }} GROUP BY ?u ?th{v}",
            scope,
        )
        units: dict[str, Unit] = {}
        _merge_facts(
            units, self.rows(f"SELECT DISTINCT ?u ?what ?v{v} WHERE {{ {top} {UNIT_FACTS} }}", scope)
        )
        return {
            "units_in_scope": _int(n_units[0]["n"]) if n_units else 0,
            "units": units,
            "roles": sorted(
                (r["u"], _ROLE_EDGE[r["p"]], _int(r["total"]), _int(r["n"]), sorted(_s(r["ts"]).split()))
                for r in roles
            ),
            "themes": {r["th"]: _int(r["n"]) for r in themes if r["th"] in self.themes},
            "unit_themes": {(r["u"], r["th"]): _int(r["n"]) for r in unit_themes if r["th"] in self.themes},
        }

    def theme_samples(
        self, scope: Scope, themes: Iterable[str], docs: Iterable[str], n: int
    ) -> dict[str, list[str]]:
        """Tasks to list under each theme, in IRI order: those in the given documents (whose
        details the page reads anyway), then, for a theme with fewer than ``n``, up to ``n``
        more from anywhere in scope."""
        v, w = scope.vars, scope.where
        wanted = set(themes)
        out: dict[str, set[str]] = {th: set() for th in wanted}
        pinned = " ".join(f"<{d}>" for d in sorted(docs))  # IRIs read from the store
        if pinned:
            q = (
                f"SELECT DISTINCT ?th ?t{v} WHERE {{ {w} VALUES ?doc {{ {pinned} }}"
                " GRAPH ?doc { ?t pol:theme ?th } }"
            )
            for r in self.rows(q, scope):
                if r["th"] in wanted:
                    out[r["th"]].add(r["t"])
        for th in sorted(wanted):
            if len(out[th]) < n:
                q = f"SELECT DISTINCT ?t ?th{v} WHERE {{ {w} ?t pol:theme ?th . }} LIMIT {int(n)}"
                out[th].update(r["t"] for r in self.rows(q, scope, th=th))
        return {th: sorted(ts) for th, ts in out.items()}


def first_ranked(rows: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` of units ranked per kind (rows with ?u, ?total, ?lead), merged in
    the statistics graph's order: tasks, then tasks led, then IRI."""
    return sorted(rows, key=lambda r: (-_int(r["total"]), -_int(r["lead"]), r["u"]))[:limit]


def doc_of(task: str) -> str:
    """The document of a task, from its IRI (``{document}/task/{hash}``, see ``graph/rdf.py``)."""
    return task.rsplit("/task/", 1)[0]


def _merge_facts(units: dict[str, Unit], rows: list[dict[str, Any]]) -> None:
    """Fold (?u, ?what, ?v) fact rows into Unit records; sorted first, so the result is stable."""
    for r in sorted(rows, key=lambda r: (r["u"], r["what"], _s(r["v"]))):
        u = units.setdefault(r["u"], Unit(r["u"]))
        what, v = r["what"], _s(r["v"])
        if what == "coll":
            u.kind = "coll"
        elif what == "label" and not u.label:
            u.label = v
        elif what == "type" and not u.type:
            u.type = v
        elif what == "place" and not u.jurisdiction:
            u.jurisdiction = v
        elif what == "alt" and v not in u.alt:
            u.alt.append(v)


def _pick(what: str, wanted: str, candidates: dict[str, list[str]]) -> str:
    """The stored value whose name matches ``wanted`` (NFKC, case-insensitive; IRI tail as a
    fallback, e.g. ``tcm``); the first in sorted order when several do."""
    key = norm(wanted)
    exact = sorted(k for k, names in candidates.items() if key in {norm(n) for n in names if n})
    tail = sorted(k for k in candidates if norm(k.rstrip("/").rsplit("/", 1)[-1]) == key)
    found = exact or tail
    if not found:
        raise ValueError(f"no {what} named {wanted!r} in this graph")
    return found[0]
