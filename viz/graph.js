/* policykg graph page: search, filters, details panel, legend and a test hook.
 *
 * Every string in the data comes from policy documents and is untrusted. It reaches the
 * page only as text (textContent, text nodes, option.value/text), never through innerHTML,
 * and vis tooltips are DOM elements built the same way, never HTML strings.
 * policykgInit() runs right after pyvis's drawGraph(), before stabilisation starts, so
 * the stabilisation listeners cannot miss their event.
 */
"use strict";

function policykgInit() {
  const DATA = JSON.parse(document.getElementById("policykg-data").textContent);
  const net = window.network, nodesDS = window.nodes, edgesDS = window.edges;
  const ROLE = { lead: "牵头 lead", co: "配合 co", participant: "参与 participant", implied: "隐含 implied" };
  const KIND = DATA.kinds;
  const state = { place: "", theme: "", roles: new Set(DATA.roles), selected: null, history: [], current: null };
  const $ = (id) => document.getElementById(id);
  const panel = $("pk-panel-body");
  const hook = (window.policykg = {
    ready: false, stabilized: false, stabilizationMs: null, view: DATA.view,
    visibleNodeCount: () => nodesDS.get({ filter: (n) => !n.hidden }).length,
    visibleEdgeCount: () => edgesDS.get({ filter: (e) => !e.hidden }).length,
    search: (name) => search(name),
    selected: () => {
      const id = state.selected;
      if (!id) return null;
      const t = DATA.tasks[id];
      if (t) return { id: id, kind: "task", label: t.label, iri: t.iri, drawn: !!DATA.nodes[id] };
      const n = DATA.nodes[id];
      return { id: id, kind: n.k, label: n.label, iri: n.iri, drawn: true };
    },
    select: (id) => select(id, true),
    showTask: (tid) => show({ task: tid }),
    setFilter: (f) => setFilter(f || {}),
    idOf: (iri) => Object.keys(DATA.nodes).find((k) => DATA.nodes[k].iri === iri)
      || Object.keys(DATA.tasks).find((k) => DATA.tasks[k].iri === iri) || null,
    nodeIds: (kind) => Object.keys(DATA.nodes).filter((k) => !kind || DATA.nodes[k].k === kind),
    panelText: () => panel.innerText,
  });

  /* ---- small DOM helpers: text only ---- */
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function button(text, onClick, cls) {
    const b = el("button", cls || "pk-link", text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function svg(tag, attrs) {
    const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const k in attrs) e.setAttribute(k, String(attrs[k]));
    return e;
  }
  const norm = (s) => String(s || "").normalize("NFKC").trim().toLowerCase();
  const fmt = (n) => Number(n).toLocaleString("en-US");
  const sum = (w) => [...state.roles].reduce((a, r) => a + ((w && w[r]) || 0), 0);
  const status = (text) => ($("pk-status").textContent = text);

  /* ---- header: summary, notice, search names, filter options ---- */
  const S = DATA.summary, om = S.omitted || {};
  $("pk-summary").textContent = (DATA.view === "aggregate" ? "汇总视图 aggregate view · " : "任务视图 task view · ")
    + fmt(nodesDS.length) + " 节点 nodes · " + fmt(edgesDS.length) + " 边 edges · " + fmt(S.tasks) + " 任务 tasks";
  const notes = [];
  if (DATA.view === "aggregate") {
    notes.push("任务已折叠为部门—主题、牵头—协作部门的加权边（线宽 = 任务数）；点击部门或主题查看其任务。"
      + " Tasks are folded into weighted edges; click a department or theme to list its tasks.");
  }
  if (om.nodes || om.edges || om.tasks) {
    notes.push("已省略 Left out: " + (S.atLeast ? fmt(om.tasks) + " 任务 tasks and the units, themes and edges only they need"
      : fmt(om.nodes || 0) + " 节点 nodes, " + fmt(om.edges || 0) + " 边 edges") + " (max_nodes = " + fmt(S.maxNodes)
      + "). 用 --city / --theme / --department 缩小范围，或调大 --max-nodes。");
  }
  if (notes.length) {
    $("pk-notice").hidden = false;
    notes.forEach((t) => $("pk-notice").appendChild(el("div", null, t)));
    const close = button("×", () => ($("pk-notice").hidden = true), "pk-close");
    close.setAttribute("aria-label", "关闭 close");
    $("pk-notice").prepend(close);
  }
  const names = new Set();
  for (const n of Object.values(DATA.nodes)) {
    if (n.k === "dept" || n.k === "coll") [n.label, ...(n.alt || [])].forEach((a) => names.add(a));
  }
  [...names].sort().forEach((nm) => { const o = el("option"); o.value = nm; $("pk-names").appendChild(o); });
  for (const [pid, p] of Object.entries(DATA.places || {})) {
    const o = el("option", null, "\u00a0\u00a0".repeat(p.depth) + p.label);
    o.value = pid;
    $("pk-place").appendChild(o);
  }
  for (const [hid, h] of Object.entries(DATA.themes || {})) {
    if (!DATA.nodes[hid]) continue;
    const o = el("option", null, h.label + " (" + DATA.nodes[hid].total + ")");
    o.value = hid;
    $("pk-theme").appendChild(o);
  }
  const roleStyle = Object.fromEntries(DATA.legend.edges.map((e) => [e.kind, e]));
  for (const r of DATA.roles) {
    const lab = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = r; box.dataset.role = r;
    box.addEventListener("change", () => {
      if (box.checked) state.roles.add(r); else state.roles.delete(r);
      applyFilters();
    });
    lab.append(box, ROLE[r]);
    if (roleStyle[r]) lab.appendChild(lineIcon(roleStyle[r]));
    $("pk-roles").appendChild(lab);
  }
  $("pk-place").addEventListener("change", (e) => { state.place = e.target.value; applyFilters(); });
  $("pk-theme").addEventListener("change", (e) => { state.theme = e.target.value; applyFilters(); });
  $("pk-reset").addEventListener("click", () => setFilter({ place: "", theme: "", roles: DATA.roles }));
  $("pk-search-form").addEventListener("submit", (e) => { e.preventDefault(); search($("pk-search").value); });
  $("pk-back").addEventListener("click", () => { const prev = state.history.pop(); if (prev) show(prev, true); });

  /* ---- legend, generated from the same style table as the nodes ---- */
  function lineIcon(e) {
    const s = svg("svg", { width: 34, height: 10 });
    s.appendChild(svg("line", { x1: 1, y1: 5, x2: 33, y2: 5, stroke: e.color, "stroke-width": Math.max(1, e.width),
      "stroke-dasharray": (e.dashes || []).join(" ") }));
    return s;
  }
  function shapeIcon(shape, color, dashed) {
    const s = svg("svg", { width: 16, height: 16 }), a = { fill: color, stroke: "#4a5563", "stroke-width": 1 };
    if (dashed) a["stroke-dasharray"] = "2 1";
    const poly = { square: "3,3 13,3 13,13 3,13", triangle: "8,2 14,14 2,14", diamond: "8,1 15,8 8,15 1,8",
      hexagon: "4,2 12,2 15,8 12,14 4,14 1,8", star: "8,1 10,6 15,6 11,9 12.5,15 8,11.5 3.5,15 5,9 1,6 6,6" };
    s.appendChild(poly[shape] ? svg("polygon", Object.assign({ points: poly[shape] }, a))
      : svg("circle", Object.assign({ cx: 8, cy: 8, r: 6 }, a)));
    return s;
  }
  function legendItem(icon, zh, en) {
    const d = el("div", "pk-item");
    d.title = en;
    d.append(icon, el("span", null, zh));
    return d;
  }
  const lb = $("pk-legend-body");
  lb.appendChild(el("h4", null, "节点 nodes · 大小 = 任务数 size = tasks"));
  DATA.legend.kinds.forEach((k) => lb.appendChild(legendItem(shapeIcon(k.shape, k.color, k.kind === "coll"), k.zh, k.en)));
  if (DATA.legend.families.length) lb.appendChild(el("h4", null, "部门类型 department type"));
  DATA.legend.families.forEach((f) => lb.appendChild(legendItem(shapeIcon("dot", f.color), f.zh, f.en)));
  lb.appendChild(el("h4", null, DATA.view === "aggregate" ? "边 edges · 线宽 = 任务数 width = tasks" : "边 edges"));
  DATA.legend.edges.forEach((e) => lb.appendChild(legendItem(lineIcon(e), e.zh, e.en)));
  $("pk-legend-toggle").addEventListener("click", () => {
    lb.hidden = !lb.hidden;
    $("pk-legend-toggle").setAttribute("aria-expanded", String(!lb.hidden));
  });

  /* ---- filters: recompute hidden flags, update the DataSets in one batch each ---- */
  function setFilter(f) {
    if (f.place !== undefined) state.place = f.place;
    if (f.theme !== undefined) state.theme = f.theme;
    if (f.roles !== undefined) state.roles = new Set(f.roles);
    $("pk-place").value = state.place;
    $("pk-theme").value = state.theme;
    document.querySelectorAll("#pk-roles input").forEach((b) => (b.checked = state.roles.has(b.value)));
    applyFilters();
  }
  function visibleNodes() {
    const vis = new Set(), E = DATA.edges, N = DATA.nodes;
    const roleEdge = (e) => e.k in ROLE;
    if (DATA.view === "tasks") {
      for (const [tid, t] of Object.entries(DATA.tasks)) {
        const doc = DATA.docs[t.doc];
        if (state.place && !(doc.scopes || []).includes(state.place)) continue;
        if (state.theme && !t.themes.includes(state.theme)) continue;
        vis.add(tid);
      }
      for (const e of Object.values(E)) {
        if (!vis.has(e.from) && !vis.has(e.to)) continue;
        if (roleEdge(e) && state.roles.has(e.k)) vis.add(e.from);
        else if (e.k === "theme" && (!state.theme || e.to === state.theme)) vis.add(e.to);
        else if (e.k === "doc") vis.add(e.to);
      }
    } else {
      for (const [id, n] of Object.entries(N)) {
        if (n.k === "theme" && (!state.theme || id === state.theme)) vis.add(id);
        if ((n.k === "dept" || n.k === "coll") && sum(n.n) > 0 && (!state.place || n.scopes.includes(state.place))) {
          vis.add(id);
        }
      }
      if (state.theme) {
        const keep = new Set(Object.values(E).filter((e) => e.k === "agg-theme" && e.to === state.theme).map((e) => e.from));
        for (const id of [...vis]) if (N[id].k !== "theme" && !keep.has(id)) vis.delete(id);
      }
    }
    let grew = true;
    while (grew) { // places of visible units and documents, then the places they lie within
      grew = false;
      for (const e of Object.values(E)) {
        if ((e.k === "place" || e.k === "within") && vis.has(e.from) && !vis.has(e.to)) { vis.add(e.to); grew = true; }
      }
    }
    return vis;
  }
  function edgeVisible(e, vis) {
    if (!vis.has(e.from) || !vis.has(e.to)) return false;
    if (e.k in ROLE) return state.roles.has(e.k);
    if (e.k === "agg-unit") return state.roles.has("lead");
    return true;
  }
  function applyFilters() {
    const vis = visibleNodes();
    nodesDS.update(nodesDS.getIds().map((id) => ({ id: id, hidden: !vis.has(id) })));
    edgesDS.update(edgesDS.getIds().map((id) => ({ id: id, hidden: !edgeVisible(DATA.edges[id], vis) })));
    status("显示 showing " + fmt(hook.visibleNodeCount()) + " 节点 nodes · " + fmt(hook.visibleEdgeCount()) + " 边 edges");
  }

  /* ---- search and selection ---- */
  function search(name) {
    const q = norm(name);
    if (!q) return null;
    let best = null, bestScore = 9;
    for (const [id, n] of Object.entries(DATA.nodes)) {
      if (n.k !== "dept" && n.k !== "coll") continue;
      const alt = (n.alt || []).map(norm), lab = norm(n.label);
      const s = lab === q ? 0 : alt.includes(q) ? 1 : lab.includes(q) ? 2 : alt.some((a) => a.includes(q)) ? 3 : 9;
      if (s < bestScore || (s === bestScore && s < 9 && n.total > DATA.nodes[best].total)) { best = id; bestScore = s; }
    }
    if (!best) { status("未找到 not found: " + name); return null; }
    if (nodesDS.get(best).hidden) setFilter({ place: "", theme: "", roles: DATA.roles });
    select(best, true);
    status("找到 found: " + DATA.nodes[best].label);
    return DATA.nodes[best].label;
  }
  function select(id, focus) {
    if (!nodesDS.get(id)) {
      net.unselectAll();
      if (DATA.tasks[id]) show({ task: id });
      return;
    }
    net.selectNodes([id]);
    if (focus) net.focus(id, { scale: Math.max(net.getScale(), 1), animation: { duration: 350, easingFunction: "easeInOutQuad" } });
    show(DATA.nodes[id].k === "task" ? { task: id } : { node: id });
  }
  net.on("click", (p) => {
    if (p.nodes.length) select(p.nodes[0], false);
    else if (p.edges.length) show({ edge: p.edges[0] });
  });

  /* ---- the details panel ---- */
  function show(what, back) {
    if (!back && state.current) state.history.push(state.current);
    state.current = what;
    $("pk-back").hidden = state.history.length === 0;
    state.selected = what.task || what.node || null;
    panel.replaceChildren();
    if (what.task) taskPanel(what.task);
    else if (what.edge) edgePanel(what.edge);
    else if (what.node) nodePanel(what.node);
    else overview();
  }
  function badge(kind) {
    const b = el("span", "pk-badge", (KIND[kind] || [kind])[0] + " " + ((KIND[kind] || [])[1] || ""));
    const leg = DATA.legend.kinds.find((k) => k.kind === kind);
    if (leg) b.style.background = leg.color;
    return b;
  }
  function taskLink(tid) {
    const t = DATA.tasks[tid];
    return button((t.num ? t.num + "  " : "") + t.label, () => select(tid, true));
  }
  function taskList(tids, total) {
    const ul = el("ul");
    tids.forEach((tid) => { const li = el("li"); li.appendChild(taskLink(tid)); ul.appendChild(li); });
    if (total > tids.length) ul.appendChild(el("li", "pk-hint", "… 另有 " + fmt(total - tids.length) + " 项未列出 more not listed"));
    panel.appendChild(ul);
  }
  function taskPanel(tid) {
    const t = DATA.tasks[tid], doc = DATA.docs[t.doc];
    panel.append(badge("task"), el("h2", null, t.label));
    panel.appendChild(el("div", "pk-meta", "编号 " + t.num + (t.section ? " · " + t.section : "") + (t.deadline ? " · 时限 " + t.deadline + (t.due && t.due !== t.deadline ? "（" + t.due + "）" : "") : "")));
    panel.appendChild(el("h3", null, "原文证据 Evidence"));
    panel.appendChild(el("div", "pk-evidence", t.text));
    panel.appendChild(el("div", "pk-meta", "原文位置 span [" + t.start + ", " + t.end + ")" + (doc && doc.source ? " · " + doc.source : "")));
    panel.appendChild(el("h3", null, "责任单位 Units"));
    if (!t.units.length) panel.appendChild(el("div", "pk-hint", "文件未标注责任单位 no units named"));
    for (const r of DATA.roles) {
      const us = t.units.filter((u) => u[1] === r);
      if (!us.length) continue;
      panel.appendChild(el("div", "pk-meta", ROLE[r]));
      const ul = el("ul");
      for (const [label, , surface, s, e, uid] of us) {
        const li = el("li");
        li.appendChild(uid && nodesDS.get(uid) ? button(label, () => select(uid, true)) : el("span", null, label));
        li.appendChild(el("span", "pk-meta", "  原文“" + surface + "” [" + s + ", " + e + ")"));
        ul.appendChild(li);
      }
      panel.appendChild(ul);
    }
    panel.appendChild(el("h3", null, "文件 Document"));
    if (doc) {
      const title = doc.title || doc.label;
      panel.appendChild(nodesDS.get(t.doc) ? button(title, () => select(t.doc, true)) : el("div", null, title));
      panel.appendChild(el("div", "pk-meta", [doc.number, doc.date].filter(Boolean).join(" · ")));
    }
    if (t.themes.length) {
      panel.appendChild(el("h3", null, "主题 Themes"));
      t.themes.forEach((h) => panel.appendChild(button(DATA.themes[h].label, () => select(h, true), "pk-chip")));
    }
  }
  function nodePanel(id) {
    const n = DATA.nodes[id];
    panel.append(badge(n.k), el("h2", null, n.label));
    if (n.k === "dept" || n.k === "coll") {
      if (n.type) panel.appendChild(el("div", "pk-meta", "类型 type: " + n.type));
      if (n.place) panel.appendChild(el("div", "pk-meta", "行政区划 jurisdiction: " + DATA.places[n.place].label));
      if (n.alt && n.alt.length) panel.appendChild(el("div", "pk-meta", "原文写法 written as: " + n.alt.join("、")));
      panel.appendChild(el("div", "pk-meta", "任务 tasks: " + fmt(n.total) + "  ("
        + DATA.roles.filter((r) => n.n[r]).map((r) => ROLE[r].split(" ")[0] + " " + n.n[r]).join(" · ") + ")"));
      for (const r of DATA.roles) {
        if (!n.n[r]) continue;
        panel.appendChild(el("h3", null, ROLE[r] + " (" + fmt(n.n[r]) + ")"));
        taskList((n.tasks && n.tasks[r]) || [], n.n[r]);
      }
    } else if (n.k === "theme") {
      if (n.en) panel.appendChild(el("div", "pk-meta", n.en));
      panel.appendChild(el("h3", null, "任务 Tasks (" + fmt(n.total) + ")"));
      taskList(n.tasks, n.total);
    } else if (n.k === "doc") {
      const d = DATA.docs[id];
      panel.appendChild(el("div", "pk-meta", [d.number, d.date, d.source].filter(Boolean).join(" · ")));
      panel.appendChild(el("h3", null, "任务 Tasks (" + fmt(n.tasks.length) + ")"));
      taskList(n.tasks, n.tasks.length);
    } else if (n.k === "place") {
      const units = Object.entries(DATA.nodes).filter(([, u]) => u.place === id && (u.k === "dept" || u.k === "coll"));
      panel.appendChild(el("h3", null, "单位 Units (" + units.length + ")"));
      const ul = el("ul");
      units.forEach(([uid, u]) => { const li = el("li"); li.appendChild(button(u.label, () => select(uid, true))); ul.appendChild(li); });
      panel.appendChild(ul);
    }
  }
  function edgePanel(eid) {
    const e = DATA.edges[eid], a = DATA.nodes[e.from], b = DATA.nodes[e.to];
    const leg = DATA.legend.edges.find((x) => x.kind === e.k);
    panel.appendChild(el("h2", null, leg ? leg.zh + " " + leg.en : e.k));
    const label = (id, n) => (n.k === "task" ? DATA.tasks[id].label : n.label);
    panel.appendChild(button(label(e.from, a), () => select(e.from, true)));
    panel.appendChild(el("div", "pk-meta", "↔"));
    panel.appendChild(button(label(e.to, b), () => select(e.to, true)));
    if (e.n) {
      panel.appendChild(el("div", "pk-meta", "共同任务 shared tasks: " + fmt(e.n)));
      const mine = new Set(Object.values(a.tasks || {}).flat());
      const other = e.k === "agg-theme" ? Object.keys(DATA.tasks).filter((t) => DATA.tasks[t].themes.includes(e.to))
        : Object.values(b.tasks || {}).flat();
      const both = [...new Set(other)].filter((t) => mine.has(t));
      panel.appendChild(el("h3", null, "已列出的共同任务 Listed shared tasks"));
      taskList(both, both.length);
    }
  }
  function overview() {
    panel.appendChild(el("p", "pk-hint", "点击节点查看详情；搜索部门名称（全称或简称）。Click a node for details; search a department by its full or written name."));
    const ranked = (kinds) => Object.keys(DATA.nodes).filter((k) => kinds.includes(DATA.nodes[k].k))
      .sort((a, b) => DATA.nodes[b].total - DATA.nodes[a].total).slice(0, 8);
    const section = (title, ids) => {
      if (!ids.length) return;
      panel.appendChild(el("h3", null, title));
      const ul = el("ul");
      ids.forEach((id) => {
        const li = el("li");
        li.append(button(DATA.nodes[id].label, () => select(id, true)), el("span", "pk-meta", "  " + fmt(DATA.nodes[id].total)));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    };
    section("任务最多的部门 Departments with most tasks", ranked(["dept", "coll"]));
    section("主题 Themes", ranked(["theme"]));
    section("文件 Documents", ranked(["doc"]));
  }
  function tooltips() {
    const tip = (lines) => { const d = el("div", "pk-tip"); lines.forEach((l) => d.appendChild(el("div", null, l))); return d; };
    nodesDS.update(nodesDS.getIds().map((id) => {
      const n = DATA.nodes[id], t = DATA.tasks[id];
      const lines = n.k === "task" ? [t.num + "  " + t.label, DATA.docs[t.doc].title || DATA.docs[t.doc].label]
        : [n.label, (KIND[n.k] || [""])[0] + " · 任务 tasks " + fmt(n.total)];
      return { id: id, title: tip(lines) };
    }));
  }

  /* ---- labels: sized by task count for the overview, capped on screen when zooming in ---- */
  const MAX_LABEL_PX = 20, fonts = {}, shown = {};
  nodesDS.forEach((n) => { fonts[n.id] = n.font; shown[n.id] = n.font.size; });
  function clampLabels() {
    const cap = MAX_LABEL_PX / net.getScale(), upd = [];
    for (const id in fonts) {
      const size = Math.min(fonts[id].size, cap);
      if (Math.abs(size - shown[id]) > 0.25) { shown[id] = size; upd.push({ id: id, font: Object.assign({}, fonts[id], { size: size }) }); }
    }
    if (upd.length) nodesDS.update(upd);
  }
  let clampTimer = null;
  const clampSoon = () => { clearTimeout(clampTimer); clampTimer = setTimeout(clampLabels, 120); };

  /* ---- physics: stabilise once, then stop so the picture holds still ---- */
  const t0 = performance.now();
  net.on("stabilizationProgress", (p) => status("布局中 laying out… " + Math.round((100 * p.iterations) / p.total) + "%"));
  const done = () => {
    if (hook.stabilized) return;
    net.setOptions({ physics: false });
    hook.stabilized = true;
    hook.stabilizationMs = Math.round(performance.now() - t0);
    tooltips();
    clampLabels();
    net.on("zoom", clampSoon);
    net.on("animationFinished", clampSoon);
    status("显示 showing " + fmt(hook.visibleNodeCount()) + " 节点 nodes · " + fmt(hook.visibleEdgeCount()) + " 边 edges");
  };
  net.once("stabilizationIterationsDone", done);
  if (nodesDS.length === 0) done();
  show({ overview: true });
  hook.ready = true;
}
