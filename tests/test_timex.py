"""Time expressions normalised against the article date."""

from __future__ import annotations

import pytest

from kg.extract.timex import looks_temporal, normalize


@pytest.mark.parametrize(
    ("text", "anchor", "tense", "expected"),
    [
        ("Monday", "2022-01-09", "future", "2022-01-10"),  # a Sunday article: the next day
        ("on Sunday", "2022-01-09", "past", "2022-01-09"),
        ("Wednesday", "2005-04-30", "past", "2005-04-27"),
        ("last Wednesday", "2005-04-30", "present", "2005-04-27"),
        ("in 2014", "2022-01-09", "past", "2014"),
        ("December of 2007", "2008-03-27", "past", "2007-12"),
        ("July 2", "2008-07-04", "past", "2008-07-02"),
        ("2 July 2008", None, "past", "2008-07-02"),
        ("yesterday", "2005-04-30", "past", "2005-04-29"),
        ("in late March", "2005-04-30", "past", "2005-03"),
        ("Monday", None, "past", None),
        ("the talks", "2022-01-09", "past", None),
    ],
)
def test_normalize(text, anchor, tense, expected):
    assert normalize(text, anchor, tense=tense) == expected


def test_may_the_verb_is_not_may_the_month():
    assert normalize("may", "2022-01-09") is None
    assert normalize("May 4", "2009-05-11") == "2009-05-04"


def test_looks_temporal():
    assert looks_temporal("on Sunday night") and looks_temporal("in 2014")
    assert not looks_temporal("in Geneva")
