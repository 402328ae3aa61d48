r"""Plain tables as an XLSX workbook (``chaingraph compare`` and ``chaingraph diff`` with ``--format xlsx``): one
sheet per table, header row bold and frozen, filters on, every text cell inert and any control character
(which XLSX cannot hold) U+FFFD (:mod:`chaingraph.cells`), and the same bytes for the same tables (fixed dates).

>>> data = sheets_xlsx({"links": [{"link": "CU01", "note": "=1+1"}]})
>>> from openpyxl import load_workbook
>>> import io
>>> sheet = load_workbook(io.BytesIO(data))["links"]
>>> [[c.value for c in row] for row in sheet.iter_rows()], sheet["B2"].data_type
([['link', 'note'], ['CU01', '=1+1']], 's')
>>> sheets_xlsx({"links": [{"link": "CU01"}]}) == sheets_xlsx({"links": [{"link": "CU01"}]})
True
>>> load_workbook(io.BytesIO(sheets_xlsx({"t": [{"name": "哈斯特\x01公司"}]})))["t"]["A2"].value
'哈斯特�公司'
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from chaingraph.cells import sheet_row, text_cells
from chaingraph.output.reports.xlsx import fixed_zip_times

__all__ = ["sheets_xlsx"]

#: the date every workbook carries, so the same tables give the same bytes
STAMP = datetime(2000, 1, 1)


def sheets_xlsx(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """The workbook of *tables* (sheet name → rows of plain values; the header is the first row's keys; an empty
    table is a sheet with no rows). Needs openpyxl: ``pip install 'chaingraph[xlsx]'``."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("XLSX output needs openpyxl: pip install 'chaingraph[xlsx]'") from error
    book = Workbook()
    for sheet in book.worksheets:
        book.remove(sheet)
    for name, rows in tables.items():
        sheet = book.create_sheet(name[:31])
        header = list(rows[0]) if rows else []
        sheet.append(sheet_row(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(sheet_row(row.get(column) for column in header))  # no control character
        text_cells(sheet)  # a name such as =HYPERLINK(…) stays text
        sheet.freeze_panes = "A2"
        if rows:
            sheet.auto_filter.ref = sheet.dimensions
        for index, column in enumerate(header, start=1):
            width = max([len(str(column))] + [len(str(r.get(column) or "")) for r in rows[:200]])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, width * 1.6))
    book.properties.creator = "chaingraph"
    book.properties.created = book.properties.modified = STAMP
    out = io.BytesIO()
    book.save(out)
    return fixed_zip_times(out.getvalue(), (STAMP.year, STAMP.month, STAMP.day, 0, 0, 0))
