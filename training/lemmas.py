"""Closed-class lemma exceptions for the rule lemmatizer, learnt from the treebanks.

spaCy's English rule lemmatizer (spacy-lookups-data) has tables for nouns,
verbs, adjectives and adverbs only: an ``AUX`` or ``PRON`` keeps its lower-cased
form ("were" -> "were", "him" -> "him"), where UD has "be" / "he".
``closed_class_lemmas`` collects, from the UD train portions, the most frequent
lemma of each (form, UPOS) for the closed classes; ``add_lemma_exceptions`` puts
them into the lemmatizer's ``lemma_exc`` table (serialised with the pipeline),
plus an identity rule so unseen forms are still lower-cased.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

CLOSED = ("AUX", "PRON", "DET", "PART", "ADP", "CCONJ", "SCONJ")


def closed_class_lemmas(sents: Iterable[Any]) -> dict[str, dict[str, list[str]]]:
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for s in sents:
        if s.pos is None or s.lemmas is None:
            continue
        for w, p, lem in zip(s.words, s.pos, s.lemmas, strict=True):
            if p in CLOSED and lem:
                counts[(p.lower(), w.lower())][lem] += 1
    out: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for (pos, form), c in sorted(counts.items()):
        lemma, n = c.most_common(1)[0]
        if n >= 2:
            out[pos][form] = [lemma]
    return dict(out)


def add_lemma_exceptions(nlp: Any, table: dict[str, dict[str, list[str]]]) -> int:
    if "lemmatizer" not in nlp.pipe_names or not table:
        return 0
    lem = nlp.get_pipe("lemmatizer")
    exc = lem.lookups.get_table("lemma_exc")
    rules = lem.lookups.get_table("lemma_rules")
    n = 0
    for pos, forms in table.items():
        merged = dict(exc.get(pos, {}))
        merged.update(forms)
        exc[pos] = merged
        if not rules.get(pos):
            rules[pos] = [["", ""]]  # identity rule: unseen forms are lower-cased
        n += len(forms)
    lem.cache = {}
    return n
