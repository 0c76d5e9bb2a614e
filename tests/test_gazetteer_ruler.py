"""kg_gazetteer: gazetteer names beside the statistical NER."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from kg.extract.gazetteer_ruler import merge_entities


def test_matches_are_typed_and_carry_gazetteer_ids():
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_gazetteer")
    doc = nlp("The Russian Foreign Ministry told NATO and the U.S. that Moscow would respond.")
    ents = {(e.text, e.label_, e.id_) for e in doc.ents}
    assert ("NATO", "ORGANIZATION", "Q7184") in ents
    assert ("U.S.", "COUNTRY", "Q30") in ents
    assert any(e.text == "Russian Foreign Ministry" and e.label_ == "ORGANIZATION" for e in doc.ents)
    assert [s.text for s in doc.spans["kg_gazetteer"]] == [e.text for e in doc.ents]


def test_case_matters_for_acronyms():
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_gazetteer")
    assert not nlp("let us talk").ents


def test_longer_statistical_entity_wins_over_a_gazetteer_word_inside_it():
    nlp = spacy.blank("en")
    doc = nlp("Iraqi Security Forces attacked")
    statistical = [Span(doc, 0, 3, label="ORG")]
    gazetteer = [Span(doc, 0, 1, label="NORP")]
    assert [(e.text, e.label_) for e in merge_entities(statistical, gazetteer)] == [
        ("Iraqi Security Forces", "ORG")]


def test_gazetteer_wins_a_tie_unless_told_not_to():
    nlp = spacy.blank("en")
    doc = nlp("NATO met")
    statistical = [Span(doc, 0, 1, label="PERSON")]
    gazetteer = [Span(doc, 0, 1, label="ORGANIZATION")]
    assert merge_entities(statistical, gazetteer)[0].label_ == "ORGANIZATION"
    assert merge_entities(statistical, gazetteer, overwrite=False)[0].label_ == "PERSON"
