"""Who a noun phrase stands for: a name, a pronoun, a title, "Russian troops" →
Russia, "U.S. officials" → United States, "the insurgents" → the article's armed
group, "we" in a quotation → its speaker, "the government" → the country named
just before, "the minister" → the person named before with that title. Used by
:mod:`kg.extract.events`.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract import syntax
from kg.extract.state import DocState

FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}
PLURAL_PRONOUNS = {"they", "them", "their"}
PREMODIFIERS = {"compound", "amod", "nmod:poss", "poss", "flat", "flat:name"}
#: a state's own organs, which a speaker names without saying whose ("authorities")
OFFICIAL_NOUNS = {"authority", "authorities", "government", "official", "officials"}
#: nouns for a part of a place ("parts of Somalia")
PARTITIVES = {"part", "parts", "area", "areas", "region", "regions", "province", "provinces", "district",
              "districts", "territory", "territories"}


def actor_of(st: DocState, tok: Token) -> str | None:
    """The entity a noun phrase head stands for: a name, a pronoun, or "Russian troops" → Russia."""
    key = st.token_entity.get(tok.i)
    if key:
        return key
    if tok.lower_ in FIRST_PERSON and tok.i in st.reported:
        return st.reported[tok.i]  # "We shall keep on targeting them," said the attackers
    if tok.lower_ in {"they", "their"} and tok.i in st.reported:
        speaker = st.entities.get(st.reported[tok.i])
        if speaker is not None and speaker.type == "ORGANIZATION":
            return speaker.key  # the group "stated that they would kill them": the group
    if tok.lower_ in PLURAL_PRONOUNS:
        return plural_antecedent(st, tok)  # "U.K. forces patrolled Basra until they left"
    if tok.i in st.demonyms:
        return st.demonyms[tok.i]  # "the Russians", "a Russian invasion"
    if tok.lower_ in {"latter", "former"} and tok.dep_ not in {"amod", "compound"}:
        return latter_or_former(st, tok)  # "... by the United States; the latter blames it"
    if tok.pos_ in {"NOUN", "PROPN"}:
        for child in tok.children:  # "Iraq's new president, Jalal Talabani"
            if child.dep_ == "appos" and st.token_entity.get(child.i):
                return st.token_entity[child.i]
        listed = [o for p, o in syntax.preposition_objects(tok) if p in {"including", "like", "such as"}]
        if listed:  # "other African countries, including Ethiopia, Djibouti ..."
            key = st.entity_of(listed[0])
            if key:
                return key
        groupish = tok.lemma_.lower() in GROUP_NOUNS | CONDUCT_NOUNS or tok.lower_ in GROUP_NOUNS
        for child in sorted(tok.children, key=lambda c: c.i):
            if child.dep_ in syntax.COMPOUNDS and child.i < tok.i and (
                    groupish or child.dep_ not in syntax.POSSESSIVE):  # "Ion's father" is not Ion
                key = st.entity_of(child)
                if key and tok.lemma_.lower() in GOVERNMENTS and st.entities.get(key) \
                        and st.entities[key].type == "PERSON":
                    return home_state(st, key) or key  # "the Trump administration": his state
                if key:
                    return key
        for prep, obj in syntax.preposition_objects(tok):
            if (prep in {"of", "from"} and tok.lemma_.lower() in GROUP_NOUNS | CONDUCT_NOUNS) or (
                    prep == "with" and tok.lemma_.lower() in MEMBER_NOUNS):  # "an official with X"
                key = st.entity_of(obj) or (actor_of(st, obj) if obj.lemma_.lower() in GROUP_NOUNS else None)
                if key:
                    return key
        if tok.lemma_.lower() in ARMED_NOUNS or tok.lower_ in ARMED_NOUNS:
            return armed_group(st)
        if tok.lemma_.lower() in OFFICIAL_NOUNS and tok.i in st.reported and not _modified(tok):
            return home_state(st, st.reported[tok.i])  # '"Authorities are in contact," the PM said'
        if tok.lemma_.lower() in PARTITIVES:  # "attacked parts of Somalia"
            key = next((st.entity_of(o) for p, o in syntax.preposition_objects(tok) if p == "of"), None)
            if key and st.entities.get(key) and st.entities[key].type in {"COUNTRY", "LOCATION"}:
                return key
        if tok.lemma_.lower() in ARMED_BODIES and _definite(tok) and any(
                c.dep_ in {"amod", "compound"} and (c.lower_ in ARMED_NOUNS or c.lemma_.lower() in ARMED_NOUNS)
                for c in tok.children):
            return armed_group(st)  # "the guerrilla organization", "the militant group"
        return description_antecedent(st, tok)  # "the government", "the minister"
    return None


def description_antecedent(st: DocState, tok: Token, window: int = 3) -> str | None:
    """A definite description with no words of its own that say whose it is ("the
    government", "the group", "the minister"): the nearest actor named before it, in this
    sentence or one of the ``window`` before, that it can describe: a country for
    :data:`STATE_NOUNS`, an organization for :data:`BODY_NOUNS`, a person who holds a
    title ending in the noun for a title ("the minister" after "Foreign Minister X")."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "NOUN" or tok.tag_ in {"NNS", "NNPS"} or not _definite(tok) or _modified(tok):
        return None
    if lemma in STATE_NOUNS:
        wanted = {"COUNTRY"}
    elif lemma in BODY_NOUNS:
        wanted = {"ORGANIZATION"}
    else:
        wanted = {"PERSON"}
        titled = {k for k, titles in st.positions.items() if any(t.lower().split()[-1:] == [lemma] for t in titles)}
        if not titled:
            return None
    doc = tok.doc
    start = tok.sent.start
    for _ in range(window):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    for t in reversed(doc[start : tok.i]):
        key = st.token_entity.get(t.i)
        draft = st.entities.get(key) if key else None
        if draft is not None and draft.type in wanted and (wanted != {"PERSON"} or key in titled):
            return key
    return None


#: descriptions of a state ("the government said")
STATE_NOUNS = {"country", "nation", "government", "administration", "regime", "kingdom", "republic", "state"}
#: descriptions of an organization ("the group claimed")
BODY_NOUNS = {"group", "organization", "organisation", "movement", "party", "alliance", "bloc", "coalition",
              "agency", "ministry", "council", "body", "union", "militia", "network", "faction", "company",
              "firm", "committee", "commission", "court", "bank", "fund", "association", "organ"}


def latter_or_former(st: DocState, tok: Token) -> str | None:
    """"the latter" / "the former": the last or the next-to-last actor named before, in
    this sentence or the one before it."""
    doc = tok.doc
    sent = tok.sent
    start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    keys: list[str] = []
    for i in range(start, tok.i):
        key = st.token_entity.get(i)
        draft = st.entities.get(key) if key else None
        if key and draft is not None and draft.type in ACTOR_TYPES:
            if key in keys:
                keys.remove(key)
            keys.append(key)
    n = 1 if tok.lower_ == "latter" else 2
    return keys[-n] if len(keys) >= n else None


def plural_antecedent(st: DocState, tok: Token) -> str | None:
    """"they", "them", "their": the actor of the nearest plural noun phrase before, in this
    sentence or the one before ("United Kingdom forces ... until they turned it over");
    nothing when that noun phrase names no actor ("the journalists ... kill them")."""
    doc = tok.doc
    sent = tok.sent
    start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for t in reversed(doc[start : tok.i]):
        if t.tag_ in {"NNS", "NNPS"} and t.pos_ in {"NOUN", "PROPN"} and t.dep_ not in PREMODIFIERS:
            return actor_of(st, t)
    return None


def home_state(st: DocState, key: str) -> str | None:
    """The state a speaker speaks for: itself, the state of a government body, or the
    country a person is affiliated with."""
    draft = st.entities.get(key)
    if draft is None:
        return None
    if draft.type == "COUNTRY":
        return key
    if draft.country and draft.country in st.entities:
        return draft.country
    states = st.affiliated_states(key)
    return states[0] if states else None


def _modified(tok: Token) -> bool:
    """A noun with words of its own that say whose it is ("Iraqi authorities", "officials of X")."""
    return any(c.dep_ in syntax.COMPOUNDS for c in tok.children) or any(True for _ in syntax.preposition_objects(tok))


def _definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in tok.children)


def armed_group(st: DocState) -> str | None:
    """The armed group an article is about, for "the insurgents", "the kidnappers": the
    most mentioned organization that is one (gazetteer kind, or a name that says so)."""
    best: tuple[int, str] | None = None
    for key, draft in st.entities.items():
        if draft.type != "ORGANIZATION":
            continue
        words = set(draft.name.lower().replace("-", " ").split())
        if draft.kind == "armed_group" or words & ARMED_NAME_WORDS:
            score = len(draft.mentions)
            if best is None or score > best[0]:
                best = (score, key)
    return best[1] if best else None


ACTOR_TYPES = {"PERSON", "ORGANIZATION", "COUNTRY"}
#: head nouns that a word of ARMED_NOUNS makes an armed group ("the guerrilla organization")
ARMED_BODIES = {"group", "organization", "organisation", "movement", "faction", "militia", "outfit",
                "network", "body"}
#: descriptions of armed groups ("the insurgents") and words in their names
ARMED_NOUNS = {"insurgent", "insurgents", "militant", "militants", "kidnapper", "kidnappers",
               "terrorist", "terrorists", "rebel", "rebels", "guerrilla", "guerrillas", "gunmen",
               "gunman", "jihadist", "jihadists", "attackers", "hostage-takers", "captors", "fighters",
               "guerilla", "guerillas", "armed", "extremist", "extremists"}
ARMED_NAME_WORDS = {"brigades", "brigade", "militia", "mujahideen", "jihad", "front", "shabab",
                    "shabaab", "taliban", "qaeda", "hamas", "hezbollah", "farc", "army", "liberation",
                    "resistance", "martyrs"}


#: a leader's government: "the Maliki government", "the Trump administration"
GOVERNMENTS = {"administration", "government", "regime", "cabinet"}
#: persons who belong to a body: "an official with the Trump administration"
MEMBER_NOUNS = {"official", "spokesman", "spokeswoman", "spokesperson", "member", "diplomat",
                "representative", "aide", "adviser", "advisor"}
GROUP_NOUNS = {"troops", "troop", "force", "forces", "army", "military", "government", "official",
               "officials", "authorities", "authority", "leader", "leaders", "leadership", "delegation",
               "diplomat", "diplomats", "soldier", "soldiers", "police", "navy", "ministry", "regime",
               "administration", "side", "people", "president", "minister", "embassy", "parliament",
               "lawmakers", "member", "members", "spokesman", "spokesperson", "representatives",
               "militants", "fighters", "rebels", "supporters", "aides", "negotiators", "team",
               "community", "communities"}
#: what an actor does or holds: "condemned the actions of FARC" is aimed at FARC
CONDUCT_NOUNS = {"action", "actions", "policy", "policies", "conduct", "behaviour", "behavior", "decision",
                 "role", "treatment", "tactics", "record", "position", "stance", "plan", "plans", "program",
                 "programme", "involvement", "presence", "occupation", "rule", "activities", "activity"}
