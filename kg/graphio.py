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


#: GraphML type names, as networkx writes and reads them.
_GRAPHML_TYPE = {bool: "boolean", int: "long", float: "double", str: "string"}
_NS = (
    'xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"'
)


def _flat_type(value: Any) -> type | None:
    """The type of ``_flat(value)``, without flattening."""
    if value is None:
        return None
    for t in (bool, int, float):
        if isinstance(value, t):
            return t
    return str


def _text(value: str) -> str:
    """Element text: a carriage return as the reference ``&#13;`` (XML readers turn a raw one into LF)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(value: Any) -> str:
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def write_graphml(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """GraphML for Gephi/yEd: list/dict attributes as JSON strings.

    Numbers that are int on some nodes and float on others are written as
    float, so each attribute has one GraphML type (other mixtures: string).
    ``None`` attributes are left out; characters XML cannot hold become
    U+FFFD; carriage returns are written ``&#13;``, so they survive a read back.

    The file is streamed node by node and edge by edge (no flattened copy of
    ``G``, no XML tree in memory), with the bytes ``nx.write_graphml_xml``
    writes for :func:`flatten_graph` of ``G`` (``prettyprint=True``).
    """
    nodes = sorted(G.nodes(data=True), key=lambda nd: str(nd[0]))

    def edges() -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
        """The edges sorted by (source, target, key), as text; one node's out-edges in memory at a time."""
        for u, _ in nodes:
            yield from sorted(G.out_edges(u, keys=True, data=True), key=lambda e: (str(e[1]), str(e[2])))

    # First pass: the types of each attribute, and the key ids in the order networkx gives them
    # (the order in which (name, scope) first occurs, nodes then edges, names sorted).
    kinds: dict[tuple[str, str], set[type]] = {}
    for scope, items in (("node", nodes), ("edge", edges())):
        for *_, data in items:
            for name, value in data.items():
                kind = _flat_type(value)
                if kind is not None:
                    kinds.setdefault((str(name), scope), set()).add(kind)
    types: dict[tuple[str, str], type] = {}
    for name_scope, found in kinds.items():
        types[name_scope] = float if found == {int, float} else next(iter(found)) if len(found) == 1 else str
    ids: dict[tuple[str, str], str] = {}
    for scope, items in (("node", nodes), ("edge", edges())):
        for *_, data in items:
            for name, value in sorted(data.items()):
                if value is not None and (str(name), scope) not in ids:
                    ids[str(name), scope] = f"d{len(ids)}"

    def data_lines(scope: str, data: dict[str, Any], indent: str) -> list[str]:
        lines = []
        for name, value in sorted(data.items()):
            flat = _flat(value)
            if flat is None:
                continue
            t = types[str(name), scope]
            text = _text(str(t(flat)))
            key = ids[str(name), scope]
            lines.append(f'{indent}<data key="{key}">{text}</data>' if text else f'{indent}<data key="{key}" />')
        return lines

    with atomic_writer(path) as fh:
        fh.write(f"<?xml version='1.0' encoding='utf-8'?>\n<graphml {_NS}>\n")
        for (name, scope), key in reversed(ids.items()):
            t = _GRAPHML_TYPE[types[name, scope]]
            fh.write(f'  <key id="{key}" for="{scope}" attr.name="{_attr(name)}" attr.type="{t}" />\n')
        if not nodes:
            fh.write('  <graph edgedefault="directed" />\n</graphml>\n')
            return
        fh.write('  <graph edgedefault="directed">\n')
        for node, data in nodes:
            lines = data_lines("node", data, "      ")
            tag = f'<node id="{_attr(_flat(node))}"'
            fh.write(f"    {tag}>\n" + "\n".join(lines) + "\n    </node>\n" if lines else f"    {tag} />\n")
        for u, v, k, data in edges():
            lines = data_lines("edge", data, "      ")
            tag = f'<edge source="{_attr(_flat(u))}" target="{_attr(_flat(v))}" id="{_attr(_flat(k))}"'
            fh.write(f"    {tag}>\n" + "\n".join(lines) + "\n    </edge>\n" if lines else f"    {tag} />\n")
        fh.write("  </graph>\n</graphml>\n")


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
