"""kg.exports: every export written, parseable, atomic; graph.html optional."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib

from kg.exports import write_exports
from kg.records import ArticleFacts

# rdflib's own TriG / JSON-LD / N-Quads parsers use its deprecated ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning",
    "ignore:Dataset.default_context is deprecated:DeprecationWarning",
)


FILES = {
    "facts": "facts.jsonl",
    "events": "events.csv",
    "ttl": "graph.ttl",
    "trig": "graph.trig",
    "nt": "graph.nt",
    "jsonld": "graph.jsonld",
    "graphml": "graph.graphml",
    "json": "graph.json",
    "store": "store",
}


@pytest.fixture
def no_html(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "kg.html", None)  # import raises ImportError


def test_writes_every_file(
    two_articles: list[ArticleFacts],
    tmp_path: Path,
    no_html: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    paths = write_exports(two_articles, tmp_path / "out")
    assert {k: p.name for k, p in paths.items()} == FILES
    assert "graph.html not written" in caplog.text
    for p in paths.values():
        assert p.stat().st_size > 0
    lines = paths["facts"].read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [f.to_json() for f in two_articles]
    assert lines[0] == json.dumps(two_articles[0].to_json(), ensure_ascii=False, sort_keys=True)
    for ext, fmt, oxfmt in (
        ("ttl", "turtle", ox.RdfFormat.TURTLE),
        ("nt", "nt", ox.RdfFormat.N_TRIPLES),
        ("trig", "trig", ox.RdfFormat.TRIG),
        ("jsonld", "json-ld", ox.RdfFormat.JSON_LD),
    ):
        assert len(rdflib.Dataset().parse(paths[ext], format=fmt)) >= 0
        assert any(True for _ in ox.parse(path=str(paths[ext]), format=oxfmt))
    assert nx.read_graphml(paths["graphml"]).number_of_nodes() > 0
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert nx.node_link_graph(data, edges="edges").number_of_nodes() > 0
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".")] == []


def test_calls_html_writer_when_present(
    seed_facts: list[ArticleFacts], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = types.ModuleType("kg.html")
    seen: list[int] = []

    def write_html(G: nx.MultiDiGraph, path: Path) -> None:
        seen.append(G.number_of_nodes())
        Path(path).write_text("<html></html>")

    fake.write_html = write_html  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kg.html", fake)
    paths = write_exports(seed_facts, tmp_path)
    assert paths["html"] == tmp_path / "graph.html" and seen and seen[0] > 0


def test_base_iri_and_bad_base(seed_facts: list[ArticleFacts], tmp_path: Path, no_html: None) -> None:
    paths = write_exports(iter(seed_facts), tmp_path / "a", base_iri="https://ex.org/kg/")
    assert "<https://ex.org/kg/entity/Q159>" in paths["nt"].read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        write_exports(seed_facts, tmp_path / "b", base_iri="not an iri")
    assert not (tmp_path / "b").exists()


def test_empty_corpus(tmp_path: Path, no_html: None) -> None:
    paths = write_exports([], tmp_path)
    assert paths["facts"].read_text() == ""
    assert rdflib.Graph().parse(paths["ttl"], format="turtle") is not None


def test_facts_line_escapes_the_line_breaks_of_other_readers():
    from kg.exports import facts_line
    from kg.records import Article, ArticleFacts

    line = facts_line(ArticleFacts(Article("d", "a\u2028b\u2029c\x85d\ne")))
    assert line.endswith("\n") and len(line.splitlines()) == 1
    assert "\\u2028" in line and "\\u2029" in line and "\\u0085" in line
    assert json.loads(line)["text"] == "a\u2028b\u2029c\x85d\ne"
