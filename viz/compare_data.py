"""What the cross-city comparison report says, as plain data read from a built store.

Sections: theme coverage, department-type workload, targets side by side (here), and the
links between jurisdictions (:mod:`policykg.viz.compare_links`). Every list is sorted
explicitly, so the same graph always gives the same data, and the same report byte for byte.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from policykg.ontology import read_csv
from policykg.viz.compare_links import citations, hierarchy, initiatives, similar
from policykg.viz.compare_query import (
    Q_ROLES,
    Q_TARGET,
    Q_TARGETS,
    Q_THEMED,
    Q_THEMES,
    Q_UNIT_LABELS,
    Q_UNIT_ROLES,
    Q_UNIT_TOTALS,
    ROLE_EDGE,
    ROLES,
    UNKNOWN,
    Ctx,
    context,
    evidence_sentence,
    fmt_number,
    tail,
    to_int,
)
from policykg.viz.data import Reader

__all__ = ["ROLES", "UNKNOWN", "compare_data", "fmt_number"]


def _jurisdictions(ctx: Ctx) -> list[dict[str, Any]]:
    out = []
    for p in ctx.columns:
        mine = [d for d in ctx.docs.values() if d["jurisdiction"] == p]
        place = ctx.reader.places.get(p)
        out.append(
            {
                "iri": p,
                "label": ctx.label(p),
                "code": place.code if place else "",
                "documents": len(mine),
                "tasks": sum(d["tasks"] for d in mine),
            }
        )
    return out


def _top_ancestor(reader: Reader, iri: str) -> str:
    seen: list[str] = []
    while iri in reader.themes and iri not in seen:
        seen.append(iri)
        iri = reader.themes[iri].broader or ""
    return seen[-1] if seen else iri


def _themes(ctx: Ctx, totals: list[int]) -> dict[str, Any]:
    r = ctx.reader
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(ctx.columns))
    for row in ctx.rows(Q_THEMES):
        if row["th"] in r.themes and row["d"] in ctx.docs:
            counts[row["th"]][ctx.col[ctx.jur_of(row["d"])]] += to_int(row["n"])
    keys = ({row["c"] for row in ctx.rows(Q_THEMED)} & set(r.themes)) | set(counts)
    groups: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        groups[_top_ancestor(r, k)].append(k)

    def total(ks: list[str]) -> int:
        return sum(sum(counts[k]) for k in ks if k in counts)

    rows = []
    for g in sorted(groups, key=lambda g: (-total(groups[g]), g)):
        for k in sorted(groups[g], key=lambda k: (-total([k]), k)):
            c = counts.get(k, [0] * len(ctx.columns))
            shares = [round(n / t, 4) if t else 0.0 for n, t in zip(c, totals, strict=True)]
            rows.append(
                {
                    "key": tail(k),
                    "zh": r.themes[k].zh,
                    "en": r.themes[k].en,
                    "group_zh": r.themes[g].zh if g in r.themes else "",
                    "group_en": r.themes[g].en if g in r.themes else "",
                    "counts": c,
                    "shares": shares,
                    "total": sum(c),
                    "covered": sum(1 for n in c if n),
                }
            )
    return {"rows": rows, "max_share": max((s for row in rows for s in row["shares"]), default=0.0)}


def _workload(ctx: Ctx, top: int) -> dict[str, Any]:
    r = ctx.reader
    empty = [dict.fromkeys(ROLES, 0) for _ in ctx.columns]
    by_type: dict[str, list[dict[str, int]]] = {}
    for row in ctx.rows(Q_ROLES):
        if row["d"] not in ctx.docs:
            continue
        ty = row["ty"] if row["ty"] in r.types else ""
        cells = by_type.setdefault(ty, [dict(e) for e in empty])
        cells[ctx.col[ctx.jur_of(row["d"])]][ROLE_EDGE[tail(row["p"])]] += to_int(row["n"])
    rows = []
    for ty, cells in by_type.items():
        rows.append(
            {
                "key": tail(ty) if ty else "",
                "zh": r.types[ty].zh if ty else "未分类",
                "en": r.types[ty].en if ty else "untyped",
                "cells": cells,
                "lead": sum(c["lead"] for c in cells),
                "total": sum(sum(c.values()) for c in cells),
            }
        )
    rows.sort(key=lambda x: (-x["lead"], -x["total"], x["key"]))
    return {"rows": rows, "departments": _top_departments(ctx, top)}


def _top_departments(ctx: Ctx, top: int) -> list[list[dict[str, Any]]]:
    """The busiest units of each jurisdiction, so a reader sees who carries the load."""
    labels = {row["u"]: (row["label"] or tail(row["u"]), row["ty"] or "") for row in ctx.rows(Q_UNIT_LABELS)}
    per: list[dict[str, dict[str, int]]] = [defaultdict(lambda: dict.fromkeys(ROLES, 0)) for _ in ctx.columns]
    totals: list[dict[str, int]] = [defaultdict(int) for _ in ctx.columns]
    for row in ctx.rows(Q_UNIT_ROLES):
        if row["d"] in ctx.docs:
            per[ctx.col[ctx.jur_of(row["d"])]][row["u"]][ROLE_EDGE[tail(row["p"])]] += to_int(row["n"])
    for row in ctx.rows(Q_UNIT_TOTALS):
        if row["d"] in ctx.docs:
            totals[ctx.col[ctx.jur_of(row["d"])]][row["u"]] += to_int(row["n"])
    out = []
    for i in range(len(ctx.columns)):
        ranked = sorted(
            totals[i], key=lambda u, i=i: (-totals[i][u], -per[i][u]["lead"], labels.get(u, ("", ""))[0], u)
        )
        entries = []
        for u in ranked[:top]:
            label, ty = labels.get(u, (tail(u), ""))
            t = ctx.reader.types.get(ty)
            entries.append({"label": label, "type": t.zh if t else "", "tasks": totals[i][u], **per[i][u]})
        out.append(entries)
    return out


def _targets(ctx: Ctx) -> list[dict[str, Any]]:
    by_key: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in ctx.rows(Q_TARGETS):
        if row["d"] in ctx.docs:
            by_key[row["key"]].append({"g": row["g"], "t": row["t"], "d": row["d"]})
    english = {row["key"]: row["label_en"] for row in read_csv("indicators.csv")}
    out = []
    for key in sorted(by_key):
        places = {ctx.jur_of(x["d"]) for x in by_key[key]}
        if len(places) < 2:
            continue
        entries = []
        texts: dict[str, dict[str, str]] = {}
        for x in by_key[key]:
            (tg,) = ctx.rows(Q_TARGET, g=x["g"]) or [{}]
            task = texts.setdefault(x["t"], ctx.task(x["t"]))
            j = ctx.jur_of(x["d"])
            entries.append(
                {
                    "jurisdiction": ctx.label(j),
                    "column": ctx.col[j],
                    "document": ctx.docs[x["d"]]["label"],
                    "indicator": str(tg.get("indicator") or key),
                    "comparator": str(tg.get("cmp") or ""),
                    "value": fmt_number(tg.get("v")),
                    "unit": str(tg.get("unit") or ""),
                    "year": str(to_int(tg.get("year")) or ""),
                    "evidence": evidence_sentence(task["text"], str(tg.get("text") or "")),
                    "task": task["number"],
                    "start": to_int(tg.get("start")),
                }
            )
        entries.sort(key=lambda e: (e["column"], e["document"], e["start"], e["value"]))
        out.append({"key": key, "en": english.get(key, ""), "jurisdictions": len(places), "entries": entries})
    out.sort(key=lambda t: (-t["jurisdictions"], t["key"]))
    return out


def compare_data(out_dir: Path | str, *, top_pairs: int = 20, top_departments: int = 5) -> dict[str, Any]:
    """Everything the comparison report shows, as plain data in a deterministic order.

    Args:
        out_dir: a ``policykg build`` output directory (its store is only read).
        top_pairs: how many of the strongest cross-jurisdiction similar-task pairs to keep.
        top_departments: how many of the busiest units to list per jurisdiction.

    Returns:
        A dict with ``summary``, ``jurisdictions``, ``documents``, ``themes``, ``workload``,
        ``targets``, ``initiatives``, ``citations``, ``similar`` and ``hierarchy``; matrix
        rows hold one value per jurisdiction, in the order of ``jurisdictions``.
    """
    reader = Reader(Path(out_dir))
    ctx = context(reader)
    jurisdictions = _jurisdictions(ctx)
    totals = [j["tasks"] for j in jurisdictions]
    pairs = similar(ctx, top_pairs)
    between = pairs.pop("between")
    themes = _themes(ctx, totals)
    data = {
        "summary": {
            "documents": len(ctx.docs),
            "jurisdictions": sum(1 for p in ctx.columns if p),
            "tasks": sum(totals),
        },
        "jurisdictions": jurisdictions,
        "documents": [
            {
                **{k: v for k, v in d.items() if k not in ("iri", "jurisdiction")},
                "jurisdiction": ctx.label(d["jurisdiction"]),
            }
            for d in sorted(
                ctx.docs.values(), key=lambda d: (ctx.col[d["jurisdiction"]], d["label"], d["iri"])
            )
        ],
        "themes": themes,
        "workload": _workload(ctx, top_departments),
        "targets": _targets(ctx),
        "initiatives": initiatives(ctx),
        "citations": citations(ctx),
        "similar": pairs,
        "hierarchy": hierarchy(ctx, jurisdictions, between),
    }
    data["summary"].update(
        themes_covered=sum(1 for row in themes["rows"] if row["total"]),
        shared_targets=len(data["targets"]),
        shared_initiatives=len(data["initiatives"]["shared"]),
        shared_citations=len(data["citations"]["shared"]),
        cross_links=pairs["cross"],
    )
    return data
