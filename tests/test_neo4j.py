"""The Neo4j CSV bundle (kg.neo4j, kg neo4j; #18)."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from kg.api import example
from kg.cli import app
from kg.exports import write_exports
from kg.neo4j import write_neo4j_csv


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_bundle_holds_every_node_and_relationship_with_neo4j_headers(tmp_path: Path) -> None:
    G = example().to_networkx()
    paths = write_neo4j_csv(G, tmp_path)
    entities, events, articles = (_rows(paths[k]) for k in ("entities", "events", "articles"))
    rels = _rows(paths["relationships"])
    kinds = [d["kind"] for _, d in G.nodes(data=True)]
    assert (len(entities), len(events), len(articles)) == (kinds.count("entity"), kinds.count("event"),
                                                           kinds.count("article"))
    assert list(entities[0])[:1] == ["key:ID"] and ":LABEL" in entities[0]
    assert list(rels[0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    ids = {r["key:ID"] for r in entities + events + articles}
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in rels)  # every end is a node
    russia = next(r for r in entities if r["name"] == "Russia")
    assert russia[":LABEL"] == "Entity;Country" and russia["wikidata"] == "Q159"
    assert any(r[":TYPE"] == "DEMAND" and r[":END_ID"] == "entity:Q7184" for r in rels)  # the shortcut
    assert {r[":TYPE"] for r in rels} >= {"SOURCE", "TARGET", "MENTIONED_IN", "AFFILIATED_WITH"}


def test_kg_neo4j_writes_the_bundle_and_says_how_to_import_it(tmp_path: Path) -> None:
    from kg.api import example_facts

    write_exports(example_facts(), tmp_path / "out")
    result = CliRunner().invoke(app, ["neo4j", str(tmp_path / "out"), "-o", str(tmp_path / "bundle")])
    assert result.exit_code == 0, result.output
    assert "neo4j-admin database import full" in result.output
    assert sorted(p.name for p in (tmp_path / "bundle").iterdir()) == [
        "articles.csv", "entities.csv", "events.csv", "relationships.csv"]
    bad = CliRunner().invoke(app, ["neo4j", str(tmp_path / "nothing"), "-o", str(tmp_path / "b2")])
    assert bad.exit_code == 2 and bad.output.startswith("kg: error:")
