"""Numbers as Chinese tables write them: ``50万``, ``1.6亿``, ``3千``, ``500,000``, ``约50万吨``, ``1000余``.

:func:`parse_amount` normalises the number (``50万`` → 500000), keeps what the qualifiers say about it
(``约`` approximate, ``超``/``余``/``以上`` at least, ``不超过`` at most) and returns the unit written after
it, if any. :func:`unit_iri` maps unit text (``吨/年``, ``套``, ``TONNE-PER-YR``) to a QUDT unit.

>>> parse_amount("50万")
Amount(value=Decimal('500000'), bound=None, unit=None)
>>> parse_amount("1.6亿")
Amount(value=Decimal('160000000'), bound=None, unit=None)
>>> parse_amount("约50万吨")
Amount(value=Decimal('500000'), bound='approx', unit='吨')
>>> parse_amount("1,200余套/年").value, parse_amount("1,200余套/年").bound
(Decimal('1200'), 'min')
>>> parse_amount("五十万") is None
True
>>> canonical(Decimal("160000000.0")), canonical(Decimal("0.50"))
('160000000', '0.5')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import URIRef

from chaingraph.vocab.namespaces import UNIT

__all__ = ["MAGNITUDES", "UNITS", "Amount", "canonical", "parse_amount", "unit_iri", "unit_text"]

#: Chinese magnitude characters; combinations multiply (百万 = 10⁶, 万亿 = 10¹²)
MAGNITUDES = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}

_PER_YEAR_COUNTS = ("套", "件", "台", "辆", "个", "只", "片", "根", "支", "条", "块", "组", "把", "颗")
#: unit text (case-free) → QUDT unit local name
UNITS: dict[str, str] = {
    **{text: "TONNE-PER-YR" for text in ("吨", "吨/年", "吨每年", "t", "t/a", "t/y", "t/yr", "tonne/yr",
                                         "tonnes/yr", "tpa")},
    **{text: "NUM-PER-YR" for unit in _PER_YEAR_COUNTS for text in (unit, f"{unit}/年")},
    **{text: "NUM-PER-YR" for text in ("pcs", "pcs/yr", "units/yr", "/年")},
    **{text: "KiloW" for text in ("千瓦", "kw")},
    **{text: "MegaW" for text in ("兆瓦", "mw")},
    **{text: "GigaW" for text in ("吉瓦", "gw")},
}
_QUDT_NAME = re.compile(r"(?:unit:)?([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)")

_BEFORE = {"约": "approx", "近": "approx", "大约": "approx", "超": "min", "超过": "min", "逾": "min",
           "不少于": "min", "不超过": "max", "不到": "max", "不足": "max"}
_AFTER = {"余": "min", "多": "min", "以上": "min", "左右": "approx", "以下": "max"}
_UNIT_ALTERNATIVES = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_AMOUNT = re.compile(
    rf"""^(?P<before>{'|'.join(sorted(_BEFORE, key=len, reverse=True))})?
        (?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)
        (?P<mid>余|多)?
        (?P<magnitude>[十百千万亿]*?)
        (?P<after>余|多|以上|左右|以下)?
        (?P<unit>{_UNIT_ALTERNATIVES})?
        (?P<tail>以上|左右|以下)?$""",
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    value: Decimal  #: the normalised number
    bound: str | None  #: approx, min or max when a qualifier says so
    unit: str | None  #: the unit text written after the number, if any


def canonical(value: Decimal) -> str:
    """The plain decimal text of *value*: no exponent, no trailing zeros."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def parse_amount(text: str) -> Amount | None:
    """The amount *text* states, or None when it is not a number (with optional magnitude and unit)."""
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    match = _AMOUNT.match(cleaned)
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


def unit_iri(text: str) -> URIRef | None:
    """The QUDT unit *text* names: a unit written in a table (``吨/年``, ``套``) or a QUDT unit name.

    >>> unit_iri("吨/年") == UNIT["TONNE-PER-YR"], unit_iri("unit:NUM-PER-YR") == UNIT["NUM-PER-YR"]
    (True, True)
    >>> unit_iri("桶") is None
    True
    """
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if cleaned.casefold() in UNITS:
        return UNIT[UNITS[cleaned.casefold()]]
    if cleaned.startswith(str(UNIT)) and _QUDT_NAME.fullmatch(cleaned[len(str(UNIT)):]):
        return URIRef(cleaned)
    match = _QUDT_NAME.fullmatch(cleaned)
    if match and re.search(r"[A-Z]", match[1]) and len(match[1]) > 2:
        return UNIT[match[1]]
    return None


def unit_text(iri: URIRef) -> str:
    """How the tables write a unit: its QUDT name (``TONNE-PER-YR``), or the IRI if it is not a QUDT unit."""
    text = str(iri)
    return text[len(str(UNIT)):] if text.startswith(str(UNIT)) else text
