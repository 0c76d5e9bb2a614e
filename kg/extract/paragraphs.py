"""``kg_paragraphs``: a line break ends a sentence.

News text comes in paragraphs (and kg puts the title on its own line); the
treebanks a parser learns from have no line breaks, so without help a parser
runs sentences across them. This component, placed before the parser, marks
the token after a line break as a sentence start and the break itself as a
sentence of its own; the parser keeps boundaries that are already set.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("kg_paragraphs")
>>> doc = nlp("A title\\n\\nThe body starts here.")
>>> [t.is_sent_start for t in doc]
[True, None, True, True, None, None, None, None]
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("kg_paragraphs", assigns=["token.is_sent_start"])
def mark_paragraphs(doc: Doc) -> Doc:
    """Set sentence starts around whitespace tokens that hold a line break."""
    if len(doc):
        doc[0].is_sent_start = True
    for tok in doc:
        if tok.is_space and "\n" in tok.text:
            tok.is_sent_start = True
            if tok.i + 1 < len(doc):
                doc[tok.i + 1].is_sent_start = True
    return doc
