"""Where a regional chain is cut: 断链, truncation (链头/链尾缺失), open recycling loops, critical links.

All functions take a link graph (``nx.DiGraph``, see :mod:`chaingraph.graphs`) and the set of
*operating* links (links with at least one operating local actor), and return plain data.

The structural analyses work on the **forward graph** of a chain: its links and the flows between
them, without return flows (flows into a recycling link from another stage). Without return flows a
chain is acyclic. The loop analysis uses the return flows.

>>> import networkx as nx
>>> F = nx.DiGraph([("U", "X"), ("X", "D"), ("U", "Y"), ("Y", "D2")])
>>> broken_links(F, {"U", "D", "D2", "Y"})
{'X': [('U', 'D')]}
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

__all__ = ["OpenLoop", "articulation_links", "betweenness", "broken_links", "chain_subgraph", "forward_graph",
           "open_loop", "truncation"]


def chain_subgraph(graph: nx.DiGraph, chain: str) -> nx.DiGraph:
    """The links of one chain and the flows between them (return flows included), as a copy."""
    return graph.subgraph(n for n, d in graph.nodes(data=True) if d["chain"] == chain).copy()


def forward_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """*graph* without its return flows. Raises ``ValueError`` naming a cycle if what is left is cyclic."""
    forward: nx.DiGraph = nx.DiGraph()
    forward.add_nodes_from(graph.nodes(data=True))
    forward.add_edges_from((u, v, d) for u, v, d in graph.edges(data=True) if not d.get("is_return"))
    if not nx.is_directed_acyclic_graph(forward):
        cycle = " → ".join(u for u, _ in nx.find_cycle(forward))
        raise ValueError(f"the chain has a cycle without return flows: {cycle}; mark the flow into the "
                         "recycling link, or fix the flow direction")
    return forward


def _reach(graph: nx.DiGraph, start: str, through: set[str], reverse: bool = False) -> set[str]:
    """Nodes of *through* reachable from *start* by paths whose inner nodes all lie in *through*."""
    step = graph.predecessors if reverse else graph.successors
    seen: set[str] = set()
    frontier = [n for n in step(start) if n in through]
    while frontier:
        node = frontier.pop()
        if node not in seen:
            seen.add(node)
            frontier.extend(n for n in step(node) if n in through and n not in seen)
    return seen


def broken_links(forward: nx.DiGraph, operating: set[str]) -> dict[str, list[tuple[str, str]]]:
    """断链: non-operating links that locally cut the chain, each with the (upstream, downstream) pairs it cuts.

    A non-operating link l is broken when some operating link u upstream and some operating link d
    downstream are joined through l by a path whose inner links are all non-operating, while no path
    joins u to d through operating links only (docs/gap-analysis.md). A missing link that operating links bypass
    is not broken.

    References: docs/method.md (断链 in the strict structural sense, [O19]).
    """
    idle = set(forward) - operating
    local = forward.subgraph(operating)
    cut: dict[str, set[tuple[str, str]]] = {}
    for u in sorted(operating):
        after_u = _reach(forward, u, idle)
        if not after_u:
            continue
        ends = {d for x in after_u for d in forward.successors(x) if d in operating and d != u}
        for d in sorted(ends):
            if nx.has_path(local, u, d):
                continue
            for link in after_u & _reach(forward, d, idle, reverse=True):
                cut.setdefault(link, set()).add((u, d))
    return {link: sorted(pairs) for link, pairs in sorted(cut.items())}


def truncation(forward: nx.DiGraph, operating: set[str], stages: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Truncated links: non-operating links with no operating ancestor (``head``, 链头缺失) or no operating
    descendant (``tail``, 链尾缺失) in the forward graph.

    Recycling-stage links are left to :func:`open_loop`: their inputs are return flows, so every one of
    them would otherwise count as a missing chain head.
    """
    stages = stages or {}
    head, tail = [], []
    for link in sorted(set(forward) - operating):
        if stages.get(link) == "recycling":
            continue
        if not nx.ancestors(forward, link) & operating:
            head.append(link)
        if not nx.descendants(forward, link) & operating:
            tail.append(link)
    return {"head": head, "tail": tail}


@dataclass(frozen=True)
class OpenLoop:
    """Whether a chain's recycling loop is open in the region, and which recycling links are not operating."""

    has_recycling: bool
    open: bool
    recycling_links: tuple[str, ...]
    idle_recycling_links: tuple[str, ...]
    closing_links: tuple[str, ...]


def open_loop(chain: nx.DiGraph, operating: set[str], stages: dict[str, str]) -> OpenLoop:
    """Open loop: the chain has recycling-stage links, and no operating path closes the return loop.

    The loop is closed when some operating recycling link r is reached, through operating links only
    (return flows included), from an operating link of another stage, and itself reaches an operating
    link of another stage — scrap goes back into production locally (docs/gap-analysis.md).
    """
    recycling = sorted(n for n in chain if stages.get(n) == "recycling")
    local = chain.subgraph(operating)
    closing = []
    for r in recycling:
        if r not in operating:
            continue
        before = {n for n in nx.ancestors(local, r) if stages.get(n) != "recycling"}
        after = {n for n in nx.descendants(local, r) if stages.get(n) != "recycling"}
        if before and after:
            closing.append(r)
    return OpenLoop(
        has_recycling=bool(recycling),
        open=bool(recycling) and not closing,
        recycling_links=tuple(recycling),
        idle_recycling_links=tuple(r for r in recycling if r not in operating),
        closing_links=tuple(closing),
    )


def betweenness(forward: nx.DiGraph) -> dict[str, float]:
    """Normalised betweenness centrality of each link in the forward chain graph (structural importance).

    Exact (Brandes' algorithm) — chains have at most a few thousand links.

    Reference: U. Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociol. 25 (2001).
    """
    return nx.betweenness_centrality(forward, normalized=True)


def articulation_links(forward: nx.DiGraph, operating: set[str]) -> list[str]:
    """Operating links whose loss would split the local chain (articulation points of the operating
    subgraph, undirected): single points of failure."""
    return sorted(nx.articulation_points(forward.subgraph(operating).to_undirected(as_view=True)))  # no copies
