"""``kg_gazetteer``: countries, organizations, government bodies and demonyms
from kg's shipped gazetteer, matched beside the statistical NER.

Matches go to ``doc.spans["kg_gazetteer"]`` (label COUNTRY, ORGANIZATION,
LOCATION or NORP; ``span.id_`` the gazetteer id) and into ``doc.ents``, where
the longer of two overlapping spans wins (see :func:`merge_entities`).

Names with a designator word are typed by it (:func:`designated_spans`):
"Columbia University", "Acme Holdings Inc.", "University of Ghana", "Ministry
of Health" are organizations, "Indian Ocean", "Gulf of Guinea" places, whatever
the statistical NER said and also where it found nothing.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("kg_gazetteer")
>>> [(e.text, e.label_) for e in nlp("NATO met Russian diplomats.").ents]
[('NATO', 'ORGANIZATION'), ('Russian', 'NORP')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from kg.extract import scan
from kg.gazetteer import GazEntry, body_heads, default_gazetteer
from kg.gcpause import paused_gc

SPANS_KEY = "kg_gazetteer"

#: last words that make a capitalised name an organization ("Columbia University", "Acme Inc.")
ORG_DESIGNATORS = frozenset({
    "university", "college", "institute", "academy", "polytechnic", "party", "council",
    "ministry", "commission", "committee", "agency", "bank", "company", "corporation",
    "corp", "inc", "ltd", "llc", "plc", "gmbh", "ag", "co", "incorporated", "limited",
    "group", "holdings", "industries", "airlines", "airways", "motors", "records",
    "studios", "pictures", "entertainment", "foundation", "association", "federation",
    "confederation", "union", "league", "society", "organization", "organisation",
    "movement", "front", "alliance", "coalition", "army", "navy", "brigade", "brigades",
    "court", "tribunal", "parliament", "assembly", "congress", "senate", "department",
    "bureau", "authority", "police", "guard", "times", "post", "journal",
    "herald", "tribune", "gazette", "network", "broadcasting", "press", "telegraph",
    "fund", "trust", "club", "fc",
})
#: words before "of" that make "<Word> of <Name>" an organization ("University of Ghana")
ORG_HEADS = frozenset({
    "university", "college", "institute", "academy", "ministry", "department", "bank",
    "bureau", "council", "commission", "office", "court", "federation", "association",
    "league", "union", "party", "church", "school", "house", "board",
})
#: last words that make a capitalised name a place ("Indian Ocean", "Kamchatka Peninsula")
PLACE_DESIGNATORS = frozenset({
    "ocean", "sea", "river", "lake", "mountains", "mountain", "hills", "island", "islands",
    "peninsula", "desert", "valley", "bay", "gulf", "strait", "straits", "canal", "coast",
    "province", "region", "county", "oblast", "krai", "prefecture", "governorate",
    "district", "territory", "basin", "plateau", "park", "airport", "bridge", "city",
})
#: words before "of" that make "<Word> of <Name>" a place ("Gulf of Guinea")
PLACE_HEADS = frozenset({
    "gulf", "bay", "sea", "strait", "straits", "isle", "island", "islands", "lake", "cape",
    "province", "republic", "kingdom", "county", "state", "region",
})


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
        self.gazetteer = default_gazetteer()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        # One matcher key per label, and the gazetteer id looked up by the matched
        # tokens: a key per id (37,000 of them) made a lexeme each and doubled the
        # start-up. A phrase with two ids under one label keeps the first.
        self.ids: dict[tuple[int, ...], str] = {}
        #: one-word names: ORTH → labels, in the gazetteer's order
        self.single: dict[int, list[int]] = {}
        # Generic government bodies ("Russian Foreign Ministry", "Russia's defence
        # ministry": 208 states x 120 body phrases x 3-4 heads) are matched in two
        # steps, the body's name and then the words before it that say whose it is,
        # instead of as 90,000 phrases (which took ~2 s and 500 MB to build).
        self.bodies = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.body_kinds: dict[tuple[int, ...], str] = {}
        self.heads: dict[tuple[int, ...], GazEntry] = {}
        self._generic_ids: dict[tuple[str, str], str] = {}
        self._organization = nlp.vocab.strings.add("ORGANIZATION")
        with paused_gc():  # 9,000 short-lived pattern Docs: collections cost more than the Docs
            self._add_patterns(nlp, PatternTokenizer(nlp))
        self.head_lengths = sorted({len(h) for h in self.heads}, reverse=True)
        self.designators = designator_matcher(nlp.vocab)

    def _add_patterns(self, nlp: Language, tokenize: PatternTokenizer) -> None:
        by_label: dict[str, list[Doc]] = {}
        strings = nlp.vocab.strings
        for pattern in self.gazetteer.patterns(generic_bodies=False):
            label, text = pattern["label"], pattern["pattern"]
            if tokenize.is_one_token(text):  # two thirds of the names: looked up by ORTH, no Doc
                key = (strings.add(label), strings.add(text))
                if key not in self.ids:
                    self.ids[key] = pattern.get("id", "")
                    self.single.setdefault(key[1], []).append(key[0])
                continue
            pdoc = tokenize(text)
            orths = (strings.add(label), *(t.orth for t in pdoc))
            if orths in self.ids:
                continue
            self.ids[orths] = pattern.get("id", "")
            docs = by_label.setdefault(label, [])
            docs.append(pdoc)
            if len(docs) >= 1000:
                self.matcher.add(label, by_label.pop(label))
        for label, docs in by_label.items():
            self.matcher.add(label, docs)
        for country in self.gazetteer.countries():
            for head in body_heads(country):
                self.heads.setdefault(tuple(t.orth for t in tokenize(head)), country)
        body_docs = []
        for kind in self.gazetteer.body_kinds():
            for variant in kind.variants():
                pdoc = tokenize(variant)
                orths = tuple(t.orth for t in pdoc)
                if orths not in self.body_kinds:
                    self.body_kinds[orths] = kind.kind
                    body_docs.append(pdoc)
        self.bodies.add("BODY", body_docs)

    def match(self, doc: Doc) -> list[Span]:
        """Gazetteer names in ``doc``, the longest where they overlap."""
        spans = []
        matches = self.matcher(doc)
        bodies = self.bodies(doc)
        orth = doc.to_array(ORTH).tolist()
        for match_id, start, end in matches:
            id_ = self.ids.get((match_id, *orth[start:end]), "")
            spans.append(Span(doc, start, end, label=match_id, span_id=id_))
        single = self.single
        for i in [i for i, o in enumerate(orth) if o in single]:  # (a dict lookup per word)
            for label in single[orth[i]]:
                spans.append(Span(doc, i, i + 1, label=label, span_id=self.ids[(label, orth[i])]))
        for _, start, end in bodies:  # after the names: a named body wins a tie
            kind = self.body_kinds[tuple(orth[start:end])]
            for n in self.head_lengths:
                country = self.heads.get(tuple(orth[start - n : start])) if n <= start else None
                if country is not None:
                    spans.append(Span(doc, start - n, end, label=self._organization,
                                      span_id=self._generic_id(country, kind)))
        return filter_spans(spans)

    def _generic_id(self, country: GazEntry, kind: str) -> str:
        key = (country.id, kind)
        if key not in self._generic_ids:
            self._generic_ids[key] = self.gazetteer.generic_body(country, kind).id
        return self._generic_ids[key]

    def __call__(self, doc: Doc) -> Doc:
        matches = self.match(doc)
        doc.spans[self.spans_key] = matches
        ents = merge_entities(doc.ents, matches, overwrite=self.overwrite_ents)
        # a designated name beats the statistical entity it retypes and any shorter
        # span, but not a gazetteer name of the same extent ("West Bank")
        named = [e for e in ents if e.id_]
        designated = designated_spans(doc, self.designators, ents)
        doc.ents = sorted(filter_spans(named + designated + ents), key=lambda e: e.start)
        return doc


_CONNECTORS = frozenset({"of", "the", "and", "for", "de", "du", "des", "la", "le", "del", "di"})


def _capitalised(last: frozenset[str], heads: frozenset[str]) -> tuple[list[str], list[str]]:
    """The designators as they end a name ("University", "UN", "Inc.") and the heads
    as they begin one ("Gulf")."""
    return (sorted({w.title() for w in last} | {w.upper() for w in last if len(w) <= 4}
                   | {f"{w.title()}." for w in ("inc", "corp", "ltd", "co")}),
            sorted(w.title() for w in heads))


_CAPITALISED = {"ORG": _capitalised(ORG_DESIGNATORS, ORG_HEADS),
                "LOC": _capitalised(PLACE_DESIGNATORS, PLACE_HEADS)}
#: every pattern of :func:`designator_matcher` needs one of these words
_TRIGGER_IDS = scan.ids(w for forms in _CAPITALISED.values() for words in forms for w in words)
_NAME_OR_ACRONYM = re.compile(r"^([A-Z][\w'’.&-]*)$")
#: the lower-case words a designated name may hold (every other word matches _NAME_OR_ACRONYM)
_NAME_LINKS = frozenset({"of", "the", "and", "&"})


def designator_matcher(vocab: Vocab) -> Matcher:
    """Token patterns of designated names: "<Name> University", "University of <Name>"."""
    name: dict[str, Any] = {"IS_TITLE": True, "IS_STOP": False}
    name_or_acronym: dict[str, Any] = {"TEXT": {"REGEX": _NAME_OR_ACRONYM.pattern}, "IS_STOP": False}
    matcher = Matcher(vocab)
    for label, (cap_last, cap_heads) in _CAPITALISED.items():
        matcher.add(f"{label}_SUFFIX", [[{**name_or_acronym, "OP": "+"}, {"TEXT": {"IN": cap_last}}]])
        before: list[dict[str, Any]] = [{**name_or_acronym, "OP": "*"}] if label == "ORG" else []
        of = [*before, {"TEXT": {"IN": cap_heads}}, {"LOWER": "of"}, {"LOWER": "the", "OP": "?"},
              {**name, "OP": "+"}]
        matcher.add(f"{label}_OF", [of, [*of, {"LOWER": {"IN": ["and", "&"]}}, {**name, "OP": "+"}]])
    return matcher


def designated_spans(doc: Doc, matcher: Matcher, ents: Iterable[Span] = ()) -> list[Span]:
    """Names typed by a designator word: the existing entities ending in one
    (relabelled) and the longest "<Name> University" / "Gulf of <Name>" matches."""
    spans = []
    for ent in ents:
        if ent.id_ or ent.label_ not in {"PERSON", "ORG", "LOC", "GPE", "FAC", "NORP"}:
            continue
        last = ent[-1].lower_.rstrip(".")
        label = "ORG" if last in ORG_DESIGNATORS else "LOC" if last in PLACE_DESIGNATORS else None
        if label and len(ent) > 1 and label != ent.label_ and all(
                t.text[:1].isupper() or not t.is_alpha or t.lower_ in _CONNECTORS for t in ent):
            spans.append(Span(doc, ent.start, ent.end, label=label))
    # the token patterns (a regex on every word) run only on the run of name words
    # around each designator, within its sentence: every match is such a run's
    sentences = doc.has_annotation("SENT_START")
    done: set[tuple[int, int]] = set()
    for trigger in scan.tokens_at(doc, scan.isin(doc.to_array(ORTH), _TRIGGER_IDS)):
        lo, hi = (trigger.sent.start, trigger.sent.end) if sentences else (0, len(doc))
        start, end = trigger.i, trigger.i + 1
        while start > lo and _in_name(doc[start - 1]):
            start -= 1
        while end < hi and _in_name(doc[end]):
            end += 1
        if (start, end) in done:
            continue
        done.add((start, end))
        for match_id, m_start, m_end in matcher(doc[start:end]):
            label = doc.vocab.strings[match_id].split("_")[0]
            spans.append(Span(doc, start + m_start, start + m_end, label=label))
    return filter_spans(spans)


def _in_name(tok: Token) -> bool:
    """Whether ``tok`` can stand in a designated name (:func:`designator_matcher`)."""
    return tok.lower_ in _NAME_LINKS or _NAME_OR_ACRONYM.search(tok.text) is not None


class PatternTokenizer:
    """The tokens of gazetteer phrases, as the pipeline's tokenizer makes them,
    without running it on every phrase (it took half the ruler's start-up).

    spaCy's tokenizer splits a text at spaces and tokenizes each piece on its
    own, so a phrase's tokens are its words' tokens: a word of letters only is
    one token (no affix to split, unless it is a special case), any other word
    ("Russia's", "U.S.") is tokenized once and remembered. A phrase containing a
    special case with a space in it goes through the tokenizer whole.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        rules = getattr(nlp.tokenizer, "rules", None)
        self.exact = rules is None  # an unknown tokenizer: no shortcut
        self.special = {k for k in (rules or {}) if " " not in k}
        self.spaced = [k for k in (rules or {}) if " " in k.strip()]
        self.cache: dict[str, list[str]] = {}

    def is_one_token(self, text: str) -> bool:
        """Whether the tokenizer leaves ``text`` as one token (a word of letters only)."""
        return not self.exact and text.isalpha() and text not in self.special

    def __call__(self, text: str) -> Doc:
        if self.exact or any(k in text for k in self.spaced):
            return self.nlp.make_doc(text)
        words: list[str] = []
        for word in text.split(" "):
            if self.is_one_token(word):
                words.append(word)
            else:
                if word not in self.cache:
                    self.cache[word] = [t.text for t in self.nlp.make_doc(word)]
                words.extend(self.cache[word])
        return Doc(self.nlp.vocab, words=words)


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
