"""The mapping as tables: ``companies.csv`` for the import, and ``companies-review.csv`` beside it for the
person who reviews it; written atomically, as UTF-8 CSV or as XLSX (``.xlsx``: one sheet each).

``companies.csv`` has the columns of ``docs/tables.md`` (name, aliases, region, links, status, capacity,
capacity_unit, customers, suppliers, role, source) and ``id``, the 统一社会信用代码. The review columns are
in the second file because the import rejects a column it does not know: ``id``, ``name``, ``row`` (the
firm's row in the register), ``region``, ``status``, ``links``, ``confidence`` (of each link, in the order
of ``links``), ``evidence`` (why each link, and the notes on the firm) and ``candidates`` (links below
the threshold, with their confidence).

A register is outside data: every cell is written inert (:mod:`chaingraph.cells`), so a name such as
``=HYPERLINK(…)`` stays text in a spreadsheet, and ``import`` reads it back as it was.

>>> review_path(Path("out/companies.csv"))
PosixPath('out/companies-review.csv')
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from chaingraph.cells import csv_text
from chaingraph.errors import InputError
from chaingraph.fileio import write_bytes
from chaingraph.tables.writer import text_workbook

__all__ = ["COMPANY_COLUMNS", "REVIEW_COLUMNS", "review_path", "write_tables"]

COMPANY_COLUMNS = ("name", "aliases", "region", "links", "status", "capacity", "capacity_unit", "customers",
                   "suppliers", "role", "source", "id")
REVIEW_COLUMNS = ("id", "name", "row", "region", "status", "links", "confidence", "evidence", "candidates")


def review_path(path: Path) -> Path:
    """The review file written beside *path*: ``companies.csv`` → ``companies-review.csv``."""
    return path.with_name(f"{path.stem}-review{path.suffix}")


def _csv_bytes(columns: Sequence[str], rows: Sequence[dict[str, str]]) -> bytes:
    return csv_text(columns, ([row.get(c, "") or "" for c in columns] for row in rows)).encode("utf-8")


def _xlsx_bytes(sheet_name: str, columns: Sequence[str], rows: Sequence[dict[str, str]]) -> bytes:
    # never a formula: a register is outside data (text_workbook keeps every text inert)
    cells = [[str(row.get(c, "") or "") for c in columns] for row in rows]
    return text_workbook({sheet_name: (columns, cells)}, auto_filter=True)


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
