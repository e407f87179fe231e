"""Links between documents: tasks that echo each other across cities and levels.

Similarity is TF-IDF over character bigrams of a task's words (its responsibility clause
left out, so shared unit names do not make tasks alike), with sublinear term frequency
and cosine scores. Candidates come from an inverted index that skips bigrams too common
to discriminate, so the cost stays near-linear in the corpus. Each link keeps its score
and the bigrams that contributed most, as evidence.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from policykg.graph.nquads import Quads, literal
from policykg.ontology import ID, POL

__all__ = ["TaskText", "similar_tasks", "similarity_quads"]

LINKS_GRAPH = ID + "graph/links"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_NON_HAN = re.compile(r"[^\u4e00-\u9fff]+")


@dataclass(frozen=True)
class TaskText:
    task: str  # task IRI
    document: str
    text: str


@dataclass(frozen=True)
class Similarity:
    source: str
    target: str
    score: float
    evidence: tuple[str, ...]


def _bigrams(text: str) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for run in _NON_HAN.split(text):
        for i in range(len(run) - 1):
            counts[run[i : i + 2]] += 1
    return counts


def similar_tasks(
    tasks: list[TaskText], *, top_k: int = 3, threshold: float = 0.2, max_df_share: float = 0.05
) -> list[Similarity]:
    """Pairs of tasks from different documents whose cosine similarity passes ``threshold``."""
    n = len(tasks)
    if n < 2:
        return []
    grams = [_bigrams(t.text) for t in tasks]
    df: dict[str, int] = defaultdict(int)
    for g in grams:
        for b in g:
            df[b] += 1
    idf = {b: math.log((1 + n) / (1 + d)) + 1.0 for b, d in df.items()}
    vectors: list[dict[str, float]] = []
    for g in grams:
        v = {b: (1.0 + math.log(c)) * idf[b] for b, c in g.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({b: x / norm for b, x in v.items()})
    cap = max(30, int(n * max_df_share))
    postings: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(vectors):
        for b in v:
            if df[b] <= cap:
                postings[b].append(i)
    best: dict[tuple[int, int], float] = {}
    for i, v in enumerate(vectors):
        scores: dict[int, float] = defaultdict(float)
        doc = tasks[i].document
        for b, w in v.items():
            if df[b] > cap:
                continue
            for j in postings[b]:
                if j > i and tasks[j].document != doc:
                    scores[j] += w * vectors[j][b]
        for j, partial in scores.items():
            if partial < threshold * 0.5:
                continue
            full = sum(w * vectors[j].get(b, 0.0) for b, w in v.items())
            if full >= threshold:
                best[(i, j)] = full
    # Keep each task's top-k partners.
    per_task: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, j), s in best.items():
        per_task[i].append((s, j))
        per_task[j].append((s, i))
    keep: set[tuple[int, int]] = set()
    for i, lst in per_task.items():
        for _s, j in sorted(lst, key=lambda x: (-x[0], x[1]))[:top_k]:
            keep.add((min(i, j), max(i, j)))
    out = []
    for i, j in sorted(keep, key=lambda p: (tasks[p[0]].task, tasks[p[1]].task)):
        a, b = sorted((tasks[i], tasks[j]), key=lambda t: t.task)
        va, vb = vectors[i], vectors[j]
        shared = sorted(((va[g] * vb[g], g) for g in va.keys() & vb.keys()), reverse=True)[:6]
        out.append(Similarity(a.task, b.task, round(best[(i, j)], 4), tuple(g for _, g in shared)))
    return out


def similarity_quads(links: list[Similarity]) -> list[str]:
    q = Quads(LINKS_GRAPH)
    for s in links:
        node = f"{ID}link/{hashlib.sha1((s.source + ' ' + s.target).encode()).hexdigest()[:16]}"
        q.link(node, RDF_TYPE, POL + "TaskSimilarity")
        q.link(node, POL + "source", s.source)
        q.link(node, POL + "target", s.target)
        q.add(node, POL + "score", literal(s.score))
        q.add(node, POL + "evidence", literal("、".join(s.evidence), lang="zh"))
        q.link(s.source, POL + "similarTo", s.target)
        q.link(s.target, POL + "similarTo", s.source)
    return q.lines()
