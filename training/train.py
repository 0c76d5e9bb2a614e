"""Train kg's English pipeline end to end: one command.

    python -m training.train [--corpora ../shared/corpora] [--config training/configs/news.cfg]
                             [--max-steps 5000] [--finetune-steps 3500] [--name RUN]
                             [--train-dir train_all] [--package]
                             [--pretrain-epochs N | --init-tok2vec WEIGHTS]

Steps:

1. convert the corpora (``training/convert.py``) to ``training/corpus/``;
2. optionally (``--pretrain-epochs N``, a config with a ``[pretraining]`` block such
   as ``configs/news_pretrain.cfg``) ``spacy pretrain`` of the tok2vec on the
   training docs' raw text (``training/output/RUN/pretrain``), whose weights
   stage 1 then starts from (measured, not in the shipped recipe: see README);
   ``spacy train`` with the config (stage 1, ``training/output/RUN/stage1``),
   then stage 2 (``configs/finetune.cfg``): every component sourced from stage
   1's ``model-best``, trained on with parameter averaging and a learning rate
   decaying linearly to 0 (``training/output/RUN/stage2``);
3. finalise stage 2's ``model-last`` (the learning rate has decayed to 0; the
   parameters are averages): tokenizer aligned to the UD tokens
   (``training/tokenizer.py``), closed-class lemma exceptions for the rule
   lemmatizer (``training/lemmas.py``), meta (name ``kg_news``, sources, licence);
   saved to ``training/output/RUN/final``;
4. evaluate it on the test sets (``training/evaluate.py``), write
   ``training/output/RUN/scores.json`` and put the scores in the meta's ``performance``;
5. with ``--package``, copy the final pipeline to ``kg/models/en_kg_news/`` and its
   scores to ``training/scores.json`` (the shipped pipeline's scores).

``--skip-train`` re-runs steps 3-5 on an existing ``training/output/RUN``
(``stage2/model-last`` if present, else ``model-best``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_CONFIG = HERE / "configs" / "news.cfg"
PACKAGE_DIR = REPO / "kg" / "models" / "en_kg_news"

SOURCES = [
    {
        "name": "UD English-EWT (Universal Dependencies)",
        "url": "https://github.com/UniversalDependencies/UD_English-EWT",
        "license": "CC BY-SA 4.0",
        "use": "tokenizer, tagger, morphologizer, parser (train; dev for model selection)",
    },
    {
        "name": "UD English-GUM (GUM v11), openly licensed train genres",
        "url": "https://github.com/UniversalDependencies/UD_English-GUM",
        "license": "annotations CC BY 4.0; texts CC BY 4.0 / CC BY-SA 3.0 / CC BY 2.5",
        "use": "tagger, morphologizer, parser, NER (person/place/organization mentions "
               "with a proper-noun head); dev for model selection",
    },
    {
        "name": "UniversalNER English-EWT",
        "url": "https://github.com/UniversalNER/UNER_English-EWT",
        "license": "CC BY-SA 4.0",
        "use": "NER (PER/ORG/LOC -> PERSON/ORG/LOC), merged into the EWT docs",
    },
    {
        "name": "CrossNER politics (zliucr/CrossNER)",
        "url": "https://github.com/zliucr/CrossNER",
        "license": "MIT (repository); text from Wikipedia, CC BY-SA",
        "use": "NER (person/politician -> PERSON, organisation/politicalparty -> ORG, "
               "country/location -> LOC), train and dev portions (test held out)",
    },
    {
        "name": "UD English-PUD and UniversalNER English-PUD",
        "url": "https://github.com/UniversalDependencies/UD_English-PUD",
        "license": "CC BY-SA 3.0",
        "use": "test only (never trained on)",
    },
]


def finalise(model_dir: Path, out_dir: Path, corpus: Path) -> Any:
    """Load ``model_dir``, tune its tokenizer, set the meta, save to ``out_dir``."""
    import spacy

    from training.tokenizer import customize_tokenizer, load_exceptions

    nlp = spacy.load(model_dir)
    n = customize_tokenizer(nlp, load_exceptions(corpus / "tokenizer_exceptions.json"))
    print(f"tokenizer: {n} UD special cases added")
    from training.lemmas import add_lemma_exceptions

    lemma_exc = corpus / "lemma_exceptions.json"
    if lemma_exc.exists():
        n = add_lemma_exceptions(nlp, json.loads(lemma_exc.read_text()))
        print(f"lemmatizer: {n} closed-class lemma exceptions added")
    meta = nlp.meta
    meta.update(
        name="kg_news",
        lang="en",
        version="0.1.0",
        description=(
            "kg's English pipeline for international-politics news: tokenizer aligned to "
            "UD English, PTB tagger, morphologizer (UPOS + features), rule lemmatizer, "
            "dependency parser (sentence boundaries) and NER (PERSON, ORG, LOC), trained "
            "on UD English-EWT + GUM, UniversalNER English-EWT and CrossNER politics."
        ),
        author="kg developers",
        url="",
        license="CC BY-SA 4.0",
        sources=SOURCES,
    )
    if out_dir.exists():
        shutil.rmtree(out_dir)
    nlp.to_disk(out_dir)
    return nlp


def write_scores(nlp: Any, out_dir: Path, corpora: Path, run: str, config: Path,
                 train_secs: float | None) -> dict[str, Any]:
    from kg.graphio import atomic_writer
    from training.evaluate import evaluate, summary

    scores = evaluate(nlp, corpora)
    scores["summary"] = summary(scores)
    scores["run"] = run
    scores["config"] = str(config.relative_to(REPO)) if config.is_relative_to(REPO) else str(config)
    if train_secs is not None:
        scores["train_minutes"] = round(train_secs / 60, 1)
    try:
        import os

        from bench.bench_pipeline_speed import measure

        m = measure(nlp, corpora)
        scores["words_per_sec"] = round(m["wall_wps"])
        scores["words_per_cpu_sec"] = round(m["cpu_wps"])
        scores["load_average_during_bench"] = round(os.getloadavg()[0], 1)
    except Exception as err:  # the benchmark is informative only
        print(f"speed benchmark skipped: {err}")
    # the run's scores beside its pipeline; training/scores.json holds the shipped one's (package)
    with atomic_writer(out_dir.parent / "scores.json") as fh:
        fh.write(json.dumps(scores, indent=2) + "\n")
    # scores into the pipeline's meta (flat headline figures + per-type NER)
    meta_path = out_dir / "meta.json"
    meta = json.loads(meta_path.read_text())
    perf = {k: v for k, v in scores["summary"].items() if v is not None}
    perf["ewt_pos"] = scores["ud_english_ewt_test"].get("pos_acc")
    perf["ewt_uas"] = scores["ud_english_ewt_test"].get("dep_uas")
    perf["pud_lemma"] = scores["ud_english_pud"].get("lemma_acc")
    perf["pud_sents_f"] = scores["ud_english_pud"].get("sents_f")
    for key in ("words_per_sec", "words_per_cpu_sec"):
        if key in scores:
            perf[key] = scores[key]
    perf["note"] = ("percentages on held-out test sets: UD English-PUD (tags/trees), "
                    "UD English-EWT test, UNER English-PUD (NER); raw-text tokenization")
    meta["performance"] = perf
    with atomic_writer(meta_path) as fh:
        fh.write(json.dumps(meta, indent=2) + "\n")
    return scores


def pretrain(config_path: Path, train_dir: Path, out_dir: Path, epochs: int) -> Path:
    """``spacy pretrain`` of the config's tok2vec on the raw text of the docs in ``train_dir``.

    Returns the last epoch's weights (``out_dir/model-last.bin``).
    """
    from spacy.tokens import DocBin
    from spacy.training.pretrain import pretrain as spacy_pretrain
    from spacy.util import load_config
    from spacy.vocab import Vocab

    out_dir.mkdir(parents=True, exist_ok=True)
    raw = out_dir / "raw_text.jsonl"
    vocab = Vocab()
    with raw.open("w", encoding="utf-8") as f:
        for path in sorted(train_dir.glob("*.spacy")):
            for doc in DocBin().from_disk(path).get_docs(vocab):
                f.write(json.dumps({"text": doc.text}) + "\n")
    config = load_config(config_path, overrides={"paths.raw_text": str(raw),
                                                 "pretraining.max_epochs": epochs}).interpolate()
    if not config.get("pretraining"):
        raise SystemExit(f"{config_path} has no [pretraining] block (see configs/news_pretrain.cfg)")
    spacy_pretrain(config, out_dir, silent=False)
    return out_dir / "model-last.bin"


def package(out_dir: Path) -> None:
    if PACKAGE_DIR.exists():
        shutil.rmtree(PACKAGE_DIR)
    shutil.copytree(out_dir, PACKAGE_DIR)
    size = sum(p.stat().st_size for p in PACKAGE_DIR.rglob("*") if p.is_file())
    print(f"packaged {PACKAGE_DIR} ({size / 1e6:.1f} MB)")
    if size > 50e6:
        raise SystemExit("packaged pipeline is larger than 50 MB")


def main(argv: list[str] | None = None) -> None:
    from training.convert import DEFAULT_CORPORA
    from training.convert import main as convert_main

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    ap.add_argument("--name", default=None, help="run name (default: config stem)")
    ap.add_argument("--max-steps", type=int, default=5000,
                    help="stage 1 steps (the shipped model: 5000)")
    ap.add_argument("--finetune-config", type=Path, default=HERE / "configs" / "finetune.cfg",
                    help="stage 2: continue from stage 1's model-best with parameter "
                         "averaging and a linearly decaying learning rate ('none' to skip)")
    ap.add_argument("--finetune-steps", type=int, default=3500)
    ap.add_argument("--train-dir", default="train_all",
                    help="training docs under training/corpus: train_all (default: EWT, GUM, "
                         "CrossNER train+dev) or train (CrossNER train only)")
    ap.add_argument("--init-tok2vec", type=Path, default=None,
                    help="stage 1 starts its tok2vec from these pretrained weights (spacy pretrain's "
                         "modelN.bin; the config needs a [pretraining] block, e.g. news_pretrain.cfg)")
    ap.add_argument("--pretrain-epochs", type=int, default=0,
                    help="first pretrain the tok2vec for this many epochs on the training docs' raw "
                         "text (spacy pretrain, the config's [pretraining] block) and start stage 1 "
                         "from the last epoch's weights (default 0: no pretraining)")
    ap.add_argument("--skip-convert", action="store_true")
    ap.add_argument("--skip-train", action="store_true")
    ap.add_argument("--package", action="store_true", help="copy to kg/models/en_kg_news")
    args = ap.parse_args(argv)

    corpus = HERE / "corpus"
    run = args.name or args.config.stem
    run_dir = HERE / "output" / run
    if not args.skip_convert:
        convert_main(["--corpora", str(args.corpora), "--out", str(corpus)])
    train_secs = None
    best = run_dir / "model-best"
    if not args.skip_train:
        from spacy.cli.train import train as spacy_train

        paths = {"paths.train": str(corpus / args.train_dir), "paths.dev": str(corpus / "dev")}
        t0 = time.time()
        stage1 = run_dir / "stage1"
        if args.pretrain_epochs > 0:
            args.init_tok2vec = pretrain(args.config, corpus / args.train_dir, run_dir / "pretrain",
                                         args.pretrain_epochs)
        init = {"paths.init_tok2vec": str(args.init_tok2vec)} if args.init_tok2vec else {}
        spacy_train(args.config, output_path=stage1,
                    overrides={**paths, **init, "training.max_steps": args.max_steps})
        best = stage1 / "model-best"
        if str(args.finetune_config) != "none":
            stage2 = run_dir / "stage2"
            spacy_train(args.finetune_config, output_path=stage2, overrides={
                **paths,
                "paths.source": str(best),
                "training.max_steps": args.finetune_steps,
                "training.optimizer.learn_rate.total_steps": args.finetune_steps,
            })
            # the end of the decay schedule (averaged parameters), not the dev-best step
            best = stage2 / "model-last"
        train_secs = time.time() - t0
    elif (run_dir / "stage2" / "model-last").exists():
        best = run_dir / "stage2" / "model-last"
    final = run_dir / "final"
    nlp = finalise(best, final, corpus)
    scores = write_scores(nlp, final, args.corpora, run, args.config, train_secs)
    print(json.dumps(scores["summary"], indent=2))
    if args.package:
        package(final)
        shutil.copyfile(run_dir / "scores.json", HERE / "scores.json")


if __name__ == "__main__":
    main()
