"""Outputs are inert: a hostile name from the data never becomes a spreadsheet formula or live HTML.

The names below are the attacks of issue 19: a formula that opens a link, a DDE command, and HTML that
runs script when the Markdown report is rendered. They go in through the tables (as a planner's
spreadsheet would bring them) and come out through every writer: ``export`` (CSV, XLSX), ``report``
(XLSX, Markdown), ``gaps --format csv`` and ``query --format csv``.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from markdown_it import MarkdownIt

from chaingraph.cells import FORMULA_STARTS, NOT_XML, _risky, inert_text, restore_text
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.output.sheets import workbook_xlsx
from chaingraph.reproducible import fixed_zip_times

from .test_cli import _run

ROOT = Path(__file__).resolve().parents[1]
FORMULA = '=HYPERLINK("http://evil.example","x")'
DDE = "=cmd|' /C calc'!A0"
IMG = "<img src=x onerror=alert(1)>"
IFRAME = "<iframe src=javascript:alert(2)></iframe>"
LINK = "[click](javascript:alert(3))"
#: which company gets which name: operating firms of a link, so every output names them
RENAMES = {"旗能电铝": FORMULA, "哈斯特": DDE}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example tables with hostile company, chain and source names."""
    folder = tmp_path_factory.mktemp("hostile") / "tables"
    shutil.copytree(ROOT / "examples" / "qijiang-tables", folder)
    _rewrite(folder / "companies.csv", lambda row: {
        **row, "name": RENAMES.get(row["name"], row["name"]),
        "aliases": IMG if row["name"] == "旗能电铝" else row["aliases"],
        "source": f"{LINK} {row['source']}" if row["source"] else row["source"]})
    _rewrite(folder / "chains.csv", lambda row: {**row, "label_zh": f"{IFRAME}{row['label_zh']}",
                                                 "label_en": f"{IMG}{row['label_en']}"})
    return folder


def _rewrite(path: Path, change: object) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows, columns = [change(row) for row in reader], reader.fieldnames  # type: ignore[operator]
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns or [], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _formula_cells(path: Path) -> list[str]:
    """Every formula of a workbook, read from its XML (openpyxl's view could hide one)."""
    with zipfile.ZipFile(path) as book:
        return [m for name in book.namelist() if name.startswith("xl/worksheets/")
                for m in re.findall(r"<f>(.*?)</f>", book.read(name).decode("utf-8"))]


def _strings(path: Path) -> set[str]:
    book = openpyxl.load_workbook(path)
    return {c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row
            if isinstance(c.value, str)}


def _csv_cells(text: str) -> set[str]:
    return {cell for row in csv.reader(io.StringIO(text)) for cell in row}


def _risky_csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row
            if cell[:1] in FORMULA_STARTS and not re.fullmatch(r"-?\d+(\.\d+)?", cell)]


def test_the_hostile_tables_import(hostile: Path) -> None:
    names = {str(o) for o in KnowledgeGraph.open(hostile, store="memory").graph.objects()}
    assert FORMULA in names and DDE in names and any(IMG in n for n in names)


def test_export_csv_is_inert_and_imports_back_as_it_was(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    done = _run("export", "--graph", str(hostile), "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = (out / "companies.csv").read_text(encoding="utf-8")
    assert not _risky_csv_cells(text)
    assert {inert_text(FORMULA), inert_text(DDE)} <= _csv_cells(text)
    again = tmp_path / "again"
    assert _run("export", "--graph", str(out), "--out", str(again)).returncode == 0
    for table in ("companies.csv", "chains.csv"):
        assert (again / table).read_text(encoding="utf-8") == (out / table).read_text(encoding="utf-8")
    names = {str(o) for o in KnowledgeGraph.open(out, store="memory").graph.objects()}
    assert FORMULA in names and DDE in names


def test_export_and_report_workbooks_hold_no_formula(hostile: Path, tmp_path: Path) -> None:
    for args, out in ((["export", "--out"], tmp_path / "tables.xlsx"),
                      (["report", "--region", "綦江区", "--formats", "xlsx", "--out"], tmp_path / "report")):
        done = _run(*args, str(out), "--graph", str(hostile))
        assert done.returncode == 0, done.stderr
        path = out if out.suffix else next(out.glob("*.xlsx"))
        assert _formula_cells(path) == []
        strings = _strings(path)
        assert any(FORMULA in s for s in strings), f"{path.name} lost the company's name"
    assert {FORMULA, DDE} <= _strings(tmp_path / "tables.xlsx")
    names = {str(o) for o in KnowledgeGraph.open(tmp_path / "tables.xlsx", store="memory").graph.objects()}
    assert FORMULA in names and DDE in names


def test_gaps_and_query_csv_are_inert(hostile: Path) -> None:
    for args in (["gaps", "--region", "綦江区", "--format", "csv", "--table", "links"],
                 ["query", "SELECT ?name WHERE { ?c a cg:Enterprise ; skos:prefLabel ?name }", "--format", "csv"]):
        done = _run(*args, "--graph", str(hostile))
        assert done.returncode == 0, done.stderr
        assert any(cell.startswith(inert_text(FORMULA)) for cell in _csv_cells(done.stdout)), done.stdout
        assert not _risky_csv_cells(done.stdout)


def test_the_markdown_and_html_reports_render_no_html_from_data(hostile: Path, tmp_path: Path) -> None:
    for lang in ("zh", "en"):
        out = tmp_path / f"report-{lang}"
        done = _run("report", "--region", "綦江区", "--formats", "md,html", "--lang", lang, "--out", str(out),
                    "--graph", str(hostile))
        assert done.returncode == 0, done.stderr
        page = next(out.glob("*.html")).read_text(encoding="utf-8")
        assert IMG not in page and IFRAME not in page
        assert "&lt;iframe src=javascript:alert(2)&gt;" in page or "&lt;img src=x onerror" in page  # shown
        text = next(out.glob("*.md")).read_text(encoding="utf-8")
        assert "<img" not in text and "<iframe" not in text
        html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
        assert "<img" not in html and "<iframe" not in html and 'href="javascript' not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html or "&lt;iframe" in html  # shown, not dropped


@pytest.mark.parametrize("value", ["=1+1", "'=1+1", "''@x", "+86 023", "-", "-5", "a=b", "'", "\t1", "铝"])
def test_inert_text_round_trips(value: str) -> None:
    assert restore_text(inert_text(value)) == value
    assert inert_text(value)[:1] not in FORMULA_STARTS or re.fullmatch(r"-?\d+", value)


# -- control characters: invisible, and no XLSX workbook can hold them -------------------------------------

CONTROL = "哈斯特\x01\x0b公司"


def test_a_control_character_in_a_table_is_a_located_error(tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    shutil.copytree(ROOT / "examples" / "qijiang-tables", folder)
    _rewrite(folder / "companies.csv", lambda row: {**row, "name": CONTROL if row["name"] == "哈斯特" else row["name"]})
    out = tmp_path / "out.ttl"
    result = _run("import", str(folder), "--out", str(out))
    assert result.returncode == 2 and not out.exists()
    assert "a control character in the cell: '哈斯特\\x01\\x0b公司'" in result.stderr
    assert "companies.csv row" in result.stderr and "column name" in result.stderr


def test_a_control_character_from_rdf_data_is_replaced_in_workbooks(tmp_path: Path) -> None:
    """RDF may hold any character (``\\u0001`` in Turtle): the workbooks are written whole, the character shown
    as U+FFFD; before, openpyxl stopped ``export`` with a traceback (IllegalCharacterError)."""
    data = tmp_path / "graph"
    shutil.copytree(ROOT / "graph", data)
    for path in data.rglob("*.ttl"):
        text = path.read_text(encoding="utf-8")
        if '"旗能电铝"@zh' in text:
            path.write_text(text.replace('"旗能电铝"@zh', '"旗能\\u0001\\u0002电铝"@zh'), encoding="utf-8")
            break
    else:
        raise AssertionError("no file names 旗能电铝")
    out = tmp_path / "tables.xlsx"
    result = _run("export", "--graph", str(data), "--out", str(out))
    assert result.returncode == 0, result.stderr
    report = tmp_path / "report"
    result = _run("report", "--graph", str(data), "--region", "綦江区", "--formats", "xlsx", "--out", str(report))
    assert result.returncode == 0, result.stderr
    shown = "旗能\ufffd\ufffd电铝"
    assert shown in _strings(out) and any(shown in s for s in _strings(next(report.glob("*.xlsx"))))
    assert not any("\x01" in s for path in [out, *report.glob("*.xlsx")] for s in _strings(path))


#: every kind of value the workbooks hold, and the texts openpyxl would not store as plain strings
SHEET_VALUES = [FORMULA, DDE, "#N/A", "#DIV/0!", "-12.5", "+86 23", "@SUM(A1)", "\tx", "'=1+1", "=", "哈斯特\x01公司",
                "", None, 0, -3, 2.5, True, False, "铝基材"]


def sheet_row(values: list[object]) -> list[object]:
    """*values* as the writers appended them before they streamed: a control character shown as U+FFFD."""
    return [NOT_XML.sub("\ufffd", v) if isinstance(v, str) else v for v in values]


def text_cells(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
    """What the writers did to a whole sheet before they streamed: every string cell a plain string cell,
    quote-prefixed if risky (openpyxl turns a string that starts with ``=`` into a formula, ``#N/A`` into an
    error value)."""
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if _risky(cell.value):
                    cell.quotePrefix = True


def _old_workbook(sheets: dict[str, tuple[list[str], list[list[object]]]], stamp: datetime) -> bytes:
    """The workbook as the writers made it before they streamed (a normal openpyxl workbook, then
    :func:`text_cells`): what :func:`chaingraph.output.sheets.workbook_xlsx` must equal."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (header, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(sheet_row(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(sheet_row(row))
        text_cells(sheet)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for index, column in enumerate(header, start=1):
            width = max([len(str(column))] + [len(str(r[index - 1] or "")) for r in rows[:200]])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, width * 1.6))
    book.properties.creator = "chaingraph"
    book.properties.created = book.properties.modified = stamp
    out = io.BytesIO()
    book.save(out)
    return fixed_zip_times(out.getvalue(), stamp)


def _as_seen(data: bytes) -> dict[str, object]:
    """A workbook as a user sees it: every sheet's cells (value, type, bold, quote prefix, number format),
    widths, frozen pane, filter and size; the document's dates."""
    seen: dict[str, object] = {}
    for read_only in (False, True):  # read-only mode sizes a sheet by its <dimension>
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=read_only)
        seen[f"names{read_only}"] = book.sheetnames
        for sheet in book.worksheets:
            seen[f"{sheet.title}{read_only}"] = (sheet.max_row, sheet.max_column, [
                [(c.value, c.data_type, c.font.b, getattr(c, "quotePrefix", None), c.number_format) for c in row
                 if c.value is not None]
                for row in sheet.iter_rows()])
            if not read_only:
                seen[f"{sheet.title} view"] = (sheet.freeze_panes, sheet.auto_filter.ref,
                                               {k: d.width for k, d in sheet.column_dimensions.items()})
        seen[f"dates{read_only}"] = (book.properties.creator, book.properties.created, book.properties.modified)
    with zipfile.ZipFile(io.BytesIO(data)) as members:
        seen["members"] = [(i.filename, i.date_time) for i in members.infolist()]
    return seen


def test_the_streamed_workbook_equals_a_normal_one_and_stays_inert() -> None:
    when = datetime(2026, 1, 2, 3, 4)
    width = len(SHEET_VALUES)
    sheets = {"t": ([f"c{i}" for i in range(width)], [SHEET_VALUES[i:] + SHEET_VALUES[:i] for i in range(width)]),
              "header only": (["=a", "b"], []), "x" * 31: (["n"], [[1], [None]])}
    new = workbook_xlsx(sheets, creator="chaingraph", stamp=when)
    assert _as_seen(new) == _as_seen(_old_workbook(sheets, when))
    assert _formula_cells_of(new) == []
    sheet = openpyxl.load_workbook(io.BytesIO(new))["t"]
    cells = {c.value: c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)}
    assert cells[FORMULA].data_type == "s" and cells[FORMULA].quotePrefix
    assert cells["#N/A"].data_type == "s" and not cells["#N/A"].quotePrefix
    assert cells["-12.5"].data_type == "s" and not cells["-12.5"].quotePrefix  # a number: no formula
    assert "哈斯特\ufffd公司" in cells and all(c.font.b for c in sheet[1])


def _formula_cells_of(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return [m for name in book.namelist() if name.startswith("xl/worksheets/")
                for m in re.findall(r"<f>(.*?)</f>", book.read(name).decode("utf-8"))]
