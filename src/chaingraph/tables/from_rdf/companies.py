"""The rows of companies.csv: names, aliases, region, links, status, capacity, customers, role and sources of
every company and project."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from chaingraph.sparql.catalogue import named_query
from chaingraph.store.protocol import QueryableGraph, Row
from chaingraph.tables.from_rdf.common import cell_text, join, local, number
from chaingraph.tables.from_rdf.regions import Places
from chaingraph.tables.magnitudes import QuantityError, canonical, parse_amount, read_quantity, unit_text

__all__ = ["CompanyRows"]

_TEXT_FACTS = ("label", "alias", "link", "status", "source_title", "source_url")


@dataclass
class _Actor:
    """The facts of a company or project, as table-actors gives them."""

    type: str = ""  #: company or project
    facts: dict[str, list[Node | None]] = field(default_factory=lambda: defaultdict(list))  #: fact → values
    titled: list[tuple[Node, Node]] = field(default_factory=list)  #: (source, title)
    urls: list[tuple[Node, Node]] = field(default_factory=list)  #: (source, URL)


def _read_actors(kg: QueryableGraph) -> dict[Node, _Actor]:
    actors: dict[Node, _Actor] = {}
    for row in kg.select(named_query("table-actors").text):
        actor = actors.setdefault(row["actor"], _Actor())
        actor.type = str(row["type"])
        fact = str(row["fact"])
        actor.facts[fact].append(row.get("text") if fact in _TEXT_FACTS else row.get("value"))
        if fact == "source_title":
            actor.titled.append((row["value"], row["text"]))
        if fact == "source_url":
            actor.urls.append((row["value"], row["text"]))
    return actors


def _zh_first(literal: Node | None) -> tuple[bool, str]:
    """Sort key: Chinese texts first, then by text."""
    return getattr(literal, "language", None) != "zh", str(literal)


class CompanyRows:
    """The rows of companies.csv: names, aliases, region, links, status, capacity, customers, role, sources."""

    def __init__(self, kg: QueryableGraph, places: Places, warnings: list[str]) -> None:
        self.places = places
        self.warnings = warnings
        self.actors = _read_actors(kg)
        self.names: dict[Node, str] = {}
        self.aliases: dict[Node, list[str]] = {}
        for iri, actor in self.actors.items():
            labels = sorted(actor.facts["label"], key=_zh_first)
            name = cell_text(str(labels[0])) if labels else local(iri, "org-")
            self.names[iri] = name
            others = {cell_text(str(lit)) for lit in [*labels[1:], *actor.facts["alias"]]}
            self.aliases[iri] = sorted(others - {"", name})
        self._warn_of_namesakes()
        self.capacities: dict[Node, list[Row]] = defaultdict(list)
        for row in kg.select(named_query("actor-capacities").text):
            self.capacities[row["actor"]].append(row)
        self.leaders = {row["leader"] for row in kg.select(named_query("chain-leaders").text)}

    def _warn_of_namesakes(self) -> None:
        seen: dict[str, Node] = {}
        for iri in sorted(self.actors, key=str):
            name = self.names[iri]
            if name in seen:
                self.warnings.append(f"two companies are called '{name}' ({seen[name]} and {iri}): "
                                     "the tables cannot tell them apart, an import merges them")
            seen.setdefault(name, iri)

    def rows(self) -> list[dict[str, str]]:
        rows = [self._row(iri, actor) for iri, actor in self.actors.items()]
        return sorted(rows, key=lambda r: (r["name"], r["region"], r["links"]))

    def _row(self, iri: Node, actor: _Actor) -> dict[str, str]:
        region = self._region(iri, actor)
        statuses = sorted(str(s) for s in actor.facts["status"] if s is not None)
        status = statuses[0] if statuses else ("planned" if actor.type == "project" else "")
        capacity, unit = self._capacity(iri)
        return {
            "name": self.names[iri], "aliases": join(self.aliases[iri]),
            "region": self.places.ids[region] if region is not None else "",
            "links": join(sorted({str(t) for t in actor.facts["link"] if t is not None})), "status": status,
            "capacity": capacity, "capacity_unit": unit, "customers": join(self._customers(iri, actor)),
            "suppliers": "", "role": "leader" if iri in self.leaders else "", "source": join(_sources(actor)),
        }

    def _region(self, iri: Node, actor: _Actor) -> Node | None:
        """The region the actor lies in (a warning when its place is in no known region)."""
        places_of = sorted(actor.facts["place"], key=str)
        region = next((r for r in (self.places.region_of(p) for p in places_of) if r is not None), None)
        if places_of and region is None:
            self.warnings.append(f"'{self.names[iri]}' lies in {places_of[0]}, which is not a known region: left out")
        return region

    def _capacity(self, iri: Node) -> tuple[str, str]:
        """The cells capacity and capacity_unit: the first capacity (a warning when there are more)."""
        found = sorted(self.capacities.get(iri, ()), key=lambda r: (str(r.get("unit")), str(r.get("value"))))
        if not found:
            return "", ""
        if len(found) > 1:
            self.warnings.append(f"'{self.names[iri]}' has {len(found)} capacities: the tables keep one")
        return _capacity(found[0])

    def _customers(self, iri: Node, actor: _Actor) -> list[str]:
        """The names of the companies the actor supplies (a warning for each customer that is not a company)."""
        customers = sorted(self.names[c] for c in actor.facts["customer"] if c in self.names)
        for customer in sorted({str(c) for c in actor.facts["customer"] if c is not None and c not in self.names}):
            self.warnings.append(f"'{self.names[iri]}' supplies {customer}, which is not a company: left out")
        return customers


def _sources(actor: _Actor) -> list[str]:
    """The cell ``source``: the URL of each source, else its title (Chinese first)."""
    sources: dict[Node, str] = {}
    for source, url in sorted(actor.urls, key=lambda pair: str(pair[1])):
        sources.setdefault(source, str(url))
    for source, title in sorted(actor.titled, key=lambda pair: _zh_first(pair[1])):
        sources.setdefault(source, str(title))
    return sorted(set(sources.values()))


def _capacity(row: Row) -> tuple[str, str]:
    """The capacity cell (the stated text when it reads back as the same amount) and the unit cell (empty when
    the capacity cell names its unit)."""
    value = number(row["value"])
    unit = URIRef(str(row["unit"]))
    stated = cell_text(str(row["stated"])) if row.get("stated") is not None else ""
    if stated and value is not None:
        amount = parse_amount(stated)
        try:
            reading = read_quantity(stated, "" if amount is None or amount.unit else unit_text(unit))
        except QuantityError:
            reading = None
        if reading is not None and reading.value == value and reading.unit == unit:
            return stated, "" if reading.names_unit else unit_text(unit)
    return (canonical(value) if value is not None else str(row["value"])), unit_text(unit)
