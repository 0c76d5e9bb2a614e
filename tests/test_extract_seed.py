"""End to end on the seed article (seeds/): the facts the issue names."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract
from kg.records import ArticleFacts
from kg.sources import read_inputs

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seed(kg_nlp) -> ArticleFacts:
    facts = list(extract(read_inputs([ROOT / "seeds" / "blinken-geneva-talks.txt"]), kg_nlp))
    assert len(facts) == 1
    return facts[0]


def names(facts: ArticleFacts, keys) -> set[str]:
    by_key = {e.key: e.name for e in facts.entities}
    return {by_key[k] for k in keys}


def test_one_entity_per_person(seed):
    persons = [e.name for e in seed.entities if e.type == "PERSON"]
    assert persons.count("Vladimir Putin") == 1
    assert persons.count("Antony Blinken") == 1
    assert not {"Putin", "Blinken", "Mr. Putin", "Mr. Blinken"} & set(persons)


def test_countries_and_organizations(seed):
    typed = {(e.name, e.type) for e in seed.entities}
    assert {("Russia", "COUNTRY"), ("United States", "COUNTRY"), ("Ukraine", "COUNTRY"),
            ("NATO", "ORGANIZATION"), ("Geneva", "LOCATION")} <= typed


def test_both_demands_with_content(seed):
    demands = [e for e in seed.events if e.type == "DEMAND"]
    contents = " | ".join(e.content or "" for e in demands)
    assert "join NATO" in contents
    assert "limit troops" in contents
    for ev in demands:
        assert {"Vladimir Putin", "Russia"} & names(seed, ev.source)


def test_rejection_by_us_and_nato(seed):
    rejects = [e for e in seed.events if e.type == "REJECT"]
    assert any({"United States", "NATO"} <= names(seed, e.source) for e in rejects)


def test_relations(seed):
    rels = {(r.subject, r.predicate, r.object) for r in seed.relations}
    by_name = {e.name: e.key for e in seed.entities}
    assert (by_name["Sergei Ryabkov"], "HOLDS_POSITION", "Deputy Foreign Minister") in rels
    assert (by_name["Sergei Ryabkov"], "AFFILIATED_WITH", by_name["Russia"]) in rels


def test_evidence_offsets_point_into_the_text(seed):
    text = seed.article.text
    for ev in seed.events:
        e = ev.evidence
        assert text[e.sent_start : e.sent_end] == e.sentence
        assert e.sent_start <= e.start < e.end <= e.sent_end
        assert 0.0 <= ev.confidence <= 1.0
