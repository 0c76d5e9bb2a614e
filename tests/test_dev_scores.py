"""Regression guard: the scores on ../shared/eval/dev must not fall below the floor reached."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from kg.extract import extract
from kg.sources import read_inputs

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"

#: F1 floors, set a little under the scores measured when they were last raised.
#: Events (0.68 → 0.63) and relations (0.92 → 0.90) were lowered with the pipeline of
#: session 7 (dropout 0.2 in fine-tuning: PUD LAS +0.8): events F1 moves by up to 0.1
#: between pipelines of equal parse accuracy (training/README.md, "Extraction with other
#: pipelines"), the rules having been written against the previous pipeline's parses.
#: Events 0.63 → 0.55 in session 8 with the learned event reader: on dev, whose articles the
#: rules were written from, it adds 4 events and 28 false ones (F1 0.648 → 0.571), while on
#: the held-out folds of train/ it raises events F1 from 0.269 to 0.344 (training/README.md,
#: "Learned event reader"); the held-out figures are the ones that count.
#: Events 0.55 → 0.50 and demands 0.74 → 0.58 in session 9, when the rules written for single
#: dev sentences were removed (#16: the after-quotation repair, the compound repair of the
#: ultimatum rule, the captives rule, the reciprocal reordering, the `_titled` exclusions),
#: none of which changed a single figure on the 53 articles of train/ (dev 0.571 → 0.531,
#: demands 0.769 → 0.615; held-out events 0.344 → 0.377).
FLOORS = {"entities": 0.87, "events": 0.50, "statements": 0.93, "relations": 0.90, "demands": 0.58}


@pytest.fixture(scope="module")
def scorer():
    path = EVAL / "score.py"
    if not path.exists():
        pytest.skip(f"the evaluation harness is not at {path}")
    spec = importlib.util.spec_from_file_location("kg_eval_score", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_dev_scores_hold_the_floor(kg_nlp, scorer, tmp_path):
    facts = [f.to_json() for f in extract(read_inputs([EVAL / "dev" / "articles.jsonl"]), kg_nlp)]
    out = tmp_path / "facts.jsonl"
    out.write_text("".join(json.dumps(f) + "\n" for f in facts), encoding="utf-8")
    result, _log = scorer.score(scorer.read_docs(EVAL / "dev"), scorer.read_docs(out))
    assert not result["missing_documents"]
    for metric, floor in FLOORS.items():
        assert result[metric]["f1"] >= floor, f"{metric} F1 {result[metric]['f1']} < {floor}"
