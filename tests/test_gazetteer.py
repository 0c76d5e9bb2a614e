"""Integrity of the shipped gazetteer (kg/data) and behaviour of kg.gazetteer."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
import spacy

from kg.gazetteer import DATA_DIR, GazEntry, Gazetteer, default_gazetteer

QID = re.compile(r"^Q[1-9][0-9]*$")

#: a sample of UN members, including the smallest ones
UN_SAMPLE_ISO3 = [
    "TUV", "NRU", "PLW", "SMR", "LIE", "MCO", "KNA", "AND", "MHL", "FSM", "KIR", "TON", "WSM",
    "VUT", "SLB", "DMA", "LCA", "VCT", "GRD", "ATG", "BRB", "BHS", "STP", "SYC", "COM", "CPV",
    "MDV", "BTN", "BRN", "TLS", "MLT", "LUX", "ISL", "SSD", "ERI", "DJI", "GNQ", "SWZ", "LSO",
    "PRK", "KOR", "RUS", "USA", "GBR", "FRA", "CHN", "UKR", "DEU", "IRN", "SYR", "CIV", "MMR",
    "COD", "COG", "MKD", "MNE", "SRB", "BIH", "KGZ", "TJK", "TKM", "UZB", "KAZ", "AZE", "ARM",
]


def _load(name: str) -> Any:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture(scope="module")
def countries() -> list[dict[str, Any]]:
    return list(_load("countries.json")["countries"])


@pytest.fixture(scope="module")
def orgs() -> list[dict[str, Any]]:
    return list(_load("organizations.json")["organizations"])


@pytest.fixture(scope="module")
def bodies() -> dict[str, Any]:
    return dict(_load("government_bodies.json"))


# ------------------------------------------------------------------ data integrity
def test_countries_unique_codes_names_and_valid_ids(countries: list[dict[str, Any]]) -> None:
    for field in ("name", "iso2", "iso3", "wikidata"):
        counts = Counter(c[field] for c in countries if c.get(field))
        assert not [k for k, n in counts.items() if n > 1], field
    for c in countries:
        assert c["wikidata"] is None or QID.match(c["wikidata"]), c["name"]
        assert c["iso2"] is None or re.fullmatch(r"[A-Z]{2}", c["iso2"]), c["name"]
        assert c["iso3"] is None or re.fullmatch(r"[A-Z]{3}", c["iso3"]), c["name"]
        assert c["status"] in {"member", "observer", "other", "historical"}
        assert "U.S." not in c["demonyms"]


def test_all_un_members_present(countries: list[dict[str, Any]]) -> None:
    members = [c for c in countries if c["status"] == "member"]
    assert len(members) == 193
    assert all(c["iso2"] and c["iso3"] and c["wikidata"] and c["capital"] for c in members)
    iso3 = {c["iso3"] for c in members}
    assert [code for code in UN_SAMPLE_ISO3 if code not in iso3] == []
    names = {c["name"] for c in countries}
    for name in ("Vatican City", "Palestine", "Taiwan", "Kosovo", "Sahrawi Republic",
                 "Soviet Union", "Yugoslavia", "Czechoslovakia", "East Germany", "West Germany",
                 "Ottoman Empire"):
        assert name in names


def test_no_name_claimed_by_two_entries(gaz: Gazetteer) -> None:
    assert gaz.collisions == []


def test_no_alias_collisions_in_raw_data(
    countries: list[dict[str, Any]], orgs: list[dict[str, Any]], bodies: dict[str, Any]
) -> None:
    """Independent of the loader: each normalised surface form names one entry."""
    owners: dict[str, set[str]] = defaultdict(set)
    entries = [*countries, *_load("countries.json")["regions"], *orgs, *bodies["named"]]
    for e in entries:
        for form in [e["name"], e.get("official_name"), *e.get("aliases", []),
                     *e.get("acronyms", [])]:
            if form:
                key = re.sub(r"^the ", "", form.replace(".", "").strip(), flags=re.I)
                owners[key if key.isupper() else key.casefold()].add(e["name"])
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    for field in ("demonyms", "government_metonyms"):
        seen: dict[str, set[str]] = defaultdict(set)
        for c in countries:
            for word in c[field]:
                seen[word.casefold()].add(c["name"])
        assert {k: v for k, v in seen.items() if len(v) > 1} == {}, field


def test_wikidata_ids_valid_and_unique(gaz: Gazetteer) -> None:
    ids = [e.wikidata for e in gaz.entries() if e.wikidata]
    assert all(QID.match(q) for q in ids)
    assert [q for q, n in Counter(ids).items() if n > 1] == []
    assert len({e.id for e in gaz.entries()}) == len(gaz.entries())


def test_organizations(orgs: list[dict[str, Any]]) -> None:
    assert len(orgs) >= 120
    assert sum(1 for o in orgs if o.get("wikidata")) >= 80
    assert all(o["type"] == "ORGANIZATION" and o["kind"] for o in orgs)


def test_government_bodies(gaz: Gazetteer, bodies: dict[str, Any]) -> None:
    assert len(bodies["named"]) >= 60
    for body in bodies["named"]:
        assert gaz.country(body["country"]) is not None, body["name"]
    kinds = {k.kind for k in gaz.body_kinds()}
    assert {"foreign-ministry", "defence-ministry", "army", "military", "parliament"} <= kinds


def test_titles(gaz: Gazetteer) -> None:
    titles = set(gaz.titles())
    assert len(titles) >= 120
    for t in ("President", "Prime Minister", "Foreign Minister", "Deputy Foreign Minister",
              "Secretary of State", "Deputy Secretary of State", "Secretary-General",
              "Supreme Leader", "National Security Adviser", "spokesman", "Sen."):
        assert t in titles
    assert {"Deputy", "Vice", "Acting", "Former"} <= set(gaz.title_modifiers())
    assert {"Mr.", "Dr.", "Gen.", "Sheikh"} <= set(gaz.honorifics())


# ------------------------------------------------------------------ spot checks
@pytest.mark.parametrize(
    ("text", "qid"),
    [("Russia", "Q159"), ("United States", "Q30"), ("Ukraine", "Q212"), ("China", "Q148"),
     ("United Kingdom", "Q145"), ("France", "Q142"), ("Germany", "Q183"),
     ("Soviet Union", "Q15180"), ("NATO", "Q7184"), ("EU", "Q458"), ("UN", "Q1065"),
     ("African Union", "Q7159"), ("IAEA", "Q41984")],
)
def test_wikidata_spot_checks(gaz: Gazetteer, text: str, qid: str) -> None:
    entry = gaz.lookup(text)
    assert entry is not None and entry.wikidata == qid and entry.id == qid


@pytest.mark.parametrize(
    ("text", "name"),
    [("U.S.", "United States"), ("US", "United States"), ("the United States", "United States"),
     ("USA", "United States"), ("America", "United States"), ("U.K.", "United Kingdom"),
     ("Britain", "United Kingdom"), ("Russian Federation", "Russia"), ("DPRK", "North Korea"),
     ("Burma", "Myanmar"), ("Ivory Coast", "Ivory Coast"), ("Côte d'Ivoire", "Ivory Coast"),
     ("UN Security Council", "UN Security Council"), ("IAEA", "International Atomic Energy Agency"),
     ("Nato", "NATO"), ("ISIS", "Islamic State"), ("Daesh", "Islamic State"),
     ("State Department", "State Department"), ("the Pentagon", "Pentagon"),
     ("Eastern Europe", "Eastern Europe")],
)
def test_lookup(gaz: Gazetteer, text: str, name: str) -> None:
    entry = gaz.lookup(text)
    assert entry is not None and entry.name == name


@pytest.mark.parametrize("text", ["us", "Us", "who", "Russian", "Moscow", "the Kremlin", "is"])
def test_lookup_misses(gaz: Gazetteer, text: str) -> None:
    assert gaz.lookup(text) is None


def test_demonyms_and_metonyms(gaz: Gazetteer) -> None:
    russia = gaz.lookup("Russia")
    assert gaz.by_demonym("Russians") == russia and gaz.by_demonym("Russian") == russia
    assert gaz.by_demonym("russian") is None
    assert gaz.by_demonym("Britons") == gaz.lookup("UK")
    assert gaz.by_metonym("the Kremlin") == russia and gaz.by_metonym("Moscow") == russia
    assert gaz.by_metonym("Washington") == gaz.lookup("US")
    assert gaz.by_metonym("Kyiv") == gaz.by_metonym("Kiev") == gaz.lookup("Ukraine")
    assert gaz.by_metonym("White House") is None  # an organization, not a metonym
    for c in gaz.countries():
        for word in c.metonyms:
            assert gaz.by_metonym(word) == c
        for word in c.demonyms:
            assert gaz.by_demonym(word) == c


def test_country_by_code(gaz: Gazetteer) -> None:
    assert gaz.country("RU") == gaz.country("rus") == gaz.lookup("Russia")
    assert gaz.country("XX") is None


def test_government_body(gaz: Gazetteer) -> None:
    body = gaz.government_body("Russian Foreign Ministry")
    assert isinstance(body, GazEntry)
    assert (body.id, body.type, body.country) == ("org/ru-foreign-ministry", "ORGANIZATION", "RU")
    assert gaz.government_body("the Russian foreign ministry") == body
    assert gaz.government_body("Russian Ministry of Foreign Affairs") == body
    assert gaz.government_body("Russia's Foreign Ministry") == body
    assert gaz.government_body("U.S. military").country == "US"  # type: ignore[union-attr]
    assert gaz.government_body("State Department").wikidata == "Q789915"  # type: ignore[union-attr]
    assert gaz.government_body("American Foreign Ministry") == gaz.lookup("State Department")
    assert gaz.government_body("Israeli army") == gaz.lookup("IDF")
    assert gaz.government_body("NATO") is None
    assert gaz.government_body("Russian troops") is None


def test_default_gazetteer_is_cached() -> None:
    assert default_gazetteer() is default_gazetteer() is Gazetteer.load()


def test_load_from_directory(tmp_path: Path) -> None:
    for name in ("countries.json", "organizations.json", "government_bodies.json", "titles.json"):
        (tmp_path / name).write_text((DATA_DIR / name).read_text(encoding="utf-8"))
    assert Gazetteer.load(tmp_path).lookup("Russia") == default_gazetteer().lookup("Russia")


# ------------------------------------------------------------------ spaCy patterns
@pytest.fixture(scope="module")
def nlp(gaz: Gazetteer) -> spacy.language.Language:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler", config={"phrase_matcher_attr": "ORTH",
                                               "annotate_ents": True, "overwrite": True})
    ruler.add_patterns(gaz.patterns())  # type: ignore[attr-defined]
    return nlp


def test_patterns_shape(gaz: Gazetteer) -> None:
    patterns = gaz.patterns(generic_bodies=False)
    assert {p["label"] for p in patterns} == {"COUNTRY", "ORGANIZATION", "LOCATION", "NORP"}
    assert all(p["id"] for p in patterns)


def test_patterns_tag_sentence(nlp: spacy.language.Language) -> None:
    doc = nlp("The Russian Foreign Ministry said NATO and the U.S. should talk to us in Moscow.")
    ents = {(e.text, e.label_, e.id_) for e in doc.ents}
    assert ("Russian Foreign Ministry", "ORGANIZATION", "org/ru-foreign-ministry") in ents
    assert ("NATO", "ORGANIZATION", "Q7184") in ents
    assert ("U.S.", "COUNTRY", "Q30") in ents
    assert not any(e.text == "us" for e in doc.ents)


def test_patterns_prefer_longest(nlp: spacy.language.Language) -> None:
    doc = nlp("Russians, the Kremlin and Latin America; Russia's defence ministry; US Army.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert {("Russians", "NORP"), ("Kremlin", "LOCATION"), ("Latin America", "LOCATION"),
            ("Russia's defence ministry", "ORGANIZATION"), ("US Army", "ORGANIZATION")} <= ents


def test_entity_ruler_accepts_patterns(gaz: Gazetteer) -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(gaz.patterns(generic_bodies=False))  # type: ignore[attr-defined]
    doc = nlp("Ukrainians met the IAEA in Kyiv.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Ukrainians", "NORP"), ("IAEA", "ORGANIZATION"), ("Kyiv", "LOCATION")]


# ---------------------------------------------------------------- places and companies
def test_places_integrity(gaz: Gazetteer) -> None:
    data = _load("places.json")
    assert "GeoNames" in data["_source"] and "CC BY 4.0" in data["_source"]
    places = data["places"]
    assert len(places) > 20000
    kinds = Counter(p["kind"] for p in places)
    assert set(kinds) == {"continent", "us_state", "city"}
    assert kinds["us_state"] >= 45 and kinds["city"] > 20000
    assert all(p["population"] >= 15000 for p in places if p["kind"] == "city")
    assert len({p["name"] for p in places}) == len(places)
    assert all(p["name"][:1].isupper() and len(p["name"]) >= 3 for p in places)
    assert len(gaz.places()) == len(places)
    assert all(e.type == "LOCATION" and e.id.startswith("location/") for e in gaz.places())


@pytest.mark.parametrize("name", ["Lagos", "Vladivostok", "Kharkiv", "Aleppo", "Cape Town",
                                  "Nevada", "North Carolina", "Oceania"])
def test_places_are_looked_up(gaz: Gazetteer, name: str) -> None:
    entry = gaz.lookup(name)
    assert entry is not None and entry.type == "LOCATION", name


@pytest.mark.parametrize("word", ["Reading", "Mobile", "Bath", "Nice", "Split", "Austin", "Jackson"])
def test_places_leave_out_common_words_and_person_names(gaz: Gazetteer, word: str) -> None:
    assert gaz.lookup(word) is None


def test_places_do_not_take_names_of_countries_capitals_or_companies(gaz: Gazetteer) -> None:
    assert gaz.lookup("Georgia").type == "COUNTRY"
    assert gaz.lookup("Toyota").type == "ORGANIZATION"  # a company before a Japanese city
    place_names = {e.name for e in gaz.places()}
    assert not place_names & {"Moscow", "Kyiv", "Washington", "Mexico", "Toyota"}


def test_companies_integrity(gaz: Gazetteer) -> None:
    companies = _load("companies.json")["companies"]
    assert len(companies) >= 400
    assert {"technology", "energy", "finance", "media", "sports"} <= {c["kind"] for c in companies}
    assert all(e.type == "ORGANIZATION" and e.id.startswith("organization/")
               for e in gaz.companies())
    for name in ("Boeing", "Gazprom", "ExxonMobil", "Le Monde", "FIFA", "GM", "HSBC"):
        entry = gaz.lookup(name)
        assert entry is not None and entry.type == "ORGANIZATION", name
    for word in ("Orange", "Target", "Sky", "Dawn", "Bloomberg", "Meta"):  # mostly something else
        entry = gaz.lookup(word)
        assert entry is None or entry.id not in {c.id for c in gaz.companies()}, word
