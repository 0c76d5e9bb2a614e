"""kg: a knowledge-graph builder for international-politics news.

``kg.load(OUTDIR)``, ``kg.build(inputs)`` and ``kg.KnowledgeGraph`` come from
:mod:`kg.api`, imported on first use so that ``import kg`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "__version__", "build", "load"]

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph, build, load


def __getattr__(name: str) -> Any:
    if name in ("load", "build", "KnowledgeGraph"):
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
