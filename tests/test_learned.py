"""The learned event reader (kg.extract.learned): models, features, decoding, on hand-built parses."""

from __future__ import annotations

import json

import pytest

from kg.extract import learned
from kg.extract.errors import KGError
from kg.extract.events import load_lexicon
from kg.extract.learned import (
    NONE,
    SOURCE,
    TARGET,
    EventModel,
    LinearModel,
    argument_candidates,
    dependency_path,
    merge,
    pronoun_antecedent,
    propose,
    trigger_features,
)
from kg.extract.state import EntityDraft, evidence, state
from kg.records import Event
from tests.docbuild import blank, make_doc

# "Russia accused Ukraine of shelling the town ." with Russia and Ukraine as entities
ACCUSED = """
Russia 2 nsubj PROPN
accused 0 root VERB accuse
Ukraine 2 obj PROPN
of 5 mark SCONJ
shelling 2 advcl VERB shell
the 7 det DET
town 5 obj NOUN
. 2 punct PUNCT
"""


def _doc(rows: str, ents: dict[int, tuple[str, str]]):
    """A hand-built Doc with kg's state: token index → (entity key, type)."""
    doc = make_doc(blank(), rows)
    st = state(doc)
    st.text = doc.text
    st.quoted = [False] * len(doc)
    for i, (key, typ) in ents.items():
        draft = st.entities.setdefault(key, EntityDraft(key=key, name=doc[i].text, type=typ))
        draft.add(doc[i : i + 1])
        st.token_entity[i] = key
    st.done |= {"kg_roles", "kg_events"}
    return doc, st


def _model(trigger_weights: dict, arg_weights: dict, **kw) -> EventModel:
    roots = (NONE, "11")
    return EventModel(
        triggers=LinearModel(classes=roots, bias=(2.0, -2.0), weights=trigger_weights),
        arguments=LinearModel(classes=(NONE, SOURCE, TARGET), bias=(1.0, 0.0, 0.0), weights=arg_weights),
        **kw,
    )


ACCUSE_MODEL = {"lemma=accuse": (-3.0, 3.0)}
ARGS_MODEL = {"path=<nsubj": (-3.0, 3.0, -3.0), "path=<obj": (-3.0, -3.0, 3.0)}


@pytest.mark.parametrize(("features", "expected"), [
    ([], {"O": 0.5, "11": 0.5}),
    (["a"], {"O": pytest.approx(0.8808, abs=1e-4), "11": pytest.approx(0.1192, abs=1e-4)}),
    (["a", "unknown"], {"O": pytest.approx(0.8808, abs=1e-4), "11": pytest.approx(0.1192, abs=1e-4)}),
    (["a", "b"], {"O": 0.5, "11": 0.5}),
])
def test_linear_model_probabilities(features, expected):
    m = LinearModel(classes=("O", "11"), bias=(0.0, 0.0), weights={"a": (1.0, -1.0), "b": (-1.0, 1.0)})
    assert m.probabilities(features) == expected


def test_model_json_round_trip_and_bad_file(tmp_path):
    m = _model(ACCUSE_MODEL, ARGS_MODEL, event_threshold=0.2)
    assert EventModel.from_json(json.loads(json.dumps(m.to_json()))) == m
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**m.to_json(), "triggers": {"classes": ["O"], "bias": [0, 1], "weights": {}}}))
    with pytest.raises(KGError, match=r"E004.*bad\.json"):
        learned.load_model(str(bad))


def test_shipped_model_loads():
    model = learned.load_model()
    assert NONE in model.triggers.classes and set(model.arguments.classes) == {NONE, SOURCE, TARGET}
    assert all(c == NONE or c in {f"{k:02d}" for k in range(2, 21)} for c in model.triggers.classes)


@pytest.mark.parametrize(("a", "b", "path"), [
    (1, 0, "<nsubj"),
    (1, 2, "<obj"),
    (1, 6, "<advcl<obj"),
    (4, 0, "^advcl<nsubj"),
    (6, 2, "^obj^advcl<obj"),
])
def test_dependency_path(a, b, path):
    doc = make_doc(blank(), ACCUSED)
    assert dependency_path(doc[a], doc[b]) == path


def test_dependency_path_too_long_is_far():
    doc = make_doc(blank(), ACCUSED)
    assert dependency_path(doc[6], doc[0], limit=2) == "far"


def test_trigger_features_name_word_lexicon_and_arguments():
    doc, st = _doc(ACCUSED, {0: ("RU", "COUNTRY"), 2: ("UA", "COUNTRY")})
    f = trigger_features(st, load_lexicon(), doc[1])
    assert {"lemma=accuse", "pos=VERB", "obj=ukraine", "actor_nsubj", "root"} <= set(f)
    assert "lex=11" in f  # the lexicon's root for "accuse"


def test_argument_candidates_are_the_sentence_actors():
    doc, st = _doc(ACCUSED, {0: ("RU", "COUNTRY"), 2: ("UA", "COUNTRY")})
    cands = argument_candidates(st, doc[1])
    assert {k: t.i for k, (t, _path) in cands.items()} == {"RU": 0, "UA": 2}


def test_propose_reads_source_and_target():
    doc, _st = _doc(ACCUSED, {0: ("RU", "COUNTRY"), 2: ("UA", "COUNTRY")})
    events = list(propose(doc, _model(ACCUSE_MODEL, ARGS_MODEL)))
    assert [(e.type, e.cameo, e.source, e.target, e.trigger) for e in events] == [
        ("DISAPPROVE", "11", ("RU",), ("UA",), "accused")]
    assert events[0].modality == "asserted" and 0 < events[0].confidence <= 1


@pytest.mark.parametrize(("kw", "found"), [
    ({}, 1),
    ({"trigger_threshold": 0.999}, 0),  # not sure enough that "accused" is an act
    ({"source_threshold": 0.999}, 0),  # no source: no event
    ({"event_threshold": 0.99}, 0),
])
def test_propose_thresholds(kw, found):
    doc, _st = _doc(ACCUSED, {0: ("RU", "COUNTRY"), 2: ("UA", "COUNTRY")})
    assert len(list(propose(doc, _model(ACCUSE_MODEL, ARGS_MODEL, **kw)))) == found


def test_propose_drops_an_addressed_act_without_target_when_others_are_in_view():
    doc, _st = _doc(ACCUSED, {0: ("RU", "COUNTRY"), 2: ("UA", "COUNTRY")})
    no_target = {"path=<nsubj": (-3.0, 3.0, -3.0)}
    assert list(propose(doc, _model(ACCUSE_MODEL, no_target))) == []


def _event(start: int, type_: str = "DISAPPROVE", src=("RU",), tgt=("UA",)) -> Event:
    doc = make_doc(blank(), ACCUSED)
    state(doc).text = doc.text
    return Event(id="x", type=type_, cameo="11", trigger="t", evidence=evidence(doc, start, start + 1),
                 source=src, target=tgt)


@pytest.mark.parametrize(("rules", "learned_events", "kept"), [
    ([], [_event(7)], 1),
    ([_event(7)], [_event(7, src=("UA",), tgt=("RU",))], 0),  # same trigger word: the rules' reading
    ([_event(0)], [_event(7)], 0),  # same dyad already found
    ([_event(0)], [_event(7, src=("UA",), tgt=("RU",))], 1),
    ([], [_event(7), _event(7, src=("UA",))], 1),  # one event per trigger word
])
def test_merge(rules, learned_events, kept):
    out = list(merge(rules, learned_events))
    assert len(out) == kept
    assert all(e.id == f"v{len(rules) + n + 1}" for n, e in enumerate(out))


HE_SAID = """
Lavrov 2 nsubj PROPN
met 0 root VERB meet
Blinken 2 obj PROPN
. 2 punct PUNCT
He 6 nsubj PRON he
accused 2 parataxis VERB accuse
Kyiv 6 obj PROPN
. 6 punct PUNCT
"""


@pytest.mark.parametrize(("i", "expected"), [(4, "LAVROV"), (6, None), (0, None)])
def test_pronoun_antecedent_prefers_the_subject(i, expected):
    doc, st = _doc(HE_SAID, {0: ("LAVROV", "PERSON"), 2: ("BLINKEN", "PERSON"), 6: ("UA", "COUNTRY")})
    assert pronoun_antecedent(st, doc[i]) == expected


def test_pronoun_antecedent_reads_back_over_sentences():
    doc, st = _doc(HE_SAID, {2: ("BLINKEN", "PERSON"), 6: ("UA", "COUNTRY")})
    assert pronoun_antecedent(st, doc[4]) == "BLINKEN"  # no subject named: the last person


@pytest.mark.parametrize(("weights", "found"), [
    ({"lemma=accuse": (-3.0, 3.0)}, 1),  # a word the model learnt as an act
    ({"pos=VERB": (-3.0, 3.0)}, 1),  # "accuse": not learnt, but the lexicon gives it
])
def test_words_read_are_those_learnt_or_in_the_lexicon(weights, found):
    doc, _st = _doc(ACCUSED, {0: ("RU", "COUNTRY"), 2: ("UA", "COUNTRY")})
    assert len(list(propose(doc, _model(weights, ARGS_MODEL)))) == found


def test_a_word_neither_learnt_nor_in_the_lexicon_is_not_read():
    rows = ACCUSED.replace("accused 0 root VERB accuse", "blorfed 0 root VERB blorf")
    doc, _st = _doc(rows, {0: ("RU", "COUNTRY"), 2: ("UA", "COUNTRY")})
    assert list(propose(doc, _model({"pos=VERB": (-3.0, 3.0)}, ARGS_MODEL))) == []
    assert list(propose(doc, _model({"lemma=blorf": (-3.0, 3.0)}, ARGS_MODEL)))  # once learnt, read
    assert _model({"lemma=blorf": (-3.0, 3.0), "lemma=x": (3.0, -3.0)}, ARGS_MODEL).act_lemmas == {"blorf"}
    assert "accuse" in load_lexicon().heads
