"""Write every export of a corpus's facts into one folder.

>>> import tempfile, pathlib
>>> from kg.records import Article, ArticleFacts
>>> with tempfile.TemporaryDirectory() as d:
...     paths = write_exports([ArticleFacts(Article("d1", "Nothing happened."))], pathlib.Path(d))
...     sorted(p.name for p in paths.values())  # doctest: +ELLIPSIS
[...'facts.jsonl', 'graph.graphml', ..., 'graph.ttl', 'store']
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from kg.eventtable import write_events_csv
from kg.generation import commit, staged
from kg.graph import add_facts
from kg.graphio import atomic_writer, write_graphml, write_node_link_json
from kg.rdf import check_base_iri, write_jsonld, write_ntriples, write_trig, write_turtle
from kg.records import ArticleFacts
from kg.vocab import DEFAULT_BASE_IRI

__all__ = ["DEFAULT_BASE_IRI", "write_exports", "write_facts_jsonl"]

log = logging.getLogger(__name__)


#: characters that line readers other than JSON's own take for line breaks, escaped
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}
_LINE_BREAK = re.compile("[\u2028\u2029\x85]")


def facts_line(facts: ArticleFacts) -> str:
    r"""One article's facts as one JSON Lines line, whatever characters its text holds.

    >>> from kg.records import Article
    >>> line = facts_line(ArticleFacts(Article("d", "a\u2028b")))
    >>> line.count("\n"), len(line.splitlines())
    (1, 1)
    """
    line = json.dumps(facts.to_json(), ensure_ascii=False, sort_keys=True)
    if _LINE_BREAK.search(line):  # (rare: str.translate on every line took 3/4 of the time)
        line = _LINE_BREAK.sub(lambda m: _LINE_BREAKS[m.group()], line)
    return line + "\n"


def write_facts_jsonl(facts: Iterable[ArticleFacts], path: str | os.PathLike[str]) -> None:
    """One ``ArticleFacts.to_json()`` per line, in input order (atomic)."""
    with atomic_writer(path) as fh:
        fh.writelines(facts_line(f) for f in facts)


def _write_html(G: nx.MultiDiGraph, path: Path) -> bool:
    """``kg.html.write_html`` if that module exists; False when skipped."""
    try:
        from kg.html import write_html  # type: ignore[import-not-found, unused-ignore]
    except ImportError as exc:
        log.warning("kg: graph.html not written (kg.html unavailable: %s)", exc)
        return False
    write_html(G, path)
    return True


def write_exports(
    facts: Iterable[ArticleFacts], outdir: str | os.PathLike[str], base_iri: str = DEFAULT_BASE_IRI
) -> dict[str, Path]:
    """Build the graph of ``facts`` and write all exports into ``outdir``.

    Returns format → path for ``ttl``, ``trig``, ``nt``, ``jsonld``,
    ``graphml``, ``json`` (node-link), ``events`` (``events.csv``, the event
    table of :mod:`kg.eventtable`), ``facts`` (``facts.jsonl``) and
    ``html`` (``graph.html``, only when :mod:`kg.html` is available) and
    ``store`` (the pyoxigraph store folder, :mod:`kg.store`). ``facts`` is
    consumed once, as a stream: only the graph is held in memory. The exports
    are replaced as one set (:mod:`kg.generation`): a reader finds the old set
    or the new one, and a failure (a full disk) or a kill leaves the old one
    whole; an invalid ``base_iri`` raises ``ValueError`` before anything is
    written.
    """
    check_base_iri(base_iri)
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    names = {
        "facts": "facts.jsonl",
        "ttl": "graph.ttl",
        "trig": "graph.trig",
        "nt": "graph.nt",
        "jsonld": "graph.jsonld",
        "graphml": "graph.graphml",
        "json": "graph.json",
        "events": "events.csv",
    }
    G = nx.MultiDiGraph()
    # the new set is written beside the old one and switched in as one (kg.generation)
    with staged(out) as new:
        at = {k: new / name for k, name in names.items()}
        with atomic_writer(at["facts"]) as fh:  # facts may stream in: each written and merged as it comes
            for f in facts:
                fh.write(facts_line(f))
                add_facts(G, (f,))
        write_turtle(G, at["ttl"], base_iri)
        write_trig(G, at["trig"], base_iri)
        write_ntriples(G, at["nt"], base_iri)
        write_jsonld(G, at["jsonld"], base_iri)
        write_graphml(G, at["graphml"])
        write_node_link_json(G, at["json"])
        write_events_csv(G, at["events"])
        from kg.store import STORE_DIR, write_store  # kg.store: the embedded SPARQL store (OUTDIR/store)

        write_store(G, new, base_iri)
        names["store"] = STORE_DIR
        if _write_html(G, new / "graph.html"):
            names["html"] = "graph.html"
        commit(out, new, list(names.values()))
    return {k: out / name for k, name in names.items()}
