"""kg_sentences: boundaries at line breaks and final punctuation, quotes kept whole."""

from __future__ import annotations

import spacy


def sents(text: str) -> list[str]:
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_sentences")
    return [s.text for s in nlp(text).sents if not s.text.isspace()]


def test_title_and_paragraphs_are_sentences():
    assert sents("Talks fail\n\nRussia left. NATO stayed.") == ["Talks fail", "Russia left.", "NATO stayed."]


def test_closing_quote_stays_with_its_sentence():
    assert sents('He said: "We will see." Then he left.') == ['He said: "We will see."', "Then he left."]


def test_abbreviations_and_lowercase_do_not_split():
    assert sents("Mr. Putin met the U.S. envoy. e.g. not this") == ["Mr. Putin met the U.S. envoy. e.g. not this"]


def test_comma_inside_quote_does_not_end_the_sentence():
    assert sents('"We will carry on," Sarkozy said.') == ['"We will carry on," Sarkozy said.']
