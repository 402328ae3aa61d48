"""One index of a region's firm graph, shared by the analysis of all its chains: who is local, the operating
companies of each link (local and outside), and the links of outside customers of local firms.

The 招商 targets, the 配套 pairs and the 链主 of a chain each looked at every firm of the region (17,600 in a
province of 40 chains, walked about ten times per chain); with the index each looks only at the firms of the
chain's links. The answers are the same, in the same order: firms are taken in the firm graph's own order
(:attr:`FirmIndex.position`), as a walk of the graph meets them (``tests/test_firm_index.py`` checks them
against the walks on random graphs).

The graph grows while the chains are analysed (outside candidates are added one gap link at a time): a
function that changes it does so through a :class:`Recorder`, and :meth:`FirmIndex.update` then indexes again
only the firms it touched.

>>> import networkx as nx
>>> F = nx.DiGraph()
>>> F.add_node("l", local=True, status="operating", kind="company", links=["A"])
>>> F.add_node("x", local=False, status="operating", kind="company", links=["A", "G"])
>>> F.add_node("c", local=False, status="operating", kind="company", links=["V"])
>>> F.add_edge("l", "c")
>>> index = FirmIndex(F)
>>> index.local, index.outside_in({"G"}), sorted(index.markets)
({'l'}, ['x'], ['V'])
>>> recorder = Recorder(F)
>>> recorder.add_node("y", local=False, status="operating", kind="company", links=["G"])
>>> recorder.nodes["x"]["status"] = "closed"
>>> index.update(recorder.touched)
>>> index.outside_in({"G"}), index.local_companies_in({"A", "G"})
(['y'], ['l'])
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable
from itertools import islice
from typing import Any

import networkx as nx

__all__ = ["FirmIndex", "Recorder", "SharedIndex", "of"]

#: what the index holds of one firm: local, its links as a local operating company, as an outside operating
#: firm, and as an outside firm local firms supply (a market)
_Entry = tuple[bool, tuple[str, ...], tuple[str, ...], tuple[str, ...]]


class FirmIndex:
    """The firms of a firm graph (:func:`chaingraph.graphs.firm_graph`) by link, built in one walk of it.

    * :attr:`local` — the local firms (companies and projects);
    * :attr:`local_companies` — link → the local operating companies in it, in graph order;
    * :attr:`unnamed` — the local operating companies no source names (``named`` false);
    * :attr:`outside` — link → the operating firms not local in it, in graph order;
    * :attr:`markets` — the links of outside firms that local firms supply (their customers' markets), each
      with how many such firms are in it;
    * :attr:`position` — each firm's place in the graph's order.
    """

    def __init__(self, firms: nx.DiGraph) -> None:
        self.firms = firms
        self.position: dict[str, int] = {}
        self.local: set[str] = set()
        self.unnamed: set[str] = set()
        self.local_companies: dict[str, list[str]] = {}
        self.outside: dict[str, list[str]] = {}
        self.markets: dict[str, int] = {}
        self._entries: dict[str, _Entry] = {}
        for at, (iri, data) in enumerate(firms.nodes(data=True)):
            self.position[iri] = at
            if data["local"]:
                self.local.add(iri)
        for iri, data in firms.nodes(data=True):  # in the graph's order: each list is in it
            self._enter(iri, data, at_end=True)

    def _entry(self, iri: str, data: dict[str, Any]) -> _Entry:
        links = tuple(data["links"])
        if data["local"]:
            company = data["status"] == "operating" and data.get("kind") == "company"
            return True, links if company else (), (), ()
        operating = links if data["status"] == "operating" else ()
        market = links if links and not self.local.isdisjoint(self.firms.predecessors(iri)) else ()
        return False, (), operating, market

    def _enter(self, iri: str, data: dict[str, Any], at_end: bool = False) -> None:
        entry = self._entries[iri] = self._entry(iri, data)
        if entry[1] and not data.get("named", True):
            self.unnamed.add(iri)
        for by_link, links in ((self.local_companies, entry[1]), (self.outside, entry[2])):
            for link in links:
                if at_end:
                    by_link.setdefault(link, []).append(iri)
                else:
                    insort(by_link.setdefault(link, []), iri, key=self.position.__getitem__)
        for link in entry[3]:
            self.markets[link] = self.markets.get(link, 0) + 1

    def _drop(self, iri: str) -> None:
        entry = self._entries.pop(iri, None)
        if entry is None:
            return
        self.unnamed.discard(iri)
        for by_link, links in ((self.local_companies, entry[1]), (self.outside, entry[2])):
            for link in links:
                by_link[link].remove(iri)
        for link in entry[3]:
            self.markets[link] -= 1
            if not self.markets[link]:
                del self.markets[link]

    def update(self, touched: Iterable[str]) -> None:
        """Index again the firms *touched* (:attr:`Recorder.touched`) and the firms added to the graph since."""
        firms = self.firms
        again = set(touched)
        for iri in islice(firms, len(self.position), None):  # added since: at the end of the graph's order
            self.position[iri] = len(self.position)
            again.add(iri)
        # a firm that is, or was, local makes its customers markets or no longer
        again |= {c for iri in list(again) if iri in self.local or firms.nodes[iri]["local"]
                  for c in firms.successors(iri)}
        for iri in again:
            self._drop(iri)
            self.local.discard(iri)
            if firms.nodes[iri]["local"]:
                self.local.add(iri)
        for iri in sorted(again, key=self.position.__getitem__):
            self._enter(iri, firms.nodes[iri])

    def in_order(self, iris: Iterable[str]) -> list[str]:
        """*iris* (no repeats) in the graph's order."""
        return sorted(set(iris), key=self.position.__getitem__)

    def outside_in(self, links: Iterable[str]) -> list[str]:
        """The operating firms not local in any of *links*, in graph order."""
        return self.in_order(iri for link in links for iri in self.outside.get(link, ()))

    def local_companies_in(self, links: Iterable[str]) -> list[str]:
        """The local operating companies in any of *links*, in graph order."""
        return self.in_order(iri for link in links for iri in self.local_companies.get(link, ()))


class Recorder:
    """The firm graph as a function that adds firms to it sees it, recording every firm it reads or writes
    (:attr:`touched`): ``iri in graph``, ``add_node``, ``add_edge`` and ``nodes[iri]`` (whose data it may change in
    place). Anything else a function asks of the graph fails, rather than change what the index cannot see."""

    def __init__(self, firms: nx.DiGraph) -> None:
        self.firms = firms
        self.touched: set[str] = set()
        self.nodes = _Nodes(self)

    def __contains__(self, iri: object) -> bool:
        return iri in self.firms

    def add_node(self, iri: str, /, **attrs: Any) -> None:
        self.touched.add(iri)
        self.firms.add_node(iri, **attrs)

    def add_edge(self, supplier: str, customer: str, /, **attrs: Any) -> None:
        self.touched.update((supplier, customer))
        self.firms.add_edge(supplier, customer, **attrs)


class _Nodes:
    """``graph.nodes[iri]`` of a :class:`Recorder`."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def __getitem__(self, iri: str) -> dict[str, Any]:
        self.recorder.touched.add(iri)
        return self.recorder.firms.nodes[iri]


class SharedIndex:
    """The index of one firm graph, built when first asked for and kept up to date with :meth:`changed`.

    >>> shared = SharedIndex(nx.DiGraph())
    >>> shared.get() is shared.get()
    True
    """

    def __init__(self, firms: nx.DiGraph) -> None:
        self.firms = firms
        self._index: FirmIndex | None = None

    def get(self) -> FirmIndex:
        if self._index is None:
            self._index = FirmIndex(self.firms)
        return self._index

    def changed(self, recorder: Recorder) -> None:
        """The firms *recorder* saw touched changed (or were added): the index follows."""
        if self._index is not None:
            self._index.update(recorder.touched)


def of(firms: nx.DiGraph, index: FirmIndex | None) -> FirmIndex:
    """*index* if it is one of *firms*, else a new index of *firms* (for a function called without one)."""
    return index if index is not None and index.firms is firms else FirmIndex(firms)
