"""The local firms proposed for growing into a neighbouring gap (route 「培育」, ``_cultivate``) are found
through an index of the gaps around each link; on random chains and firms the proposals equal those of the
plain definition: every local operating company, every gap link next to one of its own links (feeding it or
fed by it) that it is not in, not into the links of its customers' markets."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from chaingraph.analysis.priority import Gap
from chaingraph.analysis.targets import rank_targets

LINKS = [f"L{i}" for i in range(8)]


def _plain(firms: nx.DiGraph, gaps: list[Gap], forward: nx.DiGraph) -> dict[str, tuple[str, ...]]:
    """The definition, one firm and one gap at a time."""
    local = {n for n, d in firms.nodes(data=True) if d["local"]}
    markets = {link for n, d in firms.nodes(data=True) if not d["local"] and set(firms.predecessors(n)) & local
               for link in d["links"]}
    score = {g.link: g.score for g in gaps if g.link not in markets}
    found = {}
    for n, d in firms.nodes(data=True):
        if not (d["local"] and d["status"] == "operating" and d.get("kind") == "company"):
            continue
        near = [g for g in score if g in forward and g not in d["links"]
                and set(d["links"]) & (set(forward.predecessors(g)) | set(forward.successors(g)))]
        if near:
            found[n] = tuple(sorted(near, key=lambda g: (-score[g], g)))
    return found


@st.composite
def cases(draw: st.DrawFn) -> tuple[nx.DiGraph, list[Gap], nx.DiGraph]:
    forward = nx.DiGraph()
    forward.add_nodes_from(LINKS)
    forward.add_edges_from(draw(st.lists(st.tuples(st.sampled_from(LINKS), st.sampled_from(LINKS)), max_size=14)))
    gap_links = draw(st.lists(st.sampled_from([*LINKS, "elsewhere"]), unique=True, max_size=6))
    gaps = [Gap(link, "missing", "fill", draw(st.sampled_from([0.2, 0.5, 0.9])), ()) for link in gap_links]
    firms = nx.DiGraph()
    for i in range(draw(st.integers(0, 8))):
        firms.add_node(f"f{i}", label={"zh": f"企业{i}"}, local=draw(st.booleans()),
                       status=draw(st.sampled_from(["operating", "operating", "planned"])),
                       kind=draw(st.sampled_from(["company", "company", "group"])),
                       links=draw(st.lists(st.sampled_from(LINKS), unique=True, min_size=1, max_size=3)))
    nodes = list(firms)
    if nodes:
        firms.add_edges_from(draw(st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)), max_size=6)))
    return firms, gaps, forward


@settings(max_examples=300, deadline=None)
@given(cases())
def test_local_firms_next_to_a_gap_are_those_of_the_definition(case: tuple[nx.DiGraph, list[Gap], nx.DiGraph]) -> None:
    firms, gaps, forward = case
    proposed = {t.iri: t.links for t in rank_targets(firms, gaps, forward=forward) if t.route == "cultivate"}
    assert proposed == _plain(firms, gaps, forward)
