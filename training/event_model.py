"""Train kg's learned event reader (:mod:`kg.extract.learned`) on annotated articles.

Usage::

    python -m training.event_model [--gold ../shared/eval/train] [--output kg/data/event_model.json]

The gold of ``../shared/eval/train/`` gives, for every event, the sentences that
report it and the trigger words (``FORMAT.md``, "Evidence"). Each trigger is
found in kg's parse of the article: its head word is a positive example of the
event's CAMEO root, every other verb, noun and adjective a negative one (words
of optional events are left out, and so are other uses of a trigger's word in
the article, which may tell the same act again); each actor of the sentence,
and the speaker and the subject of the sentence before, is an example of
source, target or neither, by the gold names it matches. Two logistic
regressions (scikit-learn) are fitted and written as plain weights, which kg
reads without scikit-learn.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.extract import syntax
from kg.extract.events import Lexicon, load_lexicon
from kg.extract.learned import (
    NONE,
    SOURCE,
    TARGET,
    EventModel,
    LinearModel,
    argument_candidates,
    argument_features,
    trigger_candidates,
    trigger_features,
)
from kg.extract.state import DocState, state
from kg.records import CAMEO_ROOTS, Article

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO.parent / "shared" / "eval" / "train"
ROOT_OF = {name: code for code, name in CAMEO_ROOTS.items()}  # "DEMAND" -> "10"


def scorer_module(gold_dir: Path) -> ModuleType:
    """``score.py`` beside the gold folders (its name normalisation decides who is who)."""
    path = gold_dir.resolve().parent / "score.py"
    spec = importlib.util.spec_from_file_location("kg_eval_score", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("kg_eval_score", module)
    spec.loader.exec_module(module)
    return module


@dataclass
class Annotated:
    """One article: its parse (kg's components run, up to ``kg_events``) and its gold."""

    article: Article
    doc: Doc
    gold: dict[str, Any]
    rule_events: list = field(default_factory=list)


def read_articles(gold_dir: Path) -> list[tuple[Article, dict[str, Any]]]:
    """The articles of ``articles.jsonl`` with their gold, in file order."""
    out = []
    with open(gold_dir / "articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            gold = json.loads((gold_dir / f"{row['id']}.gold.json").read_text("utf-8"))
            art = Article(doc_id=row["id"], body=row["text"], title=row.get("title"), date=row.get("date"),
                          url=row.get("url"))
            out.append((art, gold))
    return out


def parse(nlp: Language, items: Iterable[tuple[Article, dict[str, Any]]]) -> list[Annotated]:
    """Run the pipeline (without ``kg_event_reader``) over the articles; keep the Docs."""
    from kg.extract import _prepare

    names = nlp.pipe_names
    base = [n for n in names if not n.startswith("kg_")]
    kg_names = [n for n in names if n.startswith("kg_") and n != "kg_event_reader"]
    items = list(items)
    out = []
    with nlp.select_pipes(enable=base):
        for doc, (art, gold) in zip(nlp.pipe([a.text for a, _ in items], batch_size=16), items, strict=True):
            _prepare(doc, art)
            for name in kg_names:
                doc = nlp.get_pipe(name)(doc)
            out.append(Annotated(art, doc, gold, list(state(doc).events)))
    return out


# ------------------------------------------------------------------ examples
def _gold_keys(score: ModuleType, st: DocState, gold: dict[str, Any]) -> dict[str, set[str]]:
    """Gold entity name → the keys of kg's entities that share a name or alias with it."""
    gsurf = {e["name"]: score.surfaces(e) for e in gold.get("entities", [])}
    out: dict[str, set[str]] = {name: set() for name in gsurf}
    for key, draft in st.entities.items():
        surf = score.surfaces({"name": draft.name, "aliases": sorted(draft.aliases)})
        for name, g in gsurf.items():
            if surf & g:
                out[name].add(key)
    return out


def _trigger_token(doc: Doc, text: str, sentence: str, trigger: str) -> Token | None:
    """The head word of ``trigger`` inside ``sentence`` in the article text."""
    at = text.find(sentence)
    if at < 0:
        return None
    off = sentence.lower().find(trigger.lower())
    if off < 0:
        return None
    span = doc.char_span(at + off, at + off + len(trigger), alignment_mode="expand")
    if span is None or not len(span):
        return None
    content = [t for t in span if t.pos_ in {"VERB", "NOUN", "ADJ"}]
    root = span.root
    if root.pos_ not in {"VERB", "NOUN", "ADJ", "AUX"} and content:
        root = content[0]
    return root


@dataclass
class Examples:
    trigger_x: list[list[str]] = field(default_factory=list)
    trigger_y: list[str] = field(default_factory=list)
    arg_x: list[list[str]] = field(default_factory=list)
    arg_y: list[str] = field(default_factory=list)


def examples(score: ModuleType, lex: Lexicon, item: Annotated, out: Examples) -> Examples:
    """Add the trigger and argument examples of one article to ``out``."""
    doc, gold = item.doc, item.gold
    st = state(doc)
    st.actors.clear()
    text = st.text_of(doc)
    keys = _gold_keys(score, st, gold)
    labels: dict[int, str] = {}
    ignore: set[int] = set()
    with syntax.parse_cache(doc):
        for ev in gold.get("events", []):
            root = ROOT_OF.get(str(ev.get("type")))
            if root is None:
                continue
            src = {k for n in ev.get("source") or [] for k in keys.get(n, ())}
            tgt = {k for n in ev.get("target") or [] for k in keys.get(n, ())} - src
            for evd in ev.get("evidence") or []:
                tok = _trigger_token(doc, text, evd.get("sentence", ""), evd.get("trigger", ""))
                if tok is None:
                    continue
                if ev.get("optional"):
                    ignore.add(tok.i)
                elif root == "01":
                    labels.setdefault(tok.i, NONE)
                else:
                    labels[tok.i] = root
                if root == "01":
                    continue
                for key, (cand, path) in argument_candidates(st, tok).items():
                    out.arg_x.append(argument_features(st, tok, root, cand, key, path))
                    out.arg_y.append(SOURCE if key in src else TARGET if key in tgt else NONE)
        memo: dict[int, int] = {}
        # a word of an annotated trigger that the gold gives no evidence for elsewhere in the
        # article may tell the same act again: neither an example of it nor of no act
        told = {doc[i].lemma_.lower() for i, label in labels.items() if label != NONE}
        for tok in trigger_candidates(doc):
            if (tok.i in ignore or tok.lemma_.lower() in told) and labels.get(tok.i, NONE) == NONE:
                continue
            out.trigger_x.append(trigger_features(st, lex, tok, memo))
            out.trigger_y.append(labels.get(tok.i, NONE))
    return out


#: the thresholds kg ships (chosen on the pooled held-out folds of training/crossval.py: see
#: training/README.md, "Learned event reader")
THRESHOLDS = {"trigger_threshold": 0.3, "source_threshold": 0.3, "target_threshold": 0.3, "event_threshold": 0.4}


def _fit(xs: list[list[str]], ys: list[str], c: float, none_weight: float = 1.0) -> LinearModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(f, 1) for f in xs])
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x, ys, sample_weight=[none_weight if y == NONE else 1.0 for y in ys])
    classes = tuple(str(k) for k in clf.classes_)
    coef = clf.coef_
    bias: tuple[float, ...]
    if len(classes) == 2:  # binary: one row for the second class
        coef = [[-v / 2 for v in coef[0]], [v / 2 for v in coef[0]]]
        bias = (-clf.intercept_[0] / 2, clf.intercept_[0] / 2)
    else:
        coef = coef.tolist()
        bias = tuple(float(b) for b in clf.intercept_)
    names = vec.get_feature_names_out()
    weights = {}
    for j, name in enumerate(names):
        w = tuple(float(coef[k][j]) for k in range(len(classes)))
        if max(abs(v) for v in w) > 0.01:  # (smaller weights change no decision worth keeping)
            weights[str(name)] = w
    return LinearModel(classes=classes, bias=tuple(float(b) for b in bias), weights=weights)


def train(items: Iterable[Annotated], gold_dir: Path = DEFAULT_GOLD, *, c_trigger: float = 1.0,
          c_args: float = 1.0, none_weight: float = 0.5, about: str = "", **thresholds: float) -> EventModel:
    """Fit the trigger and argument models on ``items``; ``thresholds`` override :data:`THRESHOLDS`."""
    score = scorer_module(gold_dir)
    lex = load_lexicon()
    ex = Examples()
    for item in items:
        examples(score, lex, item, ex)
    return EventModel(triggers=_fit(ex.trigger_x, ex.trigger_y, c_trigger, none_weight),
                      arguments=_fit(ex.arg_x, ex.arg_y, c_args), about=about, **{**THRESHOLDS, **thresholds})


ABOUT = ("kg's learned event reader (kg.extract.learned), trained by training/event_model.py on the "
         "{n} annotated Wikinews articles of shared/eval/train (texts CC BY 2.5, Wikinews contributors; "
         "annotations by the kg project). Weights CC BY-SA 4.0 like kg's pipeline.")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--output", type=Path, default=REPO / "kg" / "data" / "event_model.json")
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: kg's own)")
    args = ap.parse_args(argv)
    from kg.graphio import atomic_writer

    nlp = load_pipeline(args.model)
    items = parse(nlp, read_articles(args.gold))
    model = train(items, args.gold, about=ABOUT.format(n=len(items)))
    with atomic_writer(args.output) as fh:
        json.dump(model.to_json(), fh, ensure_ascii=False, separators=(",", ":"))
        fh.write("\n")
    print(f"{args.output}: {len(model.triggers.weights)} trigger and {len(model.arguments.weights)} "
          f"argument features from {len(items)} articles", file=sys.stderr)
    return 0


def load_pipeline(model: str | None = None) -> Language:
    """A pipeline with kg's components up to ``kg_events`` (the reader is what is trained)."""
    import kg.nlp

    return kg.nlp.load(model, components=[c for c in kg.nlp.KG_COMPONENTS if c != "kg_event_reader"])


def iter_folds(n_items: int, k: int) -> Iterator[tuple[int, list[int], list[int]]]:
    """(fold, training indices, held-out indices): article ``i`` is held out in fold ``i % k``."""
    for fold in range(k):
        held = [i for i in range(n_items) if i % k == fold]
        yield fold, [i for i in range(n_items) if i % k != fold], held


if __name__ == "__main__":
    raise SystemExit(main())
