"""Write tables as CSV files or an XLSX workbook, atomically; write the empty template.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in write_template(folder)]
['chains.csv', 'links.csv', 'flows.csv', 'regions.csv', 'companies.csv']
>>> (folder / "flows.csv").read_text(encoding="utf-8").splitlines()
['from,to,kind,carries', '# DM01,DM02,material,铝土矿']
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from chaingraph.cells import csv_text, write_only_row, write_only_sheet
from chaingraph.errors import InputError
from chaingraph.fileio import write_bytes
from chaingraph.reproducible import fixed_zip_times, output_time
from chaingraph.tables.schema import TABLES

__all__ = ["TABLE_WRITE_ORDER", "table_format", "text_workbook", "write_tables", "write_template"]

#: the order of the files and sheets (the order of the documentation)
TABLE_WRITE_ORDER = ("chains", "links", "flows", "regions", "companies")


def table_format(out: Path, fmt: str | None) -> str:
    """``csv`` or ``xlsx``: as asked, else ``xlsx`` for a ``.xlsx`` path and ``csv`` for a folder."""
    if fmt is None:
        return "xlsx" if out.suffix.lower() == ".xlsx" else "csv"
    if fmt not in ("csv", "xlsx"):
        raise InputError.single(f"unknown table format '{fmt}'", hint="use csv or xlsx")
    return fmt


def _csv_bytes(columns: Sequence[str], rows: Sequence[Sequence[str]], bom: bool) -> bytes:
    # inert: a name such as =HYPERLINK(…) stays text in a spreadsheet; the reader undoes the quote
    return ("\ufeff" if bom else "").encode("utf-8") + csv_text(columns, rows).encode("utf-8")


def text_workbook(sheets: Mapping[str, tuple[Sequence[str], Sequence[Sequence[str]]]], *,
                  auto_filter: bool = False) -> bytes:
    """The workbook of *sheets* (name → (columns, rows of text)): every cell text (``@``, so that a code such as
    0916 typed again keeps its leading zero) and inert, the header row frozen, columns as wide as their values
    (10 to 60), with *auto_filter* a filter over each sheet; dated :func:`~chaingraph.reproducible.output_time`
    (``SOURCE_DATE_EPOCH`` gives the same bytes for the same tables).

    openpyxl's write-only mode writes each row as it comes, without keeping a cell object per value: the tables
    of 100,000 companies take 170 MB instead of 920 MB, in the same 22 s (openpyxl's cost per cell; CSV is the
    format for a national export)."""
    from chaingraph.tables.reader import _openpyxl

    openpyxl = _openpyxl()
    get_column_letter = openpyxl.utils.get_column_letter
    book = openpyxl.Workbook(write_only=True)
    for name, (columns, rows) in sheets.items():
        sheet = write_only_sheet(book, name, len(columns), len(rows), auto_filter=auto_filter)
        for index, column in enumerate(columns, start=1):
            width = max([len(column), *(len(r[index - 1]) for r in rows)])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, width + 2))
        for row in [columns, *rows]:
            sheet.append(write_only_row(sheet, row, number_format="@"))
    stamp = output_time()
    book.properties.creator = "chaingraph"
    book.properties.created = book.properties.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip_times(buffer.getvalue(), stamp)


def write_tables(rows: Mapping[str, Sequence[Mapping[str, str]]], out: str | Path, fmt: str | None = None, *,
                 bom: bool = False, comment_rows: bool = False) -> list[Path]:
    """Write every table of *rows*: ``<out>/<table>.csv`` files, or the sheets of the workbook *out*.

    Each file is written to a temporary file first and then renamed, so a file is never half written.
    With *comment_rows* the first cell of every row starts with ``# `` (the template's example rows).
    """
    out = Path(out)
    fmt = table_format(out, fmt)
    sheets = {}
    for name in TABLE_WRITE_ORDER:
        columns = TABLES[name].column_names
        table_rows = [[str(row.get(c, "") or "") for c in columns] for row in rows.get(name, ())]
        if comment_rows:
            table_rows = [[f"# {row[0]}", *row[1:]] for row in table_rows]
        sheets[name] = (columns, table_rows)
    if fmt == "xlsx":
        write_bytes(out, text_workbook(sheets))
        return [out]
    if out.exists() and not out.is_dir():
        raise InputError.single("not a folder", file=str(out), hint="CSV tables are written into a folder")
    written = []
    for name, (columns, table_rows) in sheets.items():
        path = out / TABLES[name].file
        write_bytes(path, _csv_bytes(columns, table_rows, bom))
        written.append(path)
    return written


def template_rows() -> dict[str, list[dict[str, str]]]:
    """The example rows of the template (valid tables once the ``#`` is removed)."""
    rows: dict[str, list[dict[str, str]]] = {}
    for name, table in TABLES.items():
        count = max(len(c.example) for c in table.columns)
        rows[name] = [{c.name: (c.example[i] if i < len(c.example) else "") for c in table.columns}
                      for i in range(count)]
    return rows


def write_template(target: str | Path, fmt: str | None = None, *, force: bool = False) -> list[Path]:
    """Write the empty tables, with their headers and commented example rows, into the folder (or
    workbook) *target*. Existing files are never overwritten unless *force*: nothing is written then."""
    target = Path(target)
    fmt = table_format(target, fmt)
    paths = [target] if fmt == "xlsx" else [target / TABLES[n].file for n in TABLE_WRITE_ORDER]
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        raise InputError([InputError.single("already exists", file=str(p)).problems[0] for p in existing] +
                         InputError.single("nothing was written", hint="use --force to overwrite").problems)
    return write_tables(template_rows(), target, fmt, comment_rows=True)
