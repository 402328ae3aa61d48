"""``--as-of YEAR`` and the report's key figures (:mod:`chaingraph.gaps.asof_facts`).

tests/test_as_of.py's county, with region facts added in Turtle:

===========================================  =========================  =============================
fact                                         dated                      as of 2024
===========================================  =========================  =============================
indicator 产值 2024 (actual), report-2024       2024                       listed
indicator 产值 2025 (actual), report-2024       2025 (its own year)        left out
target 产值 2026, report-2024                   2024 (its source)          listed: a target set in 2024
target 产值 2027, report-2025                   2025 (its source)          left out
indicator 企业数 (no year, no source)            undated                    listed, counted undated
designation 示范县, report-2025                  2025                       left out
designation 特色集群 (no source)                 undated                    listed, counted undated
project 庚项目 signed 2025-03, report-2024       2025 (its own date)        left out (the analysis too)
甲硅业's 10万吨 (tests/test_as_of.py)            2024                       listed
甲硅业's 12万吨 (tests/test_as_of.py)            2025                       left out
===========================================  =========================  =============================
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chaingraph.gaps import analyze
from chaingraph.knowledge import KnowledgeGraph

from .test_as_of import paths  # noqa: F401 - the fixture
from .test_cli import _run


@pytest.fixture(scope="module")
def dated(paths: list[Path], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:  # noqa: F811
    kg = KnowledgeGraph.open(paths)
    sources = {str(r["title"]): str(r["s"]) for r in kg.select(
        "SELECT ?s ?title WHERE { ?s a cg:Source ; dcterms:title ?title }")}
    [region] = [str(r["r"]) for r in kg.select('SELECT ?r WHERE { ?r a cg:Region ; skos:prefLabel "示例县"@zh }')]
    facts = tmp_path_factory.mktemp("figures") / "facts.ttl"
    s24, s25 = sources["report-2024"], sources["report-2025"]

    def figure(name: str, value: int, status: str, year: str, source: str) -> str:
        return (f'<{region}> cg:hasIndicator <{region}-{name}> .\n<{region}-{name}> a cg:Quantity ; '
                f'qudt:numericValue {value} ; qudt:unit unit:NUM ; cg:statedAs "{name}" ; '
                f'cg:valueStatus cgk:value-{status}' + (f' ; cg:year "{year}"^^xsd:gYear' if year else "")
                + (f" ; prov:wasDerivedFrom <{source}>" if source else "") + " .\n")

    facts.write_text(f"""@prefix cg: <https://w3id.org/chaingraph/ns#> .
@prefix cgk: <https://w3id.org/chaingraph/kos/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix unit: <http://qudt.org/vocab/unit/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
{figure("产值2024", 100, "actual", "2024", s24)}{figure("产值2025", 120, "actual", "2025", s24)}
{figure("目标2026", 150, "target", "2026", s24)}{figure("目标2027", 200, "target", "2027", s25)}
{figure("企业数", 8, "actual", "", "")}
<{region}> cg:designation <{region}-demo>, <{region}-cluster-title> .
<{region}-demo> a cg:Designation ; skos:prefLabel "示范县"@zh ; prov:wasDerivedFrom <{s25}> .
<{region}-cluster-title> a cg:Designation ; skos:prefLabel "特色集群"@zh .
<{region}-project-geng> a cg:Project ; skos:prefLabel "庚项目"@zh ; cg:locatedIn <{region}> ;
    cg:status cgk:status-signed ; dcterms:date "2025-03"^^xsd:gYearMonth ; prov:wasDerivedFrom <{s24}> .
""", encoding="utf-8")
    return [*paths, facts]


def _stated(facts: dict[str, list[dict[str, object]]]) -> list[object]:
    return sorted(str(f["stated"]) for f in facts["figures"])


def test_without_a_date_every_key_figure_is_listed(dated: list[Path]) -> None:
    result = analyze(KnowledgeGraph.open(dated), region="示例县", chains=["pv"], evidence=False)
    assert _stated(result.facts) == sorted(["10万吨", "12万吨", "产值2024", "产值2025", "企业数", "目标2026",
                                            "目标2027"])
    assert sorted(d["label"]["zh"] for d in result.facts["designations"]) == ["特色集群", "示范县"]
    assert [p["label"]["zh"] for p in result.facts["projects"]] == ["庚项目"]


def test_as_of_2024_lists_only_what_could_be_stated_by_then(dated: list[Path]) -> None:
    result = analyze(KnowledgeGraph.open(dated), region="示例县", chains=["pv"], evidence=False, as_of=2024)
    # 2025's actual value and the target a 2025 report set are left out; the target for 2026 set in 2024 stays
    assert _stated(result.facts) == sorted(["10万吨", "企业数", "产值2024", "目标2026"])
    assert [d["label"]["zh"] for d in result.facts["designations"]] == ["特色集群"]
    assert result.facts["projects"] == []  # signed 2025-03: not there in 2024 (left out of the analysis too)
    assert result.as_of is not None
    assert "庚项目" in [a["label"]["zh"] for a in result.as_of["left_out"]]
    facts = result.as_of["facts"]
    assert sorted(str(f["stated"] or f["label"]["zh"]) for f in facts["left_out"]) == sorted([
        "12万吨", "产值2025", "庚项目", "目标2027", "示范县"])
    assert facts["undated"] == 2  # 企业数 and 特色集群: listed, and counted


def test_the_report_says_how_key_figures_were_dated(dated: list[Path], tmp_path: Path) -> None:
    graph = [a for p in dated for a in ("-g", str(p))]
    done = _run("report", "-r", "示例县", "-c", "pv", *graph, "--formats", "html,md,docx", "--as-of", "2024",
                "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    for suffix in ("html", "md"):
        text = (tmp_path / f"gaps-demo-county-zh.{suffix}").read_text(encoding="utf-8")
        figures = text[text.index('<section id="figures">' if suffix == "html" else "## 关键数字"):]
        assert "日期晚于2024年的5项未列出" in figures and "2项无从判断日期" in figures
        assert "目标2026" in figures and "产值2025" not in figures and "示范县" not in figures
    import docx

    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "gaps-demo-county-zh.docx")).paragraphs)
    assert "日期晚于2024年的5项未列出" in text
    terminal = _run("gaps", "-r", "示例县", "-c", "pv", *graph, "--as-of", "2024")  # no key figures: no line on them
    assert terminal.returncode == 0 and "截至2024年" in terminal.stdout and "关键数字" not in terminal.stdout
