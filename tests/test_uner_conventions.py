"""training.evaluate.uner_spans: kg's entities in UNER's annotation conventions."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from training.evaluate import uner_spans


def _uner(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    doc = spacy.blank("en")(text)
    spans = [Span(doc, s, e, label=label) for s, e, label in ents]
    return [(e.text, e.label_) for e in uner_spans(doc, spans)]


def test_labels_are_mapped_and_demonyms_dropped():
    assert _uner("Russian troops left Ukraine for NATO talks.",
                 [(0, 1, "NORP"), (3, 4, "COUNTRY"), (5, 6, "ORGANIZATION")]) == [
        ("Ukraine", "LOC"), ("NATO", "ORG")]


def test_titles_and_honorifics_are_not_part_of_a_name():
    assert _uner("Russian Foreign Minister Sergei Lavrov met Mr. Blinken .",
                 [(0, 5, "PERSON"), (6, 8, "PERSON")]) == [
        ("Sergei Lavrov", "PERSON"), ("Blinken", "PERSON")]
    # a bare title stays (there is nothing else to keep)
    assert _uner("President spoke", [(0, 1, "PERSON")]) == [("President", "PERSON")]


def test_names_end_in_a_name_word_and_lose_a_leading_the():
    assert _uner("the Bank of Scotland customers complained", [(0, 5, "ORG")]) == [
        ("Bank of Scotland", "ORG")]
    assert _uner("The German army moved", [(1, 3, "ORG")]) == []  # a demonym is left
    # an all-lowercase name (a forum post) is left as it is
    assert _uner("i live in iraq", [(3, 4, "LOC")]) == [("iraq", "LOC")]
