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


def _parsed():
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=["Russia", "was", "accused", "by", "NATO", "of", "lying"],
               heads=[2, 2, 2, 4, 2, 6, 2], deps=["nsubj:pass", "aux:pass", "ROOT", "case", "obl", "mark", "advcl"])


def test_labelled_children_in_and_out_of_the_parse_cache():
    from kg.extract import syntax

    doc = _parsed()
    plain = [(dep, c.i) for dep, c in syntax.labelled_children(doc[2])]
    assert plain == [("nsubj:pass", 0), ("aux:pass", 1), ("obl", 4), ("advcl", 6)]
    assert syntax.labelled_children(doc[2]) is not syntax.labelled_children(doc[2])  # no cache outside
    with syntax.parse_cache(doc):
        first = syntax.labelled_children(doc[2])
        assert [(dep, c.i) for dep, c in first] == plain
        assert syntax.labelled_children(doc[2]) is first  # remembered
        other = _parsed()  # another Doc inside the block is not mixed up with it
        assert syntax.labelled_children(other[2]) is not syntax.labelled_children(other[2])
        assert syntax.is_passive(doc[2]) and list(syntax.preposition_objects(doc[2])) == [("by", doc[4])]
    assert syntax.labelled_children(doc[2]) is not first  # forgotten after the block


def test_caching_parse_wraps_a_component_call():
    from kg.extract import syntax

    seen = []

    class Component:
        @syntax.caching_parse
        def __call__(self, doc):
            seen.append(syntax.labelled_children(doc[2]) is syntax.labelled_children(doc[2]))
            return doc

    doc = _parsed()
    assert Component()(doc) is doc and seen == [True]
    assert Component.__call__.__name__ == "__call__"


def test_main_subject_is_the_roots_subject():
    from spacy.tokens import Doc

    from kg.extract import syntax

    doc = Doc(spacy.blank("en").vocab, words=["Officials", "who", "spoke", "said", "it", "rained"],
              heads=[3, 2, 0, 3, 5, 3], deps=["nsubj", "nsubj", "acl:relcl", "ROOT", "nsubj", "ccomp"])
    assert syntax.main_subject(doc[:]).text == "Officials"  # not "who" or "it"
    no_subject = Doc(doc.vocab, words=["Talks", "ended"], heads=[1, 1], deps=["obj", "ROOT"])
    assert syntax.main_subject(no_subject[:]) is None
