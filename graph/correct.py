"""Corrections applied to a built corpus: which documents each entry touches, and how.

A build extracts every document as it is written; the corrections file then says what a
person knows better. :func:`plan` reads the entries against the corpus's own index of units
and documents (kept in each part's metadata, so nothing is extracted again) and gives, per
document, a :class:`DocFix`: units renamed (merges and splits), units described anew (a
preferred label, a type), and task roles set, added or removed. A fix is data with a
fingerprint, so the corrected part of a document is cached under its original part's key
plus that fingerprint: editing the corrections file rewrites only the documents whose fix
changed. Successions and parents do not change any document: they are facts of the
corrections graph, which also describes every entry (kind, file, line) so each corrected
fact can say where it came from.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from policykg.graph.evidence import format_evidence, parse_evidence, parse_span
from policykg.graph.normalize import place_label, unit_iri
from policykg.graph.nquads import XSD, Quads, iri, literal, unescape
from policykg.graph.rdf import (
    RDF_TYPE,
    RDFS_LABEL,
    ROLE_EDGE,
    ROLE_IRI,
    SKOS,
    TALLY_ROLES,
    UNIT_PREFIX,
    task_iri,
    unit_key,
)
from policykg.ontology import ID, POL, Place, department_types, gazetteer

from policykg.corrections import Corrections, Entry

__all__ = ["CORRECTIONS_GRAPH", "DocFix", "Plan", "describe_units", "plan", "rewrite"]

CORRECTIONS_GRAPH = ID + "graph/corrections"
ORG = "http://www.w3.org/ns/org#"
_DESCRIBED = {f"<{RDFS_LABEL}>", f"<{POL}departmentType>", f"<{POL}jurisdiction>", f"<{POL}resolved>"}
_UNIT_CLASSES = {f"<{POL}Department>": "Department", f"<{POL}CollectiveUnit>": "CollectiveUnit"}
_EDGES = {f"<{POL}{v}>" for v in ROLE_EDGE.values()}
_ROLE_OF = {f"<{POL}{v}>": k for k, v in ROLE_IRI.items()}


# ----------------------------------------------------------------- reading a part's quads


def _split(line: str, tail: str) -> tuple[str, str, str]:
    """(subject, predicate, object) of one of our own N-Quads lines in the graph ``tail``."""
    s, p, rest = line.split(" ", 2)
    return s, p, rest[: -len(tail)]


def _value(term: str) -> str:
    """A literal's text or an IRI without brackets."""
    if term.startswith("<"):
        return term[1:-1]
    return unescape(term[1 : term.rindex('"')])


def describe_units(lines: list[str], graph: str) -> dict[str, list]:
    """Each unit of a document part: [label, class, type IRI, jurisdiction code, resolved,
    names as written]: the index corrections are matched against."""
    tail = f" <{graph}> .\n"
    units: dict[str, list] = {}
    prefix = f"<{ID}org/"
    for line in lines:
        if not line.startswith(prefix):
            continue
        s, p, o = _split(line, tail)
        u = units.setdefault(s[1:-1], ["", "", "", "", True, []])
        if p == f"<{RDFS_LABEL}>":
            u[0] = _value(o)
        elif p == f"<{RDF_TYPE}>" and o in _UNIT_CLASSES:
            u[1] = _UNIT_CLASSES[o]
        elif p == f"<{POL}departmentType>":
            u[2] = o[1:-1]
        elif p == f"<{POL}jurisdiction>":
            u[3] = o[1:-1].rsplit("/", 1)[-1]
        elif p == f"<{POL}resolved>":
            u[4] = o.startswith('"true"')
        elif p == f"<{SKOS}altLabel>":
            u[5].append(_value(o))
    for u in units.values():
        u[5] = sorted(set(u[5]))
    return units


# ----------------------------------------------------------------- the plan


@dataclass
class Description:
    """What a corrected unit is: replaces its label, type, jurisdiction and resolved flag."""

    label: str
    cls: str
    type_iri: str
    code: str
    resolved: bool
    entries: set[str] = field(default_factory=set)

    def key(self) -> list:
        return [self.label, self.cls, self.type_iri, self.code, self.resolved, sorted(self.entries)]


@dataclass
class RoleFix:
    task: str  # task number as printed
    unit: str  # name as the entry writes it
    role: str | None  # None: remove
    entry: str  # entry IRI
    targets: tuple[str, ...] = ()  # unit IRIs the name may denote in the corpus


@dataclass
class DocFix:
    """Everything the corrections change in one document's part."""

    rename: dict[str, tuple[str, str]] = field(default_factory=dict)  # old IRI → (new IRI, entry IRI)
    describe: dict[str, Description] = field(default_factory=dict)
    roles: list[RoleFix] = field(default_factory=list)
    lineage: dict[str, str] = field(default_factory=dict)  # unit IRI → its last successor

    def __bool__(self) -> bool:
        return bool(self.rename or self.describe or self.roles or self.lineage)

    @property
    def fingerprint(self) -> str:
        data = [
            sorted(self.rename.items()),
            sorted((k, d.key()) for k, d in self.describe.items()),
            [[r.task, r.unit, r.role, r.entry, list(r.targets)] for r in self.roles],
            sorted(self.lineage.items()),
        ]
        return hashlib.sha1(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()[:12]


@dataclass
class DocInfo:
    """What entries address a document by: its files, 文号, title, date and place."""

    iri: str
    files: list[str]
    title: str = ""
    number: str = ""
    date: str = ""
    code: str = ""
    tasks: list[str] = field(default_factory=list)


@dataclass
class Plan:
    docs: dict[str, DocFix]
    warnings: list[str]
    quads: list[str]  # the corrections graph
    lineage: dict[str, str]


class _Index:
    """The corpus's units by label and by written name, and the documents each is in."""

    def __init__(self, units: dict[str, list], docs_of: dict[str, set[str]]) -> None:
        self.units = units  # IRI → [label, class, type, code, resolved, alts]
        self.docs_of = docs_of
        self.by_label: dict[str, list[str]] = defaultdict(list)
        self.by_alt: dict[str, list[str]] = defaultdict(list)
        for u in sorted(units):
            self._names(u)

    def _names(self, u: str) -> None:
        label, *_, alts = self.units[u]
        self.by_label[label].append(u)
        for a in alts:
            self.by_alt[a].append(u)

    def add(self, u: str, desc: list, docs: set[str]) -> None:
        known = u in self.units
        if known:
            self.units[u][5] = sorted(set(self.units[u][5]) | set(desc[5]))
            if self.units[u][0] != desc[0]:
                self.units[u][0] = desc[0]
                self.by_label[desc[0]].append(u)
        else:
            self.units[u] = desc
            self._names(u)
        self.docs_of[u] = self.docs_of.get(u, set()) | docs

    def find(self, name: str, code: str | None) -> list[str]:
        """Units labelled ``name``, else written ``name``, in jurisdiction ``code`` if given."""
        for table in (self.by_label, self.by_alt):
            found = sorted({u for u in table.get(name, ()) if code is None or self.units[u][3] == code})
            if found:
                return found
        return []


def _place(name: str) -> list[Place]:
    """Jurisdictions of a name or full label (厦门市海沧区)."""
    g = gazetteer()
    found = g.lookup(name)
    if not found:
        found = [p for p in g.by_code.values() if place_label(p) == name]
    return sorted(found, key=lambda p: p.code)


def _within(code: str, scope: str) -> bool:
    by_code = gazetteer().by_code
    node = by_code.get(code)
    while node is not None:
        if node.code == scope:
            return True
        node = by_code.get(node.parent) if node.parent else None
    return False


class _Planner:
    def __init__(
        self,
        corrections: Corrections,
        units: dict[str, list],
        docs: dict[str, DocInfo],
        units_of: dict[str, dict[str, list]],
    ) -> None:
        docs_of: dict[str, set[str]] = defaultdict(set)
        for doc, names in units_of.items():
            for u in names:
                docs_of[u].add(doc)
        copied = {u: [d[0], d[1], d[2], d[3], d[4], list(d[5])] for u, d in units.items()}
        self.index = _Index(copied, docs_of)
        self.corrections = corrections
        self.docs = docs
        self.fixes: dict[str, DocFix] = defaultdict(DocFix)
        self.warnings: list[tuple[int, str]] = []  # (line, message)
        self.q = Quads(CORRECTIONS_GRAPH)
        self.types = {t.key: t.iri for t in department_types()}
        self.lineage: dict[str, str] = {}

    def warn(self, e: Entry, reason: str) -> None:
        self.warnings.append((e.line, f"{e.where}: warning: {e.kind}: {reason}; entry not applied"))

    def code_of(self, e: Entry, name: str | None) -> str | bool | None:
        """The gazetteer code of a jurisdiction field (None: not given; False: unknown)."""
        if name is None:
            return None
        found = _place(name)
        if len(found) != 1:
            self.warn(
                e,
                f"jurisdiction {name!r} "
                + (
                    "is not in the gazetteer"
                    if not found
                    else f"names {len(found)} places; write its full label"
                ),
            )
            return False
        return found[0].code

    def unit(self, e: Entry, name: str, code: str | None) -> str | None:
        found = self.index.find(name, code)
        if not found:
            where = f" in {e.get('jurisdiction')}" if code else ""
            self.warn(e, f"no unit {name!r}{where} in the corpus")
            return None
        if len({self.index.units[u][3] for u in found}) > 1 or len(found) > 1:
            by_code = gazetteer().by_code
            codes = {self.index.units[u][3] for u in found}
            places = sorted(place_label(by_code[c]) if c in by_code else "?" for c in codes)
            self.warn(
                e, f"{name!r} names {len(found)} units (jurisdictions {', '.join(places)}); add jurisdiction"
            )
            return None
        return found[0]

    def type_iri(self, e: Entry, key: str | None) -> str | bool | None:
        if key is None:
            return None
        if key not in self.types:
            self.warn(e, f"unknown department type {key!r} (see ontology/department_types.ttl)")
            return False
        return self.types[key]

    def record(self, e: Entry, applied: bool, touched: list[str]) -> None:
        node = e.iri
        self.q.link(node, RDF_TYPE, POL + "Correction")
        self.q.add(node, POL + "correctionKind", literal(e.kind))
        self.q.add(node, POL + "correctionFile", literal(Path(e.file).name))
        self.q.add(node, POL + "line", literal(e.line))
        self.q.add(node, RDFS_LABEL, literal(e.summary(), lang="zh"))
        self.q.add(node, POL + "applied", literal(applied))
        for t in touched:
            self.q.link(node, POL + "correctionOf", t)

    def describe(self, u: str, desc: Description, e: Entry) -> None:
        """``u`` is described by ``desc`` in every document that names it."""
        desc.entries.add(e.iri)
        for doc in sorted(self.index.docs_of.get(u, ())):
            fix = self.fixes[doc]
            old = fix.describe.get(u)
            if old is not None:
                desc.entries |= old.entries
            fix.describe[u] = desc
        self.q.link(u, POL + "correctedBy", e.iri)

    def current(self, u: str) -> Description:
        """The unit as extracted, or as an earlier entry already describes it."""
        for doc in sorted(self.index.docs_of.get(u, ())):
            d = self.fixes[doc].describe.get(u) if doc in self.fixes else None
            if d is not None:
                return Description(d.label, d.cls, d.type_iri, d.code, d.resolved, set(d.entries))
        label, cls, type_iri, code, resolved, _ = self.index.units[u]
        return Description(label, cls, type_iri, code, resolved)

    # ------------------------------------------------------------- one method per kind

    def merge(self, e: Entry) -> None:
        code = self.code_of(e, e.get("jurisdiction"))
        type_iri = self.type_iri(e, e.get("type"))
        if code is False or type_iri is False:
            return self.record(e, False, [])
        members: list[str] = []
        for name in e.get("units"):
            u = self.unit(e, name, code)
            if u is None:
                return self.record(e, False, [])
            if u not in members:
                members.append(u)
        label = e.get("label") or self.index.units[members[0]][0]
        by_label = [u for u in members if self.index.units[u][0] == label]
        target = (
            by_label[0]
            if by_label
            else unit_iri(label, gazetteer().by_code.get(self.index.units[members[0]][3]))
        )
        base = self.current(target) if target in self.index.units else self.current(members[0])
        desc = Description(label, base.cls, type_iri or base.type_iri, base.code, True, base.entries)
        alts = sorted(
            {n for u in members for n in (self.index.units[u][0], *self.index.units[u][5])} - {label}
        )
        docs = set().union(*(self.index.docs_of.get(u, set()) for u in members))
        for u in members:
            if u == target:
                continue
            for doc in sorted(self.index.docs_of.get(u, ())):
                self.fixes[doc].rename[u] = (target, e.iri)
        self.index.add(target, [label, desc.cls, desc.type_iri, desc.code, True, alts], docs)
        self.describe(target, desc, e)
        self.record(e, True, [target])

    def located(self, e: Entry) -> tuple[str | None, str] | None:
        """The entry's jurisdiction code and the unit its ``unit`` field names, or None (and
        the entry recorded as not applied) when either is unknown or ambiguous."""
        code = self.code_of(e, e.get("jurisdiction"))
        u = self.unit(e, e.get("unit"), code) if code is not False else None
        if u is None:
            self.record(e, False, [])
            return None
        return (code if isinstance(code, str) else None), u

    def split(self, e: Entry) -> None:
        found = self.located(e)
        if found is None:
            return
        u = found[1]
        base = self.current(u)
        place = gazetteer().by_code.get(base.code)
        into = []
        for i in e.get("into"):
            within = self.code_of(e, i.get("within"))
            type_iri = self.type_iri(e, i.get("type"))
            if within is False or type_iri is False:
                return self.record(e, False, [])
            into.append((i, within, type_iri))
        touched: set[str] = set()
        for doc in sorted(self.index.docs_of.get(u, ())):
            info = self.docs[doc]
            for i, within, type_iri in into:
                if "before" in i and not (info.date and info.date < i["before"]):
                    continue
                if "after" in i and not (info.date and info.date >= i["after"]):
                    continue
                if within and not _within(info.code, within):
                    continue
                new = unit_iri(i["label"], place)
                desc = Description(i["label"], base.cls, type_iri or base.type_iri, base.code, True, {e.iri})
                if new != u:
                    self.fixes[doc].rename[u] = (new, e.iri)
                self.fixes[doc].describe[new] = desc
                self.index.add(new, [i["label"], base.cls, desc.type_iri, base.code, True, []], {doc})
                touched.add(new)
                break
        if not touched:
            self.warn(e, f"no document naming {e.get('unit')!r} meets any 'into' condition")
        for t in sorted(touched):
            self.q.link(t, POL + "correctedBy", e.iri)
        self.record(e, bool(touched), sorted(touched))

    def retype(self, e: Entry) -> None:
        code = self.code_of(e, e.get("jurisdiction"))
        type_iri = self.type_iri(e, e.get("type"))
        u = self.unit(e, e.get("unit"), code) if code is not False and type_iri is not False else None
        if u is None or not isinstance(type_iri, str):
            return self.record(e, False, [])
        d = self.current(u)
        self.describe(u, Description(d.label, d.cls, type_iri, d.code, d.resolved, d.entries), e)
        self.index.units[u][2] = type_iri
        self.record(e, True, [u])

    def parent(self, e: Entry) -> None:
        found = self.located(e)
        if found is None:
            return
        code, u = found
        p = self.unit(e, e.get("parent"), code) or self.unit_any(e.get("parent"))
        if p is None:
            return self.record(e, False, [])
        self.q.link(u, ORG + "subOrganizationOf", p)
        self.record(e, True, [u])

    def unit_any(self, name: str) -> str | None:
        found = self.index.find(name, None)
        return found[0] if len(found) == 1 else None

    def succession(self, e: Entry) -> None:
        code = self.code_of(e, e.get("jurisdiction"))
        if code is False:
            return self.record(e, False, [])
        p = self.unit(e, e.get("predecessor"), code)
        s = self.unit(e, e.get("successor"), code) if p else None
        if p is None or s is None:
            return self.record(e, False, [])
        if p == s or self._root(s, {}) == p:
            self.warn(e, "a unit cannot succeed itself")
            return self.record(e, False, [])
        self.lineage[p] = s
        self.q.link(p, POL + "succeededBy", s)
        node = e.iri + "/succession"
        self.q.link(node, RDF_TYPE, POL + "Succession")
        self.q.link(node, POL + "predecessor", p)
        self.q.link(node, POL + "successor", s)
        self.q.link(node, POL + "correctedBy", e.iri)
        if e.get("date"):
            self.q.add(node, POL + "date", literal(e.get("date"), datatype=XSD + "date"))
        self.record(e, True, [p, s])

    def _root(self, u: str, seen: dict) -> str:
        while u in self.lineage and u not in seen:
            seen[u] = True
            u = self.lineage[u]
        return u

    def role(self, e: Entry) -> None:
        name = e.get("document")
        docs = sorted(
            d
            for d, i in self.docs.items()
            if name in i.files or name in (i.number, i.title) or any(Path(f).name == name for f in i.files)
        )
        if len(docs) != 1:
            self.warn(
                e,
                f"no document {name!r} in the corpus"
                if not docs
                else f"{name!r} names {len(docs)} documents; give the file name",
            )
            return self.record(e, False, [])
        doc = docs[0]
        if e.get("task") not in self.docs[doc].tasks:
            self.warn(e, f"document {name!r} has no task {e.get('task')!r}")
            return self.record(e, False, [])
        targets = tuple(self.index.find(e.get("unit"), self.docs[doc].code or None))
        self.fixes[doc].roles.append(RoleFix(e.get("task"), e.get("unit"), e.get("role"), e.iri, targets))
        self.record(e, True, [task_iri(doc, e.get("task"))])

    def finish(self) -> Plan:
        """Each predecessor's last successor, given to the documents that name a predecessor
        (their tasks are counted for the lineage; a document naming only the last successor
        counts as it is)."""
        roots = {u: self._root(u, {}) for u in sorted(self.lineage)}
        for u, root in roots.items():
            for doc in sorted(self.index.docs_of.get(u, ())):
                self.fixes[doc].lineage[u] = root
        docs = {d: f for d, f in sorted(self.fixes.items()) if f}
        return Plan(docs, [w for _, w in sorted(self.warnings)], self.q.lines(), roots)


_ORDER = ("merge", "split", "type", "parent", "succession", "role")  # renames before what names them


def plan(
    corrections: Corrections | None, docs: dict[str, DocInfo], units: dict[str, dict[str, list]]
) -> Plan:
    """What ``corrections`` change, per document, given each document's units (``units``:
    document IRI → its part's unit descriptions, see :func:`describe_units`)."""
    if corrections is None or not corrections.entries:
        return Plan({}, [], [], {})
    merged: dict[str, list] = {}
    for doc in sorted(units):
        for u, desc in units[doc].items():
            have = merged.setdefault(u, [desc[0], desc[1], desc[2], desc[3], desc[4], []])
            have[5] = sorted(set(have[5]) | set(desc[5]))
    planner = _Planner(corrections, merged, docs, units)
    run = {
        "merge": planner.merge,
        "split": planner.split,
        "type": planner.retype,
        "parent": planner.parent,
        "succession": planner.succession,
        "role": planner.role,
    }
    for kind in _ORDER:
        for e in corrections.of(kind):
            run[kind](e)
    return planner.finish()


# ----------------------------------------------------------------- rewriting one part


def rewrite(
    lines: list[str], doc: str, fix: DocFix, resolve_new: object = None
) -> tuple[list[str], list[tuple[str, str]]]:
    """The document's quads with ``fix`` applied, and (entry IRI, reason) of each role fix
    that found nothing to change. ``resolve_new(name)`` gives a unit (see graph.normalize.Unit) for a
    role fix naming a unit the task does not list and the corpus does not know."""
    g = f"<{doc}>"
    tail = f" {g} .\n"
    lines = _expand(lines, tail)
    ren = {f"<{a}>": (f"<{b}>", f"<{e}>") for a, (b, e) in fix.rename.items()}
    triples: list[tuple[str, str, str]] = []
    resp: dict[str, dict[str, str]] = defaultdict(dict)  # responsibility → its properties
    corrected: dict[str, set[str]] = defaultdict(set)  # node → entry IRIs
    touched_tasks: set[str] = set()
    for line in lines:
        s, p, o = _split(line, tail)
        if s in ren:
            if p == f"<{RDFS_LABEL}>":  # a merged unit's label stays one of its names
                p = f"<{SKOS}altLabel>"
            s = ren[s][0]
        if o in ren:
            if p == f"<{POL}unit>":
                triples.append((s, f"<{POL}extractedUnit>", o))
                corrected[s].add(ren[o][1])
            o = ren[o][0]
        triples.append((s, p, o))
    spans: dict[str, list[tuple[str, str]]] = defaultdict(list)  # task → its span as pol:start, pol:end
    for s, p, o in triples:
        if p in (f"<{POL}task>", f"<{POL}unit>", f"<{POL}role>", f"<{POL}surfaceForm>") or (
            p == f"<{RDF_TYPE}>" and o == f"<{POL}Responsibility>"
        ):
            resp[s][p] = o
        elif p == f"<{POL}span>":
            start, end, _ = parse_span(_value(o))
            spans[s] = [(f"<{POL}start>", literal(start)), (f"<{POL}end>", literal(end))]
    resp = {r: v for r, v in resp.items() if v.get(f"<{RDF_TYPE}>") and f"<{POL}task>" in v}
    for r in corrected:
        if r in resp:
            touched_tasks.add(resp[r][f"<{POL}task>"])
    described = {f"<{u}>": d for u, d in fix.describe.items()}
    out = {(s, p, o) for s, p, o in triples if not (s in described and (p in _DESCRIBED or _is_class(p, o)))}
    subjects = {s for s, _, _ in out}
    for u, d in described.items():
        if u in subjects:
            _describe(out, u, d)
    warnings: list[tuple[str, str]] = []
    for fx in fix.roles:
        t = f"<{task_iri(doc, fx.task)}>"
        mine = [r for r, v in sorted(resp.items()) if v[f"<{POL}task>"] == t]
        names = {fx.unit}
        targets = {f"<{x}>" for x in fx.targets} | {ren[f"<{x}>"][0] for x in fx.targets if f"<{x}>" in ren}
        hits = [
            r
            for r in mine
            if _value(resp[r].get(f"<{POL}surfaceForm>", '""')) in names or resp[r][f"<{POL}unit>"] in targets
        ]
        entry = f"<{fx.entry}>"
        touched_tasks.add(t)
        if fx.role is None:
            if not hits:
                warnings.append(
                    (fx.entry, f"task {fx.task}: {fx.unit!r} is not one of its units; nothing removed")
                )
            for r in hits:
                _withdraw(out, r, resp[r], entry)
                resp.pop(r)
            continue
        if hits:
            for r in hits:
                old = resp[r][f"<{POL}role>"]
                new = f"<{POL}{ROLE_IRI[fx.role]}>"
                if old != new:
                    out.discard((r, f"<{POL}role>", old))
                    out.add((r, f"<{POL}role>", new))
                    out.add((r, f"<{POL}extractedRole>", literal(_ROLE_OF.get(old, ""))))
                    out.add((r, f"<{POL}correctedBy>", entry))
                    resp[r][f"<{POL}role>"] = new
            continue
        unit = _unit_for(fx, out, resolve_new)
        if unit is None:
            warnings.append(
                (fx.entry, f"task {fx.task}: {fx.unit!r} is not a unit of the corpus; nothing added")
            )
            continue
        r = f"<{t[1:-1]}/c/{fx.entry.rsplit('/', 1)[-1]}>"
        for p, o in (
            (RDF_TYPE, f"<{POL}Responsibility>"),
            (POL + "task", t),
            (POL + "unit", unit),
            (POL + "role", f"<{POL}{ROLE_IRI[fx.role]}>"),
            (POL + "correctedBy", entry),
        ):
            out.add((r, f"<{p}>", o))
        out.add((r, f"<{POL}surfaceForm>", literal(fx.unit, lang="zh")))
        out.add((r, f"<{POL}roleRuleApplied>", literal("correction")))
        out.update((r, p, o) for p, o in spans[t])
        resp[r] = {f"<{POL}task>": t, f"<{POL}unit>": unit, f"<{POL}role>": f"<{POL}{ROLE_IRI[fx.role]}>"}
    for r, entries in corrected.items():
        for e in entries:
            out.add((r, f"<{POL}correctedBy>", e))
    _edges(out, resp, touched_tasks)
    _compact(out)
    return sorted(f"{s} {p} {o}{tail}" for s, p, o in out), warnings


_EVIDENCE = f"<{POL}unitEvidence>"
_KEPT = {f"<{POL}correctedBy>", f"<{POL}extractedRole>", f"<{POL}extractedUnit>"}
_FIELDS = 3  # k, role, unit: see rdf.document_graph


def _expand(lines: list[str], tail: str) -> list[str]:
    """A part's lines with each responsibility's evidence literal written out as the node it
    stands for (``TASK/r/K``), so a correction can change or withdraw it like any node."""
    out = []
    for line in lines:
        s, p, o = _split(line, tail)
        if p != _EVIDENCE:
            out.append(line)
            continue
        ev = parse_evidence(_value(o), _FIELDS)
        k, role, unit = ev.fields
        r = f"<{s[1:-1]}/r/{k}>"
        for rp, ro in (
            (f"<{RDF_TYPE}>", f"<{POL}Responsibility>"),
            (f"<{POL}task>", s),
            (f"<{POL}unit>", iri(UNIT_PREFIX + unit)),
            (f"<{POL}role>", f"<{POL}{ROLE_IRI[role]}>"),
            (f"<{POL}surfaceForm>", literal(ev.words, lang="zh")),
            (f"<{POL}start>", literal(ev.start)),
            (f"<{POL}end>", literal(ev.end)),
            (f"<{POL}roleRuleApplied>", literal(ev.note)),
        ):
            out.append(f"{r} {rp} {ro}{tail}")
        if ev.page is not None:
            out.append(f"{r} <{POL}page> {literal(ev.page)}{tail}")
    return out


def _compact(out: set[tuple[str, str, str]]) -> None:
    """The inverse of :func:`_expand` for every responsibility no correction touched: it is
    one evidence literal again, so only corrected responsibilities remain nodes."""
    props: dict[str, dict[str, str]] = defaultdict(dict)
    for s, p, o in out:
        if s.endswith(">") and "/r/" in s:
            props[s][p] = o
    for r, v in props.items():
        t = v.get(f"<{POL}task>")
        if (
            v.get(f"<{RDF_TYPE}>") != f"<{POL}Responsibility>"
            or t is None
            or not r.startswith(f"{t[:-1]}/r/")
            or _KEPT & v.keys()
        ):
            continue
        k = r[len(t) - 1 + 3 : -1]
        page = v.get(f"<{POL}page>")
        ev = format_evidence(
            (k, _ROLE_OF[v[f"<{POL}role>"]], unit_key(v[f"<{POL}unit>"][1:-1])),
            int(_value(v[f"<{POL}start>"])),
            int(_value(v[f"<{POL}end>"])),
            int(_value(page)) if page else None,
            _value(v.get(f"<{POL}surfaceForm>", '""')),
            _value(v.get(f"<{POL}roleRuleApplied>", '""')),
        )
        for p, o in v.items():
            out.discard((r, p, o))
        out.add((t, _EVIDENCE, literal(ev)))


def _is_class(p: str, o: str) -> bool:
    return p == f"<{RDF_TYPE}>" and o in _UNIT_CLASSES


def _describe(out: set[tuple[str, str, str]], u: str, d: Description) -> None:
    out.add((u, f"<{RDF_TYPE}>", f"<{POL}{d.cls or 'Department'}>"))
    out.add((u, f"<{RDFS_LABEL}>", literal(d.label, lang="zh")))
    out.discard((u, f"<{SKOS}altLabel>", literal(d.label, lang="zh")))
    if d.type_iri:
        out.add((u, f"<{POL}departmentType>", iri(d.type_iri)))
    if d.code:
        out.add((u, f"<{POL}jurisdiction>", iri(f"{ID}place/{d.code}")))
    if not d.resolved:  # stated for the few names tied to no department only
        out.add((u, f"<{POL}resolved>", literal(False)))


def _withdraw(out: set[tuple[str, str, str]], r: str, props: dict[str, str], entry: str) -> None:
    """A removed responsibility keeps its evidence, out of every count."""
    out.discard((r, f"<{RDF_TYPE}>", f"<{POL}Responsibility>"))
    out.discard((r, f"<{POL}unit>", props[f"<{POL}unit>"]))
    out.discard((r, f"<{POL}role>", props[f"<{POL}role>"]))
    out.add((r, f"<{RDF_TYPE}>", f"<{POL}WithdrawnResponsibility>"))
    out.add((r, f"<{POL}extractedUnit>", props[f"<{POL}unit>"]))
    out.add((r, f"<{POL}extractedRole>", literal(_ROLE_OF.get(props[f"<{POL}role>"], ""))))
    out.add((r, f"<{POL}correctedBy>", entry))


def _unit_for(fx: RoleFix, out: set[tuple[str, str, str]], resolve_new: object) -> str | None:
    """The unit a role fix adds: one the corpus knows by that name, else a new one."""
    if len(fx.targets) == 1:
        return f"<{fx.targets[0]}>"
    if resolve_new is None:
        return None
    unit = resolve_new(fx.unit)  # type: ignore[operator]
    u = f"<{unit.iri}>"
    d = Description(
        unit.label,
        "Department" if unit.kind == "department" else "CollectiveUnit",
        unit.type_iri,
        unit.jurisdiction.code if unit.jurisdiction else "",
        unit.resolved,
    )
    _describe(out, u, d)
    out.add((u, f"<{SKOS}altLabel>", literal(fx.unit, lang="zh")))
    return u


def _edges(out: set[tuple[str, str, str]], resp: dict[str, dict[str, str]], tasks: set[str]) -> None:
    """A touched task's role edges (pol:leadUnit…), from its responsibilities."""
    if not tasks:
        return
    for s, p, o in list(out):
        if s in tasks and p in _EDGES:
            out.discard((s, p, o))
    for props in resp.values():
        t = props[f"<{POL}task>"]
        if t not in tasks:
            continue
        role = _ROLE_OF[props[f"<{POL}role>"]]
        out.add((t, f"<{POL}{ROLE_EDGE[role]}>", props[f"<{POL}unit>"]))


def tallies_of(lines: list[str], doc: str, lineage: dict[str, str] | None = None) -> dict[str, list]:
    """Per unit: [distinct tasks, tasks led, 1 if a department, jurisdiction code, then its
    responsibilities per role of TALLY_ROLES], read from a part's quads, as
    rdf.document_graph tallies them; with ``lineage``, a predecessor's tasks count as its
    last successor's (and the role counts are left as they were read)."""
    tail = f" <{doc}> .\n"
    inv: dict[str, set[str]] = defaultdict(set)
    led: dict[str, set[str]] = defaultdict(set)
    kind: dict[str, int] = {}
    code: dict[str, str] = {}
    lead_p = f"<{POL}leadUnit>"
    roles: dict[str, list[int]] = defaultdict(lambda: [0] * len(TALLY_ROLES))
    nodes: dict[str, dict[str, str]] = defaultdict(dict)  # corrected responsibilities
    for line in lines:
        s, p, o = _split(line, tail)
        if p == _EVIDENCE:
            _, role, unit = parse_evidence(_value(o), _FIELDS).fields
            roles[UNIT_PREFIX + unit][TALLY_ROLES.index(role)] += 1
        elif p in (f"<{POL}unit>", f"<{POL}role>") or (
            p == f"<{RDF_TYPE}>" and o == f"<{POL}Responsibility>"
        ):
            nodes[s][p] = o
        if p in _EDGES:
            inv[o[1:-1]].add(s)
            if p == lead_p:
                led[o[1:-1]].add(s)
        elif p == f"<{RDF_TYPE}>" and o in _UNIT_CLASSES:
            kind[s[1:-1]] = int(_UNIT_CLASSES[o] == "Department")
        elif p == f"<{POL}jurisdiction>" and s.startswith(f"<{ID}org/"):
            code[s[1:-1]] = o[1:-1].rsplit("/", 1)[-1]
    for v in nodes.values():
        if f"<{RDF_TYPE}>" in v and f"<{POL}unit>" in v:
            roles[v[f"<{POL}unit>"][1:-1]][TALLY_ROLES.index(_ROLE_OF[v[f"<{POL}role>"]])] += 1
    if lineage:
        for table in (inv, led):
            for u in [u for u in table if u in lineage]:
                table[lineage[u]] |= table.pop(u)
    none = [0] * len(TALLY_ROLES)
    return {
        u: [len(ts), len(led.get(u, ())), kind.get(u, 1), code.get(u, ""), *roles.get(u, none)]
        for u, ts in inv.items()
    }
