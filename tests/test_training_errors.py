"""training.errors: error classes of a pipeline against gold docs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin

from kg.models import bundled_model_path
from training.errors import (
    aligned_tokens,
    common_nouns,
    error_report,
    main,
    name_noun_share,
    ner_report,
)

VOCAB = spacy.blank("en").vocab
WORDS = ["He", "studied", "at", "Harvard", "Business", "School", ";", "he", "was", "hired",
         "by", "Google", "."]
GOLD = {
    "tags": ["PRP", "VBD", "IN", "NNP", "NN", "NN", ":", "PRP", "VBD", "VBN", "IN", "NNP", "."],
    "heads": [1, 1, 5, 5, 5, 1, 1, 9, 9, 1, 11, 9, 1],
    "deps": ["nsubj", "ROOT", "case", "compound", "compound", "obl", "punct", "nsubj:pass",
             "aux:pass", "parataxis", "case", "obl", "punct"],
    "ents": ["O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "O", "B-ORG", "O"],
}


def _doc(words: list[str] = WORDS, **attrs: list) -> Doc:
    return Doc(VOCAB, words=words, **{**GOLD, **attrs})


def test_a_perfect_parse_has_no_errors():
    report = error_report([(_doc(), _doc())])
    assert report["tokens"] == 13 and report["dep_tokens"] == 11  # punctuation is not scored
    assert report["tag_acc"] == report["dep_uas"] == report["dep_las"] == 100.0
    assert report["tag_confusions"] == [] and report["label_confusions"] == []


def test_errors_are_split_into_model_errors_and_conventions():
    pred = _doc(tags=["PRP", "VBD", "IN", "NNP", "NNP", "NNP", ",", "PRP", "VBD", "VBN", "IN",
                      "NNP", "."],
                deps=[*GOLD["deps"][:11], "obl:agent", "punct"])
    pred_heads = [*GOLD["heads"]]
    pred_heads[2] = 3  # "at" attached to "Harvard": a head error, not a convention
    pred = Doc(VOCAB, words=WORDS, tags=[t.tag_ for t in pred], deps=[t.dep_ for t in pred],
               heads=pred_heads, ents=GOLD["ents"])
    report = error_report([(pred, _doc())])
    conv = report["conventions"]
    # "Business" and "School" are common nouns inside the gold name, tagged NNP
    assert report["name_nouns"]["errors"] == 2 and conv["name_nouns_in_names"]["errors"] == 2
    assert conv["colon_comma"]["errors"] == 1
    # "by Google": the right head, a subtype (obl:agent) the gold set never uses
    assert conv["unused_subtypes"]["errors"] == 1 and report["unused_subtypes"] == {"obl:agent": 1}
    assert report["tag_acc"] == round(100 * 10 / 13, 2)
    assert report["tag_acc_conventions_right"] == 100.0
    assert report["dep_uas"] == round(100 * 10 / 11, 2)
    assert report["dep_las"] == round(100 * 9 / 11, 2)
    assert report["dep_las_conventions_right"] == round(100 * 10 / 11, 2)
    assert ["NN", "NNP", 2] in report["tag_confusions"]
    assert ["obl", "obl:agent", 1] in report["label_confusions"]


def test_a_subtype_the_gold_set_uses_is_an_error():
    gold = _doc(deps=[*GOLD["deps"][:11], "obl:agent", "punct"])
    other = _doc(deps=[*GOLD["deps"][:11], "obl", "punct"])
    pred = _doc(deps=[*GOLD["deps"][:11], "obl:agent", "punct"])
    # the gold set has obl:agent somewhere, so the pred's obl:agent on an obl is an error
    report = error_report([(pred, other), (gold, gold)])
    assert report["conventions"]["unused_subtypes"]["errors"] == 0
    assert report["label_confusions"] == [["obl", "obl:agent", 1]]


def test_sentence_initial_and_lower_case_words_are_not_name_nouns():
    words = ["Council", "members", "met", "."]
    gold = Doc(VOCAB, words=words, tags=["NN", "NNS", "VBD", "."], heads=[1, 2, 2, 2],
               deps=["compound", "nsubj", "ROOT", "punct"])
    pred = Doc(VOCAB, words=words, tags=["NNP", "NNP", "VBD", "."], heads=[1, 2, 2, 2],
               deps=["compound", "nsubj", "ROOT", "punct"])
    report = error_report([(pred, gold)])
    assert report["name_nouns"]["errors"] == 0
    assert report["tag_confusions"] == [["NN", "NNP", 1], ["NNS", "NNP", 1]]


def test_only_tokens_aligned_one_to_one_are_compared():
    gold = Doc(VOCAB, words=["I", "do", "n't", "know"], spaces=[True, False, True, False])
    pred = Doc(VOCAB, words=["I", "don't", "know"], spaces=[True, True, False])
    assert [(p.text, g.text) for p, g in aligned_tokens(pred, gold)] == [("I", "I"), ("know", "know")]


def test_name_noun_share_counts_common_nouns_inside_names():
    train = _doc(tags=["PRP", "VBD", "IN", "NNP", "NNP", "NNP", ":", "PRP", "VBD", "VBN", "IN",
                       "NNP", "."])
    nouns_doc = Doc(VOCAB, words=["the", "business", "school", "business", "school", "business",
                                  "school"], tags=["DT"] + ["NN"] * 6)
    nouns = common_nouns([train, nouns_doc], min_count=3)
    assert nouns == {"business", "school"}
    assert name_noun_share([train], nouns) == {"occurrences": 2, "tagged_proper": 2, "share": 100.0}
    assert name_noun_share([_doc()], nouns) == {"occurrences": 2, "tagged_proper": 0, "share": 0.0}
    assert name_noun_share([nouns_doc], nouns)["occurrences"] == 0  # no entity span


def test_ner_report_counts_confusions_and_states_labelled_org():
    words = ["China", "said", "Li", "Wei", "met", "Acme", "in", "Paris", "."]
    gold = Doc(VOCAB, words=words, ents=["B-ORG", "O", "B-PERSON", "I-PERSON", "O", "B-ORG", "O",
                                         "B-LOC", "O"])
    pred = Doc(VOCAB, words=words, ents=["B-LOC", "O", "B-PERSON", "O", "O", "B-ORG", "O",
                                         "B-LOC", "O"])
    report = ner_report([(pred, gold)], is_state=lambda text: text == "China")
    assert (report["gold"], report["predicted"]) == (4, 4)
    assert report["ents"] == {"p": 50.0, "r": 50.0, "f": 50.0}  # Acme, Paris
    assert report["states_as_org"] == 1  # "China said": gold ORG, predicted LOC
    assert report["ents_conventions_right"] == {"p": 75.0, "r": 75.0, "f": 75.0}
    assert ["PERSON", "-", 1] in report["confusions"] and ["ORG", "LOC", 1] in report["confusions"]
    assert report["spurious"] == {"PERSON": 1}  # "Li" alone
    # without a state list nothing is a convention
    assert ner_report([(pred, gold)])["states_as_org"] == 0


CORPORA = Path(__file__).parents[1].parent / "shared/corpora"


@pytest.mark.skipif(not (CORPORA / "ud-english-pud").is_dir(), reason="needs ../shared/corpora")
def test_cli_reports_on_a_slice_of_pud(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    train = tmp_path / "train"
    train.mkdir()
    DocBin(docs=[_doc(tags=["PRP", "VBD", "IN", "NNP", "NNP", "NNP", ":", "PRP", "VBD", "VBN",
                            "IN", "NNP", "."])]).to_disk(train / "tiny.spacy")
    out = tmp_path / "errors.json"
    main([str(bundled_model_path()), "--limit", "40", "--corpora", str(CORPORA),
          "--train-dir", str(train), "--output", str(out)])
    report = json.loads(out.read_text())
    assert json.loads(capsys.readouterr().out) == report
    assert 500 < report["tokens"] < 1500 and report["tag_acc"] > 80
    assert set(report["conventions"]) == {"name_nouns_in_names", "colon_comma", "unused_subtypes"}
    assert report["dep_las"] <= report["dep_las_conventions_right"]
    assert report["ner"]["gold"] > 0 and report["ner"]["ents"]["f"] <= report["ner"]["ents_conventions_right"]["f"]
