"""Snapshots (``chaingraph diff``): two versions of one table set — last year's and this year's — and what changed
in the county between them (docs/compare.md).

The chain is tests/test_tables.py's photovoltaic chain. From 2024 to 2025: 乙光能 (PV03, the county's only wafer
maker) closed, 己回收 (PV06, module recycling) came, the signed cell project 戊电池 (PV04) went under construction,
甲硅业 (PV02) grew from 10万吨 to 12万吨 a year, and 丁组件 is no longer listed (not stated closed). So PV03 goes
from weak to missing, PV06 from missing to weak, PV04 stays planned, and coverage stays 3 of 6.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from chaingraph.errors import InputError
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.whatif import AnalysisDiff
from chaingraph.whatif.snapshot import snapshot_diff

from .test_cli import _run
from .test_tables import PV, write

HEADER = "name,region,links,status,capacity,capacity_unit,source\n"
V2024 = HEADER + """甲硅业,demo-county,PV02,operating,10万吨,,县政府工作报告2024
乙光能,demo-county,PV03,operating,1.6亿,片/年,县政府工作报告2024
丙新能源,demo-county,PV05,operating,,,县政府工作报告2024
丁组件,demo-county,PV05,operating,,,县政府工作报告2024
戊电池,demo-county,PV04,signed,,,县政府工作报告2024
"""
V2025 = HEADER + """甲硅业,demo-county,PV02,operating,12万吨,,县政府工作报告2025
乙光能,demo-county,PV03,closed,,,县政府工作报告2025
丙新能源,demo-county,PV05,operating,,,县政府工作报告2025
戊电池,demo-county,PV04,under_construction,,,县政府工作报告2025
己回收,demo-county,PV06,operating,,,县政府工作报告2025
"""


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("snapshots")
    return (write(base / "2024", {**PV, "companies": V2024}), write(base / "2025", {**PV, "companies": V2025}))


@pytest.fixture(scope="module")
def diff(folders: tuple[Path, Path]) -> AnalysisDiff:
    old, new = (KnowledgeGraph.open(folder) for folder in folders)
    return snapshot_diff(old, new, "示例县", chains=["pv"], before_label="2024", after_label="2025")


def _section(diff: AnalysisDiff, name: str) -> list[tuple[str, str, str]]:
    return [(item["label"], item["before"], item["after"]) for item in diff.sections[name]]


def test_firms_closed_added_gone_and_a_project_advanced(diff: AnalysisDiff) -> None:
    assert _section(diff, "firms_closed") == [("乙光能", "在产", "关停")]
    assert _section(diff, "firms_added") == [("己回收", "", "在产")]
    assert _section(diff, "firms_gone") == [("丁组件", "在产", "数据中已无（未载明关停）")]
    advanced = diff.sections["projects_advanced"]
    assert [(i["label"], i["status_before"], i["status_after"]) for i in advanced] == [
        ("戊电池", "signed", "under_construction")]
    assert diff.sections["status_changed"] == diff.sections["links_changed"] == diff.sections["firms_moved"] == []


def test_capacity_changes_in_the_base_unit(diff: AnalysisDiff) -> None:
    [change] = diff.sections["capacity_changed"]
    assert (change["label"], change["link"], change["before"], change["after"]) == (
        "甲硅业", "PV02", "10万吨/年", "12万吨/年")
    assert change["capacity_after"] == {"value": 120000.0, "unit": "TONNE-PER-YR"}


def test_each_change_carries_its_sources(diff: AnalysisDiff) -> None:
    titles = {item["label"]: [s["title"] or s["id"] or s["source"] for s in item["sources"]]
              for items in diff.sections.values() for item in items}
    assert all(titles.values()), titles
    assert any("2025" in t for t in titles["己回收"]) and any("2024" in t for t in titles["丁组件"])


def test_link_statuses_and_coverage(diff: AnalysisDiff) -> None:
    chain = diff.chain("pv")
    assert {(s["id"], s["before"], s["after"]) for s in chain.statuses} >= {("PV03", "weak", "missing"),
                                                                           ("PV06", "missing", "weak")}
    assert "PV04" not in {s["id"] for s in chain.statuses}  # planned before and after
    assert chain.coverage["before"]["operating"] == chain.coverage["after"]["operating"] == 3
    assert (diff.before, diff.after) == ("2024", "2025")


def test_the_same_data_changes_nothing(folders: tuple[Path, Path]) -> None:
    kg = KnowledgeGraph.open(folders[0])
    same = snapshot_diff(kg, kg, "示例县", chains=["pv"])
    assert not same.chain("pv").changed and not any(same.sections.values())


def test_the_command_in_json_csv_and_xlsx(folders: tuple[Path, Path], tmp_path: Path) -> None:
    args = ("diff", "-r", "示例县", "-g", str(folders[0]), "-G", str(folders[1]), "-c", "pv")
    done = _run(*args, "-f", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["schema"] == "chaingraph.diff/1" and [i["label"] for i in data["firms_closed"]] == ["乙光能"]
    done = _run(*args, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    closed = next(r for r in rows if r["what"] == "firms_closed")
    assert (closed["label"], closed["before"], closed["after"], closed["links"]) == ("乙光能", "在产", "关停", "PV03")
    # the sources: the table set itself (its folder, 2025) and the source its row names
    assert next(r for r in rows if r["what"] == "firms_added")["sources"] == "2025; 县政府工作报告2025"
    done = _run(*args, "-f", "xlsx", "--out", str(tmp_path / "diff.xlsx"))
    assert done.returncode == 0, done.stderr
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "diff.xlsx")["changes"]
    assert any(row[3] == "乙光能" for row in sheet.iter_rows(values_only=True))
    table = _run(*args)
    assert table.returncode == 0 and "乙光能" in table.stdout and "关停" in table.stdout


def test_a_region_one_side_does_not_know_is_a_located_error(folders: tuple[Path, Path],
                                                            bundled: KnowledgeGraph) -> None:
    with pytest.raises(InputError, match=r"^in the older data: .*示例县"):
        snapshot_diff(bundled, KnowledgeGraph.open(folders[1]), "示例县")
