"""The embedded RDF store of a build: ``OUTDIR/store``, a pyoxigraph (RocksDB) store.

It holds the same quads as ``graph.trig``: one named graph per article
(``<base>graph/article/<doc_id>``), ``<base>graph/entities`` and
``<base>graph/cameo``. Queries through :func:`query` see the union of all
graphs as their default graph, so ``SELECT (COUNT(*) AS ?n) { ?s ?p ?o }``
counts everything (a triple stated in two graphs counts once per graph: use
``DISTINCT`` for distinct answers). pyoxigraph stores ``xsd:nonNegativeInteger``
values (the ``oa:start``/``oa:end`` offsets) as ``xsd:integer``.

:func:`write_store` builds the store in a temporary folder beside the target
and renames it into place, so a reader never sees half a store, and a build
killed midway leaves the previous store whole (killed between moving the old
store aside and renaming the new one in, the old one is still found by
:func:`open_store` and put back by the next :func:`write_store`).

>>> from kg.graph import build_graph
>>> from kg.records import Article, ArticleFacts, Entity
>>> G = build_graph([ArticleFacts(Article("d1", "Russia."), entities=(Entity("Q159", "Russia", "COUNTRY"),))])
>>> store = memory_store(G)
>>> next(query(store, 'SELECT ?name { ?e <http://schema.org/name> ?name }'))["name"].value
'Russia'
>>> base_iri_of(store)
'http://kg.local/'
"""

from __future__ import annotations

import ctypes
import io
import itertools
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.rdf import Quad, generate_quads
from kg.vocab import DEFAULT_BASE_IRI, PREFIXES

__all__ = ["STORE_DIR", "base_iri_of", "memory_store", "open_store", "query", "write_store"]

#: The store's folder name inside OUTDIR.
STORE_DIR = "store"


class _NQuadsReader(io.RawIOBase):
    """A binary file of the N-Quads lines of ``quads``, encoded as they are read.

    :func:`_load` hands it to ``Store.bulk_load``, so the whole N-Quads text is
    never held in memory (at 1,000 articles it is ~230 MB, ~1.2 million quads).
    Quads may repeat: a store is a set.
    """

    def __init__(self, quads: Iterable[Quad]) -> None:
        super().__init__()
        self._lines: Iterator[bytes] = (f"{s} {p} {o} {g} .\n".encode() for s, p, o, g in quads)
        self._pending = bytearray()
        self.lines = 0  #: lines encoded so far

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        out = memoryview(buffer).cast("B")
        want = len(out)
        pending = self._pending
        while len(pending) < want:
            line = next(self._lines, None)
            if line is None:
                break
            pending += line
            self.lines += 1
        n = min(want, len(pending))
        out[:n] = pending[:n]
        del pending[:n]  # bytearray drops a prefix without copying the rest
        return n


#: Quads per ``Store.bulk_load`` call. pyoxigraph's bulk loader sorts its batches in memory (a
#: million quads per thread: +1.2 GB peak to load 1,000 articles' 1.2 million quads at once); each
#: call ends its batch, so this bounds the loader's memory (+130 MB for those 1,000 articles).
BULK_LOAD_QUADS = 100_000


def _load(store: ox.Store, G: nx.MultiDiGraph, base_iri: str) -> ox.Store:
    """Stream the quads of ``G`` into ``store``, ``BULK_LOAD_QUADS`` per bulk load."""
    quads = generate_quads(G, base_iri)
    while True:
        reader = _NQuadsReader(itertools.islice(quads, BULK_LOAD_QUADS))
        with io.BufferedReader(reader, 1 << 16) as data:
            store.bulk_load(data, ox.RdfFormat.N_QUADS)
        if reader.lines < BULK_LOAD_QUADS:
            return store


def memory_store(G: nx.MultiDiGraph, base_iri: str = DEFAULT_BASE_IRI) -> ox.Store:
    """An in-memory store of the quads of ``G``."""
    return _load(ox.Store(), G, base_iri)


def write_store(G: nx.MultiDiGraph, outdir: str | os.PathLike[str], base_iri: str = DEFAULT_BASE_IRI) -> Path:
    """Write ``OUTDIR/store`` atomically (build beside it, then rename); returns its path."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / STORE_DIR
    if not target.exists() and (old_store := _left_over(out)) is not None:
        os.replace(old_store, target)  # a run killed between the two renames below: put the old store back
    for stale in out.glob(".graph.store-*.tmp"):  # temporary folders of killed runs
        shutil.rmtree(stale, ignore_errors=True)
    # hidden, and named like kg.graphio's temporary files (".graph.<...>.tmp")
    tmp = Path(tempfile.mkdtemp(prefix=".graph.store-", suffix=".tmp", dir=out))
    try:
        store = _load(ox.Store(str(tmp / "db")), G, base_iri)
        store.flush()
        store.optimize()
        del store  # closes RocksDB before the rename
        if target.exists() and _exchange(tmp / "db", target):
            pass  # swapped in one step: the old store is now tmp/db, removed below
        else:
            old = None
            if target.exists():
                old = out / f".graph.store-old-{os.getpid()}.tmp"
                os.replace(target, old)
            os.replace(tmp / "db", target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False where unavailable."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _left_over(out: Path) -> Path | None:
    """The previous store moved aside by a run killed before the new one was renamed in."""
    for p in sorted(out.glob(".graph.store-old-*.tmp")):
        if (p / "CURRENT").is_file():
            return p
    return None


def open_store(path: str | os.PathLike[str]) -> ox.Store:
    """Open a written store read-only (several processes may read it at once).

    ``path`` is the store folder or the OUTDIR holding it. Raises
    ``FileNotFoundError`` when there is no store.
    """
    p = Path(path)
    if (p / STORE_DIR).is_dir():
        p = p / STORE_DIR
    elif p.name != STORE_DIR and (old_store := _left_over(p)) is not None:
        p = old_store  # a build was killed while swapping stores in: the previous one is whole
    if not (p / "CURRENT").is_file():  # RocksDB's marker file
        raise FileNotFoundError(f"no kg store at {path} (run 'kg build ... -o OUTDIR' first)")
    return ox.Store.read_only(str(p))


def query(
    store: ox.Store,
    sparql: str,
    substitutions: Mapping[str, Any] | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> Any:
    """Run a SPARQL query, the default graph being the union of all graphs.

    ``substitutions`` binds variables (name without '?') to RDF terms before
    evaluation (SEP-0007), so user values are never pasted into query text.
    kg's prefixes (``schema:``, ``sem:``, ``kg:``...) are predeclared.
    Returns pyoxigraph's result: ``QuerySolutions``, ``QueryBoolean`` or ``QueryTriples``.
    """
    subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
    return store.query(
        sparql,
        use_default_graph_as_union=True,
        substitutions=subs or None,
        prefixes=dict(prefixes if prefixes is not None else PREFIXES),
    )


def base_iri_of(store: ox.Store) -> str:
    """The base IRI a store was written with (from its ``<base>graph/entities`` graph)."""
    for g in store.named_graphs():
        value = getattr(g, "value", "")
        if value.endswith("graph/entities"):
            return value[: -len("graph/entities")]
        if "/graph/article/" in value:
            return value[: value.index("graph/article/")]
    return DEFAULT_BASE_IRI
