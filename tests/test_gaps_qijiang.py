"""The gap analysis of the bundled 綦江区 graph agrees with the seed-only oracle.

Expected values: tests/data/qijiang-oracle.md (the N/U/P/T/X/— table and assertions 1–6), with the data
as modelled in graph/qijiang/seed.ttl. N and U actors are operating; P (signed projects) are planned;
T links are missing and targeted; X links (only an external customer) are missing locally, with the
outside actor reported as the nearest source.
"""

from __future__ import annotations

import json

import pytest

from chaingraph.gaps import GapAnalysis, analyze
from chaingraph.knowledge import KnowledgeGraph


@pytest.fixture(scope="module")
def result(bundled: KnowledgeGraph) -> GapAnalysis:
    return analyze(bundled, region="綦江区")


@pytest.fixture(scope="module")
def named_only(bundled: KnowledgeGraph) -> GapAnalysis:
    return analyze(bundled, region="綦江区", chains=["aluminium"], named_only=True)


def _ids(*ranges: tuple[str, int, int]) -> set[str]:
    return {f"{prefix}{n:02d}" for prefix, lo, hi in ranges for n in range(lo, hi + 1)}


# the oracle (tests/data/qijiang-oracle.md): the "—" column and the T column (and X: GR21) per chain
MISSING = {
    "aluminium": _ids(("AL", 1, 4), ("AL", 6, 6), ("AL", 11, 13), ("AL", 15, 15), ("AL", 18, 25)),
    "copper": {"CU01", "CU09", "CU10"} | _ids(("CU", 4, 7)),
    "gear": _ids(("GR", 1, 9), ("GR", 11, 11), ("GR", 13, 15), ("GR", 17, 21), ("GR", 25, 25)),
}
TARGETED = {"CU03", "CU04", "CU05", "CU06", "CU07", "GR11", "GR14", "GR15"}


@pytest.mark.parametrize("chain", sorted(MISSING))
def test_missing_links_are_the_oracle_gaps(result: GapAnalysis, chain: str) -> None:
    missing = {link.id for link in result.chain(chain).links if link.status == "missing"}
    assert missing == MISSING[chain]


def test_signed_cathode_copper_project_makes_its_links_planned_not_present_nor_missing(result: GapAnalysis) -> None:
    copper = result.chain("copper")
    assert {link.id for link in copper.links if link.status == "planned"} == {"CU02", "CU03"}
    cu03 = copper.link("CU03")
    assert cu03.operating_actors == 0
    assert [p["label"] for p in cu03.planned_projects] == ["50万吨再生铜（阴极铜）产业集群项目"]


def test_targeted_links_keep_their_status(result: GapAnalysis) -> None:
    targeted = {link.id for chain in result.chains for link in chain.links if link.targeted}
    assert targeted == TARGETED
    assert result.chain("gear").link("GR14").status == "missing"


def test_operating_links_of_the_oracle(result: GapAnalysis) -> None:
    operating = {link.id for chain in result.chains for link in chain.links if link.status in ("present", "weak")}
    # N and U columns of the oracle
    assert operating == {"AL05", "AL07", "AL08", "AL09", "AL10", "AL14", "AL16", "AL17", "CU08",
                         "GR10", "GR12", "GR16", "GR22", "GR23", "GR24"}


def test_a_single_firm_makes_a_link_weak_at_k2(result: GapAnalysis) -> None:
    aluminium = result.chain("aluminium")
    assert aluminium.link("AL16").status == "weak"
    assert aluminium.link("AL16").reasons[0].code == "single_firm"
    assert "AL16" in aluminium.single_sourced


def test_the_capped_smelting_link_is_not_weak_for_lack_of_a_second_smelter(result: GapAnalysis) -> None:
    al07 = result.chain("aluminium").link("AL07")
    assert al07.capped and al07.min_firms == 1 and al07.status == "present"
    assert [r.code for r in al07.reasons][:2] == ["capped", "enough_firms"]


def test_the_30_parts_firms_count_as_30(result: GapAnalysis) -> None:
    gr24 = result.chain("gear").link("GR24")
    assert gr24.status == "present" and gr24.operating_actors == 30
    assert [f["count"] for f in gr24.local_firms] == [30]
    assert any(r.code == "counted_group" and "30余家" in r.text("zh") for r in gr24.reasons)


def test_figures_are_on_the_link_they_are_about(result: GapAnalysis) -> None:
    aluminium = result.chain("aluminium")
    # 友利森's 50万套 are battery trays (AL16), not extrusions (AL10)
    assert aluminium.link("AL16").local_firms[0]["capacity"]["stated"] == "年产能达50万套"
    assert aluminium.link("AL10").local_firms[0]["capacity"] is None
    # 旗能's 60万吨 is a 2025 target for smelting (AL07): a plan on AL07, not a capacity, and not on AL05 (power)
    al07, al05 = aluminium.link("AL07"), aluminium.link("AL05")
    assert al07.local_firms[0]["capacity"] is None
    assert [(f["value"], f["status"], f["year"]) for f in al07.figures] == [(600000, "target", "2025")]
    assert al05.figures == () and al05.local_firms[0]["capacity"] is None
    # 爱尔思: operating in AL08 and with a signed project there, shown as both
    al08 = aluminium.link("AL08")
    assert [f["label"] for f in al08.local_firms] == ["爱尔思"]
    assert [p["label"] for p in al08.planned_projects] == ["爱尔思免热处理合金及汽车零部件生产基地"]


def test_no_claim_that_the_city_lacks_a_link(result: GapAnalysis) -> None:
    # the article surveys neither the district nor the city: every absence is unconfirmed, no hard gap
    text = json.dumps(result.to_dict(), ensure_ascii=False)
    assert "硬缺口" not in text and "也无在产主体" not in text
    for chain in result.chains:
        assert all(link.absence in (None, "unconfirmed") for link in chain.links)
        assert chain.absence["confirmed"] == []
    gr14 = result.chain("gear").link("GR14")
    assert any(r.code == "parent_not_covered" for r in gr14.reasons)


def test_the_district_own_smelter_is_not_the_city_supply(result: GapAnalysis) -> None:
    assert result.chain("aluminium").link("AL07").nearest is None


def test_k1_makes_single_firm_links_present(bundled: KnowledgeGraph) -> None:
    k1 = analyze(bundled, region="綦江区", chains=["aluminium"], min_firms=1)
    assert k1.chain("aluminium").link("AL16").status == "present"


def test_aluminium_leader_is_stated_and_gear_has_none(result: GapAnalysis) -> None:
    leader = result.chain("aluminium").chain_leader
    assert (leader.label["zh"], leader.how) == ("旗能电铝", "stated")
    assert result.chain("gear").chain_leader.iri is None
    assert result.chain("copper").chain_leader.iri is None


def test_no_strict_broken_link_when_unnamed_actors_count(result: GapAnalysis) -> None:
    for chain in result.chains:
        assert chain.broken_links == {}, chain.id
    # AL11 (sheet) is missing but bypassed: AL07 → AL09 → AL10 → AL16 runs through operating links
    aluminium = result.chain("aluminium")
    assert all(aluminium.link(n).status in ("present", "weak") for n in ("AL07", "AL09", "AL10", "AL16"))
    assert aluminium.link("AL11").status == "missing" and not aluminium.link("AL11").broken


def test_named_only_makes_billets_a_broken_link(named_only: GapAnalysis) -> None:
    aluminium = named_only.chain("aluminium")
    assert set(aluminium.broken_links) == {"AL09"}
    assert aluminium.broken_links["AL09"] == [("AL07", "AL10")]
    assert aluminium.gaps[0].link == "AL09"  # a 断链 ranks first


def test_recycling_loops_are_open(result: GapAnalysis) -> None:
    loop = result.chain("aluminium").open_loop
    assert loop.open and loop.idle_recycling_links == ("AL24", "AL25")
    assert result.chain("copper").open_loop.open and result.chain("gear").open_loop.open


def test_special_vehicle_segment_is_a_segment_level_gap(result: GapAnalysis) -> None:
    segments = {cell.label["zh"]: cell for cell in result.chain("gear").coverage.by_segment}
    special = segments["各类专用车、特种车"]
    assert (special.operating, special.total, special.gap) == (0, 3, True)
    recycling = {cell.label["zh"]: cell for cell in result.chain("aluminium").coverage.by_segment}["循环再生"]
    assert recycling.gap


def test_coverage_counts(result: GapAnalysis) -> None:
    aluminium = result.chain("aluminium").coverage.overall
    assert (aluminium.operating, aluminium.total) == (8, 25)
    assert aluminium.by_status == {"present": 1, "weak": 7, "planned": 0, "missing": 17}  # AL07 capped: present


def test_gear_truncation_includes_the_whole_upstream(result: GapAnalysis) -> None:
    # oracle assertion 7 (in spirit): upstream truncation of GR includes GR01–GR07
    assert _ids(("GR", 1, 7)) <= set(result.chain("gear").truncation["head"])


def test_every_gap_has_an_action_and_reasons_and_gaps_are_sorted(result: GapAnalysis) -> None:
    for chain in result.chains:
        scores = [g.score for g in chain.gaps]
        assert scores == sorted(scores, reverse=True)
        for gap in chain.gaps:
            assert gap.action in ("fill", "strengthen", "extend")
            assert gap.reasons and gap.reasons[0].code.startswith("status_")
        assert {g.link for g in chain.gaps} == {n.id for n in chain.links if n.status != "present"}


def test_outside_carmakers_are_levers_not_fillers(result: GapAnalysis) -> None:
    targets = result.chain("gear").targets
    makers = [t for t in targets if t.label["zh"] in ("长安汽车", "赛力斯", "比亚迪")]
    assert len(makers) == 3 and all(t.route == "lever" for t in makers)  # the district's customers: 以商招商
    for maker in makers:
        codes = [r.code for r in maker.reasons]
        assert codes[0] == "customer_lever" and "in_gap" not in codes  # never "could fill GR21"
    byd = next(t for t in makers if t.label["zh"] == "比亚迪")
    changan = next(t for t in makers if t.label["zh"] == "长安汽车")
    assert changan.ties > byd.ties  # 长安 also buys from 友利森
    names = [t.label["zh"] for t in targets]
    assert names.index("长安汽车") < names.index("比亚迪")


def test_local_firms_next_to_a_gap_are_to_cultivate(result: GapAnalysis) -> None:
    jingjiang = next(t for t in result.chain("gear").targets if t.label["zh"] == "荆江半轴")
    assert jingjiang.route == "cultivate" and jingjiang.local and "GR15" in jingjiang.links  # half-shafts → axles
    assert "GR21" not in jingjiang.links  # a parts maker does not grow into its customers' vehicle link


def test_chains_without_outside_candidates_say_so(result: GapAnalysis) -> None:
    data = result.to_dict()
    assert {c["id"]: c["candidates"] for c in data["chains"]} == {
        "aluminium": "none_in_data", "copper": "none_in_data", "gear": "in_data"}


def test_a_plan_outranks_an_otherwise_equal_link_and_the_stated_direction_counts(result: GapAnalysis) -> None:
    gear = {g.link: g for g in result.chain("gear").gaps}
    # GR11 engines and GR13 e-drives: both missing, in the formula's segments, with no operating neighbour;
    # the district's plan targets GR11 (「瞄准…发动机」)
    assert any(r.code == "targeted" for r in gear["GR11"].reasons)
    assert gear["GR11"].score > gear["GR13"].score
    aluminium = [g.link for g in result.chain("aluminium").gaps]
    # 电驱壳体 (AL19), a theme of the lightweight demonstration zone, before the smelter's raw inputs
    assert aluminium.index("AL19") < min(aluminium.index(n) for n in ("AL02", "AL03", "AL04"))


def test_actions_are_typed_by_their_place(result: GapAnalysis) -> None:
    gear = {g.link: g.action for g in result.chain("gear").gaps}
    aluminium = {g.link: g.action for g in result.chain("aluminium").gaps}
    assert gear["GR08"] == "fill"  # 齿轮: the head of the official formula
    assert gear["GR02"] == "fill" and gear["GR05"] == "fill"  # 锻件毛坯, 热处理: supporting links
    assert aluminium["AL25"] == "extend" and aluminium["AL07" if "AL07" in aluminium else "AL16"] == "strengthen"
    extend = [link for link, action in gear.items() if action == "extend"]
    assert len(extend) < len(gear) / 2, extend


def test_passenger_cars_are_a_soft_gap_with_nearby_makers(result: GapAnalysis) -> None:
    gr21 = result.chain("gear").link("GR21")
    # the example is the first operating actor by IRI: org-changan < org-seres
    assert gr21.nearest == {"scope": "重庆市", "operating": 2, "example": "长安汽车", "in_parent": True}


def test_local_supply_ratio_of_battery_trays(result: GapAnalysis) -> None:
    supply = result.chain("aluminium").link("AL16").local_supply
    # AL16's inputs: AL10 (operating, but only through 友利森 itself: no local supplier), AL11 (missing),
    # AL14 (operating: 爱尔思)
    assert supply.inputs == ("AL10", "AL11", "AL14")
    assert supply.local_inputs == ("AL14",)
    assert supply.ratio == pytest.approx(1 / 3)


def test_json_is_deterministic_and_has_the_documented_shape(bundled: KnowledgeGraph, result: GapAnalysis) -> None:
    again = analyze(bundled, region="綦江区")
    assert again.to_json() == result.to_json()
    data = json.loads(result.to_json())
    assert data["schema"] == "chaingraph.gaps/2"
    assert data["region"]["id"] == "qijiang"
    assert [c["id"] for c in data["chains"]] == ["aluminium", "copper", "gear"]
    link = data["chains"][0]["links"][0]
    assert {"id", "iri", "label", "stage", "segment", "status", "local_firms", "planned_projects", "targeted",
            "broken", "truncation", "local_supply_ratio", "priority", "reasons"} <= set(link)


def test_english_reasons(bundled: KnowledgeGraph) -> None:
    english = analyze(bundled, region="Qijiang", chains=["Aluminium chain"], lang="en")
    gap = english.chains[0].gaps[0]
    assert gap.reasons[0].text("en") == "missing link (缺链): none in the region in the data"
    parent_text = english.to_dict()["chains"][0]["gaps"][0]["reasons"][-1]["text"]
    assert parent_text == "the data does not cover Chongqing completely: nothing is claimed about it"


def test_tables_flatten_the_result(result: GapAnalysis) -> None:
    tables = result.tables()
    assert {row["id"] for row in tables["gaps"]} == {g.link for c in result.chains for g in c.gaps}
    assert all(isinstance(v, (str, int, float, bool, type(None))) for row in tables["links"] for v in row.values())


def test_dataframes(result: GapAnalysis) -> None:
    frames = result.to_dataframes()
    assert set(frames) == {"links", "gaps", "targets", "coverage", "balance"}
    assert len(frames["links"]) == 60
    assert frames["gaps"].query("chain == 'aluminium'")["rank"].tolist()[:3] == [1, 2, 3]


def test_max_targets_keeps_the_best_ranked(bundled: KnowledgeGraph, result: GapAnalysis) -> None:
    top = analyze(bundled, region="綦江区", chains=["gear"], max_targets=2).chain("gear").targets
    assert [t.iri for t in top] == [t.iri for t in result.chain("gear").targets[:2]]
