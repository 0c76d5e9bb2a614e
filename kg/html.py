"""One self-contained, offline, interactive HTML view of a kg graph (pyvis + vis-network).

The default view shows entities and the actor→actor *interaction* edges (the
readable ``Russia —DEMAND→ NATO``), plus entity→entity *relation* edges. Events
with no interaction edge (a STATEMENT with no target, say) are drawn as event
nodes linked to their participants; article nodes are optional.

Everything is inlined: the vendored vis-network standalone build
(``kg/static/vis-network``), ``kg/static/kg_graph.{html,css,js}`` and the graph
data as JSON. A Content-Security-Policy allows only those inline scripts (by
hash) and no network access, so nothing is fetched at view time. Article text is
untrusted: HTML is escaped, the embedded JSON escapes ``< > &`` and U+2028/9,
and tooltips are DOM elements built with ``textContent`` in JS.

Small graphs are laid out by vis physics (stabilization bounded); from
:data:`LAYOUT_THRESHOLD` nodes on, positions come from :func:`fast_layout`
(:mod:`kg.layout`, re-exported here: numpy, grid-accelerated
Fruchterman–Reingold) and physics is off.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("entity:Q159", kind="entity", type="COUNTRY", label="Russia")
>>> G.add_node("entity:Q7184", kind="entity", type="ORGANIZATION", label="NATO")
>>> G.add_edge("entity:Q159", "entity:Q7184", key="DEMAND:1", kind="interaction",
...            label="DEMAND", type="DEMAND")
'DEMAND:1'
>>> page = generate_html(G, title="demo")
>>> page.startswith("<!DOCTYPE html>") and "https://" not in page.split("<script")[0]
True
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import networkx as nx
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from kg.graphio import atomic_writer
from kg.layout import fast_layout
from kg.records import CAMEO_CODES

__all__ = [
    "LAYOUT_THRESHOLD",
    "NODE_STYLES",
    "fast_layout",
    "generate_html",
    "safe_json",
    "write_html",
]

STATIC_DIR = Path(__file__).with_name("static")
VIS_JS = STATIC_DIR / "vis-network" / "vis-network.min.js"
VIS_VERSION = "10.1.5"

#: From this many displayed nodes on, positions are computed in Python and physics is off.
LAYOUT_THRESHOLD = 1000
#: Physics mode: physics stays on (dragging pulls neighbours) below this many nodes.
PHYSICS_AFTER_MAX = 200

LayoutMode = Literal["auto", "physics", "static"]

#: Node group → (vis shape, colour). Entity types not listed are drawn as ``OTHER``.
NODE_STYLES: dict[str, tuple[str, str]] = {
    "PERSON": ("dot", "#4e79a7"),
    "ORGANIZATION": ("square", "#f28e2b"),
    "COUNTRY": ("diamond", "#e15759"),
    "LOCATION": ("triangle", "#59a14f"),
    "OTHER": ("hexagon", "#a0a0a0"),
    "EVENT": ("star", "#b07aa1"),
    "ARTICLE": ("triangleDown", "#9c755f"),
}
_GROUP_NAMES = {"OTHER": "other entity", "EVENT": "event (no 2nd actor)", "ARTICLE": "article"}

#: Edge class → (colour, dashed). Interactions are classed by CAMEO quad class.
EDGE_STYLES: dict[str, tuple[str, bool]] = {
    "verbal cooperation": ("#3a9a4a", False),
    "material cooperation": ("#2f6db5", False),
    "verbal conflict": ("#e8871e", False),
    "material conflict": ("#d03030", False),
    "interaction": ("#777777", False),
    "relation": ("#8c8c8c", True),
    "role": ("#b8b8b8", False),
    "provenance": ("#d0c0b0", True),
}

_MAX_EVIDENCE = 3
_MAX_TEXT = 600
_MAX_LABEL = 48


def safe_json(obj: Any) -> str:
    r"""JSON that is safe inside an HTML ``<script>`` element (ASCII only, no ``<>&``).

    >>> safe_json({"a": "</script><b>&\u2028"})
    '{"a":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u2028"}'
    """
    text = json.dumps(obj, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_UNSHOWN = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _clean(text: str) -> str:
    """``text`` without control, bidi-override, line-separator or lone surrogate characters."""
    return _UNSHOWN.sub(" ", text)


def _html_text(text: str) -> str:
    return html.escape(_clean(text))


def _text(value: Any, limit: int = _MAX_TEXT) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    text = _clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(text: str, limit: int = _MAX_LABEL) -> str:
    text = " ".join(_clean(str(text)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_QUAD = ["verbal cooperation"] * 5 + ["material cooperation"] * 3 + ["verbal conflict"] * 5
_QUAD += ["material conflict"] * 7


def _edge_class(cameo: Any, etype: Any) -> str:
    """CAMEO quad class of an interaction from its code (or root name), else "interaction"."""
    code = str(cameo or "")[:2]
    code = code if code.isdigit() else CAMEO_CODES.get(str(etype), "")
    return _QUAD[int(code) - 1] if code.isdigit() and 1 <= int(code) <= 20 else "interaction"


class _View:
    """The displayed nodes and edges, with tooltip rows and search text."""

    def __init__(self, G: nx.MultiDiGraph, include_articles: bool) -> None:
        self.G = G
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: list[dict[str, Any]] = []
        self.tips: dict[str, list[list[str]]] = {}
        self.info: dict[str, list[str]] = {}  # node id → [group, search text]
        self.etypes: dict[str, str] = {}  # edge id → filter type
        self.eclass: dict[str, str] = {}  # edge id → EDGE_STYLES class
        self.articles = {
            str(d.get("doc_id")): d for _, d in G.nodes(data=True) if d.get("kind") == "article"
        }
        self._build(include_articles)

    def _evidence_rows(self, evidence: Iterable[Mapping[str, Any]] | None) -> list[list[str]]:
        rows: list[list[str]] = []
        ev = [e for e in evidence or () if isinstance(e, Mapping)]
        for e in ev[:_MAX_EVIDENCE]:
            art = self.articles.get(str(e.get("doc_id")), {})
            cite = art.get("title") or e.get("doc_id") or ""
            if art.get("date"):
                cite = f"{cite} ({art['date']})"
            rows.append(["q", _text(e.get("sentence") or ""), _text(cite, 200)])
        if len(ev) > _MAX_EVIDENCE:
            rows.append(["m", f"… {len(ev) - _MAX_EVIDENCE} more"])
        return rows

    @staticmethod
    def _fields(d: Mapping[str, Any], names: Iterable[str]) -> list[list[str]]:
        return [["f", n, _text(d[n])] for n in names if d.get(n) or d.get(n) == 0]

    def _add_node(
        self, nid: str, group: str, label: str, tip: list[list[str]], search: str
    ) -> None:
        shape, colour = NODE_STYLES[group]
        self.nodes[nid] = {"id": nid, "label": _short(label), "shape": shape, "color": colour}
        self.tips[nid] = [[r[0], *map(_text, r[1:])] for r in tip]
        self.info[nid] = [group, " ".join(search.split()).casefold()]

    def _add_edge(
        self, u: str, v: str, cls: str, label: str, etype: str, tip: list[list[str]]
    ) -> None:
        colour, dashed = EDGE_STYLES[cls]
        eid = f"e{len(self.edges)}"
        edge: dict[str, Any] = {"id": eid, "from": u, "to": v, "color": colour}
        if label:
            edge["label"] = _short(label, 32)
        if dashed:
            edge["dashes"] = True
        if cls in ("role", "provenance"):
            edge["width"] = 0.7
            edge["font"] = {"size": 8, "color": "#888888"}
        self.edges.append(edge)
        self.tips[eid] = [[r[0], *map(_text, r[1:])] for r in tip]
        self.etypes[eid] = etype
        self.eclass[eid] = cls

    def _label(self, nid: str) -> str:
        d = self.G.nodes[nid]
        return str(d.get("label") or d.get("name") or nid)

    def _build(self, include_articles: bool) -> None:
        G = self.G
        edges = sorted(
            G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))
        )
        shown_events = {d.get("event") for *_, d in edges if d.get("kind") == "interaction"}
        for nid in sorted(G.nodes, key=str):
            d = G.nodes[nid]
            kind = d.get("kind", "entity")  # plain graphs: nodes are entities
            if kind == "entity":
                etype = str(d.get("type") or "")
                group = etype if etype in NODE_STYLES and etype not in _GROUP_NAMES else "OTHER"
                tip = [["h", self._label(nid)], ["f", "type", etype or "?"]]
                if d.get("name") and d.get("name") != d.get("label"):
                    tip.append(["f", "name", _text(d["name"])])
                tip += self._fields(d, ("aliases", "positions", "wikidata"))
                if d.get("articles"):
                    tip.append(["f", "articles", str(len(d["articles"]))])
                tip += self._evidence_rows(d.get("evidence"))
                search = " ".join(
                    [self._label(nid), str(d.get("name") or ""), *map(str, d.get("aliases") or ())]
                )
                self._add_node(nid, group, self._label(nid), tip, search)
            elif kind == "event" and nid not in shown_events:
                etype = str(d.get("type") or d.get("label") or "EVENT")
                content = d.get("content")
                label = f"{etype}: {content}" if content else etype
                tip = [
                    ["h", etype],
                    *self._fields(
                        d, ("content", "cameo", "modality", "time", "trigger", "confidence")
                    ),
                ]
                if d.get("location") in G:
                    tip.append(["f", "location", self._label(d["location"])])
                tip += self._evidence_rows(d.get("evidence"))
                self._add_node(nid, "EVENT", label, tip, f"{etype} {content or ''}")
            elif kind == "article" and include_articles:
                tip = [
                    ["h", str(d.get("title") or nid)],
                    *self._fields(d, ("date", "url", "doc_id")),
                ]
                search = f"{d.get('title') or ''} {d.get('doc_id') or ''}"
                self._add_node(nid, "ARTICLE", self._label(nid), tip, search)
        for u, v, key, d in edges:
            if u not in self.nodes or v not in self.nodes:
                continue
            kind = d.get("kind", "relation")
            if kind == "interaction":
                etype = str(d.get("label") or d.get("type") or key)
                ev_node = G.nodes[d["event"]] if d.get("event") in G else {}
                cameo = ev_node.get("cameo") or d.get("cameo")
                head = f"{self._label(u)} —{etype}→ {self._label(v)}"
                tip = [
                    ["h", head],
                    *self._fields(d, ("content", "modality", "time")),
                    *self._fields({"cameo": cameo, **d}, ("cameo", "confidence")),
                ]
                tip += self._evidence_rows(d.get("evidence") or ev_node.get("evidence"))
                self._add_edge(u, v, _edge_class(cameo, etype), etype, etype, tip)
            elif kind == "relation":
                pred = str(
                    d.get("predicate") or d.get("label") or key if isinstance(key, str) else ""
                )
                tip = [["h", f"{self._label(u)} —{pred}→ {self._label(v)}"]]
                tip += self._evidence_rows(d.get("evidence"))
                self._add_edge(u, v, "relation", pred, pred, tip)
            elif kind == "role":
                role = str(d.get("role") or key)
                src, dst = (v, u) if role == "source" else (u, v)  # actor → event → target
                tip = [["h", f"{role}: {self._label(v)}"]]
                self._add_edge(src, dst, "role", role if role != "source" else "", role, tip)
            elif kind == "provenance":
                prov = [["h", f"mentioned in {self._label(v)}"]]
                self._add_edge(u, v, "provenance", "", "mentioned_in", prov)
        for nid in list(self.nodes) if include_articles else ():  # entity → its articles
            if G.nodes[nid].get("kind") == "entity":
                for doc in sorted(map(str, G.nodes[nid].get("articles") or ())):
                    if f"article:{doc}" in self.nodes:
                        prov = [["h", f"mentioned in {doc}"]]
                        self._add_edge(
                            nid, f"article:{doc}", "provenance", "", "mentioned_in", prov
                        )

    def keep_top(self, top_n: int) -> None:
        """Keep only the ``top_n`` highest-degree nodes (ties: by id) and edges among them."""
        degree: Counter[str] = Counter()
        for e in self.edges:
            degree[e["from"]] += 1
            degree[e["to"]] += 1
        keep = set(sorted(self.nodes, key=lambda n: (-degree[n], n))[: max(top_n, 0)])
        self.nodes = {n: d for n, d in self.nodes.items() if n in keep}
        self.edges = [e for e in self.edges if e["from"] in keep and e["to"] in keep]
        live = keep | {e["id"] for e in self.edges}
        self.tips = {k: v for k, v in self.tips.items() if k in live}


def _static(name: str) -> str:
    text = (STATIC_DIR / name).read_text(encoding="utf-8")
    if name.endswith(".js") and re.search(r"</script|<!--", text, re.IGNORECASE):
        raise ValueError(f"{name} cannot be inlined in a <script> element")
    return text


def _options(mode: str, n: int) -> dict[str, Any]:
    """vis-network options (``kg/static/kg_options.json``) for a layout mode and size."""
    table = json.loads(_static("kg_options.json"))
    options: dict[str, Any] = {**table["common"], **table[mode]}
    if mode == "physics":
        stab = options["physics"]["stabilization"]
        stab["iterations"] = max(60, min(stab["iterations"], 60000 // max(n, 1)))
        options["layout"] = {**options["layout"], "improvedLayout": n <= 150}
    return options


def _legend_html(groups: Iterable[str], edge_classes: Iterable[str]) -> str:
    shapes = json.loads(_static("kg_options.json"))["shapes"]
    rows = []
    for g in groups:
        shape, colour = NODE_STYLES[g]
        rows.append(
            f'<li><svg width="16" height="16" fill="{colour}">{shapes[shape]}</svg>'
            f"{html.escape(_GROUP_NAMES.get(g, g))}</li>"
        )
    for cls in edge_classes:
        colour, dashed = EDGE_STYLES[cls]
        dash = ' stroke-dasharray="3,2"' if dashed else ""
        rows.append(
            f'<li><svg width="16" height="16"><line x1="0" y1="8" x2="16" y2="8" '
            f'stroke="{colour}" stroke-width="2"{dash}/></svg>{html.escape(cls)}</li>'
        )
    items = "".join(rows)
    return f'<details id="kg-legend" open><summary>Legend</summary><ul>{items}</ul></details>'


def _script_hash(code: str) -> str:
    digest = hashlib.sha256(code.encode("utf-8", "surrogatepass")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _network(view: _View, positions: Mapping[str, tuple[float, float]]) -> Network:
    """The pyvis model of the view: nodes sized by degree, parallel edges curved apart.

    Only pyvis's model is used (its templates load vis-network, tom-select and Bootstrap
    from CDNs); its lists are filled directly, as ``add_node``/``add_edge`` are O(n) each.
    """
    net = Network(directed=True, cdn_resources="in_line")
    pairs = Counter(frozenset((e["from"], e["to"])) for e in view.edges)
    seen: Counter[frozenset[str]] = Counter()
    degree: Counter[str] = Counter()
    for e in view.edges:
        degree[e["from"]] += 1
        degree[e["to"]] += 1
        extra = {k: v for k, v in e.items() if k not in ("from", "to")}
        pair = frozenset((e["from"], e["to"]))
        if pairs[pair] > 1:  # A→B twice, or A→B and B→A
            seen[pair] += 1
            extra["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 * seen[pair]}
        net.edges.append(Edge(e["from"], e["to"], directed=True, **extra).options)
    for nid, d in view.nodes.items():
        extra = {"size": round(10 + 4 * math.sqrt(degree[nid]), 1)}
        if nid in positions:
            extra["x"], extra["y"] = positions[nid]
        node = Node(nid, d["shape"], label=d["label"], color=d["color"], **extra)
        net.nodes.append(node.options)
        net.node_ids.append(nid)
        net.node_map[nid] = node.options
    return net


def generate_html(
    G: nx.MultiDiGraph,
    *,
    title: str = "kg graph",
    top_n: int | None = None,
    layout: LayoutMode | None = None,
    include_articles: bool = False,
) -> str:
    """The HTML page (a string) showing ``G``; see :func:`write_html`."""
    view = _View(G, include_articles)
    total = len(view.nodes)
    if top_n is not None:
        view.keep_top(top_n)
    n = len(view.nodes)
    mode = layout or "auto"
    if mode == "auto":
        mode = "static" if n >= LAYOUT_THRESHOLD else "physics"
    if mode not in ("physics", "static"):
        raise ValueError(f"layout must be 'auto', 'physics' or 'static', not {layout!r}")
    positions = {}
    if mode == "static":
        positions = fast_layout(list(view.nodes), [(e["from"], e["to"]) for e in view.edges])
    net = _network(view, positions)
    net.options = _options(mode, n)
    nodes, edges, *_ = net.get_network_data()
    present = {view.info[k][0] for k in view.nodes}
    used = {view.eclass[e["id"]] for e in view.edges}
    groups = [g for g in NODE_STYLES if g in present]
    shown = f"{n:,} nodes, {len(edges):,} edges"
    if n < total:
        shown += f" (top {n:,} of {total:,} nodes by degree)"
    payload = {
        "title": title,
        "layout": mode,
        "physicsAfter": mode == "physics" and n < PHYSICS_AFTER_MAX,
        "nodes": nodes,
        "edges": edges,
        "options": net.options,
        "tips": view.tips,
        "info": {k: view.info[k] for k in view.nodes},
        "etypes": {e["id"]: view.etypes[e["id"]] for e in view.edges},
        "groups": {g: _GROUP_NAMES.get(g, g) for g in groups},
        "edgeTypes": sorted({view.etypes[e["id"]] for e in view.edges}),
    }
    vis_js = VIS_JS.read_text(encoding="utf-8")
    app_js = _static("kg_graph.js")
    if re.search(r"</script|<!--", vis_js, re.IGNORECASE):
        raise ValueError("the vendored vis-network cannot be inlined")
    csp = (
        f"default-src 'none'; script-src {_script_hash(vis_js)} {_script_hash(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    values = {
        "title": _html_text(title),
        "csp": html.escape(csp, quote=False),
        "css": _static("kg_graph.css"),
        "stats": _html_text(f"{shown} · layout: {mode} · vis-network {VIS_VERSION}"),
        "legend": _legend_html(groups, [c for c in EDGE_STYLES if c in used]),
        "data": safe_json(payload),
        "vis_js": vis_js,
        "app_js": app_js,
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], _static("kg_graph.html"))


def write_html(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    title: str = "kg graph",
    top_n: int | None = None,
    layout: LayoutMode | None = None,
    include_articles: bool = False,
) -> Path:
    """Write ``G`` as one self-contained interactive HTML file, atomically; return its path.

    ``top_n`` keeps only the N highest-degree nodes; ``layout`` is ``"auto"`` (default:
    Python positions from :data:`LAYOUT_THRESHOLD` nodes on, else vis physics),
    ``"physics"`` or ``"static"``; ``include_articles`` adds article nodes.
    """
    page = generate_html(
        G, title=title, top_n=top_n, layout=layout, include_articles=include_articles
    )
    target = Path(path)
    with atomic_writer(target) as out:
        out.write(page)
    return target
