"""The DOCX report (issue 17): re-read with python-docx as Word would see it, and opened and printed to PDF by
LibreOffice (installed by .ci/system-deps; the test fails, never skips, where it is missing)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from PIL import Image

from chaingraph.gaps import GapAnalysis, analyze
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.output.reports import docx as docx_module
from chaingraph.output.reports import mapimage, write_report
from chaingraph.output.reports.context import report_context
from chaingraph.output.reports.svg import COLOURS, map_layout
from chaingraph.words import pick, report_words

from .conftest import ROOT
from .test_reports import hostile_company

WHEN = datetime(2026, 1, 1, tzinfo=UTC)
ARTIFACTS = ROOT / "test-artifacts"
#: the pages LibreOffice prints the Qijiang report (all chains) on (docs/reports.md): cover, briefing, figures
#: and summary, a few per chain, one per target profile, the back matter. Out of it, the layout has broken.
PAGES = range(30, 51)


@pytest.fixture(scope="module", params=["zh", "en"])
def written(request: pytest.FixtureRequest, bundled: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[GapAnalysis, Path]:
    result = analyze(bundled, region="綦江区", lang=request.param)
    paths = write_report(result, tmp_path_factory.mktemp(f"docx-{request.param}"), formats=("docx",),
                         generated_at=WHEN)
    return result, paths["docx"]


def _text(document: object) -> str:
    paragraphs = [p.text for p in document.paragraphs]  # type: ignore[attr-defined]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]  # type: ignore[attr-defined]
    return "\n".join(paragraphs + cells)


def test_docx_reads_back_with_headings_tables_and_pictures(written: tuple[GapAnalysis, Path]) -> None:
    result, path = written
    lang = result.parameters["lang"]
    w = report_words(lang)
    data = result.to_dict()
    document = docx.Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)  # A4
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    chains = [pick(c["label"], lang) for c in data["chains"]]
    assert headings[:3] == [w["brief"], w["figures"], w["summary"]]
    assert headings[3:3 + len(chains)] == chains  # one section per chain, in order
    assert w["glossary"] in headings and w["evidence"] in headings
    assert sum(p.style.name == "Heading 2" for p in document.paragraphs) > len(chains) * 3
    text = _text(document)
    for chain in data["chains"]:
        for gap in chain["gaps"]:
            assert gap["id"] in text, gap["id"]
        for target in chain["targets"]:
            assert pick(target["label"], lang) in text, target["label"]
    # every table: the first row is a header repeated on every page, no row breaks across pages
    assert len(document.tables) > 10
    for table in document.tables:
        rows = table._tbl.tr_lst
        assert [child.tag for child in rows[0].trPr] == [qn("w:cantSplit"), qn("w:tblHeader")]  # schema order
        assert all([child.tag for child in row.trPr] == [qn("w:cantSplit")] for row in rows[1:])
    # pictures: a chart per series of the key figures, then one chain map per chain, PNG
    series = report_context(result)["facts"]["series"]
    assert series and len(document.inline_shapes) == len(series) + len(chains)
    with zipfile.ZipFile(path) as package:
        pictures = [n for n in package.namelist() if n.startswith("word/media/")]
        assert pictures and all(Image.open(io.BytesIO(package.read(n))).format == "PNG" for n in pictures)


def test_docx_cover_names_title_region_date_and_sources(written: tuple[GapAnalysis, Path]) -> None:
    result, path = written
    lang = result.parameters["lang"]
    document = docx.Document(str(path))
    cover = "\n".join(p.text for p in document.paragraphs[:14])
    title = "綦江区产业链缺口分析报告" if lang == "zh" else "Industry-chain gap analysis"
    sources = "数据来源：chaingraph 随附数据" if lang == "zh" else "data sources: data bundled with chaingraph"
    assert title in cover and "2026-01-01" in cover and sources in cover
    assert ("綦江区" if lang == "zh" else "Qijiang") in cover
    assert document.core_properties.created.replace(tzinfo=None) == datetime(2026, 1, 1)
    assert document.core_properties.language == ("zh-CN" if lang == "zh" else "en")


def test_docx_is_the_same_for_the_same_input(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    result = analyze(bundled, region="綦江区", chains=["aluminium"])
    first = write_report(result, tmp_path / "a", formats=("docx",), generated_at=WHEN)["docx"]
    second = write_report(result, tmp_path / "b", formats=("docx",), generated_at=WHEN)["docx"]
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as package:
        assert {info.date_time for info in package.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_a_failed_docx_leaves_the_previous_file_whole(bundled: KnowledgeGraph, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    result = analyze(bundled, region="綦江区", chains=["copper"])
    path = write_report(result, tmp_path, formats=("docx",), generated_at=WHEN)["docx"]
    before = path.read_bytes()

    def broken(*args: object) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(docx_module, "map_png", broken)
    with pytest.raises(OSError, match="disk full"):
        write_report(result, tmp_path, formats=("docx",))
    assert path.read_bytes() == before and sorted(tmp_path.iterdir()) == [path]


def test_without_python_docx_the_default_formats_leave_docx_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from chaingraph.output.reports import FORMATS, available_formats

    assert available_formats() == list(FORMATS)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "docx" else real(name, *a))
    assert available_formats() == ["html", "md", "json", "xlsx"]


def test_the_cli_says_what_docx_needs_before_writing_anything(tmp_path: Path) -> None:
    hide = "import sys; sys.modules['docx'] = None; sys.modules['PIL'] = None; "  # as without the docx extra
    code = hide + "from chaingraph.cli import main; sys.argv = ['chaingraph', *sys.argv[1:]]; main()"
    out = tmp_path / "report"
    done = subprocess.run([sys.executable, "-c", code, "report", "--region", "綦江区", "--chain", "copper", "--out",
                           str(out), "--formats", "md,docx"], capture_output=True, text=True, encoding="utf-8",
                          timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    assert "python-docx and Pillow" in done.stderr and "pip install 'chaingraph[docx]'" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()


def test_hostile_names_stay_plain_text_in_the_docx(tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://evil.example","x")<w:fldSimple w:instr="DDE"/>'
    kg = hostile_company(tmp_path, hostile, store="memory")
    path = write_report(analyze(kg, region="綦江区", chains=["aluminium"]), tmp_path / "out",
                        formats=("docx",))["docx"]
    assert hostile in _text(docx.Document(str(path)))  # shown as it is
    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert "<w:fldSimple" not in body and "<w:instrText" not in body and "<w:hyperlink" not in body
    assert "&lt;w:fldSimple" in body


def test_a_control_character_in_a_name_is_shown_in_docx_and_xlsx_not_refused(tmp_path: Path) -> None:
    data = tmp_path / "pasted.ttl"
    data.write_text("""@prefix cg: <https://w3id.org/chaingraph/ns#> .
@prefix cgk: <https://w3id.org/chaingraph/kos/> . @prefix cgd: <https://w3id.org/chaingraph/data/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix prov: <http://www.w3.org/ns/prov#> .
cgd:org-pasted a cg:Enterprise ; skos:prefLabel "粘贴\\u000B来的\\u0001公司"@zh ; cg:operatesIn cgk:AL11 ;
    prov:wasDerivedFrom cgd:source-seed-000 .
""", encoding="utf-8")
    kg = KnowledgeGraph.open([data], with_bundled=True, store="memory")
    paths = write_report(analyze(kg, region="綦江区", chains=["aluminium"]), tmp_path / "out",
                         formats=("docx", "xlsx"))
    assert "粘贴\ufffd来的\ufffd公司" in _text(docx.Document(str(paths["docx"])))
    book = openpyxl.load_workbook(paths["xlsx"])
    cells = {str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row}
    assert any("粘贴\ufffd来的\ufffd公司" in c for c in cells)


def test_the_map_picture_is_the_svg_layout_coloured_by_status(bundled: KnowledgeGraph,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    chain = analyze(bundled, region="綦江区", chains=["aluminium"]).to_dict()["chains"][0]
    names = report_words("zh")
    layout = map_layout(chain)
    for font in (mapimage.cjk_font(), None):  # with the CJK font of the system, and without any
        monkeypatch.setattr(mapimage, "cjk_font", lambda font=font: font)
        image = Image.open(io.BytesIO(mapimage.map_png(chain, "zh", names))).convert("RGB")
        assert image.size == (layout["width"] * mapimage.SCALE, layout["height"] * mapimage.SCALE)
        for link in chain["links"]:
            x, y = layout["boxes"][link["id"]]
            colour = image.getpixel((int((x + 140) * mapimage.SCALE), int((y + 37) * mapimage.SCALE)))
            assert "#{:02x}{:02x}{:02x}".format(*colour) == COLOURS[link["status"]], link["id"]
    assert mapimage.cjk_font() is None


def _pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info or re.search(r"Page size:\s+595(\.\d+)? x 841", info), info
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def test_libreoffice_opens_the_docx_and_prints_it(written: tuple[GapAnalysis, Path], tmp_path: Path) -> None:
    result, path = written
    lang = result.parameters["lang"]
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.fail("LibreOffice is missing: run .ci/system-deps (it installs libreoffice-writer-nogui)")
    for tool in ("pdftoppm", "pdftotext", "pdfinfo"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing: run .ci/system-deps (it installs poppler-utils)")
    done = subprocess.run([office, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                          capture_output=True, text=True, timeout=300, check=False)
    pdf = tmp_path / f"{path.stem}.pdf"
    assert done.returncode == 0 and pdf.is_file(), done.stderr
    pages = _pdf_pages(pdf)
    assert pages in PAGES, pages
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    w = report_words(lang)
    for said in (w["brief"], w["figures"], w["glossary"]):
        assert re.sub(r"\s+", "", said) in flat, said
    assert ("160亿元" if lang == "zh" else "CNY16bn") in flat
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / f"report-docx-{lang}.pdf")
    for old in ARTIFACTS.glob(f"report-docx-{lang}-page*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "4", "-png", str(pdf),
                    str(ARTIFACTS / f"report-docx-{lang}-page")], check=True)
    assert len(list(ARTIFACTS.glob(f"report-docx-{lang}-page*.png"))) == 4
