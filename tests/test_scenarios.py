"""Scenarios (what if): assumptions laid over the data for one analysis, and the diff against the data.

Expected values follow from the definitions of docs/gap-analysis.md and docs/scenarios.md. The bundled
綦江区 data (tests/data/qijiang-oracle.md) has the 天鑫 再生铜 project signed in CU02 and CU03, so the copper
chain operates in CU08 only (1 of 10 links); with the project operating, CU02 and CU03 have one operating
actor each — weak at k = 2 — and the coverage is 3 of 10. The synthetic chain below is worked out by hand.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from chaingraph.cli import run
from chaingraph.errors import InputError
from chaingraph.gaps import GapAnalysis, analyze
from chaingraph.gaps.scenario import Scenario, parse_assumption
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.whatif import diff_analyses, load_scenario

from .test_analysis_synthetic import build, chain, firm, link, project


def _cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """Run the command line as its console script does (errors become messages and exit codes), in this process."""
    monkeypatch.setattr(sys, "argv", ["chaingraph", *args])
    code = run()
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def base(bundled: KnowledgeGraph) -> GapAnalysis:
    return analyze(bundled, region="綦江区", chains=["copper"], evidence=False)


@pytest.fixture(scope="module")
def landed(bundled: KnowledgeGraph, base: GapAnalysis) -> GapAnalysis:
    return analyze(bundled, region="綦江区", chains=["copper"], evidence=False,
                   scenario=Scenario.parse(["天鑫=operating"]))


def test_the_signed_copper_project_named_by_its_investor_operates(base: GapAnalysis, landed: GapAnalysis) -> None:
    before, after = base.chain("copper"), landed.chain("copper")
    assert (before.link("CU02").status, before.link("CU03").status) == ("planned", "planned")
    # one operating local actor each: weak at k = 2 (docs/gap-analysis.md, "Status")
    assert (after.link("CU02").status, after.link("CU03").status) == ("weak", "weak")
    assert after.link("CU03").reasons[0].code == "single_firm"
    assert (before.coverage.overall.operating, after.coverage.overall.operating) == (1, 3)
    assert after.coverage.overall.total == 10
    # the chain head is no longer missing below the project: CU04… now have an operating link upstream
    assert "CU04" in before.truncation["head"] and "CU04" not in after.truncation["head"]


def test_the_upstream_scrap_link_rises(base: GapAnalysis, landed: GapAnalysis) -> None:
    def rank(result: GapAnalysis) -> tuple[int, float, list[str]]:
        gaps = result.chain("copper").gaps
        index, gap = next((i, g) for i, g in enumerate(gaps, start=1) if g.link == "CU01")
        return index, gap.score, [r.code for r in gap.reasons]

    # data: missing 1.0 + 5 operating links downstream 0.5 + segment 再生铜 without an operating link 0.5 = 2.0,
    # second after CU03. Scenario: missing 1.0 + its consumer CU02 operates 0.5 + CU02's 50万吨 × 1.05 t of scrap
    # a year with no local scrap supply (a shortfall in figures) 1.0 + dependents 0.5 = 3.0: first
    assert rank(base)[:2] == (2, 2.0)
    position, score, codes = rank(landed)
    assert (position, score) == (1, 3.0)
    assert {"consumers", "local_shortfall"} <= set(codes) and "segment_gap" not in codes


def test_the_scenario_is_named_and_says_what_it_did(landed: GapAnalysis) -> None:
    data = json.loads(landed.to_json())
    assert data["scenario"]["name"] == "天鑫=operating"
    [effect] = data["scenario"]["effects"]
    assert [(a["iri"].rsplit("/", 1)[-1], a["before"], a["after"]) for a in effect["actors"]] == [
        ("project-tianxin-recycled-copper", "signed", "operating")]


def test_the_data_is_untouched(bundled: KnowledgeGraph, base: GapAnalysis, landed: GapAnalysis) -> None:
    size = len(bundled)
    again = analyze(bundled, region="綦江区", chains=["copper"], evidence=False)
    assert again.to_json() == base.to_json()
    assert len(bundled) == size
    assert "scenario" not in json.loads(base.to_json())


def test_a_scenario_reads_nothing_of_the_region_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """After the base analysis, a scenario of the same region reads none of the region's facts again — its
    actors, its nearest sources, its key figures (issue 16: a scenario costs a fraction of a cold analysis)."""
    from chaingraph.graphs.reading import unordered
    from chaingraph.sparql.catalogue import named_queries

    name_of = {unordered(name)[0]: name for name in named_queries()}
    kg = KnowledgeGraph.open()
    analyze(kg, region="綦江区", chains=["copper"])
    read: list[str] = []
    real = kg.select_plain

    def spy(text: str, **params: object) -> list[dict[str, object]]:
        read.append(name_of.get(text, "(not a named query)"))
        return real(text, **params)

    monkeypatch.setattr(kg, "select_plain", spy)
    analyze(kg, region="綦江区", chains=["copper"], scenario=Scenario.parse(["天鑫=operating"]))
    region_reads = {"region-actors", "region-figures", "region-designations", "region-clusters", "region-projects",
                    "scope-operators", "region-groups", "firm-relations", "plans"}
    assert not region_reads & set(read), read


def test_the_diff_names_what_changed(base: GapAnalysis, landed: GapAnalysis) -> None:
    diff = diff_analyses(base, landed, "数据现状")
    copper = diff.chain("copper")
    assert {s["id"]: (s["before"], s["after"]) for s in copper.statuses} == {"CU02": ("planned", "weak"),
                                                                           "CU03": ("planned", "weak")}
    assert copper.coverage["before"]["operating"] == 1 and copper.coverage["after"]["operating"] == 3
    assert [s["label"] for s in copper.coverage["segments"]] == ["再生铜"]
    assert set(copper.truncation["head"]["removed"]) >= {"CU02", "CU03", "CU04"}
    data = json.loads(diff.to_json())
    assert data["schema"] == "chaingraph.diff/1" and data["after"] == "天鑫=operating"
    assert {row["what"] for row in diff.rows()} >= {"coverage", "status", "segment", "balance_actual"}
    # the material balance: with the project operating, CU02's 50万吨 needs 52.5万吨 of scrap a year (no local
    # supply in the data), and CU02's anode copper meets CU03's need one to one
    actual = {(b["link"], b["view"]): b for b in copper.extra["balance"] if b["view"] == "actual"}
    assert actual[("CU01", "actual")]["before"] is None
    assert actual[("CU01", "actual")]["after"] == {"status": "deficit", "status_label": "供应不足（数据未覆盖）",
                                                   "gap": -525000.0, "unit": "TONNE-PER-YR"}
    assert actual[("CU02", "actual")]["after"]["status"] == "balanced"


# --------------------------------------------------------------------------------------------------
# The three kinds of assumption, on a chain worked out by hand
# --------------------------------------------------------------------------------------------------

# A → B → C, k = 2: A has two local firms (present), B one (weak) and a signed project, C none (missing).
# 外部 is an outside company operating in C.
SCENE = (chain(), link("A", "input", feeds="B"), link("B", "primary", feeds="C"), link("C", "downstream"),
         firm("a1", "A"), firm("a2", "A", label="甲公司"), firm("b1", "B"), project("b2", "B", "signed"),
         firm("outside", "C", "region-there", label="外部公司"))


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    return build(tmp_path_factory.mktemp("scene"), *SCENE)


def _statuses(kg: KnowledgeGraph, *assume: str) -> dict[str, str]:
    result = analyze(kg, region="here", chains=["t"], evidence=False,
                     scenario=Scenario.parse(list(assume)) if assume else None)
    return {link.id: link.status for link in result.chain("t").links}


@pytest.mark.parametrize(("assume", "expected"), [
    ((), {"A": "present", "B": "weak", "C": "missing"}),
    # the signed project operating: B has two operating actors
    (("项目b2=operating",), {"A": "present", "B": "present", "C": "missing"}),
    (("项目b2=在产",), {"A": "present", "B": "present", "C": "missing"}),
    # a company removed: A keeps one (weak)
    (("-甲公司",), {"A": "weak", "B": "weak", "C": "missing"}),
    # a local company closes
    (("企业b1=closed",), {"A": "present", "B": "planned", "C": "missing"}),
    # a new company in C; one signed only
    (("+新公司@C",), {"A": "present", "B": "weak", "C": "weak"}),
    (("+新公司@C=signed",), {"A": "present", "B": "weak", "C": "planned"}),
    # an outside company sets up in C, a local one extends into C: two operating actors
    (("+外部公司@C", "+甲公司@C"), {"A": "present", "B": "weak", "C": "present"}),
    # link names are case-free, and labels work too
    (("+新公司@c,环节B",), {"A": "present", "B": "present", "C": "weak"}),
])
def test_assumptions(scene: KnowledgeGraph, assume: tuple[str, ...], expected: dict[str, str]) -> None:
    assert _statuses(scene, *assume) == expected


def test_an_outside_company_brought_in_keeps_its_name(scene: KnowledgeGraph) -> None:
    result = analyze(scene, region="here", chains=["t"], evidence=False, scenario=Scenario.parse(["+外部公司@C"]))
    [actor] = result.chain("t").link("C").local_firms
    assert actor["label"] == "外部公司" and actor["iri"].startswith("urn:chaingraph:scenario:")
    assert result.scenario["effects"][0]["actors"][0]["outside"].endswith("org-outside")


@pytest.mark.parametrize(("assume", "message", "hint"), [
    ("企业a9=operating", "unknown company or project '企业a9' in 本区", "企业a1"),
    ("外部公司=operating", "'外部公司' is in the data but has no company or project in 本区", "+NAME@LINK"),
    ("+新公司@Q", "unknown link 'Q'", "use a link id"),
])
def test_what_names_nothing_is_a_located_error(scene: KnowledgeGraph, assume: str, message: str, hint: str) -> None:
    with pytest.raises(InputError) as error:
        _statuses(scene, "企业a1=operating", assume)
    [problem] = error.value.problems
    assert problem.message == f"--assume 2: {message}" and hint in (problem.hint or "")


@pytest.mark.parametrize(("text", "message"), [
    ("天鑫=operatin", "unknown status 'operatin'"),
    ("天鑫", "cannot read the assumption '天鑫'"),
    ("+某公司", "cannot read the assumption '+某公司'"),
    ("-", "cannot read the assumption '-'"),
])
def test_bad_assumptions(text: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        parse_assumption(text)


def test_full_width_operators_are_read() -> None:
    assumption = parse_assumption("＋某公司＠CU03，CU04＝已签约")
    assert (assumption.kind, assumption.links, assumption.status) == ("add", ("CU03", "CU04"), "signed")


# --------------------------------------------------------------------------------------------------
# Scenario files
# --------------------------------------------------------------------------------------------------

def test_a_scenario_file(scene: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('name = "乙项目投产"\nassume = ["-甲公司"]\n\n[[set]]\nactor = "项目b2"\nstatus = "operating"\n'
                    'capacity = "20万吨"\n\n[[add]]\nname = "新公司"\nlinks = ["C"]\n', encoding="utf-8")
    scenario = load_scenario(path)
    assert scenario.label("zh") == "乙项目投产"
    result = analyze(scene, region="here", chains=["t"], evidence=False, scenario=scenario)
    assert {link.id: link.status for link in result.chain("t").links} == {"A": "weak", "B": "present", "C": "weak"}
    [b2] = [a for a in result.chain("t").link("B").local_firms if a["label"] == "项目b2"]
    assert b2["capacity"] == {"value": 200000.0, "unit": "TONNE-PER-YR", "status": "actual", "stated": "20万吨"}


@pytest.mark.parametrize(("text", "line", "message"), [
    ('[[set]]\nactor = "x"\nstauts = "operating"\n', 1, "[[set]]: unknown key 'stauts' (did you mean status?)"),
    ('\n\n[[add]]\nname = "x"\n', 3, "[[add]] needs 'links'"),
    ('[[set]]\nactor = "x"\n', 1, "[[set]] needs a 'status' or a 'capacity'"),
    ('[[set]]\nactor = "x"\ncapacity = "很多"\n', 1, "capacity '很多' is not a number"),
    ('[[remove]]\nactor = "x"\n[[set]]\nactor = "y"\nstatus = "runnin"\n', 3, "unknown status 'runnin'"),
])
def test_scenario_file_errors_name_the_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_scenario(path)
    assert f"{path}:{line}: {message}" in str(error.value)


def test_a_file_that_is_not_toml(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("name = \n", encoding="utf-8")
    with pytest.raises(InputError, match="not a TOML file"):
        load_scenario(path)


# --------------------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------------------

def test_cli_diff_as_json(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = _cli(capsys, monkeypatch, "gaps", "-r", "綦江区", "-c", "copper", "--assume", "天鑫=operating",
                        "--diff", "-f", "json")
    assert code == 0
    assert json.loads(out)["chains"][0]["coverage"]["after"]["operating"] == 3
    code, out, _ = _cli(capsys, monkeypatch, "gaps", "-r", "綦江区", "-c", "copper", "--assume", "天鑫=operating",
                        "--diff")
    said = " ".join(out.split())
    assert code == 0 and "CU03 电解精炼—阴极铜 第1位" in said  # the links of the lists are named, not ids alone
    assert re.search(r"链(头|尾)补齐: CU0\d \S", said), said


def test_cli_names_the_scenario(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = _cli(capsys, monkeypatch, "gaps", "-r", "綦江区", "-c", "copper", "--assume", "天鑫=在产")
    assert code == 0
    assert out.startswith("情景: 天鑫=在产\n  50万吨再生铜（阴极铜）产业集群项目：已签约→在产")


@pytest.mark.parametrize(("args", "message"), [
    (["--diff"], "--diff compares a scenario with the data"),
    (["--assume", "天心=operating"], "unknown company or project '天心' in 綦江区 (did you mean 天鑫"),
    (["--assume", "missing.toml"], "missing.toml: cannot read the scenario file"),
    (["--assume", "-"], "--assume: cannot read the assumption '-'"),
])
def test_cli_errors_exit_2_without_a_traceback(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                               args: list[str], message: str) -> None:
    code, _, err = _cli(capsys, monkeypatch, "gaps", "-r", "綦江区", "-c", "copper", *args)
    assert code == 2
    assert message in err and "Traceback" not in err
