"""招商 targets: the companies to approach for the region's gaps, each with its 招商 route and its reasons.

Routes (docs/gap-analysis.md, "招商 targets"):

* 招商引资 ``attract`` — an outside operating company in a gap link: attract the firm or a plant of it;
* 以商招商 ``lever`` — an outside company that local firms supply (a customer, such as a vehicle maker):
  a lever to bring *its* suppliers in, never a filler of its own link — unless that link is itself a gap
  a plan of the region targets, when it is also a company to attract;
* 本地培育 ``cultivate`` — a local operating company in a link next to a gap (it feeds the gap or is fed
  by it): it could extend into the gap;
* 配套对接 ``match`` — two local companies up- and downstream of each other with no supply relation yet:
  local supply that exists and is not used (:func:`local_matches`).

Ranking: by the priority of the best gap the company could act on, then attract before cultivate before
lever, then by its existing ties to local companies (it already supplies them, buys from them, or shares
customers with them), then by its capacity. Only operating companies are candidates.

>>> import networkx as nx
>>> from chaingraph.analysis.priority import Gap
>>> F = nx.DiGraph()
>>> F.add_node("x", label={"zh": "外甲"}, local=False, status="operating", links=["G1"], capacities=[], place_label={})
>>> F.add_node("y", label={"zh": "外乙"}, local=False, status="operating", links=["G1"], capacities=[], place_label={})
>>> F.add_node("l", label={"zh": "本地"}, local=True, status="operating", links=["A"], capacities=[], place_label={})
>>> F.add_edge("y", "l")
>>> [(t.iri, t.route) for t in rank_targets(F, [Gap("G1", "missing", "fill", 2.0, ())])]
[('y', 'attract'), ('x', 'attract')]
>>> F.add_edge("l", "x")  # l supplies x: x is a customer, a lever
>>> [(t.iri, t.route) for t in rank_targets(F, [Gap("G1", "missing", "fill", 2.0, ())])]
[('y', 'attract'), ('x', 'lever')]
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from chaingraph.analysis.firmindex import FirmIndex, of
from chaingraph.analysis.priority import Gap
from chaingraph.analysis.reasons import Reason
from chaingraph.words import Lang, pick

__all__ = ["ROUTES", "Target", "local_matches", "rank_targets"]

#: the 招商 routes of a target, in their ranking order
ROUTES = ("attract", "cultivate", "lever")


@dataclass(frozen=True)
class Target:
    """One company to approach, with its route, the gaps it could act on and why it ranks where it does."""

    iri: str
    label: dict[str, str]
    place: str | None
    place_label: dict[str, str]
    links: tuple[str, ...]
    gap_score: float
    ties: int
    capacity: float | None
    reasons: tuple[Reason, ...]
    route: str = "attract"
    local: bool = False


def _name(data: Mapping[str, Any], lang: Lang) -> str:
    return pick(data.get("label"), lang) or str(data.get("iri", ""))


def _capacity(data: Mapping[str, Any]) -> tuple[float | None, str | None]:
    for cap in data.get("capacities", []):
        if isinstance(cap.get("value"), (int, float)) and cap.get("status") in (None, "actual"):
            return float(cap["value"]), cap.get("stated") or f"{cap['value']} {cap['unit']}"
    return None, None


def _ties(firms: nx.DiGraph, iri: str, local: set[str], lang: Lang, sep: str) -> tuple[int, list[Reason]]:
    """The company's supply relations with local firms, as reasons."""
    supplies = sorted(_name(firms.nodes[c], lang) for c in firms.successors(iri) if c in local)
    buys = sorted(_name(firms.nodes[s], lang) for s in firms.predecessors(iri) if s in local)
    shared = sorted({_name(firms.nodes[other], lang) for customer in firms.successors(iri)
                     for other in firms.predecessors(customer) if other in local and other != iri})
    reasons = []
    if supplies:
        reasons.append(Reason("supplies_local", (("names", sep.join(supplies)),)))
    if buys:
        reasons.append(Reason("buys_from_local", (("names", sep.join(buys)),)))
    if shared:
        reasons.append(Reason("shared_customer", (("names", sep.join(shared)),)))
    return len(supplies) + len(buys) + len(shared), reasons


def _outside(firms: nx.DiGraph, by_link: dict[str, Gap], index: FirmIndex, lang: Lang,
             labels: Mapping[str, Mapping[str, str]]) -> list[Target]:
    sep = "、" if lang == "zh" else ", "
    local = index.local
    targets = []
    for iri in index.outside_in(by_link):  # the operating outside firms in a gap link, in the graph's order
        data = firms.nodes[iri]
        gap_links = sorted((link for link in data["links"] if link in by_link), key=lambda g: (-by_link[g].score, g))
        if not gap_links:
            continue
        best = by_link[gap_links[0]]
        customers_of = sorted(_name(firms.nodes[s], lang) for s in firms.predecessors(iri) if s in local)
        planned = any(r.code == "targeted" for g in gap_links for r in by_link[g].reasons)
        route = "lever" if customers_of and not planned else "attract"
        ties, reasons = _ties(firms, iri, local, lang, sep)
        if route == "lever":
            reasons.insert(0, Reason("customer_lever", (("names", sep.join(customers_of)),)))
        else:
            label = labels.get(best.link, {}).get(lang, "")
            reasons.insert(0, Reason("in_gap", (("link", best.link), ("label", label), ("score", f"{best.score:.2f}"))))
        capacity, stated = _capacity(data)
        if stated:
            reasons.append(Reason("capacity", (("capacity", stated),)))
        place = pick(data.get("place_label"), lang)
        reasons.append(Reason("located", (("place", place),)) if place else Reason("location_unknown"))
        targets.append(Target(iri, data["label"], data.get("place"), data.get("place_label", {}), tuple(gap_links),
                              best.score, ties, capacity, tuple(reasons), route))
    return targets


def _cultivate(firms: nx.DiGraph, by_link: dict[str, Gap], forward: nx.DiGraph, index: FirmIndex,
               names: Mapping[str, str], lang: Lang) -> list[Target]:
    """Local operating companies in a link next to a gap (feeding it or fed by it) that are not in it; not into
    the links of their customers (:attr:`FirmIndex.markets`: a parts maker does not grow into a vehicle maker)."""
    sep = "、" if lang == "zh" else ", "
    by_link = {g: gap for g, gap in by_link.items() if g not in index.markets}
    # the links around each gap, and the gaps around each link, once: a firm then looks only at the gaps
    # next to its own links (a region of thousands of firms and a chain of a thousand gaps stays linear)
    around = {g: set(forward.predecessors(g)) | set(forward.successors(g)) for g in by_link if g in forward}
    gaps_next_to: dict[str, set[str]] = {}
    for gap, neighbours in around.items():
        for link in neighbours:
            gaps_next_to.setdefault(link, set()).add(gap)
    targets = []
    for iri in index.local_companies_in(gaps_next_to):  # only a firm in a link next to a gap can be near one
        data = firms.nodes[iri]
        own = set(data["links"])
        near = {g: sorted(own & around[g])
                for g in set().union(*(gaps_next_to.get(link, ()) for link in own)) - own}
        if not near:
            continue
        gap_links = sorted(near, key=lambda g: (-by_link[g].score, g))
        best = gap_links[0]
        reason = Reason("adjacent_local", (("links", sep.join(names.get(n, n) for n in near[best])),
                                           ("gap", names.get(best, best))))
        capacity, _ = _capacity(data)
        targets.append(Target(iri, data["label"], data.get("place"), data.get("place_label", {}), tuple(gap_links),
                              by_link[best].score, 0, capacity, (reason,), "cultivate", local=True))
    return targets


def rank_targets(firms: nx.DiGraph, gaps: list[Gap], lang: Lang = "zh",
                 labels: Mapping[str, Mapping[str, str]] | None = None, forward: nx.DiGraph | None = None,
                 names: Mapping[str, str] | None = None, index: FirmIndex | None = None) -> list[Target]:
    """Rank the companies of *firms* to approach for *gaps*, best first (see the module documentation).

    *forward* (the forward link graph) finds local companies next to a gap; without it none is proposed.
    *names* name links for a reader (``"AL07 电解铝"``). *index*: the :class:`FirmIndex` of *firms* as it is
    now, shared by the chains of a region (built here without one).
    """
    by_link = {g.link: g for g in gaps}
    index = of(firms, index)
    targets = _outside(firms, by_link, index, lang, labels or {})
    if forward is not None:
        targets += _cultivate(firms, by_link, forward, index, names or {}, lang)
    return sorted(targets, key=lambda t: (-t.gap_score, ROUTES.index(t.route), -t.ties, -(t.capacity or 0.0),
                                          _name({"label": t.label, "iri": t.iri}, lang)))


def local_matches(firms: nx.DiGraph, forward: nx.DiGraph, links: set[str], names: Mapping[str, str], lang: Lang,
                  limit: int = 20, index: FirmIndex | None = None) -> tuple[list[Reason], int]:
    """配套对接: pairs of named local operating companies whose links are up- and downstream of each other
    (a forward flow between links of *links*) with no supply relation between them; at most *limit*
    reasons, in a stable order, and how many pairs there are in all. *index*: as :func:`rank_targets`'s."""
    index = of(firms, index)
    by_link = {link: list(dict.fromkeys(iri for iri in index.local_companies[link] if iri not in index.unnamed))
               for link in links if link in index.local_companies}  # the pairs below are of these links only
    supplies = {a: set(firms.successors(a)) for companies in by_link.values() for a in companies}
    edges = sorted((x, y) for x, y in forward.edges if x in links and y in links and x != y
                   and by_link.get(x) and by_link.get(y))
    # counted, not listed: a big district's chain has millions of pairs; a pair is any supplier of x and any
    # other customer of y, less those already in a supply relation
    count = 0
    for x, y in edges:
        customers = set(by_link[y])
        count += len(by_link[x]) * len(customers) - sum(
            (a in customers) + sum(1 for b in supplies[a] if b in customers and b != a) for a in by_link[x])
    # the first pairs in order (supplier, its link, customer, its link): made supplier by supplier, in order,
    # until *limit* are had — every later supplier's pairs come after them
    downstream: dict[str, list[str]] = {}
    for x, y in edges:
        downstream.setdefault(x, []).append(y)
    suppliers = sorted({(a, x) for x in downstream for a in by_link[x]})
    first: list[tuple[str, str, str, str]] = []
    for a, x in suppliers:
        if len(first) >= limit:
            break
        first += [(a, x, b, y) for y in downstream[x] for b in by_link[y] if b != a and b not in supplies[a]]
    reasons = [Reason("unused_local_supply", (("supplier", _name(firms.nodes[a], lang)), ("from_link", names.get(x, x)),
                                               ("customer", _name(firms.nodes[b], lang)), ("to_link", names.get(y, y))))
               for a, x, b, y in heapq.nsmallest(limit, first)]
    return reasons, count
