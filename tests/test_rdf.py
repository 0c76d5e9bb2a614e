"""kg.rdf: RDF modelling, determinism, escaping, parsers, SHACL."""

from __future__ import annotations

import dataclasses
import random
import shutil
import subprocess
from collections.abc import Callable
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

from .conftest import HOSTILE_ALIAS, HOSTILE_CONTENT, HOSTILE_NAME

# rdflib's own TriG / JSON-LD / N-Quads parsers use its deprecated ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning",
    "ignore:Dataset.default_context is deprecated:DeprecationWarning",
)


BASE = rdf.DEFAULT_BASE_IRI
WRITERS: dict[str, tuple[Callable[..., None], str, ox.RdfFormat]] = {
    "nt": (rdf.write_ntriples, "nt", ox.RdfFormat.N_TRIPLES),
    "ttl": (rdf.write_turtle, "turtle", ox.RdfFormat.TURTLE),
    "trig": (rdf.write_trig, "trig", ox.RdfFormat.TRIG),
    "jsonld": (rdf.write_jsonld, "json-ld", ox.RdfFormat.JSON_LD),
}
RAPPER = {"nt": "ntriples", "ttl": "turtle", "trig": "trig"}


def _write_all(G, tmp: Path, base: str = BASE) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    out = {}
    for ext, (write, *_) in WRITERS.items():
        out[ext] = tmp / f"graph.{ext}"
        write(G, out[ext], base)
    return out


def _ox_triples(path: Path, fmt: ox.RdfFormat) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in ox.parse(path=str(path), format=fmt)}


def _rdflib_union(path: Path, fmt: str) -> rdflib.Graph:
    if fmt in ("trig", "json-ld"):
        ds = rdflib.Dataset()
        ds.parse(path, format=fmt)
        union = rdflib.Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return rdflib.Graph().parse(path, format=fmt)


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
    assert stamp.datatype == rdflib.XSD.date and str(stamp) == "2022-01-10"
    assert g.value(consult, SEM.hasPlace) == rdflib.URIRef(BASE + "entity/Q71")
    art = rdflib.URIRef(BASE + "article/blinken-geneva-talks")
    assert g.value(art, SCHEMA.datePublished).datatype == rdflib.XSD.date
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


def test_hostile_strings_round_trip(hostile_facts: list[ArticleFacts], tmp_path: Path) -> None:
    G = build_graph(hostile_facts)
    paths = _write_all(G, tmp_path)
    key = hostile_facts[0].entities[0].key
    person = rdflib.URIRef(rdf.entity_iri(key)[1:-1])
    for ext, (_, fmt, oxfmt) in WRITERS.items():
        g = _rdflib_union(paths[ext], fmt)
        assert g.value(person, SCHEMA.name) == rdflib.Literal(HOSTILE_NAME, lang="en"), ext
        alts = set(g.objects(person, SCHEMA.alternateName))
        assert rdflib.Literal(HOSTILE_ALIAS, lang="en") in alts, ext
        assert (None, KG.content, rdflib.Literal(HOSTILE_CONTENT, lang="en")) in g, ext
        assert (None, SCHEMA.identifier, rdflib.Literal(hostile_facts[0].article.doc_id)) in g
        oxt = _ox_triples(paths[ext], oxfmt)
        names = {o for s, p, o in oxt if p == f"<{SCHEMA.name}>" and s == f"<{person}>"}
        assert names == {str(ox.Literal(HOSTILE_NAME, language="en"))}, ext
    # CAMEO 1056 is below 105, below 10; the hypothetical FIGHT has no shortcut triple
    g = _rdflib_union(paths["nt"], "nt")
    assert g.value(CAMEO["1056"], SKOS.broader) == CAMEO["105"]
    assert g.value(CAMEO["105"], SKOS.broader) == CAMEO["10"]
    assert not list(g.triples((None, KG.fight, None)))
    assert list(g.triples((person, KG.demand, None)))
    times = {str(o): o.datatype for o in g.objects(None, SEM.hasTimeStamp)}
    assert times == {"2022-02": rdflib.XSD.gYearMonth, "sometime": None}


def test_lone_surrogate_does_not_crash(tmp_path: Path) -> None:
    f = ArticleFacts(Article("d\ud800", "x"), (Entity("x/\udfff", "bad \ud800 name", "PERSON"),))
    rdf.write_ntriples(build_graph([f]), tmp_path / "g.nt")
    g = rdflib.Graph().parse(tmp_path / "g.nt", format="nt")
    assert rdflib.Literal("bad \ufffd name", lang="en") in set(g.objects())


# ------------------------------------------------------------------- parsers


def test_every_format_parses_to_the_same_triples(two_articles: list[ArticleFacts], tmp_path: Path) -> None:
    paths = _write_all(build_graph(two_articles), tmp_path)
    reference = _ox_triples(paths["nt"], ox.RdfFormat.N_TRIPLES)
    assert len(reference) == len(paths["nt"].read_text(encoding="utf-8").splitlines())
    ref_graph = rdflib.Graph().parse(paths["nt"], format="nt")
    for ext, (_, fmt, oxfmt) in WRITERS.items():
        assert _ox_triples(paths[ext], oxfmt) == reference, ext
        assert isomorphic(_rdflib_union(paths[ext], fmt), ref_graph), ext
    text = paths["nt"].read_text(encoding="utf-8").splitlines()
    assert text == sorted(set(text))  # sorted, no duplicates
    assert "_:" not in "".join(text)  # no blank nodes


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
@pytest.mark.parametrize("which", ["seed", "hostile"])
def test_rapper_accepts_output(
    which: str, two_articles: list[ArticleFacts], hostile_facts: list[ArticleFacts], tmp_path: Path
) -> None:
    facts = two_articles if which == "seed" else hostile_facts
    paths = _write_all(build_graph(facts), tmp_path)
    for ext, syntax in RAPPER.items():
        run = subprocess.run(["rapper", "-i", syntax, "-c", str(paths[ext])], capture_output=True, text=True)
        assert run.returncode == 0, (ext, run.stderr)
        assert "Error" not in run.stderr and "Warning" not in run.stderr, (ext, run.stderr)


def test_output_is_deterministic(two_articles: list[ArticleFacts], tmp_path: Path) -> None:
    a = _write_all(build_graph(two_articles), tmp_path / "a")
    rng = random.Random(7)
    shuffled = []
    for f in reversed(two_articles):
        ents, evs = list(f.entities), list(f.events)
        rng.shuffle(ents)
        rng.shuffle(evs)
        shuffled.append(dataclasses.replace(f, entities=tuple(ents), events=tuple(evs)))
    b = _write_all(build_graph(shuffled), tmp_path / "b")
    for ext in WRITERS:
        assert a[ext].read_bytes() == b[ext].read_bytes(), ext


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
