"""LadybugDB, the embedded Cypher store: built from OUT/graph.nq, opened read-only to query.

``write_ladybug`` creates the schema of :mod:`policykg.graph.projection` and bulk-loads the
projection's CSV files with ``COPY … FROM`` (one statement per table; no per-row Python),
so loading stays linear as corpora grow. When few documents changed it updates a copy of
the previous build's database instead (:mod:`policykg.graph.cypher_update`).
``run_cypher`` opens the database in LadybugDB's read-only mode unless asked to write, and
also refuses write clauses before they reach the engine, with a message that says how to
allow them. Extensions download at run time, so none is used.
"""

from __future__ import annotations

import json
import marshal
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from policykg.graph.cache_file import read_keyed, write_keyed
from policykg.graph.projection import (
    LINE_BREAKS,
    LIST_SEP,
    Column,
    NodeTable,
    RelTable,
    Rows,
    Schema,
    SharedState,
    TableFiles,
    read_schema,
    write_projection,
    write_projection_from_parts,
)
from policykg.graph.wide_rows import MEMO_VERSION, Memo, wide_rows
from policykg.queries.engines import ReadOnlyError, Result

from policykg.errors import StoreError

__all__ = [
    "LADYBUG_DIR",
    "LadybugUpdate",
    "ProjectionParts",
    "copy_files",
    "copy_node",
    "copy_rel",
    "cypher_value",
    "ddl",
    "is_write_query",
    "run_cypher",
    "write_ladybug",
]

LADYBUG_DIR = "ladybug"
GRAPH_FILE = "graph.nq"
_WRITE = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DROP|COPY|ALTER|INSTALL|LOAD|ATTACH|DETACH|IMPORT|EXPORT"
    r"|CHECKPOINT|USE|BEGIN|COMMIT|ROLLBACK|CALL)\b",
    re.I,
)
# String literals, quoted names and comments, blanked before looking for write clauses.
_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
_READ_CALLS = re.compile(
    r"\bCALL\s+(show_tables|table_info|show_connection|db_version|current_setting)\b", re.I
)


def _ident(name: str) -> str:
    """Quoted, because ``end``, ``from``… are Cypher keywords."""
    return f"`{name}`"


def ddl(schema: Schema | None = None) -> list[str]:
    """CREATE statements for every node and relationship table of the schema."""
    schema = schema or read_schema()
    stmts = []
    for t in schema.nodes:
        cols = "".join(f", {_ident(c.name)} {c.type}" for c in t.columns)
        stmts.append(f"CREATE NODE TABLE {t.name}(iri STRING PRIMARY KEY{cols})")
    for r in schema.rels:
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in r.pairs)
        cols = "".join(f", {_ident(c.name)} {c.type}" for c in r.columns)
        stmts.append(f"CREATE REL TABLE {r.name}({pairs}{cols})")
    return stmts


def _cast(c: Column) -> str:
    """How a CSV cell (read as text) becomes the column's value: empty cells are NULL, lists split."""
    col = _ident(c.name)
    text = col
    for char, code in LINE_BREAKS.items():
        text = f"replace({text}, '{code}', '{char}')"
    if c.many:
        value = f"string_split({text}, '{LIST_SEP}')"
    elif c.type == "STRING":
        value = text
    else:
        value = f"CAST({col} AS {c.type})"
    return f"CASE WHEN {col} IS NULL OR {col} = '' THEN NULL ELSE {value} END"


def _select(columns: list[Column]) -> str:
    """The RETURN list of ``COPY … FROM (LOAD FROM …)``."""
    return ", ".join(_cast(c) for c in columns)


def _load(path: Path, columns: list[Column]) -> str:
    """Every column read as text (no type sniffing) and cast in RETURN; quoted fields may span lines."""
    names = ", ".join(f"{_ident(c.name)} STRING" for c in columns)
    return f"LOAD WITH HEADERS ({names}) FROM '{path.as_posix()}' (header=true, parallel=false)"


def node_columns(table: NodeTable) -> list[Column]:
    """The CSV columns of a node table's rows: its IRI, then its properties."""
    return [Column("iri", "STRING", "@iri"), *table.columns]


def rel_columns(rel: RelTable) -> list[Column]:
    """The CSV columns of a relationship table's rows: both ends' IRIs, then its properties."""
    return [Column("from", "STRING", ""), Column("to", "STRING", ""), *rel.columns]


def copy_node(conn: Any, table: NodeTable, path: Path) -> None:
    """Bulk-load a node table's CSV file (the table may hold rows already)."""
    cols = node_columns(table)
    conn.execute(f"COPY {table.name} FROM ({_load(path, cols)} RETURN {_select(cols)})")


def copy_rel(conn: Any, rel: RelTable, src: str, dst: str, path: Path) -> None:
    """Bulk-load the ``src`` → ``dst`` edges of a relationship table from its CSV file."""
    cols = rel_columns(rel)
    conn.execute(
        f"COPY {rel.name} FROM ({_load(path, cols)} RETURN {_select(cols)}) (from='{src}', to='{dst}')"
    )


def copy_files(conn: Any, files: TableFiles, schema: Schema) -> None:
    """Every node file, then every relationship file (edges need both ends loaded)."""
    for t in schema.nodes:
        if t.name in files.nodes:
            copy_node(conn, t, files.nodes[t.name])
    for r in schema.rels:
        for src, dst in r.pairs:
            if (r.name, src, dst) in files.rels:
                copy_rel(conn, r, src, dst, files.rels[(r.name, src, dst)])


def load_tables(conn: Any, files: TableFiles, schema: Schema) -> None:
    """Create the schema and COPY every table from its CSV file."""
    for stmt in ddl(schema):
        conn.execute(stmt)
    copy_files(conn, files, schema)


@dataclass
class ProjectionParts:
    """The projection of a build by parts: per document (in document order) its rows and
    its share of the build-wide rows (see :func:`project_part`), the build-wide quad lines
    before (``head``) and after (``tail``) the documents, and where to keep the build-wide
    rows (``wide_file``) and what they are computed from (``state_file``) for the next
    build's update, and the memo of those rows by subject (``memo_file``, read from
    ``previous_memo``: graph.wide_rows)."""

    rows: list[Path]
    shares: list[Path]
    head: list[str]
    tail: list[str]
    wide_file: Path | None = None
    state_file: Path | None = None
    memo_file: Path | None = None
    previous_memo: Path | None = None
    memo_stamp: str = ""  # the code and schema the memo was made with (pipeline.build_key)

    def shared_state(self, update: LadybugUpdate | None = None) -> SharedState:
        """The previous build's state with the changed documents' shares counted out and
        in, when there is one; else every document's share, read."""
        if update is not None:
            try:
                state = SharedState.load(update.previous_state.read_bytes())
                for f in update.gone_shares:
                    state.add(_read_json(f), -1)
                for f in update.new_shares:
                    state.add(_read_json(f))
                for gone, new in update.reshared:
                    state.add(_read_json(gone), -1)
                    state.add(_read_json(new))
                return state
            except (OSError, ValueError, KeyError, TypeError):
                pass  # read whole below
        state = SharedState()
        for f in self.shares:
            state.add(_read_json(f))
        return state

    def wide(self, schema: Schema, update: LadybugUpdate | None = None) -> Rows:
        state = self.shared_state(update)
        if self.state_file is not None:
            _write_bytes(self.state_file, state.dump())
        key = (MEMO_VERSION, self.memo_stamp)
        keep: Memo = {}
        rows = wide_rows(state, self.head, self.tail, schema, read_keyed(self.previous_memo, key), keep)
        if self.memo_file is not None:
            write_keyed(self.memo_file, key, keep)
        return rows

    def write(self, folder: Path, schema: Schema, wide: Rows | None = None) -> TableFiles:
        rows = (_read_json(f) for f in self.rows)
        return write_projection_from_parts(rows, self.wide(schema) if wide is None else wide, folder, schema)


@dataclass
class LadybugUpdate:
    """How to turn the previous build's database into this build's: the database file, its
    build-wide rows and what they were computed from, the shares of the documents that
    left or changed (their nodes go) and the rows and shares of the new ones (they come in).

    ``reshared``: (old share, new share) of documents whose own rows stayed the same while
    what they say about shared nodes changed (a correction that retypes or relabels a
    department rewrites those statements in every document naming it): their nodes stay,
    only the build-wide rows follow.

    ``rewritten``: (old rows, new rows) of the documents the corrections rewrote whose own
    rows changed too (same IRIs): their nodes and edges change by the rows that differ."""

    previous: Path
    previous_wide: Path
    previous_state: Path
    gone_shares: list[Path]
    new_rows: list[Path]
    new_shares: list[Path]
    reshared: list[tuple[Path, Path]] = field(default_factory=list)
    rewritten: list[tuple[Path, Path]] = field(default_factory=list)


def write_ladybug(
    out: Path,
    parts: ProjectionParts | None = None,
    update: LadybugUpdate | None = None,
    ready: Callable[[], object] | None = None,
) -> bool:
    """OUT/ladybug: OUT/graph.nq projected, or its parts; with ``update``, the previous
    build's database updated instead of loaded from scratch when the change allows it.
    ``ready`` is called once the rows are prepared, before a database is loaded from scratch
    (the build waits there for Oxigraph's loader, so the two full loads never hold memory at
    once); an update does not wait.
    True when the database was updated."""
    import ladybug
    from policykg.graph.cypher_update import NotIncremental, update_ladybug

    out = Path(out)
    target = out / LADYBUG_DIR
    schema = read_schema()
    with tempfile.TemporaryDirectory(prefix="policykg-ladybug-", dir=out) as tmp:
        wide = None
        if parts is not None:
            wide = parts.wide(schema, update)
            if parts.wide_file is not None:
                _write_bytes(parts.wide_file, marshal.dumps(wide))
            if update is not None:
                # An update touches a few documents' rows, so it runs while Oxigraph takes
                # its own delta: neither holds much memory, and the build waits for one, not both.
                try:
                    update_ladybug(target, update, wide, schema, Path(tmp))
                    return True
                except (NotIncremental, RuntimeError):
                    pass  # loaded from scratch below (RuntimeError: the engine refused a step)
        _remove(target)
        if parts is not None:
            files = parts.write(Path(tmp), schema, wide)
        else:
            files = write_projection(out / GRAPH_FILE, Path(tmp), schema)
        if ready is not None:
            ready()
        # One checkpoint at the end instead of one per COPY.
        db = ladybug.Database(str(target), auto_checkpoint=False)
        conn = ladybug.Connection(db)
        try:
            load_tables(conn, files, schema)
            conn.execute("CHECKPOINT")
        finally:
            conn.close()
            db.close()
    return False


def _remove(target: Path) -> None:
    """A database and its write-ahead log, if present."""
    for stale in (target, target.with_name(f"{target.name}.wal")):
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _write_text(path: Path, text: str) -> None:
    _write_bytes(path, text.encode("utf-8"))


def _write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


_PLAIN = frozenset({str, int, float, bool})


def is_write_query(query: str) -> bool:
    """True when a Cypher query has a clause that changes data or schema (strings ignored)."""
    text = _READ_CALLS.sub(" ", _STRINGS.sub(" ", query))
    return bool(_WRITE.search(text))


def cypher_value(value: Any) -> Any:
    """Plain Python values: Decimals become numbers, nodes and relationships their IRIs."""
    if value is None or type(value) in _PLAIN:  # most values: checked first, as rows run to millions
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict) and "_label" in value:
        if value.get("iri") is not None:
            return value["iri"]
        return {k: cypher_value(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [cypher_value(v) for v in value]
    return value


def open_ladybug(out: str | Path, *, write: bool = False) -> tuple[Any, Any]:
    """(database, connection) on OUT/ladybug; read-only unless ``write``."""
    import ladybug

    path = Path(out) / LADYBUG_DIR
    if not path.exists():
        raise StoreError(f"{out}: no LadybugDB store (rebuild with 'policykg build CORPUS -o {out}')")
    try:
        db = ladybug.Database(str(path), read_only=not write)
    except RuntimeError as exc:
        raise StoreError(f"{path}: cannot open LadybugDB ({str(exc).splitlines()[0]})") from exc
    return db, ladybug.Connection(db)


def execute(conn: Any, query: str, params: dict[str, Any] | None = None) -> Result:
    """Run one query on an open connection; the last statement's rows."""
    res = conn.execute(query, dict(params or {}))
    results = res if isinstance(res, list) else [res]
    last = results[-1]
    columns = list(last.get_column_names())
    rows = [dict(zip(columns, map(cypher_value, row), strict=True)) for row in last.get_all()]
    for r in results:
        r.close()
    return Result(columns, rows)


def stream(conn: Any, query: str, params: dict[str, Any] | None = None) -> Iterator[list[Any]]:
    """A read query's rows one at a time, as lists: for results too large to hold as dicts."""
    if is_write_query(query):
        raise ReadOnlyError("this query changes the graph; a streamed query is read-only")
    res = conn.execute(query, dict(params or {}))
    try:
        for row in res:
            yield [cypher_value(v) for v in row]
    finally:
        res.close()


def run_cypher(
    out: str | Path, query: str, params: dict[str, Any] | None = None, write: bool = False, conn: Any = None
) -> Result:
    """Run a Cypher query on OUT/ladybug; read-only unless ``write``.

    >>> run_cypher("policykg-out", "MATCH (t:Task) RETURN count(t) AS n").rows  # doctest: +SKIP
    [{'n': 189}]
    """
    if not write and is_write_query(query):
        raise ReadOnlyError("this query changes the graph; Cypher is read-only unless --write is given")
    if conn is not None:
        return execute(conn, query, params)
    db, conn = open_ladybug(out, write=write)
    try:
        return execute(conn, query, params)
    finally:
        conn.close()
        db.close()
