"""The aggregate view: departments, themes and jurisdictions, tasks folded into weighted edges.

Counts and department–theme weights come from the store (``Reader.aggregate``: LadybugDB
for the whole graph, SPARQL in a scope); lead–partner weights are intersections of the
units' task lists computed here, because that join in the store costs tens of seconds at
10,000 documents. The side panel lists a sample of each node's tasks with full evidence.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from policykg.viz.data import ROLES, Reader, Scope, Unit, doc_of
from policykg.viz.page import Page, View

__all__ = ["aggregate_view"]


# The aggregate view embeds full details (text, units, evidence) for a sample of each drawn
# node's tasks. Details are read one document at a time, so the sample prefers documents
# already chosen: on a 10,000-document store that keeps the page build to seconds.
LISTED_PER_NODE = 10
LISTED_DOCS = 150
LISTED_TASKS = 3000
EDGES_PER_NODE = 3  # aggregate edges drawn per node drawn, strongest first


def _weights(
    units: list[str], unit_tasks: dict[str, dict[str, list[str]]], unit_themes: dict[tuple[str, str], int]
) -> dict[tuple[str, str, str], int]:
    """Edge weights of the aggregate view among the drawn units and themes.

    ``("agg-theme", unit, theme)``: tasks of the theme naming the unit (counted in the
    store); ``("agg-unit", a, b)`` (a < b): tasks one of them leads and the other is named
    on, by intersecting task lists through an index.
    """
    drawn = set(units)
    w: Counter[tuple[str, str, str]] = Counter(
        {("agg-theme", u, th): n for (u, th), n in unit_themes.items() if u in drawn}
    )
    named: dict[str, set[str]] = defaultdict(set)
    leads: dict[str, set[str]] = defaultdict(set)
    for u in units:
        for role, ts in unit_tasks[u].items():
            for t in ts:
                named[t].add(u)
                if role == "lead":
                    leads[t].add(u)
    for t, ls in leads.items():
        for a, b in {(min(a, b), max(a, b)) for a in ls for b in named[t] if a != b}:
            w[("agg-unit", a, b)] += 1
    return dict(w)


class _Listing:
    """Tasks to list (with details) per drawn node, clustered into few documents: the
    details are read one document at a time."""

    def __init__(self) -> None:
        self.docs: set[str] = set()
        self.total = 0
        self.out: dict[str, list[str]] = {}

    def pick(self, key: str, cands: list[str]) -> None:
        docs = self.docs
        picks = [t for t in cands if doc_of(t) in docs][:LISTED_PER_NODE]
        for t in cands:
            if len(picks) >= LISTED_PER_NODE or self.total + len(picks) >= LISTED_TASKS:
                break
            if t not in picks and (doc_of(t) in docs or len(docs) < LISTED_DOCS):
                picks.append(t)
                docs.add(doc_of(t))
        picks = picks[: max(0, LISTED_TASKS - self.total)]
        self.total += len(picks)
        self.out[key] = sorted(picks, key=cands.index)


def aggregate_view(r: Reader, scope: Scope, max_nodes: int, in_scope: int) -> View:
    agg = r.aggregate(scope, max_nodes)
    theme_count: dict[str, int] = agg["themes"]
    drawn_themes = sorted(theme_count, key=lambda th: (-theme_count[th], th))[:max_nodes]
    unit_total: dict[str, int] = {}
    unit_roles: dict[str, dict[str, int]] = defaultdict(dict)
    unit_tasks: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for u, role, total, n, ts in agg["roles"]:
        unit_total[u] = total
        unit_roles[u][role] = n
        unit_tasks[u][role] = ts
    units: dict[str, Unit] = agg["units"]
    drawn_units: list[str] = []
    places: set[str] = set()
    budget = max_nodes - len(drawn_themes)
    for u in sorted(unit_total, key=lambda u: (-unit_total[u], units.get(u, Unit(u)).label, u)):
        pl = units[u].jurisdiction if u in units else None
        need = 1 + (1 if pl in r.places and pl not in places else 0)
        if u not in units or need > budget:
            continue
        drawn_units.append(u)
        budget -= need
        if pl in r.places:
            places.add(pl)
    shown = set(drawn_themes)
    weights = _weights(
        drawn_units, unit_tasks, {k: n for k, n in agg["unit_themes"].items() if k[1] in shown}
    )
    ranked = sorted(weights, key=lambda k: (-weights[k], k))
    keep: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for k in ranked:  # every drawn unit keeps its strongest edge
        if k[1] not in seen or (k[0] == "agg-unit" and k[2] not in seen):
            seen.update(k[1:])
            keep.append(k)
    kept = set(keep)
    for k in ranked:
        if len(keep) >= EDGES_PER_NODE * max_nodes:
            break
        if k not in kept:
            keep.append(k)
    keep.sort(key=lambda k: (-weights[k], k))
    listing = _Listing()
    for u in drawn_units:
        listing.pick(u, [t for role in ROLES for t in unit_tasks[u].get(role, [])])
    samples = r.theme_samples(scope, drawn_themes, listing.docs, LISTED_PER_NODE)
    for th in drawn_themes:
        listing.pick(th, samples[th])
    listed = listing.out
    d = r.details(set().union(*listed.values()) if listed else set())
    for u, unit in d.units.items():
        units.setdefault(u, unit)
    p = Page(r, d, units, "aggregate")
    p.places({units[u].jurisdiction for u in drawn_units} | {doc.jurisdiction for doc in d.docs.values()})
    p.docs_and_themes(set(theme_count))
    for u in drawn_units:
        p.id("u", u)
    p.tasks()
    degree = Counter(units[u].jurisdiction for u in drawn_units)
    for pl in sorted(places, key=lambda x: int(p.ids[x][1:])):
        p.node(p.ids[pl], "place", r.places[pl].label, degree[pl], {}, pl)
    for th in drawn_themes:
        shown = [p.ids[t] for t in listed.get(th, []) if t in p.ids]
        c = r.themes[th]
        p.node(p.ids[th], "theme", c.zh or c.en, theme_count[th], {"en": c.en, "tasks": shown}, th)
    for u in drawn_units:
        mine = set(listed.get(u, []))
        shown = {role: [t for t in ts if t in mine] for role, ts in unit_tasks[u].items()}
        p.node(
            p.ids[u], units[u].kind, units[u].label, unit_total[u], p.unit_entry(u, shown, unit_roles[u]), u
        )
    for kind, a, b in keep:
        p.edge(kind, p.ids[a], p.ids[b], n=weights[(kind, a, b)])
    for u in drawn_units:
        if units[u].jurisdiction in places:
            p.edge("place", p.ids[u], p.ids[units[u].jurisdiction or ""])
    p.place_edges(places)
    omitted = {
        "nodes": len(theme_count) - len(drawn_themes) + agg["units_in_scope"] - len(drawn_units),
        "edges": len(weights) - len(keep),
        "tasks": 0,
    }
    p.finish(
        {
            "tasks": in_scope,
            "drawnTasks": 0,
            "maxNodes": max_nodes,
            "omitted": omitted,
            "units": agg["units_in_scope"],
            "atLeast": False,
        }
    )
    return View("aggregate", p.nodes, p.edges, p.data, omitted)
