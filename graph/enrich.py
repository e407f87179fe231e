"""Themes, named initiatives: what a task is about, matched by rules kept as data.

Theme rules are the ``pol:matchPattern`` regexes of ``ontology/themes.ttl``; a named
initiative is a quoted programme name or slogan (“两个允许”, “优质服务基层行”), merged
across documents under a normalised key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policykg.ontology import read_csv, themes

__all__ = ["InitiativeMention", "ThemeMatch", "find_initiatives", "initiative_key", "match_themes"]

_QUOTED = re.compile(r"“([^“”\n]{2,24})”|\"([^\"\n]{2,24})\"")
# Quotation marks also mark emphasis and coined phrases; these are not programme names.
_NOT_INITIATIVE = re.compile(r"^[\d.%]+$|^[^\u4e00-\u9fff]*$|[,。;:]")
_VARIANT_TAIL = re.compile(r"(?:活动|行动计划|工程|项目|专项行动)$")


@dataclass(frozen=True)
class ThemeMatch:
    iri: str
    key: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class InitiativeMention:
    key: str
    name: str
    start: int
    end: int


@cache
def _theme_patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """Per theme, its patterns as one alternation: a search finds the earliest position any
    of them matches, and there the first listed that does, as searching each would, in one
    pass over the text instead of one per pattern."""
    return tuple(
        (rule.iri, rule.key, re.compile("|".join(f"(?:{p.pattern})" for p in rule.patterns)))
        for rule in themes()
        if rule.patterns
    )


def match_themes(text: str, offset: int = 0) -> list[ThemeMatch]:
    """Every theme whose rule matches the text, with the first matching words."""
    out = []
    for iri, key, pattern in _theme_patterns():
        m = pattern.search(text)
        if m is not None:
            out.append(ThemeMatch(iri, key, m.group(0), offset + m.start(), offset + m.end()))
    return out


def initiative_key(name: str) -> str:
    """Variants merge: spacing, quotes, and a trailing 活动/工程 do not make a new initiative."""
    key = re.sub(r"[\s·・]", "", name).replace("＋", "+")
    stripped = _VARIANT_TAIL.sub("", key)
    return stripped if len(stripped) >= 2 else key


@cache
def _known() -> tuple[dict[str, str], frozenset[str], re.Pattern[str] | None]:
    """Known initiatives (name and variants → canonical) and quoted terms that are not ones."""
    canon: dict[str, str] = {}
    ignore: set[str] = set()
    for row in read_csv("initiatives.csv"):
        names = [row["name"], *[v for v in row["variants"].split("|") if v]]
        if row["kind"] == "ignore":
            ignore.update(names)
            continue
        for n in names:
            canon[initiative_key(n)] = row["name"]
    written = sorted(
        {
            n
            for row in read_csv("initiatives.csv")
            if row["kind"] != "ignore"
            for n in [row["name"], *row["variants"].split("|")]
            if n
        },
        key=len,
        reverse=True,
    )
    pattern = re.compile("|".join(map(re.escape, written))) if written else None
    return canon, frozenset(ignore), pattern


def find_initiatives(text: str, offset: int = 0) -> list[InitiativeMention]:
    """Quoted programme names, plus unquoted mentions of initiatives known from the data file."""
    canon, ignore, known = _known()
    out: dict[str, InitiativeMention] = {}
    for m in _QUOTED.finditer(text):
        name = (m.group(1) or m.group(2)).strip()
        if name in ignore or _NOT_INITIATIVE.search(name):
            continue
        if len(name) < 3 and not re.search(r"[\d一二三四五六七八九十两]", name):
            continue
        key = canon.get(initiative_key(name), initiative_key(name))
        out.setdefault(key, InitiativeMention(key, name, offset + m.start(), offset + m.end()))
    if known is not None:
        for m in known.finditer(text):
            key = canon.get(initiative_key(m.group(0)), m.group(0))
            out.setdefault(key, InitiativeMention(key, m.group(0), offset + m.start(), offset + m.end()))
    return sorted(out.values(), key=lambda x: (x.start, x.key))
