"""Capacities: the cells ``capacity`` and ``capacity_unit`` of a company as a ``cg:Quantity`` that keeps the
stated text (``50万吨``, ``50`` with ``万吨/年``) next to the number in its QUDT unit (``tables/magnitudes.py``)."""

from __future__ import annotations

from typing import NamedTuple

from rdflib import Literal, URIRef

from chaingraph.tables.magnitudes import QuantityError, canonical, read_quantity
from chaingraph.tables.reader import RawTable, Row
from chaingraph.tables.to_rdf.core import ImportOutput
from chaingraph.vocab.namespaces import CG, CGK, PROV, QUDT, RDF, XSD
from chaingraph.words import PIPELINE_STATUSES

__all__ = ["Capacity", "add_capacity", "read_capacity"]


class Capacity(NamedTuple):
    value: str  #: the canonical number (``500000``)
    unit: URIRef  #: a QUDT unit
    bound: str | None  #: what the text says about the number: approx, min or max
    stated: str | None  #: the text of the cell, when it is not the canonical number


def read_capacity(out: ImportOutput, raw: RawTable, row: Row) -> Capacity | None:
    """The capacity of *row*, or None with a problem (no number, an unknown or missing unit, two units)."""
    try:
        reading = read_quantity(row["capacity"], row["capacity_unit"])
    except QuantityError as error:
        column = "capacity" if error.column == "value" else "capacity_unit"
        out.problem(raw, row, column, error.message, error.value, error.expected, error.suggestions)
        return None
    return Capacity(canonical(reading.value), reading.unit, reading.bound, reading.stated)


def add_capacity(out: ImportOutput, company: URIRef, capacity: Capacity, status: str | None,
                 cited: list[URIRef]) -> None:
    """Add the ``cg:Quantity`` ``<company>-capacity``: planned for a company in the pipeline, else actual."""
    quantity = URIRef(f"{company}-capacity")
    out.add(company, CG.capacity, quantity)
    out.add(quantity, RDF.type, CG.Quantity)
    lexical = capacity.value if "." in capacity.value else f"{capacity.value}.0"  # as Turtle writes it back
    out.add(quantity, QUDT.numericValue, Literal(lexical, datatype=XSD.decimal))
    out.add(quantity, QUDT.unit, capacity.unit)
    value_status = "planned" if status in PIPELINE_STATUSES else "actual"
    out.add(quantity, CG.valueStatus, CGK[f"value-{value_status}"])
    if capacity.bound:
        out.add(quantity, CG.bound, CGK[f"bound-{capacity.bound}"])
    if capacity.stated:
        out.add(quantity, CG.statedAs, Literal(capacity.stated, lang="zh"))
    for source in (out.dataset, *cited):
        out.add(quantity, PROV.wasDerivedFrom, source)
