"""Fuzzing the extraction entry point (#7), short version for CI.

``kg.extract.extract([Article(...)], nlp)`` on random and mutated article text, through the
bundled pipeline (loaded once per session, ``kg_nlp``), must not crash and must give
consistent facts (``scripts/fuzz_extract.py``'s :func:`check`). The long run is
``python scripts/fuzz_extract.py --minutes N``.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import extract
from kg.records import Article

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("fuzz_extract", ROOT / "scripts" / "fuzz_extract.py")
assert _spec and _spec.loader
fuzz = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("fuzz_extract", fuzz)
_spec.loader.exec_module(fuzz)

CHARS = st.characters(exclude_categories=("Cs",))


@st.composite
def article_text(draw: st.DrawFn) -> str:
    """Phrases and fragments spliced, cut, repeated and sprinkled with random code points."""
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(fuzz.PHRASES),
                st.sampled_from(fuzz.FRAGMENTS),
                st.text(CHARS, max_size=30),
                st.sampled_from(fuzz.PHRASES).flatmap(lambda p: st.integers(0, len(p)).map(lambda i: p[:i])),
            ),
            max_size=12,
        )
    )
    sep = draw(st.sampled_from([" ", "", "\n", "\n\n", " \u2028", "\t"]))
    text = sep.join(pieces)
    if draw(st.booleans()):
        text = draw(st.sampled_from([str.upper, str.lower, str.swapcase, str.title]))(text)
    return text


@st.composite
def articles(draw: st.DrawFn) -> list[Article]:
    n = draw(st.integers(1, 3))
    return [
        Article(
            f"fuzz-{i}",
            draw(article_text()),
            draw(st.none() | article_text()),
            draw(st.sampled_from(fuzz.DATES)),
        )
        for i in range(n)
    ]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_extract_survives_random_text(kg_nlp, arts: list[Article]) -> None:
    fuzz.check(arts, list(extract(arts, kg_nlp)))


def test_extract_survives_mutated_articles(kg_nlp) -> None:
    """The long fuzzer's generator, a few batches, fixed seed."""
    rng, texts = random.Random(20260107), fuzz.base_texts()
    for batch in range(3):
        arts = [fuzz.random_article(rng, texts, 8 * batch + i) for i in range(8)]
        fuzz.check(arts, list(extract(arts, kg_nlp)))


DEGENERATE = {
    "empty": "", "space": " ", "blank-lines": "\n\n", "dot": ".", "nul": "\x00", "emoji": "😀", "quotes": "'" * 500,
    "long-token": "a" * 20_000, "one-name-repeated": "Russia " * 300, "no-spaces": "Russia.NATO,Putin;" * 200,
}  # fmt: skip


@pytest.mark.parametrize("text", DEGENERATE.values(), ids=DEGENERATE.keys())
def test_extract_survives_degenerate_text(kg_nlp, text: str) -> None:
    arts = [Article("d", text), Article("e", text, title=text or None)]
    fuzz.check(arts, list(extract(arts, kg_nlp)))


@pytest.mark.parametrize(
    ("date", "text"),
    [
        ("9999-12-31", "Russia and NATO will hold talks tomorrow."),
        ("0001-01-01", "Russia and NATO held talks yesterday."),
    ],
)
def test_extract_survives_edge_article_dates(kg_nlp, date: str, text: str) -> None:
    arts = [Article("d", text, date=date)]
    fuzz.check(arts, list(extract(arts, kg_nlp)))
