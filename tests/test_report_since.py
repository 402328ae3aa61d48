"""The report's "since last time" section (``report --since``, ``--since-as-of``; docs/compare.md).

The two table sets of tests/test_snapshot_moves.py (示例县, 2024 and 2025), with one company renamed so its name is
markup: 戊<b>电池</b> (a signed project in 2024, under construction in 2025). Since 2024: 甲硅业 moved out to 邻县,
丙新能源 moved in from 邻县, 乙光能 closed, 丁组件 is no longer in the data, and the project advanced.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chaingraph.gaps import analyze
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.output.reports import write_report
from chaingraph.whatif.snapshot import snapshot_diff

from .test_as_of import paths  # noqa: F401 - the fixture: one graph holding 2024 and 2025
from .test_cli import _run
from .test_snapshot_moves import REGIONS, V2024, V2025
from .test_tables import PV, write

NAME = "戊<b>电池</b>"


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("since")
    tables = {**PV, "regions": REGIONS}
    old = V2024 + f"{NAME},demo-county,PV04,signed,报告2024\n"
    new = V2025 + f"{NAME},demo-county,PV04,under_construction,报告2025\n"
    return (write(base / "2024", {**tables, "companies": old}), write(base / "2025", {**tables, "companies": new}))


def test_the_section_in_every_format(folders: tuple[Path, Path], tmp_path: Path) -> None:
    done = _run("report", "-r", "示例县", "-c", "pv", "-g", str(folders[1]), "--since", str(folders[0]),
                "--formats", "html,md,json,xlsx,docx", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "gaps-demo-county-zh.html").read_text(encoding="utf-8")
    section = html[html.index('<section class="since"'):html.index('<section class="back">')]
    assert "与上次相比的变化" in section and "本报告数据对比2024" in section
    for said in ("迁出至邻县", "迁入自邻县", "关停", "数据中已无（未载明关停）", "项目推进", "报告2025"):
        assert said in section, said
    assert "戊&lt;b&gt;电池&lt;/b&gt;" in section and NAME not in html  # escaped, never markup
    md = (tmp_path / "gaps-demo-county-zh.md").read_text(encoding="utf-8")
    assert "## 与上次相比的变化" in md and "迁出至邻县" in md and "戊&lt;b&gt;电池&lt;/b&gt;" in md
    data = json.loads((tmp_path / "gaps-demo-county-zh.json").read_text(encoding="utf-8"))
    assert data["since"]["schema"] == "chaingraph.diff/1"
    assert [i["label"] for i in data["since"]["firms_moved_out"]] == ["甲硅业"]
    assert [i["label"] for i in data["since"]["projects_advanced"]] == [NAME]
    from openpyxl import load_workbook

    rows = list(load_workbook(tmp_path / "gaps-demo-county-zh.xlsx")["变化"].iter_rows(values_only=True))
    assert rows[0][:3] == ("变化", "产业链", "企业或项目")
    assert ("迁入本地区", "光伏产业链", "丙新能源", "PV05", None, "迁入自邻县") in [r[:6] for r in rows]
    import docx

    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "gaps-demo-county-zh.docx")).paragraphs)
    assert "与上次相比的变化" in text


def test_only_when_asked(folders: tuple[Path, Path], tmp_path: Path) -> None:
    kg = KnowledgeGraph.open(folders[1])
    result = analyze(kg, region="示例县", chains=["pv"])
    files = write_report(result, tmp_path, formats=("html", "md", "json", "xlsx"))
    assert "与上次相比的变化" not in files["html"].read_text(encoding="utf-8")
    assert "与上次相比" not in files["md"].read_text(encoding="utf-8")
    assert "since" not in json.loads(files["json"].read_text(encoding="utf-8"))
    from openpyxl import load_workbook

    assert "变化" not in load_workbook(files["xlsx"]).sheetnames


def test_the_python_api_in_english(folders: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = KnowledgeGraph.open(folders[0]), KnowledgeGraph.open(folders[1])
    result = analyze(new, region="示例县", chains=["pv"], lang="en")
    since = snapshot_diff(old, new, "示例县", chains=["pv"], lang="en", before_label="2024", after_label="2025")
    md = write_report(result, tmp_path, formats=("md",), since=since)["md"].read_text(encoding="utf-8")
    assert "## Since last time" in md and "2025 against 2024" in md and "moved to Next County" in md
    assert "no longer in the data (not stated closed)" in md


def test_since_a_year_of_the_same_graph(paths: list[Path], tmp_path: Path) -> None:  # noqa: F811 - the fixture
    graph = [a for p in paths for a in ("-g", str(p))]
    done = _run("report", "-r", "示例县", "-c", "pv", *graph, "--since-as-of", "2024", "--formats", "md",
                "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    md = (tmp_path / "gaps-demo-county-zh.md").read_text(encoding="utf-8")
    since = md[md.index("## 与上次相比的变化"):]
    assert "本报告数据对比截至2024年" in since and "己回收" in since and "新增企业与项目" in since
    assert "截至2024年（仅依据注明日期的来源）" in since  # what the older side rests on


def test_since_with_a_scenario_is_refused(folders: tuple[Path, Path], tmp_path: Path) -> None:
    done = _run("report", "-r", "示例县", "-g", str(folders[1]), "--since", str(folders[0]),
                "--assume", "丙新能源=closed", "--out", str(tmp_path / "r"))
    assert done.returncode == 2 and "--since is about the data" in done.stderr
    assert not (tmp_path / "r").exists()


def test_since_the_data_of_a_persistent_store(folders: tuple[Path, Path], tmp_path: Path) -> None:
    """The older snapshot kept in a store (``--since-store oxigraph:PATH``), the report's own data files."""
    store = f"oxigraph:{tmp_path / 'store-2024'}"
    assert _run("load", "--store", store, str(folders[0])).returncode == 0
    done = _run("report", "-r", "示例县", "-c", "pv", "-g", str(folders[1]), "--since-store", store,
                "--formats", "md", "--out", str(tmp_path / "r"))
    assert done.returncode == 0, done.stderr
    since = (tmp_path / "r" / "gaps-demo-county-zh.md").read_text(encoding="utf-8").split("## 与上次相比的变化")[1]
    assert "本报告数据对比store-2024" in since and "迁出至邻县" in since and "迁入自邻县" in since
    both = _run("report", "-r", "示例县", "-g", str(folders[1]), "--since", str(folders[0]), "--since-store", store,
                "--out", str(tmp_path / "both"))
    assert both.returncode == 2 and "both name data" in both.stderr and not (tmp_path / "both").exists()
    engine = _run("report", "-r", "示例县", "-g", str(folders[1]), "--since-store", "memory",
                  "--out", str(tmp_path / "none"))
    assert engine.returncode == 2 and "--since-store memory names no data" in engine.stderr
