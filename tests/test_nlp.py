"""kg.nlp: the one place that loads pipelines."""

from __future__ import annotations

import pytest

from kg.extract.errors import KGError
from kg.nlp import KG_COMPONENTS, describe, load


def test_unknown_pipeline_is_a_coded_error_naming_it():
    with pytest.raises(KGError, match=r"E001.*no_such_pipeline"):
        load("no_such_pipeline")


def test_bundled_pipeline_gets_kgs_components(kg_nlp):
    names = kg_nlp.pipe_names
    assert names[-len(KG_COMPONENTS):] == list(KG_COMPONENTS)
    assert names.index("kg_sentences") < names.index("parser")
    assert "parser" in describe(kg_nlp)


def test_any_pipeline_directory_works(tmp_path):
    import spacy

    spacy.blank("en").to_disk(tmp_path / "blank")
    nlp = load(tmp_path / "blank")
    assert "sentencizer" in nlp.pipe_names and nlp.pipe_names[-1] == "kg_event_reader"
    doc = nlp("NATO met Russia. Talks went on.")
    assert len(list(doc.sents)) == 2


def test_components_are_found_through_the_spacy_factories_entry_point():
    import subprocess
    import sys

    code = (
        "import spacy\n"
        "nlp = spacy.blank('en')\n"
        "for name in ('kg_sentences', 'kg_gazetteer', 'kg_entities', 'kg_roles', 'kg_events'):\n"
        "    nlp.add_pipe(name)\n"
        "doc = nlp('NATO rejected the demands of Russia.')\n"
        "print(sorted(e.text for e in doc.ents))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['NATO', 'Russia']"
