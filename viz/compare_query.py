"""Reading the comparison's facts from the store: the queries, and the context they share.

The report compares *jurisdictions* (the place a document was issued for), so every
count is taken per document in the store and summed per jurisdiction in Python: a task
belongs to exactly one document, so the sums are exact, and two documents of one city
fold into one column. Values that select something (a task, a target) reach the store
as bindings; query text is fixed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from policykg.viz.data import Reader

__all__ = [
    "ROLES",
    "ROLE_EDGE",
    "UNKNOWN",
    "Ctx",
    "context",
    "evidence_sentence",
    "fmt_number",
    "tail",
    "to_int",
]

ROLES = ("lead", "co", "participant", "implied")
UNKNOWN = "未识别行政区"  # documents whose jurisdiction could not be recognised
ROLE_EDGE = {"leadUnit": "lead", "coUnit": "co", "participantUnit": "participant", "impliedUnit": "implied"}
_SENTENCE_END = re.compile(r"(?<=[。；;！!？?\n])")
_CLAUSE = (",", "，")

Q_DOCS = """SELECT ?d (MIN(STR(?l)) AS ?label) (MIN(STR(?ti)) AS ?title) (MIN(STR(?f)) AS ?file)
  (MIN(STR(?j0)) AS ?j) (MIN(STR(?dt)) AS ?date) (MIN(STR(?no)) AS ?number) WHERE {
  ?d a pol:Document ; rdfs:label ?l . OPTIONAL { ?d dcterms:title ?ti } OPTIONAL { ?d pol:fileName ?f }
  OPTIONAL { ?d pol:jurisdiction ?j0 } OPTIONAL { ?d dcterms:issued ?dt } OPTIONAL { ?d pol:docNumber ?no }
} GROUP BY ?d"""
# A task's document is the named graph it sits in.
Q_DOC_TASKS = "SELECT ?d (COUNT(DISTINCT ?t) AS ?n) WHERE { GRAPH ?d { ?t a pol:Task } } GROUP BY ?d"
Q_THEMED = "SELECT DISTINCT ?c WHERE { ?c pol:matchPattern ?p ; skos:inScheme ?s }"
Q_THEMES = """SELECT ?d ?th (COUNT(DISTINCT ?t) AS ?n) WHERE { GRAPH ?d { ?t a pol:Task ;
  pol:theme ?th } } GROUP BY ?d ?th"""
Q_ROLES = """SELECT ?d ?p ?ty (COUNT(DISTINCT ?t) AS ?n) WHERE {
  VALUES ?p { pol:leadUnit pol:coUnit pol:participantUnit pol:impliedUnit }
  GRAPH ?d { ?t a pol:Task ; ?p ?u } OPTIONAL { ?u pol:departmentType ?ty } } GROUP BY ?d ?p ?ty"""
Q_UNIT_ROLES = """SELECT ?d ?u ?p (COUNT(DISTINCT ?t) AS ?n) WHERE {
  VALUES ?p { pol:leadUnit pol:coUnit pol:participantUnit pol:impliedUnit }
  GRAPH ?d { ?t a pol:Task ; ?p ?u } } GROUP BY ?d ?u ?p"""
Q_UNIT_TOTALS = """SELECT ?d ?u (COUNT(DISTINCT ?t) AS ?n) WHERE { GRAPH ?d { ?t a pol:Task ;
  pol:leadUnit|pol:coUnit|pol:participantUnit|pol:impliedUnit ?u } } GROUP BY ?d ?u"""
Q_UNIT_LABELS = """SELECT ?u (MIN(STR(?l)) AS ?label) (MIN(STR(?ty0)) AS ?ty) WHERE {
  ?t pol:leadUnit|pol:coUnit|pol:participantUnit|pol:impliedUnit ?u . ?u rdfs:label ?l .
  OPTIONAL { ?u pol:departmentType ?ty0 } } GROUP BY ?u"""
Q_TARGETS = """SELECT ?g ?t ?d (MIN(STR(?k)) AS ?key) WHERE { GRAPH ?d { ?t a pol:Task ;
  pol:target ?g . ?g pol:indicator ?w OPTIONAL { ?g pol:indicatorKey ?k0 } BIND(COALESCE(?k0, ?w) AS ?k) } }
  GROUP BY ?g ?t ?d"""
Q_TARGET = """SELECT ?g (MIN(STR(?i)) AS ?indicator) (MIN(STR(?c)) AS ?cmp) (MIN(?v0) AS ?v)
  (MIN(STR(?u0)) AS ?unit) (MIN(?y0) AS ?year) (MIN(STR(?x)) AS ?text) (MIN(?s0) AS ?start) WHERE {
  ?g pol:indicator ?i ; pol:comparator ?c ; pol:value ?v0 ; pol:unitOfMeasure ?u0 .
  OPTIONAL { ?g pol:year ?y0 } OPTIONAL { ?g pol:text ?x }
  OPTIONAL { ?g pol:span ?sp0 BIND(xsd:integer(STRBEFORE(?sp0, "-")) AS ?s0) } } GROUP BY ?g"""
Q_TASK = """SELECT ?t (MIN(STR(?n0)) AS ?num) (MIN(STR(?l0)) AS ?label) (MIN(STR(?x0)) AS ?text) WHERE {
  ?t pol:taskNumber ?n0 ; rdfs:label ?l0 . OPTIONAL { ?t pol:text ?x0 } } GROUP BY ?t"""
# Mentions and their counts are two queries joined in Python: as one query with an
# OPTIONAL, or with the labels joined in, the store picks a join order that costs seconds
# on a few hundred documents.
Q_INITIATIVES = """SELECT DISTINCT ?i ?d WHERE { ?d a pol:Document ; pol:mentionsInitiative ?i }"""
Q_INITIATIVE_TASKS = """SELECT ?i ?d (COUNT(DISTINCT ?t) AS ?n) WHERE { GRAPH ?d { ?t a pol:Task ;
  pol:mentionsInitiative ?i } } GROUP BY ?i ?d"""
# The earliest deadline a document sets for tasks that name an initiative.
Q_INITIATIVE_DUE = """SELECT ?i ?d (MIN(STR(?dd)) AS ?due) WHERE { GRAPH ?d { ?t pol:mentionsInitiative ?i ;
  pol:deadlineDate ?dd } } GROUP BY ?i ?d"""
Q_INITIATIVE_LABELS = """SELECT ?i (MIN(STR(?l)) AS ?label) WHERE { ?i a pol:Initiative ; rdfs:label ?l }
  GROUP BY ?i"""
Q_VARIANTS = "SELECT DISTINCT ?i (STR(?a) AS ?alt) WHERE { ?i a pol:Initiative ; skos:altLabel ?a }"
Q_CITATIONS = "SELECT DISTINCT ?c ?d WHERE { ?d dcterms:references ?c }"
Q_CITATION_KINDS = """SELECT DISTINCT ?c ?d ?rel WHERE { { ?d eli:based_on ?c BIND("basedOn" AS ?rel) }
  UNION { ?d eli:implements ?c BIND("implements" AS ?rel) } }"""
Q_CITED_TITLES = """SELECT ?c (MIN(STR(?l)) AS ?title) WHERE { ?c a pol:CitedDocument ; rdfs:label ?l }
  GROUP BY ?c"""
Q_LINKS = """SELECT ?link ?a ?b ?da ?db (MIN(?s) AS ?score) (MIN(STR(?e)) AS ?evidence) WHERE {
  ?link a pol:TaskSimilarity ; pol:source ?a ; pol:target ?b ; pol:score ?s .
  GRAPH ?da { ?a a pol:Task } GRAPH ?db { ?b a pol:Task } OPTIONAL { ?link pol:evidence ?e } }
  GROUP BY ?link ?a ?b ?da ?db"""
Q_LEVELS = "SELECT ?p (MIN(STR(?l)) AS ?level) WHERE { ?p a pol:Jurisdiction ; pol:level ?l } GROUP BY ?p"
EXTRA_PREFIXES = "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"


def fmt_number(v: Any) -> str:
    """A target value as written: ``12`` not ``12.0``, ``3.58`` kept.

    >>> fmt_number(12.0), fmt_number(3.58), fmt_number(None)
    ('12', '3.58', '')
    """
    if v is None or v == "":
        return ""
    f = float(v)
    return str(int(f)) if f.is_integer() else repr(round(f, 6))


def to_int(v: Any) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0


def tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def evidence_sentence(task_text: str, fragment: str, longest: int = 90) -> str:
    """The sentence of the task that states the target: the fragment alone can read as a
    bare number, the sentence says what is measured and by when. A long sentence is cut
    to the comma-separated clauses around the fragment, marked with an ellipsis.

    >>> evidence_sentence("加强管理。到2025年,覆盖率达到90%,持续改进。", "覆盖率达到90%")
    '到2025年,覆盖率达到90%,持续改进。'
    """
    if not task_text or not fragment:
        return fragment or task_text
    for sentence in _SENTENCE_END.split(task_text):
        at = sentence.find(fragment)
        if at < 0:
            continue
        sentence = sentence.strip()
        at = sentence.find(fragment)
        if len(sentence) <= longest:
            return sentence
        start = max(sentence.rfind(c, 0, at) for c in _CLAUSE) + 1
        stops = [i for i in (sentence.find(c, at + len(fragment)) for c in _CLAUSE) if i >= 0]
        end = min(stops) if stops else len(sentence)
        clause = sentence[start:end].strip()
        return ("…" if start > 0 else "") + clause + ("…" if end < len(sentence) else "")
    return fragment


@dataclass
class Ctx:
    """Reference tables shared by the sections: documents, their jurisdictions, columns."""

    reader: Reader
    docs: dict[str, dict[str, Any]]
    columns: list[str]  # jurisdiction IRIs ("" for unrecognised), column order
    col: dict[str, int]

    def rows(self, query: str, **bindings: str) -> list[dict[str, Any]]:
        return self.reader.rows(EXTRA_PREFIXES + query, **bindings)

    def jur_of(self, doc: str) -> str:
        return self.docs[doc]["jurisdiction"] if doc in self.docs else ""

    def label(self, place: str) -> str:
        return self.reader.places[place].label if place in self.reader.places else UNKNOWN

    def task(self, iri: str) -> dict[str, str]:
        rows = self.rows(Q_TASK, t=iri)
        r = rows[0] if rows else {}
        return {
            "number": str(r.get("num") or ""),
            "label": str(r.get("label") or ""),
            "text": str(r.get("text") or ""),
        }


def context(reader: Reader) -> Ctx:
    counts = {r["d"]: to_int(r["n"]) for r in reader.rows(Q_DOC_TASKS)}
    docs: dict[str, dict[str, Any]] = {}
    for r in sorted(reader.rows(Q_DOCS), key=lambda r: r["d"]):
        j = r["j"] if r["j"] in reader.places else ""
        docs[r["d"]] = {
            "iri": r["d"],
            "label": r["title"] or r["file"] or r["label"] or tail(r["d"]),
            "title": r["title"] or "",
            "file": r["file"] or "",
            "date": r["date"] or "",
            "number": r["number"] or "",
            "jurisdiction": j,
            "tasks": counts.get(r["d"], 0),
        }
    places = {d["jurisdiction"] for d in docs.values()}
    # administrative code order keeps a province next to its cities and districts
    columns = sorted(places - {""}, key=lambda p: (reader.places[p].code, p)) + sorted(places & {""})
    return Ctx(reader, docs, columns, {p: i for i, p in enumerate(columns)})
