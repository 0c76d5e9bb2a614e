"""Constructions as data: spaCy ``DependencyMatcher`` patterns read from
``kg/data/constructions.json``, each with a small callback that turns the
matched words into an event.

A construction names its ``callback`` (one of :data:`CALLBACKS`), the CAMEO
``code`` of the event it makes and its ``patterns``; the pattern's words are
named by their ``RIGHT_ID`` (``act``, ``modal``, ``doer`` ...), which is how
the callback finds them. A linguist adds a construction by adding an entry.

>>> sorted(load_constructions().names)[:2]
['advice', 'demand_list']
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from kg.extract import syntax
from kg.extract.errors import Errors, KGError
from kg.extract.state import DocState
from kg.records import CAMEO_ROOTS

if TYPE_CHECKING:
    from kg.extract.events import EventExtractor

Words = dict[str, Token]
Callback = Callable[["EventExtractor", Doc, DocState, str, Words], None]


# ------------------------------------------------------------------ callbacks
def owed_by_doer(ex: EventExtractor, doc: Doc, st: DocState, code: str, w: Words) -> None:
    """In someone's words, an act that ``doer`` must or should do: the speaker makes the
    event ``code`` (a demand, an appeal) of the doer, with the act as its content."""
    modal, act = w["modal"], w["act"]
    speaker = st.reported.get(modal.i) or st.reported.get(act.i)
    if speaker is None:
        return
    targets = [k for k in ex.actors(st, [w["doer"]]) if k != speaker]
    if targets:
        ex.emit(doc, st, modal, code, [speaker], targets, content=predicate(act, after=modal).text)


def predicate(act: Token, *, after: Token) -> Any:
    """The verb phrase of ``act`` without its subject and the words up to ``after``
    ("stop firing rockets" of "Israel must stop firing rockets")."""
    left = act.i
    for child in act.children:
        if after.i < child.i < act.i and child.dep_ not in syntax.SUBJ | syntax.PASS_SUBJ | {"aux", "mark"}:
            left = min(left, child.left_edge.i)
    right = act.right_edge.i
    doc = act.doc
    while right > left and doc[right].is_punct:
        right -= 1
    return doc[left : right + 1]


def listed_demands(ex: EventExtractor, doc: Doc, st: DocState, code: str, w: Words) -> None:
    """A demand without content in this sentence or the one before, whose items this
    list gives: one demand per item, the item its content."""
    verb = w["verb"]
    items = list_items(verb)
    sent = verb.sent
    first = doc[sent.start - 1].sent.start if sent.start else sent.start
    ev = next((e for e in reversed(st.events) if e.type == CAMEO_ROOTS[code[:2]] and not e.content
               and first <= _token_at(doc, e.evidence.start) < sent.end), None)
    if ev is None or not items:
        return
    st.events.remove(ev)
    for n, (item, lead) in enumerate(items):
        # the addressee: who gives what is asked ("assurances from the U.S."), else who
        # must act ("that the U.S. and NATO would limit troops")
        givers = ex.actors(st, [o for p, o in syntax.preposition_objects(lead) if p == "from"]
                           if lead is not None else [])
        doers = ex.actors(st, syntax.children(item, syntax.SUBJ))
        governs = n == 0 and lead is not None  # the noun before the first item governs it
        tgt = (givers if governs else doers) or (doers if governs else givers) or list(ev.target)
        tgt = [t for t in tgt if t not in ev.source]
        text = syntax.phrase(item, drop_leading={"that", "and", "or", ","}, own=True).text
        if governs and lead is not None:
            text = f"{lead.text} {text}"
        st.events.append(replace(ev, id=f"{ev.id}.{n + 1}", target=tuple(tgt) or ev.target, content=text))


def _token_at(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else -1


def list_items(verb: Token) -> list[tuple[Token, Token | None]]:
    """Items of "X included A and B" / "X included assurances that A and that B".

    Each item is (its head word, the noun it completes, if any): a that-clause
    under the verb or its object ("assurances ... that Ukraine would never join
    NATO") is an item, and so is each clause or object coordinated with it.
    """
    objs = syntax.objects(verb)
    holders = [verb, *objs]
    # that-clauses under the verb or its object, and those coordinated with them
    # (a parser may hang the second "and that ..." on either)
    clauses = sorted({x.i: x for h in holders for c in h.children
                      if c.dep_.split(":")[0] in {"acl", "ccomp", "advcl", "conj"} and c.i > h.i
                      and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                      for x in syntax.with_conjuncts(c)}.values(), key=lambda t: t.i)
    if clauses:
        lead = next((o for o in objs if o.i < clauses[0].i), None)
        return [(c, lead) for c in clauses]
    return [(o, None) for obj in objs for o in syntax.with_conjuncts(obj)]


CALLBACKS: dict[str, Callback] = {"owed_by_doer": owed_by_doer, "listed_demands": listed_demands}


# ------------------------------------------------------------------ the data
@dataclass(frozen=True)
class Construction:
    name: str
    callback: str
    code: str
    patterns: tuple[tuple[dict[str, Any], ...], ...]
    doc: str = ""


@dataclass
class Constructions:
    """The constructions of one file, with a matcher per vocabulary."""

    items: tuple[Construction, ...]
    _matchers: dict[int, DependencyMatcher] = field(default_factory=dict, repr=False)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.items]

    def matcher(self, vocab: Vocab) -> DependencyMatcher:
        """One matcher key per pattern ("obligation/1"), so a match says which pattern it is."""
        m = self._matchers.get(id(vocab))
        if m is None:
            m = DependencyMatcher(vocab)
            for c in self.items:
                for k, pattern in enumerate(c.patterns):
                    m.add(f"{c.name}/{k}", [list(pattern)])
            self._matchers[id(vocab)] = m
        return m

    def __call__(self, ex: EventExtractor, doc: Doc, st: DocState) -> None:
        """Read every construction's matches in ``doc`` into events (in text order); a Doc
        without a parse has none."""
        if not doc.has_annotation("DEP"):
            return
        by_name = {c.name: c for c in self.items}
        matches = self.matcher(doc.vocab)(doc)
        for match_id, token_ids in sorted(matches, key=lambda m: (min(m[1]), m[0])):
            name, k = doc.vocab.strings[match_id].rsplit("/", 1)
            c = by_name[name]
            words = {node["RIGHT_ID"]: doc[i] for node, i in zip(c.patterns[int(k)], token_ids, strict=True)}
            CALLBACKS[c.callback](ex, doc, st, c.code, words)


@lru_cache(maxsize=4)
def load_constructions(path: str | None = None) -> Constructions:
    """The constructions shipped in ``kg/data/constructions.json`` (or those of ``path``)."""
    try:
        if path is None:
            text = resources.files("kg").joinpath("data/constructions.json").read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        data = json.loads(text)
        items = tuple(
            Construction(name=str(c["name"]), callback=str(c["callback"]), code=str(c["code"]),
                         patterns=tuple(tuple(p) for p in c["patterns"]), doc=str(c.get("doc", "")))
            for c in data["constructions"])
        for c in items:
            if c.callback not in CALLBACKS:
                raise ValueError(f"{c.name}: unknown callback {c.callback!r}")
            if c.code[:2] not in CAMEO_ROOTS:
                raise ValueError(f"{c.name}: bad CAMEO code {c.code!r}")
            if not c.patterns:
                raise ValueError(f"{c.name}: no patterns")
        DependencyMatcher(Vocab()).add("check", [list(p) for c in items for p in c.patterns])
    except (OSError, KeyError, ValueError, TypeError) as err:
        raise KGError("E005", Errors.E005.format(path=path or "constructions.json", problem=err)) from err
    return Constructions(items)
