"""The one place where kg loads a spaCy pipeline.

By default kg uses its own English pipeline, bundled in the package (see
:mod:`kg.models`); any installed spaCy pipeline can be used instead by name or
path (``en_core_web_lg``, ``./my_model``), per call or for every call through
the ``KG_MODEL`` environment variable. kg's own components (gazetteer,
entities, roles, events) are then added to it, so they work the same on top of
any pipeline.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex

from kg.extract.errors import KGError

log = logging.getLogger(__name__)

#: kg's components, in pipeline order (each is a registered spaCy factory).
KG_COMPONENTS: tuple[str, ...] = ("kg_gazetteer", "kg_entities", "kg_roles", "kg_events", "kg_event_reader")


def default_model() -> str:
    """The pipeline used when none is named: ``$KG_MODEL`` if set, else kg's bundled one."""
    override = os.environ.get("KG_MODEL")
    if override:
        return override
    from kg.models import bundled_model_path

    return str(bundled_model_path())


def load(
    model: str | Path | None = None,
    *,
    components: Sequence[str] = KG_COMPONENTS,
    exclude: Sequence[str] = (),
) -> Language:
    """Load a spaCy pipeline and add kg's components to it.

    ``model`` is a spaCy package name or a directory; ``None`` means kg's own
    bundled pipeline. Raises :class:`KGError` with a clear message when the
    pipeline cannot be found (kg never downloads anything).
    """
    name = str(model) if model is not None else default_model()
    try:
        nlp = spacy.load(name, exclude=list(exclude))
    except OSError as err:
        raise _not_found(name) from err
    import kg.extract  # noqa: F401  (registers kg's factories)

    split_abbreviation_hyphens(nlp)

    if "parser" in nlp.pipe_names and "kg_sentences" not in nlp.pipe_names:
        nlp.add_pipe("kg_sentences", before="parser")
    elif not {"parser", "senter", "sentencizer"} & set(nlp.pipe_names):
        nlp.add_pipe("sentencizer", first=True)
    for component in components:
        if component not in nlp.pipe_names:
            nlp.add_pipe(component)
    nlp.meta.setdefault("kg_model", name)
    return nlp


ABBREVIATION_HYPHEN = r"(?<=[A-Z]\.)-(?=[A-Za-z])"


def split_abbreviation_hyphens(nlp: Language) -> None:
    """Split "U.S.-Russia" and "U.S.-led" at the hyphen, as other hyphenated words are.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> split_abbreviation_hyphens(nlp)
    >>> [t.text for t in nlp("U.S.-Russia talks")]
    ['U.S.', '-', 'Russia', 'talks']
    """
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return  # a custom tokenizer: left as it is
    pattern = getattr(getattr(tokenizer.infix_finditer, "__self__", None), "pattern", None)
    if pattern is None:
        pattern = compile_infix_regex(nlp.Defaults.infixes or ()).pattern
    if ABBREVIATION_HYPHEN in pattern:
        return
    tokenizer.infix_finditer = re.compile(f"{ABBREVIATION_HYPHEN}|{pattern}").finditer


def describe_model(model: str | Path | None = None) -> str:
    """:func:`describe` of the pipeline ``model`` names, from its meta, without loading it.

    Raises the :class:`KGError` :func:`load` would when there is no such pipeline.

    >>> describe_model().startswith("en_kg_news")
    True
    """
    name = str(model) if model is not None else default_model()
    path = Path(name)
    if not path.is_dir() and spacy.util.is_package(name):
        path = spacy.util.get_package_path(name) / name  # an installed package: its data folder
        if not path.is_dir():
            path = spacy.util.get_package_path(name)
    meta_path = path / "meta.json"
    if not meta_path.is_file():
        try:
            meta_path = next(path.glob("*/meta.json"))  # a package folder holding the pipeline one level down
        except StopIteration:
            raise _not_found(name) from None
    try:
        meta = spacy.util.load_meta(meta_path)
    except (OSError, ValueError) as err:
        raise _not_found(name) from err
    names = list(meta.get("pipeline", []))
    if "parser" in names and "kg_sentences" not in names:  # as load() adds them
        names.insert(names.index("parser"), "kg_sentences")
    elif not {"parser", "senter", "sentencizer"} & set(names):
        names.insert(0, "sentencizer")
    names += [c for c in KG_COMPONENTS if c not in names]
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '')} ({', '.join(names)})".strip()


def _not_found(name: str) -> KGError:
    return KGError(
        "E001",
        f"cannot load the spaCy pipeline {name!r}: it is neither an installed package "
        "nor a pipeline directory (kg never downloads models; install it with pip "
        "or pass a path).",
    )


def describe(nlp: Language) -> str:
    """One line saying which pipeline is in use, for the CLI and logs."""
    meta = nlp.meta
    return (
        f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '')} "
        f"({', '.join(nlp.pipe_names)})"
    ).strip()
