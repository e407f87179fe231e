"""The notebook-facing API: open a built graph and ask it questions.

>>> import policykg
>>> g = policykg.open("policykg-out")            # doctest: +SKIP
>>> g.ask("top-bureaus", city="贵阳市")[:1]        # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policykg.errors import StoreError
from policykg.queries import load_query
from policykg.queries.engines import Result, run_sparql

__all__ = ["PolicyGraph", "open_graph"]


class PolicyGraph:
    """A built graph directory with its SPARQL and Cypher stores."""

    def __init__(self, out: str | Path) -> None:
        from policykg.pipeline import recover

        self.out = Path(out)
        if not (self.out / "graph.nq").exists():
            recover(self.out)
        if not (self.out / "graph.nq").exists() or not (self.out / "oxigraph").is_dir():
            raise StoreError(f"{self.out}: not a policykg build (run 'policykg build CORPUS -o {self.out}')")
        self._oxigraph: Any = None
        self._cypher: Any = None

    @property
    def store(self) -> Any:
        if self._oxigraph is None:
            from policykg.graph.stores import open_oxigraph

            self._oxigraph = open_oxigraph(self.out)
        return self._oxigraph

    def sparql_result(
        self, query: str, bindings: dict[str, Any] | None = None, *, write: bool = False
    ) -> Result:
        if write:
            import pyoxigraph

            store = pyoxigraph.Store(str(self.out / "oxigraph"))
            return run_sparql(store, query, bindings, write=True)
        return run_sparql(self.store, query, bindings)

    def cypher_result(
        self, query: str, params: dict[str, Any] | None = None, *, write: bool = False
    ) -> Result:
        from policykg.graph.cypher_store import run_cypher

        return run_cypher(self.out, query, params or {}, write=write)

    def ask_result(self, name: str, engine: str = "sparql", **params: Any) -> Result:
        q = load_query(name)
        unknown = set(params) - set(q.params)
        if unknown:
            raise ValueError(f"query {name!r} takes no parameter {', '.join(sorted(unknown))}")
        if engine == "cypher":
            if q.cypher is None:
                raise ValueError(f"query {name!r} has no Cypher version")
            full = {p: params.get(p) for p in q.params}
            return self.cypher_result(q.cypher, full)
        if q.sparql is None:
            raise ValueError(f"query {name!r} has no SPARQL version")
        return self.sparql_result(q.sparql, {k: v for k, v in params.items() if v is not None})

    def sparql(self, query: str, **bindings: Any) -> Any:
        """Rows of a SPARQL query as dicts (``as_frame=True`` for a pandas DataFrame)."""
        as_frame = bindings.pop("as_frame", False)
        return _rows(self.sparql_result(query, bindings), as_frame)

    def cypher(self, query: str, **params: Any) -> Any:
        as_frame = params.pop("as_frame", False)
        return _rows(self.cypher_result(query, params), as_frame)

    def ask(self, name: str, engine: str = "sparql", as_frame: bool = False, **params: Any) -> Any:
        """Run a named query from ``queries/`` with parameters as bindings."""
        return _rows(self.ask_result(name, engine, **params), as_frame)


def _rows(result: Result, as_frame: bool) -> Any:
    if as_frame:
        import pandas as pd

        return pd.DataFrame(result.rows, columns=result.columns)
    return result.rows


def open_graph(out: str | Path = "policykg-out") -> PolicyGraph:
    return PolicyGraph(out)
