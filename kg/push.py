"""Push a graph to a triple store through the SPARQL 1.1 Graph Store HTTP Protocol.

One request series per named graph (each article's graph, the entities, the
CAMEO scheme), or everything into one graph with ``graph=``. Each graph is
replaced, not added to: its first chunk is sent with ``PUT`` (which replaces
the graph), the following chunks with ``POST`` (which adds), so pushing twice
leaves the same triples. Basic or digest authentication (``auth="auto"``
answers whichever the server asks for), retries with exponential backoff on
connection errors and 408/429/5xx, and a :class:`PushError` naming the method,
URL and HTTP status otherwise.

>>> from kg.api import example
>>> sorted(n.rsplit("/", 2)[-2:][-1] for n in graphs_of(example().store))
['blinken-geneva-talks', 'cameo', 'entities', 'putin-repeats']
>>> [len(c) for c in chunks(list(range(5)), 2)]
[2, 2, 1]
"""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import pyoxigraph as ox

__all__ = ["PushError", "PushReport", "chunks", "graphs_of", "push"]

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Statuses worth retrying: the server may answer next time.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


class PushError(RuntimeError):
    """A request the endpoint refused (or never answered), with method, URL and status."""


@dataclass(frozen=True)
class PushReport:
    graphs: int
    triples: int
    requests: int


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``items`` in slices of at most ``size`` (one empty slice for no items)."""
    if size < 1:
        raise ValueError("chunk size must be at least 1")
    if not items:
        yield items
    for i in range(0, len(items), size):
        yield items[i : i + size]


def graphs_of(source: ox.Store | Iterable[ox.Quad], graph: str | None = None) -> dict[str, list[ox.Triple]]:
    """Named graph IRI → its triples (sorted); with ``graph``, the union of all in that one graph.

    ``source`` is a store or quads (:meth:`kg.api.KnowledgeGraph.quads`, which keep
    every datatype as written, where a pyoxigraph store turns
    ``xsd:nonNegativeInteger`` into ``xsd:integer``).
    """
    out: dict[str, set[ox.Triple]] = {}
    quads = source.quads_for_pattern(None, None, None, None) if isinstance(source, ox.Store) else source
    for q in quads:
        # the default graph is pushed only with graph= (kg writes none)
        name = graph or ("" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value)
        out.setdefault(name, set()).add(ox.Triple(q.subject, q.predicate, q.object))
    out.pop("", None)
    return {name: sorted(triples, key=str) for name, triples in sorted(out.items())}


class AutoAuth(httpx.Auth):
    """Basic or digest authentication, whichever the server's first 401 asks for."""

    requires_request_body = True

    def __init__(self, user: str, password: str, scheme: str = "auto") -> None:
        self.user, self.password = user, password
        self.chosen: httpx.Auth | None = None
        if scheme == "basic":
            self.chosen = httpx.BasicAuth(user, password)
        elif scheme == "digest":
            self.chosen = httpx.DigestAuth(user, password)
        elif scheme != "auto":
            raise ValueError(f"auth must be auto, basic or digest, not {scheme!r}")

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self.chosen is None:
            response = yield request
            if response.status_code != 401:
                return
            challenge = response.headers.get("www-authenticate", "").split(" ", 1)[0].lower()
            if challenge == "digest":
                self.chosen = httpx.DigestAuth(self.user, self.password)
            else:
                self.chosen = httpx.BasicAuth(self.user, self.password)
        yield from self.chosen.auth_flow(request)


def _send(
    client: httpx.Client,
    method: str,
    url: str,
    graph: str,
    body: bytes,
    content_type: str,
    retries: int,
    backoff: float,
    sleep: Callable[[float], None],
    deadline: float | None = None,
) -> int:
    """One request with retries, all before ``deadline`` (``time.monotonic()``); returns how
    many requests were sent. A certificate the client rejects and a redirect loop are not
    retried: they will not change."""
    problem = ""
    for attempt in range(retries + 1):
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            raise PushError(f"{method} {url}?graph={graph}: no answer within the time limit (--timeout)"
                            + (f"; last problem: {problem}" if problem else ""))
        try:
            r = client.request(method, url, params={"graph": graph}, content=body,
                               headers={"Content-Type": content_type},
                               timeout=httpx.Timeout(left) if left is not None else httpx.USE_CLIENT_DEFAULT)
        except httpx.TooManyRedirects as e:
            raise PushError(f"{method} {url}?graph={graph} failed: a redirect loop ({e})") from e
        except httpx.TransportError as e:
            if _certificate_problem(e):
                raise PushError(f"{method} {url}?graph={graph} failed: the server's TLS certificate was not "
                                f"accepted ({e})") from e
            problem = f"{type(e).__name__}: {e}"
        except httpx.HTTPError as e:
            raise PushError(f"{method} {url}?graph={graph} failed: {type(e).__name__}: {e}") from e
        else:
            if r.status_code < 300:
                return attempt + 1
            text = r.text.strip().replace("\n", " ")[:300]
            problem = f"HTTP {r.status_code} {r.reason_phrase}" + (f": {text}" if text else "")
            if r.status_code == 401:
                problem += " (check --user/--password)"
            if r.status_code not in RETRY_STATUSES:
                raise PushError(f"{method} {url}?graph={graph} failed: {problem}")
        if attempt < retries:
            delay = backoff * 2**attempt
            if deadline is not None:
                delay = max(0.0, min(delay, deadline - time.monotonic()))
            log.warning("kg push: %s %s: %s; retrying in %.1f s", method, url, problem, delay)
            sleep(delay)
    raise PushError(f"{method} {url}?graph={graph} failed after {retries + 1} attempts: {problem}")


def _certificate_problem(error: BaseException) -> bool:
    """Whether a connection failed on the server's TLS certificate."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def push(
    source: ox.Store | Iterable[ox.Quad],
    endpoint: str,
    *,
    graph: str | None = None,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    chunk_size: int = 20_000,
    retries: int = 4,
    backoff: float = 0.5,
    timeout: float = 120.0,
    content_type: str = "text/turtle",
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_graph: Callable[[str, int], Any] | None = None,
) -> PushReport:
    """Replace each named graph of ``source`` at the Graph Store ``endpoint`` (or all in ``graph``).

    The body is N-Triples (a subset of Turtle, sent as ``content_type``), at
    most ``chunk_size`` triples per request. ``timeout`` bounds each graph's
    requests, retries included (seconds); a failure raises :class:`PushError`.
    """
    if not endpoint.startswith(("http://", "https://")):
        raise PushError(f"not an http(s) URL: {endpoint!r}")
    if graph is not None:
        ox.NamedNode(graph)  # ValueError for an invalid IRI
    auth_obj = AutoAuth(user, password or "", auth) if user is not None else None
    own = client is None
    http = client or httpx.Client(timeout=timeout, auth=auth_obj, follow_redirects=True)
    n_triples = n_requests = 0
    try:
        data = graphs_of(source, graph)
        for name, triples in data.items():
            for n, part in enumerate(chunks(triples, chunk_size)):
                body = ox.serialize(part, format=ox.RdfFormat.N_TRIPLES) or b""
                method = "PUT" if n == 0 else "POST"
                n_requests += _send(http, method, endpoint, name, body, content_type, retries, backoff, sleep,
                                    deadline=time.monotonic() + timeout)
            n_triples += len(triples)
            if on_graph is not None:
                on_graph(name, len(triples))
    finally:
        if own:
            http.close()
    return PushReport(graphs=len(data), triples=n_triples, requests=n_requests)
