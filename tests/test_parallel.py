"""Extraction over a corpus (#6): worker processes and Dask give the facts of one process, in order."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.parallel import available_cores, extract_chunk, extract_corpus
from kg.records import Article, ArticleFacts
from kg.sources import read_inputs

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "articles.jsonl"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"

SHORT = [
    "Russia demanded that NATO stop its expansion.",
    "Turkey condemned the air strikes in northern Syria.",
    "The United Nations urged both sides to return to talks in Geneva.",
    "Iran rejected the proposal, its foreign minister said on Monday.",
]


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    """The seed and the development articles, with short made-up ones between them."""
    news = list(read_inputs([DEV] if DEV.is_file() else [SEEDS]))
    made = [Article(f"short-{i}", text) for i, text in enumerate(SHORT)]
    return [a for pair in itertools.zip_longest(news, made) for a in pair if a is not None]


@pytest.fixture(scope="module")
def in_one_process(corpus: list[Article]) -> list[ArticleFacts]:
    return list(extract_corpus(corpus, workers=1))


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_two_workers_give_the_facts_of_one_process_in_order(
    corpus: list[Article], in_one_process: list[ArticleFacts], method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kg.parallel._start_method", lambda: method)
    facts = list(extract_corpus(corpus, workers=2, chunk_size=2))
    assert [f.article.doc_id for f in facts] == [a.doc_id for a in corpus]
    assert facts == in_one_process
    assert any(f.events for f in facts)  # real extraction happened in the workers


def test_failed_articles_are_reported_in_order_and_the_others_go_on(corpus: list[Article]) -> None:
    too_long = Article("too-long", "word " * 250_000)  # over spaCy's max_length: refused in the worker
    articles = [corpus[0], too_long, *SHORT_ARTICLES]
    failed: list[tuple[str, str]] = []
    facts = list(extract_corpus(articles, workers=2, chunk_size=1,
                                on_error=lambda a, e: failed.append((a.doc_id, str(e)))))
    assert [f.article.doc_id for f in facts] == [corpus[0].doc_id, *(a.doc_id for a in SHORT_ARTICLES)]
    assert failed and failed[0][0] == "too-long" and "limit" in failed[0][1]


def test_without_on_error_a_workers_error_is_raised() -> None:
    from concurrent.futures import Future

    from kg.parallel import _collect, _Failed

    done: Future[list[ArticleFacts | _Failed]] = Future()
    done.set_result([_Failed(0, ValueError("over the limit"))])
    with pytest.raises(ValueError, match="over the limit"):
        list(_collect([SHORT_ARTICLES[0]], done, None))


SHORT_ARTICLES = [Article(f"s{i}", text) for i, text in enumerate(SHORT)]


def _endless() -> Iterator[Article]:
    for i in itertools.count():
        yield Article(f"a{i}", SHORT[i % len(SHORT)])


@pytest.mark.parametrize("workers", [1, 2])
def test_extraction_streams(workers: int) -> None:
    """Facts come out while the input is still being read: an endless corpus gives its first articles."""
    first = list(itertools.islice(extract_corpus(_endless(), workers=workers, chunk_size=2), 5))
    assert [f.article.doc_id for f in first] == ["a0", "a1", "a2", "a3", "a4"]


def test_one_chunk_stays_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.parallel._extract_pool", None)  # would fail if called
    facts = list(extract_corpus(SHORT_ARTICLES[:2], workers=2, chunk_size=4))
    assert [f.article.doc_id for f in facts] == ["s0", "s1"]


def test_chunks_are_smaller_at_the_end_so_that_workers_finish_together() -> None:
    from kg.parallel import _chunks

    articles = [Article(f"a{i}", "x") for i in range(45)]
    chunks = list(_chunks(articles, 8, tail=16))
    assert [len(c) for c in chunks] == [8, 8, 8] + [2] * 10 + [1]
    assert [a for c in chunks for a in c] == articles
    assert [len(c) for c in _chunks(articles[:10], 8, tail=16)] == [2] * 5  # all of it is the end
    assert [len(c) for c in _chunks(articles[:10], 8)] == [8, 2]
    assert list(_chunks([], 8, tail=16)) == []


def test_workers_fork_only_when_no_other_thread_runs() -> None:
    import sys
    import threading

    from kg.parallel import _start_method

    expected = "fork" if sys.platform == "linux" and threading.active_count() == 1 else "spawn"
    assert _start_method() == expected
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert _start_method() == "spawn"
    finally:
        stop.set()
        other.join()


def test_forked_workers_leave_the_pipeline_to_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pipeline loaded only for the workers to inherit is let go of here once they run."""
    from kg import parallel

    monkeypatch.setattr(parallel, "_start_method", lambda: "fork")
    monkeypatch.setattr(parallel, "_PIPELINES", {})
    facts = list(extract_corpus(SHORT_ARTICLES * 3, workers=2, chunk_size=2))
    assert [f.article.doc_id for f in facts] == [a.doc_id for a in SHORT_ARTICLES * 3]
    assert parallel._PIPELINES == {}


def test_extract_chunk_sends_back_facts_without_the_article() -> None:
    out = extract_chunk(SHORT_ARTICLES[:2], None)
    assert [type(r).__name__ for r in out] == ["ArticleFacts", "ArticleFacts"]
    assert all(isinstance(r, ArticleFacts) and r.article.text == "" and r.entities for r in out)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="workers"):
        list(extract_corpus([], workers=0))
    with pytest.raises(ValueError, match="chunk_size"):
        list(extract_corpus([], chunk_size=0))
    assert available_cores() >= 1


def test_dask_local_cluster_gives_the_facts_of_one_process(
    corpus: list[Article], in_one_process: list[ArticleFacts]
) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        facts = list(extract_corpus(corpus, dask=cluster.scheduler_address, chunk_size=2))
    assert facts == in_one_process


def test_dask_unreachable_scheduler_is_a_clear_error() -> None:
    pytest.importorskip("distributed")
    from kg.cluster import connect
    from kg.extract.errors import KGError

    with pytest.raises(KGError, match="cannot reach the Dask scheduler"), connect("tcp://127.0.0.1:9", timeout="2s"):
        pass


_KILLED_CALLER = """
import itertools, multiprocessing, time
from kg.parallel import extract_corpus
from kg.records import Article

articles = (Article(f"a{i}", "Russia demanded that NATO limit troops. " * 5) for i in itertools.count())
facts = extract_corpus(articles, workers=2)
next(facts)
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"  # (a zombie is gone; a container's init may not reap it)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_workers_exit_when_the_caller_is_killed() -> None:
    """A killed ``kg build`` (SIGKILL: no chance to stop its pool) leaves no workers behind."""
    import subprocess
    import sys
    import time

    root = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_CALLER], stdout=subprocess.PIPE, text=True, cwd=root)
    try:
        pids = [int(p) for p in proc.stdout.readline().split()] if proc.stdout else []
        assert len(pids) >= 2
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.2)
    assert not any(_alive(p) for p in pids)
