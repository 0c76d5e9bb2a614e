"""Typed, immutable records passed forward through kg's data flow.

text → spaCy ``Doc`` → :class:`Mention` → :class:`Entity` → :class:`Event` /
:class:`Relation` → graph → exports.

Every fact carries :class:`Evidence`: the article, the sentence and the
character offsets into :attr:`Article.text` (the title, a blank line, then the
body, so that the title is extracted like any other sentence).

>>> a = Article(doc_id="d1", body="Russia demanded guarantees.", title="Talks")
>>> a.text
'Talks\\n\\nRussia demanded guarantees.'
>>> a.body_offset
7
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

#: The entity types scored by the annotation guide; others (DATE, ...) are kept too.
ENTITY_TYPES = ("PERSON", "ORGANIZATION", "COUNTRY", "LOCATION")

#: CAMEO root categories, code → name (ANNOTATION.md).
CAMEO_ROOTS: dict[str, str] = {
    "01": "STATEMENT",
    "02": "APPEAL",
    "03": "INTENT_TO_COOPERATE",
    "04": "CONSULT",
    "05": "DIPLOMATIC_COOPERATION",
    "06": "MATERIAL_COOPERATION",
    "07": "AID",
    "08": "YIELD",
    "09": "INVESTIGATE",
    "10": "DEMAND",
    "11": "DISAPPROVE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "FORCE_POSTURE",
    "16": "REDUCE_RELATIONS",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "FIGHT",
    "20": "MASS_VIOLENCE",
}
CAMEO_CODES: dict[str, str] = {name: code for code, name in CAMEO_ROOTS.items()}

Modality = Literal["asserted", "negated", "hypothetical", "future", "reported", "demanded"]
MODALITIES: tuple[str, ...] = ("asserted", "negated", "hypothetical", "future", "reported", "demanded")

#: Relation predicates.
HOLDS_POSITION = "HOLDS_POSITION"
AFFILIATED_WITH = "AFFILIATED_WITH"


@dataclass(frozen=True, slots=True)
class Article:
    """One input article. ``text`` is what the pipeline reads."""

    doc_id: str
    body: str
    title: str | None = None
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    url: str | None = None
    source: str | None = None  # file (and line) it was read from

    @property
    def text(self) -> str:
        if self.title:
            return f"{self.title}\n\n{self.body}"
        return self.body

    @property
    def body_offset(self) -> int:
        """Offset of the body's first character in :attr:`text`."""
        return len(self.title) + 2 if self.title else 0


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: article, sentence and character offsets."""

    doc_id: str
    start: int  # offsets of the fact's words in Article.text
    end: int
    sentence: str
    sent_start: int
    sent_end: int

    def to_json(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "start": self.start, "end": self.end, "sentence": self.sentence,
                "sent_start": self.sent_start, "sent_end": self.sent_end}  # (asdict: 5x slower)


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text naming an entity, before canonicalisation."""

    text: str
    label: str  # PERSON, ORGANIZATION, COUNTRY, LOCATION, DATE, ...
    evidence: Evidence
    kind: str = "name"  # name | demonym | pronoun | description | capital


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical referent of one article, with all the ways it is named.

    ``key`` is stable across runs and corpora: the Wikidata id for gazetteer
    entities, else a slug of type and canonical name (see :func:`entity_key`).
    """

    key: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    mentions: tuple[Evidence, ...] = ()
    confidence: float = 1.0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.key,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "confidence": round(self.confidence, 3),
            "mentions": [m.to_json() for m in self.mentions],
        }
        if self.wikidata:
            out["wikidata"] = self.wikidata
        return out


@dataclass(frozen=True, slots=True)
class Event:
    """An act typed by CAMEO, between entities (given by their keys)."""

    id: str
    type: str  # CAMEO root name, e.g. "DEMAND"
    cameo: str  # CAMEO code: "10", "046", "1056", ...
    trigger: str
    evidence: Evidence
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    content: str | None = None
    modality: str = "asserted"
    speaker: str | None = None  # entity key of who reported it, for reported speech
    time: str | None = None  # ISO date, year-month or year
    location: str | None = None  # entity key
    confidence: float = 1.0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "cameo": self.cameo,
            "source": list(self.source),
            "target": list(self.target),
            "trigger": self.trigger,
            "modality": self.modality,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence.to_json(),
        }
        for name in ("content", "speaker", "time", "location"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


@dataclass(frozen=True, slots=True)
class Relation:
    """subject —predicate→ object; ``object`` is an entity key or a literal title."""

    subject: str
    predicate: str
    object: str
    evidence: Evidence
    object_is_entity: bool = True
    confidence: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "object_is_entity": self.object_is_entity,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence.to_json(),
        }


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """Everything extracted from one article: the unit written to facts JSON."""

    article: Article
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    relations: tuple[Relation, ...] = ()
    model: str | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The facts object of ``../shared/eval/FORMAT.md``."""
        a = self.article
        return {
            "doc_id": a.doc_id,
            "title": a.title,
            "date": a.date,
            "url": a.url,
            "text": a.text,
            "entities": [e.to_json() for e in self.entities],
            "events": [e.to_json() for e in self.events],
            "relations": [r.to_json() for r in self.relations],
        }


def slugify(text: str) -> str:
    """A lowercase ASCII slug, stable for any input (non-empty).

    >>> slugify("Mikheil Saakashvili")
    'mikheil-saakashvili'
    >>> slugify("Ban Ki-moon")
    'ban-ki-moon'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug or slug != re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-"):
        # Non-ASCII names keep their identity through a short digest.
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else digest
    return slug


def entity_key(type_: str, name: str, wikidata: str | None = None) -> str:
    """The stable key of an entity: its Wikidata id, else ``type/slug``.

    >>> entity_key("COUNTRY", "Russia", "Q159")
    'Q159'
    >>> entity_key("PERSON", "Vladimir Putin")
    'person/vladimir-putin'
    """
    if wikidata:
        return wikidata
    return f"{type_.lower()}/{slugify(name)}"
