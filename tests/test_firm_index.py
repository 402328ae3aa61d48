"""The firm graph's index (:mod:`chaingraph.analysis.firmindex`), shared by the chains of a region, gives what
the walks of the whole graph it replaced gave: on random firm graphs the 招商 targets (every field, in order),
the 配套 pairs and the 链主 equal those of the plain definitions below (the code before the index), with an
index built once and then kept up to date through a :class:`Recorder` while firms are added and changed, as
the analyzer adds outside candidates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chaingraph.analysis.firmindex import FirmIndex, Recorder, SharedIndex
from chaingraph.analysis.leader import chain_leader
from chaingraph.analysis.priority import Gap
from chaingraph.analysis.reasons import Reason
from chaingraph.analysis.targets import ROUTES, Target, _capacity, _name, _ties, local_matches, rank_targets

LINKS = [f"L{i}" for i in range(8)]


def _plain_outside(firms: nx.DiGraph, by_link: dict[str, Gap]) -> list[Target]:
    """Outside targets, one walk of every firm (the code before the index, its reasons left to rank_targets')."""
    local = {n for n, d in firms.nodes(data=True) if d["local"]}
    found = []
    for iri, data in firms.nodes(data=True):
        if data["local"] or data["status"] != "operating" or by_link.keys().isdisjoint(data["links"]):
            continue
        gap_links = sorted((g for g in data["links"] if g in by_link), key=lambda g: (-by_link[g].score, g))
        customers_of = [s for s in firms.predecessors(iri) if s in local]
        planned = any(r.code == "targeted" for g in gap_links for r in by_link[g].reasons)
        ties, _ = _ties(firms, iri, local, "zh", "、")
        found.append(Target(iri, data["label"], None, {}, tuple(gap_links), by_link[gap_links[0]].score, ties,
                            _capacity(data)[0], (), "lever" if customers_of and not planned else "attract"))
    return found


def _plain_cultivate(firms: nx.DiGraph, by_link: dict[str, Gap], forward: nx.DiGraph) -> list[Target]:
    local = {n for n, d in firms.nodes(data=True) if d["local"]}
    markets = {link for n, d in firms.nodes(data=True)
               if d["links"] and not d["local"] and not local.isdisjoint(firms.predecessors(n)) for link in d["links"]}
    score = {g: gap.score for g, gap in by_link.items() if g not in markets}
    found = []
    for iri, data in firms.nodes(data=True):
        if not data["local"] or data["status"] != "operating" or data.get("kind") != "company":
            continue
        near = [g for g in score if g in forward and g not in data["links"]
                and set(data["links"]) & (set(forward.predecessors(g)) | set(forward.successors(g)))]
        if near:
            gap_links = tuple(sorted(near, key=lambda g: (-score[g], g)))
            found.append(Target(iri, data["label"], None, {}, gap_links, score[gap_links[0]], 0, _capacity(data)[0],
                                (), "cultivate", local=True))
    return found


def _plain_targets(firms: nx.DiGraph, gaps: list[Gap], forward: nx.DiGraph) -> list[tuple[Any, ...]]:
    by_link = {g.link: g for g in gaps}
    targets = sorted(_plain_outside(firms, by_link) + _plain_cultivate(firms, by_link, forward),
                     key=lambda t: (-t.gap_score, ROUTES.index(t.route), -t.ties, -(t.capacity or 0.0),
                                    _name({"label": t.label, "iri": t.iri}, "zh")))
    return [(t.iri, t.route, t.links, t.gap_score, t.ties, t.capacity) for t in targets]


def _plain_pairs(firms: nx.DiGraph, forward: nx.DiGraph, links: set[str]) -> list[tuple[str, str, str, str]]:
    named = {n: d for n, d in firms.nodes(data=True) if d["local"] and d["status"] == "operating"
             and d.get("named", True) and d.get("kind") == "company"}
    return sorted({(a, x, b, y) for x, y in forward.edges if x in links and y in links and x != y
                   for a in named if x in named[a]["links"] for b in named if y in named[b]["links"]
                   if a != b and not firms.has_edge(a, b)})


def _plain_leader_candidates(firms: nx.DiGraph, links: set[str]) -> list[str]:
    return [n for n, d in firms.nodes(data=True) if d["local"] and d["kind"] == "company"
            and d["status"] == "operating" and not links.isdisjoint(d["links"])]


def _firm(draw: Callable[..., Any], i: int, local: bool | None = None) -> dict[str, Any]:
    capacity = draw(st.sampled_from([None, 5.0, 5.0, 12.5, 0.1]))
    return {"iri": f"f{i}", "label": {"zh": draw(st.sampled_from(["甲", "乙", "丙"]))},  # names repeat: ties
            "local": draw(st.booleans()) if local is None else local,
            "status": draw(st.sampled_from(["operating", "operating", "planned"])),
            "kind": draw(st.sampled_from(["company", "company", "project"])), "named": draw(st.booleans()),
            "links": draw(st.lists(st.sampled_from(LINKS), unique=True, max_size=3)),
            "capacities": [] if capacity is None else [{"value": capacity, "unit": draw(st.sampled_from("tw")),
                                                         "status": None}],
            "place_label": {}}


@st.composite
def cases(draw: st.DrawFn) -> tuple[nx.DiGraph, list[Gap], nx.DiGraph]:
    forward: nx.DiGraph = nx.DiGraph()
    forward.add_nodes_from(LINKS)
    forward.add_edges_from(draw(st.lists(st.tuples(st.sampled_from(LINKS), st.sampled_from(LINKS)), max_size=14)))
    gap_links = draw(st.lists(st.sampled_from([*LINKS, "elsewhere"]), unique=True, max_size=6))
    targeted = (Reason("targeted"),)
    gaps = [Gap(link, "missing", "fill", draw(st.sampled_from([0.2, 0.5, 0.9])),
                draw(st.sampled_from([(), (), targeted]))) for link in gap_links]
    firms: nx.DiGraph = nx.DiGraph()
    for i in range(draw(st.integers(0, 12))):
        firms.add_node(f"f{i}", **_firm(draw, i))
    _edges(draw, firms, list(firms))
    return firms, gaps, forward


def _edges(draw: Callable[..., Any], firms: nx.DiGraph | Recorder, nodes: list[str]) -> None:
    if nodes:
        for u, v in draw(st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)), max_size=10)):
            firms.add_edge(u, v)


def _grow(draw: Callable[..., Any], firms: nx.DiGraph) -> Recorder:
    """Change *firms* as adding outside candidates does: new firms, firms changed in place, new edges."""
    recorder = Recorder(firms)
    start = firms.number_of_nodes()
    for i in range(start, start + draw(st.integers(0, 4))):
        recorder.add_node(f"f{i}", **_firm(draw, i))
    for iri in draw(st.lists(st.sampled_from(list(firms)), max_size=4)) if firms else []:
        data = recorder.nodes[iri]
        data.update(local=draw(st.booleans()), status=draw(st.sampled_from(["operating", "planned"])))
        data["links"] = draw(st.lists(st.sampled_from(LINKS), unique=True, max_size=3))
    _edges(draw, recorder, list(firms))
    return recorder


def _state(index: FirmIndex) -> tuple[Any, ...]:
    return (index.position, index.local, index.unnamed, {k: v for k, v in index.local_companies.items() if v},
            {k: v for k, v in index.outside.items() if v}, index.markets)


def _check(firms: nx.DiGraph, gaps: list[Gap], forward: nx.DiGraph, index: FirmIndex) -> None:
    got = [(t.iri, t.route, t.links, t.gap_score, t.ties, t.capacity)
           for t in rank_targets(firms, gaps, forward=forward, index=index)]
    assert got == _plain_targets(firms, gaps, forward)
    links = set(LINKS[:5])
    reasons, count = local_matches(firms, forward, links, {}, "zh", limit=100, index=index)
    pairs = _plain_pairs(firms, forward, links)
    assert count == len(pairs)
    assert [dict(r.params) for r in reasons] == [
        {"supplier": firms.nodes[a]["label"]["zh"], "from_link": x, "customer": firms.nodes[b]["label"]["zh"],
         "to_link": y} for a, x, b, y in pairs[:100]]
    first, _ = local_matches(firms, forward, links, {}, "zh", limit=2, index=index)
    assert [(dict(r.params)["from_link"], dict(r.params)["to_link"]) for r in first] == [(x, y) for _, x, _, y in
                                                                                        pairs[:2]]
    assert index.local_companies_in(links) == _plain_leader_candidates(firms, links)
    assert chain_leader(links, firms, index=index) == chain_leader(links, firms, index=FirmIndex(firms))


@settings(max_examples=300, deadline=None)
@given(cases(), st.data())
def test_the_index_answers_as_the_walks_did_while_the_graph_grows(case: tuple[nx.DiGraph, list[Gap], nx.DiGraph],
                                                                   data: st.DataObject) -> None:
    firms, gaps, forward = case
    shared = SharedIndex(firms)
    _check(firms, gaps, forward, shared.get())
    for _ in range(3):
        shared.changed(_grow(data.draw, firms))
        assert _state(shared.get()) == _state(FirmIndex(firms))
        _check(firms, gaps, forward, shared.get())


def test_a_recorder_refuses_what_it_cannot_follow() -> None:
    with pytest.raises(AttributeError):
        Recorder(nx.DiGraph()).remove_node("x")  # type: ignore[attr-defined]


def test_adding_the_candidates_of_every_link_keeps_the_index_equal_to_a_new_one() -> None:
    """``add_candidates`` changes the firm graph only through what the :class:`Recorder` follows, and what it
    records is all the index needs: on the bundled data, after the outside companies of every link of 綦江区
    are added one link at a time, the index kept up to date is the index built anew."""
    from typing import cast

    from rdflib import URIRef

    from chaingraph.gaps.region import read_region
    from chaingraph.graphs import add_candidates
    from chaingraph.knowledge import KnowledgeGraph

    kg = KnowledgeGraph.open()
    qijiang = URIRef("https://w3id.org/chaingraph/data/region-qijiang")
    region = read_region(kg, qijiang, None, 2, False, "zh")
    shared = SharedIndex(region.firms)
    first = shared.get()  # built before the candidates come in, then kept up to date
    before = len(region.firms)
    for _, data in sorted(region.graph.nodes(data=True)):
        recorder = Recorder(region.firms)
        add_candidates(kg, cast(nx.DiGraph, recorder), qijiang, data["iri"])
        shared.changed(recorder)
    assert len(region.firms) > before and shared.get() is first
    assert _state(shared.get()) == _state(FirmIndex(region.firms))


def test_local_pairs_are_counted_less_supply_relations_and_listed_in_order() -> None:
    # two links A → B; firms in A, in B, in both (never paired with itself); some already supply each other
    forward: nx.DiGraph = nx.DiGraph([("A", "B"), ("B", "A"), ("A", "A")])
    firms: nx.DiGraph = nx.DiGraph()
    for name, links in (("f1", ["A"]), ("f2", ["A", "B"]), ("f3", ["B"]), ("f4", ["B"]), ("f5", ["A"])):
        firms.add_node(name, iri=name, label={"zh": name}, local=True, status="operating", kind="company",
                       named=True, links=links, capacities=[], place_label={})
    firms.add_edges_from([("f1", "f3"), ("f2", "f4"), ("f3", "f2"), ("f2", "f2"), ("f5", "f1")])
    pairs = _plain_pairs(firms, forward, {"A", "B"})
    assert len(pairs) > 3
    for limit in (1, 3, len(pairs), 100):
        reasons, count = local_matches(firms, forward, {"A", "B"}, {}, "zh", limit=limit)
        assert count == len(pairs)
        assert [(dict(r.params)["supplier"], dict(r.params)["from_link"], dict(r.params)["customer"],
                 dict(r.params)["to_link"]) for r in reasons] == pairs[:limit]
