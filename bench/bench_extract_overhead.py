"""kg's own work on top of spaCy: raw ``nlp.pipe`` against kg's whole extraction, in turn.

    python bench/bench_extract_overhead.py [CORPUS.jsonl] [--rounds 3]

Over a JSON Lines corpus (default: the 53 annotated articles of
``../shared/eval/train``, repeated 4 times), on one process, alternating
rounds: (a) ``nlp.pipe`` with kg's components disabled (tokenizer, tagger,
parser, NER ...), (b) :func:`kg.extract.extract` (the same plus kg's gazetteer,
entities, roles, event rules and learned event reader, and the freezing of
facts). Prints the CPU seconds of each, the best round of each, and the speed
ratio (a) / (b): the share of the time that is spaCy's (1.0 = kg adds nothing;
issue #16 asks ≥ 0.85).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "train" / "articles.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=4)
    args = ap.parse_args()
    import kg.nlp
    from kg.extract import extract
    from kg.sources import read_inputs

    nlp = kg.nlp.load()
    articles = list(read_inputs([args.corpus])) * args.repeat
    base = [n for n in nlp.pipe_names if not n.startswith("kg_")]
    raw_t, kg_t = [], []
    for _ in range(args.rounds):
        t0 = time.process_time()
        with nlp.select_pipes(enable=base):
            words = sum(len(d) for d in nlp.pipe((a.text for a in articles), batch_size=16))
        raw_t.append(time.process_time() - t0)
        t0 = time.process_time()
        n = sum(len(f.events) for f in extract(articles, nlp))
        kg_t.append(time.process_time() - t0)
    print(f"{len(articles)} articles, {words:,} tokens, {n} events")
    print(f"nlp.pipe (spaCy only): {min(raw_t):.2f} CPU s  ({words / min(raw_t):,.0f} tokens/s)")
    print(f"kg extract (all):      {min(kg_t):.2f} CPU s  ({words / min(kg_t):,.0f} tokens/s)")
    print(f"speed ratio: {min(raw_t) / min(kg_t):.3f}")


if __name__ == "__main__":
    main()
