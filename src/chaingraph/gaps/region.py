"""What the analysis of every chain of a region shares, read once: the link graph with the region's facts,
the firm graph, statuses, the forward graph, local supply, the scopes around the region, stated 链主, what
the data covers, and how links are named for a reader."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
from rdflib import URIRef

from chaingraph.analysis.status import LinkStatus, link_status
from chaingraph.analysis.structure import forward_graph
from chaingraph.analysis.supply import SupplyRatio, local_supply_ratio
from chaingraph.analysis.surveyed import covered_links
from chaingraph.graphs import (
    add_nearest,
    coverage,
    firm_graph,
    labels_of,
    link_graph,
    prefetch_region,
    region_scopes,
    stated_leaders,
)
from chaingraph.store.protocol import QueryableGraph
from chaingraph.words import Lang, pick

__all__ = ["Region", "RegionFacts", "capacity_for", "derive_region", "figures_for", "read_region", "region_facts"]

Scope = tuple[str, dict[str, str], int]


@dataclass
class Region:
    """What the analysis of every chain of the region shares: read once, then read from."""

    iri: URIRef
    graph: nx.DiGraph  # the link graph of every chain, with the region's facts
    firms: nx.DiGraph  # the firm graph; candidates are added as gaps are ranked
    statuses: dict[str, LinkStatus]
    operating: set[str]
    stages: dict[str, str]
    forward: nx.DiGraph  # the forward graph across chains (consumers in other chains count)
    supply: dict[str, SupplyRatio]
    label: dict[str, str]
    parent: Scope | None
    scopes: dict[str, Scope]
    leaders: dict[str, dict[str, Any]]
    names: dict[str, str]  # link id → "id label", as reasons name it
    covered: dict[str, list[str]]  # link id → the sources that list every local company of its chain
    parent_covered: set[str]  # links whose companies the data lists completely in the parent region
    fetched: set[str]  # gap links whose outside candidates are in the firm graph


@dataclass(frozen=True)
class RegionFacts:
    """What the data says about a region, as read: the link graph with the region's facts, the firm graph,
    the scopes around it, the stated 链主 and the coverage statements. Read once per knowledge graph, region
    and chains (:func:`region_facts`) and never changed: an analysis works on copies, and a scenario is a
    layer on those copies (:mod:`chaingraph.gaps.scenario`)."""

    iri: URIRef
    graph: nx.DiGraph
    firms: nx.DiGraph
    scopes: tuple[Scope, ...]
    leaders: dict[str, dict[str, Any]]
    statements: tuple[dict[str, Any], ...]


def region_facts(kg: QueryableGraph, region: URIRef, chains: Sequence[URIRef] | None,
                 read_also: Sequence[tuple[str, dict[str, object]]] = ()) -> RegionFacts:
    """The facts of *region* (the nearest sources for the links of *chains*, or of every chain), read once per
    knowledge graph: a second analysis of the region (a scenario, a comparison) reads nothing again. The
    named queries *read_also* (name, parameters) are read ahead with them, for the caller's next
    :func:`~chaingraph.graphs.select_rows` (the analysis: the region's stated figures)."""
    nearest_for = list(dict.fromkeys(chains)) if chains else None
    key = ("region-facts", str(region), tuple(str(c) for c in nearest_for) if nearest_for else None)
    if key not in kg.cache:
        prefetch_region(kg, region, nearest_for, also=read_also)
        # the nearest sources last: the firm graph is built while the country-wide reads they need run
        graph = link_graph(kg, region, nearest_for=[])
        firms = firm_graph(kg, region)
        add_nearest(kg, graph, region, nearest_for)
        kg.cache[key] = RegionFacts(region, graph, firms, tuple(region_scopes(kg, region)),
                                    stated_leaders(kg, region), tuple(coverage(kg)))
    return kg.cache[key]  # type: ignore[return-value]


def read_region(kg: QueryableGraph, region: URIRef, chains: Sequence[URIRef] | None, min_firms: int,
                named_only: bool, lang: Lang) -> Region:
    """The region as the data has it (:func:`region_facts`), ready for the analysis of its chains."""
    facts = region_facts(kg, region, chains)
    return derive_region(kg, facts, facts.graph.copy(), facts.firms.copy(), min_firms, named_only, lang)


def derive_region(kg: QueryableGraph, facts: RegionFacts, graph: nx.DiGraph, firms: nx.DiGraph, min_firms: int,
                  named_only: bool, lang: Lang) -> Region:
    """Statuses, the forward graph, local supply and coverage of a region from its link and firm graphs — the
    copies of :func:`region_facts`' that the analysis may change (a scenario's, candidates added)."""
    actors = {n: {a["iri"] for a in d["actors"] if a["status"] == "operating"} for n, d in graph.nodes(data=True)}
    with_capacity = {n for n, d in graph.nodes(data=True)
                     if any(capacity_for(firms.nodes[a]["capacities"], n) for a in actors[n] if a in firms)}
    statuses = link_status(graph, min_firms, named_only=named_only, lang=lang, with_capacity=with_capacity)
    forward = forward_graph(graph)
    operating = {n for n, s in statuses.items() if s.is_operating}
    scopes = list(facts.scopes)
    covered, parent_covered = _covered(kg, graph, list(facts.statements), scopes, lang)
    return Region(
        iri=facts.iri, graph=graph, firms=firms, statuses=statuses, operating=operating,
        stages={n: d["stage"] for n, d in graph.nodes(data=True)}, forward=forward,
        supply=local_supply_ratio(forward, operating, actors), label=next((s[1] for s in scopes if s[2] == 1), {}),
        parent=next((s for s in scopes if s[2] == 2), None), scopes={s[0]: s for s in scopes},
        leaders=facts.leaders, fetched=set(),
        names={n: f"{n} {pick(d['label'], lang)}".rstrip() for n, d in graph.nodes(data=True)},
        covered=covered, parent_covered=parent_covered)


def _covered(kg: QueryableGraph, graph: nx.DiGraph, statements: list[dict[str, Any]], scopes: list[Scope],
             lang: Lang) -> tuple[dict[str, list[str]], set[str]]:
    """Per link, the sources whose coverage statements make an absence in the region a confirmed one; and the
    links the data covers in the parent region (docs/gap-analysis.md, "No data is not no firm")."""
    chain_of = {n: d["chain_iri"] for n, d in graph.nodes(data=True)}
    iri_of = {n: d["iri"] for n, d in graph.nodes(data=True)}
    covered: dict[str, list[str]] = {}
    containing = {s[0] for s in scopes}
    for statement in statements:
        title = pick(labels_of(kg, statement["source"]), lang) or statement["source"].rsplit("/", 1)[-1]
        for link in covered_links([statement], containing, chain_of, iri_of):
            covered.setdefault(link, []).append(title)
    parent_scopes = {s[0] for s in scopes if s[2] >= 2}
    return ({n: sorted(set(titles)) for n, titles in covered.items()},
            covered_links(statements, parent_scopes, chain_of, iri_of) if parent_scopes else set())


def capacity_for(values: list[dict[str, Any]], link: str) -> dict[str, Any] | None:
    """An actor's actual capacity for *link*: the first actual figure stated for the link, or for no link in
    particular. A target or a plan is not a capacity (:func:`figures_for`)."""
    for value in values:
        if value.get("status") in (None, "actual") and value.get("link") in (None, link):
            return {"value": value["value"], "unit": value["unit"], "status": value.get("status"),
                    "stated": value.get("stated")}
    return None


def figures_for(values: list[dict[str, Any]], link: str) -> list[dict[str, Any]]:
    """An actor's target and planned figures for *link* (for no link in particular, too)."""
    return [{"value": v["value"], "unit": v["unit"], "status": v.get("status"), "year": v.get("year"),
             "stated": v.get("stated")}
            for v in values if v.get("status") in ("target", "planned") and v.get("link") in (None, link)]
