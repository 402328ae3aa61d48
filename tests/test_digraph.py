"""chaingraph.analysis.digraph against networkx: the same graph built in the same order gives the same
answers — component order and condensation numbers, reachability, cut vertices and betweenness floats, exactly.

The gap analysis runs on these plain-dict graphs so that networkx is not imported on its path (start-up time,
issue #18); these properties are what makes its results those it had on networkx.
"""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from chaingraph.analysis.digraph import (
    DiGraph,
    ancestors,
    articulation_points,
    betweenness_centrality,
    condensation,
    descendants,
    has_path,
    strongly_connected_components,
)

NODES = st.sampled_from([f"L{i:02d}" for i in range(14)])
EDGES = st.lists(st.tuples(NODES, NODES), max_size=45)
EXTRA = st.lists(NODES, max_size=5)  # nodes without edges, added first


def both(edges: list[tuple[str, str]], alone: list[str]) -> tuple[DiGraph, nx.DiGraph]:
    ours, theirs = DiGraph(), nx.DiGraph()
    for g in (ours, theirs):
        g.add_nodes_from(alone)
        g.add_edges_from(edges)
    return ours, theirs


@settings(max_examples=300, deadline=None)
@given(EDGES, EXTRA)
def test_same_structure_and_algorithms(edges: list[tuple[str, str]], alone: list[str]) -> None:
    ours, theirs = both(edges, alone)
    assert list(ours) == list(theirs) and list(ours.edges) == list(theirs.edges)
    assert [list(ours[n]) for n in ours] == [list(theirs[n]) for n in theirs]
    assert [list(ours.predecessors(n)) for n in ours] == [list(theirs.predecessors(n)) for n in theirs]
    assert list(strongly_connected_components(ours)) == list(nx.strongly_connected_components(theirs))
    dag, their_dag = condensation(ours), nx.condensation(theirs)
    assert list(dag.nodes(data=True)) == list(their_dag.nodes(data=True))
    assert list(dag.edges) == list(their_dag.edges) and dag.graph["mapping"] == their_dag.graph["mapping"]
    for n in ours:
        assert descendants(ours, n) == nx.descendants(theirs, n)
        assert ancestors(ours, n) == nx.ancestors(theirs, n)
        for m in ours:
            assert has_path(ours, n, m) == nx.has_path(theirs, n, m)
    # exactly the same floats: the same sums in the same order
    assert betweenness_centrality(ours) == nx.betweenness_centrality(theirs, normalized=True)
    assert betweenness_centrality(theirs) == nx.betweenness_centrality(theirs, normalized=True)  # on networkx too


@settings(max_examples=300, deadline=None)
@given(EDGES, EXTRA, st.sets(NODES))
def test_subgraph_copy_and_cut_vertices(edges: list[tuple[str, str]], alone: list[str], keep: set[str]) -> None:
    ours, theirs = both(edges, alone)
    sub, their_sub = ours.subgraph(keep), theirs.subgraph(keep)
    assert set(sub) == set(their_sub) and set(sub.edges) == set(their_sub.edges)
    assert list(sub) == [n for n in ours if n in keep]  # the parent's order, never a set's
    undirected = {n: {*sub.successors(n), *sub.predecessors(n)} for n in sub}
    assert articulation_points(undirected) == set(nx.articulation_points(their_sub.to_undirected(as_view=True)))
    copy = ours.copy()
    assert list(copy.edges(data=True)) == list(theirs.copy().edges(data=True))
    assert nx.utils.graphs_equal(ours.to_networkx(), theirs)


def test_attributes_are_shared_and_copied_as_in_networkx() -> None:
    ours, theirs = DiGraph(region="r"), nx.DiGraph(region="r")
    for g in (ours, theirs):
        g.add_nodes_from([("A", {"links": ["x"]}), "B"], kind="company")
        g.add_node("A", local=True)
        g.add_edge("A", "B", kind="material")
        g.add_edges_from([("B", "C", {"kind": "scrap"})], is_return=True)
    assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True))
    assert list(ours.nodes(data="kind")) == list(theirs.nodes(data="kind"))
    assert ours.edges["B", "C"] == theirs.edges["B", "C"] == {"kind": "scrap", "is_return": True}
    assert ("A", "B") in ours.edges and ("B", "A") not in ours.edges and ours.graph == theirs.graph
    view, copy = ours.subgraph(["A", "B"]), ours.copy()
    view.nodes["A"]["seen"] = 1  # a subgraph holds the graph's own dicts, as networkx's view does
    copy.nodes["A"]["copied"] = 1  # a copy holds copies of them …
    copy.nodes["A"]["links"].append("y")  # … shallow ones, as networkx's copy does
    assert ours.nodes["A"] == {"links": ["x", "y"], "kind": "company", "local": True, "seen": 1}
    ours.remove_nodes_from(["B", "Z"])
    assert list(ours) == ["A", "C"] and not list(ours.edges) and len(ours) == 2
