"""``kg_events``: CAMEO events, statements and demands read off the parse.

Triggers come from a hand-checked lexicon (``kg/data/cameo_lexicon.json``):
verbs ("rejected"), phrasal verbs ("called on"), light-verb constructions
("held talks", "imposed sanctions") and event nouns ("talks between Sherman
and Ryabkov", "a Russian invasion of Ukraine"). Sources and targets are the
entities of the trigger's arguments: subject and object of active clauses,
by-phrase and subject of passive ones, possessors, demonyms and prepositional
phrases of nouns, each expanded over coordination ("The U.S. and NATO").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources

from spacy.attrs import LEMMA, LOWER, POS, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from kg.extract import constructions, passives, scan, syntax
from kg.extract.actors import actor_of
from kg.extract.errors import Errors, KGError
from kg.extract.modality import modality, tense
from kg.extract.patterns import load_constructions
from kg.extract.state import DocState, evidence, require
from kg.extract.timex import looks_temporal, normalize
from kg.records import CAMEO_ROOTS, Event

TARGET_PREPS = {"with", "against", "on", "upon", "to", "from", "toward", "towards", "into",
                "between", "at", "over", "of", "for"}
NOUN_TARGET_PREPS = {"of", "against", "on", "with", "between", "to", "into", "toward", "towards", "over", "for"}
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "along"}
#: statements that need a reported clause or quote to count ("noted", "called")
CORE_SPEECH = {"say", "tell", "announce", "state", "declare", "add", "comment", "remark",
               "claim", "insist", "assert", "argue", "reply", "respond", "stress", "tweet",
               "testify", "write", "explain", "counter", "conclude", "warn", "confirm"}
QUOTES = {'"', "“", "”", "``", "''"}
SYMMETRIC = {"04", "05", "06"}
NAMING_VERBS = {"call", "label", "brand", "term", "dub"}
REQUEST_VERBS = {"ask", "request"}
#: verbs that are demands only with the act they demand ("requires members to sign")
NEEDS_CLAUSE = {"require"}
#: verbs that are events only with a direct object (or in the passive)
NEEDS_OBJECT = {"return", "send", "provide", "supply", "grant", "hold", "free", "release", "fire",
                "target", "back", "support", "call", "order", "share", "help", "protect", "question",
                "label", "brand", "strike", "recall", "station", "receive", "welcome", "address", "engage"}
#: acts that need no addressee (a ceasefire, a protest, a mobilisation); the
#: others are kept only when their target is found
INTRANSITIVE = {"10", "055", "0871", "14"}
#: violent acts whose target may be the place they happen in
PLACE_TARGETS = {"18", "19"}
#: acts whose target may hang on their object ("fired a missile over Japan", "hosted talks
#: between Israel and Hamas", "sent troops to Mali")
OBJECT_PP_TARGETS = {"04", "05", "06", "07", "15", "18", "19", "20"}
#: what is fired or sent at someone, and the prepositions that aim it
MISSILES = {"missile", "rocket", "shell", "bomb", "drone", "strike", "airstrike", "air strike", "salvo",
            "artillery", "mortar", "grenade", "projectile", "torpedo", "troop", "soldier", "force",
            "warship", "aid", "assistance", "weapon", "arm", "ammunition", "tank", "jet"}
AIM_PREPS = {"at", "on", "into", "over", "against", "toward", "towards", "to"}
#: acts aimed at whoever did or owns their object ("criticised Poland's new law")
OWNED_TARGETS = {"05", "11", "12"}
#: nouns whose that-clause names who is concerned ("claims that the U.S. used ...")
CONTENT_NOUNS = {"claim", "report", "allegation", "accusation", "suggestion", "charge", "rumour", "rumor"}
#: nouns that take up an earlier appeal ("answered the call"), though no event of their own
REQUEST_NOUNS = {"call": "020", "plea": "020"}

_ACCORDING = scan.ids({"according"})
_NOMINAL_POS = scan.ids({"NOUN", "PROPN"})
_ADJ = get_string_id("ADJ")
_VB_TAGS = scan.ids({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, str]
    verb_objects: dict[str, str]
    nouns: dict[str, str]
    speech_verbs: frozenset[str]
    speech_nouns: frozenset[str]
    adjectives: dict[str, str] = field(default_factory=dict)  # "critical of" -> 111

    @cached_property
    def heads(self) -> frozenset[str]:
        """The first words of the entries: the words the lexicon can read as acts."""
        return frozenset(k.replace("|", " ").split(" ")[0]
                         for table in (self.verbs, self.verb_objects, self.nouns, self.adjectives) for k in table)


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The trigger lexicon shipped in ``kg/data`` (or another JSON file of the same form)."""
    if path is None:
        text = resources.files("kg").joinpath("data/cameo_lexicon.json").read_text("utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    try:
        data = json.loads(text)
        lex = Lexicon(
            verbs=dict(data["verbs"]), verb_objects=dict(data["verb_objects"]),
            nouns=dict(data["nouns"]), speech_verbs=frozenset(data["speech_verbs"]),
            speech_nouns=frozenset(data["speech_nouns"]), adjectives=dict(data.get("adjectives", {})),
        )
    except (KeyError, ValueError, TypeError) as err:
        raise KGError("E003", Errors.E003.format(path=path or "cameo_lexicon.json", problem=err)) from err
    for table in (lex.verbs, lex.verb_objects, lex.nouns, lex.adjectives):
        for word, code in table.items():
            if code[:2] not in CAMEO_ROOTS:
                raise KGError("E003", Errors.E003.format(path=path, problem=f"{word!r}: bad code {code}"))
    return lex


class EventExtractor:
    """Events, statements and demands of one Doc (``kg_events``)."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or load_lexicon()
        self.constructions = load_constructions()
        self._noun_ids = scan.ids(self.lex.nouns)
        self._noun_lemmas = scan.case_ids(self.lex.nouns)  # (lemma_.lower() in nouns)
        #: the lemmas any verb entry starts with ("call" of "call for", "hold" of "hold|talk")
        self._verb_lemmas = frozenset(k.split(" ")[0] for k in self.lex.verbs) | frozenset(
            k.split("|")[0] for k in self.lex.verb_objects)

    @syntax.caching_parse
    def __call__(self, doc: Doc) -> Doc:
        st = require(doc, "kg_events", "kg_roles")
        self._statements(doc, st)
        consumed: set[int] = set()
        # in text order, so that "those demands" finds the demands before; the tokens that
        # can hold an event found on the attribute arrays: verbs, adjectives, event nouns
        arr = doc.to_array([POS, TAG, LOWER, LEMMA])
        nouns = scan.isin(arr[:, 0], _NOMINAL_POS) & (
            scan.isin(arr[:, 2], self._noun_ids) | scan.isin(arr[:, 3], self._noun_lemmas))
        verbs = scan.isin(arr[:, 0], scan.VERBAL_POS) | scan.isin(arr[:, 1], _VB_TAGS)
        for tok in scan.tokens_at(doc, verbs | nouns | (arr[:, 0] == _ADJ)):
            if tok.pos_ in {"VERB", "AUX"} or tok.tag_.startswith("VB"):
                self._verb_event(doc, st, tok, consumed)
            elif tok.pos_ in {"NOUN", "PROPN"} and tok.i not in consumed:
                self._noun_event(doc, st, tok)
            elif tok.pos_ == "ADJ":
                constructions.adjective_event(self, doc, st, tok)
                if syntax.is_nominal(tok):  # "during the IDF's offensive": a noun tagged ADJ
                    self._noun_event(doc, st, tok)
        self.constructions(self, doc, st)
        constructions.ultimatums(self, doc, st)
        constructions.force_posture(self, doc, st)
        constructions.announced_violence(doc, st)
        st.events = _dedupe(st.events)
        st.done.add("kg_events")
        return doc

    # ------------------------------------------------------------ arguments
    def actors(self, st: DocState, toks: list[Token]) -> list[str]:
        """The entities of noun phrases, over coordination and lists ("countries, including
        Ethiopia, Djibouti and Kenya")."""
        out: list[str] = []
        for tok in toks:
            for t in syntax.with_conjuncts(tok):
                listed = [o for p, o in syntax.preposition_objects(t) if p in {"including", "like", "such as"}]
                members = syntax.with_conjuncts(listed[0]) if listed and t.i not in st.token_entity else [t]
                for m in members:
                    key = actor_of(st, m)
                    if key and key not in out:
                        out.append(key)
        return out

    def emit(self, doc: Doc, st: DocState, trigger: Token, code: str, src: list[str],
              tgt: list[str], *, content: str | None = None,
              span: Span | None = None) -> Event | None:
        tgt = [t for t in tgt if t not in src]
        place = None
        if code[:2] in {"04", "14"}:  # a visit to New York City, a protest in Bucharest: places
            place = next((t for t in tgt if st.entities.get(t) and st.entities[t].type == "LOCATION"), None)
            tgt = [t for t in tgt if not (st.entities.get(t) and st.entities[t].type == "LOCATION")]
        if not tgt and code[:2] in PLACE_TARGETS:  # "the IDF's offensive in the Gaza Strip"
            tgt = [k for k in [self._location(st, trigger)] if k and k not in src]
        if not src or (not tgt and code[:2] not in INTRANSITIVE and code not in INTRANSITIVE):
            return None
        span = span or doc[trigger.i : trigger.i + 1]
        ev = Event(
            id=f"v{len(st.events) + 1}", type=CAMEO_ROOTS[code[:2]], cameo=code,
            trigger=trigger.text, evidence=evidence(doc, span.start_char, span.end_char),
            source=tuple(src), target=tuple(tgt), content=content,
            modality=modality(trigger), speaker=st.reported.get(trigger.i),
            time=self._time(st, trigger), location=self._location(st, trigger) or place,
            confidence=0.6 if trigger.pos_ == "NOUN" else 0.7,
        )
        st.events.append(ev)
        return ev

    def _time(self, st: DocState, trigger: Token) -> str | None:
        when = next((c for c in trigger.children if c.lower_ == "when" and c.i < trigger.i), None)
        if when is not None:  # "his gains of 2014, when Russia annexed ...": the time before "when"
            doc = trigger.doc
            before = [t for t in doc[max(when.sent.start, when.i - 4) : when.i] if not t.is_punct]
            if before and looks_temporal(before[-1].text):
                value = normalize(before[-1].text, st.date, tense="past")
                if value:
                    return value
        for child in trigger.children:
            if child.dep_ in {"obl:tmod", "npadvmod", "nmod:tmod", "tmod", "obl", "nmod", "prep",
                              "obl:unmarked", "nmod:unmarked", "advmod", "obj", "dobj"}:
                text = syntax.phrase(child).text
                if len(text) < 40 and looks_temporal(text):
                    value = normalize(text, st.date, tense=tense(trigger))
                    if value:
                        return value
        return None

    def _location(self, st: DocState, trigger: Token) -> str | None:
        for prep, obj in syntax.preposition_objects(trigger):
            key = st.token_entity.get(obj.i)
            if prep in LOCATIVE_PREPS and key and st.entities.get(key) and \
                    st.entities[key].type in {"LOCATION", "COUNTRY"}:
                return key
        return None

    # ------------------------------------------------------------ verbs
    def verb_code(self, verb: Token) -> tuple[str | None, Token | None, bool]:
        """(CAMEO code, the object of a light verb, whether the bare verb matched)."""
        lemma = verb.lemma_.lower()
        if lemma not in self._verb_lemmas:
            return None, None, True  # (every lookup below is keyed by the lemma)
        for prt in verb.children:
            if prt.dep_ in {"compound:prt", "prt"}:
                code = self.lex.verbs.get(f"{lemma} {prt.lower_}")
                if code:
                    return code, None, False
        for prep, obj in syntax.preposition_objects(verb):
            code = self.lex.verbs.get(f"{lemma} {prep}") if obj.i > verb.i else None  # not "On Monday, X called"
            if code:
                return code, None, False
        # "held talks", "talks were held"
        for obj in syntax.objects(verb) + syntax.passive_subjects(verb) + syntax.children(verb, {"xcomp", "oprd"}):
            code = self.lex.verb_objects.get(f"{lemma}|{obj.lemma_.lower()}") or \
                self.lex.verb_objects.get(f"{lemma}|{obj.lower_}")
            if code:
                return code, obj, False
        return self.lex.verbs.get(lemma), None, True

    def _verb_event(self, doc: Doc, st: DocState, verb: Token, consumed: set[int]) -> None:
        code, light_obj, bare = self.verb_code(verb)
        if code is None or code.startswith("01"):
            return
        if bare and verb.lemma_.lower() in NEEDS_OBJECT and not syntax.objects(verb) \
                and not (syntax.is_passive(verb) or passives.is_participle(verb) or passives.between_sides([verb])):
            return  # "returns to France" is a journey, "returned the hostages" a concession
        if bare and verb.lemma_.lower() in REQUEST_VERBS and not (
                syntax.infinitive_complements(verb) or (verb.lemma_.lower() == "request" and syntax.objects(verb))
                or any(p == "for" for p, _ in syntax.preposition_objects(verb))
                or any(m.lower_ == "that" for c in syntax.children(verb, {"ccomp"}) for m in c.children)):
            return  # "asked whether he believes ..." is a question; "asked X to release Y" an appeal
        if bare and verb.lemma_.lower() in NEEDS_CLAUSE and not syntax.complement_clauses(verb):
            return  # "what they require" is a need; "requires members to sign" a demand
        described = syntax.children(verb, {"xcomp", "oprd", "obl"}) or [
            c for o in syntax.objects(verb) for c in o.children if c.i > o.i and c.pos_ in {"ADJ", "NOUN"}]
        if bare and verb.lemma_.lower() in NAMING_VERBS and (verb.dep_ == "acl" or not described):
            return  # "called the attack careless" disapproves; "a group called Hizbul Islam" names
        if light_obj is not None:
            consumed.add(light_obj.i)
        if syntax.is_passive(verb) or passives.is_participle(verb):
            src_toks = syntax.agents(verb)
            tgt_toks = syntax.passive_subjects(verb) or passives.participle_patients(verb)
            if light_obj is not None and light_obj in tgt_toks:  # "U.S. sanctions were imposed on X"
                tgt_toks = [t for t in tgt_toks if t != light_obj]
                src_toks = src_toks or passives.noun_authors(light_obj)
        else:
            src_toks = syntax.subjects(verb)
            tgt_toks = [o for o in syntax.objects(verb) if o != light_obj]
        src = self.actors(st, src_toks)
        tgt = self.actors(st, tgt_toks)
        holders = [verb] + ([light_obj] if light_obj is not None else [])
        preps = TARGET_PREPS - {"from"} if code[:2] == "04" else TARGET_PREPS  # "received training from X"
        for holder in holders:  # "annexed Crimea from Ukraine", "talks with Moscow"
            pps = [o for p, o in syntax.preposition_objects(holder) if p in preps]
            tgt += [k for k in self.actors(st, pps) if k not in tgt]
        if not src:  # "talks were held between Iran and the EU"
            both = self.actors(st, passives.between_sides(holders))
            src, tgt = both[:1], [k for k in tgt if k not in both[:1]]
        content = None
        if code.startswith(("10", "02")):
            content = _demand_content(verb, light_obj)
            if not tgt:
                for clause in syntax.complement_clauses(verb):
                    tgt = [k for k in self.actors(st, syntax.subjects(clause)) if k not in src]
            tgt = tgt or constructions.addressees(self, st, verb, light_obj, src)
        if not tgt:  # "investigating claims that the United States used ..."
            tgt = self.actors(st, [s for o in syntax.objects(verb) if o.lemma_.lower() in CONTENT_NOUNS
                                   for c in o.children if c.dep_ in {"acl", "ccomp"} for s in syntax.subjects(c)])
        if not tgt:
            nouns = [n for n in syntax.objects(verb) + syntax.passive_subjects(verb) if n != light_obj]
            if verb.dep_ == "conj" and not syntax.objects(verb):
                nouns += syntax.objects(verb.head)  # "answered the call and promised to send troops"
            tgt = self._anaphoric_target(st, nouns)
        if not tgt and code[:2] in OBJECT_PP_TARGETS:  # "fired a missile over Japan"
            tgt = [k for k in self.actors(st, [o for obj in syntax.objects(verb) if obj != light_obj
                                               and not actor_of(st, obj)
                                               for p, o in syntax.preposition_objects(obj)
                                               if (p == "between" and code[:2] in SYMMETRIC)
                                               or (p in AIM_PREPS and obj.lemma_.lower() in MISSILES)])
                   if k not in src]
        if not tgt and code[:2] in OWNED_TARGETS:  # "criticised Poland's new law"
            tgt = constructions.owners(self, st, syntax.objects(verb))
        if not tgt and code[:2] in SYMMETRIC and len(src) > 1:
            src, tgt = src[:1], src[1:]  # "Sherman and Ryabkov were set to meet"
        for obj in syntax.objects(verb):
            if not any(p == "between" for p, _ in syntax.preposition_objects(obj)):
                consumed.add(obj.i)  # the object noun is not an event of its own (but "hosted
                # talks between Israel and Hamas" are talks between them)
        self.emit(doc, st, verb, code, src, tgt, content=content)
        constructions.reciprocal(self, doc, st, verb, code, src)

    def _anaphoric_target(self, st: DocState, nouns: list[Token]) -> list[str]:
        """"rejected those demands": whoever made the demands mentioned before."""
        for noun in nouns:
            code = self.lex.nouns.get(noun.lemma_.lower()) or self.lex.nouns.get(noun.lower_) \
                or REQUEST_NOUNS.get(noun.lemma_.lower())
            if code is None or actor_of(st, noun) or any(c.lower_ in {"a", "an"} for c in noun.children):
                continue  # "a full-scale invasion" is a new act, not one mentioned before
            for ev in reversed(st.events):
                if ev.cameo[:2] == code[:2] and ev.evidence.start < noun.idx:
                    return list(ev.source)
        return []

    # ------------------------------------------------------------ nouns
    def _noun_event(self, doc: Doc, st: DocState, noun: Token) -> None:
        code = self.lex.nouns.get(noun.lower_) or self.lex.nouns.get(noun.lemma_.lower())
        if code is None or code.startswith("01"):
            return
        mods = [c for c in noun.children if c.dep_ in syntax.COMPOUNDS and c.i < noun.i]
        mod_actors = self.actors(st, sorted(mods, key=lambda t: t.i))
        src: list[str] = []
        tgt: list[str] = []
        by = [o for p, o in syntax.preposition_objects(noun) if p == "by"]
        if by:
            src = self.actors(st, by)
        holders = [noun] + [c for c in noun.children if c.dep_ in {"acl", "acl:relcl"} and c.i > noun.i]
        holders += [x for h in holders[1:] for x in h.children if x.dep_ == "xcomp"]
        pps = [(p, o) for h in holders for p, o in syntax.preposition_objects(h) if p in NOUN_TARGET_PREPS]
        between = [o for p, o in pps if p == "between"]
        if between:
            both = self.actors(st, between)
            src, tgt = src or both[:1], both[1:] if not src else both
        else:
            tgt = self.actors(st, [o for _, o in pps])
        if not src and mod_actors:
            src, extra = mod_actors[:1], mod_actors[1:]
            tgt = extra + [t for t in tgt if t not in extra]
        if not src:  # "X imposed sanctions", "X is in talks with Y", "X took part in the rallies"
            src = constructions.clause_sources(self, st, noun)
        if not src and noun.dep_ in {"nmod", "pobj"} and noun.head.pos_ == "NOUN":
            # "a series of demands": the quantity noun's verb carries the actor
            holder = noun.head.head if noun.dep_ == "pobj" else noun.head
            if holder.dep_ in syntax.OBJ:
                src = self.actors(st, syntax.subjects(holder.head))
        if not src:
            return
        content = None
        if code.startswith(("10", "02")):
            content = _noun_content(noun)
        self.emit(doc, st, noun, code, src, tgt, content=content)

    # ------------------------------------------------------------ statements
    def _statements(self, doc: Doc, st: DocState) -> None:
        """STATEMENT events for named speakers; ``st.reported`` maps the words they said to them."""
        reported = st.reported
        runs = _quotation_runs(st.quoted)
        for verb in scan.verbs_or(doc, _ACCORDING):
            lemma = verb.lemma_.lower()
            speakers: list[str] = []
            clause: Token | None = None
            if lemma in self.lex.speech_verbs and verb.pos_ in {"VERB", "AUX"}:
                if syntax.is_passive(verb):
                    continue
                speakers = self.actors(st, syntax.subjects(verb))
                if not speakers and verb.i and (st.quoted[verb.i - 1] or doc[verb.i - 1].text in QUOTES | {","}):
                    # '..., said Colonel Greg Julian': a parser may take the speaker for an object
                    speakers = self.actors(st, [c for c in verb.children if c.i > verb.i
                                                and c.dep_ in syntax.OBJ | syntax.IOBJ])
                if not speakers and verb.dep_ == "acl" and verb.head.dep_ in syntax.OBJ:
                    speakers = self.actors(st, syntax.subjects(verb.head.head))  # "criticized X saying"
                clauses = syntax.children(verb, {"ccomp", "parataxis"})
                clause = clauses[0] if clauses else None
                if lemma not in CORE_SPEECH and clause is None and (
                        verb.dep_ in {"acl", "amod"} or not _quotes_in_complement(verb, st.quoted)):
                    continue  # 'called the attack "small and careless"' is quoted; 'called X' and
                    # 'a podcast called "X"' are not
            elif verb.lower_ == "according":  # "according to X": UD hangs it on X, ClearNLP on the verb
                named = [verb.head] if verb.dep_ in {"case", "mark"} else [
                    o for p, o in syntax.preposition_objects(verb) if p == "to"]
                speakers = self.actors(st, named)
                clause = named[0].head if named and named[0].head is not named[0] else None
            if not speakers:
                continue
            content = _quote_or_clause(verb, clause, st.quoted)
            sent = verb.sent
            for speaker in speakers:
                if st.entities.get(speaker) and st.entities[speaker].type not in {"PERSON", "ORGANIZATION", "COUNTRY"}:
                    continue
                ev = Event(
                    id=f"v{len(st.events) + 1}", type="STATEMENT", cameo="010", trigger=verb.text,
                    evidence=evidence(doc, sent.start_char, sent.end_char), source=(speaker,),
                    content=content, modality=modality(verb) if verb.pos_ == "VERB" else "asserted",
                    time=self._time(st, verb), confidence=0.8,
                )
                st.events.append(ev)
                if clause is not None:
                    for tok in clause.subtree:
                        reported.setdefault(tok.i, speaker)
                # the whole quotation, however many sentences it runs over (unless the verb is
                # itself quoted: '"... Maliki asked to meet them," X told Reuters' is X's)
                for k in range(sent.start, sent.end) if not st.quoted[verb.i] else ():
                    for i in runs.get(k, ()):
                        reported.setdefault(i, speaker)


def _quotation_runs(quoted: list[bool]) -> dict[int, range]:
    """Token index → the run of quoted tokens it belongs to."""
    runs: dict[int, range] = {}
    i = 0
    while i < len(quoted):
        if quoted[i]:
            j = i
            while j < len(quoted) and quoted[j]:
                j += 1
            run = range(i, j)
            for k in run:
                runs[k] = run
            i = j
        else:
            i += 1
    return runs


def _quotes_in_complement(verb: Token, mask: list[bool]) -> bool:
    """A quotation among the words after the verb that depend on it ('called the attack
    "small and careless"', 'referred to this as "Muslim ban 2.0"')."""
    return any(mask[t.i] and not t.is_punct for c in verb.children
               if c.i > verb.i and c.dep_ not in {"conj", "parataxis", "punct"} for t in c.subtree)


def _quote_or_clause(verb: Token, clause: Token | None, mask: list[bool]) -> str:
    sent = verb.sent
    quoted = [t for t in sent if mask[t.i]]
    if quoted:
        return sent.doc[quoted[0].i : quoted[-1].i + 1].text
    if clause is not None:
        return syntax.phrase(clause, drop_leading={"that"}).text
    return sent.text.strip()


def _demand_content(verb: Token, light_obj: Token | None) -> str | None:
    """The demanded act: the clause or object of a demand verb, or what a call is for."""
    for prep, obj in syntax.preposition_objects(light_obj or verb):
        if prep == "for":
            return syntax.phrase(obj, drop_leading={"for"}).text
    for clause in syntax.complement_clauses(verb):
        return syntax.phrase(clause, drop_leading={"that", "to"}).text
    if light_obj is not None:
        return _noun_content(light_obj)
    for obj in syntax.objects(verb):
        return syntax.phrase(obj).text
    return None


def _noun_content(noun: Token) -> str | None:
    for child in noun.children:
        if child.dep_ in {"acl", "ccomp", "xcomp"} and child.i > noun.i:
            return syntax.phrase(child, drop_leading={"that", "to"}).text
    for prep, obj in syntax.preposition_objects(noun):
        if prep in {"for"}:
            return syntax.phrase(obj, drop_leading={"for"}).text
    return None


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[tuple] = set()
    out: list[Event] = []
    for n, ev in enumerate(sorted(events, key=lambda e: (e.evidence.start, e.type))):
        key = (ev.type, ev.source, ev.target, ev.content, ev.evidence.start)
        if key in seen:
            continue
        seen.add(key)
        out.append(replace(ev, id=f"v{n + 1}"))
    return out


@Language.factory("kg_events", assigns=["doc._.kg"], requires=["doc._.kg"])
def make_event_extractor(nlp: Language, name: str) -> EventExtractor:
    """Factory of ``kg_events``: ``nlp.add_pipe("kg_events")`` (after ``kg_roles``)."""
    return EventExtractor()
