"""The progress bar and the run's summary (#6)."""

from __future__ import annotations

from io import StringIO

import pytest
from rich.console import Console

from kg.progress import Progress
from kg.records import Article, ArticleFacts, Event, Evidence


def _facts(doc_id: str, demands: int = 0) -> ArticleFacts:
    a = Article(doc_id, "Russia demanded talks with NATO.")
    ev = Evidence(doc_id, 7, 15, a.text, 0, len(a.text))
    events = tuple(Event(f"{doc_id}-e{i}", "DEMAND", "10", "demanded", ev) for i in range(demands))
    return ArticleFacts(a, events=events)


def test_bar_on_a_terminal_shows_articles_rate_and_eta() -> None:
    out = StringIO()
    console = Console(file=out, force_terminal=True, width=120)
    p = Progress(console, total_bytes=1000)
    with p:
        articles = p.reading(Article(f"d{i}", "text") for i in range(4))
        first = next(articles)
        p.on_bytes(250)  # a quarter of the input read, one article: about four in all
        assert p._total() == 4
        next(p.done([_facts(first.doc_id)]))
        p._bar.refresh()
        list(articles)
    drawn = out.getvalue()
    assert "extracting" in drawn and "1 articles" in drawn and "eta" in drawn
    assert p._total() == 4  # exact once everything is read


def test_nothing_drawn_off_a_terminal_or_when_quiet() -> None:
    for console, quiet in ((Console(file=StringIO()), False), (Console(file=StringIO(), force_terminal=True), True)):
        p = Progress(console, total_bytes=10, quiet=quiet)
        with p:
            list(p.done(_facts(a.doc_id) for a in p.reading([Article("d", "x")])))
        assert console.file.getvalue() == ""  # type: ignore[attr-defined]


def test_summary_counts() -> None:
    p = Progress(Console(file=StringIO()), total_bytes=None)
    with p:
        list(p.done([_facts("a", demands=2), _facts("b")]))
        p.on_failed()
    line = p.summary(skipped=3)
    assert line.startswith("2 articles, 10 words, 0 entities, 2 events (2 demands), 3 inputs skipped in ")
    assert line.endswith("words/s)")


def test_bar_runs_no_thread_and_redraws_as_counts_change(monkeypatch: pytest.MonkeyPatch) -> None:
    """No refresh thread (worker processes can then be forked); each update redraws, at most every REDRAW_SECONDS."""
    import threading

    monkeypatch.setattr("kg.progress.REDRAW_SECONDS", 0.0)
    out = StringIO()
    p = Progress(Console(file=out, force_terminal=True, width=120), total_bytes=None)
    before = threading.active_count()
    with p:
        assert threading.active_count() == before
        articles = p.reading(Article(f"d{i}", "text") for i in range(3))
        list(p.done(_facts(a.doc_id) for a in articles))
        drawn = out.getvalue()
    assert "3 articles" in drawn
    monkeypatch.setattr("kg.progress.REDRAW_SECONDS", 3600.0)
    out2 = StringIO()
    p2 = Progress(Console(file=out2, force_terminal=True, width=120), total_bytes=None)
    with p2:
        list(p2.done(_facts(a.doc_id) for a in p2.reading(Article(f"d{i}", "text") for i in range(3))))
        assert "3 articles" not in out2.getvalue()  # the first update drew; the rest wait for the interval
