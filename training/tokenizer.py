"""Align spaCy's English tokenizer with the UD English treebanks' tokens.

Measured on EWT dev / PUD (``python -m training.tokenizer``), the differences
between spaCy's default English tokenizer and the UD tokens are mostly:

* hyphenated words after a bound prefix stay one token in UD (``e-mail``,
  ``non-profit``, ``co-founder``, ``mid-August``, ``Wi-Fi``) while spaCy
  splits every hyphen between letters;
* runs of the same punctuation (``!!!``, ``??``, ``***``, ``====``, ``<<``)
  are one token in UD and several in spaCy;
* a few multi-word tokens of the treebanks (``wanna``, ``DONT``, ``Lets``).

``customize_tokenizer`` changes the live tokenizer; the rules are serialised
with the pipeline (``nlp.to_disk``), so loading needs no code from here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

# Prefixes after which UD keeps the hyphen inside the token (from EWT/GUM train).
HYPHEN_PREFIXES = [
    "non", "e", "pre", "co", "re", "mid", "anti", "cross", "post", "semi", "sub", "pro",
    "multi", "ex", "counter", "mini", "neo", "inter", "intra", "micro", "socio", "psycho",
    "vice", "un", "wi", "self-",
]
# Punctuation whose runs are a single UD token.
_RUN = r"(?:!{2,}|\?{2,}|[!?]{2,}|\*{2,}|={2,}|_{2,}|-{3,}|~{2,}|<<|>>|\+{2,}|#{2,})"


def _infix_patterns(infixes: list[str]) -> list[str]:
    out = []
    # negative look-behinds: no split after "^non", "^co", ... (case-insensitive)
    guards = "".join(
        f"(?<!^{''.join(f'[{c.lower()}{c.upper()}]' for c in p)})"
        for p in HYPHEN_PREFIXES
        if not p.endswith("-")
    )
    for pat in infixes:
        if "-" in pat and "(?=[" in pat and "(?<=[" in pat and "a-z" in pat.lower():
            # the letter-hyphen-letter infix of the English defaults
            out.append(guards + pat)
        else:
            out.append(pat)
    return out


def customize_tokenizer(nlp: Language, exceptions: dict[str, list[str]] | None = None) -> int:
    """Apply the UD alignment to ``nlp.tokenizer``; return the number of special cases added."""
    tok: Any = nlp.tokenizer
    defaults = nlp.Defaults
    infixes = _infix_patterns([str(p) for p in defaults.infixes or []])
    tok.infix_finditer = compile_infix_regex(infixes).finditer
    suffixes = [_RUN, r"(?<=[0-9])(?:bn|tn|am|pm)", *(defaults.suffixes or [])]
    tok.suffix_search = compile_suffix_regex(suffixes).search
    prefixes = [_RUN, *(defaults.prefixes or [])]
    tok.prefix_search = compile_prefix_regex(prefixes).search
    added = 0
    for abbr in ("No.", "no.", "Nos.", "ca.", "approx."):
        tok.add_special_case(abbr, [{"ORTH": abbr}])
    for surface, parts in (exceptions or {}).items():
        if "".join(parts) != surface or not _plausible(surface, parts):
            continue
        if [t.text for t in nlp.make_doc(surface)] == parts:
            continue
        tok.add_special_case(surface, [{"ORTH": p} for p in parts])
        added += 1
    return added


_CLITIC = re.compile(r"^(?:n't|nt|NT|N'T|'s|'m|'re|'ve|'ll|'d|s|na|ta|`s)$")


def _plausible(surface: str, parts: list[str]) -> bool:
    """Keep contraction-like splits; drop typo readings such as 'its' -> 'it s'."""
    if len(parts) != 2:
        return False
    if not _CLITIC.match(parts[1]):
        return False
    return not (parts[1] == "s" and surface.lower() not in {"lets", "elses"})


def load_exceptions(path: Path) -> dict[str, list[str]]:
    return json.loads(path.read_text()) if path.exists() else {}


def _check(nlp: Language, corpus: Path) -> float:
    from spacy.tokens import DocBin

    ok = tot = 0
    for d in DocBin().from_disk(corpus).get_docs(nlp.vocab):
        p = nlp.make_doc(d.text)
        gold = {(t.idx, t.idx + len(t)) for t in d}
        pred = {(t.idx, t.idx + len(t)) for t in p}
        ok += len(gold & pred)
        tot += len(gold)
    return ok / tot


if __name__ == "__main__":
    import spacy

    here = Path(__file__).resolve().parent / "corpus"
    base = spacy.blank("en")
    tuned = spacy.blank("en")
    n = customize_tokenizer(tuned, load_exceptions(here / "tokenizer_exceptions.json"))
    print(f"special cases added: {n}")
    for name in ("dev/ewt_dev.spacy", "dev/gum_dev.spacy", "ewt_test.spacy", "pud.spacy"):
        print(f"{name}: token recall default {_check(base, here / name):.4f} "
              f"tuned {_check(tuned, here / name):.4f}")
