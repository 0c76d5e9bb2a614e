"""Modality of event triggers read off hand-built parses."""

from __future__ import annotations

import pytest

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


DEMANDED = {
    "ccomp": "Manila 2 nsubj PROPN\ndemanded 0 root VERB demand\nthat 5 mark SCONJ\nBeijing 5 nsubj PROPN\n"
             "withdraw 2 ccomp VERB withdraw\nvessels 5 obj NOUN vessel",
    "xcomp": "UN 2 nsubj PROPN\nurged 0 root VERB urge\nIran 2 obj PROPN\nto 5 mark PART\n"
             "release 2 xcomp VERB release\nsailors 5 obj NOUN sailor",
    "advcl with to": "UN 2 nsubj PROPN\nasked 0 root VERB ask\nkidnappers 2 obj NOUN kidnapper\nto 5 mark PART to TO\n"
                     "release 2 advcl VERB release VB\nhostages 5 obj NOUN hostage",
    "noun": "calls 0 root NOUN call\nfor 4 mark SCONJ\nKyiv 4 nsubj PROPN\nresign 1 acl VERB resign",
}


@pytest.mark.parametrize("shape", sorted(DEMANDED))
def test_a_demanded_act_is_not_asserted(shape):
    rows = DEMANDED[shape]
    i = next(n for n, line in enumerate(rows.splitlines()) if line.split()[0] in {"withdraw", "release", "resign"})
    assert modality(trigger(rows, i)) == "demanded"


@pytest.mark.parametrize(("rows", "i", "expected"), [
    # a reported act stays asserted: "told" is not a directive with a that-clause
    ("He 2 nsubj PRON\ntold 0 root VERB tell\nreporters 2 obj NOUN\nthat 6 mark SCONJ\nRussia 6 nsubj PROPN\n"
     "withdrew 2 ccomp VERB withdraw", 5, "asserted"),
    # a time clause keeps its own modality ("after X withdrew, Y demanded ...")
    ("after 2 mark SCONJ\nwithdrawing 4 advcl VERB withdraw\nY 4 nsubj PROPN\ndemanded 0 root VERB demand", 1,
     "asserted"),
])
def test_what_is_not_demanded(rows, i, expected):
    assert modality(trigger(rows, i)) == expected
