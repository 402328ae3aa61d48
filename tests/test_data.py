"""The bundled data: it conforms, it holds the facts of the source article, and it is well formed.

Expected values come from the source article (graph/sources.ttl, source-seed-000) as mapped in
tests/data/qijiang-oracle.md.
"""

from __future__ import annotations

import csv
from decimal import Decimal

import networkx as nx
import pytest
from rdflib import Literal, URIRef

from chaingraph.knowledge import KnowledgeGraph
from chaingraph.validation import ValidationReport
from chaingraph.vocab.namespaces import CG, CGD, CGK, CUR, HS, QUDT, RDF, SKOS, UNIT

from .conftest import ROOT


def test_bundled_data_conforms_to_the_shapes(bundled_report: ValidationReport) -> None:
    assert bundled_report.conforms, bundled_report.text()


def test_bundled_data_has_no_warnings(bundled_report: ValidationReport) -> None:
    assert bundled_report.warnings == [], bundled_report.text()


@pytest.mark.parametrize(("prefix", "count"), [("AL", 25), ("CU", 10), ("GR", 25)])
def test_reference_chains_have_all_their_links(bundled: KnowledgeGraph, prefix: str, count: int) -> None:
    rows = bundled.select("SELECT ?id WHERE { ?l a cg:ChainLink ; skos:notation ?id }")
    ids = sorted(str(r["id"]) for r in rows if str(r["id"]).startswith(prefix))
    assert ids == [f"{prefix}{n:02d}" for n in range(1, count + 1)]


def _values(kg: KnowledgeGraph, subject: URIRef, predicate: URIRef) -> set:
    return set(kg.graph.objects(subject, predicate))


def test_youlisen_operates_in_battery_trays_and_extrusion(bundled: KnowledgeGraph) -> None:
    youlisen = CGD["org-youlisen"]
    assert _values(bundled, youlisen, CG.operatesIn) == {CGK.AL16, CGK.AL10}
    assert _values(bundled, youlisen, CG.suppliesTo) == {CGD["org-changan"], CGD["org-seres"]}
    assert Literal("友利森", lang="zh") in _values(bundled, youlisen, SKOS.altLabel)


def test_youlisen_capacity_is_500000_sets_a_year_stated_as_50wan_tao(bundled: KnowledgeGraph) -> None:
    rows = bundled.select("""
        SELECT ?value ?unit ?stated ?status WHERE {
            ?org cg:capacity ?q . ?q qudt:numericValue ?value ; qudt:unit ?unit ; cg:statedAs ?stated ;
                 cg:valueStatus ?status }""", org=CGD["org-youlisen"])
    assert len(rows) == 1
    row = rows[0]
    assert row["value"].toPython() == 500000
    assert row["unit"] == UNIT["NUM-PER-YR"]
    assert "50万套" in str(row["stated"])
    assert row["status"] == CGK["value-actual"]


def test_youlisen_precision_and_efficiency_indicators(bundled: KnowledgeGraph) -> None:
    rows = bundled.select("""
        SELECT ?metric ?value ?unit WHERE { ?org cg:hasIndicator ?i .
            ?i cg:measures ?metric ; qudt:numericValue ?value ; qudt:unit ?unit }""", org=CGD["org-youlisen"])
    found = {(r["metric"], Decimal(str(r["value"])), r["unit"]) for r in rows}
    assert (CGK["metric-machining-precision"], Decimal("0.01"), UNIT.MilliM) in found
    assert (CGK["metric-efficiency-gain"], Decimal("40"), UNIT.PERCENT) in found


def test_qineng_is_the_stated_leader_of_the_aluminium_cluster(bundled: KnowledgeGraph) -> None:
    rows = bundled.select("""
        SELECT ?leader ?how WHERE { ?cluster cg:clusterOf ?chain ; cg:inRegion ?region ;
            cg:chainLeader ?leader ; cg:leaderEvidence ?how }""",
                          chain=CGK["chain-aluminium"], region=CGD["region-qijiang"])
    assert [(r["leader"], r["how"]) for r in rows] == [(CGD["org-qineng-dianlv"], CGK["leader-stated"])]


def test_gear_cluster_has_no_stated_leader(bundled: KnowledgeGraph) -> None:
    assert not bundled.ask("ASK { ?c cg:clusterOf ?chain ; cg:chainLeader ?leader }", chain=CGK["chain-gear"])


def test_tianxin_project_is_signed_5e9_cny_500000_t_targeting_cathode_copper(bundled: KnowledgeGraph) -> None:
    project = CGD["project-tianxin-recycled-copper"]
    graph = bundled.graph
    assert (project, RDF.type, CG.Project) in graph
    assert graph.value(project, CG.status) == CGK["status-signed"]
    assert CGK.CU03 in _values(bundled, project, CG.targetsLink)
    money = graph.value(project, CG.investment)
    assert graph.value(money, QUDT.numericValue).toPython() == 5.0e9
    assert graph.value(money, QUDT.unit) == CUR.CNY
    capacity = graph.value(project, CG.capacity)
    assert graph.value(capacity, QUDT.numericValue).toPython() == 500000
    assert graph.value(capacity, QUDT.unit) == UNIT["TONNE-PER-YR"]
    assert graph.value(capacity, CG.valueStatus) == CGK["value-planned"]


def test_tianxin_is_not_an_operating_company_in_cathode_copper(bundled: KnowledgeGraph) -> None:
    operating = bundled.select("""
        SELECT ?actor WHERE { ?actor a cg:Enterprise ; cg:operatesIn cgk:CU03 .
            OPTIONAL { ?actor cg:status ?s } FILTER (!BOUND(?s) || ?s = cgk:status-operating) }""")
    assert operating == []
    investor = CGD["org-jiangxi-tianxin"]
    assert bundled.graph.value(investor, CG.locatedIn) == CGD["region-jiangxi"]


@pytest.mark.parametrize("org", ["org-changan", "org-seres", "org-byd", "org-jiangxi-tianxin"])
def test_external_companies_are_outside_qijiang(bundled: KnowledgeGraph, org: str) -> None:
    assert not bundled.ask("ASK { ?org cg:locatedIn+ cgd:region-qijiang }", org=CGD[org])
    assert (CGD[org], RDF.type, CG.Enterprise) in bundled.graph


def test_qijiang_lies_in_chongqing_and_its_parks_in_qijiang(bundled: KnowledgeGraph) -> None:
    graph = bundled.graph
    assert graph.value(CGD["region-qijiang"], CG.locatedIn) == CGD["region-chongqing"]
    parks = set(graph.subjects(RDF.type, CG.IndustrialPark))
    assert {CGD["park-beidu-aluminium"], CGD["park-qijiang-hitech"]} <= parks
    assert all(graph.value(p, CG.locatedIn) == CGD["region-qijiang"] for p in parks)


def test_planned_gear_targets_are_recorded_as_a_plan(bundled: KnowledgeGraph) -> None:
    rows = bundled.select("SELECT ?link WHERE { ?plan a cg:Plan ; cg:targetsLink ?link ; cg:aboutChain ?c }",
                          c=CGK["chain-gear"])
    assert {r["link"] for r in rows} == {CGK.GR11, CGK.GR14, CGK.GR15}


def test_every_actor_and_fact_node_names_its_source(bundled: KnowledgeGraph) -> None:
    rows = bundled.select("""
        SELECT ?x WHERE { VALUES ?type { cg:Enterprise cg:Project cg:Cluster cg:Plan cg:Designation
                                           cg:IndustrialPark cg:Evidence cg:ChainLink cg:Flow }
            ?x a ?type . FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?source } }""")
    assert rows == []


def test_every_actor_has_an_evidence_kind(bundled: KnowledgeGraph) -> None:
    rows = bundled.select("""SELECT ?x WHERE { ?x a ?t . VALUES ?t { cg:Enterprise cg:Project }
                             FILTER NOT EXISTS { ?x cg:evidenceKind ?k } }""")
    assert rows == []


def _forward_graph(kg: KnowledgeGraph, chain: URIRef) -> nx.DiGraph:
    rows = kg.select("""
        SELECT ?a ?b ?sa ?sb WHERE { ?a cg:inChain ?chain ; cg:feeds ?b ; cg:stage ?sa .
                                      ?b cg:inChain ?chain ; cg:stage ?sb }""", chain=chain)
    graph = nx.DiGraph()
    recycling = CGK["stage-recycling"]
    for r in rows:
        is_return = r["sb"] == recycling and r["sa"] != recycling
        if not is_return:
            graph.add_edge(r["a"], r["b"])
    return graph


@pytest.mark.parametrize("chain", ["chain-aluminium", "chain-copper", "chain-gear"])
def test_each_chain_is_acyclic_once_return_flows_are_left_out(bundled: KnowledgeGraph, chain: str) -> None:
    graph = _forward_graph(bundled, CGK[chain])
    assert graph.number_of_edges() > 5
    assert nx.is_directed_acyclic_graph(graph), nx.find_cycle(graph)


def test_aluminium_recycling_loop_exists_through_return_flows(bundled: KnowledgeGraph) -> None:
    # With return flows the chain is cyclic: the 「循环再生」 segment closes the loop back to the alloys.
    assert bundled.ask("ASK { cgk:AL25 cg:feeds+ cgk:AL24 }")
    assert bundled.ask("""ASK { cgk:AL24 cg:feeds cgk:AL25 . cgk:AL25 cg:feeds ?alloy .
                              ?alloy cg:stage cgk:stage-midstream }""")


def test_every_hs_code_used_exists_in_hs2022(bundled: KnowledgeGraph) -> None:
    with open(ROOT / "ontology" / "codes" / "source" / "hs2022.csv", encoding="utf-8") as handle:
        known = {row["hscode"] for row in csv.DictReader(handle)}
    used = {str(r["code"])[len(str(HS)):] for r in bundled.select("SELECT DISTINCT ?code WHERE { ?x cg:hsCode ?code }")}
    assert len(used) > 50
    assert used - known == set()


def test_every_code_used_is_a_concept_of_its_scheme(bundled: KnowledgeGraph) -> None:
    rows = bundled.select("""
        SELECT ?code WHERE { { ?x cg:hsCode ?code FILTER NOT EXISTS { ?code skos:inScheme hs:scheme } }
                       UNION { ?x cg:industryCode ?code FILTER NOT EXISTS { ?code skos:inScheme gbt2017:scheme } } }""")
    assert rows == []


def test_return_flows_into_recycling_are_scrap(bundled: KnowledgeGraph) -> None:
    rows = bundled.select("""
        SELECT ?flow WHERE { ?flow cg:flowFrom ?a ; cg:flowTo ?b ; cg:flowKind ?kind .
            ?b cg:stage cgk:stage-recycling . ?a cg:stage ?sa FILTER (?sa != cgk:stage-recycling)
            FILTER (?kind != cgk:flow-scrap) }""")
    assert rows == []


@pytest.mark.parametrize("fmt", ["nt", "xml", "json-ld", "turtle"])
def test_bundled_graph_survives_every_serialisation(bundled: KnowledgeGraph, fmt: str) -> None:
    from rdflib import Graph

    text = bundled.graph.serialize(format=fmt)
    again = Graph().parse(data=text, format=fmt)
    assert len(again) == len(bundled.graph)
    assert again.isomorphic(bundled.graph)
