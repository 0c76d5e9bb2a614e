"""The event table: one row per event of the graph, as GDELT and PETRARCH users expect.

``generate_event_rows(G)`` yields a dict per event node of a kg graph (an event
stated by several articles is one row, with their number of mentions);
``write_events_csv(G, path)`` writes them as CSV (UTF-8, a header row, ``;``
between the items of a list), ``write_events_parquet(G, path)`` as Parquet when
pyarrow is installed. ``kg build`` writes ``OUTDIR/events.csv``.

Columns (:data:`COLUMNS` holds these descriptions):

========================  ====================================================
``event_id``              the event node's id in the graph and the RDF
``date``                  the event's own date if the text gives one, else the
                          date of the first article that reports it (ISO 8601)
``event_type``            the CAMEO root's name (``DEMAND``)
``cameo_code``            the CAMEO code (``100``), ``cameo_root`` its root (``10``)
``quad_class``            GDELT's quad class: 1 verbal cooperation (roots
                          01-05), 2 material cooperation (06-08), 3 verbal
                          conflict (09-13), 4 material conflict (14-20)
``goldstein``             the Goldstein scale value of the CAMEO root (-10 … 10)
``source_names``          who acts; ``source_keys`` their entity keys;
``source_countries``      their ISO 3166 alpha-3 codes (a country's own, or the
                          country a person or body is affiliated with)
``target_*``              the same for whom the act is aimed at (may be empty)
``modality``              asserted, negated, hypothetical, future, reported, demanded
``content``               what is demanded (for demands), or the statement
``mentions``              how many sentences report it
``articles``, ``urls``    the articles that report it and their URLs
``sentence``              the first sentence that reports it
``confidence``            the extractor's confidence (0-1)
========================  ====================================================

>>> from kg.api import example
>>> rows = list(generate_event_rows(example().to_networkx()))
>>> demand = next(r for r in rows if r["event_type"] == "DEMAND")
>>> demand["source_countries"], demand["quad_class"], demand["goldstein"]
('RUS', 3, -5.0)
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

import networkx as nx

from kg.graph import countries_of
from kg.graphio import atomic_writer

#: the event table's columns and what each holds
COLUMNS: dict[str, str] = {
    "event_id": "the event node's id (graph and RDF)",
    "date": "the event's own date, else the first reporting article's (ISO 8601)",
    "event_type": "the CAMEO root's name",
    "cameo_code": "the CAMEO code",
    "cameo_root": "the CAMEO root (two digits)",
    "quad_class": "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict",
    "goldstein": "the Goldstein scale value of the CAMEO root (-10 to 10)",
    "source_names": "who acts (names, ';' between them)",
    "source_keys": "their entity keys",
    "source_countries": "their ISO 3166 alpha-3 country codes",
    "target_names": "whom the act is aimed at",
    "target_keys": "their entity keys",
    "target_countries": "their ISO 3166 alpha-3 country codes",
    "modality": "asserted, negated, hypothetical, future, reported or demanded",
    "content": "what is demanded, or what is stated",
    "mentions": "how many sentences report the event",
    "articles": "the doc_ids of the articles that report it",
    "urls": "their URLs",
    "sentence": "the first sentence that reports it",
    "confidence": "the extractor's confidence (0 to 1)",
}

#: the Goldstein (1992) conflict-cooperation scale value of each CAMEO root, as the
#: CAMEO codebook's mapping gives it for the root code (x0)
GOLDSTEIN: dict[str, float] = {
    "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0, "09": -2.0,
    "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2, "16": -4.0, "17": -7.0,
    "18": -9.0, "19": -10.0, "20": -10.0,
}


def quad_class(root: str) -> int | None:
    """GDELT's quad class of a CAMEO root ("10" → 3, verbal conflict)."""
    if not root.isdigit() or not 1 <= int(root) <= 20:
        return None
    n = int(root)
    return 1 if n <= 5 else 2 if n <= 8 else 3 if n <= 13 else 4


@lru_cache(maxsize=1)
def _iso3_by_wikidata() -> dict[str, str]:
    data = json.loads(resources.files("kg").joinpath("data/countries.json").read_text("utf-8"))
    return {c["wikidata"]: c["iso3"] for c in data["countries"] if c.get("wikidata") and c.get("iso3")}


def _country_of(G: nx.MultiDiGraph, node: str) -> str | None:
    """The ISO alpha-3 code of a country node, or of the country an actor is affiliated with."""
    iso = _iso3_by_wikidata()
    return next((iso[w] for c in countries_of(G, node) if (w := G.nodes[c].get("wikidata")) in iso), None)


def _names(G: nx.MultiDiGraph, nodes: list[str]) -> tuple[str, str, str]:
    names = [str(G.nodes[n].get("name") or G.nodes[n].get("label") or n) for n in nodes]
    keys = [str(G.nodes[n].get("key") or n) for n in nodes]
    countries = list(dict.fromkeys(c for n in nodes if (c := _country_of(G, n))))
    return "; ".join(names), "; ".join(keys), "; ".join(countries)


def generate_event_rows(G: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """One row (:data:`COLUMNS`) per event node of ``G``, in node order."""
    for node, d in G.nodes(data=True):
        if d.get("kind") != "event":
            continue
        root = str(d.get("cameo") or "")[:2]
        articles = [str(a) for a in d.get("articles") or []]
        art_nodes = [G.nodes.get(f"article:{a}", {}) for a in articles]
        dates = sorted(str(a["date"]) for a in art_nodes if a.get("date"))
        evidence = d.get("evidence") or []
        src = _names(G, list(d.get("sources") or []))
        tgt = _names(G, list(d.get("targets") or []))
        yield {
            "event_id": node, "date": d.get("time") or (dates[0] if dates else ""),
            "event_type": d.get("type"), "cameo_code": d.get("cameo"), "cameo_root": root,
            "quad_class": quad_class(root), "goldstein": GOLDSTEIN.get(root),
            "source_names": src[0], "source_keys": src[1], "source_countries": src[2],
            "target_names": tgt[0], "target_keys": tgt[1], "target_countries": tgt[2],
            "modality": d.get("modality"), "content": d.get("content") or "", "mentions": len(evidence),
            "articles": "; ".join(articles),
            "urls": "; ".join(str(a["url"]) for a in art_nodes if a.get("url")),
            "sentence": " ".join(str(evidence[0].get("sentence", "")).split()) if evidence else "",
            "confidence": round(float(d.get("confidence") or 0.0), 3),
        }


def write_events_csv(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """The event table as CSV (atomically)."""
    with atomic_writer(path) as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        for row in generate_event_rows(G):
            writer.writerow({k: "" if v is None else v for k, v in row.items()})


def write_events_parquet(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """The event table as Parquet (needs pyarrow: ``pip install pyarrow``)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("writing Parquet needs pyarrow: pip install pyarrow") from e
    rows = list(generate_event_rows(G))
    table = pa.Table.from_pylist(rows, schema=pa.schema(
        [(c, pa.int64() if c in {"quad_class", "mentions"} else pa.float64() if c in {"goldstein", "confidence"}
          else pa.string()) for c in COLUMNS]))
    with atomic_writer(path, "wb") as fh:
        pq.write_table(table, fh)
