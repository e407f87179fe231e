"""A rebuild that changed few documents updates a copy of the previous LadybugDB database.

Reloading every table costs about a minute at 10,000 documents whatever changed. The
projection splits into rows each document owns (its tasks, targets, responsibilities…,
every one touching a node of its own) and build-wide rows (shared nodes such as
departments with their counts and ranks, their edges, similarity links). So the update:

1. deletes the nodes of documents that left or changed, with every edge touching them;
2. compares the build-wide rows with the previous build's, by key (a node's IRI; an
   edge's IRI, or its two ends where the table has no IRI): rows gone are deleted, rows
   changed are set in place (a node keeps its edges), rows new are loaded;
3. loads the new documents' own rows.

The result holds the same rows as a load from scratch (a test compares every table).
Whatever the update cannot express (a node moving between tables, parallel edges without
an IRI) raises :class:`NotIncremental` before the copy is touched, and the caller loads.
"""

from __future__ import annotations

import csv
import io
import marshal
import shutil
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policykg.graph.cypher_store import (
    _cast,
    _ident,
    _load,
    _read_json,
    copy_files,
    copy_node,
    copy_rel,
    node_columns,
    rel_columns,
)
from policykg.graph.projection import Column, NodeTable, RelTable, Rows, Schema, _Writer, write_rows

if TYPE_CHECKING:
    from policykg.graph.cypher_store import LadybugUpdate

__all__ = ["NotIncremental", "update_ladybug"]

Key = tuple[str, ...]


class NotIncremental(Exception):
    """The change cannot be written as an update; the database is loaded from scratch."""


def _parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


class _Diff:
    """One table's build-wide rows before and after, by key."""

    def __init__(self, old: dict[Key, list[str]], new: dict[Key, list[str]]) -> None:
        self.gone = [k for k in old if k not in new]
        self.added = [new[k] for k in new if k not in old]
        self.changed = [new[k] for k in new if k in old and old[k] != new[k]]
        self.changed_keys = [k for k in new if k in old and old[k] != new[k]]
        self.before = [old[k] for k in self.changed_keys]  # those rows as they were


def _keyed(rows: list[list[str]], key: list[int], what: str) -> dict[Key, list[str]]:
    out: dict[Key, list[str]] = {}
    for row in rows:
        k = tuple(row[i] for i in key)
        if k in out:
            raise NotIncremental(f"{what}: two rows with key {k}")
        out[k] = row
    return out


def _changed(old: str, new: str) -> tuple[str, str, set[str]]:
    """The rows of a table that are not in both builds, as CSV text before and after, and
    those that are.

    A rebuild changes few build-wide rows, and a row with the same text in both says
    nothing about what changed: only the others are parsed and compared by key. (Line
    breaks inside cells are encoded, so a row is one line.) A row written twice on a side
    stays, so two rows with one key are still found."""
    if old == new:
        return "", "", set()
    before, after = Counter(old.splitlines(keepends=True)), Counter(new.splitlines(keepends=True))
    both = {r for r, n in before.items() if n == 1 and after.get(r) == 1}
    return (
        "".join(r for r in before.elements() if r not in both),
        "".join(r for r in after.elements() if r not in both),
        both,
    )


Plan = tuple[dict[str, "_Diff"], dict[tuple[str, str, str], "_Diff"]]


def _plan(old: Rows, new: Rows, schema: Schema) -> Plan:
    """Per node table and per (relationship, from, to): what changed between two sets of
    rows (the build-wide ones, or the own rows of documents the corrections rewrote)."""
    nodes: dict[str, _Diff] = {}
    for t in schema.nodes:
        gone, came, _ = _changed(old["nodes"].get(t.name, ""), new["nodes"].get(t.name, ""))
        nodes[t.name] = _Diff(_keyed(_parse(gone), [0], t.name), _keyed(_parse(came), [0], t.name))
    gone_keys = {k for d in nodes.values() for k in d.gone}
    if any((row[0],) in gone_keys for d in nodes.values() for row in d.added):
        raise NotIncremental("a node changed table")
    old_rels = {(n, a, b): text for n, a, b, text in old["rels"]}
    new_rels = {(n, a, b): text for n, a, b, text in new["rels"]}
    rels: dict[tuple[str, str, str], _Diff] = {}
    for r in schema.rels:
        names = [c.name for c in r.columns]
        key = [0, 1, 2 + names.index(r.key)] if r.key else [0, 1]
        for a, b in r.pairs:
            gone, came, both = _changed(old_rels.get((r.name, a, b), ""), new_rels.get((r.name, a, b), ""))
            d = rels[(r.name, a, b)] = _Diff(
                _keyed(_parse(gone), key, r.name), _keyed(_parse(came), key, r.name)
            )
            if not r.key and (d.gone or d.changed_keys):
                # an edge is deleted by its two ends: a parallel edge that stays must not go too
                ends = set(d.gone) | set(d.changed_keys)
                if any((row[0], row[1]) in ends for row in _parse("".join(both))):
                    raise NotIncremental(f"{r.name}: parallel edges without an IRI")
    return nodes, rels


def _joined(files: list[Path]) -> Rows:
    """The own rows of several documents as one set of rows."""
    nodes: dict[str, list[str]] = defaultdict(list)
    rels: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for f in files:
        rows = _read_json(f)
        for name, text in rows["nodes"].items():
            nodes[name].append(text)
        for n, a, b, text in rows["rels"]:
            rels[(n, a, b)].append(text)
    return {
        "nodes": {name: "".join(texts) for name, texts in nodes.items()},
        "rels": [[n, a, b, "".join(texts)] for (n, a, b), texts in rels.items()],
    }


def _merge(into: Plan, other: Plan) -> None:
    """Two plans of distinct rows as one."""
    for mine, theirs in ((into[0], other[0]), (into[1], other[1])):
        for k, d in theirs.items():
            m = mine[k]  # type: ignore[index]
            for attr in ("gone", "added", "changed", "changed_keys", "before"):
                getattr(m, attr).extend(getattr(d, attr))


class _Batch:
    """CSV files of rows for one statement each, in a scratch folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.n = 0

    def file(self, header: list[str], rows: list[list[str]] | list[Key]) -> Path:
        self.n += 1
        path = self.folder / f"update-{self.n}.csv"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            w.writerows(rows)
        return path


def update_ladybug(target: Path, update: LadybugUpdate, wide: Rows, schema: Schema, folder: Path) -> None:
    """Write at ``target`` the previous database brought to this build's rows (see above)."""
    import ladybug

    if not update.previous.is_file():
        raise NotIncremental(f"{update.previous}: no database to update")
    try:
        old_wide = marshal.loads(update.previous_wide.read_bytes())
    except (OSError, ValueError, EOFError, TypeError) as exc:
        raise NotIncremental(f"{update.previous_wide}: {exc}") from exc
    nodes, rels = _plan(old_wide, wide, schema)
    if update.rewritten:
        old_own = _joined([old for old, _ in update.rewritten])
        new_own = _joined([new for _, new in update.rewritten])
        _merge((nodes, rels), _plan(old_own, new_own, schema))
    gone_local: dict[str, list[Key]] = defaultdict(list)
    for f in update.gone_shares:
        for iri, table in _read_json(f)["local"]:  # as in N-Quads: <iri>
            gone_local[table].append((iri[1:-1],))
    shutil.copyfile(update.previous, target)
    batch = _Batch(folder)
    db = ladybug.Database(str(target), auto_checkpoint=False)
    conn = ladybug.Connection(db)
    try:
        tables = {t.name: t for t in schema.nodes}
        for name, iris in sorted(gone_local.items()):
            _delete_nodes(conn, name, batch.file(["k"], iris))
        by_name = {r.name: r for r in schema.rels}
        for (name, a, b), d in rels.items():
            rel = by_name[name]
            # A changed edge with an IRI keeps its ends (they are part of its key): its
            # properties are set in place, as deleting an edge costs a rewrite at checkpoint.
            stale = d.gone if rel.key else d.gone + d.changed_keys
            if stale:
                _delete_edges(conn, rel, a, b, batch.file(_key_header(rel), stale))
            if rel.key and d.changed:
                _set_edges(conn, rel, a, b, batch.file(_header(rel_columns(rel)), d.changed))
        for name, d in nodes.items():
            if d.gone:
                _delete_nodes(conn, name, batch.file(["k"], d.gone))
            for cols, rows in _by_columns(d).items():
                header = [node_columns(tables[name])[i] for i in (0, *cols)]
                _set_nodes(conn, tables[name], header, batch.file(_header(header), rows))
            if d.added:
                copy_node(conn, tables[name], batch.file(_header(node_columns(tables[name])), d.added))
        # the new documents' own rows: nodes first, then their edges
        writer = _Writer(folder / "new")
        (folder / "new").mkdir()
        try:
            for f in update.new_rows:
                write_rows(writer, _read_json(f), schema)
        finally:
            files = writer.close()
        copy_files(conn, files, schema)
        loads = {k: d.added + ([] if by_name[k[0]].key else d.changed) for k, d in rels.items()}
        kept = _kept_edges(wide, loads, gone_local)
        for (name, a, b), rows in loads.items():
            rows = rows + kept.get((name, a, b), [])
            if rows:
                copy_rel(conn, by_name[name], a, b, batch.file(_header(rel_columns(by_name[name])), rows))
        conn.execute("CHECKPOINT")
    finally:
        conn.close()
        db.close()


def _kept_edges(
    wide: Rows, loads: dict[tuple[str, str, str], list[list[str]]], gone_local: dict[str, list[Key]]
) -> dict[tuple[str, str, str], list[list[str]]]:
    """The build-wide edges not among those ``loads`` loads that touch a node deleted with
    its document (one that keeps its IRIs and comes back): deleting the node took them, so
    they are loaded again with the document's rows."""
    gone = {table: {k[0] for k in keys} for table, keys in gone_local.items()}
    out: dict[tuple[str, str, str], list[list[str]]] = {}
    for name, a, b, text in wide["rels"]:
        if not text or (a not in gone and b not in gone):
            continue
        froms, tos = gone.get(a, set()), gone.get(b, set())
        loaded = {tuple(row) for row in loads[(name, a, b)]}
        rows = [r for r in _parse(text) if (r[0] in froms or r[1] in tos) and tuple(r) not in loaded]
        if rows:
            out[(name, a, b)] = rows
    return out


def _header(columns: list[Column]) -> list[str]:
    return [c.name for c in columns]


def _key_header(rel: RelTable) -> list[str]:
    return ["f", "t", "k"] if rel.key else ["f", "t"]


def _delete_nodes(conn: Any, table: str, path: Path) -> None:
    conn.execute(
        f"LOAD WITH HEADERS (k STRING) FROM '{path.as_posix()}' (header=true)"
        f" MATCH (n:{table} {{iri: k}}) DETACH DELETE n"
    )


def _delete_edges(conn: Any, rel: RelTable, src: str, dst: str, path: Path) -> None:
    names = "f STRING, t STRING" + (", k STRING" if rel.key else "")
    where = f" WHERE r.{rel.key} = k" if rel.key else ""
    conn.execute(
        f"LOAD WITH HEADERS ({names}) FROM '{path.as_posix()}' (header=true)"
        f" MATCH (a:{src} {{iri: f}})-[r:{rel.name}]->(b:{dst} {{iri: t}}){where} DELETE r"
    )


def _by_columns(d: _Diff) -> dict[tuple[int, ...], list[list[str]]]:
    """The changed rows grouped by the columns that changed (their IRI, then those cells):
    a moved rank sets one property, not all of them, and the checkpoint writes less."""
    out: dict[tuple[int, ...], list[list[str]]] = {}
    for old, new in zip(d.before, d.changed, strict=True):
        cols = tuple(i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b)
        out.setdefault(cols, []).append([new[0], *(new[i] for i in cols)])
    return out


def _set_edges(conn: Any, rel: RelTable, src: str, dst: str, path: Path) -> None:
    """Every property of the listed edges (found by their ends and IRI) set from the file."""
    cols = rel_columns(rel)
    values = ", ".join(f"{_cast(c)} AS v{i}" for i, c in enumerate(cols))
    sets = ", ".join(f"r.{_ident(c.name)} = v{i}" for i, c in enumerate(cols) if i > 1)
    conn.execute(
        f"{_load(path, cols)} WITH {values} MATCH (a:{src} {{iri: v0}})-[r:{rel.name}]->(b:{dst} {{iri: v1}})"
        f" WHERE r.{rel.key} = v{2 + [c.name for c in rel.columns].index(rel.key)} SET {sets}"
    )


def _set_nodes(conn: Any, table: NodeTable, cols: list[Column], path: Path) -> None:
    """The listed properties of the listed nodes (IRI first) set from the file, cast as a load would."""
    values = ", ".join(f"{_cast(c)} AS v{i}" for i, c in enumerate(cols))
    sets = ", ".join(f"n.{_ident(c.name)} = v{i}" for i, c in enumerate(cols) if i)
    conn.execute(f"{_load(path, cols)} WITH {values} MATCH (n:{table.name} {{iri: v0}}) SET {sets}")
