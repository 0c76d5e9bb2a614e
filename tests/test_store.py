"""The embedded store (#5): written atomically by kg build, queried by kg query, grown by --append."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.exports import write_exports
from kg.graph import build_graph
from kg.rdf import generate_quads, nquads
from kg.records import Article, ArticleFacts
from kg.store import base_iri_of, memory_store, open_store, query, write_store

from .conftest import make_second_facts, make_seed_facts

EXPORTS = ("facts.jsonl", "graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.graphml", "graph.json")


def _quads(store: ox.Store) -> set[str]:
    return {str(q) for q in store.quads_for_pattern(None, None, None, None)}


def test_store_holds_every_quad_and_counts_the_union(two_articles: list[ArticleFacts], tmp_path: Path) -> None:
    G = build_graph(two_articles)
    path = write_store(G, tmp_path / "out", "https://data.example.org/kg/")
    assert path == tmp_path / "out" / "store"
    store = open_store(tmp_path / "out")
    expected = _quads(memory_store(G, "https://data.example.org/kg/"))
    assert len(expected) == len(nquads(G, "https://data.example.org/kg/").splitlines())
    assert _quads(store) == expected
    (row,) = query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(row["n"].value) == len(expected)
    assert base_iri_of(store) == "https://data.example.org/kg/"
    assert open_store(path) is not None  # read-only: several readers at once
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["store"]


def test_store_is_replaced_whole(
    seed_facts: list[ArticleFacts], two_articles: list[ArticleFacts], tmp_path: Path
) -> None:
    write_store(build_graph(seed_facts), tmp_path)
    reader = open_store(tmp_path)
    assert _quads(reader) == _quads(memory_store(build_graph(seed_facts)))
    write_store(build_graph(two_articles), tmp_path)
    assert _quads(open_store(tmp_path)) == _quads(memory_store(build_graph(two_articles)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no temporary folder left


def test_a_store_moved_aside_by_a_killed_run_is_found(seed_facts: list[ArticleFacts], tmp_path: Path) -> None:
    write_store(build_graph(seed_facts), tmp_path)
    expected = _quads(open_store(tmp_path))
    (tmp_path / "store").rename(tmp_path / ".graph.store-old-123.tmp")  # killed between the two renames
    (tmp_path / ".graph.store-abc.tmp").mkdir()  # and the new one's temporary folder
    assert _quads(open_store(tmp_path)) == expected
    write_store(build_graph(seed_facts), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
    assert _quads(open_store(tmp_path)) == expected


def test_open_store_without_a_store(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no kg store"):
        open_store(tmp_path)


@pytest.fixture
def built(two_articles: list[ArticleFacts], tmp_path: Path) -> Path:
    out = tmp_path / "out"
    paths = write_exports(two_articles, out)
    assert paths["store"] == out / "store"
    return out


def test_kg_query_formats(built: Path) -> None:
    run = CliRunner().invoke
    r = run(app, ["query", str(built), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv"])
    assert r.exit_code == 0, r.output
    n = int(r.stdout.split()[1])
    assert n == len(_quads(open_store(built)))
    q = "SELECT DISTINCT ?name WHERE { ?e kg:demand ?o ; schema:name ?name } ORDER BY ?name"
    r = run(app, ["query", str(built), q, "-f", "json"])
    data = json.loads(r.stdout)
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == ["Russia", "Vladimir Putin"]
    r = run(app, ["query", str(built), q, "-f", "tsv"])
    assert r.stdout.splitlines() == ["?name", '"Russia"@en', '"Vladimir Putin"@en']
    r = run(app, ["query", str(built), q])
    assert "Vladimir Putin" in r.stdout and "Russia" in r.stdout
    r = run(app, ["query", str(built), "ASK { ?s kg:demand ?o }"])
    assert r.stdout == "true\n"
    r = run(app, ["query", str(built), "ASK { ?s kg:demand ?o }", "-f", "json"])
    assert json.loads(r.stdout)["boolean"] is True
    r = run(app, ["query", str(built), "CONSTRUCT { ?s kg:demand ?o } WHERE { ?s kg:demand ?o }"])
    assert len(list(ox.parse(r.stdout.encode(), ox.RdfFormat.N_TRIPLES))) == 2


def test_kg_query_from_file_and_errors(built: Path, tmp_path: Path) -> None:
    run = CliRunner().invoke
    (tmp_path / "q.rq").write_text("SELECT ?s WHERE { ?s a schema:Country } ORDER BY ?s")
    r = run(app, ["query", str(built), f"@{tmp_path / 'q.rq'}", "-f", "csv"])
    assert r.stdout.split() == ["s", "http://kg.local/entity/Q159", "http://kg.local/entity/Q30"]
    r = run(app, ["query", str(built), "SELEC nothing"])
    assert r.exit_code == 2 and "invalid SPARQL" in r.output
    r = run(app, ["query", str(tmp_path / "nowhere"), "ASK {}"])
    assert r.exit_code == 2 and "no kg store" in r.output
    r = run(app, ["query", str(built), "ASK {}", "-f", "xml"])
    assert r.exit_code == 2


# --------------------------------------------------------------------------- build --append


@pytest.fixture
def fake_extraction(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``kg build A``/``B`` without the model: A is the seed-like article, B the second one
    (files of that name in the working folder, which kg checks exist before it starts)."""
    made = {"A": make_seed_facts, "B": make_second_facts}
    monkeypatch.chdir(tmp_path)
    for name in made:
        (tmp_path / name).write_text("(read by the fake read_inputs)\n", encoding="utf-8")
    by_id = {make().article.doc_id: make for make in made.values()}

    def read_inputs(inputs: list[str], **_: object) -> Iterator[Article]:
        return (made[name]().article for name in inputs)

    def extract_corpus(articles: Iterable[Article], *_: object, **__: object) -> Iterator[ArticleFacts]:
        return (by_id[a.doc_id]() for a in articles)

    monkeypatch.setattr("kg.sources.read_inputs", read_inputs)
    monkeypatch.setattr("kg.parallel.extract_corpus", extract_corpus)


def _build(*args: str) -> str:
    r = CliRunner().invoke(app, ["build", *args, "--quiet"])
    assert r.exit_code == 0, r.output
    return r.output


def test_append_gives_the_graph_of_one_build(fake_extraction: None, tmp_path: Path) -> None:
    together, apart = tmp_path / "together", tmp_path / "apart"
    _build("A", "B", "-o", str(together))
    _build("A", "-o", str(apart))
    _build("B", "-o", str(apart), "--append")
    for name in (*EXPORTS, "graph.html"):
        if (together / name).exists():
            assert (apart / name).read_bytes() == (together / name).read_bytes(), name
    assert _quads(open_store(apart)) == _quads(open_store(together))


def test_append_skips_articles_already_there(fake_extraction: None, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build("A", "B", "-o", str(out))
    before = {name: (out / name).read_bytes() for name in EXPORTS}
    note = _build("B", "-o", str(out), "--append")
    assert "skipped article 'putin-repeats': already in the graph" in note
    assert {name: (out / name).read_bytes() for name in EXPORTS} == before


def test_append_keeps_the_base_iri_and_starts_when_empty(fake_extraction: None, tmp_path: Path) -> None:
    out = tmp_path / "out"
    note = _build("A", "-o", str(out), "--append", "--base-iri", "https://ex.org/kg/")
    assert "--append starts a new graph" in note
    _build("B", "-o", str(out), "--append")
    assert base_iri_of(open_store(out)) == "https://ex.org/kg/"
    assert "<https://ex.org/kg/article/putin-repeats>" in (out / "graph.nt").read_text()


@pytest.mark.parametrize("per_load", [7, 10**9])
def test_the_store_is_streamed_in_bulk_loads_holding_exactly_the_quads_of_nquads(
    two_articles: list[ArticleFacts], monkeypatch: pytest.MonkeyPatch, per_load: int
) -> None:
    import kg.store

    G = build_graph(two_articles)
    text = nquads(G)
    reference = ox.Store()  # as the store was loaded before it streamed: N-Quads text at once
    reference.bulk_load(text.encode("utf-8"), ox.RdfFormat.N_QUADS)
    expected = _quads(reference)
    assert len(expected) == len(text.splitlines())
    monkeypatch.setattr(kg.store, "BULK_LOAD_QUADS", per_load)
    assert _quads(memory_store(G)) == expected
    generated = sum(1 for _ in generate_quads(G))  # repeats some quads
    monkeypatch.setattr(kg.store, "BULK_LOAD_QUADS", generated)  # the quads end where a load ends
    assert _quads(memory_store(G)) == expected


def test_nquads_reader_reads_in_any_size() -> None:
    import io

    from kg.store import _NQuadsReader

    quads = [("<s>", "<p>", f'"{i} é"', "<g>") for i in range(100)]
    expected = "".join(f"{s} {p} {o} {g} .\n" for s, p, o, g in quads).encode()
    for size in (1, 3, 64, 10_000):
        reader = _NQuadsReader(iter(quads))
        chunks = iter(lambda: reader.read(size), b"")  # noqa: B023
        assert b"".join(chunks) == expected
        assert reader.lines == 100
    assert io.BufferedReader(_NQuadsReader(iter(quads))).read() == expected


def test_a_title_told_by_several_articles_is_one_row(tmp_path: Path) -> None:
    """#18: titles and affiliations live once in the entities graph (each article's graph
    holds their reification), so a query over the union finds each once."""
    from dataclasses import replace

    from kg.records import HOLDS_POSITION

    first, second = make_seed_facts(), make_second_facts()
    titled = [r for r in first.relations if r.predicate == HOLDS_POSITION]
    assert titled
    second = replace(second, relations=tuple(second.relations) + tuple(
        replace(r, evidence=replace(r.evidence, doc_id=second.article.doc_id)) for r in titled))
    write_exports([first, second], tmp_path)
    rows = list(open_store(tmp_path).query(
        "SELECT ?p ?title WHERE { ?p <http://schema.org/jobTitle> ?title }", use_default_graph_as_union=True))
    pairs = [(str(r["p"]), str(r["title"])) for r in rows]
    assert pairs and len(pairs) == len(set(pairs))
