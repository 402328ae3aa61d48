"""The headline call: :func:`analyze` a region's chains and get their gaps, with reasons.

>>> result = analyze(region="綦江区", chains=["aluminium"])
>>> chain = result.chains[0]
>>> chain.chain_leader.label["zh"], chain.chain_leader.how
('旗能电铝', 'stated')
>>> chain.open_loop.open
True
>>> [link.id for link in chain.links if link.status == "missing"][-2:]
['AL24', 'AL25']

The JSON shape (:meth:`GapAnalysis.to_dict`) is documented in ``docs/gap-analysis.md`` and is stable:
fields may be added, none renamed or removed without a new ``schema`` version.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import URIRef

from chaingraph import __version__
from chaingraph._runtime import gc_paused
from chaingraph.analysis.coverage import Coverage, CoverageCell, coverage
from chaingraph.analysis.leader import Leader, chain_leader
from chaingraph.analysis.priority import ACTIONS, Gap, GapContext, PriorityWeights, rank_gaps
from chaingraph.analysis.reasons import Lang, Reason
from chaingraph.analysis.status import LinkStatus, link_status
from chaingraph.analysis.structure import (
    OpenLoop,
    articulation_links,
    betweenness,
    broken_links,
    chain_subgraph,
    forward_graph,
    open_loop,
    truncation,
)
from chaingraph.analysis.supply import SupplyRatio, local_supply_ratio, single_sourced
from chaingraph.analysis.targets import Target, rank_targets
from chaingraph.graphs import _labels, add_candidates, firm_graph, labels_of, link_graph, prefetch_region, region_scopes
from chaingraph.labels import pick
from chaingraph.queries import named_query
from chaingraph.resolve import resolve
from chaingraph.store import KnowledgeGraph

__all__ = ["SCHEMA", "ChainResult", "GapAnalysis", "LinkResult", "analyze"]

SCHEMA = "chaingraph.gaps/1"


@dataclass(frozen=True)
class LinkResult:
    """Everything the analysis says about one link of one chain in the region."""

    id: str
    iri: str
    label: dict[str, str]
    stage: str
    segment: str | None
    segment_label: dict[str, str]
    status: str
    operating_actors: int
    local_firms: tuple[dict[str, Any], ...]
    planned_projects: tuple[dict[str, Any], ...]
    targeted: bool
    broken: bool
    cuts: tuple[tuple[str, str], ...]
    truncation: tuple[str, ...]
    local_supply: SupplyRatio | None
    betweenness: float
    articulation: bool
    priority: float | None
    action: str | None
    reasons: tuple[Reason, ...]
    hs_codes: tuple[dict[str, Any], ...]
    gb_codes: tuple[dict[str, Any], ...]
    nearest: dict[str, Any] | None


@dataclass(frozen=True)
class ChainResult:
    """The analysis of one chain in the region."""

    id: str
    iri: str
    label: dict[str, str]
    formula: str | None
    coverage: Coverage
    links: tuple[LinkResult, ...]
    broken_links: dict[str, list[tuple[str, str]]]
    truncation: dict[str, list[str]]
    open_loop: OpenLoop
    chain_leader: Leader
    single_sourced: tuple[str, ...]
    articulation_links: tuple[str, ...]
    gaps: tuple[Gap, ...]
    targets: tuple[Target, ...]
    #: the flows between the chain's links: (from, to, kind, is_return)
    flows: tuple[tuple[str, str, str, bool], ...] = ()

    def link(self, link_id: str) -> LinkResult:
        return next(link for link in self.links if link.id == link_id)


@dataclass(frozen=True)
class GapAnalysis:
    """The result of :func:`analyze`: the region, the parameters and one :class:`ChainResult` per chain."""

    region: dict[str, Any]
    parameters: dict[str, Any]
    chains: tuple[ChainResult, ...]
    sources: tuple[str, ...] = field(default_factory=tuple)

    def chain(self, chain_id: str) -> ChainResult:
        return next(c for c in self.chains if c.id == chain_id)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (``docs/gap-analysis.md``)."""
        lang: Lang = self.parameters["lang"]
        return {
            "schema": SCHEMA,
            "tool": {"name": "chaingraph", "version": __version__},
            "region": self.region,
            "parameters": self.parameters,
            "sources": list(self.sources),
            "chains": [_chain_dict(c, lang) for c in self.chains],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """The result as flat tables (rows of plain values): ``links``, ``gaps``, ``targets``, ``coverage``."""
        data = self.to_dict()
        tables: dict[str, list[dict[str, Any]]] = {"links": [], "gaps": [], "targets": [], "coverage": []}
        for chain in data["chains"]:
            for link in chain["links"]:
                tables["links"].append({
                    "chain": chain["id"], "id": link["id"], "label_zh": link["label"].get("zh"),
                    "label_en": link["label"].get("en"), "stage": link["stage"], "segment": link["segment_label"],
                    "status": link["status"], "operating_actors": link["operating_actors"],
                    "local_firms": "; ".join(f["label"] for f in link["local_firms"]),
                    "planned_projects": "; ".join(p["label"] for p in link["planned_projects"]),
                    "targeted": link["targeted"], "broken": link["broken"],
                    "truncation": "+".join(link["truncation"]), "local_supply_ratio": link["local_supply_ratio"],
                    "priority": link["priority"], "action": link["action"],
                    "reasons": "; ".join(r["text"] for r in link["reasons"])})
            for gap in chain["gaps"]:
                tables["gaps"].append({"chain": chain["id"], "rank": gap["rank"], "id": gap["id"],
                                       "label_zh": gap["label"].get("zh"), "label_en": gap["label"].get("en"),
                                       "status": gap["status"], "action": gap["action"],
                                       "action_label": gap["action_label"], "score": gap["score"],
                                       "reasons": "; ".join(r["text"] for r in gap["reasons"])})
            for target in chain["targets"]:
                tables["targets"].append({"chain": chain["id"], "rank": target["rank"], "iri": target["iri"],
                                          "label_zh": target["label"].get("zh"),
                                          "label_en": target["label"].get("en"),
                                          "place": target["place_label"].get("zh") or target["place"],
                                          "links": " ".join(target["links"]), "gap_score": target["gap_score"],
                                          "ties": target["ties"], "capacity": target["capacity"],
                                          "reasons": "; ".join(r["text"] for r in target["reasons"])})
            for group, cells in (("chain", [chain["coverage"]]), ("segment", chain["coverage"]["by_segment"]),
                                 ("stage", chain["coverage"]["by_stage"])):
                for cell in cells:
                    tables["coverage"].append({"chain": chain["id"], "group": group, "key": cell.get("key"),
                                               "label": cell.get("label"), "operating": cell["operating"],
                                               "total": cell["total"], "ratio": cell["ratio"],
                                               **{f"n_{k}": v for k, v in cell["by_status"].items()}})
        return tables

    def to_dataframes(self) -> dict[str, Any]:
        """The :meth:`tables` as pandas DataFrames (needs the ``pandas`` extra)."""
        try:
            import pandas as pd
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframes() needs pandas: pip install 'chaingraph[pandas]'") from error
        return {name: pd.DataFrame(rows) for name, rows in self.tables().items()}


def _cell_dict(cell: CoverageCell, lang: Lang) -> dict[str, Any]:
    return {"key": cell.key, "label": pick(cell.label, lang) if cell.label else cell.key,
            "order": cell.order, "links": list(cell.links), "operating": cell.operating, "total": cell.total,
            "ratio": round(cell.ratio, 4), "gap": cell.gap, "by_status": cell.by_status}


def _chain_dict(c: ChainResult, lang: Lang) -> dict[str, Any]:
    labels = {link.id: link.label for link in c.links}
    overall = _cell_dict(c.coverage.overall, lang)
    overall.pop("key"), overall.pop("label"), overall.pop("order"), overall.pop("gap")
    return {
        "id": c.id,
        "iri": c.iri,
        "label": c.label,
        "formula": c.formula,
        "coverage": {**overall,
                     "by_segment": [_cell_dict(s, lang) for s in c.coverage.by_segment],
                     "by_stage": [_cell_dict(s, lang) for s in c.coverage.by_stage]},
        "links": [_link_dict(link, lang) for link in c.links],
        "flows": [{"from": u, "to": v, "kind": kind, "is_return": back} for u, v, kind, back in c.flows],
        "broken_links": [{"id": link, "cuts": [{"upstream": u, "downstream": d} for u, d in pairs]}
                         for link, pairs in c.broken_links.items()],
        "truncation": c.truncation,
        "open_loop": {"has_recycling": c.open_loop.has_recycling, "open": c.open_loop.open,
                      "recycling_links": list(c.open_loop.recycling_links),
                      "idle_recycling_links": list(c.open_loop.idle_recycling_links),
                      "closing_links": list(c.open_loop.closing_links)},
        "chain_leader": {"iri": c.chain_leader.iri, "label": c.chain_leader.label, "how": c.chain_leader.how,
                         "reasons": [r.to_dict(lang) for r in c.chain_leader.reasons]},
        "single_sourced": list(c.single_sourced),
        "articulation_links": list(c.articulation_links),
        "gaps": [{"rank": rank, "id": g.link, "label": labels[g.link], "status": g.status, "action": g.action,
                  "action_label": ACTIONS[g.action][0 if lang == "zh" else 1], "score": g.score,
                  "reasons": [r.to_dict(lang) for r in g.reasons]} for rank, g in enumerate(c.gaps, start=1)],
        "targets": [{"rank": rank, "iri": t.iri, "label": t.label, "place": t.place,
                     "place_label": t.place_label, "links": list(t.links), "gap_score": t.gap_score,
                     "ties": t.ties, "capacity": t.capacity, "reasons": [r.to_dict(lang) for r in t.reasons]}
                    for rank, t in enumerate(c.targets, start=1)],
    }


def _link_dict(link: LinkResult, lang: Lang) -> dict[str, Any]:
    supply = link.local_supply
    return {
        "id": link.id, "iri": link.iri, "label": link.label, "stage": link.stage, "segment": link.segment,
        "segment_label": pick(link.segment_label, lang), "status": link.status,
        "operating_actors": link.operating_actors, "local_firms": list(link.local_firms),
        "planned_projects": list(link.planned_projects), "targeted": link.targeted, "broken": link.broken,
        "cuts": [list(pair) for pair in link.cuts], "truncation": list(link.truncation),
        "local_supply_ratio": None if supply is None or supply.ratio is None else round(supply.ratio, 4),
        "local_inputs": list(supply.local_inputs) if supply else [], "inputs": list(supply.inputs) if supply else [],
        "betweenness": round(link.betweenness, 4), "articulation": link.articulation,
        "priority": link.priority, "action": link.action,
        "reasons": [r.to_dict(lang) for r in link.reasons],
        "hs_codes": list(link.hs_codes), "gb_codes": list(link.gb_codes), "nearest": link.nearest,
    }


def analyze(source: KnowledgeGraph | Sequence[str | Path] | None = None, *, region: str,
            chains: Sequence[str] | None = None, min_firms: int = 2, named_only: bool = False,
            weights: PriorityWeights | None = None, lang: Lang = "zh", max_targets: int = 50) -> GapAnalysis:
    """Analyse the chains of *region*: statuses, coverage, 断链, truncation, loops, 链主, supply, gaps, targets.

    Parameters
    ----------
    source
        A :class:`~chaingraph.store.KnowledgeGraph`, or files/folders to open with the ontology, or
        ``None`` for the bundled data.
    region
        The region, by id, IRI or label in either language (``"綦江区"``, ``"綦江"``, ``"Qijiang"``).
    chains
        Chains to analyse (id, IRI or label); all chains when ``None``.
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
    """
    with gc_paused():
        return _analyze(source, region, chains, min_firms, named_only, weights, lang, max_targets)


def _analyze(source: KnowledgeGraph | Sequence[str | Path] | None, region: str, chains: Sequence[str] | None,
             min_firms: int, named_only: bool, weights: PriorityWeights | None, lang: Lang,
             max_targets: int) -> GapAnalysis:
    kg = source if isinstance(source, KnowledgeGraph) else KnowledgeGraph.open(source)
    region_iri = resolve(kg, region, "region")
    weights = weights or PriorityWeights()
    chain_iris = [resolve(kg, name, "chain") for name in chains] if chains else None
    nearest_for = list(dict.fromkeys(chain_iris)) if chain_iris else None
    prefetch_region(kg, region_iri, nearest_for or ())
    graph = link_graph(kg, region_iri, nearest_for=nearest_for)
    firms = firm_graph(kg, region_iri)
    fetched: set[str] = set()  # gap links whose outside candidates are in the firm graph
    statuses = link_status(graph, min_firms, named_only=named_only, lang=lang)
    operating = {n for n, s in statuses.items() if s.is_operating}
    stages = {n: d["stage"] for n, d in graph.nodes(data=True)}
    everything = forward_graph(graph)
    supply = local_supply_ratio(everything, operating)

    scopes = region_scopes(kg, region_iri)
    region_label = next((s[1] for s in scopes if s[2] == 1), {})
    parent = next((s for s in scopes if s[2] == 2), None)
    scope_info = {s[0]: s for s in scopes}
    capacities = {iri: _capacity(d["capacities"]) for iri, d in firms.nodes(data=True) if d["capacities"]}

    stated_leaders = {
        str(r["chain"]): {"iri": str(r["leader"]), "label": _labels(r, "leader")}
        for r in kg.select(named_query("chain-leaders").text, region=region_iri)
        if str(r["region"]) == str(region_iri)
    }

    chain_ids = _chain_ids(graph, chains, chain_iris)
    results = []
    for chain_id in chain_ids:
        chain = chain_subgraph(graph, chain_id)
        forward = forward_graph(chain)
        chain_links = set(chain)
        chain_operating = operating & chain_links
        cov = coverage(chain, statuses)
        broken = broken_links(forward, chain_operating)
        trunc = truncation(forward, chain_operating, stages)
        truncated = set(trunc["head"]) | set(trunc["tail"])
        loop = open_loop(chain, chain_operating, stages)
        central = betweenness(forward)
        articulation = articulation_links(forward, chain_operating)
        segment_gaps = {n: pick(cell.label, lang) for cell in cov.by_segment
                        if cell.gap and cell.key is not None for n in cell.links}  # links with no segment: no
        nearest = _nearest(kg, chain, scope_info, lang)
        intents = {n: sorted(p["intent"] for p in chain.nodes[n]["plans"] if p.get("intent"))[0]
                   for n in chain if any(p.get("intent") for p in chain.nodes[n]["plans"])}
        context = GapContext(broken, truncated, segment_gaps, central, nearest,
                             pick(parent[1], lang) if parent else None, stages, intents)
        gaps = rank_gaps(everything, chain_links, statuses, context, weights)
        by_gap = {g.link: g for g in gaps}
        link_labels = {n: chain.nodes[n]["label"] for n in chain}
        _read_candidates(kg, firms, region_iri, gaps, {n: chain.nodes[n]["iri"] for n in chain}, fetched,
                         max_targets)
        targets = rank_targets(firms, gaps, lang, labels={n: {lang: pick(lb, lang)} for n, lb in link_labels.items()}
                               )[:max_targets]
        first = chain.nodes[min(chain)]
        formula = _formula(kg, first["chain_iri"])
        results.append(ChainResult(
            id=chain_id, iri=first["chain_iri"], label=first["chain_label"], formula=formula, coverage=cov,
            links=tuple(_link_result(n, chain.nodes[n], statuses[n], broken, trunc, supply.get(n), central,
                                     articulation, by_gap.get(n), nearest.get(n), lang, capacities)
                        for n in sorted(chain)),
            broken_links=broken, truncation=trunc, open_loop=loop,
            chain_leader=chain_leader(chain_links, firms, stated_leaders.get(first["chain_iri"])),
            single_sourced=tuple(n for n in single_sourced(statuses) if n in chain_links),
            articulation_links=tuple(articulation), gaps=tuple(gaps), targets=tuple(targets),
            flows=tuple(sorted((u, v, d["kind"], bool(d["is_return"])) for u, v, d in chain.edges(data=True)))))
    region_id = next((str(r["name"]) for r in kg.select(
        "SELECT ?name WHERE { ?r skos:notation ?name }", r=region_iri)), None)
    return GapAnalysis(
        region={"iri": str(region_iri), "id": region_id, "label": region_label,
                "parent": {"iri": parent[0], "label": parent[1]} if parent else None},
        parameters={"chains": chain_ids, "min_firms": min_firms, "named_only": named_only, "lang": lang,
                    "max_targets": max_targets, "weights": weights.to_dict()},
        chains=tuple(results),
        sources=tuple(str(s) for s in kg.sources),
    )


def _capacity(values: list[dict[str, Any]]) -> dict[str, Any]:
    """The first capacity of an actor, as value, unit, status and the text as stated."""
    first = values[0]
    return {"value": first["value"], "unit": first["unit"], "status": first["status"], "stated": first["stated"]}


def _read_candidates(kg: KnowledgeGraph, firms: nx.DiGraph, region: URIRef, gaps: list[Gap],
                     iris: dict[str, str], fetched: set[str], wanted: int) -> None:
    """Bring the outside companies of the gap links into *firms*, best gaps first, until at least *wanted*
    candidates are known and every gap scoring as much as the last one read has been read (so the ranking
    by gap score, then ties, then capacity is the same as with every candidate)."""
    gap_links = {g.link for g in gaps}
    found: set[str] = {n for n, d in firms.nodes(data=True)
                       if not d["local"] and d["status"] == "operating" and set(d["links"]) & gap_links}
    for score in sorted({g.score for g in gaps}, reverse=True):
        if len(found) >= wanted:
            return
        for gap in (g for g in gaps if g.score == score):
            if gap.link not in fetched:
                fetched.add(gap.link)
                add_candidates(kg, firms, region, iris[gap.link])
        found = {n for n, d in firms.nodes(data=True)
                 if not d["local"] and d["status"] == "operating" and set(d["links"]) & gap_links}


def _chain_ids(graph: nx.DiGraph, chains: Sequence[str] | None, iris: Sequence[URIRef] | None) -> list[str]:
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


def _formula(kg: KnowledgeGraph, chain_iri: str) -> str | None:
    rows = kg.select("SELECT ?f WHERE { ?c cg:officialFormula ?f }", c=URIRef(chain_iri))
    return str(rows[0]["f"]) if rows else None


def _nearest(kg: KnowledgeGraph, chain: nx.DiGraph, scopes: dict[str, tuple],
             lang: Lang) -> dict[str, tuple[str, int, str, bool]]:
    """For each link, the nearest region beyond this one (parent first) with an operating actor of it."""
    result = {}
    for link, data in chain.nodes(data=True):
        found = sorted((scopes[n["scope"]][2], n) for n in data.get("nearest", [])
                       if n["scope"] in scopes and scopes[n["scope"]][2] >= 2 and n["operating"] > 0)
        if found:
            distance, info = found[0]
            scope_label = pick(scopes[info["scope"]][1], lang)
            example = pick(labels_of(kg, info["example"]), lang) or str(info["example"])  # only the one shown
            result[link] = (scope_label, info["operating"], example, distance == 2)
    return result


def _link_result(link: str, data: dict[str, Any], status: LinkStatus, broken: dict, trunc: dict,
                 supply: SupplyRatio | None, central: dict[str, float], articulation: list[str], gap: Gap | None,
                 nearest: tuple | None, lang: Lang, capacities: dict[str, dict[str, Any]]) -> LinkResult:
    def actor(a: dict) -> dict[str, Any]:
        return {"iri": a["iri"], "label": pick(a["label"], lang) or a["iri"], "kind": a["kind"],
                "status": a["status"], "named": a["named"], "capacity": capacities.get(a["iri"])}

    actors = sorted(data.get("actors", []), key=lambda a: a["iri"])
    firms = tuple(actor(a) for a in actors if a["status"] == "operating")
    planned = tuple(actor(a) for a in actors if a["status"] in ("planned", "signed", "under_construction"))
    truncated = tuple(k for k in ("head", "tail") if link in trunc[k])
    reasons = list(status.reasons)
    if link in broken:
        reasons.append(Reason("broken", (("upstream", ", ".join(sorted({u for u, _ in broken[link]}))),
                                         ("downstream", ", ".join(sorted({d for _, d in broken[link]}))))))
    reasons += [Reason(f"{k}_missing") for k in truncated]
    if gap:
        reasons += [r for r in gap.reasons if r.code not in {x.code for x in reasons}
                    and not r.code.startswith("status_")]
    return LinkResult(
        id=link, iri=data["iri"], label=data["label"], stage=data["stage"], segment=data.get("segment"),
        segment_label=data.get("segment_label") or {}, status=status.status, operating_actors=status.operating,
        local_firms=firms, planned_projects=planned, targeted=status.targeted, broken=link in broken,
        cuts=tuple(tuple(p) for p in broken.get(link, [])), truncation=truncated, local_supply=supply,
        betweenness=central.get(link, 0.0), articulation=link in articulation,
        priority=gap.score if gap else None, action=gap.action if gap else None, reasons=tuple(reasons),
        hs_codes=tuple(data.get("hs_codes", [])), gb_codes=tuple(data.get("gb_codes", [])),
        nearest={"scope": nearest[0], "operating": nearest[1], "example": nearest[2], "in_parent": nearest[3]}
        if nearest else None)
