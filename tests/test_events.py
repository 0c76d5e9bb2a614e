"""kg_events: CAMEO events from active, passive and nominal clauses; demands; statements."""

from __future__ import annotations

import pytest

from kg.extract.events import EventExtractor, load_lexicon
from kg.extract.state import state
from kg.records import CAMEO_ROOTS
from tests.docbuild import blank, make_doc, rule_pipeline


@pytest.fixture(scope="module")
def nlp():
    return rule_pipeline()


def run(nlp, rows, ents=None, date=None):
    doc = make_doc(nlp, rows, ents)
    state(doc).date = date
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    st = state(doc)
    name = {k: d.name for k, d in st.entities.items()}
    return [(e.type, [name[k] for k in e.source], [name[k] for k in e.target], e) for e in st.events]


def test_lexicon_codes_are_cameo():
    lex = load_lexicon()
    for table in (lex.verbs, lex.nouns, lex.verb_objects):
        assert all(code[:2] in CAMEO_ROOTS for code in table.values())
    assert lex.verbs["reject"] == "120" and lex.nouns["invasion"].startswith("19")


def test_active_clause_with_coordinated_subjects(nlp):
    events = run(nlp, """
The 2 det DET
U.S. 7 nsubj PROPN
and 4 cc CCONJ
NATO 2 conj PROPN
have 7 aux AUX
roundly 7 advmod ADV
rejected 0 root VERB reject
Russia 7 obj PROPN
. 7 punct PUNCT
""")
    assert [(t, s, g) for t, s, g, _ in events] == [("REJECT", ["United States", "NATO"], ["Russia"])]


def test_passive_clause_source_is_the_agent(nlp):
    events = run(nlp, """
Georgia 3 nsubj:pass PROPN
is 3 aux:pass AUX
opposed 0 root VERB oppose
by 5 case ADP
Moscow 3 obl:agent PROPN
. 3 punct PUNCT
""", {"0:1": "GPE", "4:5": "GPE"})
    assert [(t, s, g) for t, s, g, _ in events] == [("DISAPPROVE", ["Russia"], ["Georgia"])]


def test_nominal_event_with_demonym_source_is_hypothetical_when_averted(nlp):
    events = run(nlp, """
talks 2 nsubj NOUN talk
aim 0 root VERB aim
at 4 mark SCONJ
staving 2 advcl VERB stave
off 4 compound:prt ADP
a 8 det DET
Russian 8 amod ADJ russian
invasion 4 obj NOUN invasion
of 10 case ADP
Ukraine 8 nmod PROPN
. 2 punct PUNCT
""", {"9:10": "GPE"})
    fights = [(s, g, e.modality, e.cameo) for t, s, g, e in events if t == "FIGHT"]
    assert fights == [(["Russia"], ["Ukraine"], "hypothetical", "190")]


def test_talks_between_two_people_is_consult(nlp):
    events = run(nlp, """
talks 0 root NOUN talk
between 4 case ADP
Wendy 4 compound PROPN
Sherman 1 nmod PROPN
and 7 cc CCONJ
Sergei 7 compound PROPN
Ryabkov 4 conj PROPN
""", {"2:4": "PERSON", "5:7": "PERSON"})
    assert [(t, s, g) for t, s, g, _ in events] == [("CONSULT", ["Wendy Sherman"], ["Sergei Ryabkov"])]


DEMANDS = """
Putin 2 nsubj PROPN
delivered 0 root VERB deliver
demands 2 obj NOUN demand
. 2 punct PUNCT
His 6 nmod:poss PRON
list 7 nsubj NOUN
included 2 parataxis VERB include
assurances 7 obj NOUN assurance
from 11 case ADP
the 11 det DET
U.S. 8 nmod PROPN
that 16 mark SCONJ
Ukraine 16 nsubj PROPN
would 16 aux AUX
never 16 advmod ADV
join 8 acl VERB join
NATO 16 obj PROPN
and 22 cc CCONJ
that 22 mark SCONJ
NATO 22 nsubj PROPN
would 22 aux AUX
limit 16 conj VERB limit
troops 22 obj NOUN troop
. 7 punct PUNCT
"""


def test_a_list_of_demands_yields_one_demand_per_item(nlp):
    events = run(nlp, DEMANDS, {"0:1": "PERSON"})
    demands = sorted((e.content, g) for t, s, g, e in events if t == "DEMAND" and s[0] == "Putin")
    assert demands == [
        ("NATO would limit troops", ["NATO"]),  # who must act
        ("assurances Ukraine would never join NATO", ["United States"]),  # who gives the assurances
    ]


def test_rejecting_those_demands_targets_who_made_them(nlp):
    rows = DEMANDS + """
NATO 26 nsubj PROPN
rejected 2 parataxis VERB reject
those 28 det DET
demands 26 obj NOUN demand
. 26 punct PUNCT
"""
    events = run(nlp, rows, {"0:1": "PERSON"})
    rejects = [(s, g) for t, s, g, e in events if t == "REJECT"]
    assert rejects == [(["NATO"], ["Putin"])]


def test_statement_with_quote_content_and_reported_event_speaker(nlp):
    events = run(nlp, """
Blinken 2 nsubj PROPN
said 0 root VERB say
Russia 4 nsubj PROPN
invaded 2 ccomp VERB invade
Ukraine 4 obj PROPN
. 2 punct PUNCT
""", {"0:1": "PERSON"})
    statements = [(s, e.content) for t, s, g, e in events if t == "STATEMENT"]
    assert statements == [(["Blinken"], "Russia invaded Ukraine")]
    fight = next(e for t, s, g, e in events if t == "FIGHT")
    assert fight.speaker == "person/blinken"


def test_time_is_normalised_against_the_article_date(nlp):
    events = run(nlp, """
Russia 2 nsubj PROPN
annexed 0 root VERB annex
Crimea 2 obj PROPN
in 5 case ADP
2014 2 obl NUM
. 2 punct PUNCT
""", date="2022-01-09")
    (_, _, _, ev), = events
    assert (ev.type, ev.cameo, ev.time) == ("FIGHT", "192", "2014")


def test_extractor_without_entities_component_raises_a_coded_error():
    from kg.extract.errors import KGError

    nlp_ = blank()
    doc = make_doc(nlp_, "Russia 0 root PROPN")
    with pytest.raises(KGError, match="E002"):
        EventExtractor()(doc)


def test_counted_troops_posted_near_a_border_are_a_force_posture(nlp):
    events = run(nlp, """
Russia 2 nsubj PROPN
has 0 root VERB have
100,000 4 nummod NUM
troops 2 obj NOUN troop
near 8 case ADP
Ukraine 8 nmod:poss PROPN
's 6 case PART
borders 4 nmod NOUN border
. 2 punct PUNCT
""")
    postures = [(s, g, e.cameo) for t, s, g, e in events if t == "FORCE_POSTURE"]
    assert postures == [(["Russia"], ["Ukraine"], "150")]


def test_an_ultimatum_is_a_demand_and_a_threat(nlp):
    events = run(nlp, """
Hamas 3 nsubj PROPN
would 3 aux AUX
attack 0 root VERB attack
Israel 3 obj PROPN
unless 7 mark SCONJ
Israel 7 nsubj PROPN
withdraws 3 advcl VERB withdraw
. 3 punct PUNCT
""")
    found = {(t, tuple(s), tuple(g), e.content) for t, s, g, e in events if t in {"DEMAND", "THREATEN"}}
    assert ("DEMAND", ("Hamas",), ("Israel",), "Israel withdraws") in found
    assert ("THREATEN", ("Hamas",), ("Israel",), None) in found


def test_a_list_after_including_gives_every_target(nlp):
    events = run(nlp, """
Hamas 2 nsubj PROPN
threatened 0 root VERB threaten
countries 2 obj NOUN country
including 5 case ADP
Egypt 3 nmod PROPN
and 7 cc CCONJ
Jordan 5 conj PROPN
. 2 punct PUNCT
""")
    assert [(t, s, g) for t, s, g, _ in events] == [("THREATEN", ["Hamas"], ["Egypt", "Jordan"])]


def test_a_naming_verb_with_a_quotation_is_a_statement(nlp):
    rows = """
Somali 2 amod ADJ somali JJ
officials 3 nsubj NOUN official NNS
called 0 root VERB call
the 5 det DET
attack 3 obj NOUN
" 7 punct PUNCT
careless 3 xcomp ADJ
" 7 punct PUNCT
. 3 punct PUNCT
"""
    statements = [s for t, s, g, e in run(nlp, rows) if t == "STATEMENT"]
    assert statements == [["Somalia"]]
    rows2 = """
Somali 2 amod ADJ somali JJ
officials 3 nsubj NOUN official NNS
called 0 root VERB call
the 5 det DET
attack 3 obj NOUN
careless 3 xcomp ADJ
. 3 punct PUNCT
"""
    assert [s for t, s, g, e in run(nlp, rows2) if t == "STATEMENT"] == []


def test_an_official_with_a_leaders_administration_speaks_for_the_state(nlp):
    events = run(nlp, """
U.S. 4 compound PROPN
President 4 compound PROPN
Donald 4 compound PROPN
Trump 5 nsubj PROPN
spoke 0 root VERB speak
. 5 punct PUNCT
An 8 det DET
official 13 nsubj NOUN
with 12 case ADP
the 12 det DET
Trump 12 compound PROPN
administration 8 nmod NOUN
said 0 root VERB say
Iran 15 nsubj PROPN
lied 13 ccomp VERB lie
. 13 punct PUNCT
""", {"2:4": "PERSON", "10:11": "PERSON"})
    statements = [s for t, s, g, e in events if t == "STATEMENT"]
    assert statements == [["United States"]]


def test_a_thing_called_by_a_quoted_name_is_no_statement(nlp):
    events = run(nlp, """
Russia 2 nsubj PROPN
attended 0 root VERB attend
a 5 det DET
NATO 5 compound PROPN
summit 2 obj NOUN
called 5 acl VERB call VBN
" 8 punct PUNCT
Unity 6 xcomp PROPN
" 8 punct PUNCT
. 2 punct PUNCT
""")
    assert [s for t, s, g, e in events if t == "STATEMENT"] == []


def test_a_promise_answering_a_call_is_aimed_at_who_made_the_call(nlp):
    events = run(nlp, """
Somalia 2 nsubj PROPN
requested 0 root VERB request
troops 2 obj NOUN troop NNS
from 5 case ADP
Kenya 2 obl PROPN
. 2 punct PUNCT
Djibouti 8 nsubj PROPN
answered 0 root VERB answer
the 10 det DET
call 8 obj NOUN
and 12 cc CCONJ
promised 8 conj VERB promise
to 14 mark PART
send 12 xcomp VERB send VB
soldiers 14 obj NOUN soldier NNS
. 8 punct PUNCT
""")
    promises = [(s, g) for t, s, g, e in events if t == "INTENT_TO_COOPERATE"]
    assert promises == [(["Djibouti"], ["Somalia"])]


def test_a_missile_fired_over_a_state_is_aimed_at_it(nlp):
    events = run(nlp, """
North 2 compound PROPN
Korea 3 nsubj PROPN
fired 0 root VERB fire
a 6 det DET
ballistic 6 amod ADJ
missile 3 obj NOUN
over 8 case ADP
Japan 6 nmod PROPN
. 3 punct PUNCT
""")
    assert [(t, s, g) for t, s, g, _ in events] == [("FIGHT", ["North Korea"], ["Japan"])]


def test_hosted_talks_between_two_sides_are_talks_between_them(nlp):
    events = run(nlp, """
Egypt 2 nsubj PROPN
hosted 0 root VERB host
talks 2 obj NOUN talk NNS
between 5 case ADP
Israel 3 nmod PROPN
and 7 cc CCONJ
Hamas 5 conj PROPN
. 2 punct PUNCT
""")
    consults = sorted((s, g) for t, s, g, _ in events if t == "CONSULT")
    assert consults == [(["Egypt"], ["Israel", "Hamas"]), (["Israel"], ["Hamas"])]


def test_condemning_a_visit_is_aimed_at_the_visitor(nlp):
    events = run(nlp, """
China 2 nsubj PROPN
condemned 0 root VERB condemn
the 4 det DET
visit 2 obj NOUN
by 7 case ADP
Nancy 7 compound PROPN
Pelosi 4 nmod PROPN
. 2 punct PUNCT
""", {"5:7": "PERSON"})
    assert ("DISAPPROVE", ["China"], ["Nancy Pelosi"]) in [(t, s, g) for t, s, g, _ in events]


def test_closing_a_border_reduces_relations(nlp):
    events = run(nlp, """
Poland 2 nsubj PROPN
closed 0 root VERB close
its 4 nmod:poss PRON its PRP$
border 2 obj NOUN
with 6 case ADP
Belarus 4 nmod PROPN
. 2 punct PUNCT
""")
    assert [(t, s, g) for t, s, g, _ in events] == [("REDUCE_RELATIONS", ["Poland"], ["Belarus"])]


def test_require_is_a_demand_only_with_the_act_demanded(nlp):
    need = run(nlp, """
Iran 2 nsubj PROPN
requires 0 root VERB require VBZ
oil 2 obj NOUN
. 2 punct PUNCT
""")
    assert [t for t, s, g, _ in need if t == "DEMAND"] == []
    demand = run(nlp, """
Iran 2 nsubj PROPN
requires 0 root VERB require VBZ
Iraq 2 obj PROPN
to 5 mark PART
withdraw 2 xcomp VERB withdraw VB
. 2 punct PUNCT
""")
    assert ("DEMAND", ["Iran"], ["Iraq"]) in [(t, s, g) for t, s, g, _ in demand]


ASKS_TO_RELEASE = """
Romanian 2 amod ADJ romanian JJ
government 3 nsubj NOUN
asks 0 root VERB ask VBZ
Hamas 3 obj PROPN hamas NNP
to 6 mark PART to TO
release 3 {dep} VERB release VB
female 8 amod ADJ female JJ
journalist 6 obj NOUN
"""


@pytest.mark.parametrize("dep", ["xcomp", "advcl"])  # parsers read "to release" either way
def test_ask_an_object_to_act_is_an_appeal_with_its_content(nlp, dep):
    events = run(nlp, ASKS_TO_RELEASE.format(dep=dep), {"3:4": "ORG"})
    assert [(t, s, g, e.content) for t, s, g, e in events] == [
        ("APPEAL", ["Romania"], ["Hamas"], "release female journalist")]


def test_ask_with_a_purpose_clause_before_any_object_is_no_appeal(nlp):
    events = run(nlp, """
He 2 nsubj PRON he PRP
asked 0 root VERB ask
to 4 mark PART to TO
know 2 advcl VERB know VB
""")
    assert [t for t, *_ in events] == []


@pytest.mark.parametrize(("verb", "lemma"), [
    ("reported", "report"), ("reiterated", "reiterate"), ("alleged", "allege"), ("conceded", "concede"),
    ("complained", "complain"), ("disclosed", "disclose"),
])
def test_verbs_of_saying_with_a_clause_make_a_statement(nlp, verb, lemma):
    events = run(nlp, f"""
France 2 nsubj PROPN
{verb} 0 root VERB {lemma}
that 5 mark SCONJ
Iran 5 nsubj PROPN
attacked 2 ccomp VERB attack
Iraq 5 obj PROPN
. 2 punct PUNCT
""")
    assert [(t, s) for t, s, g, e in events if t == "STATEMENT"] == [("STATEMENT", ["France"])]
