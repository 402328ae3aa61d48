"""Gap priority: which gaps matter most, as a documented, configurable score with its reasons.

The gaps of a chain are its links that are missing, planned or weak in the region. Each gets a score,
the sum of the contributions below (weights in :class:`PriorityWeights`), and an action:

==========================  ====================================================================
contribution                when
==========================  ====================================================================
``missing`` / ``planned``   the link's status (a missing link weighs most, a weak one least)
/ ``weak``
``broken``                  the link is a 断链 (it cuts local supply between operating links)
``per_consumer`` × n        n operating local links use its output (demand pull)
``per_supplier`` × n        n operating local links could supply it (supply push)
``targeted``                a plan of the region targets it (「瞄准」)
``segment_gap``             its whole official segment has no operating link
``betweenness`` × b         its normalised betweenness in the chain's forward graph
``hard_gap``                no operating actor in the parent region either
==========================  ====================================================================

With the default weights a 断链 always outranks a missing link that touches no operating link
(a broken link scores at least ``missing + broken + per_consumer + per_supplier`` = 5.75; an isolated
missing link at most ``missing + targeted + segment_gap + betweenness + hard_gap`` = 4.0), and, other
things equal, more operating consumers rank higher. The action is 补链 (``fill``) for missing and
planned links inside the local chain, 延链 (``extend``) for missing links beyond its head or tail or in
recycling, and 强链 (``strengthen``) for weak links — unless a plan of the region targets the link with
a stated intent, which then gives the action.

Reference: the 招商 priority of docs/method.md (gap severity, local demand pull, strategic
fit, parent-region availability).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import networkx as nx

from chaingraph.analysis.reasons import Reason
from chaingraph.analysis.status import MISSING, PLANNED, WEAK, LinkStatus

__all__ = ["Gap", "GapContext", "PriorityWeights", "rank_gaps"]


@dataclass(frozen=True)
class PriorityWeights:
    """Weights of the gap score (see the module documentation)."""

    missing: float = 1.0
    planned: float = 0.6
    weak: float = 0.5
    broken: float = 4.0
    per_consumer: float = 0.5
    per_supplier: float = 0.25
    targeted: float = 1.0
    segment_gap: float = 0.5
    betweenness: float = 1.0
    hard_gap: float = 0.5

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


@dataclass(frozen=True)
class Gap:
    """One ranked gap: a link to fill, strengthen or extend, with its score and reasons."""

    link: str
    status: str
    action: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class GapContext:
    """What :func:`rank_gaps` needs to know besides the statuses (all plain data)."""

    broken: dict[str, list[tuple[str, str]]]
    truncated: set[str]
    segment_gaps: dict[str, str]  # link id → label of its segment that has no operating link
    betweenness: dict[str, float]
    #: link → (scope label, operating actors there, an example, whether the scope is the parent region),
    #: for the nearest region containing this one that has an operating actor of the link
    nearest: dict[str, tuple[str, int, str, bool]]
    parent_label: str | None
    stages: dict[str, str]
    #: link → the intent (fill, strengthen, extend) a plan of the region states for it
    intents: dict[str, str] = field(default_factory=dict)
    #: link → how a reason names it, its id and label (``"AL07 电解铝"``); the id alone when absent
    names: dict[str, str] = field(default_factory=dict)
    #: between two names in a list (「、」 in Chinese)
    separator: str = ", "

    def join(self, ids: list[str]) -> str:
        """Links named for a reader: ``"AL07 电解铝, AL09 铝液"``."""
        return self.separator.join(self.names.get(link, link) for link in ids)


def rank_gaps(forward: nx.DiGraph, chain_links: set[str], statuses: dict[str, LinkStatus], context: GapContext,
              weights: PriorityWeights | None = None) -> list[Gap]:
    """Score and rank the gaps among *chain_links*; best first, ties by link id.

    *forward* is the forward link graph (across chains, so that consumers in other chains count).
    """
    weights = weights or PriorityWeights()
    operating = {n for n, s in statuses.items() if s.is_operating}
    gaps = []
    for link in sorted(chain_links):
        status = statuses[link].status
        if status not in (MISSING, PLANNED, WEAK):
            continue
        reasons = []
        base = {MISSING: ("status_missing", weights.missing), PLANNED: ("status_planned", weights.planned),
                WEAK: ("status_weak", weights.weak)}[status]
        reasons.append(Reason(base[0], score=base[1]))
        if link in context.broken:
            pairs = context.broken[link]
            reasons.append(Reason("broken", (("upstream", context.join(sorted({u for u, _ in pairs}))),
                                             ("downstream", context.join(sorted({d for _, d in pairs})))),
                                  score=weights.broken))
        consumers = sorted(n for n in forward.successors(link) if n in operating)
        if consumers:
            reasons.append(Reason("consumers", (("n", len(consumers)), ("ids", context.join(consumers))),
                                  score=weights.per_consumer * len(consumers)))
        suppliers = sorted(n for n in forward.predecessors(link) if n in operating)
        if suppliers and status != WEAK:
            reasons.append(Reason("suppliers", (("n", len(suppliers)), ("ids", context.join(suppliers))),
                                  score=weights.per_supplier * len(suppliers)))
        if statuses[link].targeted:
            reasons.append(Reason("targeted", next((r.params for r in statuses[link].reasons if r.code == "targeted"),
                                                   (("plans", ""),)), score=weights.targeted))
        if link in context.segment_gaps:
            reasons.append(Reason("segment_gap", (("segment", context.segment_gaps[link]),), score=weights.segment_gap))
        central = context.betweenness.get(link, 0.0)
        if central > 0:
            reasons.append(Reason("central", (("value", f"{central:.2f}"),), score=weights.betweenness * central))
        if status != WEAK and context.parent_label:
            nearest = context.nearest.get(link)
            if nearest is None or not nearest[3]:
                reasons.append(Reason("hard_gap", (("scope", context.parent_label),), score=weights.hard_gap))
            if nearest is not None:
                scope, count, example, _ = nearest
                reasons.append(Reason("soft_gap", (("scope", scope), ("n", count), ("example", example)), score=0.0))
        if status == WEAK:
            action = "strengthen"
        elif context.intents.get(link):
            action = context.intents[link]  # the region's own plan says how it means to close this gap
        elif status == MISSING and (link in context.truncated or context.stages.get(link) == "recycling"):
            action = "extend"
        else:
            action = "fill"
        score = round(sum(r.score or 0.0 for r in reasons), 6)
        gaps.append(Gap(link, status, action, score, tuple(reasons)))
    return sorted(gaps, key=lambda g: (-g.score, g.link))
