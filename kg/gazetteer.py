"""kg's shipped gazetteer: countries, organizations, government bodies, regions, companies,
places and titles.

The data lives in ``kg/data/*.json`` and is read lazily: nothing is loaded at
import time, and :func:`default_gazetteer` builds one cached :class:`Gazetteer`.

>>> gaz = default_gazetteer()
>>> gaz.lookup("U.S.").name, gaz.lookup("the Kremlin"), gaz.by_metonym("the Kremlin").name
('United States', None, 'Russia')
>>> gaz.by_demonym("Russians").wikidata, gaz.lookup("us")
('Q159', None)
>>> body = gaz.government_body("Russian Foreign Ministry")
>>> body.id, body.name, body.type, body.country
('org/ru-foreign-ministry', 'Russian Foreign Ministry', 'ORGANIZATION', 'RU')
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"

#: entry types of the gazetteer (spaCy labels of its patterns, with NORP for demonyms)
ENTRY_TYPES = ("COUNTRY", "ORGANIZATION", "LOCATION")
DEMONYM_LABEL = "NORP"
#: names kept for :meth:`Gazetteer.lookup` but not matched as patterns (common words)
_PATTERN_SKIP = frozenset(
    {"Commonwealth", "Quad", "Amnesty", "Chancellery", "Commons", "Westminster", "CAR"}
)
_ACRONYM_RE = re.compile(r"^[A-Z0-9][A-Z0-9&/\-+]*[A-Z0-9+]$")


@dataclass(frozen=True)
class GazEntry:
    """One referent of the gazetteer: a country, an organization or a place.

    ``id`` is the Wikidata id when known, else a stable slug (``country/xx``,
    ``org/slug``, ``org/ru-foreign-ministry``, ``loc/slug``). ``country`` is the
    ISO 3166-1 alpha-2 code of the owning state of a government body.
    """

    id: str
    name: str
    type: str
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    official_name: str | None = None
    iso2: str | None = None
    iso3: str | None = None
    demonyms: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    capital: str | None = None
    metonyms: tuple[str, ...] = ()
    country: str | None = None
    kind: str | None = None
    status: str | None = None

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """Name, official name, aliases and acronyms, without duplicates."""
        forms = [self.name, self.official_name or "", *self.aliases, *self.acronyms]
        return tuple(dict.fromkeys(f for f in forms if f))


@dataclass(frozen=True)
class BodyKind:
    """A generic kind of government body ("Foreign Ministry") and its word forms."""

    kind: str
    name: str
    forms: tuple[tuple[tuple[str, ...], ...], ...]  # form -> token -> alternatives

    def phrases(self) -> Iterator[str]:
        """Every lowercase phrase of the kind ("defence ministry", "defense ministry", ...)."""
        for form in self.forms:
            yield from _expand(form)

    def variants(self) -> Iterator[str]:
        """Every phrase as written: lowercase and title case ("Defence Ministry")."""
        for body in self.phrases():
            yield from dict.fromkeys((body, _title(body)))


def _expand(form: tuple[tuple[str, ...], ...]) -> Iterator[str]:
    if not form:
        yield ""
        return
    for head in form[0]:
        for rest in _expand(form[1:]):
            yield f"{head} {rest}".strip()


# ---------------------------------------------------------------- normalisation
def _fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text``."""
    if text.isascii():  # (no accents to strip: most names)
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", flags=re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?<=\w)'s?$")


def _clean(text: str) -> str:
    """Collapse spaces, unify apostrophes, drop a leading "the", a possessive and dots."""
    text = _SPACES.sub(" ", text.replace("’", "'")).strip()
    text = _LEADING_THE.sub("", text)
    if "'" in text:
        text = _POSSESSIVE.sub("", text)
    return text.replace(".", "").strip(" ,")


def _is_acronym(text: str) -> bool:
    """Acronyms ("US", "U.S.", "NATO", "G7") match case-sensitively."""
    return bool(_ACRONYM_RE.match(text.replace(".", "")))


def _key(text: str) -> tuple[bool, str]:
    """Lookup key of a name: (case-sensitive?, normalised text)."""
    clean = _clean(text)
    if _is_acronym(clean):
        return True, clean
    return False, _fold(clean)


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _NOT_SLUG.sub("-", _fold(text)).strip("-")


def _tuple(values: Iterable[str] | None) -> tuple[str, ...]:
    if not values:
        return ()
    return tuple(dict.fromkeys(v for v in values if v))


def _read(name: str, data_dir: Path) -> Any:
    with (data_dir / name).open(encoding="utf-8") as handle:
        return json.load(handle)


# ---------------------------------------------------------------- the gazetteer
class Gazetteer:
    """Countries, organizations, government bodies, regions and titles, with lookups."""

    def __init__(self, data_dir: Path = DATA_DIR, *, places: bool = True) -> None:
        countries = _read("countries.json", data_dir)
        orgs = _read("organizations.json", data_dir)["organizations"]
        bodies = _read("government_bodies.json", data_dir)
        titles = _read("titles.json", data_dir)
        self._countries = [self._country_entry(c) for c in countries["countries"]]
        self._regions = [self._plain_entry(r, "LOCATION", "loc") for r in countries["regions"]]
        self._orgs = [self._plain_entry(o, "ORGANIZATION", "org") for o in orgs]
        self._bodies = [self._plain_entry(b, "ORGANIZATION", "org") for b in bodies["named"]]
        #: companies, news media and sports bodies (``companies.json``, optional)
        self._companies = [
            self._plain_entry(c, "ORGANIZATION", "organization")
            for c in _read("companies.json", data_dir)["companies"]
        ] if (data_dir / "companies.json").exists() else []
        #: cities, US states and continents from GeoNames (``places.json``, optional)
        self._places = [
            self._plain_entry(p, "LOCATION", "location") for p in _read("places.json", data_dir)["places"]
        ] if places and (data_dir / "places.json").exists() else []
        self._kinds = {
            k["kind"]: BodyKind(k["kind"], k["name"], tuple(
                tuple(tuple(tok.split("/")) for tok in form) for form in k["forms"]))
            for k in bodies["generic"]
        }
        self._titles = _tuple(titles["titles"])
        self._implied = {k.lower(): v for k, v in titles.get("implied_country", {}).items()}
        self._modifiers = _tuple(titles["modifiers"])
        self._honorifics = _tuple(titles["honorifics"])
        #: (surface form, first entry id, second entry id) of names claimed twice
        self.collisions: list[tuple[str, str, str]] = []
        self._exact: dict[str, GazEntry] = {}
        self._folded: dict[str, GazEntry] = {}
        for entry in self.entries():
            for form in entry.surface_forms:
                self._index(form, entry)
        self._by_iso: dict[str, GazEntry] = {}
        self._demonyms: dict[str, GazEntry] = {}
        self._metonyms: dict[str, GazEntry] = {}
        self._adjectives: dict[tuple[bool, str], GazEntry] = {}
        for c in self._countries:
            for code in (c.iso2, c.iso3):
                if code:
                    self._by_iso[code.upper()] = c
            for word in c.demonyms:
                self._claim(self._demonyms, _fold(_clean(word)), c, word)
            for word in c.metonyms:
                self._claim(self._metonyms, _fold(_clean(word)), c, word)
            for word in c.adjectives or (c.name,):
                key = _key(word)
                if self._adjectives.setdefault(key, c) is not c:
                    self.collisions.append((word, self._adjectives[key].id, c.id))
        self._phrase_kind = {p: k for k in self._kinds.values() for p in k.phrases()}
        self._named_generic: dict[tuple[str, str], GazEntry] = {}
        for raw, body in zip(bodies["named"], self._bodies, strict=True):
            for kind in raw.get("generic", ()):
                if kind not in self._kinds:
                    raise ValueError(f"{body.name}: unknown generic body kind {kind!r}")
                self._named_generic[(body.country or "", kind)] = body
        self._generic_cache: dict[tuple[str, str], GazEntry] = {}
        self._body_ids = frozenset(b.id for b in self._bodies)

    # ------------------------------------------------------------ building
    @staticmethod
    def _country_entry(c: dict[str, Any]) -> GazEntry:
        qid = c.get("wikidata")
        slug = (c.get("iso2") or _slug(c["name"])).lower()
        return GazEntry(
            id=qid or f"country/{slug}", name=c["name"], type="COUNTRY", wikidata=qid,
            aliases=_tuple(c.get("aliases")), official_name=c.get("official_name"),
            iso2=c.get("iso2"), iso3=c.get("iso3"), demonyms=_tuple(c.get("demonyms")),
            adjectives=_tuple(c.get("adjectives")), capital=c.get("capital"),
            metonyms=_tuple(c.get("government_metonyms")), status=c.get("status"),
        )

    @staticmethod
    def _plain_entry(d: dict[str, Any], type_: str, prefix: str) -> GazEntry:
        qid = d.get("wikidata")
        country = d.get("country")
        slug = _slug(d["name"]) if not country else f"{country.lower()}-{_slug(d['name'])}"
        return GazEntry(
            id=qid or f"{prefix}/{slug}", name=d["name"], type=d.get("type", type_),
            wikidata=qid, aliases=_tuple(d.get("aliases")), acronyms=_tuple(d.get("acronyms")),
            country=country, kind=d.get("kind"),
        )

    def _index(self, form: str, entry: GazEntry) -> None:
        exact, key = _key(form)
        if not key:
            return
        self._claim(self._exact if exact else self._folded, key, entry, form)

    def _claim(self, table: dict[str, GazEntry], key: str, entry: GazEntry, form: str) -> None:
        other = table.setdefault(key, entry)
        if other.id != entry.id:
            self.collisions.append((form, other.id, entry.id))

    # ------------------------------------------------------------ loading
    @classmethod
    def load(cls, data_dir: Path | str | None = None) -> Gazetteer:
        """The gazetteer of ``data_dir`` (default: the shipped data, cached)."""
        if data_dir is None:
            return default_gazetteer()
        return cls(Path(data_dir))

    # ------------------------------------------------------------ lookups
    def entries(self) -> list[GazEntry]:
        """Countries, regions, organizations, named government bodies, companies and places."""
        return [*self._countries, *self._regions, *self._orgs, *self._bodies, *self._companies,
                *self._places]

    def companies(self) -> list[GazEntry]:
        """Companies, news media and sports bodies."""
        return list(self._companies)

    def places(self) -> list[GazEntry]:
        """Cities, US states and continents (GeoNames)."""
        return list(self._places)

    def countries(self) -> list[GazEntry]:
        return list(self._countries)

    def organizations(self) -> list[GazEntry]:
        return list(self._orgs)

    def named_bodies(self) -> list[GazEntry]:
        return list(self._bodies)

    def body_kinds(self) -> list[BodyKind]:
        return list(self._kinds.values())

    def lookup(self, text: str) -> GazEntry | None:
        """The entry named ``text`` (name, alias or acronym), or None.

        Acronyms match case-sensitively ("US" but not the pronoun "us"), other
        names case- and accent-insensitively; a leading "the" and dots are ignored.
        """
        exact, key = _key(text)
        if exact:
            return self._exact.get(key) or self._folded.get(_fold(key))
        return self._folded.get(key)

    def by_demonym(self, word: str) -> GazEntry | None:
        """The country of a demonym ("Russian", "Russians" → Russia).

        Demonyms are capitalised: an all-lowercase word ("polish") never matches.
        """
        if not word or word.islower():
            return None
        return self._demonyms.get(_fold(_clean(word)))

    def by_metonym(self, text: str) -> GazEntry | None:
        """The country whose capital or seat ``text`` is ("Moscow", "the Kremlin" → Russia)."""
        return self._metonyms.get(_fold(_clean(text)))

    def country(self, code: str) -> GazEntry | None:
        """The country of an ISO 3166-1 alpha-2 (or alpha-3) code."""
        return self._by_iso.get(code.upper()) if code else None

    def by_adjective(self, word: str) -> GazEntry | None:
        """The country of an attributive form ("Russian", "U.S.", "Myanmar")."""
        exact, key = _key(word)
        found = self._adjectives.get((exact, key))
        if found is None and exact:  # "RUSSIAN" in a headline
            found = self._adjectives.get((False, _fold(key)))
        return found

    def government_body(self, text: str) -> GazEntry | None:
        """A government body: a named one ("State Department") or a generic
        "<demonym> <body>" phrase ("Russian Foreign Ministry", "Russia's defence ministry")."""
        entry = self.lookup(text)
        if entry is not None and entry.type == "ORGANIZATION":
            return entry if entry.id in self._body_ids else None
        words = re.sub(r"\s+", " ", text.replace("’", "'")).strip().split(" ")
        if words and words[0].lower() == "the":
            words = words[1:]
        for i in range(min(3, len(words) - 1), 0, -1):
            kind = self._phrase_kind.get(" ".join(words[i:]).lower())
            if kind is None:
                continue
            head = " ".join(words[:i])
            owner = self.by_adjective(head)
            if owner is None and re.search(r"'s?$", head):
                owner = self.lookup(head)
            if owner is not None and owner.type == "COUNTRY":
                return self.generic_body(owner, kind.kind)
        return None

    def generic_body(self, country: GazEntry, kind: str) -> GazEntry:
        """The ``kind`` body of ``country`` (e.g. Russia, "foreign-ministry")."""
        code = country.iso2 or ""
        named = self._named_generic.get((code, kind)) if code else None
        if named is not None:
            return named
        cache_key = (country.id, kind)
        entry = self._generic_cache.get(cache_key)
        if entry is None:
            body = self._kinds[kind]
            adjective = country.adjectives[0] if country.adjectives else country.name
            slug = (country.iso2 or _slug(country.name)).lower()
            entry = GazEntry(
                id=f"org/{slug}-{kind}", name=f"{adjective} {body.name}", type="ORGANIZATION",
                country=country.iso2, kind=kind,
            )
            self._generic_cache[cache_key] = entry
        return entry

    # ------------------------------------------------------------ titles
    def titles(self) -> tuple[str, ...]:
        return self._titles

    def implied_country(self, title: str) -> GazEntry | None:
        """The state a title names on its own ("Secretary of State" → United States), if any."""
        code = self._implied.get(title.lower().strip())
        return self.country(code) if code else None

    def title_modifiers(self) -> tuple[str, ...]:
        return self._modifiers

    def honorifics(self) -> tuple[str, ...]:
        return self._honorifics

    # ------------------------------------------------------------ spaCy patterns
    def patterns(self, *, generic_bodies: bool = True) -> list[dict[str, Any]]:
        """spaCy SpanRuler/EntityRuler patterns: ``{"label", "pattern", "id"}``.

        Names, aliases and acronyms (labels COUNTRY, ORGANIZATION, LOCATION) and
        capitals/seats (LOCATION, id ``loc/...``) are phrase patterns, matched
        case-sensitively; demonyms are NORP phrases with the country id; generic
        government bodies are "<adjective> <body>" phrases ("Russian Foreign Ministry",
        "Russia's defence ministry") with ids like ``org/ru-foreign-ministry``.
        These are phrases too (~90,000: the PhraseMatcher scales, token patterns
        by the thousand make the Matcher slow); ``generic_bodies=False`` leaves
        them out for a faster start.
        """
        return list(_patterns(self, generic_bodies=generic_bodies))


def _phrase_variants(form: str) -> list[str]:
    if form.lower().startswith("the "):
        rest = form[4:]
        return [f"the {rest}", f"The {rest}"]
    return [form]


def _patterns(gaz: Gazetteer, *, generic_bodies: bool) -> Iterator[dict[str, Any]]:
    seen: set[tuple[str, str]] = set()

    def phrase(label: str, text: str, id_: str) -> Iterator[dict[str, Any]]:
        for variant in _phrase_variants(text):
            if (variant, label) not in seen and variant not in _PATTERN_SKIP:
                seen.add((variant, label))
                yield {"label": label, "pattern": variant, "id": id_}

    for entry in gaz.entries():
        for form in entry.surface_forms:
            yield from phrase(entry.type, form, entry.id)
    for c in gaz.countries():
        for word in c.demonyms:
            yield from phrase(DEMONYM_LABEL, word, c.id)
        for word in c.metonyms:
            yield from phrase("LOCATION", word, f"loc/{_slug(word)}")
    if not generic_bodies:
        return
    # Generic bodies are phrases (the PhraseMatcher scales; thousands of token
    # patterns make the Matcher slow): "Russian Foreign Ministry", "Russian
    # foreign ministry", "Russia's defence ministry", each with the body's id.
    for c in gaz.countries():
        heads = body_heads(c)
        for kind in gaz.body_kinds():
            id_ = gaz.generic_body(c, kind.kind).id
            for variant in kind.variants():
                for head in heads:
                    yield {"label": "ORGANIZATION", "pattern": f"{head} {variant}", "id": id_}


def body_heads(country: GazEntry) -> list[str]:
    """The words before a generic body's name that say whose it is: "Russian",
    "Russia's", "Russia’s" (Foreign Ministry); "Philippines'"."""
    heads = list(country.adjectives or (country.name,))
    name = country.name
    return heads + ([f"{name}'"] if name.endswith("s") else [f"{name}'s", f"{name}’s"])


_SMALL_WORDS = frozenset({"of", "the", "for", "and"})


def _title(phrase: str) -> str:
    """ "ministry of foreign affairs" → "Ministry of Foreign Affairs"."""
    words = phrase.split(" ")
    return " ".join(w if w in _SMALL_WORDS and i else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded once."""
    return Gazetteer(DATA_DIR)
