"""Modality of event triggers read off hand-built parses."""

from __future__ import annotations

from kg.extract.modality import modality
from tests.docbuild import blank, make_doc

NLP = blank()


def trigger(rows: str, i: int):
    return make_doc(NLP, rows)[i]


def test_asserted():
    assert modality(trigger("Russia 2 nsubj PROPN\ninvaded 0 root VERB invade\nUkraine 2 obj PROPN", 1)) == "asserted"


def test_negated():
    doc = "Blinken 4 nsubj PROPN\nhas 4 aux AUX\nnot 4 advmod PART\ndecided 0 root VERB decide"
    assert modality(trigger(doc, 3)) == "negated"


def test_modal_auxiliary_is_hypothetical():
    doc = "standoff 3 nsubj NOUN\ncould 3 aux AUX\nreach 0 root VERB reach\npoint 3 obj NOUN"
    assert modality(trigger(doc, 2)) == "hypothetical"


def test_will_is_future():
    doc = "Russia 3 nsubj PROPN\nwill 3 aux AUX\nwithdraw 0 root VERB withdraw"
    assert modality(trigger(doc, 2)) == "future"


def test_averted_noun_is_hypothetical():
    doc = "staving 0 root VERB stave\noff 1 compound:prt ADP\ninvasion 1 obj NOUN invasion"
    assert modality(trigger(doc, 2)) == "hypothetical"


def test_planned_is_future():
    doc = "they 2 nsubj:pass PRON\nwere 3 aux:pass AUX\nset 0 root VERB set\nto 5 mark PART\nmeet 3 xcomp VERB meet"
    assert modality(trigger(doc, 4)) == "future"
