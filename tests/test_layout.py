"""kg.layout: fast_layout's components, spacing and determinism; the near-pair grid."""

from __future__ import annotations

import numpy as np

from kg import html as kh
from kg import layout


def _star(n: int) -> tuple[list[str], list[tuple[str, str]]]:
    """``n`` nodes e0..e{n-1}; every node from e5 on linked to one of the hubs e0..e4."""
    return [f"e{i}" for i in range(n)], [(f"e{i}", f"e{i % 5}") for i in range(5, n)]


def test_fast_layout_components_and_spacing() -> None:
    star_nodes, star_edges = _star(300)
    nodes = [*star_nodes, "lonely", "pair-a", "pair-b"]
    edges = [*star_edges, ("pair-a", "pair-b")]
    pos = layout.fast_layout(nodes, edges, seed=3)
    assert set(pos) == set(nodes)
    assert pos == layout.fast_layout(nodes, edges, seed=3)  # deterministic
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    assert 0 < span < 300 * layout._SCALE  # small components are packed, not flung away
    assert layout.fast_layout([], []) == {}
    assert layout.fast_layout(["a"], []) == {"a": (0.0, 0.0)}


def test_near_pairs_match_brute_force() -> None:
    pos = np.random.default_rng(5).random((400, 2)) * 20
    i, j = layout._near_pairs(pos, 1.5)
    got = {(min(a, b), max(a, b)) for a, b in zip(i.tolist(), j.tolist(), strict=True)}
    d = np.sqrt(((pos[:, None, :] - pos[None, :, :]) ** 2).sum(axis=-1))
    want = {(a, b) for a, b in zip(*np.nonzero(d < 1.5), strict=True) if a < b}
    assert got == want and len(i) == len(want)  # each pair once


def test_re_exported_by_html() -> None:
    assert kh.fast_layout is layout.fast_layout
