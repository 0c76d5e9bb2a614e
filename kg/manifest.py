"""What a ``kg build`` output folder was built from: ``OUTDIR/build.json``.

``kg build`` records its inputs (as paths relative to the folder), the number
of articles and kg's version after every successful run. Before it writes, it checks the
folder: a graph built from *other* inputs is not replaced unless the user says
``--force`` (``--append`` adds to it); the same inputs rebuild it as before, so
a command can be run twice. A folder holding a graph but no ``build.json``
(written by kg before 0.2, or by hand) counts as built from other inputs.

>>> import tempfile
>>> out = Path(tempfile.mkdtemp())
>>> replace_refusal(out, ["seeds"]) is None  # an empty folder: nothing to lose
True
>>> write_manifest(out, recorded(["seeds"], out), articles=1)
>>> (out / "facts.jsonl").write_text("")
0
>>> replace_refusal(out, ["seeds"]) is None  # the same inputs: rebuilt
True
>>> "other inputs" in replace_refusal(out, ["corpus_typo.jsonl"])
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.graphio import atomic_writer

MANIFEST = "build.json"
#: the files whose presence says that a folder holds a graph
GRAPH_FILES = ("facts.jsonl", "graph.ttl", "store")


def recorded(inputs: Sequence[str], outdir: Path) -> list[str]:
    """The inputs as a manifest records them: relative to ``outdir`` (so that a project
    folder moved or cloned elsewhere still matches), "-" for stdin."""
    base = outdir.resolve()
    out = []
    for i in inputs:
        if i == "-":
            out.append(i)
            continue
        path = Path(i).resolve()
        try:
            out.append(Path(os.path.relpath(path, base)).as_posix())
        except ValueError:  # another drive (Windows)
            out.append(path.as_posix())
    return out


def read_manifest(outdir: Path) -> dict[str, Any] | None:
    """The manifest of ``outdir``, or None when there is none or it cannot be read."""
    try:
        data = json.loads((outdir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("inputs"), list) else None


def write_manifest(outdir: Path, inputs: Sequence[str], *, articles: int) -> None:
    """Record (atomically) that ``outdir`` now holds the graph of ``inputs``."""
    from kg import __version__

    data = {"inputs": list(inputs), "articles": articles, "kg_version": __version__}
    with atomic_writer(outdir / MANIFEST) as fh:
        json.dump(data, fh, indent=1)
        fh.write("\n")


def holds_graph(outdir: Path) -> bool:
    return outdir.is_dir() and any((outdir / name).exists() for name in GRAPH_FILES)


def replace_refusal(outdir: Path, inputs: Sequence[str]) -> str | None:
    """Why a build of ``inputs`` must not replace the graph in ``outdir`` (None: it may)."""
    if not holds_graph(outdir):
        return None
    manifest = read_manifest(outdir)
    if manifest is None:
        return "holds a graph whose inputs kg did not record"
    before = [str(i) for i in manifest["inputs"]]
    if before == recorded(inputs, outdir) and "-" not in before:
        return None
    shown = ", ".join(before[:3]) + (f" and {len(before) - 3} more" if len(before) > 3 else "")
    return f"holds a graph built from other inputs ({shown or 'none'}, relative to it)"
