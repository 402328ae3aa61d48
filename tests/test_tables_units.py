"""Units in the tables: every spelling of tables/magnitudes.py's UNIT_TABLE gives its QUDT unit and factor,
written in the unit column (``50`` and ``万吨/年``) or after the number (``50万吨/年``); the stated text is kept;
an unknown unit is a located error with the closest spellings."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal

from chaingraph.errors import InputError
from chaingraph.tables import read_tables
from chaingraph.tables.magnitudes import UNIT_TABLE, QuantityError, read_quantity, unit_of
from chaingraph.vocab.namespaces import CG, CGD, CUR, QUDT, UNIT

T, N, KW, KWH, CNY = UNIT["TONNE-PER-YR"], UNIT["NUM-PER-YR"], UNIT["KiloW"], UNIT["KiloW-HR"], CUR["CNY"]

#: the units docs/tables.md lists, with the base unit and factor each must give
EXPECTED = [
    ("万吨/年", T, 10**4), ("万吨/a", T, 10**4), ("万t/a", T, 10**4), ("吨/年", T, 1), ("千吨", T, 10**3),
    ("万千瓦", KW, 10**4), ("千瓦", KW, 1), ("亿千瓦时", KWH, 10**8), ("万千瓦时", KWH, 10**4),
    ("万辆/年", N, 10**4), ("万辆", N, 10**4), ("万套", N, 10**4), ("万件", N, 10**4), ("万台", N, 10**4),
    ("GW", KW, 10**6), ("MW", KW, 10**3), ("kW", KW, 1), ("GWh", KWH, 10**6), ("MWh", KWH, 10**3),
    ("亿元", CNY, 10**8), ("万元", CNY, 10**4), ("元", CNY, 1),
]


@pytest.mark.parametrize(("spelling", "unit", "factor"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_each_unit_gives_its_base_unit_scaled(spelling: str, unit: str, factor: int) -> None:
    in_column = read_quantity("2.5", spelling)
    in_cell = read_quantity(f"2.5{spelling}")
    assert (in_column.value, in_column.unit) == (in_cell.value, in_cell.unit) == (Decimal("2.5") * factor, unit)
    assert in_cell.stated == f"2.5{spelling}" and in_cell.names_unit
    assert in_column.stated == (f"2.5{spelling}" if factor != 1 else None) and not in_column.names_unit
    assert unit_of(spelling.lower()) == unit_of(spelling.upper()) == (unit, factor)  # any case


def test_every_spelling_of_the_table_reads_back() -> None:
    for spellings, unit, factor in UNIT_TABLE:
        for spelling in spellings:
            assert unit_of(spelling) == (unit, factor), spelling
            assert read_quantity(f"3{spelling}").value == 3 * factor, spelling


def test_magnitudes_before_a_unit_and_qudt_names() -> None:
    assert unit_of("亿吨") == (T, 10**8)
    assert read_quantity("50万吨/年").value == read_quantity("50", "万吨/年").value == 500_000
    assert read_quantity("1.6亿千瓦时").value == 160_000_000
    assert read_quantity("5千兆瓦").value == 5_000_000  # 5000 MW
    assert read_quantity("7", "TONNE-PER-YR") == (7, T, None, None, False)
    assert read_quantity("7", "unit:MegaW").value == 7000 and read_quantity("7", "cur:CNY").unit == CNY
    # a unit in both columns: the same unit, or the base unit in the unit column
    assert read_quantity("50万吨", "TONNE-PER-YR").value == read_quantity("50万吨", "万吨/年").value == 500_000


@pytest.mark.parametrize(("value", "unit", "column", "message", "suggestion"), [
    ("5", "万吨/天", "unit", "unknown unit", "万吨/年"),
    ("5万吨/天", "", "value", "unknown unit", "吨/年"),
    ("5", "兆瓦小时", "unit", "unknown unit", "兆瓦时"),
    ("5万吨", "千瓦", "unit", "the unit disagrees with the unit of '5万吨':", None),
    ("5万吨", "千吨", "unit", "the unit disagrees with the unit of '5万吨':", None),
    ("5", "", "unit", "missing unit of the capacity", None),
    ("", "吨", "unit", "a unit without a number", None),
])
def test_bad_units(value: str, unit: str, column: str, message: str, suggestion: str | None) -> None:
    with pytest.raises(QuantityError) as caught:
        read_quantity(value, unit)
    assert (caught.value.column, caught.value.message) == (column, message)
    if suggestion:
        assert suggestion in caught.value.suggestions


def test_units_in_a_table_import_scaled_with_the_stated_text(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "companies.csv").write_text(
        "name,capacity,capacity_unit\n甲电厂,120,万千瓦\n乙铝业,50万吨/年,\n丙公司,3,亿元\n丁公司,500000,吨/年\n",
        encoding="utf-8")
    g = read_tables(folder).graph

    def capacity(name: str) -> tuple[object, ...]:
        q = g.value(CGD[f"org-{name}"], CG.capacity)
        return g.value(q, QUDT.numericValue).toPython(), g.value(q, QUDT.unit), g.value(q, CG.statedAs)

    assert capacity("jia-dian-chang") == (1_200_000, KW, Literal("120万千瓦", lang="zh"))
    assert capacity("yi-lv-ye") == (500_000, T, Literal("50万吨/年", lang="zh"))
    assert capacity("bing-gong-si") == (300_000_000, CNY, Literal("3亿元", lang="zh"))
    assert capacity("ding-gong-si") == (500_000, T, None)


def test_an_unknown_unit_in_a_table_names_the_cell_and_the_closest_spellings(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "companies.csv").write_text("name,capacity,capacity_unit\n甲,5,万吨/天\n乙,5万吨/天,\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_tables(folder)
    texts = [str(p) for p in caught.value.problems]
    assert texts[0].startswith("unknown unit '万吨/天' in ") and "row 2, column capacity_unit" in texts[0]
    assert "'万吨/年'" in texts[0].split("did you mean")[1]
    assert texts[1].startswith("unknown unit '吨/天' in ") and "row 3, column capacity:" in texts[1]
    assert "'吨/年'" in texts[1].split("did you mean")[1]
