"""The ontology and SKOS schemes as quads in the reference graph of every build."""

from __future__ import annotations

from functools import cache

from policykg.ontology import ID, data_path

__all__ = ["SCHEME_FILES", "scheme_quads"]

SCHEME_FILES = ("policykg.ttl", "department_types.ttl", "themes.ttl")
ONTOLOGY_GRAPH = ID + "graph/ontology"


@cache
def scheme_quads() -> tuple[str, ...]:
    """N-Quads lines of the shipped Turtle files, sorted, in the ontology graph."""
    import rdflib

    lines: set[str] = set()
    for name in SCHEME_FILES:
        path = data_path(name)
        if not path.is_file():
            continue
        g = rdflib.Graph()
        with path.open("rb") as fh:
            g.parse(fh, format="turtle")
        ds = rdflib.Dataset()
        target = ds.graph(rdflib.URIRef(ONTOLOGY_GRAPH))
        for t in g:
            target.add(t)
        for line in ds.serialize(format="nquads").splitlines():
            if line.strip():
                lines.add(line + "\n")
    return tuple(sorted(lines))
