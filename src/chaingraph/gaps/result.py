"""What :func:`chaingraph.gaps.analyze` returns: one :class:`GapAnalysis` per region, one :class:`ChainResult`
per chain, one :class:`LinkResult` per link, and their JSON shape (:meth:`GapAnalysis.to_dict`), documented
in ``docs/gap-analysis.md`` and stable: fields may be added, none renamed or removed without a new
``schema`` version.

Besides what the JSON holds, a result carries what the outputs draw and cite, read once with the analysis:
the flows between its links, the labels, places and capacities of its companies, and (unless the analysis
was asked not to read it) the :class:`Evidence` — the renderers and reports need nothing else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from chaingraph._version import __version__
from chaingraph.analysis.coverage import Coverage, CoverageCell
from chaingraph.analysis.leader import Leader
from chaingraph.analysis.priority import Gap
from chaingraph.analysis.reasons import Reason
from chaingraph.analysis.structure import OpenLoop
from chaingraph.analysis.supply import SupplyRatio
from chaingraph.analysis.targets import Target
from chaingraph.jsontext import dumps
from chaingraph.words import Lang, pick, term

__all__ = ["SCHEMA", "ChainResult", "Evidence", "Flow", "GapAnalysis", "LinkResult"]

#: a flow between two links: (from id, to id, kind, is a return flow, crosses chains)
Flow = tuple[str, str, str, bool, bool]


SCHEMA = "chaingraph.gaps/2"


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
    #: for a link with no operating local actor: "confirmed" where the data lists every local company of its
    #: chain, else "unconfirmed" (no data is not no firm); None for an operating link
    absence: str | None = None
    #: the operating local actors the link needs to be present (1 for a capacity-capped link)
    min_firms: int = 2
    capped: bool = False
    #: the designations whose theme the link is
    themes: tuple[str, ...] = ()
    #: targets and plans stated for this link by its actors: {actor, label, value, unit, status, year, stated}
    figures: tuple[dict[str, Any], ...] = ()


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
    #: loops of mutual supply among forward flows: groups of links that feed each other
    loops: tuple[tuple[str, ...], ...] = ()
    #: 配套对接: local firms up- and downstream of each other with no supply relation (at most 20), and how many
    matches: tuple[Reason, ...] = ()
    match_count: int = 0
    #: the material balance of the chain's products (chaingraph.gaps.balance): {"actual": [rows], "planned": […]}
    balance: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def absence(self) -> dict[str, Any]:
        """What the chain's answer rests on: the links operating, and the non-operating links whose absence the
        data confirms or does not, with the sources that confirm."""
        confirmed = [link.id for link in self.links if link.absence == "confirmed"]
        unconfirmed = [link.id for link in self.links if link.absence == "unconfirmed"]
        return {"operating": sum(1 for link in self.links if link.absence is None), "confirmed": confirmed,
                "unconfirmed": unconfirmed}

    def link(self, link_id: str) -> LinkResult:
        return next(link for link in self.links if link.id == link_id)


@dataclass(frozen=True)
class Evidence:
    """What the findings rest on, for the outputs: the sources (and quotes) of every drawn link and company
    by IRI, and one row per source and evidence kind of the region's facts (``region-evidence``)."""

    sources: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    region: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class GapAnalysis:
    """The result of :func:`analyze`: the region, the parameters and one :class:`ChainResult` per chain."""

    region: dict[str, Any]
    parameters: dict[str, Any]
    chains: tuple[ChainResult, ...]
    sources: tuple[str, ...] = field(default_factory=tuple)
    #: every flow between the analysed links, cross-chain ones included (not in the JSON)
    flows: tuple[Flow, ...] = field(default=(), compare=False)
    #: labels, place, capacities and links of every company the analysis read, by IRI (not in the JSON)
    actors: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)
    #: the sources behind the drawn links and companies and the region's facts, when read (not in the JSON)
    evidence: Evidence | None = field(default=None, compare=False, repr=False)
    #: what the region states about itself: figures, designations, clusters, projects, with their sources
    #: (``chaingraph.graphs.regionfacts``; only those of the analysed chains, or of no chain)
    facts: dict[str, list[dict[str, Any]]] = field(default_factory=dict, compare=False, repr=False)
    #: the scenario this analysis assumes, with what each assumption did (``None``: the data as it is)
    scenario: dict[str, Any] | None = None
    #: the year the data is evaluated at, with what that left out (``None``: every fact, dated or not)
    as_of: dict[str, Any] | None = None

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
            "region_facts": {key: self.facts.get(key, []) for key in ("figures", "designations", "clusters",
                                                                      "projects")},
            **({"scenario": self.scenario} if self.scenario is not None else {}),
            **({"as_of": self.as_of} if self.as_of is not None else {}),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The result as JSON text (shape ``chaingraph.gaps/1``); two spaces of indent by default, written by
        :mod:`chaingraph.jsontext` (orjson: a province's 13 MB in a tenth of the standard library's time); another
        *indent* (``None``: one line) by the standard library."""
        if indent == 2:
            return dumps(self.to_dict())
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """The result as flat tables (rows of plain values): ``links``, ``gaps``, ``targets``, ``coverage``."""
        data = self.to_dict()
        tables: dict[str, list[dict[str, Any]]] = {"links": [], "gaps": [], "targets": [], "coverage": [],
                                                   "balance": []}
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
            tables["balance"] += _balance_rows(chain)
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


def _balance_rows(chain: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"chain": chain["id"], "view": view, "link": row["link"], "status": row["status"],
             "status_label": row["status_label"], "absence": row["absence"], "unit": row["unit"],
             "supply": row["supply"]["value"],
             "supply_actors": row["supply"]["actors"], "supply_known": row["supply"]["known"],
             "demand": row["demand"]["value"], "demand_complete": row["demand"]["complete"], "gap": row["gap"],
             "local_use": row["local_use"], "reasons": "; ".join(r["text"] for r in row["reasons"])}
            for view, rows in chain["balance"].items() for row in rows]


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
        "loops": [list(group) for group in c.loops],
        "absence": c.absence,
        "matches": {"count": c.match_count, "pairs": [r.to_dict(lang) for r in c.matches]},
        "candidates": "in_data" if any(t.route != "cultivate" for t in c.targets) else "none_in_data",
        "open_loop": {"has_recycling": c.open_loop.has_recycling, "open": c.open_loop.open,
                      "recycling_links": list(c.open_loop.recycling_links),
                      "idle_recycling_links": list(c.open_loop.idle_recycling_links),
                      "closing_links": list(c.open_loop.closing_links)},
        "chain_leader": {"iri": c.chain_leader.iri, "label": c.chain_leader.label, "how": c.chain_leader.how,
                         "reasons": [r.to_dict(lang) for r in c.chain_leader.reasons]},
        "balance": {view: list(rows) for view, rows in c.balance.items()},
        "single_sourced": list(c.single_sourced),
        "articulation_links": list(c.articulation_links),
        "gaps": [{"rank": rank, "id": g.link, "label": labels[g.link], "status": g.status, "action": g.action,
                  "action_label": term("action", g.action, lang), "score": g.score,
                  "reasons": [r.to_dict(lang) for r in g.reasons]} for rank, g in enumerate(c.gaps, start=1)],
        "targets": [{"rank": rank, "iri": t.iri, "label": t.label, "place": t.place,
                     "place_label": t.place_label, "links": list(t.links), "gap_score": t.gap_score,
                     "ties": t.ties, "capacity": t.capacity, "route": t.route,
                    "route_label": term("route", t.route, lang), "local": t.local,
                    "reasons": [r.to_dict(lang) for r in t.reasons]}
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
        "absence": link.absence, "min_firms": link.min_firms, "capped": link.capped, "themes": list(link.themes),
        "figures": list(link.figures),
    }
