"""Time expressions normalised against the article's date.

>>> normalize("Monday", "2022-01-09", tense="future")
'2022-01-10'
>>> normalize("Sunday", "2022-01-09", tense="past")
'2022-01-09'
>>> normalize("in 2014", "2022-01-09")
'2014'
>>> normalize("December of 2007", None)
'2007-12'
>>> normalize("July 2", "2008-07-04", tense="past")
'2008-07-02'
>>> normalize("last Wednesday", "2005-04-30")
'2005-04-27'
>>> normalize("yesterday", "2005-04-30")
'2005-04-29'
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _parse_anchor(anchor: str | None) -> dt.date | None:
    if not anchor:
        return None
    try:
        return dt.date.fromisoformat(anchor[:10])
    except ValueError:
        return None


def _month(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in MONTHS:
        return MONTHS.index(w) + 1
    return MONTH_ABBR.get(w)


def normalize(text: str, anchor: str | None, *, tense: str = "past") -> str | None:
    """An ISO date (``YYYY-MM-DD``), month (``YYYY-MM``) or year for ``text``, or None.

    ``anchor`` is the article's ISO date; ``tense`` ("past", "present",
    "future") picks the nearer weekday before or after it. A date that would
    fall outside the calendar (the day after 9999-12-31) is None.

    >>> normalize("tomorrow", "9999-12-31") is None
    True
    """
    try:
        return _normalize(text, anchor, tense)
    except (OverflowError, ValueError):
        return None


def _normalize(text: str, anchor: str | None, tense: str) -> str | None:
    t = re.sub(r"\s+", " ", text.strip().lower())
    t = re.sub(r"^(on|in|at|since|by|from|until|during|of)\s+", "", t)
    base = _parse_anchor(anchor)
    # explicit dates: "July 2, 2008", "2 July 2008", "December of 2007", "March 2003", "2014"
    m = re.search(r"\b(1[5-9]\d\d|20\d\d)-(\d\d)-(\d\d)\b", t)
    if m:
        return m.group(0)
    words = re.findall(r"[a-z]+\.?|\d+", t)
    year = next((int(w) for w in words if w.isdigit() and len(w) == 4 and 1500 <= int(w) <= 2100), None)
    month = next((_month(w) for w in words if _month(w)), None)
    day = next((int(w) for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31), None)
    if month == 5 and "may" in words and day is None and year is None:
        month = None  # the modal verb, not the month
    if month:
        if year is None and base is not None:
            year = base.year if month <= base.month or tense == "future" else base.year - 1
        if year is None:
            return None
        if day:
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                return f"{year:04d}-{month:02d}"
        return f"{year:04d}-{month:02d}"
    if year is not None:
        return f"{year:04d}"
    if base is None:
        return None
    for word, shift in RELATIVE_DAYS.items():
        if re.search(rf"\b{word}\b", t):
            return (base + dt.timedelta(days=shift)).isoformat()
    for n, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", t):
            delta = n - base.weekday()
            if "last" in words or "past" in words:
                delta = delta - 7 if delta >= 0 else delta
            elif "next" in words or tense == "future":
                delta = delta + 7 if delta < 0 else delta
            elif tense == "past" and delta > 0:
                delta -= 7
            elif tense == "present" and delta < 0:
                delta += 7
            return (base + dt.timedelta(days=delta)).isoformat()
    if re.search(r"\blast year\b", t):
        return f"{base.year - 1:04d}"
    if re.search(r"\bthis year\b", t):
        return f"{base.year:04d}"
    if re.search(r"\blast month\b", t):
        first = base.replace(day=1) - dt.timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    return None


TIME_WORDS = set(WEEKDAYS) | set(MONTHS) | set(RELATIVE_DAYS) | {"year", "month"}


def looks_temporal(text: str) -> bool:
    """Whether a phrase names a time at all (a cheap test before :func:`normalize`)."""
    return bool(_temporal_re().search(text.lower()))


@lru_cache(maxsize=1)
def _temporal_re() -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, TIME_WORDS), key=len, reverse=True))
    return re.compile(rf"\b(?:1[5-9]\d\d|20\d\d|{words})\b")
