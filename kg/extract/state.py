"""What kg's components keep on a ``Doc`` between them.

The components run in order (``kg_gazetteer`` → ``kg_entities`` →
``kg_roles`` → ``kg_events``); each reads what the previous ones left in
``doc._.kg`` (a :class:`DocState`) and adds its own results. The immutable
records of :mod:`kg.records` are made from it at the end
(:func:`kg.extract.facts_from_doc`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.errors import Errors, KGError
from kg.extract.names import NameIndex
from kg.records import AFFILIATED_WITH, Entity, Event, Evidence, Relation


@dataclass
class EntityDraft:
    """An entity being assembled from its mentions (mutable, inside one Doc)."""

    key: str
    name: str
    type: str
    wikidata: str | None = None
    country: str | None = None  # key of the state a government body belongs to
    aliases: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token spans
    confidence: float = 0.7
    named: bool = True  # named in the text (not only through a demonym)
    kind: str | None = None  # the gazetteer's kind: armed_group, media, party, ...

    def add(self, span: Span, surface: str | None = None) -> None:
        self.mentions.append((span.start, span.end))
        text = surface if surface is not None else span.text
        if text and text != self.name:
            self.aliases.add(text)


@dataclass
class DocState:
    """kg's working state on one Doc."""

    doc_id: str = "doc"
    date: str | None = None
    entities: dict[str, EntityDraft] = field(default_factory=dict)
    token_entity: dict[int, str] = field(default_factory=dict)  # token index → entity key
    demonyms: dict[int, str] = field(default_factory=dict)  # token index → country key
    positions: dict[str, list[str]] = field(default_factory=dict)  # person key → titles
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    done: set[str] = field(default_factory=set)
    quoted: list[bool] = field(default_factory=list)  # token index → inside a quotation
    reported: dict[int, str] = field(default_factory=dict)  # token index → speaker's entity key
    sentences: list[tuple[int, int]] = field(default_factory=list)  # character bounds of the sentences
    text: str = ""  # doc.text, which spaCy joins anew from the tokens at each call
    names: NameIndex = field(default_factory=NameIndex)  # the entities by their names' words
    #: token index → its actor (kg.extract.learned, once the rules are done: emptied when it starts)
    actors: dict[int, str | None] = field(default_factory=dict)

    def text_of(self, doc: Doc) -> str:
        """``doc.text``, joined once."""
        if not self.text:
            self.text = doc.text
        return self.text

    def entity_of(self, tok: Token) -> str | None:
        return self.token_entity.get(tok.i) or self.demonyms.get(tok.i)

    def affiliated_states(self, key: str) -> list[str]:
        """The states entity ``key`` is AFFILIATED_WITH, in the order the relations were found."""
        out: list[str] = []
        for rel in self.relations:
            if rel.subject == key and rel.predicate == AFFILIATED_WITH and rel.object_is_entity \
                    and rel.object not in out:
                draft = self.entities.get(rel.object)
                if draft is not None and draft.type == "COUNTRY":
                    out.append(rel.object)
        return out


def state(doc: Doc) -> DocState:
    """The kg state of ``doc``, created on first use."""
    if not Doc.has_extension("kg"):
        Doc.set_extension("kg", default=None)
    st = doc._.kg
    if st is None:
        st = DocState()
        doc._.kg = st
    return st


def require(doc: Doc, component: str, required: str) -> DocState:
    """The state, after checking that ``required`` ran before ``component``."""
    st = state(doc)
    if required not in st.done:
        raise KGError("E002", Errors.E002.format(component=component, required=required))
    return st


def evidence(doc: Doc, start_char: int, end_char: int) -> Evidence:
    """Evidence for characters ``start_char:end_char`` of ``doc``: the sentence around them."""
    st = state(doc)
    text = st.text_of(doc)
    if not st.sentences:  # (start_char, end_char) of each sentence, found once per Doc
        st.sentences = [(s.start_char, s.end_char) for s in doc.sents] or [(0, len(text))]
    n = max(0, bisect_right(st.sentences, (start_char, len(text) + 1)) - 1)
    sent_start, sent_end = st.sentences[n]
    return Evidence(
        doc_id=st.doc_id, start=start_char, end=end_char, sentence=text[sent_start:sent_end],
        sent_start=sent_start, sent_end=sent_end,
    )


def span_evidence(span: Span) -> Evidence:
    return evidence(span.doc, span.start_char, span.end_char)


def freeze_entity(doc: Doc, draft: EntityDraft) -> Entity:
    mentions = tuple(
        span_evidence(doc[s:e]) for s, e in sorted(set(draft.mentions))
    )
    return Entity(
        key=draft.key, name=draft.name, type=draft.type,
        aliases=tuple(sorted(a for a in draft.aliases if a != draft.name)),
        wikidata=draft.wikidata, mentions=mentions, confidence=draft.confidence,
    )
