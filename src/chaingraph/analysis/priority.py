"""Gap priority: which gaps matter most, as a documented, configurable score with its reasons, and the
action each gap calls for.

The gaps of a chain are its links that are missing, planned or weak in the region. Each gets a score,
the sum of the contributions below (weights in :class:`PriorityWeights`), every one a reason in a
planner's words:

==========================  ====================================================================
contribution                when
==========================  ====================================================================
``missing`` / ``planned``   the link's status (a missing link weighs most, a weak one least)
/ ``weak``
``broken``                  the link is a 断链 (it cuts local supply between operating links)
``per_consumer`` × n        n operating local links use its output (demand pull)
``per_supplier`` × n        n operating local links could supply it (supply push)
``per_dependent`` × n       n more operating local links further downstream depend on it (at most
                            ``max_dependents`` counted)
``targeted``                a plan of the region targets it (「瞄准」) — the region's stated intent
``theme``                   it is a theme of a designation the region holds (示范区, 基地)
``formula``                 its segment is named in the chain's official formula
``segment_gap``             its whole segment has no operating link
``shortfall``               the material balance finds, in figures, that local consumers need more of its
                            product than the region supplies (:mod:`chaingraph.analysis.balance`)
``hard_gap``                no operating actor in the parent region either, **and the data covers the
                            parent region** (otherwise nothing is claimed about the parent)
==========================  ====================================================================

With the default weights a 断链 always outranks a missing link that touches no operating link (a
broken link scores at least ``missing + broken + per_consumer + per_supplier`` = 5.75; an isolated
missing link at most ``missing + targeted + theme + formula + segment_gap + hard_gap +
per_dependent × max_dependents`` = 4.75), and, other things equal, more operating consumers rank higher,
and a link a plan targets outranks one it does not.

**Actions** (docs/gap-analysis.md, "Actions"):

* 强链 ``strengthen`` — a weak link, or any gap on a capacity-capped link (there it means 置换/技改/就地转化,
  never a second producer);
* the intent a plan of the region states for the link, where one does;
* 补链 ``fill`` — a missing or planned link between or beside operating links (it feeds or is fed by an
  operating link), a supporting link (services and equipment), or a link of a segment the official
  formula names — the region claims that chain;
* 延链 ``extend`` — a missing or planned link beyond the current head or tail, or in recycling.

Reference: the 招商 priority of docs/method.md (gap severity, local demand pull, strategic fit,
parent-region availability).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import networkx as nx

from chaingraph.analysis.reasons import Reason
from chaingraph.analysis.status import MISSING, PLANNED, WEAK, LinkStatus

__all__ = ["Gap", "GapContext", "PriorityWeights", "action_for", "rank_gaps"]


@dataclass(frozen=True)
class PriorityWeights:
    """Weights of the gap score (see the module documentation)."""

    missing: float = 1.0
    planned: float = 0.6
    weak: float = 0.5
    broken: float = 4.0
    per_consumer: float = 0.5
    per_supplier: float = 0.25
    per_dependent: float = 0.1
    max_dependents: int = 5
    targeted: float = 1.0
    theme: float = 1.0
    formula: float = 0.25
    segment_gap: float = 0.5
    hard_gap: float = 0.5
    shortfall: float = 1.0

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
    #: link → (scope label, operating actors there outside the region, an example, whether the scope is the
    #: parent region), for the nearest region containing this one that has an operating actor of the link
    nearest: dict[str, tuple[str, int, str, bool]]
    parent_label: str | None
    stages: dict[str, str]
    #: link → the intent (fill, strengthen, extend) a plan of the region states for it
    intents: dict[str, str] = field(default_factory=dict)
    #: link → how a reason names it, its id and label (``"AL07 电解铝"``); the id alone when absent
    names: dict[str, str] = field(default_factory=dict)
    #: between two names in a list (「、」 in Chinese)
    separator: str = ", "
    #: links whose companies the data lists completely in the parent region (a claim about it can be made)
    parent_covered: set[str] = field(default_factory=set)
    #: link → the designations whose theme it is, by label
    themes: dict[str, list[str]] = field(default_factory=dict)
    #: links whose segment the chain's official formula names
    in_formula: set[str] = field(default_factory=set)
    #: capacity-capped links (national cap, 产能置换)
    capped: set[str] = field(default_factory=set)
    #: the chain's official formula, if it has one
    formula: str | None = None
    #: link → (its local consumers' yearly need, its local supply), in words, where the material balance
    #: finds a local shortfall of its product in figures (:mod:`chaingraph.analysis.balance`)
    shortfalls: dict[str, tuple[str, str]] = field(default_factory=dict)

    def join(self, ids: list[str]) -> str:
        """Links named for a reader: ``"AL07 电解铝, AL09 铝液"``."""
        return self.separator.join(self.names.get(link, link) for link in ids)


def action_for(link: str, status: str, forward: nx.DiGraph, operating: set[str], context: GapContext) -> str:
    """The action a gap calls for (see the module documentation)."""
    if status == WEAK or link in context.capped:
        return "strengthen"
    if context.intents.get(link):
        return context.intents[link]  # the region's own plan says how it means to close this gap
    if context.stages.get(link) == "recycling":
        return "extend"
    beside = any(n in operating for n in (*forward.successors(link), *forward.predecessors(link)))
    if beside or context.stages.get(link) == "service" or link in context.in_formula:
        return "fill"
    return "extend" if link in context.truncated else "fill"


def _structure_reasons(link: str, status: str, forward: nx.DiGraph, operating: set[str], context: GapContext,
                       weights: PriorityWeights) -> list[Reason]:
    """Why the gap matters to the local chain: it cuts it, local links use its output or could supply it,
    more operating links further downstream depend on it, its whole segment is missing."""
    reasons = []
    if link in context.broken:
        pairs = context.broken[link]
        reasons.append(Reason("broken", (("upstream", context.join(sorted({u for u, _ in pairs}))),
                                         ("downstream", context.join(sorted({d for _, d in pairs})))),
                              score=weights.broken))
    consumers = sorted(n for n in forward.successors(link) if n in operating and n != link)
    if consumers:
        reasons.append(Reason("consumers", (("n", len(consumers)), ("ids", context.join(consumers))),
                              score=weights.per_consumer * len(consumers)))
    suppliers = sorted(n for n in forward.predecessors(link) if n in operating and n != link)
    if suppliers and status != WEAK:
        reasons.append(Reason("suppliers", (("n", len(suppliers)), ("ids", context.join(suppliers))),
                              score=weights.per_supplier * len(suppliers)))
    if link in context.shortfalls:
        demand, supply = context.shortfalls[link]
        reasons.append(Reason("local_shortfall", (("demand", demand), ("supply", supply)), score=weights.shortfall))
    further = sorted(n for n in nx.descendants(forward, link) if n in operating and n not in consumers and n != link)
    if further:
        counted = min(len(further), weights.max_dependents)
        reasons.append(Reason("dependents", (("n", len(further)), ("ids", context.join(further))),
                              score=weights.per_dependent * counted))
    if link in context.segment_gaps:
        reasons.append(Reason("segment_gap", (("segment", context.segment_gaps[link]),), score=weights.segment_gap))
    return reasons


def _intent_reasons(link: str, status: LinkStatus, context: GapContext, weights: PriorityWeights) -> list[Reason]:
    """What the region has said it wants: a plan that targets the link, a designation whose theme it is, the
    official formula naming its segment."""
    reasons = []
    if status.targeted:
        reasons.append(Reason("targeted", next((r.params for r in status.reasons if r.code == "targeted"),
                                               (("plans", ""),)), score=weights.targeted))
    if context.themes.get(link):
        reasons.append(Reason("theme", (("designations", context.separator.join(context.themes[link])),),
                              score=weights.theme))
    if link in context.in_formula:
        reasons.append(Reason("in_formula", score=weights.formula))
    return reasons


def _scope_reasons(link: str, status: str, context: GapContext, weights: PriorityWeights) -> list[Reason]:
    """Where the link's nearest source is, and what can be said of the parent region."""
    if status == WEAK or not context.parent_label:
        return []
    reasons = []
    nearest = context.nearest.get(link)
    if (nearest is None or not nearest[3]) and link in context.parent_covered:
        reasons.append(Reason("hard_gap", (("scope", context.parent_label),), score=weights.hard_gap))
    elif nearest is None or not nearest[3]:
        reasons.append(Reason("parent_not_covered", (("scope", context.parent_label),), score=0.0))
    if nearest is not None:
        scope, count, example, _ = nearest
        reasons.append(Reason("soft_gap", (("scope", scope), ("n", count), ("example", example)), score=0.0))
    return reasons


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
        base = {MISSING: ("status_missing", weights.missing), PLANNED: ("status_planned", weights.planned),
                WEAK: ("status_weak", weights.weak)}[status]
        reasons = [Reason(base[0], score=base[1])]
        if link in context.capped:
            reasons.append(Reason("capped_action", score=0.0))
        reasons += _structure_reasons(link, status, forward, operating, context, weights)
        reasons += _intent_reasons(link, statuses[link], context, weights)
        reasons += _scope_reasons(link, status, context, weights)
        score = round(sum(r.score or 0.0 for r in reasons), 6)
        gaps.append(Gap(link, status, action_for(link, status, forward, operating, context), score, tuple(reasons)))
    return sorted(gaps, key=lambda g: (-g.score, g.link))
