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


#: "Russian Deputy Foreign Minister Sergei Ryabkov spoke."
RYABKOV = """
Russian 6 amod ADJ russian
Deputy 4 compound PROPN
Foreign 4 compound PROPN
Minister 6 compound PROPN
Sergei 6 compound PROPN
Ryabkov 7 nsubj PROPN
spoke 0 root VERB speak
. 7 punct PUNCT
"""


def test_premodifiers_give_title_and_country(nlp):
    rels, _, _ = relations(nlp, RYABKOV, {"4:6": "PERSON"})
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


def test_a_title_before_the_name_set_off_by_a_comma(nlp):
    rels, _, _ = relations(nlp, """
Afghanistan 3 nmod:poss PROPN
's 1 case PART
president 5 nmod:desc NOUN
, 3 punct PUNCT
Hamid 7 nsubj PROPN
Karzai 5 flat PROPN
spoke 0 root VERB speak
. 7 punct PUNCT
""", {"4:6": "PERSON"})
    assert ("Hamid Karzai", "HOLDS_POSITION", "president") in rels
    assert ("Hamid Karzai", "AFFILIATED_WITH", "Afghanistan") in rels


def test_an_honorific_between_the_comma_and_the_name(nlp):
    rels, _, _ = relations(nlp, """
Somalia 4 nmod:poss PROPN
's 1 case PART
Defence 4 compound PROPN
Minister 7 nmod:desc PROPN
, 7 punct PUNCT
Sheikh 7 nmod:desc PROPN
Yusuf 9 nsubj PROPN
Siad 7 flat PROPN
spoke 0 root VERB speak
. 9 punct PUNCT
""", {"6:8": "PERSON"})
    assert ("Yusuf Siad", "HOLDS_POSITION", "Defence Minister") in rels
    assert ("Yusuf Siad", "AFFILIATED_WITH", "Somalia") in rels


def test_a_title_after_the_name_parsed_as_a_conjunct(nlp):
    rels, _, _ = relations(nlp, """
Ali 2 compound PROPN
Jangeli 8 nsubj PROPN
, 6 punct PUNCT
Somali 6 compound PROPN
Foreign 6 amod ADJ
Minister 2 conj PROPN
, 2 punct PUNCT
spoke 0 root VERB speak
. 8 punct PUNCT
""", {"0:2": "PERSON"})
    assert ("Ali Jangeli", "HOLDS_POSITION", "Foreign Minister") in rels
    assert ("Ali Jangeli", "AFFILIATED_WITH", "Somalia") in rels


def test_a_coordinated_title_and_the_name_after_it_as_siblings(nlp):
    rels, _, _ = relations(nlp, """
the 2 det DET
Council 11 nsubj PROPN
and 6 cc CCONJ
the 6 det DET
Romanian 6 amod ADJ
President 2 conj PROPN
, 9 punct PUNCT
Traian 9 compound PROPN
Basescu 2 conj PROPN
, 11 punct PUNCT
decide 0 root VERB
. 11 punct PUNCT
""", {"7:9": "PERSON"})
    assert ("Traian Basescu", "HOLDS_POSITION", "President") in rels
    assert ("Traian Basescu", "AFFILIATED_WITH", "Romania") in rels


def test_a_description_beside_the_name_needs_a_person_noun(nlp):
    rels, _, _ = relations(nlp, """
After 2 mark SCONJ
visiting 7 advcl VERB visit VBG
the 4 det DET
embassy 2 obj NOUN
, 6 punct PUNCT
Jack 7 nsubj PROPN
spoke 0 root VERB speak
. 7 punct PUNCT
""", {"5:6": "PERSON"})
    assert rels == set()


def test_one_of_the_officials_holds_the_singular_title(nlp):
    rels, _, _ = relations(nlp, """
Ali 9 nsubj PROPN
Musa 1 flat PROPN
, 4 punct PUNCT
one 1 appos NUM
of 7 case ADP
the 7 det DET
officials 4 nmod NOUN official NNS
, 1 punct PUNCT
said 0 root VERB say
""", {"0:2": "PERSON"})
    assert rels == {("Ali Musa", "HOLDS_POSITION", "official")}


def test_a_party_member_on_a_committee(nlp):
    rels, _, _ = relations(nlp, """
Adam 2 compound PROPN
Schiff 11 nsubj PROPN
, 5 punct PUNCT
a 5 det DET
Democrat 2 appos PROPN
on 10 case ADP
the 10 det DET
House 10 compound PROPN
Intelligence 10 compound PROPN
Committee 5 nmod PROPN
spoke 0 root VERB speak
. 11 punct PUNCT
""", {"0:2": "PERSON", "7:10": "ORG"})
    assert ("Adam Schiff", "AFFILIATED_WITH", "Democratic Party") in rels
    assert ("Adam Schiff", "AFFILIATED_WITH", "House Intelligence Committee") in rels


def test_a_party_adjective_after_the_name(nlp):
    rels, _, _ = relations(nlp, """
said 0 root VERB say
Lindsey 1 nsubj PROPN
Graham 2 flat PROPN
, 6 punct PUNCT
a 6 det DET
Republican 2 amod ADJ republican NNP
. 1 punct PUNCT
""", {"1:3": "PERSON"})
    assert rels == {("Lindsey Graham", "AFFILIATED_WITH", "Republican Party")}


def test_an_occupation_with_its_adjectives_and_a_demonym(nlp):
    rels, _, _ = relations(nlp, """
Iraqi 3 amod ADJ iraqi JJ
political 3 amod ADJ political JJ
analyst 4 compound NOUN
Hazem 6 nsubj PROPN
Nuaeimi 4 flat PROPN
spoke 0 root VERB speak
. 6 punct PUNCT
""", {"3:5": "PERSON"})
    assert rels == {("Hazem Nuaeimi", "HOLDS_POSITION", "political analyst"),
                    ("Hazem Nuaeimi", "AFFILIATED_WITH", "Iraq")}


def test_a_person_noun_is_no_title_but_gives_the_country(nlp):
    rels, _, _ = relations(nlp, """
UK 2 compound PROPN
resident 3 nmod:desc PROPN resident
Binyam 5 nsubj PROPN
Mohamed 3 flat PROPN
spoke 0 root VERB speak
. 5 punct PUNCT
""", {"2:4": "PERSON"})
    assert rels == {("Binyam Mohamed", "AFFILIATED_WITH", "United Kingdom")}


def test_a_counterpart_takes_the_affiliation_of_its_demonym(nlp):
    rels, _, _ = relations(nlp, """
claimed 0 root VERB claim
Jangeli 5 nmod:poss PROPN
's 2 case PART
Sudanese 5 amod ADJ sudanese JJ
counterpart 1 nsubj NOUN
, 7 punct PUNCT
Deng 1 dep PROPN
Alor 7 flat PROPN
. 1 punct PUNCT
""", {"1:2": "PERSON", "6:8": "PERSON"})
    assert ("Deng Alor", "AFFILIATED_WITH", "Sudan") in rels
    assert not any(r[0] == "Jangeli" for r in rels)


def test_an_honorific_after_the_title_goes_with_the_name(nlp):
    rels, _, _ = relations(nlp, """
President 4 compound PROPN
Sheikh 4 compound PROPN
Sharif 4 compound PROPN
Ahmed 5 nsubj PROPN
spoke 0 root VERB speak
. 5 punct PUNCT
""", {"2:4": "PERSON"})
    assert ("Sharif Ahmed", "HOLDS_POSITION", "President") in rels


def test_a_short_name_of_an_organization_before_a_title(nlp):
    rels, _, _ = relations(nlp, """
Columbia 2 compound PROPN
University 3 nsubj PROPN
invited 0 root VERB invite
University 5 compound PROPN
president 6 compound NOUN
Lee 3 obj PROPN
Bollinger 6 flat PROPN
. 3 punct PUNCT
""", {"0:2": "ORG", "5:7": "PERSON"})
    assert ("Lee Bollinger", "AFFILIATED_WITH", "Columbia University") in rels
    assert ("Lee Bollinger", "HOLDS_POSITION", "president") in rels


def test_first_lady_is_a_title(nlp):
    rels, _, _ = relations(nlp, """
the 3 det DET
First 3 amod ADJ
Lady 7 nsubj PROPN
, 5 punct PUNCT
Carla 3 appos PROPN
Bruni 5 flat PROPN
spoke 0 root VERB speak
. 7 punct PUNCT
""", {"4:6": "PERSON"})
    assert ("Carla Bruni", "HOLDS_POSITION", "First Lady") in rels


def test_a_title_in_a_copular_relative_clause(nlp):
    rels, _, _ = relations(nlp, """
Siad 8 nsubj PROPN
, 7 punct PUNCT
who 7 nsubj PRON
is 7 cop AUX be
the 7 det DET
defence 7 compound NOUN
minister 1 acl:relcl NOUN
spoke 0 root VERB speak
. 8 punct PUNCT
""", {"0:1": "PERSON"})
    assert rels == {("Siad", "HOLDS_POSITION", "defence minister")}


def test_a_copular_title_with_its_state(nlp):
    rels, _, _ = relations(nlp, """
Karzai 4 nsubj PROPN
is 4 cop AUX be
the 4 det DET
president 0 root NOUN
of 6 case ADP
Afghanistan 4 nmod PROPN
. 4 punct PUNCT
""", {"0:1": "PERSON"})
    assert any(r[0] == "Karzai" and r[1] == "HOLDS_POSITION" and r[2].startswith("president") for r in rels)
    assert ("Karzai", "AFFILIATED_WITH", "Afghanistan") in rels


def test_sworn_in_as_a_title_without_its_possessor(nlp):
    rels, _, _ = relations(nlp, """
Ahmed 3 nsubj:pass PROPN
was 3 aux:pass AUX be
sworn 0 root VERB swear VBN
in 3 compound:prt ADP
as 10 case ADP
the 7 det DET
nation 10 nmod:poss NOUN
's 7 case PART
new 10 amod ADJ
president 3 obl NOUN
. 3 punct PUNCT
""", {"0:1": "PERSON"})
    assert rels == {("Ahmed", "HOLDS_POSITION", "president")}


def test_appointed_as_gives_the_object_the_title(nlp):
    rels, _, _ = relations(nlp, """
Putin 2 nsubj PROPN
appointed 0 root VERB appoint
Lavrov 2 obj PROPN
as 6 case ADP
foreign 6 amod ADJ
minister 2 obl NOUN
. 2 punct PUNCT
""", {"0:1": "PERSON", "2:3": "PERSON"})
    assert rels == {("Lavrov", "HOLDS_POSITION", "foreign minister")}


def test_coordinated_titles_before_a_name_are_two_titles(nlp):
    rels, _, _ = relations(nlp, """
Deputy 3 compound PROPN
Prime 3 compound PROPN
Minister 7 nmod:desc PROPN
and 6 cc CCONJ
Foreign 6 compound PROPN
Minister 3 conj PROPN
Ivan 9 nsubj PROPN
Petrov 7 flat PROPN
spoke 0 root VERB speak
. 9 punct PUNCT
""", {"6:8": "PERSON"})
    assert rels == {("Ivan Petrov", "HOLDS_POSITION", "Deputy Prime Minister"),
                    ("Ivan Petrov", "HOLDS_POSITION", "Foreign Minister")}


def test_a_description_with_another_states_demonym_is_not_the_title_holder(nlp):
    _, st, _ = relations(nlp, """
Iraqi 3 amod ADJ iraqi JJ
President 3 compound PROPN
Talabani 4 nsubj PROPN
spoke 0 root VERB speak
. 4 punct PUNCT
the 8 det DET
Romanian 8 amod ADJ romanian JJ
president 9 nsubj NOUN
laughed 0 root VERB laugh
. 9 punct PUNCT
the 13 det DET
Iraqi 13 amod ADJ iraqi JJ
president 14 nsubj NOUN
laughed 0 root VERB laugh
. 14 punct PUNCT
""", {"2:3": "PERSON"})
    assert 7 not in st.token_entity
    assert st.token_entity[12] == "person/talabani"


def test_a_possessive_pronoun_is_no_part_of_the_title(nlp):
    rels, _, _ = relations(nlp, """
Her 3 nmod:poss PRON her PRP$
former 3 amod ADJ
professor 7 nsubj NOUN
, 5 punct PUNCT
Koolhaas 3 appos PROPN
, 5 punct PUNCT
described 0 root VERB describe
her 7 obj PRON
. 7 punct PUNCT
""", {"4:5": "PERSON"})
    assert rels == {("Koolhaas", "HOLDS_POSITION", "professor")}


def test_a_copular_title_stops_before_a_coordinated_clause(nlp):
    rels, _, _ = relations(nlp, """
Brahms 5 nsubj PROPN
was 5 cop AUX be
the 5 det DET
leading 5 amod ADJ
member 0 root NOUN
of 8 case ADP
the 8 det DET
jury 5 nmod NOUN
and 11 cc CCONJ
was 11 aux:pass AUX be
impressed 5 conj VERB impress VBN
. 5 punct PUNCT
""", {"0:1": "PERSON"})
    assert rels == {("Brahms", "HOLDS_POSITION", "leading member of the jury")}


def test_a_title_before_the_name_does_not_run_on_after_it(nlp):
    rels, _, _ = relations(nlp, """
between 3 case ADP
Deputy 3 compound NOUN
Secretary 0 root PROPN
Wendy 3 appos PROPN
Sherman 4 flat PROPN
and 8 cc CCONJ
Russian 8 amod ADJ russian JJ
envoy 4 conj NOUN
Ivan 8 flat PROPN
. 3 punct PUNCT
""", {"3:5": "PERSON", "8:9": "PERSON"})
    assert ("Wendy Sherman", "HOLDS_POSITION", "Deputy Secretary") in rels
    assert ("Wendy Sherman", "AFFILIATED_WITH", "Russia") not in rels


def test_a_person_of_an_organization(nlp):
    rels, _, _ = relations(nlp, """
Ismail 2 compound PROPN
Haniyeh 5 nsubj PROPN
of 4 case ADP
Hamas 2 nmod PROPN
spoke 0 root VERB speak
. 5 punct PUNCT
""", {"0:2": "PERSON", "3:4": "ORG"})
    assert rels == {("Ismail Haniyeh", "AFFILIATED_WITH", "Hamas")}


def test_a_person_who_heads_an_organization(nlp):
    rels, _, _ = relations(nlp, """
Grossi 7 nsubj PROPN
, 4 punct PUNCT
who 4 nsubj PRON
heads 1 acl:relcl VERB head VBZ
the 6 det DET
IAEA 4 obj PROPN
said 0 root VERB say
so 7 advmod ADV
. 7 punct PUNCT
""", {"0:1": "PERSON", "5:6": "ORG"})
    assert rels == {("Grossi", "AFFILIATED_WITH", "International Atomic Energy Agency")}


def test_a_person_of_a_place_is_not_affiliated_with_it(nlp):
    rels, _, _ = relations(nlp, """
Andre 2 compound PROPN
Carson 5 nsubj PROPN
of 4 case ADP
Indiana 2 nmod PROPN
spoke 0 root VERB speak
. 5 punct PUNCT
""", {"0:2": "PERSON", "3:4": "GPE"})
    assert not any(r[1] == "AFFILIATED_WITH" and r[2] == "Indiana" for r in rels)


def test_a_deputy_belongs_to_the_state_of_the_office_holder(nlp):
    rels, _, _ = relations(nlp, """
U.S. 4 compound PROPN
President 4 compound PROPN
Donald 4 compound PROPN
Trump 5 nsubj PROPN
spoke 0 root VERB speak
. 5 punct PUNCT
Vice 8 compound PROPN
President 10 compound PROPN
Mike 10 compound PROPN
Pence 11 nsubj PROPN
laughed 0 root VERB laugh
. 11 punct PUNCT
Russia 14 nsubj PROPN
objected 0 root VERB object
. 14 punct PUNCT
Russia 17 nsubj PROPN
objected 0 root VERB object
. 17 punct PUNCT
""", {"2:4": "PERSON", "8:10": "PERSON"})
    assert ("Mike Pence", "HOLDS_POSITION", "Vice President") in rels
    assert ("Mike Pence", "AFFILIATED_WITH", "United States") in rels
    assert ("Mike Pence", "AFFILIATED_WITH", "Russia") not in rels


def test_a_group_in_apposition_is_no_title(nlp):
    rels, _, _ = relations(nlp, """
Ivan 5 nsubj PROPN
, 4 punct PUNCT
three 4 nummod NUM
representatives 1 appos NOUN representative NNS
spoke 0 root VERB speak
. 5 punct PUNCT
""", {"0:1": "PERSON"})
    assert rels == set()


def test_another_persons_title_is_not_taken(nlp):
    rels, _, _ = relations(nlp, """
Keyes 7 nsubj PROPN
, 6 punct PUNCT
Minister 4 compound PROPN
Munro 6 compound PROPN
TV 6 compound PROPN
reporter 1 appos NOUN
spoke 0 root VERB speak
. 7 punct PUNCT
""", {"0:1": "PERSON", "3:4": "PERSON"})
    assert not any(r[0] == "Keyes" for r in rels)


def test_serves_as_a_title_tagged_as_an_adjective_of_a_state(nlp):
    rels, _, _ = relations(nlp, """
Li 3 nsubj PROPN
Keqiang 1 flat PROPN
serves 0 root VERB serve VBZ
as 5 advmod ADV
premier 3 xcomp ADJ premier JJ
of 7 case ADP
China 5 obl PROPN
. 3 punct PUNCT
""", {"0:2": "PERSON"})
    assert rels == {("Li Keqiang", "HOLDS_POSITION", "premier"), ("Li Keqiang", "AFFILIATED_WITH", "China")}


def test_an_apposition_hung_on_the_first_conjunct_belongs_to_the_name_before_it(nlp):
    rels, _, _ = relations(nlp, """
Donald 9 nsubj PROPN
Trump 1 flat PROPN
and 4 cc CCONJ
Ted 1 conj PROPN
Cruz 4 flat PROPN
, 8 punct PUNCT
a 8 det DET
Republican 1 appos PROPN
criticized 0 root VERB criticize
. 9 punct PUNCT
""", {"0:2": "PERSON", "3:5": "PERSON"})
    assert rels == {("Ted Cruz", "AFFILIATED_WITH", "Republican Party")}


def test_an_age_between_the_name_and_its_apposition(nlp):
    rels, _, _ = relations(nlp, """
Daniel 9 nsubj:pass PROPN
Montalvo 1 flat PROPN
, 4 punct PUNCT
19 1 appos NUM
, 7 punct PUNCT
a 7 det DET
member 1 appos NOUN
was 9 aux:pass AUX be
arrested 0 root VERB arrest VBN
. 9 punct PUNCT
""", {"0:2": "PERSON"})
    assert rels == {("Daniel Montalvo", "HOLDS_POSITION", "member")}


def test_a_described_subject_takes_up_the_person_the_sentence_before_was_about(nlp):
    rels, st, _ = relations(nlp, """
Betancourt 2 nsubj PROPN
spoke 0 root VERB speak
. 2 punct PUNCT
The 8 det DET
Colombian 8 amod ADJ colombian JJ
- 5 punct PUNCT
French 8 amod ADJ french JJ
politician 10 nsubj:pass NOUN
was 10 aux:pass AUX be
greeted 0 root VERB greet VBN
. 10 punct PUNCT
""", {"0:1": "PERSON"})
    assert rels == {("Betancourt", "AFFILIATED_WITH", "Colombia"), ("Betancourt", "AFFILIATED_WITH", "France")}
    assert st.token_entity[7] == "person/betancourt"


def test_a_described_subject_of_another_state_is_someone_else(nlp):
    rels, st, _ = relations(nlp, """
U.S. 3 compound PROPN
Secretary 3 compound PROPN
Blinken 4 nsubj PROPN
spoke 0 root VERB speak
. 4 punct PUNCT
The 8 det DET
Russian 8 amod ADJ russian JJ
diplomat 9 nsubj NOUN
laughed 0 root VERB laugh
. 9 punct PUNCT
""", {"2:3": "PERSON"})
    assert ("Blinken", "AFFILIATED_WITH", "Russia") not in rels
    assert 7 not in st.token_entity


def test_a_person_of_two_states_acts_for_neither():
    from kg.extract import _with_affiliations
    from kg.extract.state import DocState, EntityDraft
    from kg.records import AFFILIATED_WITH, Event, Evidence, Relation

    st = DocState()
    for key, type_ in (("p", "PERSON"), ("fr", "COUNTRY"), ("co", "COUNTRY"), ("ru", "COUNTRY")):
        st.entities[key] = EntityDraft(key=key, name=key, type=type_)
    ev = Evidence("d", 0, 1, "x", 0, 1)
    st.relations = [Relation("p", AFFILIATED_WITH, "fr", ev), Relation("p", AFFILIATED_WITH, "co", ev)]
    thanks = Event(id="v1", type="DIPLOMATIC_COOPERATION", cameo="051", trigger="thanked", evidence=ev,
                   source=("p",), target=("fr",))
    out = _with_affiliations(st, thanks)
    assert out is not None and out.source == ("p",) and out.target == ("fr",)
    st.relations = [Relation("p", AFFILIATED_WITH, "ru", ev)]
    demand = Event(id="v2", type="DEMAND", cameo="100", trigger="demanded", evidence=ev,
                   source=("p",), target=("co",))
    out = _with_affiliations(st, demand)
    assert out is not None and out.source == ("p", "ru")


def test_a_persons_party_by_possessive(nlp):
    rels, _, _ = relations(nlp, """
Netanyahu 4 nmod:poss PROPN
's 1 case PART
Likud 4 compound PROPN
party 5 nsubj NOUN
won 0 root VERB win
. 5 punct PUNCT
""", {"0:1": "PERSON"})
    assert ("Netanyahu", "AFFILIATED_WITH", "Likud") in {(a, b, c.split(" ")[0]) for a, b, c in rels}
    rels, _, _ = relations(nlp, """
Netanyahu 4 nmod:poss PROPN
's 1 case PART
new 4 amod ADJ
car 5 nsubj NOUN
broke 0 root VERB break
. 5 punct PUNCT
""", {"0:1": "PERSON"})
    assert rels == set()


def test_affiliated_states_are_the_countries_in_the_order_found(nlp):
    _, st, _ = relations(nlp, RYABKOV, {"4:6": "PERSON"})
    person = next(k for k, d in st.entities.items() if d.type == "PERSON")
    russia = next(k for k, d in st.entities.items() if d.type == "COUNTRY")
    assert st.affiliated_states(person) == [russia]
    assert st.affiliated_states(russia) == []
