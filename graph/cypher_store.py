"""LadybugDB, the embedded Cypher store: built from OUT/graph.nq, opened read-only to query.

``write_ladybug`` creates the schema of :mod:`policykg.graph.projection` and bulk-loads the
projection's CSV files with ``COPY … FROM`` (one statement per table; no per-row Python),
so loading stays linear as corpora grow. ``run_cypher`` opens the database in LadybugDB's
read-only mode unless asked to write, and also refuses write clauses before they reach the
engine, with a message that says how to allow them. Extensions download at run time, so
none is used.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykg.graph.projection import (
    LINE_BREAKS,
    LIST_SEP,
    Column,
    Schema,
    TableFiles,
    read_schema,
    write_projection,
    write_projection_from_parts,
)
from policykg.queries.engines import ReadOnlyError, Result

from policykg.errors import StoreError

__all__ = [
    "LADYBUG_DIR",
    "ProjectionParts",
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


def _select(columns: list[Column]) -> str:
    """The RETURN list of ``COPY … FROM (LOAD FROM …)``: empty cells are NULL, lists split."""
    out = []
    for c in columns:
        col = _ident(c.name)
        text = col
        for char, code in LINE_BREAKS.items():
            text = f"replace({text}, '{code}', '{char}')"
        if c.many:
            split = f"string_split({text}, '{LIST_SEP}')"
            out.append(f"CASE WHEN {col} IS NULL OR {col} = '' THEN NULL ELSE {split} END")
        elif c.type == "STRING":
            out.append(f"CASE WHEN {col} IS NULL OR {col} = '' THEN NULL ELSE {text} END")
        else:
            out.append(f"CASE WHEN {col} IS NULL OR {col} = '' THEN NULL ELSE CAST({col} AS {c.type}) END")
    return ", ".join(out)


def _load(path: Path, columns: list[Column]) -> str:
    """Every column read as text (no type sniffing) and cast in RETURN; quoted fields may span lines."""
    names = ", ".join(f"{_ident(c.name)} STRING" for c in columns)
    return f"LOAD WITH HEADERS ({names}) FROM '{path.as_posix()}' (header=true, parallel=false)"


def load_tables(conn: Any, files: TableFiles, schema: Schema) -> None:
    """Create the schema and COPY every table from its CSV file."""
    for stmt in ddl(schema):
        conn.execute(stmt)
    for t in schema.nodes:
        f = files.nodes.get(t.name)
        if f is None:
            continue
        cols = [Column("iri", "STRING", "@iri"), *t.columns]
        conn.execute(f"COPY {t.name} FROM ({_load(f, cols)} RETURN {_select(cols)})")
    for r in schema.rels:
        for src, dst in r.pairs:
            f = files.rels.get((r.name, src, dst))
            if f is None:
                continue
            cols = [Column("from", "STRING", ""), Column("to", "STRING", ""), *r.columns]
            conn.execute(
                f"COPY {r.name} FROM ({_load(f, cols)} RETURN {_select(cols)}) (from='{src}', to='{dst}')"
            )


@dataclass
class ProjectionParts:
    """The projection of a build by parts: one JSON file per document (in document order)
    and the build-wide quad lines before (``head``) and after (``tail``) the documents."""

    files: list[Path]
    head: list[str]
    tail: list[str]

    def write(self, folder: Path, schema: Schema) -> TableFiles:
        parts = (json.loads(f.read_text(encoding="utf-8")) for f in self.files)
        return write_projection_from_parts(parts, self.head, self.tail, folder, schema)


def write_ladybug(out: Path, parts: ProjectionParts | None = None) -> None:
    """A fresh LadybugDB database at OUT/ladybug: OUT/graph.nq projected, or its parts."""
    import ladybug

    out = Path(out)
    target = out / LADYBUG_DIR
    for stale in (target, out / f"{LADYBUG_DIR}.wal"):
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()
    schema = read_schema()
    with tempfile.TemporaryDirectory(prefix="policykg-ladybug-", dir=out) as tmp:
        if parts is not None:
            files = parts.write(Path(tmp), schema)
        else:
            files = write_projection(out / GRAPH_FILE, Path(tmp), schema)
        # One checkpoint at the end instead of one per COPY.
        db = ladybug.Database(str(target), auto_checkpoint=False)
        conn = ladybug.Connection(db)
        try:
            load_tables(conn, files, schema)
            conn.execute("CHECKPOINT")
        finally:
            conn.close()
            db.close()


def is_write_query(query: str) -> bool:
    """True when a Cypher query has a clause that changes data or schema (strings ignored)."""
    text = _READ_CALLS.sub(" ", _STRINGS.sub(" ", query))
    return bool(_WRITE.search(text))


def cypher_value(value: Any) -> Any:
    """Plain Python values: Decimals become numbers, nodes and relationships their IRIs."""
    from decimal import Decimal

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
    rows = [dict(zip(columns, (cypher_value(v) for v in row), strict=True)) for row in last.get_all()]
    for r in results:
        r.close()
    return Result(columns, rows)


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
