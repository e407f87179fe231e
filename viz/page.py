"""The page model shared by both views: ids, vis nodes and edges, and the page's JSON.

Ids are short and assigned in sorted order (``t0``, ``u3``…), so the same graph always
gives the same page, byte for byte, and the embedded data stays small.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from policykg.viz.data import ROLES, Details, Reader, Unit
from policykg.viz.style import KINDS, edge_style, family_of, legend, node_style

__all__ = ["Page", "View"]


@dataclass
class View:
    """vis nodes and edges for pyvis, the page's JSON, and counts of what was left out."""

    kind: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    data: dict[str, Any]
    omitted: dict[str, int]


class Page:
    """Accumulates ids, vis nodes and edges, and the JSON the page script reads."""

    def __init__(self, r: Reader, d: Details, units: dict[str, Unit], view: str) -> None:
        self.r, self.d, self.units = r, d, units
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []
        self.data: dict[str, Any] = {
            "view": view,
            "nodes": {},
            "edges": {},
            "tasks": {},
            "docs": {},
            "themes": {},
        }
        self.ids: dict[str, str] = {}
        self._next: Counter[str] = Counter()
        self.broader = {c.iri: c.broader for c in r.types.values()}
        self.families: set[str] = set()
        self.edge_kinds: set[str] = set()

    def id(self, prefix: str, iri: str) -> str:
        if iri not in self.ids:
            self.ids[iri] = f"{prefix}{self._next[prefix]}"
            self._next[prefix] += 1
        return self.ids[iri]

    def places(self, places: set[str | None]) -> None:
        """Ids and labels of the given places and everything they lie within, in code order."""
        needed = {a for p in places for a in self.r.ancestors(p)}
        ordered = sorted(needed, key=lambda p: (self.r.places[p].code, p))
        for p in ordered:
            self.id("p", p)
        self.data["places"] = {
            self.ids[p]: {
                "label": self.r.places[p].label,
                "parent": self.ids.get(self.r.places[p].parent or ""),
                "depth": len(self.r.ancestors(p)) - 1,
            }
            for p in ordered
        }

    def scopes(self, place: str | None) -> list[str]:
        return [self.ids[p] for p in self.r.ancestors(place) if p in self.ids]

    def node(self, nid: str, kind: str, label: str, value: int, entry: dict[str, Any], iri: str) -> None:
        family = family_of(self.units[iri].type, self.broader) if kind == "dept" else None
        if family:
            self.families.add(family)
        short = label if len(label) <= 18 or kind in ("dept", "coll", "place") else label[:16] + "…"
        self.nodes.append({"n_id": nid, "label": short, "value": value, **node_style(kind, family, value)})
        self.data["nodes"][nid] = {"k": kind, "label": label, "iri": iri, "total": value, **entry}

    def edge(self, kind: str, src: str, dst: str, **extra: Any) -> None:
        eid = f"e{len(self.edges)}"
        self.edge_kinds.add(kind)
        vis = {"id": eid, "source": src, "to": dst, **edge_style(kind)}
        if "n" in extra:
            vis["value"] = extra["n"]
        self.edges.append(vis)
        self.data["edges"][eid] = {"k": kind, "from": src, "to": dst, **extra}

    def docs_and_themes(self, themes: set[str]) -> None:
        for d in sorted(self.d.docs):
            doc = self.d.docs[d]
            self.data["docs"][self.id("d", d)] = {
                "label": doc.label,
                "title": doc.title,
                "date": doc.date,
                "number": doc.number,
                "source": doc.source,
                "place": self.ids.get(doc.jurisdiction or ""),
                "scopes": self.scopes(doc.jurisdiction),
                "iri": d,
            }
        for th in sorted(themes):
            c = self.r.themes[th]
            self.data["themes"][self.id("h", th)] = {"label": c.zh or c.en, "en": c.en}

    def tasks(self) -> list[str]:
        """Task entries in (document, order) order; returns their ids."""
        out = []
        for t in sorted(self.d.tasks, key=lambda t: (self.d.tasks[t].doc, self.d.tasks[t].order, t)):
            task = self.d.tasks[t]
            units = [
                [
                    self.units[k.unit].label if k.unit in self.units else k.surface,
                    k.role,
                    k.surface,
                    k.start,
                    k.end,
                    self.ids.get(k.unit),
                ]
                for k in self.d.links.get(t, [])
            ]
            tid = self.id("t", t)
            out.append(tid)
            self.data["tasks"][tid] = {
                "label": task.label,
                "num": task.number,
                "text": task.text,
                "start": task.start,
                "end": task.end,
                "section": task.section,
                "deadline": task.deadline,
                "due": task.due,
                "doc": self.ids[task.doc],
                "themes": [self.ids[h] for h in self.d.themes_of.get(t, []) if h in self.ids],
                "units": units,
                "iri": t,
            }
        return out

    def unit_entry(self, u: str, tasks: dict[str, list[str]], totals: dict[str, int]) -> dict[str, Any]:
        unit = self.units[u]
        ty = self.r.types.get(unit.type or "")
        return {
            "alt": unit.alt,
            "type": (ty.zh or ty.en) if ty else "",
            "place": self.ids.get(unit.jurisdiction or ""),
            "scopes": self.scopes(unit.jurisdiction),
            "tasks": {
                r: sorted((self.ids[t] for t in ts if t in self.ids), key=lambda i: int(i[1:]))
                for r, ts in tasks.items()
                if ts
            },
            "n": {r: totals[r] for r in ROLES if totals.get(r)},
        }

    def place_edges(self, drawn: set[str]) -> None:
        for pl in sorted(drawn, key=lambda x: int(self.ids[x][1:])):
            parent = self.r.places[pl].parent
            if parent in drawn:
                self.edge("within", self.ids[pl], self.ids[parent])

    def finish(self, summary: dict[str, Any]) -> None:
        # vis draws nodes in list order: busy bureaus last, so their labels sit on top
        rank = {"task": 0, "doc": 1, "theme": 2, "place": 3, "coll": 4, "dept": 5}
        kind = {nid: e["k"] for nid, e in self.data["nodes"].items()}
        self.nodes.sort(key=lambda n: (rank[kind[n["n_id"]]], n["value"]))
        kinds = set(kind.values())
        self.data["legend"] = legend(self.families, self.edge_kinds, kinds)
        self.data["summary"] = summary
        self.data["roles"] = list(ROLES)
        self.data["kinds"] = {k: [v[2], v[3]] for k, v in KINDS.items()}
