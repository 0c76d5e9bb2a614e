"""kg.extract: streaming facts of articles through a pipeline."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.records import Article


def test_extract_skips_an_article_over_the_pipeline_limit_through_on_error(kg_nlp):
    seen = []
    big = Article("big", "word " * (kg_nlp.max_length // 5 + 10))
    facts = list(extract([Article("a", "NATO met Russia."), big], kg_nlp, on_error=lambda a, e: seen.append(a.doc_id)))
    assert [f.article.doc_id for f in facts] == ["a"] and seen == ["big"]


# ------------------------------------------------------------------ a time budget per article (#19)
def test_time_limit_stops_a_slow_block_and_leaves_no_timer() -> None:
    import signal
    import time

    from kg.extract import ArticleTimeout, time_limit

    t0 = time.monotonic()
    with pytest.raises(ArticleTimeout, match=r"longer than 0\.2 s"), time_limit(0.2):
        while True:
            sum(range(1000))
    assert time.monotonic() - t0 < 1.0
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with time_limit(None):  # no limit
        pass


def test_an_article_over_its_budget_is_skipped_and_the_others_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    import kg.extract as kx
    from kg.extract import ArticleTimeout

    real = kx.facts_from_doc

    def slow_for_one(doc, article, **kw):  # type: ignore[no-untyped-def]
        if article.doc_id == "slow":
            time.sleep(5)
        return real(doc, article, **kw)

    monkeypatch.setattr(kx, "facts_from_doc", slow_for_one)
    import spacy

    nlp = spacy.blank("en")
    arts = [Article("a", "NATO met."), Article("slow", "Russia met."), Article("b", "Iran met.")]
    failed: list[tuple[str, Exception]] = []
    t0 = time.monotonic()
    got = [f.article.doc_id for f in extract(arts, nlp, on_error=lambda a, e: failed.append((a.doc_id, e)),
                                             article_timeout=0.5)]
    assert got == ["a", "b"] and [d for d, _ in failed] == ["slow"]
    assert isinstance(failed[0][1], ArticleTimeout) and time.monotonic() - t0 < 4
