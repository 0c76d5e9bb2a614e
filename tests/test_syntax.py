"""kg.extract.syntax: quotation spans."""

from __future__ import annotations

import pytest
import spacy

from kg.extract.syntax import CLOSE_QUOTES, OPEN_QUOTES, STRAIGHT_QUOTES, quoted_tokens


def quoted_by_loop(doc):
    """The rule, token by token: what the array version must agree with."""
    inside, out = False, []
    for tok in doc:
        if tok.is_space and "\n" in tok.text:
            inside = False
            out.append(False)
        elif tok.text in OPEN_QUOTES | CLOSE_QUOTES | STRAIGHT_QUOTES:
            inside = tok.text in OPEN_QUOTES or (tok.text in STRAIGHT_QUOTES and not inside)
            out.append(False)
        else:
            out.append(inside)
    return out


@pytest.mark.parametrize("text", [
    'He said "we will not go" and left.',
    "He said “we will not go” and left.",
    'He said "we will\n\nnot go and left.',  # a paragraph break closes an open quotation
    '"Open  ended, with  spaces',
    'No quotes at all.',
    '"" "a" "b',
    "",
])
def test_quoted_tokens(text):
    doc = spacy.blank("en")(text)
    assert quoted_tokens(doc) == quoted_by_loop(doc)


def test_quoted_tokens_marks_the_words_inside():
    doc = spacy.blank("en")('He said "we go" now.')
    assert [t.text for t, q in zip(doc, quoted_tokens(doc), strict=True) if q] == ["we", "go"]
