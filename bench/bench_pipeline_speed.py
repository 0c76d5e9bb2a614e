"""Words per second of kg's English pipeline on one process.

    python bench/bench_pipeline_speed.py [MODEL] [--corpora DIR] [--repeat N] [--batch-size B]

Runs ``nlp.pipe(texts, batch_size=B)`` (all components) over the UD English-EWT
test sentences, repeated ``N`` times (default 2: ~4,150 sentences, ~50,000
words), after a short warm-up, in this one process, and prints words/s
(words = tokens produced by the pipeline's tokenizer).  Without a corpus it
falls back to a built-in news paragraph repeated.  It prints words/s by the
wall clock and per CPU second of the process (the latter is what the process
gets on an idle core: on a shared machine the wall-clock figure drops with the
load).  MODEL defaults to the
bundled pipeline (``kg/models/en_kg_news``).
"""

from __future__ import annotations

import argparse
import os
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


def measure(nlp: Any, corpora: Path = DEFAULT_CORPORA, repeat: int = 2,
            batch_size: int = 128) -> dict[str, float]:
    """``{"words", "wall_wps", "cpu_wps"}``: words/s by the wall clock, and by this
    process's CPU time (what one process gets on an otherwise idle core; on a
    shared, loaded machine the wall-clock figure is lower)."""
    texts = load_texts(corpora, repeat)
    for _ in nlp.pipe(texts[:300], batch_size=batch_size):  # warm-up
        pass
    n_words = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        n_words += len(doc)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"words": n_words, "wall_wps": n_words / wall, "cpu_wps": n_words / cpu}


def words_per_second(nlp: Any, corpora: Path = DEFAULT_CORPORA, repeat: int = 2,
                     batch_size: int = 128) -> float:
    """Wall-clock words/s of ``nlp.pipe`` on one process."""
    return measure(nlp, corpora, repeat, batch_size)["wall_wps"]


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
    m = measure(nlp, args.corpora, args.repeat, args.batch_size)
    print(f"{args.model}: {', '.join(nlp.pipe_names)}")
    print(f"{len(texts)} texts, {m['words']:,} words, batch_size={args.batch_size}, one process: "
          f"{m['wall_wps']:,.0f} words/s (wall clock); {m['cpu_wps']:,.0f} words/s per CPU "
          f"second (load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
