"""Spreadsheet cells that stay text: a value from data never becomes a formula (CSV/formula injection).

Excel, WPS and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some versions,
a tab or a carriage return) as a formula, so a company named ``=HYPERLINK("http://evil.example","x")``
in an exported table would be a live link. Following OWASP's advice, every CSV cell that starts with one
of those characters is written with a ``'`` in front, which spreadsheets show as text; a plain number
such as ``-12.5`` is left alone (it cannot be a formula). :func:`restore_text` undoes it when the table is
read back, so export → import is lossless: a value that itself starts with quotes before such a
character gets one more quote on the way out and loses one on the way in.

>>> inert_text('=HYPERLINK("http://evil.example","x")')
'\\'=HYPERLINK("http://evil.example","x")'
>>> inert_text("-12.5"), inert_text("铝基材"), inert_text("@SUM(A1)")
('-12.5', '铝基材', "'@SUM(A1)")
>>> all(restore_text(inert_text(v)) == v for v in ["=1+1", "'=1+1", "''+x", "-3", "'ok", "a=b"])
True

In an XLSX workbook a string is stored as a string cell (never a formula or an error value) and cells
that start with a formula character get Excel's "quote prefix" so they stay text when edited.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["CONTROL_CHARACTERS", "FORMULA_STARTS", "NOT_XML", "csv_text", "inert_text", "restore_text",
           "shown_controls", "write_only_row", "write_only_sheet"]

#: the first characters that make a spreadsheet read a cell as a formula
FORMULA_STARTS = frozenset("=+-@\t\r")
#: the control characters XML 1.0, hence no XLSX workbook, can hold (openpyxl refuses them with a traceback)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: every character XML 1.0 cannot hold: those control characters, lone surrogates, U+FFFE and U+FFFF
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: the first characters of the texts openpyxl would not store as a plain string (``=…`` a formula, ``#N/A`` an
#: error value) or that need Excel's quote prefix
_NOT_PLAIN = FORMULA_STARTS | {"#"}
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")


def _risky(text: str) -> bool:
    return text[:1] in FORMULA_STARTS and not _NUMBER.match(text)


def inert_text(value: object) -> str:
    """*value* as a CSV cell that a spreadsheet shows as text (a ``'`` in front of a formula start)."""
    text = "" if value is None else str(value)
    return "'" + text if _risky(text.lstrip("'")) else text


def restore_text(text: str) -> str:
    """The value :func:`inert_text` was given: one leading ``'`` fewer before a formula start."""
    return text[1:] if text.startswith("'") and _risky(text.lstrip("'")) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], delimiter: str = ",") -> str:
    """A CSV document (``\\n`` line ends) whose every cell, header included, is inert."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([inert_text(c) for c in header])
    writer.writerows([inert_text(c) for c in row] for row in rows)
    return out.getvalue()


def shown_controls(text: str) -> str:
    r"""*text* with its control characters made visible, for a message.

    >>> shown_controls("哈斯特\x01公司")
    '哈斯特\\x01公司'
    """
    return CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def write_only_row(sheet: Any, values: Iterable[object], font: Any = None,
                   number_format: str | None = None) -> list[object]:
    """*values* as a row for an openpyxl write-only *sheet*: every text a plain string cell (quote-prefixed if a
    spreadsheet would read it as a formula), a control character (which XLSX cannot hold) shown as U+FFFD, the
    replacement character, so that a name read from data never stops a workbook half-written; with *font*,
    every cell in that font (a header); with
    *number_format*, every cell in that format (``"@"``: text, so that a code such as 0916 typed again keeps
    its leading zero).

    A write-only sheet infers a cell's type from its value when the row is written, so a text that openpyxl
    would take for a formula or an error value goes as a cell of its own, a plain string (quote-prefixed if
    risky); every other value goes as it is.

    >>> from openpyxl import Workbook
    >>> sheet = Workbook(write_only=True).create_sheet("t")
    >>> row = write_only_row(sheet, ['=HYPERLINK("http://x","y")', "#N/A", "铝基材", -3, None])
    >>> [(c.value, c.data_type, c.quotePrefix) for c in row[:2]], row[2:]
    ([('=HYPERLINK("http://x","y")', 's', True), ('#N/A', 's', False)], ['铝基材', -3, None])
    """
    from openpyxl.cell import WriteOnlyCell

    row: list[object] = []
    for value in values:
        if isinstance(value, str):
            value = NOT_XML.sub("\ufffd", value)
            if font is None and number_format is None and value[:1] not in _NOT_PLAIN:
                row.append(value)
                continue
        elif font is None and number_format is None:
            row.append(value)
            continue
        cell = WriteOnlyCell(sheet, value)  # type: ignore[arg-type]  # any value a sheet holds
        if isinstance(value, str):
            cell.data_type = "s"
            if _risky(value):
                cell.quotePrefix = True
        if font is not None:
            cell.font = font
        if number_format is not None:
            cell.number_format = number_format
        row.append(cell)
    return row


def write_only_sheet(book: Any, name: str, columns: int, rows: int, *, auto_filter: bool) -> Any:
    """A new sheet of the openpyxl write-only *book* for a table of *columns* columns and a header over *rows*
    rows: named with at most 31 characters (as Excel wants), the header row frozen, the table's extent as its
    ``<dimension>``, and with *auto_filter* a filter over it. A write-only sheet takes these (and its column
    widths) before its first row.

    >>> from openpyxl import Workbook
    >>> sheet = write_only_sheet(Workbook(write_only=True), "t", 3, 10, auto_filter=True)
    >>> sheet.freeze_panes, sheet.auto_filter.ref, sheet.calculate_dimension()
    ('A2', 'A1:C11', 'A1:C11')
    """
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(name[:31])
    sheet.freeze_panes = "A2"
    extent = f"A1:{get_column_letter(columns)}{rows + 1}" if columns else "A1:A1"
    # the <dimension> a normal workbook writes (openpyxl's writer asks the sheet for it, a write-only one has
    # none): readers such as openpyxl's read-only mode size the sheet from it
    sheet.calculate_dimension = lambda: extent
    if columns and auto_filter:
        sheet.auto_filter.ref = extent
    return sheet
