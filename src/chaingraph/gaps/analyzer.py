"""The headline call: :func:`analyze` a region's chains and get their gaps, with reasons.

The region's facts are read once (:mod:`chaingraph.graphs`: the link graph, the firm graph, the scopes
around the region, stated 链主), every chain is analysed with the pure functions of
:mod:`chaingraph.analysis`, and the outside candidates are read one gap link at a time, best gap first.

>>> result = analyze(region="綦江区", chains=["aluminium"])
>>> chain = result.chains[0]
>>> chain.chain_leader.label["zh"], chain.chain_leader.how
('旗能电铝', 'stated')
>>> chain.open_loop.open
True
>>> [link.id for link in chain.links if link.status == "missing"][-2:]
['AL24', 'AL25']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import networkx as nx
from rdflib import URIRef

from chaingraph._runtime import gc_paused
from chaingraph.analysis.coverage import Coverage, coverage
from chaingraph.analysis.firmindex import Recorder, SharedIndex
from chaingraph.analysis.leader import chain_leader
from chaingraph.analysis.priority import Gap, GapContext, PriorityWeights, rank_gaps
from chaingraph.analysis.structure import (
    articulation_links,
    betweenness,
    broken_links,
    chain_subgraph,
    forward_graph,
    loop_groups,
    open_loop,
    truncation,
)
from chaingraph.analysis.supply import single_sourced
from chaingraph.analysis.targets import local_matches, rank_targets
from chaingraph.gaps.asof import AsOf, apply_as_of
from chaingraph.gaps.asof_facts import facts_as_of
from chaingraph.gaps.assume import Effect, apply_scenario
from chaingraph.gaps.balance import chain_balance
from chaingraph.gaps.linkresult import ChainFacts, link_result
from chaingraph.gaps.region import Region, derive_region, region_facts
from chaingraph.gaps.result import ChainResult, Evidence, GapAnalysis
from chaingraph.gaps.scenario import Scenario
from chaingraph.graphs import add_candidates, chain_formula, labels_of, region_evidence, region_id, sources_of
from chaingraph.graphs.reading import read_labels
from chaingraph.graphs.regionfacts import region_facts as stated_facts  # not gaps.region's region_facts
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.sparql.resolve import resolve
from chaingraph.words import Lang, pick

__all__ = ["analyze"]

#: a region, a chain: as typed (an id, IRI or label, resolved here), or already resolved (an rdflib URIRef)
Name = str | URIRef


def analyze(source: KnowledgeGraph | Sequence[str | Path] | None = None, *, region: Name,
            chains: Sequence[Name] | None = None, min_firms: int = 2, named_only: bool = False,
            weights: PriorityWeights | None = None, lang: Lang = "zh", max_targets: int = 50,
            evidence: bool = True, scenario: Scenario | None = None, as_of: int | None = None) -> GapAnalysis:
    """Analyse the chains of *region*: statuses, coverage, 断链, truncation, loops, 链主, supply, gaps, targets.

    Parameters
    ----------
    source
        A :class:`~chaingraph.knowledge.KnowledgeGraph`, or files/folders to open with the ontology, or
        ``None`` for the bundled data.
    region
        The region, by id, IRI or label in either language (``"綦江区"``, ``"綦江"``, ``"Qijiang"``); an
        rdflib ``URIRef`` is taken as resolved already (:func:`chaingraph.sparql.resolve.resolve`).
    chains
        Chains to analyse (id, IRI or label, or resolved ``URIRef``); all chains when ``None``.
    min_firms
        k: a link is present with at least k operating local actors, weak with 1 to k−1.
    named_only
        Count only actors the sources name as operating (stricter evidence).
    weights
        Weights of the gap priority (:class:`~chaingraph.analysis.priority.PriorityWeights`).
    lang
        Language of the reasons and of the labels chosen for names (``"zh"`` or ``"en"``).
    max_targets
        How many 招商 targets to rank per chain. Candidates are read one gap link at a time, best gap
        first, until this many are found, so the cost follows the region, not the whole country.
    evidence
        Also read the sources of the links and companies the outputs show, and what the region's facts
        rest on (:class:`~chaingraph.gaps.result.Evidence`), for the graph's side panel and the report's
        evidence section; ``False`` when only the findings are wanted (``chaingraph gaps``).
    scenario
        Assumptions laid over the data for this analysis (:class:`~chaingraph.gaps.scenario.Scenario`): the
        result is the region as it would be, named by the scenario (``result.scenario``); the data is not
        changed, and what the knowledge graph has read of the region is read once for the base and any
        number of scenarios.
    as_of
        A year: the region as its dated sources had it by the end of that year (``result.as_of``;
        :mod:`chaingraph.gaps.asof`). Laid over the data like a scenario, and before it.
    """
    # long: the docstring documents every parameter; the body is one read and one result
    with gc_paused():
        kg = source if isinstance(source, KnowledgeGraph) else KnowledgeGraph.open(source)
        region_iri = region if isinstance(region, URIRef) else resolve(kg, region, "region")
        chain_iris = [c if isinstance(c, URIRef) else resolve(kg, c, "chain") for c in chains] if chains else None
        weights = weights or PriorityWeights()
        shared, effects, dated = _region(kg, region_iri, chain_iris, scenario, as_of, min_firms, named_only, lang)
        chain_ids = _chain_ids(shared.graph, chains, chain_iris)
        index = SharedIndex(shared.firms)  # the firm graph by link, for every chain (kept up as it grows)
        results = tuple(_analyze_chain(kg, shared, index, chain_id, weights, lang, max_targets)
                        for chain_id in chain_ids)
        # the key figures of the chains (a company's of the companies the date left out too), at the date: after
        # the chains, whose analysis goes on while they are read ahead
        facts = _facts_of_chains(_stated_facts(kg, region_iri), shared.graph, chain_ids,
                                 {a["iri"]: a["links"] for a in dated.left_out} if dated else {})
        if dated is not None:
            facts, dated = facts_as_of(kg, facts, dated)
        result = GapAnalysis(
            region={"iri": str(region_iri), "id": region_id(kg, region_iri), "label": shared.label,
                    "parent": {"iri": shared.parent[0], "label": shared.parent[1]} if shared.parent else None},
            parameters={"chains": chain_ids, "min_firms": min_firms, "named_only": named_only, "lang": lang,
                        "max_targets": max_targets, "weights": weights.to_dict()},
            chains=results,
            sources=tuple(str(s) for s in kg.sources),
            flows=_flows(shared.graph, results),
            actors=_actors(shared.firms),
            facts=facts,
            scenario={**scenario.to_dict(lang), "effects": [e.to_dict() for e in effects]} if scenario else None,
            as_of=dated.to_dict() if dated else None,
        )
        if evidence:
            result = _with_evidence(kg, result, region_iri, lang)
        return result


def _stated_facts(kg: KnowledgeGraph, region: URIRef) -> dict[str, list[dict[str, Any]]]:
    """What the region states about itself (the report's key figures), read once per knowledge graph and
    region: a scenario or a second analysis of the region does not read it again."""
    key = ("stated-facts", str(region))
    if key not in kg.cache:
        kg.cache[key] = stated_facts(kg, region)
    return kg.cache[key]  # type: ignore[return-value]


def _actors(firms: nx.DiGraph) -> dict[str, dict[str, Any]]:
    """Who the outputs may name, by IRI: label, place, capacities and links (the report's target profiles)."""
    return {iri: {"label": d.get("label") or {}, "place_label": d.get("place_label") or {},
                  "capacities": d.get("capacities") or [], "links": list(d.get("links") or [])}
            for iri, d in firms.nodes(data=True)}


def _region(kg: KnowledgeGraph, region: URIRef, chains: Sequence[URIRef] | None, scenario: Scenario | None,
            as_of: int | None, min_firms: int, named_only: bool,
            lang: Lang) -> tuple[Region, tuple[Effect, ...], AsOf | None]:
    """The region as the data has it, at a date (*as_of*) and/or as *scenario* assumes it: read once per
    knowledge graph, laid over copies."""
    # the stated figures (_stated_facts, next) read ahead with the region where the store reads in the background
    figures: list[tuple[str, dict[str, object]]] = \
        [("region-figures", {"region": region})] if ("stated-facts", str(region)) not in kg.cache else []
    facts = region_facts(kg, region, chains, read_also=figures)
    graph, firms = facts.graph.copy(), facts.firms.copy()
    label = next((s[1] for s in facts.scopes if s[2] == 1), {})
    dated = apply_as_of(kg, as_of, graph, firms, region) if as_of is not None else None
    effects = apply_scenario(kg, scenario, graph, firms, (str(region), label), lang) if scenario else ()
    return derive_region(kg, facts, graph, firms, min_firms, named_only, lang), effects, dated


def _analyze_chain(kg: KnowledgeGraph, region: Region, index: SharedIndex, chain_id: str, weights: PriorityWeights,
                   lang: Lang, max_targets: int) -> ChainResult:
    chain = chain_subgraph(region.graph, chain_id)
    forward = forward_graph(chain)
    links = set(chain)
    operating = region.operating & links
    cov = coverage(chain, region.statuses)
    facts = _chain_facts(kg, region, chain, forward, operating, cov, lang)
    gaps = rank_gaps(region.forward, links, region.statuses, facts.context, weights)
    _read_candidates(kg, region, index, gaps, {n: chain.nodes[n]["iri"] for n in chain}, max_targets)
    targets = rank_targets(region.firms, gaps, lang, labels={n: {lang: pick(chain.nodes[n]["label"], lang)}
                                                             for n in chain},
                           forward=forward, names=region.names, index=index.get())[:max_targets] \
        if max_targets > 0 else []
    matches, match_count = local_matches(region.firms, forward, links, region.names, lang, index=index.get())
    first = chain.nodes[min(chain)]
    by_gap = {g.link: g for g in gaps}
    return ChainResult(
        id=chain_id, iri=first["chain_iri"], label=first["chain_label"],
        formula=facts.context.formula, coverage=cov,
        links=tuple(link_result(n, chain.nodes[n], region, facts, by_gap.get(n), lang) for n in sorted(chain)),
        broken_links=facts.broken, truncation=facts.truncation, open_loop=open_loop(chain, operating, region.stages),
        chain_leader=chain_leader(links, region.firms, region.leaders.get(first["chain_iri"]), index.get()),
        single_sourced=tuple(n for n in single_sourced(region.statuses) if n in links),
        articulation_links=tuple(facts.articulation), gaps=tuple(gaps), targets=tuple(targets),
        flows=tuple(sorted((u, v, d["kind"], bool(d["is_return"])) for u, v, d in chain.edges(data=True))),
        loops=tuple(tuple(group) for group in facts.loops), matches=tuple(matches), match_count=match_count,
        balance=facts.balance)


def _chain_facts(kg: KnowledgeGraph, region: Region, chain: nx.DiGraph, forward: nx.DiGraph, operating: set[str],
                 cov: Coverage, lang: Lang) -> ChainFacts:
    """The structure of the chain in the region, and what the gap ranking needs to know of it."""
    broken = broken_links(forward, operating)
    trunc = truncation(forward, operating, region.stages)
    nearest = _nearest(kg, chain, region.scopes, lang)
    balance, shortfalls = chain_balance(region, forward, nearest, lang)
    first = chain.nodes[min(chain)]
    formula = chain_formula(kg, URIRef(first["chain_iri"]))
    context = GapContext(
        broken, set(trunc["head"]) | set(trunc["tail"]),
        # links with no segment are in no segment gap
        {n: pick(cell.label, lang) for cell in cov.by_segment if cell.gap and cell.key is not None for n in cell.links},
        nearest, pick(region.parent[1], lang) if region.parent else None, region.stages, _intents(chain),
        region.names, "、" if lang == "zh" else ", ", parent_covered=region.parent_covered,
        themes={n: [pick(t["label"], lang) for t in d["themes"]] for n, d in chain.nodes(data=True) if d["themes"]},
        in_formula=_in_formula(chain, formula), capped={n for n, d in chain.nodes(data=True) if d.get("capped")},
        formula=formula, shortfalls=shortfalls)
    return ChainFacts(broken, trunc, betweenness(forward), articulation_links(forward, operating),
                      loop_groups(forward), nearest, context, balance)


def _in_formula(chain: nx.DiGraph, formula: str | None) -> set[str]:
    """The links whose segment the official formula names (「原铝—铝基材—…」 names 原铝 and 铝基材)."""
    if not formula:
        return set()
    return {n for n, d in chain.nodes(data=True)
            if d.get("segment_label", {}).get("zh") and d["segment_label"]["zh"] in formula}


def _intents(chain: nx.DiGraph) -> dict[str, str]:
    """The intent (fill, strengthen, extend) a plan of the region states for each link it targets."""
    return {n: sorted(p["intent"] for p in chain.nodes[n]["plans"] if p.get("intent"))[0]
            for n in chain if any(p.get("intent") for p in chain.nodes[n]["plans"])}


def _flows(graph: nx.DiGraph, chains: Sequence[ChainResult]) -> tuple[tuple[str, str, str, bool, bool], ...]:
    """Every flow between links of the analysed chains, cross-chain ones included."""
    ids = {link.id for chain in chains for link in chain.links}
    return tuple(sorted((u, v, str(d["kind"]), bool(d["is_return"]), bool(d["cross_chain"]))
                        for u, v, d in graph.edges(data=True) if u in ids and v in ids))


def _facts_of_chains(facts: dict[str, list[dict[str, Any]]], graph: nx.DiGraph, chains: Sequence[str],
                     left_out: dict[str, list[str]]) -> dict[str, list[dict[str, Any]]]:
    """The region's facts that concern the analysed chains or no chain in particular: a figure of a link, a
    project operating in links and a thing about a chain belong to those chains, a company's figure to the
    chains it operates in (*left_out*: the links of the actors a date left out, by IRI)."""
    chain_of = {n: d["chain"] for n, d in graph.nodes(data=True)}
    wanted = set(chains)
    actors = {a["iri"] for n, d in graph.nodes(data=True) if d["chain"] in wanted for a in d["actors"]}
    actors |= {iri for iri, links in left_out.items() if any(chain_of.get(link) in wanted for link in links)}

    def keep(chain: str | None, links: Sequence[str] = ()) -> bool:
        owners = {chain_of[link] for link in links if link in chain_of} | ({chain} if chain else set())
        return not owners or bool(owners & wanted)

    return {"figures": [f for f in facts["figures"] if keep(f["chain"], [f["link"]] if f["link"] else [])
                        and (f["kind"] != "company" or f["entity"] in actors)],
            "designations": [d for d in facts["designations"] if keep(d["chain"])],
            "clusters": [c for c in facts["clusters"] if keep(c["chain"])],
            "projects": [p for p in facts["projects"] if keep(None, p["links"])]}


def _drawn(result: GapAnalysis) -> set[str]:
    """The IRIs of everything the outputs of *result* can show: links, local actors and targets."""
    drawn: set[str] = set()
    for chain in result.chains:
        for link in chain.links:
            drawn.add(link.iri)
            drawn.update(actor["iri"] for actor in (*link.local_firms, *link.planned_projects))
        drawn.update(target.iri for target in chain.targets)
    return drawn


def _with_evidence(kg: KnowledgeGraph, result: GapAnalysis, region: URIRef, lang: Lang) -> GapAnalysis:
    return replace(result, evidence=Evidence(sources_of(kg, _drawn(result), lang), region_evidence(kg, region)))


def _read_candidates(kg: KnowledgeGraph, region: Region, index: SharedIndex, gaps: list[Gap], iris: dict[str, str],
                     wanted: int) -> None:
    """Bring the outside companies of the gap links into the firm graph, best gaps first, until at least
    *wanted* candidates are known and every gap scoring as much as the last one read has been read (so the
    ranking by gap score, then ties, then capacity is the same as with every candidate)."""
    gap_links = {g.link for g in gaps}
    found = index.get().outside_in(gap_links)  # the operating outside firms in a gap link
    for score in sorted({g.score for g in gaps}, reverse=True):
        if len(found) >= wanted:
            return
        for gap in (g for g in gaps if g.score == score):
            if gap.link not in region.fetched:
                region.fetched.add(gap.link)
                recorder = Recorder(region.firms)  # the firms it adds or changes, for the index
                add_candidates(kg, cast(nx.DiGraph, recorder), region.iri, iris[gap.link])
                index.changed(recorder)
        found = index.get().outside_in(gap_links)


def _chain_ids(graph: nx.DiGraph, chains: Sequence[Name] | None, iris: Sequence[URIRef] | None) -> list[str]:
    """The ids of the chains asked for (*chains* as typed, *iris* as resolved), or of every chain."""
    by_iri = {d["chain_iri"]: d["chain"] for _, d in graph.nodes(data=True)}
    if not chains or not iris:
        return sorted(set(by_iri.values()))
    ids = []
    for name, iri in zip(chains, iris, strict=True):
        chain_id = by_iri.get(str(iri))
        if chain_id is None:
            raise ValueError(f"chain '{name}' has no links")
        if chain_id not in ids:
            ids.append(chain_id)
    return ids


def _nearest(kg: KnowledgeGraph, chain: nx.DiGraph, scopes: dict[str, tuple[str, dict[str, str], int]],
             lang: Lang) -> dict[str, tuple[str, int, str, bool]]:
    """For each link, the nearest region beyond this one (parent first) with an operating actor of it."""
    nearest = {}
    for link, data in chain.nodes(data=True):
        found = sorted((scopes[n["scope"]][2], n) for n in data.get("nearest", [])
                       if n["scope"] in scopes and scopes[n["scope"]][2] >= 2 and n["operating"] > 0)
        if found:
            nearest[link] = found[0]
    read_labels(kg, (info["example"] for _, info in nearest.values() if info["example"]))  # only the ones shown
    result = {}
    for link, (distance, info) in nearest.items():
        example = pick(labels_of(kg, info["example"]), lang) or str(info["example"])
        result[link] = (pick(scopes[info["scope"]][1], lang), info["operating"], example, distance == 2)
    return result
