"""The gap analysis of a region: :func:`analyze` and what it returns.

* :mod:`chaingraph.gaps.analyzer` — reads the region once and runs the analyses of every chain;
* :mod:`chaingraph.gaps.result` — :class:`GapAnalysis`, :class:`ChainResult`, :class:`LinkResult`, the JSON
  shape (``docs/gap-analysis.md``) and flat tables.

``analyze`` is imported on first use: the renderers need the result types only, not the store.
"""

from importlib import import_module
from typing import Any

from chaingraph.gaps.result import SCHEMA, ChainResult, Evidence, GapAnalysis, LinkResult

__all__ = ["SCHEMA", "ChainResult", "Evidence", "GapAnalysis", "LinkResult", "analyze"]


def __getattr__(name: str) -> Any:
    if name == "analyze":
        return import_module("chaingraph.gaps.analyzer").analyze
    raise AttributeError(f"module 'chaingraph.gaps' has no attribute {name!r}")
