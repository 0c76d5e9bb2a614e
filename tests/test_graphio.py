"""kg.graphio: GraphML and node-link JSON, atomic writes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest

from kg.graph import build_graph
from kg.graphio import atomic_writer, flatten_graph, write_graphml, write_node_link_json
from kg.records import ArticleFacts

from .conftest import HOSTILE_ALIAS, HOSTILE_NAME


def test_graphml_readable(two_articles: list[ArticleFacts], tmp_path: Path) -> None:
    G = build_graph(two_articles)
    write_graphml(G, tmp_path / "g.graphml")
    H = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert set(H.nodes) == set(G.nodes)
    assert H.number_of_edges() == G.number_of_edges()
    putin = H.nodes["entity:person/vladimir-putin"]
    assert putin["label"] == "Vladimir Putin" and putin["kind"] == "entity"
    assert json.loads(putin["aliases"]) == ["Mr. Putin", "Putin"]
    assert json.loads(putin["evidence"])[0]["doc_id"] == "blinken-geneva-talks"
    assert isinstance(putin["confidence"], float)
    assert "wikidata" not in putin  # None is left out
    kinds = {d["kind"] for *_, d in H.edges(data=True)}
    assert kinds == {"role", "provenance", "interaction", "relation"}


def test_graphml_hostile_strings(hostile_facts: list[ArticleFacts], tmp_path: Path) -> None:
    G = build_graph(hostile_facts)
    write_graphml(G, tmp_path / "g.graphml")
    H = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    key = "entity:" + hostile_facts[0].entities[0].key
    assert H.nodes[key]["label"] == HOSTILE_NAME
    # list attributes are JSON, whose escapes keep even control characters
    assert HOSTILE_ALIAS in json.loads(H.nodes[key]["aliases"])
    # in plain string attributes, characters XML cannot hold become U+FFFD
    G.nodes[key]["label"] = "a\x00b\x1fc"
    write_graphml(G, tmp_path / "h.graphml")
    H = nx.read_graphml(tmp_path / "h.graphml", force_multigraph=True)
    assert H.nodes[key]["label"] == "a\ufffdb\ufffdc"


def _reference_graphml(G: nx.MultiDiGraph) -> bytes:
    """What write_graphml wrote before it streamed: networkx's ElementTree writer on flatten_graph."""
    H = flatten_graph(G)
    for items in (H.nodes(data=True), H.edges(data=True)):
        kinds: dict[str, set[type]] = {}
        for *_, data in items:
            for name, value in data.items():
                kinds.setdefault(name, set()).add(type(value))
        for *_, data in items:
            for name, value in data.items():
                if kinds[name] == {int, float}:
                    data[name] = float(value)
                elif len(kinds[name]) > 1:
                    data[name] = str(value)
    buf = io.BytesIO()
    nx.write_graphml_xml(H, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def test_graphml_streams_networkx_bytes(
    seed_facts: list[ArticleFacts], two_articles: list[ArticleFacts], tmp_path: Path
) -> None:
    mixed = nx.MultiDiGraph()
    mixed.add_node("b", n=1, x=True, y="", z=None)
    mixed.add_node("a", n=2.5, x=3, w=["<&>", {"k": 'q"uote'}])
    mixed.add_node("c")  # no attributes
    mixed.add_node(7, label="int node")
    mixed.add_edge("b", "a", key=0)
    mixed.add_edge("a", "b", key="k\t<1>", n=1, tag="a & b")
    mixed.add_edge("a", "b", key="k0", n=2)
    for G in (build_graph(seed_facts), build_graph(two_articles), nx.MultiDiGraph(), mixed):
        write_graphml(G, tmp_path / "g.graphml")
        assert (tmp_path / "g.graphml").read_bytes() == _reference_graphml(G)


def test_graphml_types_controls_and_carriage_returns_round_trip(tmp_path: Path) -> None:
    G = nx.MultiDiGraph()
    G.add_node("a\rb", score=1, flag=True, mixed=1, text="x\r\ny\rz\x00\ud800", items=["p\rq"])
    G.add_node("c\x0bd", score=2.5, flag=False, mixed="one", text=" lead and trail ")
    G.add_edge("a\rb", "c\x0bd", key="e\r1", weight=3, note="<&>\r")
    G.add_edge("a\rb", "c\x0bd", key="e2", weight=0.5)
    write_graphml(G, tmp_path / "g.graphml")
    H = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert list(H.nodes) == ["a\rb", "c\ufffdd"]
    assert H.nodes["a\rb"] == {
        "score": 1.0,
        "flag": True,
        "mixed": "1",
        "text": "x\r\ny\rz\ufffd\ufffd",
        "items": '["p\\rq"]',
    }
    assert H.nodes["c\ufffdd"] == {"score": 2.5, "flag": False, "mixed": "one", "text": " lead and trail "}
    assert isinstance(H.nodes["a\rb"]["score"], float)
    assert sorted(H.edges(keys=True, data=True)) == [
        ("a\rb", "c\ufffdd", "e\r1", {"weight": 3.0, "note": "<&>\r"}),
        ("a\rb", "c\ufffdd", "e2", {"weight": 0.5}),
    ]


def test_node_link_round_trip(two_articles: list[ArticleFacts], tmp_path: Path) -> None:
    G = build_graph(two_articles)
    write_node_link_json(G, tmp_path / "g.json")
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert "edges" in data and "links" not in data
    H = nx.node_link_graph(data, edges="edges")
    assert isinstance(H, nx.MultiDiGraph)
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))


def test_writers_deterministic(two_articles: list[ArticleFacts], tmp_path: Path) -> None:
    a, b = build_graph(two_articles), build_graph(list(reversed(two_articles)))
    for name, write in (("g.graphml", write_graphml), ("g.json", write_node_link_json)):
        write(a, tmp_path / f"a-{name}")
        write(b, tmp_path / f"b-{name}")
        assert (tmp_path / f"a-{name}").read_bytes() == (tmp_path / f"b-{name}").read_bytes()


def test_flatten_graph_types(seed_facts: list[ArticleFacts]) -> None:
    H = flatten_graph(build_graph(seed_facts))
    for *_, d in [*H.nodes(data=True), *H.edges(data=True)]:
        assert all(isinstance(v, str | int | float | bool) for v in d.values())


def test_atomic_writer(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_writer(target) as fh:
        fh.write("first\n")
    with pytest.raises(RuntimeError), atomic_writer(target) as fh:
        fh.write("half-written")
        raise RuntimeError("boom")
    assert target.read_text() == "first\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary left
