"""SPARQL injection (#7): user-supplied values never change a query's structure.

The helper queries of :mod:`kg.query` (:func:`~kg.query.demands_query`,
:func:`~kg.query.run`, :func:`~kg.query.values_clause`) and
:meth:`kg.api.KnowledgeGraph.sparql` / ``.demands`` get names full of SPARQL, quotes,
escapes, NULs and markup. Each must match exactly the entity so named (or nothing), the
query text must differ from a harmless one only inside the value's literal, and no store
is ever modified.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.api import KnowledgeGraph
from kg.exports import write_exports
from kg.query import demands_query, run, values_clause
from kg.records import Article, ArticleFacts, Entity, Event, Evidence
from kg.store import open_store
from kg.vocab import PREFIXES

INJECTIONS = [
    '"} ; DROP ALL ; #',
    "'><script>",
    "\\u0000",
    "\x00",
    "\\",
    '\\"',
    '"""',
    "'''",
    "} UNION { ?s ?p ?o }",
    '" } } INSERT DATA { <a:a> <a:b> <a:c> } #',
    '"@en } UNION { ?s ?p ?o } #',
    '"^^<http://www.w3.org/2001/XMLSchema#string> . ?s ?p ?o #',
    "\n}\nDELETE WHERE { ?s ?p ?o }\n#",
    "?by_name",
    "$of_name",
    "<http://evil.example/>",
    "' OR '1'='1",
    'VALUES ?by_name { "Russia"@en }',
    "Russia\u2028\u2029",
    "😀 مرحبا \u202e",
    "[/bold] [link=http://evil.example]x[/link]",
]
IDS = [f"i{n}" for n in range(len(INJECTIONS))]
PERSON, ORG = "person/hostile", "organization/target"


def facts(name: str) -> list[ArticleFacts]:
    """``name`` demands something of NATO; a decoy, Russia, demands something of Ukraine."""
    body = "X demanded that NATO leave. Russia demanded that Ukraine yield."
    a = Article("d1", body)
    ev1, ev2 = Evidence("d1", 2, 10, body[:27], 0, 27), Evidence("d1", 35, 43, body[28:], 28, len(body))
    entities = (
        Entity(PERSON, name, "PERSON", mentions=(ev1,)),
        Entity("Q7184", "NATO", "ORGANIZATION", wikidata="Q7184", mentions=(ev1,)),
        Entity("Q159", "Russia", "COUNTRY", wikidata="Q159", mentions=(ev2,)),
        Entity("Q212", "Ukraine", "COUNTRY", wikidata="Q212", mentions=(ev2,)),
    )
    events = (
        Event("v1", "DEMAND", "10", "demanded", ev1, (PERSON,), ("Q7184",), content="leave"),
        Event("v2", "DEMAND", "10", "demanded", ev2, ("Q159",), ("Q212",), content="yield"),
    )
    return [ArticleFacts(a, entities, events)]


def select(store: ox.Store, text: str) -> list[dict[str, str]]:
    solutions = store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: sol[n].value for n in names if sol[n] is not None} for sol in solutions]


@pytest.mark.parametrize("value", INJECTIONS, ids=IDS)
def test_demands_query_values_stay_inside_their_literal(value: str) -> None:
    g = KnowledgeGraph(facts(value))
    size = len(g.store)
    harmless = demands_query(by="PLACEHOLDER", of="NATO")
    text = demands_query(by=value, of="NATO")
    assert text == harmless.replace(
        str(ox.Literal("PLACEHOLDER", language="en")), str(ox.Literal(value, language="en"))
    )
    rows = select(g.store, text)
    assert {(r["source"], r["target"], r["content"]) for r in rows} == {(value, "NATO", "leave")}
    assert select(g.store, demands_query(by=value + "x")) == []
    assert select(g.store, demands_query(of=value)) == []  # the hostile name is no target
    assert {r["source"] for r in select(g.store, demands_query(by="Russia"))} == {"Russia"}
    assert len(g.store) == size


@pytest.mark.parametrize("value", INJECTIONS, ids=IDS)
def test_run_binds_values_as_terms(value: str) -> None:
    g = KnowledgeGraph(facts(value))
    size, store = len(g.store), g.store
    person = f"http://kg.local/entity/{PERSON}"
    name = ox.Literal(value, language="en")
    # projected variable: pyoxigraph substitutions; unprojected: kg's VALUES block
    for text in ("SELECT * WHERE { ?e schema:name ?name }", "SELECT ?e WHERE { ?e schema:name ?name }"):
        assert [r["e"] for r in run(store, text, {"name": name}, PREFIXES)] == [person]
        assert run(store, text, {"name": value}, PREFIXES) == []  # a plain string is not the @en name
        assert run(store, text, {"name": value + "x"}, PREFIXES) == []
    ask = "ASK { ?e schema:name ?name }"
    assert run(store, ask, {"name": name}, PREFIXES) is True
    rows = g.sparql("SELECT ?content WHERE { ?ev kg:sourceActor ?who ; kg:content ?content . ?who schema:name ?n }",
                    n=name)  # fmt: skip
    assert [r["content"] for r in rows] == ["leave"]
    # (names are looked up space- and case-insensitively: 'Russia\u2028' also finds Russia)
    assert {(d.source, d.target) for d in g.demands(by=value)} <= {((value,), ("NATO",)), (("Russia",), ("Ukraine",))}
    assert len(store) == size


@pytest.mark.parametrize("var", ["x }", "x;DROP", "", "?x", "$x", "x y", "x\n", *INJECTIONS[:3]])
def test_values_clause_rejects_variable_names_that_are_not_names(var: str) -> None:
    with pytest.raises(ValueError, match="not a SPARQL variable name"):
        values_clause(var, ["Russia"])


def test_values_clause_serialises_every_value(tmp_path: Path) -> None:
    store = ox.Store()
    text = "SELECT ?v WHERE { " + values_clause("v", INJECTIONS) + " }"
    assert [r["v"] for r in select(store, text)] == INJECTIONS


def test_on_disk_store_is_never_modified_by_queries(tmp_path: Path) -> None:
    from kg.cli import app

    write_exports(facts(INJECTIONS[0]), tmp_path)
    store = open_store(tmp_path)
    size = len(store)
    for value in INJECTIONS:
        select(store, demands_query(by=value, of=value))
        run(store, "SELECT ?e WHERE { ?e schema:name ?name }", {"name": value}, PREFIXES)
    assert len(store) == size
    del store
    runner = CliRunner()
    for update in (
        "DROP ALL",
        "CLEAR DEFAULT",
        "INSERT DATA { <a:a> <a:b> <a:c> }",
        "SELECT * { ?s ?p ?o } ; DROP ALL",
    ):
        result = runner.invoke(app, ["query", str(tmp_path), update])
        assert result.exit_code == 2, (update, result.output)
        assert "read-only" in result.output or "invalid SPARQL" in result.output, (update, result.output)
        assert "Traceback" not in result.output
    assert len(open_store(tmp_path)) == size


def test_kg_query_table_shows_markup_in_values_as_text(tmp_path: Path) -> None:
    from kg.cli import app

    write_exports(facts("[/oops] [bold]b[/bold]"), tmp_path)
    result = CliRunner().invoke(app, ["query", str(tmp_path), "SELECT ?n WHERE { ?e schema:name ?n } ORDER BY ?n"])
    assert result.exit_code == 0, result.output
    assert "[/oops] [bold]b[/bold]" in result.output
