"""Compared with whom (``chaingraph compare``): the chains of several regions side by side — one table per chain
with its links as rows and the regions as columns (status, operating firms, capacity), the coverage per segment,
and what each region has that the others lack.

A region's data **covers** a chain when it names at least one local actor of the chain (any status) or states
that it lists every local company of one of its links (a coverage statement). A region whose data does not cover
the chain is shown as *not covered* in every cell of it — never as lacking a link — and is left out when what the
regions have is compared. Within a covered chain a link without an operating actor keeps its absence: confirmed
by a coverage statement, or not (「缺链（数据未覆盖）」).

Every region is analysed as ``chaingraph gaps`` analyses it, in one knowledge graph: the chains are read once,
each region's facts once (:func:`~chaingraph.gaps.analyze`).

>>> from chaingraph.knowledge import KnowledgeGraph
>>> table = compare_regions(KnowledgeGraph.open(), ["綦江区", "重庆市"], chains=["copper"]).chains[0]
>>> table.id, [column["covered"] for column in table.regions]
('copper', [True, True])
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chaingraph.analysis.balance import supply_of
from chaingraph.errors import InputError
from chaingraph.gaps import GapAnalysis, analyze
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.words import Lang, amount, pick, status_word, whatif_words

__all__ = ["COMPARE_SCHEMA", "ChainComparison", "Comparison", "compare_regions"]

COMPARE_SCHEMA = "chaingraph.compare/1"


@dataclass(frozen=True)
class ChainComparison:
    """One chain across the regions: ``regions`` (the columns: region, covered, coverage, segments), ``links``
    (the rows: one cell per region) and ``distinct`` (per covered region, the links it operates and every other
    covered region does not)."""

    id: str
    label: dict[str, str]
    regions: tuple[dict[str, Any], ...]
    links: tuple[dict[str, Any], ...]
    distinct: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "regions": list(self.regions), "links": list(self.links),
                "distinct": list(self.distinct)}


@dataclass(frozen=True)
class Comparison:
    """Several regions compared chain by chain (JSON ``chaingraph.compare/1``, docs/compare.md)."""

    regions: tuple[dict[str, Any], ...]
    chains: tuple[ChainComparison, ...]
    lang: Lang = "zh"
    #: evaluated at a date (``as_of``): each region's ``as_of`` of its analysis, in the order of ``regions``
    as_of: tuple[dict[str, Any], ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"schema": COMPARE_SCHEMA, "regions": list(self.regions), "chains": [c.to_dict() for c in self.chains],
                **({"as_of": list(self.as_of)} if self.as_of else {})}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """Flat tables: ``links`` (a row per chain and link, three columns per region) and ``coverage`` (a row per
        chain and segment, a column per region); the column names carry the region's name."""
        w = whatif_words(self.lang)
        names = [pick(r["label"], self.lang) or r["id"] for r in self.regions]
        links, coverage = [], []
        for chain in self.chains:
            for row in chain.links:
                entry: dict[str, Any] = {"chain": chain.id, "link": row["id"], "label": pick(row["label"], self.lang),
                                         "segment": row["segment"] or ""}
                for name, cell in zip(names, row["cells"], strict=True):
                    entry[f"{name} {w['col_status']}"] = cell["status_label"]
                    entry[f"{name} {w['col_firms']}"] = cell["operating"] if cell["covered"] else ""
                    entry[f"{name} {w['col_capacity']}"] = cell["capacity_text"]
                links.append(entry)
            for index, segment in enumerate(chain.regions[0]["segments"]):
                entry = {"chain": chain.id, "segment": segment["label"] or ""}
                for name, column in zip(names, chain.regions, strict=True):
                    cell = column["segments"][index]
                    entry[name] = f"{cell['operating']}/{cell['total']}" if column["covered"] else w["not_covered"]
                coverage.append(entry)
        return {"links": links, "coverage": coverage}


def compare_regions(kg: KnowledgeGraph, regions: Sequence[str], chains: Sequence[str] | None = None,
                    lang: Lang = "zh", **options: Any) -> Comparison:
    """*regions* (two or more names or ids) compared on *chains* (or every chain); *options* go to
    :func:`~chaingraph.gaps.analyze` (``min_firms``, ``named_only``, ``as_of``)."""
    if len(regions) < 2:
        raise InputError.single("compare needs at least two regions", hint="give --region twice or more")
    results = [analyze(kg, region=r, chains=chains, lang=lang, evidence=False, max_targets=0, **options)
               for r in regions]
    seen = [r.region["iri"] for r in results]
    if len(set(seen)) < len(seen):
        twice = next(regions[i] for i, iri in enumerate(seen) if seen.index(iri) != i)
        raise InputError.single(f"the region {twice!r} is given twice", hint="give each region once")
    ids = [c.id for c in results[0].chains if all(any(x.id == c.id for x in r.chains) for r in results)]
    # each analysis as its JSON once: a chain's table reads its chain from each (not each result per chain)
    chains_of = [{c["id"]: c for c in r.to_dict()["chains"]} for r in results]
    return Comparison(tuple(r.region for r in results),
                      tuple(_chain([c[chain_id] for c in chains_of], results, lang) for chain_id in ids), lang,
                      tuple(r.as_of for r in results if r.as_of) or None)


def _chain(chains: list[dict[str, Any]], results: list[GapAnalysis], lang: Lang) -> ChainComparison:
    """One chain's table from its JSON in each region's analysis (*chains*, in the order of *results*)."""
    w = whatif_words(lang)
    chain_id = chains[0]["id"]
    covered = [_covers(c) for c in chains]
    columns = tuple({"region": r.region["iri"], "label": r.region["label"], "covered": cov,
                     "coverage": {k: c["coverage"][k] for k in ("operating", "total", "ratio")} if cov else None,
                     "segments": [{"key": s["key"], "label": s["label"], "operating": s["operating"],
                                   "total": s["total"]} for s in c["coverage"]["by_segment"]]}
                    for r, c, cov in zip(results, chains, covered, strict=True))
    by_id = [{link["id"]: link for link in c["links"]} for c in chains]
    rows = []
    for link in chains[0]["links"]:
        cells = [_cell(links[link["id"]], cov, w, lang) for links, cov in zip(by_id, covered, strict=True)]
        rows.append({"id": link["id"], "label": link["label"], "segment": link["segment_label"], "cells": cells})
    distinct = []
    for i, column in enumerate(columns):
        if not column["covered"]:
            continue
        others = [j for j in range(len(columns)) if j != i and columns[j]["covered"]]
        has = [row["id"] for row in rows if row["cells"][i]["operating"] and others
               and not any(row["cells"][j]["operating"] for j in others)]
        distinct.append({"region": column["region"], "label": column["label"], "links": has,
                         "compared_with": [columns[j]["region"] for j in others]})
    return ChainComparison(chain_id, chains[0]["label"], columns, tuple(rows), tuple(distinct))


def _covers(chain: dict[str, Any]) -> bool:
    """Whether the region's data covers the chain: a local actor of it, or a coverage statement."""
    return any(link["local_firms"] or link["planned_projects"] or link["absence"] == "confirmed"
               for link in chain["links"])


def _cell(link: dict[str, Any], covered: bool, w: dict[str, str], lang: Lang) -> dict[str, Any]:
    if not covered:
        return {"covered": False, "status": None, "absence": None, "status_label": w["not_covered"],
                "operating": None, "capacity": None, "capacity_text": ""}
    figures = [(float(f["capacity"]["value"]), str(f["capacity"]["unit"]))
               if f.get("capacity") and isinstance(f["capacity"].get("value"), int | float) else None
               for f in link["local_firms"] for _ in range(max(1, f.get("count", 1)) if not f.get("capacity") else 1)]
    supply = supply_of(figures)
    text = ""
    if supply.known:
        text = amount(supply.value, supply.unit, lang) + ("" if supply.complete else
                                                          w["of_known"].format(known=supply.known, n=supply.actors))
    return {"covered": True, "status": link["status"], "absence": link["absence"],
            "status_label": status_word(link["status"], link["absence"], lang), "operating": link["operating_actors"],
            "capacity": {"value": supply.value, "unit": supply.unit, "actors": supply.actors, "known": supply.known}
            if supply.known else None, "capacity_text": text}
