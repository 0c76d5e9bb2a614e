"""Name shapes: person matching, hyphenated names, modifiers, places."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import spacy
from spacy.tokens import Span

from kg.extract.names import (
    bare,
    hyphen_modifier,
    join_hyphens,
    same_person,
    trim,
    without_trailing_common_words,
)

NLP = spacy.blank("en")


@pytest.mark.parametrize(
    ("words", "known", "same"),
    [
        (["putin"], ["vladimir", "putin"], True),
        (["vladimir"], ["vladimir", "putin"], False),
        (["sadr"], ["muqtada", "sadr"], True),
        (["ingrid", "betancourt"], ["betancourt"], True),
        (["sharif", "ahmed"], ["sharif", "sheik", "ahmed"], True),
        (["george", "bush"], ["laura", "bush"], False),
    ],
)
def test_same_person(words, known, same):
    assert same_person(words, known) is same


def test_bare_drops_only_a_real_article():
    assert [bare(w) for w in ("al-Maliki", "Alor", "Albright")] == ["maliki", "alor", "albright"]


def test_join_hyphens_widens_both_ways():
    doc = NLP("Prime Minister Haider al-Abadi and Marie-Jeanne Ion met")
    abadi = join_hyphens(Span(doc, 5, 6, label="PERSON"))  # "Abadi"
    assert abadi.text == "al-Abadi"
    doc[10].pos_ = "PROPN"  # "Ion", as a tagger would say
    marie = join_hyphens(Span(doc, 7, 8, label="PERSON"))  # "Marie"
    assert marie.text == "Marie-Jeanne Ion"


def test_hyphen_modifier():
    doc = NLP("a US-run prison near Kabul")
    us = next(i for i, t in enumerate(doc) if t.text == "US")
    assert hyphen_modifier(Span(doc, us, us + 1, label="GPE"))
    kabul = len(doc) - 1
    assert not hyphen_modifier(Span(doc, kabul, kabul + 1, label="GPE"))


def test_trim_drops_article_and_possessive():
    doc = NLP("the Kremlin's demands")
    assert trim(Span(doc, 0, 3, label="ORG")).text == "Kremlin"


@pytest.mark.parametrize(
    ("text", "tags", "kept"),
    [
        ("former Soviet republic", ["JJ", "JJ", "NN"], None),  # a lone adjective is no name
        ("the Kenyan capital city", ["DT", "JJ", "NN", "NN"], None),
        ("the Somali Parliament building", ["DT", "JJ", "NNP", "NN"], "Somali Parliament"),
        ("the Bank of England", ["DT", "NNP", "IN", "NNP"], "Bank of England"),  # unchanged
        ("the Kilometer Four", ["DT", "NNP", "NNP"], "Kilometer Four"),
        ("the Ethiopian-born", ["DT", "JJ", "HYPH", "VBN"], None),
        ("the Ethiopian-born", ["DT", "NNP", "HYPH", "VBN"], "Ethiopian"),
        ("the U.S.", ["DT", "NNP"], "U.S."),
    ],
)
def test_a_name_ends_in_a_name_word(text, tags, kept):
    doc = NLP(text)
    for tok, tag in zip(doc, tags, strict=True):
        tok.tag_ = tag
    span = Span(doc, 1, len(doc), label="LOC")
    out = without_trailing_common_words(span)
    assert (out.text if out is not None else None) == kept
    if out is not None:
        assert out.label_ == "LOC"


# ------------------------------------------------------------------ NameIndex (#19)
@dataclass
class Draft:
    key: str
    name: str
    type: str = "PERSON"
    aliases: set[str] = field(default_factory=set)


def test_the_name_index_finds_candidates_by_word_and_keeps_creation_order() -> None:
    from kg.extract.names import NameIndex

    index = NameIndex()
    putin, sadr, org = Draft("p1", "Vladimir Putin"), Draft("p2", "Muqtada al-Sadr"), Draft("o1", "Supreme Council",
                                                                                           "ORGANIZATION")
    for d in (putin, sadr, org):
        index.add(d)
    assert set(index.people(["putin"])) == {"p1"} and set(index.people(["sadr"])) == {"p2"}
    assert list(index.people(["nobody"])) == []
    assert set(index.ending_with("Council")) == {"o1"}
    later = Draft("o2", "the Council")
    org.aliases.add("the Council")
    index.add(later)
    index.add(org)  # re-indexed with its new alias
    assert index.named("The Council") == ["o1", "o2"]  # first created first


def test_a_renamed_entity_is_found_under_its_new_words() -> None:
    from kg.extract.names import NameIndex

    index = NameIndex()
    d = Draft("p", "Sadr")
    index.add(d)
    d.name = "Muqtada al-Sadr"
    index.add(d)
    assert "p" in index.people(["muqtada"]) and "p" in index.people(["sadr"])
