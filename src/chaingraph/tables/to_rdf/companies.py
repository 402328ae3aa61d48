"""The companies of ``companies.csv`` by name and alias, their IRIs, and who supplies whom.

A company may be listed in several rows (they are merged); a customer or supplier that is not listed
becomes a company of unknown region, with a warning. IRIs are ``cgd:org-<pinyin of the name>``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import URIRef

from chaingraph.errors import closest
from chaingraph.tables.reader import RawTable, Row
from chaingraph.tables.schema import split_multi
from chaingraph.tables.slugs import mint
from chaingraph.tables.to_rdf.core import ImportOutput
from chaingraph.vocab.namespaces import CGD

__all__ = ["Companies", "Company"]


@dataclass
class Company:
    name: str
    rows: list[Row]  #: the rows that list it (none for a company only named as a customer or supplier)
    listed: bool = True
    aliases: list[str] = field(default_factory=list)


class Companies:
    """The companies of a ``companies.csv``, by name; those of the context are named by their IRI."""

    def __init__(self, out: ImportOutput, raw: RawTable) -> None:
        self.out = out
        self.raw = raw
        self.by_name: dict[str, Company] = {}
        self.names: dict[str, set[str]] = defaultdict(set)  #: name or alias → company names
        self.iris: dict[str, URIRef] = {}  #: company name → IRI, once minted
        for row in raw.rows:
            self._collect(row)
        for company in self.by_name.values():
            for name in (company.name, *company.aliases):
                self.names[name].add(company.name)

    def _collect(self, row: Row) -> None:
        name = row["name"]
        if not name:
            self.out.problem(self.raw, row, "name", "missing value", expected="the company's name")
            return
        company = self.by_name.setdefault(name, Company(name, []))
        company.rows.append(row)
        for alias in split_multi(row["aliases"]):
            if alias != name and alias not in company.aliases:
                company.aliases.append(alias)

    def __iter__(self) -> Iterator[Company]:
        return iter(self.by_name.values())

    def supply_relations(self) -> list[tuple[str, str]]:
        """(supplier, customer) by company name (or IRI) for the cells ``customers`` and ``suppliers``.

        Resolving them first makes the companies that are named but not listed.
        """
        relations: list[tuple[str, str]] = []
        for company in list(self.by_name.values()):
            for row in company.rows:
                for column in ("customers", "suppliers"):
                    relations += self._related(company, row, column)
        return relations

    def _related(self, company: Company, row: Row, column: str) -> list[tuple[str, str]]:
        pairs = []
        for other in split_multi(row[column]):
            target = self.resolve(row, column, other)
            if target is None:
                continue
            if target == company.name:
                self.out.problem(self.raw, row, column, "a company cannot supply itself", other,
                                 "names of other companies")
                continue
            pairs.append((company.name, target) if column == "customers" else (target, company.name))
        return pairs

    def resolve(self, row: Row, column: str, text: str) -> str | None:
        """The company (its name in the tables, or the IRI of a known one) *text* names."""
        found = self.names.get(text) or {
            name for key, names in self.names.items() if key.casefold() == text.casefold() for name in names}
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            self.out.problem(self.raw, row, column, "ambiguous company name", text, "a name that names one company",
                             sorted(found))
            return None
        context = self.out.context
        known = context.lookup("company", text)
        if len(known) == 1:
            return str(next(iter(known)))
        if len(known) > 1:
            self.out.problem(self.raw, row, column, "ambiguous company name", text,
                             "a name that names one company of the loaded data",
                             sorted(context.things[k].label_zh or str(k) for k in known))
            return None
        return self._add_unlisted(row, column, text)

    def _add_unlisted(self, row: Row, column: str, text: str) -> str:
        listed = [n for n in self.names if n not in self.by_name or self.by_name[n].listed]
        near = closest(text, listed)
        hint = f" — did you mean '{near[0]}'?" if near else ""
        self.out.warn(f"{self.raw.display} row {row.number}, column {column}: '{text}' is not listed in "
                      f"companies.csv: added as a company of unknown region{hint}")
        self.by_name[text] = Company(text, [], listed=False)
        self.names[text].add(text)
        return text

    def mint(self) -> None:
        """Give every company its IRI (after the supply relations: they add companies)."""
        minted = mint(self.by_name, self.out.taken(str(CGD), "org-"))
        self.iris = {name: CGD[f"org-{minted[name]}"] for name in self.by_name}

    def iri(self, name: str) -> URIRef:
        """The IRI of the company *name* (a company of the tables), or *name* itself (a company of the context)."""
        if name.startswith(("http://", "https://")):
            return URIRef(name)  # a company of the context
        return self.iris[name]

    def source_texts(self) -> list[str]:
        """The texts of the ``source`` cells of every row."""
        return [text for company in self for row in company.rows for text in split_multi(row["source"])]
