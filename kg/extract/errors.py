"""Coded error messages, in the manner of ``spacy/errors.py``."""

from __future__ import annotations


class KGError(Exception):
    """An error of kg's with a stable code (``E001`` ...) and a clear message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


class Errors:
    """Message templates; format them with ``.format(**values)``."""

    E001 = "cannot load the spaCy pipeline {name!r}"
    E002 = (
        "the component {component!r} needs {required!r} earlier in the pipeline; "
        "add it with nlp.add_pipe({required!r}) or load the pipeline with kg.nlp.load()"
    )
    E003 = "the lexicon file {path} is invalid: {problem}"
    E004 = "the event model file {path} is invalid: {problem}"
    E005 = "the constructions file {path} is invalid: {problem}"
