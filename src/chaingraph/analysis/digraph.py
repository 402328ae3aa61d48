"""A directed graph of plain dicts, and the few graph algorithms the gap analysis uses.

The analysis once built ``networkx`` graphs; importing networkx (every algorithm module and its backend
dispatch) took longer than the whole analysis of a district, so the graphs of :mod:`chaingraph.graphs` and
the analyses are this class instead: the part of ``nx.DiGraph``'s interface they use (``nodes``, ``edges``,
``successors``, ``predecessors``, ``subgraph``, ``copy``, …), with the same order of nodes and neighbours
(the order they were added) and the same sharing of attribute dicts. The algorithms below take this class
or a ``networkx`` graph alike and follow networkx 3's own code step by step, so their results — the numbering
of the condensation's groups and the floating-point sums of the betweenness included — are those of
networkx on a graph with the same order (``tests/test_digraph.py`` checks them against networkx on random
graphs). :meth:`DiGraph.to_networkx` hands a graph to networkx for anything else.

>>> g = DiGraph([("A", "B"), ("B", "C"), ("C", "B")], region="r")
>>> g.add_node("D", label="d")
>>> list(g), sorted(g.edges), g.nodes["D"], g.graph
(['A', 'B', 'C', 'D'], [('A', 'B'), ('B', 'C'), ('C', 'B')], {'label': 'd'}, {'region': 'r'})
>>> sorted(descendants(g, "A")), sorted(ancestors(g, "B")), has_path(g, "C", "A")
(['B', 'C'], ['A', 'C'], False)
>>> [sorted(c) for c in strongly_connected_components(g)]
[['B', 'C'], ['A'], ['D']]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any

__all__ = ["DiGraph", "ancestors", "articulation_points", "betweenness_centrality", "condensation", "descendants",
           "has_path", "strongly_connected_components"]

Attrs = dict[str, Any]


class NodeView(Mapping[Any, Attrs]):
    """``graph.nodes``: node → attribute dict; called with ``data=True`` (or an attribute name), the pairs."""

    __slots__ = ("_nodes",)

    def __init__(self, nodes: dict[Any, Attrs]) -> None:
        self._nodes = nodes

    def __getitem__(self, node: Any) -> Attrs:
        return self._nodes[node]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, node: object) -> bool:
        return node in self._nodes

    def __call__(self, data: bool | str = False, default: Any = None) -> Any:
        if data is False:
            return self
        if data is True:  # a view, as networkx's: no list of every node made per call
            return self._nodes.items()
        return [(n, d.get(data, default)) for n, d in self._nodes.items()]

    def __repr__(self) -> str:
        return f"NodeView({tuple(self._nodes)})"


class EdgeView:
    """``graph.edges``: ``(u, v)`` pairs in the order of the nodes, then of each node's successors;
    ``edges[u, v]`` is the edge's attribute dict; called with ``data=True``, ``(u, v, attributes)``."""

    __slots__ = ("_succ",)

    def __init__(self, succ: dict[Any, dict[Any, Attrs]]) -> None:
        self._succ = succ

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return ((u, v) for u, nbrs in self._succ.items() for v in nbrs)

    def __len__(self) -> int:
        return sum(len(nbrs) for nbrs in self._succ.values())

    def __contains__(self, edge: object) -> bool:
        if not isinstance(edge, tuple) or len(edge) != 2:
            return False
        nbrs = self._succ.get(edge[0])
        return nbrs is not None and edge[1] in nbrs

    def __getitem__(self, edge: tuple[Any, Any]) -> Attrs:
        return self._succ[edge[0]][edge[1]]

    def __call__(self, data: bool | str = False, default: Any = None) -> Any:
        if data is False:
            return list(self)
        if data is True:
            return [(u, v, d) for u, nbrs in self._succ.items() for v, d in nbrs.items()]
        return [(u, v, d.get(data, default)) for u, nbrs in self._succ.items() for v, d in nbrs.items()]


class DiGraph:
    """A directed graph: nodes with attribute dicts, at most one edge from a node to another, with its own dict.

    Built like ``nx.DiGraph``: from a list of edges ``(u, v)`` or ``(u, v, attributes)``, graph attributes as
    keywords. Iterating gives the nodes in the order they were added; ``graph[u]`` is u's successors (node →
    edge attributes).
    """

    def __init__(self, edges: Iterable[tuple[Any, ...]] | None = None, **attrs: Any) -> None:
        self.graph: Attrs = dict(attrs)
        self._node: dict[Any, Attrs] = {}
        self._succ: dict[Any, dict[Any, Attrs]] = {}
        self._pred: dict[Any, dict[Any, Attrs]] = {}
        if edges is not None:
            self.add_edges_from(edges)

    # reading
    @property
    def nodes(self) -> NodeView:
        return NodeView(self._node)

    @property
    def edges(self) -> EdgeView:
        return EdgeView(self._succ)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def __contains__(self, node: object) -> bool:
        try:
            return node in self._node
        except TypeError:
            return False

    def __getitem__(self, node: Any) -> dict[Any, Attrs]:
        return self._succ[node]

    def successors(self, node: Any) -> Iterator[Any]:
        return iter(self._succ[node])

    def predecessors(self, node: Any) -> Iterator[Any]:
        return iter(self._pred[node])

    def has_node(self, node: Any) -> bool:
        return node in self

    def has_edge(self, u: Any, v: Any) -> bool:
        return u in self._succ and v in self._succ[u]

    def number_of_nodes(self) -> int:
        return len(self._node)

    def number_of_edges(self) -> int:
        return len(self.edges)

    def is_directed(self) -> bool:
        return True

    def is_multigraph(self) -> bool:
        return False

    # building
    def add_node(self, node: Hashable, **attrs: Any) -> None:
        if node not in self._node:
            self._succ[node], self._pred[node] = {}, {}
            self._node[node] = {}
        self._node[node].update(attrs)

    def add_nodes_from(self, nodes: Iterable[Any], **attrs: Any) -> None:
        """Nodes, or ``(node, attributes)`` pairs; a node already there keeps its dict, updated."""
        for item in nodes:
            if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], dict):
                node, data = item[0], {**attrs, **item[1]}
            else:
                node, data = item, attrs
            if node not in self._node:
                self._succ[node], self._pred[node] = {}, {}
                self._node[node] = dict(data)
            else:
                self._node[node].update(data)

    def add_edge(self, u: Hashable, v: Hashable, **attrs: Any) -> None:
        for node in (u, v):
            if node not in self._node:
                self._succ[node], self._pred[node] = {}, {}
                self._node[node] = {}
        data = self._succ[u].get(v, {})
        data.update(attrs)
        self._succ[u][v] = data
        self._pred[v][u] = data

    def add_edges_from(self, edges: Iterable[tuple[Any, ...]], **attrs: Any) -> None:
        for edge in edges:
            if len(edge) == 3:
                u, v, data = edge
                self.add_edge(u, v, **{**attrs, **data})
            else:
                u, v = edge
                self.add_edge(u, v, **attrs)

    def remove_node(self, node: Any) -> None:
        for v in self._succ.pop(node):
            del self._pred[v][node]
        for u in self._pred.pop(node):
            del self._succ[u][node]
        del self._node[node]

    def remove_nodes_from(self, nodes: Iterable[Any]) -> None:
        for node in nodes:
            if node in self._node:
                self.remove_node(node)

    # copies
    def copy(self) -> DiGraph:
        """A new graph with a shallow copy of every attribute dict (lists in them are shared, as in networkx)."""
        new = DiGraph(**self.graph)
        new.add_nodes_from((n, d.copy()) for n, d in self._node.items())
        new.add_edges_from((u, v, d.copy()) for u, nbrs in self._succ.items() for v, d in nbrs.items())
        return new

    def subgraph(self, nodes: Iterable[Any]) -> DiGraph:
        """The graph induced by *nodes*, in this graph's order, holding this graph's attribute dicts themselves
        (as networkx's subgraph view does; ``.copy()`` it to change them apart)."""
        keep = {n for n in nodes if n in self._node}
        sub = DiGraph(**self.graph)
        for n in (n for n in self._node if n in keep):
            sub._node[n] = self._node[n]
            sub._succ[n], sub._pred[n] = {}, {}
        for u in sub._node:
            for v, data in self._succ[u].items():
                if v in keep:
                    sub._succ[u][v] = data
                    sub._pred[v][u] = data
        return sub

    def to_networkx(self) -> Any:
        """The same graph as a ``networkx.DiGraph`` (attribute dicts copied), for networkx's algorithms."""
        import networkx as nx

        graph: Any = nx.DiGraph(**self.graph)
        graph.add_nodes_from((n, d.copy()) for n, d in self._node.items())
        graph.add_edges_from((u, v, d.copy()) for u, nbrs in self._succ.items() for v, d in nbrs.items())
        return graph

    def __repr__(self) -> str:
        return f"DiGraph with {len(self)} nodes and {len(self.edges)} edges"


def _walk(start: Any, step: Callable[[Any], Iterable[Any]]) -> set[Any]:
    seen: set[Any] = set()
    frontier = [start]
    while frontier:
        for n in step(frontier.pop()):
            if n not in seen:
                seen.add(n)
                frontier.append(n)
    seen.discard(start)
    return seen


def descendants(graph: Any, node: Any) -> set[Any]:
    """The nodes reachable from *node* (never itself, as in networkx)."""
    return _walk(node, graph.successors)


def ancestors(graph: Any, node: Any) -> set[Any]:
    """The nodes *node* is reachable from (never itself, as in networkx)."""
    return _walk(node, graph.predecessors)


def has_path(graph: Any, source: Any, target: Any) -> bool:
    """Whether *target* is reachable from *source* (a node reaches itself)."""
    return source == target or target in descendants(graph, source)


def strongly_connected_components(graph: Any) -> Iterator[set[Any]]:
    """The strongly connected components, in networkx's order (its non-recursive Tarjan, step by step)."""
    # long: networkx 3's code kept whole, so that the order of the components (and the condensation's group
    # numbers) is the same
    preorder: dict[Any, int] = {}
    lowlink: dict[Any, int] = {}
    scc_found: set[Any] = set()
    scc_queue: list[Any] = []
    i = 0
    neighbors = {v: iter(graph[v]) for v in graph}
    for source in graph:
        if source in scc_found:
            continue
        queue = [source]
        while queue:
            v = queue[-1]
            if v not in preorder:
                i += 1
                preorder[v] = i
            done = True
            for w in neighbors[v]:
                if w not in preorder:
                    queue.append(w)
                    done = False
                    break
            if done:
                lowlink[v] = preorder[v]
                for w in graph[v]:
                    if w not in scc_found:
                        if preorder[w] > preorder[v]:
                            lowlink[v] = min(lowlink[v], lowlink[w])
                        else:
                            lowlink[v] = min(lowlink[v], preorder[w])
                queue.pop()
                if lowlink[v] == preorder[v]:
                    scc = {v}
                    while scc_queue and preorder[scc_queue[-1]] > preorder[v]:
                        scc.add(scc_queue.pop())
                    scc_found.update(scc)
                    yield scc
                else:
                    scc_queue.append(v)


def condensation(graph: Any) -> DiGraph:
    """Each strongly connected component as one node, numbered 0, 1, … in the order of
    :func:`strongly_connected_components`, with its nodes in the attribute ``members``; ``graph["mapping"]``
    maps each node to its component."""
    mapping: dict[Any, int] = {}
    members: dict[int, set[Any]] = {}
    dag = DiGraph(mapping=mapping)
    for i, component in enumerate(strongly_connected_components(graph)):
        members[i] = component
        mapping.update((n, i) for n in component)
    dag.add_nodes_from((i, {"members": component}) for i, component in members.items())
    dag.add_edges_from((mapping[u], mapping[v]) for u in graph for v in graph[u] if mapping[u] != mapping[v])
    return dag


def betweenness_centrality(graph: Any) -> dict[Any, float]:
    """Normalised betweenness centrality of a directed graph (Brandes' algorithm), endpoints excluded: networkx's
    ``betweenness_centrality(G, normalized=True)`` computed in the same order, hence the same floats."""
    betweenness = dict.fromkeys(graph, 0.0)
    for s in graph:
        stack, preds, sigma = _shortest_paths(graph, s)
        delta: dict[Any, float] = dict.fromkeys(stack, 0)  # ints at first, as in networkx
        while stack:
            w = stack.pop()
            coeff = (1 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                betweenness[w] += delta[w]
    n = len(betweenness) - 1  # pairs (s, t) with s ≠ t, v not t
    if n >= 2:
        scale = 1 / (n * (n - 1))
        if scale != 1:
            for v in betweenness:
                betweenness[v] *= scale
    return betweenness


def _shortest_paths(graph: Any, s: Any) -> tuple[list[Any], dict[Any, list[Any]], dict[Any, float]]:
    """Breadth-first from *s*: the nodes in the order reached, each node's predecessors on shortest paths,
    and the number of shortest paths to each."""
    stack: list[Any] = []
    preds: dict[Any, list[Any]] = {v: [] for v in graph}
    sigma = dict.fromkeys(graph, 0.0)
    dist = {s: 0}
    sigma[s] = 1.0
    queue = deque([s])
    while queue:
        v = queue.popleft()
        stack.append(v)
        dv, sigmav = dist[v], sigma[v]
        for w in graph[v]:
            if w not in dist:
                queue.append(w)
                dist[w] = dv + 1
            if dist[w] == dv + 1:
                sigma[w] += sigmav
                preds[w].append(v)
    return stack, preds, sigma


def articulation_points(neighbours: Mapping[Any, Iterable[Any]]) -> set[Any]:
    """The cut vertices of an undirected graph given as node → neighbours (networkx's depth-first search)."""
    # long: one depth-first search with its explicit stack, as networkx's _biconnected_dfs
    found: set[Any] = set()
    visited: set[Any] = set()
    for start in neighbours:
        if start in visited:
            continue
        discovery = {start: 0}
        low = {start: 0}
        root_children = 0
        visited.add(start)
        stack = [(start, start, iter(neighbours[start]))]
        while stack:
            grandparent, parent, children = stack[-1]
            try:
                child = next(children)
                if grandparent == child:
                    continue
                if child in visited:
                    if discovery[child] <= discovery[parent]:  # back edge
                        low[parent] = min(low[parent], discovery[child])
                else:
                    low[child] = discovery[child] = len(discovery)
                    visited.add(child)
                    stack.append((parent, child, iter(neighbours[child])))
            except StopIteration:
                stack.pop()
                if len(stack) > 1:
                    if low[parent] >= discovery[grandparent]:
                        found.add(grandparent)
                    low[grandparent] = min(low[parent], low[grandparent])
                elif stack:  # the root's child
                    root_children += 1
        if root_children > 1:
            found.add(start)
    return found
