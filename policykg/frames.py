"""Query results and the graph's main tables as DataFrames, for notebooks.

:class:`Rows` is what ``PolicyGraph.ask``, ``.sparql`` and ``.cypher`` return: still the list
of row dicts that scripts index, iterate and compare, plus the query's ``columns`` and
conversions to pandas and Arrow with one dtype per column, so a notebook needs no
``pd.DataFrame(rows)`` guesswork (which loses the column order of an empty result and turns
an integer column with a gap into floats).

``read_tasks``, ``read_departments`` and ``read_responsibilities`` read one table each from
LadybugDB in a single Cypher query (lists of units are collected by the engine), so a large
graph comes back in one round trip rather than a query per task.

pandas and pyarrow are the optional ``frames`` extra (``pip install 'policykg[frames]'``) and
are imported only when a conversion asks for them.

>>> rows = Rows(["department", "tasks"], [{"department": "贵阳市卫生健康局", "tasks": 75}])
>>> rows[0]["tasks"], rows.columns, rows.column_types()
(75, ['department', 'tasks'], {'department': 'string', 'tasks': 'int64'})
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, SupportsIndex, overload

from policykg.model import ROLES  # the role codes of RESPONSIBLE edges

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from policykg.queries.engines import Result

__all__ = [
    "DEPARTMENT_TYPES",
    "RESPONSIBILITY_TYPES",
    "ROLES",
    "TASK_TYPES",
    "Rows",
    "read_departments",
    "read_responsibilities",
    "read_tasks",
    "require",
]

EXTRA = "pip install 'policykg[frames]'"
_SCALARS = ("null", "bool", "int64", "float64", "string")


def require(module: str, what: str) -> Any:
    """``module`` imported, or an ImportError naming the extra that brings it.

    The message is one line and says which call needed the package, so a notebook user
    sees what to install rather than a traceback from inside a conversion.
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(f"{what} needs {module}: {EXTRA}") from None


def infer_type(values: Iterable[Any]) -> str:
    """The column type of some Python values: null, bool, int64, float64, string, list<…> or object.

    Missing values (None) do not decide the type; ints mixed with floats are float64 (a SPARQL
    xsd:decimal reads as an int when whole); anything else mixed is ``object``.

    >>> infer_type([1, None, 2]), infer_type([1, 2.5]), infer_type([["a"], []]), infer_type([None])
    ('int64', 'float64', 'list<string>', 'null')
    """
    values = [v for v in values if v is not None]
    seen = {type(v) for v in values}
    if not seen:
        return "null"
    if seen == {bool}:
        return "bool"
    if seen == {int}:
        return "int64"
    if seen <= {int, float}:
        return "float64"
    if seen == {str}:
        return "string"
    if seen == {list}:
        inner = infer_type(x for v in values for x in v)
        return f"list<{inner}>" if inner in _SCALARS else "object"
    return "object"


class Rows(list[dict[str, Any]]):
    """A query's rows as dicts keyed by column, with its ``columns`` and DataFrame conversions.

    It is a list, so ``rows[0]["n"]``, ``len(rows)``, iteration and ``rows == [...]`` work as
    they did; a slice keeps the columns. Column types are declared (``types``, as for the
    graph's tables) or read from the values; a column with no value at all is ``null`` (an
    object column in pandas, a null column in Arrow) but is still there.
    """

    columns: list[str]
    types: dict[str, str]

    def __init__(
        self,
        columns: Iterable[str],
        rows: Iterable[dict[str, Any]] = (),
        types: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(rows)
        self.columns = list(columns)
        self.types = dict(types or {})

    @classmethod
    def from_result(cls, result: Result, types: Mapping[str, str] | None = None) -> Rows:
        """The rows of an engine :class:`~policykg.queries.engines.Result`."""
        return cls(result.columns, result.rows, types)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The rows themselves: a ``Rows`` is also read where a ``Result`` is (``.columns``, ``.rows``)."""
        return self

    @overload
    def __getitem__(self, index: SupportsIndex) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> Rows: ...
    def __getitem__(self, index: SupportsIndex | slice) -> dict[str, Any] | Rows:
        if isinstance(index, slice):
            return Rows(self.columns, super().__getitem__(index), self.types)
        return super().__getitem__(index)

    def column_types(self) -> dict[str, str]:
        """Each column's type: as declared, else read from its values (see :func:`infer_type`)."""
        return {c: self.types.get(c) or infer_type(r.get(c) for r in self) for c in self.columns}

    def to_pandas(self, *, dtype_backend: str | None = None) -> pd.DataFrame:
        """A DataFrame with the query's columns in order and one dtype per column.

        Integers are int64 (nullable ``Int64`` when a value is missing), floats float64,
        booleans bool (``boolean`` with gaps), strings pandas' string dtype, lists Python lists
        in an object column (``explode`` them). ``dtype_backend="pyarrow"`` gives Arrow-backed
        columns instead (lists as ``list<…>[pyarrow]``), read through :meth:`to_arrow`.
        """
        pd = require("pandas", "to_pandas()")
        if dtype_backend == "pyarrow":
            return self.to_arrow().to_pandas(types_mapper=pd.ArrowDtype)
        if dtype_backend not in (None, "numpy_nullable"):
            raise ValueError(f"dtype_backend {dtype_backend!r}: None, 'numpy_nullable' or 'pyarrow'")
        types = self.column_types()
        series = [_series(pd, [r.get(c) for r in self], types[c]) for c in self.columns]
        # Built by position, then named: two columns may share a name (SELECT ?a ?a).
        frame = pd.DataFrame(dict(enumerate(series)), index=pd.RangeIndex(len(self)))
        frame.columns = list(self.columns)
        return frame

    def to_arrow(self) -> pa.Table:
        """A pyarrow Table with the query's columns in order and one Arrow type per column."""
        pa = require("pyarrow", "to_arrow()")
        types = self.column_types()
        arrays = [_array(pa, [r.get(c) for r in self], types[c]) for c in self.columns]
        return pa.Table.from_arrays(arrays, names=list(self.columns))


def _series(pd: Any, values: list[Any], kind: str) -> Any:
    gaps = any(v is None for v in values)
    if kind == "int64":
        return pd.Series(values, dtype="Int64" if gaps else "int64")
    if kind == "float64":
        return pd.Series([math.nan if v is None else v for v in values], dtype="float64")
    if kind == "bool":
        return pd.Series(values, dtype="boolean" if gaps else "bool")
    if kind == "string":
        return pd.Series(values, dtype="str")  # pandas ≥ 3: its string dtype (missing is NaN)
    return pd.Series(values, dtype="object")


def _arrow_type(pa: Any, kind: str) -> Any:
    if kind.startswith("list<"):
        inner = _arrow_type(pa, kind[len("list<") : -1])
        return None if inner is None else pa.list_(inner)
    scalar = {"null": pa.null(), "bool": pa.bool_(), "int64": pa.int64(), "float64": pa.float64()}
    return pa.string() if kind == "string" else scalar.get(kind)


def _array(pa: Any, values: list[Any], kind: str) -> Any:
    typ = _arrow_type(pa, kind)
    if typ is not None:
        return pa.array(values, type=typ)
    try:  # object: whatever Arrow makes of it (dates, structs), else the values as text
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if v is None else str(v) for v in values], type=pa.string())


# The graph's tables. Each is one Cypher query; ``$jurisdiction`` (None for all) keeps the rows
# of that jurisdiction or one within it, by name or full label (贵阳市, 厦门市海沧区, 福建省).
def _within(var: str) -> str:
    return (
        "(coalesce($jurisdiction, '') = '' OR EXISTS { MATCH "
        f"({var})-[:IN_JURISDICTION]->(:Jurisdiction)-[:WITHIN*0..30]->(s:Jurisdiction) "
        "WHERE s.name = $jurisdiction OR s.label = $jurisdiction })"
    )


# A task's units by role, in the order the text names them: the engine keeps no order inside
# collect(), so each unit is collected as "role:position:label" (the position 13 digits wide),
# the list sorted, and each role's labels cut out of it (duplicates dropped, first kept).
_UNIT_KEY = "concat(r.role, ':', cast(coalesce(r.start, 0) + 1000000000000 AS STRING), ':', u.label)"
_BY_ROLE = ",\n  ".join(
    f"list_distinct(list_transform(list_filter(units, x -> starts_with(x, '{role}:')), "
    f"x -> substring(x, {len(role) + 16}, size(x)))) AS {role}"
    for role in ROLES
)
Q_TASKS = f"""MATCH (t:Task)-[:IN_DOCUMENT]->(d:Document)
WHERE {_within("d")}
OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH t, d, min(j.label) AS jurisdiction
OPTIONAL MATCH (t)-[r:RESPONSIBLE]->(u)
WITH t, d, jurisdiction, list_sort(collect({_UNIT_KEY})) AS units
RETURN t.iri AS iri, d.label AS document, jurisdiction, t.number AS number, t.label AS title,
  t.text AS text, t.section AS section, t.deadline AS deadline,
  {_BY_ROLE},
  list_min(d.sourceFiles) AS source, t.start AS start, t.`end` AS `end`
ORDER BY document, d.iri, t.start, iri"""
TASK_TYPES = {
    "iri": "string",
    "document": "string",
    "jurisdiction": "string",
    "number": "string",
    "title": "string",
    "text": "string",
    "section": "string",
    "deadline": "string",
    **{role: "list<string>" for role in ROLES},
    "source": "string",
    "start": "int64",
    "end": "int64",
}

Q_DEPARTMENTS = f"""MATCH (u:Department:CollectiveUnit)
WHERE {_within("u")}
OPTIONAL MATCH (u)-[:IN_JURISDICTION]->(j:Jurisdiction)
OPTIONAL MATCH (u)-[:HAS_TYPE]->(ty:DepartmentType)
WITH u, min(j.label) AS jurisdiction, min(ty.label) AS type
RETURN u.iri AS iri, u.label AS label, label(u) AS kind, list_sort(coalesce(u.altLabels, [])) AS altLabels,
  type, jurisdiction, coalesce(u.tasks, 0) AS tasks, coalesce(u.lead, 0) AS lead
ORDER BY label, iri"""
DEPARTMENT_TYPES = {
    "iri": "string",
    "label": "string",
    "kind": "string",
    "altLabels": "list<string>",
    "type": "string",
    "jurisdiction": "string",
    "tasks": "int64",
    "lead": "int64",
}

Q_RESPONSIBILITIES = f"""MATCH (d:Document)<-[:IN_DOCUMENT]-(t:Task)-[r:RESPONSIBLE]->(u)
WHERE {_within("d")}
RETURN r.iri AS iri, d.label AS document, t.iri AS task, t.number AS number, u.label AS unit,
  r.surface AS surface, r.role AS role, r.start AS start, r.`end` AS `end`
ORDER BY document, d.iri, t.start, start, iri"""
RESPONSIBILITY_TYPES = {
    "iri": "string",
    "document": "string",
    "task": "string",
    "number": "string",
    "unit": "string",
    "surface": "string",
    "role": "string",
    "start": "int64",
    "end": "int64",
}


def _read(graph: Any, query: str, types: Mapping[str, str], what: str, jurisdiction: str | None) -> Any:
    require("pandas", what)  # before the query: a missing extra should not cost a store read
    result = graph.cypher_result(query, {"jurisdiction": jurisdiction})
    return Rows.from_result(result, types).to_pandas()


def read_tasks(graph: Any, jurisdiction: str | None = None) -> pd.DataFrame:
    """One row per task, in reading order (document, position); see ``PolicyGraph.tasks``."""
    return _read(graph, Q_TASKS, TASK_TYPES, "tasks()", jurisdiction)


def read_departments(graph: Any, jurisdiction: str | None = None) -> pd.DataFrame:
    """One row per department or collective unit, by label; see ``PolicyGraph.departments``."""
    return _read(graph, Q_DEPARTMENTS, DEPARTMENT_TYPES, "departments()", jurisdiction)


def read_responsibilities(graph: Any, jurisdiction: str | None = None) -> pd.DataFrame:
    """One row per responsibility (task, unit, role), in reading order; see ``PolicyGraph``."""
    return _read(graph, Q_RESPONSIBILITIES, RESPONSIBILITY_TYPES, "responsibilities()", jurisdiction)
