"""The kg: vocabulary file (kg/data/vocab.ttl, #18): current, and defining every kg: term
the exports use."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import RDFS, Graph
from rdflib.compare import isomorphic

from kg.vocab import KG
from kg.vocabfile import SHIPPED, vocabulary_graph

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_file_is_the_generated_vocabulary() -> None:
    shipped = Graph().parse(SHIPPED, format="turtle")
    assert isomorphic(shipped, vocabulary_graph()), "run: python -m kg.vocabfile"


def test_every_kg_term_the_exports_use_is_defined_with_a_label_and_a_comment() -> None:
    g = vocabulary_graph()
    defined = {str(s) for s in g.subjects(RDFS.label, None) if str(s).startswith(str(KG._NS))}
    used = set()
    for quad in ox.parse((ROOT / "exports" / "graph.trig").read_bytes(), ox.RdfFormat.TRIG):
        used |= {t.value for t in (quad.predicate, quad.object)
                 if isinstance(t, ox.NamedNode) and t.value.startswith(str(KG._NS))}
    assert used and used <= defined, sorted(used - defined)
    assert all(g.value(KG[name.rsplit("#", 1)[1]], RDFS.comment) for name in defined)
