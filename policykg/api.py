"""The notebook-facing API: open a built graph and ask it questions.

Answers are :class:`~policykg.frames.Rows`: lists of row dicts, as scripts read them, that
also carry their ``columns`` and turn into a pandas DataFrame or an Arrow table with one
dtype per column. The graph's main tables (tasks, departments, responsibilities) come as
DataFrames directly. DataFrames need the ``frames`` extra: ``pip install 'policykg[frames]'``.

>>> import policykg
>>> g = policykg.open("policykg-out")                      # doctest: +SKIP
>>> g.ask("top-bureaus", city="贵阳市")[:1]                  # doctest: +SKIP
>>> g.ask("top-bureaus").to_pandas().head()                # doctest: +SKIP
>>> g.tasks(jurisdiction="贵阳市").explode("lead").groupby("lead").size()  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policykg.errors import StoreError
from policykg.frames import Rows, read_departments, read_responsibilities, read_tasks
from policykg.queries import load_query
from policykg.queries.engines import NameLiteral, Result, run_sparql

if TYPE_CHECKING:
    import pandas as pd

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
        self._ladybug: tuple[Any, Any] | None = None  # (database, read-only connection), opened once

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
        """Rows of a Cypher query; read-only unless ``write`` (a write opens its own connection)."""
        from policykg.graph.cypher_store import open_ladybug, run_cypher

        if write:
            self.close()
            return run_cypher(self.out, query, params or {}, write=True)
        if self._ladybug is None:
            self._ladybug = open_ladybug(self.out)
        return run_cypher(self.out, query, params or {}, conn=self._ladybug[1])

    def cypher_stream(self, query: str, params: dict[str, Any] | None = None) -> Iterator[list[Any]]:
        """A read query's rows one at a time (lists in column order), never all held at once."""
        from policykg.graph.cypher_store import open_ladybug, stream

        if self._ladybug is None:
            self._ladybug = open_ladybug(self.out)
        return stream(self._ladybug[1], query, params)

    def close(self) -> None:
        """Release the LadybugDB handle (it locks the database against writers)."""
        if self._ladybug is not None:
            db, conn = self._ladybug
            self._ladybug = None
            conn.close()
            db.close()

    def __enter__(self) -> PolicyGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ask_result(self, name: str, engine: str = "sparql", **params: Any) -> Result:
        """A named query's result, the same rows in the same order from either engine.

        Parameters are checked against the query's declaration first (unknown, missing
        required, or not of their type: a one-line ValueError naming the query and the
        parameter), so both engines refuse the same calls. Unknown names are ValueErrors.

        The one step done here rather than in the query text: list columns (the header's
        ``lists:``) come back as sorted Python lists. SPARQL can only return a list as a
        GROUP_CONCAT string whose element order the SPARQL 1.1 aggregate leaves undefined
        (Oxigraph keeps the order of its input today, but does not promise it), so the
        string is split and sorted; Cypher's list is sorted in the query and sorted again
        here, so that both are ordered by the same rule (code points, as both engines
        order strings).
        """
        from policykg.queries import LIST_SEPARATOR

        try:
            q = load_query(name)
        except KeyError as exc:
            raise ValueError(str(exc.args[0])) from None
        if engine not in ("sparql", "cypher"):
            raise ValueError(f"unknown engine {engine!r} (sparql or cypher)")
        values = q.check_params(params)
        if engine == "cypher":
            if q.cypher is None:
                raise ValueError(f"query {name!r} has no Cypher version")
            # Every declared parameter is passed (None when absent) so `coalesce($p, '')` binds.
            res = self.cypher_result(q.cypher, values)
        else:
            if q.sparql is None:
                raise ValueError(f"query {name!r} has no SPARQL version")
            # An absent parameter is bound to "" (as `coalesce($p, '')` does in Cypher): queries
            # read "" as "no filter", and a bound value keeps their lookups on an index.
            bindings = {p: "" if v is None else v for p, v in values.items()}
            for spec in q.param_specs:
                if spec.type == "name" and bindings[spec.name]:
                    bindings[spec.name] = NameLiteral(bindings[spec.name])
            res = self.sparql_result(q.sparql, bindings)
            # pyoxigraph substitutes only projected variables, so named queries project their
            # parameters; they are inputs, not part of the answer.
            keep = [c for c in res.columns if c not in q.params]
            res = Result(keep, [{c: r[c] for c in keep} for r in res.rows])
        for column in (c for c in q.lists if c in res.columns):
            for row in res.rows:
                value = row[column]
                if isinstance(value, str):
                    value = value.split(LIST_SEPARATOR) if value else []
                row[column] = sorted(map(str, value or []))
        return res

    def sparql(self, query: str, **bindings: Any) -> Any:
        """Rows of a SPARQL query, with keyword arguments as variable bindings.

        ``as_frame=True`` is short for ``.to_pandas()`` on the answer.
        """
        as_frame = bindings.pop("as_frame", False)
        return _rows(self.sparql_result(query, bindings), as_frame)

    def cypher(self, query: str, **params: Any) -> Any:
        """Rows of a Cypher query with ``$params`` (``as_frame=True``: ``.to_pandas()`` of them)."""
        as_frame = params.pop("as_frame", False)
        return _rows(self.cypher_result(query, params), as_frame)

    def ask(self, name: str, engine: str = "sparql", as_frame: bool = False, **params: Any) -> Any:
        """Run a named query from ``queries/`` with parameters as bindings.

        Returns :class:`~policykg.frames.Rows` (``as_frame=True``: their ``.to_pandas()``).
        """
        return _rows(self.ask_result(name, engine, **params), as_frame)

    # The graph's tables, read from LadybugDB in one query each (see policykg.frames).

    def tasks(self, jurisdiction: str | None = None) -> pd.DataFrame:
        """One row per task: document, jurisdiction, number, title, text, section, deadline, units.

        ``lead``, ``co``, ``participant`` and ``implied`` (the role codes of
        :meth:`responsibilities`) are lists of unit labels in the order the text names them;
        ``source`` is the document's source file, ``start``/``end`` the task's span in it;
        ``iri`` identifies the task (``responsibilities().task``). Rows come in reading order:
        by document, then position. ``jurisdiction`` keeps the documents of that place or of
        places within it, by name or full label (贵阳市, 福建省).
        """
        return read_tasks(self, jurisdiction)

    def departments(self, jurisdiction: str | None = None) -> pd.DataFrame:
        """One row per department and collective unit (``kind``), by label.

        Columns: iri, label, kind (Department or CollectiveUnit), altLabels (the names written
        in documents), type, jurisdiction, tasks (distinct tasks carried, any role) and lead
        (tasks led): the counts top-bureaus reports. ``jurisdiction`` as for :meth:`tasks`.
        """
        return read_departments(self, jurisdiction)

    def responsibilities(self, jurisdiction: str | None = None) -> pd.DataFrame:
        """One row per responsibility: a unit's role on a task and where the text says so.

        Columns: iri, document, task (the task's iri), number, unit (its label), surface (the
        name as written), role (lead, co, participant, implied), start and end (the span of the
        name). In reading order. ``jurisdiction`` as for :meth:`tasks`.
        """
        return read_responsibilities(self, jurisdiction)


def _rows(result: Result, as_frame: bool) -> Any:
    rows = Rows.from_result(result)
    return rows.to_pandas() if as_frame else rows


def open_graph(out: str | Path = "policykg-out") -> PolicyGraph:
    """The built graph in ``out``, ready for ``.sparql``, ``.cypher`` and ``.ask``."""
    return PolicyGraph(out)
