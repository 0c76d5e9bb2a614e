"""kg.html without a browser: self-contained, escaped, legend, view, top_n, layout switch."""

from __future__ import annotations

import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg import html as kh

NODE_SHAPE_OTHER = kh.NODE_STYLES["OTHER"][0]
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert(1)</script>"
HOSTILE = f"{XSS_IMG} {XSS_SCRIPT} </script><!-- & \u2028\u2029 \"q\" 'a' \x00 \u202eRTL 😀 עברית"


def _ev(doc: str, sentence: str) -> list[dict[str, Any]]:
    return [
        {
            "doc_id": doc,
            "start": 0,
            "end": 5,
            "sentence": sentence,
            "sent_start": 0,
            "sent_end": len(sentence),
        }
    ]


def _entity(G: nx.MultiDiGraph, key: str, name: str, etype: str, **extra: Any) -> str:
    nid = f"entity:{key}"
    attrs: dict[str, Any] = {
        "kind": "entity",
        "type": etype,
        "label": name,
        "name": name,
        "aliases": [],
        "wikidata": None,
        "positions": [],
        "articles": ["d1"],
        "evidence": _ev("d1", f"{name} spoke."),
        "confidence": 0.9,
    }
    attrs.update(extra)
    G.add_node(nid, **attrs)
    return nid


def _event(
    G: nx.MultiDiGraph,
    digest: str,
    etype: str,
    cameo: str,
    source: str,
    target: str | None,
    content: str | None,
    sentence: str,
) -> str:
    eid = f"event:{digest}"
    G.add_node(
        eid,
        kind="event",
        type=etype,
        cameo=cameo,
        label=etype,
        content=content,
        modality="asserted",
        time="2022-01-09",
        location=None,
        trigger="said",
        articles=["d1"],
        evidence=_ev("d1", sentence),
        confidence=0.8,
    )
    G.add_edge(eid, source, key="source", kind="role", role="source", label="source")
    G.add_edge(eid, "article:d1", key="mentioned_in", kind="provenance", label="mentioned_in")
    if target:
        G.add_edge(eid, target, key="target", kind="role", role="target", label="target")
        G.add_edge(
            source,
            target,
            key=f"{etype}:{digest}",
            kind="interaction",
            label=etype,
            type=etype,
            event=eid,
            content=content,
            modality="asserted",
            time="2022-01-09",
            evidence=_ev("d1", sentence),
            confidence=0.8,
        )
    return eid


def seed_graph(hostile: bool = False) -> nx.MultiDiGraph:
    """Russia —DEMAND→ NATO, Putin AFFILIATED_WITH Russia, a lone STATEMENT by Putin."""
    bad = HOSTILE if hostile else ""
    G = nx.MultiDiGraph()
    G.add_node(
        "article:d1",
        kind="article",
        label=f"Blinken: talks{bad}",
        title=f"Blinken: talks{bad}",
        date="2022-01-09",
        url="https://www.example.com/news/1",
        doc_id="d1",
    )
    ru = _entity(
        G, "Q159", f"Russia{bad}", "COUNTRY", aliases=["Moscow", f"RU{bad}"], wikidata="Q159"
    )
    nato = _entity(G, "Q7184", "NATO", "ORGANIZATION")
    putin = _entity(
        G,
        "person/vladimir-putin",
        f"Vladimir Putin{bad}",
        "PERSON",
        aliases=["Putin"],
        positions=[f"President{bad}"],
    )
    _entity(G, "Q71", "Geneva", "LOCATION")
    _entity(G, f"misc/x{bad}", f"Thing{bad}", f"NORP{bad}")
    _event(
        G,
        "d1",
        "DEMAND",
        "10",
        ru,
        nato,
        f"limit troops{bad}",
        f"Russia demanded that NATO limit troops.{bad}",
    )
    _event(
        G,
        "s1",
        "STATEMENT",
        "01",
        putin,
        None,
        f"talks are useless{bad}",
        f"Putin said talks are useless.{bad}",
    )
    G.add_edge(
        putin,
        ru,
        key="AFFILIATED_WITH",
        kind="relation",
        predicate="AFFILIATED_WITH",
        label="AFFILIATED_WITH",
        evidence=_ev("d1", f"Russian President Putin.{bad}"),
    )
    return G


def star_graph(n: int) -> nx.MultiDiGraph:
    """``n`` entities: hubs e0..e4 and interactions from every entity to one of them."""
    G = nx.MultiDiGraph()
    for i in range(n):
        _entity(G, f"e{i}", f"Entity {i}", ["PERSON", "COUNTRY"][i % 2])
    for i in range(5, n):
        G.add_edge(
            f"entity:e{i}",
            f"entity:e{i % 5}",
            key=f"CONSULT:{i}",
            kind="interaction",
            label="CONSULT",
            type="CONSULT",
            event=f"event:{i}",
            content=None,
            modality="asserted",
            time=None,
            evidence=[],
            confidence=0.5,
        )
    return G


class _Refs(HTMLParser):
    """Collects src/href attributes and the text of script elements."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refs += [v or "" for k, v in attrs if k in ("src", "href")]
        if tag == "script":
            self._in = dict(attrs)
            self.scripts.append((self._in, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parse(page: str) -> tuple[_Refs, dict[str, Any]]:
    refs = _Refs()
    refs.feed(page)
    data = [t for a, t in refs.scripts if a.get("type") == "application/json"]
    assert len(data) == 1
    return refs, json.loads(data[0])


def test_self_contained_no_external_resources(tmp_path: Path) -> None:
    path = kh.write_html(seed_graph(), tmp_path / "graph.html", include_articles=True)
    page = path.read_text(encoding="utf-8")
    refs, _ = parse(page)
    assert refs.refs == []  # no src= / href= at all
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", page, re.IGNORECASE)
    for cdn in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "tom-select"):
        assert cdn not in page.lower()
    assert "vis-network" in page and "@version 10.1.5" in page  # inlined vendored build
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp and "default-src 'none'" in csp.group(1) and "connect-src 'none'" in csp.group(1)
    assert "unsafe-inline" not in csp.group(1).split("style-src")[0]  # scripts by hash only
    scripts = [t for a, t in refs.scripts if "type" not in a]
    assert len(scripts) == 2 and all(kh._script_hash(s) in csp.group(1) for s in scripts)


def test_vendored_files_and_licences() -> None:
    vis = kh.STATIC_DIR / "vis-network"
    assert "Permission is hereby granted" in (vis / "LICENSE-MIT").read_text()
    assert "Apache License" in (vis / "LICENSE-APACHE-2.0").read_text()
    assert f"@version {kh.VIS_VERSION}" in (vis / "vis-network.min.js").read_text()[:400]


def test_hostile_strings_are_escaped_everywhere() -> None:
    title = f"Report {HOSTILE}"
    page = kh.generate_html(seed_graph(hostile=True), title=title, include_articles=True)
    low = page.lower()
    assert XSS_IMG not in low and XSS_SCRIPT not in low and "<img" not in low
    assert "\u2028" not in page and "\u2029" not in page and "\x00" not in page
    assert low.count("<script") == 3 and low.count("</script>") == 3
    assert "<!-- &" not in page
    assert f"<title>{html.escape(kh._clean(title))}</title>" in page
    _, data = parse(page)
    # The untrusted text is intact after JSON decoding (escaped, not mangled or dropped).
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels["entity:person/vladimir-putin"].startswith("Vladimir Putin<img src=x")
    tips = json.dumps(list(data["tips"].values()), ensure_ascii=False)
    shown = tips + json.dumps(list(labels.values()), ensure_ascii=False)
    assert not set(shown) & set("\x00\u2028\u2029\u202e")  # no controls, no bidi override
    assert XSS_SCRIPT in tips and XSS_IMG in tips
    assert f"misc/x{HOSTILE}" in {n.split(":", 1)[1] for n in labels}
    legend = page[page.index('<details id="kg-legend"') : page.index("</details>")]
    assert "<img" not in legend and "<script" not in legend


def test_view_interactions_relations_and_lone_events() -> None:
    _, data = parse(kh.generate_html(seed_graph()))
    ids = {n["id"] for n in data["nodes"]}
    assert ids == {
        "entity:Q159",
        "entity:Q7184",
        "entity:person/vladimir-putin",
        "entity:Q71",
        "entity:misc/x",
        "event:s1",
    }  # no article, no event that has 2 actors
    edges = {(e["from"], e.get("label"), e["to"]) for e in data["edges"]}
    assert ("entity:Q159", "DEMAND", "entity:Q7184") in edges
    assert ("entity:person/vladimir-putin", "AFFILIATED_WITH", "entity:Q159") in edges
    assert ("entity:person/vladimir-putin", None, "event:s1") in edges  # source → lone event
    assert {e["arrows"] for e in data["edges"]} == {"to"}
    demand = next(e for e in data["edges"] if e.get("label") == "DEMAND")
    tip = data["tips"][demand["id"]]
    assert tip[0] == ["h", "Russia —DEMAND→ NATO"]
    assert ["f", "content", "limit troops"] in tip and ["f", "modality", "asserted"] in tip
    assert ["f", "time", "2022-01-09"] in tip
    assert ["q", "Russia demanded that NATO limit troops.", "Blinken: talks (2022-01-09)"] in tip
    putin = data["tips"]["entity:person/vladimir-putin"]
    assert ["f", "aliases", "Putin"] in putin and ["f", "positions", "President"] in putin
    assert data["info"]["entity:Q159"] == ["COUNTRY", "russia russia moscow ru"]
    assert data["info"]["entity:misc/x"][0] == "OTHER"
    assert data["edgeTypes"] == ["AFFILIATED_WITH", "DEMAND", "source"]
    shapes = {n["id"]: n["shape"] for n in data["nodes"]}
    assert shapes["entity:Q159"] == "diamond" and shapes["event:s1"] == "star"


def test_include_articles() -> None:
    _, data = parse(kh.generate_html(seed_graph(), include_articles=True))
    assert "article:d1" in {n["id"] for n in data["nodes"]}
    assert ("event:s1", "article:d1") in {(e["from"], e["to"]) for e in data["edges"]}
    assert data["tips"]["article:d1"][0] == ["h", "Blinken: talks"]


def test_legend_lists_present_types_only() -> None:
    page = kh.generate_html(seed_graph())
    legend = page[page.index('<details id="kg-legend"') : page.index("</details>")]
    for name in (
        "PERSON",
        "ORGANIZATION",
        "COUNTRY",
        "LOCATION",
        "other entity",
        "event",
        "verbal conflict",
        "relation",
        "role",
    ):
        assert name in legend
    assert "article" not in legend and "material conflict" not in legend
    assert legend.count("<li>") == 9


def test_parallel_edges_are_curved_apart() -> None:
    G = seed_graph()
    _event(G, "d2", "THREATEN", "13", "entity:Q7184", "entity:Q159", None, "NATO threatened.")
    _, data = parse(kh.generate_html(G))
    pair = [e for e in data["edges"] if {e["from"], e["to"]} == {"entity:Q159", "entity:Q7184"}]
    assert len(pair) == 2 and all(e["smooth"]["type"] == "curvedCW" for e in pair)
    single = next(e for e in data["edges"] if e.get("label") == "AFFILIATED_WITH")
    assert "smooth" not in single


def test_top_n_keeps_highest_degree_nodes() -> None:
    page = kh.generate_html(star_graph(60), top_n=5)
    _, data = parse(page)
    assert {n["id"] for n in data["nodes"]} == {f"entity:e{i}" for i in range(5)}
    assert data["edges"] == [] and set(data["tips"]) == {f"entity:e{i}" for i in range(5)}
    assert "top 5 of 60 nodes by degree" in page
    _, data = parse(kh.generate_html(star_graph(60), top_n=7))
    ids = {n["id"] for n in data["nodes"]}
    assert len(ids) == 7 and {f"entity:e{i}" for i in range(5)} <= ids
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])


def test_layout_switches_at_threshold() -> None:
    n = kh.LAYOUT_THRESHOLD
    _, small = parse(kh.generate_html(star_graph(n - 1)))
    assert small["layout"] == "physics" and small["options"]["physics"]["enabled"]
    assert small["options"]["physics"]["stabilization"]["iterations"] <= 250
    assert not any("x" in node for node in small["nodes"])
    _, big = parse(kh.generate_html(star_graph(n)))
    assert big["layout"] == "static" and big["options"]["physics"] == {"enabled": False}
    assert all(
        isinstance(node["x"], float) and isinstance(node["y"], float) for node in big["nodes"]
    )
    assert len({(node["x"], node["y"]) for node in big["nodes"]}) == n  # no two on one spot
    # explicit modes and top_n bring a big graph back under the threshold
    _, forced = parse(kh.generate_html(star_graph(20), layout="static"))
    assert forced["layout"] == "static" and all("x" in node for node in forced["nodes"])
    _, cut = parse(kh.generate_html(star_graph(n), top_n=50))
    assert cut["layout"] == "physics"
    with pytest.raises(ValueError):
        kh.generate_html(star_graph(3), layout="spring")  # type: ignore[arg-type]


def test_write_html_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "graph.html"
    written = kh.write_html(seed_graph(), target, title="one")
    assert written == target and "<title>one</title>" in target.read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8") == kh.generate_html(seed_graph(), title="one")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(kh.os, "replace", boom)
    with pytest.raises(OSError):
        kh.write_html(seed_graph(), target, title="two")
    assert "<title>one</title>" in target.read_text(encoding="utf-8")
    assert os.listdir(tmp_path) == ["graph.html"]  # no temporary file left behind


def test_plain_networkx_graph_is_shown_as_entities() -> None:
    G = nx.relabel_nodes(nx.path_graph(4, create_using=nx.MultiDiGraph), str)
    _, data = parse(kh.generate_html(G))
    assert len(data["nodes"]) == 4 and len(data["edges"]) == 3
    assert all("label" not in e for e in data["edges"])
    assert {n["shape"] for n in data["nodes"]} == {NODE_SHAPE_OTHER}


def test_deterministic_output() -> None:
    assert kh.generate_html(seed_graph()) == kh.generate_html(seed_graph())


def test_safe_json_round_trip() -> None:
    obj = {"s": HOSTILE, "n": [1, 2.5, None, True]}
    text = kh.safe_json(obj)
    assert json.loads(text) == obj
    assert not set(text) & set("<>&\u2028\u2029") and text.isascii()
