"""Benchmark: SPARQL on kg's embedded store (``OUTDIR/store``, pyoxigraph/RocksDB).

Builds a synthetic kg graph of about ``--triples`` quads (the articles of
``bench_rdf_write.synthetic_facts``: entities from a shared pool, events,
relations, evidence), writes it with :func:`kg.store.write_store` exactly as
``kg build`` does, reopens it read-only, and times queries over the union
default graph (median of ``--repeat`` runs after one warm-up):

- two-hop join with FILTER over every event: events whose source actor is
  affiliated with something, confidence >= 0.5 (``COUNT``);
- two-hop join with FILTER: who acted on an actor who acted on the most
  targeted entity (``?e1 kg:targetActor ?target ; kg:sourceActor ?b . ?e2
  kg:targetActor ?b ; kg:sourceActor ?a``, ``FILTER(?a != ?target)``,
  ``?target`` bound as a value), with the name of ``?a``;
- two-hop join with a string FILTER: events whose source actor is affiliated
  with something, content containing a phrase;
- the full count ``SELECT (COUNT(*) AS ?n) { ?s ?p ?o }``.

Usage: ``python bench/bench_sparql.py [--triples 1000000] [--repeat 5] [--limit 1.0]``
(exit status 1 if the two-hop joins take longer than ``--limit`` seconds).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_rdf_write import synthetic_facts

from kg.graph import build_graph
from kg.rdf import nquads, prefixes_for
from kg.store import open_store, query, write_store

TWO_HOP_ALL = """\
SELECT (COUNT(*) AS ?n) WHERE {
  ?a kg:sourceActor ?x .
  ?x schema:affiliation ?state .
  ?a kg:confidence ?c .
  FILTER(?c >= 0.5 && ?x != ?state)
}"""

TWO_HOP = """\
SELECT DISTINCT ?a ?name ?target WHERE {
  ?e1 kg:targetActor ?target ; kg:sourceActor ?b .
  ?e2 kg:targetActor ?b ; kg:sourceActor ?a .
  ?a schema:name ?name .
  FILTER(?a != ?target)
}"""

TOP_TARGET = "SELECT ?c (COUNT(*) AS ?n) WHERE { ?e kg:targetActor ?c } GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 1"

TWO_HOP_STRING = """\
SELECT DISTINCT ?e ?content WHERE {
  ?e kg:sourceActor ?s ; kg:content ?content .
  ?s schema:affiliation ?state .
  FILTER(CONTAINS(?content, "content 12"))
}"""

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def timed(store: Any, sparql: str, repeat: int, subs: dict[str, Any] | None = None) -> tuple[float, int]:
    prefixes = prefixes_for("http://kg.local/")
    rows = len(list(query(store, sparql, subs, prefixes)))  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = len(list(query(store, sparql, subs, prefixes)))
        times.append(time.perf_counter() - t0)
        assert n == rows
    return statistics.median(times), rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--limit", type=float, default=1.0, help="seconds allowed for a two-hop join")
    args = ap.parse_args()

    # calibrate: quads per added article (beyond the first 100), then how many articles make --triples
    n100, n300 = (len(nquads(build_graph(synthetic_facts(n))).splitlines()) for n in (100, 300))
    per_article = (n300 - n100) / 200
    n_articles = max(1, round(100 + (args.triples - n100) / per_article))
    t0 = time.perf_counter()
    G = build_graph(synthetic_facts(n_articles))
    got = len(nquads(G).splitlines())
    if abs(got - args.triples) > args.triples * 0.02:  # one correction (entities saturate the pool)
        n_articles = max(1, round(n_articles * args.triples / got))
        G = build_graph(synthetic_facts(n_articles))
    print(f"graph: {n_articles} articles, {G.number_of_nodes()} nodes ({time.perf_counter() - t0:.1f} s)")
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        write_store(G, d)
        print(f"store written in {time.perf_counter() - t0:.1f} s")
        store = open_store(d)
        (row,) = query(store, COUNT)
        print(f"store: {int(row['n'].value):,} quads")
        (top,) = query(store, TOP_TARGET, prefixes=prefixes_for("http://kg.local/"))
        worst = 0.0
        for label, sparql, subs in (
            ("two-hop join + FILTER(>=, !=), all", TWO_HOP_ALL, None),
            ("two-hop join (bound) + FILTER(!=)", TWO_HOP, {"target": top["c"]}),
            ("two-hop join + FILTER(CONTAINS)", TWO_HOP_STRING, None),
        ):
            secs, rows = timed(store, sparql, args.repeat, subs)
            worst = max(worst, secs)
            print(f"{label:34s} {secs * 1000:8.1f} ms  ({rows} rows)")
        secs, _ = timed(store, COUNT, 1)
        print(f"{'COUNT(*) over the union':34s} {secs * 1000:8.1f} ms")
    ok = worst < args.limit
    print(f"two-hop joins: {'OK' if ok else 'TOO SLOW'} ({worst:.3f} s, limit {args.limit} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
