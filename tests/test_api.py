"""The Python API (#5): kg.load / kg.build / KnowledgeGraph, and facts read back from facts.jsonl."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.api import KnowledgeGraph, example, example_facts
from kg.append import append_facts, facts_from_json, read_facts_jsonl
from kg.exports import write_exports
from kg.query import EventRecord, Results
from kg.records import ArticleFacts

from .conftest import make_hostile_facts, make_second_facts, make_seed_facts


@pytest.mark.parametrize("make", [make_seed_facts, make_second_facts, make_hostile_facts])
def test_facts_round_trip_through_json(make) -> None:  # type: ignore[no-untyped-def]
    facts = make()
    again = facts_from_json(json.loads(json.dumps(facts.to_json())))
    assert again == facts
    assert again.to_json() == facts.to_json()


def test_read_facts_jsonl_names_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "facts.jsonl"
    path.write_text(json.dumps(make_seed_facts().to_json()) + "\n\n" + '{"doc_id": "x"}\n')
    with pytest.raises(ValueError, match=r"facts\.jsonl:3: not a facts JSON object"):
        read_facts_jsonl(path)


def test_append_skips_same_id_and_same_text() -> None:
    seed, second = make_seed_facts(), make_second_facts()
    merged, skipped = append_facts([seed], [seed, second])
    assert merged == [seed, second] and skipped == [(seed.article.doc_id, "already in the graph")]


def test_import_kg_is_cheap() -> None:
    code = "import sys, kg; print(sorted(m for m in ('kg.api', 'networkx', 'pyoxigraph', 'spacy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert kg.KnowledgeGraph is KnowledgeGraph and kg.load.__module__ == "kg.api"
    with pytest.raises(AttributeError):
        kg.nothing  # noqa: B018


@pytest.fixture
def loaded(two_articles: list[ArticleFacts], tmp_path: Path) -> KnowledgeGraph:
    write_exports(two_articles, tmp_path / "out")
    return kg.load(tmp_path / "out")


def test_load_reads_facts_and_store(loaded: KnowledgeGraph, two_articles: list[ArticleFacts]) -> None:
    assert loaded.facts == two_articles
    assert nx.utils.graphs_equal(loaded.to_networkx(), KnowledgeGraph(two_articles).to_networkx())
    n = loaded.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]
    assert n == KnowledgeGraph(two_articles).sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"] > 100


def test_entity_by_any_alias(loaded: KnowledgeGraph) -> None:
    for name in ("Putin", "Mr. Putin", "mr putin", "Vladimir Putin", "person/vladimir-putin", "President Putin"):
        assert loaded.entity(name).key == "person/vladimir-putin", name
    assert loaded.entity("Moscow").name == "Russia" and loaded.entity("Q159").name == "Russia"
    assert loaded.entity("Ryabkov").name == "Sergei Ryabkov"
    with pytest.raises(KeyError):
        loaded.entity("Atlantis")


def test_demands_by_an_actor_include_its_people(loaded: KnowledgeGraph) -> None:
    (demand,) = loaded.demands(by="Russia", of="NATO")
    assert isinstance(demand, EventRecord)
    assert demand.source == ("Russia", "Vladimir Putin") and demand.target == ("NATO",)
    assert demand.content == "limit troops and military equipment in Eastern Europe"
    assert demand.modality == "asserted" and demand.time is None
    assert {ev.doc_id for ev in demand.evidence} == {"blinken-geneva-talks", "putin-repeats"}
    assert loaded.demands(by="Mr. Putin") == loaded.demands(by="Moscow") == loaded.demands()
    ex = example()
    assert [d.source for d in ex.demands(by="Russia")] == [("Vladimir Putin",)]  # through AFFILIATED_WITH
    assert ex.demands(by="Putin", of="Russia") == []
    with pytest.raises(KeyError):
        ex.demands(by="Atlantis")


def test_events_filters(loaded: KnowledgeGraph) -> None:
    assert [e.type for e in loaded.events()] == ["DEMAND", "STATEMENT", "CONSULT"]
    assert [e.type for e in loaded.events(type="consult")] == ["CONSULT"]
    assert [e.type for e in loaded.events(type="0")] == ["STATEMENT", "CONSULT"]  # CAMEO code prefix
    (consult,) = loaded.events(source="United States", target="Russia")
    assert consult.location == "Geneva" and consult.time == "2022-01-10"
    assert [e.type for e in loaded.events(since="2022-01-10")] == ["DEMAND", "CONSULT"]  # DEMAND: 2022-01
    assert [e.type for e in loaded.events(until="2022-01-09")] == ["DEMAND", "STATEMENT"]
    assert loaded.events(since="2023") == []
    assert [e.type for e in loaded.events(modality=("asserted",))] == ["DEMAND", "STATEMENT", "CONSULT"]
    assert loaded.events(modality="negated") == []


def test_relations_neighbors_path_evidence(loaded: KnowledgeGraph) -> None:
    rels = loaded.relations("Putin")
    assert [(r.predicate, r.object) for r in rels] == [("AFFILIATED_WITH", "Russia"), ("HOLDS_POSITION", "President")]
    assert rels[0].evidence[0].sentence.startswith("Russian President Vladimir Putin")
    assert {r.subject for r in loaded.relations(predicate="holds_position")} == {"Antony Blinken", "Vladimir Putin"}
    assert [e.name for e in loaded.neighbors("NATO")] == ["Russia", "Vladimir Putin"]
    steps = loaded.path("Blinken", "NATO")
    assert [(s.source, s.label, s.target) for s in steps] == [
        ("Antony Blinken", "AFFILIATED_WITH", "United States"),
        ("United States", "CONSULT", "Russia"),
        ("Russia", "DEMAND", "NATO"),
    ]
    assert loaded.path("Geneva", "NATO") == []
    assert loaded.evidence("Putin") == loaded.entity("Putin").evidence
    assert loaded.evidence(loaded.demands()[0]) == loaded.demands()[0].evidence


def test_sparql_binds_values(loaded: KnowledgeGraph) -> None:
    import pyoxigraph as ox

    q = "SELECT DISTINCT ?name ?n WHERE { ?e schema:name ?name ; schema:identifier ?n }"
    rows = loaded.sparql(q, name=ox.Literal("NATO", language="en"))
    assert rows == [{"name": "NATO", "n": "Q7184"}]
    hostile = 'NATO"@en } ?e ?p ?o . { #'
    assert loaded.sparql(q, name=ox.Literal(hostile, language="en")) == []
    assert loaded.sparql("ASK { ?s kg:demand ?o }") is True
    triples = loaded.sparql("CONSTRUCT { ?s kg:demand ?o } WHERE { ?s kg:demand ?o }")
    assert len(triples) == 2
    # a bound variable outside the projection is joined as a VALUES block
    assert loaded.sparql("SELECT ?e WHERE { ?e schema:name ?name }", name=ox.Literal("NATO", language="en"))


def test_results_render_and_convert(loaded: KnowledgeGraph) -> None:
    res = loaded.demands()
    assert isinstance(res, Results)
    html = res._repr_html_()
    assert "<table>" in html and "limit troops" in html
    assert res.to_rows()[0]["source"] == "Russia, Vladimir Putin"
    assert Results()._repr_html_() == "<p><em>no results</em></p>"
    page = loaded._repr_html_()
    assert page.startswith("<iframe srcdoc=") or "<pre>" in page
    assert repr(loaded) == "<KnowledgeGraph: 2 articles, 9 entities, 3 events>"
    pd = pytest.importorskip("pandas")
    df = res.to_pandas()
    assert isinstance(df, pd.DataFrame) and list(df["content"]) == [res[0].content]


def test_example_is_a_hand_made_dataset() -> None:
    assert [f.article.doc_id for f in example_facts()] == ["blinken-geneva-talks", "putin-repeats"]
    assert example().entities("person")[0].name == "Antony Blinken"
    for f in example_facts():
        for e in f.entities:
            for m in e.mentions:
                assert f.article.text[m.start : m.end] in (e.name, *e.aliases)


def test_save_writes_loadable_exports(tmp_path: Path) -> None:
    g = example()
    paths = g.save(tmp_path / "ex")
    assert paths["store"].is_dir()
    assert kg.load(tmp_path / "ex").demands(by="Russia") == g.demands(by="Russia")


def test_build_extracts_in_memory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: dict[str, object] = {}

    def fake_extract_corpus(articles, model, *, workers, dask):  # type: ignore[no-untyped-def]
        seen.update(model=model, workers=workers, dask=dask, articles=[a.doc_id for a in articles])
        return iter(example_facts())

    monkeypatch.setattr("kg.parallel.extract_corpus", fake_extract_corpus)
    (tmp_path / "a.txt").write_text("Title\n\nRussia demanded it.\n")
    g = kg.build(tmp_path / "a.txt", model="some_model", workers=2)
    assert seen["model"] == "some_model" and len(seen["articles"]) == 1  # type: ignore[arg-type]
    assert seen["workers"] == 2 and seen["dask"] is None
    assert isinstance(g, KnowledgeGraph) and len(g.demands(by="Russia")) == 1


@pytest.mark.parametrize(("kwargs", "said"), [
    ({"type": "BOGUS"}, "unknown event type 'BOGUS'"),
    ({"type": "99"}, "unknown event type"),
    ({"since": "January 2022"}, "since='January 2022'"),
    ({"until": "2022-13"}, "until='2022-13'"),
    ({"modality": "certain"}, "unknown modality 'certain'"),
    ({"modality": ["asserted", "sure"]}, "unknown modality 'sure'"),
])
def test_a_filter_value_kg_does_not_know_is_a_clear_error(kwargs: dict, said: str) -> None:
    """#18: not a silent empty list."""
    with pytest.raises(ValueError, match=re.escape(said)):
        example().events(**kwargs)


@pytest.mark.parametrize("kwargs", [{"type": "fight"}, {"type": "190"}, {"since": "2022"}, {"until": "2022-01-31"},
                                    {"modality": ["asserted", "demanded"]}])
def test_known_filter_values_pass(kwargs: dict) -> None:
    example().events(**kwargs)


def test_events_and_relations_carry_their_articles_title_date_and_url() -> None:
    """#18: a record says where it comes from without a second lookup."""
    from kg.query import ArticleRecord

    g = example()
    demand = g.demands()[0]
    assert demand.reports and all(isinstance(r, ArticleRecord) for r in demand.reports)
    assert [r.doc_id for r in demand.reports] == list(demand.articles)
    first = demand.reports[0]
    assert first.title and first.date == "2022-01-09"
    assert demand.date == (demand.time or min(r.date for r in demand.reports if r.date))
    (rel, *_) = g.relations("Putin")
    assert [r.doc_id for r in rel.reports] == sorted({e.doc_id for e in rel.evidence})


def test_dyads_count_events_per_side_and_by_country() -> None:
    """#18: a country-level view of who does what to whom."""
    g = example()
    people = {(d.source, d.target, d.type): d.count for d in g.dyads()}
    countries = {(d.source, d.target, d.type): d.count for d in g.dyads(by_country=True)}
    assert people[("Vladimir Putin", "NATO", "DEMAND")] == 1
    assert countries[("Russia", "NATO", "DEMAND")] == 1 and ("Vladimir Putin", "NATO", "DEMAND") not in countries
    assert all(d.type == "CONSULT" for d in g.dyads("CONSULT", by_country=True))
    assert g.dyads("DEMAND", modality="negated") == []
    with pytest.raises(ValueError):
        g.dyads("BOGUS")
