"""The training recipe's steps that run in seconds (training itself is not run in CI)."""

from __future__ import annotations

import json
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from training.train import REPO, pretrain

PRETRAIN_CONFIG = REPO / "training" / "configs" / "news_pretrain.cfg"


def test_pretrain_writes_the_raw_text_and_weights_stage_1_can_start_from(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    docs = DocBin()
    texts = ["Russia demanded that NATO limit troops.", "Turkey condemned the strikes in Syria."]
    for text in texts * 5:
        docs.add(nlp(text))
    train = tmp_path / "train"
    train.mkdir()
    docs.to_disk(train / "docs.spacy")

    weights = pretrain(PRETRAIN_CONFIG, train, tmp_path / "pretrain", epochs=1)

    raw = [json.loads(line)["text"] for line in (tmp_path / "pretrain" / "raw_text.jsonl").open()]
    assert raw == texts * 5
    config = spacy.util.load_config(PRETRAIN_CONFIG, overrides={"paths.init_tok2vec": str(weights)})
    pipeline = spacy.util.load_model_from_config(config, auto_fill=True)
    tok2vec = pipeline.get_pipe("tok2vec").model
    tok2vec.initialize()
    tok2vec.from_bytes(weights.read_bytes())  # what spaCy's init_tok2vec does with the file
