"""Numbers and units as Chinese tables write them: ``50万``, ``1.6亿``, ``约50万吨``, ``50万吨/年``, ``30余家``.

:func:`parse_amount` normalises the number (``50万`` → 500000), keeps what the qualifiers say about it
(``约`` approximate, ``超``/``余``/``以上`` at least, ``不超过`` at most) and returns the unit written after
it, if any. :data:`UNIT_TABLE` is the one table of unit spellings: each gives a QUDT unit and the factor
to it (``万吨/年`` → ``unit:TONNE-PER-YR`` × 10⁴, ``MW`` → ``unit:KiloW`` × 10³, ``亿元`` → ``cur:CNY`` × 10⁸);
:func:`unit_of` reads a spelling, a Chinese magnitude before one (``亿吨``) or a QUDT unit name, and
:func:`read_quantity` reads a capacity cell and its unit cell into the value in the base unit.
:func:`parse_count` reads the size of a counted group (``30余家``, ``约30家``, ``30+``).

>>> parse_amount("50万")
Amount(value=Decimal('500000'), bound=None, unit=None)
>>> parse_amount("约50万吨")
Amount(value=Decimal('50'), bound='approx', unit='万吨')
>>> parse_amount("1,200余套/年").value, parse_amount("1,200余套/年").bound
(Decimal('1200'), 'min')
>>> parse_amount("五十万") is None
True
>>> reading = read_quantity("50", "万吨/年")
>>> reading.value, reading.unit == UNIT["TONNE-PER-YR"], reading.stated
(Decimal('500000'), True, '50万吨/年')
>>> read_quantity("1.2GW").value, read_quantity("3亿元").unit
(Decimal('1200000'), rdflib.term.URIRef('http://qudt.org/vocab/currency/CNY'))
>>> parse_count("30余家"), parse_count("30+").bound, parse_count("约30家").bound
(Amount(value=Decimal('30'), bound='min', unit=None), 'min', 'approx')
>>> canonical(Decimal("160000000.0")), canonical(Decimal("0.50"))
('160000000', '0.5')
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from rdflib import URIRef

from chaingraph.errors import closest
from chaingraph.vocab.namespaces import CUR, UNIT

__all__ = ["MAGNITUDES", "UNITS", "UNIT_TABLE", "Amount", "QuantityError", "Reading", "Unit", "canonical",
           "parse_amount", "parse_count", "read_quantity", "unit_of", "unit_suggestions", "unit_text"]

#: Chinese magnitude characters; combinations multiply (百万 = 10⁶, 万亿 = 10¹²)
MAGNITUDES = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}

_T, _N, _KW, _KWH, _CNY = (UNIT["TONNE-PER-YR"], UNIT["NUM-PER-YR"], UNIT["KiloW"], UNIT["KiloW-HR"], CUR["CNY"])
_COUNTED = ("套", "件", "台", "辆", "个", "只", "片", "根", "支", "条", "块", "组", "把", "颗")

#: the unit spellings a table may write (any case): (spellings, QUDT unit, factor to the unit). A capacity is
#: a yearly amount, so 吨 and 套 are per year; power is in kW, energy in kWh, money in yuan.
UNIT_TABLE: tuple[tuple[tuple[str, ...], URIRef, int], ...] = (
    (("吨/年", "吨", "吨/a", "吨每年", "t/a", "t", "t/y", "t/yr", "tpa", "tonne/yr", "tonnes/yr"), _T, 1),
    (("千吨", "千吨/年", "kt", "kt/a"), _T, 1_000),
    (("万吨/年", "万吨", "万吨/a", "万t/a", "万t", "万吨每年"), _T, 10_000),
    ((*_COUNTED, *(f"{u}/年" for u in _COUNTED), "pcs", "pcs/yr", "units/yr", "/年"), _N, 1),
    (("万辆/年", "万辆", "万套", "万套/年", "万件", "万件/年", "万台", "万台/年"), _N, 10_000),
    (("千瓦", "kW"), _KW, 1),
    (("兆瓦", "MW", "MegaW"), _KW, 1_000),
    (("万千瓦",), _KW, 10_000),
    (("吉瓦", "GW", "GigaW"), _KW, 1_000_000),
    (("千瓦时", "kWh"), _KWH, 1),
    (("兆瓦时", "MWh", "MegaW-HR"), _KWH, 1_000),
    (("万千瓦时",), _KWH, 10_000),
    (("吉瓦时", "GWh", "GigaW-HR"), _KWH, 1_000_000),
    (("亿千瓦时",), _KWH, 100_000_000),
    (("元", "CNY", "RMB", "人民币"), _CNY, 1),
    (("万元",), _CNY, 10_000),
    (("亿元",), _CNY, 100_000_000),
)


class Unit(NamedTuple):
    iri: URIRef  #: the QUDT unit
    factor: Decimal  #: what one of the spelling is in that unit


#: unit spelling (case-folded) → unit and factor
UNITS: dict[str, Unit] = {spelling.casefold(): Unit(iri, Decimal(factor))
                          for spellings, iri, factor in UNIT_TABLE for spelling in spellings}
_SPELLINGS = [spelling for spellings, _, _ in UNIT_TABLE for spelling in spellings]
_QUDT_NAME = re.compile(r"(?:(unit|cur):)?([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)")

_BEFORE = {"约": "approx", "近": "approx", "大约": "approx", "超": "min", "超过": "min", "逾": "min",
           "不少于": "min", "不超过": "max", "不到": "max", "不足": "max"}
_AFTER = {"余": "min", "多": "min", "以上": "min", "左右": "approx", "以下": "max"}
_UNIT_ALTERNATIVES = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_NUMBER = r"""(?P<before>{before})?
        (?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)
        (?P<mid>余|多)?
        (?P<magnitude>[十百千万亿]*?)""".format(before="|".join(sorted(_BEFORE, key=len, reverse=True)))
_AMOUNT = re.compile(
    rf"""^{_NUMBER}
        (?P<after>余|多|以上|左右|以下)?
        (?P<unit>{_UNIT_ALTERNATIVES})?
        (?P<tail>以上|左右|以下)?$""",
    re.VERBOSE | re.IGNORECASE,
)
#: a number followed by text that is no known unit (for the error)
_UNKNOWN_UNIT = re.compile(rf"^{_NUMBER}(?:余|多|以上|左右|以下)?(?P<rest>[^\d十百千万亿].*?)(?:以上|左右|以下)?$",
                           re.VERBOSE)


@dataclass(frozen=True)
class Amount:
    value: Decimal  #: the normalised number, in the unit written (50万吨: 50 of 万吨, a spelling of UNIT_TABLE)
    bound: str | None  #: approx, min or max when a qualifier says so
    unit: str | None  #: the unit spelling written after the number, if any


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def canonical(value: Decimal) -> str:
    """The plain decimal text of *value*: no exponent, no trailing zeros."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def parse_amount(text: str) -> Amount | None:
    """The amount *text* states, or None when it is not a number (with optional magnitude and unit)."""
    match = _AMOUNT.match(_clean(text))
    if not match:
        return None
    try:
        number = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None
    for char in match["magnitude"]:
        number *= MAGNITUDES[char]
    qualifiers = [_BEFORE.get(match["before"] or ""), _AFTER.get(match["mid"] or ""),
                  _AFTER.get(match["after"] or ""), _AFTER.get(match["tail"] or "")]
    bound = next((q for q in qualifiers if q), None)
    value = Decimal(canonical(number))
    return Amount(value, bound, match["unit"])


def parse_count(text: str) -> Amount | None:
    """The size of a counted group: ``30``, ``30余家``, ``30多家``, ``约30家``, ``30家以上``, ``30+`` (at least).

    >>> parse_count("30"), parse_count("30多家").bound, parse_count("30家以上").bound, parse_count("三十家")
    (Amount(value=Decimal('30'), bound=None, unit=None), 'min', 'min', None)
    """
    cleaned = _clean(text)
    plus = cleaned.endswith("+")
    cleaned = re.sub(r"[家户个](?=(?:以上|左右|以下)?$)", "", cleaned.rstrip("+"))
    amount = parse_amount(cleaned)
    if amount is None or amount.unit is not None:
        return None
    return Amount(amount.value, amount.bound or ("min" if plus else None), None)


def is_storable(value: Decimal) -> bool:
    """Whether *value* is a finite double, as the stores, the analysis and JSON read numbers: ``1e400`` is not
    (it would become ``Infinity``, which JSON cannot hold).

    >>> is_storable(Decimal("5e5")), is_storable(Decimal("1e400"))
    (True, False)
    """
    return math.isfinite(float(value))


def unit_of(text: str) -> Unit | None:
    """The unit *text* names: a spelling of :data:`UNIT_TABLE`, one after Chinese magnitudes (``亿吨``: × 10⁸)
    or a QUDT unit (``TONNE-PER-YR``, ``unit:KiloW``, ``cur:CNY`` or the IRI; × 1).

    >>> unit_of("万千瓦")
    Unit(iri=rdflib.term.URIRef('http://qudt.org/vocab/unit/KiloW'), factor=Decimal('10000'))
    >>> unit_of("亿吨").factor, unit_of("unit:NUM-PER-YR").iri == UNIT["NUM-PER-YR"], unit_of("桶")
    (Decimal('100000000'), True, None)
    """
    cleaned = _clean(text)
    for qudt_prefix in ("unit:", str(UNIT)):  # unit:MegaW is a spelling of the table (kW × 10³)
        if cleaned.startswith(qudt_prefix) and cleaned[len(qudt_prefix):].casefold() in UNITS:
            cleaned = cleaned[len(qudt_prefix):]
    if cleaned.casefold() in UNITS:
        return UNITS[cleaned.casefold()]
    prefix = re.match(r"[十百千万亿]+", cleaned)
    if prefix and cleaned[prefix.end():].casefold() in UNITS:
        unit = UNITS[cleaned[prefix.end():].casefold()]
        factor = unit.factor
        for char in prefix.group():
            factor *= MAGNITUDES[char]
        return Unit(unit.iri, factor)
    for namespace in (UNIT, CUR):
        if cleaned.startswith(str(namespace)) and _QUDT_NAME.fullmatch(cleaned[len(str(namespace)):]):
            return Unit(URIRef(cleaned), Decimal(1))
    match = _QUDT_NAME.fullmatch(cleaned)
    if match and (match[1] or (re.search(r"[A-Z]", match[2]) and len(match[2]) > 2)):
        return Unit((CUR if match[1] == "cur" else UNIT)[match[2]], Decimal(1))
    return None


def unit_suggestions(text: str) -> list[str]:
    """The known spellings closest to an unknown unit *text*."""
    return closest(_clean(text), _SPELLINGS)


def unit_text(iri: URIRef) -> str:
    """How the tables write a unit: its QUDT name (``TONNE-PER-YR``), ``cur:CNY`` for a currency, else the IRI."""
    text = str(iri)
    if text.startswith(str(UNIT)):
        return text[len(str(UNIT)):]
    return f"cur:{text[len(str(CUR)):]}" if text.startswith(str(CUR)) else text


class Reading(NamedTuple):
    """A quantity read from a cell (and a unit cell): the value in the base unit of :data:`UNIT_TABLE`."""

    value: Decimal
    unit: URIRef
    bound: str | None  #: approx, min or max
    stated: str | None  #: the text as written, when it says more than the value in the unit
    names_unit: bool  #: whether the cell itself names the unit (50万吨) rather than the unit cell


class QuantityError(ValueError):
    """Why a cell is not a quantity: the column at fault (``value`` or ``unit``), what it holds and expects."""

    def __init__(self, column: str, message: str, value: str | None, expected: str,
                 suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.column, self.message, self.value, self.expected = column, message, value, expected
        self.suggestions = suggestions or []


_EXPECTED_UNIT = "a unit such as 吨/年, 万吨/年, 套/年, 万千瓦, MW, 亿千瓦时, 万元 or a QUDT unit name (TONNE-PER-YR)"


def read_quantity(text: str, unit_cell: str = "") -> Reading:
    """The quantity of the cell *text* with the unit cell *unit_cell*; :class:`QuantityError` when it is none.

    The unit may be written in the cell (``50万吨``) or in the unit cell (``50`` and ``万吨/年``); with both,
    the unit cell names the same unit, or its base unit (``50万吨`` and ``TONNE-PER-YR``).
    """
    if not text:
        raise QuantityError("unit", "a unit without a number", unit_cell, "a number in the other column, or no unit")
    amount = parse_amount(text)
    if amount is None:
        unknown = _UNKNOWN_UNIT.match(_clean(text))
        if unknown:
            rest = unknown["rest"]
            raise QuantityError("value", "unknown unit", rest, _EXPECTED_UNIT, unit_suggestions(rest))
        raise QuantityError("value", "not a number", text,
                            "a number ≥ 0 such as 500000, 50万 or 1.6亿, optionally with its unit (50万吨)")
    unit = UNITS[amount.unit.casefold()] if amount.unit else None
    if unit_cell:
        column_unit = unit_of(unit_cell)
        if column_unit is None:
            raise QuantityError("unit", "unknown unit", unit_cell, _EXPECTED_UNIT, unit_suggestions(unit_cell))
        if unit is not None and unit != column_unit and column_unit != (unit.iri, Decimal(1)):
            raise QuantityError("unit", f"the unit disagrees with the unit of '{text}':", unit_cell,
                                f"the unit '{amount.unit}' or its base unit {unit_text(unit.iri)}, "
                                "or no unit in one of the two columns")
        stated_unit = "" if unit is not None or column_unit.factor == 1 else unit_cell
        unit = unit or column_unit
    else:
        stated_unit = ""
    if unit is None:
        raise QuantityError("unit", "missing unit of the capacity", None,
                            f"{_EXPECTED_UNIT} (or write it after the number: 50万吨)")
    value = Decimal(canonical(amount.value * unit.factor))
    if not is_storable(value):
        raise QuantityError("value", "too large a number", text,
                            f"a number below 10³⁰⁸ {unit_text(unit.iri)} (every store and output reads numbers as "
                            "doubles); check the magnitude and the unit")
    stated = text + stated_unit
    return Reading(value, unit.iri, amount.bound, stated if stated != canonical(value) else None, bool(amount.unit))
