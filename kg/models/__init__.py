"""kg's own English pipeline, ``en_kg_news``, shipped as package data.

The pipeline (tokenizer tuned to the UD English treebanks, PTB tagger,
morphologizer for UPOS + features, rule lemmatizer, dependency parser, NER with
PERSON / ORG / LOC) is trained from open corpora by ``python -m training.train``
(see ``training/README.md``) and saved here with ``nlp.to_disk``.  It is
licensed CC BY-SA 4.0 (share-alike from UD English-EWT / UNER / GUM); kg's code
keeps its own licence.

Nothing here imports spaCy: loading is left to the caller::

    import spacy
    from kg.models import bundled_model_path
    nlp = spacy.load(bundled_model_path())
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["MODEL_NAME", "ModelNotFoundError", "bundled_model_path", "model_info"]

#: Directory name of the bundled pipeline inside this package.
MODEL_NAME = "en_kg_news"


class ModelNotFoundError(FileNotFoundError):
    """The bundled pipeline is not present (e.g. a source checkout without model data)."""


def bundled_model_path() -> Path:
    """Directory of the bundled pipeline, loadable with ``spacy.load``.

    Raises :class:`ModelNotFoundError` (a ``FileNotFoundError``) when it is missing.
    """
    path = Path(__file__).resolve().parent / MODEL_NAME
    if not (path / "meta.json").is_file() or not (path / "config.cfg").is_file():
        raise ModelNotFoundError(
            f"kg's bundled spaCy pipeline is missing: expected a pipeline directory with "
            f"config.cfg and meta.json at {path}. Reinstall kg, or rebuild it with "
            f"`python -m training.train --package` (needs the corpora, see training/README.md)."
        )
    return path


def model_info(path: str | Path | None = None) -> dict[str, Any]:
    """Summary of a pipeline directory's ``meta.json`` (default: the bundled one).

    Returns ``name``, ``lang``, ``version``, ``spacy_version``, ``components``,
    ``labels`` (per component), ``sources``, ``license`` and ``scores`` (the
    ``performance`` block: held-out test figures, percentages).
    """
    root = Path(path) if path is not None else bundled_model_path()
    meta_path = root / "meta.json"
    if not meta_path.is_file():
        raise ModelNotFoundError(f"no meta.json in {root}")
    meta = json.loads(meta_path.read_text(encoding="utf8"))
    return {
        "name": meta.get("name"),
        "lang": meta.get("lang"),
        "full_name": f"{meta.get('lang')}_{meta.get('name')}",
        "version": meta.get("version"),
        "spacy_version": meta.get("spacy_version"),
        "path": str(root),
        "components": list(meta.get("components") or meta.get("pipeline") or []),
        "labels": dict(meta.get("labels") or {}),
        "sources": list(meta.get("sources") or []),
        "license": meta.get("license"),
        "scores": dict(meta.get("performance") or {}),
    }
