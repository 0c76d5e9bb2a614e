"""Entity spans made whole before they are resolved: names the NER cut short or
missed, and names whose shape says what they are.

- organisations: "Center for Strategic" + "and International Studies", "House
  Intelligence" + "Committee", "Afghanistan" + "Independent Human Rights
  Commission", "Muadh ibn Jabal Brigades" (a capitalised name ending in a body word);
- persons after a title or honorific: "Secretary of State Antony Blinken",
  "Mr. Ryabkov", "Prime Minister Nouri al-Maliki"; a "place" that speaks;
- places: a "person" after "in"; "U.S.-Russia" is two states; "US-run" is a modifier.
"""

from __future__ import annotations

import itertools

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract import scan, syntax
from kg.extract.names import ORG_WORDS, PLACE_WORDS, hyphen_modifier, locative
from kg.gazetteer import Gazetteer

_ORG_WORD_IDS = scan.ids(ORG_WORDS)

PERSON_LABELS = {"PERSON", "PER"}
ORG_LABELS = {"ORG", "ORGANIZATION"}
PLACE_LABELS = {"GPE", "LOC", "LOCATION", "COUNTRY", "FAC"}
CONNECTORS = {"and", "of", "for", "&"}
#: lowercase words inside personal names
NAME_LINKS = {"al", "el", "bin", "ibn", "bint", "abu", "de", "del", "da", "di", "du", "van", "von", "der", "le", "la"}
SPEECH_VERBS = {"say", "tell", "add", "state", "explain", "insist", "recall", "reply", "respond", "comment"}


class NameSpans:
    """Reshape one Doc's entity spans (see the module docstring)."""

    def __init__(self, gaz: Gazetteer, title_words: set[str], title_heads: set[str], honorifics: set[str]) -> None:
        self.gaz = gaz
        self.title_words = title_words
        self.title_heads = title_heads
        self.honorifics = honorifics
        self._title_ids = scan.ids(scan.dotted(title_heads | honorifics))

    def whole_names(self, doc: Doc) -> list[Span]:
        """Entity spans made whole and typed by their shape: "Center for Strategic" + "and
        International Studies", "House Intelligence" + "Committee", "Afghanistan" +
        "Independent Human Rights Commission"; "U.S.-Russia" is two states; "US-run" is a
        modifier, not a place; a name that speaks is a person, one after "in" a place."""
        found = [e for e in doc.ents if not hyphen_modifier(e)] + self.titled_names(doc)
        ents = sorted(filter_spans(found + self.named_bodies(doc, found)), key=lambda e: e.start)
        ents = [part for e in ents for part in self.split_pairs(e)]
        out: list[Span] = []
        n = 0
        while n < len(ents):
            ent = ents[n]
            n += 1
            if ent.label_ in PERSON_LABELS and locative(ent):
                ent = Span(doc, ent.start, ent.end, label="LOC")  # "fighting in Basra"
            elif ent.label_ in PLACE_LABELS and self.speaks(ent) and self.gaz.lookup(ent.text) is None:
                ent = Span(doc, ent.start, ent.end, label="PERSON")  # places do not talk
            if ent.label_ not in ORG_LABELS:
                out.append(ent)
                continue
            start, end = ent.start, ent.end
            while end - 1 > start and doc[end - 1].lower_ in CONNECTORS:
                end -= 1  # the NER stopped at "Center for Strategic and"
            while True:  # "... Strategic" + "and" + "International Studies"
                nxt = ents[n].start if n < len(ents) else len(doc)
                joins_names = doc[end].lower_ in {"of", "for"} or not (  # "Islamic Party of Iraq"
                    self.gaz.by_demonym(doc[end + 1].text) or self.gaz.lookup(doc[end + 1].text)) \
                    if end + 1 < len(doc) else False
                if end < len(doc) and doc[end].lower_ in CONNECTORS and doc[end - 1].is_title and not ent.id_ \
                        and end + 1 < len(doc) and doc[end + 1].is_title and joins_names:
                    stop = end + 1
                    while stop < len(doc) and doc[stop].is_title and doc[stop].pos_ in {"PROPN", "NOUN", "ADJ"} \
                            and (stop < nxt or (n < len(ents) and ents[n].end > stop)):
                        stop += 1
                    if n < len(ents) and ents[n].start == end + 1 and doc[end].lower_ in {"of", "for"}:
                        stop = max(stop, ents[n].end)  # "Council" + "of" + "Europe": one name
                        n += 1
                    if stop > end + 1:
                        end = stop
                        continue
                break
            nxt = ents[n].start if n < len(ents) else len(doc)
            while end < nxt and doc[end].is_title and doc[end].lower_ in ORG_WORDS:
                end += 1
            if out and out[-1].end == start and out[-1].label_ in {"COUNTRY", "GPE"} \
                    and doc[end - 1].lower_ in ORG_WORDS and doc[start - 1].whitespace_:
                start = out.pop().start  # "Afghanistan Independent Human Rights Commission"
            out.append(Span(doc, start, end, label=ent.label_, span_id=ent.id_))
        return out

    def split_pairs(self, ent: Span) -> list[Span]:
        """"U.S.-Russia" (talks), "Russia-Ukraine" (border): two names joined by a hyphen."""
        doc = ent.doc
        cuts = [t.i for t in ent if t.text == "-" and not t.whitespace_ and not doc[t.i - 1].whitespace_]
        if not cuts or ent.label_ in PERSON_LABELS:
            return [ent]
        bounds = [ent.start, *cuts, ent.end]
        parts = [Span(doc, a + (a != ent.start), b) for a, b in itertools.pairwise(bounds)]
        entries = [self.gaz.lookup(p.text) for p in parts]
        if any(e is None for e in entries) or len(parts) < 2:
            return [ent]
        return [Span(doc, p.start, p.end, label=e.type, span_id=e.id)
                for p, e in zip(parts, entries, strict=True) if e is not None]

    def speaks(self, ent: Span) -> bool:
        root = ent.root
        return root.dep_ in syntax.SUBJ and root.head.lemma_.lower() in SPEECH_VERBS

    def named_bodies(self, doc: Doc, found: list[Span]) -> list[Span]:
        """Capitalised names ending in a body word that the NER missed: "Muadh ibn Jabal
        Brigades", "Supreme Defense Council"."""
        taken = {t.i for e in found if e.id_ or e.label_ in PERSON_LABELS for t in e}  # others may be absorbed
        out: list[Span] = []
        for tok in scan.titled(doc, _ORG_WORD_IDS):
            if tok.i in taken:
                continue
            start = tok.i
            while start > tok.sent.start and start - 1 not in taken and (
                    (doc[start - 1].is_title and doc[start - 1].pos_ in {"PROPN", "ADJ", "NOUN"})
                    or (doc[start - 1].lower_ in NAME_LINKS and start - 2 >= 0 and doc[start - 2].is_title)):
                start -= 1
            while start < tok.i and (doc[start].lower_ in NAME_LINKS or (doc[start].i == doc[start].sent.start
                                     and doc[start].pos_ != "PROPN")):
                start += 1
            if tok.i - start >= 1:
                out.append(Span(doc, start, tok.i + 1, label="ORG"))
        return out

    def titled_names(self, doc: Doc) -> list[Span]:
        """Names after a title or honorific that the NER missed: "Secretary of State Antony
        Blinken", "Mr. Ryabkov", "Prime Minister Haider al-Abadi"."""
        taken = {t.i for e in doc.ents for t in e}
        out: list[Span] = []
        i = 0
        for tok in scan.titled(doc, self._title_ids):
            if tok.i < i:
                continue
            i = tok.i
            low = tok.lower_.rstrip(".")
            if not (low in self.title_heads or low in self.honorifics) or (
                    i and doc[i - 1].lower_ in {"this", "that", "these", "those", "a", "an", "the"}):
                continue  # "this Executive Order" is no person
            start = end = i + 1
            while end < len(doc) and end - start < 5 and end not in taken and doc[end].is_alpha and (
                    (doc[end].is_title and doc[end].lower_ not in self.title_words
                    and doc[end].lower_ not in ORG_WORDS | PLACE_WORDS and not self.gaz.lookup(doc[end].text))
                    or (end > start and doc[end].lower_ in NAME_LINKS and end + 1 < len(doc)
                        and (doc[end + 1].is_title or doc[end + 1].text == "-"))):
                end += 1  # "Nouri al-Maliki", "Ban Ki-moon"
                while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
                        and doc[end + 1].is_alpha:
                    end += 2  # "al-Abadi"
            while end > start and doc[end - 1].lower_ in NAME_LINKS:
                end -= 1
            if end > start and (end >= len(doc) or end not in taken):
                out.append(Span(doc, start, end, label="PERSON"))
            i = max(end, i + 1)
        return out
