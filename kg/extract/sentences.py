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

from spacy.language import Language
from spacy.tokens import Doc, Token

FINAL = {".", "!", "?", "…", "...", "?!", "!?"}
CLOSERS = {'"', "”", "’", "'", ")", "]", "»", "''"}
OPENERS = {'"', "“", "‘", "'", "(", "[", "«", "``"}


def _can_start(tok: Token) -> bool:
    return tok.is_title or tok.is_upper or tok.is_digit or tok.text in OPENERS or tok.is_space


@Language.component("kg_sentences", assigns=["token.is_sent_start"])
def set_sentences(doc: Doc) -> Doc:
    """Decide every sentence boundary of ``doc`` (see the module docstring)."""
    starts = [False] * len(doc)
    if len(doc):
        starts[0] = True
    for tok in doc:
        i = tok.i
        if tok.is_space and "\n" in tok.text:
            starts[i] = True
            if i + 1 < len(doc):
                starts[i + 1] = True
        elif tok.text in FINAL:
            j = i + 1
            while j < len(doc) and doc[j].text in CLOSERS:
                j += 1
            if j < len(doc) and _can_start(doc[j]):
                starts[j] = True
    for tok, start in zip(doc, starts, strict=True):
        tok.is_sent_start = start
    return doc
