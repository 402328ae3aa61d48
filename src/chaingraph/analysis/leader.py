"""链主 (chain leader): stated by a source, else computed — and always saying which.

* **stated** — a source names the leading firm (「以旗能电铝为龙头」) of the region's cluster of the chain;
* **computed** — among the operating local companies of the chain, the one with the largest share of
  the chain's local capacity (actual capacities, compared within one unit: a firm's share is its
  capacity over the sum of the capacities in that unit of the chain's operating local companies), ties
  broken by degree in the firm graph (supply relations with local firms). Without any capacity data
  no leader is computed: a firm graph alone does not make a 链主, and the report says so.

Reference: 经济日报 on 链主 as the firm with resource-allocation power that organises its up- and
downstream (docs/method.md, [O14], [O15]).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from chaingraph.analysis.firmindex import FirmIndex, of
from chaingraph.analysis.reasons import Reason

__all__ = ["Leader", "chain_leader"]


@dataclass(frozen=True)
class Leader:
    """The chain leader of one chain in one region, or ``iri=None`` with the reason there is none."""

    iri: str | None
    label: dict[str, str]
    how: str | None  # "stated" | "computed" | None
    reasons: tuple[Reason, ...]


def _actual_capacity(firm: dict) -> tuple[float, str] | None:
    for cap in firm.get("capacities", []):
        if cap.get("status") in (None, "actual") and isinstance(cap.get("value"), (int, float)):
            return float(cap["value"]), cap["unit"]
    return None


def chain_leader(chain_links: set[str], firms: nx.DiGraph, stated: dict | None = None,
                 index: FirmIndex | None = None) -> Leader:
    """The 链主 of a chain in a region.

    *stated* is ``{"iri", "label"}`` when a source names one; *firms* is the firm graph of the region
    (:func:`chaingraph.graphs.firm_graph`); *chain_links* are the ids of the chain's links; *index* the
    :class:`~chaingraph.analysis.firmindex.FirmIndex` of *firms* as it is now (built here without one).
    """
    if stated:
        return Leader(stated["iri"], stated.get("label", {}), "stated", (Reason("leader_stated"),))
    # the local operating companies of the chain, in the graph's order (the capacities are summed in it)
    candidates = {iri: firms.nodes[iri] for iri in of(firms, index).local_companies_in(chain_links)}
    if not candidates:
        return Leader(None, {}, None, (Reason("no_operating_firm"),))
    totals: dict[str, float] = {}
    for data in candidates.values():
        capacity = _actual_capacity(data)
        if capacity:
            totals[capacity[1]] = totals.get(capacity[1], 0.0) + capacity[0]
    if not totals:
        return Leader(None, {}, None, (Reason("no_leader_data"),))

    def share(iri: str) -> tuple[float, str]:
        capacity = _actual_capacity(candidates[iri])
        if not capacity:
            return 0.0, ""
        return capacity[0] / totals[capacity[1]], capacity[1]

    def local_degree(iri: str) -> int:
        neighbours = set(firms.successors(iri)) | set(firms.predecessors(iri))
        return sum(1 for n in neighbours if firms.nodes[n]["local"])

    best = max(sorted(candidates), key=lambda iri: (share(iri)[0], local_degree(iri)))
    value, unit = share(best)
    reasons = [Reason("leader_capacity", (("share", f"{value:.0%}"), ("unit", unit)))]
    if local_degree(best):
        reasons.append(Reason("leader_degree", (("n", local_degree(best)),)))
    return Leader(best, candidates[best]["label"], "computed", tuple(reasons))
