"""Named questions as files, and the engines that answer them.

Every question lives as ``sparql/NAME.rq`` and, where written, ``cypher/NAME.cypher``,
with header comments (``#`` in SPARQL, ``//`` in Cypher):

- ``title:`` and ``description:``, free text;
- ``params:`` the parameters, separated by ``;``, each ``NAME [(ATTRS)] [— help]`` where
  ATTRS is a comma-separated subset of ``required``/``optional`` and one type, ``text``
  (the default), ``name`` (text that names a unit as its labels do: SPARQL receives it as
  the ``@zh`` literal the graph's labels are, so the query looks it up in the label index
  instead of comparing every label's string), ``date`` (an ISO ``YYYY-MM-DD`` that is a
  real day) or ``integer``;
  ``none`` when the query takes no parameter;
- ``examples:`` parameter sets that return rows on the sample corpus, separated by ``;``,
  each a ``,``-separated list of ``NAME=VALUE`` (the parity test runs every one of them);
- ``lists:`` the columns whose value is a list (SPARQL returns it joined with
  ``LIST_SEPARATOR``; the API returns a sorted Python list from both engines).

Both texts of a question return the same rows in the same order: every ORDER BY ends in a
key unique per row (an IRI where labels may repeat), strings sort by code point in both
engines (Oxigraph by code point, LadybugDB by UTF-8 bytes: the same order), and no order
key is ever null (an unbound value sorts first in SPARQL, NULL last in Cypher).

Parameters are passed as bindings (SPARQL substitutions, Cypher ``$params``), never
pasted into the query text, after ``NamedQuery.check_params`` has checked them against
the declaration.

>>> q = load_query("due")
>>> q.param("before").type, q.param("before").required
('date', False)
>>> q.check_params({"before": "2023-02-30"})
Traceback (most recent call last):
...
ValueError: query 'due': parameter 'before' must be a date YYYY-MM-DD, got '2023-02-30'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

__all__ = [
    "LIST_SEPARATOR",
    "PARAM_TYPES",
    "NamedQuery",
    "Param",
    "list_queries",
    "load_query",
    "parse_header",
]

_HEADER = re.compile(r"^\s*(?:#|//)\s*(title|description|params|examples|lists)\s*:\s*(.*)$")
# Parameters are separated by "; NAME (…)", "; NAME —" or a final "; NAME": a ";" inside a
# help text is not one.
_PARAM_SPLIT = re.compile(r";\s*(?=[A-Za-z_]\w*\s*(?:\(|—|-|$))")
_PARAM = re.compile(r"([A-Za-z_]\w*)\s*(?:\(([^)]*)\))?\s*(.*)", re.S)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"[+-]?\d+")

PARAM_TYPES = ("text", "name", "date", "integer")
# GROUP_CONCAT's separator for list columns: the ASCII unit separator, which no label holds.
LIST_SEPARATOR = "\x1f"


@dataclass(frozen=True)
class Param:
    """One declared parameter: its name, help text, type and whether the query needs it."""

    name: str
    help: str = ""
    type: str = "text"
    required: bool = False

    def convert(self, query: str, value: Any) -> Any:
        """The value as the engines take it (dates and text as str, integers as int).

        Checked here rather than left to the engines because a malformed date compares as
        text in both and silently selects the wrong tasks.
        """
        where = f"query {query!r}: parameter {self.name!r}"
        if self.type == "integer":
            if isinstance(value, bool) or not (
                isinstance(value, int) or (isinstance(value, str) and _INTEGER.fullmatch(value.strip()))
            ):
                raise ValueError(f"{where} must be an integer, got {value!r}")
            return int(value)
        if self.type == "date":
            text = value.isoformat() if isinstance(value, dt.date) else value
            if not isinstance(text, str) or not _DATE.fullmatch(text.strip()):
                raise ValueError(f"{where} must be a date YYYY-MM-DD, got {value!r}")
            try:
                return dt.date.fromisoformat(text.strip()).isoformat()
            except ValueError:
                raise ValueError(f"{where} must be a date YYYY-MM-DD, got {value!r}") from None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError(f"{where} must be text, got {value!r}")
        return str(value)


@dataclass(frozen=True)
class NamedQuery:
    """A named question: its header and its SPARQL and Cypher texts (either may be None)."""

    name: str
    title: str
    description: str
    params: tuple[str, ...]
    sparql: str | None
    cypher: str | None
    param_help: dict[str, str] = field(default_factory=dict)
    param_specs: tuple[Param, ...] = ()
    examples: tuple[dict[str, str], ...] = ()
    lists: tuple[str, ...] = ()

    def param(self, name: str) -> Param:
        """The declaration of parameter ``name`` (KeyError when the query has none)."""
        for p in self.param_specs:
            if p.name == name:
                return p
        raise KeyError(name)

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        """Every declared parameter with its checked value (None when absent).

        Raises ValueError, one line naming the query and the parameter, for an unknown
        parameter, a missing required one, or a value not of the declared type. An empty
        string counts as absent: the queries read "" as "no filter".
        """
        known = {p.name: p for p in self.param_specs}
        for name in params:
            if name not in known:
                takes = ", ".join(known) if known else "no parameters"
                raise ValueError(f"query {self.name!r}: unknown parameter {name!r} (it takes {takes})")
        out: dict[str, Any] = {}
        for p in self.param_specs:
            value = params.get(p.name)
            if value is None or (isinstance(value, str) and not value.strip()):
                if p.required:
                    raise ValueError(f"query {self.name!r}: missing required parameter {p.name!r}")
                out[p.name] = None
            else:
                out[p.name] = p.convert(self.name, value)
        return out

    def to_json(self) -> dict[str, Any]:
        """The header as a JSON-ready object, as ``policykg ask --list --format json`` prints it."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "params": [
                {"name": p.name, "help": p.help, "type": p.type, "required": p.required}
                for p in self.param_specs
            ],
            "examples": [dict(e) for e in self.examples],
        }


def _read(kind: str, name: str) -> str | None:
    ext = "rq" if kind == "sparql" else "cypher"
    f = resources.files(__name__).joinpath(kind, f"{name}.{ext}")
    return f.read_text(encoding="utf-8") if f.is_file() else None


def _header(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        m = _HEADER.match(line)
        if m:
            out[m.group(1)] = (out.get(m.group(1), "") + " " + m.group(2)).strip()
        elif line.strip() and not line.lstrip().startswith(("#", "//")):
            break
    return out


def _parse_params(name: str, text: str) -> tuple[Param, ...]:
    specs: list[Param] = []
    for part in _PARAM_SPLIT.split(text):
        m = _PARAM.match(part.strip())
        if not m or m.group(1).lower() == "none":
            continue
        kind, required = "text", False
        for attr in (a.strip().lower() for a in (m.group(2) or "").split(",") if a.strip()):
            if attr in ("required", "optional"):
                required = attr == "required"
            elif attr in PARAM_TYPES:
                kind = attr
            else:
                raise ValueError(f"query {name!r}: parameter {m.group(1)!r} declares {attr!r}")
        specs.append(Param(m.group(1), m.group(3).lstrip("—- ").strip(), kind, required))
    return tuple(specs)


def _parse_examples(name: str, text: str, specs: tuple[Param, ...]) -> tuple[dict[str, str], ...]:
    known = {p.name for p in specs}
    out: list[dict[str, str]] = []
    for group in filter(None, (g.strip() for g in text.split(";"))):
        example: dict[str, str] = {}
        for pair in filter(None, (p.strip() for p in group.split(","))):
            key, sep, value = pair.partition("=")
            if not sep or key.strip() not in known:
                raise ValueError(f"query {name!r}: example {group!r} names no declared parameter")
            example[key.strip()] = value.strip()
        out.append(example)
    return tuple(out)


def parse_header(name: str, text: str) -> dict[str, Any]:
    """The header of a query text as keyword arguments of NamedQuery (texts left out).

    >>> h = parse_header("x", "# params: day (date, required); n (integer)\\n# examples: day=2024-01-31")
    >>> [(p.name, p.type, p.required) for p in h["param_specs"]], h["examples"]
    ([('day', 'date', True), ('n', 'integer', False)], ({'day': '2024-01-31'},))
    """
    head = _header(text)
    specs = _parse_params(name, head.get("params", ""))
    examples = _parse_examples(name, head.get("examples", ""), specs)
    probe = NamedQuery(name, "", "", (), None, None, param_specs=specs)
    for example in examples:  # the examples obey the declaration, as a user's parameters must
        probe.check_params(example)
    return {
        "title": head.get("title", name),
        "description": head.get("description", ""),
        "params": tuple(p.name for p in specs),
        "param_help": {p.name: p.help for p in specs},
        "param_specs": specs,
        "examples": examples,
        "lists": tuple(re.findall(r"[A-Za-z_]\w*", head.get("lists", ""))),
    }


def list_queries() -> list[str]:
    """The names of every named query, sorted."""
    names: set[str] = set()
    for kind, ext in (("sparql", ".rq"), ("cypher", ".cypher")):
        folder = resources.files(__name__).joinpath(kind)
        if folder.is_dir():
            names.update(f.name[: -len(ext)] for f in folder.iterdir() if f.name.endswith(ext))
    return sorted(names)


def load_query(name: str) -> NamedQuery:
    """The named query ``name``; KeyError (one line) when there is none.

    The header is read from the SPARQL text, or the Cypher text when there is no SPARQL.
    """
    sparql, cypher = _read("sparql", name), _read("cypher", name)
    if sparql is None and cypher is None:
        raise KeyError(f"no named query {name!r}; known: {', '.join(list_queries())}")
    return NamedQuery(name=name, sparql=sparql, cypher=cypher, **parse_header(name, sparql or cypher or ""))
