"""Events read off whole constructions rather than one trigger's arguments.

- ultimatums: "they would kill them unless Romania withdraws its troops" is a
  demand and, when the act held over the target is violent, a threat;
- force posture: "Russia has 100,000 troops near its borders";
- predicative adjectives: "Germany is critical of the plan", "France has been
  supportive of the government" (``adjectives`` in the lexicon: "critical of");
- reciprocal fighting: "X fought with Y" is fought on both sides;
- threats: a violent act that its own author announces in the future tense
  ("'We will keep on attacking them,' said the group") is a threat (CAMEO 138).

Used by :mod:`kg.extract.events`; each function takes the extractor for its
argument helpers (``actors``, ``emit``) and the lexicon.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.attrs import LEMMA, POS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from kg.extract import scan, syntax
from kg.extract.actors import actor_of
from kg.extract.state import DocState

if TYPE_CHECKING:
    from kg.extract.events import EventExtractor

TROOP_NOUNS = {"troop", "troops", "soldier", "soldiers", "force", "forces", "tank", "tanks", "warship", "warships"}
_TROOP_LEMMAS = scan.case_ids(TROOP_NOUNS)
_ADVCL = scan.ids({"advcl"})
_NOUN = get_string_id("NOUN")
POSTING_PREPS = {"near", "along", "on", "at", "around", "toward", "towards", "close to"}
VIOLENT = {"18", "19", "20"}
#: prepositions of a fight's other side, fought on both sides ("clashed with")
RECIPROCAL_PREPS = {"with"}


def ultimatums(ex: EventExtractor, doc: Doc, st: DocState) -> None:
    """"They would kill them unless Romania withdraws its troops": a demand of what
    follows "unless", and a threat when the act held over it is violent."""
    for clause in scan.with_dep(doc, _ADVCL):
        if not any(c.dep_ == "mark" and c.lower_ == "unless" for c in clause.children):
            continue
        main = clause.head
        src = ex.actors(st, syntax.subjects(main))
        who = syntax.children(clause, syntax.SUBJ)
        tgt = [k for k in ex.actors(st, who) if k not in src]
        if not src or not tgt:
            continue
        content = syntax.phrase(clause, drop_leading={"unless"}).text
        ex.emit(doc, st, clause, "100", src, tgt, content=content)
        code, _, _ = ex.verb_code(main)
        if code is not None and code[:2] in VIOLENT:
            ex.emit(doc, st, main, "138", src, tgt)


def force_posture(ex: EventExtractor, doc: Doc, st: DocState) -> None:
    """"Russia has ... 100,000 troops near its borders": a counted force posted at a place."""
    for tok in scan.with_attr(doc, LEMMA, _TROOP_LEMMAS):
        if tok.lemma_.lower() not in TROOP_NOUNS or not any(c.dep_ == "nummod" for c in tok.children):
            continue
        places = [o for p, o in syntax.preposition_objects(tok) if p in POSTING_PREPS]
        if not places:
            continue
        holder = tok.head if tok.dep_ != "ROOT" else tok
        while holder.pos_ not in {"VERB", "AUX"} and holder.head is not holder:
            holder = holder.head  # "has a gun to the head of Ukraine with 100,000 troops"
        src = [k for k in [actor_of(st, tok)] if k] or ex.actors(st, syntax.subjects(holder))
        if not src:
            continue
        tgt: list[str] = []
        for place in places:
            owner = [c for c in place.children if c.dep_ in syntax.POSSESSIVE]
            tgt += [k for k in ex.actors(st, owner) if k not in src]
        if not tgt:  # the other state of the clause ("a gun to the head of Ukraine")
            tgt = [k for k in dict.fromkeys(st.token_entity.get(t.i) for t in holder.subtree)
                   if k and k not in src and st.entities.get(k) and st.entities[k].type == "COUNTRY"]
        ex.emit(doc, st, tok, "150", src, tgt[:1])


def adjective_event(ex: EventExtractor, doc: Doc, st: DocState, adj: Token) -> None:
    """"X is critical of Y", "X remained supportive of Y's government": the subject
    of the predicative adjective acts on the object of its preposition."""
    lemma = adj.lemma_.lower()
    for prep, obj in syntax.preposition_objects(adj):
        code = ex.lex.adjectives.get(f"{lemma} {prep}")
        if code is None:
            continue
        subj = syntax.subjects(adj)
        if not subj and adj.dep_ in {"acomp", "xcomp"}:
            subj = syntax.subjects(adj.head)  # ClearNLP: "is" → acomp "critical"
        src = ex.actors(st, subj)
        tgt = ex.actors(st, [obj]) or owners(ex, st, [obj])
        ex.emit(doc, st, adj, code, src, tgt)
        return


def owners(ex: EventExtractor, st: DocState, nouns: list[Token]) -> list[str]:
    """Whose act or thing a noun is: its possessors ("Poland's new law" → Poland) or agents
    ("the visit by Pelosi"), also
    through an earlier mention ("the order's repeal" after "his executive order")."""
    out: list[str] = []
    for noun in nouns:
        poss = [c for c in noun.children if c.dep_ in syntax.POSSESSIVE]
        poss += [o for p, o in syntax.preposition_objects(noun) if p == "by"]  # "the visit by Pelosi"
        keys = ex.actors(st, poss) or [k for p in poss for k in earlier_owner(ex, st, p)] or \
            earlier_owner(ex, st, noun)
        out += [k for k in keys if k not in out]
    return out


def earlier_owner(ex: EventExtractor, st: DocState, noun: Token) -> list[str]:
    """"the order" after "his executive order": the owner named at the last earlier
    mention of the same noun that names one."""
    if noun.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return []
    lemma = noun.lemma_.lower()
    doc = noun.doc
    arr = doc.to_array([POS, LEMMA])
    same = (arr[:, 0] == _NOUN) & scan.isin(arr[:, 1], scan.case_ids({lemma}))
    same[noun.i :] = False  # (the earlier mentions, found on the arrays)
    for tok in reversed(list(scan.tokens_at(doc, same))):
        if tok.pos_ == "NOUN" and tok.lemma_.lower() == lemma:
            keys = ex.actors(st, [c for c in tok.children if c.dep_ in syntax.POSSESSIVE])
            if keys:
                return keys
    return []


def addressees(ex: EventExtractor, st: DocState, verb: Token, light_obj: Token | None,
               src: list[str]) -> list[str]:
    """Whom a demand or appeal with no named addressee is aimed at: the owner of the act
    demanded ("called for Russia's withdrawal"), or the one the act asked for concerns
    ("asked to meet Sadr officials")."""
    acts = [o for p, o in syntax.preposition_objects(light_obj or verb) if p == "for"] + syntax.objects(verb)
    tgt = [k for k in owners(ex, st, acts) if k not in src]
    for clause in syntax.infinitive_complements(verb):
        tgt = tgt or [k for k in ex.actors(st, syntax.objects(clause)) if k not in src]
    return tgt


def clause_sources(ex: EventExtractor, st: DocState, noun: Token) -> list[str]:
    """Who acts in an event noun that names no actor of its own, from the clause around it:
    "X imposed sanctions" (object), "X is in talks with Y" (prepositional predicate), "X
    took part in the rallies" (in/during phrase of an active verb), and '"There are
    negotiations with Y," said X' (existential in reported speech: the speaker)."""
    head = noun.head
    cases = {c.lower_ for c in noun.children if c.dep_ == "case"}
    if noun.dep_ == "pobj":  # ClearNLP: verb -prep-> "in" -pobj-> noun
        cases, head = {head.lower_}, head.head
    if noun.dep_ in syntax.OBJ:
        return ex.actors(st, syntax.subjects(head))
    if syntax.children(noun, {"cop"}) and cases:
        return ex.actors(st, syntax.subjects(noun))  # not "it is a war against Y"
    if cases & {"in", "during"} and head.pos_ == "VERB" and not syntax.is_passive(head):
        return ex.actors(st, syntax.subjects(head))
    if noun.dep_ in syntax.SUBJ and syntax.children(head, {"expl"}) and noun.i in st.reported:
        return [st.reported[noun.i]]
    return []


def reciprocal(ex: EventExtractor, doc: Doc, st: DocState, verb: Token, code: str,
               src: list[str]) -> None:
    """"Insurgents fought with the army": a fight with someone is fought by both sides,
    so the other side's fight is an event too (only when the verb has no object)."""
    if code[:2] != "19" or syntax.objects(verb) or syntax.is_passive(verb):
        return
    others = ex.actors(st, [o for p, o in syntax.preposition_objects(verb) if p in RECIPROCAL_PREPS])
    others = [k for k in others if k not in src and not _is_place(st, k)]
    if others and src:
        ex.emit(doc, st, verb, code, others, src)


def _is_place(st: DocState, key: str) -> bool:
    draft = st.entities.get(key)
    return draft is not None and draft.type == "LOCATION"


def announced_violence(doc: Doc, st: DocState) -> None:
    """A violent act in the future tense inside its own author's words ("'We shall keep on
    targeting them,' said the attackers") is a threat: the event becomes CAMEO 138."""
    for n, ev in enumerate(st.events):
        if ev.cameo[:2] not in VIOLENT or ev.modality != "future" or ev.speaker is None:
            continue
        if ev.speaker in ev.source and ev.target:
            st.events[n] = replace(ev, type="THREATEN", cameo="138", modality="asserted")
