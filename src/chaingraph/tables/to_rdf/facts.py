"""The facts of a company: its id, region, status, capacity, count, role, links, groups and sources, read from
its rows (which must agree when it is listed more than once) and added to the graph as a ``cg:Enterprise``."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from chaingraph.errors import closest
from chaingraph.tables.reader import RawTable, Row
from chaingraph.tables.schema import controlled, split_multi
from chaingraph.tables.to_rdf.capacities import (
    CAPACITY_COLUMNS,
    Capacity,
    Count,
    add_capacity,
    add_member_count,
    read_capacity,
    read_count,
)
from chaingraph.tables.to_rdf.companies import Companies, Company
from chaingraph.tables.to_rdf.core import ImportOutput, lang_of, text_literal
from chaingraph.tables.to_rdf.links import Link, Links
from chaingraph.tables.to_rdf.regions import Regions
from chaingraph.vocab.namespaces import CG, DCTERMS, SKOS

__all__ = ["ROLES", "CompanyFacts", "FactReader", "add_company"]

ROLES = {"leader": "leader", "链主": "leader", "chain leader": "leader", "chain_leader": "leader"}


@dataclass
class CompanyFacts:
    """What the rows of one company state (the first row's value of each column; None when it is wrong)."""

    region: URIRef | None = None
    status: str | None = None
    capacity: Capacity | None = None
    count: Count | None = None
    role: str | None = None
    links: dict[URIRef, Link] = field(default_factory=dict)
    groups: list[str] = field(default_factory=list)  #: the counted groups it belongs to (keys or IRIs)
    cited: list[URIRef] = field(default_factory=list)  #: the sources of its rows, in order


class FactReader:
    """Reads the facts of a company from its rows, resolving regions, links, groups and sources."""

    def __init__(self, out: ImportOutput, regions: Regions, links: Links, sources: dict[str, URIRef],
                 companies: Companies) -> None:
        self.out = out
        self.regions = regions
        self.links = links
        self.sources = sources
        self.companies = companies

    def read(self, raw: RawTable, company: Company) -> CompanyFacts:
        facts = CompanyFacts()
        first: dict[str, tuple[object, str, Row]] = {}  # column → (resolved value, cell text, first row)
        for row in company.rows:
            self._merge(raw, company, row, self._values(raw, row), first)
            for text in split_multi(row["links"]):
                link = self.links.resolve(raw, row, "links", text)
                if link is not None:
                    facts.links.setdefault(link.iri, link)
            for text in split_multi(row["group"]):
                group = self._group(raw, row, company, text)
                if group is not None and group not in facts.groups:
                    facts.groups.append(group)
            for text in split_multi(row["source"]):
                if self.sources[text] not in facts.cited:
                    facts.cited.append(self.sources[text])
        if len(company.rows) > 1:
            numbers = ", ".join(str(r.number) for r in company.rows)
            self.out.warn(f"{raw.display}: company '{company.name}' is listed in rows {numbers}; "
                          "the rows agree and were merged")
        value, none = first.get, (None,)  # column → the first row's value (10⁵ companies: no dict of them)
        region, status, capacity = value("region", none)[0], value("status", none)[0], value("capacity", none)[0]
        count, role = value("count", none)[0], value("role", none)[0]
        facts.region = region if isinstance(region, URIRef) else None
        facts.status = status if isinstance(status, str) else None
        facts.capacity = capacity if isinstance(capacity, Capacity) else None
        facts.count = count if isinstance(count, Count) else None
        facts.role = role if isinstance(role, str) else None
        if facts.capacity is not None and facts.capacity.link is not None:
            self._check_capacity_link(raw, first["capacity"][2], facts)
        return facts

    def _values(self, raw: RawTable, row: Row) -> dict[str, object]:
        """The region, status, capacity, count and role of the cells *row* fills (None for a wrong cell)."""
        values: dict[str, object] = {}
        if row["region"]:
            values["region"] = self.regions.resolve(raw, row, "region", row["region"])
        if row["status"]:
            values["status"] = self._status(raw, row)
        if row["capacity"] or row["capacity_unit"] or row["capacity_link"] or row["capacity_status"] or \
                row["capacity_year"]:  # CAPACITY_COLUMNS, written out
            values["capacity"] = read_capacity(self.out, raw, row, self.links)
        if row["count"]:
            values["count"] = read_count(self.out, raw, row)
        if row["role"]:
            values["role"] = self._role(raw, row)
        return values

    def _status(self, raw: RawTable, row: Row) -> str | None:
        statuses = controlled("statuses")
        status = statuses.lookup(row["status"])
        if status is None:
            self.out.problem(raw, row, "status", "unknown status", row["status"],
                             "one of " + ", ".join(statuses.notations) + " (empty: operating)",
                             closest(row["status"], statuses.notations))
        return status

    def _role(self, raw: RawTable, row: Row) -> str | None:
        role = ROLES.get(row["role"].casefold())
        if role is None:
            self.out.problem(raw, row, "role", "unknown role", row["role"], "leader (链主) or nothing",
                             closest(row["role"], ["leader"]))
        return role

    def _group(self, raw: RawTable, row: Row, company: Company, text: str) -> str | None:
        """The counted group the cell ``group`` names: a company of the tables with a count, or of the context."""
        group = self.companies.resolve(row, "group", text, add_unlisted=False)
        if group is None:
            return None
        if group == company.key:
            self.out.problem(raw, row, "group", "a company cannot be a member of itself", text,
                             "the name or id of the counted group it belongs to")
            return None
        listed = self.companies.by_key.get(group)
        if listed is not None and not any(r["count"] for r in listed.rows):
            groups = [c.id or c.name for c in self.companies if any(r["count"] for r in c.rows)]
            self.out.problem(raw, row, "group", "not a counted group", text,
                             "the name or id of a company with a count (column count)", closest(text, groups))
            return None
        return group

    def _check_capacity_link(self, raw: RawTable, row: Row, facts: CompanyFacts) -> None:
        """The link of a capacity must be one of the company's links."""
        link = facts.capacity.link if facts.capacity else None
        if link is None or link.iri in facts.links:
            return
        ids = sorted(known.id for known in facts.links.values())
        self.out.problem(raw, row, "capacity_link", "the capacity's link is not one of the company's links:",
                         row["capacity_link"], f"one of its links ({', '.join(ids)})" if ids else
                         "one of its links (column links is empty)", closest(row["capacity_link"], ids))
        facts.capacity = None

    def _merge(self, raw: RawTable, company: Company, row: Row, values: dict[str, object],
               first: dict[str, tuple[object, str, Row]]) -> None:
        """Keep the first row's value of each column; a problem for a later row that states another."""
        for column, value in values.items():
            cell = row[column] or next((row[c] for c in CAPACITY_COLUMNS if row[c]), "")
            if column not in first:
                first[column] = (value, cell, row)
            elif value is not None and first[column][0] is not None and _same(value) != _same(first[column][0]):
                _, first_cell, first_row = first[column]
                self.out.problem(raw, row, column, f"conflicting facts for company '{company.name}' listed twice:",
                                 cell, f"'{first_cell}' as in row {first_row.number}, or one row per company")


def _same(value: object) -> object:
    """What must agree between two rows of one company: for a capacity, all but its text; for a count, its value
    and bound."""
    if isinstance(value, Capacity):
        return value.same()
    return value[:2] if isinstance(value, Count) else value


#: looked up once: an attribute of rdflib's closed namespaces is a Python call (10⁵ companies)
_ENTERPRISE, _IDENTIFIER, _ALT_LABEL = CG.Enterprise, DCTERMS.identifier, SKOS.altLabel
_LOCATED_IN, _OPERATES_IN, _STATUS = CG.locatedIn, CG.operatesIn, CG.status


def add_company(out: ImportOutput, raw: RawTable, iri: URIRef, company: Company, facts: CompanyFacts) -> None:
    """Add the ``cg:Enterprise`` *iri* with its id, names, region, links, status, capacity and count."""
    out.entity(iri, _ENTERPRISE, raw, company.rows[0], company.name, sources=facts.cited)
    triples = out.triples
    if company.id:
        triples[iri, _IDENTIFIER, text_literal(company.id)] = None
    for alias in company.aliases:
        triples[iri, _ALT_LABEL, text_literal(alias, lang_of(alias))] = None
    if facts.region is not None:
        triples[iri, _LOCATED_IN, facts.region] = None
    for link_iri in facts.links:
        triples[iri, _OPERATES_IN, link_iri] = None
    if facts.status is not None:
        triples[iri, _STATUS, controlled("statuses").notations[facts.status]] = None
    if facts.capacity is not None:
        add_capacity(out, iri, facts.capacity, facts.status, facts.cited)
    if facts.count is not None:
        add_member_count(out, iri, facts.count, facts.cited)
