"""``kg_gazetteer``: countries, organizations, government bodies and demonyms
from kg's shipped gazetteer, matched beside the statistical NER.

Matches go to ``doc.spans["kg_gazetteer"]`` (label COUNTRY, ORGANIZATION,
LOCATION or NORP; ``span.id_`` the gazetteer id) and into ``doc.ents``, where
the longer of two overlapping spans wins (see :func:`merge_entities`).

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("kg_gazetteer")
>>> [(e.text, e.label_) for e in nlp("NATO met Russian diplomats.").ents]
[('NATO', 'ORGANIZATION'), ('Russian', 'NORP')]
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.gazetteer import default_gazetteer

SPANS_KEY = "kg_gazetteer"


class GazetteerRuler:
    """Match gazetteer names with a case-sensitive spaCy :class:`PhraseMatcher`.

    (A :class:`~spacy.pipeline.SpanRuler` would do the same, but it tokenizes
    its ~90,000 phrases through the whole pipeline and matches far slower.)
    """

    def __init__(
        self, nlp: Language, name: str = "kg_gazetteer", *, spans_key: str = SPANS_KEY,
        overwrite_ents: bool = True,
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.overwrite_ents = overwrite_ents
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_key: dict[str, list[Doc]] = {}
        for pattern in default_gazetteer().patterns():
            key = f"{pattern['label']}|{pattern.get('id', '')}"
            by_key.setdefault(key, []).append(nlp.make_doc(pattern["pattern"]))
        for key, docs in by_key.items():
            self.matcher.add(key, docs)

    def match(self, doc: Doc) -> list[Span]:
        spans = []
        strings = doc.vocab.strings
        for match_id, start, end in self.matcher(doc):
            label, _, id_ = strings[match_id].partition("|")
            spans.append(Span(doc, start, end, label=label, span_id=id_))
        return filter_spans(spans)

    def __call__(self, doc: Doc) -> Doc:
        matches = self.match(doc)
        doc.spans[self.spans_key] = matches
        doc.ents = merge_entities(doc.ents, matches, overwrite=self.overwrite_ents)
        return doc


def merge_entities(
    ents: Iterable[Span], matches: Iterable[Span], *, overwrite: bool = True
) -> list[Span]:
    """Merge gazetteer matches into statistical entities (a pure function).

    The longer span wins an overlap, so "Iraqi Security Forces" (statistical
    ORG) keeps its demonym and "Russian President Vladimir Putin" stays one
    PERSON; on a tie the gazetteer wins when ``overwrite`` is set.
    """
    ents, matches = list(ents), list(matches)
    ordered = matches + ents if overwrite else ents + matches
    return sorted(filter_spans(ordered), key=lambda s: s.start)


@Language.factory(
    "kg_gazetteer",
    assigns=["doc.ents", "doc.spans"],
    default_config={"spans_key": SPANS_KEY, "overwrite_ents": True},
)
def make_gazetteer_ruler(
    nlp: Language, name: str, spans_key: str, overwrite_ents: bool
) -> GazetteerRuler:
    """Factory of ``kg_gazetteer``: ``nlp.add_pipe("kg_gazetteer")``."""
    return GazetteerRuler(nlp, name, spans_key=spans_key, overwrite_ents=overwrite_ents)
