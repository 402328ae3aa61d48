"""The companies of ``companies.csv`` by id, name and alias, their IRIs, and who supplies whom.

A company is keyed by its ``id`` (a 统一社会信用代码 with the right check character, or another stable
identifier: ``vocab/identifiers.py``) when the row has one, else by its name: rows with the same id are one
company, rows with the same name and different ids are different companies, and a row without id joins the
one company of its name that has an id. A company listed on several rows is merged; a customer or supplier
that is not listed becomes a company of unknown region, with a warning. IRIs are ``cgd:org-<id in lower
case>`` (``600519.SH`` → ``org-600519-sh``) or ``cgd:org-<pinyin of the name>``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import URIRef

from chaingraph.errors import closest
from chaingraph.tables.reader import RawTable, Row
from chaingraph.tables.schema import split_multi
from chaingraph.tables.slugs import digest, mint
from chaingraph.tables.to_rdf.core import ImportOutput
from chaingraph.vocab.identifiers import IdentifierCheck, check_identifier
from chaingraph.vocab.namespaces import CGD

__all__ = ["Companies", "Company", "id_local_name"]


@dataclass
class Company:
    name: str
    rows: list[Row]  #: the rows that list it (none for a company only named as a customer or supplier)
    listed: bool = True
    aliases: list[str] = field(default_factory=list)
    id: str | None = None  #: its identifier (a credit code in upper case)

    @property
    def key(self) -> str:
        """What tells it from the other companies of the tables: its id, else its name."""
        return f"id:{self.id}" if self.id else f"name:{self.name}"


def id_local_name(identifier: str) -> str:
    """The local name of the IRI of the company with the id *identifier*: ``org-`` and the id in lower case,
    other characters than letters and digits as ``-``.

    >>> id_local_name("600519.SH"), id_local_name("91500110MA5U3X2K82")
    ('org-600519-sh', 'org-91500110ma5u3x2k82')
    """
    return "org-" + re.sub(r"[^a-z0-9]+", "-", identifier.lower()).strip("-")


class Companies:
    """The companies of a ``companies.csv``, by key; those of the context are named by their IRI."""

    def __init__(self, out: ImportOutput, raw: RawTable) -> None:
        self.out = out
        self.raw = raw
        self.by_key: dict[str, Company] = {}
        self.names: dict[str, set[str]] = defaultdict(set)  #: name or alias → company keys
        self.iris: dict[str, URIRef] = {}  #: company key → IRI, once minted
        #: each text checked once: an id is read where its company is listed and where it is named (10⁵ of them)
        self.checked: dict[str, IdentifierCheck] = {}
        without_id = [row for row in raw.rows if self._collect_with_id(row)]
        with_ids: dict[str, list[Company]] = defaultdict(list)  #: name → the companies of that name with an id
        for company in self.by_key.values():
            with_ids[company.name].append(company)
        for row in without_id:
            self._collect_without_id(row, with_ids.get(row["name"], []))
        for company in self.by_key.values():
            company.rows.sort(key=lambda r: r.number)
            for name in (company.name, *company.aliases):
                self.names[name].add(company.key)

    def _collect_with_id(self, row: Row) -> bool:
        """Collect a row that has an id; True for a row to collect once every id is known."""
        name = row["name"]
        if not name:
            self.out.problem(self.raw, row, "name", "missing value", expected="the company's name")
            return False
        if not row["id"]:
            return True
        check = self.check(row["id"])
        if check.problem == "wrong check character":
            self.out.problem(self.raw, row, "id", "wrong check character of the 统一社会信用代码", row["id"],
                             f"'{check.expected[-1] if check.expected else ''}' as its last character "
                             "(GB 32100-2015), or another identifier", [check.expected or ""])
        elif check.problem:
            self.out.problem(self.raw, row, "id", "not an identifier", row["id"],
                             "a 统一社会信用代码 (18 characters) or another identifier of letters, digits and . _ : -")
        company = self.by_key.setdefault(f"id:{check.id}", Company(name, [], id=check.id))
        if company.name != name:
            first = company.rows[0]
            self.out.problem(self.raw, row, "name", f"conflicting names for the company with id '{check.id}':",
                             name, f"'{company.name}' as in row {first.number}, or another id")
        self._add_row(company, row)
        return False

    def _collect_without_id(self, row: Row, with_ids: list[Company]) -> None:
        name = row["name"]
        if len(with_ids) > 1:
            self.out.problem(self.raw, row, "id", f"several companies called '{name}' have ids:", None,
                             "the id of the one this row is about", sorted(c.id or "" for c in with_ids))
            return
        company = with_ids[0] if with_ids else self.by_key.setdefault(f"name:{name}", Company(name, []))
        self._add_row(company, row)

    @staticmethod
    def _add_row(company: Company, row: Row) -> None:
        company.rows.append(row)
        for alias in split_multi(row["aliases"]):
            if alias != company.name and alias not in company.aliases:
                company.aliases.append(alias)

    def __iter__(self) -> Iterator[Company]:
        """The companies in the order of their first row, then those only named as customers or suppliers."""
        return iter(sorted(self.by_key.values(), key=lambda c: (not c.rows, c.rows[0].number if c.rows else 0,
                                                                 c.key)))

    def supply_relations(self) -> list[tuple[str, str]]:
        """(supplier, customer) by company key (or IRI) for the cells ``customers`` and ``suppliers``.

        Resolving them first makes the companies that are named but not listed.
        """
        relations: list[tuple[str, str]] = []
        for company in list(self.by_key.values()):
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
            if target == company.key:
                self.out.problem(self.raw, row, column, "a company cannot supply itself", other,
                                 "names of other companies")
                continue
            pairs.append((company.key, target) if column == "customers" else (target, company.key))
        return pairs

    def check(self, text: str) -> IdentifierCheck:
        """:func:`~chaingraph.vocab.identifiers.check_identifier` of *text*, once per text."""
        found = self.checked.get(text)
        if found is None:
            found = self.checked[text] = check_identifier(text)
        return found

    def find(self, text: str) -> set[str]:
        """The keys of the companies of the tables *text* names: an id, else a name or alias (exact, else any case)."""
        check = self.check(text)
        if f"id:{check.id}" in self.by_key:
            return {f"id:{check.id}"}
        return set(self.names.get(text, ())) or {
            key for name, keys in self.names.items() if name.casefold() == text.casefold() for key in keys}

    def resolve(self, row: Row, column: str, text: str, add_unlisted: bool = True) -> str | None:
        """The company (its key in the tables, or the IRI of a known one) *text* names."""
        found = self.find(text)
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            self.out.problem(self.raw, row, column, "ambiguous company name", text,
                             "a name that names one company, or its id", sorted(self._label(k) for k in found))
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
        if not add_unlisted:
            self.out.problem(self.raw, row, column, "unknown company", text,
                             "the name or id of a company of companies.csv", closest(text, self.names))
            return None
        return self._add_unlisted(row, column, text)

    def _label(self, key: str) -> str:
        company = self.by_key[key]
        return company.id or company.name

    def _add_unlisted(self, row: Row, column: str, text: str) -> str:
        listed = [n for n, keys in self.names.items() if any(self.by_key[k].listed for k in keys)]
        near = closest(text, listed)
        hint = f" — did you mean '{near[0]}'?" if near else ""
        self.out.warn(f"{self.raw.display} row {row.number}, column {column}: '{text}' is not listed in "
                      f"companies.csv: added as a company of unknown region{hint}")
        company = Company(text, [], listed=False)
        self.by_key[company.key] = company
        self.names[text].add(company.key)
        return company.key

    def mint(self) -> None:
        """Give every company its IRI (after the supply relations: they add companies): from its id, else from
        its name; ids that give the same local name are told apart by a hash, like names."""
        taken = {f"org-{t}" for t in self.out.taken(str(CGD), "org-")}
        by_local: dict[str, list[str]] = defaultdict(list)
        for company in self.by_key.values():
            if company.id:
                by_local[id_local_name(company.id)].append(company.id)
        for local, ids in sorted(by_local.items()):
            for index, identifier in enumerate(sorted(ids)):
                name = local if index == 0 and local not in taken else f"{local}-{digest(identifier)}"
                self.iris[f"id:{identifier}"] = CGD[name]
        reserved = {str(iri)[len(str(CGD)) + len("org-"):] for iri in self.iris.values()}
        named = [c.name for c in self.by_key.values() if not c.id]
        minted = mint(named, {t[len("org-"):] for t in taken} | reserved)
        self.iris.update({f"name:{name}": CGD[f"org-{minted[name]}"] for name in named})

    def iri(self, key: str) -> URIRef:
        """The IRI of the company *key* (a company of the tables), or *key* itself (a company of the context)."""
        if key.startswith(("http://", "https://")):
            return URIRef(key)  # a company of the context
        return self.iris[key]

    def source_texts(self) -> list[str]:
        """The texts of the ``source`` cells of every row."""
        return [text for company in self for row in company.rows for text in split_multi(row["source"])]
