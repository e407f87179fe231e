"""Links between jurisdictions: shared initiatives and citations, echoing tasks, hierarchy.

Each is read from the store and mapped onto the report's jurisdiction columns; lists are
sorted explicitly (counts first, then names), so the same graph gives the same report.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from policykg.viz.compare_query import (
    Q_CITATION_KINDS,
    Q_CITATIONS,
    Q_CITED_TITLES,
    Q_INITIATIVE_DUE,
    Q_INITIATIVE_LABELS,
    Q_INITIATIVE_TASKS,
    Q_INITIATIVES,
    Q_LEVELS,
    Q_LINKS,
    Q_VARIANTS,
    Ctx,
    to_int,
)

__all__ = ["citations", "hierarchy", "initiatives", "similar"]


def _shared(
    ctx: Ctx,
    mentions: dict[str, dict[str, int]],
    names: dict[str, str],
    min_docs: int,
    due: dict[tuple[str, str], str] | None = None,
) -> list[dict[str, Any]]:
    """Entities (initiatives, cited documents) named by at least ``min_docs`` documents.

    ``due`` gives each mention its earliest deadline, by (entity, document IRI).
    """
    out = []
    for key, docs in mentions.items():
        if len(docs) < min_docs:
            continue
        rows = sorted(
            (
                {
                    "jurisdiction": ctx.label(ctx.jur_of(d)),
                    "column": ctx.col[ctx.jur_of(d)],
                    "document": ctx.docs[d]["label"],
                    "count": n,
                }
                | ({"due": due.get((key, d))} if due is not None else {})
                for d, n in docs.items()
            ),
            key=lambda m: (m["column"], m["document"]),
        )
        places = sorted({m["column"] for m in rows})
        out.append(
            {
                "key": key,
                "label": names[key],
                "documents": len(docs),
                "jurisdictions": [ctx.label(ctx.columns[c]) for c in places],
                "mentions": rows,
            }
        )
    out.sort(key=lambda x: (-x["documents"], -len(x["jurisdictions"]), x["label"], x["key"]))
    return out


def initiatives(ctx: Ctx) -> dict[str, Any]:
    """Named initiatives mentioned by two or more documents, with their written variants."""
    names = {row["i"]: row["label"] for row in ctx.rows(Q_INITIATIVE_LABELS)}
    mentions: dict[str, dict[str, int]] = defaultdict(dict)
    for row in ctx.rows(Q_INITIATIVES):
        if row["d"] in ctx.docs and row["i"] in names:
            mentions[row["i"]][row["d"]] = 0
    for row in ctx.rows(Q_INITIATIVE_TASKS):
        if row["d"] in mentions.get(row["i"], {}):
            mentions[row["i"]][row["d"]] = to_int(row["n"])
    variants: dict[str, set[str]] = defaultdict(set)
    for row in ctx.rows(Q_VARIANTS):
        variants[row["i"]].add(row["alt"])
    due: dict[tuple[str, str], str] = {}
    for row in ctx.rows(Q_INITIATIVE_DUE):
        if row["d"] in mentions.get(row["i"], {}):
            due[(row["i"], row["d"])] = row["due"]
    shared = _shared(ctx, mentions, names, 2, due)
    for item in shared:
        key = item.pop("key")
        item["variants"] = sorted(variants[key] - {item["label"]})
        # Which jurisdiction sets the earlier deadline for the same initiative (ties: by column).
        dated = [(m["due"], m["column"], m) for m in item["mentions"] if m["due"]]
        first = min(dated, key=lambda x: x[:2], default=None)
        item["earliest"] = (
            {"jurisdiction": first[2]["jurisdiction"], "document": first[2]["document"], "due": first[0]}
            if first
            else None
        )
    return {"total": len(mentions), "shared": shared}


def citations(ctx: Ctx) -> dict[str, Any]:
    """Cited documents: those cited by two or more documents, and every citation with the
    relation its wording gave (根据 → based on, 贯彻落实 → implements, otherwise cites)."""
    names = {row["c"]: row["title"] for row in ctx.rows(Q_CITED_TITLES)}
    relations: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in ctx.rows(Q_CITATIONS):
        if row["d"] in ctx.docs and row["c"] in names:
            relations[row["c"]][row["d"]].add("cites")
    for row in ctx.rows(Q_CITATION_KINDS):
        if row["d"] in relations.get(row["c"], {}):
            relations[row["c"]][row["d"]].add(row["rel"])
    mentions = {c: dict.fromkeys(docs, 1) for c, docs in relations.items()}
    shared = _shared(ctx, mentions, names, 2)
    for item in shared:
        del item["key"]
    every = []
    for c, docs in relations.items():
        for d, rels in docs.items():
            rel = "implements" if "implements" in rels else "basedOn" if "basedOn" in rels else "cites"
            every.append(
                {
                    "title": names[c],
                    "jurisdiction": ctx.label(ctx.jur_of(d)),
                    "column": ctx.col[ctx.jur_of(d)],
                    "document": ctx.docs[d]["label"],
                    "relation": rel,
                }
            )
    every.sort(key=lambda x: (x["column"], x["document"], x["title"], x["relation"]))
    return {"total": len(relations), "shared": shared, "all": every}


def similar(ctx: Ctx, top: int) -> dict[str, Any]:
    """The ``top`` strongest similar-task links between documents of different
    jurisdictions, with both tasks' texts; ``between`` counts every such link per pair of
    columns, for the hierarchy section."""
    links = []
    for row in ctx.rows(Q_LINKS):
        if row["da"] in ctx.docs and row["db"] in ctx.docs:
            links.append(row)
    cross = [x for x in links if ctx.jur_of(x["da"]) != ctx.jur_of(x["db"])]
    cross.sort(key=lambda x: (-float(x["score"]), x["a"], x["b"]))
    pairs = []
    for x in cross[:top]:
        sides = []
        # the side in the earlier column first (code order puts a province before its cities)
        for t, d in sorted(
            ((x["a"], x["da"]), (x["b"], x["db"])), key=lambda s: (ctx.col[ctx.jur_of(s[1])], s)
        ):
            task = ctx.task(t)
            j = ctx.jur_of(d)
            sides.append({"jurisdiction": ctx.label(j), "document": ctx.docs[d]["label"], **task})
        evidence = [w for w in str(x["evidence"] or "").split("、") if w]
        pairs.append(
            {"score": round(float(x["score"]), 4), "evidence": evidence, "a": sides[0], "b": sides[1]}
        )
    between: dict[tuple[int, int], int] = defaultdict(int)
    for x in cross:
        a, b = sorted((ctx.col[ctx.jur_of(x["da"])], ctx.col[ctx.jur_of(x["db"])]))
        between[(a, b)] += 1
    return {"total": len(links), "cross": len(cross), "pairs": pairs, "between": dict(between)}


def hierarchy(
    ctx: Ctx, jurisdictions: list[dict[str, Any]], between: dict[tuple[int, int], int]
) -> dict[str, Any]:
    """The documents' jurisdictions with everything they lie within, as a tree; and each
    pair of document jurisdictions where one lies within the other, with how many
    similar-task links join their documents (a city adapting its province's text)."""
    r = ctx.reader
    have = {p: j for p, j in zip(ctx.columns, jurisdictions, strict=True)}
    needed = {a for p in ctx.columns if p for a in r.ancestors(p)}
    levels = {row["p"]: row["level"] for row in ctx.rows(Q_LEVELS)}
    children: dict[str, list[str]] = defaultdict(list)
    for p in needed:
        children[r.places[p].parent if r.places[p].parent in needed else ""].append(p)

    def node(p: str) -> dict[str, Any]:
        j = have.get(p)
        return {
            "label": r.places[p].label,
            "level": str(levels.get(p) or ""),
            "documents": j["documents"] if j else 0,
            "tasks": j["tasks"] if j else 0,
            "children": [node(c) for c in sorted(children[p], key=lambda c: (r.places[c].code, c))],
        }

    roots = [node(p) for p in sorted(children[""], key=lambda c: (r.places[c].code, c))]
    nested = []
    for p in ctx.columns:
        for outer in r.ancestors(p)[1:] if p else []:
            if outer in ctx.col:
                a, b = sorted((ctx.col[p], ctx.col[outer]))
                nested.append(
                    {
                        "inner": ctx.label(p),
                        "outer": ctx.label(outer),
                        "similar_links": between.get((a, b), 0),
                    }
                )
    return {
        "tree": roots,
        "nested": nested,
        "unknown": sum(1 for d in ctx.docs.values() if not d["jurisdiction"]),
    }
