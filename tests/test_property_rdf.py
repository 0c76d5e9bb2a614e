"""Property tests (#7): any name, title, id or content gives valid IRIs and literals in every export.

Records are built directly (as ``tests/conftest.py`` does, no NLP model) from random strings
(any code point but lone surrogates, which no UTF-8 input decodes to; ``kg.sources`` replaces
the ones JSON escapes make), written by :func:`kg.exports.write_exports`, parsed back by
pyoxigraph and by Raptor's ``rapper``, and every string is compared with what went in.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.exports import write_exports
from kg.graph import event_digest
from kg.graphio import _XML_INVALID
from kg.rdf import article_iri, entity_iri, literal
from kg.records import AFFILIATED_WITH, HOLDS_POSITION, Article, ArticleFacts, Entity, Event, Evidence, Relation

SCHEMA = "http://schema.org/"
KG = "http://kg.local/ns#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
RAPPER = shutil.which("rapper")

FRAGMENTS = [
    '"', "'", '"""', "'''", "\\", "\\n", "\\u0000", "\n", "\r", "\r\n", "\t", "\x00", "\x07", "\x1f", "\x7f",
    "\x85", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\U0010ffff", "<", ">", "&", "&amp;", "<script>",
    "</script>", "<img src=x onerror=alert(1)>", "]]>", "<!--", "{", "}", "|", "^", "`", "#", "?", "%", "%41",
    "%2E", "%%", "/", "//", ".", "..", "../", ":", "@", "_:b0", " ", "  ", "\u00a0", "\u200b", "\u202e",
    "\u202c", "\u200f", "😀", "🇺🇦", "👍🏽", "مرحبا", "עברית", "日本", "é", "e\u0301", "ﬁ", "İ", "ß", "@en",
    "^^<x>", "\" .\n<a> <b> <c> .", "} ; DROP ALL ; #", ".", ";", ",", "a", "Q159", "Q0", "prefix",
]  # fmt: skip
CHARS = st.characters(exclude_categories=("Cs",))


def hostile(min_size: int = 0) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(FRAGMENTS), st.text(CHARS, max_size=6))
    return st.lists(piece, min_size=min_size, max_size=6).map("".join).filter(lambda s: len(s) >= min_size)


@st.composite
def facts(draw: st.DrawFn) -> ArticleFacts:
    doc_id = draw(hostile(1))
    title = draw(st.none() | hostile(1))
    body = draw(hostile(1))
    a = Article(doc_id, body, title, url=draw(st.none() | hostile(1)))
    text = a.text
    end = draw(st.integers(0, len(text)))
    ev = Evidence(doc_id, 0, end, text, 0, len(text))
    k1, k2 = draw(hostile()), draw(hostile())
    if k1 == k2:
        k2 += "x"
    p = Entity(k1, draw(hostile()), "PERSON", tuple(draw(st.lists(hostile(), max_size=2))), mentions=(ev,))
    o = Entity(k2, draw(hostile()), draw(st.sampled_from(["ORGANIZATION", "COUNTRY", "", "DATE", "x y <z>"])))
    event = Event(
        draw(hostile()), "DEMAND", draw(st.sampled_from(["10", "1056", "x", ""])), draw(hostile()), ev,
        source=(k1,), target=(k2,), content=draw(st.none() | hostile()), time=draw(st.none() | hostile()),
        modality=draw(st.sampled_from(["asserted", "reported", "negated"])),
    )  # fmt: skip
    rels = (
        Relation(k1, HOLDS_POSITION, draw(hostile(1)), ev, object_is_entity=False),
        Relation(k1, AFFILIATED_WITH, k2, ev),
    )
    # a second act between the same actors: the kg:demand shortcut is one triple, not two
    again = Event("v2", "DEMAND", "101", "demanded", ev, source=(k1,), target=(k2,), content=draw(hostile()))
    return ArticleFacts(a, (p, o), (event, again), rels)


def parse(data: bytes, syntax: ox.RdfFormat) -> set[ox.Triple]:
    """The triples of ``data`` (graph names dropped)."""
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, syntax)}


def values(triples: set[ox.Triple], s: str, p: str) -> set[str]:
    return {t.object.value for t in triples if t.subject.value == s and t.predicate.value == p}


def iri(term: str) -> str:
    assert term[0] == "<" and term[-1] == ">"
    return term[1:-1]


_RAPTOR_CUT = re.compile("[\x00\ufffe\uffff]")


def raptor_view(triples: set[ox.Triple]) -> set[ox.Triple]:
    """``triples`` as Raptor reads them: it ends a literal at U+0000, U+FFFE or U+FFFF (C strings).

    kg writes those characters correctly escaped (pyoxigraph and rdflib read them back);
    Raptor's truncation is its own limitation.
    """
    out = set()
    for t in triples:
        o = t.object
        if isinstance(o, ox.Literal) and _RAPTOR_CUT.search(o.value):
            value = _RAPTOR_CUT.split(o.value, 1)[0]
            o = ox.Literal(value, language=o.language) if o.language else ox.Literal(value, datatype=o.datatype)
        out.add(ox.Triple(t.subject, t.predicate, o))
    return out


def rapper_ntriples(path: Path, syntax: str) -> set[ox.Triple]:
    """What Raptor reads from ``path``, as pyoxigraph triples (Raptor must accept the file)."""
    done = subprocess.run(["rapper", "-q", "-i", syntax, "-o", "ntriples", str(path)], capture_output=True, timeout=60)
    assert done.returncode == 0 and not done.stderr, (path.name, done.stderr.decode("utf-8", "replace"))
    return parse(done.stdout, ox.RdfFormat.N_TRIPLES)


def check_exports(f: ArticleFacts, out: Path) -> None:
    a, (p, o), (event, _), (job, _) = f.article, f.entities, f.events, f.relations
    text = (out / "facts.jsonl").read_text(encoding="utf-8")
    assert json.loads(text[:-1]) == json.loads(json.dumps(f.to_json()))  # one line, exactly the facts
    assert text.count("\n") == 1

    lines = (out / "graph.nt").read_bytes().splitlines()
    assert lines == sorted(set(lines))  # sorted, no duplicate
    nt = parse((out / "graph.nt").read_bytes(), ox.RdfFormat.N_TRIPLES)
    assert len(nt) == len(lines)
    assert nt == parse((out / "graph.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    quads = set(ox.parse((out / "graph.trig").read_bytes(), ox.RdfFormat.TRIG))
    assert quads == set(ox.parse((out / "graph.jsonld").read_bytes(), ox.RdfFormat.JSON_LD))
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in quads} == nt

    art, ps, os_ = iri(article_iri(a.doc_id)), iri(entity_iri(p.key)), iri(entity_iri(o.key))
    assert values(nt, art, SCHEMA + "identifier") == {a.doc_id}
    assert values(nt, art, SCHEMA + "headline") == ({a.title} if a.title else set())
    assert values(nt, ps, SCHEMA + "identifier") == {p.key}
    assert values(nt, ps, SCHEMA + "name") == {p.name or p.key}
    assert values(nt, ps, SCHEMA + "alternateName") == {x for x in p.aliases if x and x != p.name}
    assert values(nt, ps, SCHEMA + "jobTitle") == {job.object}
    assert values(nt, os_, SCHEMA + "name") == {o.name or o.key}
    ev_iri = f"http://kg.local/event/{event_digest(event)}"
    assert values(nt, ev_iri, KG + "content") == ({event.content} if event.content else set())
    assert values(nt, ev_iri, KG + "trigger") == ({event.trigger} if event.trigger else set())
    assert values(nt, ev_iri, SEM + "hasTimeStamp") == ({event.time} if event.time else set())
    exact = {t.object.value for t in nt if t.predicate.value == "http://www.w3.org/ns/oa#exact"}
    assert exact <= {a.text[: ev.end] for ev in [p.mentions[0]]} | {a.text[: event.evidence.end]}
    if a.url:
        (url,) = values(nt, art, SCHEMA + "url")
        assert url == a.url or ox.NamedNode(url)

    G = nx.node_link_graph(json.loads((out / "graph.json").read_text(encoding="utf-8")), edges="edges")
    assert G.nodes[f"entity:{p.key}"]["name"] == p.name
    assert G.nodes[f"article:{a.doc_id}"]["title"] == a.title
    H = nx.read_graphml(out / "graph.graphml")
    # GraphML (XML 1.0) cannot hold U+0000 and other controls: U+FFFD; everything else exactly (CRs too)
    node = H.nodes[_XML_INVALID.sub("\ufffd", f"entity:{p.key}")]
    assert node["key"] == _XML_INVALID.sub("\ufffd", p.key)
    assert node.get("name", "") == _XML_INVALID.sub("\ufffd", p.name)
    assert H.nodes[_XML_INVALID.sub("\ufffd", f"article:{a.doc_id}")].get("title") == (
        _XML_INVALID.sub("\ufffd", a.title) if a.title else None
    )

    if RAPPER:
        for name, syntax in (("graph.nt", "ntriples"), ("graph.ttl", "turtle"), ("graph.trig", "trig")):
            assert rapper_ntriples(out / name, syntax) == raptor_view(nt), name


#: Examples per run; ``KG_PROPERTY_EXAMPLES=2000 pytest tests/test_property_rdf.py`` for a long run.
EXAMPLES = int(os.environ.get("KG_PROPERTY_EXAMPLES", "15"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts())
def test_any_strings_round_trip_through_every_export(f: ArticleFacts) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        write_exports([f], tmp)
        check_exports(f, Path(tmp))


@pytest.mark.skipif(RAPPER is None, reason="rapper (raptor2-utils) is not installed")
@pytest.mark.parametrize("fixture", ["hostile_facts", "two_articles"])
def test_fixture_facts_read_the_same_in_rapper_and_pyoxigraph(
    fixture: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    write_exports(request.getfixturevalue(fixture), tmp_path)
    nt = parse((tmp_path / "graph.nt").read_bytes(), ox.RdfFormat.N_TRIPLES)
    for name, syntax in (("graph.nt", "ntriples"), ("graph.ttl", "turtle"), ("graph.trig", "trig")):
        assert rapper_ntriples(tmp_path / name, syntax) == raptor_view(nt), name


@settings(max_examples=12 * EXAMPLES, deadline=None)
@given(st.text(CHARS), st.text(CHARS))
def test_terms_are_valid_for_any_string(key: str, value: str) -> None:
    for term in (entity_iri(key), article_iri(key), entity_iri(key, "https://ex.org/a%20b/")):
        ox.NamedNode(iri(term))
    plain, english = ox.Literal(value), ox.Literal(value, language="en")
    for lit, expected in ((literal(value), plain), (literal(value, lang="en"), english)):
        (t,) = ox.parse(f"<http://x/s> <http://x/p> {lit} .\n".encode(), ox.RdfFormat.N_TRIPLES)
        assert t.object == expected
    assert entity_iri(key) != entity_iri(key + "/") and entity_iri(key) != entity_iri(key + ".")
