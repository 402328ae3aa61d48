"""招商 targets: outside companies operating in the region's gap links, ranked, each with its reasons.

Ranking (docs/gap-analysis.md): by the priority of the gap the company could fill (its best gap), then by its
existing ties to local companies — it already supplies them, buys from them, or shares customers
with them — then by its capacity. Only operating companies located outside the region (or whose
location is unknown) are candidates.

>>> import networkx as nx
>>> from chaingraph.analysis.priority import Gap
>>> F = nx.DiGraph()
>>> F.add_node("x", label={"zh": "外甲"}, local=False, status="operating", links=["G1"], capacities=[], place_label={})
>>> F.add_node("y", label={"zh": "外乙"}, local=False, status="operating", links=["G1"], capacities=[], place_label={})
>>> F.add_node("l", label={"zh": "本地"}, local=True, status="operating", links=["A"], capacities=[], place_label={})
>>> F.add_edge("y", "l")
>>> [t.iri for t in rank_targets(F, [Gap("G1", "missing", "fill", 2.0, ())])]
['y', 'x']
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from chaingraph.analysis.priority import Gap
from chaingraph.analysis.reasons import Reason
from chaingraph.words import Lang

__all__ = ["Target", "rank_targets"]


@dataclass(frozen=True)
class Target:
    """One outside company to approach, with the gaps it could fill and why it ranks where it does."""

    iri: str
    label: dict[str, str]
    place: str | None
    place_label: dict[str, str]
    links: tuple[str, ...]
    gap_score: float
    ties: int
    capacity: float | None
    reasons: tuple[Reason, ...]


def _name(data: dict, lang: Lang) -> str:
    return data["label"].get(lang) or data["label"].get("zh") or data.get("iri", "")


def _capacity(data: dict) -> tuple[float | None, str | None]:
    for cap in data.get("capacities", []):
        if isinstance(cap.get("value"), (int, float)):
            return float(cap["value"]), cap.get("stated") or f"{cap['value']} {cap['unit']}"
    return None, None


def rank_targets(firms: nx.DiGraph, gaps: list[Gap], lang: Lang = "zh",
                 labels: dict[str, dict[str, str]] | None = None) -> list[Target]:
    """Rank the outside companies of *firms* that operate in the links of *gaps*; best first."""
    labels = labels or {}
    by_link = {g.link: g for g in gaps}
    sep = "、" if lang == "zh" else ", "
    local = {n for n, d in firms.nodes(data=True) if d["local"]}
    targets = []
    for iri, data in firms.nodes(data=True):
        if data["local"] or data["status"] != "operating":
            continue
        gap_links = sorted((link for link in data["links"] if link in by_link), key=lambda g: (-by_link[g].score, g))
        if not gap_links:
            continue
        best = by_link[gap_links[0]]
        reasons = [Reason("in_gap", (("link", best.link), ("label", labels.get(best.link, {}).get(lang, best.link)),
                                     ("score", f"{best.score:.2f}")))]
        supplies = sorted(_name(firms.nodes[c], lang) for c in firms.successors(iri) if c in local)
        buys = sorted(_name(firms.nodes[s], lang) for s in firms.predecessors(iri) if s in local)
        shared = sorted({_name(firms.nodes[other], lang)
                         for customer in firms.successors(iri)
                         for other in firms.predecessors(customer) if other in local and other != iri})
        if supplies:
            reasons.append(Reason("supplies_local", (("names", sep.join(supplies)),)))
        if buys:
            reasons.append(Reason("buys_from_local", (("names", sep.join(buys)),)))
        if shared:
            reasons.append(Reason("shared_customer", (("names", sep.join(shared)),)))
        capacity, stated = _capacity(data)
        if stated:
            reasons.append(Reason("capacity", (("capacity", stated),)))
        place = data.get("place_label", {}).get(lang) or data.get("place_label", {}).get("zh")
        reasons.append(Reason("located", (("place", place),)) if place else Reason("location_unknown"))
        ties = len(supplies) + len(buys) + len(shared)
        targets.append(Target(iri, data["label"], data.get("place"), data.get("place_label", {}),
                              tuple(gap_links), best.score, ties, capacity, tuple(reasons)))
    return sorted(targets, key=lambda t: (-t.gap_score, -t.ties, -(t.capacity or 0.0), _name({"label": t.label,
                                                                                              "iri": t.iri}, lang)))
