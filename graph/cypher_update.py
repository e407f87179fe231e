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


def _keyed(rows: list[list[str]], key: list[int], what: str) -> dict[Key, list[str]]:
    out: dict[Key, list[str]] = {}
    for row in rows:
        k = tuple(row[i] for i in key)
        if k in out:
            raise NotIncremental(f"{what}: two rows with key {k}")
        out[k] = row
    return out


def _changed(old: str, new: str) -> tuple[str, str]:
    """The rows of a table that are not in both builds, as CSV text before and after.

    A rebuild changes few build-wide rows, and a row with the same text in both says
    nothing about what changed: only the others are parsed and compared by key. (Line
    breaks inside cells are encoded, so a row is one line.) A row written twice on a side
    stays, so two rows with one key are still found."""
    if old == new:
        return "", ""
    before, after = Counter(old.splitlines(keepends=True)), Counter(new.splitlines(keepends=True))
    both = {r for r, n in before.items() if n == 1 and after.get(r) == 1}
    return "".join(r for r in before.elements() if r not in both), "".join(
        r for r in after.elements() if r not in both
    )


def _plan(old: Rows, new: Rows, schema: Schema) -> tuple[dict[str, _Diff], dict[tuple[str, str, str], _Diff]]:
    """Per node table and per (relationship, from, to): what changed in the build-wide rows."""
    nodes: dict[str, _Diff] = {}
    for t in schema.nodes:
        gone, came = _changed(old["nodes"].get(t.name, ""), new["nodes"].get(t.name, ""))
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
            gone, came = _changed(old_rels.get((r.name, a, b), ""), new_rels.get((r.name, a, b), ""))
            rels[(r.name, a, b)] = _Diff(_keyed(_parse(gone), key, r.name), _keyed(_parse(came), key, r.name))
    return nodes, rels


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
            if d.gone or d.changed_keys:
                _delete_edges(
                    conn, by_name[name], a, b, batch.file(_key_header(by_name[name]), d.gone + d.changed_keys)
                )
        for name, d in nodes.items():
            if d.gone:
                _delete_nodes(conn, name, batch.file(["k"], d.gone))
            if d.changed:
                _set_nodes(conn, tables[name], batch.file(_header(node_columns(tables[name])), d.changed))
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
        kept = _kept_edges(wide, rels, gone_local)
        for (name, a, b), d in rels.items():
            rows = d.added + d.changed + kept.get((name, a, b), [])
            if rows:
                copy_rel(conn, by_name[name], a, b, batch.file(_header(rel_columns(by_name[name])), rows))
        conn.execute("CHECKPOINT")
    finally:
        conn.close()
        db.close()


def _kept_edges(
    wide: Rows, rels: dict[tuple[str, str, str], _Diff], gone_local: dict[str, list[Key]]
) -> dict[tuple[str, str, str], list[list[str]]]:
    """The build-wide edges that stayed the same but touch a node deleted with its document
    (a document the corrections rewrote keeps its IRIs and comes back): deleting the node
    took them, so they are loaded again with the document's rows."""
    gone = {table: {k[0] for k in keys} for table, keys in gone_local.items()}
    out: dict[tuple[str, str, str], list[list[str]]] = {}
    for name, a, b, text in wide["rels"]:
        if not text or (a not in gone and b not in gone):
            continue
        froms, tos = gone.get(a, set()), gone.get(b, set())
        d = rels[(name, a, b)]
        loaded = {tuple(row) for row in d.added + d.changed}
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


def _set_nodes(conn: Any, table: NodeTable, path: Path) -> None:
    """Every property of the listed nodes set from the file, cast as a load would."""
    cols = node_columns(table)
    values = ", ".join(f"{_cast(c)} AS v{i}" for i, c in enumerate(cols))
    sets = ", ".join(f"n.{_ident(c.name)} = v{i}" for i, c in enumerate(cols) if i)
    conn.execute(f"{_load(path, cols)} WITH {values} MATCH (n:{table.name} {{iri: v0}}) SET {sets}")
