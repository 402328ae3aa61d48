"""The material balance of one chain in a region, in words: the capacities of each link's local actors (as they
are, and with their plans and targets) balanced along the chain's flows (:mod:`chaingraph.analysis.balance`),
what the data lacks said as such, and the local shortfalls the gap priority weighs."""

from __future__ import annotations

from typing import Any

import networkx as nx

from chaingraph.analysis.balance import Figure, FlowNeed, LinkBalance, Supply, balances
from chaingraph.analysis.reasons import Reason
from chaingraph.gaps.region import Region, capacity_for, figures_for
from chaingraph.words import PIPELINE_STATUSES, Lang, amount, term, whatif_words

__all__ = ["VIEWS", "chain_balance"]

#: actual: operating actors at their actual capacity; planned: with targets and plans, pipeline projects too
VIEWS = ("actual", "planned")


def _figure(capacities: list[dict[str, Any]], link: str, view: str) -> Figure:
    actual = capacity_for(capacities, link)
    if view == "planned":
        plans = [f for f in figures_for(capacities, link) if isinstance(f.get("value"), int | float)]
        if plans:
            best = max(plans, key=lambda f: (f["unit"] == (actual or {}).get("unit"), f["value"]))
            return float(best["value"]), str(best["unit"])
    if actual is None or not isinstance(actual.get("value"), int | float):
        return None
    return float(actual["value"]), str(actual["unit"])


def view_figures(region: Region, links: set[str], view: str) -> dict[str, list[Figure]]:
    """The capacity figure of every local actor of *links* counted in *view* (a counted group without a figure
    is as many unknown figures as it counts)."""
    wanted = {"operating"} | (PIPELINE_STATUSES if view == "planned" else set())
    figures: dict[str, list[Figure]] = {}
    for link in links:
        for actor in region.graph.nodes[link]["actors"]:
            if actor["status"] not in wanted:
                continue
            caps = region.firms.nodes[actor["iri"]]["capacities"] if actor["iri"] in region.firms else []
            figure = _figure(caps, link, view)
            figures.setdefault(link, []).extend([figure] if figure else [None] * actor.get("count", 1))
    return figures


def chain_balance(region: Region, forward: nx.DiGraph, nearest: dict[str, tuple[str, int, str, bool]],
                  lang: Lang) -> tuple[dict[str, list[dict[str, Any]]], dict[str, tuple[str, str]]]:
    """The balance of the chain (its forward graph) in both views, as JSON rows with reasons, and the links whose
    local consumers need more of their product than the region supplies, in figures (actual capacities)."""
    links = set(forward)
    result: dict[str, list[dict[str, Any]]] = {}
    shortfalls: dict[str, tuple[str, str]] = {}
    for view in VIEWS:
        rows = balances(forward, view_figures(region, links, view))
        result[view] = [_row(b, region, nearest, lang) for b in rows]
        if view == "actual":
            shortfalls = {b.link: (amount(b.demand, b.unit, lang), _supply_words(b.supply, b.unit, lang))
                          for b in rows if b.status == "deficit" and b.demand > 0}
    return result, shortfalls


def _supply_words(supply: Supply, unit: str | None, lang: Lang) -> str:
    return amount(supply.value, unit, lang) if supply.actors else whatif_words(lang)["no_local_supply"]


def _row(balance: LinkBalance, region: Region, nearest: dict[str, tuple[str, int, str, bool]],
         lang: Lang) -> dict[str, Any]:
    unit, supply = balance.unit, balance.supply
    source = nearest.get(balance.link) if balance.status == "deficit" else None
    reasons = _supply_reasons(balance, region, lang)
    reasons += [_need_reason(need, region, unit, lang) for need in balance.needs]
    reasons += _status_reasons(balance, lang)
    if source:
        reasons.append(Reason("soft_gap", (("scope", source[0]), ("n", source[1]), ("example", source[2]))))
    elif balance.status == "deficit":
        reasons.append(Reason("balance_no_source"))
    # a shortfall with no local supplier rests on an absence: confirmed by a coverage statement, or not
    absence = (("confirmed" if balance.link in region.covered else "unconfirmed")
               if balance.status == "deficit" and not supply.actors else None)
    label = term("balance", balance.status, lang)
    if absence:
        label += f"（{term('absence', absence, lang)}）" if lang == "zh" else f" ({term('absence', absence, lang)})"
    return {
        "link": balance.link, "status": balance.status, "status_label": label, "absence": absence,
        "unit": unit, "supply": {"value": _round(supply.value), "actors": supply.actors, "known": supply.known},
        "demand": {"value": _round(balance.demand), "complete": balance.complete},
        "gap": _round(balance.gap), "local_use": _round(balance.local_use),
        "needs": [{"to": n.target, "factor": n.factor, "basis": n.basis, "amount": _round(n.amount),
                   "capacity": {"value": _round(n.consumer.value), "unit": n.consumer.unit,
                                "actors": n.consumer.actors, "known": n.consumer.known}} for n in balance.needs],
        "nearest": {"scope": source[0], "operating": source[1], "example": source[2]} if source else None,
        "reasons": [r.to_dict(lang) for r in reasons],
    }


def _round(value: float | None) -> float | None:
    """Figures as the JSON shows them: four decimals, without the float noise of a product (1.1 × 100000)."""
    return None if value is None else round(value, 4)


def _supply_reasons(balance: LinkBalance, region: Region, lang: Lang) -> list[Reason]:
    supply, unit = balance.supply, balance.unit
    if not supply.actors:
        return [Reason("balance_no_supplier"),
                *([] if balance.link in region.covered else [Reason("absence_unconfirmed")])]
    if not supply.known:
        return [Reason("balance_supply_unknown", (("actors", supply.actors),))]
    if supply.complete:
        return [Reason("balance_supply", (("amount", amount(supply.value, unit, lang)),))]
    return [Reason("balance_supply_partial", (("amount", amount(supply.value, unit, lang)), ("known", supply.known),
                                              ("actors", supply.actors)))]


def _need_reason(need: FlowNeed, region: Region, unit: str | None, lang: Lang) -> Reason:
    consumer = need.consumer
    target = region.names.get(need.target, need.target)
    if not consumer.known:
        return Reason("balance_need_no_figure", (("target", target), ("actors", consumer.actors)))
    capacity = amount(consumer.value, consumer.unit, lang)
    if need.amount is None:
        return Reason("balance_need_no_factor", (("target", target), ("capacity", capacity)))
    needed = amount(need.amount, unit, lang)
    if not consumer.complete:
        return Reason("balance_need_partial", (("target", target), ("capacity", capacity), ("known", consumer.known),
                                               ("actors", consumer.actors), ("amount", needed)))
    if need.basis == "factor":
        return Reason("balance_need_factor", (("target", target), ("capacity", capacity), ("factor", need.factor),
                                              ("amount", needed)))
    return Reason("balance_need_same_unit", (("target", target), ("capacity", capacity), ("amount", needed)))


def _status_reasons(balance: LinkBalance, lang: Lang) -> list[Reason]:
    gap = balance.gap
    reasons = {
        "deficit": [Reason("balance_deficit", (("gap", amount(-(gap or 0.0), balance.unit, lang)),))],
        "surplus": [Reason("balance_surplus", (("gap", amount(gap or 0.0, balance.unit, lang)),))],
        "balanced": [Reason("balance_balanced")], "no_local_use": [Reason("balance_no_local_use")],
        "unknown": [Reason("balance_unknown")]}[balance.status]
    if balance.local_use is not None:
        reasons.append(Reason("balance_local_use", (("ratio", f"{balance.local_use:.0%}"),)))
    return reasons
