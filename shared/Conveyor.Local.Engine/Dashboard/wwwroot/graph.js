"use strict";
// Draws an Amazon States Language definition as an SVG graph (layered top to bottom; a Map's item processor is drawn
// inside the Map state) and marks an execution on it: states visited, running, failed, per-state counts of Map items.
(function () {
  const NS = "http://www.w3.org/2000/svg";
  const W = 210, H = 46, GAP_X = 28, GAP_Y = 42, PAD = 16, HEAD = 48, MAP_W = 380;

  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }

  function targets(state) {
    const out = [];
    if (state.Next) out.push({ to: state.Next, kind: "next" });
    if (state.Default) out.push({ to: state.Default, kind: "next" });
    for (const c of state.Choices || []) if (c.Next) out.push({ to: c.Next, kind: "next" });
    for (const c of state.Catch || []) if (c.Next) out.push({ to: c.Next, kind: "catch" });
    if (state.End || ["Succeed", "Fail"].includes(state.Type)) out.push({ to: "$end", kind: "next" });
    return out;
  }

  // Lays out one States block: layers by longest path from StartAt (back edges ignored), nested Maps sized first.
  function layout(block, top) {
    const states = block.States || {};
    const nodes = {};
    const start = top ? "$start" : null;
    for (const [name, s] of Object.entries(states)) {
      const processor = s.Type === "Map" ? (s.ItemProcessor || s.Iterator) : null;
      const inner = processor ? layout(processor, false) : null;
      // An ItemBatcher runs the item states once per batch of items: their counts are batches.
      if (inner) for (const n of Object.values(inner.nodes)) n.unit = s.ItemBatcher ? "batch" : "item";
      nodes[name] = { name, state: s, inner, w: inner ? Math.max(MAP_W, inner.w + 2 * PAD) : W, h: inner ? inner.h + HEAD + PAD : H };
    }
    nodes["$end"] = { name: "$end", terminal: true, w: 110, h: 36 };
    if (top) nodes["$start"] = { name: "$start", terminal: true, w: 110, h: 36 };
    const layer = {}; const order = [];
    const visit = (name, depth, path) => {
      if (!nodes[name] || path.has(name)) return;
      if (layer[name] !== undefined && layer[name] >= depth) return;
      layer[name] = depth;
      if (!order.includes(name)) order.push(name);
      const next = name === "$start" ? [{ to: block.StartAt }] : name === "$end" ? [] : targets(nodes[name].state);
      path.add(name);
      for (const t of next) visit(t.to, depth + 1, path);
      path.delete(name);
    };
    visit(start || block.StartAt, 0, new Set());
    for (const name of Object.keys(nodes)) if (layer[name] === undefined && name !== "$start") { layer[name] = 0; order.push(name); }
    const maxLayer = Math.max(...Object.values(layer));
    layer["$end"] = Math.max(layer["$end"] ?? 0, maxLayer);
    const rows = [];
    for (const name of order) (rows[layer[name]] = rows[layer[name]] || []).push(nodes[name]);
    let y = 0, width = 0;
    const placed = rows.filter(Boolean).map(row => {
      const rowW = row.reduce((a, n) => a + n.w, 0) + GAP_X * (row.length - 1);
      const rowH = Math.max(...row.map(n => n.h));
      width = Math.max(width, rowW);
      const r = { row, rowW, y }; y += rowH + GAP_Y; return r;
    });
    for (const r of placed) {
      let x = (width - r.rowW) / 2;
      for (const n of r.row) { n.x = x; n.y = r.y; n.layer = placed.indexOf(r); x += n.w + GAP_X; }
    }
    const edges = [];
    for (const n of Object.values(nodes)) {
      if (n.name === "$end") continue;
      const next = n.name === "$start" ? [{ to: block.StartAt, kind: "next" }] : targets(n.state);
      for (const t of next) if (nodes[t.to]) edges.push({ from: n, to: nodes[t.to], kind: t.kind });
    }
    return { nodes, edges, w: width, h: y - GAP_Y };
  }

  function label(g, x, y, text, cls) {
    const t = el("text", { x, y, "text-anchor": "middle", class: cls || "" }, g);
    t.textContent = text;
    return t;
  }

  function draw(svg, lay, ox, oy, mark, top) {
    const arrows = el("g", {}, svg);
    for (const e of lay.edges) {
      const x1 = ox + e.from.x + e.from.w / 2, y1 = oy + e.from.y + e.from.h;
      const x2 = ox + e.to.x + e.to.w / 2, y2 = oy + e.to.y;
      // Adjacent layers: a straight-ish curve; an edge that skips layers goes round the nodes on the right.
      const side = Math.max(e.from.w, e.to.w) / 2 + 30;
      const d = y2 > y1 && e.to.layer - e.from.layer <= 1 ? `M${x1},${y1} C${x1},${(y1 + y2) / 2} ${x2},${(y1 + y2) / 2} ${x2},${y2 - 2}`
        : `M${x1 + e.from.w / 2},${y1 - e.from.h / 2} C${x1 + side + 30},${y1 - e.from.h / 2} ${x2 + side + 30},${y2 + e.to.h / 2} ${x2 + e.to.w / 2},${y2 + e.to.h / 2}`;
      el("path", { d, class: "edge " + e.kind, "marker-end": "url(#arrow)" }, arrows);
    }
    for (const n of Object.values(lay.nodes)) {
      const x = ox + n.x, y = oy + n.y;
      // The Map's item processor has its own end: "ItemEnd", so "End" names the execution's end alone.
      const name = n.name === "$start" ? "Start" : n.name === "$end" ? (top ? "End" : "ItemEnd") : n.name;
      const info = mark(n.name === "$start" ? "Start" : n.name === "$end" ? (top ? "End" : "$itemEnd") : n.name, n);
      const g = el("g", { class: `node ${n.inner ? "container" : ""} ${n.terminal ? "terminal" : ""} ${info.cls}`.trim(), "data-state": name, role: "listitem", "aria-label": `${name}: ${info.text || "not reached"}` }, svg);
      el("title", {}, g).textContent = `${name}${n.state ? " (" + n.state.Type + ")" : ""}: ${info.text || "not reached"}`;
      el("rect", { x, y, width: n.w, height: n.h, rx: n.terminal ? 18 : 6 }, g);
      if (n.inner) {
        label(g, x + n.w / 2, y + 19, `${name} (distributed Map)`);
        label(g, x + n.w / 2, y + 36, info.text || "not reached", "sub");
        draw(svg, n.inner, x + PAD, y + HEAD, mark, false);
      } else if (n.terminal) {
        label(g, x + n.w / 2, y + 23, n.name === "$start" ? "Start" : "End");
      } else {
        label(g, x + n.w / 2, y + 19, name);
        label(g, x + n.w / 2, y + 36, info.text || n.state.Type, "sub");
      }
    }
  }

  // execution: {status, current[], visited[], states:{name:{entered, exited, active, failedAttempts, caught}}} or null;
  // task: {status} decides the end when no execution is followed; progress: the Map's items.
  function render(container, asl, execution, task, progress) {
    const lay = layout(asl, true);
    const svg = el("svg", { viewBox: `0 0 ${lay.w + 140} ${lay.h + 40}`, width: lay.w + 140, height: lay.h + 40, role: "list", "aria-label": "State machine" });
    const defs = el("defs", {}, svg);
    const m = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", fill: "#6b7280" }, m);
    const ended = execution ? execution.status !== "RUNNING" : ["COMPLETED", "FINISHED", "FAILED"].includes(task.status);
    const ok = execution ? execution.status === "SUCCEEDED" : ["COMPLETED", "FINISHED"].includes(task.status);
    const mark = (name, node) => {
      if (name === "Start") return { cls: "visited", text: "started" };
      if (name === "End") return ended ? { cls: ok ? "reached" : "failed", text: ok ? `reached (${execution ? execution.status : task.status})` : `ended ${execution ? execution.status : task.status}` } : { cls: "", text: "" };
      if (name === "$itemEnd") return { cls: "", text: "" };
      const c = execution && execution.states[name];
      const running = execution && execution.status === "RUNNING" && execution.current.includes(name);
      if (node.inner) {
        const p = progress ? `${progress.completed + progress.failed}/${progress.total} items, ${progress.failed} failed` : "";
        return { cls: running ? "running" : c ? "visited" : "", text: running ? `running · ${p}` : c ? `done · ${p}` : p };
      }
      if (!c) return { cls: "", text: "" };
      const parts = [];
      const unit = n => `${n} ${node.unit || "run"}${n === 1 ? "" : node.unit === "batch" ? "es" : "s"}`;
      if (c.active) parts.push(`▶ ${unit(c.active)} running`);
      if (c.exited) parts.push(`✓ ${unit(c.exited)} done`);
      if (c.failedAttempts) parts.push(`✗ ${c.failedAttempts} failed attempts`);
      if (c.caught) parts.push(`${c.caught} caught`);
      return { cls: c.active || running ? "running" : "visited", text: parts.join(" · ") };
    };
    draw(svg, lay, 70, 20, mark, true);
    container.replaceChildren(svg);
  }

  window.ConveyorGraph = { render };
})();
