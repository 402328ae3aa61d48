"""The figure cells of companies.csv: the capacity (with its unit, link, value status and year) and the count of
a counted group, written so that an import reads back the same quantity.

>>> count_cell(30, "min", "荆江半轴、赛之源等30余家汽摩零部件传统企业"), count_cell(30, "min", "30+")
('30余家', '30+')
>>> capacity_text("600000", "approx")
'约600000'
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import URIRef

from chaingraph.store.protocol import Row
from chaingraph.tables.from_rdf.common import cell_text, number
from chaingraph.tables.magnitudes import QuantityError, canonical, parse_amount, parse_count, read_quantity, unit_text
from chaingraph.words import PIPELINE_STATUSES

__all__ = ["capacity_cells", "capacity_text", "count_cell"]

_BOUND_BEFORE = {"approx": "约", "min": "超", "max": "不超过"}
_COUNT_TEXT = {"exact": "{}", "min": "{}余家", "approx": "约{}家", "max": "不超过{}家"}


def capacity_text(value: str, bound: str | None) -> str:
    """A capacity cell for *value* (canonical, in its unit) that an import reads with the bound *bound*."""
    return _BOUND_BEFORE.get(bound or "", "") + value


def capacity_cells(row: Row, status: str, links: set[str], name: str, warnings: list[str]) -> dict[str, str]:
    """The cells capacity, capacity_unit, capacity_link, capacity_status and capacity_year of the capacity *row*
    (of the query ``ACTOR_CAPACITIES``) of a company whose status cell is *status* and whose links are *links*."""
    value = number(row["value"])
    unit = URIRef(str(row["unit"]))
    bound = str(row["bound"]) if row.get("bound") is not None else None
    bound = None if bound == "exact" else bound
    text, unit_cell = _stated(row, value, unit, bound)
    if text is None:
        text = capacity_text(canonical(value), bound) if value is not None else str(row["value"])
        unit_cell = unit_text(unit)
    default = "planned" if status in PIPELINE_STATUSES else "actual"
    value_status = str(row.get("value_status") or default)
    link = str(row["link_id"]) if row.get("link_id") is not None else ""
    if link and link not in links:
        warnings.append(f"the capacity of '{name}' is about {link}, which is not one of its links: left out")
        link = ""
    year = str(row["year"]) if row.get("year") is not None else ""
    if year and not re.fullmatch(r"\d{4}", year):
        warnings.append(f"the capacity of '{name}' is of the year '{year}', not a year the tables hold: left out")
        year = ""
    return {"capacity": text, "capacity_unit": unit_cell, "capacity_link": link,
            "capacity_status": "" if value_status == default else value_status, "capacity_year": year}


def _stated(row: Row, value: Decimal | None, unit: URIRef, bound: str | None) -> tuple[str | None, str]:
    """The stated text as the capacity cell, and the unit cell (empty when the text names its unit), when an
    import reads it back as the same value, unit and bound; else (None, "")."""
    stated = cell_text(str(row["stated"])) if row.get("stated") is not None else ""
    if not stated or value is None:
        return None, ""
    amount = parse_amount(stated)
    try:
        reading = read_quantity(stated, "" if amount is None or amount.unit else unit_text(unit))
    except QuantityError:
        return None, ""
    if (reading.value, reading.unit, reading.bound) != (value, unit, bound):
        return None, ""
    return stated, "" if reading.names_unit else unit_text(unit)


def count_cell(value: int, bound: str | None, stated: str | None) -> str:
    """The count cell of a counted group: the stated text when it reads back as the same count, else the count
    with its bound (30, 30余家, 约30家, 不超过30家)."""
    bound = bound or "exact"
    if stated:
        text = cell_text(stated)
        amount = parse_count(text)
        if amount is not None and amount.value == value and (amount.bound or "exact") == bound:
            return text
    return _COUNT_TEXT.get(bound, "{}").format(value)
