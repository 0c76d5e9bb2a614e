"""Extraction over a whole corpus: in this process, in N worker processes, or on a Dask cluster.

All three give the same facts in the same order (the order of the input
articles), and all three stream: articles are read as they are needed and at
most a few chunks per worker are in flight, so a corpus of any size runs in
bounded memory.

* :func:`extract_corpus` picks the way: one process (``workers=1``), a pool of
  ``workers`` processes (forked from this process once it has loaded the
  pipeline, on Linux with no other thread running; else each loads it once),
  or ``dask=ADDRESS``.
* A corpus that fits in one chunk is extracted in this process: starting
  workers would cost more than it saves.

>>> from kg.records import Article
>>> facts = extract_corpus([Article("d1", "NATO met in Brussels.")], workers=2)
>>> [f.article.doc_id for f in facts]
['d1']
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import chain, islice
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any, Protocol

from kg.records import Article, ArticleFacts

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["DEFAULT_CHUNK_SIZE", "available_cores", "extract_chunk", "extract_corpus"]

#: Articles sent to a worker at a time: one ``nlp.pipe`` batch. Small chunks keep the
#: workers evenly busy to the end (the last chunk runs alone: ~1 s of news articles).
DEFAULT_CHUNK_SIZE = 16
#: Chunks in flight per worker: enough to keep every worker busy while results are
#: collected in order, few enough to keep memory bounded.
IN_FLIGHT_PER_WORKER = 3

OnError = Callable[[Article, Exception], None]


def available_cores() -> int:
    """The cores this process may run on (``--workers`` default)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover  (macOS, Windows)
        return os.cpu_count() or 1


@dataclass(frozen=True)
class _Failed:
    """An article a worker could not extract: the index in its chunk and the error."""

    index: int
    error: Exception


# ----------------------------------------------------------------------------- in a worker

_PIPELINES: dict[str, Language] = {}
_PIPELINES_LOCK = threading.Lock()
#: One chunk at a time per process: a Dask worker with several threads shares one pipeline.
_RUN_LOCK = threading.Lock()


def _pipeline_name(model: str | None) -> str:
    from kg.nlp import default_model

    return model if model is not None else default_model()


def _pipeline(model: str | None) -> Language:
    """The pipeline of ``model`` in this process, loaded on first use (once per process)."""
    from kg.nlp import load

    name = _pipeline_name(model)
    with _PIPELINES_LOCK:
        if name not in _PIPELINES:
            _PIPELINES[name] = load(name)
        return _PIPELINES[name]


def _portable(error: Exception) -> Exception:
    """``error`` if it survives pickling, else a ``RuntimeError`` carrying its type and message."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")


def extract_chunk(articles: Sequence[Article], model: str | None,
                  article_timeout: float | None = None) -> list[ArticleFacts | _Failed]:
    """Facts of each article of a chunk, in order, for a worker to send back.

    Each result leaves out the article (the caller has it already), so that
    only the facts travel back; a failed article becomes a ``_Failed``.
    """
    from kg.extract import extract

    positions: dict[int, deque[int]] = {}
    for i, a in enumerate(articles):
        positions.setdefault(id(a), deque()).append(i)
    out: list[ArticleFacts | _Failed | None] = [None] * len(articles)

    def failed(article: Article, error: Exception) -> None:
        i = positions[id(article)].popleft()
        out[i] = _Failed(i, _portable(error))

    nlp = _pipeline(model)
    with _RUN_LOCK:
        for f in extract(articles, nlp, on_error=failed, article_timeout=article_timeout):
            out[positions[id(f.article)].popleft()] = replace(f, article=_STRIPPED)
    missing = [articles[i].doc_id for i, r in enumerate(out) if r is None]
    if missing:  # pragma: no cover  (extract() yields or reports every article)
        raise RuntimeError(f"no facts and no error for {missing}")
    return [r for r in out if r is not None]


_STRIPPED = Article("", "")  # stands for the article in a result sent back


def _warm(model: str | None, parent: int | None = None) -> None:
    """Pool initializer: load the pipeline before the first chunk arrives.

    Ctrl-C is left to the parent, which stops the pool (no traceback from every worker).
    A worker whose parent is gone (killed: no chance to stop the pool) exits too,
    instead of waiting for work forever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="kg-parent-watch").start()
    _pipeline(model)


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


# ----------------------------------------------------------------------------- in the caller


class _Submit(Protocol):
    def __call__(self, chunk: list[Article]) -> Future[list[ArticleFacts | _Failed]]: ...


def _chunks(articles: Iterable[Article], size: int, tail: int = 0) -> Iterator[list[Article]]:
    """Chunks of ``size`` articles; the last ``tail`` articles go in chunks of a quarter of that.

    Workers take chunks in turn, and the last chunk runs alone: small chunks at
    the end let every worker finish at about the same time. The end is found by
    reading ``tail`` articles ahead.
    """
    it = iter(articles)
    ahead: deque[Article] = deque(islice(it, tail))
    chunk: list[Article] = []
    for article in it:
        ahead.append(article)
        chunk.append(ahead.popleft())
        if len(chunk) == size:
            yield chunk
            chunk = []
    rest = chunk + list(ahead)
    small = max(1, size // 4) if tail else size
    for start in range(0, len(rest), small):
        yield rest[start:start + small]


def _in_order(
    chunks: Iterator[list[Article]], submit: _Submit, in_flight: int, on_error: OnError | None
) -> Iterator[ArticleFacts]:
    """Submit chunks, at most ``in_flight`` at a time, and yield their facts in input order."""
    pending: deque[tuple[list[Article], Future[list[ArticleFacts | _Failed]]]] = deque()
    try:
        for chunk in chunks:
            pending.append((chunk, submit(chunk)))
            if len(pending) >= in_flight:
                yield from _collect(*pending.popleft(), on_error)
        while pending:
            yield from _collect(*pending.popleft(), on_error)
    finally:
        for _, future in pending:  # stopped early (an error, or the consumer let go)
            future.cancel()


def _collect(
    chunk: list[Article], future: Future[list[ArticleFacts | _Failed]], on_error: OnError | None
) -> Iterator[ArticleFacts]:
    for article, result in zip(chunk, future.result(), strict=True):
        if isinstance(result, _Failed):
            if on_error is None:
                raise result.error
            on_error(article, result.error)
        else:
            yield replace(result, article=article)


def _extract_here(
    articles: Iterable[Article], model: str | None, nlp: Language | None, on_error: OnError | None,
    article_timeout: float | None = None,
) -> Iterator[ArticleFacts]:
    from kg.extract import extract

    yield from extract(articles, nlp if nlp is not None else _pipeline(model), on_error=on_error,
                       article_timeout=article_timeout)


def _extract_pool(
    chunks: Iterator[list[Article]], model: str | None, workers: int, on_error: OnError | None,
    article_timeout: float | None = None,
) -> Iterator[ArticleFacts]:
    method = _start_method()
    name = _pipeline_name(model)
    # forked workers share the pipeline loaded here; once they run, this process lets go of it
    release = method == "fork" and name not in _PIPELINES
    if method == "fork":
        _pipeline(model)
    with ProcessPoolExecutor(workers, mp_context=get_context(method), initializer=_warm,
                             initargs=(model, os.getpid())) as pool:
        def submit(chunk: list[Article]) -> Future[list[ArticleFacts | _Failed]]:
            nonlocal release
            future = pool.submit(extract_chunk, chunk, model, article_timeout)  # the first starts every worker
            if release:
                with _PIPELINES_LOCK:
                    _PIPELINES.pop(name, None)
                release = False
            return future

        yield from _in_order(chunks, submit, workers * IN_FLIGHT_PER_WORKER, on_error)


def _start_method() -> str:
    """How workers start: "fork" where it is safe, else "spawn".

    Forked workers inherit this process's loaded pipeline, so they need neither
    a fresh interpreter nor a second import of spaCy and load of the pipeline
    before the first chunk. A fork copies only the calling thread, while other
    threads' locks stay held in the child, so with another thread running (a
    progress bar's refresh, an application's) or off Linux, each worker is a
    fresh interpreter ("spawn").
    """
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _extract_dask(
    chunks: Iterator[list[Article]], model: str | None, client: Any, on_error: OnError | None,
) -> Iterator[ArticleFacts]:
    from kg.cluster import submitter, worker_count

    yield from _in_order(chunks, submitter(client, model),
                         max(1, worker_count(client)) * IN_FLIGHT_PER_WORKER, on_error)


def extract_corpus(
    articles: Iterable[Article],
    model: str | None = None,
    *,
    workers: int = 1,
    dask: Any = None,
    nlp: Language | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    on_error: OnError | None = None,
    article_timeout: float | None = None,
) -> Iterator[ArticleFacts]:
    """Facts of every article, in input order, extracted by ``workers`` processes or on Dask.

    ``model`` names the pipeline each process loads (``None``: kg's bundled one,
    see :func:`kg.nlp.load`). ``dask`` is a ``distributed.Client`` or a
    scheduler address (``tcp://host:8786``): the pipeline is then loaded once
    per Dask worker, and the facts come back here. ``nlp``, an already loaded
    pipeline, is used when the work stays in this process. ``on_error`` and
    ``article_timeout`` work as in :func:`kg.extract.extract` (on Dask, whose
    workers run chunks in threads, there is no time limit).
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    if dask is None and workers == 1:
        yield from _extract_here(articles, model, nlp, on_error, article_timeout)
        return
    it = iter(articles)
    first = list(islice(it, chunk_size + 1))
    if not first:
        return
    if len(first) <= chunk_size and dask is None:  # one chunk: no worker would be faster than this process
        yield from _extract_here(first, model, nlp, on_error, article_timeout)
        return
    chunks = _chunks(chain(first, it), chunk_size, tail=chunk_size * max(workers, 2))
    if dask is not None:
        from kg.cluster import connect

        with connect(dask) as client:
            yield from _extract_dask(chunks, model, client, on_error)
        return
    yield from _extract_pool(chunks, model, workers, on_error, article_timeout)
