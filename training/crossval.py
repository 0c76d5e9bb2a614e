"""k-fold cross-validation of kg's extraction over the annotated articles of ``train/``.

Usage::

    python -m training.crossval [--gold ../shared/eval/train] [--folds 6] [--only N]
                                [--output cv.json] [--facts DIR]

Article ``i`` is held out in fold ``i % k``. For each fold the learned event
reader (:mod:`kg.extract.learned`) is trained on the other folds only, then
kg extracts the held-out articles and ``score.py`` scores them. The figures
are pooled over the held-out articles (micro-averaged, as ``score.py`` does
over documents), for three readings of the events: the rules of ``kg_events``
alone, the learned reader alone, and both (what kg ships). ``--only N`` runs
the first N folds (CI runs two). The rules and the lexicon are not learned,
so they count only on articles nobody read while writing them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from kg.extract import facts_from_doc
from kg.extract.learned import merge, propose
from kg.extract.state import state
from training.event_model import (
    DEFAULT_GOLD,
    Annotated,
    iter_folds,
    load_pipeline,
    parse,
    read_articles,
    scorer_module,
    train,
)

METRICS = ("entities", "events", "demands", "statements", "relations")
READINGS = ("rules", "learned", "both")


def _facts(item: Annotated, events: list) -> dict[str, Any]:
    st = state(item.doc)
    st.events = events
    try:
        return facts_from_doc(item.doc, item.article).to_json()
    finally:
        st.events = list(item.rule_events)


def crossval(items: list[Annotated], gold_dir: Path, folds: int, only: int | None = None,
             facts_dir: Path | None = None) -> dict[str, Any]:
    """Pooled held-out scores of each reading, and the per-fold ones."""
    score = scorer_module(gold_dir)
    outputs: dict[str, dict[str, dict]] = {r: {} for r in READINGS}
    golds: dict[str, dict] = {}
    per_fold = []
    for fold, train_ix, held_ix in iter_folds(len(items), folds):
        if only is not None and fold >= only:
            break
        t0 = time.perf_counter()
        model = train([items[i] for i in train_ix], gold_dir)
        fold_out: dict[str, dict[str, dict]] = {r: {} for r in READINGS}
        for i in held_ix:
            item = items[i]
            learned = list(propose(item.doc, model))
            rules = list(item.rule_events)
            readings = {"rules": rules, "learned": list(merge([], learned)),
                        "both": rules + list(merge(rules, learned))}
            for r, evs in readings.items():
                fold_out[r][item.article.doc_id] = outputs[r][item.article.doc_id] = _facts(item, evs)
            golds[item.article.doc_id] = dict(item.gold, doc_id=item.article.doc_id)
        fold_gold = {items[i].article.doc_id: golds[items[i].article.doc_id] for i in held_ix}
        per_fold.append({"fold": fold, "articles": len(held_ix), "seconds": round(time.perf_counter() - t0, 1),
                         **{r: score.score(fold_gold, fold_out[r])[0] for r in READINGS}})
        print(f"fold {fold}: " + "  ".join(
            f"{r} events F {per_fold[-1][r]['events']['f1']:.3f}" for r in READINGS), file=sys.stderr)
    if facts_dir is not None:
        facts_dir.mkdir(parents=True, exist_ok=True)
        for r in READINGS:
            with open(facts_dir / f"{r}.jsonl", "w", encoding="utf-8") as fh:
                for facts in outputs[r].values():
                    fh.write(json.dumps(facts, ensure_ascii=False) + "\n")
    pooled = {r: score.score(golds, outputs[r])[0] for r in READINGS}
    return {"folds": folds, "articles": len(golds), "pooled": pooled, "per_fold": per_fold}


def table(result: dict[str, Any]) -> str:
    lines = [f"{result['articles']} held-out articles, {result['folds']}-fold",
             f"{'reading':8} {'metric':11} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn"]
    for r in READINGS:
        for m in METRICS:
            s = result["pooled"][r][m]
            extra = f"  content word-F1 {s['content_f1']:.3f}" if m == "demands" else ""
            lines.append(f"{r:8} {m:11} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f}  "
                         f"{s['tp']}/{s['fp']}/{s['fn']}{extra}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--folds", type=int, default=6)
    ap.add_argument("--only", type=int, default=None, help="run only the first N folds")
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: kg's own)")
    ap.add_argument("--output", type=Path, default=None, help="write the figures as JSON")
    ap.add_argument("--facts", type=Path, default=None, help="write each reading's held-out facts here")
    args = ap.parse_args(argv)
    nlp = load_pipeline(args.model)
    items = parse(nlp, read_articles(args.gold))
    result = crossval(items, args.gold, args.folds, args.only, args.facts)
    print(table(result))
    if args.output:
        from kg.graphio import atomic_writer

        with atomic_writer(args.output) as fh:
            json.dump(result, fh, indent=1)
            fh.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
