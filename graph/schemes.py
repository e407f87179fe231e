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
    from policykg.graph.nquads import iri, literal

    graph = iri(ONTOLOGY_GRAPH)
    lines: set[str] = set()
    for name in SCHEME_FILES:
        path = data_path(name)
        if not path.is_file():
            continue
        g = rdflib.Graph()
        with path.open("rb") as fh:
            g.parse(fh, format="turtle")
        for s, p, o in g:
            if isinstance(s, rdflib.BNode) or isinstance(o, rdflib.BNode):
                raise ValueError(f"ontology/{name}: blank nodes would make builds non-deterministic")
            if isinstance(o, rdflib.Literal):
                obj = literal(str(o), lang=o.language, datatype=str(o.datatype) if o.datatype else None)
            else:
                obj = iri(str(o))
            lines.add(f"{iri(str(s))} {iri(str(p))} {obj} {graph} .\n")
    return tuple(sorted(lines))
