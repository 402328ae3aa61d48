r"""Tables as an XLSX workbook: the report's sheets, and ``chaingraph compare`` and ``chaingraph diff`` with
``--format xlsx``. One sheet per table, header row bold and frozen, filters on, every text cell inert and any
control character (which XLSX cannot hold) U+FFFD (:mod:`chaingraph.cells`), and the same bytes for the same
tables (fixed dates).

>>> data = sheets_xlsx({"links": [{"link": "CU01", "note": "=1+1"}]})
>>> from openpyxl import load_workbook
>>> import io
>>> sheet = load_workbook(io.BytesIO(data))["links"]
>>> [[c.value for c in row] for row in sheet.iter_rows()], sheet["B2"].data_type, sheet["B2"].quotePrefix
([['link', 'note'], ['CU01', '=1+1']], 's', True)
>>> sheets_xlsx({"links": [{"link": "CU01"}]}) == sheets_xlsx({"links": [{"link": "CU01"}]})
True
>>> load_workbook(io.BytesIO(sheets_xlsx({"t": [{"name": "哈斯特\x01公司"}]})))["t"]["A2"].value
'哈斯特�公司'
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from chaingraph.cells import write_only_row, write_only_sheet
from chaingraph.reproducible import fixed_zip_times

__all__ = ["sheets_xlsx", "workbook_xlsx"]

#: the date every workbook of :func:`sheets_xlsx` carries, so the same tables give the same bytes
STAMP = datetime(2000, 1, 1)


def sheets_xlsx(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """The workbook of *tables* (sheet name → rows of plain values; the header is the first row's keys; an empty
    table is a sheet with no rows). Needs openpyxl: ``pip install 'chaingraph[xlsx]'``."""
    sheets = {}
    for name, rows in tables.items():
        header = list(rows[0]) if rows else []
        sheets[name] = (header, [[row.get(column) for column in header] for row in rows])
    return workbook_xlsx(sheets, creator="chaingraph", stamp=STAMP, empty_filter=False)


def workbook_xlsx(sheets: Mapping[str, tuple[Sequence[object], Sequence[Sequence[object]]]], *, creator: str,
                  stamp: datetime, empty_filter: bool = True) -> bytes:
    """The workbook of *sheets* (name → (header, rows)) dated *stamp*: each header row bold and frozen, a filter
    over the table (over the header alone when there are no rows, unless not *empty_filter*), columns as wide as
    their first 200 values (8 to 60), every text inert (:func:`chaingraph.cells.write_only_row`).

    openpyxl's write-only mode: each row goes to the sheet's XML as it is appended, without a cell object per value
    (a province's report, 30,000 cells: 0.33 s of CPU against 0.37 s; benchmarks/README.md). Needs openpyxl.
    """
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("XLSX output needs openpyxl: pip install 'chaingraph[xlsx]'") from error
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, (header, rows) in sheets.items():
        columns = max([len(header), *(len(row) for row in rows)])
        sheet = write_only_sheet(book, name, columns, len(rows), auto_filter=bool(rows) or empty_filter)
        for index, column in enumerate(header, start=1):
            width = max([len(str(column))] + [len(str(r[index - 1] or "")) for r in rows[:200]])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, width * 1.6))
        if header:
            sheet.append(write_only_row(sheet, header, font=bold))
        for row in rows:
            sheet.append(write_only_row(sheet, row))
    book.properties.creator = creator
    book.properties.created = book.properties.modified = stamp
    out = io.BytesIO()
    book.save(out)
    return fixed_zip_times(out.getvalue(), stamp)
