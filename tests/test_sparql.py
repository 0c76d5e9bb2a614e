"""kg query is read-only, offline and bounded (kg.sparql, #19)."""

from __future__ import annotations

import http.server
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.sparql import QueryRefused, check_query, keywords

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("sparql", [
    "SELECT ?s WHERE { ?s ?p ?o }",
    'SELECT ?s WHERE { ?s ?p "SERVICE" }',  # a literal
    "SELECT ?s WHERE { ?s ?p '''a\nSERVICE <http://x/> { }''' }",  # a long literal
    "SELECT ?s WHERE { ?s <http://x/SERVICE> ?o }",  # an IRI
    "PREFIX ex: <http://x/> SELECT ?s WHERE { ?s ex:SERVICE ?service }",  # a name, a variable
    "SELECT ?s WHERE { ?s ?p ?o } # SERVICE <http://x/> in a comment",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    'SELECT ?s WHERE { ?s ?p "DELETE" }',
])
def test_read_only_local_queries_pass(sparql: str) -> None:
    check_query(sparql)


@pytest.mark.parametrize(("sparql", "said"), [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("select * where { service silent <http://x/> { ?s ?p ?o } }", "SERVICE"),
    ("PREFIX ex: <http://x/>\nSELECT * WHERE { ?s ?p ?o . SERVICE ?endpoint { ?s ?q ?r } }", "SERVICE"),
    ("DROP ALL", "read-only"),
    ("PREFIX ex: <http://x/> INSERT DATA { ex:a ex:b ex:c }", "read-only"),
    ("  delete where { ?s ?p ?o }", "read-only"),
    ("LOAD <http://example.org/data.ttl>", "read-only"),
    ("WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "read-only"),
])
def test_updates_and_federation_are_refused(sparql: str, said: str) -> None:
    with pytest.raises(QueryRefused, match=said):
        check_query(sparql)


def test_service_is_allowed_only_when_asked() -> None:
    check_query("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", allow_service=True)
    with pytest.raises(QueryRefused):
        check_query("DROP ALL", allow_service=True)


def test_keywords_skip_strings_iris_comments_and_names() -> None:
    assert keywords('SELECT ?x WHERE { <http://a/WHERE> ex:Filter "Limit" } # Order') == ["SELECT", "WHERE"]


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("q") / "out"
    result = CliRunner().invoke(app, ["build", str(ROOT / "seeds"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def test_a_federated_query_makes_no_request(outdir: Path) -> None:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/sparql"
        result = CliRunner().invoke(app, ["query", str(outdir), f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"])
    finally:
        server.shutdown()
    assert result.exit_code == 2 and "SERVICE" in result.output and "--allow-service" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not hits


def test_a_cartesian_query_is_stopped_by_its_timeout(outdir: Path) -> None:
    t0 = time.monotonic()
    result = CliRunner().invoke(app, ["query", str(outdir), "--timeout", "1",
                                      "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"])
    elapsed = time.monotonic() - t0
    assert result.exit_code == 2 and "--timeout" in result.output and "Traceback" not in result.output
    assert elapsed < 1 + 1.0  # within a second of the limit


def test_an_update_says_read_only(outdir: Path) -> None:
    result = CliRunner().invoke(app, ["query", str(outdir), "INSERT DATA { <a:a> <a:b> <a:c> }"])
    assert result.exit_code == 2 and result.output == (
        "kg: error: kg query is read-only: INSERT is an update (SPARQL Update is not run)\n")


def test_the_table_shows_at_most_limit_rows_and_says_so(outdir: Path) -> None:
    result = CliRunner().invoke(app, ["query", str(outdir), "--limit", "2",
                                      "SELECT ?s WHERE { ?s a schema:Country }"])
    assert result.exit_code == 0, result.output
    assert result.output.count("entity:Q") == 2 and "only the first 2 rows" in result.output


def test_results_and_errors_of_the_child_reach_the_caller(outdir: Path) -> None:
    ok = CliRunner().invoke(app, ["query", str(outdir), "-f", "csv", "SELECT ?n WHERE { ?e schema:name ?n }"])
    assert ok.exit_code == 0 and ok.output.splitlines()[0] == "n" and "Russia" in ok.output.splitlines()
    bad = CliRunner().invoke(app, ["query", str(outdir), "SELECT ?n WHERE { ?e schema:name ?n"])
    assert bad.exit_code == 2 and bad.output.startswith("kg: error: invalid SPARQL") and "Traceback" not in bad.output


def test_the_table_shows_prefixed_names(outdir: Path) -> None:
    result = CliRunner().invoke(app, ["query", str(outdir), "SELECT ?e ?t WHERE { ?e a ?t . ?e schema:name ?n }"])
    assert result.exit_code == 0, result.output
    assert "schema:Country" in result.output and "entity:Q159" in result.output
    assert "http://schema.org/" not in result.output


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_limit_applies_to_every_format_and_keeps_its_syntax(outdir: Path, fmt: str) -> None:
    import json as json_

    query = "SELECT ?e ?n WHERE { ?e schema:name ?n }"
    full = CliRunner().invoke(app, ["query", str(outdir), "-f", fmt, query])
    cut = CliRunner().invoke(app, ["query", str(outdir), "-f", fmt, "--limit", "2", query])
    assert full.exit_code == cut.exit_code == 0
    assert "only the first 2 rows" in cut.output
    body = "\n".join(line for line in cut.output.splitlines() if not line.startswith("kg: only"))
    if fmt == "json":
        rows = json_.loads(body)["results"]["bindings"]
        assert len(rows) == 2 and rows == json_.loads(full.output)["results"]["bindings"][:2]
    else:
        lines = [line for line in body.splitlines() if line]
        assert len(lines) == 3 and lines == [line for line in full.output.splitlines() if line][:3]


@pytest.mark.parametrize(("sparql", "unknown"), [
    ("SELECT * WHERE { ?s nope:p ?o }", ["nope"]),
    ("PREFIX nope: <http://x/> SELECT * WHERE { ?s nope:p ?o }", []),
    ('SELECT * WHERE { ?s schema:name "nope:p" . _:b ?p <http://nope:8080/x> }', []),  # string, bnode, IRI
    ("SELECT * WHERE { ?s ex:p ?o ; why:q ?r }", ["ex", "why"]),
])
def test_unknown_prefixes_are_found_outside_strings_and_iris(sparql: str, unknown: list[str]) -> None:
    from kg.sparql import unknown_prefixes

    assert unknown_prefixes(sparql, ["schema", "kg"]) == unknown


def test_an_unknown_prefix_is_one_line_naming_it(outdir: Path) -> None:
    result = CliRunner().invoke(app, ["query", str(outdir), "SELECT ?n WHERE { ?e nope:name ?n }"])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert result.output.startswith("kg: error: unknown prefix nope:") and "schema:" in result.output
