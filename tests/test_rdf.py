"""kg.rdf: RDF modelling, IRIs, escaping, rdflib, SHACL (the writers: test_rdfio.py)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, SKOS

from kg import rdf
from kg.graph import build_graph
from kg.records import Article, ArticleFacts, Entity, Event, Evidence
from kg.vocab import CAMEO, KG, SCHEMA, SEM

# rdflib's own TriG / JSON-LD / N-Quads parsers use its deprecated ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning",
    "ignore:Dataset.default_context is deprecated:DeprecationWarning",
)


BASE = rdf.DEFAULT_BASE_IRI


# ------------------------------------------------------------------ modelling

EXPECTED = """
@prefix kg: <http://kg.local/ns#> .
@prefix schema: <http://schema.org/> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix cameo: <http://kg.local/cameo/> .
@prefix e: <http://kg.local/entity/> .
@prefix ann: <http://kg.local/annotation/> .
@prefix ev: <http://kg.local/event/> .

e:Q159 a kg:Entity, schema:Country ; schema:name "Russia"@en ; schema:identifier "Q159" ;
    kg:entityType "COUNTRY" ; owl:sameAs wd:Q159 ; kg:confidence 1.0 ;
    kg:demand e:Q7184 .
e:Q7184 a kg:Entity, schema:Organization ; schema:name "NATO"@en ; schema:identifier "Q7184" ;
    kg:entityType "ORGANIZATION" ; owl:sameAs wd:Q7184 ; kg:confidence 1.0 .
<http://kg.local/article/d1> a schema:NewsArticle ; schema:identifier "d1" ;
    schema:datePublished "2022-01-09"^^xsd:date ; schema:mentions e:Q159, e:Q7184 .
ev:14cd6c55bd601df4 a sem:Event ; sem:eventType cameo:10 ; kg:cameoCode "10" ;
    sem:hasActor e:Q159, e:Q7184 ; kg:sourceActor e:Q159 ; kg:targetActor e:Q7184 ;
    kg:content "guarantees"@en ; kg:trigger "demanded"@en ; kg:modality "asserted" ;
    kg:confidence 1.0 ; prov:wasDerivedFrom <http://kg.local/article/d1> ;
    kg:evidence ann:144b7010fc73bfe7 .
ann:144b7010fc73bfe7 a oa:Annotation ; oa:hasBody ev:14cd6c55bd601df4 ;
    oa:hasTarget <http://kg.local/annotation/144b7010fc73bfe7#target> .
<http://kg.local/annotation/144b7010fc73bfe7#target> a oa:SpecificResource ;
    oa:hasSource <http://kg.local/article/d1> ;
    oa:hasSelector <http://kg.local/annotation/144b7010fc73bfe7#position>,
        <http://kg.local/annotation/144b7010fc73bfe7#quote> .
<http://kg.local/annotation/144b7010fc73bfe7#position> a oa:TextPositionSelector ;
    oa:start "7"^^xsd:nonNegativeInteger ; oa:end "15"^^xsd:nonNegativeInteger .
<http://kg.local/annotation/144b7010fc73bfe7#quote> a oa:TextQuoteSelector ;
    oa:exact "demanded" ; oa:prefix "Russia " ; oa:suffix " guarantees." .
"""


def _small_facts() -> ArticleFacts:
    a = Article("d1", "Russia demanded guarantees.", date="2022-01-09")
    ev = Evidence("d1", 7, 15, "Russia demanded guarantees.", 0, 27)
    return ArticleFacts(
        a,
        (
            Entity("Q159", "Russia", "COUNTRY", wikidata="Q159"),
            Entity("Q7184", "NATO", "ORGANIZATION", wikidata="Q7184"),
        ),
        (Event("v1", "DEMAND", "10", "demanded", ev, ("Q159",), ("Q7184",), content="guarantees"),),
    )


def test_isomorphic_to_expected_graph() -> None:
    ds = rdf.to_rdflib(build_graph([_small_facts()]))
    got = rdflib.Graph()
    for name in ("graph/entities", "graph/article/d1"):
        for t in ds.graph(rdflib.URIRef(BASE + name)):
            got.add(t)
    expected = rdflib.Graph().parse(data=EXPECTED, format="turtle")
    assert isomorphic(got, expected), sorted(set(got) ^ set(expected))


def test_dataset_named_graphs(two_articles: list[ArticleFacts]) -> None:
    ds = rdf.to_rdflib(build_graph(two_articles))
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {
        BASE + "graph/entities",
        BASE + "graph/cameo",
        BASE + "graph/article/blinken-geneva-talks",
        BASE + "graph/article/putin-repeats",
    }
    # the DEMAND of both articles is described in both article graphs
    demand = next(ds.subjects(SEM.eventType, CAMEO["10"]))
    for doc in ("blinken-geneva-talks", "putin-repeats"):
        g = ds.graph(rdflib.URIRef(f"{BASE}graph/article/{doc}"))
        assert (demand, RDF.type, SEM.Event) in g
        assert (None, SCHEMA.mentions, rdflib.URIRef(BASE + "entity/Q159")) in g


def test_modelling_details(seed_facts: list[ArticleFacts]) -> None:
    g = _rdflib_union_of(seed_facts)
    blinken = rdflib.URIRef(BASE + "entity/person/antony-blinken")
    assert (blinken, SCHEMA.jobTitle, rdflib.Literal("Secretary of State", lang="en")) in g
    assert (blinken, SCHEMA.affiliation, rdflib.URIRef(BASE + "entity/Q30")) in g
    russia = rdflib.URIRef(BASE + "entity/Q159")
    assert (russia, OWL.sameAs, rdflib.URIRef("http://www.wikidata.org/entity/Q159")) in g
    assert (russia, KG.demand, rdflib.URIRef(BASE + "entity/Q7184")) in g
    assert not list(g.objects(blinken, OWL.sameAs))
    consult = next(g.subjects(SEM.eventType, CAMEO["04"]))
    stamp = g.value(consult, SEM.hasTimeStamp)
    assert isinstance(stamp, rdflib.Literal)
    assert stamp.datatype == rdflib.XSD.date and str(stamp) == "2022-01-10"
    assert g.value(consult, SEM.hasPlace) == rdflib.URIRef(BASE + "entity/Q71")
    art = rdflib.URIRef(BASE + "article/blinken-geneva-talks")
    published = g.value(art, SCHEMA.datePublished)
    assert isinstance(published, rdflib.Literal) and published.datatype == rdflib.XSD.date
    assert g.value(art, SCHEMA.url) == rdflib.URIRef("https://www.example.com/news/2022/jan/9/blinken-geneva")
    # relations are reified with provenance
    st = next(g.subjects(RDF.predicate, SCHEMA.affiliation))
    assert (st, RDF.type, RDF.Statement) in g
    assert g.value(st, rdflib.PROV.wasDerivedFrom) == art
    # CAMEO: 20 roots in one scheme
    roots = set(g.objects(rdflib.URIRef(str(CAMEO) + "scheme"), SKOS.hasTopConcept))
    assert len(roots) == 20
    assert g.value(CAMEO["10"], SKOS.prefLabel) == rdflib.Literal("Demand", lang="en")


def _rdflib_union_of(facts: list[ArticleFacts]) -> rdflib.Graph:
    g = rdflib.Graph()
    for s, p, o, _ in rdf.to_rdflib(build_graph(facts)).quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def test_lone_surrogate_does_not_crash(tmp_path: Path) -> None:
    f = ArticleFacts(Article("d\ud800", "x"), (Entity("x/\udfff", "bad \ud800 name", "PERSON"),))
    rdf.write_ntriples(build_graph([f]), tmp_path / "g.nt")
    g = rdflib.Graph().parse(tmp_path / "g.nt", format="nt")
    assert rdflib.Literal("bad \ufffd name", lang="en") in set(g.objects())


def test_base_iri(seed_facts: list[ArticleFacts], tmp_path: Path) -> None:
    G = build_graph(seed_facts)
    rdf.write_turtle(G, tmp_path / "g.ttl", "https://data.example.org/kg/")
    g = rdflib.Graph().parse(tmp_path / "g.ttl")
    assert (rdflib.URIRef("https://data.example.org/kg/entity/Q159"), None, None) in g
    assert not any("kg.local/entity" in str(s) for s in g.subjects())
    for bad in ("no-scheme/", "http://x.org/no-slash", "http://x.org/a b/", "http://x.org/kg#"):
        with pytest.raises(ValueError):
            rdf.write_turtle(G, tmp_path / "bad.ttl", bad)
    assert not (tmp_path / "bad.ttl").exists()


def test_generate_triples_distinct(two_articles: list[ArticleFacts]) -> None:
    G = build_graph(two_articles)
    triples = list(rdf.generate_triples(G))
    assert len(triples) == len(set(triples))
    assert {(s, p, o) for s, p, o, _ in rdf.generate_quads(G)} == set(triples)


# --------------------------------------------------------------------- SHACL


def _shapes() -> rdflib.Graph:
    text = resources.files("kg").joinpath("data/shapes.ttl").read_text(encoding="utf-8")
    return rdflib.Graph().parse(data=text, format="turtle")


def test_shacl_conforms(two_articles: list[ArticleFacts], hostile_facts: list[ArticleFacts]) -> None:
    pyshacl = pytest.importorskip("pyshacl")
    for facts in (two_articles, hostile_facts):
        conforms, _, report = pyshacl.validate(_rdflib_union_of(facts), shacl_graph=_shapes())
        assert conforms, report


def test_shacl_catches_errors(seed_facts: list[ArticleFacts]) -> None:
    pyshacl = pytest.importorskip("pyshacl")
    g = _rdflib_union_of(seed_facts)
    russia = rdflib.URIRef(BASE + "entity/Q159")
    g.add((russia, SCHEMA.name, rdflib.Literal("Rossiya", lang="ru")))  # two names
    event = next(g.subjects(SEM.eventType, CAMEO["10"]))
    g.remove((event, SEM.hasActor, None))  # no actor
    pos = next(g.subjects(RDF.type, rdflib.URIRef("http://www.w3.org/ns/oa#TextPositionSelector")))
    g.set((pos, rdflib.URIRef("http://www.w3.org/ns/oa#start"), rdflib.Literal("x")))
    conforms, results, _ = pyshacl.validate(g, shacl_graph=_shapes())
    assert not conforms
    paths = {str(p) for p in results.objects(None, rdflib.SH.resultPath)}
    assert {str(SCHEMA.name), str(SEM.hasActor), "http://www.w3.org/ns/oa#start"} <= paths


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ('https://ex.org/a b?q="1"&r=<2>#frag', "https://ex.org/a%20b?q=%221%22&r=%3C2%3E#frag"),
        ("https://ex.org/100%zz/é", "https://ex.org/100%25zz/%C3%A9"),
        ("http://[not-an-ip/x", None),
        ("relative/path", None),
    ],
)
def test_article_urls(url: str, expected: str | None, tmp_path: Path) -> None:
    G = build_graph([ArticleFacts(Article("d", "x", url=url))])
    rdf.write_ntriples(G, tmp_path / "g.nt")
    g = rdflib.Graph().parse(tmp_path / "g.nt", format="nt")
    assert list(ox.parse(path=str(tmp_path / "g.nt"), format=ox.RdfFormat.N_TRIPLES))
    value = g.value(rdflib.URIRef(BASE + "article/d"), SCHEMA.url)
    if expected is None:
        assert value == rdflib.Literal(url)
    else:
        assert value == rdflib.URIRef(expected)


def test_every_cameo_concept_written_has_a_label() -> None:
    """#18: the finer codes too (100, 192, 112 ... had none)."""
    from dataclasses import replace

    import pyoxigraph as ox

    from kg.api import example_facts
    from kg.graph import build_graph
    from kg.rdf import nquads

    facts = example_facts()
    codes = ("192", "1121", "100")
    finer = [replace(f, events=tuple(replace(e, cameo=codes[n % 3]) for n, e in enumerate(f.events))) for f in facts]
    quads = list(ox.parse(nquads(build_graph(finer), "http://kg.local/").encode(), ox.RdfFormat.N_QUADS))
    concept = ox.NamedNode("http://www.w3.org/2004/02/skos/core#Concept")
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    concepts = {q.subject for q in quads if q.object == concept}
    labelled = {q.subject for q in quads if q.predicate == label}
    assert len(concepts) > 20 and concepts <= labelled
