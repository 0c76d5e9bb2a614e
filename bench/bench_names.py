"""Extraction time against the number of distinct names in one article (#19).

    python bench/bench_names.py [--sizes 2000 4000 8000] [--rounds 3]

Builds articles of N distinct made-up capitalised names ("Abcd Efgh met Ijkl
Mnop in Qrst.", seeded, so the same each run), and times kg's whole
extraction of each (the pipeline loaded once beforehand: start-up excluded),
best of ``--rounds``. Prints seconds per size and the ratio of the largest to
the smallest; linear time gives the ratio of the sizes (8000/2000 → 4), the
square 16. Issue #19 asks at most 5 for 8k against 2k names.
"""

from __future__ import annotations

import argparse
import random
import string
import time


def article(n_names: int, seed: int = 1) -> str:
    r = random.Random(seed)

    def word() -> str:
        return "".join(r.choice(string.ascii_lowercase) for _ in range(r.randint(4, 8))).capitalize()

    return " ".join(f"{word()} {word()} met {word()} {word()} in {word()}." for _ in range(0, n_names, 2))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000, 8000])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    import kg.nlp

    nlp = kg.nlp.load()
    nlp("Warm-up: Russia met NATO.")
    best: dict[int, float] = {}
    for n in args.sizes:
        text = article(n)
        times = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            nlp(text)
            times.append(time.perf_counter() - t0)
        best[n] = min(times)
        print(f"{n:6d} names  {len(text):8d} chars  {best[n]:7.2f} s", flush=True)
    lo, hi = min(best), max(best)
    print(f"ratio {hi}/{lo} names: {best[hi] / best[lo]:.2f} (linear: {hi / lo:.1f}, square: {(hi / lo) ** 2:.0f})")


if __name__ == "__main__":
    main()
