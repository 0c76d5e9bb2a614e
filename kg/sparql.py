"""Safe SPARQL for ``kg query``: read-only, offline and bounded.

* :func:`check_query` refuses updates ("kg query is read-only") and federated
  queries (``SERVICE``: an offline tool makes no network requests on behalf of
  whoever writes a query) unless ``allow_service``; it reads the query's words
  outside strings, IRIs and comments, so ``"SERVICE"`` in a literal or
  ``ex:service`` as a name is no keyword.
* :func:`run_bounded` answers a query in a child process that is stopped after
  ``timeout`` seconds (however the query engine is busy: a cartesian product, a
  sort of everything), writing its results to the output as they come.

>>> check_query('SELECT ?s WHERE { ?s <http://x/SERVICE> "SERVICE" } # SERVICE')
>>> check_query("SELECT * WHERE { SERVICE <http://evil/> { ?s ?p ?o } }")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kg.sparql.QueryRefused: SERVICE (a federated query) is refused: ... (--allow-service allows it)
>>> check_query("DELETE WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
kg.sparql.QueryRefused: kg query is read-only: DELETE is an update (SPARQL Update is not run)
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import multiprocessing
import os
import re
import select
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

#: the words that start a SPARQL Update operation
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

# what is not a keyword: strings (long ones first), IRIs, comments, variables, prefixed names
_SKIP = r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''" \
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'" r"|<[^<>\"{}|^`\\\s]*>" r"|#[^\n]*" \
    r"|[?$][\w]+" r"|[\w.-]*:[\w.:%-]*"
_TOKENS = re.compile(rf"({_SKIP})|([A-Za-z]+)")


class QueryRefused(ValueError):
    """A query ``kg query`` does not run (an update, a federated query)."""


def keywords(sparql: str) -> list[str]:
    """The bare words of a query (upper-cased), outside strings, IRIs, comments and names."""
    return [m.group(2).upper() for m in _TOKENS.finditer(sparql) if m.group(2)]


def check_query(sparql: str, *, allow_service: bool = False) -> None:
    """Raise :class:`QueryRefused` for an update, or a ``SERVICE`` unless ``allow_service``."""
    words = keywords(sparql)
    first = next((w for w in words if w not in {"PREFIX", "BASE"}), "")
    if first in UPDATE_WORDS:
        raise QueryRefused(f"kg query is read-only: {first} is an update (SPARQL Update is not run)")
    if "SERVICE" in words and not allow_service:
        raise QueryRefused("SERVICE (a federated query) is refused: kg query makes no network requests "
                           "(--allow-service allows it)")


_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.I)


def unknown_prefixes(sparql: str, known: Iterable[str]) -> list[str]:
    """The prefixes a query uses (outside strings, IRIs and comments) that neither it
    declares nor ``known`` holds.

    >>> unknown_prefixes('PREFIX ex: <http://x/> SELECT * { ?s ex:p ?o ; nope:q "a:b" }', ["schema"])
    ['nope']
    """
    declared = set(known) | {m.group(1) or "" for m in _DECLARED.finditer(sparql)}
    used = []
    for m in _TOKENS.finditer(sparql):
        token = m.group(1) or ""
        if ":" in token and not token.startswith(("<", '"', "'", "#", "?", "$")):
            prefix = token.split(":", 1)[0]
            if prefix not in declared and prefix not in used and prefix != "_" and not prefix.isdigit():
                used.append(prefix)
    return used


class QueryTimeout(RuntimeError):
    """The query ran longer than its time limit and was stopped."""


def run_bounded(target: Callable[..., int], args: tuple[Any, ...], timeout: float | None) -> int:
    """Run ``target(*args)`` in a child process and wait for it at most ``timeout`` seconds;
    raise :class:`QueryTimeout` after killing it. What the child writes to stdout and
    stderr is passed on to this process's as it comes. Returns the exit status ``target``
    returned (3 if it raised: its message is printed). Without ``fork`` (Windows) the
    query runs here, without a time limit."""
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover
        return target(*args)
    sys.stdout.flush()
    sys.stderr.flush()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    proc = multiprocessing.get_context("fork").Process(target=_child, args=(target, args, out_w, err_w),
                                                       daemon=True)
    proc.start()
    os.close(out_w)
    os.close(err_w)
    sinks = {out_r: sys.stdout, err_r: sys.stderr}
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while sinks:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                proc.kill()
                proc.join()
                raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped (--timeout)")
            ready, _, _ = select.select(list(sinks), [], [], left)
            for fd in ready:
                data = os.read(fd, 65536)
                if not data:
                    del sinks[fd]
                    continue
                _write(sinks[fd], data)
        proc.join()
    finally:
        for fd in (out_r, err_r):
            with contextlib.suppress(OSError):
                os.close(fd)
    return proc.exitcode if proc.exitcode is not None and proc.exitcode >= 0 else 3


def _write(stream: Any, data: bytes) -> None:
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(data)
        buffer.flush()
    else:
        stream.write(data.decode("utf-8", "replace"))


def _child(target: Callable[..., int], args: tuple[Any, ...], out_fd: int, err_fd: int) -> None:
    sys.stdout = io.TextIOWrapper(os.fdopen(out_fd, "wb"), encoding="utf-8", newline="\n", write_through=True)
    sys.stderr = io.TextIOWrapper(os.fdopen(err_fd, "wb"), encoding="utf-8", newline="\n", write_through=True)
    try:
        code = target(*args)
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away ("kg query ... | head")
        os._exit(0)
    except Exception as e:  # one line, no traceback
        print(f"kg: error: {e}", file=sys.stderr, flush=True)
        os._exit(3)
    os._exit(code)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def write_solutions(solutions: Any, fmt: str, out: Any, limit: int) -> int:
    """The first ``limit`` solutions of a SELECT as SPARQL results in ``fmt`` (csv, tsv or
    json), written to the binary stream ``out`` as they come; returns how many there were
    beyond the limit (0 or 1: the first one past it stops the reading)."""
    import pyoxigraph as ox

    names = [v.value for v in solutions.variables]
    rows = []
    extra = 0
    for n, sol in enumerate(solutions):
        if n >= limit:
            extra = 1
            break
        rows.append([sol[v] for v in names])
    if fmt == "json":
        def binding(t: Any) -> dict[str, str]:
            if isinstance(t, ox.NamedNode):
                return {"type": "uri", "value": t.value}
            if isinstance(t, ox.BlankNode):
                return {"type": "bnode", "value": t.value}
            b = {"type": "literal", "value": t.value}
            if t.language:
                b["xml:lang"] = t.language
            elif t.datatype.value != _XSD_STRING:
                b["datatype"] = t.datatype.value
            return b

        doc = {"head": {"vars": names}, "results": {"bindings": [
            {v: binding(t) for v, t in zip(names, row, strict=True) if t is not None} for row in rows]}}
        out.write((json.dumps(doc, ensure_ascii=False) + "\n").encode("utf-8"))
        return extra
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in names)] + ["\t".join("" if t is None else str(t) for t in row)
                                                       for row in rows]
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
        return extra
    text = io.StringIO()
    w = csv.writer(text, lineterminator="\r\n")
    w.writerow(names)
    for row in rows:
        w.writerow(["" if t is None else f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value for t in row])
    out.write(text.getvalue().encode("utf-8"))
    return extra
