"""Token scans on attribute arrays.

spaCy makes a new :class:`~spacy.tokens.Token` object each time a token is
accessed, so a rule that walks every token of every Doc ("for tok in doc: if
tok.lower_ in WORDS") spends most of its time making Tokens it then ignores.
These functions find the few tokens a rule looks at on the Doc's attribute
arrays (``doc.to_array``, one C call) and make Tokens for those only.

>>> import spacy
>>> doc = spacy.blank("en")("Putin met Biden in Geneva.")
>>> [t.text for t in lowered(doc, ids({"met", "in"}))]
['met', 'in']
>>> [t.text for t in titled(doc)]
['Putin', 'Biden', 'Geneva']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
from spacy.attrs import DEP, IS_TITLE, LOWER, POS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token


def ids(words: Iterable[str]) -> np.ndarray:
    """The string ids of ``words``, sorted, as an array for :func:`isin`."""
    return np.array(sorted({get_string_id(w) for w in words}), dtype=np.uint64)


def isin(values: np.ndarray, words: np.ndarray) -> np.ndarray:
    """``numpy.isin(values, words)`` for a sorted ``words`` (:func:`ids`), by binary search:
    five times faster on a Doc's attribute array than ``numpy.isin``, which sorts both.

    >>> isin(np.array([3, 5, 9], dtype=np.uint64), ids(["x"])).tolist()
    [False, False, False]
    """
    if not len(words):
        return np.zeros(values.shape, dtype=bool)
    found = np.searchsorted(words, values)
    found[found == len(words)] = 0
    return words[found] == values


def case_ids(words: Iterable[str]) -> np.ndarray:
    """The ids of ``words`` in lower, title and upper case (for lemmas, which keep the
    case of a capitalised word: ``tok.lemma_.lower() in WORDS`` is then a test on these)."""
    words = list(words)
    return ids([*words, *(w.title() for w in words), *(w.upper() for w in words)])


def dotted(words: Iterable[str]) -> list[str]:
    """``words`` with and without a final full stop ("mr", "mr.")."""
    return [v for w in words for v in (w, f"{w}.")]


def tokens_at(doc: Doc, mask: np.ndarray) -> Iterator[Token]:
    """The tokens where ``mask`` (one bool per token) is set, in order."""
    return (doc[i] for i in np.flatnonzero(mask).tolist())


def lowered(doc: Doc, words: np.ndarray) -> Iterator[Token]:
    """The tokens whose lower-case form is one of ``words`` (string ids, :func:`ids`)."""
    return tokens_at(doc, isin(doc.to_array(LOWER), words))


def titled(doc: Doc, words: np.ndarray | None = None) -> Iterator[Token]:
    """The title-case tokens ("Putin"), or those of them whose lower-case form is one of ``words``."""
    arr = doc.to_array([IS_TITLE, LOWER])
    mask = arr[:, 0].astype(bool)
    if words is not None:
        mask &= isin(arr[:, 1], words)
    return tokens_at(doc, mask)


def with_dep(doc: Doc, labels: np.ndarray) -> Iterator[Token]:
    """The tokens whose dependency label is one of ``labels`` (string ids)."""
    return tokens_at(doc, isin(doc.to_array(DEP), labels))


def with_attr(doc: Doc, attr: int, values: np.ndarray) -> Iterator[Token]:
    """The tokens whose attribute ``attr`` (a ``spacy.attrs`` id: LEMMA, NORM, ...) is one of ``values``."""
    return tokens_at(doc, isin(doc.to_array(attr), values))


def verbs_or(doc: Doc, words: np.ndarray) -> Iterator[Token]:
    """The verbs and auxiliaries, and the tokens whose lower-case form is one of ``words``."""
    arr = doc.to_array([POS, LOWER])
    mask = isin(arr[:, 0], VERBAL_POS) | isin(arr[:, 1], words)
    return tokens_at(doc, mask)


def proper_titled(doc: Doc) -> Iterator[Token]:
    """The title-case proper nouns ("Ryabkov")."""
    arr = doc.to_array([IS_TITLE, POS])
    return tokens_at(doc, arr[:, 0].astype(bool) & (arr[:, 1] == _PROPN))


#: the parts of speech of verbs and auxiliaries (string ids)
VERBAL_POS = ids({"VERB", "AUX"})
_PROPN = get_string_id("PROPN")
