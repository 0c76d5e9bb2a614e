"""kg.extract.scan: token scans on attribute arrays find what a loop over the tokens finds."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import LEMMA
from spacy.tokens import Doc

from kg.extract import scan


@pytest.fixture
def doc() -> Doc:
    words = ["Mr.", "Ryabkov", "said", "Russian", "Troops", "would", "stay", "unless", "NATO", "left", "."]
    return Doc(spacy.blank("en").vocab, words=words,
               pos=["PROPN", "PROPN", "VERB", "ADJ", "NOUN", "AUX", "VERB", "SCONJ", "PROPN", "VERB", "PUNCT"],
               lemmas=["Mr.", "Ryabkov", "say", "russian", "Troop", "would", "stay", "unless", "NATO", "leave", "."],
               deps=["compound", "nsubj", "ROOT", "amod", "nsubj", "aux", "ccomp", "mark", "nsubj", "advcl", "punct"],
               heads=[1, 2, 2, 4, 6, 6, 2, 9, 9, 6, 2])


def texts(tokens):
    return [t.text for t in tokens]


def test_lowered_finds_tokens_by_lower_case_form(doc):
    assert texts(scan.lowered(doc, scan.ids({"unless", "troops"}))) == ["Troops", "unless"]
    assert texts(scan.lowered(doc, scan.ids(set()))) == []


def test_titled_with_and_without_words(doc):
    assert texts(scan.titled(doc)) == ["Mr.", "Ryabkov", "Russian", "Troops"]
    assert texts(scan.titled(doc, scan.ids(scan.dotted({"mr"})))) == ["Mr."]


def test_proper_titled_is_a_title_case_proper_noun(doc):
    assert texts(scan.proper_titled(doc)) == ["Mr.", "Ryabkov"]  # not NATO (upper), not Russian (ADJ)


def test_dependency_labels_and_attributes(doc):
    assert texts(scan.with_dep(doc, scan.ids({"advcl", "mark"}))) == ["unless", "left"]
    # lemmas keep a capital: case_ids makes "lemma_.lower() in WORDS" a lookup
    assert texts(scan.with_attr(doc, LEMMA, scan.case_ids({"troop"}))) == ["Troops"]


def test_verbs_or_words(doc):
    assert texts(scan.verbs_or(doc, scan.ids({"unless"}))) == ["said", "would", "stay", "unless", "left"]


def test_an_empty_doc_has_no_tokens():
    empty = spacy.blank("en")("")
    assert list(scan.titled(empty)) == [] and list(scan.lowered(empty, scan.ids({"a"}))) == []


def test_isin_agrees_with_numpy_isin():
    import numpy as np

    rng = np.random.default_rng(7)
    words = scan.ids([f"w{i}" for i in range(50)])
    values = np.concatenate([words[rng.integers(0, len(words), 300)],
                             rng.integers(0, 2**64 - 1, 300, dtype=np.uint64),
                             np.array([0, 2**64 - 1, words[0], words[-1]], dtype=np.uint64)])
    assert (scan.isin(values, words) == np.isin(values, words)).all()
    assert not scan.isin(values, scan.ids(set())).any()
    assert scan.isin(values[:0], words).shape == (0,)
