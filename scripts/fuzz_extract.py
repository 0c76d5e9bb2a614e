#!/usr/bin/env python
"""Fuzz kg's extraction entry point with random and mutated article text.

    python scripts/fuzz_extract.py --minutes 10 [--seed 1] [--batch 8] [--out fuzz-crashes/]

Each round makes a batch of articles (seed sentences, hostile fixtures and political
phrases, mutated: spliced, cut, repeated, case-flipped, sprinkled with control characters,
quotes, markup, emoji, right-to-left text, odd whitespace, long tokens, random code points),
runs ``kg.extract.extract(articles, nlp)`` on them and checks what comes out
(:func:`check`): one facts record per article, evidence offsets inside the text and
matching their sentence, events and relations naming known entities, facts JSON that
encodes to UTF-8, and RDF of the merged graph that pyoxigraph parses. A failing batch is
shrunk to its one failing article, written to ``--out`` as JSON Lines (``kg extract`` reads
it) with the traceback; the run goes on. Statistics at the end (and on Ctrl-C); exit
status 1 when anything failed. ``tests/test_fuzz.py`` runs a short version in CI.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg.records import Article, ArticleFacts  # noqa: E402
from kg.sources import MAX_ARTICLE_CHARS  # noqa: E402

PHRASES = [
    "Russia demanded that NATO limit troops in Eastern Europe.",
    "Secretary of State Antony Blinken met Russian Foreign Minister Sergei Lavrov in Geneva on Friday.",
    "Russian President Vladimir Putin has demanded that NATO withdraw.",
    "Ban Ki-moon, the UN Secretary-General, urged both sides to show restraint.",
    "China threatened to impose sanctions on the United States, a spokesman said.",
    "\u201cWe will never accept this,\u201d Mr. Putin told reporters.",
    "Ukraine's President Volodymyr Zelensky said Kyiv would not negotiate.",
    "The European Union and Turkey signed an agreement in Brussels on 12 March 2022.",
    "Israel and Hamas agreed to a ceasefire brokered by Egypt and Qatar.",
    "He said it would not happen. She rejected the demand. They protested in Paris.",
    "Iran's Supreme Leader Ali Khamenei warned the U.S.-led coalition.",
    "The State Department criticised the Russian Foreign Ministry's statement.",
    "North Korea fired two missiles into the Sea of Japan, Japan's defence ministry said.",
]
FRAGMENTS = [
    '"', "'", "\u201c", "\u201d", "\u2019", "(", ")", "[", "]", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "&amp;", "\\", "\n", "\n\n", "\r\n", "\t", "\x00", "\x07", "\x0b", "\x0c",
    "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029", "\u00a0", "\u200b", "\u200d", "\u202e", "\u202c", "\u200f",
    "\ufeff", "\ufffd", "\U0010ffff", "😀", "🇺🇦", "👍🏽", "👨\u200d👩\u200d👧", "مرحبا", "עברית", "Путин",
    "日本", "e\u0301", "ﬁ", "İ", "ß", "Mr.", "Dr.", "U.S.", "U.S.-", "-", "--", "\u2014", "...", "…", ".", "?!",
    ";", ":", ",", "'s", "n't", "http://x.org/a?b=c#d", "@user", "#tag", "$1,000", "100%", "2022-01-09",
    "Jan. 9", "1/2/2022", "said", "demanded", "that", "NATO", "Russia", "Putin", "the", "of", "and", "he", "she",
    "it", "they", "Moscow", "Washington", "Secretary of State", "President", "Minister", "UN", "EU",
]  # fmt: skip
DATES = [None, "2022-01-09", "1999-12-31", "2024-02-29", "2000-01-01"]
#: Valid ISO dates kg.sources accepts, at the ends of Python's range (--edge-dates): relative
#: times ("tomorrow") then overflow (kg/extract/timex.py; tests/test_fuzz.py has the xfail).
EDGE_DATES = ["0001-01-01", "9999-12-31"]


def _random_unicode(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.6:
            out.append(chr(rng.randrange(0x20, 0x7F)))
        elif r < 0.8:
            out.append(chr(rng.randrange(0xA0, 0x3000)))
        else:
            c = rng.randrange(0x110000)
            out.append("\ufffd" if 0xD800 <= c < 0xE000 else chr(c))
    return "".join(out)


def _mutations() -> list[Callable[[random.Random, str], str]]:
    def insert(rng: random.Random, s: str) -> str:
        i = rng.randint(0, len(s))
        return s[:i] + rng.choice(FRAGMENTS) + s[i:]

    def insert_unicode(rng: random.Random, s: str) -> str:
        i = rng.randint(0, len(s))
        return s[:i] + _random_unicode(rng, rng.randint(1, 12)) + s[i:]

    def delete(rng: random.Random, s: str) -> str:
        i = rng.randint(0, len(s))
        return s[:i] + s[i + rng.randint(1, 20) :]

    def duplicate(rng: random.Random, s: str) -> str:
        i = rng.randint(0, len(s))
        j = min(len(s), i + rng.randint(1, 40))
        return s[:j] + s[i:j] * rng.randint(1, 5) + s[j:]

    def repeat_word(rng: random.Random, s: str) -> str:
        words = s.split() or ["Russia"]
        return s + " " + " ".join([rng.choice(words)] * rng.randint(50, 400))

    def long_token(rng: random.Random, s: str) -> str:
        i = rng.randint(0, len(s))
        return s[:i] + rng.choice(["a", "X", ".", "-", "😀", "'"]) * rng.randint(200, 3000) + s[i:]

    def shuffle_words(rng: random.Random, s: str) -> str:
        words = s.split(" ")
        rng.shuffle(words)
        return " ".join(words)

    def case(rng: random.Random, s: str) -> str:
        return rng.choice([str.upper, str.lower, str.title, str.swapcase])(s)

    def whitespace(rng: random.Random, s: str) -> str:
        return s.replace(" ", rng.choice(["\n", "\t", "\u00a0", "\u2028", "  ", "\u3000", "\x0b", ""]))

    def splice(rng: random.Random, s: str) -> str:
        other = rng.choice(PHRASES)
        return s[: rng.randint(0, len(s))] + other[rng.randint(0, len(other)) :]

    def strip_punctuation(rng: random.Random, s: str) -> str:
        return "".join(c for c in s if c not in ".,;:!?\"'")

    def bytes_as_latin1(rng: random.Random, s: str) -> str:
        return s + bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))).decode("latin-1")

    def nest_quotes(rng: random.Random, s: str) -> str:
        q = rng.choice(['"', "\u201c", "'", "\u00ab"])
        return f"He said {q}{s}{q}, {q}she said {q}{s}{q}{q}."

    return [
        insert, insert, insert_unicode, delete, duplicate, repeat_word, long_token, shuffle_words,
        case, whitespace, splice, splice, strip_punctuation, bytes_as_latin1, nest_quotes,
    ]  # fmt: skip


MUTATIONS = _mutations()


def base_texts() -> list[str]:
    """Seed article paragraphs, hostile fixture texts and political phrases."""
    texts = list(PHRASES)
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        texts += [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    for path in sorted((ROOT / "tests" / "data" / "hostile").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict) and isinstance(obj.get("text"), str):
                texts.append(obj["text"])
    return texts


def random_text(rng: random.Random, texts: Sequence[str]) -> str:
    r = rng.random()
    if r < 0.1:
        return _random_unicode(rng, rng.randint(0, 300))
    if r < 0.2:
        return " ".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 60)))
    s = " ".join(rng.choice(texts) for _ in range(rng.randint(1, 4)))
    for _ in range(rng.randint(0, 6)):
        s = rng.choice(MUTATIONS)(rng, s)
    return s


def random_article(rng: random.Random, texts: Sequence[str], n: int, dates: Sequence[str | None] = DATES) -> Article:
    # (kg.sources skips articles over MAX_ARTICLE_CHARS, spaCy's max_length: keep under it)
    body = (random_text(rng, texts) or rng.choice(FRAGMENTS))[: MAX_ARTICLE_CHARS // 2]
    title = None if rng.random() < 0.4 else random_text(rng, PHRASES)[:200] or None
    return Article(f"fuzz-{n}", body, title, rng.choice(dates))


def check(articles: Sequence[Article], facts: Sequence[ArticleFacts]) -> None:
    """What extraction must give for any input; AssertionError otherwise."""
    import pyoxigraph as ox

    from kg.graph import build_graph
    from kg.rdf import nquads

    assert [f.article for f in facts] == list(articles), "one facts record per article, in order"
    for f in facts:
        text, doc = f.article.text, f.article.doc_id
        keys = {e.key for e in f.entities}
        assert len(keys) == len(f.entities), "entity keys are unique"
        evidence = [m for e in f.entities for m in e.mentions]
        evidence += [e.evidence for e in f.events] + [r.evidence for r in f.relations]
        for ev in evidence:
            assert ev.doc_id == doc, ev
            assert 0 <= ev.sent_start <= ev.start <= ev.end <= ev.sent_end <= len(text), ev
            assert text[ev.sent_start : ev.sent_end] == ev.sentence, ev
        for e in f.entities:
            assert e.key and isinstance(e.name, str) and 0.0 <= e.confidence <= 1.0, e
        for e in f.events:
            assert all(k in keys for k in (*e.source, *e.target)), e
            assert e.location is None or e.location in keys, e
            assert 0.0 <= e.confidence <= 1.0, e
        for r in f.relations:
            assert r.subject in keys and (not r.object_is_entity or r.object in keys), r
        json.dumps(f.to_json(), ensure_ascii=False).encode("utf-8")
    data = nquads(build_graph(facts)).encode("utf-8")
    list(ox.parse(data, ox.RdfFormat.N_QUADS))


def run_batch(nlp: Any, articles: list[Article]) -> list[ArticleFacts]:
    from kg.extract import extract

    facts = list(extract(articles, nlp))
    check(articles, facts)
    return facts


def _culprit(nlp: Any, articles: list[Article]) -> Article | None:
    """The first article that fails on its own (None: only the batch fails)."""
    for a in articles:
        try:
            run_batch(nlp, [a])
        except Exception:
            return a
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=1.0, help="how long to run (default 1)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock)")
    parser.add_argument("--batch", type=int, default=8, help="articles per extract() call (default 8)")
    parser.add_argument("--out", type=Path, default=Path("fuzz-crashes"), help="where failing inputs go")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: kg's bundled one)")
    parser.add_argument("--edge-dates", action="store_true", help="also article dates 0001-01-01, 9999-12-31")
    parser.add_argument("--slow", type=float, default=10.0, help="report a batch slower than this (s)")
    args = parser.parse_args(argv)

    from kg.nlp import load

    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    texts = base_texts()
    dates = DATES + EDGE_DATES if args.edge_dates else DATES
    nlp = load(args.model)
    stats = {"seed": seed, "batches": 0, "articles": 0, "characters": 0, "entities": 0, "events": 0}
    failures: list[dict[str, Any]] = []
    slow: list[float] = []
    started = time.monotonic()
    deadline = started + 60 * args.minutes
    n = 0
    try:
        while time.monotonic() < deadline:
            articles = []
            for _ in range(args.batch):
                articles.append(random_article(rng, texts, n, dates))
                n += 1
            t0 = time.monotonic()
            try:
                facts = run_batch(nlp, articles)
            except Exception as exc:
                culprit = _culprit(nlp, articles)
                failures.append({"error": f"{type(exc).__name__}: {exc}"[:500]})
                args.out.mkdir(parents=True, exist_ok=True)
                stem = args.out / f"crash-{seed}-{len(failures)}"
                bad = [culprit] if culprit else articles
                with stem.with_suffix(".jsonl").open("w", encoding="utf-8") as fh:
                    for a in bad:
                        obj = {"id": a.doc_id, "title": a.title, "date": a.date, "text": a.body}
                        fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
                stem.with_suffix(".txt").write_text(traceback.format_exc(), encoding="utf-8")
                print(f"FAIL {type(exc).__name__}: {str(exc)[:200]} -> {stem}.jsonl", file=sys.stderr, flush=True)
                continue
            finally:
                stats["batches"] += 1
                stats["articles"] += len(articles)
                stats["characters"] += sum(len(a.text) for a in articles)
            took = time.monotonic() - t0
            if took > args.slow:
                slow.append(took)
                args.out.mkdir(parents=True, exist_ok=True)
                path = args.out / f"slow-{seed}-{len(slow)}.jsonl"
                with path.open("w", encoding="utf-8") as fh:
                    for a in articles:
                        obj = {"id": a.doc_id, "title": a.title, "date": a.date, "text": a.body}
                        fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
                print(f"SLOW batch {stats['batches']}: {took:.1f} s -> {path}", file=sys.stderr, flush=True)
            stats["entities"] += sum(len(f.entities) for f in facts)
            stats["events"] += sum(len(f.events) for f in facts)
    except KeyboardInterrupt:
        pass
    stats.update(
        minutes=round((time.monotonic() - started) / 60, 2),
        failures=len(failures),
        slow_batches=len(slow),
        slowest_batch_s=round(max(slow), 1) if slow else None,
    )
    print(json.dumps(stats, indent=1))
    for f in failures[:20]:
        print("  " + f["error"])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
