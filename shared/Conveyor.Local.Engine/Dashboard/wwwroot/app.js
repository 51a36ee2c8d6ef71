"use strict";
// The dashboard: hash routes #/ (overview), #/tasks?filters (task list), #/task/<id> (detail), #/dead-letters. Reads
// /local/* and GET /dead-letters, and acts through the API (POST /tasks/{id}/retry, POST /callbacks/{id}/succeed|fail,
// POST /dead-letters/{id}/redrive), refreshing the open view every second or two.
(function () {
  const STATUSES = ["CREATED", "QUEUED", "STARTED", "PROCESSING", "COMPLETED", "FINISHED", "FAILED", "ERRORED"];
  const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const $ = id => document.getElementById(id);
  const time = t => t ? new Date(t).toLocaleString() : "";
  const taskHref = id => "#/task/" + encodeURIComponent(id);
  const status = s => `<span class="status ${esc(s)}">${esc(s)}</span>`;
  let timer = null, generation = 0, asl = null;

  async function getJson(url) {
    const r = await fetch(url, { headers: { accept: "application/json" } });
    const body = await r.json();
    if (!r.ok) throw new Error(body.error ? `${body.error.type}: ${body.error.message}` : `HTTP ${r.status}`);
    return body;
  }

  // The CSP allows no inline style attributes: bar widths are set through the CSSOM.
  function sizeBars() { document.querySelectorAll(".bar [data-width]").forEach(d => { d.style.width = d.dataset.width + "%"; }); }

  function stamp(ok, text) { $("at").textContent = ok ? "Updated " + new Date().toLocaleTimeString() : text; }

  function bar(p) {
    const pct = n => p.total ? (100 * n / p.total).toFixed(2) : 0;
    return `<div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="${p.total}" aria-valuenow="${p.completed + p.failed}" aria-label="${p.completed + p.failed} of ${p.total} ended">`
      + `<div class="ok" data-width="${pct(p.completed)}"></div><div class="bad" data-width="${pct(p.failed)}"></div><div class="run" data-width="${pct(p.running)}"></div></div>`;
  }
  const progressText = p => `${p.completed + p.failed}/${p.total}${p.failed ? ` (${p.failed} failed)` : ""}${p.running ? `, ${p.running} running` : ""}`;

  function every(ms, work) {
    const mine = ++generation;
    clearInterval(timer);
    const run = async () => {
      if (mine !== generation) return;
      try { await work(mine); sizeBars(); stamp(true); } catch (e) { stamp(false, "Not updated: " + e.message); }
    };
    run(); timer = setInterval(run, ms);
  }

  // ---- Overview -------------------------------------------------------------------------------------------------
  function overview() {
    $("view").innerHTML = `<h1>Overview</h1><p>Dead letters: <a id="dead-count" href="#/dead-letters"></a></p>
      <div class="grid">
        <section class="card" aria-labelledby="h-tasks"><h2 id="h-tasks">Tasks</h2><table id="tasks"></table></section>
        <section class="card" aria-labelledby="h-sfn"><h2 id="h-sfn">Step-function tasks (imports)</h2><table id="sfn"></table></section>
        <section class="card" aria-labelledby="h-durable"><h2 id="h-durable">Durable workflow executions</h2><table id="durable"></table></section>
      </div>
      <section class="card" aria-labelledby="h-tp"><h2 id="h-tp">Throughput — tasks and subtasks ended per second, last 5 minutes</h2>
        <div id="throughput"></div><p class="legend muted"><span><i class="sw ok"></i>completed</span><span><i class="sw bad"></i>failed</span><span class="muted">← 5 minutes ago … now →</span> <span id="throughput-summary"></span></p></section>
      <section class="card" aria-labelledby="h-run"><h2 id="h-run">Running step-function tasks</h2><table id="running"></table></section>
      <section class="card" aria-labelledby="h-notes"><h2 id="h-notes">Notifications by task</h2><div id="notes"></div></section>`;
    const open = new Set();
    every(1000, async mine => {
      const o = await getJson("/local/overview");
      if (mine !== generation) return;
      counts($("tasks"), o.tasks, "task"); counts($("sfn"), o.stepFunctionTasks, "sfn");
      $("durable").innerHTML = `<tr><th>Status</th><th class="num">Executions</th></tr>` + Object.entries(o.durableExecutions).map(([s, n]) =>
        `<tr><td>${status(s)}</td><td class="num">${n}</td></tr>`).join("");
      $("dead-count").textContent = o.deadLetters === 1 ? "1 message" : `${o.deadLetters} messages`;
      $("dead-count").className = o.deadLetters ? "FAILED" : "";
      throughput($("throughput"), o.throughput);
      $("running").innerHTML = o.running.length ? `<tr><th>Task</th><th>Progress</th><th class="num">Ended</th></tr>` + o.running.map(r =>
        `<tr><td><a href="${taskHref(r.id)}">${esc(r.name)}</a><br><code class="muted">${esc(r.id)}</code></td><td class="wide">${bar(r.progress)}</td><td class="num">${progressText(r.progress)}</td></tr>`).join("")
        : `<tr><td class="muted">nothing running</td></tr>`;
      document.querySelectorAll("#notes details[open]").forEach(d => open.add(d.dataset.task));
      document.querySelectorAll("#notes details:not([open])").forEach(d => open.delete(d.dataset.task));
      $("notes").innerHTML = o.notifications.length ? o.notifications.map(g =>
        `<details class="group" data-task="${esc(g.taskId)}"${open.has(g.taskId) ? " open" : ""}><summary>${status(g.status ?? "ALARM")} <a href="${taskHref(g.taskId)}">${esc(g.taskId)}</a>
          <span class="muted">— ${g.count} notification${g.count === 1 ? "" : "s"}${g.subTaskUpdates ? `, ${g.subTaskUpdates} from subtasks` : ""}, latest ${esc(time(g.latestAt))}</span>${g.message ? ` <span class="FAILED">${esc(g.message)}</span>` : ""}</summary>
          <ul>${g.latest.map(e => `<li>${esc(time(e.at))} ${esc(e.action)} ${status(e.status ?? "")} ${esc(e.message ?? "")}</li>`).join("")}</ul></details>`).join("")
        : `<p class="muted">none yet</p>`;
    });
  }

  function counts(table, c, kind) {
    const rows = Object.entries(c);
    table.innerHTML = rows.length ? `<tr><th>Status</th><th class="num">Tasks</th></tr>` + rows.map(([s, n]) =>
      `<tr><td><a class="status ${esc(s)}" href="#/tasks?kind=${kind}&status=${esc(s)}">${esc(s)}</a></td><td class="num">${n}</td></tr>`).join("")
      : `<tr><td class="muted">none yet</td></tr>`;
  }

  function throughput(box, t) {
    const w = 600, h = 120, secs = t.windowSeconds, from = t.until - secs + 1;
    const bySec = new Map(t.points.map(p => [p[0], p]));
    const max = Math.max(1, ...t.points.map(p => p[1] + p[2]));
    let bars = "", total = [0, 0];
    for (let s = from; s <= t.until; s++) {
      const p = bySec.get(s); if (!p) continue;
      total[0] += p[1]; total[1] += p[2];
      const x = ((s - from) / secs * w).toFixed(1), bw = Math.max(1, w / secs - 0.3).toFixed(2);
      const hc = p[1] / max * h, hf = p[2] / max * h;
      bars += `<rect x="${x}" y="${(h - hc - hf).toFixed(1)}" width="${bw}" height="${hf.toFixed(1)}" fill="#dc2626"><title>${p[2]} failed</title></rect>`
        + `<rect x="${x}" y="${(h - hc).toFixed(1)}" width="${bw}" height="${hc.toFixed(1)}" fill="#16a34a"><title>${p[1]} completed</title></rect>`;
    }
    const last = bySec.get(t.until - 1);
    box.innerHTML = `<svg viewBox="0 0 ${w} ${h + 2}" preserveAspectRatio="none" role="img" aria-label="${total[0]} completed and ${total[1]} failed in the last ${secs / 60} minutes; peak ${max} per second">`
      + `<line x1="0" y1="${h}" x2="${w}" y2="${h}" stroke="#9ca3af"/>${bars}</svg>`;
    $("throughput-summary").textContent = `${total[0]} completed, ${total[1]} failed in ${secs / 60} min; peak ${max}/s; last second ${last ? last[1] + last[2] : 0}/s`;
  }

  // ---- Task list ------------------------------------------------------------------------------------------------
  function list(params) {
    const f = Object.fromEntries(params);
    const select = (name, options) => `<select id="f-${name}" name="${name}">${options.map(([v, t]) => `<option value="${esc(v)}"${(f[name] ?? "") === v ? " selected" : ""}>${esc(t)}</option>`).join("")}</select>`;
    $("view").innerHTML = `<h1>Tasks</h1>
      <form class="filters card" id="filters" role="search" aria-label="Filter tasks">
        <label>Search (id or name)<input id="f-q" name="q" type="search" value="${esc(f.q)}"></label>
        <label>Status${select("status", [["", "any"], ...STATUSES.map(s => [s, s])])}</label>
        <label>Kind${select("kind", [["", "any"], ["task", "single task"], ["sfn", "step-function (import)"]])}</label>
        <label>Tenant<input id="f-tenant" name="tenant" value="${esc(f.tenant)}" size="10"></label>
        <label>Type<input id="f-type" name="type" value="${esc(f.type)}" size="12"></label>
        <label>Created${select("since", [["", "any time"], ["15", "last 15 minutes"], ["60", "last hour"], ["1440", "last 24 hours"]])}</label>
        <button class="primary" type="submit">Apply</button>
      </form>
      <section class="card" aria-labelledby="h-list"><h2 id="h-list">Newest first</h2><table id="task-list"></table>
      <div class="pager"><button id="first" type="button">First page</button><button id="prev" type="button">Previous</button><button id="more" type="button">Next page</button><span id="page" class="muted"></span></div></section>`;
    $("filters").addEventListener("submit", e => {
      e.preventDefault();
      const q = new URLSearchParams([...new FormData(e.target)].filter(([, v]) => v !== ""));
      location.hash = "#/tasks?" + q;
    });
    const query = new URLSearchParams();
    for (const k of ["q", "status", "kind", "tenant", "type"]) if (f[k]) query.set(k, f[k]);
    if (f.since) query.set("from", new Date(Date.now() - f.since * 60000).toISOString());
    const tokens = [null];
    const show = () => every(2000, async mine => {
      const q = new URLSearchParams(query); const token = tokens[tokens.length - 1];
      if (token) q.set("next", token);
      const page = await getJson("/local/tasks?" + q);
      if (mine !== generation) return;
      $("task-list").innerHTML = page.items.length ? `<tr><th>Status</th><th>Name</th><th>Kind</th><th>Tenant</th><th>Type</th><th>Created</th><th>Details</th></tr>` + page.items.map(t =>
        `<tr><td>${status(t.status)}</td><td><a href="${taskHref(t.id)}">${esc(t.name)}</a><br><code class="muted">${esc(t.id)}</code></td><td>${t.kind === "sfn" ? "import" : "task"}</td><td>${esc(t.tenant)}</td><td>${esc(t.type)}</td><td>${esc(time(t.createdAt))}</td>
         <td>${t.error ? `<span class="FAILED">${esc(t.error.type)}</span>: ${esc(t.error.message)}` : ""}${t.progress ? bar(t.progress) + progressText(t.progress) : ""}</td></tr>`).join("")
        : `<tr><td class="muted">no task matches</td></tr>`;
      $("more").disabled = !page.next; $("more").dataset.next = page.next ?? "";
      $("prev").disabled = $("first").disabled = tokens.length === 1;
      $("page").textContent = `page ${tokens.length}`;
    });
    $("more").addEventListener("click", () => { if ($("more").dataset.next) { tokens.push($("more").dataset.next); show(); } });
    $("prev").addEventListener("click", () => { if (tokens.length > 1) { tokens.pop(); show(); } });
    $("first").addEventListener("click", () => { tokens.length = 1; show(); });
    show();
  }

  // ---- Task detail ----------------------------------------------------------------------------------------------
  function detail(id) {
    $("view").innerHTML = `<p><a href="#/tasks">← Tasks</a></p><h1 id="title">${esc(id)}</h1>
      <div class="grid">
        <section class="card" aria-labelledby="h-fields"><h2 id="h-fields">Task</h2><dl class="fields" id="fields"></dl><div id="error"></div><div id="actions"></div></section>
        <section class="card" aria-labelledby="h-timeline"><h2 id="h-timeline">Status timeline</h2><ol class="timeline" id="timeline"></ol></section>
      </div>
      <section class="card" id="progress-card" hidden aria-labelledby="h-progress"><h2 id="h-progress">Progress</h2><div id="progress"></div></section>
      <section class="card" id="graph-card" hidden aria-labelledby="h-graph"><h2 id="h-graph">State machine</h2><p class="muted" id="graph-note"></p><div class="graph-wrap" id="graph"></div></section>
      <section class="card" id="workflow-card" hidden aria-labelledby="h-workflow"><h2 id="h-workflow">Durable workflow execution</h2><p id="workflow-status"></p>
        <table id="operations"></table><p id="callback-note" class="muted" role="status"></p></section>
      <section class="card" id="subtasks-card" hidden aria-labelledby="h-sub"><h2 id="h-sub">Subtasks</h2>
        <form class="filters" id="sub-filters" aria-label="Filter subtasks"><label>Status<select id="sub-status"><option value="">any</option>${STATUSES.map(s => `<option>${s}</option>`).join("")}</select></label>
        <label><span>Order</span><select id="sub-order"><option value="">by row</option><option value="failed-first">failed first</option></select></label></form>
        <table id="subtasks"></table><div class="pager"><button id="sub-first" type="button">First page</button><button id="sub-more" type="button">Next page</button><span id="sub-page" class="muted"></span></div></section>
      <div class="grid"><section class="card" aria-labelledby="h-input"><h2 id="h-input">Input</h2><pre id="input"></pre></section>
      <section class="card" aria-labelledby="h-result"><h2 id="h-result">Result</h2><pre id="result"></pre></section></div>`;
    let subTokens = [null], drawnGraph = "", drawnOperations = "", currentTenant = "";
    const subQuery = () => { const q = new URLSearchParams({ limit: "25" }); if ($("sub-status").value) q.set("status", $("sub-status").value); if ($("sub-order").value) q.set("order", $("sub-order").value); const t = subTokens[subTokens.length - 1]; if (t) q.set("next", t); return q; };
    $("sub-status").addEventListener("change", () => { subTokens = [null]; });
    $("sub-order").addEventListener("change", () => { subTokens = [null]; });
    $("sub-more").addEventListener("click", () => { if ($("sub-more").dataset.next) subTokens.push($("sub-more").dataset.next); });
    $("sub-first").addEventListener("click", () => { subTokens = [null]; });
    every(1000, async mine => {
      const d = await getJson("/local/tasks/" + encodeURIComponent(id));
      if (mine !== generation) return;
      const t = d.task;
      currentTenant = t.tenant;
      $("title").innerHTML = `${esc(t.name)} ${status(t.status)}`;
      const field = (k, v) => v === undefined || v === null || v === "" ? "" : `<dt>${esc(k)}</dt><dd>${v}</dd>`;
      $("fields").innerHTML = field("id", `<code id="task-id">${esc(t.id)}</code>`) + field("kind", d.kind === "sfn" ? "step-function task (import)" : d.kind) + field("tenant", esc(t.tenant))
        + field("type", esc(t.type)) + field("status", status(t.status)) + field("version", t.version) + field("attempts", d.attempts) + field("created", esc(time(t.createdAt)))
        + field("updated", esc(time(t.updatedAt))) + field("created by", esc(t.createdBy)) + field("parent", t.parentId ? `<a href="${taskHref(t.parentId)}">${esc(t.parentId)}</a>` : "")
        + field("retried as", d.retriedAs ? `<a href="${taskHref(d.retriedAs)}">${esc(d.retriedAs)}</a>` : "");
      $("error").innerHTML = t.error ? `<div class="error-box" role="alert"><div class="type">${esc(t.error.type)}</div><div id="error-message">${esc(t.error.message)}</div></div>` : "";
      const retryable = d.kind === "task" && t.status === "FAILED" && t.version > 1;
      if (retryable && !$("retry")) {
        $("actions").innerHTML = `<button class="primary" id="retry" type="button">${d.retriedAs ? "Open the retry" : "Retry (new attempt)"}</button> <span id="retry-note" class="muted" role="status"></span>`;
        $("retry").addEventListener("click", retry);
      } else if (!retryable) { $("actions").innerHTML = d.kind === "task" && t.status === "FAILED" ? `<p class="muted">Failed before it ran: fix its input and submit it again.</p>` : ""; }
      $("timeline").innerHTML = d.timeline.length ? d.timeline.map(e => `<li>${esc(time(e.at))} — ${esc(e.action)} ${status(e.status ?? "")}${e.count > 1 ? ` <span class="muted">×${e.count}</span>` : ""}${e.message ? ` <span class="FAILED">${esc(e.message)}</span>` : ""}</li>`).join("")
        : `<li class="muted">no notifications yet</li>`;
      $("input").textContent = JSON.stringify(t.input, null, 2) + (d.inputItems > t.input.length ? `\n… ${d.inputItems - t.input.length} more items (${d.inputItems} in all)` : "");
      $("result").textContent = t.result === undefined || t.result === null ? "(none)" : JSON.stringify(t.result, null, 2);
      if (d.workflow) {
        $("workflow-card").hidden = false;
        const x = d.workflow.execution;
        $("workflow-status").innerHTML = `Execution <code>${esc(x.name)}</code> of <strong>${esc(x.workflow)}</strong>: ${status(x.status)} — started ${esc(time(x.startedAt))}${x.endedAt ? `, ended ${esc(time(x.endedAt))}` : ""}`
          + (x.error ? `<span class="error-box" role="alert"><span class="type">${esc(x.error.type)}</span> ${esc(x.error.message)}</span>` : "");
        const key = JSON.stringify(d.workflow.operations);
        if (key !== drawnOperations) { $("operations").innerHTML = operations(d.workflow.operations); drawnOperations = key; }
      }
      if (d.kind === "sfn") {
        $("progress-card").hidden = $("graph-card").hidden = $("subtasks-card").hidden = false;
        const p = d.progress;
        $("progress").innerHTML = `${bar(p)}<p id="progress-text">${progressText(p)} — ${Object.entries(d.subTaskCounts).map(([s, n]) => `${status(s)} ${n}`).join(", ")}</p>`;
        asl = asl || await getJson("/local/statemachine");
        const key = JSON.stringify([d.execution, t.status, p]);
        if (key !== drawnGraph) { window.ConveyorGraph.render($("graph"), asl, d.execution, t, p); drawnGraph = key; }
        $("graph-note").textContent = d.execution ? `Execution ${d.execution.name}: ${d.execution.status}${d.execution.error ? ` (${d.execution.error}: ${d.execution.cause})` : ""}`
          : "This engine has not run this task's execution since it started; the graph shows the task's status only.";
        const sub = await getJson(`/local/tasks/${encodeURIComponent(id)}/subtasks?${subQuery()}`);
        if (mine !== generation) return;
        $("subtasks").innerHTML = sub.items.length ? `<tr><th class="num">Row</th><th>Status</th><th>Input</th><th>Error or result</th></tr>` + sub.items.map(s =>
          `<tr><td class="num"><a href="${taskHref(s.id)}">${esc(s.sk.slice(s.sk.lastIndexOf("#") + 1))}</a></td><td>${status(s.status)}</td><td><code>${esc(JSON.stringify(s.input)).slice(0, 160)}</code></td>
           <td>${s.error ? `<span class="FAILED">${esc(s.error.type)}</span>: <span class="sub-error">${esc(s.error.message)}</span>` : s.result !== undefined && s.result !== null ? `<code>${esc(JSON.stringify(s.result)).slice(0, 120)}</code>` : ""}</td></tr>`).join("")
          : `<tr><td class="muted">no subtask matches</td></tr>`;
        $("sub-more").disabled = !sub.next; $("sub-more").dataset.next = sub.next ?? ""; $("sub-first").disabled = subTokens.length === 1;
        $("sub-page").textContent = `page ${subTokens.length}`;
      }
    });

    // A waiting callback is answered through the API, as 'conveyor workflows callback' does; the tenant is the task's.
    $("operations").addEventListener("submit", async e => {
      e.preventDefault();
      const form = e.target, action = e.submitter?.value ?? "succeed", value = form.elements.value.value.trim();
      const body = action === "succeed" ? value : JSON.stringify({ type: "CallbackFailed", message: value && value !== "{}" ? value : "Failed from the dashboard." });
      if (action === "succeed" && value) { try { JSON.parse(value); } catch { $("callback-note").textContent = "The result must be JSON (or empty)."; return; } }
      $("callback-note").textContent = "Sending…";
      form.querySelectorAll("button").forEach(b => { b.disabled = true; });
      const r = await fetch(`/callbacks/${encodeURIComponent(form.dataset.callback)}/${action}?tenant=${encodeURIComponent(currentTenant)}`,
        { method: "POST", headers: body ? { "content-type": "application/json" } : {}, body: body || undefined });
      const answer = r.status === 204 ? null : await r.json();
      $("callback-note").textContent = r.ok ? `Callback ${action === "succeed" ? "succeeded" : "failed"}; the workflow resumes.` : (answer?.error?.message ?? "HTTP " + r.status);
    });

    function operations(ops) {
      if (!ops.length) return `<tr><td class="muted">no operation yet</td></tr>`;
      const payload = v => v === null || v === undefined ? "" : `<code>${esc(JSON.stringify(v)).slice(0, 160)}</code>`;
      return `<tr><th>Operation</th><th>Type</th><th>Status</th><th>Started</th><th>Ended</th><th>Result or error</th></tr>` + ops.map(o => {
        const waiting = o.type === "CALLBACK" && o.status === "STARTED" && o.callbackId;
        const detail = o.error ? `<span class="FAILED">${esc(o.error.type)}</span>: ${esc(o.error.message)}`
          : o.type === "WAIT" && o.fireAt && !o.endedAt ? `fires ${esc(time(o.fireAt))}` : payload(o.type === "EXECUTION" ? o.input : o.result);
        const answer = waiting ? `<form class="callback" data-callback="${esc(o.callbackId)}" aria-label="Complete callback ${esc(o.name ?? o.id)}">
            <label>Result or reason<input name="value" value="{}" size="16"></label>
            <button class="primary" type="submit" name="action" value="succeed">Succeed</button> <button type="submit" name="action" value="fail">Fail</button></form>` : "";
        return `<tr data-operation="${esc(o.id)}"><td>${esc(o.name ?? o.id)}${o.attempt > 1 ? ` <span class="muted">attempt ${o.attempt}</span>` : ""}</td><td>${esc(o.type)}${o.subType ? ` <span class="muted">${esc(o.subType)}</span>` : ""}</td>
          <td>${status(o.status)}</td><td>${esc(time(o.startedAt))}</td><td>${esc(time(o.endedAt))}</td><td>${detail}${answer}</td></tr>`;
      }).join("");
    }

    async function retry() {
      const note = $("retry-note");
      note.textContent = "Retrying…";
      const r = await fetch("/tasks/" + encodeURIComponent(id) + "/retry", { method: "POST" });
      const body = await r.json();
      if (!r.ok) { note.textContent = body.error ? body.error.message : "HTTP " + r.status; return; }
      location.hash = taskHref(body.id);
    }
  }

  // ---- Dead letters -------------------------------------------------------------------------------------------
  const s3Object = body => { const o = body?.Records?.[0]?.s3; return o ? `<br>object <code>${esc(o.bucket?.name)}/${esc(o.object?.key)}</code>` : ""; };

  function deadLetters() {
    $("view").innerHTML = `<h1>Dead letters</h1>
      <p class="muted">Messages a consumer gave up on, newest first, with the cause it recorded. <em>Re-drive</em> sends one back to its
        queue through the API (<code>POST /dead-letters/{id}/redrive</code>, as <code>conveyor dead-letters redrive</code>); asking again moves nothing.</p>
      <section class="card" aria-labelledby="h-dead"><h2 id="h-dead">Dead-letter queues</h2><table id="dead-letters"></table>
      <p id="redrive-note" role="status"></p>
      <div class="pager"><button id="dl-first" type="button">First page</button><button id="dl-more" type="button">Next page</button><span id="dl-page" class="muted"></span></div></section>`;
    const tokens = [null];
    const show = () => every(2000, async mine => {
      const token = tokens[tokens.length - 1];
      const page = await getJson("/dead-letters?limit=50" + (token ? "&next=" + encodeURIComponent(token) : ""));
      if (mine !== generation) return;
      $("dead-letters").innerHTML = page.items.length ? `<tr><th>Dead-lettered</th><th>Queue</th><th>Message</th><th class="num">Receives</th><th>Cause</th><th>Action</th></tr>` + page.items.map(l =>
        `<tr data-message="${esc(l.messageId)}"><td>${esc(time(l.deadLetteredAt))}</td><td>${esc(l.queue)}${l.sourceQueue ? `<br><span class="muted">from ${esc(l.sourceQueue)}</span>` : ""}</td>
         <td><code>${esc(l.messageId)}</code>${l.taskId ? `<br><a href="${taskHref(l.taskId)}">task ${esc(l.taskId)}</a>` : ""}${s3Object(l.body)}<br><code class="muted">${esc(JSON.stringify(l.body).slice(0, 160))}</code></td>
         <td class="num">${l.receiveCount}</td><td class="cause">${l.error ? `<span class="FAILED">${esc(l.error.type)}</span>: ${esc(l.error.message)}` : `<span class="muted">not recorded (moved by the queue)</span>`}</td>
         <td>${l.redrivable ? `<button class="primary redrive" type="button" data-message="${esc(l.messageId)}" aria-label="Re-drive message ${esc(l.messageId)}">Re-drive</button>` : `<span class="muted">no source queue</span>`}</td></tr>`).join("")
        : `<tr><td class="muted">no dead letters</td></tr>`;
      $("dl-more").disabled = !page.next; $("dl-more").dataset.next = page.next ?? "";
      $("dl-first").disabled = tokens.length === 1; $("dl-page").textContent = `page ${tokens.length}`;
    });
    $("dead-letters").addEventListener("click", async e => {
      const button = e.target.closest("button.redrive");
      if (!button) return;
      button.disabled = true;
      $("redrive-note").textContent = "Re-driving…";
      const r = await fetch("/dead-letters/" + encodeURIComponent(button.dataset.message) + "/redrive", { method: "POST" });
      const body = await r.json();
      $("redrive-note").textContent = !r.ok ? (body.error ? body.error.message : "HTTP " + r.status)
        : body.moved ? `Message ${body.messageId} re-driven to ${body.queue} at ${time(body.redrivenAt)}.`
        : `Message ${body.messageId} was already re-driven to ${body.queue} at ${time(body.redrivenAt)}; nothing moved.`;
    });
    $("dl-more").addEventListener("click", () => { if ($("dl-more").dataset.next) { tokens.push($("dl-more").dataset.next); show(); } });
    $("dl-first").addEventListener("click", () => { tokens.length = 1; show(); });
    show();
  }

  function route() {
    const hash = location.hash || "#/";
    const [path, query] = hash.slice(1).split("?");
    document.querySelectorAll("header nav a").forEach(a => a.removeAttribute("aria-current"));
    if (path.startsWith("/task/")) { detail(decodeURIComponent(path.slice(6))); }
    else if (path === "/tasks") { $("nav-tasks").setAttribute("aria-current", "page"); list(new URLSearchParams(query || "")); }
    else if (path === "/dead-letters") { $("nav-dead-letters").setAttribute("aria-current", "page"); deadLetters(); }
    else { $("nav-overview").setAttribute("aria-current", "page"); overview(); }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("quick-search").addEventListener("submit", e => {
      e.preventDefault();
      const q = $("quick-q").value.trim();
      if (q) location.hash = "#/tasks?q=" + encodeURIComponent(q);
    });
    window.addEventListener("hashchange", () => { route(); $("view").focus(); });
    route();
  });
})();
