"""Gap analysis on small synthetic chains, with every expected value worked out by hand.

The definitions are those of docs/gap-analysis.md, "Definitions", as made precise in the
module docstrings of :mod:`chaingraph.analysis` (status, structure, coverage, supply, leader, priority,
targets). Each test writes a tiny chain as Turtle into ``tmp_path`` (the helpers below only save
typing: each returns plain Turtle), opens it with the ontology only (no bundled data), checks that it
conforms to the SHACL shapes, and runs :func:`chaingraph.gaps.analyze` or the pure functions on it. The
comment next to each expected value says how it follows from the definition.

Places shared by every graph (``BASE``)::

    测试国 country ─┬─ 测试市 city ─┬─ 本区 here ── 本区园区 park-here
                    │               ├─ 外区 there
                    │               └─ 空区 empty   (never has any actor)
                    └─ 远省 far

Link IRIs are ``cgk:link-<id>`` while their ids (``skos:notation``) are ``<id>``, so that a test can
tell an id from an IRI.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from chaingraph.analysis.priority import PriorityWeights
from chaingraph.analysis.status import link_status
from chaingraph.analysis.structure import broken_links, forward_graph, open_loop, truncation
from chaingraph.analysis.supply import local_supply_ratio
from chaingraph.gaps import GapAnalysis, analyze
from chaingraph.graphs import link_graph
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.validation import validate
from chaingraph.vocab.namespaces import CGD

# --------------------------------------------------------------------------------------------------
# Turtle helpers
# --------------------------------------------------------------------------------------------------

PREFIXES = """\
@prefix cg:      <https://w3id.org/chaingraph/ns#> .
@prefix cgk:     <https://w3id.org/chaingraph/kos/> .
@prefix cgd:     <https://w3id.org/chaingraph/data/> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix qudt:    <http://qudt.org/schema/qudt/> .
@prefix unit:    <http://qudt.org/vocab/unit/> .
"""

BASE = """\
cgd:source-test a cg:Source ; dcterms:title "合成测试数据（手写，非真实数据）"@zh .

cgd:region-country a cg:Region ; skos:notation "testland" ; skos:prefLabel "测试国"@zh , "Testland"@en .
cgd:region-city a cg:Region ; skos:notation "city" ; skos:prefLabel "测试市"@zh , "Test City"@en ;
    cg:locatedIn cgd:region-country .
cgd:region-far a cg:Region ; skos:notation "far" ; skos:prefLabel "远省"@zh , "Far Province"@en ;
    cg:locatedIn cgd:region-country .
cgd:region-here a cg:Region ; skos:notation "here" ; skos:prefLabel "本区"@zh , "Home District"@en ;
    cg:locatedIn cgd:region-city .
cgd:region-there a cg:Region ; skos:notation "there" ; skos:prefLabel "外区"@zh , "Other District"@en ;
    cg:locatedIn cgd:region-city .
cgd:region-empty a cg:Region ; skos:notation "empty" ; skos:prefLabel "空区"@zh , "Empty District"@en ;
    cg:locatedIn cgd:region-city .
cgd:park-here a cg:IndustrialPark ; skos:prefLabel "本区园区"@zh , "Home Park"@en ;
    cg:locatedIn cgd:region-here ; prov:wasDerivedFrom cgd:source-test .
"""


def chain(segments: str = "main", chain_id: str = "t") -> str:
    """A chain ``chain_id`` and its segments (space-separated names, upstream first)."""
    ttl = (f'cgk:chain-{chain_id} a cg:IndustryChain ; skos:notation "{chain_id}" ;\n'
           f'    skos:prefLabel "测试链{chain_id}"@zh , "Test chain {chain_id}"@en .\n')
    for order, segment in enumerate(segments.split(), start=1):
        ttl += (f"cgk:segment-{chain_id}-{segment} a cg:Segment ; cg:inChain cgk:chain-{chain_id} ;\n"
                f'    cg:order {order} ; skos:prefLabel "链段{segment}"@zh , "Segment {segment}"@en .\n')
    return ttl


def link(link_id: str, stage: str = "midstream", feeds: str = "", segment: str | None = "main",
         chain_id: str = "t") -> str:
    """A link with id *link_id*; *feeds* lists the ids it feeds (space-separated)."""
    lines = [f"cgk:link-{link_id} a cg:ChainLink", f'skos:notation "{link_id}"', f"cg:inChain cgk:chain-{chain_id}",
             f"cg:stage cgk:stage-{stage}", f'skos:prefLabel "环节{link_id}"@zh , "Link {link_id}"@en']
    if segment:
        lines.append(f"cg:segment cgk:segment-{chain_id}-{segment}")
    if feeds:
        lines.append("cg:feeds " + " , ".join(f"cgk:link-{target}" for target in feeds.split()))
    return " ;\n    ".join(lines) + " .\n"


def flow(source: str, target: str, kind: str) -> str:
    """The cg:Flow of an existing ``source cg:feeds target`` edge, with its kind."""
    return (f"cgk:flow-{source}-{target} a cg:Flow ; cg:flowFrom cgk:link-{source} ; cg:flowTo cgk:link-{target} ;\n"
            f"    cg:flowKind cgk:flow-{kind} .\n")


def capacity(value: int, status: str = "actual") -> str:
    return (f"cg:capacity [ a cg:Quantity ; qudt:numericValue {value} ; qudt:unit unit:TONNE-PER-YR ;"
            f" cg:valueStatus cgk:value-{status} ]")


def firm(name: str, links: str = "", where: str = "region-here", *, status: str | None = None,
         named: bool | None = None, label: str | None = None, extra: str = "") -> str:
    """A company ``cgd:org-<name>`` located in *where*, operating in *links* (ids, space-separated)."""
    lines = [f"cgd:org-{name} a cg:Enterprise", f'skos:prefLabel "{label or "企业" + name}"@zh',
             f"cg:locatedIn cgd:{where}", "prov:wasDerivedFrom cgd:source-test"]
    if links:
        lines.append("cg:operatesIn " + " , ".join(f"cgk:link-{target}" for target in links.split()))
    if status:
        lines.append(f"cg:status cgk:status-{status.replace('_', '-')}")
    if named is not None:
        lines.append(f"cg:named {str(named).lower()}")
    if extra:
        lines.append(extra)
    return " ;\n    ".join(lines) + " .\n"


def project(name: str, links: str, status: str, where: str = "region-here") -> str:
    return (f'cgd:project-{name} a cg:Project ; skos:prefLabel "项目{name}"@zh ; cg:locatedIn cgd:{where} ;\n'
            f"    cg:status cgk:status-{status.replace('_', '-')} ; prov:wasDerivedFrom cgd:source-test ;\n"
            "    cg:operatesIn " + " , ".join(f"cgk:link-{target}" for target in links.split()) + " .\n")


def plan(name: str, links: str, region: str = "region-here", intent: str = "fill") -> str:
    return (f'cgd:plan-{name} a cg:Plan ; skos:prefLabel "规划{name}"@zh ; cg:inRegion cgd:{region} ;\n'
            f"    cg:intent cgk:intent-{intent} ; prov:wasDerivedFrom cgd:source-test ;\n"
            "    cg:targetsLink " + " , ".join(f"cgk:link-{target}" for target in links.split()) + " .\n")


def write(folder: Path, *parts: str, name: str = "synthetic.ttl") -> Path:
    path = folder / name
    path.write_text(PREFIXES + BASE + "\n".join(parts), encoding="utf-8")
    return path


def build(folder: Path, *parts: str, check: bool = True) -> KnowledgeGraph:
    """Write the Turtle *parts* (after the prefixes and ``BASE``), open them with the ontology only, and
    check that they conform to the shapes without warnings (so that the fixtures stay honest)."""
    kg = KnowledgeGraph.open([write(folder, *parts)])
    if check:
        report = validate(kg)
        assert report.conforms, report.text()
        assert report.warnings == [], report.text()
    return kg


def statuses(result: GapAnalysis, chain_id: str = "t") -> dict[str, str]:
    return {link.id: link.status for link in result.chain(chain_id).links}


def org(name: str) -> str:
    return str(CGD[f"org-{name}"])


# --------------------------------------------------------------------------------------------------
# Status: present / weak / planned / missing, for k = 1, 2, 3
# --------------------------------------------------------------------------------------------------

# L3 → L2 → L1 → LP → L0, with 3, 2, 1, 0, 0 operating local actors.
STATUS_CHAIN = (
    chain(),
    link("L3", "input", feeds="L2"), link("L2", "primary", feeds="L1"), link("L1", feeds="LP"),
    link("LP", feeds="L0"), link("L0", "downstream"),
    # L3: three operating local companies, one of them in a park of the region
    firm("l3a", "L3", status="operating"), firm("l3b", "L3", status="operating"), firm("l3c", "L3", "park-here"),
    # L2: two; one says it operates, the other has no status (a company's default is operating)
    firm("l2a", "L2", status="operating"), firm("l2b", "L2"),
    # L1: one operating company, and a planned project that adds no operating actor
    firm("l1a", "L1"), project("l1-more", "L1", "planned"),
    # LP: no operating actor, only a signed local project
    project("lp", "LP", "signed"),
    # L0: a closed local company and an operating company in another district: neither counts
    firm("l0-closed", "L0", status="closed"), firm("l0-elsewhere", "L0", "region-there"),
)


@pytest.fixture(scope="module")
def status_kg(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    return build(tmp_path_factory.mktemp("status"), *STATUS_CHAIN)


@pytest.mark.parametrize(("k", "expected"), [
    # present ⇔ n ≥ k; weak ⇔ 1 ≤ n < k; planned ⇔ n = 0 and a local pipeline project; else missing
    (1, {"L3": "present", "L2": "present", "L1": "present", "LP": "planned", "L0": "missing"}),
    (2, {"L3": "present", "L2": "present", "L1": "weak", "LP": "planned", "L0": "missing"}),
    (3, {"L3": "present", "L2": "weak", "L1": "weak", "LP": "planned", "L0": "missing"}),
])
def test_status_for_each_minimum_number_of_firms(status_kg: KnowledgeGraph, k: int,
                                                 expected: dict[str, str]) -> None:
    result = analyze(status_kg, region="here", chains=["t"], min_firms=k)
    assert statuses(result) == expected
    chain_result = result.chain("t")
    # operating local actors: the counts written next to STATUS_CHAIN, whatever k is
    assert {link.id: link.operating_actors for link in chain_result.links} == {
        "L0": 0, "L1": 1, "L2": 2, "L3": 3, "LP": 0}
    # coverage counts operating links (present or weak), so it is 3/5 for every k; by_status follows k
    assert (chain_result.coverage.overall.operating, chain_result.coverage.overall.total) == (3, 5)
    assert chain_result.coverage.overall.ratio == pytest.approx(0.6)
    counts = {s: list(expected.values()).count(s) for s in ("present", "weak", "planned", "missing")}
    assert chain_result.coverage.overall.by_status == counts
    # by stage (upstream first): input L3, primary L2, midstream L1 and LP, downstream L0
    assert [(c.key, c.operating, c.total) for c in chain_result.coverage.by_stage] == [
        ("input", 1, 1), ("primary", 1, 1), ("midstream", 1, 2), ("downstream", 0, 1)]


def test_status_reasons(status_kg: KnowledgeGraph) -> None:
    chain_result = analyze(status_kg, region="here", chains=["t"], min_firms=2).chain("t")
    codes = {link.id: [r.code for r in link.reasons] for link in chain_result.links}
    assert codes["L1"][:2] == ["single_firm", "pipeline_capacity"]  # 1 operating firm, plus a planned project
    assert codes["LP"][0] == "planned_only"
    assert codes["L0"][:2] == ["no_local_actor", "closed_actors"]  # the closed firm is reported, not counted
    assert [f["label"] for f in chain_result.link("LP").planned_projects] == ["项目lp"]
    assert chain_result.link("LP").local_firms == ()


# --------------------------------------------------------------------------------------------------
# 断链 (broken links) and bypasses
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("middle", "extra", "status", "expected"), [
    # A → X → B: X is the only way from operating A to operating B, so it cuts (A, B)
    (["X"], "", "missing", {"X": [("A", "B")]}),
    # A → X1 → X2 → B: both inner links are non-operating, so the path through either joins A to B
    (["X1", "X2"], "", "missing", {"X1": [("A", "B")], "X2": [("A", "B")]}),
    # a planned link operates no more than a missing one: still a 断链
    (["X"], project("x", "X", "signed"), "planned", {"X": [("A", "B")]}),
])
def test_non_operating_link_between_operating_links_is_broken(
        tmp_path: Path, middle: list[str], extra: str, status: str,
        expected: dict[str, list[tuple[str, str]]]) -> None:
    path = ["A", *middle, "B"]
    links = [link(u, feeds=v) for u, v in itertools.pairwise(path)] + [link("B", "downstream")]
    kg = build(tmp_path, chain(), *links, firm("a", "A"), firm("b", "B"), extra)
    chain_result = analyze(kg, region="here", chains=["t"], min_firms=1).chain("t")
    assert chain_result.broken_links == expected
    for link_id in middle:
        result = chain_result.link(link_id)
        assert result.status == status and result.broken
        assert result.cuts == (("A", "B"),)
        assert "broken" in [r.code for r in result.reasons]
        assert result.truncation == ()  # it has operating A upstream and operating B downstream
    assert chain_result.truncation == {"head": [], "tail": []}


@pytest.mark.parametrize(("y_operates", "expected"), [
    # A → Y → B joins A to B through operating links only: X is bypassed, not broken
    (True, {}),
    # with Y missing too, each of X and Y is an all-non-operating path between A and B
    (False, {"X": [("A", "B")], "Y": [("A", "B")]}),
])
def test_bypassed_missing_link_is_not_broken(tmp_path: Path, y_operates: bool,
                                             expected: dict[str, list[tuple[str, str]]]) -> None:
    kg = build(tmp_path, chain(), link("A", "primary", feeds="X Y"), link("X", feeds="B"), link("Y", feeds="B"),
               link("B", "downstream"), firm("a", "A"), firm("b", "B"), *([firm("y", "Y")] if y_operates else []))
    chain_result = analyze(kg, region="here", chains=["t"], min_firms=1).chain("t")
    assert chain_result.broken_links == expected
    assert chain_result.link("X").broken is (not y_operates)
    assert chain_result.link("X").status == "missing"


@pytest.mark.parametrize(("edges", "operating", "expected"), [
    # the docstring example: X cuts (U, D); Y operates
    ([("U", "X"), ("X", "D"), ("U", "Y"), ("Y", "D2")], {"U", "D", "D2", "Y"}, {"X": [("U", "D")]}),
    # two operating suppliers of X: X cuts both pairs
    ([("A1", "X"), ("A2", "X"), ("X", "B")], {"A1", "A2", "B"}, {"X": [("A1", "B"), ("A2", "B")]}),
    # A → Y → Z → B and A → X → B, Y operating: the path A → Y → Z → B has an operating inner link, so the
    # pairs are (A, B) through X and (Y, B) through Z
    ([("A", "Y"), ("Y", "Z"), ("Z", "B"), ("A", "X"), ("X", "B")], {"A", "Y", "B"},
     {"X": [("A", "B")], "Z": [("Y", "B")]}),
    # a missing link with operating links only downstream (a head) or only upstream (a tail) cuts nothing
    ([("H", "A"), ("A", "T")], {"A"}, {}),
    # no operating link at all: nothing to cut
    ([("A", "X"), ("X", "B")], set(), {}),
])
def test_broken_links_on_plain_graphs(edges: list[tuple[str, str]], operating: set[str],
                                      expected: dict[str, list[tuple[str, str]]]) -> None:
    assert broken_links(nx.DiGraph(edges), operating) == expected


# --------------------------------------------------------------------------------------------------
# Truncation (链头/链尾缺失)
# --------------------------------------------------------------------------------------------------

def test_head_and_tail_truncation(tmp_path: Path) -> None:
    # IN1 → IN2 → A → D1 → D2 with only A operating
    kg = build(tmp_path, chain(), link("IN1", "input", feeds="IN2"), link("IN2", "primary", feeds="A"),
               link("A", feeds="D1"), link("D1", "downstream", feeds="D2"), link("D2", "downstream"), firm("a", "A"))
    chain_result = analyze(kg, region="here", chains=["t"], min_firms=1).chain("t")
    # IN1, IN2 have no operating ancestor (head); D1, D2 no operating descendant (tail); nothing is broken
    assert chain_result.truncation == {"head": ["IN1", "IN2"], "tail": ["D1", "D2"]}
    assert chain_result.broken_links == {}
    assert chain_result.link("IN1").truncation == ("head",)
    assert chain_result.link("D2").truncation == ("tail",)
    assert "head_missing" in [r.code for r in chain_result.link("IN2").reasons]
    assert "tail_missing" in [r.code for r in chain_result.link("D1").reasons]
    # a missing link beside an operating link (IN2 feeds A, D1 is fed by it) is filled (补链); one beyond the
    # local chain's head or tail with no operating neighbour is extended (延链)
    assert {g.link: g.action for g in chain_result.gaps} == {"IN1": "extend", "IN2": "fill", "D1": "fill",
                                                             "D2": "extend"}


def test_truncation_on_plain_graphs() -> None:
    forward = nx.DiGraph([("H", "A"), ("A", "T"), ("R", "H")])
    # R is a recycling link: truncation leaves it to the loop analysis
    assert truncation(forward, {"A"}, {"R": "recycling"}) == {"head": ["H"], "tail": ["T"]}
    # with no operating link every non-recycling link is both a head and a tail
    assert truncation(forward, set(), {"R": "recycling"}) == {"head": ["A", "H", "T"], "tail": ["A", "H", "T"]}


# --------------------------------------------------------------------------------------------------
# Recycling loop
# --------------------------------------------------------------------------------------------------

# P → M → D ⇢ R → P: D → R is a return flow (into a recycling link from another stage, kind scrap)
LOOP_CHAIN = (
    chain("make recycle"),
    link("P", "primary", feeds="M", segment="make"), link("M", "midstream", feeds="D", segment="make"),
    link("D", "downstream", feeds="R", segment="make"), link("R", "recycling", feeds="P", segment="recycle"),
    flow("D", "R", "scrap"), flow("R", "P", "material"),
)


@pytest.mark.parametrize(("operating", "is_open", "closing"), [
    # R has no operating actor: nothing closes the loop
    ("P M D", True, ()),
    # R gets scrap from operating D and feeds operating P: closed
    ("P M D R", False, ("R",)),
    # R operates but D does not: no operating link sends it scrap
    ("P M R", True, ()),
    # R operates and gets scrap, but P does not: its output goes to no operating link
    ("M D R", True, ()),
])
def test_recycling_loop(tmp_path: Path, operating: str, is_open: bool, closing: tuple[str, ...]) -> None:
    firms = [firm(link_id.lower(), link_id) for link_id in operating.split()]
    kg = build(tmp_path, *LOOP_CHAIN, *firms)
    chain_result = analyze(kg, region="here", chains=["t"], min_firms=1).chain("t")
    loop = chain_result.open_loop
    assert loop.has_recycling and loop.recycling_links == ("R",)
    assert loop.open is is_open
    assert loop.closing_links == closing
    assert loop.idle_recycling_links == (() if "R" in operating.split() else ("R",))
    # the recycling link is never a truncated head, though in the forward graph it has no input
    assert "R" not in chain_result.truncation["head"] + chain_result.truncation["tail"]


def test_return_flow_is_marked_and_left_out_of_the_forward_graph(tmp_path: Path) -> None:
    graph = link_graph(build(tmp_path, *LOOP_CHAIN))
    assert graph.edges["D", "R"] == {"kind": "scrap", "is_return": True, "cross_chain": False,
                                     "factor": None}
    assert graph.edges["R", "P"]["is_return"] is False and graph.edges["R", "P"]["kind"] == "material"
    # a cg:feeds edge without a cg:Flow is a material flow
    assert graph.edges["P", "M"]["kind"] == "material"
    forward = forward_graph(graph)
    assert set(forward.edges) == {("P", "M"), ("M", "D"), ("R", "P")}
    assert nx.is_directed_acyclic_graph(forward)


def test_open_loop_on_plain_graphs() -> None:
    chain_graph = nx.DiGraph([("P", "D"), ("D", "R"), ("R", "P")])
    stages = {"P": "primary", "D": "downstream", "R": "recycling"}
    assert open_loop(chain_graph, {"P", "D", "R"}, stages).open is False
    assert open_loop(chain_graph, {"P", "D"}, stages).open is True
    # a chain without a recycling link has no loop to close, so it is not open
    no_recycling = open_loop(nx.DiGraph([("P", "D")]), {"P"}, {"P": "primary", "D": "downstream"})
    assert (no_recycling.has_recycling, no_recycling.open) == (False, False)


# --------------------------------------------------------------------------------------------------
# Local actors: park inside the region vs parent region
# --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def places_kg(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    return build(tmp_path_factory.mktemp("places"), chain(), link("A", "primary", feeds="B"), link("B", "downstream"),
                 firm("in-park", "A", "park-here", label="园区企业"),
                 firm("in-city", "B", "region-city", label="市级企业"))


def test_company_in_a_park_of_the_region_is_local_one_in_the_parent_region_is_not(places_kg: KnowledgeGraph) -> None:
    result = analyze(places_kg, region="here", chains=["t"], min_firms=1)
    chain_result = result.chain("t")
    # A: the park lies in 本区, so its company is local; B: 测试市 contains 本区, not the other way round
    assert statuses(result) == {"A": "present", "B": "missing"}
    assert [f["iri"] for f in chain_result.link("A").local_firms] == [org("in-park")]
    assert chain_result.link("B").local_firms == ()
    # the nearest operating actor of B is in the parent region: a soft gap, no hard-gap score
    assert chain_result.link("B").nearest == {"scope": "测试市", "operating": 1, "example": "市级企业",
                                              "in_parent": True}
    [gap] = chain_result.gaps
    assert "hard_gap" not in [r.code for r in gap.reasons] and "soft_gap" in [r.code for r in gap.reasons]
    # the company of the parent region is outside the district: a 招商 candidate for B (招商引资); the park's
    # company feeds B from the link next to it: a local firm that could extend into B (本地培育), ranked after
    assert [(t.iri, t.links, t.route) for t in chain_result.targets] == [
        (org("in-city"), ("B",), "attract"), (org("in-park"), ("B",), "cultivate")]


@pytest.mark.parametrize(("region", "expected"), [
    ("here", {"A": "present", "B": "missing"}),
    ("city", {"A": "present", "B": "present"}),  # a district gap can be a municipal strength
    ("there", {"A": "missing", "B": "missing"}),  # the park is in 本区, not in 外区
])
def test_scope_is_a_parameter(places_kg: KnowledgeGraph, region: str, expected: dict[str, str]) -> None:
    assert statuses(analyze(places_kg, region=region, chains=["t"], min_firms=1)) == expected


# --------------------------------------------------------------------------------------------------
# An empty region and a one-link chain
# --------------------------------------------------------------------------------------------------

def test_empty_region(tmp_path: Path) -> None:
    # the loop chain with every link operating in 本区, analysed for 空区, which has no actor at all
    kg = build(tmp_path, *LOOP_CHAIN, *(firm(link_id.lower(), link_id) for link_id in "PMDR"))
    result = analyze(kg, region="empty", chains=["t"], min_firms=2)
    chain_result = result.chain("t")
    assert statuses(result) == dict.fromkeys("DMPR", "missing")
    overall = chain_result.coverage.overall
    assert (overall.operating, overall.total, overall.ratio) == (0, 4, 0.0)
    assert [cell.gap for cell in chain_result.coverage.by_segment] == [True, True]  # both segments are gaps
    assert chain_result.broken_links == {}  # no operating link, nothing to cut between
    # no operating ancestor and no operating descendant anywhere; R is left to the loop analysis
    assert chain_result.truncation == {"head": ["D", "M", "P"], "tail": ["D", "M", "P"]}
    assert chain_result.open_loop.open and chain_result.open_loop.idle_recycling_links == ("R",)
    leader = chain_result.chain_leader
    assert (leader.iri, leader.how, [r.code for r in leader.reasons]) == (None, None, ["no_operating_firm"])
    assert all(link.local_supply is None for link in chain_result.links)
    assert {g.link: (g.status, g.action) for g in chain_result.gaps} == dict.fromkeys("DMPR", ("missing", "extend"))
    # every company of 本区 is outside 空区: all four are candidates
    assert sorted(t.iri for t in chain_result.targets) == sorted(org(n) for n in "dmpr")
    json.loads(result.to_json())


@pytest.mark.parametrize(("firms", "k", "status", "truncated", "gap"), [
    # no firm: missing, both head and tail of the chain; score = missing 1.0 + segment_gap 0.5 (its segment has
    # no operating link) = 1.5 — no hard gap: the data does not cover 测试市, so nothing is claimed about it;
    # truncated with no operating neighbour, so extend (延链)
    (0, 2, "missing", ["S"], ("missing", "extend", 1.5)),
    # one firm, k = 1: present, no gap
    (1, 1, "present", [], None),
    # one firm, k = 2: weak; score = weak 0.5 only (no neighbours, no dependents)
    (1, 2, "weak", [], ("weak", "strengthen", 0.5)),
])
def test_one_link_chain(tmp_path: Path, firms: int, k: int, status: str, truncated: list[str],
                        gap: tuple[str, str, float] | None) -> None:
    kg = build(tmp_path, chain(), link("S", "primary"), *([firm("s", "S")] if firms else []))
    chain_result = analyze(kg, region="here", chains=["t"], min_firms=k).chain("t")
    assert chain_result.link("S").status == status
    assert chain_result.coverage.overall.ratio == (1.0 if firms else 0.0)
    assert chain_result.truncation == {"head": truncated, "tail": truncated}
    assert chain_result.broken_links == {}
    assert not chain_result.open_loop.has_recycling and not chain_result.open_loop.open
    assert chain_result.link("S").betweenness == 0.0
    assert [(g.status, g.action, g.score) for g in chain_result.gaps] == ([gap] if gap else [])
    if firms:
        # an operating link without inputs has no local supply ratio (0 of 0)
        assert chain_result.link("S").local_supply.ratio is None
        assert chain_result.single_sourced == ("S",)


# --------------------------------------------------------------------------------------------------
# Gap priority
# --------------------------------------------------------------------------------------------------

# Segment core: A → X → B with A and B operating (X is a 断链).
# Segment new:  Z0 → Z → Z2, no operating link; a plan of 本区 targets Z (an isolated missing link).
RANK_CHAIN = (
    chain("core new"),
    link("A", "primary", feeds="X", segment="core"), link("X", feeds="B", segment="core"),
    link("B", "downstream", segment="core"),
    link("Z0", "input", feeds="Z", segment="new"), link("Z", feeds="Z2", segment="new"),
    link("Z2", "downstream", segment="new"),
    firm("a", "A"), firm("b", "B"), plan("z", "Z", intent="fill"),
    firm("x-far", "X", "region-far", label="远省X企业"),
)


@pytest.fixture(scope="module")
def rank_kg(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    return build(tmp_path_factory.mktemp("rank"), *RANK_CHAIN)


def test_broken_link_ranks_above_an_isolated_missing_link(rank_kg: KnowledgeGraph) -> None:
    chain_result = analyze(rank_kg, region="here", chains=["t"], min_firms=1).chain("t")
    # No operating actor of a gap link in 测试市, and the data does not cover 测试市: no hard-gap claim.
    #   X  = missing 1 + broken 4 + 1 consumer (B) 0.5 + 1 supplier (A) 0.25                  = 5.75
    #   Z  = missing 1 + targeted 1 + segment_gap 0.5 (segment new has no operating link)      = 2.50
    #   Z0 = Z2 = missing 1 + segment_gap 0.5                                                  = 1.50
    assert [(g.link, g.score) for g in chain_result.gaps] == [("X", 5.75), ("Z", 2.5), ("Z0", 1.5), ("Z2", 1.5)]
    assert [r.code for r in chain_result.gaps[0].reasons] == [
        "status_missing", "broken", "consumers", "suppliers", "parent_not_covered", "soft_gap"]
    # X lies inside the local chain: fill (补链); Z0 and Z2 lie beyond it: extend (延链); Z is truncated too,
    # but the plan that targets it says fill, and the region's own intent gives the action
    assert {g.link: g.action for g in chain_result.gaps} == {"X": "fill", "Z": "fill", "Z0": "extend",
                                                             "Z2": "extend"}


def test_more_operating_consumers_rank_higher(tmp_path: Path) -> None:
    # G1 feeds operating C1 and C2, G2 feeds operating C3; otherwise alike (sources, betweenness 0, same segment)
    kg = build(tmp_path, chain(), link("G1", "primary", feeds="C1 C2"), link("G2", "primary", feeds="C3"),
               link("C1", "downstream"), link("C2", "downstream"), link("C3", "downstream"),
               firm("c1", "C1"), firm("c2", "C2"), firm("c3", "C3"))
    gaps = analyze(kg, region="here", chains=["t"], min_firms=1).chain("t").gaps
    # G1 = missing 1 + 2 × 0.5 = 2.0; G2 = missing 1 + 1 × 0.5 = 1.5 (no claim about the uncovered 测试市)
    assert [(g.link, g.score) for g in gaps] == [("G1", 2.0), ("G2", 1.5)]
    # the score is configurable: without the consumer weight they tie (1.0 each), ties by link id
    flat = analyze(kg, region="here", chains=["t"], min_firms=1, weights=PriorityWeights(per_consumer=0.0))
    assert [(g.link, g.score) for g in flat.chain("t").gaps] == [("G1", 1.0), ("G2", 1.0)]


# --------------------------------------------------------------------------------------------------
# 招商 targets
# --------------------------------------------------------------------------------------------------

def test_target_that_supplies_a_local_company_ranks_first(tmp_path: Path) -> None:
    kg = build(
        tmp_path, chain(), link("G", "input", feeds="L"), link("L", "primary"),
        firm("local", "L", label="本地企业"),
        # same gap link G, both outside; the first sorts first by name and has the larger capacity,
        # the second already supplies the local company
        firm("ext-a", "G", "region-far", label="A外企（无关联）", extra=capacity(1000)),
        firm("ext-b", "G", "region-far", label="B外企（已供货）", extra="cg:suppliesTo cgd:org-local"),
        # not candidates: a closed outside company, and an outside company in a link that is no gap
        firm("ext-closed", "G", "region-far", status="closed"), firm("ext-l", "L", "region-far"),
    )
    chain_result = analyze(kg, region="here", chains=["t"], min_firms=1).chain("t")
    # G = missing 1 + 1 consumer (L) 0.5; the nearest operating actors are in 测试国, not 测试市, and the data
    # does not cover 测试市: nothing is claimed about it
    [gap] = chain_result.gaps
    assert (gap.link, gap.score) == ("G", 1.5)
    assert chain_result.link("G").nearest["scope"] == "测试国"
    assert chain_result.link("G").nearest["in_parent"] is False
    # same gap score, so ties decide before capacity and name; the local company, fed by G, could grow into it
    assert [(t.iri, t.gap_score, t.ties, t.capacity, t.route) for t in chain_result.targets] == [
        (org("ext-b"), 1.5, 1, None, "attract"), (org("ext-a"), 1.5, 0, 1000.0, "attract"),
        (org("local"), 1.5, 0, None, "cultivate")]
    first = chain_result.targets[0]
    assert first.links == ("G",) and "supplies_local" in [r.code for r in first.reasons]
    assert first.place_label["zh"] == "远省"


# --------------------------------------------------------------------------------------------------
# Planned and targeted links
# --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def projects_kg(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    # one link per project status, each with one local project and nothing else
    return build(tmp_path_factory.mktemp("projects"), chain(),
                 *(link(i) for i in ("PL", "SG", "UC", "CL", "OP")),
                 project("pl", "PL", "planned"), project("sg", "SG", "signed"),
                 project("uc", "UC", "under_construction"), project("cl", "CL", "closed"),
                 project("op", "OP", "operating"))


@pytest.mark.parametrize(("link_id", "expected"), [
    ("PL", "planned"), ("SG", "planned"), ("UC", "planned"),  # a pipeline project only: planned, not missing
    ("CL", "missing"),  # a closed project is nothing
    ("OP", "weak"),  # an operating project is an operating local actor: 1 < k = 2
])
def test_project_status_gives_link_status(projects_kg: KnowledgeGraph, link_id: str, expected: str) -> None:
    chain_result = analyze(projects_kg, region="here", chains=["t"], min_firms=2).chain("t")
    result = chain_result.link(link_id)
    assert result.status == expected
    assert bool(result.planned_projects) is (expected == "planned")
    gap = next(g for g in chain_result.gaps if g.link == link_id)
    assert gap.status == expected


def test_planned_link_scores_between_weak_and_missing(projects_kg: KnowledgeGraph) -> None:
    gaps = {g.link: g for g in analyze(projects_kg, region="here", chains=["t"], min_firms=2).chain("t").gaps}
    # the segment has one operating link (OP), so no segment gap; no flows; no claim about the uncovered city
    # PL = planned 0.6; CL = missing 1; OP = weak 0.5
    assert (gaps["PL"].score, gaps["CL"].score, gaps["OP"].score) == (0.6, 1.0, 0.5)
    # PL and CL have no operating link up- or downstream (truncated, with no operating neighbour): extend; a
    # weak link is strengthened
    assert (gaps["PL"].action, gaps["CL"].action, gaps["OP"].action) == ("extend", "extend", "strengthen")


def test_targeted_link_keeps_its_status(tmp_path: Path) -> None:
    kg = build(tmp_path, chain(), link("T", "primary", feeds="M"), link("M", feeds="N"), link("N", "downstream"),
               firm("t", "T"), plan("here", "T M", intent="fill"),
               plan("there", "N", region="region-there"))  # a plan of another district
    chain_result = analyze(kg, region="here", chains=["t"], min_firms=2).chain("t")
    assert {link.id: (link.status, link.targeted) for link in chain_result.links} == {
        "T": ("weak", True), "M": ("missing", True), "N": ("missing", False)}
    assert "targeted" in [r.code for r in chain_result.link("M").reasons]
    # a weak link is strengthened whatever the plan says; M, a missing tail (extend by default), takes the
    # plan's stated intent: fill
    assert {g.link: g.action for g in chain_result.gaps if g.link in ("T", "M")} == {"T": "strengthen", "M": "fill"}


# --------------------------------------------------------------------------------------------------
# 链主 (chain leader)
# --------------------------------------------------------------------------------------------------

def _cluster(leader: str) -> str:
    return ('cgd:cluster-t a cg:Cluster ; skos:prefLabel "本区测试集群"@zh ; cg:clusterOf cgk:chain-t ;\n'
            f"    cg:inRegion cgd:region-here ; cg:chainLeader cgd:org-{leader} ;\n"
            "    prov:wasDerivedFrom cgd:source-test .\n")


def test_a_niche_monopoly_does_not_beat_the_chains_largest_firm(tmp_path: Path) -> None:
    # regression: shares are of the chain's local capacity in one unit, not of a single link, so the only
    # firm of a small link (100 % of B, 50 t/yr) does not outrank the firm with 300 of A's 400 t/yr
    kg = build(tmp_path, chain(), link("A", "primary", feeds="B"), link("B", "downstream"),
               firm("big", "A", label="大企业", extra=capacity(300)),
               firm("small", "A", label="小企业", extra=capacity(100)),
               firm("niche", "B", label="小众企业", extra=capacity(50)))
    leader = analyze(kg, region="here", chains=["t"], min_firms=1).chain("t").chain_leader
    assert (leader.iri, leader.how) == (org("big"), "computed")
    assert dict(leader.reasons[0].params) == {"share": "67%", "unit": "TONNE-PER-YR"}  # 300 / 450


@pytest.mark.parametrize(("extra", "big", "small", "expected"), [
    # stated: the cluster names the small company; the source wins over the capacities
    (_cluster("small"), capacity(300), capacity(100), ("small", "stated", ["leader_stated"])),
    # computed: big has 300 of the chain's 400 t/yr of local capacity (75 %), small 100 (25 %); small's
    # target of 1000 t/yr is not actual capacity and does not count
    ("", capacity(300), capacity(100) + " ;\n    " + capacity(1000, "target"),
     ("big", "computed", ["leader_capacity"])),
    # equal shares (50 % each): degree in the firm graph decides, and small supplies the local company c
    ("", capacity(200), capacity(200) + " ;\n    cg:suppliesTo cgd:org-c", ("small", "computed",
                                                                           ["leader_capacity", "leader_degree"])),
    # no stated leader and no capacity: no leader, and the reason says so
    ("", "", "", (None, None, ["no_leader_data"])),
])
def test_chain_leader(tmp_path: Path, extra: str, big: str, small: str,
                      expected: tuple[str | None, str | None, list[str]]) -> None:
    kg = build(tmp_path, chain(), link("A", "primary", feeds="B"), link("B", "downstream"),
               firm("big", "A", label="大企业", extra=big), firm("small", "A", label="小企业", extra=small),
               firm("c", "B", label="下游企业"), extra)
    leader = analyze(kg, region="here", chains=["t"], min_firms=1).chain("t").chain_leader
    name, how, codes = expected
    assert (leader.iri, leader.how) == (org(name) if name else None, how)
    assert [r.code for r in leader.reasons] == codes
    if how == "computed" and name == "big":
        assert dict(leader.reasons[0].params) == {"share": "75%", "unit": "TONNE-PER-YR"}


# --------------------------------------------------------------------------------------------------
# Local supply ratio
# --------------------------------------------------------------------------------------------------

def test_local_supply_ratio(tmp_path: Path) -> None:
    # I1 (operating) → C (operating) ← I2 (missing)
    kg = build(tmp_path, chain(), link("I1", "input", feeds="C"), link("I2", "input", feeds="C"), link("C"),
               firm("i1", "I1"), firm("c", "C"))
    result = analyze(kg, region="here", chains=["t"], min_firms=1)
    supply = result.chain("t").link("C").local_supply
    # 1 of C's 2 input links operates locally
    assert (supply.ratio, supply.local_inputs, supply.inputs) == (0.5, ("I1",), ("I1", "I2"))
    assert result.chain("t").link("I1").local_supply.ratio is None  # no input links
    assert result.chain("t").link("I2").local_supply is None  # not operating: no ratio
    links = {link["id"]: link for link in result.to_dict()["chains"][0]["links"]}
    assert (links["C"]["local_supply_ratio"], links["I2"]["local_supply_ratio"]) == (0.5, None)


def test_local_supply_ratio_on_a_plain_graph() -> None:
    forward = nx.DiGraph([("A", "C"), ("B", "C"), ("D", "C"), ("C", "E")])
    ratios = local_supply_ratio(forward, {"A", "B", "C", "E"})
    assert ratios["C"].ratio == pytest.approx(2 / 3)  # A and B of A, B, D
    assert ratios["E"].ratio == 1.0  # its only input C operates
    assert "D" not in ratios


# --------------------------------------------------------------------------------------------------
# named_only
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("named_only", "expected", "broken"), [
    # every operating company counts: V has its unnamed one (weak), U has two (present)
    (False, {"A": "weak", "V": "weak", "B": "weak", "U": "present"}, {}),
    # only named companies count: V has none (missing, and now a 断链 between A and B), U has one (weak)
    (True, {"A": "weak", "V": "missing", "B": "weak", "U": "weak"}, {"V": [("A", "B")]}),
])
def test_named_only(tmp_path: Path, named_only: bool, expected: dict[str, str],
                    broken: dict[str, list[tuple[str, str]]]) -> None:
    kg = build(tmp_path, chain(), link("A", "primary", feeds="V"), link("V", feeds="B"), link("B", "downstream"),
               link("U"), firm("a", "A", named=True), firm("b", "B"), firm("v-unnamed", "V", named=False),
               firm("u-named", "U"), firm("u-unnamed", "U", named=False))
    chain_result = analyze(kg, region="here", chains=["t"], min_firms=2, named_only=named_only).chain("t")
    assert {link.id: link.status for link in chain_result.links} == expected
    assert chain_result.broken_links == broken
    codes = {link.id: [r.code for r in link.reasons] for link in chain_result.links}
    if named_only:
        assert "unnamed_not_counted" in codes["V"] and "unnamed_not_counted" in codes["U"]
    else:
        assert "unnamed_only" in codes["V"]


def test_named_only_on_a_plain_graph() -> None:
    graph = nx.DiGraph()
    graph.add_node("U", operating=2, named_operating=1, pipeline=0, closed=0, targeted=False, actors=[])
    assert link_status(graph, 2)["U"].status == "present"
    assert link_status(graph, 2, named_only=True)["U"].status == "weak"
    assert link_status(graph, 2, named_only=True)["U"].operating == 1


# --------------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------------

def test_json_shape(rank_kg: KnowledgeGraph) -> None:
    data = json.loads(analyze(rank_kg, region="here", chains=["t"], min_firms=1).to_json())
    assert set(data) == {"schema", "tool", "region", "parameters", "sources", "chains", "region_facts"}
    assert set(data["region_facts"]) == {"figures", "designations", "clusters", "projects"}
    assert data["schema"] == "chaingraph.gaps/2"
    assert data["region"]["id"] == "here" and data["region"]["parent"]["label"]["zh"] == "测试市"
    assert data["parameters"]["min_firms"] == 1 and data["parameters"]["chains"] == ["t"]
    [chain_data] = data["chains"]
    assert {"coverage", "links", "broken_links", "truncation", "open_loop", "chain_leader", "gaps",
            "targets"} <= set(chain_data)
    # link ids are the notations, not the IRIs (cgk:link-<id>)
    assert [link["id"] for link in chain_data["links"]] == ["A", "B", "X", "Z", "Z0", "Z2"]
    assert chain_data["links"][0]["iri"] == "https://w3id.org/chaingraph/kos/link-A"
    assert chain_data["broken_links"] == [{"id": "X", "cuts": [{"upstream": "A", "downstream": "B"}]}]
    assert [(g["rank"], g["id"]) for g in chain_data["gaps"]] == [(1, "X"), (2, "Z"), (3, "Z0"), (4, "Z2")]
    # the outside firm of X to attract, then the local firms beside X (A feeds it, B is fed by it) to cultivate
    assert [(t["rank"], t["links"], t["route"]) for t in chain_data["targets"]] == [
        (1, ["X"], "attract"), (2, ["X"], "cultivate"), (3, ["X"], "cultivate")]
    assert chain_data["truncation"] == {"head": ["Z", "Z0", "Z2"], "tail": ["Z", "Z0", "Z2"]}
    assert chain_data["open_loop"]["has_recycling"] is False


def test_json_is_deterministic(rank_kg: KnowledgeGraph) -> None:
    first = analyze(rank_kg, region="here", chains=["t"], min_firms=1).to_json()
    assert analyze(rank_kg, region="here", chains=["t"], min_firms=1).to_json() == first
    # a fresh store of the same file gives the same output (the sources list names the file, so reuse it)
    again = KnowledgeGraph.open(rank_kg.sources)
    assert analyze(again, region="here", chains=["t"], min_firms=1).to_json() == first


@pytest.mark.slow
def test_json_is_the_same_in_other_processes(tmp_path: Path) -> None:
    # several outside firms per scope, so that SAMPLE() (the nearest example), the target order and the
    # ties have choices to make; string hashing differs between the processes
    path = write(tmp_path, chain(), link("G", "input", feeds="L"), link("L", "primary"), firm("local", "L"),
                 *(firm(f"city{i}", "G", "region-city") for i in range(4)),
                 *(firm(f"there{i}", "G", "region-there", extra="cg:suppliesTo cgd:org-local") for i in range(3)))
    code = ("import sys; from chaingraph.gaps import analyze; "
            "print(analyze([sys.argv[1]], region='here', chains=['t'], min_firms=1).to_json())")
    src = Path(__file__).resolve().parents[1] / "src"
    outputs = {subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(src)}).stdout
               for seed in ("1", "2", "3")}
    here = analyze([path], region="here", chains=["t"], min_firms=1).to_json() + "\n"
    assert outputs == {here}


# --------------------------------------------------------------------------------------------------
# Regression tests for bugs found while writing these tests
# --------------------------------------------------------------------------------------------------

def test_link_without_a_segment_conforms(tmp_path: Path) -> None:
    kg = KnowledgeGraph.open([write(tmp_path, chain(), link("S", "primary", segment=None))])
    report = validate(kg)
    assert report.conforms, report.text()


def test_link_without_a_segment_gets_no_segment_gap(tmp_path: Path) -> None:
    # 'no segment' is not an official segment with no operating link
    kg = build(tmp_path, chain(), link("S", "primary", segment=None))
    [gap] = analyze(kg, region="here", chains=["t"], min_firms=1).chain("t").gaps
    assert "segment_gap" not in [r.code for r in gap.reasons]
    assert gap.score == 1.0  # missing 1 (no claim about the uncovered parent region)
