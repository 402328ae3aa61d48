"""Read the tables of a folder of CSV files or of one XLSX workbook into rows of text cells.

CSV files may be UTF-8 (with or without a byte-order mark) or GB18030/GBK, as Excel saves them on a
Chinese Windows; the encoding is detected. Rows whose first cell starts with ``#`` are comments and
blank rows are skipped, but every row keeps its number as a spreadsheet shows it (the header is row 1),
so that errors point at the right cell. Every problem of every file is collected, then raised together.

>>> raw = decode(b"\\xef\\xbb\\xbfname\\n\\xe7\\xb6\\xa6\\xe6\\xb1\\x9f\\n", "x.csv")
>>> raw
'name\\n綦江\\n'
>>> decode("name\\n綦江\\n".encode("gbk"), "x.csv")
'name\\n綦江\\n'
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from chaingraph.cells import CONTROL_CHARACTERS, restore_text, shown_controls
from chaingraph.errors import InputError, Problem, closest
from chaingraph.paths import display_path
from chaingraph.tables.detect import XLSX_SUFFIXES
from chaingraph.tables.schema import TABLES, CellProblem, Table

__all__ = ["RawTable", "Row", "TableSet", "decode", "read_source"]


class Row(dict[str, str]):
    """A row of a table: column name → stripped text, ``""`` for a column the header lacks; *number* is the row
    number a spreadsheet shows (the header is row 1). A dict itself: 10⁶ cells are read through ``row[column]``,
    a Python method call each when the cells were an attribute.

    >>> row = Row(2, {"name": "甲"})
    >>> row["name"], row["id"], row.number, row.cells
    ('甲', '', 2, {'name': '甲'})
    """

    __slots__ = ("number",)

    def __init__(self, number: int, cells: dict[str, str]) -> None:
        super().__init__(cells)
        self.number = number

    def __missing__(self, column: str) -> str:
        return ""

    @property
    def cells(self) -> dict[str, str]:
        """Column name → stripped text."""
        return self


@dataclass
class RawTable:
    table: Table
    display: str  #: how errors name the file: "tables/companies.csv" or "book.xlsx[companies]"
    columns: list[str]  #: the columns the header has, in order
    rows: list[Row] = field(default_factory=list)

    def column_number(self, name: str) -> int | None:
        return self.columns.index(name) + 1 if name in self.columns else None


@dataclass
class TableSet:
    """The tables read from one source (a folder or a workbook)."""

    source: Path
    name: str  #: the folder or workbook name without suffix, which names the cg:Source of the import
    tables: dict[str, RawTable] = field(default_factory=dict)


def decode(raw: bytes, display: str) -> str:
    """The text of a CSV file: UTF-8 (a BOM is dropped), else UTF-16 with a BOM, else GB18030 (GBK)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        line = raw[: utf8_error.start].count(b"\n") + 1
        raise InputError([Problem("cannot read the file: it is neither UTF-8 nor GB18030/GBK text", display,
                                  line, hint="save it from Excel as 'CSV UTF-8' or as CSV (GBK)")]) from None


def _clean(text: str) -> str:
    # NBSP and the ideographic space are common in pasted cells; keep other full-width forms as typed
    return text.replace("\u3000", " ").replace("\xa0", " ").strip()


def _with_controls(cells: list[str]) -> list[str]:
    """*cells* when one holds a control character, else none to look at: one search per row, not per cell."""
    return cells if CONTROL_CHARACTERS.search("".join(cells)) else []


def _header_name(text: str) -> str:
    return unicodedata.normalize("NFKC", _clean(text)).lower().replace(" ", "_")


def _rows_of(table: Table, display: str, records: Iterable[tuple[int, list[str]]],
             problems: list[Problem]) -> RawTable | None:
    """Check the header and collect the rows; *records* are (row number, cells) with the header first."""
    records = iter(records)
    header_record = next(records, None)
    known = table.column_names
    if header_record is None or not any(_clean(c) for c in header_record[1]):
        problems.append(CellProblem("empty file", display, expected="a header row with the columns "
                                    + ", ".join(known)))
        return None
    header_row, header = header_record
    while header and not _clean(header[-1]):
        header.pop()  # trailing empty header cells (Excel leaves them)
    columns: list[str] = []
    ok = True
    for index, cell in enumerate(header, start=1):
        name = _header_name(cell)
        if not name:
            problems.append(CellProblem("empty column name", display, header_row, index,
                                        column_name=f"#{index}", expected="one of " + ", ".join(known)))
            ok = False
        elif name not in known:
            problems.append(CellProblem("unknown column", display, header_row, index, value=_clean(cell),
                                        expected="one of the known columns " + ", ".join(known),
                                        suggestions=tuple(closest(name, known, 1))))
            ok = False
        elif name in columns:
            problems.append(CellProblem("duplicate column", display, header_row, index, value=name,
                                        expected="each column once"))
            ok = False
        columns.append(name)
    for column in table.columns:
        if column.required and column.name not in columns:
            problems.append(CellProblem("missing column", display, header_row, value=column.name,
                                        expected=f"a column {column.name} ({column.description}); "
                                        "the header has " + (", ".join(columns) or "no column")))
            ok = False
    if not ok:
        return None
    raw = RawTable(table, display, columns)
    for number, cells in records:  # 10⁶ cells: _clean written out, a Python call less per cell
        cleaned = [c.replace("\u3000", " ").replace("\xa0", " ").strip() for c in cells]
        if not any(cleaned) or cleaned[0].startswith("#"):
            continue  # blank row or comment
        if len(cleaned) > len(columns) and any(cleaned[len(columns):]):
            extra = next(i for i, c in enumerate(cleaned[len(columns):], start=len(columns) + 1) if c)
            problems.append(CellProblem(f"row has {len(cleaned)} cells but the header has {len(columns)} columns",
                                        display, number, extra, column_name=f"#{extra}",
                                        value=cleaned[extra - 1], expected="no cell right of the last column "
                                        "(a value with a comma must be quoted, or use ; to separate values)"))
            continue
        for index, cell in enumerate(_with_controls(cleaned[:len(columns)]), start=1):
            if CONTROL_CHARACTERS.search(cell):
                problems.append(CellProblem("a control character in the cell:", display, number, index,
                                            column_name=columns[index - 1], value=shown_controls(cell),
                                            expected="text without control characters (they are invisible, and "
                                            "no XLSX workbook or XML file can hold them): delete them"))
        raw.rows.append(Row(number, {name: (cleaned[i] if i < len(cleaned) else "")
                                     for i, name in enumerate(columns)}))
    return raw


def _table_for(name: str, display: str, problems: list[Problem], what: str) -> Table | None:
    key = _header_name(name)
    if key in TABLES:
        return TABLES[key]
    near = closest(key, TABLES, 1)
    problems.append(CellProblem(f"unknown {what}", display, value=name,
                                expected="one of " + ", ".join(f"{t}{'.csv' if what == 'table file' else ''}"
                                                               for t in TABLES),
                                suggestions=tuple(f"{n}.csv" if what == "table file" else n for n in near)))
    return None


def _read_folder(folder: Path, problems: list[Problem]) -> dict[str, RawTable]:

    tables: dict[str, RawTable] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".csv", ".tsv")):
        display = display_path(path)
        table = _table_for(path.stem, display, problems, "table file")
        if table is None:
            continue
        if table.name in tables:
            problems.append(CellProblem("the table is given twice", display, value=table.name,
                                        expected=f"one {table.file} per folder"))
            continue
        try:
            text = decode(path.read_bytes(), display)
        except InputError as error:
            problems.extend(error.problems)
            continue
        except OSError as error:
            problems.append(Problem(f"cannot read: {error.strerror}", display))
            continue
        first = text.split("\n", 1)[0]
        delimiter = "\t" if path.suffix.lower() == ".tsv" or ("\t" in first and "," not in first) else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            # restore_text: the writer quotes cells a spreadsheet would run as formulas (chaingraph.cells)
            records = [(number, [restore_text(c) if c[:1] == "'" else c for c in cells])
                       for number, cells in enumerate(reader, start=1)]
        except csv.Error as error:
            problems.append(Problem(f"cannot read the CSV: {error}", display, reader.line_num))
            continue
        raw = _rows_of(table, display, records, problems)
        if raw is not None:
            tables[table.name] = raw
    return tables


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _openpyxl():  # -> the openpyxl module
    try:
        import openpyxl
    except ImportError:
        raise InputError.single("reading and writing .xlsx workbooks needs openpyxl",
                                hint="install the xlsx extra: pip install 'chaingraph[xlsx]'") from None
    return openpyxl


def _read_workbook(path: Path, problems: list[Problem]) -> dict[str, RawTable]:

    openpyxl = _openpyxl()
    book_display = display_path(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError, InvalidFileException, …
        problems.append(Problem(f"cannot read the workbook: {error}", book_display,
                                hint="save it from Excel as .xlsx"))
        return {}
    tables: dict[str, RawTable] = {}
    try:
        for sheet in book.worksheets:
            display = f"{book_display}[{sheet.title}]"
            table = _table_for(sheet.title, display, problems, "sheet")
            if table is None:
                continue
            if table.name in tables:
                problems.append(CellProblem("the table is given twice", display, value=sheet.title,
                                            expected=f"one sheet {table.name}"))
                continue
            records = ((number, [_cell_text(v) for v in values])
                       for number, values in enumerate(sheet.iter_rows(values_only=True), start=1))
            raw = _rows_of(table, display, records, problems)
            if raw is not None:
                tables[table.name] = raw
    finally:
        book.close()
    return tables


def read_source(source: str | Path) -> TableSet:
    """Read every table of a folder of CSV files or of an XLSX workbook; raise :class:`InputError` listing
    every problem (unreadable file, unknown table or column, missing column, ragged row)."""

    path = Path(source)
    problems: list[Problem] = []
    if path.is_dir():
        tables = _read_folder(path, problems)
        if not tables and not problems:
            problems.append(CellProblem("no table in the folder", display_path(path),
                                        expected="CSV files named " + ", ".join(t.file for t in TABLES.values())))
    elif path.is_file() and path.suffix.lower() in XLSX_SUFFIXES:
        tables = _read_workbook(path, problems)
        if not tables and not problems:
            problems.append(CellProblem("no table in the workbook", display_path(path),
                                        expected="sheets named " + ", ".join(TABLES)))
    elif path.is_file():
        raise InputError.single(f"unknown table source '{path.suffix}'", file=display_path(path),
                                hint="give a folder of CSV files or an .xlsx workbook")
    else:
        raise InputError.single("no such file or folder", file=str(path))
    if problems:
        raise InputError(problems)
    return TableSet(path, path.stem if path.is_file() else path.resolve().name, tables)
