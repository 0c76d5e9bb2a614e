"""Words per second of kg's English pipeline on one process.

    python bench/bench_pipeline_speed.py [MODEL] [--corpora DIR] [--repeat N] [--batch-size B]

Runs ``nlp.pipe(texts, batch_size=B)`` (all components) over the UD English-EWT
test sentences, repeated ``N`` times (default 2: ~4,150 sentences, ~50,000
words), after a short warm-up, in this one process, and prints words/s
(words = tokens produced by the pipeline's tokenizer).  Without a corpus it
falls back to a built-in news paragraph repeated.  MODEL defaults to the
bundled pipeline (``kg/models/en_kg_news``).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

DEFAULT_CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"

_FALLBACK = (
    "Russian President Vladimir Putin met Chinese leaders in Beijing on Monday. "
    "The talks focused on trade and security, officials said. "
    "NATO foreign ministers will meet in Brussels next week to discuss the crisis. "
    "Secretary of State Antony Blinken downplayed prospects for a breakthrough with Moscow."
)


def load_texts(corpora: Path = DEFAULT_CORPORA, repeat: int = 2) -> list[str]:
    test = corpora / "ud-english-ewt" / "en_ewt-ud-test.conllu"
    if test.is_file():
        texts = [line.split("=", 1)[1].strip() for line in test.open(encoding="utf8")
                 if line.startswith("# text =")]
    else:
        texts = [s.strip() + "." for s in _FALLBACK.split(".") if s.strip()] * 500
    return texts * repeat


def words_per_second(nlp: Any, corpora: Path = DEFAULT_CORPORA, repeat: int = 2,
                     batch_size: int = 128) -> float:
    texts = load_texts(corpora, repeat)
    for _ in nlp.pipe(texts[:300], batch_size=batch_size):  # warm-up
        pass
    n_words = 0
    start = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        n_words += len(doc)
    return n_words / (time.perf_counter() - start)


def main() -> None:
    import spacy

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("model", nargs="?", default=None)
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=128)
    args = ap.parse_args()
    if args.model is None:
        from kg.models import bundled_model_path

        args.model = str(bundled_model_path())
    nlp = spacy.load(args.model)
    texts = load_texts(args.corpora, args.repeat)
    wps = words_per_second(nlp, args.corpora, args.repeat, args.batch_size)
    print(f"{args.model}: {', '.join(nlp.pipe_names)}")
    print(f"{len(texts)} texts, batch_size={args.batch_size}, one process: {wps:,.0f} words/s")


if __name__ == "__main__":
    main()
