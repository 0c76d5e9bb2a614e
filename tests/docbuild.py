"""Hand-built spaCy Docs for rule tests: trees written out, no model needed.

Each row is ``word head dep pos [lemma]`` with ``head`` the 1-based index of
the head token (0 for the root), as in CoNLL-U; ``ents`` are IOB tags.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

NO_SPACE_BEFORE = {".", ",", "'s", "’s", ":", ";", "?", "!", ")", "n't"}


def blank() -> Language:
    return spacy.blank("en")


def rule_pipeline() -> Language:
    """A blank pipeline with kg's rule components up to ``kg_events``, for hand-built parses."""
    nlp = blank()
    for name in ("kg_gazetteer", "kg_entities", "kg_roles", "kg_events"):
        nlp.add_pipe(name)
    return nlp


def make_doc(nlp: Language, rows: str, ents: dict[str, str] | None = None) -> Doc:
    """A parsed Doc from CoNLL-like rows; ``ents`` maps "start:end" token ranges to labels."""
    words, heads, deps, pos, lemmas, tags = [], [], [], [], [], []
    for line in rows.strip().splitlines():
        parts = line.split()
        if not parts:
            continue
        word, head, dep, p = parts[:4]
        words.append(word)
        heads.append(int(head))
        deps.append(dep)
        pos.append(p)
        lemmas.append(parts[4] if len(parts) > 4 else word.lower())
        tags.append(parts[5] if len(parts) > 5 else {"VERB": "VBD", "NOUN": "NN", "PROPN": "NNP"}.get(p, "XX"))
    spaces = [i + 1 < len(words) and words[i + 1] not in NO_SPACE_BEFORE for i in range(len(words))]
    sent_starts = [True] + [None] * (len(words) - 1)
    iob = ["O"] * len(words)
    for rng, label in (ents or {}).items():
        a, b = (int(x) for x in rng.split(":"))
        iob[a] = f"B-{label}"
        for k in range(a + 1, b):
            iob[k] = f"I-{label}"
    doc = Doc(
        nlp.vocab, words=words, spaces=spaces,
        heads=[h - 1 if h else i for i, h in enumerate(heads)],
        deps=[d if d != "root" else "ROOT" for d in deps], pos=pos, lemmas=lemmas, tags=tags,
        ents=iob, sent_starts=sent_starts,
    )
    return doc
