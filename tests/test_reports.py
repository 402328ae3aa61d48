"""Gap-analysis reports: complete (every gap and target), bilingual, deterministic, printable, offline."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chaingraph.gaps import GapAnalysis, analyze
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.output.reports import write_report
from chaingraph.output.reports.context import report_context
from chaingraph.output.reports.xlsx import report_sheets

from .conftest import ROOT
from .test_cli import _run

ARTIFACTS = ROOT / "test-artifacts"
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module", params=["zh", "en"])
def written(request: pytest.FixtureRequest, bundled: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[GapAnalysis, dict[str, Path]]:
    result = analyze(bundled, region="綦江区", lang=request.param)
    paths = write_report(result, tmp_path_factory.mktemp(f"report-{request.param}"), generated_at=WHEN)
    return result, paths


def test_every_format_is_written(written: tuple[GapAnalysis, dict[str, Path]]) -> None:
    _, paths = written
    assert set(paths) == {"html", "md", "json", "xlsx", "docx"}
    assert all(p.stat().st_size > 1000 for p in paths.values())


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_report_names_every_gap_and_target_of_the_analysis(written: tuple[GapAnalysis, dict[str, Path]],
                                                          fmt: str) -> None:
    result, paths = written
    text = paths[fmt].read_text(encoding="utf-8")
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    lang = data["parameters"]["lang"]
    for chain in data["chains"]:
        for gap in chain["gaps"]:
            assert re.search(rf"\b{gap['id']}\b", text), gap["id"]
            label = gap["label"][lang]
            assert (label if fmt == "md" else label.replace("&", "&amp;")) in text
        for target in chain["targets"]:
            label = target["label"][lang]
            assert (label if fmt == "md" else label.replace("&", "&amp;")) in text
    bundled = "chaingraph 随附数据" if lang == "zh" else "data bundled with chaingraph"
    assert data == {**result.to_dict(), "sources": [bundled]}  # the data files by name: no local path


def test_reports_speak_the_chosen_language(written: tuple[GapAnalysis, dict[str, Path]]) -> None:
    result, paths = written
    md = paths["md"].read_text(encoding="utf-8")
    if result.parameters["lang"] == "zh":
        assert md.startswith("# 綦江区产业链缺口分析报告") and "排序缺口与行动" in md and "补链" in md
    else:
        assert md.startswith("# Industry-chain gap analysis: Qijiang District") and "Ranked gaps" in md


def test_evidence_and_caveat_are_in_the_report(written: tuple[GapAnalysis, dict[str, Path]]) -> None:
    _, paths = written
    md = paths["md"].read_text(encoding="utf-8")
    assert "补链条 优环境 强品牌" in md  # the source article
    assert ("不等于该地区真的没有" in md) or ("is not proof that the region has none" in md)


def test_xlsx_sheets_match_the_json(written: tuple[GapAnalysis, dict[str, Path]], bundled: KnowledgeGraph) -> None:
    result, paths = written
    book = load_workbook(paths["xlsx"])
    expected = report_sheets(report_context(result, generated_at=WHEN))
    assert book.sheetnames == list(expected)
    for name, (header, rows) in expected.items():
        sheet = book[name]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert values[0] == header
        assert [[None if v == "" else v for v in row] for row in values[1:]] == \
            [[None if v == "" else v for v in row] for row in rows]
    data = result.to_dict()
    gaps = book["缺口" if result.parameters["lang"] == "zh" else "gaps"]
    assert gaps.max_row - 1 == sum(len(c["gaps"]) for c in data["chains"])


def test_same_input_gives_identical_json_markdown_and_xlsx(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    first = write_report(analyze(bundled, region="綦江区"), tmp_path / "a", generated_at=WHEN)
    second = write_report(analyze(bundled, region="綦江区"), tmp_path / "b", generated_at=WHEN)
    for fmt in ("json", "md", "xlsx", "html", "docx"):
        assert first[fmt].read_bytes() == second[fmt].read_bytes(), fmt


def test_html_is_self_contained(written: tuple[GapAnalysis, dict[str, Path]]) -> None:
    _, paths = written
    html = paths["html"].read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html)
    assert not re.search(r"@import|url\(\s*['\"]?https?:", html)
    assert "<svg" in html and "@page" in html


def hostile_company(tmp_path: Path, name: str, store: str = "oxigraph") -> KnowledgeGraph:
    """The bundled data plus one company of 綦江区 (in AL11) named *name*, as a report would show it."""
    data = tmp_path / "hostile.ttl"
    quoted = name.replace('"', '\\"')
    data.write_text(f"""@prefix cg: <https://w3id.org/chaingraph/ns#> .
@prefix cgk: <https://w3id.org/chaingraph/kos/> . @prefix cgd: <https://w3id.org/chaingraph/data/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
cgd:org-hostile a cg:Enterprise ; skos:prefLabel "{quoted}"@zh ; cg:operatesIn cgk:AL11 ;
    prov:wasDerivedFrom cgd:source-seed-000 .
""", encoding="utf-8")
    return KnowledgeGraph.open([data], with_bundled=True, store=store)


def test_hostile_names_are_escaped(tmp_path: Path) -> None:
    kg = hostile_company(tmp_path, '<img src=x onerror=alert(1)></script><script>alert(1)</script>')
    paths = write_report(analyze(kg, region="綦江区", chains=["aluminium"]), tmp_path / "out", formats=("html", "md"))
    html = paths["html"].read_text(encoding="utf-8")
    assert "<img src=x" not in html and "<script>alert" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_cli_report_writes_the_chosen_formats(tmp_path: Path) -> None:
    result = _run("report", "--region", "Qijiang", "--chain", "copper", "--out", str(tmp_path), "--formats", "md,json",
                  "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gaps-qijiang-en.json", "gaps-qijiang-en.md"]


def test_cli_report_rejects_an_unknown_format(tmp_path: Path) -> None:
    result = _run("report", "--region", "Qijiang", "--out", str(tmp_path), "--formats", "html,pdf")
    assert result.returncode == 2 and "unknown report format 'pdf'" in result.stderr
    assert list(tmp_path.iterdir()) == []


#: the pages the Qijiang report (all chains) prints on, in either language (docs/reports.md)
PRINTED_PAGES = range(30, 46)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OFFLINE = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
           "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND",
           "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]


def _chromium(args: list[str], profile: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run .ci/run (it installs Debian's chromium) or apt-get install chromium")
    subprocess.run([CHROMIUM, *OFFLINE, f"--user-data-dir={profile}", *args], check=True, timeout=180,
                   capture_output=True)


def test_html_report_renders_and_prints_offline_in_chromium(written: tuple[GapAnalysis, dict[str, Path]],
                                                             tmp_path: Path) -> None:
    result, paths = written
    lang = result.parameters["lang"]
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / f"report-{lang}.png"
    pdf = ARTIFACTS / f"report-{lang}.pdf"
    url = paths["html"].resolve().as_uri()
    _chromium(["--window-size=1200,1600", f"--screenshot={screenshot}", url], tmp_path / "p1")
    _chromium(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", url], tmp_path / "p2")
    assert screenshot.stat().st_size > 50_000  # a blank page is a few kB
    for tool in ("pdftoppm", "pdftotext", "pdfinfo"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing: run .ci/run (it installs poppler-utils)")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert "A4" in info and pages in PRINTED_PAGES, pages  # the range docs/reports.md gives
    for old in ARTIFACTS.glob(f"report-{lang}-page*.png"):
        old.unlink()
    # every page kept as a picture, to be looked at (test-artifacts/ of the CI run)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(ARTIFACTS / f"report-{lang}-page")], check=True)
    images = sorted(ARTIFACTS.glob(f"report-{lang}-page*.png"))
    assert len(images) == pages and images[0].stat().st_size > 20_000
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    first = re.sub(r"\s+", "", text)
    said = (("綦江区产业链缺口分析报告", "要报：主要结论与建议", "对策建议", "重点项目") if lang == "zh" else
            ("Industry-chaingapanalysis", "Briefing:conclusionsandrecommendations", "Recommendations", "Keyprojects"))
    assert all(s in first for s in said), text[:300]  # page one is the briefing, whole


def test_source_date_epoch_fixes_the_generation_time(bundled: KnowledgeGraph) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    try:
        context = report_context(analyze(bundled, region="綦江区", chains=["copper"]))
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert context["generated_at"] == "2026-01-01 00:00 UTC"


def test_source_date_epoch_before_1980_dates_the_workbooks_1980(bundled: KnowledgeGraph, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A zip cannot date its members before 1980: SOURCE_DATE_EPOCH=0 (a common choice) wrote no workbook
    ("ZIP does not support timestamps before 1980"); the members are now dated 1980-01-01, the properties 1970."""
    import zipfile

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    paths = write_report(analyze(bundled, region="綦江区", chains=["copper"]), tmp_path, formats=("xlsx", "docx"))
    for path in paths.values():
        with zipfile.ZipFile(path) as book:
            assert {item.date_time for item in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            assert b"1970-01-01T00:00:00Z" in book.read("docProps/core.xml")


def test_embedded_interactive_graphs_stay_offline(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    import html as html_module

    from chaingraph.output.render import chain_pages

    result = analyze(bundled, region="綦江区", chains=["copper"])
    paths = write_report(result, tmp_path, graphs=chain_pages(result), formats=("html",))
    text = paths["html"].read_text(encoding="utf-8")
    assert '<iframe class="graph screen-only" sandbox="allow-scripts"' in text
    inner = html_module.unescape(text)  # the embedded pages, as the browser will read them
    assert "vis-network" in inner.lower() or "vis.Network" in inner
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", inner)


def test_the_formats_are_checked_without_the_writers_which_import_while_the_graph_loads() -> None:
    """``--formats`` is checked before the load without importing Jinja2 or openpyxl; what the report imports
    in a thread while the graph loads (the writers, the analyzer) exists: an error there would pass unseen."""
    import importlib

    code = ("import sys; from chaingraph.cli.analysis import _formats; _formats('html,md,json,xlsx'); "
            "print(sorted(m for m in ('jinja2', 'openpyxl', 'chaingraph.output.reports') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr
    from chaingraph.cli.analysis import _report_imports

    wanted = _report_imports(["html", "md", "json", "xlsx", "docx"])
    assert {"chaingraph.gaps.analyzer", "chaingraph.output.reports", "chaingraph.output.render", "openpyxl"} <= \
        set(wanted)
    for module in wanted:
        importlib.import_module(module)
