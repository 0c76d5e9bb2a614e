"""kg.rdfio: every writer round-trips through strict parsers, deterministically; Turtle layout."""

from __future__ import annotations

import dataclasses
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from kg import rdfio
from kg.graph import build_graph
from kg.rdf import DEFAULT_BASE_IRI, entity_iri, generate_triples, prefixes_for
from kg.records import ArticleFacts
from kg.vocab import CAMEO, KG, SCHEMA, SEM

from .conftest import HOSTILE_ALIAS, HOSTILE_CONTENT, HOSTILE_NAME

# rdflib's own TriG / JSON-LD / N-Quads parsers use its deprecated ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning",
    "ignore:Dataset.default_context is deprecated:DeprecationWarning",
)


BASE = DEFAULT_BASE_IRI
WRITERS: dict[str, tuple[Callable[..., None], str, ox.RdfFormat]] = {
    "nt": (rdfio.write_ntriples, "nt", ox.RdfFormat.N_TRIPLES),
    "ttl": (rdfio.write_turtle, "turtle", ox.RdfFormat.TURTLE),
    "trig": (rdfio.write_trig, "trig", ox.RdfFormat.TRIG),
    "jsonld": (rdfio.write_jsonld, "json-ld", ox.RdfFormat.JSON_LD),
}
RAPPER = {"nt": "ntriples", "ttl": "turtle", "trig": "trig"}


def _write_all(G: nx.MultiDiGraph, tmp: Path, base: str = BASE) -> dict[str, Path]:
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


# ------------------------------------------------------------------- parsers


def test_hostile_strings_round_trip(hostile_facts: list[ArticleFacts], tmp_path: Path) -> None:
    G = build_graph(hostile_facts)
    paths = _write_all(G, tmp_path)
    key = hostile_facts[0].entities[0].key
    person = rdflib.URIRef(entity_iri(key)[1:-1])
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
    times = {str(o): o.datatype if isinstance(o, rdflib.Literal) else o for o in g.objects(None, SEM.hasTimeStamp)}
    assert times == {"2022-02": rdflib.XSD.gYearMonth, "sometime": None}


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


# ------------------------------------------------------------ Turtle layout

E, NS = "http://kg.local/entity/", "http://kg.local/ns#"
RU, NATO, US = f"<{E}Q159>", f"<{E}Q7184>", f"<{E}Q30>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def test_turtle_lines_groups_subjects_types_first_predicates_sorted() -> None:
    triples = [
        (RU, f"<{NS}demand>", NATO),
        (NATO, f"<{NS}entityType>", '"ORGANIZATION"'),
        (RU, TYPE, f"<{NS}Entity>"),
        (RU, f"<{NS}confidence>", '"0.9"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
        (RU, f"<{NS}demand>", US),
        (RU, f"<{NS}demand>", NATO),  # duplicate: dropped
        (US, f"<{NS}odd>", f"<{E}a%20b>"),  # not a valid local name: kept as an IRI
    ]
    prefixes = {"entity": E, "kg": NS, "xsd": "http://www.w3.org/2001/XMLSchema#"}
    assert "".join(rdfio.turtle_lines(triples, prefixes)) == (
        "entity:Q159 a kg:Entity ;\n"
        '    kg:confidence "0.9"^^xsd:decimal ;\n'
        "    kg:demand entity:Q7184, entity:Q30 .\n\n"
        'entity:Q7184 kg:entityType "ORGANIZATION" .\n\n'
        f"entity:Q30 kg:odd <{E}a%20b> .\n\n"
    )
    indented = "".join(rdfio.turtle_lines(triples[:1], prefixes, indent="    "))
    assert indented == "    entity:Q159 kg:demand entity:Q7184 .\n\n"


def test_ntriples_lines_sorted_and_distinct(two_articles: list[ArticleFacts]) -> None:
    triples = list(generate_triples(build_graph(two_articles)))
    lines = rdfio.ntriples_lines(triples + triples[:5])
    assert lines == sorted(set(lines)) and len(lines) == len(set(triples))
    assert rdfio.ntriples_lines(triples, unique=True) == lines


def test_jsonld_document_context_and_graphs(two_articles: list[ArticleFacts]) -> None:
    doc = rdfio.jsonld_document(build_graph(two_articles))
    assert doc["@context"] == dict(sorted(prefixes_for(BASE).items()))
    names = {g["@id"] for g in doc["@graph"]}
    assert {"graph:entities", "graph:cameo", f"{BASE}graph/article/putin-repeats"} <= names
    entities = next(g["@graph"] for g in doc["@graph"] if g["@id"] == "graph:entities")
    russia = next(n for n in entities if n["@id"] == "entity:Q159")
    assert russia["schema:name"] == [{"@value": "Russia", "@language": "en"}]


def test_importable_first_and_re_exported_by_rdf() -> None:
    code = "import kg.rdfio, kg.rdf; assert kg.rdf.write_turtle is kg.rdfio.write_turtle"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])


# --------------------------------------------------------------- bounded memory
def test_sorted_lines_sorts_and_dedupes_across_spilled_runs(tmp_path: Path) -> None:
    rng = random.Random(7)
    lines = [f"<s{rng.randrange(500)}> <p> \"{rng.randrange(50)}\" .\n".encode() for _ in range(5000)]
    assert list(rdfio.sorted_lines(lines, tmp_path, spill_bytes=2000)) == sorted(set(lines))
    assert list(rdfio.sorted_lines([], tmp_path)) == []
    assert list(tmp_path.iterdir()) == []  # the runs are anonymous files, gone when closed


def _write_four(G: nx.MultiDiGraph, out: Path) -> dict[str, bytes]:
    writers = {"nt": rdfio.write_ntriples, "ttl": rdfio.write_turtle, "trig": rdfio.write_trig,
               "jsonld": rdfio.write_jsonld}
    for ext, write in writers.items():
        write(G, out / f"g.{ext}")
    return {ext: (out / f"g.{ext}").read_bytes() for ext in writers}


def test_spilling_to_disk_changes_no_byte(seed_facts: list[ArticleFacts], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    G = build_graph(seed_facts)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    in_memory = _write_four(G, tmp_path / "a")
    monkeypatch.setattr(rdfio, "SPILL_BYTES", 4096)  # dozens of runs
    assert _write_four(G, tmp_path / "b") == in_memory
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["g.jsonld", "g.nt", "g.trig", "g.ttl"]


@pytest.mark.parametrize("empty", [False, True])
def test_streamed_jsonld_is_the_document_dumped(seed_facts: list[ArticleFacts], tmp_path: Path, empty: bool) -> None:
    import json

    G = nx.MultiDiGraph() if empty else build_graph(seed_facts)
    rdfio.write_jsonld(G, tmp_path / "g.jsonld")
    expected = json.dumps(rdfio.jsonld_document(G), ensure_ascii=False, indent=1) + "\n"
    assert (tmp_path / "g.jsonld").read_text(encoding="utf-8") == expected


def test_turtle_and_trig_hold_the_graphs_statements(seed_facts: list[ArticleFacts], tmp_path: Path) -> None:
    from kg.rdf import nquads

    G = build_graph(seed_facts)
    rdfio.write_turtle(G, tmp_path / "g.ttl")
    rdfio.write_trig(G, tmp_path / "g.trig")
    rdfio.write_ntriples(G, tmp_path / "g.nt")
    nt = _ox_triples(tmp_path / "g.nt", ox.RdfFormat.N_TRIPLES)
    assert _ox_triples(tmp_path / "g.ttl", ox.RdfFormat.TURTLE) == nt

    def quads(**source: object) -> set[ox.Quad]:
        return set(ox.parse(**source))  # type: ignore[arg-type]

    assert quads(path=str(tmp_path / "g.trig"), format=ox.RdfFormat.TRIG) == quads(
        input=nquads(G).encode(), format=ox.RdfFormat.N_QUADS)
