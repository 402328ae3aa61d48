"""Snapshots, continued: companies that moved between regions, two stores, and one graph at two dates
(``chaingraph diff``, docs/compare.md).

The chain is tests/test_tables.py's photovoltaic chain, in a province (示例省) with two counties, 示例县 and 邻县.
From 2024 to 2025:

==========  ===================  ===================  ===================================================
company     2024                 2025                 so, for 示例县 / for 示例省
==========  ===================  ===================  ===================================================
甲硅业       示例县 PV02          邻县 PV02            moved out (迁出至邻县) / moved within (示例县 → 邻县)
乙光能       示例县 PV03          示例县 PV03 closed   closed / closed
丙新能源     邻县 PV05            示例县 PV05          moved in (迁入自邻县) / moved within (邻县 → 示例县)
丁组件       示例县 PV05          (not listed)         no longer in the data — not closed, not moved
庚材料       示例县 PV03          示例县, no link      in no link of the chain — still in the data, not gone
==========  ===================  ===================  ===================================================
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chaingraph.knowledge import KnowledgeGraph
from chaingraph.whatif import AnalysisDiff
from chaingraph.whatif.snapshot import snapshot_diff

from .test_as_of import paths  # noqa: F401 - the fixture: one graph holding 2024 and 2025
from .test_cli import _run
from .test_tables import PV, write

REGIONS = """id,label_zh,label_en,parent
demo-prov,示例省,Demo Province,
demo-county,示例县,Demo County,demo-prov
next-county,邻县,Next County,demo-prov
"""
HEADER = "name,region,links,status,source\n"
V2024 = HEADER + """甲硅业,demo-county,PV02,operating,报告2024
乙光能,demo-county,PV03,operating,报告2024
丙新能源,next-county,PV05,operating,报告2024
丁组件,demo-county,PV05,operating,报告2024
庚材料,demo-county,PV03,operating,报告2024
"""
V2025 = HEADER + """甲硅业,next-county,PV02,operating,报告2025
乙光能,demo-county,PV03,closed,报告2025
丙新能源,demo-county,PV05,operating,报告2025
庚材料,demo-county,,operating,报告2025
"""


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("moves")
    tables = {**PV, "regions": REGIONS}
    return (write(base / "2024", {**tables, "companies": V2024}), write(base / "2025", {**tables, "companies": V2025}))


@pytest.fixture(scope="module")
def kgs(folders: tuple[Path, Path]) -> tuple[KnowledgeGraph, KnowledgeGraph]:
    return KnowledgeGraph.open(folders[0]), KnowledgeGraph.open(folders[1])


def _names(diff: AnalysisDiff, section: str) -> list[tuple[str, str, str]]:
    return [(i["label"], i["before"], i["after"]) for i in diff.sections[section]]


def test_a_firm_that_left_the_county_moved_out_and_one_that_came_moved_in(
        kgs: tuple[KnowledgeGraph, KnowledgeGraph]) -> None:
    diff = snapshot_diff(*kgs, "示例县", chains=["pv"])
    assert _names(diff, "firms_moved_out") == [("甲硅业", "示例县", "迁出至邻县")]
    assert _names(diff, "firms_moved_in") == [("丙新能源", "", "迁入自邻县")]
    out = diff.sections["firms_moved_out"][0]
    assert (out["place_before"]["label"], out["place_after"]["label"]) == ("示例县", "邻县")
    # neither is said to be gone, new or closed
    assert _names(diff, "firms_gone") == [("丁组件", "在产", "数据中已无（未载明关停）")]
    assert diff.sections["firms_added"] == [] and _names(diff, "firms_closed") == [("乙光能", "在产", "关停")]
    assert diff.sections["firms_moved"] == []
    assert _names(diff, "links_changed") == [("庚材料", "PV03", "不在本链环节中（仍在本地区数据中）")]
    # the sources of a move: the newer data's
    assert any("报告2025" in (s["title"] or "") for s in out["sources"])


def test_in_the_province_the_same_firms_moved_from_one_county_to_the_other(
        kgs: tuple[KnowledgeGraph, KnowledgeGraph]) -> None:
    diff = snapshot_diff(*kgs, "示例省", chains=["pv"], lang="en")
    assert _names(diff, "firms_moved") == [("丙新能源", "Next County", "moved to Demo County"),
                                           ("甲硅业", "Demo County", "moved to Next County")]
    assert diff.sections["firms_moved_out"] == diff.sections["firms_moved_in"] == []
    assert [i["label"] for i in diff.sections["firms_gone"]] == ["丁组件"]
    assert [i["label"] for i in diff.sections["firms_closed"]] == ["乙光能"]


def test_the_command_says_moved_in_the_table_and_the_rows(folders: tuple[Path, Path]) -> None:
    args = ("diff", "-r", "示例县", "-g", str(folders[0]), "-G", str(folders[1]), "-c", "pv")
    table = _run(*args)
    assert table.returncode == 0, table.stderr
    assert "迁出至邻县" in table.stdout and "迁入自邻县" in table.stdout and "迁出本地区" in table.stdout
    data = json.loads(_run(*args, "-f", "json").stdout)
    assert [i["label"] for i in data["firms_moved_out"]] == ["甲硅业"] and "as_of" not in data


def test_two_stores_and_a_store_against_files(folders: tuple[Path, Path], tmp_path: Path) -> None:
    stores = []
    for year, folder in zip((2024, 2025), folders, strict=True):
        path = tmp_path / f"store-{year}"
        loaded = _run("load", str(folder), "--store", f"oxigraph:{path}", "--no-compact")
        assert loaded.returncode == 0, loaded.stderr
        stores.append(f"oxigraph:{path}")
    both = _run("diff", "-r", "示例县", "-c", "pv", "--store", stores[0], "--store-new", stores[1], "-f", "json")
    assert both.returncode == 0, both.stderr
    data = json.loads(both.stdout)
    assert [i["label"] for i in data["firms_moved_in"]] == ["丙新能源"]
    assert (data["before"], data["after"]) == ("store-2024", "store-2025")
    mixed = _run("diff", "-r", "示例县", "-c", "pv", "--graph", str(folders[0]), "--store-new", stores[1], "-f", "json")
    assert mixed.returncode == 0, mixed.stderr
    assert json.loads(mixed.stdout)["firms_closed"][0]["label"] == "乙光能"


@pytest.mark.parametrize(("args", "message"), [
    ((), "no older data"),
    (("--graph", "OLD"), "no newer data"),
    (("--graph", "OLD", "--store", "oxigraph:S", "--graph-new", "NEW"), "--graph and --store oxigraph:S both name"),
    (("--graph", "OLD", "--graph-new", "NEW", "--store-new", "http://h/sparql"), "--graph-new and --store-new"),
    (("--graph", "OLD", "--store-new", "memory"), "--store-new memory names no data"),
])
def test_no_side_or_an_ambiguous_one_is_a_usage_error(folders: tuple[Path, Path], args: tuple[str, ...],
                                                     message: str) -> None:
    real = {"OLD": str(folders[0]), "NEW": str(folders[1])}
    done = _run("diff", "-r", "示例县", *(real.get(a, a) for a in args))
    assert done.returncode == 2 and message in done.stderr, done.stderr


def test_one_graph_at_two_dates(paths: list[Path]) -> None:  # noqa: F811 - the fixture
    # tests/test_as_of.py: 丁组件, 戊电池 and 己回收 are first dated 2025; 甲硅业's 12万吨 is a 2025 figure
    kg = KnowledgeGraph.open(paths)
    diff = snapshot_diff(kg, kg, "示例县", chains=["pv"], as_of=2024, as_of_new=2025)
    assert (diff.before, diff.after) == ("截至2024年", "截至2025年")
    assert sorted(i["label"] for i in diff.sections["firms_added"]) == ["丁组件", "己回收", "戊电池"]
    assert diff.sections["firms_gone"] == [] and diff.sections["firms_moved_in"] == []
    assert {(s["id"], s["before"], s["after"]) for s in diff.chain("pv").statuses} >= {("PV06", "missing", "weak")}
    assert diff.as_of is not None and (diff.as_of["before"]["year"], diff.as_of["after"]["year"]) == (2024, 2025)
    assert diff.to_dict()["as_of"]["before"]["left_out"]


def test_the_command_at_two_dates_names_both_years(paths: list[Path]) -> None:  # noqa: F811 - the fixture
    graph = [a for p in paths for a in ("-g", str(p))]
    done = _run("diff", "-r", "示例县", "-c", "pv", *graph, "--as-of", "2024", "--as-of-new", "2025")
    assert done.returncode == 0, done.stderr
    assert "截至2024年" in done.stdout and "截至2025年" in done.stdout and "己回收" in done.stdout
    assert "截至2024年: 截至2024年" not in " ".join(done.stdout.split())  # a side named by its date, once
    data = json.loads(_run("diff", "-r", "示例县", "-c", "pv", *graph, "--as-of", "2024", "-f", "json",
                           "--lang", "en").stdout)
    assert (data["before"], data["after"]) == ("as of 2024", "all the data (every year)")


def test_files_against_a_sparql_endpoint(folders: tuple[Path, Path], tmp_path: Path) -> None:
    # the newer data served by `chaingraph serve` over a persistent store: --store-new takes its URL
    from .test_server import running

    path = tmp_path / "store-2025"
    assert _run("load", str(folders[1]), "--store", f"oxigraph:{path}", "--no-compact").returncode == 0
    with running(f"oxigraph:{path}", "--workers", "1") as server:  # started once it answers
        url = server.url
        done = _run("diff", "-r", "示例县", "-c", "pv", "-g", str(folders[0]), "--store-new", url, "-f", "json")
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        assert data["after"] == url and [i["label"] for i in data["firms_moved_out"]] == ["甲硅业"]
