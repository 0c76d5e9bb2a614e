"""kg.records: the immutable records and their facts JSON."""

from __future__ import annotations

import dataclasses
import json

import pytest

from kg.records import Article, ArticleFacts, Entity, Event, Evidence, Relation, entity_key, slugify


def test_title_is_part_of_the_text_and_offsets_account_for_it():
    a = Article(doc_id="d", body="Russia demanded guarantees.", title="Talks")
    assert a.text[a.body_offset :] == a.body
    assert Article(doc_id="d", body="x").body_offset == 0


def test_records_are_immutable():
    ev = Evidence("d", 0, 6, "Russia left.", 0, 12)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ev.start = 3  # type: ignore[misc]


def test_keys_are_stable_and_safe():
    assert entity_key("COUNTRY", "Russia", "Q159") == "Q159"
    assert entity_key("PERSON", "Íngrid Betancourt") == entity_key("PERSON", "Íngrid Betancourt")
    assert entity_key("PERSON", "Íngrid Betancourt") != entity_key("PERSON", "Ingrid Betancourt")
    assert slugify("???") and slugify("سلام") and "/" not in slugify("a/b")


def test_facts_json_has_the_scored_fields():
    a = Article(doc_id="d", body="Russia demanded that NATO leave.", date="2022-01-09")
    ev = Evidence("d", 0, 6, a.text, 0, len(a.text))
    facts = ArticleFacts(
        article=a,
        entities=(Entity("Q159", "Russia", "COUNTRY", ("Moscow",), "Q159", (ev,)),
                  Entity("Q7184", "NATO", "ORGANIZATION", (), "Q7184", (ev,))),
        events=(Event("v1", "DEMAND", "10", "demanded", ev, ("Q159",), ("Q7184",), content="NATO leave"),),
        relations=(Relation("Q159", "AFFILIATED_WITH", "Q7184", ev),),
    )
    out = json.loads(json.dumps(facts.to_json()))
    assert out["doc_id"] == "d"
    assert out["entities"][0] == {**out["entities"][0], "id": "Q159", "name": "Russia", "type": "COUNTRY",
                                  "aliases": ["Moscow"], "wikidata": "Q159"}
    assert out["events"][0]["source"] == ["Q159"] and out["events"][0]["content"] == "NATO leave"
    assert out["events"][0]["evidence"]["sentence"] == a.text
    assert out["relations"][0]["predicate"] == "AFFILIATED_WITH"
