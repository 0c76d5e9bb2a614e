"""kg push (#5): the Graph Store Protocol client against a tiny local server and a real Virtuoso."""

from __future__ import annotations

import base64
import csv
import io
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.api import KnowledgeGraph
from kg.cli import app
from kg.exports import write_exports
from kg.push import PushError, graphs_of, push
from kg.query import demands_query
from kg.records import ArticleFacts

# --------------------------------------------------------------------------- a tiny Graph Store


class _Store(BaseHTTPRequestHandler):
    """Keeps graphs as sets of N-Triples lines; ``fail`` holds statuses to answer first."""

    graphs: dict[str, set[str]]
    log: list[tuple[str, str, int]]
    fail: list[int]
    auth: str | None = None

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
        graph = parse_qs(urlparse(self.path).query)["graph"][0]
        lines = {line for line in body.splitlines() if line.strip()}
        self.log.append((self.command, graph, len(lines)))
        if self.auth and self.headers.get("Authorization") != self.auth:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
            self.end_headers()
            return
        if self.fail:
            status = self.fail.pop(0)
            self.send_response(status)
            payload = b"the store says no"
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        if self.command == "PUT":
            self.graphs[graph] = set()
        self.graphs.setdefault(graph, set()).update(lines)
        self.send_response(201 if self.command == "PUT" else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = _handle


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Store]]]:
    handler = type("Handler", (_Store,), {"graphs": {}, "log": [], "fail": [], "auth": None})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/store", handler
    httpd.shutdown()
    httpd.server_close()


def _triples(source: Any) -> dict[str, set[str]]:
    return {g: {str(t) + " ." for t in ts} for g, ts in graphs_of(source).items()}


def test_push_chunks_each_graph_put_then_post(server: tuple[str, type[_Store]], seed_facts: list[ArticleFacts]) -> None:
    url, handler = server
    store = KnowledgeGraph(seed_facts).quads()
    expected = _triples(store)
    report = push(store, url, chunk_size=40)
    assert handler.graphs == expected
    assert any("nonNegativeInteger" in t for ts in expected.values() for t in ts)  # datatypes as written
    assert report.triples == sum(map(len, expected.values())) and report.graphs == len(expected)
    for graph in expected:
        methods = [m for m, g, _ in handler.log if g == graph]
        assert methods[0] == "PUT" and set(methods[1:]) <= {"POST"}
        assert len(methods) == -(-len(expected[graph]) // 40)
    push(store, url, chunk_size=40)  # idempotent
    assert handler.graphs == expected


def test_push_into_one_graph(server: tuple[str, type[_Store]], two_articles: list[ArticleFacts]) -> None:
    url, handler = server
    store = KnowledgeGraph(two_articles).quads()
    push(store, url, graph="http://example.org/g")
    union = set().union(*_triples(store).values())
    assert handler.graphs == {"http://example.org/g": union}


def test_push_retries_transient_errors(server: tuple[str, type[_Store]], seed_facts: list[ArticleFacts]) -> None:
    url, handler = server
    handler.fail.extend([503, 502])
    slept: list[float] = []
    store = KnowledgeGraph(seed_facts).quads()
    push(store, url, sleep=slept.append, backoff=0.1)
    assert slept == [0.1, 0.2]
    assert handler.graphs == _triples(store)


def test_push_gives_up_with_a_clear_message(server: tuple[str, type[_Store]], seed_facts: list[ArticleFacts]) -> None:
    url, handler = server
    handler.fail.extend([500] * 3)
    with pytest.raises(PushError, match=r"PUT http://127\.0\.0\.1:\d+/store\?graph=.* after 3 attempts: HTTP 500"):
        push(KnowledgeGraph(seed_facts).quads(), url, retries=2, sleep=lambda s: None)
    handler.fail[:] = [400]
    with pytest.raises(PushError, match="HTTP 400 Bad Request: the store says no"):
        push(KnowledgeGraph(seed_facts).quads(), url, sleep=lambda s: None)
    assert len(handler.log) == 4  # a 400 is not retried


def test_push_connection_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = ox.Store()
    store.add(
        ox.Quad(ox.NamedNode("http://a/s"), ox.NamedNode("http://a/p"), ox.Literal("o"), ox.NamedNode("http://g"))
    )
    with pytest.raises(PushError, match=r"after 2 attempts: ConnectError"):
        push(store, f"http://127.0.0.1:{port}/x", retries=1, sleep=lambda s: None)


def test_push_basic_auth(server: tuple[str, type[_Store]], seed_facts: list[ArticleFacts], tmp_path: Path) -> None:
    url, handler = server
    handler.auth = "Basic " + base64.b64encode(b"kg:s3cret").decode()
    write_exports(seed_facts, tmp_path / "out")
    r = CliRunner().invoke(app, ["push", str(tmp_path / "out"), "--endpoint", url, "--user", "kg", "--password", "no"])
    assert r.exit_code == 3  # a failed push (kg.cli: exit status)
    assert "HTTP 401" in r.output and "check --user/--password" in r.output
    r = CliRunner().invoke(
        app, ["push", str(tmp_path / "out"), "--endpoint", url, "--user", "kg", "--password", "s3cret"]
    )
    assert r.exit_code == 0, r.output
    assert "triples in 3 graphs" in r.output
    assert handler.graphs == _triples(KnowledgeGraph(seed_facts).quads())


# --------------------------------------------------------------------------- Virtuoso

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 1
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}/vsp
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Virtuoso on loopback with its own database folder; yields its HTTP base URL."""
    exe, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if not exe or not isql:
        pytest.skip("virtuoso-t not installed (Debian package virtuoso-opensource)")
    d = tmp_path_factory.mktemp("virtuoso")
    (d / "vsp").mkdir()
    sql, http = _free_port(), _free_port()
    (d / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=d, sql=sql, http=http))
    proc = subprocess.Popen(
        [exe, "+foreground", "+configfile", str(d / "virtuoso.ini")],
        cwd=d,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{http}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log = (d / "virtuoso.log").read_text(errors="replace")[-2000:] if (d / "virtuoso.log").exists() else ""
                pytest.fail(f"Virtuoso did not start:\n{log}")
            time.sleep(0.5)
        grant = 'GRANT SPARQL_UPDATE TO "SPARQL"; GRANT SPARQL_UPDATE TO "dba";'
        subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba", f"exec={grant}"], check=True, capture_output=True)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _select(base: str, query: str) -> list[dict[str, str]]:
    r = httpx.post(f"{base}/sparql", data={"query": query}, headers={"Accept": "text/csv"}, timeout=30)
    assert r.status_code == 200, r.text
    return list(csv.DictReader(io.StringIO(r.text)))


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'http://kg.local/graph/')) }"


def test_push_to_virtuoso(virtuoso: str, seed_facts: list[ArticleFacts], tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_exports(seed_facts, out)
    local = KnowledgeGraph(seed_facts).sparql("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]
    args = ["push", str(out), "--endpoint", f"{virtuoso}/sparql-graph-crud-auth", "--user", "dba", "--password", "dba"]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    assert int(_select(virtuoso, COUNT)[0]["n"]) == local

    rows = _select(virtuoso, demands_query(by="Russia"))
    assert {(row["source"], row["target"], row["content"]) for row in rows} >= {
        ("Vladimir Putin", "NATO", "limit troops and military equipment in Eastern Europe"),
        ("Russia", "NATO", "limit troops and military equipment in Eastern Europe"),
    }
    assert _select(virtuoso, demands_query(by='Russia"} } #')) == []  # a name is a value, never query text

    r = CliRunner().invoke(app, [*args, "--chunk-size", "25"])  # again, chunked: same triples
    assert r.exit_code == 0, r.output
    assert int(_select(virtuoso, COUNT)[0]["n"]) == local

    r = CliRunner().invoke(app, [*args[:-1], "wrong"])
    assert r.exit_code == 3 and "HTTP 401" in r.output


# --------------------------------------------------------------------------- faults (#19)
@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/store"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    sock.close()


def test_a_silent_endpoint_fails_within_the_timeout(silent_endpoint: str, seed_facts: list[ArticleFacts],
                                                    tmp_path: Path) -> None:
    write_exports(seed_facts, tmp_path / "out")
    t0 = time.monotonic()
    r = CliRunner().invoke(app, ["push", str(tmp_path / "out"), "--endpoint", silent_endpoint, "--timeout", "1"])
    assert time.monotonic() - t0 < 1 + 2.0  # one graph's budget, plus loading the graph
    assert r.exit_code == 3 and "time limit" in r.output and "Traceback" not in r.output


class _Loop(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        self.send_response(302)
        self.send_header("Location", self.path)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = do_GET = _handle


def test_a_redirect_loop_is_one_clear_line(seed_facts: list[ArticleFacts], tmp_path: Path) -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Loop)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        write_exports(seed_facts, tmp_path / "out")
        url = f"http://127.0.0.1:{httpd.server_address[1]}/store"
        r = CliRunner().invoke(app, ["push", str(tmp_path / "out"), "--endpoint", url])
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert r.exit_code == 3 and "redirect loop" in r.output and "Traceback" not in r.output


def test_a_rejected_certificate_is_not_retried(seed_facts: list[ArticleFacts]) -> None:
    import ssl

    class Rejecting(httpx.BaseTransport):
        calls = 0

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            Rejecting.calls += 1
            cause = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] self-signed certificate")
            raise httpx.ConnectError("certificate verify failed", request=request) from cause

    slept: list[float] = []
    with pytest.raises(PushError, match="TLS certificate was not accepted"):
        push(KnowledgeGraph(seed_facts).quads(), "https://store.example/x",
             client=httpx.Client(transport=Rejecting()), sleep=slept.append)
    assert Rejecting.calls == 1 and not slept
