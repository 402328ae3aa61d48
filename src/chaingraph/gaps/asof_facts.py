"""The key figures at a date (``report --as-of YEAR``): the region's stated figures, designations, clusters and
projects (:mod:`chaingraph.graphs.regionfacts`) as they could be stated by the end of a year.

A fact's date follows :mod:`chaingraph.gaps.asof`: the year of its earliest dated source (``dcterms:date``,
``prov:generatedAtTime`` or ``cg:year`` on the source), and besides:

* an **actual or estimated figure** is not known before the year it is of (``cg:year``): 2025's output value is
  left out at 2024, whatever its source — its date is the later of the two;
* a **target or planned figure** is dated by its source only: 「2025年产值达到330亿元」 set in a 2024 report is a
  target in 2024 (its year is the year aimed at, not the year it was set);
* a **project** is not there before its own date (``dcterms:date``: 「2025年2月签约」): the later of the two;
* a designation or a cluster is dated by its sources;
* a fact about an actor the date left out (a company's capacity, a project's investment) is left out with it.

A fact with no date at all (no year of its own, no dated source) is **kept**, as undated actors are, and
counted: the outputs say how many key figures were left out and how many are undated.

>>> fact_year([2025, 2024], 2024, "actual"), fact_year([2024], 2025, "target"), fact_year([], None, "actual")
(2024, 2024, None)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from rdflib import URIRef

from chaingraph.gaps.asof import AsOf, year_of
from chaingraph.store.protocol import QueryableGraph
from chaingraph.store.values import with_value_rows
from chaingraph.vocab.terms import plain

__all__ = ["fact_year", "facts_as_of"]

SOURCE_DATES = """SELECT ?source ?date WHERE { ?source (dcterms:date|prov:generatedAtTime|cg:year) ?date }"""
#: figures known by the year they are of (not targets, not plans)
OF_THEIR_YEAR = (None, "actual", "estimate")


def fact_year(sources: Iterable[int], own: int | None, status: str | None = None) -> int | None:
    """The year a fact is dated: its earliest dated source's, or its own (an actual figure's year, a project's
    date) when later; ``None`` when it has neither. The first example: an actual 2024 figure a 2025 report first
    states is dated 2024 only if an earlier source states it too — here the earliest source is 2024."""
    years = sorted(sources)
    dated = years[0] if years else None
    if own is not None and status in OF_THEIR_YEAR:
        return own if dated is None else max(dated, own)
    return dated


def _source_years(kg: QueryableGraph, sources: set[str]) -> dict[str, int]:
    """The year of each dated source of *sources* (the earliest date where one has several); read once per
    knowledge graph and set of sources."""
    key = ("source-years", frozenset(sources))
    if key in kg.cache:
        return kg.cache[key]  # type: ignore[return-value]
    years: dict[str, int] = {}
    wanted = sorted(sources)
    for start in range(0, len(wanted), 500):
        query = with_value_rows(SOURCE_DATES, "source", [URIRef(s) for s in wanted[start:start + 500]])
        for row in kg.select(query):
            year = year_of(plain(row["date"]))
            if year is not None:
                years[str(row["source"])] = min(year, years.get(str(row["source"]), year))
    kg.cache[key] = years
    return years


def facts_as_of(kg: QueryableGraph, facts: dict[str, list[dict[str, Any]]],
                dated: AsOf) -> tuple[dict[str, list[dict[str, Any]]], AsOf]:
    """*facts* without those dated after ``dated.year`` or about an actor the date left out; *dated* with what
    was left out and how many are undated (``facts``: ``{"left_out": [...], "undated": n}``)."""
    years = _source_years(kg, {s["iri"] for items in facts.values() for item in items for s in item["sources"]})
    gone = {actor["iri"] for actor in dated.left_out}
    kept: dict[str, list[dict[str, Any]]] = {}
    left_out: list[dict[str, Any]] = []
    undated = 0
    for kind, items in facts.items():
        kept[kind] = []
        for item in items:
            own, status = _own(kind, item)
            year = fact_year((years[s["iri"]] for s in item["sources"] if s["iri"] in years), own, status)
            about = item.get("entity") or item.get("iri")
            if (year is not None and year > dated.year) or about in gone:
                left_out.append({"kind": kind, "iri": about, "label": item.get("entity_label") or item.get("label"),
                                 "stated": item.get("stated"), "dated": year})
                continue
            undated += year is None
            kept[kind].append(item)
    return kept, replace(dated, facts={"left_out": left_out, "undated": undated})


def _own(kind: str, item: dict[str, Any]) -> tuple[int | None, str | None]:
    """A fact's own year and the status that says whether it counts: a figure's ``cg:year`` (its value status),
    a project's date (counted like an actual figure's)."""
    if kind == "figures":
        return year_of(item["year"]) if item.get("year") else None, item.get("status")
    if kind == "projects":
        return year_of(item["date"]) if item.get("date") else None, None
    return None, None
