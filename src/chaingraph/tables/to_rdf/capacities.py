"""The figures of a company as ``cg:Quantity`` nodes that keep the stated text next to the number in its QUDT
unit (``tables/magnitudes.py``): its capacity (``capacity``, ``capacity_unit``, with the link, value status
and year of ``capacity_link``, ``capacity_status`` and ``capacity_year``) and, for a counted group
(「30余家零部件企业」), its size (``count`` → ``cg:memberCount``)."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from rdflib import Literal, URIRef

from chaingraph.errors import closest
from chaingraph.tables.magnitudes import QuantityError, canonical, is_storable, parse_count, read_quantity
from chaingraph.tables.reader import RawTable, Row
from chaingraph.tables.schema import controlled
from chaingraph.tables.to_rdf.core import ImportOutput, text_literal
from chaingraph.tables.to_rdf.links import Link, Links
from chaingraph.vocab.namespaces import CG, CGK, PROV, QUDT, RDF, UNIT, XSD
from chaingraph.words import PIPELINE_STATUSES

__all__ = ["CAPACITY_COLUMNS", "Capacity", "Count", "add_capacity", "add_member_count", "read_capacity",
           "read_count"]

#: the cells of a capacity: a row states one when any of them is filled
CAPACITY_COLUMNS = ("capacity", "capacity_unit", "capacity_link", "capacity_status", "capacity_year")


class Capacity(NamedTuple):
    value: str  #: the canonical number (``500000``) in the QUDT unit
    unit: URIRef  #: a QUDT unit
    bound: str | None  #: what the text says about the number: approx, min or max
    stated: str | None  #: the text of the cell, when it is not the canonical number
    link: Link | None = None  #: the link it is about (``capacity_link``)
    status: str | None = None  #: actual, target, planned or estimate (``capacity_status``; None: from the company)
    year: str | None = None  #: ``capacity_year``

    def same(self) -> tuple[object, ...]:
        """What two rows of one company must agree on: all but the bound and the text as written."""
        return self.value, self.unit, self.link.iri if self.link else None, self.status, self.year


class Count(NamedTuple):
    value: int  #: how many firms the group holds
    bound: str  #: exact, min, max or approx
    stated: str | None  #: the text of the cell, when it is not the bare number


def read_capacity(out: ImportOutput, raw: RawTable, row: Row, links: Links) -> Capacity | None:
    """The capacity of *row*, or None with a problem (no number, an unknown or missing unit, two units, a link,
    status or year that is wrong or has no capacity)."""
    if not (row["capacity"] or row["capacity_unit"]):
        for column in CAPACITY_COLUMNS[2:]:
            if row[column]:
                out.problem(raw, row, column, f"a {column.replace('_', ' ')} without a capacity", row[column],
                            "a capacity in column capacity, or nothing")
        return None
    try:
        reading = read_quantity(row["capacity"], row["capacity_unit"])
    except QuantityError as error:
        column = "capacity" if error.column == "value" else "capacity_unit"
        out.problem(raw, row, column, error.message, error.value, error.expected, error.suggestions)
        reading = None
    link = links.resolve(raw, row, "capacity_link", row["capacity_link"]) if row["capacity_link"] else None
    status = _value_status(out, raw, row)
    year = _year(out, raw, row)
    if reading is None or (row["capacity_link"] and link is None) or (row["capacity_status"] and status is None) \
            or (row["capacity_year"] and year is None):
        return None
    return Capacity(canonical(reading.value), reading.unit, reading.bound, reading.stated, link, status, year)


def _value_status(out: ImportOutput, raw: RawTable, row: Row) -> str | None:
    if not row["capacity_status"]:
        return None
    statuses = controlled("value-statuses")
    status = statuses.lookup(row["capacity_status"])
    if status is None:
        out.problem(raw, row, "capacity_status", "unknown value status", row["capacity_status"],
                    "one of " + ", ".join(statuses.notations) + " (empty: planned for a company in the pipeline, "
                    "else actual)", closest(row["capacity_status"], statuses.notations))
    return status


def _year(out: ImportOutput, raw: RawTable, row: Row) -> str | None:
    if not row["capacity_year"]:
        return None
    match = re.fullmatch(r"(\d{4})年?", unicodedata.normalize("NFKC", row["capacity_year"]).strip())
    if match is None:
        out.problem(raw, row, "capacity_year", "not a year", row["capacity_year"], "a year such as 2025 (or 2025年)")
        return None
    return match[1]


def read_count(out: ImportOutput, raw: RawTable, row: Row) -> Count | None:
    """The size of the counted group of *row* (``30``, ``30余家``, ``约30家``, ``30+``), or None with a problem."""
    text = row["count"]
    amount = parse_count(text)
    if amount is None or amount.value != amount.value.to_integral_value() or amount.value < 1 \
            or not is_storable(amount.value):
        out.problem(raw, row, "count", "not a count of firms", text,
                    "a whole number ≥ 1, or text such as 30余家, 30多家, 约30家, 30家以上 or 30+")
        return None
    value = int(amount.value)
    return Count(value, amount.bound or "exact", text if text != str(value) else None)


#: the terms of every capacity, looked up once (an attribute of a closed rdflib namespace is a Python call)
_CAPACITY, _TYPE, _QUANTITY, _VALUE, _UNIT = CG.capacity, RDF.type, CG.Quantity, QUDT.numericValue, QUDT.unit
_VALUE_STATUS, _DERIVED_FROM, _DECIMAL = CG.valueStatus, PROV.wasDerivedFrom, XSD.decimal
_BOUND, _STATED_AS, _FOR_LINK, _YEAR, _GYEAR = CG.bound, CG.statedAs, CG.forLink, CG.year, XSD.gYear
_VALUE_STATUSES: dict[str, URIRef] = {}
_new_str = str.__new__
_BOUNDS: dict[str, URIRef] = {}


def add_capacity(out: ImportOutput, company: URIRef, capacity: Capacity, status: str | None,
                 cited: list[URIRef]) -> None:
    """Add the ``cg:Quantity`` ``<company>-capacity``: its value status as stated, else planned for a company in
    the pipeline and actual for the others; the link it is about and its year when the row says."""
    quantity = _new_str(URIRef, f"{company}-capacity")  # URIRef(…) without its check: a valid IRI and a suffix
    triples = out.triples
    triples[company, _CAPACITY, quantity] = None
    triples[quantity, _TYPE, _QUANTITY] = None
    made = out.literals
    number = made.get((capacity.value, "decimal"))
    if number is None:
        lexical = capacity.value if "." in capacity.value else f"{capacity.value}.0"  # as Turtle writes it back
        number = made[capacity.value, "decimal"] = Literal(lexical, datatype=_DECIMAL)
    triples[quantity, _VALUE, number] = None
    triples[quantity, _UNIT, capacity.unit] = None
    value_status = capacity.status or ("planned" if status in PIPELINE_STATUSES else "actual")
    term = _VALUE_STATUSES.get(value_status)
    if term is None:
        term = _VALUE_STATUSES[value_status] = CGK[f"value-{value_status}"]
    triples[quantity, _VALUE_STATUS, term] = None
    if capacity.bound:
        bound = _BOUNDS.get(capacity.bound)
        if bound is None:
            bound = _BOUNDS[capacity.bound] = CGK[f"bound-{capacity.bound}"]
        triples[quantity, _BOUND, bound] = None
    if capacity.stated:
        triples[quantity, _STATED_AS, text_literal(capacity.stated, "zh")] = None
    if capacity.link is not None:
        triples[quantity, _FOR_LINK, capacity.link.iri] = None
    if capacity.year is not None:
        year = made.get((capacity.year, "year"))
        if year is None:
            year = made[capacity.year, "year"] = Literal(capacity.year, datatype=_GYEAR)
        triples[quantity, _YEAR, year] = None
    for source in (out.dataset, *cited):
        triples[quantity, _DERIVED_FROM, source] = None


def add_member_count(out: ImportOutput, group: URIRef, count: Count, cited: list[URIRef]) -> None:
    """Add the ``cg:memberCount`` of the counted group *group*: the ``cg:Quantity`` ``<group>-members``."""
    quantity = URIRef(f"{group}-members")
    out.add(group, CG.memberCount, quantity)
    out.add(quantity, RDF.type, CG.Quantity)
    out.add(quantity, QUDT.numericValue, Literal(count.value))
    out.add(quantity, QUDT.unit, UNIT.NUM)
    out.add(quantity, CG.valueStatus, CGK["value-actual"])
    out.add(quantity, CG.bound, CGK[f"bound-{count.bound}"])
    if count.stated:
        out.add(quantity, CG.statedAs, text_literal(count.stated, "zh"))
    for source in (out.dataset, *cited):
        out.add(quantity, PROV.wasDerivedFrom, source)
