"""Material balance along flows (docs/gap-analysis.md, "Material balance"), with every figure worked out by hand.

The chain ``b``::

    ORE ──(2.0 t per t)──▶ MET ──(no factor)──▶ ROD ──(1.1 t per t)──▶ WIRE      GAD (counted in sets)
                                                 └─────────────(no factor)──────▶ GAD

ORE: one firm of 100,000 t/yr; MET: two firms, 80,000 + 40,000 t/yr; ROD: one firm of 150,000 t/yr and a signed
project of 50,000 t/yr; WIRE: one firm of 100,000 t/yr; GAD: one firm of 20,000 sets a year.

* ORE: supply 100,000; MET needs 120,000 × 2.0 = 240,000 → a shortfall of 140,000 (ORE is weak at k = 2, so
  the shortfall weighs in its gap score);
* MET: supply 120,000; ROD needs 150,000 one to one (both in t/yr, no factor) → a shortfall of 30,000;
* ROD: supply 150,000; WIRE needs 100,000 × 1.1 = 110,000; GAD's need has no amount (sets, no factor), so the
  demand is a lower bound and a surplus cannot be claimed: unknown. With plans: supply 200,000.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from chaingraph.analysis.balance import UNITS, Supply, balances, supply_of
from chaingraph.gaps import GapAnalysis, analyze
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.validation import validate

from .test_analysis_synthetic import build, capacity, chain, firm, link, project, write


def factor_flow(source: str, target: str, factor: float | None = None) -> str:
    ttl = (f"cgk:flow-{source}-{target} a cg:Flow ; cg:flowFrom cgk:link-{source} ; cg:flowTo cgk:link-{target} ;\n"
           "    cg:flowKind cgk:flow-material")
    return ttl + (f" ;\n    cg:conversionFactor {factor} .\n" if factor is not None else " .\n")


SETS = ("cg:capacity [ a cg:Quantity ; qudt:numericValue 20000 ; qudt:unit unit:NUM-PER-YR ;"
        " cg:valueStatus cgk:value-actual ]")
CHAIN = (chain(chain_id="b"),
         link("ORE", "input", feeds="MET", chain_id="b"), link("MET", "primary", feeds="ROD", chain_id="b"),
         link("ROD", "midstream", feeds="WIRE GAD", chain_id="b"), link("WIRE", "downstream", chain_id="b"),
         link("GAD", "downstream", chain_id="b"),
         factor_flow("ORE", "MET", 2.0), factor_flow("MET", "ROD"), factor_flow("ROD", "WIRE", 1.1),
         firm("ore", "ORE", extra=capacity(100000)), firm("met1", "MET", extra=capacity(80000)),
         firm("met2", "MET", extra=capacity(40000)), firm("rod", "ROD", extra=capacity(150000)),
         firm("wire", "WIRE", extra=capacity(100000)), firm("gad", "GAD", extra=SETS),
         project("rod2", "ROD", "signed").replace(" .\n", " ;\n    " + capacity(50000, "planned") + " .\n"))


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> GapAnalysis:
    kg = build(tmp_path_factory.mktemp("balance"), *CHAIN)
    return analyze(kg, region="here", chains=["b"], evidence=False)


def _rows(result: GapAnalysis, view: str = "actual") -> dict[str, dict]:
    return {row["link"]: row for row in result.to_dict()["chains"][0]["balance"][view]}


def test_the_shortfalls_computed_by_hand(result: GapAnalysis) -> None:
    rows = _rows(result)
    assert set(rows) == {"ORE", "MET", "ROD"}  # WIRE and GAD feed nothing
    ore, met, rod = rows["ORE"], rows["MET"], rows["ROD"]
    assert (ore["status"], ore["supply"]["value"], ore["demand"]["value"], ore["gap"], ore["absence"]) == (
        "deficit", 100000.0, 240000.0, -140000.0, None)
    assert ore["needs"] == [{"to": "MET", "factor": 2.0, "basis": "factor", "amount": 240000.0,
                             "capacity": {"value": 120000.0, "unit": "TONNE-PER-YR", "actors": 2, "known": 2}}]
    assert (met["status"], met["gap"], met["needs"][0]["basis"]) == ("deficit", -30000.0, "same_unit")
    # all of MET's output is used locally (就地转化率 100 %)
    assert [r["code"] for r in met["reasons"]] == ["balance_supply", "balance_need_same_unit", "balance_deficit",
                                                   "balance_local_use", "balance_no_source"]
    # GAD counts in sets and the flow states no factor: its need has no amount, so the demand is a lower bound
    assert (rod["status"], rod["demand"]["value"], rod["demand"]["complete"]) == ("unknown", 110000.0, False)
    assert [(n["to"], n["basis"]) for n in rod["needs"]] == [("GAD", None), ("WIRE", "factor")]


def test_the_planned_view_counts_the_signed_project(result: GapAnalysis) -> None:
    rod = _rows(result, "planned")["ROD"]
    assert rod["supply"] == {"value": 200000.0, "actors": 2, "known": 2}


def test_a_shortfall_in_figures_raises_the_gap(result: GapAnalysis) -> None:
    ore = next(g for g in result.chain("b").gaps if g.link == "ORE")
    shortfall = next(r for r in ore.reasons if r.code == "local_shortfall")
    assert shortfall.score == 1.0 and shortfall.text("zh") == "本地在产下游每年约需其产品24万吨/年，本地供应10万吨/年"
    assert ore.score == 0.5 + 0.5 + 1.0 + 0.1 * 3  # weak, one consumer, the shortfall, three dependents


def test_the_words_in_english(tmp_path: Path) -> None:
    result = analyze(build(tmp_path, *CHAIN), region="here", chains=["b"], evidence=False, lang="en")
    ore = next(g for g in result.chain("b").gaps if g.link == "ORE")
    assert next(r for r in ore.reasons if r.code == "local_shortfall").text("en") == (
        "local consumers need about 240,000 t/yr a year of its product; local supply: 100,000 t/yr")


def test_the_words_of_a_balance(result: GapAnalysis) -> None:
    texts = [r["text"] for r in _rows(result)["ORE"]["reasons"]]
    assert texts == ["本地供应约10万吨/年", "MET 环节MET产能12万吨/年，按折算系数2.0约需24万吨/年",
                     "本地供应不足：缺口约14万吨/年", "就地转化率约100%",
                     "数据中所属上级地区也没有该环节的在产主体，最近供应地未知"]  # the test data has no other region


def test_the_units_agree_with_the_tables() -> None:
    # every QUDT unit the tables store or spell by its QUDT name (MegaW) compares as the tables convert it
    from chaingraph.tables.magnitudes import UNIT_TABLE, unit_text
    from chaingraph.tables.magnitudes import UNITS as SPELLINGS

    stored = {unit_text(iri) for _, iri, _ in UNIT_TABLE} - {"cur:CNY"}
    assert {name: UNITS[name] for name in stored} == {name: (name, 1.0) for name in stored}
    named = {s for spellings, _, _ in UNIT_TABLE for s in spellings if s in UNITS}
    assert named >= {"MegaW", "GigaW", "MegaW-HR", "GigaW-HR"}
    assert all(UNITS[s] == (unit_text(SPELLINGS[s.casefold()].iri), float(SPELLINGS[s.casefold()].factor))
               for s in named)


@pytest.mark.parametrize(("figures", "expected"), [
    ([(1.0, "KiloTONNE-PER-YR"), (500.0, "TONNE-PER-YR")], Supply(1500.0, "TONNE-PER-YR", 2, 2)),
    ([(10.0, "TONNE-PER-YR"), None], Supply(10.0, "TONNE-PER-YR", 2, 1)),
    ([(10.0, "NUM-PER-YR"), (5.0, "TONNE-PER-YR"), (6.0, "TONNE-PER-YR")], Supply(11.0, "TONNE-PER-YR", 3, 2)),
    ([None, None], Supply(0.0, None, 2, 0)),
])
def test_supply_in_the_most_common_unit(figures: list, expected: Supply) -> None:
    assert supply_of(figures) == expected


T = "TONNE-PER-YR"


@pytest.mark.parametrize(("supply", "need", "factor", "status", "local_use"), [
    ([(100.0, T)], [(50.0, T)], None, "surplus", 0.5),
    ([(100.0, T)], [(98.0, T)], None, "balanced", 0.98),
    ([(100.0, T)], [(104.0, T)], None, "balanced", 1.0),  # within 5 %: not a shortfall
    ([(100.0, T)], [(150.0, T)], None, "deficit", 1.0),
    ([(100.0, T)], [(150.0, T)], 0.5, "surplus", 0.75),
    ([], [(150.0, T)], 1.2, "deficit", None),  # no local supplier: a shortfall in the data
    ([], [(150.0, T)], None, "unknown", None),  # … but without a factor the need has no amount
    ([(100.0, T), None], [(150.0, T)], None, "unknown", None),  # the supply is a lower bound
    ([(100.0, T)], [(50.0, T), None], None, "unknown", None),  # so is the demand
    ([(100.0, T)], [(50.0, "NUM-PER-YR")], None, "unknown", None),  # no factor, no common unit
    ([(100.0, T)], [(50.0, "NUM-PER-YR")], 0.01, "surplus", 0.005),  # 0.01 t per set
    ([(100.0, T)], [], None, "no_local_use", None),
])
def test_balance_on_plain_graphs(supply: list, need: list, factor: float | None, status: str,
                                 local_use: float | None) -> None:
    graph = nx.DiGraph()
    graph.add_edge("u", "v", factor=factor)
    [balance] = balances(graph, {"u": supply, "v": need})
    assert balance.status == status
    assert balance.local_use == (pytest.approx(local_use) if local_use is not None else None)


def test_a_conversion_factor_must_be_positive(tmp_path: Path) -> None:
    kg = KnowledgeGraph.open([write(tmp_path, chain(), link("A", "input", feeds="B"), link("B", "primary"),
                                    factor_flow("A", "B", -1.5))])
    report = validate(kg)
    assert not report.conforms and "a conversion factor must be greater than 0" in report.text()


def test_qijiang_copper_scrap_need_of_the_signed_project(bundled: KnowledgeGraph) -> None:
    # the project's planned 50万吨 (CU02, CU03) needs 50万 × 1.05 = 52.5万吨 of scrap (graph/chains/copper.ttl);
    # no local scrap supplier is in the data
    result = analyze(bundled, region="綦江区", chains=["copper"], evidence=False)
    rows = _rows(result, "planned")
    assert (rows["CU01"]["status"], rows["CU01"]["demand"]["value"]) == ("deficit", 525000.0)
    # the shortfall rests on an absence of local scrap suppliers that no source confirms, and says so
    assert (rows["CU01"]["absence"], rows["CU01"]["status_label"]) == ("unconfirmed", "供应不足（数据未覆盖）")
    assert [r["code"] for r in rows["CU01"]["reasons"]][:2] == ["balance_no_supplier", "absence_unconfirmed"]
    assert "CU01" not in _rows(result)  # nothing operates on either side yet


def test_qijiang_smelter_output_has_no_local_use_ratio_in_the_data(bundled: KnowledgeGraph) -> None:
    # 旗能电铝's 60万吨 is a 2025 target (planned view); its consumers state no capacity: 就地转化率 unknown
    result = analyze(bundled, region="綦江区", chains=["aluminium"], evidence=False)
    al07 = _rows(result, "planned")["AL07"]
    assert (al07["status"], al07["supply"]["value"], al07["local_use"]) == ("unknown", 600000.0, None)
    assert _rows(result)["AL07"]["reasons"][0]["code"] == "balance_supply_unknown"
