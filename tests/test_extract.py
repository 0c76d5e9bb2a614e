"""kg.extract: streaming facts of articles through a pipeline."""

from __future__ import annotations

from kg.extract import extract
from kg.records import Article


def test_extract_skips_an_article_over_the_pipeline_limit_through_on_error(kg_nlp):
    seen = []
    big = Article("big", "word " * (kg_nlp.max_length // 5 + 10))
    facts = list(extract([Article("a", "NATO met Russia."), big], kg_nlp, on_error=lambda a, e: seen.append(a.doc_id)))
    assert [f.article.doc_id for f in facts] == ["a"] and seen == ["big"]
