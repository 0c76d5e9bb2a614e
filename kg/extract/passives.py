"""Arguments of passive clauses that have no subject or by-phrase of their own.

- participle clauses: "When questioned by Merkel, Erdogan denied ..." — the
  past participle's patient is the subject of the clause it modifies, and in
  "the hostages rescued by the army" the noun it modifies;
- light-verb passives: in "U.S. sanctions were imposed on Russia" the agent is
  not in a by-phrase but on the event noun ("U.S. sanctions"), and in "talks
  were held between Iran and the EU" both sides are in the "between" phrase.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract import syntax

#: premodifiers of an event noun that can name its author ("U.S. sanctions", "Russia's talks")
AUTHOR_DEPS = syntax.COMPOUNDS - {"npadvmod"}


def is_participle(verb: Token) -> bool:
    """A past participle heading a reduced clause with a by-phrase ("when questioned by
    X", "hostages rescued by X"): passive in meaning, though without a passive auxiliary."""
    if verb.tag_ != "VBN" or verb.dep_ not in {"advcl", "acl"} or syntax.auxiliaries(verb):
        return False
    # the by-phrase tells the participle from a simple past that a parser took for one
    return not syntax.children(verb, syntax.SUBJ | syntax.PASS_SUBJ) and bool(syntax.agents(verb))


def participle_patients(verb: Token) -> list[Token]:
    """Who undergoes a participle clause's act: the subject of the clause it modifies
    ("When questioned by X, *Erdogan* denied"), or the noun it modifies ("*the
    hostages* rescued by X")."""
    if verb.dep_ == "acl":
        return [verb.head]
    return syntax.subjects(verb.head)


def noun_authors(noun: Token) -> list[Token]:
    """The premodifiers of an event noun that may name its author ("U.S. sanctions")."""
    return sorted((c for c in noun.children if c.dep_ in AUTHOR_DEPS and c.i < noun.i), key=lambda t: t.i)


def between_sides(holders: list[Token]) -> list[Token]:
    """The objects of "between" under any of ``holders`` ("held between Iran and the EU")."""
    return [o for h in holders for p, o in syntax.preposition_objects(h) if p == "between"]
