"""kg.query (#5): values bound, never pasted; demands in SPARQL; result lists."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.api import KnowledgeGraph, example
from kg.query import DEMANDS_SPARQL, Results, Step, demands_query, python_value, run, to_term, values_clause
from kg.records import ArticleFacts

from .conftest import HOSTILE_NAME, make_hostile_facts

HOSTILE = ['"', "\\", '" } ; DROP ALL ; #', "\n", "'''", "😀", "\u202e", "?x", "$y", "<http://x>", '"@en } {']


@pytest.mark.parametrize("text", HOSTILE)
def test_values_clause_is_one_literal(text: str) -> None:
    clause = values_clause("v", [ox.Literal(text, language="en")])
    store = ox.Store()
    (sol,) = store.query(f"SELECT ?v WHERE {{ {clause} }}")
    assert sol["v"] == ox.Literal(text, language="en")


def test_values_clause_rejects_a_bad_variable() -> None:
    with pytest.raises(ValueError):
        values_clause("v } DROP ALL {", ["x"])


def test_to_term_and_back() -> None:
    assert python_value(to_term(3)) == 3 and python_value(to_term(0.5)) == 0.5
    assert python_value(to_term(True)) is True and python_value(to_term("x")) == "x"
    assert python_value(ox.NamedNode("http://a")) == "http://a" and python_value(None) is None
    with pytest.raises(TypeError):
        to_term(object())


def test_hostile_names_are_bound_as_values() -> None:
    g = KnowledgeGraph([make_hostile_facts()])
    q = "SELECT DISTINCT ?name ?key WHERE { ?e schema:name ?name ; schema:identifier ?key }"
    rows = g.sparql(q, name=ox.Literal(HOSTILE_NAME, language="en"))
    assert [r["name"] for r in rows] == [HOSTILE_NAME]
    assert g.demands(by=HOSTILE_NAME)[0].target == ("Dot <Segment>",)
    for text in HOSTILE:
        assert g.sparql(q, name=ox.Literal(text, language="en")) == []


def test_demands_sparql_agrees_with_the_python_api(two_articles: list[ArticleFacts]) -> None:
    for g in (KnowledgeGraph(two_articles), example()):
        for by, of in (("Russia", None), ("Putin", "NATO"), (None, "NATO"), ("NATO", None)):
            subs = {}
            if by:
                subs["by_name"] = ox.Literal(by, language="en")
            if of:
                subs["of_name"] = ox.Literal(of, language="en")
            query = DEMANDS_SPARQL.replace(
                "SELECT DISTINCT", "SELECT DISTINCT ?by_name ?of_name" if subs else "SELECT DISTINCT"
            )
            bound = {(r["source"], r["target"], r["content"]) for r in g.sparql(query, **subs)}
            valued = {(r["source"], r["target"], r["content"]) for r in run(g.store, demands_query(by, of))}
            api = {(s, t, d.content) for d in g.demands(by=by, of=of) for s in d.source for t in d.target}
            if by:  # the API names every source of an event; SPARQL only those matching ``by``
                allowed = g._actors(by)
                api = {x for x in api if f"entity:{g.entity(x[0]).key}" in allowed}
            assert bound == valued == api, (by, of)


def test_results_to_rows() -> None:
    r = Results([{"a": 1}, Step("x", "DEMAND", "y")])
    assert r.to_rows() == [{"a": 1}, {"source": "x", "label": "DEMAND", "target": "y"}]
    assert "<th>a</th>" in r._repr_html_() and "<th>label</th>" in r._repr_html_()
    assert "… 1 more" in Results([1, 2])._repr_html_(limit=1)
