"""Links between documents: tasks that echo each other across cities and levels.

Similarity is the cosine of TF-IDF vectors over the character bigrams of a task's words
(its responsibility clause left out, so shared unit names do not make tasks alike). Term
frequency is binary: task texts are short and a repeated bigram says little, and set
weights let intersections and sums run in C, which matters at hundreds of thousands of tasks.

Finding pairs is sub-quadratic and deterministic. Each task is signed by its few rarest
bigrams (document frequency at least 2, at most a cap that grows slowly with the corpus);
an inverted index over signatures, whose over-long posting lists are dropped as too common
to discriminate, proposes a handful of candidates per task, ranked by shared signatures;
only those get a full cosine, and each task keeps its top-k partners. Each link keeps its
score and the bigrams that contributed most, as evidence.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass

from policykg.graph.nquads import Quads, literal
from policykg.ontology import ID, POL

__all__ = ["TaskText", "bigram_string", "similar_tasks", "similarity_quads"]

LINKS_GRAPH = ID + "graph/links"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_NON_HAN = re.compile(r"[^\u4e00-\u9fff]+")
_PAIRS = re.compile(r"..", re.S)


@dataclass(frozen=True)
class TaskText:
    task: str  # task IRI
    document: str
    text: str
    grams: str = ""  # bigram_string(text), when computed beforehand (in the extraction workers)


@dataclass(frozen=True)
class Similarity:
    source: str
    target: str
    score: float
    evidence: tuple[str, ...]


def bigram_string(text: str) -> str:
    """The distinct bigrams of the text's Han runs, sorted and concatenated.

    Computed per document in the extraction workers, so the serial linking step only splits it.
    """
    grams: set[str] = set()
    for run in _NON_HAN.split(text):
        if len(run) > 1:
            grams.update(map(str.__add__, run[:-1], run[1:]))
    return "".join(sorted(grams))


def _bigrams(task: TaskText, vocab: dict[str, str]) -> tuple[str, ...]:
    """Distinct bigrams of a task as the vocabulary's shared string objects."""
    grams = _PAIRS.findall(task.grams or bigram_string(task.text))
    # setdefault(g, g) returns the first-seen object: one string per distinct bigram in memory.
    return tuple(map(vocab.setdefault, grams, grams))


def similar_tasks(
    tasks: list[TaskText],
    *,
    top_k: int = 3,
    threshold: float = 0.2,
    signature: int = 6,
    candidates: int = 8,
    max_posting: int = 64,
) -> list[Similarity]:
    """Pairs of tasks from different documents whose cosine similarity passes ``threshold``.

    ``signature`` rarest bigrams index each task; posting lists longer than ``max_posting``
    are dropped; at most ``candidates`` partners per task are scored. The work is then
    bounded by ``len(tasks) * signature * max_posting`` counter updates, not ``len(tasks)**2``.
    Sums are exact (``math.fsum``), so scores do not depend on set iteration order.
    """
    n = len(tasks)
    if n < 2:
        return []
    vocab: dict[str, str] = {}
    grams = [_bigrams(t, vocab) for t in tasks]
    docs = [t.document for t in tasks]
    df: Counter[str] = Counter()
    for g in grams:
        df.update(g)
    # Signatures count documents, not tasks: a bigram of one document (its place name,
    # a phrase it repeats) cannot link it to another. A document's tasks come consecutively.
    doc_df: Counter[str] = Counter()
    doc_grams: set[str] = set()
    for i, g in enumerate(grams):
        if i and docs[i] != docs[i - 1]:
            doc_df.update(doc_grams)
            doc_grams = set()
        doc_grams.update(g)
    doc_df.update(doc_grams)
    idf2 = {b: (math.log((1 + n) / (1 + d)) + 1.0) ** 2 for b, d in df.items()}
    norms = [math.sqrt(math.fsum(map(idf2.__getitem__, g))) or 1.0 for g in grams]
    cap = max(8, int(math.sqrt(len(set(docs)))))
    rank = {b: (d, b) for b, d in doc_df.items() if 2 <= d <= cap}
    signs = [heapq.nsmallest(signature, rank.keys() & g, key=rank.__getitem__) for g in grams]
    postings: dict[str, list[int]] = {}
    for i, sig in enumerate(signs):
        for b in sig:
            postings.setdefault(b, []).append(i)
    postings = {b: p for b, p in postings.items() if 1 < len(p) <= max_posting}
    scores: dict[tuple[int, int], float] = {}
    for i, sig in enumerate(signs):
        cand: Counter[int] = Counter()
        for b in sig:
            p = postings.get(b)
            if p:
                cand.update(p)
        doc = docs[i]
        # Most shared signatures first, then task order: the same corpus gives the same pairs.
        ranked = [(-c, j) for j, c in cand.items() if docs[j] != doc]
        for _c, j in heapq.nsmallest(candidates, ranked):
            pair = (i, j) if i < j else (j, i)
            if pair not in scores:
                dot = math.fsum(map(idf2.__getitem__, set(grams[i]).intersection(grams[j])))
                scores[pair] = dot / (norms[i] * norms[j])
    per_task: dict[int, list[tuple[float, int]]] = {}
    for (i, j), s in scores.items():
        if s >= threshold:
            per_task.setdefault(i, []).append((s, j))
            per_task.setdefault(j, []).append((s, i))
    keep: set[tuple[int, int]] = set()
    for i, lst in per_task.items():
        for _s, j in sorted(lst, key=lambda x: (-x[0], x[1]))[:top_k]:
            keep.add((min(i, j), max(i, j)))
    out = []
    for i, j in sorted(keep, key=lambda p: (tasks[p[0]].task, tasks[p[1]].task)):
        a, b = sorted((tasks[i], tasks[j]), key=lambda t: t.task)
        shared = sorted(set(grams[i]).intersection(grams[j]), key=lambda g: (-idf2[g], g))[:6]
        out.append(Similarity(a.task, b.task, round(scores[(i, j)], 4), tuple(shared)))
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
