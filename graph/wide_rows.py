"""The build-wide rows of the property graph, subject by subject, reused across builds.

The rows no single document owns (departments with their counts and ranks, places,
documents' shared descriptions, similarity links, corrections…) come from about a quarter
of a million lines at 1,000 documents: seconds of work, although a rebuild after editing
the corrections file or a few documents changes the lines of few subjects. So the lines
are grouped by subject, and a subject's rows are a function of its own lines and of its
node table alone: its node row, and its edges with both ends, not yet checked against the
tables of the nodes they point at. That check is made for every edge when the rows are put
together, against this build's tables; the rest is kept under a digest of the subject's
lines and table, and reused by the next build.

A department's counts and ranks (the statistics graph) are kept apart: one merge in the
corrections moves the ranks of thousands of departments whose descriptions stay the same.
Their rows are kept under a digest of their other lines, and the statistics columns of
their node row are filled in from the statistics lines, kept under a digest of their own:
a few cells each instead of a projection.

The rows are the same as projecting the lines in one pass (a test compares them), in
another order: subjects in the order their first line comes.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator
from typing import Any

from policykg.graph.projection import (
    RDF_TYPE,
    SKOS_IN_SCHEME,
    RelTable,
    Rows,
    Schema,
    SharedState,
    Spec,
    _feed,
    _Projector,
    _spec,
    object_and_graph,
    read_schema,
)
from policykg.ontology import POL

__all__ = ["MEMO_VERSION", "Memo", "wide_rows"]

# A subject's rows: its node rows (table, cells) and its edges (relationship, from, to,
# CSV line) before the check of their ends' tables.
Output = tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[tuple[str, str, str, str], ...]]
# digest of a subject's lines (but its statistics) and table -> its rows; digest of its
# statistics lines and table -> the cells they fill
Memo = dict[bytes, Any]
MEMO_VERSION = 2  # of the memo's shape, part of the key it is kept under (graph.cache_file)
# What graph.rdf.stats_quads states of a unit: node columns, recomputed on every build.
STATS_PREDICATES = tuple(
    f"<{POL}{name}>"
    for name in (
        "taskCount",
        "leadTaskCount",
        "departmentRank",
        "collectiveRank",
        "scopeName",
        "bodyRank",
        "bodyTaskCount",
        "bodyLeadTaskCount",
    )
)


class _Rows:
    """Where the projection writes node rows: as cells, under the subject they are of."""

    def __init__(self) -> None:
        self.buf = io.StringIO()
        self.csv = csv.writer(self.buf)
        self.nodes: dict[str, list[tuple[str, tuple[str, ...]]]] = {}

    def line(self, row: list[str]) -> str:
        self.buf.seek(0)
        self.buf.truncate()
        self.csv.writerow(row)
        return self.buf.getvalue()

    def node(self, table: Any, row: list[str]) -> None:
        self.nodes.setdefault(f"<{row[0]}>", []).append((table.name, tuple(row)))


class _BySubject(_Projector):
    """The projector for the lines of the subjects not in the memo, in one pass: it knows
    their tables before the lines come, and records each row under the subject it comes
    from (an n-ary node's edge under that node), edges with their ends and unchecked."""

    def __init__(self, schema: Schema) -> None:
        self.rows = _Rows()
        super().__init__(schema, self.rows)  # type: ignore[arg-type]
        self.edges: dict[str, list[tuple[str, str, str, str]]] = {}
        self.current: str | None = None

    def project(self, groups: dict[str, list[str]], tables: dict[str, str]) -> dict[str, Output]:
        self.table_of = {s: tables[s] for s in groups if s in tables}
        _feed(self, (line for lines in groups.values() for line in lines))
        self.current = None
        self.finish()
        nodes, edges = self.rows.nodes, self.edges
        return {s: (tuple(nodes.get(s, ())), tuple(edges.get(s, ()))) for s in groups}

    def run(self, s: str, g: str, props: dict[str, list[str]]) -> None:
        self.current = s
        super().run(s, g, props)

    def _edge(self, rel: RelTable, s: str, o: str, row: list[str]) -> None:
        owner = s if self.current is None else self.current
        self.edges.setdefault(owner, []).append((rel.name, s, o, self.rows.line([s[1:-1], o[1:-1], *row])))

    def _known(self, s: str, table: str) -> None:
        self.table_of[s] = table


class _Stats:
    """The statistics columns of the shared node tables: where their cells sit in a row and
    how they are made. Only predicates that are nothing but node columns qualify, so a
    subject's other lines alone decide its table, its edges and its other cells."""

    def __init__(self, schema: Schema) -> None:
        others = {RDF_TYPE, SKOS_IN_SCHEME}
        for r in schema.rels:
            others.update(c.source for c in r.columns)
            others.update(p for p in (*r.ends, *r.predicates, r.evidence) if p)
        self.predicates = tuple(p for p in STATS_PREDICATES if p not in others)
        self.tables: dict[str, tuple[list[int], list[Spec]]] = {}
        for t in schema.nodes:
            at = [i for i, c in enumerate(t.columns) if c.source in self.predicates]
            if at and not t.local:
                self.tables[t.name] = ([i + 1 for i in at], [_spec(t.columns[i]) for i in at])

    def split(self, s: str, lines: list[str]) -> tuple[list[str], list[str]]:
        """A subject's lines: those that are not statistics, and those that are."""
        start, preds = len(s) + 1, self.predicates
        rest = [line for line in lines if not line.startswith(preds, start)]
        if len(rest) == len(lines):
            return lines, []
        return rest, [line for line in lines if line.startswith(preds, start)]


def _props(s: str, lines: list[str]) -> dict[str, set[str]]:
    """A subject's objects by predicate, over all its lines, as a shared node's are merged
    (each object term as graph.projection._feed takes it from its line)."""
    start = len(s) + 1
    out: dict[str, set[str]] = {}
    for line in lines:
        p, rest = line[start:].split(" ", 1)
        obj = object_and_graph(rest)[0]
        objs = out.get(p)
        if objs is None:
            out[p] = {obj}
        else:
            objs.add(obj)
    return out


Kinds = dict[str, tuple[set[str], set[str]]]  # subject -> its classes, its schemes


def _grouped(lines: Iterable[str]) -> tuple[dict[str, list[str]], Kinds]:
    """Lines by subject (in the order subjects first come), and each subject's classes and
    schemes (the objects of its rdf:type and skos:inScheme lines), which decide its table."""
    groups: dict[str, list[str]] = {}
    kinds: Kinds = {}
    for line in lines:
        s, p, rest = line.split(" ", 2)
        group = groups.get(s)
        if group is None:
            groups[s] = [line]
        else:
            group.append(line)
        if p in (RDF_TYPE, SKOS_IN_SCHEME):
            pair = kinds.get(s)
            if pair is None:
                pair = kinds[s] = (set(), set())
            pair[p == SKOS_IN_SCHEME].add(rest.split(" ", 1)[0])
    return groups, kinds


def _tables(proj: _Projector, kinds: Kinds, local: dict[str, str]) -> dict[str, str]:
    """The node table of every subject, as the one-pass projection assigns them: a
    document's own node keeps its table; a class of a per-node table wins; a shared node
    is a member of the first table whose class (and scheme) it has."""
    tables = dict(local)
    for s, (types, schemes) in kinds.items():
        own = next((proj.local_nodes[o] for o in sorted(types) if o in proj.local_nodes), None)
        if own is not None:
            tables[s] = own.name
        elif s not in tables and not any(o in proj.nary for o in types):
            member = proj._member_of({RDF_TYPE: types, SKOS_IN_SCHEME: schemes})
            if member is not None:
                tables[s] = member.name
    return tables


def _digest(table: str | None, lines: list[str], person: bytes = b"") -> bytes:
    text = f"{table or ''}\n{''.join(lines)}".encode()
    return hashlib.blake2b(text, digest_size=16, person=person).digest()


def wide_rows(
    state: SharedState,
    head: list[str],
    tail: list[str],
    schema: Schema | None = None,
    previous: Memo | None = None,
    keep: Memo | None = None,
) -> Rows:
    """The rows no single document owns: shared nodes (documents, departments, places…)
    merged from every document's share, their edges, and the rows of the build-wide quads
    before (``head``) and after (``tail``) the documents (similarity links…). Same shape
    as a part's rows.

    ``previous``: the memo of the last build, whose subjects with unchanged lines are not
    projected again; ``keep``, when given, receives this build's memo."""
    schema = schema or read_schema()
    proj = _BySubject(schema)
    shared = (f"{spo} .\n" for spo in sorted(state.lines))
    groups, kinds = _grouped(_chain(head, shared, tail))
    tables = _tables(proj, kinds, state.local)
    previous = previous or {}
    stats = _Stats(schema)
    counts: dict[str, list[str]] = {}  # subject -> its statistics lines
    keys = {}
    for s, lines in groups.items():
        table = tables.get(s)
        if table in stats.tables:
            groups[s], numbers = stats.split(s, lines)
            if numbers:
                counts[s] = numbers
        keys[s] = _digest(table, groups[s])
    found = {s: previous[k] for s, k in keys.items() if k in previous}
    found.update(proj.project({s: lines for s, lines in groups.items() if s not in found}, tables))
    cells = _stats_cells(proj, stats, counts, tables, previous, keep)
    nodes: dict[str, list[Iterable[str]]] = {}
    rels: dict[tuple[str, str, str], list[str]] = {}
    pairs = proj.pairs
    for s in groups:
        got = found[s]
        if keep is not None:
            keep[keys[s]] = got
        node_rows, edges = got
        fill = cells.get(s)
        for name, row in node_rows:
            if fill is not None and name == tables[s]:
                full = list(row)
                for i, cell in zip(stats.tables[name][0], fill, strict=True):
                    full[i] = cell
                row = tuple(full)
            nodes.setdefault(name, []).append(row)
        for rel, a, b, line in edges:
            ends = (rel, tables.get(a), tables.get(b))
            if ends in pairs:
                rels.setdefault(ends, []).append(line)  # type: ignore[arg-type]
    return {
        "nodes": {name: _csv(rows) for name, rows in nodes.items()},
        "rels": [[n, a, b, "".join(lines)] for (n, a, b), lines in rels.items()],
    }


def _stats_cells(
    proj: _Projector,
    stats: _Stats,
    counts: dict[str, list[str]],
    tables: dict[str, str],
    previous: Memo,
    keep: Memo | None,
) -> dict[str, tuple[str, ...]]:
    """The statistics cells of each subject that has statistics lines, from the memo when
    those lines are the same as last time, else made from them."""
    keys = {s: _digest(tables[s], lines, b"stats") for s, lines in counts.items()}
    out = {s: previous[k] for s, k in keys.items() if k in previous}
    for s in counts:
        if s not in out:
            out[s] = tuple(proj._cells(stats.tables[tables[s]][1], s, "", _props(s, counts[s])))
    if keep is not None:
        for s, k in keys.items():
            keep[k] = out[s]
    return out


def _csv(rows: list[Iterable[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


def _chain(head: list[str], shared: Iterator[str], tail: list[str]) -> Iterator[str]:
    for text in head:
        yield from text.splitlines(keepends=True)
    yield from shared
    for text in tail:
        yield from text.splitlines(keepends=True)
