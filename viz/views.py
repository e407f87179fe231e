"""Two pictures of one scoped graph: every task, or tasks folded into weighted edges.

A task-level picture of a 10,000-document corpus has hundreds of thousands of nodes; no
browser lays that out and nobody could read it. Above ``max_nodes`` the default is the
aggregate view (departments, themes, jurisdictions; tasks folded into department–theme
and lead–partner edges whose width is the number of tasks), with the tasks behind each
node listed in the side panel. Either way ``max_nodes`` caps what is drawn and the page
states what was left out, so a cap never silently hides data.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from policykg.viz.aggregate import aggregate_view
from policykg.viz.data import Details, Reader, Scope
from policykg.viz.page import Page, View

__all__ = ["View", "build_view"]


def _task_view(r: Reader, scope: Scope, max_nodes: int, in_scope: int, d: Details) -> View:
    roles_of = {t: [(k.unit, k.role) for k in d.links.get(t, []) if k.unit in d.units] for t in d.tasks}

    def places_of(t: str) -> set[str]:
        ps = {d.units[u].jurisdiction for u, _ in roles_of[t]} | {d.docs[d.tasks[t].doc].jurisdiction}
        return {p for p in ps if p in r.places}

    chosen: list[str] = []
    units: set[str] = set()
    themes: set[str] = set()
    docs: set[str] = set()
    places: set[str] = set()
    stopped = False  # whole tasks in document order until the budget is spent
    for t in sorted(d.tasks, key=lambda t: (d.tasks[t].doc, d.tasks[t].order, t)):
        new = (
            {u for u, _ in roles_of[t]} - units,
            set(d.themes_of.get(t, [])) - themes,
            {d.tasks[t].doc} - docs,
            places_of(t) - places,
        )
        size = len(chosen) + len(units) + len(themes) + len(docs) + len(places)
        if stopped or size + 1 + sum(map(len, new)) > max_nodes:
            stopped = True
            continue
        chosen.append(t)
        for have, add in zip((units, themes, docs, places), new, strict=True):
            have |= add
    for t in list(d.tasks):
        if t not in chosen:
            del d.tasks[t]
    d.docs = {k: v for k, v in d.docs.items() if k in docs}
    p = Page(r, d, d.units, "tasks")
    p.places(places | {d.units[u].jurisdiction for u in units})
    p.docs_and_themes(themes)
    for u in sorted(units):
        p.id("u", u)
    tids = p.tasks()
    by_unit: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for t in chosen:
        for u, role in roles_of[t]:
            by_unit[u][role].append(t)
    for did, doc in p.data["docs"].items():
        mine = [tid for tid in tids if p.data["tasks"][tid]["doc"] == did]
        p.node(did, "doc", doc["title"] or doc["label"], len(mine), {"tasks": mine}, doc["iri"])
    degree = Counter(d.units[u].jurisdiction for u in units) + Counter(d.docs[x].jurisdiction for x in docs)
    for pl in sorted(places, key=lambda x: int(p.ids[x][1:])):
        p.node(p.ids[pl], "place", r.places[pl].label, degree[pl], {}, pl)
    for hid, th in p.data["themes"].items():
        mine = [tid for tid in tids if hid in p.data["tasks"][tid]["themes"]]
        iri = next(k for k, v in p.ids.items() if v == hid)
        p.node(hid, "theme", th["label"], len(mine), {"en": th["en"], "tasks": mine}, iri)
    for u in sorted(units, key=lambda x: int(p.ids[x][1:])):
        ts = {role: sorted(v, key=lambda t: int(p.ids[t][1:])) for role, v in by_unit[u].items()}
        total = len({t for v in ts.values() for t in v})
        p.node(
            p.ids[u],
            d.units[u].kind,
            d.units[u].label,
            total,
            p.unit_entry(u, ts, {role: len(v) for role, v in ts.items()}),
            u,
        )
    for tid in tids:
        task = p.data["tasks"][tid]
        p.node(tid, "task", task["label"] or task["num"], 1, {}, task["iri"])
    for tid in tids:
        task = p.data["tasks"][tid]
        for u, role in roles_of[task["iri"]]:
            p.edge(role, p.ids[u], tid)
        for h in task["themes"]:
            p.edge("theme", tid, h)
        p.edge("doc", tid, task["doc"])
    for u in sorted(units, key=lambda x: int(p.ids[x][1:])):
        if d.units[u].jurisdiction in places:
            p.edge("place", p.ids[u], p.ids[d.units[u].jurisdiction or ""])
    for did, doc in p.data["docs"].items():
        if d.docs[doc["iri"]].jurisdiction in places:
            p.edge("place", did, p.ids[d.docs[doc["iri"]].jurisdiction or ""])
    p.place_edges(places)
    omitted = {"tasks": in_scope - len(chosen), "nodes": 0, "edges": 0}
    if omitted["tasks"]:
        omitted["nodes"] = omitted["tasks"]  # at least: the tasks themselves (their units may be drawn)
    p.finish(
        {
            "tasks": in_scope,
            "drawnTasks": len(chosen),
            "maxNodes": max_nodes,
            "omitted": omitted,
            "atLeast": bool(omitted["tasks"]),
        }
    )
    return View("tasks", p.nodes, p.edges, p.data, omitted)


def build_view(r: Reader, scope: Scope, *, max_nodes: int = 1500, view: str = "auto") -> View:
    """The task-level view when it fits in ``max_nodes`` (or when asked), else the aggregate."""
    if view not in ("auto", "tasks", "aggregate"):
        raise ValueError(f"view must be auto, tasks or aggregate, not {view!r}")
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    in_scope = r.count_tasks(scope)
    if view == "aggregate" or (view == "auto" and in_scope > max_nodes):
        return aggregate_view(r, scope, max_nodes, in_scope)
    d = r.details(r.task_list(scope, max_nodes))
    if view == "auto":
        docs = {t.doc for t in d.tasks.values()}
        units = {k.unit for ks in d.links.values() for k in ks if k.unit in d.units}
        themes = {h for hs in d.themes_of.values() for h in hs}
        places = {d.units[u].jurisdiction for u in units} | {
            d.docs[x].jurisdiction for x in docs if x in d.docs
        }
        size = len(d.tasks) + len(units) + len(themes) + len(docs) + len(places & set(r.places))
        if size > max_nodes:
            return aggregate_view(r, scope, max_nodes, in_scope)
    return _task_view(r, scope, max_nodes, in_scope, d)
