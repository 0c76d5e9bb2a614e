"""Integrity of the CAMEO trigger lexicon (``kg/data/cameo_lexicon.json``)."""

from __future__ import annotations

import json
import re
from collections import Counter
from importlib import resources

import pytest

from kg.extract.events import load_lexicon
from kg.records import CAMEO_ROOTS

TABLES = ("verbs", "verb_objects", "nouns", "adjectives")
LISTS = ("speech_verbs", "speech_nouns", "attitude_verbs")

#: the event codes of the CAMEO 1.1b3 codebook (roots 01-20 and their 3- and 4-digit codes)
CAMEO_EVENT_CODES = frozenset(re.findall(r"\d+", """
010 011 012 013 014 015 016 017 018 019
020 021 0211 0212 0213 0214 022 023 0231 0232 0233 0234 024 0241 0242 0243 0244
025 0251 0252 0253 0254 0255 0256 026 027 028
030 031 0311 0312 0313 0314 032 033 0331 0332 0333 0334 034 0341 0342 0343 0344
035 0351 0352 0353 0354 0355 0356 036 037 038 039
040 041 042 043 044 045 046
050 051 052 053 054 055 056 057
060 061 062 063 064
070 071 072 073 074 075
080 081 0811 0812 0813 0814 082 083 0831 0832 0833 0834 084 0841 0842 085 086 0861 0862 0863
087 0871 0872 0873 0874
090 091 092 093 094
100 101 1011 1012 1013 1014 102 103 1031 1032 1033 1034 104 1041 1042 1043 1044
105 1051 1052 1053 1054 1055 1056 106 107 108
110 111 112 1121 1122 1123 1124 1125 113 114 115 116
120 121 1211 1212 122 1221 1222 1223 1224 123 1231 1232 1233 1234 124 1241 1242 1243 1244 1245 1246
125 126 127 128 129
130 131 1311 1312 1313 132 1321 1322 1323 1324 133 134 135 136 137 138 1381 1382 1383 1384 1385 139
140 141 1411 1412 1413 1414 142 1421 1422 1423 1424 143 1431 1432 1433 1434 144 1441 1442 1443 1444
145 1451 1452 1453 1454
150 151 152 153 154
160 161 162 1621 1622 1623 163 164 165 166 1661 1662 1663
170 171 1711 1712 172 1721 1722 1723 1724 173 174 175
180 181 182 1821 1822 1823 183 1831 1832 1833 184 185 186
190 191 192 193 194 195 196
200 201 202 203 204 2041 2042
"""))

FRAME_KEYS = {"target", "needs_object", "content", "target_prep", "place_target"}
CONTENTS = {"clause", "for", "object", "of"}
WHEN_KEYS = {"subject_nouns", "object_nouns", "object_is", "modifier_nouns", "preps"}
OBJECT_KINDS = {"person", "place", "organization"}

#: entries per root at least (a little under the counts when the lexicon was last extended)
ROOT_FLOORS = {
    "01": 150, "02": 150, "03": 140, "04": 150, "05": 250, "06": 80, "07": 180, "08": 350, "09": 100, "10": 80,
    "11": 300, "12": 250, "13": 140, "14": 130, "15": 150, "16": 280, "17": 250, "18": 120, "19": 320, "20": 75,
}
TOTAL_FLOOR = 1500


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(resources.files("kg").joinpath("data/cameo_lexicon.json").read_text("utf-8"))


def entries(data: dict):
    for table in TABLES:
        for key, code in data[table].items():
            yield table, key, code


def root_counts(data: dict) -> Counter:
    return Counter(code[:2] for _, _, code in entries(data))


def test_the_loader_reads_it(data):
    lex = load_lexicon()
    assert lex.verbs == data["verbs"] and lex.verb_objects == data["verb_objects"]
    assert lex.nouns == data["nouns"] and lex.adjectives == data["adjectives"]
    assert lex.speech_verbs == frozenset(data["speech_verbs"])


def test_sections(data):
    assert set(TABLES) | set(LISTS) | {"_about", "frames", "senses"} == set(data)
    for name in ("frames", "senses", *TABLES):
        assert name in data["_about"], f"_about does not describe {name}"
    for name in LISTS:
        assert all(isinstance(w, str) and w == w.strip().lower() for w in data[name])


@pytest.mark.parametrize("table", TABLES)
def test_codes_are_cameo_codes(data, table):
    bad = {k: c for k, c in data[table].items()
           if not (isinstance(c, str) and re.fullmatch(r"\d{3,4}", c) and c[:2] in CAMEO_ROOTS
                   and c in CAMEO_EVENT_CODES)}
    assert not bad


@pytest.mark.parametrize("table", TABLES)
def test_keys_are_lowercase_and_stripped(data, table):
    bad = [k for k in data[table] if k != k.strip().lower() or "  " in k or not k]
    assert not bad


def test_verb_keys_are_a_verb_and_its_particles_or_prepositions(data):
    assert not [k for k in data["verbs"] if len(k.split(" ")) > 3]


def test_verb_object_keys_have_one_bar(data):
    bad = [k for k in data["verb_objects"]
           if k.count("|") != 1 or not all(p and p == p.strip() for p in k.split("|")) or " " in k.split("|")[0]]
    assert not bad


def test_adjective_keys_are_two_words(data):
    assert not [k for k in data["adjectives"] if len(k.split(" ")) != 2]


def test_frames(data):
    assert len(data["frames"]) >= 300
    for name, frame in data["frames"].items():
        table, _, key = name.partition(":")
        assert table in TABLES and key in data[table], f"frame for no entry: {name}"
        assert frame and set(frame) <= FRAME_KEYS, name
        assert frame.get("target", "required") in {"required", "optional"}, name
        assert frame.get("needs_object", True) is True, name
        assert frame.get("place_target", True) is True, name
        assert frame.get("content", "clause") in CONTENTS, name
        preps = frame.get("target_prep", ["to"])
        assert isinstance(preps, list) and preps and all(isinstance(p, str) and p.isalpha() for p in preps), name


def test_every_appeal_and_demand_names_its_content(data):
    missing = [f"{t}:{k}" for t, k, c in entries(data)
               if c[:2] in {"02", "10"} and "content" not in data["frames"].get(f"{t}:{k}", {})]
    assert not missing


def test_senses(data):
    senses = data["senses"]
    assert sum(len(v) >= 2 for v in senses.values()) >= 15
    for lemma, readings in senses.items():
        assert lemma == lemma.strip().lower() and readings, lemma
        for r in readings:
            assert set(r) == {"pos", "when", "code"}, lemma
            assert r["pos"] in {"VERB", "NOUN"}, lemma
            assert r["code"] in CAMEO_EVENT_CODES, lemma
            when = r["when"]
            assert when and set(when) <= WHEN_KEYS, lemma
            for cond, value in when.items():
                if cond == "object_is":
                    assert value in OBJECT_KINDS, lemma
                else:
                    assert isinstance(value, list) and value, lemma
                    assert all(isinstance(w, str) and w == w.strip().lower() for w in value), lemma


def test_ambiguous_words_have_senses(data):
    for word in ("strike", "fire", "charge", "hold", "release", "attack", "seize", "block", "target"):
        assert len(data["senses"].get(word, [])) >= 2, word


def test_verbs_and_nouns_agree_on_the_root(data):
    """A key that is both a verb and a noun entry has one root, or its readings are told apart in senses."""
    clash = {k: (v, data["nouns"][k]) for k, v in data["verbs"].items()
             if k in data["nouns"] and v[:2] != data["nouns"][k][:2] and k not in data["senses"]}
    assert not clash


def test_british_and_american_spellings(data):
    pairs = [("criticize", "criticise"), ("mobilize", "mobilise"), ("apologize", "apologise"),
             ("recognize", "recognise"), ("demobilize", "demobilise"), ("nationalize", "nationalise"),
             ("militarize", "militarise"), ("demonize", "demonise"), ("vandalize", "vandalise"),
             ("harbor", "harbour"), ("honor", "honour"), ("subsidize", "subsidise")]
    for us, uk in pairs:
        assert us in data["verbs"] and uk in data["verbs"], (us, uk)
        assert data["verbs"][us] == data["verbs"][uk], (us, uk)


@pytest.mark.parametrize("root", sorted(ROOT_FLOORS))
def test_every_root_is_covered(data, root):
    assert root_counts(data)[root] >= ROOT_FLOORS[root]


def test_total_entries(data):
    assert sum(len(data[t]) for t in TABLES) >= TOTAL_FLOOR


def test_counts_per_root(data, capsys):
    """The table of entries per root and section (run with -s to see it)."""
    per = {t: Counter(c[:2] for c in data[t].values()) for t in TABLES}
    lines = [f"{'root':<6}{'':<22}" + "".join(f"{t:>14}" for t in TABLES) + f"{'total':>8}"]
    for root, name in sorted(CAMEO_ROOTS.items()):
        row = [per[t][root] for t in TABLES]
        lines.append(f"{root:<6}{name:<22}" + "".join(f"{n:>14}" for n in row) + f"{sum(row):>8}")
    row = [len(data[t]) for t in TABLES]
    lines.append(f"{'all':<28}" + "".join(f"{n:>14}" for n in row) + f"{sum(row):>8}")
    lines.append(f"frames {len(data['frames'])}, senses {len(data['senses'])}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert set(root_counts(data)) == set(CAMEO_ROOTS)
