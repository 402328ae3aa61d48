/* chaingraph — the HTML chain graph's own script.
 *
 * Reads the JSON data island (#cg-data), builds vis-network DataSets with the precomputed positions
 * (physics off), and wires the side panel, search, filters and the folded company nodes.
 * Text from the data reaches the page only through textContent, canvas text and vis-network's
 * tooltips (innerText): never through innerHTML.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("cg-data").textContent);
  var ui = data.ui;
  var style = data.style;
  var lang = data.lang;
  var FONT = style.font;
  var STEP = style.actor_step;

  function pick(label) { return (label && (label[lang] || label.zh || label.en)) || ""; }
  function other(label) { var o = lang === "zh" ? "en" : "zh"; var t = (label && label[o]) || ""; return t === pick(label) ? "" : t; }
  function fmt(text, params) {
    return String(text).replace(/\{(\w+)\}/g, function (m, k) { return params[k] === undefined ? m : String(params[k]); });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  // ---------------------------------------------------------------- indexes
  var chainById = {}, linkById = {}, actorById = {};
  data.chains.forEach(function (c) { chainById[c.id] = c; });
  data.links.forEach(function (l) { if (!linkById[l.id]) { linkById[l.id] = l; } });
  data.actors.forEach(function (a) { actorById[a.id] = a; });
  function linkNode(id) { return "L:" + id; }
  function foldNode(id) { return "F:" + id; }

  // ---------------------------------------------------------------- nodes and edges
  // a link's status, with what the data can say of an absence: 缺链（数据未覆盖）
  function statusText(l) {
    var word = ui.status_short[l.status];
    if (!l.absence) { return word; }
    return lang === "zh" ? word + "（" + ui.absence[l.absence] + "）" : word + " (" + ui.absence[l.absence] + ")";
  }

  function linkTitle(l) {
    var lines = [pick(l.label)];
    if (other(l.label)) { lines.push(other(l.label)); }
    var parts = [l.id, statusText(l), ui.f.operating + " " + l.n];
    lines.push(parts.join(" · "));
    var flags = [];
    if (l.broken) { flags.push(ui.broken); }
    if (l.targeted) { flags.push(ui.targeted); }
    l.trunc.forEach(function (t) { flags.push(ui.truncation[t]); });
    if (flags.length) { lines.push(flags.join(" · ")); }
    if (l.action) {
      lines.push(ui.f.action + ": " + ui.actions[l.action] + (l.rank ? " · " + fmt(ui.f.gap_rank, { rank: l.rank }) : ""));
    }
    return lines.join("\n");
  }

  function actorTitle(a) {
    var lines = [pick(a.label)];
    if (other(a.label)) { lines.push(other(a.label)); }
    lines.push(ui.roles[a.role] + (a.place ? " · " + a.place : ""));
    if (a.links.length) { lines.push(ui.f.links + ": " + a.links.join(", ")); }
    return lines.join("\n");
  }

  function linkItem(l) {
    var fill = style.status[l.status] || "#9e9e9e";
    var border = l.targeted ? style.targeted : (l.broken ? style.broken : style.status_border[l.status]);
    var label = l.text;
    return {
      id: linkNode(l.id), x: l.x, y: l.y, label: label, title: linkTitle(l),
      shape: l.broken ? "diamond" : "dot", size: l.size,
      borderWidth: l.targeted || l.broken ? 5 : 2, borderWidthSelected: l.targeted || l.broken ? 7 : 4,
      color: { background: fill, border: border, highlight: { background: fill, border: "#0d47a1" },
               hover: { background: fill, border: "#0d47a1" } },
      font: { face: FONT, size: 17, color: "#212121", strokeWidth: 4, strokeColor: "#ffffff" },
      kind: "link", ref: l.id
    };
  }

  function actorItem(a, x, y) {
    var c = style.company[a.role];
    return {
      id: a.id, x: x, y: y, label: a.text, title: actorTitle(a), shape: "box",
      margin: { top: 3, bottom: 3, left: 6, right: 6 }, borderWidth: 1,
      shapeProperties: { borderDashes: a.role === "firm" ? false : [4, 3], borderRadius: 3 },
      color: { background: c.background, border: c.border, highlight: { background: "#fff8e1", border: "#0d47a1" },
               hover: { background: "#fff8e1", border: "#0d47a1" } },
      font: { face: FONT, size: 12, color: c.text }, kind: "actor", ref: a.id
    };
  }

  function foldItem(l, count, open) {
    return {
      id: foldNode(l.id), x: l.x, y: l.fold_y, label: open ? ui.fewer : fmt(ui.more, { n: count }),
      title: ui.more_hint, shape: "box", margin: { top: 3, bottom: 3, left: 6, right: 6 }, borderWidth: 1,
      shapeProperties: { borderRadius: 3 },
      color: { background: "#fffde7", border: "#8d6e63", highlight: { background: "#fff3c4", border: "#0d47a1" },
               hover: { background: "#fff3c4", border: "#0d47a1" } },
      font: { face: FONT, size: 12, color: "#4e342e" }, kind: "fold", ref: l.id
    };
  }

  var nodeItems = [], edgeItems = [];
  var drawnAt = {};  // actor id → link id it is drawn under
  data.links.forEach(function (l) { nodeItems.push(linkItem(l)); });
  var big = data.links.length + data.actors.length > 1500;
  data.flows.forEach(function (f, i) {
    var from = f[0], to = f[1], kind = f[2], ret = f[3] === 1, cross = f[4] === 1;
    var smooth = big ? false : (cross ? { type: "curvedCW", roundness: 0.18 }
      : ret ? { type: "curvedCCW", roundness: 0.25 } : { type: "cubicBezier", forceDirection: "horizontal", roundness: 0.45 });
    edgeItems.push({
      id: "E" + i, from: linkNode(from), to: linkNode(to), arrows: { to: { enabled: true, scaleFactor: 0.55 } },
      color: { color: style.kinds[kind] || style.kinds.material, opacity: cross ? 0.5 : 0.8,
               highlight: "#0d47a1", hover: "#0d47a1" },
      width: cross ? 1.8 : 1.4, dashes: ret ? [6, 5] : false, smooth: smooth,
      title: ui.kinds[kind] + (ret ? " · " + ui["return"] : "") + (cross ? " · " + ui.cross : "") + "\n" + from + " → " + to,
      kind: "flow"
    });
  });

  function actorEdges(a, under) {
    var out = [];
    a.links.forEach(function (lid) {
      if (lid === under || !linkById[lid]) { return; }
      out.push({ id: "C:" + a.id + ":" + lid, from: a.id, to: linkNode(lid), arrows: "", width: 1,
                 color: { color: "#90a4ae", opacity: 0.6, highlight: "#0d47a1", hover: "#0d47a1" },
                 dashes: a.role === "firm" ? false : [3, 3], smooth: false, kind: "member" });
    });
    return out;
  }

  if (data.companies) {
    data.links.forEach(function (l) {
      l.shown.forEach(function (aid) {
        var a = actorById[aid];
        if (drawnAt[aid]) { return; }
        drawnAt[aid] = l.id;
        nodeItems.push(actorItem(a, a.x, a.y));
        Array.prototype.push.apply(edgeItems, actorEdges(a, l.id));
      });
      if (l.folded.length) { nodeItems.push(foldItem(l, l.folded.length, false)); }
    });
  }

  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var container = document.getElementById("cg-graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, hierarchical: { enabled: false } },
    interaction: { hover: !big, tooltipDelay: 150, dragNodes: false, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                   multiselect: false, navigationButtons: false, keyboard: false, zoomSpeed: 0.8 },
    nodes: { chosen: true },
    edges: { selectionWidth: 1.5, hoverWidth: 0.8 }
  });

  // ---------------------------------------------------------------- background: chains, segments, stages
  var chainOn = {}, statusOn = {}, companiesOn = !!data.companies;
  data.chains.forEach(function (c) { chainOn[c.id] = true; });
  ["present", "weak", "planned", "missing"].forEach(function (s) { statusOn[s] = true; });

  function roundRect(ctx, x, y, w, h, r) {
    ctx.beginPath();
    ctx.moveTo(x + r, y);
    ctx.arcTo(x + w, y, x + w, y + h, r);
    ctx.arcTo(x + w, y + h, x, y + h, r);
    ctx.arcTo(x, y + h, x, y, r);
    ctx.arcTo(x, y, x + w, y, r);
    ctx.closePath();
  }

  function fitText(ctx, text, room) {
    if (ctx.measureText(text).width <= room) { return text; }
    while (text.length > 1 && ctx.measureText(text + "…").width > room) { text = text.slice(0, -1); }
    return text + "…";
  }

  network.on("beforeDrawing", function (ctx) {
    ctx.save();
    data.chains.forEach(function (c) {
      if (!chainOn[c.id]) { return; }
      var b = c.band;
      roundRect(ctx, b[0], b[1], b[2] - b[0], b[3] - b[1], 10);
      ctx.fillStyle = "#ffffff";
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = "#cfd8dc";
      ctx.stroke();
      c.segments.forEach(function (s, i) {
        roundRect(ctx, s.x0, b[1] + 54, s.x1 - s.x0, b[3] - b[1] - 62, 8);
        ctx.fillStyle = s.gap ? style.segment_gap : style.segments[i % style.segments.length];
        ctx.fill();
        ctx.textAlign = "left";
        ctx.textBaseline = "alphabetic";
        ctx.font = "bold 17px " + FONT;
        var count = s.operating + "/" + s.total;
        var room = s.x1 - s.x0 - 20 - ctx.measureText("  " + count).width;
        var name = fitText(ctx, pick(s.label), room);
        ctx.fillStyle = "#37474f";
        ctx.fillText(name, s.x0 + 10, b[1] + 78);
        ctx.fillStyle = s.gap ? style.status_border.missing : "#37474f";
        ctx.fillText("  " + count, s.x0 + 10 + ctx.measureText(name).width, b[1] + 78);
      });
      ctx.fillStyle = "#78909c";
      ctx.font = "14px " + FONT;
      ctx.textAlign = "center";
      c.stages.forEach(function (s) { ctx.fillText(ui.stages[s.stage] || s.stage, s.x, b[1] + 98); });
      ctx.textAlign = "left";
      ctx.fillStyle = "#263238";
      ctx.font = "bold 26px " + FONT;
      ctx.fillText(pick(c.label), b[0] + 14, b[1] + 34);
      var width = ctx.measureText(pick(c.label)).width;
      ctx.font = "16px " + FONT;
      ctx.fillStyle = "#546e7a";
      var cov = c.coverage;
      var line = ui.f.coverage + " " + cov.operating + "/" + cov.total +
        (cov.total ? " (" + Math.round(100 * cov.operating / cov.total) + "%)" : "");
      if (c.formula) { line = c.formula + "   " + line; }
      if (c.leader) { line += "   " + ui.f.leader + ": " + pick(c.leader.label); }
      ctx.fillText(line, b[0] + 30 + width, b[1] + 33);
    });
    ctx.restore();
  });

  // the whole of the visible chains (their bands, not only their nodes) in view
  function fitAll() {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    data.chains.forEach(function (c) {
      if (!chainOn[c.id]) { return; }
      x0 = Math.min(x0, c.band[0]); y0 = Math.min(y0, c.band[1]);
      x1 = Math.max(x1, c.band[2]); y1 = Math.max(y1, c.band[3]);
    });
    if (x0 === Infinity) { return; }
    var w = container.clientWidth || 800, h = container.clientHeight || 600;
    var scale = Math.min(w / (x1 - x0 + 40), h / (y1 - y0 + 40));
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: Math.max(0.02, Math.min(scale, 1.5)),
                     animation: false });
  }

  // ---------------------------------------------------------------- folding
  var open = {};       // link id → [actor ids added by unfolding]
  function unfold(l) {
    var added = [], newEdges = [], newNodes = [];
    var perColumn = 16;
    l.folded.forEach(function (aid, i) {
      var a = actorById[aid];
      if (nodes.get(aid)) { return; }
      var col = Math.floor(i / perColumn), row = i % perColumn;
      newNodes.push(actorItem(a, l.x + col * 175, l.fold_y + (row + 1) * STEP));
      drawnAt[aid] = l.id;
      added.push(aid);
      Array.prototype.push.apply(newEdges, actorEdges(a, l.id));
    });
    nodes.add(newNodes);
    edges.add(newEdges.filter(function (e) { return !edges.get(e.id); }));
    open[l.id] = added;
    nodes.update(foldItem(l, l.folded.length, true));
    applyFilters();
  }
  function fold(l) {
    var ids = open[l.id] || [];
    var gone = {};
    ids.forEach(function (aid) { gone[aid] = true; delete drawnAt[aid]; });
    edges.remove(edges.getIds({ filter: function (e) { return gone[e.from] || gone[e.to]; } }));
    nodes.remove(ids);
    delete open[l.id];
    nodes.update(foldItem(l, l.folded.length, false));
  }
  function toggleFold(l) { if (open[l.id]) { fold(l); } else { unfold(l); } }

  // ---------------------------------------------------------------- filters
  function linkVisible(id) {
    var l = linkById[id];
    return !!l && chainOn[l.chain] && statusOn[l.status];
  }
  function applyFilters() {
    var updates = [];
    nodes.forEach(function (n) {
      var hidden;
      if (n.kind === "link") { hidden = !linkVisible(n.ref); }
      else if (n.kind === "fold") { hidden = !companiesOn || !linkVisible(n.ref); }
      else { hidden = !companiesOn || !linkVisible(drawnAt[n.id]); }
      if (!!n.hidden !== hidden) { updates.push({ id: n.id, hidden: hidden }); }
    });
    if (updates.length) { nodes.update(updates); }
    var edgeUpdates = [];
    edges.forEach(function (e) {
      var a = nodes.get(e.from), b = nodes.get(e.to);
      var hidden = !a || !b || !!a.hidden || !!b.hidden;
      if (!!e.hidden !== hidden) { edgeUpdates.push({ id: e.id, hidden: hidden }); }
    });
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
  }

  var chainBox = document.getElementById("cg-chains");
  data.chains.forEach(function (c) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", function () { chainOn[c.id] = box.checked; applyFilters(); fitAll(); });
    label.appendChild(box);
    label.appendChild(document.createTextNode(pick(c.label)));
    chainBox.appendChild(label);
  });
  Array.prototype.forEach.call(document.querySelectorAll("#cg-statuses input"), function (box) {
    box.addEventListener("change", function () { statusOn[box.getAttribute("data-status")] = box.checked; applyFilters(); });
  });
  var companyBox = document.getElementById("cg-companies");
  if (companyBox) {
    companyBox.addEventListener("change", function () { companiesOn = companyBox.checked; applyFilters(); });
  }

  // ---------------------------------------------------------------- side panel
  var panel = document.getElementById("cg-panel-body");
  function clear() { while (panel.firstChild) { panel.removeChild(panel.firstChild); } }
  function section(title) { panel.appendChild(el("h3", null, title)); }
  function defs(pairs) {
    var dl = el("dl");
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === "") { return; }
      dl.appendChild(el("dt", null, p[0]));
      dl.appendChild(el("dd", null, p[1]));
    });
    panel.appendChild(dl);
  }
  function list(items, render) {
    var ul = el("ul");
    items.forEach(function (item) { ul.appendChild(render(item)); });
    panel.appendChild(ul);
  }
  function go(text, onClick) {
    var li = el("li");
    var span = el("span", "go", text);
    span.tabIndex = 0;
    span.addEventListener("click", onClick);
    span.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { onClick(); } });
    li.appendChild(span);
    return li;
  }
  function sources(src) {
    if (!src || !src.length) { return; }
    section(ui.f.sources);
    list(src, function (s) {
      var li = el("li", null, s.title + (s.id && s.id !== s.title ? " [" + s.id + "]" : "") +
        (s.kind ? " · " + (ui.evidence_kinds[s.kind] || s.kind) : "") + (s.link ? " · " + s.link : ""));
      if (s.quote) { li.appendChild(el("span", "quote", "「" + s.quote + "」")); }
      return li;
    });
  }

  function showLink(l) {
    clear();
    panel.appendChild(el("h2", null, pick(l.label)));
    if (other(l.label)) { panel.appendChild(el("p", "other", other(l.label))); }
    var badges = el("div");
    badges.appendChild(el("span", "badge st-" + l.status, statusText(l)));
    if (l.broken) { badges.appendChild(el("span", "badge flag broken", ui.broken)); }
    if (l.targeted) { badges.appendChild(el("span", "badge flag targeted", ui.targeted)); }
    l.trunc.forEach(function (t) { badges.appendChild(el("span", "badge flag", ui.truncation[t])); });
    panel.appendChild(badges);
    var chain = chainById[l.chain];
    defs([
      [ui.f.id, l.id], [ui.f.chain, chain ? pick(chain.label) : l.chain], [ui.f.segment, pick(l.segment)],
      [ui.f.stage, ui.stages[l.stage] || l.stage], [ui.f.operating, l.n],
      [ui.f.action, l.action ? ui.actions[l.action] + (l.rank ? " · " + fmt(ui.f.gap_rank, { rank: l.rank }) : "") : null],
      [ui.f.priority, l.prio === null ? null : l.prio],
      [ui.f.supply, l.supply === null ? null : Math.round(l.supply * 100) + "%"],
      [ui.f.betweenness, l.btw ? l.btw : null]
    ]);
    if (l.reasons.length) { section(ui.f.reasons); list(l.reasons, function (r) { return el("li", null, r); }); }
    var groups = { firm: [], project: [], target: [] };
    l.actors.forEach(function (aid) { var a = actorById[aid]; groups[a.role].push(a); });
    [["firm", ui.f.firms], ["project", ui.f.projects], ["target", ui.f.targets]].forEach(function (g) {
      if (!groups[g[0]].length) { return; }
      section(g[1] + " (" + groups[g[0]].length + ")");
      list(groups[g[0]], function (a) { return go(pick(a.label), function () { select(a.id); }); });
    });
    if (l.hs.length || l.gb.length) {
      section(ui.f.codes);
      list(l.hs.map(function (c) { return ui.f.hs + " " + c[0] + (c[1] ? " " + c[1] : ""); })
        .concat(l.gb.map(function (c) { return ui.f.gb + " " + c[0] + (c[1] ? " " + c[1] : ""); })),
      function (t) { return el("li", null, t); });
    }
    if (l.nearest) {
      section(ui.f.nearest);
      panel.appendChild(el("p", null, fmt(ui.f.nearest_text, { scope: l.nearest.scope, n: l.nearest.operating,
                                                                  example: l.nearest.example })));
    }
    sources(l.src);
  }

  function showActor(a) {
    clear();
    panel.appendChild(el("h2", null, pick(a.label)));
    if (other(a.label)) { panel.appendChild(el("p", "other", other(a.label))); }
    var badges = el("div");
    badges.appendChild(el("span", "badge flag", ui.roles[a.role]));
    panel.appendChild(badges);
    defs([[ui.f.status, ui.actor_status[a.status] || a.status], [ui.f.place, a.place || null],
          [ui.f.rank, a.rank ? a.rank : null], [ui.f.priority, a.score === undefined ? null : a.score]]);
    if (a.cap.length) { section(ui.f.capacity); list(a.cap, function (t) { return el("li", null, t); }); }
    if (a.links.length) {
      section(ui.f.links);
      list(a.links, function (lid) {
        var l = linkById[lid];
        return go(lid + " " + (l ? pick(l.label) : ""), function () { select(linkNode(lid)); });
      });
    }
    if (a.reasons && a.reasons.length) { section(ui.f.reasons); list(a.reasons, function (r) { return el("li", null, r); }); }
    sources(a.src);
  }

  function showOverview() {
    clear();
    panel.appendChild(el("h2", null, pick(data.region.label)));
    if (other(data.region.label)) { panel.appendChild(el("p", "other", other(data.region.label))); }
    defs([[ui.f.min_firms, data.params.min_firms], [ui.f.files, data.files.join(", ") || null], [ui.f.tool, data.tool]]);
    data.chains.forEach(function (c) {
      section(pick(c.label));
      var by = c.coverage.by_status;
      defs([
        [ui.f.formula, c.formula], [ui.f.coverage, c.coverage.operating + "/" + c.coverage.total],
        [ui.statuses, ["present", "weak", "planned", "missing"].map(function (s) { return ui.status_short[s] + " " + (by[s] || 0); }).join(" · ")],
        [ui.f.leader, c.leader ? pick(c.leader.label) : null],
        [ui.f.open_loop, c.open_loop === null ? null : (c.open_loop ? ui.yes : "—")]
      ]);
    });
    if (data.folded) { panel.appendChild(el("p", "muted", fmt(ui.folded_note, { n: data.max_companies }))); }
    panel.appendChild(el("p", "cg-empty", ui.empty));
  }

  // ---------------------------------------------------------------- selection
  function select(id) {
    var actor = actorById[id];
    if (actor && !nodes.get(id)) {
      var home = linkById[actor.home];
      if (home && home.folded.indexOf(id) >= 0 && !open[home.id]) { unfold(home); }
    }
    var target = nodes.get(id) ? id : (actor && actor.home ? linkNode(actor.home) : null);
    if (target && !nodes.get(target).hidden) {
      network.selectNodes([target]);
      network.focus(target, { scale: Math.max(network.getScale(), 0.9), animation: false });
    }
    if (actor) { showActor(actor); } else if (id.indexOf("L:") === 0) { showLink(linkById[id.slice(2)]); }
  }

  network.on("click", function (params) {
    if (!params.nodes.length) { showOverview(); return; }
    var n = nodes.get(params.nodes[0]);
    if (n.kind === "fold") { toggleFold(linkById[n.ref]); showLink(linkById[n.ref]); return; }
    if (n.kind === "link") { showLink(linkById[n.ref]); } else { showActor(actorById[n.ref]); }
  });

  // ---------------------------------------------------------------- search
  var index = [];
  data.links.forEach(function (l) {
    index.push({ id: linkNode(l.id), text: pick(l.label), note: l.id,
                 key: [l.id, l.label.zh || "", l.label.en || ""].join("\u0001").toLowerCase() });
  });
  data.actors.forEach(function (a) {
    index.push({ id: a.id, text: pick(a.label), note: ui.roles[a.role],
                 key: [a.label.zh || "", a.label.en || ""].join("\u0001").toLowerCase() });
  });
  var search = document.getElementById("cg-search");
  var matches = document.getElementById("cg-matches");
  var count = document.getElementById("cg-count");
  var timer = null;
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    while (matches.firstChild) { matches.removeChild(matches.firstChild); }
    if (!q) { matches.hidden = true; count.textContent = ""; return; }
    var found = index.filter(function (e) { return e.key.indexOf(q) >= 0; });
    count.textContent = found.length ? fmt(ui.matches, { n: found.length }) : ui.no_match;
    found.slice(0, 50).forEach(function (e, i) {
      var li = el("li", i === 0 ? "active" : null, e.text);
      li.appendChild(el("small", null, e.note));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); matches.hidden = true; select(e.id); });
      matches.appendChild(li);
    });
    matches.hidden = found.length === 0;
  }
  search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(runSearch, 120); });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      runSearch();
      var first = matches.querySelector("li");
      if (first) { first.dispatchEvent(new MouseEvent("mousedown")); }
    } else if (ev.key === "Escape") { search.value = ""; runSearch(); }
  });
  search.addEventListener("blur", function () { setTimeout(function () { matches.hidden = true; }, 150); });

  // ---------------------------------------------------------------- start
  showOverview();
  network.once("afterDrawing", function () {
    window.chaingraph.ready = true;
    window.chaingraph.readyAt = performance.now();
    document.body.setAttribute("data-ready", "1");
  });
  window.chaingraph = { network: network, nodes: nodes, edges: edges, data: data, select: select,
                        toggleFold: function (id) { toggleFold(linkById[id]); }, ready: false };
  fitAll();
  network.on("doubleClick", function (params) { if (!params.nodes.length) { fitAll(); } });
}());
