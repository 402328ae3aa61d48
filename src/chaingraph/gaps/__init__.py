"""The gap analysis of a region: :func:`analyze` and what it returns.

* :mod:`chaingraph.gaps.analyze` — reads the region once and runs the analyses of every chain;
* :mod:`chaingraph.gaps.result` — :class:`GapAnalysis`, :class:`ChainResult`, :class:`LinkResult`, the JSON
  shape (``docs/gap-analysis.md``) and flat tables.
"""

from chaingraph.gaps.analyze import analyze
from chaingraph.gaps.result import SCHEMA, ChainResult, Evidence, GapAnalysis, LinkResult

__all__ = ["SCHEMA", "ChainResult", "Evidence", "GapAnalysis", "LinkResult", "analyze"]
