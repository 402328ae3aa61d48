"""The rows of companies.csv: id, names, region, links, status, capacity (with its link, value status and
year), count and groups, customers, role and sources of every company and project."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rdflib.term import Node

from chaingraph.sparql.catalogue import named_query, unordered
from chaingraph.store.protocol import QueryableGraph, Row
from chaingraph.tables.from_rdf.common import cell_text, facts_of, join, local, number
from chaingraph.tables.from_rdf.figures import capacity_cells, count_cell
from chaingraph.tables.from_rdf.queries import ACTOR_CAPACITIES, ACTOR_EXTRAS
from chaingraph.tables.from_rdf.regions import Places
from chaingraph.vocab.identifiers import check_identifier

__all__ = ["CompanyRows"]

_TEXT_FACTS = ("label", "alias", "link", "status", "source_title", "source_url")


@dataclass
class _Actor:
    """The facts of a company or project, as table-actors gives them."""

    type: str = ""  #: company or project
    facts: dict[str, list[Node | None]] = field(default_factory=lambda: defaultdict(list))  #: fact → values
    titled: list[tuple[Node, Node]] = field(default_factory=list)  #: (source, title)
    urls: list[tuple[Node, Node]] = field(default_factory=list)  #: (source, URL)


def _read_actors(kg: QueryableGraph) -> tuple[dict[Node, _Actor], list[Node]]:
    """The facts of every company and project, in the order of their IRIs; and the actors typed both company and
    project (kept as a company). The rows come unsorted (a store sorted 600,000 of them in 4.6 s), as what
    follows orders the facts of each actor itself; an actor of both types has every fact twice, once per type."""
    by_type: dict[tuple[Node, str], _Actor] = {}
    for row in kg.select(unordered("table-actors")[0]):
        kind = str(row["type"])
        actor = by_type.setdefault((row["actor"], kind), _Actor(type=kind))
        fact = str(row["fact"])
        actor.facts[fact].append(row.get("text") if fact in _TEXT_FACTS else row.get("value"))
        if fact == "source_title":
            actor.titled.append((row["value"], row["text"]))
        if fact == "source_url":
            actor.urls.append((row["value"], row["text"]))
    actors: dict[Node, _Actor] = {}
    both: list[Node] = []
    for (iri, _), actor in sorted(by_type.items(), key=lambda item: (str(item[0][0]), item[0][1])):
        if iri in actors:  # "company" sorts before "project": the company's facts are kept, once
            both.append(iri)
        else:
            actors[iri] = actor
    return actors, both


def _zh_first(literal: Node | None) -> tuple[bool, str]:
    """Sort key: Chinese texts first, then by text."""
    return getattr(literal, "language", None) != "zh", str(literal)


class CompanyRows:
    """The rows of companies.csv: names, aliases, region, links, status, capacity, customers, role, sources."""

    def __init__(self, kg: QueryableGraph, places: Places, warnings: list[str]) -> None:
        self.places = places
        self.warnings = warnings
        self.actors, both = _read_actors(kg)
        self.names: dict[Node, str] = {}
        self.aliases: dict[Node, list[str]] = {}
        for iri, actor in self.actors.items():
            labels = sorted(actor.facts["label"], key=_zh_first)
            name = cell_text(str(labels[0])) if labels else local(iri, "org-")
            self.names[iri] = name
            others = {cell_text(str(lit)) for lit in [*labels[1:], *actor.facts["alias"]]}
            self.aliases[iri] = sorted(others - {"", name})
        extras = kg.select(ACTOR_EXTRAS)
        self.extras = facts_of(extras)
        self.counts = {row["thing"]: row for row in extras if str(row["fact"]) == "count"}
        self.count_cells = {iri: self._count(iri) for iri in self.counts if iri in self.actors}
        self.ids = {iri: self._id(iri) for iri in self.actors}
        self.uses = Counter([*self.names.values(), *(a for aliases in self.aliases.values() for a in aliases)])
        self._warn_of_namesakes()
        self.warnings += [f"'{self.names[iri]}' is both a company and a project (chaingraph validate reports it): "
                          "the tables keep it as a company" for iri in both]
        self.capacities: dict[Node, dict[Node, Row]] = defaultdict(dict)
        for row in kg.select(ACTOR_CAPACITIES):
            self.capacities[row["actor"]].setdefault(row["q"], row)
        leading = kg.select(named_query("chain-leaders").text)
        self.leaders = {row["leader"] for row in leading}
        self._warn_of_shared_leads(leading)

    def _id(self, iri: Node) -> str:
        """The cell ``id``: the actor's identifier (a warning when it has several, or one the tables refuse)."""
        found = sorted(str(v) for v in self.extras.get(iri, {}).get("id", ()))
        if len(found) > 1:
            self.warnings.append(f"'{self.names[iri]}' has {len(found)} identifiers: the tables keep {found[0]}")
        if found and check_identifier(found[0]).problem:
            self.warnings.append(f"the identifier '{found[0]}' of '{self.names[iri]}' is "
                                 f"{check_identifier(found[0]).problem}: left out")
            return ""
        return check_identifier(found[0]).id if found else ""

    def _warn_of_namesakes(self) -> None:
        """Actors of one name are merged by an import unless each has its own id."""
        by_name: dict[str, list[Node]] = defaultdict(list)
        for iri in sorted(self.actors, key=str):
            by_name[self.names[iri]].append(iri)
        for name, iris in by_name.items():
            ids = [self.ids[i] for i in iris]
            if len(iris) > 1 and (not all(ids) or len(set(ids)) < len(ids)):
                self.warnings.append(f"{len(iris)} companies are called '{name}' ({', '.join(map(str, iris))}) and "
                                     "not each has its own id: the tables cannot tell them apart, an import merges "
                                     "them")

    def _warn_of_shared_leads(self, leading: list[Row]) -> None:
        """The tables hold one chain leader per chain and region (the ``role`` column): where the graph states
        more, an import of the tables refuses all but the first."""
        by_lead: dict[tuple[Node, Node], set[Node]] = defaultdict(set)
        for row in leading:
            by_lead[row["chain"], row["region"]].add(row["leader"])
        for (chain, region), leaders in sorted(by_lead.items(), key=str):
            if len(leaders) > 1:
                names = sorted(self.names.get(iri, str(iri)) for iri in leaders)
                self.warnings.append(f"{len(leaders)} chain leaders of chain '{local(chain, 'chain-')}' in region "
                                     f"'{self.places.ids.get(region, local(region, 'region-'))}' ({', '.join(names)}): "
                                     "the tables hold one per chain and region, an import refuses the others — keep "
                                     "one as leader")

    def reference(self, iri: Node) -> str:
        """How another row names the actor: its name, or its id when another actor has that name or alias."""
        name = self.names[iri]
        return self.ids[iri] if self.uses[name] > 1 and self.ids[iri] else name

    def rows(self) -> list[dict[str, str]]:
        rows = [self._row(iri, actor) for iri, actor in self.actors.items()]
        return sorted(rows, key=lambda r: (r["name"], r["id"], r["region"], r["links"]))

    def _row(self, iri: Node, actor: _Actor) -> dict[str, str]:
        region = self._region(iri, actor)
        statuses = sorted(str(s) for s in actor.facts["status"] if s is not None)
        status = statuses[0] if statuses else ("planned" if actor.type == "project" else "")
        links = sorted({str(t) for t in actor.facts["link"] if t is not None})
        return {
            "name": self.names[iri], "id": self.ids[iri], "aliases": join(self.aliases[iri]),
            "region": self.places.ids[region] if region is not None else "", "links": join(links),
            "status": status, **self._capacity(iri, status, set(links)), "count": self.count_cells.get(iri, ""),
            "group": join(self._groups(iri)), "customers": join(self._customers(iri, actor)), "suppliers": "",
            "role": "leader" if iri in self.leaders else "", "source": join(_sources(actor)),
        }

    def _region(self, iri: Node, actor: _Actor) -> Node | None:
        """The region the actor lies in (a warning when its place is in no known region)."""
        places_of = sorted(actor.facts["place"], key=str)
        region = next((r for r in (self.places.region_of(p) for p in places_of) if r is not None), None)
        if places_of and region is None:
            self.warnings.append(f"'{self.names[iri]}' lies in {places_of[0]}, which is not a known region: left out")
        return region

    def _capacity(self, iri: Node, status: str, links: set[str]) -> dict[str, str]:
        """The capacity cells: of the first capacity (a warning when there are more)."""
        found = sorted(self.capacities.get(iri, {}).values(),
                       key=lambda r: (str(r.get("unit")), str(r.get("value")), str(r.get("stated"))))
        if not found:
            return {}
        if len(found) > 1:
            self.warnings.append(f"'{self.names[iri]}' has {len(found)} capacities: the tables keep one")
        return capacity_cells(found[0], status, links, self.names[iri], self.warnings)

    def _count(self, iri: Node) -> str:
        """The cell ``count`` of a counted group (a warning for a count that is not a whole number ≥ 1)."""
        row = self.counts.get(iri)
        if row is None:
            return ""
        value = number(row["value"])
        if value is None or value != value.to_integral_value() or value < 1:
            self.warnings.append(f"the member count of '{self.names[iri]}' is {row['value']}, not a whole number "
                                 "≥ 1: left out")
            return ""
        return count_cell(int(value), str(row["bound"]) if row.get("bound") is not None else None,
                          str(row["stated"]) if row.get("stated") is not None else None)

    def _groups(self, iri: Node) -> list[str]:
        """The counted groups the actor is a member of (a warning for a group without a count)."""
        groups = []
        for group in sorted(set(self.extras.get(iri, {}).get("group", ())), key=str):
            if self.count_cells.get(group):
                groups.append(self.reference(group))
            elif group in self.actors:
                self.warnings.append(f"'{self.names[iri]}' is a member of '{self.names[group]}', which has no "
                                     "member count: left out")
        return sorted(groups)

    def _customers(self, iri: Node, actor: _Actor) -> list[str]:
        """The companies the actor supplies (a warning for each customer that is not a company)."""
        customers = sorted(self.reference(c) for c in actor.facts["customer"] if c in self.names)
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
