"""Determinism (#7): the same inputs give byte-identical exports, run after run.

Two real ``kg build seeds/`` runs, in separate processes with different hash seeds (so any
dependence on set or dict order of strings shows), into two folders: every export, and
``facts.jsonl``, ``graph.ttl`` and ``graph.nt`` above all, must be byte-identical, with no
timestamp, temporary name or random id in them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.exports import write_exports

ROOT = Path(__file__).resolve().parents[1]
XSD = "http://www.w3.org/2001/XMLSchema#"
EXPORTS = (
    "events.csv", "facts.jsonl", "graph.graphml", "graph.html", "graph.json", "graph.jsonld", "graph.nt", "graph.trig",
    "graph.ttl",
)  # fmt: skip


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("determinism")
    outs = (base / "run1", base / "run2")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "-o", str(out), "-q"],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for out, seed in zip(outs, ("1", "2"), strict=True)
    ]
    for proc in procs:
        _, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr.decode()
    return outs


@pytest.mark.parametrize("name", EXPORTS)
def test_two_builds_are_byte_identical(two_builds: tuple[Path, Path], name: str) -> None:
    one, two = ((out / name).read_bytes() for out in two_builds)
    assert one, name
    assert one == two, name


def test_builds_write_only_the_exports(two_builds: tuple[Path, Path]) -> None:
    for out in two_builds:
        names = sorted(p.name for p in out.iterdir())
        # (store: kg.store's folder, if any; build.json: the inputs the build was made from)
        # (.kg.lock: the folder's write lock, kg.lock)
        assert [n for n in names if n not in {"store", "build.json", ".kg.lock"}] == sorted(EXPORTS)


def test_two_stores_hold_the_same_quads(two_builds: tuple[Path, Path]) -> None:
    """OUTDIR/store (RocksDB files differ run to run, by design) has the same content."""
    import pyoxigraph as ox

    if not (two_builds[0] / "store").is_dir():
        pytest.skip("no OUTDIR/store in this version")
    one, two = (ox.Store.read_only(str(out / "store")) for out in two_builds)
    quads = set(one)
    assert quads and quads == set(two)
    trig = set(ox.parse((two_builds[0] / "graph.trig").read_bytes(), ox.RdfFormat.TRIG))
    # (oxigraph's store keeps xsd:nonNegativeInteger literals as xsd:integer)
    nni, integer = ox.NamedNode(XSD + "nonNegativeInteger"), ox.NamedNode(XSD + "integer")

    def stored(q: ox.Quad) -> ox.Quad:
        o = q.object
        if isinstance(o, ox.Literal) and o.datatype == nni:
            return ox.Quad(q.subject, q.predicate, ox.Literal(o.value, datatype=integer), q.graph_name)
        return q

    assert quads == {stored(q) for q in trig}


@pytest.mark.parametrize("name", ["facts.jsonl", "graph.nt", "graph.ttl", "graph.trig", "graph.jsonld"])
def test_no_timestamps_or_temp_paths_in_exports(two_builds: tuple[Path, Path], name: str) -> None:
    text = (two_builds[0] / name).read_text(encoding="utf-8")
    assert str(two_builds[0]) not in text and ".tmp" not in text
    assert re.search(r"20[2-9]\d-\d\d-\d\dT\d\d:\d\d", text) is None  # no run time (dates of articles are days)


def test_graph_nt_is_sorted_and_duplicate_free(two_builds: tuple[Path, Path]) -> None:
    lines = (two_builds[0] / "graph.nt").read_bytes().splitlines(keepends=True)
    assert lines == sorted(set(lines))


def test_rdf_exports_do_not_depend_on_article_order(two_articles: list, tmp_path: Path) -> None:
    write_exports(two_articles, tmp_path / "a")
    write_exports(two_articles[::-1], tmp_path / "b")
    for name in EXPORTS:
        one, two = (tmp_path / "a" / name).read_bytes(), (tmp_path / "b" / name).read_bytes()
        if name == "facts.jsonl":  # in input order, by design
            assert sorted(one.splitlines()) == sorted(two.splitlines())
        else:
            assert one == two, name
