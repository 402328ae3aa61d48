"""Comparison of regions (``chaingraph compare``) on a hand-built table set with known answers (docs/compare.md).

The chain is tests/test_tables.py's photovoltaic chain (segment 原料: PV01, PV02; 电池与组件: PV03–PV05; 回收: PV06),
in three counties of one province:

* 甲县: PV02 one firm of 10万吨 → weak; PV03 one firm; PV05 two firms → present. Coverage 3/6.
* 乙县: PV02 two firms of 5万吨 and 3万吨 → present, 8万吨; PV04 one firm → weak; PV05 a signed project → planned.
  Coverage 2/6.
* 丙县: no company of the chain in the data — not covered: never "missing" PV01…PV06.

So 甲县 has PV03 and PV05 that 乙县 lacks, 乙县 has PV04 that 甲县 lacks, and 丙县 is compared with no one.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from chaingraph.errors import InputError
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.vocab.namespaces import CGD
from chaingraph.whatif.compare import Comparison, compare_regions

from .test_cli import _run
from .test_tables import PV, write

REGIONS = """id,label_zh,label_en,parent
demo-prov,示例省,Demo Province,
county-a,甲县,County A,demo-prov
county-b,乙县,County B,demo-prov
county-c,丙县,County C,demo-prov
"""
COMPANIES = """name,region,links,status,capacity,capacity_unit,source
甲硅业,county-a,PV02,operating,10万吨,,甲县年鉴
甲硅片,county-a,PV03,operating,,,甲县年鉴
甲组件一,county-a,PV05,operating,,,甲县年鉴
甲组件二,county-a,PV05,operating,,,甲县年鉴
乙硅业一,county-b,PV02,operating,5万吨,,乙县年鉴
乙硅业二,county-b,PV02,operating,3万吨,,乙县年鉴
乙电池,county-b,PV04,operating,,,乙县年鉴
乙组件,county-b,PV05,signed,,,乙县年鉴
"""
LINKS = PV["links"].replace("原料", "=1+1原料")  # a segment name a spreadsheet would run as a formula


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("compare"), {**PV, "links": LINKS, "regions": REGIONS,
                                                       "companies": COMPANIES})


@pytest.fixture(scope="module")
def comparison(folder: Path) -> Comparison:
    return compare_regions(KnowledgeGraph.open(folder), ["甲县", "乙县", "丙县"], chains=["pv"])


def _cells(comparison: Comparison, link: str) -> list[tuple[object, ...]]:
    row = next(r for r in comparison.chains[0].links if r["id"] == link)
    return [(c["status"], c["operating"], (c["capacity"] or {}).get("value")) for c in row["cells"]]


def test_links_as_rows_regions_as_columns(comparison: Comparison) -> None:
    assert _cells(comparison, "PV02") == [("weak", 1, 100000.0), ("present", 2, 80000.0), (None, None, None)]
    assert _cells(comparison, "PV04") == [("missing", 0, None), ("weak", 1, None), (None, None, None)]
    assert _cells(comparison, "PV05") == [("present", 2, None), ("planned", 0, None), (None, None, None)]
    row = next(r for r in comparison.chains[0].links if r["id"] == "PV02")
    assert [c["capacity_text"] for c in row["cells"]] == ["10万吨/年", "8万吨/年", ""]


def test_a_region_the_data_does_not_cover_is_never_lacking(comparison: Comparison) -> None:
    chain = comparison.chains[0]
    assert [c["covered"] for c in chain.regions] == [True, True, False]
    for row in chain.links:
        cell = row["cells"][2]
        assert (cell["status"], cell["status_label"]) == (None, "无本链数据（未覆盖）")
    assert [e["label"]["zh"] for e in chain.distinct] == ["甲县", "乙县"]  # 丙县 is compared with no one


def test_what_each_region_has_that_the_others_lack(comparison: Comparison) -> None:
    distinct = {e["label"]["zh"]: e["links"] for e in comparison.chains[0].distinct}
    assert distinct == {"甲县": ["PV03", "PV05"], "乙县": ["PV04"]}


def test_coverage_per_segment(comparison: Comparison) -> None:
    chain = comparison.chains[0]
    assert [c["coverage"]["operating"] if c["coverage"] else None for c in chain.regions] == [3, 2, None]
    coverage = comparison.tables()["coverage"]
    assert coverage[0] == {"chain": "pv", "segment": "=1+1原料", "甲县": "1/2", "乙县": "1/2",
                           "丙县": "无本链数据（未覆盖）"}
    assert coverage[1]["甲县"] == "2/3" and coverage[1]["乙县"] == "1/3"


def test_two_regions_at_least_each_once(folder: Path) -> None:
    kg = KnowledgeGraph.open(folder)
    with pytest.raises(InputError, match="at least two regions"):
        compare_regions(kg, ["甲县"])
    with pytest.raises(InputError, match="given twice"):
        compare_regions(kg, ["甲县", "county-a"])


def test_the_command_in_json_csv_and_xlsx(folder: Path, tmp_path: Path) -> None:
    args = ("compare", "-g", str(folder), "-r", "甲县", "-r", "乙县", "-r", "丙县", "-c", "pv")
    done = _run(*args, "-f", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["schema"] == "chaingraph.compare/1"
    done = _run(*args, "-f", "csv")
    lines = done.stdout.splitlines()
    rows = list(csv.DictReader(io.StringIO(done.stdout.split("\n\n")[0])))
    assert (rows[1]["甲县 状态"], rows[1]["乙县 状态"], rows[0]["乙县 状态"]) == ("弱链", "已有", "缺链（数据未覆盖）")
    assert (rows[1]["乙县 在产企业数"], rows[1]["丙县 状态"], rows[1]["丙县 在产企业数"]) == (
        "2", "无本链数据（未覆盖）", "")
    assert rows[0]["segment"] == "'=1+1原料" and not any(line.startswith("=") for line in lines)  # inert
    out = tmp_path / "compare.xlsx"
    assert _run(*args, "-f", "xlsx", "--out", str(out)).returncode == 0
    from openpyxl import load_workbook

    sheet = load_workbook(out)["links"]
    assert sheet["D2"].value == "=1+1原料" and sheet["D2"].data_type == "s"
    table = _run(*args)
    assert table.returncode == 0 and "无本链数据（未覆盖）" in table.stdout
    assert "甲县在产、而其他有本链数据的地区数据中无在产主体的环节: PV03, PV05" in table.stdout


def _report(folder: Path, out: Path, *args: str) -> tuple[str, str]:
    result = _run("report", "-r", "甲县", "-c", "pv", "-g", str(folder), "--formats", "html,md", "--out", str(out),
                  *args)
    assert result.returncode == 0, result.stderr
    return ((out / "gaps-county-a-zh.html").read_text(encoding="utf-8"),
            (out / "gaps-county-a-zh.md").read_text(encoding="utf-8"))


def test_report_compare_section(tmp_path: Path) -> None:
    """``report --compare``: the section names each region's status per link; 丙县 (no data on the chain) is
    shown as not covered, never as lacking; a region's name from the data is escaped."""
    folder = write(tmp_path / "tables", {**PV, "regions": REGIONS.replace("丙县,", "丙县<i>x</i>,"),
                                         "companies": COMPANIES})
    html, md = _report(folder, tmp_path / "out", "--compare", "乙县，county-c")
    section = html[html.index('id="comparison"'):html.index("</section>", html.index('id="comparison"'))]
    rows = {row.split("</td>")[0].split("<td>")[-1]: re.findall(r'<span class="status [^"]*">([^<]*)</span>', row)
            for row in section.split("<tr>")[2:]}
    not_covered = "无本链数据（未覆盖）"
    assert rows["PV02"] == ["弱链", "已有", not_covered]
    assert rows["PV03"] == ["弱链", "缺链（数据未覆盖）", not_covered]  # 乙县 lacks it; 丙县 is not covered
    assert rows["PV04"] == ["缺链（数据未覆盖）", "弱链", not_covered]
    assert rows["PV05"] == ["已有", "在建/计划（数据未覆盖）", not_covered]
    assert "缺链" not in "".join(r[2] for r in rows.values() if r)  # 丙县 never lacks a link
    assert "丙县&lt;i&gt;x&lt;/i&gt;" in section and "<i>x</i>" not in html
    assert "3/6" in section and "2/6" in section
    assert "甲县在产、而其他有本链数据的地区数据中无在产主体的环节：PV03、PV05" in section
    md_section = md[md.index("## 与其他地区对比"):md.index("\n## ", md.index("## 与其他地区对比"))]
    assert "| PV01 | 工业硅 |" in md_section and md_section.count("无本链数据（未覆盖）") >= 7
    assert "丙县&lt;i&gt;x&lt;/i&gt;" in md_section
    plain, _ = _report(folder, tmp_path / "plain")
    assert 'id="comparison"' not in plain


def test_report_compare_refuses_a_scenario(folder: Path, tmp_path: Path) -> None:
    result = _run("report", "-r", "甲县", "-g", str(folder), "--out", str(tmp_path), "--compare", "乙县",
                  "--assume", "甲硅业=closed")
    assert result.returncode == 2 and "--compare" in result.stderr


def test_regions_under_one_scope_count_its_companies_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The nearest sources of two regions under one parent read the parent's companies per link once: the
    comparison of districts shares what is the same for all of them (issue 16: compare costs less than the
    single analyses)."""
    from chaingraph.graphs import links as reading_links

    kg = KnowledgeGraph.open(store="memory")  # whole-chain counts (rdflib: no cheap per-link queries)
    calls: list[str] = []
    real = reading_links.select_rows

    def counting(kg_: object, name: str, **params: object) -> list[dict[str, object]]:
        if name == "scope-operators":
            calls.append(f"{params['region']} {params.get('chain')}")
        return real(kg_, name, **params)  # type: ignore[arg-type]

    monkeypatch.setattr(reading_links, "select_rows", counting)
    compare_regions(kg, ["綦江区", "重庆市"], chains=["copper"])
    country = [c for c in calls if c.startswith(str(CGD["region-china"]))]
    assert len(country) == 1 and len(calls) == len(set(calls)), calls
    # what is shared is what each would read alone: the same tables as on Oxigraph, which counts link by link
    shared = compare_regions(KnowledgeGraph.open(store="memory"), ["綦江区", "重庆市"], chains=["copper"])
    alone = compare_regions(KnowledgeGraph.open(), ["綦江区", "重庆市"], chains=["copper"])
    assert shared.to_dict() == alone.to_dict()
