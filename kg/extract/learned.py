"""A learned event reader: which words are CAMEO acts, and who does them to whom.

Two small linear models, trained on annotated news (``training/event_model.py``)
and shipped as weights in ``kg/data/event_model.json``:

* the **trigger model** reads each verb, event noun and predicative adjective
  that the annotated news or the lexicon gives as an act (the others are
  skipped: a fifth of kg's own time, for 3% of the right events, held out)
  and gives the probability of each CAMEO root (or of none), from the word,
  its lexicon entry (``kg/data/cameo_lexicon.json``: a word the codebook names
  but no annotated article used still counts), its particles, prepositions,
  object, the actors around it and the shape of its clause;
* the **argument model** reads each actor in view of the trigger (names,
  demonyms, descriptions and pronouns of its sentence, resolved by
  :mod:`kg.extract.actors`, :func:`pronoun_antecedent` and :func:`it_antecedent`;
  the speaker whose words it is in; the subject of the sentence before) and
  gives the probability that it is the act's source, its target or neither,
  from the dependency path between them.

:func:`propose` yields the events of one Doc without touching it (textacy
style); the ``kg_event_reader`` component adds those the rules of
``kg_events`` did not find. Acts without an addressee: an act whose CAMEO root
needs none (a demand, a protest ...; ``events.INTRANSITIVE``) is kept with an
empty target; the model's other acts with no addressee in view are not kept
(held out, 11% of them were right).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.extract import syntax
from kg.extract.actors import actor_of
from kg.extract.errors import Errors, KGError
from kg.extract.events import INTRANSITIVE, Lexicon, load_lexicon
from kg.extract.modality import modality
from kg.extract.names import preceding_sentences
from kg.extract.state import DocState, evidence, require
from kg.records import CAMEO_ROOTS, Event

#: the part of speech of the words that may hold an act
TRIGGER_POS = {"VERB", "NOUN", "ADJ", "AUX"}
#: auxiliaries that may hold a demand ("X must withdraw") or an appeal
MODAL_TRIGGERS = {"must", "should", "need", "have"}
PRONOUNS_3SG = {"he", "him", "his", "she", "her"}
NONE = "O"
SOURCE, TARGET = "src", "tgt"
ACTOR_TYPES = {"PERSON", "ORGANIZATION", "COUNTRY", "LOCATION"}
#: roots left to the rules and constructions of ``kg_events``: a demand carries its content
#: (the demanded act), which only they read
RULES_ONLY = {"10"}
#: the fields of :class:`EventModel` that decide an event, as its JSON names them
THRESHOLDS = ("trigger_threshold", "source_threshold", "target_threshold", "event_threshold")


# ------------------------------------------------------------------ the models
@dataclass(frozen=True)
class LinearModel:
    """A multinomial logistic regression over binary features."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def __post_init__(self) -> None:
        # the non-zero weights of each feature, as (class index, weight) pairs
        sparse = {f: tuple((k, x) for k, x in enumerate(w) if x) for f, w in self.weights.items()}
        object.__setattr__(self, "_sparse", sparse)

    def probabilities(self, features: list[str]) -> dict[str, float]:
        scores = list(self.bias)
        sparse: dict[str, tuple[tuple[int, float], ...]] = self._sparse  # type: ignore[attr-defined]
        for f in features:
            for k, x in sparse.get(f, ()):
                scores[k] += x
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def to_json(self) -> dict[str, Any]:
        """Weights as sparse rows ``{feature: {class: weight}}``, the near-zero ones left out."""
        rows = {f: {c: round(x, 4) for c, x in zip(self.classes, w, strict=True) if abs(x) >= 0.005}
                for f, w in sorted(self.weights.items())}
        return {"classes": list(self.classes), "bias": [round(b, 5) for b in self.bias],
                "weights": {f: row for f, row in rows.items() if row}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        classes = tuple(data["classes"])
        index = {c: k for k, c in enumerate(classes)}
        weights: dict[str, tuple[float, ...]] = {}
        for f, row in data["weights"].items():
            if isinstance(row, dict):  # sparse: {class: weight}
                dense = [0.0] * len(classes)
                for c, x in row.items():
                    dense[index[c]] = float(x)
                weights[str(f)] = tuple(dense)
            else:
                weights[str(f)] = tuple(float(x) for x in row)
        if any(len(w) != len(classes) for w in weights.values()) or len(data["bias"]) != len(classes):
            raise ValueError("a weight vector's length differs from the number of classes")
        return cls(classes=classes, bias=tuple(float(b) for b in data["bias"]), weights=weights)


@dataclass(frozen=True)
class EventModel:
    """The trigger and argument models, with the thresholds that decide an event."""

    triggers: LinearModel
    arguments: LinearModel
    trigger_threshold: float = 0.5
    source_threshold: float = 0.35
    target_threshold: float = 0.35
    event_threshold: float = 0.0  # on P(act) x P(source)
    about: str = ""

    @property
    def act_lemmas(self) -> frozenset[str]:
        """The words the trigger model has learnt to read as acts (a positive weight of
        ``lemma=`` for some root)."""
        cached = self.__dict__.get("_act_lemmas")
        if cached is None:
            cached = frozenset(f[6:] for f, w in self.triggers.weights.items() if f.startswith("lemma=") and any(
                x > 0 for c, x in zip(self.triggers.classes, w, strict=True) if c != NONE))
            object.__setattr__(self, "_act_lemmas", cached)
        return cached

    def to_json(self) -> dict[str, Any]:
        return {"_about": self.about, **{k: getattr(self, k) for k in THRESHOLDS},
                "triggers": self.triggers.to_json(), "arguments": self.arguments.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EventModel:
        thresholds = {k: float(data[k]) for k in THRESHOLDS if k in data}  # the others: the defaults
        return cls(triggers=LinearModel.from_json(data["triggers"]),
                   arguments=LinearModel.from_json(data["arguments"]),
                   about=str(data.get("_about", "")), **thresholds)


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> EventModel:
    """The event model shipped in ``kg/data`` (or another file written by ``training.event_model``)."""
    try:
        if path is None:
            text = resources.files("kg").joinpath("data/event_model.json").read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        return EventModel.from_json(json.loads(text))
    except (OSError, KeyError, ValueError, TypeError) as err:
        raise KGError("E004", Errors.E004.format(path=path or "event_model.json", problem=err)) from err


# ------------------------------------------------------------------ features
def _actor(st: DocState, tok: Token) -> str | None:
    """:func:`kg.extract.actors.actor_of`, once per word (the state no longer changes here)."""
    i = tok.i
    if i not in st.actors:
        st.actors[i] = actor_of(st, tok)
    return st.actors[i]


def trigger_candidates(doc: Doc) -> Iterator[Token]:
    """The words that may hold an act: verbs, nouns, adjectives, modal auxiliaries."""
    for tok in doc:
        if tok.pos_ in TRIGGER_POS and (tok.pos_ != "AUX" or tok.lower_ in MODAL_TRIGGERS) and tok.is_alpha:
            yield tok


def _lexicon_codes(lex: Lexicon, tok: Token) -> list[str]:
    """``kind=root`` for every lexicon entry the word and its dependents make."""
    lemma = tok.lemma_.lower()
    out: list[str] = []
    table = lex.nouns if tok.pos_ == "NOUN" else lex.verbs
    code = table.get(lemma) or table.get(tok.lower_)
    if code:
        out.append(f"lex={code[:2]}")
    if tok.pos_ != "NOUN":
        code = lex.nouns.get(lemma)
        if code and not out:
            out.append(f"lexn={code[:2]}")
    for dep, child in syntax.labelled_children(tok):
        if dep in {"compound:prt", "prt"} and (code := lex.verbs.get(f"{lemma} {child.lower_}")):
            out.append(f"lexprt={code[:2]}")
        if dep in syntax.OBJ and (code := lex.verb_objects.get(f"{lemma}|{child.lemma_.lower()}")):
            out.append(f"lexobj={code[:2]}")
    for prep, _ in syntax.preposition_objects(tok):
        code = lex.verbs.get(f"{lemma} {prep}") or lex.adjectives.get(f"{lemma} {prep}")
        if code:
            out.append(f"lexprep={code[:2]}")
    return out


def trigger_features(st: DocState, lex: Lexicon, tok: Token, memo: dict[int, int] | None = None) -> list[str]:
    """The features of one candidate trigger word (``memo``: the number of actors of each
    sentence, by its first token, kept between the words of one Doc)."""
    lemma = tok.lemma_.lower()
    dep = tok.dep_.split(":")[0]
    f = [f"lemma={lemma}", f"pos={tok.pos_}", f"tag={tok.tag_}", f"dep={dep}", f"lemma_pos={lemma}_{tok.pos_}"]
    f += _lexicon_codes(lex, tok)
    f.append(f"head={tok.head.lemma_.lower()}")
    f.append(f"dep_head={dep}_{tok.head.lemma_.lower()}")
    for d, child in syntax.labelled_children(tok):
        if child.dep_ in syntax.POSSESSIVE | {"compound", "amod"} and child.i < tok.i \
                and _actor(st, child):
            f.append("actor_owner")  # "Russia's invasion", "U.S. sanctions", "Russian troops"
            f.append(f"actor_owner_{tok.pos_}")
        d = d.split(":")[0] if d not in syntax.PASS_SUBJ else "nsubjpass"
        if d in {"compound", "prt"}:
            f.append(f"prt={child.lower_}")
            f.append(f"lemma_prt={lemma}_{child.lower_}")
        elif d in {"obj", "dobj"}:
            f.append(f"obj={child.lemma_.lower()}")
            f.append(f"lemma_obj={lemma}_{child.lemma_.lower()}")
            if _actor(st, child):
                f.append("actor_obj")
        elif d in {"aux"} and child.lower_ in {"must", "should", "will", "would", "could", "may"}:
            f.append(f"aux={child.lower_}")
        elif d in {"nsubj", "nsubjpass"}:
            f.append(f"has_{d}")
            if _actor(st, child):
                f.append(f"actor_{d}")
        elif d in {"neg", "advmod"} and child.lower_ in {"not", "n't", "never"}:
            f.append("negated")
        elif d in {"ccomp", "xcomp"}:
            f.append(f"has_{d}")
    for prep, obj in syntax.preposition_objects(tok):
        f.append(f"prep={prep}")
        f.append(f"lemma_prep={lemma}_{prep}")
        if _actor(st, obj):
            f.append(f"actor_prep={prep}")
    if tok.pos_ == "NOUN" and tok.dep_ in syntax.OBJ and any(
            _actor(st, s) for s in syntax.subjects(tok.head)):
        f.append("head_actor_subj")  # "Russia launched an attack", "held talks"
        f.append(f"head_actor_subj_{tok.head.lemma_.lower()}")
    if syntax.is_passive(tok):
        f.append("passive")
    if st.quoted and st.quoted[tok.i]:
        f.append("quoted")
    if tok.i == tok.sent.root.i:
        f.append("root")
    sent = tok.sent
    n = memo.get(sent.start) if memo is not None else None
    if n is None:
        n = len({k for t in sent if (k := st.token_entity.get(t.i)) is not None
                 and st.entities.get(k) is not None and st.entities[k].type in ACTOR_TYPES})
        if memo is not None:
            memo[sent.start] = n
    f.append(f"sent_actors={min(n, 3)}")
    return f


def _label(tok: Token) -> str:
    dep = tok.dep_.split(":")[0] if tok.dep_ not in syntax.PASS_SUBJ else "nsubjpass"
    if dep in {"obl", "nmod", "prep", "pobj"}:
        case = next((c.lower_ for c in tok.children if c.dep_ in {"case", "mark"} and c.i < tok.i), None)
        if case:
            return f"{dep}_{case}"
    return dep


def dependency_path(a: Token, b: Token, limit: int = 6) -> str:
    """The labels from ``a`` up to the lowest common head and down to ``b`` ("<nsubj", "^xcomp<obj")."""
    up = [a, *a.ancestors]
    up_index = {t.i: n for n, t in enumerate(up)}
    down: list[Token] = []
    node = b
    while node.i not in up_index:
        down.append(node)
        if node.head.i == node.i:
            return "far"
        node = node.head
    ups = up[: up_index[node.i]]
    if len(ups) + len(down) > limit:
        return "far"
    return "".join(f"^{_label(t)}" for t in ups) + "".join(f"<{_label(t)}" for t in reversed(down))


def pronoun_antecedent(st: DocState, tok: Token, window: int = 3) -> str | None:
    """He, she, his, her: a person named before, in this sentence or one of the ``window``
    before it: in the nearest sentence that names one, its subject if a person, else the
    person named last."""
    if tok.lower_ not in PRONOUNS_3SG:
        return None
    for sent in preceding_sentences(tok, window):
        people = [t for t in tok.doc[sent.start : min(sent.end, tok.i)] if (key := st.token_entity.get(t.i))
                  and st.entities.get(key) is not None and st.entities[key].type == "PERSON"]
        if people:
            subject = next((t for t in people if t.dep_ in syntax.SUBJ), None)
            return st.token_entity[(subject or people[-1]).i]
    return None


def argument_candidates(st: DocState, trigger: Token) -> dict[str, tuple[Token, str]]:
    """The actors of the trigger's sentence: entity key → (the word nearest the trigger in the
    parse, the :func:`dependency_path` to it)."""
    found: dict[str, tuple[int, Token, str]] = {}
    for tok in trigger.sent:
        if tok.i == trigger.i:
            continue
        key = st.token_entity.get(tok.i)
        if key is None and tok.pos_ in {"NOUN", "PROPN", "PRON", "ADJ", "DET"}:
            key = _actor(st, tok) or pronoun_antecedent(st, tok) or it_antecedent(st, tok)
        if key is None or st.entities.get(key) is None or st.entities[key].type not in ACTOR_TYPES:
            continue
        path = dependency_path(trigger, tok)
        rank = 99 if path == "far" else path.count("^") + path.count("<")
        if key not in found or rank < found[key][0]:
            found[key] = (rank, tok, path)
    for key, tok, path in _context_actors(st, trigger):
        if key not in found:
            found[key] = (100, tok, path)
    return {k: (t, path) for k, (_, t, path) in found.items()}




def _context_actors(st: DocState, trigger: Token) -> Iterator[tuple[str, Token, str]]:
    """Actors in view outside the trigger's sentence: the speaker of the words the trigger
    is in ("path" ``speaker``), the subject of the sentence before (``prev_subject``), and
    ``it`` and ``its`` are read in the sentence (:func:`it_antecedent`)."""
    speaker = st.reported.get(trigger.i)
    if speaker is not None and st.entities.get(speaker) is not None:
        yield speaker, trigger, "speaker"
    sent = trigger.sent
    subject = syntax.main_subject(trigger.doc[sent.start - 1].sent) if sent.start > 0 else None
    if subject is not None:
        key = _actor(st, subject) or pronoun_antecedent(st, subject)
        if key is not None and st.entities.get(key) is not None:
            yield key, subject, "prev_subject"


def it_antecedent(st: DocState, tok: Token, window: int = 2) -> str | None:
    """"it", "its": the organization or country that is the subject of the nearest clause
    before, in this sentence or one of the ``window`` before it."""
    if tok.lower_ not in {"it", "its"}:
        return None
    for sent in preceding_sentences(tok, window):
        for t in reversed(tok.doc[sent.start : min(sent.end, tok.i)]):
            if t.dep_ in syntax.SUBJ:
                key = _actor(st, t)
                draft = st.entities.get(key) if key else None
                if draft is not None and draft.type in {"ORGANIZATION", "COUNTRY"}:
                    return key
    return None


def argument_features(st: DocState, trigger: Token, root: str, tok: Token, key: str, path: str) -> list[str]:
    """The features of one actor of the sentence (``path`` from ``trigger`` to ``tok``) as an
    argument of ``trigger`` (of CAMEO ``root``)."""
    etype = st.entities[key].type
    side = "before" if tok.i < trigger.i else "after"
    short = path if path == "far" else path[:40]
    lemma = trigger.lemma_.lower()
    f = [f"path={short}", f"root_path={root}_{short}", f"type={etype}", f"side={side}",
         f"root_type={root}_{etype}", f"root_side={root}_{side}", f"lemma_path={lemma}_{short}",
         f"pos_path={trigger.pos_}_{short}", f"tokdep={_label(tok)}", f"root_tokdep={root}_{_label(tok)}"]
    first = path.split("<")[0] if "<" in path else path
    f.append(f"up={first}")
    gap = abs(tok.i - trigger.i)
    f.append(f"dist={min(gap, 12) // 3}")
    if tok.lower_ in {"he", "she", "his", "her", "him", "they", "them", "their", "we", "i", "our", "us"}:
        f.append("pronoun")
    elif tok.pos_ == "NOUN" and tok.i not in st.token_entity:
        f.append("description")
    if path in {"speaker", "prev_subject"}:
        f.append(f"root_ctx={root}_{path}")
    if syntax.is_passive(trigger):
        f.append(f"passive_path={short}")
    if st.quoted and st.quoted[tok.i] != st.quoted[trigger.i]:
        f.append("quote_boundary")
    if trigger.i in st.reported and st.reported[trigger.i] == key:
        f.append("speaker")
    return f


# ------------------------------------------------------------------ decoding
def propose(doc: Doc, model: EventModel, lex: Lexicon | None = None) -> Iterator[Event]:
    """The events the model reads in ``doc`` (after ``kg_roles``), one per trigger word;
    an event's confidence is P(act) x P(source)."""
    st = require(doc, "kg_event_reader", "kg_roles")
    st.actors.clear()
    lex = lex or load_lexicon()
    memo: dict[int, int] = {}
    with syntax.parse_cache(doc):
        learnt, listed = model.act_lemmas, lex.heads
        for tok in trigger_candidates(doc):
            lemma = tok.lemma_.lower()
            if lemma not in learnt and lemma not in listed and tok.lower_ not in MODAL_TRIGGERS:
                continue  # a word neither the annotated news nor the codebook gives as an act
            probs = model.triggers.probabilities(trigger_features(st, lex, tok, memo))
            p = 1.0 - probs.get(NONE, 0.0)  # that the word is an act at all
            if p < model.trigger_threshold:
                continue
            root = max((c for c in probs if c != NONE), key=probs.__getitem__)
            if root in RULES_ONLY:
                continue
            cands = argument_candidates(st, tok)
            scored = {k: model.arguments.probabilities(argument_features(st, tok, root, t, k, path))
                      for k, (t, path) in cands.items()}
            src = [k for k, pr in sorted(scored.items(), key=lambda kv: -kv[1][SOURCE])
                   if pr[SOURCE] >= model.source_threshold][:1]
            if not src or p * scored[src[0]][SOURCE] < model.event_threshold:
                continue
            tgt = [k for k, pr in sorted(scored.items(), key=lambda kv: -kv[1][TARGET])
                   if pr[TARGET] >= model.target_threshold and k not in src][:2]
            if not tgt and root not in INTRANSITIVE:
                continue  # an act that needs an addressee and has none in view: not read as one
            yield Event(
                id="m", type=CAMEO_ROOTS[root], cameo=root, trigger=tok.text,
                evidence=evidence(doc, tok.idx, tok.idx + len(tok.text)), source=tuple(src),
                target=tuple(tgt), modality=modality(tok), speaker=st.reported.get(tok.i),
                confidence=round(p * scored[src[0]][SOURCE], 3),
            )


class EventReader:
    """Adds the events the learned model reads to those of ``kg_events`` (``kg_event_reader``)."""

    def __init__(self, model: EventModel | None = None, lexicon: Lexicon | None = None) -> None:
        self.model = model or load_model()
        self.lex = lexicon or load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        st = require(doc, "kg_event_reader", "kg_events")
        for ev in merge(st.events, list(propose(doc, self.model, self.lex))):
            st.events.append(ev)
        st.done.add("kg_event_reader")
        return doc


def merge(rule_events: list[Event], learned: list[Event]) -> Iterator[Event]:
    """The learned events whose trigger word holds no event of the rules and whose dyad is new."""
    used = {ev.evidence.start for ev in rule_events}
    dyads = {(ev.type, ev.source, ev.target) for ev in rule_events}
    n = len(rule_events)
    for ev in learned:
        if ev.evidence.start in used or (ev.type, ev.source, ev.target) in dyads:
            continue
        n += 1
        used.add(ev.evidence.start)
        dyads.add((ev.type, ev.source, ev.target))
        yield replace(ev, id=f"v{n}")


@Language.factory("kg_event_reader", assigns=["doc._.kg"], requires=["doc._.kg"],
                  default_config={"model_path": None})
def make_event_reader(nlp: Language, name: str, model_path: str | None) -> EventReader:
    """Factory of ``kg_event_reader``: ``nlp.add_pipe("kg_event_reader")`` (after ``kg_events``)."""
    return EventReader(load_model(model_path))
