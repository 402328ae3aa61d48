"""``--as-of YEAR``: one graph holding two years of facts, evaluated at a date (docs/scenarios.md, "At a date").

The chain is tests/test_tables.py's photovoltaic chain (PV01…PV06) in 示例县. The county's companies come from two
sources, dated by a small Turtle file: report-2024 (``dcterms:date "2024"``) and report-2025
(``prov:generatedAtTime 2025-03-01T…``); one company (辛工业硅) has no source of its own (only the tables', undated):

============  ====  =====================  ================
company       link  sources                as of 2024
============  ====  =====================  ================
甲硅业         PV02  2024 (+ a 2025 figure)  kept, 10万吨 only
乙光能         PV03  2024                   kept
庚硅片         PV03  2024 and 2025          kept (earliest 2024)
丙组件         PV05  2024                   kept
丁组件         PV05  2025                   left out
戊电池 signed  PV04  2025                   left out
己回收         PV06  2025                   left out
辛工业硅       PV01  none dated             kept (undated)
============  ====  =====================  ================

So, with k = 2, by hand: all facts — PV01 weak, PV02 weak, PV03 present, PV04 planned, PV05 present, PV06 weak,
coverage 5/6. As of 2024 — PV04 and PV06 missing, PV05 weak, coverage 4/6. As of 2023 — only the undated 辛工业硅:
PV01 weak, coverage 1/6.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chaingraph.gaps import analyze
from chaingraph.gaps.result import GapAnalysis
from chaingraph.knowledge import KnowledgeGraph

from .test_cli import _run
from .test_tables import PV, write

COMPANIES = """name,region,links,status,capacity,capacity_unit,source
甲硅业,demo-county,PV02,operating,10万吨,,report-2024
乙光能,demo-county,PV03,operating,,,report-2024
庚硅片,demo-county,PV03,operating,,,report-2024;report-2025
丙组件,demo-county,PV05,operating,,,report-2024
丁组件,demo-county,PV05,operating,,,report-2025
戊电池,demo-county,PV04,signed,,,report-2025
己回收,demo-county,PV06,operating,,,report-2025
辛工业硅,demo-county,PV01,operating,,,
"""


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    base = tmp_path_factory.mktemp("as-of")
    tables = write(base / "tables", {**PV, "companies": COMPANIES})
    kg = KnowledgeGraph.open(tables)
    sources = {str(r["title"]): str(r["s"]) for r in kg.select(
        "SELECT ?s ?title WHERE { ?s a cg:Source ; dcterms:title ?title }")}
    [jia] = [str(r["a"]) for r in kg.select('SELECT ?a WHERE { ?a skos:prefLabel "甲硅业"@zh }')]
    dates = base / "dates.ttl"
    dates.write_text(f"""@prefix cg: <https://w3id.org/chaingraph/ns#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix unit: <http://qudt.org/vocab/unit/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{sources['report-2024']}> dcterms:date "2024"^^xsd:gYear .
<{sources['report-2025']}> prov:generatedAtTime "2025-03-01T00:00:00"^^xsd:dateTime .
<{jia}> cg:capacity <{jia}-capacity-2025> .
<{jia}-capacity-2025> a cg:Quantity ; qudt:numericValue 120000.0 ; qudt:unit unit:TONNE-PER-YR ;
    cg:statedAs "12万吨" ; prov:wasDerivedFrom <{sources['report-2025']}> .
""", encoding="utf-8")
    return [tables, dates]


@pytest.fixture(scope="module")
def kg(paths: list[Path]) -> KnowledgeGraph:
    return KnowledgeGraph.open(paths)


def _statuses(result: GapAnalysis) -> dict[str, str]:
    return {link.id: link.status for link in result.chain("pv").links}


def _operating(result: GapAnalysis) -> int:
    return result.chain("pv").coverage.overall.operating


def test_all_facts(kg: KnowledgeGraph) -> None:
    result = analyze(kg, region="示例县", chains=["pv"], evidence=False)
    assert _statuses(result) == {"PV01": "weak", "PV02": "weak", "PV03": "present", "PV04": "planned",
                                 "PV05": "present", "PV06": "weak"}
    assert _operating(result) == 5 and result.as_of is None and "as_of" not in result.to_dict()


def test_as_of_the_earlier_year_gives_the_earlier_state(kg: KnowledgeGraph) -> None:
    result = analyze(kg, region="示例县", chains=["pv"], evidence=False, as_of=2024)
    assert _statuses(result) == {"PV01": "weak", "PV02": "weak", "PV03": "present", "PV04": "missing",
                                 "PV05": "weak", "PV06": "missing"}
    assert _operating(result) == 4
    as_of = result.to_dict()["as_of"]
    assert as_of["year"] == 2024 and as_of["basis"] == "dated_sources"
    assert sorted((a["label"]["zh"], a["dated"]) for a in as_of["left_out"]) == [
        ("丁组件", 2025), ("己回收", 2025), ("戊电池", 2025)]
    assert (as_of["dated"], as_of["undated"]) == (7, 1)
    # 甲硅业 stays, with the 2024 figure only; the 2025 figure is said to be left out
    assert [(c["value"], c["dated"]) for c in as_of["capacities_left_out"]] == [(120000.0, 2025)]
    jia = next(d for d in result.actors.values() if d["label"].get("zh") == "甲硅业")
    assert [c["value"] for c in jia["capacities"]] == [100000.0]


def test_as_of_the_later_year_is_every_fact_and_before_both_only_the_undated(kg: KnowledgeGraph) -> None:
    later = analyze(kg, region="示例县", chains=["pv"], evidence=False, as_of=2025)
    assert _statuses(later) == _statuses(analyze(kg, region="示例县", chains=["pv"], evidence=False))
    assert later.as_of is not None and later.as_of["left_out"] == [] and later.as_of["capacities_left_out"] == []
    before = analyze(kg, region="示例县", chains=["pv"], evidence=False, as_of=2023)
    assert {k: v for k, v in _statuses(before).items() if v != "missing"} == {"PV01": "weak"}
    assert _operating(before) == 1


def test_the_data_is_untouched(kg: KnowledgeGraph) -> None:
    analyze(kg, region="示例县", chains=["pv"], evidence=False, as_of=2023)
    assert _operating(analyze(kg, region="示例县", chains=["pv"], evidence=False)) == 5


def test_cli_gaps_as_of(paths: list[Path]) -> None:
    args = ["gaps", "-r", "示例县", "-c", "pv", *(a for p in paths for a in ("-g", str(p)))]
    data = json.loads(_run(*args, "--as-of", "2024", "--format", "json").stdout)
    assert data["as_of"]["year"] == 2024
    assert {link["id"]: link["status"] for link in data["chains"][0]["links"]}["PV04"] == "missing"
    table = _run(*args, "--as-of", "2024")
    assert table.returncode == 0, table.stderr
    assert "截至2024年" in table.stdout and "丁组件" in table.stdout


def test_compare_as_of(paths: list[Path]) -> None:
    args = ["compare", "-r", "示例县", "-r", "示例省", "-c", "pv", *(a for p in paths for a in ("-g", str(p)))]
    data = json.loads(_run(*args, "--as-of", "2024", "--format", "json").stdout)
    assert [entry["year"] for entry in data["as_of"]] == [2024, 2024]
    county = {row["id"]: row["cells"][0]["status"] for row in data["chains"][0]["links"]}
    assert (county["PV04"], county["PV05"], county["PV06"]) == ("missing", "weak", "missing")
    table = _run(*args, "--as-of", "2024")
    assert table.returncode == 0 and "示例县 · 截至2024年" in table.stdout, table.stderr


def test_the_report_says_the_date(paths: list[Path], tmp_path: Path) -> None:
    args = ["report", "-r", "示例县", "-c", "pv", *(a for p in paths for a in ("-g", str(p))), "--formats", "html,md"]
    result = _run(*args, "--as-of", "2024", "--out", str(tmp_path / "dated"))
    assert result.returncode == 0, result.stderr
    for suffix in ("html", "md"):
        text = (tmp_path / "dated" / f"gaps-demo-county-zh.{suffix}").read_text(encoding="utf-8")
        assert "截至2024年（仅依据注明日期的来源）" in text and "未计入：丁组件" in text
    assert _run(*args, "--out", str(tmp_path / "all")).returncode == 0
    assert "截至" not in (tmp_path / "all" / "gaps-demo-county-zh.html").read_text(encoding="utf-8")


def test_a_left_out_actor_without_links_has_no_empty_place() -> None:
    from chaingraph.output.changes import as_of_lines

    as_of = {"year": 2024, "undated": 1, "capacities_left_out": [],
             "left_out": [{"label": {"zh": "哈斯特"}, "iri": "x", "links": [], "dated": 2025},
                          {"label": {"zh": "丁组件"}, "iri": "y", "links": ["PV04", "PV06"], "dated": 2025}]}
    lines = as_of_lines(as_of, "zh")
    assert lines[1:] == ["  未计入：哈斯特（来源2025年）", "  未计入：丁组件（PV04、PV06，来源2025年）"]
    assert as_of_lines(as_of, "en")[1] == "  left out: 哈斯特 (source of 2025)"


def test_the_dated_headline_names_only_counts_above_zero() -> None:
    from chaingraph.output.changes import as_of_lines

    nothing = {"year": 2024, "undated": 0, "capacities_left_out": [], "left_out": []}
    assert as_of_lines(nothing, "zh") == ["截至2024年（仅依据注明日期的来源）：没有来源晚于该年的主体或产能"]
    assert as_of_lines(nothing, "en") == ["As of 2024 (on dated sources only): nothing is first dated later"]
    figure = {"label": {"zh": "甲厂产能"}, "iri": "f", "stated": "10万吨", "value": 1e5, "unit": "t", "dated": 2025}
    only_figures = {**nothing, "undated": 2, "capacities_left_out": [figure]}
    head = as_of_lines(only_figures, "zh")[0]
    assert head == ("截至2024年（仅依据注明日期的来源）：来源晚于该年的1项产能未计入；"
                    "2个本地主体无注明日期的来源，照常计入")
    assert "0" not in head.replace("2024", "")
    actor = {"label": {"zh": "丁组件"}, "iri": "y", "links": [], "dated": 2025}
    both = as_of_lines({**only_figures, "left_out": [actor]}, "en")[0]
    assert both == ("As of 2024 (on dated sources only): 1 actors and 1 capacity figures first dated later left out; "
                    "2 local actors with no dated source kept")
