"""A date as a layer (``--as-of YEAR``): a region's companies, projects and capacities as its dated sources
had them by the end of a year.

A fact's date is the year of the earliest **dated** source it derives from (``prov:wasDerivedFrom``), a source
being dated by ``dcterms:date``, ``prov:generatedAtTime`` or ``cg:year`` (any of ``2024``, ``2024-06``,
``2024-06-30``, ``2024-06-30T12:00:00``: its year). The facts are the region's own actors (a company, a project,
a counted group) and their capacity figures. At *YEAR*:

* an actor whose earliest dated source is after *YEAR* is left out, with its place in every link; so is one whose
  own date (``dcterms:date``: a project signed in 2025-02) is after *YEAR*;
* a capacity figure whose earliest dated source is after *YEAR* is left out (its actor stays, if kept);
* an actor or figure with no dated source (no source, or sources without a date — the tables' own source is
  undated) is **kept**: the evaluation rests on dated sources only, and says how many actors were undated.

Like a scenario (:mod:`chaingraph.gaps.assume`), the date is laid over copies of what the knowledge graph read
of the region (:func:`chaingraph.gaps.region.region_facts`); nothing is written, and the dates are read once per
knowledge graph and region. docs/scenarios.md, "At a date", states what this can and cannot say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import networkx as nx
from rdflib import URIRef

from chaingraph.graphs.links import count_actors
from chaingraph.store.protocol import QueryableGraph
from chaingraph.vocab.terms import plain

__all__ = ["AsOf", "apply_as_of", "year_of"]

_DATED = "(dcterms:date|prov:generatedAtTime|cg:year)"
ACTOR_DATES = f"""SELECT ?actor ?date WHERE {{
  ?actor cg:locatedIn+ ?region ; prov:wasDerivedFrom ?source .
  ?source {_DATED} ?date .
}}"""
#: an actor's own date (a project's 「2025年2月签约」): it is not there before
OWN_DATES = """SELECT ?actor ?date WHERE { ?actor cg:locatedIn+ ?region ; dcterms:date ?date . }"""
CAPACITY_DATES = f"""SELECT ?actor ?value ?unit ?value_status ?for_link ?date WHERE {{
  ?actor cg:locatedIn+ ?region ; cg:capacity ?q .
  ?q qudt:numericValue ?value ; qudt:unit ?unit ; prov:wasDerivedFrom ?source .
  ?source {_DATED} ?date .
  OPTIONAL {{ ?q cg:valueStatus/skos:notation ?value_status }}
  OPTIONAL {{ ?q cg:forLink/skos:notation ?for_link }}
}}"""


def year_of(value: object) -> int | None:
    """The year of a date as the data writes it (xsd:gYear, gYearMonth, date, dateTime), or ``None``.

    >>> year_of("2024"), year_of("2025-02"), year_of("2024-06-30T12:00:00Z"), year_of("去年")
    (2024, 2025, 2024, None)
    """
    match = re.match(r"\s*(\d{4})", str(value))
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class AsOf:
    """What evaluating a region at the end of *year* left out, and on what it rests."""

    year: int
    left_out: tuple[dict[str, Any], ...]  #: actors first dated after the year: {iri, label, links, status, dated}
    capacities_left_out: tuple[dict[str, Any], ...]  #: {iri, label, value, unit, link, dated}
    dated: int  #: local actors with a dated source
    undated: int  #: local actors with none (kept)
    #: the key figures left out and how many are undated (:mod:`chaingraph.gaps.asof_facts`), once applied
    facts: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "basis": "dated_sources", "dated": self.dated, "undated": self.undated,
                "left_out": list(self.left_out), "capacities_left_out": list(self.capacities_left_out),
                **({"facts": self.facts} if self.facts is not None else {})}


def _dates(kg: QueryableGraph, region: URIRef) -> tuple[dict[str, int], dict[tuple[Any, ...], int]]:
    """Per local actor, and per (actor, value, unit, status, link) capacity figure, the year of its earliest dated
    source; read once per knowledge graph and region."""
    key = ("as-of-dates", str(region))
    if key not in kg.cache:
        actors: dict[str, int] = {}
        for row in kg.select(ACTOR_DATES, region=region):
            year = year_of(plain(row["date"]))
            if year is not None:
                actors[str(row["actor"])] = min(year, actors.get(str(row["actor"]), year))
        for row in kg.select(OWN_DATES, region=region):  # the later of its own date and its earliest source's
            year = year_of(plain(row["date"]))
            if year is not None:
                actors[str(row["actor"])] = max(year, actors.get(str(row["actor"]), year))
        figures: dict[tuple[Any, ...], int] = {}
        for row in kg.select(CAPACITY_DATES, region=region):
            year = year_of(plain(row["date"]))
            if year is not None:
                figure = _figure_key(str(row["actor"]), plain(row["value"]), str(row["unit"]).rsplit("/", 1)[-1],
                                     plain(row.get("value_status")), plain(row.get("for_link")))
                figures[figure] = min(year, figures.get(figure, year))
        kg.cache[key] = (actors, figures)
    return kg.cache[key]  # type: ignore[return-value]


def _figure_key(actor: str, value: Any, unit: str, status: Any, link: Any) -> tuple[Any, ...]:
    return (actor, float(value) if isinstance(value, int | float) else value, unit, status, link)


def apply_as_of(kg: QueryableGraph, year: int, graph: nx.DiGraph, firms: nx.DiGraph, region: URIRef) -> AsOf:
    """Leave out of *graph* and *firms* (copies of the region's link and firm graphs) the local actors and
    capacity figures first dated after *year*; say what was left out (:class:`AsOf`)."""
    actor_years, figure_years = _dates(kg, region)
    local = {iri: data for iri, data in firms.nodes(data=True) if data["local"]}
    later = sorted(iri for iri in local if actor_years.get(iri, year) > year)
    left_out = tuple({"iri": iri, "label": local[iri]["label"], "links": list(local[iri]["links"]),
                      "status": local[iri]["status"], "dated": actor_years[iri]} for iri in later)
    for data in graph.nodes.values():
        if any(a["iri"] in later for a in data["actors"]):
            data["actors"] = [a for a in data["actors"] if a["iri"] not in later]
            count_actors(data)
    firms.remove_nodes_from(later)
    dropped = []
    for iri in sorted(set(local) - set(later)):
        node = firms.nodes[iri]
        kept = []
        for figure in node["capacities"]:
            dated = figure_years.get(_figure_key(iri, figure["value"], figure["unit"], figure.get("status"),
                                                 figure.get("link")), year)
            if dated > year:
                dropped.append({"iri": iri, "label": node["label"], "value": figure["value"], "unit": figure["unit"],
                                "link": figure.get("link"), "stated": figure.get("stated"), "dated": dated})
            else:
                kept.append(figure)
        node["capacities"] = kept
    dated = sum(1 for iri in local if iri in actor_years)
    return AsOf(year, left_out, tuple(dropped), dated, len(local) - dated)
