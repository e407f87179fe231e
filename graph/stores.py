"""Projections of the RDF graph into query engines: Oxigraph (SPARQL) and LadybugDB (Cypher).

The N-Quads file is the single source of truth; each store is rebuilt from it.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["STORE_DIR", "open_oxigraph", "write_oxigraph", "write_stores"]

STORE_DIR = "oxigraph"
GRAPH_FILE = "graph.nq"


def write_oxigraph(out: Path) -> None:
    """Bulk-load OUT/graph.nq into a fresh on-disk Oxigraph store OUT/oxigraph."""
    import pyoxigraph

    store = pyoxigraph.Store(str(out / STORE_DIR))
    store.bulk_load(path=str(out / GRAPH_FILE), format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    del store


def open_oxigraph(out: Path):  # type: ignore[no-untyped-def]
    """The store read-only, so queries can never change a build."""
    import pyoxigraph

    return pyoxigraph.Store.read_only(str(out / STORE_DIR))


def write_stores(out: Path) -> None:
    """Both stores at once: Oxigraph loads in a process of its own while the Cypher
    projection runs here; an error in either is raised."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from policykg.graph.cypher_store import write_ladybug

    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        oxigraph = pool.submit(write_oxigraph, out)
        write_ladybug(out)
        oxigraph.result()
