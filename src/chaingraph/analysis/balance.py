"""Material balance along flows (物料平衡): does the region's own supply of a link's product meet what its local
consumers need?

For a link u and each forward flow u → v of its chain:

* the **supply** of u is the sum of the capacities of u's local actors (in the view: *actual* — operating
  actors, actual capacity; or *planned* — operating actors at their target or plan, and planned, signed or
  under-construction ones at their planned capacity), in u's unit after normalisation;
* the **need** of v for u's product is v's local capacity × the flow's conversion factor (``cg:conversionFactor``:
  u's product per unit of v's output, in the two links' units); without a factor, only when both capacities
  are in the same unit, compared one to one — and said so; otherwise the need has no amount;
* the **demand** on u is the sum of its consumers' needs.

A figure is known only for the actors that state one (a counted group without a capacity, a firm without
one): a sum over some of a link's actors is a lower bound, and a balance is only claimed where the
bounds decide it:

=================  ====================================================================================
``deficit``        the known demand exceeds the supply by more than 5 %, and the supply is complete (no
                   local supplier at all counts as a supply of 0 — *in the data*)
``surplus``        the known supply exceeds the demand, and the demand is complete
``balanced``       both complete and within 5 % of each other
``no_local_use``   the link has a local supply and no local consumer in the data (its output leaves the
                   region, or its consumers are not recorded)
``unknown``        the figures do not decide (missing capacities, units that do not compare)
=================  ====================================================================================

The **local use ratio** (就地转化率) is min(demand, supply) / supply where both are complete: the share of the
local output its local consumers can take (铝液就地转化率 for molten aluminium).

>>> import networkx as nx
>>> F = nx.DiGraph()
>>> F.add_edge("scrap", "anode", factor=1.05)
>>> F.add_edge("anode", "cathode", factor=None)
>>> caps = {"scrap": [], "anode": [(500000, "TONNE-PER-YR")], "cathode": [(500000, "TONNE-PER-YR")]}
>>> [(b.link, b.status, b.demand, b.gap) for b in balances(F, caps)]
[('anode', 'balanced', 500000.0, 0.0), ('scrap', 'deficit', 525000.0, -525000.0)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

__all__ = ["TOLERANCE", "UNITS", "FlowNeed", "LinkBalance", "Supply", "balances", "supply_of"]

#: QUDT unit → (the unit it is compared in, factor): figures in other units compare only with their own unit.
#: The base units are those the tables store (chaingraph.tables.magnitudes.UNIT_TABLE, which this layer may not
#: import; tests/test_balance.py checks the two agree); the multiples are for hand-written Turtle.
UNITS: dict[str, tuple[str, float]] = {
    "TONNE-PER-YR": ("TONNE-PER-YR", 1.0), "KiloTONNE-PER-YR": ("TONNE-PER-YR", 1e3),
    "KiloGM-PER-YR": ("TONNE-PER-YR", 1e-3), "MegaTONNE-PER-YR": ("TONNE-PER-YR", 1e6),
    "NUM-PER-YR": ("NUM-PER-YR", 1.0), "KiloW": ("KiloW", 1.0), "MegaW": ("KiloW", 1e3), "GigaW": ("KiloW", 1e6),
    "KiloW-HR": ("KiloW-HR", 1.0), "MegaW-HR": ("KiloW-HR", 1e3), "GigaW-HR": ("KiloW-HR", 1e6),
}
#: supply and demand within this share of the larger are balanced
TOLERANCE = 0.05

#: one local actor's capacity in a link: (value, QUDT unit), or None when it states none; a counted group
#: of n actors is n entries
Figure = tuple[float, str] | None


@dataclass(frozen=True)
class Supply:
    """The local capacity of one link: the sum of the figures in its unit, over how many of its actors."""

    value: float
    unit: str | None
    actors: int  #: local actors counted
    known: int  #: of them, with a figure in ``unit``

    @property
    def complete(self) -> bool:
        return self.known == self.actors


@dataclass(frozen=True)
class FlowNeed:
    """What one consumer v needs of u's product: v's capacity × the factor, in u's unit (``None``: no amount)."""

    target: str
    consumer: Supply
    factor: float | None
    basis: str | None  #: "factor", "same_unit" (one to one, no factor stated) or None (no amount)
    amount: float | None

    @property
    def complete(self) -> bool:
        return self.amount is not None and self.consumer.complete


@dataclass(frozen=True)
class LinkBalance:
    """The balance of one link's product in the region (see the module documentation)."""

    link: str
    unit: str | None  #: the unit of the supply and the demand
    supply: Supply
    needs: tuple[FlowNeed, ...]  #: the consumers with local actors
    demand: float  #: the known part of the demand, in the supply's unit
    complete: bool  #: every consumer's need is known
    status: str

    @property
    def gap(self) -> float | None:
        """Supply − demand (negative: a deficit), where the amounts are those of the status's claim."""
        return None if self.status in ("unknown", "no_local_use") else self.supply.value - self.demand

    @property
    def local_use(self) -> float | None:
        """就地转化率: the share of the local supply its local consumers can take, where both are complete (not
        for ``no_local_use``: consumers missing from the data are not proof that there are none)."""
        if not self.needs or not (self.supply.complete and self.complete and self.supply.value > 0):
            return None
        return min(self.demand, self.supply.value) / self.supply.value


def supply_of(figures: Sequence[Figure]) -> Supply:
    """The sum of *figures* in their most common unit (after normalisation; ties: the first in name order)."""
    normal = [(value * UNITS[unit][1], UNITS[unit][0]) if unit in UNITS else (value, unit)
              for value, unit in (f for f in figures if f is not None)]
    if not normal:
        return Supply(0.0, None, len(figures), 0)
    counts = Counter(unit for _, unit in normal)
    unit = min(counts, key=lambda u: (-counts[u], u))
    known = [value for value, u in normal if u == unit]
    return Supply(float(sum(known)), unit, len(figures), len(known))


def _need(target: str, consumer: Supply, supply: Supply, unit: str | None, factor: float | None) -> FlowNeed:
    """v's need of u's product in *unit*: by the factor (which relates the two links' units; where u states no
    capacity, its product is counted in the consumer's unit), or one to one in the same unit."""
    if factor is not None and consumer.known and (supply.unit is not None or consumer.unit == unit):
        return FlowNeed(target, consumer, factor, "factor", consumer.value * factor)
    if consumer.known and supply.unit is not None and consumer.unit == supply.unit:
        return FlowNeed(target, consumer, None, "same_unit", consumer.value)
    return FlowNeed(target, consumer, factor, None, None)


def _status(supply: Supply, needs: Sequence[FlowNeed], demand: float, complete: bool) -> str:
    if not needs:
        return "no_local_use" if supply.actors else "unknown"
    if supply.complete and demand > supply.value * (1 + TOLERANCE):
        return "deficit"
    if complete and supply.known and supply.value > demand * (1 + TOLERANCE):
        return "surplus"
    if complete and supply.complete and supply.known and abs(supply.value - demand) <= TOLERANCE * max(
            supply.value, demand):
        return "balanced"
    return "unknown"


def balances(forward: nx.DiGraph, figures: Mapping[str, Sequence[Figure]]) -> list[LinkBalance]:
    """The balance of every link of *forward* (a chain's forward graph; edges carry ``factor``) that feeds a
    link, where it or a consumer has local actors; *figures* are the links' local actors' capacities in
    one view (see the module documentation). Sorted by link id."""
    result = []
    for link in sorted(forward):
        consumers = sorted(v for v in forward.successors(link) if v != link)
        supply = supply_of(figures.get(link, ()))
        held = {v: supply_of(figures.get(v, ())) for v in consumers if figures.get(v)}
        unit = supply.unit or next((s.unit for v, s in held.items() if s.unit and forward.edges[link, v].get("factor")),
                                   None)
        needs = tuple(_need(v, s, supply, unit, forward.edges[link, v].get("factor")) for v, s in held.items())
        if not consumers or (not supply.actors and not needs):
            continue
        demand = sum(n.amount for n in needs if n.amount is not None)
        complete = all(n.complete for n in needs)
        result.append(LinkBalance(link, unit, supply, needs, float(demand), complete,
                                  _status(supply, needs, demand, complete)))
    return result
