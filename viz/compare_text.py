"""The comparison report as text: Markdown tables, or one long-format CSV file.

Both carry the same sections as the HTML page, from the same data. In Markdown, text
from documents has ``\\``, ``<``, ``>``, ``&`` and ``|`` escaped, so a renderer shows
markup as text and the tables keep their shape. The CSV layout is described in
:mod:`policykg.viz.compare`.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from policykg.viz.compare_html import SECTIONS, target_text
from policykg.viz.compare_query import ROLES

__all__ = ["CSV_COLUMNS", "md", "render_csv", "render_markdown"]

CSV_COLUMNS = (
    "section",
    "item",
    "label_zh",
    "label_en",
    "jurisdiction",
    "document",
    "metric",
    "value",
    "unit",
    "year",
    "text",
)
TITLE = "跨地区政策比较 · Cross-city comparison"


# ---------------------------------------------------------------- Markdown


def md(value: Any) -> str:
    """A table cell: markup shown as text, pipes escaped, one line.

    >>> md("a|b <script>\\nx")
    'a\\\\|b &lt;script&gt; x'
    """
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.replace("|", "\\|").split())


def _md_table(head: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(md(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _md_heading(i: int) -> list[str]:
    _sid, zh, en, explain = SECTIONS[i]
    return [f"## ({chr(97 + i)}) {zh} · {en}", "", explain, ""]


def render_markdown(data: dict[str, Any]) -> str:
    cols = [j["label"] for j in data["jurisdictions"]]
    s = data["summary"]
    out = [f"# {TITLE}", ""]
    out.append(
        f"{s['documents']} documents · {s['jurisdictions']} jurisdictions · {s['tasks']} tasks · "
        f"{s['themes_covered']} themes covered · {s['shared_targets']} shared indicators · "
        f"{s['shared_initiatives']} shared initiatives · {s['cross_links']} cross-jurisdiction similar pairs"
    )
    out.append("")
    out += _md_table(
        ["行政区 Jurisdiction", "文件 Document", "日期 Issued", "文号 Number", "任务 Tasks"],
        [[d["jurisdiction"], d["label"], d["date"], d["number"], d["tasks"]] for d in data["documents"]],
    )
    out += _md_heading(0)
    out += _md_table(
        ["主题 Theme", *cols, "合计 Total"],
        [[f"{r['zh']} ({r['en']})", *r["counts"], r["total"]] for r in data["themes"]["rows"]],
    )
    out += _md_heading(1)
    out += _md_table(
        ["部门类型 Department type", *cols],
        [[f"{r['zh']} ({r['en']})", *(_md_roles(c) for c in r["cells"])] for r in data["workload"]["rows"]],
    )
    out.append("Busiest units 任务最多的单位:")
    out.append("")
    for j, units in zip(cols, data["workload"]["departments"], strict=True):
        names = "; ".join(f"{u['label']} {u['tasks']} (lead {u['lead']})" for u in units)
        out.append(f"- {md(j)}: {md(names)}")
    out.append("")
    out += _md_heading(2)
    used = sorted({e["column"] for t in data["targets"] for e in t["entries"]})
    out += _md_table(
        ["指标 Indicator", *(cols[i] for i in used)],
        [
            [
                f"{t['key']} ({t['en']})" if t["en"] else t["key"],
                *(
                    "; ".join(
                        target_text(e) + (f" ({e['year']})" if e["year"] else "")
                        for e in t["entries"]
                        if e["column"] == i
                    )
                    or "—"
                    for i in used
                ),
            ]
            for t in data["targets"]
        ],
    )
    for t in data["targets"]:
        out.append(f"- {md(t['key'])}:")
        out += [
            f"  - {md(e['jurisdiction'])} ({md(target_text(e))}): “{md(e['evidence'])}”" for e in t["entries"]
        ]
    out.append("")
    out += _md_heading(3)
    for name, key, first in (
        ("Shared initiatives 共同提法", "initiatives", "提法 Initiative"),
        ("Shared cited documents 共同引用文件", "citations", "被引文件 Cited document"),
    ):
        block = data[key]
        out += [f"### {name} ({len(block['shared'])} of {block['total']})", ""]
        out += _md_table(
            [first, *cols, "文件数 Documents"],
            [
                [
                    it["label"],
                    *(
                        next((str(m["count"]) for m in it["mentions"] if m["column"] == i), "")
                        for i in range(len(cols))
                    ),
                    it["documents"],
                ]
                for it in block["shared"]
            ],
        )
    out += _md_heading(4)
    out += _md_table(
        ["#", "Score", "A", "Task A", "B", "Task B", "Shared bigrams"],
        [
            [
                n,
                f"{p['score']:.3f}",
                p["a"]["jurisdiction"],
                f"{p['a']['number']} {p['a']['text']}",
                p["b"]["jurisdiction"],
                f"{p['b']['number']} {p['b']['text']}",
                "、".join(p["evidence"]),
            ]
            for n, p in enumerate(data["similar"]["pairs"], 1)
        ],
    )
    out += _md_heading(5)
    out += _md_tree(data["hierarchy"]["tree"], 0)
    out.append("")
    for n in data["hierarchy"]["nested"]:
        out.append(
            f"- {md(n['inner'])} lies within {md(n['outer'])}: {n['similar_links']} similar-task links"
        )
    return "\n".join(out).rstrip("\n") + "\n"


def _md_roles(c: dict[str, int]) -> str:
    if not any(c.values()):
        return ""
    extra = "".join(f" +{c[r]} {r}" for r in ("participant", "implied") if c[r])
    return f"{c['lead']} / {c['co']}{extra}"


def _md_tree(nodes: list[dict[str, Any]], depth: int) -> list[str]:
    out = []
    for n in nodes:
        docs = f" — {n['documents']} documents, {n['tasks']} tasks" if n["documents"] else ""
        out.append(f"{'  ' * depth}- {md(n['label'])} ({n['level']}){docs}")
        out += _md_tree(n["children"], depth + 1)
    return out


# ---------------------------------------------------------------- CSV


def render_csv(data: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()

    def row(section: str, **kw: Any) -> None:
        w.writerow({c: "" if kw.get(c) is None else kw.get(c) for c in CSV_COLUMNS} | {"section": section})

    cols = [j["label"] for j in data["jurisdictions"]]
    for k, v in data["summary"].items():
        row("summary", item=k, metric="count", value=v)
    for d in data["documents"]:
        row(
            "documents",
            item=d["file"],
            label_zh=d["label"],
            jurisdiction=d["jurisdiction"],
            document=d["label"],
            metric="tasks",
            value=d["tasks"],
            year=d["date"][:4],
            text=d["number"],
        )
    for r in data["themes"]["rows"]:
        for j, n in zip(cols, r["counts"], strict=True):
            row(
                "themes",
                item=r["key"],
                label_zh=r["zh"],
                label_en=r["en"],
                jurisdiction=j,
                metric="tasks",
                value=n,
            )
    for r in data["workload"]["rows"]:
        for j, cell in zip(cols, r["cells"], strict=True):
            for role in ROLES:
                if cell[role]:
                    row(
                        "workload",
                        item=r["key"],
                        label_zh=r["zh"],
                        label_en=r["en"],
                        jurisdiction=j,
                        metric=role,
                        value=cell[role],
                    )
    for j, units in zip(cols, data["workload"]["departments"], strict=True):
        for u in units:
            for metric in ("tasks", *ROLES):
                row(
                    "units",
                    item=u["label"],
                    label_zh=u["label"],
                    label_en=u["type"],
                    jurisdiction=j,
                    metric=metric,
                    value=u[metric],
                )
    for t in data["targets"]:
        for e in t["entries"]:
            row(
                "targets",
                item=t["key"],
                label_zh=e["indicator"],
                label_en=t["en"],
                jurisdiction=e["jurisdiction"],
                document=e["document"],
                metric=e["comparator"],
                value=e["value"],
                unit=e["unit"],
                year=e["year"],
                text=e["evidence"],
            )
    for it in data["initiatives"]["shared"]:
        for m in it["mentions"]:
            for metric, value in (("tasks", m["count"]), ("earliest deadline", m.get("due"))):
                if value is not None:
                    row(
                        "initiatives",
                        item=it["label"],
                        label_zh=it["label"],
                        jurisdiction=m["jurisdiction"],
                        document=m["document"],
                        metric=metric,
                        value=value,
                    )
    for c in data["citations"]["all"]:
        row(
            "citations",
            item=c["title"],
            label_zh=c["title"],
            jurisdiction=c["jurisdiction"],
            document=c["document"],
            metric=c["relation"],
            value=1,
        )
    for n, p in enumerate(data["similar"]["pairs"], 1):
        for side in (p["a"], p["b"]):
            row(
                "similar",
                item=n,
                label_zh=side["label"],
                label_en="、".join(p["evidence"]),
                jurisdiction=side["jurisdiction"],
                document=side["document"],
                metric="score",
                value=f"{p['score']:.4f}",
                unit=side["number"],
                text=side["text"],
            )
    _csv_tree(row, data["hierarchy"]["tree"], "")
    return buf.getvalue()


def _csv_tree(row: Any, nodes: list[dict[str, Any]], parent: str) -> None:
    for n in nodes:
        row(
            "hierarchy",
            item=n["label"],
            label_zh=n["label"],
            label_en=n["level"],
            jurisdiction=n["label"],
            metric="within",
            value=parent,
        )
        if n["documents"]:
            row(
                "hierarchy",
                item=n["label"],
                label_zh=n["label"],
                jurisdiction=n["label"],
                metric="documents",
                value=n["documents"],
            )
            row(
                "hierarchy",
                item=n["label"],
                label_zh=n["label"],
                jurisdiction=n["label"],
                metric="tasks",
                value=n["tasks"],
            )
        _csv_tree(row, n["children"], n["label"])
