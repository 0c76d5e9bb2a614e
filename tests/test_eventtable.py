"""The event table (kg.eventtable, #18): one row per event, GDELT-like columns."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from kg.api import example
from kg.eventtable import COLUMNS, GOLDSTEIN, generate_event_rows, quad_class, write_events_csv
from kg.graph import build_graph, normalise_content
from kg.records import CAMEO_ROOTS


@pytest.mark.parametrize(("root", "quad"), [("01", 1), ("05", 1), ("06", 2), ("08", 2), ("09", 3), ("13", 3),
                                            ("14", 4), ("20", 4), ("00", None), ("x", None)])
def test_quad_classes_are_gdelts(root: str, quad: int | None) -> None:
    assert quad_class(root) == quad


def test_every_root_has_a_goldstein_value_on_the_scale() -> None:
    assert set(GOLDSTEIN) == set(CAMEO_ROOTS)
    assert all(-10 <= v <= 10 for v in GOLDSTEIN.values())
    assert GOLDSTEIN["19"] < GOLDSTEIN["10"] < GOLDSTEIN["01"] < GOLDSTEIN["07"]


def test_one_row_per_event_with_every_column() -> None:
    kg = example()
    G = kg.to_networkx()
    rows = list(generate_event_rows(G))
    assert len(rows) == sum(1 for _, d in G.nodes(data=True) if d["kind"] == "event")
    assert all(list(r) == list(COLUMNS) for r in rows)
    demands = [r for r in rows if r["event_type"] == "DEMAND"]
    assert demands and all(r["cameo_root"] == "10" and r["quad_class"] == 3 for r in demands)
    assert all(r["source_countries"] == "RUS" and r["target_names"] == "NATO" for r in demands)
    assert all(r["target_countries"] == "" for r in demands)  # NATO has no country
    assert all(r["mentions"] >= 1 and r["articles"] and r["sentence"] for r in rows)


def test_the_csv_matches_the_facts_it_was_built_from(tmp_path: Path) -> None:
    from kg.api import example_facts

    facts = example_facts()
    G = build_graph(facts)
    path = tmp_path / "events.csv"
    write_events_csv(G, path)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and list(rows[0]) == list(COLUMNS)
    told = {(e.type, e.cameo, normalise_content(e.content)) for f in facts for e in f.events}
    assert {(r["event_type"], r["cameo_code"], normalise_content(r["content"] or None)) for r in rows} == told
    modalities = {e.modality for f in facts for e in f.events}
    assert {r["modality"] for r in rows} <= modalities  # (one event told twice: the most assertive)
    urls = {f.article.url for f in facts if f.article.url}
    assert all(set(filter(None, r["urls"].split("; "))) <= urls for r in rows)
    json.dumps(rows)  # plain values


def test_parquet_holds_the_same_rows(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from kg.eventtable import write_events_parquet

    G = example().to_networkx()
    write_events_parquet(G, tmp_path / "events.parquet")
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.column_names == list(COLUMNS)
    assert table.to_pylist() == list(generate_event_rows(G))
