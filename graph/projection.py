"""The property-graph view of the RDF graph: node tables, relationship tables, CSV rows.

LadybugDB, the neo4j-admin CSV files and the Neo4j loader all receive this one projection,
so a Cypher question has the same answer in every store. The schema is data
(``ontology/property_graph.toml``), its column types come from the ontology's ranges.

``write_projection`` reads ``OUT/graph.nq`` line by line in one pass. It never builds an
RDF graph: only lines whose predicate some table uses are taken apart, the triples of
per-document nodes (tasks, targets, responsibilities, theme matches, similarity links) are
turned into rows as soon as the node's lines end, and only the shared nodes (documents,
departments, jurisdictions, themes, initiatives…) are held in memory. Cost is linear in
the file and memory is bounded by the shared nodes plus one document. Rows come out in
file order (shared nodes sorted by IRI), so the same graph always gives the same files.
"""

from __future__ import annotations

import csv
import io
import marshal
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from pathlib import Path
from typing import IO, Any

from policykg.graph.evidence import parse_evidence, parse_span
from policykg.graph.nquads import iri as iri_term
from policykg.graph.nquads import unescape
from policykg.graph.rdf import ROLE_IRI
from policykg.ontology import POL, data_path

__all__ = [
    "LINE_BREAKS",
    "LIST_SEP",
    "Column",
    "NodeTable",
    "RelTable",
    "Rows",
    "Schema",
    "SharedState",
    "TableFiles",
    "project_part",
    "read_schema",
    "write_projection",
    "write_projection_from_parts",
    "write_rows",
]

LIST_SEP = "\x1f"  # joins list items inside one CSV cell; never occurs in cleaned text
# LadybugDB's CSV reader drops blank lines even inside quoted fields, so line breaks travel
# as these two control characters and are restored when loading.
LINE_BREAKS = {"\n": "\x1e", "\r": "\x1d"}
_ENCODE_BREAKS = str.maketrans(LINE_BREAKS)
_BREAK = "\n"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SKOS_IN_SCHEME = "<http://www.w3.org/2004/02/skos/core#inScheme>"
_RANGE_TYPES = {"integer": "INT64", "double": "DOUBLE", "decimal": "DOUBLE", "boolean": "BOOLEAN"}
_ROLE_CODE = {f"<{POL}{v}>": k for k, v in ROLE_IRI.items()}
_ROLE = f"<{POL}role>"
_EVIDENCE_NUMBERS = {"@start", "@end", "@page"}
_SPAN_PARTS = {"start": 0, "end": 1, "page": 2}
# What bytes.rstrip() strips: a line's end is trimmed the same way however it was read.
_ASCII_SPACE = " \t\n\r\x0b\x0c"


@dataclass(frozen=True)
class Column:
    """One property: its name, LadybugDB type and where its value comes from."""

    name: str
    type: str  # STRING, INT64, DOUBLE, BOOLEAN or STRING[]
    source: str  # "<predicate IRI>" or a computed value: @iri, @key, @graph, @role
    lang: str | None = None
    part: str = ""  # of a span literal: start, end or page

    @property
    def many(self) -> bool:
        return self.type.endswith("[]")


@dataclass(frozen=True)
class NodeTable:
    name: str
    cls: str  # "<class IRI>"
    columns: tuple[Column, ...]
    scheme: str = ""  # "<scheme IRI>": members must be skos:inScheme it
    local: bool = False


@dataclass(frozen=True)
class RelTable:
    name: str
    pairs: tuple[tuple[str, str], ...]
    columns: tuple[Column, ...] = ()
    node: str = ""  # "<class IRI>" of the n-ary node each edge comes from
    ends: tuple[str, str] = ("", "")  # its from / to predicates
    predicates: tuple[str, ...] = ()  # or: the properties that are edges, by priority
    relation: dict[str, str] = field(default_factory=dict)  # predicate -> value of ``relation``
    evidence: str = ""  # and/or: "<property>" whose evidence literals are edges (graph.evidence)
    prefix: str = ""  # with ``evidence``: the IRI of an edge's end is this prefix + its key field
    fields: tuple[str, ...] = ()  # the literal's fields, by name
    key_field: str = ""  # the field naming the edge's end
    evidence_iri: str = ""  # the "@iri" of an edge from a literal: a template of "subject" and fields
    evidence_cells: tuple[str, ...] = ()  # per column: the literal's part that fills it, or ""
    to_graph: bool = False  # or: an edge from each node of "from" to the named graph it sits in

    @property
    def key(self) -> str:
        """The property that tells parallel edges apart (the MERGE key in Neo4j), if any."""
        return "iri" if any(c.name == "iri" for c in self.columns) else ""


@dataclass(frozen=True)
class Schema:
    nodes: tuple[NodeTable, ...]
    rels: tuple[RelTable, ...]

    def node(self, name: str) -> NodeTable:
        return next(t for t in self.nodes if t.name == name)


# Rows of a projection as CSV text without headers: ``{"nodes": {table: text},
# "rels": [[relationship, from table, to table, text]]}`` (a document's part, or the build's).
Rows = dict[str, Any]


@dataclass
class TableFiles:
    """The CSV files of a projection: per node table, and per (relationship, from, to)."""

    nodes: dict[str, Path] = field(default_factory=dict)
    rels: dict[tuple[str, str, str], Path] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def _ranges() -> dict[str, str]:
    """rdfs:range of every ontology property, as ``{"<property>": "integer"…}``."""
    import pyoxigraph

    out = {}
    with data_path("policykg.ttl").open("rb") as fh:
        for t in pyoxigraph.parse(fh, format=pyoxigraph.RdfFormat.TURTLE):
            if t.predicate.value.endswith("#range"):
                out[f"<{t.subject.value}>"] = t.object.value.rsplit("#", 1)[-1]
    return out


@cache
def read_schema() -> Schema:
    """The schema of ``ontology/property_graph.toml``, typed from ``ontology/policykg.ttl``."""
    with data_path("property_graph.toml").open("rb") as fh:
        spec = tomllib.load(fh)
    prefixes = spec["prefixes"]
    ranges = _ranges()

    def expand(curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return f"<{prefixes[prefix]}{local}>"

    def column(name: str, text: str) -> Column:
        if text.startswith("@"):
            return Column(name, "INT64" if text in _EVIDENCE_NUMBERS else "STRING", text)
        many = text.endswith("[]")
        text = text.removesuffix("[]")
        curie, _, lang = text.partition("@")
        curie, _, part = curie.partition(".")
        pred = expand(curie)
        if part:
            return Column(name, "INT64", pred, part=part)
        type_ = "STRING[]" if many else _RANGE_TYPES.get(ranges.get(pred, ""), "STRING")
        return Column(name, type_, pred, lang or None)

    nodes = tuple(
        NodeTable(
            name,
            expand(t["class"]),
            tuple(column(k, v) for k, v in t["columns"].items()),
            expand(t["scheme"]) if "scheme" in t else "",
            bool(t.get("local", False)),
        )
        for name, t in spec["nodes"].items()
    )
    rels = tuple(
        RelTable(
            name,
            tuple(tuple(p.split(">")) for p in t["pairs"]),  # type: ignore[misc]
            tuple(column(k, v) for k, v in t.get("columns", {}).items())
            + ((Column("relation", "STRING", "@relation"),) if "relation" in t else ()),
            expand(t["node"]) if "node" in t else "",
            (expand(t["from"]), expand(t["to"])) if "node" in t else ("", ""),
            tuple(expand(p) for p in t.get("predicates", ())),
            {expand(k): v for k, v in t.get("relation", {}).items()},
            *_evidence_spec(t, expand),
            to_graph=bool(t.get("graph", False)),
        )
        for name, t in spec["rels"].items()
    )
    return Schema(nodes, rels)


def _evidence_spec(
    t: dict[str, Any], expand: Any
) -> tuple[str, str, tuple[str, ...], str, str, tuple[str, ...]]:
    """The evidence part of a relationship table: property, end prefix, fields, key field,
    IRI template and the part of the literal per column. A table that is also made from
    n-ary nodes names its end prefix ``evidence_to`` and its cells ``evidence_columns``."""
    if "evidence" not in t:
        return "", "", (), "", "", ()
    fields = tuple(t.get("fields", ["key"]))
    both = "node" in t
    prefix = expand(t["evidence_to"] if both else t["to"])[1:-1]
    cells = t.get("evidence_columns", {}) if both else t.get("columns", {})
    return (
        expand(t["evidence"]),
        prefix,
        fields,
        t.get("key", fields[0]),
        t.get("evidence_iri", ""),
        tuple(cells.get(name, "") for name in t.get("columns", {})),
    )


def _term(obj: str) -> tuple[str, str | None]:
    """(value, language tag) of an N-Quads object term; IRIs lose their brackets."""
    if obj[:1] == '"':
        end = obj.rfind('"')
        lang = obj[end + 2 :] if obj[end + 1 : end + 2] == "@" else None
        return unescape(obj[1:end]), lang
    if obj[:1] == "<":
        return unescape(obj[1:-1]), None
    return obj, None


class _Writer:
    """One CSV file per table; ``,``-separated with quoting, as LadybugDB's COPY reads."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files = TableFiles()
        self._handles: dict[str, tuple[IO[str], Any]] = {}
        self._writers: dict[Any, Any] = {}

    def _open(self, name: str, header: list[str]) -> Any:
        # Kept open across rows and closed in close(): one handle per table.
        fh = open(self.folder / f"{name}.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
        w = csv.writer(fh)
        w.writerow(header)
        self._handles[name] = (fh, w)
        return w

    def node(self, table: NodeTable, row: list[str] | None) -> None:
        w = self._writers.get(table.name)
        if w is None:
            name = f"node_{table.name}"
            self.files.nodes[table.name] = self.folder / f"{name}.csv"
            w = self._writers[table.name] = self._open(name, ["iri", *(c.name for c in table.columns)])
        if row is not None:
            w.writerow(row)

    def rel(self, table: RelTable, src: str, dst: str, row: list[str] | None) -> None:
        key = (table.name, src, dst)
        w = self._writers.get(key)
        if w is None:
            name = f"rel_{table.name}_{src}_{dst}"
            self.files.rels[key] = self.folder / f"{name}.csv"
            w = self._writers[key] = self._open(name, ["from", "to", *(c.name for c in table.columns)])
        if row is not None:
            w.writerow(row)

    def raw_node(self, table: NodeTable, text: str) -> None:
        """Rows already written as CSV text (a document's part)."""
        if text:
            self.node(table, None)
            self._handles[f"node_{table.name}"][0].write(text)

    def raw_rel(self, table: RelTable, src: str, dst: str, text: str) -> None:
        if text:
            self.rel(table, src, dst, None)
            self._handles[f"rel_{table.name}_{src}_{dst}"][0].write(text)

    def close(self) -> TableFiles:
        for name, (fh, _) in self._handles.items():
            self.files.counts[name] = fh.tell()
            fh.close()
        return self.files


class _Unsorted(Exception):
    """A per-document node's lines are not together; the file is re-read in sorted order."""


# How a column's cell is made: source, predicate (or ""), language, list or not, span part.
Spec = tuple[str, str, str | None, bool, int]


def _spec(c: Column) -> Spec:
    return (
        c.source,
        c.source if c.source.startswith("<") else "",
        c.lang,
        c.many,
        _SPAN_PARTS.get(c.part, -1),
    )


class _Projector:
    """Turns runs (the lines of one subject in one graph) into rows. Terms are kept as
    written (IRIs in brackets, literals quoted) until a row needs their values."""

    def __init__(self, schema: Schema, writer: _Writer) -> None:
        self.out = writer
        self.local_nodes = {t.cls: t for t in schema.nodes if t.local}
        self.nary = {r.node: r for r in schema.rels if r.node}
        self.ends = {r.name: r.ends for r in schema.rels if r.node}
        self.shared = [(t, t.cls, t.scheme) for t in schema.nodes if not t.local]
        self.edge_rels = [
            (r, [(p, [r.relation[p]] if r.relation else []) for p in r.predicates])
            for r in schema.rels
            if r.predicates
        ]
        self.evidence_rels = [r for r in schema.rels if r.evidence]
        self.graph_rels = [r for r in schema.rels if r.to_graph]
        self.specs = {t.name: [_spec(c) for c in t.columns] for t in (*schema.nodes, *schema.rels)}
        self.pairs = {(r.name, a, b) for r in schema.rels for a, b in r.pairs}
        wanted = {RDF_TYPE, SKOS_IN_SCHEME, _ROLE}
        for t in (*schema.nodes, *schema.rels):
            wanted.update(c.source for c in t.columns if c.source.startswith("<"))
        for r in schema.rels:
            wanted.update(p for p in (*r.ends, *r.predicates, r.evidence) if p)
        self.wanted = wanted
        self.table_of: dict[str, str] = {}  # node IRI (bracketed) -> node table
        self.merged: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        # edges whose end is not typed yet (e.g. a unit declared after the task naming it)
        self.waiting: dict[str, list[tuple[RelTable, str, str, list[str]]]] = defaultdict(list)
        self.local_seen: set[str] = set()

    def _row(self, table: str, s: str, g: str, props: dict[str, Any]) -> list[str]:
        return self._cells(self.specs[table], s, g, props)

    def _cells(self, specs: list[Spec], s: str, g: str, props: Any) -> list[str]:
        """The cells of the columns ``specs`` describe (see :func:`_spec`), from a run's props."""
        row = []
        for source, pred, lang, many, part in specs:
            if pred:
                objs = props.get(pred)
                if not objs:
                    row.append("")
                    continue
                if part >= 0:
                    value = parse_span(_term(min(objs))[0])[part]
                    row.append("" if value is None else str(value))
                    continue
                if len(objs) == 1:
                    # Most cells hold one term: its value without building the sorted set.
                    (obj,) = objs
                    if lang is not None:
                        value, tag = _term(obj)
                        cell = value if tag == lang else ""
                    elif obj[:1] == '"':
                        cell = obj[1 : obj.rfind('"')]
                        if "\\" in cell:
                            cell = unescape(cell)
                    elif obj[:1] == "<":
                        cell = unescape(obj[1:-1])
                    else:
                        cell = obj
                else:
                    values = sorted({v for v, tag in map(_term, objs) if lang is None or tag == lang})
                    cell = LIST_SEP.join(values) if many else (values[0] if values else "")
                if _BREAK in cell or "\r" in cell:
                    cell = cell.translate(_ENCODE_BREAKS)
                row.append(cell)
            elif source == "@iri":
                row.append(s[1:-1])
            elif source == "@key":
                row.append(s[1:-1].rstrip("/").rsplit("/", 1)[-1])
            elif source == "@graph":
                row.append(g[1:-1])
            elif source == "@role":
                roles = sorted(props.get(_ROLE, ()))
                row.append(_ROLE_CODE.get(roles[0], _term(roles[0])[0]) if roles else "")
            else:
                row.append("")
        return row

    # -- edges
    def _edge(self, rel: RelTable, s: str, o: str, row: list[str]) -> None:
        """Write an edge, or park it under the end whose table is not known yet."""
        src, dst = self.table_of.get(s), self.table_of.get(o)
        if src is None or dst is None:
            self.waiting[s if src is None else o].append((rel, s, o, row))
        elif (rel.name, src, dst) in self.pairs:
            self.out.rel(rel, src, dst, [s[1:-1], o[1:-1], *row])

    def _known(self, s: str, table: str) -> None:
        self.table_of[s] = table
        for edge in self.waiting.pop(s, ()):
            self._edge(*edge)

    def _predicate_edges(self, s: str, props: dict[str, Any]) -> None:
        for rel, preds in self.edge_rels:
            seen: set[str] = set()
            for p, extra in preds:
                for o in sorted(props.get(p, ())):
                    if o[:1] == "<" and o not in seen:
                        seen.add(o)
                        self._edge(rel, s, o, extra)

    def _evidence_edges(self, s: str, g: str, props: dict[str, Any]) -> None:
        """One edge per evidence entry (a literal holds one, or several a line each): to the
        prefix + its key, with its span and words."""
        for rel in self.evidence_rels:
            entries = (e for obj in props.get(rel.evidence, ()) for e in _term(obj)[0].split("\n"))
            for entry in sorted(entries):
                ev = parse_evidence(entry, len(rel.fields))
                named = dict(zip(rel.fields, ev.fields, strict=True))
                cells = {f"@{k}": v for k, v in named.items()}
                cells.update(
                    {
                        "@start": str(ev.start),
                        "@end": str(ev.end),
                        "@page": "" if ev.page is None else str(ev.page),
                        "@words": ev.words.translate(_ENCODE_BREAKS),
                        "@note": ev.note.translate(_ENCODE_BREAKS),
                        "@graph": g[1:-1],
                    }
                )
                if rel.evidence_iri:
                    cells["@iri"] = rel.evidence_iri.format(subject=s[1:-1], **named)
                row = [cells.get(part, "") if part else "" for part in rel.evidence_cells]
                self._edge(rel, s, iri_term(rel.prefix + named[rel.key_field]), row)

    def run(self, s: str, g: str, props: dict[str, list[str]]) -> None:
        types = props.get(RDF_TYPE, ())
        local = nary = None
        for t in types:
            local = local or self.local_nodes.get(t)
            nary = nary or self.nary.get(t)
        if local is None and nary is None:
            into = self.merged[s]
            for p, objs in props.items():
                into[p].update(objs)
            if s not in self.table_of:
                table = self._member_of(into)
                if table is not None:
                    self._known(s, table.name)
            return
        if s in self.local_seen:
            raise _Unsorted(s)
        self.local_seen.add(s)
        if local is not None:
            self._known(s, local.name)
            self.out.node(local, [s[1:-1], *self._row(local.name, s, g, props)])
            self._predicate_edges(s, props)
            for rel in self.graph_rels:
                self._edge(rel, s, g, [])
            if self.evidence_rels:
                self._evidence_edges(s, g, props)
        if nary is not None:
            a, b = (props.get(p) for p in self.ends[nary.name])
            if a and b:
                self._edge(nary, min(a), min(b), self._row(nary.name, s, g, props))

    def _member_of(self, props: dict[str, Any]) -> NodeTable | None:
        types, schemes = props.get(RDF_TYPE, ()), props.get(SKOS_IN_SCHEME, ())
        for t, cls, scheme in self.shared:
            if cls in types and (not scheme or scheme in schemes):
                return t
        return None

    def finish(self) -> None:
        """Shared nodes (sorted by IRI) and their edges; edges to untyped nodes are dropped."""
        members: dict[str, list[str]] = defaultdict(list)
        for s in sorted(self.merged):
            table = self._member_of(self.merged[s])
            if table is not None and self.table_of.get(s, table.name) == table.name:
                members[table.name].append(s)
                if s not in self.table_of:
                    self._known(s, table.name)
        for t, _, _ in self.shared:
            for s in members[t.name]:
                self.out.node(t, [s[1:-1], *self._row(t.name, s, "", self.merged[s])])
        for t, _, _ in self.shared:
            for s in members[t.name]:
                self._predicate_edges(s, self.merged[s])


def object_and_graph(rest: str) -> tuple[str, str]:
    """The object term and the graph IRI ("" in the default graph) of what follows a line's
    predicate: "<o> <g> .\n" — the graph IRI has no spaces, literals may."""
    if rest.endswith(" .\n"):
        body = rest[:-3]
    else:
        body = rest.rstrip(_ASCII_SPACE).removesuffix(".").rstrip(_ASCII_SPACE)
    i = body.rfind(" ")
    g = body[i + 1 :]
    if i <= 0 or g[:1] != "<" or '"' in g:
        return body, ""
    return body[:i], g


def _feed(proj: _Projector, lines: Iterable[str]) -> None:
    """Group N-Quad lines into runs (one subject in one graph) and hand them to ``proj``."""
    wanted = proj.wanted
    run = proj.run
    key_s = key_g = ""
    # " <g> .\n" of the last line that had a graph: the lines of a graph come together, so
    # most lines end with it and their object is what precedes it, found without a search.
    tail = tail_g = ""
    props: dict[str, list[str]] = {}
    cut = 0
    for line in lines:
        try:
            s, p, rest = line.split(" ", 2)
        except ValueError:
            continue
        if p not in wanted:
            continue
        if cut and len(rest) > cut and rest.endswith(tail):
            obj, g = rest[:-cut], tail_g
        else:
            obj, g = object_and_graph(rest)
            if g:
                tail, tail_g = f" {g} .\n", g
                cut = len(tail)
        if s != key_s or g != key_g:
            if props:
                run(key_s, key_g, props)
            if g != key_g:
                proj.local_seen.clear()
            key_s, key_g, props = s, g, {}
        objs = props.get(p)
        if objs is None:
            props[p] = [obj]
        else:
            objs.append(obj)
    if props:
        run(key_s, key_g, props)


def _project(nq: Path, folder: Path, schema: Schema, ordered: bool) -> TableFiles:
    writer = _Writer(folder)
    proj = _Projector(schema, writer)
    try:
        with open(nq, "rb") as fh:
            # Sorted as bytes, as written; bytes that are not UTF-8 survive decoding and fail
            # only in a row that uses them.
            lines = sorted(fh) if ordered else fh
            _feed(proj, (line.decode("utf-8", "surrogateescape") for line in lines))
        proj.finish()
    finally:
        files = writer.close()
    return files


class _MemoryWriter(_Writer):
    """A document's rows, per table, kept in memory without headers."""

    def __init__(self) -> None:
        super().__init__(Path())

    def _open(self, name: str, header: list[str]) -> Any:
        buf = io.StringIO()
        w = csv.writer(buf)
        self._handles[name] = (buf, w)
        return w

    def texts(self) -> tuple[dict[str, str], list[list[str]]]:
        nodes = {t: self._handles[f"node_{t}"][0].getvalue() for t in self.files.nodes}  # type: ignore[attr-defined]
        rels = [
            [n, a, b, self._handles[f"rel_{n}_{a}_{b}"][0].getvalue()]  # type: ignore[attr-defined]
            for n, a, b in self.files.rels
        ]
        return nodes, rels


@cache
def _scheme_tables() -> dict[str, str]:
    """Tables of the concepts every build carries (themes, department types): a document's
    rows can point at them before the build-wide pass."""
    from policykg.graph.schemes import scheme_quads

    proj = _Projector(read_schema(), _MemoryWriter())
    _feed(proj, scheme_quads())
    out = {}
    for s, props in proj.merged.items():
        table = proj._member_of(props)
        if table is not None:
            out[s] = table.name
    return out


def project_part(lines: list[str]) -> dict[str, Any] | None:
    """One document's share of the projection, computed where the document is extracted.

    Returns its rows per table, the properties of the shared nodes it mentions (as N-Quad
    lines, merged later with every other document's) and its own nodes' tables; None when
    a row points outside the document and the build-wide projection must be used.
    """
    schema = read_schema()
    writer = _MemoryWriter()
    proj = _Projector(schema, writer)
    proj.table_of.update(_scheme_tables())
    try:
        _feed(proj, lines)
    except _Unsorted:
        return None
    if proj.waiting:
        return None
    local = {t.name for t in schema.nodes if t.local}
    graph = lines[0].rsplit(" ", 2)[-2] if lines else "<>"
    shared = [
        f"{s} {p} {o} {graph} .\n"
        for s in sorted(proj.merged)
        for p, objs in sorted(proj.merged[s].items())
        for o in sorted(objs)
    ]
    nodes, rels = writer.texts()
    return {
        "nodes": nodes,
        "rels": rels,
        "shared": "".join(shared),
        "local": sorted([s, t] for s, t in proj.table_of.items() if t in local),
    }


class SharedState:
    """What the build-wide rows are computed from, besides the build-wide quads: every
    statement documents make about shared nodes, with the number of documents making it
    (the named graph left out: a shared node's properties are the union over documents),
    and the table of every document's own node (edges of the build-wide quads point at
    tasks). Counted, so a rebuild takes out the documents that left and adds the new ones
    instead of reading every document's share again."""

    def __init__(self) -> None:
        self.lines: dict[str, int] = {}  # "<s> <p> o" -> documents stating it
        self.local: dict[str, str] = {}  # "<iri>" -> node table

    def add(self, share: dict[str, Any], sign: int = 1) -> None:
        """Count a document's share (see :func:`project_part`) in, or out with ``sign=-1``."""
        lines = self.lines
        for line in _lines(share["shared"]):
            spo = line.rsplit(" ", 2)[0]  # the graph IRI has no spaces
            n = lines.get(spo, 0) + sign
            if n < 0:
                raise ValueError(f"{spo}: counted out more often than in")
            if n:
                lines[spo] = n
            else:
                del lines[spo]
        for iri, table in share["local"]:
            if sign > 0:
                self.local[iri] = table
            else:
                self.local.pop(iri, None)

    def dump(self) -> bytes:
        """In marshal's format (plain strings and numbers, nothing executed when read): a
        tenth of JSON's time for the hundred thousand lines of a thousand documents."""
        return marshal.dumps((sorted(self.lines.items()), sorted(self.local.items())))

    @classmethod
    def load(cls, data: bytes) -> SharedState:
        """The state ``dump`` wrote; ValueError if it is not one (then it is computed again)."""
        try:
            lines, local = marshal.loads(data)
            state = cls()
            state.lines = dict(lines)
            state.local = dict(local)
        except (EOFError, TypeError) as exc:
            raise ValueError(f"not a projection state: {exc}") from exc
        return state


def write_projection_from_parts(
    parts: Iterable[Rows], wide: Rows, folder: Path, schema: Schema | None = None
) -> TableFiles:
    """The same files as ``write_projection`` of the whole graph, from the documents' rows
    (in document order) and the build-wide rows (graph.wide_rows)."""
    schema = schema or read_schema()
    folder.mkdir(parents=True, exist_ok=True)
    writer = _Writer(folder)
    try:
        for part in chain(parts, [wide]):
            write_rows(writer, part, schema)
    finally:
        files = writer.close()
    return files


def write_rows(writer: _Writer, rows: Rows, schema: Schema) -> None:
    """Append a part's rows (CSV text per table) to the writer's files."""
    rels = {r.name: r for r in schema.rels}
    for name, text in rows["nodes"].items():
        writer.raw_node(schema.node(name), text)
    for name, a, b, text in rows["rels"]:
        writer.raw_rel(rels[name], a, b, text)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def write_projection(nq: Path, folder: Path, schema: Schema | None = None) -> TableFiles:
    """Write the node and relationship CSV files of ``nq`` into ``folder``.

    The pipeline writes each document's quads together and sorted; a file that is not
    (hand-edited, concatenated) is read a second time in sorted order, in memory.
    """
    schema = schema or read_schema()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return _project(nq, folder, schema, ordered=False)
    except _Unsorted:
        for f in folder.glob("*.csv"):
            f.unlink()
        return _project(nq, folder, schema, ordered=True)
