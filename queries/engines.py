"""Running queries: SPARQL on Oxigraph, Cypher on LadybugDB; rows as dictionaries."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["NameLiteral", "ReadOnlyError", "Result", "run_sparql", "sparql_value"]

_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\s+[^\n]*\n\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.I | re.S,
)


class NameLiteral(str):
    """A parameter of type ``name``: bound in SPARQL as the ``@zh`` literal that the graph's
    labels are, so ``?u rdfs:label|skos:altLabel ?department`` is an index lookup."""


class ReadOnlyError(ValueError):
    """A query that would change the graph, refused outside --write."""


class Result:
    """Columns and rows (each a dict keyed by column name)."""

    def __init__(self, columns: list[str], rows: list[dict[str, Any]]) -> None:
        self.columns = columns
        self.rows = rows

    def sorted_rows(self) -> list[tuple[Any, ...]]:
        return sorted(tuple("" if r[c] is None else str(r[c]) for c in self.columns) for r in self.rows)


def sparql_value(term: Any) -> Any:
    """A Python value for an RDF term: numbers as numbers, the rest as strings."""
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith(("#integer", "#int", "#long", "#decimal")) and re.fullmatch(r"-?\d+", term.value):
            return int(term.value)
        if dt.endswith(("#double", "#float", "#decimal")):
            try:
                return float(term.value)
            except ValueError:
                return term.value
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value


def _strip_comments(query: str) -> str:
    return "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("#"))


def run_sparql(
    store: Any, query: str, bindings: dict[str, Any] | None = None, *, write: bool = False
) -> Result:
    """Run a SPARQL query over the union of all named graphs, with variable bindings."""
    import pyoxigraph

    body = _strip_comments(query)
    if _UPDATE.search(body):
        if not write:
            raise ReadOnlyError("this is an update; queries are read-only unless --write is given")
        store.update(query)
        return Result([], [])
    subs = {}
    for k, v in (bindings or {}).items():
        if isinstance(v, bool):
            term = pyoxigraph.Literal(
                str(v).lower(), datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
            )
        elif isinstance(v, int):
            term = pyoxigraph.Literal(
                str(v), datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
            )
        elif isinstance(v, NameLiteral):
            term = pyoxigraph.Literal(str(v), language="zh")
        elif isinstance(v, str) and v.startswith(("http://", "https://")):
            term = pyoxigraph.NamedNode(v)
        else:
            term = pyoxigraph.Literal(str(v))
        subs[pyoxigraph.Variable(k)] = term
    res = store.query(query, use_default_graph_as_union=True, substitutions=subs or None)
    if isinstance(res, bool) or type(res).__name__ == "QueryBoolean":
        return Result(["result"], [{"result": bool(res)}])
    if type(res).__name__ == "QueryTriples":
        rows = [
            {"subject": t.subject.value, "predicate": t.predicate.value, "object": sparql_value(t.object)}
            for t in res
        ]
        return Result(["subject", "predicate", "object"], rows)
    columns = [v.value for v in res.variables]
    rows = [{c: sparql_value(sol[c]) for c in columns} for sol in res]
    return Result(columns, rows)
