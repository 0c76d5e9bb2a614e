"""kg_events on constructions beyond one verb's subject and object: agentless and
participle passives, predicative adjectives, prepositional predicates, reciprocal
fights, hostage-taking complements, object control, announced violence, and
actors given as descriptions ("the militant group", "the latter")."""

from __future__ import annotations

import pytest

from kg.extract.state import state
from tests.docbuild import make_doc, rule_pipeline
from tests.test_events import run


@pytest.fixture(scope="module")
def nlp():
    return rule_pipeline()


def dyads(events, kind=None):
    return [(t, s, g) for t, s, g, _ in events if kind is None or t == kind]


def test_agentless_light_verb_passive_takes_its_author_from_the_event_noun(nlp):
    events = run(nlp, """
U.S. 2 compound PROPN
sanctions 4 nsubj:pass NOUN sanction
were 4 aux:pass AUX be
imposed 0 root VERB impose VBN
on 6 case ADP
Iran 4 obl PROPN
. 4 punct PUNCT
""")
    assert dyads(events) == [("REDUCE_RELATIONS", ["United States"], ["Iran"])]


def test_talks_held_between_two_sides_need_no_agent(nlp):
    events = run(nlp, """
Talks 3 nsubj:pass NOUN talk
were 3 aux:pass AUX be
held 0 root VERB hold VBN
between 5 case ADP
Iran 3 obl PROPN
and 7 cc CCONJ
Iraq 5 conj PROPN
. 3 punct PUNCT
""")
    assert dyads(events) == [("CONSULT", ["Iran"], ["Iraq"])]


def test_a_participle_clause_with_a_by_phrase_is_passive(nlp):
    events = run(nlp, """
When 2 advmod ADV
criticised 7 advcl VERB criticise VBN
by 4 case ADP
France 2 obl:agent PROPN
, 2 punct PUNCT
Turkey 7 nsubj PROPN
recalled 0 root VERB recall VBD
its 9 nmod:poss PRON its PRP$
ambassador 7 obj NOUN
. 7 punct PUNCT
""")
    assert ("DISAPPROVE", ["France"], ["Turkey"]) in dyads(events)


def test_predicative_adjective_is_aimed_at_the_owner_of_its_object(nlp):
    events = run(nlp, """
Germany 3 nsubj PROPN
is 3 cop AUX be VBZ
critical 0 root ADJ critical JJ
of 8 case ADP
Poland 8 nmod:poss PROPN
's 5 case PART
new 8 amod ADJ
law 3 obl NOUN
. 3 punct PUNCT
""")
    assert dyads(events) == [("DISAPPROVE", ["Germany"], ["Poland"])]


def test_an_adjective_outside_the_lexicon_is_no_event(nlp):
    events = run(nlp, """
Germany 2 nsubj PROPN
is 2 cop AUX be VBZ
proud 0 root ADJ proud JJ
of 5 case ADP
Poland 2 obl PROPN
. 2 punct PUNCT
""")
    assert dyads(events) == []


def test_a_prepositional_predicate_takes_the_copula_subject_as_source(nlp):
    events = run(nlp, """
Iran 4 nsubj PROPN
is 4 cop AUX be VBZ
in 4 case ADP
talks 0 root NOUN talk
with 6 case ADP
Iraq 4 nmod PROPN
. 4 punct PUNCT
""")
    assert dyads(events) == [("CONSULT", ["Iran"], ["Iraq"])]


def test_a_fight_with_someone_is_fought_on_both_sides(nlp):
    events = run(nlp, """
Hamas 2 nsubj PROPN
fought 0 root VERB fight
with 4 case ADP
Israel 2 obl PROPN
. 2 punct PUNCT
""")
    assert sorted(dyads(events)) == [("FIGHT", ["Hamas"], ["Israel"]), ("FIGHT", ["Israel"], ["Hamas"])]


def test_an_attack_on_an_object_is_not_reciprocal(nlp):
    events = run(nlp, """
Hamas 2 nsubj PROPN
attacked 0 root VERB attack
Israel 2 obj PROPN
with 5 case ADP
Iran 2 obl PROPN
. 2 punct PUNCT
""")
    assert ("FIGHT", ["Iran"], ["Hamas"]) not in dyads(events)


def test_holding_someone_hostage_is_an_abduction(nlp):
    events = run(nlp, """
Hamas 2 nsubj PROPN
held 0 root VERB hold
Gilad 4 compound PROPN
Shalit 2 obj PROPN
hostage 2 xcomp NOUN
. 2 punct PUNCT
""", {"2:4": "PERSON"})
    assert [(t, s, g, e.cameo) for t, s, g, e in events] == [("ASSAULT", ["Hamas"], ["Gilad Shalit"], "181")]


def test_the_object_of_forcing_into_acts(nlp):
    events = run(nlp, """
Qatar 2 nsubj PROPN
pressed 0 root VERB press
Hamas 2 obj PROPN
into 5 mark SCONJ
freeing 2 advcl VERB free VBG
Gilad 7 compound PROPN
Shalit 5 obj PROPN
. 2 punct PUNCT
""", {"5:7": "PERSON"})
    assert ("YIELD", ["Hamas"], ["Gilad Shalit"]) in dyads(events)


def test_a_definite_armed_group_description_is_the_articles_armed_group(nlp):
    events = run(nlp, """
Hamas 2 nsubj PROPN
said 0 root VERB say
the 5 det DET
militant 5 amod ADJ
group 6 nsubj NOUN
attacked 2 ccomp VERB attack
Israel 6 obj PROPN
. 2 punct PUNCT
""")
    assert ("FIGHT", ["Hamas"], ["Israel"]) in dyads(events)


def test_the_latter_and_the_former_are_the_last_two_actors_named(nlp):
    rows = """
Egypt 2 nsubj PROPN
met 0 root VERB meet
Jordan 2 obj PROPN
; 2 punct PUNCT
the 6 det DET
{which} 7 nsubj NOUN
criticised 2 parataxis VERB criticise
Israel 7 obj PROPN
. 2 punct PUNCT
"""
    latter = run(nlp, rows.format(which="latter"))
    former = run(nlp, rows.format(which="former"))
    assert ("DISAPPROVE", ["Jordan"], ["Israel"]) in dyads(latter)
    assert ("DISAPPROVE", ["Egypt"], ["Israel"]) in dyads(former)


def test_violence_its_author_announces_is_a_threat(nlp):
    events = run(nlp, """
" 4 punct PUNCT
We 4 nsubj PRON we PRP
will 4 aux AUX will MD
keep 9 ccomp VERB keep VB
attacking 4 xcomp VERB attack VBG
Israel 5 obj PROPN
, 4 punct PUNCT
" 4 punct PUNCT
said 0 root VERB say
Hamas 9 nsubj PROPN
. 9 punct PUNCT
""")
    threats = [(s, g, e.cameo) for t, s, g, e in events if t == "THREATEN"]
    assert threats == [(["Hamas"], ["Israel"], "138")]
    assert "FIGHT" not in {t for t, _, _, _ in events}


def test_requesting_a_thing_is_an_appeal(nlp):
    events = run(nlp, """
Iraq 2 nsubj PROPN
requested 0 root VERB request
Iranian 4 amod ADJ
troops 2 obj NOUN troop
. 2 punct PUNCT
""")
    assert dyads(events, "APPEAL") == [("APPEAL", ["Iraq"], ["Iran"])]


def test_a_demand_for_someones_act_is_addressed_to_them(nlp):
    events = run(nlp, """
Iran 2 nsubj PROPN
called 0 root VERB call
for 6 case ADP
Israel 6 nmod:poss PROPN
's 4 case PART
withdrawal 2 obl NOUN
. 2 punct PUNCT
""")
    assert [(t, s, g, e.cameo) for t, s, g, e in events] == [("DEMAND", ["Iran"], ["Israel"], "100")]


def test_a_temporal_on_phrase_makes_no_phrasal_verb(nlp):
    events = run(nlp, """
On 2 case ADP
Monday 5 obl PROPN
, 5 punct PUNCT
Iran 5 nsubj PROPN
called 0 root VERB call
for 9 case ADP
Israel 9 nmod:poss PROPN
's 7 case PART
withdrawal 5 obl NOUN
. 5 punct PUNCT
""")
    assert [(t, e.cameo) for t, _, _, e in events] == [("DEMAND", "100")]


def test_the_owner_of_a_thing_carries_over_to_its_later_mention(nlp):
    events = run(nlp, """
Russia 2 nsubj PROPN
drafted 0 root VERB draft
Russia 5 nmod:poss PROPN
's 3 case PART
plan 2 obj NOUN
; 2 punct PUNCT
Germany 8 nsubj PROPN
rejected 2 parataxis VERB reject
the 10 det DET
plan 8 obj NOUN
. 2 punct PUNCT
""")
    assert ("REJECT", ["Germany"], ["Russia"]) in dyads(events)


def test_asking_to_meet_someone_is_an_appeal_to_them(nlp):
    events = run(nlp, """
Iran 2 nsubj PROPN
asked 0 root VERB ask
to 4 mark PART
meet 2 xcomp VERB meet VB
Iraqi 6 amod ADJ
officials 4 obj NOUN official
. 2 punct PUNCT
""")
    assert ("APPEAL", ["Iran"], ["Iraq"]) in dyads(events)


def test_an_offensive_tagged_as_adjective_is_aimed_at_the_place_it_is_in(nlp):
    events = run(nlp, """
Russia 3 nmod:poss PROPN
's 1 case PART
offensive 6 nsubj ADJ offensive JJ
in 5 case ADP
Crimea 3 nmod PROPN
ended 0 root VERB end
. 6 punct PUNCT
""")
    assert dyads(events) == [("FIGHT", ["Russia"], ["Crimea"])]


def test_taking_part_in_protests_makes_the_subject_a_protester(nlp):
    events = run(nlp, """
Iranians 2 nsubj PROPN Iranians NNPS
took 0 root VERB take
part 2 obj NOUN
in 6 case ADP
the 6 det DET
protests 2 obl NOUN protest
. 2 punct PUNCT
""")
    assert dyads(events) == [("PROTEST", ["Iran"], [])]


def test_an_existential_event_in_reported_speech_is_the_speakers(nlp):
    events = run(nlp, """
" 9 punct PUNCT
There 3 expl PRON there EX
are 9 ccomp VERB be VBP
talks 3 nsubj NOUN talk
with 6 case ADP
Iraq 4 nmod PROPN
, 9 punct PUNCT
" 9 punct PUNCT
said 0 root VERB say
Iran 9 nsubj PROPN
. 9 punct PUNCT
""")
    assert ("CONSULT", ["Iran"], ["Iraq"]) in dyads(events)


def test_sharing_between_two_sides_needs_no_object(nlp):
    events = run(nlp, """
intelligence 0 root NOUN
sharing 1 acl VERB share VBG
between 4 case ADP
Iran 2 obl PROPN
and 6 cc CCONJ
Iraq 4 conj PROPN
""")
    assert dyads(events) == [("MATERIAL_COOPERATION", ["Iran"], ["Iraq"])]


def test_a_speech_verb_inside_a_quotation_does_not_claim_the_quotation(nlp):
    rows = """
" 10 punct PUNCT
Syria 3 nsubj PROPN
agreed 6 ccomp VERB agree
, 6 punct PUNCT
Iran 6 nsubj PROPN
said 10 ccomp VERB say
, 10 punct PUNCT
" 10 punct PUNCT
Iraq 10 nsubj PROPN
told 0 root VERB tell
Reuters 10 iobj PROPN
. 10 punct PUNCT
"""
    doc = make_doc(nlp, rows)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    st = state(doc)
    names = {k: d.name for k, d in st.entities.items()}
    assert names[st.reported[2]] == "Iran"  # what Iran said
    assert names[st.reported[5]] == "Iraq"  # "Iran said" is what Iraq told


def test_they_is_the_actor_of_the_nearest_plural_noun_phrase(nlp):
    events = run(nlp, """
Iraqi 2 amod ADJ
forces 3 nsubj NOUN force NNS
entered 0 root VERB enter
Syria 3 obj PROPN
until 6 mark SCONJ
they 7 nsubj PRON they PRP
attacked 3 advcl VERB attack
Iran 7 obj PROPN
. 3 punct PUNCT
""")
    fights = dyads(events, "FIGHT")
    assert [g for _, _, g in fights] == [["Iran"]]
    assert fights[0][1][0].startswith("Iraq")  # Iraq, or its military: whom "Iraqi forces" stand for


def test_they_after_a_plural_that_names_no_actor_is_no_one(nlp):
    events = run(nlp, """
The 2 det DET
journalists 3 nsubj NOUN journalist NNS
said 0 root VERB say
they 5 nsubj PRON they PRP
criticised 3 ccomp VERB criticise
Iran 5 obj PROPN
. 3 punct PUNCT
""")
    assert dyads(events, "DISAPPROVE") == []


def test_bare_authorities_in_reported_speech_are_the_speakers_state(nlp):
    events = run(nlp, """
Iran 2 nsubj PROPN
said 0 root VERB say
authorities 6 nsubj NOUN authority NNS
are 6 cop AUX be VBP
in 6 case ADP
contact 2 ccomp NOUN contact
with 8 case ADP
Iraq 6 nmod PROPN
. 2 punct PUNCT
""")
    assert ("CONSULT", ["Iran"], ["Iraq"]) in dyads(events)


def test_an_attack_on_parts_of_a_country_is_aimed_at_the_country(nlp):
    events = run(nlp, """
Hamas 2 nsubj PROPN
attacked 0 root VERB attack
parts 2 obj NOUN part NNS
of 5 case ADP
Israel 3 nmod PROPN
. 2 punct PUNCT
""")
    assert dyads(events) == [("FIGHT", ["Hamas"], ["Israel"])]


def test_sharing_someones_view_endorses_them(nlp):
    events = run(nlp, """
France 2 nsubj PROPN
shared 0 root VERB share
Germany 5 nmod:poss PROPN
's 3 case PART
view 2 obj NOUN
. 2 punct PUNCT
""")
    assert [(t, s, g, e.cameo) for t, s, g, e in events] == [("DIPLOMATIC_COOPERATION", ["France"], ["Germany"], "051")]


DESCRIBED = """
Egypt 2 nsubj PROPN
met 0 root VERB meet
Hamas 2 obj PROPN
. 2 punct PUNCT
The 6 det DET
{noun} 7 nsubj NOUN {noun} NN
criticised 0 root VERB criticise
Israel 7 obj PROPN
. 7 punct PUNCT
"""


@pytest.mark.parametrize(("noun", "actor"), [
    ("government", "Egypt"),  # a state's description: the country named before
    ("country", "Egypt"),
    ("group", "Hamas"),  # a body's description: the organization named before
    ("movement", "Hamas"),
    ("weather", None),  # describes no actor
])
def test_a_definite_description_is_the_nearest_actor_it_can_describe(nlp, noun, actor):
    events = run(nlp, DESCRIBED.format(noun=noun), {"2:3": "ORG"})
    found = [s for t, s, g in dyads(events) if t == "DISAPPROVE"]
    assert found == ([[actor]] if actor else [])


def test_a_description_with_words_of_its_own_is_not_read_back(nlp):
    rows = DESCRIBED.format(noun="government").replace(
        "The 6 det DET\ngovernment 7 nsubj NOUN government NN",
        "The 7 det DET\nlocal 7 amod ADJ\ngovernment 8 nsubj NOUN government NN").replace(
        "criticised 0 root VERB criticise\nIsrael 7 obj PROPN\n. 7 punct PUNCT",
        "criticised 0 root VERB criticise\nIsrael 8 obj PROPN\n. 8 punct PUNCT")
    events = run(nlp, rows, {"2:3": "ORG"})
    assert [s for t, s, g in dyads(events) if t == "DISAPPROVE"] == []  # "the local government": whose?


def test_the_minister_is_the_person_named_before_with_that_title(nlp):
    events = run(nlp, """
Foreign 3 compound PROPN
Minister 3 compound PROPN
Lavrov 4 nsubj PROPN
met 0 root VERB meet
Blinken 4 obj PROPN
. 4 punct PUNCT
The 8 det DET
minister 9 nsubj NOUN minister NN
criticised 0 root VERB criticise
NATO 9 obj PROPN
. 9 punct PUNCT
""", {"2:3": "PERSON", "4:5": "PERSON", "9:10": "ORG"})
    assert ("DISAPPROVE", ["Lavrov"], ["NATO"]) in dyads(events)
