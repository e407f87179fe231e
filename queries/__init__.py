"""Named questions as files, and the engines that answer them.

Every question lives as ``sparql/NAME.rq`` and, where written, ``cypher/NAME.cypher``,
with header comments ``# title:``, ``# description:``, ``# params:`` (``//`` in Cypher).
Parameters are passed as bindings (SPARQL substitutions, Cypher ``$params``), never
pasted into the query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources

__all__ = ["NamedQuery", "list_queries", "load_query"]

_HEADER = re.compile(r"^\s*(?:#|//)\s*(title|description|params)\s*:\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[str, ...]
    sparql: str | None
    cypher: str | None
    param_help: dict[str, str] = field(default_factory=dict)


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


def list_queries() -> list[str]:
    names: set[str] = set()
    for kind, ext in (("sparql", ".rq"), ("cypher", ".cypher")):
        folder = resources.files(__name__).joinpath(kind)
        if folder.is_dir():
            names.update(f.name[: -len(ext)] for f in folder.iterdir() if f.name.endswith(ext))
    return sorted(names)


def load_query(name: str) -> NamedQuery:
    sparql, cypher = _read("sparql", name), _read("cypher", name)
    if sparql is None and cypher is None:
        raise KeyError(f"no named query {name!r}; known: {', '.join(list_queries())}")
    head = _header(sparql or cypher or "")
    params: list[str] = []
    helps: dict[str, str] = {}
    # Parameters are separated by "; NAME (…)" or "; NAME —": a ";" inside a help text is not one.
    for part in re.split(r";\s*(?=[A-Za-z_]\w*\s*(?:\(|—|-|$))", head.get("params", "")):
        m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)\s*(.*)", part.strip())
        if m and m.group(1).lower() != "none":
            params.append(m.group(1))
            helps[m.group(1)] = m.group(2).lstrip("—- ").strip()
    return NamedQuery(
        name, head.get("title", name), head.get("description", ""), tuple(params), sparql, cypher, helps
    )
