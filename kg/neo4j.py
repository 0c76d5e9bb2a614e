"""A CSV bundle for ``neo4j-admin database import``: kg's graph as Neo4j nodes and
relationships.

``write_neo4j_csv(G, folder)`` writes ``entities.csv``, ``events.csv``,
``articles.csv`` (nodes, labelled ``Entity`` plus the entity's type, ``Event``
plus the CAMEO root's name, ``Article``) and ``relationships.csv`` (``SOURCE``
and ``TARGET`` from an event to its actors, ``MENTIONED_IN`` from an event to
its articles, ``AFFILIATED_WITH`` and the direct ``DEMAND``, ``FIGHT`` ...
actor-to-actor shortcuts of asserted and reported events), with the header
syntax ``neo4j-admin`` reads (``key:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``,
``:TYPE``; lists joined by ``;``). Import them with::

    neo4j-admin database import full --nodes=entities.csv --nodes=events.csv \\
        --nodes=articles.csv --relationships=relationships.csv --array-delimiter=";" neo4j

>>> import tempfile
>>> from kg.api import example
>>> folder = Path(tempfile.mkdtemp())
>>> sorted(write_neo4j_csv(example().to_networkx(), folder))
['articles', 'entities', 'events', 'relationships']
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from kg.graphio import atomic_writer
from kg.records import AFFILIATED_WITH

#: event modalities whose actor-to-actor shortcut is drawn (the act happened as told)
SHORTCUT_MODALITIES = {"asserted", "reported"}


def _label(text: str) -> str:
    """A Neo4j label of a kg type name ("COUNTRY" → "Country", "INTENT_TO_COOPERATE" → "IntentToCooperate")."""
    return "".join(w.capitalize() for w in str(text).replace("-", "_").split("_")) or "Thing"


def _write(path: Path, header: list[str], rows: Iterable[list[Any]]) -> None:
    with atomic_writer(path) as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow(["" if v is None else v for v in row])


def _nodes(G: nx.MultiDiGraph, kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    return ((n, d) for n, d in G.nodes(data=True) if d.get("kind") == kind)


def write_neo4j_csv(G: nx.MultiDiGraph, folder: str | os.PathLike[str]) -> dict[str, Path]:
    """Write the bundle into ``folder``; returns name → path."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / f"{name}.csv" for name in ("entities", "events", "articles", "relationships")}
    _write(paths["entities"], ["key:ID", "name", "type", "aliases:string[]", "wikidata", "positions:string[]",
                               "confidence:float", ":LABEL"],
           ([n, d.get("name") or d.get("label"), d.get("type"), ";".join(d.get("aliases") or []), d.get("wikidata"),
             ";".join(d.get("positions") or []), d.get("confidence"), f"Entity;{_label(d.get('type') or 'Thing')}"]
            for n, d in _nodes(G, "entity")))
    _write(paths["events"], ["key:ID", "type", "cameo", "content", "modality", "time", "trigger",
                             "confidence:float", "sentence", ":LABEL"],
           ([n, d.get("type"), d.get("cameo"), d.get("content"), d.get("modality"), d.get("time"), d.get("trigger"),
             d.get("confidence"), (d.get("evidence") or [{}])[0].get("sentence"),
             f"Event;{_label(d.get('type') or '')}"]
            for n, d in _nodes(G, "event")))
    _write(paths["articles"], ["key:ID", "doc_id", "title", "date", "url", ":LABEL"],
           ([n, d.get("doc_id"), d.get("title"), d.get("date"), d.get("url"), "Article"]
            for n, d in _nodes(G, "article")))
    _write(paths["relationships"], [":START_ID", ":END_ID", ":TYPE", "event", "modality"], _relationships(G))
    return paths


def _relationships(G: nx.MultiDiGraph) -> Iterator[list[Any]]:
    for n, d in _nodes(G, "event"):
        for src in d.get("sources") or []:
            yield [n, src, "SOURCE", None, None]
        for tgt in d.get("targets") or []:
            yield [n, tgt, "TARGET", None, None]
        for doc in d.get("articles") or []:
            yield [n, f"article:{doc}", "MENTIONED_IN", None, None]
        if d.get("modality") in SHORTCUT_MODALITIES:
            for src in d.get("sources") or []:
                for tgt in d.get("targets") or []:
                    yield [src, tgt, str(d.get("type")), n, d.get("modality")]
    for u, v, k, e in G.edges(keys=True, data=True):
        if e.get("kind") == "relation" and k == AFFILIATED_WITH:
            yield [u, v, AFFILIATED_WITH, None, None]
