"""Reading facts back from ``facts.jsonl``, and adding new articles to old ones.

:func:`facts_from_json` is the inverse of :meth:`kg.records.ArticleFacts.to_json`
(the fields the JSON does not carry, ``Article.source`` and
``ArticleFacts.model``, come back as ``None``; confidences are rounded to three
decimals as written):

>>> from kg.records import Article, ArticleFacts, Entity
>>> f = ArticleFacts(Article("d1", "Russia demanded it.", title="Talks", date="2022-01-09"),
...                  entities=(Entity("Q159", "Russia", "COUNTRY", ("Moscow",), wikidata="Q159"),))
>>> facts_from_json(f.to_json()) == f
True

:func:`append_facts` keeps the old articles and adds each new one unless an
article with the same ``doc_id`` or the same text is already there:

>>> g = ArticleFacts(Article("d2", "Russia demanded it.", title="Talks"))
>>> merged, skipped = append_facts([f], [g, ArticleFacts(Article("d3", "NATO met."))])
>>> [x.article.doc_id for x in merged], skipped
(['d1', 'd3'], [('d2', 'same text as d1')])
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.records import Article, ArticleFacts, Entity, Event, Evidence, Relation

__all__ = ["Known", "append_facts", "facts_from_json", "iter_facts_jsonl", "read_facts_jsonl"]


def _evidence(d: dict[str, Any]) -> Evidence:
    return Evidence(d["doc_id"], d["start"], d["end"], d["sentence"], d["sent_start"], d["sent_end"])


def _article(d: dict[str, Any]) -> Article:
    title, text = d.get("title"), d["text"]
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    body = text[len(title) + 2 :] if title and text.startswith(f"{title}\n\n") else text
    return Article(d["doc_id"], body, title=title, date=d.get("date"), url=d.get("url"))


def _entity(d: dict[str, Any]) -> Entity:
    return Entity(
        key=d["id"],
        name=d["name"],
        type=d["type"],
        aliases=tuple(d.get("aliases", ())),
        wikidata=d.get("wikidata"),
        mentions=tuple(_evidence(m) for m in d.get("mentions", ())),
        confidence=float(d.get("confidence", 1.0)),
    )


def _event(d: dict[str, Any]) -> Event:
    return Event(
        id=d["id"],
        type=d["type"],
        cameo=d["cameo"],
        trigger=d["trigger"],
        evidence=_evidence(d["evidence"]),
        source=tuple(d.get("source", ())),
        target=tuple(d.get("target", ())),
        content=d.get("content"),
        modality=d.get("modality", "asserted"),
        speaker=d.get("speaker"),
        time=d.get("time"),
        location=d.get("location"),
        confidence=float(d.get("confidence", 1.0)),
    )


def _relation(d: dict[str, Any]) -> Relation:
    return Relation(
        subject=d["subject"],
        predicate=d["predicate"],
        object=d["object"],
        evidence=_evidence(d["evidence"]),
        object_is_entity=bool(d.get("object_is_entity", True)),
        confidence=float(d.get("confidence", 1.0)),
    )


def facts_from_json(d: dict[str, Any]) -> ArticleFacts:
    """The :class:`ArticleFacts` of one facts JSON object (one line of ``facts.jsonl``)."""
    return ArticleFacts(
        _article(d),
        entities=tuple(_entity(e) for e in d.get("entities", ())),
        events=tuple(_event(e) for e in d.get("events", ())),
        relations=tuple(_relation(r) for r in d.get("relations", ())),
    )


def read_facts_jsonl(path: str | os.PathLike[str]) -> list[ArticleFacts]:
    """Every article of a ``facts.jsonl`` file, in file order (blank lines skipped)."""
    return list(iter_facts_jsonl(path))


def iter_facts_jsonl(path: str | os.PathLike[str]) -> Iterator[ArticleFacts]:
    """:func:`read_facts_jsonl`, one line in memory at a time."""
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                facts = facts_from_json(json.loads(line))
            except (ValueError, KeyError, TypeError) as e:
                raise ValueError(f"{path}:{n}: not a facts JSON object ({e})") from e
            yield facts


def _text_digest(article: Article) -> str:
    return hashlib.sha256(article.text.encode("utf-8", "replace")).hexdigest()


class Known:
    """The articles of a graph, by ``doc_id`` and by text, for telling which new ones to add.

    >>> known = Known.of([])
    >>> known.add(Article("d1", "NATO met.")), known.add(Article("d2", "NATO met."))
    (None, 'same text as d1')
    """

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.texts: dict[str, str] = {}

    @classmethod
    def of(cls, facts: Iterable[ArticleFacts]) -> Known:
        known = cls()
        for f in facts:
            known.add(f.article)
        return known

    def add(self, article: Article) -> str | None:
        """Why ``article`` is already there, or None (and it is now)."""
        doc_id, digest = article.doc_id, _text_digest(article)
        if doc_id in self.ids:
            return "already in the graph"
        if digest in self.texts:
            return f"same text as {self.texts[digest]}"
        self.ids.add(doc_id)
        self.texts[digest] = doc_id
        return None


def append_facts(
    old: Iterable[ArticleFacts], new: Iterable[ArticleFacts]
) -> tuple[list[ArticleFacts], list[tuple[str, str]]]:
    """Old articles, then each new one not already present (same doc_id or same text).

    Returns the merged list and the skipped ``(doc_id, reason)`` pairs.
    """
    merged = list(old)
    known = Known.of(merged)
    skipped: list[tuple[str, str]] = []
    for f in new:
        reason = known.add(f.article)
        if reason:
            skipped.append((f.article.doc_id, reason))
        else:
            merged.append(f)
    return merged, skipped
