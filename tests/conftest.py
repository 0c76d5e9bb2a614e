"""Shared fixtures: small hand-made ArticleFacts resembling the seed article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.records import (
    AFFILIATED_WITH,
    HOLDS_POSITION,
    Article,
    ArticleFacts,
    Entity,
    Event,
    Evidence,
    Relation,
)

SEED_TITLE = "Blinken: Breakthrough with Putin unlikely"
SEED_BODY = (
    "Secretary of State Antony Blinken on Sunday downplayed prospects for a breakthrough "
    "with Moscow. "
    "Talks begin Monday in Geneva between Deputy Secretary of State Wendy Sherman and "
    "Russian Deputy Foreign Minister Sergei Ryabkov. "
    "Russian President Vladimir Putin has demanded that NATO limit troops and military "
    "equipment in Eastern Europe."
)

SECOND_TITLE = "Putin repeats demands"
SECOND_BODY = (
    "Moscow again demanded that NATO limit troops and military equipment in Eastern Europe, Mr. Putin told reporters."
)


def evidence(article: Article, phrase: str, occurrence: int = 0) -> Evidence:
    """Evidence of ``phrase`` (its ``occurrence``-th match) in ``article.text``."""
    text = article.text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    end = start + len(phrase)
    sent_start = max(
        text.rfind(". ", 0, start) + 2 if text.rfind(". ", 0, start) >= 0 else 0,
        text.rfind("\n", 0, start) + 1,
    )
    sent_end = text.find(". ", end)
    sent_end = len(text) if sent_end < 0 else sent_end + 1
    return Evidence(article.doc_id, start, end, text[sent_start:sent_end], sent_start, sent_end)


def make_seed_facts() -> ArticleFacts:
    """Facts of a seed-like article: DEMAND with content, CONSULT, relations."""
    a = Article(
        doc_id="blinken-geneva-talks",
        title=SEED_TITLE,
        body=SEED_BODY,
        date="2022-01-09",
        url="https://www.example.com/news/2022/jan/9/blinken-geneva",
    )
    ev = lambda phrase, n=0: evidence(a, phrase, n)  # noqa: E731
    entities = (
        Entity(
            "person/antony-blinken",
            "Antony Blinken",
            "PERSON",
            ("Blinken",),
            mentions=(ev("Blinken"), ev("Antony Blinken")),
            confidence=0.9,
        ),
        Entity(
            "person/vladimir-putin",
            "Vladimir Putin",
            "PERSON",
            ("Putin",),
            mentions=(ev("Putin"), ev("Vladimir Putin")),
            confidence=0.95,
        ),
        Entity("person/wendy-sherman", "Wendy Sherman", "PERSON", mentions=(ev("Wendy Sherman"),)),
        Entity("person/sergei-ryabkov", "Sergei Ryabkov", "PERSON", mentions=(ev("Sergei Ryabkov"),)),
        Entity(
            "Q159",
            "Russia",
            "COUNTRY",
            ("Moscow",),
            wikidata="Q159",
            mentions=(ev("Moscow"), ev("Russian")),
        ),
        Entity("Q30", "United States", "COUNTRY", wikidata="Q30", mentions=()),
        Entity("Q7184", "NATO", "ORGANIZATION", wikidata="Q7184", mentions=(ev("NATO"),)),
        Entity("Q71", "Geneva", "LOCATION", wikidata="Q71", mentions=(ev("Geneva"),)),
        Entity(
            "location/eastern-europe",
            "Eastern Europe",
            "LOCATION",
            mentions=(ev("Eastern Europe"),),
        ),
    )
    events = (
        Event(
            "v1",
            "DEMAND",
            "10",
            "demanded",
            ev("demanded"),
            source=("person/vladimir-putin", "Q159"),
            target=("Q7184",),
            content="limit troops and military equipment in Eastern Europe",
            modality="asserted",
            confidence=0.8,
        ),
        Event(
            "v2",
            "CONSULT",
            "04",
            "Talks",
            ev("Talks"),
            source=("person/wendy-sherman", "Q30"),
            target=("person/sergei-ryabkov", "Q159"),
            time="2022-01-10",
            location="Q71",
            confidence=0.7,
        ),
        Event(
            "v3",
            "STATEMENT",
            "01",
            "downplayed",
            ev("downplayed"),
            source=("person/antony-blinken",),
        ),
    )
    relations = (
        Relation(
            "person/antony-blinken",
            HOLDS_POSITION,
            "Secretary of State",
            ev("Secretary of State Antony Blinken"),
            object_is_entity=False,
        ),
        Relation(
            "person/antony-blinken",
            AFFILIATED_WITH,
            "Q30",
            ev("Secretary of State Antony Blinken"),
            confidence=0.6,
        ),
        Relation(
            "person/vladimir-putin",
            HOLDS_POSITION,
            "President",
            ev("Russian President Vladimir Putin"),
            object_is_entity=False,
        ),
        Relation("person/vladimir-putin", AFFILIATED_WITH, "Q159", ev("Russian President Vladimir Putin")),
    )
    return ArticleFacts(a, entities, events, relations)


def make_second_facts() -> ArticleFacts:
    """A second article repeating the DEMAND (same event, new evidence)."""
    a = Article(doc_id="putin-repeats", title=SECOND_TITLE, body=SECOND_BODY, date="2022-01", url=None)
    ev = lambda phrase, n=0: evidence(a, phrase, n)  # noqa: E731
    entities = (
        Entity(
            "person/vladimir-putin",
            "Putin",
            "PERSON",
            ("Mr. Putin",),
            mentions=(ev("Putin"), ev("Mr. Putin")),
            confidence=0.99,
        ),
        Entity("Q159", "Russia", "COUNTRY", ("Moscow",), wikidata="Q159", mentions=(ev("Moscow"),)),
        Entity(
            "Q7184",
            "NATO",
            "ORGANIZATION",
            ("North Atlantic Treaty Organization",),
            wikidata="Q7184",
            mentions=(ev("NATO"),),
        ),
    )
    events = (
        Event(
            "e7",
            "DEMAND",
            "10",
            "demanded",
            ev("demanded"),
            source=("Q159", "person/vladimir-putin"),
            target=("Q7184",),
            content="Limit troops and military equipment in Eastern Europe.",
            modality="reported",
            confidence=0.9,
        ),
    )
    return ArticleFacts(a, entities, events, ())


@pytest.fixture
def seed_facts() -> list[ArticleFacts]:
    """One seed-like article."""
    return [make_seed_facts()]


@pytest.fixture
def two_articles() -> list[ArticleFacts]:
    """The seed-like article and a second one repeating its DEMAND."""
    return [make_seed_facts(), make_second_facts()]


@pytest.fixture(scope="session")
def kg_nlp():
    """kg's bundled pipeline with its components (loaded once per test session)."""
    from kg.nlp import load

    return load()


HOSTILE_NAME = 'Mu\'ammar "The <Colonel>"\nGaddafi \\ 😀 مرحبا \u202eRTL\u202c {x} |^` %41'
HOSTILE_ALIAS = "ctrl\x00\x07\x1f\x7f\ttab\r\nend ''' \"\"\""
HOSTILE_CONTENT = 'stop "all" <strikes>\\n now\r\n😀 עברית'


def make_hostile_facts() -> ArticleFacts:
    """Names, keys, ids and texts full of characters that break naive writers."""
    body = f"{HOSTILE_NAME} demanded that they {HOSTILE_CONTENT}."
    a = Article(
        doc_id='doc/1 "x" <y> #z ?q=1 😀 ..',
        title='עברית <b>&amp;</b> "title"',
        body=body,
        date="2022-02",
        url='https://ex.org/a b?q="1"&r=<2>#frag',
    )
    ev = evidence(a, "demanded")
    who = Evidence(a.doc_id, a.body_offset, a.body_offset + len(HOSTILE_NAME), a.text, 0, len(a.text))
    entities = (
        Entity(
            'person/o\'brien "the <boss>" 😀 {x}|^`\\ %41 #f ?q',
            HOSTILE_NAME,
            "PERSON",
            (HOSTILE_ALIAS, "Ø"),
            mentions=(who,),
        ),
        Entity("org/../etc", "Dot <Segment>", "ORGANIZATION", mentions=(ev,)),
        Entity("date/2022", "2022", "DATE"),
    )
    events = (
        Event(
            "v1",
            "DEMAND",
            "1056",
            'demanded\\"',
            ev,
            source=(entities[0].key,),
            target=(entities[1].key,),
            content=HOSTILE_CONTENT,
            time="2022-02",
            location="date/2022",
        ),
        Event(
            "v2",
            "FIGHT",
            "19",
            "could invade",
            ev,
            source=(entities[1].key,),
            target=(entities[0].key,),
            modality="hypothetical",
            time="sometime",
        ),
    )
    relations = (
        Relation(
            entities[0].key,
            HOLDS_POSITION,
            'Chief "Guide" <of>\nthe Revolution',
            ev,
            object_is_entity=False,
        ),
        Relation(entities[0].key, AFFILIATED_WITH, entities[1].key, ev),
    )
    return ArticleFacts(a, entities, events, relations)


@pytest.fixture
def hostile_facts() -> list[ArticleFacts]:
    """One article of hostile strings (quotes, <>, newlines, emoji, RTL, controls)."""
    return [make_hostile_facts()]


def write_seed_corpus(folder: Path, tag: str, n: int) -> Path:
    """``folder/<tag>.jsonl``: ``n`` copies of the seed article, ids ``<tag>0`` ..., each with its own town."""
    seed = (Path(__file__).resolve().parents[1] / "seeds" / "blinken-geneva-talks.txt").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{tag}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"{tag}{i}", "text": seed.replace("Geneva", f"Town{tag}{i}")}) + "\n")
    return path
