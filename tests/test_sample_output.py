"""The seed's sample output in exports/ is kept current: a fresh build gives the same bytes.

When extraction or the exports change on purpose, regenerate it with
``python scripts/readme_assets.py`` (which also refreshes the README's excerpt
and screenshot) and commit the result.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["facts.jsonl", "graph.nt", "graph.ttl"])
def test_committed_sample_output_matches_a_fresh_build(tmp_path_factory, name):
    out = tmp_path_factory.getbasetemp() / "sample"
    if not (out / name).exists():
        result = CliRunner().invoke(app, ["build", str(ROOT / "seeds"), "-o", str(out), "-q"])
        assert result.exit_code == 0, result.output
    committed = (ROOT / "exports" / name).read_bytes()
    assert (out / name).read_bytes() == committed, (
        f"exports/{name} is stale: run python scripts/readme_assets.py and commit exports/")
