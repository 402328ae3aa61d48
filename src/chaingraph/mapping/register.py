"""Read a company register (企业名录): a CSV file (UTF-8 with or without BOM, GB18030/GBK as Excel saves it)
or the first sheet of an XLSX workbook, into rows of the documented columns.

The header is the first row, among the first ten, that has a name column (exports often start with a
title row). Columns are known by their usual spellings (:data:`COLUMNS`), in any order; other columns are
ignored and listed once in :attr:`Register.notes`. A register needs a name column and at least one of
the industry code, 经营范围 and 主营产品 columns. Problems are collected, then raised together as an
:class:`~chaingraph.errors.InputError` naming the file, row and column.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
>>> _ = path.write_bytes("企业名称,行业代码,备注\\n重庆甲铝业有限公司,C3252,\\n".encode("gbk"))
>>> register = read_register(path)
>>> register.columns, [row.cells["name"] for row in register.rows], register.ignored
({'name': 1, 'industry': 2}, ['重庆甲铝业有限公司'], ['备注'])
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chaingraph.errors import InputError, Problem, closest
from chaingraph.mapping.text import normalise
from chaingraph.paths import display_path
from chaingraph.tables.reader import decode

__all__ = ["COLUMNS", "REQUIRED", "Register", "RegisterRow", "read_register"]

#: column → the header spellings accepted (compared after NFKC, without spaces, case-free)
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("企业名称", "公司名称", "名称", "name"),
    "id": ("统一社会信用代码", "信用代码", "社会信用代码", "credit_code", "id"),
    "status": ("登记状态", "经营状态", "企业状态", "status"),
    "province": ("省份", "省", "所属省份", "province"),
    "city": ("城市", "市", "所属城市", "city"),
    "county": ("区县", "区", "县", "所属区县", "county"),
    "address": ("注册地址", "地址", "企业地址", "住所", "address"),
    "industry": ("国民经济行业代码", "行业代码", "所属行业代码", "industry_code"),
    "scope": ("经营范围", "business_scope"),
    "products": ("主营产品", "main_products"),
}
#: the columns a register must have: a name, and something to map by
REQUIRED = ("name",)
MAPPED_BY = ("industry", "scope", "products")
_ALIASES = {normalise(alias): column for column, aliases in COLUMNS.items() for alias in aliases}
_HEADER_ROWS = 10
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class RegisterRow:
    number: int  #: the row number a spreadsheet shows (the first row is 1)
    cells: dict[str, str]  #: column → stripped text ("" when empty)

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class Register:
    display: str  #: how problems name the file
    columns: dict[str, int]  #: column → its 1-based position
    rows: list[RegisterRow] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  #: header cells that name no known column
    notes: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\u3000", " ").replace("\xa0", " ").strip()


def _csv_records(path: Path, display: str) -> Iterator[list[str]]:
    text = decode(path.read_bytes(), display)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise InputError.single(f"cannot read the CSV: {error}", file=display) from None


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise InputError.single("reading .xlsx registers needs openpyxl",
                                hint="install the xlsx extra: pip install 'chaingraph[xlsx]'") from None
    return openpyxl


def _xlsx_records(path: Path, display: str, notes: list[str]) -> Iterator[list[str]]:
    try:
        book = _openpyxl().load_workbook(path, read_only=True, data_only=True)
    except InputError:
        raise
    except Exception as error:  # zipfile, KeyError, InvalidFileException …
        raise InputError.single(f"cannot read the workbook: {error}", file=display,
                                hint="save it from Excel as .xlsx") from None
    try:
        if len(book.worksheets) > 1:
            notes.append(f"{display}: read the first sheet, {book.worksheets[0].title}")
        for values in book.worksheets[0].iter_rows(values_only=True):
            yield [_text(v) for v in values]
    finally:
        book.close()


def _header(records: list[tuple[int, list[str]]], display: str) -> tuple[int, list[str]]:
    """The header row: the first of the first rows with a name column."""
    for number, cells in records[:_HEADER_ROWS]:
        if any(_ALIASES.get(normalise(c)) == "name" for c in cells):
            return number, cells
    first = next(((n, c) for n, c in records if any(x.strip() for x in c)), None)
    if first is None:
        raise InputError([Problem("empty register: no header row", display,
                                  hint="the first row names the columns, e.g. 企业名称, 统一社会信用代码, 经营范围")])
    return first


def _columns(number: int, header: list[str], display: str, register: Register,
             problems: list[Problem]) -> None:
    unknown: list[tuple[int, str]] = []
    for position, cell in enumerate(header, start=1):
        text = cell.strip()
        column = _ALIASES.get(normalise(text))
        if not text:
            continue
        if column is None:
            unknown.append((position, text))
        elif column in register.columns:
            register.notes.append(f"{display}: column {position} '{text}' repeats the column "
                                  f"{COLUMNS[column][0]} (column {register.columns[column]}); it is ignored")
        else:
            register.columns[column] = position
    register.ignored = [text for _, text in unknown]
    if register.ignored:
        register.notes.append(f"{display}: columns ignored: {', '.join(register.ignored)}")
    for column in REQUIRED:
        if column not in register.columns:
            problems.append(_missing(column, number, unknown, display))
    if not any(c in register.columns for c in MAPPED_BY):
        problems.append(Problem("nothing to map the firms by: no column " +
                                ", ".join(COLUMNS[c][0] for c in MAPPED_BY), display, number,
                                hint="a register needs an industry code, a 经营范围 or a 主营产品 column"))


def _missing(column: str, row: int, unknown: Iterable[tuple[int, str]], display: str) -> Problem:
    aliases = COLUMNS[column]
    message = f"no {column} column ({' / '.join(aliases[:-1])})"
    for position, text in unknown:
        near = closest(text, aliases[:-1], 1)
        if near:
            return Problem(f"{message}: unknown column '{text}'", display, row, position,
                           hint=f"did you mean {near[0]}?")
    headers = ", ".join(text for _, text in unknown) or "no column"
    return Problem(message, display, row, hint=f"the header has {headers}")


def read_register(path: str | Path) -> Register:
    """Read the register at *path*; raise :class:`InputError` listing every problem of its header."""
    path = Path(path)
    display = display_path(path)
    if not path.is_file():
        raise InputError.single("no such file", file=display)
    notes: list[str] = []
    xlsx = path.suffix.lower() in XLSX_SUFFIXES
    try:
        records = list(enumerate(_xlsx_records(path, display, notes) if xlsx else _csv_records(path, display),
                                 start=1))
    except OSError as error:
        raise InputError.single(f"cannot read: {error.strerror}", file=display) from None
    number, header = _header(records, display)
    register = Register(display, {}, notes=notes)
    problems: list[Problem] = []
    _columns(number, header, display, register, problems)
    if problems:
        raise InputError(problems)
    for row_number, cells in records[number:]:
        values = {column: (cells[i - 1].strip() if i <= len(cells) else "") for column, i in register.columns.items()}
        if any(values.values()) and not values.get("name", "").startswith("#"):
            register.rows.append(RegisterRow(row_number, values))
    return register
