"""Local supply (本地配套): which operating links find their inputs in the region.

**Local supply ratio, link-based** (本地配套率): for an operating link, the share of its input links
(its predecessors in the forward graph, across chains) that operate locally. It is the variant that a
link graph alone can compute; value-based ratios need procurement data (docs/method.md, [O24]). A firm
does not supply itself: an input link counts as supplied locally only when one of its operating local
actors is not an actor of the link itself (a maker of trays that extrudes its own profiles has no local
supplier of profiles).

**Single-sourced links**: operating links that rest on exactly one operating local actor — a single
point of failure whatever the minimum number of firms.

>>> import networkx as nx
>>> F = nx.DiGraph([("A", "C"), ("B", "C")])
>>> local_supply_ratio(F, {"A", "C"})["C"].ratio
0.5
>>> local_supply_ratio(F, {"A", "C"}, actors={"A": {"firm"}, "C": {"firm"}})["C"].ratio  # its own input
0.0
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass

import networkx as nx

from chaingraph.analysis.status import LinkStatus

__all__ = ["SupplyRatio", "local_supply_ratio", "single_sourced"]


@dataclass(frozen=True)
class SupplyRatio:
    ratio: float | None
    local_inputs: tuple[str, ...]
    inputs: tuple[str, ...]


def local_supply_ratio(forward: nx.DiGraph, operating: set[str],
                       actors: Mapping[str, Set[str]] | None = None) -> dict[str, SupplyRatio]:
    """The link-based local supply ratio of every operating link (``None`` for a link with no inputs).

    *actors* gives the operating local actors of each link; without it an operating input link counts.
    """
    result = {}
    for link in sorted(operating & set(forward)):
        inputs = tuple(sorted(p for p in forward.predecessors(link) if p != link))  # a link does not supply itself
        own = actors.get(link, set()) if actors is not None else set()
        local = tuple(i for i in inputs if i in operating and (actors is None or actors.get(i, set()) - own))
        result[link] = SupplyRatio(len(local) / len(inputs) if inputs else None, local, inputs)
    return result


def single_sourced(statuses: dict[str, LinkStatus]) -> list[str]:
    """Operating links with exactly one operating local actor."""
    return sorted(n for n, s in statuses.items() if s.is_operating and s.operating == 1)
