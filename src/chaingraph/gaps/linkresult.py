"""What the analysis says about one link of one chain in the region (:class:`~chaingraph.gaps.result.LinkResult`):
its status and the reasons for it, what the data can and cannot confirm about it, its actors with their
figures on this link, and its place in the local chain."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chaingraph.analysis.priority import Gap, GapContext
from chaingraph.analysis.reasons import Reason
from chaingraph.analysis.status import LinkStatus
from chaingraph.analysis.supply import SupplyRatio
from chaingraph.gaps.region import Region, capacity_for, figures_for
from chaingraph.gaps.result import LinkResult
from chaingraph.words import PIPELINE_STATUSES, Lang, pick

__all__ = ["ChainFacts", "link_result"]


@dataclass(frozen=True)
class ChainFacts:
    """The structural findings of one chain that every link result reads."""

    broken: dict[str, list[tuple[str, str]]]
    truncation: dict[str, list[str]]
    betweenness: dict[str, float]
    articulation: list[str]
    loops: list[list[str]]
    nearest: dict[str, tuple[str, int, str, bool]]
    context: GapContext
    #: the material balance of the chain's products, by view (actual, planned): JSON rows
    balance: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _actor(a: dict[str, Any], link: str, region: Region, lang: Lang) -> dict[str, Any]:
    caps = region.firms.nodes[a["iri"]]["capacities"] if a["iri"] in region.firms else []
    return {"iri": a["iri"], "label": pick(a["label"], lang) or a["iri"], "kind": a["kind"], "status": a["status"],
            "named": a["named"], "count": a.get("count", 1), "capacity": capacity_for(caps, link)}


def _figures(actors: list[dict[str, Any]], link: str, region: Region, lang: Lang) -> list[dict[str, Any]]:
    """The targets and plans stated for this link by its local actors (60万吨 in 2025 is a plan, not capacity)."""
    figures = []
    for a in actors:
        caps = region.firms.nodes[a["iri"]]["capacities"] if a["iri"] in region.firms else []
        figures += [{"actor": a["iri"], "label": pick(a["label"], lang) or a["iri"], **f}
                    for f in figures_for(caps, link)]
    return figures


def _reasons(link: str, status: LinkStatus, facts: ChainFacts, region: Region, gap: Gap | None,
             figures: list[dict[str, Any]], lang: Lang) -> list[Reason]:
    reasons = list(status.reasons)
    if not status.is_operating:
        reasons.append(Reason("absence_confirmed", (("sources", facts.context.separator.join(region.covered[link])),))
                       if link in region.covered else Reason("absence_unconfirmed"))
    if figures:
        sep = "；" if lang == "zh" else "; "
        reasons.append(Reason("target_figure", (("figures", sep.join(
            f"{f['label']}：{f['stated'] or f['value']}" + (f"（{f['year']}）" if f.get("year") else "")
            for f in figures)),)))
    if link in facts.broken:
        pairs = facts.broken[link]
        reasons.append(Reason("broken", (("upstream", facts.context.join(sorted({u for u, _ in pairs}))),
                                         ("downstream", facts.context.join(sorted({d for _, d in pairs}))))))
    reasons += [Reason(f"{k}_missing") for k in ("head", "tail") if link in facts.truncation[k]]
    reasons += [Reason("in_loop", (("ids", facts.context.join([n for n in group if n != link] or [link])),))
                for group in facts.loops if link in group]
    if gap:
        known = {x.code for x in reasons}
        reasons += [r for r in gap.reasons if r.code not in known and not r.code.startswith("status_")]
    return reasons


def link_result(link: str, data: dict[str, Any], region: Region, facts: ChainFacts, gap: Gap | None,
                lang: Lang) -> LinkResult:
    status = region.statuses[link]
    supply: SupplyRatio | None = region.supply.get(link)
    actors = sorted(data.get("actors", []), key=lambda a: a["iri"])
    figures = _figures([a for a in actors if a["status"] == "operating"], link, region, lang)
    nearest = facts.nearest.get(link)
    return LinkResult(
        id=link, iri=data["iri"], label=data["label"], stage=data["stage"], segment=data.get("segment"),
        segment_label=data.get("segment_label") or {}, status=status.status, operating_actors=status.operating,
        local_firms=tuple(_actor(a, link, region, lang) for a in actors if a["status"] == "operating"),
        planned_projects=tuple(_actor(a, link, region, lang) for a in actors if a["status"] in PIPELINE_STATUSES),
        targeted=status.targeted, broken=link in facts.broken,
        cuts=tuple((u, d) for u, d in facts.broken.get(link, [])),
        truncation=tuple(k for k in ("head", "tail") if link in facts.truncation[k]), local_supply=supply,
        betweenness=facts.betweenness.get(link, 0.0), articulation=link in facts.articulation,
        priority=gap.score if gap else None, action=gap.action if gap else None,
        reasons=tuple(_reasons(link, status, facts, region, gap, figures, lang)),
        hs_codes=tuple(data.get("hs_codes", [])), gb_codes=tuple(data.get("gb_codes", [])),
        nearest={"scope": nearest[0], "operating": nearest[1], "example": nearest[2], "in_parent": nearest[3]}
        if nearest else None,
        absence=None if status.is_operating else ("confirmed" if link in region.covered else "unconfirmed"),
        min_firms=status.min_firms, capped=bool(data.get("capped")),
        themes=tuple(pick(t["label"], lang) for t in data.get("themes", [])), figures=tuple(figures))
