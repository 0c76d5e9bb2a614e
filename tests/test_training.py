"""The training recipe's steps that run in seconds (training itself is not run in CI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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
    tok2vec = pipeline.get_pipe("tok2vec").model  # type: ignore[attr-defined]
    tok2vec.initialize()
    tok2vec.from_bytes(weights.read_bytes())  # what spaCy's init_tok2vec does with the file


def test_emit_json_prints_and_replaces_the_file_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from training.evaluate import emit_json

    out = tmp_path / "runs" / "scores.json"
    emit_json({"pud_las": 83.9}, out)
    assert json.loads(capsys.readouterr().out) == json.loads(out.read_text()) == {"pud_las": 83.9}
    emit_json({"pud_las": 84.1}, out)
    assert json.loads(out.read_text()) == {"pud_las": 84.1}
    assert [p.name for p in out.parent.iterdir()] == ["scores.json"]  # no temporary file left
    capsys.readouterr()
    emit_json({"x": 1}, None)  # print only
    assert json.loads(capsys.readouterr().out) == {"x": 1}
    assert [p.name for p in out.parent.iterdir()] == ["scores.json"]
