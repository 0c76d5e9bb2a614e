"""The shape of names: words that make a name a place or an organization, name
particles, hyphen-joined names, and the test of whether two names can be one person.

Pure functions over spans and strings, used by :mod:`kg.extract.entities`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Protocol

from spacy.tokens import Span, Token

#: last words that make a name a place whatever the NER said ("Crimean Peninsula")
PLACE_WORDS = {"peninsula", "island", "islands", "sea", "river", "mountains", "valley", "strip",
               "bay", "gulf", "province", "region", "district", "lake", "ocean", "desert", "coast",
               "county", "territory", "territories", "heights", "basin", "plateau", "palace",
               "square", "airport", "village", "city"}
#: last words that make a name an organization ("Columbia University")
ORG_WORDS = {"university", "party", "council", "ministry", "army", "brigades", "brigade", "commission",
             "committee", "court", "agency", "bank", "company", "corporation", "institute", "movement",
             "front", "union", "association", "organization", "organisation", "forces", "force",
             "department", "office", "assembly", "parliament", "congress", "senate", "group", "news",
             "times", "post", "network", "service", "guard", "police", "church", "foundation"}
#: capitalised words the NER takes for persons that name no one person: deities, faiths' followers
NOT_PERSONS = {"god", "allah", "jesus", "christ", "muhammad", "the prophet", "muslims", "christians", "jews",
               "sunnis", "shiites", "shias", "hindus", "buddhists", "catholics", "protestants", "kurds",
               "arabs", "israelis", "palestinians", "westerners", "islamists"}
NAME_PARTICLES = ("al-", "el-", "ad-", "as-", "ash-", "an-")
POSSESSIVE_TOKENS = {"'s", "’s", "'", "’"}


_NOT_WORD = re.compile(r"[^\w]+")


def name_key(text: str) -> str:
    """Lowercase words of a name, for comparing spellings: "The U.S." → "the u s"."""
    return _NOT_WORD.sub(" ", text.lower()).strip()


def bare(word: str) -> str:
    """A name word without an Arabic article: "al-Sadr" → "sadr" (but "Alor" stays "alor").

    >>> bare("al-Sadr"), bare("Alor"), bare("El-Baradei")
    ('sadr', 'alor', 'baradei')
    """
    w = word.lower()
    for p in NAME_PARTICLES:
        if w.startswith(p) and len(w) > len(p):
            return w[len(p):]
    return w


def same_person(words: list[str], known: list[str]) -> bool:
    """Whether name words (lowercase, particles dropped) can name the person ``known``.

    >>> same_person(["putin"], ["vladimir", "putin"]), same_person(["sharif", "ahmed"], ["sharif", "sheik", "ahmed"])
    (True, True)
    >>> same_person(["vladimir"], ["vladimir", "putin"])
    False
    """
    if words == known:
        return True
    if len(words) == 1:
        return words[0] in known[1:]  # a surname (or later name), never a first name alone
    if len(known) == 1:
        return words[-1] == known[0]  # the full name of someone known by surname
    return (words[0] == known[0] and words[-1] == known[-1]) or (
        len(words) < len(known) and words[-1] == known[-1] and set(words) <= set(known))


def join_hyphens(span: Span) -> Span:
    """Widen a span over hyphen-joined name parts: "Muqtada al" + "-Sadr", "Marie" + "-Jeanne Ion".

    A gazetteer name stays as it is: "U.S." in "U.S.-Russia" is a state of its own.
    """
    doc = span.doc
    if span.id_:
        return span
    start, end = span.start, span.end
    while start >= 2 and doc[start - 1].text in {"-", "‐"} and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and doc[start - 2].is_alpha:
        start -= 2  # "al-" + "Abadi"
    while end + 1 < len(doc) and doc[end].text in {"-", "‐"} and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        end += 2
        while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN" \
                and doc[end - 1].whitespace_ and not doc[end].ent_type_ and end - span.start < 6:
            end += 1
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_, kb_id=span.kb_id_, span_id=span.id_)


def locative(span: Span) -> bool:
    """A name after "in", "near", "across" ...: a place, whatever the NER said."""
    cases = [c.lower_ for c in span.root.children if c.dep_ in {"case", "prep"} and c.i < span.start]
    if span.root.dep_ == "pobj":
        cases.append(span.root.head.lower_)
    return bool(cases) and cases[-1] in LOCATIVE_CASES


LOCATIVE_CASES = {"in", "near", "across", "throughout", "outside", "inside", "around", "within"}


def hyphen_modifier(span: Span) -> bool:
    """"US-run", "Iranian-backed": a name joined by a hyphen to a lowercase word is a modifier."""
    doc = span.doc
    if len(span) == 1 and "-" in span.text and span.text.rsplit("-", 1)[-1].islower():
        return True
    after = span.end
    return after + 1 < len(doc) and doc[after].text == "-" and not doc[after - 1].whitespace_ \
        and not doc[after].whitespace_ and doc[after + 1].is_lower


def trim(span: Span) -> Span:
    """Drop a leading "the" and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    while end > start and (doc[end - 1].lower_ in POSSESSIVE_TOKENS or doc[end - 1].is_punct):
        end -= 1
    return Span(doc, start, end, label=span.label_, kb_id=span.kb_id_, span_id=span.id_)


def without_trailing_common_words(span: Span) -> Span | None:
    """A name ends in a name word: drop trailing lowercase words and the hyphens before
    them ("a former Soviet republic" → "Soviet", "Ethiopian-born" → "Ethiopian").

    None if nothing is left or only a word tagged as an adjective (``JJ``).

    >>> import spacy
    >>> doc = spacy.blank("en")("a former Soviet republic")
    >>> without_trailing_common_words(doc[2:4]).text
    'Soviet'
    """
    end = span.end
    doc = span.doc
    while end > span.start and ((doc[end - 1].is_alpha and doc[end - 1].is_lower) or (
            end < span.end and doc[end - 1].is_punct)):  # "Ethiopian-born"
        end -= 1
    if end == span.start or (end - span.start == 1 and doc[span.start].tag_ == "JJ"):
        return None
    if end == span.end:
        return span
    return Span(doc, span.start, end, label=span.label_, kb_id=span.kb_id_, span_id=span.id_)


def preceding_sentences(tok: Token, n: int) -> Iterator[Span]:
    """The sentence of ``tok`` and up to ``n`` sentences before, nearest first."""
    sent = tok.sent
    yield sent
    doc = tok.doc
    start = sent.start
    for _ in range(n):
        if start == 0:
            return
        prev = doc[start - 1].sent
        yield prev
        start = prev.start


class _Named(Protocol):
    key: str
    name: str
    type: str
    aliases: set[str]


@lru_cache(maxsize=65536)
def name_words(name: str) -> tuple[str, ...]:
    """The words of a person's name as :func:`same_person` compares them."""
    return tuple(bare(w) for w in name.split())


class NameIndex:
    """The entities of one article by their names' words, so that finding the one a new
    mention names takes time in the mentions that share a word with it, not in all the
    article's entities (an article of 8,000 distinct names would take the square).

    Entries are only added; a lookup checks each candidate against its current name,
    so an entity renamed or retyped since is never returned wrongly.
    """

    def __init__(self) -> None:
        self._rank: dict[str, int] = {}  # key → order of creation
        self._by_word: dict[str, dict[str, None]] = {}  # person name word → keys
        self._by_name: dict[str, dict[str, None]] = {}  # name_key of a name or alias → keys
        self._by_last: dict[str, dict[str, None]] = {}  # last word of a name (lowercase) → keys

    def add(self, draft: _Named) -> None:
        """Index (again) the current name and aliases of ``draft``."""
        self._rank.setdefault(draft.key, len(self._rank))
        for name in (draft.name, *draft.aliases):
            self._by_name.setdefault(name_key(name), {})[draft.key] = None
        for w in name_words(draft.name):
            self._by_word.setdefault(w, {})[draft.key] = None
        words = draft.name.split()
        if words:
            self._by_last.setdefault(words[-1].lower(), {})[draft.key] = None

    def people(self, words: list[str]) -> Iterable[str]:
        """Keys of the entities whose name may contain the last of these name words."""
        return self._by_word.get(words[-1], {}) if words else ()

    def named(self, text: str) -> list[str]:
        """Keys of the entities named or aliased ``text`` (by :func:`name_key`), first created first."""
        return sorted(self._by_name.get(name_key(text), {}), key=lambda k: self._rank.get(k, 1 << 30))

    def ending_with(self, word: str) -> Iterable[str]:
        return self._by_last.get(word.lower(), {})
