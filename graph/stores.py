"""Projections of the RDF graph into query engines: Oxigraph (SPARQL) and LadybugDB (Cypher).

The N-Quads file is the single source of truth. LadybugDB is loaded from the documents'
cached projection rows and the build-wide quads (or from the file itself when a part has
no rows) or, when a rebuild changes few documents, a copy of the previous build's
database is updated (:mod:`policykg.graph.cypher_update`). Oxigraph is bulk-loaded from
the file or, when a rebuild changes few documents, updated from the previous build's
store: a hard-linked copy of it loses the graphs of documents that left or changed and
the quads of the shared graphs that changed, and gains the new ones. Either way each
store holds exactly what a load of ``graph.nq`` gives (tests compare them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policykg.graph.cypher_store import LadybugUpdate, ProjectionParts

__all__ = ["STORE_DIR", "StoreDelta", "open_oxigraph", "write_oxigraph", "write_stores"]

STORE_DIR = "oxigraph"
GRAPH_FILE = "graph.nq"


@dataclass
class StoreDelta:
    """How to turn the previous build's Oxigraph store into this build's.

    ``remove_graphs``: named graphs to drop whole (documents gone or changed);
    ``remove_file``: N-Quads to delete one by one (shared-graph quads no longer true);
    ``add_file``: N-Quads to load (new documents' graphs and new shared-graph quads).
    """

    previous: Path
    remove_graphs: list[str] = field(default_factory=list)
    remove_file: Path | None = None
    add_file: Path | None = None


class _Slice:
    """Bytes ``start``..``end`` of a file, read as a stream."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        self.fh = open(path, "rb")  # noqa: SIM115 - closed by close(), after the load
        self.fh.seek(start)
        self.left = end - start

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        data = self.fh.read(size)
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.fh.close()


def line_slices(path: Path, parts: int) -> list[tuple[int, int]]:
    """``parts`` byte ranges of a file, each ending at a line's end (fewer for a short file)."""
    size = path.stat().st_size
    cuts = [0]
    with open(path, "rb") as fh:
        for k in range(1, parts):
            fh.seek(max(cuts[-1], size * k // parts))
            fh.readline()
            cuts.append(min(fh.tell(), size))
    cuts.append(size)
    return [(a, b) for a, b in pairwise(cuts) if b > a]


def write_oxigraph(out: Path, delta: StoreDelta | None = None, threads: int = 1) -> None:
    """OUT/oxigraph: bulk-loaded from OUT/graph.nq, or the previous store updated by ``delta``.

    The loader parses on one core, so with ``threads`` > 1 the file is cut at line ends
    into as many slices, loaded into the one store side by side (about 1.7 times as fast
    on two cores). A blank node would be two nodes in two slices: the build states none
    (its IRIs come from content; a test checks it)."""
    import pyoxigraph

    target = str(out / STORE_DIR)
    if delta is None:
        store = pyoxigraph.Store(target)
        # The file is our own writer's output (IRIs built from hashes and codes), so the
        # loader's IRI validation is skipped: a few percent of the load time.
        slices = line_slices(out / GRAPH_FILE, max(1, threads))
        if len(slices) <= 1:
            store.bulk_load(path=str(out / GRAPH_FILE), format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)
        else:
            _load_slices(store, out / GRAPH_FILE, slices)
        store.flush()
        del store
        return
    # A checkpoint of the previous store (hard links: instant); the previous one is untouched.
    pyoxigraph.Store.read_only(str(delta.previous)).backup(target)
    store = pyoxigraph.Store(target)
    for g in delta.remove_graphs:
        store.remove_graph(pyoxigraph.NamedNode(g))
    if delta.remove_file is not None:
        for quad in pyoxigraph.parse(path=str(delta.remove_file), format=pyoxigraph.RdfFormat.N_QUADS):
            store.remove(quad)
    if delta.add_file is not None:
        store.bulk_load(path=str(delta.add_file), format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)
    store.flush()
    del store


def _load_slices(store: Any, path: Path, slices: list[tuple[int, int]]) -> None:
    """Each slice bulk-loaded in a thread of its own (the loader releases the GIL)."""
    from concurrent.futures import ThreadPoolExecutor

    import pyoxigraph

    def load(span: tuple[int, int]) -> None:
        source = _Slice(path, *span)
        try:
            store.bulk_load(input=source, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)
        finally:
            source.close()

    with ThreadPoolExecutor(max_workers=len(slices)) as pool:
        for done in [pool.submit(load, s) for s in slices]:
            done.result()


def open_oxigraph(out: Path):  # type: ignore[no-untyped-def]
    """The store read-only, so queries can never change a build."""
    import pyoxigraph

    return pyoxigraph.Store.read_only(str(out / STORE_DIR))


def write_stores(
    out: Path,
    delta: StoreDelta | None = None,
    parts: ProjectionParts | None = None,
    update: LadybugUpdate | None = None,
    threads: int = 1,
) -> bool:
    """Both stores: Oxigraph loads in a process of its own while the Cypher projection's
    rows are prepared here (from the documents' parts when given); LadybugDB is written
    once Oxigraph is done, so the build's peak memory is the larger of the two loads, not
    their sum. An error in either is raised. True when LadybugDB was updated, not reloaded."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from policykg.graph.cypher_store import write_ladybug

    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        oxigraph = pool.submit(write_oxigraph, out, delta, threads)
        updated = write_ladybug(out, parts, update, ready=oxigraph.result)
        oxigraph.result()
    return updated
