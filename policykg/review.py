"""The review queue: what in a built graph most likely needs an entry in the corrections file.

A build reads names and roles as the documents write them; where it read wrongly, the fix
belongs in the corrections file (docs/corrections.md), and the user's time is best spent
where a fix changes the most tasks. :func:`review` lists the candidates, most tasks first,
each with its entry written out:

- ``near-duplicate``: two or more unit names of one jurisdiction that very likely name one
  body (市卫生健康委 / 市卫生健康委员会) → a ``[[merge]]``;
- ``unresolved``: a unit whose name resolved to no known place or function → a ``[[merge]]``
  into the resolved unit it most resembles, or a commented ``[[parent]]`` template;
- ``no-units``: a document with tasks but no unit at all → a commented ``[[role]]`` template;
- ``no-lead``: a task with units but none leading → a ``[[role]]`` making the first-listed
  unit its lead, the convention where a document states no rule;
- ``single-document``: a department only one of its jurisdiction's documents names, for a
  task or two: a misreading or a local alias → a ``[[merge]]`` into the department it most
  resembles, or a ``[[type]]`` to confirm what it is. The weakest sign, so listed last of
  rows with as many tasks.

The graph is read from LadybugDB in five queries (units, the documents naming them, tasks
without a lead, documents, documents without units); names are compared within one
jurisdiction at a time, so the work grows with the size of a jurisdiction's list of
departments, not with the corpus.

>>> import policykg
>>> rows = review(policykg.open("policykg-out"), limit=5)   # doctest: +SKIP
>>> rows[0]["kind"], rows[0]["entry"].splitlines()[0]       # doctest: +SKIP
('no-units', '# [[role]]')
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from policykg.frames import Rows
from policykg.ontology import read_csv
from policykg.review_entries import merge_entry, parent_template, role_entry, role_template, type_entry

if TYPE_CHECKING:
    from policykg.api import PolicyGraph

__all__ = [
    "COLUMNS",
    "KINDS",
    "NEAR_DUPLICATE_RATIO",
    "SIMILAR_RATIO",
    "SINGLE_DOCUMENT_MAX_TASKS",
    "SINGLE_DOCUMENT_MIN_DOCUMENTS",
    "review",
    "to_text",
]

KINDS = ("near-duplicate", "unresolved", "no-units", "no-lead", "single-document")
"""The kinds of candidate, surest first: the order in which rows with as many tasks are listed."""

COLUMNS = ["kind", "tasks", "jurisdiction", "subject", "reason", "entry"]
TYPES = {c: "int64" if c == "tasks" else "string" for c in COLUMNS}

NEAR_DUPLICATE_RATIO = 85.0
"""How alike (rapidfuzz ``fuzz.ratio``, 0–100) two names with the same ending must be to be one body.

Names are compared without their jurisdiction (卫生健康委员会, not 石家庄市卫生健康委员会: every
name of a jurisdiction shares that head, which would make any two look alike). ``fuzz.ratio``
is the share of characters the two names have in common, in order. At 85, one character
added or dropped counts from four-character names up (文化旅游局 / 文化和旅游局: 91,
人力资源社会保障局 / 人力资源和社会保障局: 95), one character changed only from seven up; two
short names one character apart are not enough (教育局 / 体育局, 民政局 / 财政局: 67), nor a
name inside a longer one (教育局 / 教育体育局: 75). ``token_set_ratio`` would add nothing:
Chinese names have no spaces to split into tokens.
"""

SIMILAR_RATIO = 70.0
"""How alike a name must be to a department of its jurisdiction for a merge into it to be proposed.

Lower than :data:`NEAR_DUPLICATE_RATIO`: it picks a target for a name that is already suspect
(named once, or resolved to nothing), so a resemblance is worth showing, and the user decides.
At 70, a six-character name shares at least four characters in order with its target (卫生健康委员会
/ 卫生健康委员会办公室: 82); below it the best match is mostly a shared ending (…管理局), and a
[[type]] or [[parent]] entry is proposed instead.
"""

SINGLE_DOCUMENT_MAX_TASKS = 2
"""A department named in one document for more tasks than this is a real body of that document."""

SINGLE_DOCUMENT_MIN_DOCUMENTS = 2
"""How many documents must name a jurisdiction's units before one that only one names stands out.

Where a single document speaks for a jurisdiction, every department it names is named once,
and being named once says nothing.
"""

MIN_STEM_CHARS = 2
"""Two names that differ only in their ending are one body only if what they share says something."""


@cache
def _suffixes() -> tuple[dict[str, str], int]:
    """Endings of unit names with their kind (ontology/unit_suffixes.csv), and the longest's length."""
    kinds = {r["suffix"]: r["kind"] for r in read_csv("unit_suffixes.csv")}
    return kinds, max(map(len, kinds))


def _split(core: str) -> tuple[str, str, str]:
    """``core`` as (stem, ending, kind of ending), by its longest known ending.

    >>> _split("卫生健康委"), _split("卫生健康委员会"), _split("生态环境分局")
    (('卫生健康', '委', 'commission'), ('卫生健康', '委员会', 'commission'), ('生态环境', '分局', 'bureau'))
    """
    suffixes, longest = _suffixes()
    for n in range(min(longest, len(core) - 1), 0, -1):
        if core[-n:] in suffixes:
            return core[:-n], core[-n:], suffixes[core[-n:]]
    return core, "", ""


@dataclass(frozen=True)
class _Unit:
    """A department or collective unit as the review reads it."""

    iri: str
    label: str
    table: str  # Department | CollectiveUnit
    resolved: bool  # as unresolved.cypher reads it: marked resolved, and of a function type
    type_key: str | None
    jurisdiction: str | None  # the full label of its jurisdiction (厦门市海沧区)
    place: str | None  # the jurisdiction's own name (海沧区)
    tasks: int
    documents: tuple[str, ...]

    @cached_property
    def core(self) -> str:
        """The name without its jurisdiction: 中共石家庄市委编办 → 中共委编办, 石家庄海关 → 海关."""
        short = self.place[:-1] if self.place and len(self.place) > 2 else None  # 石家庄市 → 石家庄
        for head in (self.jurisdiction, self.place, short):
            if head and head in self.label and head != self.label:
                return self.label.replace(head, "", 1)
        return self.label

    @cached_property
    def parts(self) -> tuple[str, str, str]:
        """The core as (stem, ending, kind of ending); see :func:`_split`."""
        return _split(self.core)

    @property
    def order(self) -> tuple[int, str, str]:
        """Most tasks first, then by label and IRI: which name a merge keeps."""
        return (-self.tasks, self.label, self.iri)


# Units with their jurisdiction, type and task count (the statistics graph's pol:taskCount,
# which top-bureaus ranks by); the documents naming each unit come apart, in one pass over the
# responsibilities (r.document is the IRI of the document it was read in), which is cheaper
# than collecting them per unit in the same query.
Q_UNITS = """MATCH (u:Department:CollectiveUnit)
OPTIONAL MATCH (u)-[:IN_JURISDICTION]->(j:Jurisdiction)
OPTIONAL MATCH (u)-[:HAS_TYPE]->(ty:DepartmentType)
RETURN u.iri AS iri, u.label AS label, label(u) AS tbl, coalesce(u.resolved, true) AS resolved,
  min(ty.key) AS type, min(j.label) AS jurisdiction, min(j.name) AS place, coalesce(u.tasks, 0) AS tasks"""
Q_UNIT_DOCUMENTS = """MATCH ()-[r:RESPONSIBLE]->(u)
RETURN u.iri AS iri, collect(DISTINCT r.document) AS documents"""

# Tasks that name units but no lead, with their units as "position:label", first-listed first.
Q_NO_LEAD = """MATCH (t:Task)-[r:RESPONSIBLE]->(u)
WITH t, sum(CASE WHEN r.role = 'lead' THEN 1 ELSE 0 END) AS leads,
  list_sort(collect(concat(cast(coalesce(r.start, 0) + 1000000000000 AS STRING), ':', u.label))) AS units
WHERE leads = 0
MATCH (t)-[:IN_DOCUMENT]->(d:Document)
RETURN t.iri AS iri, t.number AS number, t.start AS seq, coalesce(t.label, '') AS title, d.iri AS document,
  units"""

# Every document with its jurisdiction, source files and number of tasks.
Q_DOCUMENTS = """MATCH (d:Document)
OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH d, min(j.label) AS jurisdiction
OPTIONAL MATCH (t:Task)-[:IN_DOCUMENT]->(d)
RETURN d.iri AS iri, d.label AS label, d.title AS title, list_sort(coalesce(d.sourceFiles, [])) AS files,
  jurisdiction, count(t) AS tasks"""

# Documents with tasks but no unit, with their tasks' numbers as "position:number", first first.
Q_NO_UNITS = """MATCH (d:Document)<-[:IN_DOCUMENT]-(t:Task)
WHERE NOT EXISTS { MATCH (d)<-[:IN_DOCUMENT]-(:Task)-[:RESPONSIBLE]->() }
RETURN d.iri AS iri, list_sort(collect(concat(cast(coalesce(t.start, 0) + 1000000000000 AS STRING), ':',
  t.number))) AS numbers"""


def _after_key(keyed: str) -> str:
    """The value of a "position:value" sort key."""
    return keyed.split(":", 1)[1]


@dataclass(frozen=True)
class _Document:
    iri: str
    name: str  # the file name a [[role]] entry names it by
    title: str | None
    jurisdiction: str | None
    tasks: int

    @property
    def subject(self) -> str:
        return f"{self.name} {self.title}" if self.title else self.name


def _read_documents(graph: PolicyGraph) -> dict[str, _Document]:
    out = {}
    for r in graph.cypher(Q_DOCUMENTS):
        files = r["files"] or []
        name = PurePath(files[0]).name if files else r["label"]
        out[r["iri"]] = _Document(r["iri"], name, r["title"], r["jurisdiction"], r["tasks"])
    return out


def _read_units(graph: PolicyGraph, documents: dict[str, _Document]) -> list[_Unit]:
    naming = {r["iri"]: r["documents"] for r in graph.cypher(Q_UNIT_DOCUMENTS)}
    units = []
    for r in graph.cypher(Q_UNITS):
        docs = tuple(sorted(d for d in naming.get(r["iri"], ()) if d))
        jurisdiction = r["jurisdiction"]
        if jurisdiction is None:  # a unit placed nowhere: read it in its documents' jurisdiction
            seen = Counter(documents[d].jurisdiction for d in docs if d in documents)
            seen.pop(None, None)
            jurisdiction = min(seen, key=lambda j: (-seen[j], j)) if seen else None
        units.append(
            _Unit(
                r["iri"],
                r["label"],
                r["tbl"],
                bool(r["resolved"]) and r["type"] is not None,
                r["type"],
                jurisdiction,
                r["place"],
                r["tasks"],
                docs,
            )
        )
    return sorted(units, key=lambda u: (u.jurisdiction or "", u.table, u.label, u.iri))


def _within(end_a: str, end_b: str) -> bool:
    """Whether one ending names a body within the other's (分局 of a 局, 总院 of a 院)."""
    return end_a != end_b and (end_a.endswith(end_b) or end_b.endswith(end_a))


def _alike(a: _Unit, b: _Unit) -> str | None:
    """Why ``a`` and ``b`` are very likely one body, or None.

    Either their stems are one and only their endings differ (卫生健康委 / 卫生健康委员会: the
    shorter is the longer cut inside its last word; 卫生健康局 / 卫生健康委员会: one body named
    two ways, or renamed in a reform), or they are spelled almost alike with the same ending
    (:data:`NEAR_DUPLICATE_RATIO`). An ending that ends in the other's names a body within it
    (分局 of a 局), never the same one.
    """
    stem_a, end_a, kind_a = a.parts
    stem_b, end_b, kind_b = b.parts
    if _within(end_a, end_b):
        return None
    if stem_a == stem_b and len(stem_a) >= MIN_STEM_CHARS and end_a != end_b:
        if kind_a == kind_b:
            return f"One name is the other with its ending written short ({end_a} / {end_b})."
        return f"The names differ only in their ending ({end_a} / {end_b}): one body, or one renamed."
    if end_a == end_b:
        score = fuzz.ratio(a.core, b.core)
        if score >= NEAR_DUPLICATE_RATIO:
            return f"The names are spelled almost alike ({score:.0f}% similar)."
    return None


def _clusters(block: list[_Unit]) -> list[tuple[list[_Unit], str]]:
    """The groups of one jurisdiction's units that are alike, kept name first, with a reason."""
    parent = {u.iri: u.iri for u in block}

    def root(iri: str) -> str:
        while parent[iri] != iri:
            parent[iri] = parent[parent[iri]]
            iri = parent[iri]
        return iri

    cores = [u.core for u in block]
    by_stem: dict[str, list[int]] = defaultdict(list)
    for k, u in enumerate(block):
        by_stem[u.parts[0]].append(k)
    for i, a in enumerate(block):
        # Candidates: names spelled alike, and names sharing a's stem; _alike decides.
        near = process.extract(
            a.core, cores, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE_RATIO, limit=None
        )
        for k in sorted({k for _, _, k in near} | set(by_stem[a.parts[0]])):
            if k > i and _alike(a, block[k]):
                parent[root(block[k].iri)] = root(a.iri)
    groups: dict[str, list[_Unit]] = defaultdict(list)
    for u in block:
        groups[root(u.iri)].append(u)
    out = []
    for members in groups.values():
        if len(members) > 1:
            members.sort(key=lambda u: u.order)
            pairs = ((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
            out.append((members, next(w for a, b in pairs if (w := _alike(a, b)))))
    return out


def _most_like(unit: _Unit, others: list[_Unit]) -> tuple[_Unit, float] | None:
    """The unit of ``others`` whose name is most like ``unit``'s (:data:`SIMILAR_RATIO` or more).

    A body within another (分局 of a 局) is no target: it is not the same body.
    """
    others = [o for o in others if o.iri != unit.iri and not _within(unit.parts[1], o.parts[1])]
    found = process.extract(
        unit.core, [o.core for o in others], scorer=fuzz.ratio, score_cutoff=SIMILAR_RATIO, limit=None
    )
    if not found:
        return None
    score, best = min(((s, others[k]) for _, s, k in found), key=lambda sb: (-sb[0], *sb[1].order))
    return best, score


_Keyed = tuple[dict[str, Any], tuple[Any, ...]]  # a row and what orders it among rows of its kind and tasks


def _row(
    kind: str, tasks: int, jurisdiction: str | None, subject: str, reason: str, entry: str
) -> dict[str, Any]:
    return {
        "kind": kind,
        "tasks": tasks,
        "jurisdiction": jurisdiction,
        "subject": subject,
        "reason": reason,
        "entry": entry,
    }


def _unit_rows(units: list[_Unit]) -> list[_Keyed]:
    """Near-duplicate, unresolved and single-document rows, ordered among equals by subject and IRI."""
    out: list[_Keyed] = []
    blocks: dict[tuple[str | None, str], list[_Unit]] = defaultdict(list)
    for u in units:
        blocks[(u.jurisdiction, u.table)].append(u)
    naming: dict[str | None, set[str]] = defaultdict(set)  # documents naming a jurisdiction's units
    for u in units:
        naming[u.jurisdiction].update(u.documents)
    for (jurisdiction, _table), block in blocks.items():
        resolved = [u for u in block if u.resolved]
        clustered: set[str] = set()
        if jurisdiction is not None:
            for members, reason in _clusters(resolved):
                keep, *rest = members
                clustered.update(u.iri for u in members)
                entry = merge_entry([u.label for u in members], keep.label, jurisdiction)
                subject = " / ".join(u.label for u in members)
                moved = sum(u.tasks for u in rest)
                out.append(
                    (_row("near-duplicate", moved, jurisdiction, subject, reason, entry), (subject, keep.iri))
                )
        peers = len(naming[jurisdiction])
        for u in resolved:
            if u.iri in clustered or len(u.documents) != 1 or u.tasks > SINGLE_DOCUMENT_MAX_TASKS:
                continue
            if peers < SINGLE_DOCUMENT_MIN_DOCUMENTS:
                continue
            like = _most_like(u, resolved)
            if like:
                target, score = like
                entry = merge_entry([target.label, u.label], target.label, jurisdiction)
                reason = f"Named in one of {peers} documents only, and {score:.0f}% like {target.label}."
            else:
                entry = type_entry(u.label, u.type_key or "other", jurisdiction)
                reason = f"Named in one of {peers} documents only, and like no other unit there."
            row = _row("single-document", u.tasks, jurisdiction, u.label, reason, entry)
            out.append((row, (u.label, u.iri)))
        for u in block:
            if u.resolved:
                continue
            like = _most_like(u, resolved) if jurisdiction is not None else None
            if like:
                target, score = like
                entry = merge_entry([target.label, u.label], target.label, jurisdiction)
                reason = (
                    f"The name matched no known place or function; it is {score:.0f}% like {target.label}."
                )
            else:
                entry = parent_template(u.label, jurisdiction)
                reason = "The name matched no known place or function, nor any unit of its jurisdiction."
            out.append((_row("unresolved", u.tasks, jurisdiction, u.label, reason, entry), (u.label, u.iri)))
    return out


def _task_rows(graph: PolicyGraph, documents: dict[str, _Document]) -> list[_Keyed]:
    """No-lead rows (one per task, in reading order) and no-units rows (one per document)."""
    out: list[_Keyed] = []
    for r in graph.cypher(Q_NO_LEAD):
        doc = documents[r["document"]]
        first = _after_key(r["units"][0])
        title = r["title"] if len(r["title"]) <= 24 else r["title"][:23] + "…"
        entry = role_entry(doc.name, r["number"], first, "lead")
        reason = "The task names units but none leads; the first listed leads by convention."
        subject = f"{doc.name} {r['number']} {title}".rstrip()
        row = _row("no-lead", 1, doc.jurisdiction, subject, reason, entry)
        out.append((row, (doc.name, doc.iri, r["seq"] or 0, r["iri"])))
    for r in graph.cypher(Q_NO_UNITS):
        doc = documents[r["iri"]]
        if r["numbers"]:
            entry = role_template(doc.name, _after_key(r["numbers"][0]))
            reason = "No unit was found for any task of the document."
            row = _row("no-units", doc.tasks, doc.jurisdiction, doc.subject, reason, entry)
            out.append((row, (doc.subject, doc.iri)))
    return out


def review(graph: PolicyGraph, limit: int | None = None) -> Rows:
    """What most likely needs an entry in the corrections file, most tasks affected first.

    Each row: ``kind`` (one of :data:`KINDS`), ``tasks`` (the tasks the entry would change:
    for a merge, those of the names it folds into the kept one), ``jurisdiction``, ``subject``
    (the names, or the document and task), ``reason`` (one sentence) and ``entry`` (the TOML
    entry to paste into the corrections file). Rows with as many tasks are listed by kind (in
    the order of :data:`KINDS`), then by subject and IRI (no-lead rows: by document, in reading
    order), so the same graph always gives the same rows.

    Args:
        graph: an open :class:`~policykg.api.PolicyGraph`.
        limit: the first ``limit`` rows only (None: all).
    """
    documents = _read_documents(graph)
    units = _read_units(graph, documents)
    keyed = _unit_rows(units) + _task_rows(graph, documents)
    keyed.sort(key=lambda rk: (-rk[0]["tasks"], KINDS.index(rk[0]["kind"]), rk[1]))
    rows = [row for row, _ in keyed]
    return Rows(COLUMNS, rows if limit is None else rows[:limit], TYPES)


def to_text(rows: Rows) -> str:
    """The rows as a terminal shows them: a numbered table, then each row's entry in that order.

    Each entry comes under a ``# N. kind: subject`` comment, so everything after the table is
    itself a corrections file: copy all of it and delete what you reject, or copy one entry.
    """
    from policykg.output import format_rows

    table = [{"#": n, **row} for n, row in enumerate(rows, 1)]
    parts = [format_rows(["#", *COLUMNS[:-1]], table, "table")]
    parts += [f"# {n}. {row['kind']}: {row['subject']}\n{row['entry']}" for n, row in enumerate(rows, 1)]
    return "\n\n".join(parts)
