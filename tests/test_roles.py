"""kg_roles: titles and affiliations from premodifiers, appositions; definite descriptions."""

from __future__ import annotations

import pytest

from kg.extract.state import state
from tests.docbuild import blank, make_doc


@pytest.fixture(scope="module")
def nlp():
    nlp = blank()
    for name in ("kg_gazetteer", "kg_entities", "kg_roles"):
        nlp.add_pipe(name)
    return nlp


def relations(nlp, rows, ents):
    doc = make_doc(nlp, rows, ents)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    st = state(doc)
    name = {k: d.name for k, d in st.entities.items()}
    rels = {(name[r.subject], r.predicate, name.get(r.object, r.object) if r.object_is_entity else r.object)
            for r in st.relations}
    return rels, st, doc


def test_premodifiers_give_title_and_country(nlp):
    rels, _, _ = relations(nlp, """
Russian 6 amod ADJ russian
Deputy 4 compound PROPN
Foreign 4 compound PROPN
Minister 6 compound PROPN
Sergei 6 compound PROPN
Ryabkov 7 nsubj PROPN
spoke 0 root VERB speak
. 7 punct PUNCT
""", {"4:6": "PERSON"})
    assert rels == {
        ("Sergei Ryabkov", "HOLDS_POSITION", "Deputy Foreign Minister"),
        ("Sergei Ryabkov", "AFFILIATED_WITH", "Russia"),
    }


def test_apposition_gives_title_and_organization(nlp):
    rels, _, _ = relations(nlp, """
Ban 2 compound PROPN
Ki-moon 7 nsubj PROPN
, 6 punct PUNCT
the 6 det DET
UN 6 compound PROPN
Secretary-General 2 appos PROPN
spoke 0 root VERB speak
. 7 punct PUNCT
""", {"0:2": "PERSON"})
    assert ("Ban Ki-moon", "HOLDS_POSITION", "Secretary-General") in rels
    assert ("Ban Ki-moon", "AFFILIATED_WITH", "United Nations") in rels


def test_name_in_apposition_to_a_possessed_title(nlp):
    rels, _, _ = relations(nlp, """
Iraq 4 nmod:poss PROPN
's 1 case PART
new 4 amod ADJ
president 8 nsubj NOUN
, 6 punct PUNCT
Jalal 7 compound PROPN
Talabani 4 appos PROPN
spoke 0 root VERB speak
. 8 punct PUNCT
""", {"5:7": "PERSON"})
    assert ("Jalal Talabani", "HOLDS_POSITION", "president") in rels
    assert ("Jalal Talabani", "AFFILIATED_WITH", "Iraq") in rels


def test_definite_description_resolves_to_the_title_holder(nlp):
    _, st, _doc = relations(nlp, """
Secretary 5 compound PROPN
of 3 case ADP
State 1 nmod PROPN
Antony 5 compound PROPN
Blinken 6 nsubj PROPN
spoke 0 root VERB speak
. 6 punct PUNCT
the 9 det DET
secretary 12 nsubj NOUN
of 11 case ADP
state 9 nmod NOUN
said 6 parataxis VERB say
. 12 punct PUNCT
""", {"3:5": "PERSON"})
    assert st.token_entity[8] == "person/antony-blinken"


def test_a_national_office_without_a_state_belongs_to_the_dominant_state(nlp):
    rels, _, _ = relations(nlp, """
President 3 compound PROPN
Nicolas 3 compound PROPN
Sarkozy 4 nsubj PROPN
welcomed 0 root VERB welcome
her 4 obj PRON
to 7 case ADP
France 4 obl PROPN
. 4 punct PUNCT
France 10 nsubj PROPN
is 10 cop AUX
home 4 parataxis NOUN
. 10 punct PUNCT
""", {"1:3": "PERSON", "6:7": "GPE", "8:9": "GPE"})
    assert ("Nicolas Sarkozy", "HOLDS_POSITION", "President") in rels
    assert ("Nicolas Sarkozy", "AFFILIATED_WITH", "France") in rels
