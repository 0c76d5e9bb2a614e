"""Constructions as data (kg/data/constructions.json, kg.extract.patterns): the file's
integrity, and a table of obligation and advice cases on hand-built parses."""

from __future__ import annotations

import json

import pytest

from kg.extract.errors import KGError
from kg.extract.patterns import CALLBACKS, load_constructions
from tests.docbuild import blank, rule_pipeline
from tests.test_events import run


@pytest.fixture(scope="module")
def nlp():
    return rule_pipeline()


def test_every_shipped_construction_is_valid_and_documented():
    cons = load_constructions()
    assert {"obligation", "advice", "demand_list"} <= set(cons.names)
    for c in cons.items:
        assert c.callback in CALLBACKS and c.doc and c.patterns
    assert cons.matcher(blank().vocab) is not None


@pytest.mark.parametrize(("data", "problem"), [
    ({"constructions": [{"name": "x", "callback": "nope", "code": "100", "patterns": [[]]}]}, "unknown callback"),
    ({"constructions": [{"name": "x", "callback": "owed_by_doer", "code": "990", "patterns": [[]]}]}, "CAMEO"),
    ({"constructions": [{"name": "x", "callback": "owed_by_doer", "code": "100",
                         "patterns": [[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"BOGUS": 1}}]]}]}, ""),
    ({"items": []}, "constructions"),
])
def test_a_bad_constructions_file_is_a_coded_error(tmp_path, data, problem):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data))
    with pytest.raises(KGError, match="E005") as err:
        load_constructions(str(path))
    assert str(path) in str(err.value) and problem in str(err.value)


QUOTED_MUST = """
" 4 punct PUNCT
Syria 4 nsubj PROPN
must 4 aux AUX must MD
withdraw 9 ccomp VERB withdraw VB
its 6 nmod:poss PRON its PRP$
troops 4 obj NOUN troop NNS
, 4 punct PUNCT
" 4 punct PUNCT
said 0 root VERB say VBD
France 9 nsubj PROPN
. 9 punct PUNCT
"""

HAS_TO = """
France 2 nsubj PROPN
said 0 root VERB say VBD
Syria 4 nsubj PROPN
has 2 ccomp VERB have VBZ
to 6 mark PART to TO
withdraw 4 xcomp VERB withdraw VB
its 8 nmod:poss PRON its PRP$
troops 6 obj NOUN troop NNS
. 2 punct PUNCT
"""

SHOULD = """
France 2 nsubj PROPN
said 0 root VERB say VBD
Syria 5 nsubj PROPN
should 5 aux AUX should MD
release 2 ccomp VERB release VB
the 7 det DET
prisoners 5 obj NOUN prisoner NNS
. 2 punct PUNCT
"""

WE_MUST = """
" 4 punct PUNCT
We 4 nsubj PRON we PRP
must 4 aux AUX must MD
act 7 ccomp VERB act VB
, 4 punct PUNCT
" 4 punct PUNCT
said 0 root VERB say VBD
France 7 nsubj PROPN
. 7 punct PUNCT
"""

NARRATED = """
Syria 3 nsubj PROPN
must 3 aux AUX must MD
withdraw 0 root VERB withdraw VB
its 5 nmod:poss PRON its PRP$
troops 3 obj NOUN troop NNS
. 3 punct PUNCT
"""


@pytest.mark.parametrize(("rows", "expected"), [
    (QUOTED_MUST, ("DEMAND", ["France"], ["Syria"], "withdraw its troops")),
    (HAS_TO, ("DEMAND", ["France"], ["Syria"], "withdraw its troops")),
    (SHOULD, ("APPEAL", ["France"], ["Syria"], "release the prisoners")),
])
def test_an_act_owed_in_someones_words_is_demanded_of_its_doer(nlp, rows, expected):
    kind = expected[0]
    found = [(t, s, g, e.content) for t, s, g, e in run(nlp, rows) if t == kind]
    assert found == [expected]
    ev = next(e for t, _, _, e in run(nlp, rows) if t == kind)
    assert ev.modality == "asserted"  # the demand is made; the act demanded is not done


def test_a_negated_obligation_keeps_its_negation_in_the_content(nlp):
    rows = """
" 5 punct PUNCT
Syria 5 nsubj PROPN
must 5 aux AUX must MD
not 5 advmod PART not RB
withdraw 10 ccomp VERB withdraw VB
its 7 nmod:poss PRON its PRP$
troops 5 obj NOUN troop NNS
, 5 punct PUNCT
" 5 punct PUNCT
said 0 root VERB say VBD
France 10 nsubj PROPN
. 10 punct PUNCT
"""
    found = [e.content for t, _, _, e in run(nlp, rows) if t == "DEMAND"]
    assert found == ["not withdraw its troops"]


@pytest.mark.parametrize("rows", [WE_MUST, NARRATED], ids=["the speaker itself", "nobody's words"])
def test_no_demand_without_a_speaker_and_another_doer(nlp, rows):
    assert not [t for t, *_ in run(nlp, rows) if t in {"DEMAND", "APPEAL"}]


def test_the_act_owed_is_not_asserted_as_done(nlp):
    events = run(nlp, HAS_TO)
    assert all(e.modality != "asserted" for t, _, _, e in events if t == "YIELD")
