"""Write the graph for other tools: GraphML (Gephi, yEd) and node-link JSON.

Both writers sort nodes and edges, so the bytes written depend only on the
graph's content, and both write atomically (:func:`atomic_writer`).

>>> import networkx as nx, tempfile, pathlib
>>> G = nx.MultiDiGraph()
>>> G.add_node("entity:Q159", kind="entity", label="Russia", aliases=["Moscow"], wikidata="Q159")
>>> G.add_edge("entity:Q159", "entity:Q159", key="x", kind="relation")
'x'
>>> with tempfile.TemporaryDirectory() as d:
...     write_graphml(G, pathlib.Path(d, "g.graphml"))
...     H = nx.read_graphml(pathlib.Path(d, "g.graphml"))
>>> H.nodes["entity:Q159"]["aliases"]
'["Moscow"]'
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import networkx as nx

__all__ = ["atomic_writer", "flatten_graph", "write_graphml", "write_node_link_json"]

# Characters XML 1.0 cannot hold, even escaped.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file next to ``path``; on success, ``os.replace`` it.

    Readers never see a half-written file; on error the target is untouched.
    Text mode writes UTF-8 with ``\\n`` line ends.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": "utf-8", "newline": "\n"}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _flat(value: Any) -> str | int | float | bool | None:
    """A GraphML-storable value: lists/dicts → JSON; None → dropped."""
    if value is None:
        return None
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return _XML_INVALID.sub("\ufffd", value)
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _XML_INVALID.sub("\ufffd", text)


def _flat_attrs(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, value in sorted(data.items()):
        flat = _flat(value)
        if flat is not None:
            out[str(name)] = flat
    return out


def flatten_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A sorted copy of ``G`` whose attributes are all str, int, float or bool.

    Lists and dicts become JSON text; ``None`` attributes are left out;
    characters XML cannot hold become U+FFFD.
    """
    H = nx.MultiDiGraph()
    for node, data in sorted(G.nodes(data=True), key=lambda nd: str(nd[0])):
        H.add_node(_flat(node), **_flat_attrs(data))
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    for u, v, k, data in edges:
        H.add_edge(_flat(u), _flat(v), key=_flat(k), **_flat_attrs(data))
    return H


def write_graphml(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """GraphML for Gephi/yEd: list/dict attributes as JSON strings.

    Numbers that are int on some nodes and float on others are written as
    float, so each attribute has one GraphML type.
    """
    H = flatten_graph(G)
    for items in (H.nodes(data=True), H.edges(data=True)):
        kinds: dict[str, set[type]] = {}
        for *_, data in items:
            for name, value in data.items():
                kinds.setdefault(name, set()).add(type(value))
        for *_, data in items:
            for name, value in data.items():
                if kinds[name] == {int, float}:
                    data[name] = float(value)
                elif len(kinds[name]) > 1:
                    data[name] = str(value)
    if any("\r" in s for s in _strings(H)):
        # XML readers turn a CR in element text into LF; ElementTree writes it raw. Carry CRs
        # through as U+0001 (never in flattened text) and write that as the reference "&#13;".
        H = nx.relabel_nodes(H, {n: n.replace("\r", "\x01") for n in H if isinstance(n, str) and "\r" in n})
        for *_, data in (*H.nodes(data=True), *H.edges(data=True)):
            for name, value in data.items():
                if isinstance(value, str):
                    data[name] = value.replace("\r", "\x01")
        buf = io.BytesIO()
        nx.write_graphml_xml(H, buf, encoding="utf-8", prettyprint=True)
        with atomic_writer(path, "wb") as fh:
            fh.write(buf.getvalue().replace(b"\x01", b"&#13;"))
        return
    with atomic_writer(path, "wb") as fh:
        nx.write_graphml_xml(H, fh, encoding="utf-8", prettyprint=True)


def _strings(H: nx.MultiDiGraph) -> Iterator[str]:
    for node, data in H.nodes(data=True):
        yield str(node)
        yield from (v for v in data.values() if isinstance(v, str))
    for _, _, key, data in H.edges(keys=True, data=True):
        yield str(key)
        yield from (v for v in data.values() if isinstance(v, str))


def write_node_link_json(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """networkx node-link JSON (``edges="edges"``), nodes and edges sorted.

    Read it back with ``nx.node_link_graph(data, edges="edges")``.
    """
    data = nx.node_link_data(G, edges="edges")
    data["nodes"] = sorted(data["nodes"], key=lambda n: str(n["id"]))
    data["edges"] = sorted(data["edges"], key=lambda e: (str(e["source"]), str(e["target"]), str(e.get("key"))))
    with atomic_writer(path) as fh:
        json.dump(data, fh, ensure_ascii=False, sort_keys=True, indent=1)
        fh.write("\n")
