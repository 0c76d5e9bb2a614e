"""Merge the facts of many articles into one networkx ``MultiDiGraph``.

Schema (``kg.html``, ``kg.rdf`` and ``kg.graphio`` rely on exactly this)
------------------------------------------------------------------------

Every node and every edge has a ``kind``.

**Entity nodes** — id ``"entity:<key>"`` (``Entity.key``: ``"entity:Q159"``,
``"entity:person/vladimir-putin"``):

- ``kind="entity"``, ``key``, ``type`` (PERSON, ORGANIZATION, COUNTRY,
  LOCATION or another type name), ``label`` (= ``name``, or the key for an
  entity only referred to and never described), ``name`` (the longest name
  seen; ties → the alphabetically first), ``aliases`` (sorted, every other name
  seen), ``wikidata`` (``"Q159"`` or ``None``), ``positions`` (sorted titles
  from HOLDS_POSITION), ``position_evidence`` (title → evidence list),
  ``affiliation_names`` (sorted literal objects of AFFILIATED_WITH, rare),
  ``articles`` (sorted doc_ids), ``evidence`` (sorted list of
  :meth:`kg.records.Evidence.to_json` dicts: ``doc_id, start, end, sentence,
  sent_start, sent_end``), ``confidence`` (max over articles).

**Event nodes** — id ``"event:<digest>"`` (:func:`event_digest`: a hash of
type, CAMEO code, sorted source keys, sorted target keys, normalised content
and time; the same event stated by two articles is one node):

- ``kind="event"``, ``type`` ("DEMAND"), ``cameo`` ("10"), ``label`` (= type),
  ``content`` (or ``None``), ``modality`` (the most assertive one seen, in the
  order of :data:`kg.records.MODALITIES`), ``time`` (ISO date, year-month,
  year or ``None``), ``location`` and ``speaker`` (entity node ids or
  ``None``), ``trigger`` (of the first evidence), ``sources`` / ``targets``
  (sorted entity node ids), ``articles``, ``evidence``, ``confidence``.

**Article nodes** — id ``"article:<doc_id>"``: ``kind="article"``, ``label``
(title, else doc_id), ``title``, ``date``, ``url``, ``doc_id``.

**Edges** (``G[u][v][key]``):

=====================  ====================  ===============  =========================
u → v                  key                   ``kind``         other attributes
=====================  ====================  ===============  =========================
event → entity         ``"source"``,         ``role``         ``role`` (= key), ``label``
                       ``"target"``,
                       ``"location"``
event → article        ``"mentioned_in"``    ``provenance``   ``label``
entity → entity        the predicate         ``relation``     ``predicate``, ``label``,
                       (``"AFFILIATED_WITH"``)                 ``evidence``, ``articles``,
                                                               ``confidence``
source → target actor  ``"<TYPE>:<digest>"``  ``interaction``  ``label`` (= type),
                       e.g. ``"DEMAND:1f…"``                   ``type``, ``event`` (node
                                                               id), ``content``,
                                                               ``modality``, ``time``,
                                                               ``evidence``, ``confidence``
=====================  ====================  ===============  =========================

Interaction keys carry the event digest because one pair of actors may have
several events of one type (two different demands); ``label``/``type`` hold the
bare type, so ``Russia —DEMAND→ NATO`` reads off ``G.edges[u, v, k]["label"]``.
No interaction edge is made from an actor to itself.

Everything is deterministic: ids are hashes or keys (no counters), lists are
sorted, and merging is order-independent, so any order of the same facts
gives an equal graph (only networkx's insertion order differs; writers sort).

>>> from kg.records import Article, ArticleFacts, Entity, Event, Evidence
>>> ev = Evidence("d1", 0, 6, "Russia demanded it.", 0, 19)
>>> facts = ArticleFacts(
...     Article("d1", "Russia demanded it."),
...     entities=(Entity("Q159", "Russia", "COUNTRY", mentions=(ev,)),
...               Entity("Q7184", "NATO", "ORGANIZATION")),
...     events=(Event("v1", "DEMAND", "10", "demanded", ev, ("Q159",), ("Q7184",)),))
>>> G = build_graph([facts])
>>> [(G.nodes[u]["label"], d["label"], G.nodes[v]["label"])
...  for u, v, d in G.edges(data=True) if d["kind"] == "interaction"]
[('Russia', 'DEMAND', 'NATO')]
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from kg.records import (
    AFFILIATED_WITH,
    ENTITY_TYPES,
    HOLDS_POSITION,
    MODALITIES,
    Article,
    ArticleFacts,
    Entity,
    Event,
    Evidence,
    Relation,
)

__all__ = [
    "add_facts",
    "article_node_id",
    "build_graph",
    "canonical_copy",
    "entity_node_id",
    "event_digest",
    "event_node_id",
    "normalise_content",
]

# Which type wins when articles disagree on an entity's type (order-independent).
_TYPE_PRIORITY = {t: i for i, t in enumerate(("COUNTRY", "ORGANIZATION", "PERSON", "LOCATION"))}
_MODALITY_RANK = {m: i for i, m in enumerate(MODALITIES)}


def entity_node_id(key: str) -> str:
    """``"entity:" + key``."""
    return f"entity:{key}"


def article_node_id(doc_id: str) -> str:
    """``"article:" + doc_id``."""
    return f"article:{doc_id}"


def normalise_content(content: str | None) -> str:
    """Case-, space- and edge-punctuation-insensitive form of an event's content.

    >>> normalise_content("  Limit troops\\nin  Eastern Europe. ")
    'limit troops in eastern europe'
    >>> normalise_content(None)
    ''
    """
    if not content:
        return ""
    text = unicodedata.normalize("NFKC", content).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" .,;:!?\"'“”‘’()[]")


def event_digest(event: Event) -> str:
    """A stable 16-hex-digit id of what an event says, independent of article.

    >>> ev = Evidence("d", 0, 1, "x", 0, 1)
    >>> a = Event("v1", "DEMAND", "10", "demanded", ev, ("Q159", "p/x"), ("Q7184",), "Limit.")
    >>> b = Event("v9", "DEMAND", "10", "insisted", ev, ("p/x", "Q159"), ("Q7184",), "limit")
    >>> event_digest(a) == event_digest(b)
    True
    """
    payload = json.dumps(
        [
            event.type,
            event.cameo,
            sorted(set(event.source)),
            sorted(set(event.target)),
            normalise_content(event.content),
            event.time or "",
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def event_node_id(event: Event) -> str:
    """``"event:" + event_digest(event)``."""
    return f"event:{event_digest(event)}"


def _ev_sort_key(ev: dict[str, Any]) -> tuple[Any, ...]:
    return (ev["doc_id"], ev["start"], ev["end"], ev["sent_start"], ev["sent_end"], ev["sentence"])


def _span(ev: dict[str, Any]) -> tuple[str, int, int]:
    return ev["doc_id"], ev["start"], ev["end"]


def _merge_evidence(old: list[dict[str, Any]], new: Iterable[Evidence]) -> list[dict[str, Any]]:
    """Sorted evidence, one per (doc_id, start, end): the span identifies it (the first
    in sort order is kept). ``new`` is inserted into ``old`` in place, by binary search:
    an entity named in thousands of articles is not re-sorted for each of them."""
    for ev in new:
        d = ev.to_json()
        i = bisect_left(old, _span(d), key=_span)
        if i < len(old) and _span(old[i]) == _span(d):
            if _ev_sort_key(d) >= _ev_sort_key(old[i]):
                continue
            del old[i]
        insort(old, d, key=_ev_sort_key)
    return old


def _add_sorted(values: list[str], *new: str | None) -> list[str]:
    """``values`` (sorted, distinct) with ``new`` inserted in place."""
    for value in new:
        if value:
            i = bisect_left(values, value)
            if i == len(values) or values[i] != value:
                values.insert(i, value)
    return values


def _better_name(a: str, b: str) -> str:
    """The longer name; ties → the alphabetically first (order-independent)."""
    return min(a, b, key=lambda n: (-len(n), n))


def _better_type(a: str, b: str) -> str:
    if not a or not b:
        return a or b

    def rank(t: str) -> tuple[int, str]:
        return (_TYPE_PRIORITY.get(t, len(ENTITY_TYPES)), t)

    return min(a, b, key=rank)


def _ensure_entity(G: nx.MultiDiGraph, key: str) -> str:
    """The node of ``key``, created empty if the entity was never described."""
    node = entity_node_id(key)
    if node not in G:
        wikidata = key if re.fullmatch(r"Q[1-9][0-9]*", key) else None
        G.add_node(
            node,
            kind="entity",
            key=key,
            type="",
            label=key,
            name="",
            aliases=[],
            wikidata=wikidata,
            positions=[],
            position_evidence={},
            affiliation_names=[],
            articles=[],
            evidence=[],
            confidence=0.0,
        )
    return node


def _add_entity(G: nx.MultiDiGraph, entity: Entity, doc_id: str) -> None:
    node = _ensure_entity(G, entity.key)
    d = G.nodes[node]
    names = set(d["aliases"]) | set(entity.aliases) | {entity.name}
    if d["name"]:
        names.add(d["name"])
    name = _better_name(d["name"], entity.name) if d["name"] else entity.name
    d["name"] = name
    d["label"] = name or entity.key
    d["aliases"] = sorted(n for n in names if n and n != name)
    d["type"] = _better_type(d["type"], entity.type)
    if entity.wikidata:
        d["wikidata"] = min(filter(None, (d["wikidata"], entity.wikidata)))
    d["articles"] = _add_sorted(d["articles"], doc_id)
    d["evidence"] = _merge_evidence(d["evidence"], entity.mentions)
    d["confidence"] = max(d["confidence"], float(entity.confidence))


def _add_article(G: nx.MultiDiGraph, article: Article) -> str:
    node = article_node_id(article.doc_id)
    G.add_node(
        node,
        kind="article",
        label=article.title or article.doc_id,
        title=article.title,
        date=article.date,
        url=article.url,
        doc_id=article.doc_id,
    )
    return node


def _add_event(G: nx.MultiDiGraph, event: Event, doc_id: str, article_node: str) -> None:
    digest = event_digest(event)
    node = f"event:{digest}"
    sources = sorted({_ensure_entity(G, k) for k in event.source})
    targets = sorted({_ensure_entity(G, k) for k in event.target})
    location = _ensure_entity(G, event.location) if event.location else None
    speaker = _ensure_entity(G, event.speaker) if event.speaker else None
    ev_key = _ev_sort_key(event.evidence.to_json())
    if node not in G:
        G.add_node(
            node,
            kind="event",
            type=event.type,
            cameo=event.cameo,
            label=event.type,
            content=event.content,
            modality=event.modality,
            time=event.time,
            location=location,
            speaker=speaker,
            trigger=event.trigger,
            sources=sources,
            targets=targets,
            articles=[],
            evidence=[],
            confidence=0.0,
        )
    d = G.nodes[node]
    first = d["evidence"][0] if d["evidence"] else None
    if first is None or ev_key < _ev_sort_key(first):
        # The first evidence (in sort order) decides the wording kept.
        d["trigger"] = event.trigger
        d["content"] = event.content if event.content is not None else d["content"]
    if d["content"] is None:
        d["content"] = event.content
    d["location"] = min(filter(None, (d["location"], location)), default=None)
    d["speaker"] = min(filter(None, (d["speaker"], speaker)), default=None)
    d["modality"] = min(d["modality"], event.modality, key=lambda m: (_MODALITY_RANK.get(m, 99), m))
    d["articles"] = _add_sorted(d["articles"], doc_id)
    d["evidence"] = _merge_evidence(d["evidence"], [event.evidence])
    d["confidence"] = max(d["confidence"], float(event.confidence))

    for role, ents in (("source", sources), ("target", targets), ("location", [location])):
        for ent in ents:
            if ent:
                G.add_edge(node, ent, key=role, kind="role", role=role, label=role)
    G.add_edge(node, article_node, key="mentioned_in", kind="provenance", label="mentioned_in")
    for src in sources:
        for tgt in targets:
            if src != tgt:
                G.add_edge(
                    src,
                    tgt,
                    key=f"{event.type}:{digest}",
                    kind="interaction",
                    label=event.type,
                    type=event.type,
                    event=node,
                    content=d["content"],
                    modality=d["modality"],
                    time=d["time"],
                    evidence=list(d["evidence"]),
                    confidence=d["confidence"],
                )


def _add_relation(G: nx.MultiDiGraph, rel: Relation, doc_id: str) -> None:
    subj = _ensure_entity(G, rel.subject)
    d = G.nodes[subj]
    if rel.predicate == HOLDS_POSITION:
        title = rel.object
        d["positions"] = _add_sorted(d["positions"], title)
        old = d["position_evidence"].get(title, [])
        d["position_evidence"] = {
            **d["position_evidence"],
            title: _merge_evidence(old, [rel.evidence]),
        }
        return
    if not rel.object_is_entity:
        if rel.predicate == AFFILIATED_WITH:
            d["affiliation_names"] = _add_sorted(d["affiliation_names"], rel.object)
        return
    obj = _ensure_entity(G, rel.object)
    if G.has_edge(subj, obj, rel.predicate):
        e = G.edges[subj, obj, rel.predicate]
        e["evidence"] = _merge_evidence(e["evidence"], [rel.evidence])
        e["articles"] = _add_sorted(e["articles"], doc_id)
        e["confidence"] = max(e["confidence"], float(rel.confidence))
    else:
        G.add_edge(
            subj,
            obj,
            key=rel.predicate,
            kind="relation",
            predicate=rel.predicate,
            label=rel.predicate,
            evidence=_merge_evidence([], [rel.evidence]),
            articles=[doc_id],
            confidence=float(rel.confidence),
        )


def countries_of(G: nx.MultiDiGraph, node: str) -> Iterator[str]:
    """The country nodes an entity node stands for: itself if a country, then the countries
    it is AFFILIATED_WITH, in edge order."""
    if G.nodes[node].get("type") == "COUNTRY":
        yield node
    for _, obj, key in G.out_edges(node, keys=True):
        if key == AFFILIATED_WITH and G.nodes[obj].get("type") == "COUNTRY":
            yield obj


def add_facts(G: nx.MultiDiGraph, facts: Iterable[ArticleFacts]) -> nx.MultiDiGraph:
    """Merge the facts of more articles into ``G`` (in place); returns ``G``."""
    for af in facts:
        doc_id = af.article.doc_id
        article_node = _add_article(G, af.article)
        for entity in af.entities:
            _add_entity(G, entity, doc_id)
        for event in af.events:
            _add_event(G, event, doc_id, article_node)
        for rel in af.relations:
            _add_relation(G, rel, doc_id)
    return G


def build_graph(facts: Iterable[ArticleFacts]) -> nx.MultiDiGraph:
    """One graph of the facts of all articles (see the module docstring)."""
    return add_facts(nx.MultiDiGraph(), facts)


def canonical_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` whose nodes and edges were inserted in sorted order.

    Writers use it so that files do not depend on the order facts came in.
    """
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from(sorted(G.nodes(data=True), key=lambda nd: nd[0]))
    H.add_edges_from(sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])))
    return H
