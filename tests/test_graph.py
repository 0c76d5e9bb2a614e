"""kg.graph: merging ArticleFacts into one MultiDiGraph."""

from __future__ import annotations

import dataclasses
import random

import networkx as nx

from kg.graph import (
    add_facts,
    build_graph,
    canonical_copy,
    entity_node_id,
    event_digest,
    event_node_id,
    normalise_content,
)
from kg.records import ArticleFacts, Entity, Event, Evidence, Relation

PUTIN, RUSSIA, NATO = "entity:person/vladimir-putin", "entity:Q159", "entity:Q7184"


def _snapshot(G: nx.MultiDiGraph) -> tuple[dict, dict]:
    nodes = {n: dict(d) for n, d in G.nodes(data=True)}
    edges = {(u, v, k): dict(d) for u, v, k, d in G.edges(keys=True, data=True)}
    return nodes, edges


def _demand(G: nx.MultiDiGraph) -> str:
    [node] = [n for n, d in G.nodes(data=True) if d.get("type") == "DEMAND"]
    return node


def test_node_kinds_and_schema(seed_facts: list[ArticleFacts]) -> None:
    G = build_graph(seed_facts)
    assert isinstance(G, nx.MultiDiGraph)
    kinds = {d["kind"] for _, d in G.nodes(data=True)}
    assert kinds == {"entity", "event", "article"}
    assert all("kind" in d for *_, d in G.edges(keys=True, data=True))
    putin = G.nodes[PUTIN]
    assert putin["type"] == "PERSON" and putin["label"] == "Vladimir Putin"
    assert putin["positions"] == ["President"] and putin["wikidata"] is None
    assert G.nodes[RUSSIA]["wikidata"] == "Q159"
    blinken = G.nodes["entity:person/antony-blinken"]
    assert blinken["positions"] == ["Secretary of State"]
    ev = blinken["evidence"][0]
    assert set(ev) == {"doc_id", "start", "end", "sentence", "sent_start", "sent_end"}
    article = G.nodes["article:blinken-geneva-talks"]
    assert article["kind"] == "article" and article["date"] == "2022-01-09"
    assert article["label"] == article["title"]


def test_edges_roles_interactions_relations(seed_facts: list[ArticleFacts]) -> None:
    G = build_graph(seed_facts)
    demand = _demand(G)
    d = G.nodes[demand]
    assert d["label"] == "DEMAND" and d["cameo"] == "10"
    assert d["content"] == "limit troops and military equipment in Eastern Europe"
    assert G.edges[demand, RUSSIA, "source"]["role"] == "source"
    assert G.edges[demand, NATO, "target"]["kind"] == "role"
    assert G.edges[demand, "article:blinken-geneva-talks", "mentioned_in"]["kind"] == "provenance"
    reads = {
        (G.nodes[u]["label"], e["label"], G.nodes[v]["label"])
        for u, v, e in G.edges(data=True)
        if e["kind"] == "interaction"
    }
    assert ("Russia", "DEMAND", "NATO") in reads
    assert ("Vladimir Putin", "DEMAND", "NATO") in reads
    assert ("United States", "CONSULT", "Sergei Ryabkov") in reads
    edge = G.edges[RUSSIA, NATO, f"DEMAND:{demand.split(':')[1]}"]
    assert edge["event"] == demand and edge["content"] == d["content"]
    assert edge["modality"] == "asserted" and edge["evidence"]
    aff = G.edges["entity:person/antony-blinken", "entity:Q30", "AFFILIATED_WITH"]
    assert aff["kind"] == "relation" and aff["predicate"] == "AFFILIATED_WITH"
    assert aff["confidence"] == 0.6 and aff["evidence"][0]["doc_id"] == "blinken-geneva-talks"
    consult = next(n for n, x in G.nodes(data=True) if x.get("type") == "CONSULT")
    assert G.nodes[consult]["location"] == "entity:Q71"
    assert G.has_edge(consult, "entity:Q71", "location")
    assert G.nodes[consult]["time"] == "2022-01-10"


def test_merge_two_articles(two_articles: list[ArticleFacts]) -> None:
    G = build_graph(two_articles)
    putin = G.nodes[PUTIN]
    assert putin["name"] == "Vladimir Putin"  # the longest name wins
    assert putin["aliases"] == ["Mr. Putin", "Putin"]
    assert putin["articles"] == ["blinken-geneva-talks", "putin-repeats"]
    assert len(putin["evidence"]) == 4
    assert putin["confidence"] == 0.99
    assert G.nodes[NATO]["aliases"] == ["North Atlantic Treaty Organization"]
    # the DEMAND stated by both articles is one node with both evidences
    demands = [n for n, d in G.nodes(data=True) if d.get("type") == "DEMAND"]
    assert len(demands) == 1
    d = G.nodes[demands[0]]
    assert [e["doc_id"] for e in d["evidence"]] == ["blinken-geneva-talks", "putin-repeats"]
    assert d["articles"] == ["blinken-geneva-talks", "putin-repeats"]
    assert d["modality"] == "asserted" and d["confidence"] == 0.9
    assert d["content"] == "limit troops and military equipment in Eastern Europe"
    assert G.has_edge(demands[0], "article:putin-repeats", "mentioned_in")
    key = f"DEMAND:{demands[0].split(':')[1]}"
    assert len(G.edges[RUSSIA, NATO, key]["evidence"]) == 2
    assert sum(1 for n in G if n.startswith("article:")) == 2


def _shuffled(facts: list[ArticleFacts], seed: int) -> list[ArticleFacts]:
    rng = random.Random(seed)
    out = []
    for f in facts:
        ents, evs, rels = list(f.entities), list(f.events), list(f.relations)
        rng.shuffle(ents)
        rng.shuffle(evs)
        rng.shuffle(rels)
        out.append(dataclasses.replace(f, entities=tuple(ents), events=tuple(evs), relations=tuple(rels)))
    rng.shuffle(out)
    return out


def test_order_independent(two_articles: list[ArticleFacts]) -> None:
    reference = _snapshot(build_graph(two_articles))
    for seed in range(5):
        assert _snapshot(build_graph(_shuffled(two_articles, seed))) == reference


def test_canonical_copy_sorted(two_articles: list[ArticleFacts]) -> None:
    H = canonical_copy(build_graph(_shuffled(two_articles, 3)))
    assert list(H.nodes) == sorted(H.nodes)
    assert _snapshot(H) == _snapshot(build_graph(two_articles))


def test_event_ids_are_content_hashes() -> None:
    ev = Evidence("d", 0, 1, "x", 0, 1)
    a = Event("v1", "DEMAND", "10", "demanded", ev, ("Q159",), ("Q7184",), "Troops out")
    assert event_node_id(a) == f"event:{event_digest(a)}"
    assert event_digest(dataclasses.replace(a, id="zz", trigger="asked")) == event_digest(a)
    assert event_digest(dataclasses.replace(a, content="troops  out.")) == event_digest(a)
    assert event_digest(dataclasses.replace(a, content="money")) != event_digest(a)
    assert event_digest(dataclasses.replace(a, time="2022")) != event_digest(a)
    assert event_digest(dataclasses.replace(a, target=("Q30",))) != event_digest(a)
    assert normalise_content("“Quoted  text!”") == "quoted text"


def test_name_tie_break_is_order_independent() -> None:
    ev = Evidence("d", 0, 1, "x", 0, 1)

    def facts(doc: str, name: str) -> ArticleFacts:
        from kg.records import Article

        return ArticleFacts(Article(doc, "x"), entities=(Entity("org/x", name, "ORGANIZATION", mentions=(ev,)),))

    one = build_graph([facts("a", "Abc"), facts("b", "Abd")]).nodes["entity:org/x"]
    two = build_graph([facts("b", "Abd"), facts("a", "Abc")]).nodes["entity:org/x"]
    assert one["name"] == two["name"] == "Abc"
    assert one["aliases"] == two["aliases"] == ["Abd"]


def test_unknown_keys_become_stub_entities() -> None:
    from kg.records import Article

    ev = Evidence("d", 0, 1, "x", 0, 1)
    f = ArticleFacts(
        Article("d", "x"),
        events=(Event("v", "FIGHT", "19", "x", ev, ("Q159",), ("country/atlantis",)),),
        relations=(Relation("person/x", "AFFILIATED_WITH", "Q159", ev),),
    )
    G = build_graph([f])
    stub = G.nodes[entity_node_id("country/atlantis")]
    assert stub["kind"] == "entity" and stub["label"] == "country/atlantis" and stub["name"] == ""
    assert G.nodes["entity:Q159"]["wikidata"] == "Q159"
    # a later description fills the stub in
    f2 = ArticleFacts(Article("e", "x"), entities=(Entity("country/atlantis", "Atlantis", "COUNTRY"),))
    H = build_graph([f, f2])
    assert H.nodes["entity:country/atlantis"]["label"] == "Atlantis"
    assert H.nodes["entity:country/atlantis"]["aliases"] == []


def test_adding_the_same_facts_twice_changes_nothing(two_articles: list[ArticleFacts]) -> None:
    G = build_graph(two_articles)
    assert _snapshot(add_facts(G, two_articles)) == _snapshot(build_graph(two_articles))


def test_evidence_and_articles_merge_sorted_and_distinct_in_any_order() -> None:
    """Evidence is inserted by binary search (linear merging of thousands of articles);
    the result must be what sorting everything at once gives, whatever the order."""
    import random

    from kg.graph import _add_sorted, _ev_sort_key, _merge_evidence
    from kg.records import Evidence

    evs = [Evidence(f"d{i % 7}", s, s + 3, f"sentence {v}", 0, 50) for i in range(40) for s in (i, i + 1)
           for v in ("a", "b")]
    expected: dict[tuple[str, int, int], dict] = {}
    for e in evs:
        d = e.to_json()
        span = (d["doc_id"], d["start"], d["end"])
        if span not in expected or _ev_sort_key(d) < _ev_sort_key(expected[span]):
            expected[span] = d
    rng = random.Random(3)
    for _ in range(5):
        rng.shuffle(evs)
        merged: list[dict] = []
        for i in range(0, len(evs), 3):
            merged = _merge_evidence(merged, evs[i : i + 3])
        assert merged == sorted(expected.values(), key=_ev_sort_key)
    ids = [f"doc{rng.randrange(30)}" for _ in range(100)]
    acc: list[str] = []
    for doc in ids:
        acc = _add_sorted(acc, doc, None)
    assert acc == sorted(set(ids))
