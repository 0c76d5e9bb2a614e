"""``kg_sentences``: sentence boundaries set by rule before the parser.

News text comes in paragraphs (and kg puts the title on its own line); the
treebanks a parser learns from have no line breaks and few long quotes, so a
parser left alone runs sentences across paragraphs or cuts them at commas.
This component, placed before the parser, decides every boundary: a line
break ends a sentence (the break is a sentence of its own), and so does final
punctuation (with any closing quotes or brackets) followed by a word that can
start a sentence. The parser keeps the boundaries it is given.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("kg_sentences")
>>> doc = nlp('A title\\n\\n"We will see," he said. Mr. Putin left.')
>>> [s.text for s in doc.sents]
['A title', '\\n\\n', '"We will see," he said.', 'Mr. Putin left.']
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import IS_DIGIT, IS_SPACE, IS_TITLE, IS_UPPER, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from kg.extract import scan

FINAL = {".", "!", "?", "…", "...", "?!", "!?"}
CLOSERS = {'"', "”", "’", "'", ")", "]", "»", "''"}
OPENERS = {'"', "“", "‘", "'", "(", "[", "«", "``"}

_FINAL = scan.ids(FINAL)
_CLOSERS = frozenset(get_string_id(s) for s in CLOSERS)
_OPENERS = scan.ids(OPENERS)


@Language.component("kg_sentences", assigns=["token.is_sent_start"])
def set_sentences(doc: Doc) -> Doc:
    """Decide every sentence boundary of ``doc`` (see the module docstring).

    Works on the token attribute arrays (no ``Token`` objects but for the few
    whitespace tokens): it runs on every token of every article.
    """
    n = len(doc)
    if not n:
        return doc
    attrs = doc.to_array([ORTH, IS_TITLE, IS_UPPER, IS_DIGIT, IS_SPACE])
    orth, space = attrs[:, 0], attrs[:, 4].astype(bool)
    can_start = attrs[:, 1:].any(axis=1) | scan.isin(orth, _OPENERS)
    starts = np.zeros(n, dtype=bool)
    starts[0] = True
    for i in np.flatnonzero(space).tolist():
        if "\n" in doc[i].text:  # a line break ends a sentence and is one of its own
            starts[i] = True
            if i + 1 < n:
                starts[i + 1] = True
    for i in np.flatnonzero(scan.isin(orth, _FINAL)).tolist():
        j = i + 1
        while j < n and int(orth[j]) in _CLOSERS:
            j += 1
        if j < n and can_start[j]:
            starts[j] = True
    doc.from_array([SENT_START], np.where(starts, 1, -1).astype(np.uint64).reshape(n, 1))  # type: ignore[arg-type]
    return doc
