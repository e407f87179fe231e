"""SHACL validation of a build against ``ontology/shapes.ttl``.

One shapes file, two engines, because pySHACL holds the whole graph in rdflib and a
10,000-document build has about ten million triples:

- ``pyshacl``: the reference SHACL implementation over the union of all named graphs
  (about two seconds on the five samples, most of it rdflib parsing graph.nq);
- ``sparql``: every constraint of the shapes compiled to one SPARQL query that Oxigraph runs
  over the store, so the cost is that of a few dozen indexed queries. It understands the
  constraint components the shapes use (``SUPPORTED``) and refuses shapes using others,
  rather than silently skipping a constraint.

``auto`` picks pyshacl up to ``PYSHACL_LIMIT`` quads and the SPARQL engine beyond.
The test suite checks that both engines report the same violations.

>>> report = validate("policykg-out")   # doctest: +SKIP
>>> report.conforms, report.summary()   # doctest: +SKIP
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policykg.errors import StoreError

__all__ = [
    "PYSHACL_LIMIT",
    "SUPPORTED",
    "Report",
    "Violation",
    "read_shapes",
    "validate",
    "validate_graph",
    "validate_store",
]

PYSHACL_LIMIT = 200_000
SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
_PREFIXES = {
    "https://w3id.org/policykg/ontology#": "pol:",
    "https://w3id.org/policykg/id/": "id:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://purl.org/dc/terms/": "dcterms:",
    "http://www.w3.org/ns/prov#": "prov:",
    SH: "sh:",
}
# Constraint parameters the SPARQL engine compiles (and what it can ignore safely).
SUPPORTED = frozenset(
    SH + k
    for k in (
        *("minCount", "maxCount", "class", "datatype", "nodeKind", "in", "pattern", "flags"),
        *("minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "lessThan"),
    )
)
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_ANNOTATIONS = frozenset([SH + k for k in ("path", "message", "severity", "name", "description")]) | {
    RDF_TYPE,
    _RDFS + "comment",
    _RDFS + "label",
}
_NODE_KEYS = frozenset([SH + "targetClass", SH + "property", RDF_TYPE, *_ANNOTATIONS])
_COUNTS = ("MinCountConstraintComponent", "MaxCountConstraintComponent")
_COMPARE = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}
_NODE_KIND = {
    "IRI": "isIRI(?v)",
    "Literal": "isLiteral(?v)",
    "BlankNode": "isBlank(?v)",
    "BlankNodeOrIRI": "(isBlank(?v) || isIRI(?v))",
    "IRIOrLiteral": "(isIRI(?v) || isLiteral(?v))",
    "BlankNodeOrLiteral": "(isBlank(?v) || isLiteral(?v))",
}


def short(iri: str) -> str:
    """An IRI with a known prefix compacted (``pol:role``), else in angle brackets."""
    for ns, p in _PREFIXES.items():
        if iri.startswith(ns):
            return p + iri[len(ns) :]
    return f"<{iri}>"


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the focus node, the property path, the constraint and why."""

    focus: str
    path: str
    component: str
    message: str
    value: str | None = None
    severity: str = "Violation"

    def line(self) -> str:
        value = f" (value {self.value})" if self.value is not None else ""
        return f"{self.severity}: {short(self.focus)} {self.path}: {self.message}{value} [{self.component}]"

    def key(self) -> tuple[str, str, str]:
        return (self.focus, self.path, self.component)


@dataclass
class Report:
    """What was validated, by which engine, and every result found."""

    engine: str
    shapes: int
    focus_nodes: dict[str, int]
    size: int
    seconds: float
    violations: list[Violation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not any(v.severity == "Violation" for v in self.violations)

    def summary(self) -> str:
        nodes = ", ".join(f"{n} {short(c)}" for c, n in sorted(self.focus_nodes.items()) if n)
        unit = "quads" if self.engine == "sparql" else "triples"
        verdict = "conforms" if self.conforms else f"{len(self.violations)} results"
        return (
            f"validated {self.size} {unit} against {self.shapes} shapes with {self.engine} "
            f"in {self.seconds:.2f}s ({nodes}): {verdict}"
        )


def read_shapes(path: str | Path | None = None) -> Any:
    """The shapes graph (rdflib), by default the one shipped in ``policykg.ontology``."""
    import rdflib

    from policykg.ontology import data_path

    g = rdflib.Graph()
    if path is None:
        with data_path("shapes.ttl").open("rb") as fh:
            g.parse(fh, format="turtle")
    else:
        g.parse(str(path), format="turtle")
    return g


# ---------------------------------------------------------------- pyshacl engine


def validate_graph(data: Any, shapes: Any = None) -> Report:
    """Validate an rdflib graph with pySHACL (no inference: the ontology must be in ``data``)."""
    import pyshacl
    from rdflib import RDF, RDFS, Graph, URIRef
    from rdflib import SH as RSH

    shapes = read_shapes() if shapes is None else shapes
    start = time.perf_counter()
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False)
    assert isinstance(results, Graph)
    found = []
    for r in results.subjects(RDF.type, RSH.ValidationResult):
        path = results.value(r, RSH.resultPath)
        inverse = results.value(path, RSH.inversePath) if path is not None else None
        path_text = f"^{short(str(inverse))}" if inverse is not None else short(str(path))
        value = results.value(r, RSH.value)
        message = results.value(r, RSH.resultMessage)
        found.append(
            Violation(
                focus=str(results.value(r, RSH.focusNode)),
                path=path_text,
                component=short(str(results.value(r, RSH.sourceConstraintComponent))).removeprefix("sh:"),
                message=str(message) if message is not None else "",
                value=None if value is None else value.n3(),
                severity=str(results.value(r, RSH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    counts: dict[str, int] = {}
    for cls in shapes.objects(None, RSH.targetClass):
        classes = set(data.transitive_subjects(RDFS.subClassOf, URIRef(cls)))
        counts[str(cls)] = len({s for c in classes for s in data.subjects(RDF.type, c)})
    n_shapes = len(set(shapes.subjects(RSH.targetClass, None)))
    elapsed = time.perf_counter() - start
    return Report("pyshacl", n_shapes, counts, len(data), elapsed, sorted(found, key=Violation.key))


def _read_union(nquads: Path) -> Any:
    """The union of all named graphs of an N-Quads file as one rdflib graph.

    pyoxigraph parses (faster than rdflib's N-Quads parser, and quietly); the terms are
    converted for pySHACL.
    """
    import pyoxigraph as ox
    import rdflib

    xsd_string = "http://www.w3.org/2001/XMLSchema#string"
    iris: dict[str, rdflib.URIRef] = {}

    def term(t: Any) -> Any:
        if isinstance(t, ox.NamedNode):
            node = iris.get(t.value)
            if node is None:
                node = iris[t.value] = rdflib.URIRef(t.value)
            return node
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        if isinstance(t, ox.Literal):
            if t.language:
                return rdflib.Literal(t.value, lang=t.language)
            dt = t.datatype.value
            return rdflib.Literal(t.value, datatype=None if dt == xsd_string else term(t.datatype))
        raise ValueError(f"{nquads}: RDF-star triple terms are not supported by pySHACL")

    g = rdflib.Graph()
    for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
        g.add((term(q.subject), term(q.predicate), term(q.object)))
    return g


# ---------------------------------------------------------------- SPARQL engine


@dataclass(frozen=True)
class _PropertyShape:
    target: str
    path: str  # SPARQL path: <iri> or ^<iri>
    path_text: str
    params: dict[str, list[Any]]
    message: str | None
    severity: str


def _compile_shapes(shapes: Any) -> tuple[list[str], list[_PropertyShape]]:
    from rdflib import SH as RSH
    from rdflib import BNode, Literal, URIRef
    from rdflib.collection import Collection

    targets: list[str] = []
    props: list[_PropertyShape] = []
    for node in sorted(set(shapes.subjects(RSH.targetClass, None)), key=str):
        extra = {str(p) for p in shapes.predicates(node, None)} - _NODE_KEYS
        if extra:
            raise ValueError(f"{short(str(node))}: the SPARQL engine does not support {sorted(extra)}")
        for cls in shapes.objects(node, RSH.targetClass):
            targets.append(str(cls))
            for ps in shapes.objects(node, RSH.property):
                params: dict[str, list[Any]] = {}
                for p, o in shapes.predicate_objects(ps):
                    if str(p) in _ANNOTATIONS:
                        continue
                    if str(p) not in SUPPORTED:
                        raise ValueError(
                            f"{short(str(node))}: the SPARQL engine does not support {short(str(p))}"
                        )
                    if p == RSH["in"]:
                        params["in"] = list(Collection(shapes, o))
                    else:
                        params.setdefault(str(p)[len(SH) :], []).append(o)
                path = shapes.value(ps, RSH.path)
                if isinstance(path, BNode):
                    inverse = shapes.value(path, RSH.inversePath)
                    if not isinstance(inverse, URIRef):
                        raise ValueError(f"{short(str(node))}: only IRI and inverse paths are supported")
                    sparql_path, text = f"^<{inverse}>", f"^{short(str(inverse))}"
                elif isinstance(path, URIRef):
                    sparql_path, text = f"<{path}>", short(str(path))
                else:
                    raise ValueError(f"{short(str(node))}: a property shape without sh:path")
                message = shapes.value(ps, RSH.message)
                severity = shapes.value(ps, RSH.severity)
                props.append(
                    _PropertyShape(
                        str(cls),
                        sparql_path,
                        text,
                        params,
                        str(message) if isinstance(message, Literal) else None,
                        str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                    )
                )
    return targets, props


def _term(t: Any) -> str:
    """An rdflib term in SPARQL syntax."""
    return str(t.n3())


def _queries(ps: _PropertyShape) -> list[tuple[str, str, str]]:
    """(component, default message, query selecting ?focus and maybe ?v) per constraint."""
    focus = f"{{ SELECT DISTINCT ?focus WHERE {{ ?focus a/{_SUBCLASS}* <{ps.target}> }} }}"
    out = []
    p = ps.params
    for kind, op in (("minCount", "<"), ("maxCount", ">")):
        for n in p.get(kind, []):
            q = (
                f"SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus {ps.path} ?v }} }} "
                f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) {op} {int(n)})"
            )
            word = "at least" if kind == "minCount" else "at most"
            component = _COUNTS[0] if kind == "minCount" else _COUNTS[1]
            out.append((component, f"expects {word} {int(n)} values", q))
    checks: list[tuple[str, str, str]] = []
    for c in p.get("class", []):
        checks.append(
            (
                "ClassConstraintComponent",
                f"value is not a {short(str(c))}",
                f"FILTER NOT EXISTS {{ ?v a/{_SUBCLASS}* <{c}> }}",
            )
        )
    for d in p.get("datatype", []):
        checks.append(
            (
                "DatatypeConstraintComponent",
                f"value is not an {short(str(d))}",
                f"FILTER(!isLiteral(?v) || DATATYPE(?v) != <{d}>)",
            )
        )
    for k in p.get("nodeKind", []):
        checks.append(
            (
                "NodeKindConstraintComponent",
                f"value is not a {short(str(k))}",
                f"FILTER(!{_NODE_KIND[str(k)[len(SH) :]]})",
            )
        )
    if "in" in p:
        alts = " || ".join(f"sameTerm(?v, {_term(t)})" for t in p["in"]) or "false"
        checks.append(("InConstraintComponent", "value is not in the allowed list", f"FILTER(!({alts}))"))
    flags = str(p["flags"][0]) if p.get("flags") else ""
    for pat in p.get("pattern", []):
        regex = f"REGEX(STR(?v), {_term(pat)}, {_term_str(flags)})"
        checks.append(
            (
                "PatternConstraintComponent",
                f"value does not match {pat}",
                f"FILTER(isBlank(?v) || !COALESCE({regex}, false))",
            )
        )
    for kind, op in _COMPARE.items():
        for bound in p.get(kind, []):
            checks.append(
                (
                    kind[0].upper() + kind[1:] + "ConstraintComponent",
                    f"value is not {op} {bound}",
                    f"FILTER(!COALESCE(?v {op} {_term(bound)}, false))",
                )
            )
    for other in p.get("lessThan", []):
        checks.append(
            (
                "LessThanConstraintComponent",
                f"value is not less than the {short(str(other))} value",
                f"?focus <{other}> ?w . FILTER(!COALESCE(?v < ?w, false))",
            )
        )
    for component, message, check in checks:
        out.append(
            (
                component,
                message,
                f"SELECT DISTINCT ?focus ?v WHERE {{ {focus} ?focus {ps.path} ?v . {check} }}",
            )
        )
    return out


def _term_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def validate_store(store: Any, shapes: Any = None) -> Report:
    """Validate an Oxigraph store (the union of its named graphs) with SPARQL compiled from the shapes."""
    shapes = read_shapes() if shapes is None else shapes
    start = time.perf_counter()
    targets, props = _compile_shapes(shapes)
    found: set[Violation] = set()
    for ps in props:
        for component, default, query in _queries(ps):
            for row in store.query(query, use_default_graph_as_union=True):
                v = row["v"] if component not in _COUNTS else None
                found.add(
                    Violation(
                        focus=row["focus"].value,
                        path=ps.path_text,
                        component=component,
                        message=ps.message or default,
                        value=None if v is None else str(v),
                        severity=ps.severity,
                    )
                )
    counts = {}
    for cls in targets:
        q = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a/{_SUBCLASS}* <{cls}> }}"
        counts[cls] = int(next(iter(store.query(q, use_default_graph_as_union=True)))["n"].value)
    quads = len(store)
    elapsed = time.perf_counter() - start
    return Report("sparql", len(set(targets)), counts, quads, elapsed, sorted(found, key=Violation.key))


# ---------------------------------------------------------------- a build


def validate(out: str | Path, engine: str = "auto", shapes: str | Path | None = None) -> Report:
    """Validate the build in ``out`` with ``engine`` (auto, pyshacl or sparql)."""
    import pyoxigraph

    out = Path(out)
    nquads, store_dir = out / "graph.nq", out / "oxigraph"
    if not nquads.exists() or not store_dir.is_dir():
        raise StoreError(f"{out}: not a policykg build (run 'policykg build CORPUS -o {out}')")
    shapes_graph = read_shapes(shapes)
    if engine == "auto":
        store = pyoxigraph.Store.read_only(str(store_dir))
        engine = "pyshacl" if len(store) <= PYSHACL_LIMIT else "sparql"
        del store
    if engine == "sparql":
        return validate_store(pyoxigraph.Store.read_only(str(store_dir)), shapes_graph)
    if engine != "pyshacl":
        raise ValueError(f"unknown engine {engine!r} (auto, pyshacl or sparql)")
    start = time.perf_counter()
    data = _read_union(nquads)
    report = validate_graph(data, shapes_graph)
    report.seconds = time.perf_counter() - start
    return report
