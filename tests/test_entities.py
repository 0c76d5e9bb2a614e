"""kg_entities: one entity per referent, capitals as governments, demonyms, pronouns."""

from __future__ import annotations

import pytest

from kg.extract.actors import actor_of
from kg.extract.state import state
from tests.docbuild import blank, make_doc


@pytest.fixture(scope="module")
def nlp():
    nlp = blank()
    nlp.add_pipe("kg_gazetteer")
    nlp.add_pipe("kg_entities")
    return nlp


def run(nlp, doc):
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


PUTIN = """
Russian 4 amod ADJ russian
President 4 compound PROPN
Vladimir 4 compound PROPN
Putin 5 nsubj PROPN
met 0 root VERB meet
Blinken 5 obj PROPN
. 5 punct PUNCT
Mr. 9 compound PROPN
Putin 10 nsubj PROPN
said 5 parataxis VERB say
he 12 nsubj PRON
agreed 10 ccomp VERB agree
. 10 punct PUNCT
"""


def test_person_aliases_are_one_entity(nlp):
    doc = run(nlp, make_doc(nlp, PUTIN, {"0:4": "PERSON", "5:6": "PERSON", "7:9": "PERSON"}))
    st = state(doc)
    persons = [e for e in st.entities.values() if e.type == "PERSON"]
    names = sorted(e.name for e in persons)
    assert names == ["Blinken", "Vladimir Putin"]
    putin = next(e for e in persons if e.name == "Vladimir Putin")
    assert {"Mr. Putin", "Russian President Vladimir Putin"} <= putin.aliases
    assert st.token_entity[8] == putin.key  # "Putin" of "Mr. Putin"
    assert st.token_entity[10] == putin.key  # "he"
    assert st.demonyms[0] == "Q159"  # "Russian" → Russia


CAPITALS = """
Talks 2 nsubj NOUN talk
began 0 root VERB begin
in 4 case ADP
Geneva 2 obl PROPN
with 6 case ADP
Moscow 2 obl PROPN
. 2 punct PUNCT
"""


def test_capital_acting_as_government_is_its_country(nlp):
    doc = run(nlp, make_doc(nlp, CAPITALS, {"3:4": "LOC", "5:6": "LOC"}))
    st = state(doc)
    assert st.token_entity[5] == "Q159"
    assert st.entities["Q159"].name == "Russia"
    geneva = st.entities[st.token_entity[3]]
    assert (geneva.name, geneva.type) == ("Geneva", "LOCATION")


TROOPS = """
Russian 2 amod ADJ russian
troops 3 nsubj NOUN troop
crossed 0 root VERB cross
. 3 punct PUNCT
"""


def test_demonym_of_a_group_noun_points_to_the_country(nlp):
    doc = run(nlp, make_doc(nlp, TROOPS))
    st = state(doc)
    assert actor_of(st, doc[1]) == "Q159"
    assert not st.entities["Q159"].named  # a demonym only: not an entity of its own


ACRONYM = """
Iraqi 3 amod ADJ iraqi
Security 3 compound PROPN
Forces 7 nsubj PROPN
( 5 punct PUNCT
ISF 3 appos PROPN
) 5 punct PUNCT
battled 0 root VERB battle
militants 7 obj NOUN militant
. 7 punct PUNCT
The 11 det DET
ISF 12 nsubj PROPN
won 7 parataxis VERB win
. 12 punct PUNCT
"""


def test_acronym_in_parentheses_is_an_alias(nlp):
    doc = run(nlp, make_doc(nlp, ACRONYM, {"0:3": "ORG", "4:5": "ORG", "10:11": "ORG"}))
    st = state(doc)
    orgs = [e for e in st.entities.values() if e.type == "ORGANIZATION"]
    assert [o.name for o in orgs] == ["Iraqi Security Forces"]
    assert "ISF" in orgs[0].aliases
    assert st.token_entity[10] == orgs[0].key


def test_he_after_an_unnamed_speaker_is_not_the_last_name(nlp):
    doc = run(nlp, make_doc(nlp, """
Ahmed 2 nsubj PROPN
spoke 0 root VERB speak
. 2 punct PUNCT
An 5 det DET
soldier 6 nsubj NOUN soldier NN
said 0 root VERB say
. 6 punct PUNCT
He 9 nsubj PRON he PRP
added 0 root VERB add
. 9 punct PUNCT
""", {"0:1": "PERSON"}))
    assert 7 not in state(doc).token_entity
    named = run(nlp, make_doc(nlp, """
Ahmed 2 nsubj PROPN
spoke 0 root VERB speak
. 2 punct PUNCT
He 5 nsubj PRON he PRP
added 0 root VERB add
. 5 punct PUNCT
""", {"0:1": "PERSON"}))
    assert state(named).token_entity[3] == "person/ahmed"


SOVIET_REPUBLIC = """
Ukraine 5 nsubj PROPN
is 5 cop AUX be VBZ
a 5 det DET a DT
former 5 amod ADJ former JJ
Soviet 0 root PROPN soviet NNP
republic 5 flat NOUN republic NNP
near 8 case ADP near IN
Crimean 9 amod ADJ crimean JJ
Peninsula 5 nmod PROPN peninsula NNP
. 5 punct PUNCT . .
"""


def test_a_statistical_name_ends_in_a_name_word(nlp):
    # the NER's "Soviet republic" is a modifier and a common noun, not a place
    doc = run(nlp, make_doc(nlp, SOVIET_REPUBLIC, {"4:6": "LOC", "7:9": "LOC"}))
    assert [(m.text, m.label_) for m in doc.spans["kg_mentions"]] == [
        ("Ukraine", "COUNTRY"), ("Crimean Peninsula", "LOCATION")]
