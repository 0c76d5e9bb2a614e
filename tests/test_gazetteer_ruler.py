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


# ---------------------------------------------------------------- places, companies, designators
def _ents(text: str, statistical: list[tuple[int, int, str]] = ()) -> list[tuple[str, str]]:
    nlp = _blank_with_ruler()
    doc = nlp.make_doc(text)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in statistical]
    doc = nlp.get_pipe("kg_gazetteer")(doc)
    return [(e.text, e.label_) for e in doc.ents]


_NLP: list = []


def _blank_with_ruler():
    if not _NLP:
        nlp = spacy.blank("en")
        nlp.add_pipe("kg_gazetteer")
        _NLP.append(nlp)
    return _NLP[0]


def test_cities_states_and_companies_are_matched():
    ents = _ents("Boeing and Gazprom signed a deal in Lagos, while Nevada sued ExxonMobil.")
    assert ("Boeing", "ORGANIZATION") in ents and ("Gazprom", "ORGANIZATION") in ents
    assert ("ExxonMobil", "ORGANIZATION") in ents
    assert ("Lagos", "LOCATION") in ents and ("Nevada", "LOCATION") in ents


def test_a_city_named_like_a_word_is_not_matched():
    assert _ents("Reading the report, officials found a mobile phone in Bath.") == []


def test_designator_words_type_names():
    ents = _ents("Students at Makerere University and the University of Ghana sailed the "
                 "Gulf of Guinea with Acme Holdings Inc. staff.")
    assert ("Makerere University", "ORG") in ents
    assert ("University of Ghana", "ORG") in ents
    assert ("Gulf of Guinea", "LOC") in ents
    assert ("Acme Holdings Inc.", "ORG") in ents


def test_a_designator_retypes_a_statistical_entity_but_not_a_gazetteer_name():
    # "Kolo Peninsula" typed PERSON by the statistical NER becomes a place
    assert _ents("They reached Kolo Peninsula today.", [(2, 4, "PERSON")]) == [
        ("Kolo Peninsula", "LOC")]
    # "West Bank" is the gazetteer's region, not a bank
    assert _ents("Settlers moved into the West Bank.") == [("West Bank", "LOCATION")]


def test_a_designated_name_needs_capitalised_words():
    assert _ents("He met the university president and a party official.") == []
    # a statistical span with a lowercase word in it is not retyped
    assert _ents("Ahmadinejad engaged University president Lee", [(0, 3, "PERSON")]) == [
        ("Ahmadinejad engaged University", "PERSON")]


def test_longer_designated_name_wins_over_a_place_inside_it():
    assert _ents("She studied at the University of North Carolina.") == [
        ("University of North Carolina", "ORG")]


def test_pattern_tokens_are_the_tokenizers():
    """The ruler tokenizes its phrases word by word (PatternTokenizer); the tokens
    must be what the tokenizer makes of the whole phrase, or the phrase never matches."""
    from kg.extract.gazetteer_ruler import PatternTokenizer
    from kg.gazetteer import default_gazetteer

    nlp = spacy.blank("en")
    tokenize = PatternTokenizer(nlp)
    phrases = [p["pattern"] for p in default_gazetteer().patterns()]
    tricky = [p for p in phrases if not p.replace(" ", "").isalpha()]  # "Russia's", "U.S.", "Guinea-Bissau"
    assert len(tricky) > 1000
    for phrase in tricky + phrases[::50] + ["Côte d'Ivoire's Foreign Ministry", "the U.S. Navy"]:
        assert [t.text for t in tokenize(phrase)] == [t.text for t in nlp.make_doc(phrase)], phrase


def test_matches_carry_the_id_of_their_tokens():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("kg_gazetteer")
    doc = nlp("Talks with NATO and the Russian Foreign Ministry.")
    assert {(s.text, s.label_, s.id_) for s in doc.spans["kg_gazetteer"]} >= {("NATO", "ORGANIZATION", "Q7184")}
    assert all(s.id_ for s in doc.spans["kg_gazetteer"])
    assert len(ruler.ids) > 20_000  # one id per (label, phrase)


def test_generic_bodies_take_the_country_of_the_words_before_them():
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_gazetteer")
    doc = nlp("Russia's defence ministry, the Russian Foreign Ministry, the Philippines' foreign ministry "
              "and the foreign ministry spoke.")
    found = [(s.text, s.id_) for s in doc.spans["kg_gazetteer"] if s.label_ == "ORGANIZATION"]
    assert found == [("Russia's defence ministry", "org/ru-defence-ministry"),
                     ("Russian Foreign Ministry", "org/ru-foreign-ministry"),
                     ("Philippines' foreign ministry", "org/ph-foreign-ministry")]  # no owner: none


def test_designated_names_are_those_the_patterns_find_in_the_whole_sentence():
    # the patterns run on the run of name words around each designator only; they must
    # find what they find on the whole sentence (names at the edges, "and", sentence ends)
    from spacy.util import filter_spans

    from kg.extract.gazetteer_ruler import designated_spans, designator_matcher

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = designator_matcher(nlp.vocab)
    text = ("Bank of England and Wales Council staff met. Gulf Of Mexico Ocean Survey. "
            "The Ministry of the Interior and Sports of Ruritania, the Acme Co. and Ural Airlines "
            "Group. House Party University Inc. Lake. of the State of Qatar Museum Foundation")
    doc = nlp(text)
    expected = filter_spans([Span(doc, s.start + b, s.start + e, label=nlp.vocab.strings[m].split("_")[0])
                             for s in doc.sents for m, b, e in matcher(s)])
    found = designated_spans(doc, matcher)
    assert [(s.text, s.label_) for s in found] == [(s.text, s.label_) for s in expected]
    assert len(found) >= 5
