"""Capacities: the cells ``capacity`` and ``capacity_unit`` of a company as a ``cg:Quantity`` that keeps the
stated text (``50万吨``) next to the normalised number and its QUDT unit."""

from __future__ import annotations

from typing import NamedTuple

from rdflib import Literal, URIRef

from chaingraph.tables.magnitudes import canonical, parse_amount, unit_iri
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
    text, unit_cell = row["capacity"], row["capacity_unit"]
    if not text:
        out.problem(raw, row, "capacity_unit", "a unit without a capacity", unit_cell,
                    "a capacity in column capacity, or no unit")
        return None
    amount = parse_amount(text)
    if amount is None:
        out.problem(raw, row, "capacity", "not a number", text,
                    "a number ≥ 0 such as 500000, 50万 or 1.6亿, optionally with its unit (50万吨)")
        return None
    unit = unit_iri(amount.unit) if amount.unit else None
    if unit_cell:
        column_unit = unit_iri(unit_cell)
        if column_unit is None:
            out.problem(raw, row, "capacity_unit", "unknown unit", unit_cell,
                        "吨/年, 套/年, 件/年, 台/年, 辆/年, 千瓦, … or a QUDT unit name such as TONNE-PER-YR")
            return None
        if unit is not None and unit != column_unit:
            out.problem(raw, row, "capacity_unit", f"the unit disagrees with the unit of the capacity '{text}':",
                        unit_cell, f"the same unit as '{amount.unit}', or no unit in one of the two columns")
            return None
        unit = column_unit
    if unit is None:
        out.problem(raw, row, "capacity_unit", "missing unit of the capacity", expected=
                    "a unit: 吨/年, 套/年, … or a QUDT unit name such as TONNE-PER-YR (or write it in the "
                    "capacity: 50万吨)")
        return None
    value = canonical(amount.value)
    return Capacity(value, unit, amount.bound, text if text != value else None)


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
