"""Evaluate a spaCy pipeline on the held-out test sets.

Usage::

    python -m training.evaluate MODEL [--corpora DIR] [--output scores.json] [--limit N]
                                      [--with-gazetteer | --with-kg-entities]

* UD English-PUD (1,000 news/Wikipedia sentences, test only): TAG, POS, UAS, LAS,
  lemma, sentence F (one sentence per doc).
* UD English-EWT test: TAG, POS, UAS, LAS (docs of up to 10 sentences, so the
  parser's sentence splitting counts).
* NER on UNER English-PUD (PER/ORG/LOC mapped to PERSON/ORG/LOC) and UNER
  English-EWT test: P/R/F overall and per type; the statistical ``ner`` alone,
  or with kg's gazetteer ruler on top (``--with-gazetteer``), or as kg's entity
  mentions (``--with-kg-entities``: gazetteer ruler + ``kg_entities`` rules), both
  in UNER's conventions (:func:`uner_spans`).

Texts are tokenized by the pipeline's own tokenizer (raw text in, like
``spacy evaluate`` without ``--gold-preproc``); scores are aligned to the gold
tokens by spaCy's ``Scorer``.  Figures are percentages.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import filter_spans

from training.convert import (
    DEFAULT_CORPORA,
    merge_uner,
    read_conllu,
    read_iob2,
    sents_to_docs,
)


def gold_docs(nlp: Language, corpora: Path, name: str, limit: int | None = None) -> list[Doc]:
    """Gold docs for ``pud`` or ``ewt_test`` (trees + UNER entities)."""
    if name == "pud":
        sents = list(read_conllu(corpora / "ud-english-pud" / "en_pud-ud-test.conllu"))
        if limit:
            sents = sents[:limit]
        merge_uner(sents, read_iob2(corpora / "uner-english-pud" / "en_pud-ud-test.iob2"),
                   by_forms=True)
        return sents_to_docs(sents, nlp.vocab, 1)
    if name == "ewt_test":
        sents = list(read_conllu(corpora / "ud-english-ewt" / "en_ewt-ud-test.conllu"))
        if limit:
            sents = sents[:limit]
        merge_uner(sents, read_iob2(corpora / "uner-english-ewt" / "en_ewt-ud-test.iob2"))
        return sents_to_docs(sents, nlp.vocab, 10)
    raise ValueError(f"unknown test set {name!r}")


def _pct(x: Any) -> Any:
    if isinstance(x, float):
        return round(100 * x, 2)
    if isinstance(x, dict):
        return {k: _pct(v) for k, v in x.items()}
    return x


def score(nlp: Language, docs: list[Doc]) -> dict[str, Any]:
    examples = [Example(nlp.make_doc(d.text), d) for d in docs]
    start = time.perf_counter()
    raw = nlp.evaluate(examples, batch_size=256)
    secs = time.perf_counter() - start
    keys = ["token_acc", "tag_acc", "pos_acc", "morph_acc", "lemma_acc", "dep_uas", "dep_las",
            "sents_f", "ents_p", "ents_r", "ents_f", "ents_per_type"]
    out = {k: _pct(raw.get(k)) for k in keys if raw.get(k) is not None}
    out["n_docs"] = len(docs)
    out["n_words"] = sum(len(d) for d in docs)
    out["eval_words_per_sec"] = round(out["n_words"] / secs)
    return out


def evaluate(nlp: Language, corpora: Path = DEFAULT_CORPORA, limit: int | None = None
             ) -> dict[str, Any]:
    return {
        "ud_english_pud": score(nlp, gold_docs(nlp, corpora, "pud", limit)),
        "ud_english_ewt_test": score(nlp, gold_docs(nlp, corpora, "ewt_test", limit)),
    }


def summary(scores: dict[str, Any]) -> dict[str, Any]:
    """The headline figures (the project's targets)."""
    pud, ewt = scores["ud_english_pud"], scores["ud_english_ewt_test"]
    return {
        "pud_tag": pud.get("tag_acc"),
        "pud_pos": pud.get("pos_acc"),
        "pud_uas": pud.get("dep_uas"),
        "pud_las": pud.get("dep_las"),
        "ewt_tag": ewt.get("tag_acc"),
        "ewt_las": ewt.get("dep_las"),
        "pud_ner_p": pud.get("ents_p"),
        "pud_ner_r": pud.get("ents_r"),
        "pud_ner_f": pud.get("ents_f"),
        "pud_ner_per_type": pud.get("ents_per_type"),
        "ewt_ner_f": ewt.get("ents_f"),
    }


GAZETTEER_LABELS = {"COUNTRY": "LOC", "LOCATION": "LOC", "ORGANIZATION": "ORG"}


def uner_spans(doc: Doc, ents: list[Span]) -> list[Span]:
    """kg's entities in UNER's conventions (its annotation guidelines, not PUD's data).

    * labels mapped to PERSON/ORG/LOC; demonyms (NORP) are not entities in UNER;
    * a name does not include a leading "the" ("the [Kremlin]");
    * a name does not include a title or honorific ("President [Yudhoyono]",
      "Mr [Osborne]", "Russian Foreign Minister [Sergei Lavrov]");
    * a name ends in a name word: trailing lowercase words and punctuation go
      ("[Bank of Scotland] customers", "[Senate] for the first time"), and a span
      left with a demonym or no capitalised word is dropped ("German army").
    """
    from kg.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    titles = _title_words()
    out = []
    for ent in ents:
        label = GAZETTEER_LABELS.get(ent.label_, ent.label_)
        if label == "NORP":
            continue
        start, end = ent.start, ent.end
        capitalised = [t.i for t in ent if t.text[:1].isupper() or t.text[:1].isdigit()]
        if capitalised:  # (all-lowercase names are left as they are: "iraq" in a forum post)
            end = capitalised[-1] + 1
        if end - start > 1 and doc[start].lower_ == "the":
            start += 1  # UNER-EWT train: 19 of 432 LOC and 27 of 386 ORG names begin with "the"
        if label == "PERSON":
            while end - start > 1 and (doc[start].lower_.rstrip(".") in titles
                                       or gaz.by_demonym(doc[start].text)
                                       or gaz.by_adjective(doc[start].text)):
                start += 1
        if end <= start:
            continue
        if end - start == 1 and gaz.by_demonym(doc[start].text) and label != "LOC":
            continue
        out.append(Span(doc, start, end, label=label))
    return out


_TITLE_WORDS: set[str] = set()


def _title_words() -> set[str]:
    if not _TITLE_WORDS:
        from kg.gazetteer import default_gazetteer

        gaz = default_gazetteer()
        for phrase in (*gaz.titles(), *gaz.title_modifiers(), *gaz.honorifics()):
            _TITLE_WORDS.update(w.lower().rstrip(".") for w in phrase.split())
        _TITLE_WORDS.difference_update({"of", "the", "for", "and", "state", "general"})
    return _TITLE_WORDS


def with_gazetteer(nlp: Language) -> Language:
    """The pipeline with kg's gazetteer ruler after its NER, entities in UNER's
    conventions (:func:`uner_spans`)."""
    import kg.extract  # noqa: F401  (registers kg_gazetteer)

    if not Language.has_factory("kg_uner_labels"):
        @Language.component("kg_uner_labels")
        def uner_labels(doc: Doc) -> Doc:
            doc.ents = uner_spans(doc, list(doc.ents))
            return doc

    nlp.add_pipe("kg_gazetteer", after="ner")
    nlp.add_pipe("kg_uner_labels", after="kg_gazetteer")
    return nlp


KG_MENTION_LABELS = {"PERSON": "PERSON", "ORGANIZATION": "ORG", "COUNTRY": "LOC", "LOCATION": "LOC"}


def with_kg_entities(nlp: Language) -> Language:
    """The pipeline with kg's gazetteer ruler and entity rules (``kg_entities``:
    titled persons, "Mr. X", surnames of persons named before, acronyms, capitals
    standing for governments, NER confusions): NER is scored on kg's mentions
    (``doc.spans["kg_mentions"]``, pronouns left out) in UNER's conventions."""
    import kg.extract  # noqa: F401  (registers kg_gazetteer, kg_entities)

    if not Language.has_factory("kg_uner_mentions"):
        @Language.component("kg_uner_mentions")
        def uner_mentions(doc: Doc) -> Doc:
            spans = [Span(doc, s.start, s.end, label=KG_MENTION_LABELS[s.label_])
                     for s in doc.spans.get("kg_mentions", [])
                     if s.label_ in KG_MENTION_LABELS and not all(t.pos_ == "PRON" for t in s)]
            doc.ents = uner_spans(doc, filter_spans(spans))
            return doc

    nlp.add_pipe("kg_gazetteer", after="ner")
    nlp.add_pipe("kg_entities", after="kg_gazetteer")
    nlp.add_pipe("kg_uner_mentions", after="kg_entities")
    return nlp


def emit_json(data: Any, output: Path | None) -> None:
    """Print ``data`` as indented JSON, and write it to ``output`` too if given.

    The file is written atomically: an interrupted run leaves the previous one.
    """
    from kg.graphio import atomic_writer

    text = json.dumps(data, indent=2)
    print(text)
    if output:
        with atomic_writer(output) as fh:
            fh.write(text + "\n")


def main(argv: list[str] | None = None) -> None:
    import spacy

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("model", help="pipeline directory (or installed package name)")
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--output", type=Path, default=None, help="write the scores as JSON here")
    ap.add_argument("--limit", type=int, default=None, help="first N sentences of each set")
    ap.add_argument("--with-gazetteer", action="store_true",
                    help="score NER with kg's gazetteer ruler on top of the statistical NER")
    ap.add_argument("--with-kg-entities", action="store_true",
                    help="score NER on kg's entity mentions (gazetteer ruler + kg_entities rules)")
    args = ap.parse_args(argv)
    nlp = spacy.load(args.model)
    if args.with_kg_entities:
        nlp = with_kg_entities(nlp)
    elif args.with_gazetteer:
        nlp = with_gazetteer(nlp)
    scores = evaluate(nlp, args.corpora, args.limit)
    scores["summary"] = summary(scores)
    emit_json(scores, args.output)


if __name__ == "__main__":
    main()
