"""``kg_entities``: mentions → canonical entities of one article.

Reads ``doc.ents`` (statistical NER and ``kg_gazetteer``) and groups the
mentions by referent: gazetteer entries by their id; persons by name
("Vladimir Putin", "Putin", "Mr. Putin", "Russian President Vladimir
Putin"); organizations with their acronyms ("Iraqi Security Forces (ISF)");
capitals acting as governments ("talks with Moscow") with their country;
third-person pronouns with the person they most plausibly refer to.
Results: ``doc._.kg.entities`` and ``doc._.kg.token_entity`` and the span
group ``doc.spans["kg_mentions"]``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract import scan, syntax
from kg.extract.names import (
    NOT_PERSONS,
    ORG_WORDS,
    PLACE_WORDS,
    POSSESSIVE_TOKENS,
    bare,
    join_hyphens,
    name_key,
    name_words,
    preceding_sentences,
    same_person,
    trim,
    without_trailing_common_words,
)
from kg.extract.spans import ORG_LABELS, PERSON_LABELS, PLACE_LABELS, NameSpans
from kg.extract.state import DocState, EntityDraft, state
from kg.extract.timex import looks_temporal
from kg.gazetteer import GazEntry, Gazetteer, default_gazetteer
from kg.records import entity_key

MENTIONS_KEY = "kg_mentions"
PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
#: nouns for an unnamed person who may speak ("an African Union soldier said ...")
UNNAMED_PERSONS = {"soldier", "official", "officer", "man", "woman", "witness", "resident", "source",
                   "spokesman", "spokeswoman", "spokesperson", "diplomat", "doctor", "policeman",
                   "commander", "fighter", "member", "aide", "analyst", "journalist", "student", "worker"}


def _unnamed_subject_before(doc: Doc, st: DocState, pron: Token) -> bool:
    """A sentence-initial "he"/"she" right after a sentence whose subject is an unnamed person
    brought in by "a"/"an" ("An African Union soldier ... said that ..."): that person."""
    if pron.dep_ not in syntax.SUBJ or pron.sent.start == 0 or pron.i - pron.sent.start > 1:
        return False
    tok = syntax.main_subject(doc[pron.sent.start - 1].sent)
    return tok is not None and tok.lemma_.lower() in UNNAMED_PERSONS and tok.tag_ == "NN" \
        and tok.i not in st.token_entity \
        and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in tok.children) \
        and not any(c.dep_ == "appos" for c in tok.children)


_PRONOUN_IDS = scan.ids(PRONOUNS | {"it", "its"})


#: nouns after which "in <capital>" means the government ("concerns in Washington")
GOVERNMENT_CONTEXT = {
    "official", "officials", "concern", "concerns", "leader", "leaders", "government",
    "authorities", "diplomat", "diplomats", "policymaker", "policymakers", "fear", "fears",
    "anger", "view", "views", "decision", "administration", "regime", "embassy",
}
class EntityResolver:
    """Group one article's mentions into entities (``kg_entities``)."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer or default_gazetteer()
        self.title_words = {w for t in self.gaz.titles() for w in t.lower().split()}
        self.title_words |= {m.lower() for m in self.gaz.title_modifiers()}
        self.honorifics = {h.lower().rstrip(".") for h in self.gaz.honorifics()}
        self.title_heads = {t.lower().split()[-1] for t in self.gaz.titles()}
        self.spans = NameSpans(self.gaz, self.title_words, self.title_heads, self.honorifics)

    # ------------------------------------------------------------------ pipeline
    @syntax.caching_parse
    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        st.quoted = syntax.quoted_tokens(doc)
        self._demonyms(doc, st)
        # persons first, so that a surname the NER typed as a place ("Putin"
        # LOC) can be recognised as the person's
        shaped = [(ent, self._as_person(ent)) for ent in self.spans.whole_names(doc)]
        shaped.sort(key=lambda pair: (pair[1] is None, pair[0].start))
        for ent, person in shaped:
            if person is not None:
                self._person(person, st)
            else:
                self._mention(doc, ent, st)
        self._acronyms(doc, st)
        self._merge_person_clusters(st)
        self._surnames(doc, st)
        self._rekey(st)
        self._pronouns(doc, st)
        doc.spans[MENTIONS_KEY] = [
            Span(doc, s, e, label=st.entities[k].type, kb_id=k)
            for k in sorted(st.entities) for s, e in st.entities[k].mentions
            if k in st.entities
        ]
        st.done.add("kg_entities")
        return doc

    # ------------------------------------------------------------------ demonyms
    def _demonyms(self, doc: Doc, st: DocState) -> None:
        for span in doc.spans.get("kg_gazetteer", []):
            if span.label_ != "NORP":
                continue
            entry = self.gaz.by_demonym(span.text)
            if entry is None:
                continue
            key = self._draft_from_gaz(st, entry, named=False).key
            for tok in span:
                st.demonyms[tok.i] = key
        # demonyms the statistical NER missed ("Russian troops" with no NORP match)
        for tok in scan.titled(doc):
            if tok.i not in st.demonyms and tok.pos_ in {"ADJ", "PROPN", "NOUN"}:
                entry = self.gaz.by_demonym(tok.text)
                if entry is not None:
                    st.demonyms[tok.i] = self._draft_from_gaz(st, entry, named=False).key

    def _draft_from_gaz(self, st: DocState, entry: GazEntry, *, named: bool) -> EntityDraft:
        return draft_from_gaz(st, entry, self.gaz, named=named)

    # ------------------------------------------------------------------ mentions
    def _as_person(self, ent: Span) -> Span | None:
        """A PERSON span, widened over the rest of the name ("State Antony" + "Blinken");
        also "Mr. X" typed otherwise by the NER."""
        doc = ent.doc
        ent = join_hyphens(ent)
        last = ent[-1].lower_
        if ent.label_ in PERSON_LABELS:
            if last in PLACE_WORDS or last in ORG_WORDS or any(self._is_country(t.text) for t in ent):
                return None  # "Farah Province", "Columbia University", "Villa Somalia"
        elif ent.label_ == "NORP" or last in PLACE_WORDS or last in ORG_WORDS:
            return None
        elif not self._titled(ent):
            # "University president Lee": a title inside, a name after it
            cut = max((t.i for t in ent[:-1] if t.lower_ in self.title_heads), default=None)
            if cut is None or not all(t.is_title and t.pos_ == "PROPN" for t in ent.doc[cut + 1 : ent.end]):
                return None
            ent = Span(doc, cut + 1, ent.end, label="PERSON")
        start, end = ent.start, ent.end
        while start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
                and not doc[start - 1].ent_type_ and doc[start - 1].whitespace_ \
                and doc[start - 1].lower_.rstrip(".") not in self.title_words | self.honorifics \
                and not self.gaz.by_demonym(doc[start - 1].text):
            start -= 1  # "Haider" + "al-Abadi"
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title \
                and not doc[end].ent_type_ and doc[end].dep_ in {"flat", "flat:name", "compound"} \
                and doc[end].head.i in range(ent.start, end + 2):
            end += 1
        return Span(doc, start, end, label="PERSON")

    def _is_country(self, text: str) -> bool:
        entry = self.gaz.lookup(text)
        return entry is not None and entry.type == "COUNTRY"

    def _only_title(self, ent: Span) -> bool:
        """"Iranian President", "Deputy Secretary": a title, not a name."""
        if ent[-1].lower_.rstrip(".") not in self.title_heads:
            return False
        doc = ent.doc
        if ent.end < len(doc) and doc[ent.end].ent_type_ in PERSON_LABELS:
            return True  # "University president" + "Lee Bollinger": a title before a name
        return all(t.lower_.rstrip(".") in self.title_words or self.gaz.by_demonym(t.text)
                   or self.gaz.lookup(t.text) or t.is_punct or t.lower_ in {"of", "the"} for t in ent)

    def _titled(self, ent: Span) -> bool:
        """"Mr. X", "President X", "X, the president": a name the NER typed otherwise."""
        first = ent[0].lower_.rstrip(".")
        if len(ent) >= 2 and first in self.honorifics:
            return True
        doc = ent.doc
        before = doc[ent.start - 1] if ent.start else None
        if before is not None and before.is_title and before.lower_.rstrip(".") in self.title_words:
            return ent.root.pos_ == "PROPN" and self.gaz.lookup(ent.text) is None
        return False

    def _mention(self, doc: Doc, ent: Span, st: DocState) -> Span | None:
        ent = trim(join_hyphens(ent))
        if not len(ent):
            return None
        label = ent.label_
        if label == "NORP" or looks_temporal(ent.text) or self._only_title(ent):
            return None
        text = ent.text
        entry = self.gaz.lookup(text) or self.gaz.government_body(text)
        if entry is not None and entry.type in {"COUNTRY", "ORGANIZATION", "LOCATION"}:
            draft = self._draft_from_gaz(st, entry, named=True)
            self._link(st, draft, ent)
            return ent
        metonym = self.gaz.by_metonym(text)
        if metonym is not None and self._acts_as_government(ent, metonym, text):
            draft = self._draft_from_gaz(st, metonym, named=True)
            self._link(st, draft, ent)
            return ent
        named = without_trailing_common_words(ent)
        if named is None or (len(named) < len(ent) and len(named) == 1 and self.gaz.by_adjective(named.text)):
            return None  # "a former Soviet republic": a modifier and a common noun, no name
        ent, text = named, named.text
        if label in ORG_LABELS and ent[-1].lower_ not in PLACE_WORDS:
            type_ = "ORGANIZATION"
        elif label in PLACE_LABELS or label in ORG_LABELS:
            type_ = "LOCATION"
        else:
            return None
        if not any(t.is_alpha and (t.is_upper or t.is_title) for t in ent):
            return None
        # an ORG that is a known person's surname is that person (NER confusion)
        person = self._person_by_surname(st, ent)
        if person is not None:
            if len(ent) > len(person.name.split()) and all(t.is_title for t in ent if t.is_alpha):
                person.aliases.add(person.name)
                person.name = ent.text
            self._link(st, person, ent)
            return ent
        key = self._known_name(st, text) or self._org_short_name(st, ent, type_) or entity_key(type_, text)
        known = st.entities.get(key)
        if known is None:
            draft = EntityDraft(key=key, name=text, type=type_)
            st.entities[key] = draft
        else:
            draft = known
        if len(text) > len(draft.name) and draft.type == type_:
            draft.aliases.add(draft.name)
            draft.name = text
        draft.confidence = min(0.9, draft.confidence + 0.1)
        self._link(st, draft, ent)
        return ent

    def _acts_as_government(self, ent: Span, country: GazEntry, text: str) -> bool:
        """A capital is the state when it acts or is acted on, not where things happen."""
        if re.sub(r"^the\s+", "", text.lower()).strip() != (country.capital or "").lower():
            return True  # a seat of government ("the Kremlin") always stands for the state
        root = ent.root
        if root.dep_ in syntax.SUBJ | syntax.PASS_SUBJ | syntax.OBJ | syntax.POSSESSIVE:
            return True
        if any(t.lower_ in POSSESSIVE_TOKENS for t in ent.doc[ent.end : ent.end + 1]):
            return True
        for prep, obj in syntax.preposition_objects(root.head):
            if obj.i == root.i:
                if prep in {"with", "against", "between", "toward", "towards", "by"}:
                    return True
                if prep == "in" and root.head.lemma_.lower() in GOVERNMENT_CONTEXT:
                    return True
        return root.dep_ == "conj" and root.head.ent_type_ in {"COUNTRY"}

    def _person(self, ent: Span, st: DocState) -> Span | None:
        name = self.strip_titles(ent)
        if name is None or name.text.lower() in NOT_PERSONS or self.gaz.by_demonym(name.text):
            return None  # "God", "Muslims", "Palestinians" are no one person
        tokens = [t.text for t in name]
        key_words = [bare(w) for w in tokens if w not in {"-"}]
        draft = self._find_person(st, key_words)
        if draft is None:
            key = entity_key("PERSON", name.text)
            draft = st.entities.get(key) or EntityDraft(key=key, name=name.text, type="PERSON")
            st.entities[key] = draft
        elif len(name) > len(draft.name.split()) and draft.type == "PERSON":
            draft.aliases.add(draft.name)
            draft.name = name.text
        draft.confidence = min(0.95, draft.confidence + 0.1)
        if name.text != ent.text:
            draft.aliases.add(name.text)
        self._link(st, draft, name, surface=ent.text)
        return name

    def strip_titles(self, ent: Span) -> Span | None:
        """The name inside a PERSON span: "Russian President Vladimir Putin" → "Vladimir Putin"."""
        start, end = ent.start, ent.end
        doc = ent.doc
        while start < end - 1:
            tok = doc[start]
            low = tok.lower_.rstrip(".")
            if (
                low in self.title_words or low in self.honorifics or tok.is_punct
                or not (tok.is_title or tok.is_upper) or self.gaz.by_demonym(tok.text)
                or tok.lower_ in {"the", "-"}
            ):
                start += 1
                continue
            break
        while end > start + 1 and (doc[end - 1].lower_ in POSSESSIVE_TOKENS or doc[end - 1].is_punct):
            end -= 1
        name = doc[start:end]
        if not any(t.is_alpha for t in name):
            return None
        if len(name) == 1 and name[0].lower_.rstrip(".") in self.title_words | self.honorifics:
            return None
        return name

    def _find_person(self, st: DocState, words: list[str]) -> EntityDraft | None:
        """An existing person whose name these name words match (the most recent one)."""
        if not words:
            return None
        best: EntityDraft | None = None
        for key in st.names.people(words):
            draft = st.entities.get(key)
            if draft is not None and draft.type == "PERSON" and same_person(words, list(name_words(draft.name))) \
                    and (best is None or draft.mentions[-1:] > best.mentions[-1:]):
                best = draft
        return best

    def _person_by_surname(self, st: DocState, ent: Span) -> EntityDraft | None:
        """A known person named by this (mistyped) mention: "Putin" LOC, "Íngrid Betancourt" ORG."""
        words = [bare(t.text) for t in ent if t.is_alpha]
        if not words or len(words) > 4:
            return None
        return self._find_person(st, words)

    def _org_short_name(self, st: DocState, ent: Span, type_: str) -> str | None:
        """"the Council" after "Supreme Defense Council": the one organization whose name ends so."""
        if type_ != "ORGANIZATION" or len(ent) != 1:
            return None
        word = ent.text.lower()
        found = [k for k in st.names.ending_with(word) if (d := st.entities.get(k)) is not None
                 and d.type == "ORGANIZATION" and len(d.name.split()) > 1 and d.name.split()[-1].lower() == word]
        return found[0] if len(found) == 1 else None

    def _known_name(self, st: DocState, text: str) -> str | None:
        norm = name_key(text)
        for key in st.names.named(text):
            draft = st.entities.get(key)
            if draft is not None and (name_key(draft.name) == norm or norm in {name_key(a) for a in draft.aliases}):
                return key
        return None

    def _link(self, st: DocState, draft: EntityDraft, span: Span, surface: str | None = None) -> None:
        draft.add(span, surface)
        st.names.add(draft)
        for tok in span:
            st.token_entity[tok.i] = draft.key

    # ------------------------------------------------------------------ merging
    def _acronyms(self, doc: Doc, st: DocState) -> None:
        """"Iraqi Security Forces (ISF)": the acronym is an alias; so is a matching all-caps name."""
        for draft in list(st.entities.values()):
            if draft.type != "ORGANIZATION" or draft.key not in st.entities:
                continue
            for _, e in list(draft.mentions):
                if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
                    acro = doc[e + 1]
                    if acro.is_upper and len(acro.text) >= 2:
                        self._absorb(doc, st, draft, acro.text, doc[e + 1 : e + 2])
            initials = "".join(
                w[0] for w in draft.name.split() if w[0].isupper() and w.lower() not in {"of", "the", "and", "for"}
            )
            if len(initials) >= 2:
                self._absorb(doc, st, draft, initials, None)

    def _absorb(self, doc: Doc, st: DocState, draft: EntityDraft, acro: str, span: Span | None) -> None:
        other_key = next((k for k in st.names.named(acro) if k != draft.key and (d := st.entities.get(k)) is not None
                          and d.name == acro and d.wikidata is None), None)
        if span is not None:
            self._link(st, draft, span)
        if other_key is None:
            return
        other = st.entities.pop(other_key)
        draft.aliases.add(acro)
        for s, e in other.mentions:
            draft.mentions.append((s, e))
            for i in range(s, e):
                st.token_entity[i] = draft.key

    def _merge_person_clusters(self, st: DocState) -> None:
        """A surname seen before the full name ("Sadr" ... "Muqtada al-Sadr") joins it."""
        persons = [d for d in st.entities.values() if d.type == "PERSON"]
        for short in persons:
            words = [bare(w) for w in short.name.split()]
            if len(words) != 1:
                continue
            known = (st.entities.get(k) for k in st.names.people(words))
            full = [d for d in known if d is not None and d is not short and d.type == "PERSON"
                    and len(d.name.split()) > 1 and words[0] in name_words(d.name)]
            if len(full) == 1:
                target = full[0]
                st.entities.pop(short.key)
                target.aliases |= short.aliases | {short.name}
                target.mentions += short.mentions
                for s, e in short.mentions:
                    for i in range(s, e):
                        st.token_entity[i] = target.key

    def _rekey(self, st: DocState) -> None:
        """Keys follow the final canonical names, so they are the same in every article."""
        for old in list(st.entities):
            draft = st.entities[old]
            if draft.wikidata or "/" not in old or old.startswith(("org/", "loc/", "country/")):
                continue
            new = entity_key(draft.type, draft.name)
            if new == old or new in st.entities:
                continue
            draft.key = new
            st.entities[new] = st.entities.pop(old)
            for i, k in st.token_entity.items():
                if k == old:
                    st.token_entity[i] = new

    def _surnames(self, doc: Doc, st: DocState) -> None:
        """A known person's surname the NER missed ("Mr. Ryabkov") is that person."""
        last: dict[str, list[EntityDraft]] = {}
        for draft in st.entities.values():
            if draft.type == "PERSON" and len(draft.name.split()) > 1:
                last.setdefault(bare(draft.name.split()[-1]), []).append(draft)
        for tok in scan.proper_titled(doc):
            if tok.i in st.token_entity:
                continue
            found = last.get(bare(tok.text), [])
            if len(found) == 1:
                start = tok.i - 1 if tok.i and doc[tok.i - 1].lower_.rstrip(".") in self.honorifics else tok.i
                self._link(st, found[0], doc[start : tok.i + 1])

    # ------------------------------------------------------------------ pronouns
    def _pronouns(self, doc: Doc, st: DocState) -> None:
        """He/she/his/her → the person most recently named, preferring subjects."""
        for tok in scan.lowered(doc, _PRONOUN_IDS):
            if tok.i in st.token_entity or st.quoted[tok.i]:
                continue
            if tok.lower_ in PRONOUNS:
                if tok.lower_ in {"he", "she"} and _unnamed_subject_before(doc, st, tok):
                    continue  # "A soldier said that ... . He added": the soldier, not a name
                key = self._antecedent(doc, st, tok, {"PERSON"}, 5)
            elif tok.lower_ in {"it", "its"} and tok.dep_ in syntax.SUBJ | syntax.POSSESSIVE | syntax.OBJ:
                key = self._antecedent(doc, st, tok, {"ORGANIZATION", "COUNTRY"}, 1)
            else:
                continue
            if key is not None:
                st.token_entity[tok.i] = key

    def _antecedent(self, doc: Doc, st: DocState, pron: Token, types: set[str], window: int) -> str | None:
        """What a pronoun most plausibly names: recent, a subject, often mentioned."""
        best: tuple[float, str] | None = None
        quoted = st.quoted[pron.i]
        distance = -1
        for sent in preceding_sentences(pron, 3 * window):
            # a line break or a sentence of someone's quoted words puts no distance between
            # a pronoun and who was named before it
            if quoted or any(not t.is_space and not st.quoted[t.i] and not t.is_punct for t in sent):
                distance += 1
            if distance > window:
                break
            # (entity tokens found by index: no Token made for the other words)
            for i in range(sent.start, min(sent.end, pron.i)):
                if i not in st.token_entity or (st.quoted[i] and not quoted):
                    continue
                t = doc[i]
                if not self._is_entity_token(st, t, types):
                    continue
                key = st.token_entity[t.i]
                subject = t.dep_ in syntax.SUBJ | syntax.PASS_SUBJ or t.head.dep_ in syntax.SUBJ
                salience = min(len(st.entities[key].mentions), 5)
                score = salience + (2.0 if subject else 0.0) - 1.5 * max(distance, 0)
                if best is None or score > best[0]:
                    best = (score, key)
        return best[1] if best else None

    def _is_entity_token(self, st: DocState, tok: Token, types: set[str]) -> bool:
        key = st.token_entity.get(tok.i)
        return key is not None and key in st.entities and st.entities[key].type in types \
            and tok.pos_ != "PRON"


def draft_from_gaz(st: DocState, entry: GazEntry, gaz: Gazetteer, *, named: bool) -> EntityDraft:
    """The article's entity for a gazetteer entry, created on first use."""
    draft = st.entities.get(entry.id)
    if draft is None:
        draft = EntityDraft(
            key=entry.id, name=entry.name, type=entry.type, wikidata=entry.wikidata,
            confidence=0.95, named=named, kind=entry.kind,
        )
        if entry.country:
            owner = gaz.country(entry.country)
            draft.country = owner.id if owner else None
        st.entities[entry.id] = draft
        st.names.add(draft)
    draft.named = draft.named or named
    return draft


@Language.factory("kg_entities", assigns=["doc._.kg", "doc.spans"])
def make_entity_resolver(nlp: Language, name: str) -> EntityResolver:
    """Factory of ``kg_entities``: ``nlp.add_pipe("kg_entities")`` (after ``kg_gazetteer``)."""
    return EntityResolver()
