"""Convert the open corpora in ``../shared/corpora`` to spaCy ``DocBin`` files.

Usage::

    python -m training.convert [--corpora DIR] [--out training/corpus]

Outputs (in ``--out``):

* ``train/*.spacy`` EWT train (trees + UNER-EWT entities merged by ``sent_id``),
                    GUM train (trees + person/place/organization mentions with a
                    proper-noun head), CrossNER politics train (entities only:
                    tags / parse missing).
* ``dev/*.spacy``   EWT dev + GUM dev (trees; UNER-EWT dev entities on EWT,
                    GUM entities on GUM), used for model selection.
* ``crossner_nerdev.spacy``  CrossNER politics dev (entities only).
* ``train_all/*.spacy``  ``train/`` plus CrossNER politics dev (the README allows
                    CrossNER train and dev for training; its test is held out).
* ``ewt_test.spacy``  EWT test (trees + UNER-EWT test entities) for evaluation.
* ``pud.spacy``     UD English-PUD trees + UNER English-PUD entities (TEST ONLY).
* ``lemma_exceptions.json``  closed-class lemmas (AUX, PRON, ...) from the
                    train portions, for the rule lemmatizer (see ``lemmas.py``).
* ``tokenizer_exceptions.json``  UD multi-word-token splits seen in the train
                    portions, used to tune the tokenizer (see ``functions.py``).

Sentences are grouped into docs of up to ``--n-sents`` sentences inside each
source document, so the parser learns sentence boundaries.  Docs without NER
annotation get *missing* entity values (not ``O``); CrossNER docs have no tags,
morphs, lemmas or heads, i.e. these are missing for the tagger / parser.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from training.lemmas import closed_class_lemmas

DEFAULT_CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DEFAULT_OUT = Path(__file__).resolve().parent / "corpus"

# Label mapping to kg's three NER types.
UNER_MAP = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
GUM_MAP = {"person": "PERSON", "organization": "ORG", "place": "LOC"}
CROSSNER_MAP = {
    "person": "PERSON",
    "politician": "PERSON",
    "organisation": "ORG",
    "politicalparty": "ORG",
    "country": "LOC",
    "location": "LOC",
}


@dataclass
class Sent:
    sent_id: str
    doc_id: str
    words: list[str]
    spaces: list[bool]
    tags: list[str] | None = None
    pos: list[str] | None = None
    morphs: list[str] | None = None
    lemmas: list[str] | None = None
    heads: list[int] | None = None  # absolute index within the sentence
    deps: list[str] | None = None
    misc: list[str] = field(default_factory=list)
    ents: list[str] | None = None  # IOB strings; None -> missing
    mwts: list[tuple[str, list[str]]] = field(default_factory=list)


# --------------------------------------------------------------------------- CoNLL-U


def read_conllu(path: Path) -> Iterator[Sent]:
    doc_id = ""
    comments: dict[str, str] = {}
    rows: list[list[str]] = []
    with path.open(encoding="utf8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("#"):
                m = re.match(r"#\s*([^=]+?)\s*=\s*(.*)$", line)
                if m:
                    key, val = m.group(1), m.group(2)
                    if key == "newdoc id":
                        doc_id = val
                    comments[key] = val
                continue
            if not line.strip():
                if rows:
                    yield _make_sent(rows, comments, doc_id)
                rows, comments = [], {}
                continue
            rows.append(line.split("\t"))
    if rows:
        yield _make_sent(rows, comments, doc_id)


def _make_sent(rows: list[list[str]], comments: dict[str, str], doc_id: str) -> Sent:
    words, spaces, tags, pos, morphs, lemmas, heads, deps, misc = ([] for _ in range(9))
    mwt_end = -1
    mwt_space = True
    mwts: list[tuple[str, list[str]]] = []
    cur_mwt: tuple[str, list[str]] | None = None
    ids: list[int] = []
    for cols in rows:
        tid = cols[0]
        if "." in tid:  # empty node (enhanced UD)
            continue
        if "-" in tid:
            _start, end = (int(x) for x in tid.split("-"))
            mwt_end = end
            mwt_space = "SpaceAfter=No" not in cols[9]
            cur_mwt = (cols[1], [])
            mwts.append(cur_mwt)
            continue
        i = int(tid)
        ids.append(i)
        words.append(cols[1])
        if cur_mwt is not None and i <= mwt_end:
            cur_mwt[1].append(cols[1])
            spaces.append(mwt_space if i == mwt_end else False)
            if i == mwt_end:
                cur_mwt = None
        else:
            spaces.append("SpaceAfter=No" not in cols[9])
        lemmas.append(cols[2] if cols[2] != "_" or cols[1] == "_" else "")
        pos.append(cols[3] if cols[3] != "_" else "")
        tags.append(cols[4] if cols[4] != "_" else "")
        morphs.append(cols[5] if cols[5] != "_" else "")
        heads.append(int(cols[6]))
        deps.append(cols[7])
        misc.append(cols[9])
    # heads: 1-based ids -> 0-based positions, root -> self
    abs_heads = [(h - 1 if h > 0 else k) for k, h in enumerate(heads)]
    deps = ["ROOT" if h == 0 else d for h, d in zip(heads, deps, strict=True)]
    return Sent(
        sent_id=comments.get("sent_id", ""),
        doc_id=doc_id,
        words=words,
        spaces=spaces,
        tags=tags,
        pos=pos,
        morphs=morphs,
        lemmas=lemmas,
        heads=abs_heads,
        deps=deps,
        misc=misc,
        mwts=mwts,
    )


# --------------------------------------------------------------------------- IOB2 files


def read_iob2(path: Path) -> dict[str, tuple[list[str], list[str]]]:
    """UNER files: ``sent_id -> (forms, IOB tags)``."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    sid = ""
    forms: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf8") as fh:
        for line in [*list(fh), ""]:
            line = line.rstrip("\n")
            if line.startswith("# sent_id"):
                sid = line.split("=", 1)[1].strip()
                continue
            if line.startswith("#"):
                continue
            if not line.strip():
                if forms:
                    out[sid] = (forms, tags)
                forms, tags = [], []
                continue
            cols = line.split("\t")
            forms.append(cols[1])
            tags.append(cols[2] if len(cols) > 2 else "O")
    return out


def map_iob(tags: Iterable[str], mapping: dict[str, str]) -> list[str]:
    out = []
    prev = "O"
    for t in tags:
        if t == "O" or "-" not in t:
            out.append("O")
            prev = "O"
            continue
        bio, lab = t.split("-", 1)
        new = mapping.get(lab)
        if new is None:
            out.append("O")
            prev = "O"
            continue
        if bio == "I" and prev == new:
            out.append("I-" + new)
        else:
            out.append("B-" + new)
        prev = new
    return out


def read_crossner(path: Path) -> Iterator[Sent]:
    words: list[str] = []
    tags: list[str] = []
    n = 0
    with path.open(encoding="utf8") as fh:
        for line in [*list(fh), ""]:
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    n += 1
                    yield Sent(
                        sent_id=f"crossner-{path.stem}-{n}",
                        doc_id=f"crossner-{path.stem}-{n // 10}",
                        words=words,
                        spaces=guess_spaces(words),
                        tags=None,
                        pos=None,
                        morphs=None,
                        lemmas=None,
                        heads=None,
                        deps=None,
                        ents=map_iob(tags, CROSSNER_MAP),
                    )
                words, tags = [], []
                continue
            cols = line.split("\t")
            words.append(cols[0])
            tags.append(cols[1] if len(cols) > 1 else "O")


_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "'", "n't", "'re",
                    "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "{", "$"}


def guess_spaces(words: list[str]) -> list[bool]:
    spaces = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        if nxt is None or w in _NO_SPACE_AFTER or nxt in _NO_SPACE_BEFORE or nxt.lower() in _NO_SPACE_BEFORE:
            spaces.append(False)
        else:
            spaces.append(True)
    return spaces


# --------------------------------------------------------------------------- GUM entities

_ENT_OPEN = re.compile(r"\((\d+)-([a-z]+)((?:-[^()]*)?)")
_ENT_CLOSE = re.compile(r"(\d+)\)")
_CONNECT = {"of", "the", "and", "&", "for", "de", "-", "'s"}


def gum_entities(sents: list[Sent]) -> None:
    """Set IOB ``ents`` on GUM sentences from the MISC ``Entity=`` brackets."""
    for s in sents:
        open_: dict[str, list[tuple[int, str]]] = defaultdict(list)
        mentions: list[tuple[int, int, str]] = []
        for i, m in enumerate(s.misc):
            ent = None
            for part in m.split("|"):
                if part.startswith("Entity="):
                    ent = part[len("Entity=") :]
            if ent is None:
                continue
            # Parse in string order: opens and closes interleave.
            pos = 0
            while pos < len(ent):
                mo = _ENT_OPEN.match(ent, pos)
                if mo:
                    eid, etype = mo.group(1), mo.group(2)
                    end = mo.end()
                    if end < len(ent) and ent[end] == ")":  # single-token mention
                        mentions.append((i, i + 1, etype))
                        pos = end + 1
                    else:
                        open_[eid].append((i, etype))
                        pos = end
                    continue
                mc = _ENT_CLOSE.match(ent, pos)
                if mc:
                    eid = mc.group(1)
                    if open_[eid]:
                        start, etype = open_[eid].pop()
                        mentions.append((start, i + 1, etype))
                    pos = mc.end()
                    continue
                pos += 1
        cands: list[tuple[int, int, str]] = []
        for start, end, etype in mentions:
            label = GUM_MAP.get(etype)
            if label is None:
                continue
            span = _name_span(s, start, end)
            if span is not None:
                cands.append((span[0], span[1], label))
        # outer (longer) mentions first, then non-overlapping
        cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken = [False] * len(s.words)
        ents = ["O"] * len(s.words)
        for a, b, label in cands:
            if any(taken[a:b]):
                continue
            for k in range(a, b):
                taken[k] = True
                ents[k] = ("B-" if k == a else "I-") + label
        s.ents = ents


def _is_proper(s: Sent, k: int) -> bool:
    assert s.pos is not None and s.tags is not None
    # GUM tags e.g. "United" (Kingdom) as VERB/NNP: trust the PTB tag too.
    return s.pos[k] == "PROPN" or s.tags[k] in ("NNP", "NNPS")


def _name_span(s: Sent, start: int, end: int) -> tuple[int, int] | None:
    assert s.heads is not None
    heads_in = [k for k in range(start, end) if not (start <= s.heads[k] < end) or s.heads[k] == k]
    if not heads_in:
        return None
    head = heads_in[0]
    if not _is_proper(s, head):
        return None
    # grow a contiguous run of proper nouns around the head, allowing connectors
    # ("University of Portsmouth", "Bosnia and Herzegovina") between proper nouns.
    a = head
    while a - 1 >= start and _is_proper(s, a - 1):
        a -= 1
    b = head + 1
    while b < end:
        if _is_proper(s, b):
            b += 1
            continue
        # connector(s) followed by a proper noun inside the mention
        k = b
        while k < end and s.words[k].lower() in _CONNECT and not _is_proper(s, k):
            k += 1
        if k > b and k < end and _is_proper(s, k) and s.words[b].lower() != "'s":
            b = k + 1
            continue
        break
    return a, b


# --------------------------------------------------------------------------- build docs


def sents_to_docs(sents: list[Sent], vocab: Vocab, n_sents: int) -> list[Doc]:
    docs = []
    groups: list[list[Sent]] = []
    for s in sents:
        if groups and groups[-1][0].doc_id == s.doc_id and len(groups[-1]) < n_sents:
            groups[-1].append(s)
        else:
            groups.append([s])
    for g in groups:
        words: list[str] = []
        spaces: list[bool] = []
        has_tree = g[0].heads is not None
        tags: list[str] = []
        pos: list[str] = []
        morphs: list[str] = []
        lemmas: list[str] = []
        heads: list[int] = []
        deps: list[str] = []
        sent_starts: list[bool] = []
        ents: list[str | None] = []
        any_ents = any(s.ents is not None for s in g)
        for s in g:
            off = len(words)
            words.extend(s.words)
            sp = list(s.spaces)
            sp[-1] = True  # sentences are separated by a space inside a doc
            spaces.extend(sp)
            sent_starts.extend([True] + [False] * (len(s.words) - 1))
            if has_tree:
                tags.extend(s.tags or [])
                pos.extend(s.pos or [])
                morphs.extend(s.morphs or [])
                lemmas.extend(s.lemmas or [])
                heads.extend(h + off for h in (s.heads or []))
                deps.extend(s.deps or [])
            if any_ents:
                ents.extend(s.ents if s.ents is not None else [None] * len(s.words))
        spaces[-1] = False
        kwargs: dict[str, Any] = {}
        if has_tree:
            kwargs = dict(tags=tags, pos=pos, morphs=morphs, lemmas=lemmas, heads=heads,
                          deps=deps)
        else:
            kwargs = dict(sent_starts=sent_starts)
        if any_ents:
            kwargs["ents"] = ents  # None entries: missing NER annotation
        doc = Doc(vocab, words=words, spaces=spaces, **kwargs)
        docs.append(doc)
    return docs


def merge_uner(
    sents: list[Sent], uner: dict[str, tuple[list[str], list[str]]], by_forms: bool = False
) -> Counter:
    """Attach UNER IOB tags to UD sentences (by ``sent_id``, or by the word forms:
    UNER-PUD uses its own sentence ids and order)."""
    stats: Counter = Counter()
    forms_index = {tuple(f): (f, t) for f, t in uner.values()}
    for s in sents:
        got = forms_index.get(tuple(s.words)) if by_forms else uner.get(s.sent_id)
        if got is None:
            stats["missing"] += 1
            continue
        forms, tags = got
        if forms != s.words:
            stats["token_mismatch"] += 1
            continue
        s.ents = map_iob(tags, UNER_MAP)
        stats["merged"] += 1
    return stats


def collect_mwts(sents: Iterable[Sent], counts: Counter, single: Counter) -> None:
    for s in sents:
        for surface, parts in s.mwts:
            if "".join(parts) == surface and len(parts) > 1:
                counts[(surface, tuple(parts))] += 1
        mwt_words = {w for _, parts in s.mwts for w in parts}
        for w in s.words:
            if w not in mwt_words:
                single[w] += 1


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--n-sents", type=int, default=10)
    args = ap.parse_args(argv)
    c: Path = args.corpora
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    vocab = Vocab()
    report: dict[str, object] = {}

    def save(name: str, docs: list[Doc]) -> None:
        db = DocBin(store_user_data=False)
        for d in docs:
            db.add(d)
        sub = name.rsplit("_", 1)[-1]
        target = out / sub / f"{name}.spacy" if sub in ("train", "dev") else out / f"{name}.spacy"
        target.parent.mkdir(parents=True, exist_ok=True)
        db.to_disk(target)
        n_tok = sum(len(d) for d in docs)
        report[name] = {"docs": len(docs), "tokens": n_tok}
        print(f"{name}: {len(docs)} docs, {n_tok} tokens")

    # --- EWT + UNER-EWT
    ewt = {}
    for split in ("train", "dev", "test"):
        sents = list(read_conllu(c / "ud-english-ewt" / f"en_ewt-ud-{split}.conllu"))
        uner = read_iob2(c / "uner-english-ewt" / f"en_ewt-ud-{split}.iob2")
        stats = merge_uner(sents, uner)
        report[f"uner_ewt_{split}"] = dict(stats)
        print(f"UNER-EWT {split}: {dict(stats)}")
        ewt[split] = sents
    # --- GUM
    gum = {}
    for split in ("train", "dev"):
        sents = list(read_conllu(c / "ud-english-gum" / f"en_gum-ud-{split}.conllu"))
        gum_entities(sents)
        gum[split] = sents
        n_ents = sum(sum(1 for t in s.ents or [] if t.startswith("B-")) for s in sents)
        print(f"GUM {split}: {len(sents)} sents, {n_ents} entities")
        report[f"gum_{split}_entities"] = n_ents
    # --- CrossNER politics
    cross = {s: list(read_crossner(c / "crossner-politics" / f"{s}.txt")) for s in ("train", "dev")}

    n = args.n_sents
    save("ewt_train", sents_to_docs(ewt["train"], vocab, n))
    save("gum_train", sents_to_docs(gum["train"], vocab, n))
    save("crossner_train", sents_to_docs(cross["train"], vocab, n))
    save("ewt_dev", sents_to_docs(ewt["dev"], vocab, n))
    save("gum_dev", sents_to_docs(gum["dev"], vocab, n))
    # CrossNER dev: entities only, so it cannot be in dev/ (docs without trees zero the
    # dev parse scores).  The README allows CrossNER train+dev for training: train_all/
    # is train/ plus CrossNER dev.
    save("crossner_nerdev", sents_to_docs(cross["dev"], vocab, n))
    all_dir = out / "train_all"
    all_dir.mkdir(parents=True, exist_ok=True)
    for f in (out / "train").glob("*.spacy"):
        shutil.copyfile(f, all_dir / f.name)
    shutil.copyfile(out / "crossner_nerdev.spacy", all_dir / "crossner_dev.spacy")
    save("ewt_test", sents_to_docs(ewt["test"], vocab, n))

    # PUD: test only.  One doc per sentence group of the same article.
    pud = list(read_conllu(c / "ud-english-pud" / "en_pud-ud-test.conllu"))
    uner_pud = read_iob2(c / "uner-english-pud" / "en_pud-ud-test.iob2")
    report["uner_pud"] = dict(merge_uner(pud, uner_pud, by_forms=True))
    print(f"UNER-PUD: {report['uner_pud']}")
    save("pud", sents_to_docs(pud, vocab, 1))

    # Tokenizer exceptions from UD multi-word tokens in the *train* portions.
    counts: Counter = Counter()
    single: Counter = Counter()
    collect_mwts(ewt["train"] + gum["train"], counts, single)
    exc = {}
    by_surface: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
    for (surface, parts), k in counts.items():
        by_surface[surface].append((parts, k))
    for surface, options in by_surface.items():
        parts, k = max(options, key=lambda o: o[1])
        # keep only splits that are the majority reading of the surface form
        if k >= 2 and k > single.get(surface, 0):
            exc[surface] = list(parts)
    lemma_exc = closed_class_lemmas(ewt["train"] + gum["train"])
    (out / "lemma_exceptions.json").write_text(json.dumps(lemma_exc, indent=1, ensure_ascii=False))
    (out / "tokenizer_exceptions.json").write_text(json.dumps(exc, indent=1, ensure_ascii=False))
    report["tokenizer_exceptions"] = len(exc)
    (out / "convert_report.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
