"""Departments named on the same task: counted per document part, summed by the build.

Which departments share the most tasks is a question over every pair of departments of
every task: tens of thousands of pairs at 1,000 documents, ten times as many at 10,000. A
query that counts them grows with the corpus; so each part counts its own (a task belongs
to one document, so the counts add up), the build sums them, and the statistics graph
states the first ``PAIR_LIMIT`` pairs with their counts and ranks. co-responsibility then
reads a hundred nodes in either engine.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable

from policykg.graph.rdf import RDF_TYPE, ROLE_EDGE, UNIT_PREFIX
from policykg.ontology import POL

__all__ = ["PAIR_LIMIT", "pair_counts", "top_pairs"]

PAIR_LIMIT = 100  # the pairs co-responsibility answers with
_EDGES = {f"<{POL}{v}>" for v in ROLE_EDGE.values()}
_TYPE = f"<{RDF_TYPE}>"
_DEPARTMENT = f"<{POL}Department>"


def pair_counts(lines: Iterable[str], doc: str) -> dict[str, int]:
    """Per pair of departments named on one task of the part (any roles), how many of its
    tasks name both: ``"A B" -> n``, A and B the units' IRIs after ``UNIT_PREFIX``, A < B.

    Read from the part's quads (its own graph), so a corrected part counts what the
    corrections made of it."""
    tail = f" <{doc}> .\n"
    named: dict[str, set[str]] = defaultdict(set)
    departments: set[str] = set()
    for line in lines:
        if not line.endswith(tail):
            continue
        s, p, rest = line.split(" ", 2)
        if p in _EDGES:
            named[s].add(rest[1 : -len(tail) - 1])
        elif p == _TYPE and rest.startswith(_DEPARTMENT):
            departments.add(s[1:-1])
    out: Counter[str] = Counter()
    for units in named.values():
        keys = sorted(u.removeprefix(UNIT_PREFIX) for u in units if u in departments)
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                out[f"{a} {b}"] += 1
    return dict(sorted(out.items()))  # in key order: metas.json is written as it is held


def top_pairs(counts: Counter[str], limit: int = PAIR_LIMIT) -> list[tuple[str, str, int]]:
    """The ``limit`` pairs sharing the most tasks, ties by IRI: (A, B, tasks), first first.

    Keys "A B" sort as (A, B) do: a space sorts before every character of a unit key."""
    best = heapq.nsmallest(limit, counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(*key.split(" ", 1), n) for key, n in best]  # type: ignore[misc]
