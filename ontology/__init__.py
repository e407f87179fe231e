"""Namespaces and the knowledge data files that ship with policykg.

Knowledge lives in data files beside this module (CSV and Turtle), reviewed like code:
the gazetteer, department-name abbreviations, department types, themes, boilerplate
patterns and collective-unit patterns. This module only loads them, once per process.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "BASE",
    "DEPT_TYPE",
    "ID",
    "POL",
    "THEME",
    "DepartmentType",
    "Place",
    "ThemeRule",
    "abbreviations",
    "boilerplate_patterns",
    "data_path",
    "department_types",
    "gazetteer",
    "phrase_alternation",
    "phrase_patterns",
    "read_csv",
    "themes",
]

BASE = "https://w3id.org/policykg/"
POL = BASE + "ontology#"
ID = BASE + "id/"
DEPT_TYPE = BASE + "dept-type/"
THEME = BASE + "theme/"

_SKOS = "http://www.w3.org/2004/02/skos/core#"


def data_path(name: str):  # type: ignore[no-untyped-def]
    """A data file shipped in this package (a Traversable usable with ``open``)."""
    return resources.files(__name__).joinpath(name)


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a shipped CSV file as dictionaries (UTF-8, header row)."""
    rows = []
    with data_path(name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            if None in row:
                raise ValueError(f"ontology/{name}, line {reader.line_num}: more fields than the header")
            rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


@cache
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    """Patterns of site-chrome lines (breadcrumbs, footers, ICP and copyright lines)."""
    return tuple(re.compile(row["pattern"], re.I) for row in read_csv("boilerplate.csv"))


@cache
def phrase_patterns(name: str, kind: str) -> tuple[re.Pattern[str], ...]:
    """Patterns of one ``kind`` in a phrase list (``layout.csv``, ``role_rules.csv``)."""
    return tuple(re.compile(row["pattern"], re.I) for row in read_csv(name) if row["kind"] == kind)


@cache
def phrase_alternation(name: str, kind: str) -> re.Pattern[str]:
    """The patterns of one ``kind`` in a phrase list as a single pattern (any of them)."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in phrase_patterns(name, kind)))


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    short: str
    level: str
    parent: str
    province: str


@dataclass(frozen=True)
class Gazetteer:
    """Jurisdictions by code, and every name and short form that refers to them."""

    by_code: dict[str, Place]
    by_name: dict[str, list[Place]]
    children: dict[str, list[Place]]
    lengths: dict[str, tuple[int, ...]]  # first character → name lengths, longest first

    def lookup(self, name: str) -> list[Place]:
        return self.by_name.get(name, [])


@cache
def gazetteer() -> Gazetteer:
    by_code: dict[str, Place] = {}
    by_name: dict[str, list[Place]] = {}
    children: dict[str, list[Place]] = {}
    for row in read_csv("gazetteer.csv"):
        p = Place(row["code"], row["name"], row["short"], row["level"], row["parent"], row["province"])
        by_code[p.code] = p
        for key in {p.name, p.short} - {""}:
            by_name.setdefault(key, []).append(p)
        if p.parent:
            children.setdefault(p.parent, []).append(p)
    if data_path("gazetteer_aliases.csv").is_file():
        for row in read_csv("gazetteer_aliases.csv"):
            if row["code"] in by_code:
                by_name.setdefault(row["alias"], []).append(by_code[row["code"]])
    lengths: dict[str, set[int]] = {}
    for name in by_name:
        lengths.setdefault(name[0], set()).add(len(name))
    return Gazetteer(
        by_code, by_name, children, {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
    )


@cache
def abbreviations() -> dict[str, str]:
    """Core department-name abbreviations → full core names (卫健委 → 卫生健康委员会)."""
    return {row["short"]: row["full"] for row in read_csv("aliases.csv")}


@dataclass(frozen=True)
class DepartmentType:
    iri: str
    key: str
    label_en: str
    label_zh: str
    patterns: tuple[re.Pattern[str], ...]
    priority: int


@dataclass(frozen=True)
class ThemeRule:
    iri: str
    key: str
    label_en: str
    label_zh: str
    patterns: tuple[re.Pattern[str], ...]


def _scheme(name: str):  # type: ignore[no-untyped-def]
    import rdflib

    g = rdflib.Graph()
    with data_path(name).open("rb") as fh:
        g.parse(fh, format="turtle")
    return g


def _labels(g, s) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    import rdflib

    en = zh = ""
    for o in g.objects(s, rdflib.URIRef(_SKOS + "prefLabel")):
        if getattr(o, "language", None) == "en":
            en = str(o)
        elif getattr(o, "language", None) == "zh":
            zh = str(o)
    return en, zh


@cache
def department_types() -> tuple[DepartmentType, ...]:
    """Department function types with their name patterns, highest priority first."""
    import rdflib

    g = _scheme("department_types.ttl")
    out = []
    pat, prio = rdflib.URIRef(POL + "matchPattern"), rdflib.URIRef(POL + "matchPriority")
    for s in sorted(set(g.subjects(pat, None))):
        en, zh = _labels(g, s)
        patterns = tuple(re.compile(str(o)) for o in sorted(g.objects(s, pat)))
        priority = int(g.value(s, prio) or 0)
        out.append(DepartmentType(str(s), str(s).rsplit("/", 1)[-1], en, zh, patterns, priority))
    return tuple(sorted(out, key=lambda t: (-t.priority, t.key)))


@cache
def themes() -> tuple[ThemeRule, ...]:
    """Theme concepts with the text patterns that assign them to tasks."""
    import rdflib

    g = _scheme("themes.ttl")
    pat = rdflib.URIRef(POL + "matchPattern")
    out = []
    for s in sorted(set(g.subjects(pat, None))):
        en, zh = _labels(g, s)
        patterns = tuple(re.compile(str(o)) for o in sorted(g.objects(s, pat)))
        out.append(ThemeRule(str(s), str(s).rsplit("/", 1)[-1], en, zh, patterns))
    return tuple(out)
