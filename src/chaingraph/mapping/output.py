"""The mapping as tables: ``companies.csv`` for the import, and ``companies-review.csv`` beside it for the
person who reviews it; written atomically, as UTF-8 CSV or as XLSX (``.xlsx``: one sheet each).

``companies.csv`` has the columns of ``docs/tables.md`` (name, aliases, region, links, status, capacity,
capacity_unit, customers, suppliers, role, source) and ``id``, the 统一社会信用代码. The review columns are
in the second file because the import rejects a column it does not know: ``id``, ``name``, ``row`` (the
firm's row in the register), ``region``, ``status``, ``links``, ``confidence`` (of each link, in the order
of ``links``), ``evidence`` (why each link, and the notes on the firm) and ``candidates`` (links below
the threshold, with their confidence).

A register is outside data: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be run as a formula by a spreadsheet; it is written with a leading ``'`` in CSV and as a text cell in
XLSX.

>>> inert("=HYPERLINK(\\"http://x\\")"), inert("重庆甲铝业有限公司")
('\\'=HYPERLINK("http://x")', '重庆甲铝业有限公司')
>>> review_path(Path("out/companies.csv"))
PosixPath('out/companies-review.csv')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chaingraph.errors import InputError
from chaingraph.fileio import write_bytes

__all__ = ["COMPANY_COLUMNS", "FORMULA_STARTS", "REVIEW_COLUMNS", "inert", "review_path", "write_tables"]

COMPANY_COLUMNS = ("name", "aliases", "region", "links", "status", "capacity", "capacity_unit", "customers",
                   "suppliers", "role", "source", "id")
REVIEW_COLUMNS = ("id", "name", "row", "region", "status", "links", "confidence", "evidence", "candidates")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: str) -> str:
    """The CSV text of a cell, with a leading ``'`` when a spreadsheet would take it for a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def review_path(path: Path) -> Path:
    """The review file written beside *path*: ``companies.csv`` → ``companies-review.csv``."""
    return path.with_name(f"{path.stem}-review{path.suffix}")


def _csv_bytes(columns: Sequence[str], rows: Sequence[dict[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([inert(str(row.get(c, "") or "")) for c in columns] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise InputError.single("writing .xlsx needs openpyxl",
                                hint="install the xlsx extra: pip install 'chaingraph[xlsx]'") from None
    return openpyxl


def _xlsx_bytes(sheet_name: str, columns: Sequence[str], rows: Sequence[dict[str, str]]) -> bytes:
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_name
    sheet.append(list(columns))
    for row in rows:
        sheet.append([str(row.get(c, "") or "") for c in columns])
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.data_type = "s"  # text, never a formula: a register is outside data
            cell.number_format = "@"
    for index, column in enumerate(columns, start=1):
        width = max([len(column), *(len(str(r.get(column, "") or "")) for r in rows[:200])])
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = min(60, max(10, width + 2))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_tables(path: str | Path, companies: Sequence[dict[str, str]], review: Sequence[dict[str, str]]) -> list[Path]:
    """Write ``companies`` to *path* and ``review`` beside it (:func:`review_path`); XLSX for a ``.xlsx``
    path, else CSV. Each file is written to a temporary file, then renamed into place."""
    path = Path(path)
    if path.exists() and path.is_dir():
        raise InputError.single("is a folder", file=str(path), hint="give the file to write, e.g. companies.csv")
    second = review_path(path)
    if path.suffix.lower() == ".xlsx":
        data = [_xlsx_bytes("companies", COMPANY_COLUMNS, companies), _xlsx_bytes("review", REVIEW_COLUMNS, review)]
    else:
        data = [_csv_bytes(COMPANY_COLUMNS, companies), _csv_bytes(REVIEW_COLUMNS, review)]
    write_bytes(second, data[1])
    write_bytes(path, data[0])
    return [path, second]
