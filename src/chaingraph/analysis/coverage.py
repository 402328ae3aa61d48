"""Coverage (完整度/覆盖率): the share of a chain's links that operate in the region.

``coverage = operating links / all links``, overall, per segment and per stage (docs/gap-analysis.md). A
segment with links and no operating link is a **segment-level gap** (整段缺链).

Reference: the coverage statements planners publish, e.g. 「3大系统12大总成56个部件已实现全覆盖」
(docs/method.md, [O23]).

>>> import networkx as nx
>>> from chaingraph.analysis.status import LinkStatus
>>> G = nx.DiGraph()
>>> G.add_node("A", segment="s1", segment_label={"zh": "上游"}, segment_order=1, stage="input", stage_order=1)
>>> G.add_node("B", segment="s2", segment_label={"zh": "下游"}, segment_order=2, stage="downstream", stage_order=4)
>>> st = {"A": LinkStatus("present", 2, 0, False, ()), "B": LinkStatus("missing", 0, 0, False, ())}
>>> c = coverage(G, st)
>>> c.overall.ratio, [s.gap for s in c.by_segment]
(0.5, [False, True])
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from chaingraph.analysis.status import STATUSES, LinkStatus

__all__ = ["Coverage", "CoverageCell", "coverage"]


@dataclass(frozen=True)
class CoverageCell:
    """Coverage of one group of links (a whole chain, a segment or a stage)."""

    key: str | None
    label: dict[str, str]
    order: int | None
    links: tuple[str, ...]
    operating: int
    total: int
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.operating / self.total if self.total else 0.0

    @property
    def gap(self) -> bool:
        """True when the group has links and none of them operates (a segment-level 缺链)."""
        return self.total > 0 and self.operating == 0


@dataclass(frozen=True)
class Coverage:
    overall: CoverageCell
    by_segment: tuple[CoverageCell, ...]
    by_stage: tuple[CoverageCell, ...]


def _cell(key: str | None, label: dict[str, str], order: int | None, links: list[str],
          statuses: dict[str, LinkStatus]) -> CoverageCell:
    counts = Counter(statuses[n].status for n in links)
    return CoverageCell(key, label, order, tuple(sorted(links)), sum(statuses[n].is_operating for n in links),
                        len(links), {s: counts.get(s, 0) for s in STATUSES})


def coverage(graph: nx.DiGraph, statuses: dict[str, LinkStatus]) -> Coverage:
    """Coverage of the links of *graph* (one chain), overall, by segment and by stage."""
    nodes = sorted(graph)
    segments: dict[str | None, list[str]] = {}
    stages: dict[str, list[str]] = {}
    for n in nodes:
        segments.setdefault(graph.nodes[n].get("segment"), []).append(n)
        stages.setdefault(graph.nodes[n]["stage"], []).append(n)

    def segment_cell(key: str | None) -> CoverageCell:
        first = graph.nodes[segments[key][0]]
        return _cell(key, first.get("segment_label") or {}, first.get("segment_order"), segments[key], statuses)

    def stage_cell(key: str) -> CoverageCell:
        first = graph.nodes[stages[key][0]]
        return _cell(key, {}, first.get("stage_order"), stages[key], statuses)

    by_segment = sorted((segment_cell(k) for k in segments), key=lambda c: (c.order is None, c.order or 0, c.key or ""))
    by_stage = sorted((stage_cell(k) for k in stages), key=lambda c: (c.order or 99, c.key or ""))
    return Coverage(_cell(None, {}, None, nodes, statuses), tuple(by_segment), tuple(by_stage))
