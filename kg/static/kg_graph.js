/* kg graph viewer: builds a vis-network from the JSON in #kg-data.
 * All data is untrusted text: it only ever reaches the DOM through textContent
 * (tooltips, select options), never through innerHTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var loading = document.getElementById("kg-loading");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  window.kgData = data;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgNetwork = network;
  window.kgReady = false;

  /* ---- readiness: first drawing after stabilization (or at once without physics) ---- */
  var stable = !(data.options.physics && data.options.physics.enabled) || !data.nodes.length;
  if (stable) { loading.hidden = true; }
  function settled() {
    if (stable) { return; }
    stable = true;
    loading.hidden = true;
    if (!data.physicsAfter) { network.setOptions({ physics: { enabled: false } }); }
    network.redraw();
  }
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);
  network.on("afterDrawing", function () {
    if (stable && !window.kgReady) {
      window.kgReady = true;
      window.kgReadyTime = performance.now();
      document.body.setAttribute("data-ready", "1");
    }
  });

  /* ---- tooltips: DOM elements from JSON rows, created on first hover ---- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }
  function tooltip(id) {
    var rows = data.tips[id];
    if (!rows) { return null; }
    var box = el("div", "kg-tip");
    rows.forEach(function (row) {
      if (row[0] === "h") {
        box.appendChild(el("div", "kg-tip-h", row[1]));
      } else if (row[0] === "f") {
        var f = el("div", "kg-tip-f");
        f.appendChild(el("span", "kg-tip-k", row[1] + ":"));
        f.appendChild(el("span", "kg-tip-v", row[2]));
        box.appendChild(f);
      } else if (row[0] === "q") {
        var q = el("blockquote", "kg-tip-q", row[1]);
        if (row[2]) { q.appendChild(el("cite", "kg-tip-c", "— " + row[2])); }
        box.appendChild(q);
      } else {
        box.appendChild(el("div", "kg-tip-m", row[1]));
      }
    });
    return box;
  }
  window.kgTooltip = tooltip;
  var titled = Object.create(null);
  function ensureTitle(ds, id) {
    if (titled[id]) { return; }
    titled[id] = true;
    var tip = tooltip(id);
    if (tip) { ds.update({ id: id, title: tip }); }
  }
  network.on("hoverNode", function (p) { ensureTitle(nodes, p.node); });
  network.on("hoverEdge", function (p) { ensureTitle(edges, p.edge); });

  /* ---- filter / search ---- */
  var search = document.getElementById("kg-search");
  var typeSel = document.getElementById("kg-type");
  var etypeSel = document.getElementById("kg-etype");
  var neighbours = document.getElementById("kg-neighbours");
  var count = document.getElementById("kg-count");
  Object.keys(data.groups).forEach(function (g) {
    var o = el("option", null, data.groups[g]);
    o.value = g;
    typeSel.appendChild(o);
  });
  data.edgeTypes.forEach(function (t) {
    var o = el("option", null, t);
    o.value = t;
    etypeSel.appendChild(o);
  });
  var allEdges = data.edges.map(function (e) { return [e.id, e.from, e.to]; });
  var nodeHidden = Object.create(null);
  var edgeHidden = Object.create(null);
  var matched = [];

  function applyFilter() {
    var q = search.value.trim().toLowerCase();
    var g = typeSel.value;
    var et = etypeSel.value;
    var withNb = neighbours.checked;
    var nodeFilter = q !== "" || g !== "";
    var match = Object.create(null);
    matched = [];
    data.nodes.forEach(function (n) {
      var info = data.info[n.id];
      if ((g === "" || info[0] === g) && (q === "" || info[1].indexOf(q) >= 0)) {
        match[n.id] = true;
        matched.push(n.id);
      }
    });
    var visible = Object.create(null);
    var shownEdges = Object.create(null);
    allEdges.forEach(function (e) {
      if (et !== "" && data.etypes[e[0]] !== et) { return; }
      var a = match[e[1]], b = match[e[2]];
      if ((a && b) || (withNb && nodeFilter && (a || b)) ) {
        shownEdges[e[0]] = true;
        visible[e[1]] = true;
        visible[e[2]] = true;
      }
    });
    if (et === "" || nodeFilter) {
      matched.forEach(function (id) { visible[id] = true; });
    }
    var nodeUpd = [], edgeUpd = [], nv = 0, ev = 0;
    data.nodes.forEach(function (n) {
      var hide = !visible[n.id];
      if (!hide) { nv++; }
      if (!!nodeHidden[n.id] !== hide) { nodeHidden[n.id] = hide; nodeUpd.push({ id: n.id, hidden: hide }); }
    });
    allEdges.forEach(function (e) {
      var hide = !(shownEdges[e[0]] && visible[e[1]] && visible[e[2]]);
      if (!hide) { ev++; }
      if (!!edgeHidden[e[0]] !== hide) { edgeHidden[e[0]] = hide; edgeUpd.push({ id: e[0], hidden: hide }); }
    });
    if (nodeUpd.length) { nodes.update(nodeUpd); }
    if (edgeUpd.length) { edges.update(edgeUpd); }
    var active = nodeFilter || et !== "";
    count.textContent = active ? nv + " nodes, " + ev + " edges shown" : "";
    window.kgVisibleCount = nv;
  }
  window.kgApplyFilter = applyFilter;
  var timer = null;
  function later() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(applyFilter, data.nodes.length > 3000 ? 250 : 120);
  }
  search.addEventListener("input", later);
  typeSel.addEventListener("change", applyFilter);
  etypeSel.addEventListener("change", applyFilter);
  neighbours.addEventListener("change", applyFilter);
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") { return; }
    applyFilter();
    if (matched.length && search.value.trim() !== "") {
      var focus = matched.slice(0, 200);
      network.selectNodes(focus);
      network.fit({ nodes: focus, animation: data.nodes.length < 3000 });
    }
  });
})();
