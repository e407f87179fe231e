"""One document's extraction → RDF quads in its own named graph, with provenance.

IRIs come from content: a document's from the hash of its bytes, a task's from the
document and its number path, a unit's from its canonical name and jurisdiction. The same
corpus therefore always gives the same graph, byte for byte.
"""

from __future__ import annotations

import hashlib

from policykg.graph.enrich import find_initiatives, match_themes
from policykg.graph.evidence import format_evidence, format_span
from policykg.graph.normalize import Resolver, Unit, place_label
from policykg.graph.nquads import XSD, Quads, literal
from policykg.loaders.pages import page_of
from policykg.ontology import ID, POL, Place, gazetteer

from policykg.model import Extraction

__all__ = [
    "ANY_ROLE",
    "REFERENCE_GRAPH",
    "ROLE_EDGE",
    "UNIT_PREFIX",
    "document_iri",
    "document_quads",
    "jurisdiction_iri",
    "reference_quads",
    "unit_key",
]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
ELI = "http://data.europa.eu/eli/ontology#"

REFERENCE_GRAPH = ID + "graph/reference"
# Any role edge, as a SPARQL property path: "the task involves the unit" (pol:involves, their
# super-property, is entailed, not stated).
ANY_ROLE = "pol:leadUnit|pol:coUnit|pol:participantUnit|pol:impliedUnit"
ROLE_EDGE = {"lead": "leadUnit", "co": "coUnit", "participant": "participantUnit", "implied": "impliedUnit"}
ROLE_IRI = {"lead": "Lead", "co": "CoResponsible", "participant": "Participant", "implied": "Implied"}
CITATION_EDGE = {"basedOn": ELI + "based_on", "implements": ELI + "implements", "cites": DCT + "references"}


UNIT_PREFIX = ID + "org/"


def unit_key(unit: str) -> str:
    """A unit's IRI without ``UNIT_PREFIX``: how evidence literals name it."""
    return unit.removeprefix(UNIT_PREFIX)


def document_iri(sha256: str) -> str:
    return f"{ID}doc/{sha256[:16]}"


def jurisdiction_iri(code: str) -> str:
    return f"{ID}place/{code}"


def _short_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def task_iri(doc: str, task_id: str) -> str:
    return f"{doc}/task/{_short_hash(task_id)}"


def similarity_texts(ext: Extraction) -> list[tuple[str, str, str]]:
    """(task IRI, document IRI, words) per task, the responsibility clause left out."""
    doc = document_iri(ext.document.sha256)
    out = []
    for task in ext.tasks:
        words = task.text[: task.clause[0] - task.start] if task.clause else task.text
        out.append((task_iri(doc, task.id), doc, words))
    return out


def cited_iri(title: str) -> str:
    from policykg.loaders.metadata import _norm

    return f"{ID}cited/{_short_hash(_norm(title))}"


def _unit_quads(q: Quads, unit: Unit, written: str) -> None:
    cls = "Department" if unit.kind == "department" else "CollectiveUnit"
    q.link(unit.iri, RDF_TYPE, POL + cls)
    q.add(unit.iri, RDFS_LABEL, literal(unit.label, lang="zh"))
    q.add(unit.iri, SKOS + "altLabel", literal(written, lang="zh"))
    for alias in unit.aliases:
        q.add(unit.iri, SKOS + "altLabel", literal(alias, lang="zh"))
    if unit.type_iri:
        # pol:departmentType is declared a sub-property of org:classification.
        q.link(unit.iri, POL + "departmentType", unit.type_iri)
    if unit.jurisdiction is not None:
        q.link(unit.iri, POL + "jurisdiction", jurisdiction_iri(unit.jurisdiction.code))
    for code in unit.members:
        q.link(unit.iri, POL + "coversJurisdiction", jurisdiction_iri(code))
    if not unit.resolved:  # stated for the few names tied to no department only
        q.add(unit.iri, POL + "resolved", literal(False))


def document_quads(ext: Extraction) -> list[str]:
    """All quads derived from one document, in its named graph, sorted."""
    return document_graph(ext)[0]


Tally = list[int | str]  # see document_graph
# The roles in the order their responsibility counts sit in a tally (after its 4th field).
TALLY_ROLES = ("lead", "co", "participant", "implied")
# A unit's responsibilities in one role, in the statistics graph (absent when none).
ROLE_COUNT = {role: f"{role}ResponsibilityCount" for role in TALLY_ROLES}


def document_graph(ext: Extraction) -> tuple[list[str], dict[str, Tally]]:
    """The document's quads, and per unit IRI its tally: [distinct tasks, distinct tasks
    led, 1 if a department else 0, its jurisdiction's code or "", then its responsibilities
    in each role of TALLY_ROLES].

    The tallies add up across documents (a task belongs to one document), so the build
    sums them into the statistics graph without reading any quads again.
    """
    doc = document_iri(ext.document.sha256)
    tallies: dict[str, Tally] = {}
    q = Quads(doc)
    clean = ext.clean
    meta = ext.meta
    pages = ext.document.pages
    q.link(doc, RDF_TYPE, POL + "Document")
    q.add(doc, POL + "sha256", literal(ext.document.sha256))
    q.add(doc, POL + "encoding", literal(ext.document.encoding))
    if meta.title:
        q.add(doc, DCT + "title", literal(meta.title, lang="zh"))
        q.add(doc, RDFS_LABEL, literal(meta.title, lang="zh"))
    else:
        q.add(doc, RDFS_LABEL, literal(f"({ext.document.sha256[:12]})"))
    if meta.date:
        q.add(doc, DCT + "issued", literal(meta.date, datatype=XSD + "date"))
    if meta.doc_number:
        q.add(doc, POL + "docNumber", literal(meta.doc_number))
    for issuer in meta.issuer:
        q.add(doc, POL + "issuerName", literal(issuer, lang="zh"))
    if meta.jurisdiction and meta.jurisdiction.code:
        q.link(doc, POL + "jurisdiction", jurisdiction_iri(meta.jurisdiction.code))
    for rule in ext.rules:
        q.add(doc, POL + "roleRule", literal(rule, lang="zh"))
    for c in meta.cites:
        cited = cited_iri(c.title)
        q.link(cited, RDF_TYPE, POL + "CitedDocument")
        q.add(cited, RDFS_LABEL, literal(c.title, lang="zh"))
        q.add(cited, DCT + "title", literal(c.title.strip("《》"), lang="zh"))
        q.link(doc, DCT + "references", cited)
        if c.relation != "cites":
            q.link(doc, CITATION_EDGE[c.relation], cited)

    resolver = Resolver(meta.jurisdiction)
    themed: dict[str, int] = {}  # theme key -> tasks of the document that take it up
    for task in ext.tasks:
        for u in task.units:
            resolver.register_alias(u.name)
    for task in ext.tasks:
        t = task_iri(doc, task.id)
        s, e = clean.to_source(task.start, task.end)
        q.link(t, RDF_TYPE, POL + "Task")
        q.add(t, POL + "taskNumber", literal(task.id))
        q.add(t, RDFS_LABEL, literal(task.title, lang="zh"))
        q.add(t, POL + "text", literal(task.text, lang="zh"))
        if task.section:
            q.add(t, POL + "section", literal(task.section, lang="zh"))
        _offsets(q, t, s, e, pages)
        if task.deadline:
            q.add(t, POL + "deadline", literal(task.deadline, lang="zh"))
            if task.deadline_date:
                q.add(t, POL + "deadlineDate", literal(task.deadline_date, datatype=XSD + "date"))
            if task.deadline_kind:
                q.add(t, POL + "deadlineKind", literal(task.deadline_kind))
            if task.deadline_span:
                ds, de = clean.to_source(*task.deadline_span)
                q.add(t, POL + "deadlineSpan", literal(format_span(ds, de)))
        for key in _enrich_task(q, doc, t, task, clean, pages):
            themed[key] = themed.get(key, 0) + 1
        prev_prefix: str | None = None
        involved: dict[str, bool] = {}  # unit IRI -> leads this task
        for k, u in enumerate(task.units):
            unit = resolver.resolve(u.name, prev_prefix if u.role != "implied" else None)
            p = resolver.prefix_of(u.name)
            if p:
                prev_prefix = p
            _unit_quads(q, unit, u.name)
            us, ue = clean.to_source(u.start, u.end)
            fields = (str(k), u.role, unit_key(unit.iri))
            ev = format_evidence(fields, us, ue, page_of(pages, us), u.name, u.rule)
            q.add(t, POL + "unitEvidence", literal(ev))
            q.link(t, POL + ROLE_EDGE[u.role], unit.iri)
            involved[unit.iri] = involved.get(unit.iri, False) or u.role == "lead"
            code = unit.jurisdiction.code if unit.jurisdiction is not None else ""
            department = int(unit.kind == "department")
            tally = tallies.setdefault(unit.iri, [0, 0, department, code, *(0 for _ in TALLY_ROLES)])
            tally[4 + TALLY_ROLES.index(u.role)] += 1
        for iri, leads in involved.items():
            tallies[iri][0] += 1
            tallies[iri][1] += leads
    # Per theme, how many of the document's tasks take it up ("KEY N"): coverage by place
    # then sums a few literals per document instead of counting every task's theme edge.
    for key in sorted(themed):
        q.add(doc, POL + "themeTaskCount", literal(f"{key} {themed[key]}"))
    return q.lines(), tallies


def _offsets(q: Quads, node: str, start: int, end: int, pages: tuple[int, ...]) -> None:
    """The node's evidence span in the decoded source, with its page where the format has
    pages, as one compact literal (graph.evidence.format_span)."""
    q.add(node, POL + "span", literal(format_span(start, end, page_of(pages, start))))


def _span(q: Quads, node: str, clean: object, start: int, end: int, pages: tuple[int, ...]) -> None:
    s, e = clean.to_source(start, end)  # type: ignore[attr-defined]
    _offsets(q, node, s, e, pages)


def _enrich_task(q: Quads, doc: str, t: str, task: object, clean: object, pages: tuple[int, ...]) -> set[str]:
    """Themes, targets and named initiatives of one task, each with its evidence span;
    returns the keys of the task's themes."""
    text, start = task.text, task.start  # type: ignore[attr-defined]
    keys: set[str] = set()
    evidence = []
    for m in match_themes(text, start):
        keys.add(m.key)
        q.link(t, POL + "theme", m.iri)
        s, e = clean.to_source(m.start, m.end)  # type: ignore[attr-defined]
        evidence.append(format_evidence((m.key,), s, e, page_of(pages, s), m.text))
    if evidence:
        # One literal for all the task's themes, a line each: a quad per task, not per theme.
        q.add(t, POL + "themeEvidence", literal("\n".join(evidence)))
    for k, tg in enumerate(task.targets):  # type: ignore[attr-defined]
        node = f"{t}/target/{k}"
        q.link(t, POL + "target", node)
        q.link(node, RDF_TYPE, POL + "Target")
        q.add(node, POL + "indicator", literal(tg.indicator, lang="zh"))
        if tg.key and tg.key != tg.indicator:
            q.add(node, POL + "indicatorKey", literal(tg.key, lang="zh"))
        q.add(node, POL + "comparator", literal(tg.comparator))
        q.add(node, POL + "value", literal(float(tg.value)))
        q.add(node, POL + "unitOfMeasure", literal(tg.unit))
        if tg.year:
            q.add(node, POL + "year", literal(int(tg.year)))
        q.add(node, POL + "text", literal(tg.text, lang="zh"))
        _span(q, node, clean, tg.start, tg.end, pages)
    for m in find_initiatives(text, start):
        ini = initiative_iri(m.key)
        q.link(ini, RDF_TYPE, POL + "Initiative")
        q.add(ini, RDFS_LABEL, literal(m.key, lang="zh"))
        q.add(ini, SKOS + "altLabel", literal(m.name, lang="zh"))
        q.link(t, POL + "mentionsInitiative", ini)
        q.link(doc, POL + "mentionsInitiative", ini)
    return keys


def initiative_iri(key: str) -> str:
    return f"{ID}initiative/{_short_hash(key)}"


def _place_quads(q: Quads, p: Place) -> None:
    j = jurisdiction_iri(p.code)
    q.link(j, RDF_TYPE, POL + "Jurisdiction")
    q.add(j, RDFS_LABEL, literal(place_label(p), lang="zh"))
    q.add(j, POL + "name", literal(p.name, lang="zh"))
    q.add(j, POL + "level", literal(p.level))
    q.add(j, POL + "adminCode", literal(p.code))
    if p.parent:
        q.link(j, POL + "within", jurisdiction_iri(p.parent))


FILES_GRAPH = ID + "graph/files"
STATS_GRAPH = ID + "graph/stats"


def stats_quads(
    tallies: dict[str, Tally],
    body: dict[str, list[int | str]] | None = None,
    lineage: dict[str, str] | None = None,
    pairs: list[tuple[str, str, int]] | None = None,
) -> list[str]:
    """Per unit: how many distinct tasks involve it, how many it leads, its responsibilities
    in each role, its rank, and the names of the places it answers to.

    Derived at build time from the role edges (pol:leadUnit… which carry the evidence),
    so a ranking reads one number per unit instead of aggregating every responsibility.
    The rank (pol:departmentRank, pol:collectiveRank) orders the units of one kind by
    tasks, then tasks led, then IRI, the order of top-bureaus: "the first 100" is then a
    range of small integers, not a sort of every unit by three keys. pol:scopeName holds,
    as plain strings, the name and full label of the unit's jurisdiction and of every
    jurisdiction containing it, so "in this city or below" is one index lookup.

    ``pairs`` (graph.pairs.top_pairs) become pol:DepartmentPair nodes, first first: the two
    departments, the tasks naming both and the pair's rank.
    """
    places = gazetteer().by_code
    q = Quads(STATS_GRAPH)
    for kind, prop in ((1, "departmentRank"), (0, "collectiveRank")):
        ranked = sorted((-t[0], -t[1], iri) for iri, t in tallies.items() if t[2] == kind)
        for rank, (_, _, iri) in enumerate(ranked, 1):
            q.add(iri, POL + prop, literal(rank))
    if body is not None and lineage:
        # A body is a department with its predecessors' tasks (a task naming two of them
        # counts once): ranked like departments, predecessors left out.
        bodies = {
            iri: t for iri, t in body.items() if iri not in lineage and tallies.get(iri, [0, 0, 0])[2] == 1
        }
        ranked = sorted((-int(t[0]), -int(t[1]), iri) for iri, t in bodies.items())
        for rank, (tasks, lead, iri) in enumerate(ranked, 1):
            q.add(iri, POL + "bodyRank", literal(rank))
            q.add(iri, POL + "bodyTaskCount", literal(-tasks))
            q.add(iri, POL + "bodyLeadTaskCount", literal(-lead))
    for iri in sorted(tallies):
        tasks, lead, _, code, *responsibilities = tallies[iri]
        q.add(iri, POL + "taskCount", literal(tasks))
        q.add(iri, POL + "leadTaskCount", literal(lead))
        for role, n in zip(TALLY_ROLES, responsibilities, strict=True):
            if n:
                q.add(iri, POL + ROLE_COUNT[role], literal(n))
        node = places.get(code)
        while node is not None:
            q.add(iri, POL + "scopeName", literal(node.name))
            q.add(iri, POL + "scopeName", literal(place_label(node)))
            node = places.get(node.parent) if node.parent else None
    for rank, (a, b, n) in enumerate(pairs or (), 1):
        pair = f"{ID}pair/{a}/{b}"
        q.link(pair, RDF_TYPE, POL + "DepartmentPair")
        q.link(pair, POL + "unitA", UNIT_PREFIX + a)
        q.link(pair, POL + "unitB", UNIT_PREFIX + b)
        q.add(pair, POL + "sharedTaskCount", literal(n))
        q.add(pair, POL + "pairRank", literal(rank))
    return q.lines()


def file_quads(sources: dict[str, list[str]]) -> list[str]:
    """Where each document was read from. Kept apart from the document's own graph, so
    renaming a file changes this graph only and the document's parts can be reused."""
    from pathlib import Path

    q = Quads(FILES_GRAPH)
    for doc, paths in sources.items():
        for p in paths:
            q.add(doc, POL + "sourceFile", literal(p.replace("\\", "/")))
        q.add(doc, POL + "fileName", literal(Path(sorted(paths)[0]).name))
    return q.lines()


def reference_quads(codes: set[str]) -> list[str]:
    """Jurisdictions the documents mention (with all their ancestors) in the reference graph."""
    g = gazetteer()
    q = Quads(REFERENCE_GRAPH)
    seen: set[str] = set()
    for code in sorted(codes):
        node = g.by_code.get(code)
        while node is not None and node.code not in seen:
            seen.add(node.code)
            _place_quads(q, node)
            node = g.by_code.get(node.parent) if node.parent else None
    return q.lines()
