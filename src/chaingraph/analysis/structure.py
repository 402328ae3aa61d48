"""Where a regional chain is cut: 断链, truncation (链头/链尾缺失), open recycling loops, critical links.

All functions take a link graph (``nx.DiGraph``, see :mod:`chaingraph.graphs`) and the set of
*operating* links (links with at least one operating local actor), and return plain data.

The structural analyses work on the **forward graph** of a chain: its links and the flows between
them, without return flows (flows into a recycling link from another stage). The loop analysis uses
the return flows.

Real supply relations also loop without recycling (mutual supply: steel → machinery → steel). A loop
is data, never an error: 断链 and truncation work on the **condensation** of the forward graph — each
strongly connected group of links one node, *operating* when any of its links is — so a link in a loop
is cut, or a chain head, exactly when its whole group is; :func:`loop_groups` reports the groups.

>>> import networkx as nx

#: a node of the graph walked: a link id, or the number of a group of the condensation
Node = TypeVar("Node", str, int)
>>> F = nx.DiGraph([("U", "X"), ("X", "D"), ("U", "Y"), ("Y", "D2")])
>>> broken_links(F, {"U", "D", "D2", "Y"})
{'X': [('U', 'D')]}
>>> L = nx.DiGraph([("A", "B"), ("B", "C"), ("C", "B"), ("C", "D")])  # B and C supply each other
>>> loop_groups(L), broken_links(L, {"A", "D"}), broken_links(L, {"A", "C", "D"})
([['B', 'C']], {'B': [('A', 'D')], 'C': [('A', 'D')]}, {})
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import networkx as nx

#: a node of the graph walked: a link id, or the number of a group of the condensation
Node = TypeVar("Node", str, int)

__all__ = ["OpenLoop", "articulation_links", "betweenness", "broken_links", "chain_subgraph", "condensed",
           "forward_graph", "loop_groups", "open_loop", "truncation"]


def chain_subgraph(graph: nx.DiGraph, chain: str) -> nx.DiGraph:
    """The links of one chain and the flows between them (return flows included), as a copy."""
    return graph.subgraph(n for n, d in graph.nodes(data=True) if d["chain"] == chain).copy()


def forward_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """*graph* without its return flows (it may still hold loops of mutual supply: see :func:`loop_groups`)."""
    forward: nx.DiGraph = nx.DiGraph()
    forward.add_nodes_from(graph.nodes(data=True))
    forward.add_edges_from((u, v, d) for u, v, d in graph.edges(data=True) if not d.get("is_return"))
    return forward


def loop_groups(forward: nx.DiGraph) -> list[list[str]]:
    """The loops of mutual supply among forward flows: every strongly connected group of two or more links,
    and every link that feeds itself, each group sorted, the groups in the order of their first link."""
    groups = [sorted(group) for group in nx.strongly_connected_components(forward)
              if len(group) > 1 or any(forward.has_edge(n, n) for n in group)]
    return sorted(groups)


@dataclass(frozen=True)
class Condensed:
    """The condensation of a forward graph: a DAG of groups (a link outside any loop is a group of one)."""

    dag: nx.DiGraph  #: group number → group number
    members: dict[int, tuple[str, ...]]  #: group number → its links, sorted
    group_of: dict[str, int]  #: link → its group
    operating: set[int]  #: the groups with at least one operating link


def condensed(forward: nx.DiGraph, operating: set[str]) -> Condensed:
    """*forward* with each strongly connected group as one node, operating when any member is."""
    dag = nx.condensation(forward)
    members = {g: tuple(sorted(data["members"])) for g, data in dag.nodes(data=True)}
    group_of = {link: g for g, links in members.items() for link in links}
    return Condensed(dag, members, group_of, {g for g, links in members.items() if set(links) & operating})


def _reach(graph: nx.DiGraph, start: Node, through: set[Node], reverse: bool = False) -> set[Node]:
    """Nodes of *through* reachable from *start* by paths whose inner nodes all lie in *through*."""
    step = graph.predecessors if reverse else graph.successors
    seen: set[Node] = set()
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

    In a loop the rule applies to the loop's group (module documentation): every link of a broken group
    is broken, and its pairs name the operating links of the groups it cuts.

    References: docs/method.md (断链 in the strict structural sense, [O19]).
    """
    c = condensed(forward, operating)
    idle = set(c.dag) - c.operating
    local = c.dag.subgraph(c.operating)
    cut: dict[int, set[tuple[int, int]]] = {}
    for u in sorted(c.operating):
        after_u = _reach(c.dag, u, idle)
        if not after_u:
            continue
        ends = {d for x in after_u for d in c.dag.successors(x) if d in c.operating and d != u}
        for d in sorted(ends):
            if nx.has_path(local, u, d):
                continue
            for group in after_u & _reach(c.dag, d, idle, reverse=True):
                cut.setdefault(group, set()).add((u, d))
    result: dict[str, list[tuple[str, str]]] = {}
    for group, pairs in cut.items():
        links = sorted({(a, b) for u, d in pairs for a in c.members[u] if a in operating
                        for b in c.members[d] if b in operating})
        for link in c.members[group]:
            result[link] = links
    return dict(sorted(result.items()))


def truncation(forward: nx.DiGraph, operating: set[str], stages: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Truncated links: non-operating links with no operating ancestor (``head``, 链头缺失) or no operating
    descendant (``tail``, 链尾缺失) in the forward graph.

    Recycling-stage links are left to :func:`open_loop`: their inputs are return flows, so every one of
    them would otherwise count as a missing chain head. A link in a loop is judged with its group: the
    group's operating links count, and its own links are not its ancestors.
    """
    stages = stages or {}
    c = condensed(forward, operating)
    head, tail = [], []
    for link in sorted(set(forward) - operating):
        group = c.group_of[link]
        if stages.get(link) == "recycling" or group in c.operating:
            continue
        if not nx.ancestors(c.dag, group) & c.operating:
            head.append(link)
        if not nx.descendants(c.dag, group) & c.operating:
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
