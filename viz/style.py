"""The visual grammar of the graph page: colour and shape by kind, edge style by role.

Kept in one table so the legend is generated from the same values the nodes use: a
reader can never see a legend that disagrees with the picture. Department colours
follow a handful of functional families (health, insurance, finance…) rather than one
colour per department type, because more than about ten hues stop being distinguishable.
"""

from __future__ import annotations

import math
from typing import Any

from policykg.ontology import DEPT_TYPE

__all__ = ["EDGE_STYLES", "KINDS", "ROLE_LABELS", "TYPE_FAMILIES", "edge_style", "family_of", "node_style"]

FONT_FACE = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'

# kind -> (shape, colour, label zh, label en, font size)
KINDS: dict[str, tuple[str, str, str, str, int]] = {
    "dept": ("dot", "#8f8f8f", "部门", "department", 14),
    "coll": ("hexagon", "#7f8c9d", "集合单位", "collective unit", 13),
    "task": ("square", "#9fb3c8", "任务", "task", 10),
    "theme": ("triangle", "#f1a340", "主题", "theme", 15),
    "place": ("diamond", "#2f4b7c", "行政区划", "jurisdiction", 16),
    "doc": ("star", "#1b7f79", "文件", "document", 13),
}

# family key -> (colour, label zh, label en, department-type keys)
TYPE_FAMILIES: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "health": (
        "#e15759",
        "卫生健康",
        "health",
        (
            "health",
            "tcm",
            "disease-control",
            "health-reform-office",
            "patriotic-health-office",
            "aging-office",
            "hospital",
        ),
    ),
    "insurance": ("#b07aa1", "医疗保障", "medical insurance", ("medical-insurance",)),
    "finance": (
        "#59a14f",
        "财政税务审计",
        "finance, tax, audit",
        ("finance", "taxation", "audit", "state-assets"),
    ),
    "economy": (
        "#76b7b2",
        "发展改革与经济",
        "development & economy",
        (
            "development-reform",
            "statistics",
            "commerce",
            "industry-it",
            "big-data",
            "energy",
            "investment-promotion",
            "grain-reserve",
            "financial-regulation",
        ),
    ),
    "hr": (
        "#f28e2b",
        "人社与编制",
        "HR & establishment",
        ("human-resources-social-security", "establishment-office", "organisation-department"),
    ),
    "education": (
        "#4e79a7",
        "教育科技",
        "education & science",
        ("education", "science-technology", "science-association"),
    ),
    "regulation": (
        "#ff9da7",
        "市场与药品监管",
        "market & drug regulation",
        ("market-regulation", "drug-regulation"),
    ),
    "government": (
        "#9c755f",
        "人民政府",
        "people's governments",
        (
            "peoples-government",
            "government-general-office",
            "subdistrict-township",
            "development-zone-committee",
        ),
    ),
    "social": (
        "#edc948",
        "民政与群团",
        "civil affairs & people's organisations",
        ("civil-affairs", "veterans-affairs"),
    ),
    "party": ("#6b4c9a", "党委机关", "party organs", ()),
    "other": ("#bab0ac", "其他部门", "other departments", ()),
}
# Broader department-type concepts that decide a family when the type itself is not listed.
_BROADER_FAMILY = {"mass-organisation": "social", "party-organ": "party"}

ROLE_LABELS = {"lead": ("牵头", "lead"), "co": ("配合", "co"), "participant": ("参与", "participant")}
ROLE_LABELS["implied"] = ("隐含", "implied")

# edge kind -> vis edge options; the role styles are the point of the grammar.
EDGE_STYLES: dict[str, dict[str, Any]] = {
    "lead": {"width": 3.2, "color": "#34495e"},
    "co": {"width": 1.2, "color": "#7f8c8d"},
    "participant": {"width": 1.2, "color": "#7f8c8d", "dashes": [7, 5]},
    "implied": {"width": 1.2, "color": "#95a5a6", "dashes": [2, 5]},
    "theme": {"width": 0.6, "color": "rgba(241,163,64,0.45)"},
    # a long rest length puts a document beside its task cloud instead of at its centre,
    # where it would hide the label of the bureau that leads most of those tasks
    "doc": {"width": 0.6, "color": "rgba(27,127,121,0.35)", "length": 260},
    "place": {"width": 0.8, "color": "rgba(47,75,124,0.35)"},
    "within": {"width": 1.5, "color": "rgba(47,75,124,0.55)"},
    "agg-theme": {"color": "rgba(241,163,64,0.55)"},
    "agg-unit": {"color": "rgba(52,73,94,0.45)"},
}
EDGE_LABELS = {
    "lead": ("牵头", "lead (thick)"),
    "co": ("配合", "co-responsible (thin)"),
    "participant": ("参与", "participant (dashed)"),
    "implied": ("隐含", "implied by a standing rule (dotted)"),
    "theme": ("任务—主题", "task–theme"),
    "doc": ("任务—文件", "task–document"),
    "place": ("所属行政区", "jurisdiction"),
    "within": ("隶属", "lies within"),
    "agg-theme": ("部门—主题", "department–theme, width = tasks"),
    "agg-unit": ("牵头—协作", "lead–partner department, width = tasks"),
}


def family_of(type_iri: str | None, broader: dict[str, str | None]) -> str:
    """The colour family of a department type (walking up skos:broader when unlisted)."""
    seen: set[str] = set()
    while type_iri and type_iri not in seen:
        seen.add(type_iri)
        key = type_iri.removeprefix(DEPT_TYPE)
        for fam, (_c, _z, _e, keys) in TYPE_FAMILIES.items():
            if key in keys:
                return fam
        if key in _BROADER_FAMILY:
            return _BROADER_FAMILY[key]
        type_iri = broader.get(type_iri)
    return "other"


# Label size in graph units: base + slope * log2(1 + tasks), capped. Busy bureaus get large
# labels that stay legible at overview zoom; the page caps on-screen size when zooming in
# (vis maxVisible), so the large sizes never become huge. Tasks keep a small fixed label
# that only appears once zoomed in (vis drawThreshold).
_LABEL = {"dept": (12, 7, 52), "coll": (12, 6, 44), "theme": (12, 6, 46), "place": (16, 6, 50),
          "doc": (11, 3, 26), "task": (10, 0, 10)}  # fmt: skip


def node_style(kind: str, family: str | None = None, tasks: int = 1) -> dict[str, Any]:
    """vis node options (shape, colour, font) for a kind, departments by family."""
    shape, colour, _zh, _en, _size = KINDS[kind]
    base, slope, cap = _LABEL[kind]
    size = min(cap, round(base + slope * math.log2(1 + max(0, tasks))))
    if kind == "dept" and family:
        colour = TYPE_FAMILIES[family][0]
    style: dict[str, Any] = {
        "shape": shape,
        "color": {
            "background": colour,
            "border": "#ffffff" if kind != "task" else "#6b8299",
            "highlight": {"background": colour, "border": "#111111"},
            "hover": {"background": colour, "border": "#111111"},
        },
        "font": {
            "size": size,
            "face": FONT_FACE,
            "color": "#1f2933",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
        },
        "borderWidth": 1.5 if kind != "task" else 1,
    }
    if kind == "coll":
        style["shapeProperties"] = {"borderDashes": [3, 2]}
        style["color"]["border"] = "#4a5563"
    return style


def edge_style(kind: str) -> dict[str, Any]:
    return dict(EDGE_STYLES[kind])


def legend(families: set[str], edge_kinds: set[str], node_kinds: set[str]) -> dict[str, Any]:
    """Legend entries for what is actually drawn, in a stable order."""
    return {
        "kinds": [
            {"kind": k, "shape": v[0], "color": v[1], "zh": v[2], "en": v[3]}
            for k, v in KINDS.items()
            if k in node_kinds
        ],
        "families": [
            {"key": f, "color": v[0], "zh": v[1], "en": v[2]}
            for f, v in TYPE_FAMILIES.items()
            if f in families
        ],
        "edges": [
            {
                "kind": k,
                "color": EDGE_STYLES[k]["color"],
                "width": EDGE_STYLES[k].get("width", 3),
                "dashes": EDGE_STYLES[k].get("dashes", []),
                "zh": EDGE_LABELS[k][0],
                "en": EDGE_LABELS[k][1],
            }
            for k in EDGE_STYLES
            if k in edge_kinds
        ],
    }
