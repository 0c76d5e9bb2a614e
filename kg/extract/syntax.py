"""Dependency-parse helpers that read both label schemes spaCy pipelines use.

kg's own pipeline is trained on Universal Dependencies (``nsubj:pass``,
``obj``, ``obl`` with a ``case`` child); spaCy's ``en_core_web_*`` pipelines
use ClearNLP labels (``nsubjpass``, ``dobj``, ``prep`` → ``pobj``). The event
and role rules ask these helpers, never the raw labels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import TypeVar

import numpy as np
from spacy.attrs import IS_SPACE, ORTH
from spacy.tokens import Doc, Span, Token

from kg.extract import scan

SUBJ = {"nsubj", "csubj", "nsubj:outer", "expl"}
PASS_SUBJ = {"nsubj:pass", "nsubjpass", "csubj:pass", "csubjpass"}
OBJ = {"obj", "dobj"}
IOBJ = {"iobj", "dative"}
AUX_PASS = {"aux:pass", "auxpass"}
COMPOUNDS = {"compound", "flat", "flat:name", "nmod:poss", "poss", "amod", "nmod:unmarked", "npadvmod"}
POSSESSIVE = {"nmod:poss", "poss"}
RELCL = {"acl:relcl", "relcl"}
NEG = {"neg"}


#: (Doc, token index → its children with their labels) while :func:`parse_cache` is on
_PARSE: ContextVar[tuple[Doc, dict[int, list[tuple[str, Token]]]] | None] = ContextVar(
    "kg_parse_cache", default=None)
_Component = TypeVar("_Component")


@contextmanager
def parse_cache(doc: Doc) -> Iterator[None]:
    """Within the block, the helpers here remember each token's children in ``doc``.

    The rules ask for a verb's children many times, and spaCy makes new Tokens and
    looks up their labels each time. The parse must not change inside the block.
    """
    reset = _PARSE.set((doc, {}))
    try:
        yield
    finally:
        _PARSE.reset(reset)


def caching_parse(
    call: Callable[[_Component, Doc], Doc]
) -> Callable[[_Component, Doc], Doc]:
    """Run a component's ``__call__`` under :func:`parse_cache`."""
    @wraps(call)
    def wrapper(self: _Component, doc: Doc) -> Doc:
        with parse_cache(doc):
            return call(self, doc)
    return wrapper


def labelled_children(tok: Token) -> list[tuple[str, Token]]:
    """(dependency label, child) of each child of ``tok``, in order (do not modify the list).

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["Putin", "met", "Biden"],
    ...           heads=[1, 1, 1], deps=["nsubj", "ROOT", "obj"])
    >>> [(dep, c.text) for dep, c in labelled_children(doc[1])]
    [('nsubj', 'Putin'), ('obj', 'Biden')]
    """
    cache = _PARSE.get()
    if cache is None or cache[0] is not tok.doc:
        return [(c.dep_, c) for c in tok.children]
    kids = cache[1].get(tok.i)
    if kids is None:
        kids = cache[1][tok.i] = [(c.dep_, c) for c in tok.children]
    return kids


def is_passive(verb: Token) -> bool:
    """True for a passive clause ("was opposed by"): a passive auxiliary, or a passive
    subject of a past participle (a simple past with a passive subject is a parse slip)."""
    kids = labelled_children(verb)
    if any(dep in AUX_PASS for dep, _ in kids):
        return True
    return verb.tag_ != "VBD" and any(dep in PASS_SUBJ for dep, _ in kids)


def is_nominal(tok: Token) -> bool:
    """A word tagged otherwise that heads a noun phrase: an argument with a determiner or
    possessor of its own ("the IDF's offensive" read as an adjective)."""
    if tok.dep_.split(":")[0] not in {"nsubj", "obj", "dobj", "obl", "nmod", "pobj"}:
        return False
    return any(dep in POSSESSIVE or (dep == "det" and c.i < tok.i) for dep, c in labelled_children(tok))


def with_conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the words coordinated with it ("the U.S. and NATO")."""
    out = [tok]
    for conj in tok.conjuncts:
        if conj.i > tok.i and conj not in out:
            out.append(conj)
    return out


def children(tok: Token, deps: set[str]) -> list[Token]:
    """The children of ``tok`` with one of the labels ``deps``."""
    return [c for dep, c in labelled_children(tok) if dep in deps]


def preposition_objects(head: Token) -> Iterator[tuple[str, Token]]:
    """(preposition, object) pairs of the prepositional phrases under ``head``.

    UD: ``head -obl/nmod-> noun -case-> prep``; ClearNLP: ``head -prep-> prep -pobj-> noun``.
    """
    for dep, child in labelled_children(head):
        if dep == "prep":
            for pdep, pobj in labelled_children(child):
                if pdep in {"pobj", "pcomp"}:
                    yield child.lower_, pobj
        elif dep == "agent":
            for pdep, pobj in labelled_children(child):
                if pdep == "pobj":
                    yield "by", pobj
        elif dep.split(":")[0] in {"obl", "nmod"} and dep not in POSSESSIVE:
            cases = [c for cdep, c in labelled_children(child) if cdep in {"case", "mark"} and c.i < child.i]
            if cases:
                yield " ".join(c.lower_ for c in cases), child


def main_subject(sent: Span) -> Token | None:
    """The subject of a sentence's main clause (the first word the root has as subject)."""
    root = sent.root
    return next((tok for tok in sent if tok.dep_ in SUBJ and tok.head == root), None)


def subjects(verb: Token) -> list[Token]:
    """Active subjects of a verb, inherited through coordination, control and relative clauses."""
    seen: set[int] = set()
    tok: Token | None = verb
    while tok is not None and tok.i not in seen:
        seen.add(tok.i)
        subs = children(tok, SUBJ if is_passive(tok) else SUBJ | PASS_SUBJ)
        if subs:
            return [_relative_antecedent(s) for s in subs]
        if tok.dep_ == "conj" or tok.dep_ in {"xcomp"}:
            tok = tok.head if tok.head is not tok else None
            continue
        if tok.dep_ in RELCL or tok.dep_ == "acl":
            return [tok.head]
        if tok.dep_ in {"advcl", "acl", "pcomp"} and children(tok.head, OBJ) and any(
                c.lower_ in {"from", "for", "of", "into"} and c.dep_ in {"mark", "case", "prep"} for c in tok.children):
            # "kept Putin from launching", "thanked France for pressuring Colombia", "forced
            # the rebels into handing over ...": the object acts
            return children(tok.head, OBJ)
        if (tok.dep_ == "advcl" or (tok.dep_ == "ccomp" and tok.tag_ == "VBG")) and tok.head is not tok:
            # "Putin may be looking ... weeks after delivering demands": the
            # subject of the clause it depends on (through a temporal noun)
            head = tok.head
            if head.pos_ in {"NOUN", "PROPN"} and head.dep_.split(":")[0] in {"obl", "nmod", "npadvmod"}:
                head = head.head
            tok = head
            continue
        break
    return []


def passive_subjects(verb: Token) -> list[Token]:
    subs = children(verb, PASS_SUBJ)
    if not subs and verb.dep_ in RELCL and is_passive(verb):
        return [verb.head]
    if not subs and verb.dep_ == "conj" and is_passive(verb):
        return children(verb.head, PASS_SUBJ)
    return [_relative_antecedent(s) for s in subs]


def agents(verb: Token) -> list[Token]:
    """The by-phrase of a passive verb, or who ordered it ("at the behest of the CIA")."""
    found = [obj for prep, obj in preposition_objects(verb) if prep == "by"]
    for prep, obj in preposition_objects(verb):
        if prep in {"at", "on", "under"} and obj.lemma_.lower() in BEHEST_NOUNS:
            found += [o for p, o in preposition_objects(obj) if p == "of"]
    return found


BEHEST_NOUNS = {"behest", "order", "orders", "request", "instruction", "instructions", "command", "direction"}


def objects(verb: Token) -> list[Token]:
    return children(verb, OBJ) + children(verb, IOBJ)


def infinitive_complements(verb: Token) -> list[Token]:
    """The to-infinitive clauses that complete ``verb``: its ``xcomp`` children, and a
    to-infinitive ``advcl`` after its object ("asks kidnappers to release ...", which
    parsers also read as a purpose clause).
    """
    found = children(verb, {"xcomp"})
    objs = children(verb, OBJ)
    return found + [c for c in children(verb, {"advcl"}) if objs and c.i > objs[0].i and c.tag_ == "VB"
                    and any(m.tag_ == "TO" and m.dep_ in {"mark", "aux"} for m in c.children)]


def complement_clauses(verb: Token) -> list[Token]:
    """The clauses that complete ``verb`` (``ccomp`` and :func:`infinitive_complements`),
    in sentence order."""
    return sorted(children(verb, {"ccomp"}) + infinitive_complements(verb), key=lambda t: t.i)


def _relative_antecedent(tok: Token) -> Token:
    """"who"/"which"/"that" as subject of a relative clause → the noun it modifies."""
    if tok.tag_ in {"WP", "WDT"} or tok.lower_ in {"who", "which", "that"}:
        clause = tok.head
        if clause.dep_ in RELCL:
            return clause.head
    return tok


def is_negated(tok: Token) -> bool:
    """Negated by "not", "never", "n't", "no" attached to it (or to its auxiliaries)."""
    for dep, child in labelled_children(tok):
        if dep in NEG or (dep == "advmod" and child.lower_ in {"not", "n't", "never"}):
            return True
        if dep == "det" and child.lower_ == "no":
            return True
    return False


def auxiliaries(verb: Token) -> list[Token]:
    return children(verb, {"aux", "aux:pass", "auxpass"})


def phrase(tok: Token, *, drop_leading: set[str] | None = None, own: bool = False) -> Span:
    """The contiguous subtree of ``tok`` as a span, optionally without leading words.

    With ``own``, the words coordinated with ``tok`` (its conjuncts, with
    their "and") are left out: "join NATO" of "join NATO and limit troops".
    """
    left, right = tok.left_edge.i, tok.right_edge.i
    doc = tok.doc
    if own:
        later = [c for c in tok.children if c.i > tok.i and (c.dep_ == "conj" or (
            c.dep_ == "cc" and any(x.dep_ == "conj" for x in tok.children)))]
        later += [c for c in tok.children if c.dep_ == "conj" and c.i > tok.i for c in c.children
                  if c.dep_ == "cc" and c.i > tok.i]
        if later:
            right = min(c.left_edge.i for c in later) - 1
    if drop_leading:
        while left < right and doc[left].lower_ in drop_leading:
            left += 1
    while right > left and doc[right].is_punct:
        right -= 1
    while left < right and doc[left].is_punct:
        left += 1
    return doc[left : right + 1]


OPEN_QUOTES = {"“", "``"}
CLOSE_QUOTES = {"”", "''"}
STRAIGHT_QUOTES = {'"'}
_QUOTE_IDS = scan.ids(OPEN_QUOTES | CLOSE_QUOTES | STRAIGHT_QUOTES)


def quoted_tokens(doc: Doc) -> list[bool]:
    """For each token, whether it stands inside a quotation (quote marks excluded).

    Quotations may run over several sentences; a paragraph break closes any
    quotation left open (news paragraphs often open a quote without closing it).
    """
    out = np.zeros(len(doc), dtype=bool)
    arr = doc.to_array([ORTH, IS_SPACE])
    inside, start = False, 0
    # only quote marks and line breaks change the state: visit those, fill the runs between
    for i in np.flatnonzero(scan.isin(arr[:, 0], _QUOTE_IDS) | (arr[:, 1] == 1)).tolist():
        text = doc[i].text
        if arr[i, 1]:
            if "\n" not in text:
                continue
            now = False  # a paragraph break closes a quotation left open
        elif text in OPEN_QUOTES:
            now = True
        elif text in CLOSE_QUOTES:
            now = False
        else:
            now = not inside  # a straight quote
        if inside:
            out[start:i] = True
        inside, start = now, i + 1
    if inside:
        out[start:] = True
    return out.tolist()
