"""Where a pipeline's tagging and parsing errors on a test set come from.

Usage::

    python -m training.errors MODEL [--test pud|ewt_test] [--corpora DIR] [--top 15]
                                    [--train-dir training/corpus/train_all] [--output errors.json]

Counts, over the predicted tokens aligned one-to-one to gold tokens, the tag
and label confusions, the errors on capitalised common nouns (``name_nouns``:
gold ``NN``/``NNS``, predicted ``NNP``/``NNPS``, not sentence-initial, as in
"Harvard Business *School*"), and three classes of errors that are
differences of annotation convention between the training treebanks (EWT,
GUM: current UD guidelines) and a test set rather than mistakes of the model:

* ``name_nouns_in_names``: the ``name_nouns`` errors on a non-initial word of
  a gold entity span.  The report gives, independently of any model, how often
  such words are tagged ``NNP``/``NNPS`` in each training file and in the test
  set (:func:`name_noun_share`): the training treebanks tag them as names
  (98.6 % EWT, 100 % GUM), UD English-PUD in 63 % of cases;
* ``colon_comma``: ``;`` and ``--`` tagged ``,`` where the gold has ``:`` (EWT
  train tags them ``,``, GUM and PTB ``:``) or the reverse;
* ``unused_subtypes``: the right head with a label subtype the gold set never
  uses (``obl:agent`` for the gold's ``obl``: PUD has no ``obl:agent``);
* for NER (:func:`ner_report`, the statistical ``ner`` alone), ``states_as_org``:
  a state or its capital that the gold labels ORG ("China said") and the
  pipeline LOC, as UNER-EWT train labels 1,272 of its 1,281 country mentions.

Each class is reported with its share of the tokens, and the accuracies with
the class counted right beside the plain ones, so that a gap to a target can
be split into what the model gets wrong and what the test set annotates
differently.  Figures are percentages of the aligned tokens, without
punctuation for UAS/LAS as in spaCy's scorer (they differ from
``training.evaluate``'s by a few hundredths).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.scorer import PRFScore
from spacy.tokens import Doc, Token
from spacy.training import Example

NAME_NOUN_GOLD = {"NN", "NNS"}
NAME_NOUN_PRED = {"NNP", "NNPS"}
COLON_COMMA = {(":", ","), (",", ":")}
IGNORED_LABELS = {"punct", "p"}  # as spaCy's scorer: punctuation is not scored for UAS/LAS


def aligned_tokens(pred: Doc, gold: Doc) -> Iterator[tuple[Token, Token]]:
    """Pairs ``(predicted, gold)`` of the tokens that align one-to-one."""
    align = Example(pred, gold).alignment
    x2y, y2x = align.x2y, align.y2x
    start = 0
    for i, n in enumerate(x2y.lengths):
        if n == 1:
            j = int(x2y.data[start])
            if y2x.lengths[j] == 1:
                yield pred[i], gold[j]
        start += n


def is_name_noun(pred: Token, gold: Token) -> bool:
    """A capitalised word, not sentence-initial, gold common noun, predicted proper noun."""
    return (gold.tag_ in NAME_NOUN_GOLD and pred.tag_ in NAME_NOUN_PRED
            and pred.text[:1].isupper() and not gold.is_sent_start)


def is_unused_subtype(pred: Token, gold: Token, gold_labels: set[str]) -> bool:
    """The right head, and a subtype of the gold label that the gold set never uses."""
    return (pred.head.idx == gold.head.idx and pred.dep_ != gold.dep_
            and pred.dep_ not in gold_labels and pred.dep_.split(":")[0] == gold.dep_)


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 2) if whole else 0.0


def error_report(pairs: Iterable[tuple[Doc, Doc]], top: int = 15) -> dict[str, Any]:
    """Error classes of predicted docs against their gold docs (``(pred, gold)`` pairs)."""
    pairs = list(pairs)
    gold_labels = {t.dep_ for _, gold in pairs for t in gold}
    n = n_dep = tag_err = head_err = las_err = 0
    tags: Counter[tuple[str, str]] = Counter()
    labels: Counter[tuple[str, str]] = Counter()
    cls: Counter[str] = Counter()
    subtypes: Counter[str] = Counter()
    name_words: Counter[str] = Counter()
    for pred_doc, gold_doc in pairs:
        for p, g in aligned_tokens(pred_doc, gold_doc):
            n += 1
            if p.tag_ != g.tag_:
                tag_err += 1
                tags[(g.tag_, p.tag_)] += 1
                if is_name_noun(p, g):
                    cls["name_nouns"] += 1
                    cls["name_nouns_in_names"] += g.ent_iob_ == "I"
                    name_words[p.text] += 1
                elif (g.tag_, p.tag_) in COLON_COMMA:
                    cls["colon_comma"] += 1
            if g.dep_ in IGNORED_LABELS:
                continue
            n_dep += 1
            head_ok = p.head.idx == g.head.idx
            head_err += not head_ok
            if not head_ok or p.dep_ != g.dep_:
                las_err += 1
                if p.dep_ != g.dep_:
                    labels[(g.dep_, p.dep_)] += 1
                if is_unused_subtype(p, g, gold_labels):
                    cls["unused_subtypes"] += 1
                    subtypes[p.dep_] += 1
    tag_conv = cls["name_nouns_in_names"] + cls["colon_comma"]
    return {
        "tokens": n,
        "tag_acc": _pct(n - tag_err, n),
        "tag_acc_conventions_right": _pct(n - tag_err + tag_conv, n),
        "dep_tokens": n_dep,
        "dep_uas": _pct(n_dep - head_err, n_dep),
        "dep_las": _pct(n_dep - las_err, n_dep),
        "dep_las_conventions_right": _pct(n_dep - las_err + cls["unused_subtypes"], n_dep),
        "name_nouns": {"errors": cls["name_nouns"], "points": _pct(cls["name_nouns"], n)},
        "conventions": {k: {"errors": cls[k], "points": _pct(cls[k], n_dep if k == "unused_subtypes" else n)}
                        for k in ("name_nouns_in_names", "colon_comma", "unused_subtypes")},
        "name_noun_words": dict(name_words.most_common()),
        "unused_subtypes": dict(subtypes.most_common()),
        "tag_confusions": [[g, p, c] for (g, p), c in tags.most_common(top)],
        "label_confusions": [[g, p, c] for (g, p), c in labels.most_common(top)],
    }


def common_nouns(docs: Iterable[Doc], min_count: int = 3) -> set[str]:
    """Lower-case words tagged ``NN``/``NNS`` at least ``min_count`` times in ``docs``."""
    counts = Counter(t.text for d in docs for t in d if t.tag_ in NAME_NOUN_GOLD and t.text.islower())
    return {w for w, c in counts.items() if c >= min_count}


def name_noun_share(docs: Iterable[Doc], nouns: set[str]) -> dict[str, Any]:
    """How often a common noun inside a name is tagged as a proper noun.

    Counts the capitalised words of ``nouns`` that are a non-initial word of an
    entity span ("Harvard Business *School*") and the share of them tagged
    ``NNP``/``NNPS``.  On the training docs and on a test set it tells an
    annotation convention from a model error, independently of any model.
    """
    proper = total = 0
    for doc in docs:
        for ent in doc.ents:
            for t in ent[1:]:
                if t.text.istitle() and t.text.lower() in nouns and t.tag_ in NAME_NOUN_GOLD | NAME_NOUN_PRED:
                    total += 1
                    proper += t.tag_ in NAME_NOUN_PRED
    return {"occurrences": total, "tagged_proper": proper, "share": _pct(proper, total)}


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """P / R / F in percent, by spaCy's own ``PRFScore`` (as its scorer's ``ents_p/r/f``)."""
    score = PRFScore(tp=tp, fp=n_pred - tp, fn=n_gold - tp)
    return {k: round(100 * v, 2) for k, v in score.to_dict().items()}


def ner_report(pairs: Iterable[tuple[Doc, Doc]],
               is_state: Callable[[str], bool] = lambda text: False) -> dict[str, Any]:
    """Entity errors of predicted docs against gold docs (exact spans, as spaCy's scorer).

    ``confusions`` counts every gold entity by the label the prediction gave
    its exact span (``-`` for none); ``spurious`` the predicted entities with no
    gold span, by label.  ``states_as_org`` is the convention class: a gold ORG
    that names a state or its capital (``is_state``: "China said", "Beijing's
    plans"), predicted LOC, as the training data labels every country mention.
    """
    gold_n = pred_n = tp = 0
    confusions: Counter[tuple[str, str]] = Counter()
    spurious: Counter[str] = Counter()
    states = 0
    for pred_doc, gold_doc in pairs:
        pred = {(e.start_char, e.end_char): e.label_ for e in pred_doc.ents}
        gold = {(e.start_char, e.end_char): e.label_ for e in gold_doc.ents}
        gold_n, pred_n = gold_n + len(gold), pred_n + len(pred)
        for span, label in gold.items():
            got = pred.get(span, "-")
            confusions[(label, got)] += 1
            tp += got == label
            if label == "ORG" and got == "LOC" and is_state(gold_doc.text[span[0]:span[1]]):
                states += 1
        spurious.update(label for span, label in pred.items() if span not in gold)
    return {
        "gold": gold_n,
        "predicted": pred_n,
        "ents": _prf(tp, pred_n, gold_n),
        "ents_conventions_right": _prf(tp + states, pred_n, gold_n),
        "states_as_org": states,
        "confusions": [[g, p, c] for (g, p), c in sorted(confusions.items())],
        "spurious": dict(sorted(spurious.items())),
    }


def report_for(nlp: Language, gold: list[Doc], top: int = 15,
               is_state: Callable[[str], bool] = lambda text: False) -> dict[str, Any]:
    """Run ``nlp`` on the gold docs' texts and report its errors."""
    pairs = list(zip(nlp.pipe((d.text for d in gold), batch_size=64), gold, strict=True))
    return {**error_report(pairs, top), "ner": ner_report(pairs, is_state)}


def main(argv: list[str] | None = None) -> None:
    import spacy
    from spacy.tokens import DocBin

    from kg.gazetteer import default_gazetteer
    from training.convert import DEFAULT_CORPORA
    from training.evaluate import emit_json, gold_docs

    gaz = default_gazetteer()

    def is_state(text: str) -> bool:
        entry = gaz.lookup(text)
        return (entry is not None and entry.type == "COUNTRY") or gaz.by_metonym(text) is not None

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("model", help="pipeline directory (or installed package name)")
    ap.add_argument("--test", choices=["pud", "ewt_test"], default="pud")
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--train-dir", type=Path, default=Path(__file__).parent / "corpus" / "train_all",
                    help="converted training docs (training/convert.py), for the name-noun shares")
    ap.add_argument("--limit", type=int, default=None, help="first N sentences of the test set")
    ap.add_argument("--top", type=int, default=15, help="how many confusions to list")
    ap.add_argument("--output", type=Path, default=None, help="write the report as JSON here")
    args = ap.parse_args(argv)
    nlp = spacy.load(args.model)
    gold = gold_docs(nlp, args.corpora, args.test, args.limit)
    report = report_for(nlp, gold, args.top, is_state)
    if args.train_dir.is_dir():
        shares: dict[str, Any] = {}
        train = {p.stem: list(DocBin().from_disk(p).get_docs(nlp.vocab))
                 for p in sorted(args.train_dir.glob("*.spacy"))}
        nouns = common_nouns(d for docs in train.values() for d in docs)
        for name, docs in [*train.items(), (args.test, gold)]:
            share = name_noun_share(docs, nouns)
            if share["occurrences"]:
                shares[name] = share
        report["name_nouns_tagged_proper"] = shares
    emit_json(report, args.output)


if __name__ == "__main__":
    main()
