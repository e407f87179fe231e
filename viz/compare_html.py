"""The comparison report as one self-contained HTML page: no script, no remote reference.

The page is plain tables with colours computed here, so it needs no JavaScript at all,
and its Content-Security-Policy forbids every script and every fetch: document text is
untrusted, and even a string that escaped the escaping could not run or phone home.
Every value from the graph goes through :func:`esc` (``html.escape`` with quotes), which
is safe in text and in quoted attributes alike.
"""

from __future__ import annotations

import html
import math
from importlib.resources import files
from typing import Any

__all__ = ["COMPARATORS", "SECTIONS", "esc", "heat_colour", "render_compare_html", "target_text"]

CSP = "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"
COMPARATORS = {">=": "≥", "<=": "≤", "~": "≈", "=": "=", ">": ">", "<": "<"}
TOTAL_TH = '<th class="num">合计 Total</th>'
ROLE_ZH = {"lead": "牵头", "co": "配合", "participant": "参与", "implied": "隐含"}

# id, heading (zh, en), explanation: shared by every format, so they say the same thing.
SECTIONS: list[tuple[str, str, str, str]] = [
    (
        "themes",
        "主题覆盖",
        "Theme coverage",
        "How many tasks of each jurisdiction's documents touch each health-reform theme (a task may "
        "carry several themes). The colour is the theme's share of that jurisdiction's tasks, so a "
        "short provincial opinion and a long city work plan compare fairly; the number is the task count.",
    ),
    (
        "workload",
        "部门类型分工",
        "Department-type workload",
        "Tasks each type of department leads (bold) or shares (co-responsible), per jurisdiction; "
        "participant and implied roles (a standing rule such as 以下均需…不再列出) are added when "
        "present. A document without responsibility notes contributes tasks but no workload. Below, "
        "the busiest units of each jurisdiction.",
    ),
    (
        "targets",
        "量化目标对照",
        "Targets side by side",
        "Indicators for which two or more jurisdictions set a number, normalised so that differently "
        "worded indicators line up (每千人口拥有… and 每千人…). Each cell gives comparator, value, unit "
        "and deadline year, with the sentence that states it.",
    ),
    (
        "initiatives",
        "共同提法与引用文件",
        "Shared initiatives and cited documents",
        "Named programmes and slogans (“两个允许”, “优质服务基层行”) and higher-level documents "
        "(《…》) mentioned by two or more documents; a cell counts the tasks of that jurisdiction "
        "mentioning the initiative.",
    ),
    (
        "similar",
        "跨地区相似任务",
        "Similar tasks across jurisdictions",
        "The strongest pairs of tasks from documents of different jurisdictions, by TF-IDF cosine "
        "similarity of their wording (responsibility clauses left out), with the character pairs "
        "that contributed most. High scores point at tasks copied or adapted from another document.",
    ),
    (
        "hierarchy",
        "行政层级",
        "Jurisdiction hierarchy",
        "Where the documents sit in the administrative hierarchy; a city's agenda can be read "
        "against its province's when both are in the corpus.",
    ),
]


def esc(value: Any) -> str:
    """Text from the graph, safe in element content and in quoted attributes.

    >>> esc('<img src=x onerror="a()">')
    '&lt;img src=x onerror=&quot;a()&quot;&gt;'
    """
    return html.escape("" if value is None else str(value), quote=True)


def _asset(name: str) -> str:
    return files("policykg.viz").joinpath(name).read_text(encoding="utf-8")


def heat_colour(t: float, hue: tuple[int, int, int] = (8, 48, 107)) -> tuple[str, str]:
    """Background and text colour for an intensity in [0, 1] (square-root scale: small
    shares stay visible next to one dominant theme)."""
    t = math.sqrt(max(0.0, min(1.0, t)))
    low = (247, 251, 255)
    rgb = tuple(round(a + (b - a) * t) for a, b in zip(low, hue, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*rgb), "#ffffff" if t > 0.62 else "#1f2933"


def target_text(e: dict[str, Any]) -> str:
    return f"{COMPARATORS.get(e['comparator'], e['comparator'])} {e['value']} {e['unit']}".strip()


def _head(columns: list[dict[str, Any]], first: str, extra: str = "") -> str:
    cells = "".join(
        f'<th class="num" scope="col">{esc(j["label"])}<br><span class="en">{j["tasks"]} tasks</span></th>'
        for j in columns
    )
    return f'<thead><tr><th scope="col">{first}</th>{cells}{extra}</tr></thead>'


def _table(tid: str, head: str, rows: list[str] | str, cls: str = "") -> str:
    """A table in a horizontally scrolling box (many jurisdictions make wide tables)."""
    body = rows if isinstance(rows, str) else "".join(rows)
    klass = f' class="{cls}"' if cls else ""
    return f'<div class="scroll"><table id="{tid}"{klass}>{head}<tbody>{body}</tbody></table></div>'


def _header(data: dict[str, Any], title: str) -> str:
    s = data["summary"]
    stats = [
        (s["documents"], "文件", "documents"),
        (s["jurisdictions"], "行政区", "jurisdictions"),
        (s["tasks"], "任务", "tasks"),
        (s["themes_covered"], "涉及主题", "themes covered"),
        (s["shared_targets"], "共同指标", "shared indicators"),
        (s["shared_initiatives"], "共同提法", "shared initiatives"),
        (s["cross_links"], "跨地区相似任务对", "cross-jurisdiction similar pairs"),
    ]
    summary = "".join(f'<span><b>{n}</b>{zh} <span class="en">{en}</span></span>' for n, zh, en in stats)
    nav = "".join(
        f'<li><a href="#{sid}">({chr(97 + i)}) {zh} <span class="en">{en}</span></a></li>'
        for i, (sid, zh, en, _x) in enumerate(SECTIONS)
    )
    docs = "".join(
        f"<tr><td>{esc(d['jurisdiction'])}</td><td>{esc(d['label'])}"
        + (f'<br><span class="minor">{esc(d["file"])}</span>' if d["title"] else "")
        + f"</td><td>{esc(d['date'])}</td><td>{esc(d['number'])}</td>"
        + f'<td class="num">{d["tasks"]}</td></tr>'
        for d in data["documents"]
    )
    head = (
        "<thead><tr><th>行政区 Jurisdiction</th><th>文件 Document</th><th>日期 Issued</th>"
        '<th>文号 Number</th><th class="num">任务 Tasks</th></tr></thead>'
    )
    return (
        f"<header><h1>{esc(title)}</h1>"
        '<p class="explain">Theme coverage, workload, targets, shared initiatives and citations, and '
        "echoing tasks of the policy documents in this graph, compared jurisdiction by jurisdiction. "
        "Every number is counted from the graph; every quoted sentence is the source text.</p>"
        f'<div class="summary">{summary}</div><nav><ol>{nav}</ol></nav>'
        f"<details open><summary>文件 Documents</summary>{_table('documents', head, docs)}</details></header>"
    )


def _section(i: int, body: str) -> str:
    sid, zh, en, explain = SECTIONS[i]
    return (
        f'<section id="{sid}"><h2>({chr(97 + i)}) {zh} <span class="en">{en}</span></h2>'
        f'<p class="explain">{esc(explain)}</p>{body}</section>'
    )


def _themes(data: dict[str, Any]) -> str:
    cols, t = data["jurisdictions"], data["themes"]
    top = t["max_share"] or 1.0
    rows, group = [], None
    for row in t["rows"]:
        if row["group_zh"] != group:
            group = row["group_zh"]
            rows.append(
                f'<tr><th class="group" colspan="{len(cols) + 2}">{esc(row["group_zh"])} '
                f'<span class="en">{esc(row["group_en"])}</span></th></tr>'
            )
        cells = []
        for n, share in zip(row["counts"], row["shares"], strict=True):
            if not n:
                cells.append('<td class="cell zero">·</td>')
                continue
            bg, fg = heat_colour(share / top)
            cells.append(
                f'<td class="cell" style="background:{bg};color:{fg}" '
                f'title="{n} 项任务 tasks, {share:.0%}">{n}</td>'
            )
        rows.append(
            f'<tr data-theme="{esc(row["key"])}"><th scope="row">{esc(row["zh"])}<br>'
            f'<span class="en">{esc(row["en"])}</span></th>{"".join(cells)}'
            f'<td class="num">{row["total"]}</td></tr>'
        )
    legend = "".join(
        f'<span class="sw" style="background:{heat_colour(x)[0]}"></span>{x * top:.0%}'
        for x in (0.05, 0.25, 0.5, 1)
    )
    table = _table("heatmap", _head(cols, "主题 Theme", TOTAL_TH), rows, "heat")
    return f'<div class="legend">任务占比 share of tasks: {legend}</div>{table}'


def _workload(data: dict[str, Any]) -> str:
    cols, w = data["jurisdictions"], data["workload"]
    top = max((c["lead"] + c["co"] for row in w["rows"] for c in row["cells"]), default=0) or 1
    rows = []
    for row in w["rows"]:
        cells = []
        for c in row["cells"]:
            if not any(c.values()):
                cells.append('<td class="cell zero">·</td>')
                continue
            bg, fg = heat_colour((c["lead"] + c["co"]) / top, (166, 54, 3))
            extra = "".join(
                f'<br><span class="minor" style="color:{fg}">+{c[r]} {ROLE_ZH[r]}</span>'
                for r in ("participant", "implied")
                if c[r]
            )
            style = f"background:{bg};color:{fg}"
            cells.append(f'<td class="cell" style="{style}"><b>{c["lead"]}</b> / {c["co"]}{extra}</td>')
        rows.append(
            f'<tr><th scope="row">{esc(row["zh"])}<br><span class="en">{esc(row["en"])}</span></th>'
            f"{''.join(cells)}</tr>"
        )
    units = "".join(
        '<td><ol class="units">'
        + "".join(
            f'<li>{esc(u["label"])} <span class="minor">{u["tasks"]} ({ROLE_ZH["lead"]} {u["lead"]}'
            f" / {ROLE_ZH['co']} {u['co'] + u['participant'] + u['implied']})</span></li>"
            for u in lst
        )
        + "</ol></td>"
        for lst in w["departments"]
    )
    return (
        '<div class="legend"><b>牵头 lead</b> / 配合 co-responsible</div>'
        + _table("workload-table", _head(cols, "部门类型 Department type"), rows, "heat")
        + "<h3>任务最多的单位 Busiest units</h3>"
        + _table("units-table", _head(cols, ""), f"<tr><th></th>{units}</tr>")
    )


def _targets(data: dict[str, Any]) -> str:
    if not data["targets"]:
        return "<p>No indicator is set by two or more jurisdictions. 无共同指标。</p>"
    # only the jurisdictions that share some indicator: empty columns would push the
    # values being compared apart
    used = sorted({e["column"] for t in data["targets"] for e in t["entries"]})
    cols = [data["jurisdictions"][i] for i in used]
    rows = []
    for t in data["targets"]:
        cells = []
        for i in used:
            entries = [e for e in t["entries"] if e["column"] == i]
            if not entries:
                cells.append('<td class="target zero">—</td>')
                continue
            parts = [
                f'<span class="value">{esc(target_text(e))}</span>'
                + (f' <span class="minor">({esc(e["year"])})</span>' if e["year"] else "")
                + f'<span class="evidence">{esc(e["evidence"])}</span>'
                + f'<span class="minor">{esc(e["indicator"])} · 任务 {esc(e["task"])}</span>'
                for e in entries
            ]
            cells.append(f'<td class="target">{"<hr>".join(parts)}</td>')
        rows.append(
            f'<tr data-indicator="{esc(t["key"])}"><th scope="row">{esc(t["key"])}<br>'
            f'<span class="en">{esc(t["en"])}</span></th>{"".join(cells)}</tr>'
        )
    return _table("targets-table", _head(cols, "指标 Indicator"), rows)


def _shared_table(cols: list[dict[str, Any]], items: list[dict[str, Any]], first: str, tid: str) -> str:
    rows = []
    for it in items:
        counts = {m["column"]: m for m in it["mentions"]}
        cells = "".join(
            f'<td class="cell" title="{esc(counts[i]["document"])}">✓ {counts[i]["count"]}'
            + (f'<br><span class="minor">≤ {esc(counts[i]["due"])}</span>' if counts[i].get("due") else "")
            + "</td>"
            if i in counts
            else '<td class="cell zero">·</td>'
            for i in range(len(cols))
        )
        variants = it.get("variants") or []
        alt = f'<br><span class="minor">{esc("、".join(variants))}</span>' if variants else ""
        total = f'<td class="num">{it["documents"]}</td>'
        if "earliest" in it:
            e = it["earliest"]
            total += f"<td>{esc(e['jurisdiction'])} {esc(e['due'])}</td>" if e else "<td>·</td>"
        rows.append(f'<tr><th scope="row">{esc(it["label"])}{alt}</th>{cells}{total}</tr>')
    extra = '<th class="num">文件数 Documents</th>'
    if items and "earliest" in items[0]:
        extra += "<th>最早时限 Earliest deadline</th>"
    return _table(tid, _head(cols, first, extra), rows, "heat")


def _initiatives(data: dict[str, Any]) -> str:
    cols, ini, cit = data["jurisdictions"], data["initiatives"], data["citations"]
    out = [f'<h3>共同提法 Shared initiatives <span class="minor">{_of(ini)}</span></h3>']
    out.append(
        _shared_table(cols, ini["shared"], "提法 Initiative", "initiatives-table")
        if ini["shared"]
        else "<p>No initiative is named by two or more documents. 无共同提法。</p>"
    )
    out.append(f'<h3>共同引用文件 Shared cited documents <span class="minor">{_of(cit)}</span></h3>')
    out.append(
        _shared_table(cols, cit["shared"], "被引文件 Cited document", "citations-table")
        if cit["shared"]
        else f"<p>No cited document is named by two or more documents ({cit['total']} distinct cited "
        "documents in all). 无共同引用文件。</p>"
    )
    rel = {"cites": "引用 cites", "basedOn": "根据 based on", "implements": "贯彻落实 implements"}
    every = [
        f"<tr><td>{esc(c['jurisdiction'])}</td><td>{esc(c['title'])}</td>"
        f"<td>{rel.get(c['relation'], '')}</td><td>{esc(c['document'])}</td></tr>"
        for c in cit["all"]
    ]
    head = (
        "<thead><tr><th>行政区 Jurisdiction</th><th>被引文件 Cited document</th><th>关系 Relation</th>"
        "<th>引用文件 Citing document</th></tr></thead>"
    )
    out.append(
        f"<details><summary>全部引用文件 All cited documents ({len(cit['all'])})</summary>"
        f"{_table('all-citations', head, every)}</details>"
    )
    return "".join(out)


def _of(block: dict[str, Any]) -> str:
    return f"{len(block['shared'])} / {block['total']}"


def _task_cell(side: dict[str, Any]) -> str:
    return (
        f'<td class="task"><b>{esc(side["jurisdiction"])}</b> · 任务 {esc(side["number"])}'
        f'<br><span class="minor">{esc(side["document"])}</span>'
        f'<span class="text">{esc(side["text"] or side["label"])}</span></td>'
    )


def _similar(data: dict[str, Any]) -> str:
    s = data["similar"]
    if not s["pairs"]:
        return "<p>No similar tasks across jurisdictions. 无跨地区相似任务。</p>"
    rows = [
        f'<tr><td class="num">{i}</td><td class="num">{p["score"]:.3f}</td>{_task_cell(p["a"])}'
        f'{_task_cell(p["b"])}<td class="bigrams">{esc("、".join(p["evidence"]))}</td></tr>'
        for i, p in enumerate(s["pairs"], 1)
    ]
    head = (
        '<thead><tr><th class="num">#</th><th class="num">相似度 Score</th><th>任务 A Task</th>'
        "<th>任务 B Task</th><th>共同字串 Shared bigrams</th></tr></thead>"
    )
    return (
        f'<p class="minor">{len(s["pairs"])} strongest of {s["cross"]} cross-jurisdiction links '
        f"({s['total']} similar-task links in all).</p>" + _table("similar-table", head, rows)
    )


def _tree(nodes: list[dict[str, Any]]) -> str:
    items = []
    for n in nodes:
        docs = (
            f' <span class="minor">{n["documents"]} 文件 · {n["tasks"]} 任务</span>' if n["documents"] else ""
        )
        cls = ' class="has-docs"' if n["documents"] else ""
        sub = f"<ul>{_tree(n['children'])}</ul>" if n["children"] else ""
        items.append(
            f'<li{cls}><span class="place">{esc(n["label"])}</span> <span class="en">{esc(n["level"])}</span>'
            f"{docs}{sub}</li>"
        )
    return "".join(items)


def _hierarchy(data: dict[str, Any]) -> str:
    h = data["hierarchy"]
    nested = "".join(
        f'<li>{esc(n["inner"])} 隶属于 {esc(n["outer"])} <span class="en">lies within</span> — '
        f"{n['similar_links']} 对相似任务 similar-task links between their documents</li>"
        for n in h["nested"]
    )
    unknown = (
        f"<p>{h['unknown']} document(s) could not be placed in a jurisdiction ({esc('未识别行政区')}).</p>"
        if h["unknown"]
        else ""
    )
    return (
        f'<ul class="tree" id="hierarchy-tree">{_tree(h["tree"])}</ul>'
        + (f"<h3>上下级文件 Nested jurisdictions</h3><ul>{nested}</ul>" if nested else "")
        + unknown
    )


def render_compare_html(
    data: dict[str, Any], *, title: str = "跨地区政策比较 · Cross-city comparison"
) -> str:
    """The complete page for :func:`policykg.viz.compare_data.compare_data`'s output."""
    body = "".join(
        _section(i, part(data))
        for i, part in enumerate((_themes, _workload, _targets, _initiatives, _similar, _hierarchy))
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="policykg compare">\n'
        f"<title>{esc(title)}</title>\n<style>\n{_asset('compare.css')}</style>\n</head>\n<body>\n"
        f"{_header(data, title)}\n<main>\n{body}\n</main>\n"
        "<footer>policykg · 政策知识图谱 — generated from the graph; no data leaves this file.</footer>\n"
        "</body>\n</html>\n"
    )
