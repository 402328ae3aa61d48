"""The columns real data needs (docs/tables.md): stages derived from the flows, keywords and planning
parameters of links and chains; every bad value a located error, and every column exported back.

The small chains here are made up for the tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.compare import isomorphic

from chaingraph.errors import InputError
from chaingraph.knowledge import KnowledgeGraph, with_imported
from chaingraph.tables import CellProblem, export_tables, read_tables
from chaingraph.validation import validate
from chaingraph.vocab.identifiers import credit_check_character
from chaingraph.vocab.namespaces import CG, CGD, CGK, DCTERMS, ORG, QUDT, RDF, SKOS, UNIT, XSD

from .conftest import ROOT


def write(folder: Path, tables: dict[str, str]) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def problems(folder: Path, context: object = None) -> list[CellProblem]:
    with pytest.raises(InputError) as caught:
        read_tables(folder, context)
    return caught.value.problems  # type: ignore[return-value]


def round_trips(folder: Path, tmp_path: Path) -> None:
    """Import → export → import gives the same graph, and it conforms to the shapes."""
    first = read_tables(folder)
    kg = with_imported(first)
    report = validate(kg)
    assert report.conforms, report.text()
    again = tmp_path / "exported" / folder.name
    shutil.rmtree(again, ignore_errors=True)
    export_tables(kg, again)
    assert isomorphic(read_tables(again).graph, first.graph)


# -- links: stages from the flows, keywords, min_firms, capped; chains: min_firms ---------------------------

LOOP = {
    "chains": "id,label_zh,min_firms\nx,示例链,3\ny,另一链,\n",
    # X1 → X2 ⇄ X3 → X4 ⇄ X6; X5 alone; X7 has its stage; X8 of another chain is fed by X4
    "links": """chain,id,label_zh,stage,feeds,keywords,min_firms,capped
x,X1,原料,,X2,铝土矿; bauxite,,
x,X2,冶炼,,X3,电解铝,1,是
x,X3,精炼,,X2; X4,,,false
x,X4,加工,,X6; Y1,,2,
x,X5,孤立环节,,,,,
x,X6,回炉,,X4,,,
x,X7,回收,recycling,,,,
y,Y1,别的链,downstream,,,,
""",
}


def test_a_link_without_stage_gets_one_from_the_flows_of_its_chain(tmp_path: Path) -> None:
    result = read_tables(write(tmp_path / "loop", LOOP))
    g = result.graph
    stages = {i: str(g.value(CGK[i], CG.stage)).rsplit("stage-", 1)[1] for i in
              ("X1", "X2", "X3", "X4", "X5", "X6", "X7", "Y1")}
    assert stages == {"X1": "input", "X2": "midstream", "X3": "midstream", "X4": "downstream", "X5": "midstream",
                      "X6": "downstream", "X7": "recycling", "Y1": "downstream"}
    [warning] = [w for w in result.warnings if "no stage" in w]
    assert "6 link(s)" in warning and "input: X1" in warning and "downstream: X4, X6" in warning
    assert "midstream: X2, X3, X5" in warning


def test_the_stage_column_may_be_left_out(tmp_path: Path) -> None:
    links = "chain,id,label_zh,feeds\nx,A1,甲,A2\nx,A2,乙,\n"
    g = read_tables(write(tmp_path / "t", {"links": links})).graph
    assert (g.value(CGK.A1, CG.stage), g.value(CGK.A2, CG.stage)) == (CGK["stage-input"], CGK["stage-downstream"])


def test_keywords_min_firms_and_capped(tmp_path: Path) -> None:
    folder = write(tmp_path / "loop", LOOP)
    g = read_tables(folder).graph
    assert set(g.objects(CGK.X1, CG.keyword)) == {Literal("铝土矿", lang="zh"), Literal("bauxite", lang="en")}
    assert g.value(CGK.X2, CG.minFirms) == Literal("1", datatype=XSD.positiveInteger)
    assert g.value(CGK["chain-x"], CG.minFirms) == Literal("3", datatype=XSD.positiveInteger)
    assert (g.value(CGK.X2, CG.capacityCapped), g.value(CGK.X3, CG.capacityCapped)) == (Literal(True), Literal(False))
    assert g.value(CGK.X1, CG.capacityCapped) is None
    round_trips(folder, tmp_path)
    # Oxigraph stores the xsd:positiveInteger as an xsd:integer: it conforms there too
    report = validate(KnowledgeGraph.open([folder], store="oxigraph"))
    assert report.conforms, report.text()


def test_bad_min_firms_and_capped_are_located_errors(tmp_path: Path) -> None:
    links = LOOP["links"].replace("x,X2,冶炼,,X3,电解铝,1,是", "x,X2,冶炼,,X3,电解铝,0,maybe").replace(
        "x,X4,加工,,X6; Y1,,2,", "x,X4,加工,,X6; Y1,,2.5,")
    chains = "id,label_zh,min_firms\nx,示例链,two\ny,另一链,\n"
    found = problems(write(tmp_path / "t", {"chains": chains, "links": links}))
    assert [(p.file.rsplit("/", 1)[1], p.line, p.column_name, p.value, p.message) for p in found] == [
        ("chains.csv", 2, "min_firms", "two", "not a positive integer"),
        ("links.csv", 3, "min_firms", "0", "not a positive integer"),
        ("links.csv", 3, "capped", "maybe", "not true or false"),
        ("links.csv", 5, "min_firms", "2.5", "not a positive integer")]
    assert "a whole number ≥ 1" in str(found[0])


# -- regions: aliases and surveys ------------------------------------------------------------------------

SURVEYED = {
    **LOOP,
    "regions": """id,label_zh,label_en,aliases,parent,surveyed
prov,示例省,Demo Province,示例;Demo,,*
county,示例县,Demo County,,prov,x；y
town,示例镇,,,county,
""",
    "companies": "name,region,links\n甲公司,Demo,X1\n乙公司,示例县,X2\n",
}


def test_region_aliases_name_the_region_in_their_language(tmp_path: Path) -> None:
    g = read_tables(write(tmp_path / "s", SURVEYED)).graph
    prov = CGD["region-prov"]
    assert set(g.objects(prov, SKOS.altLabel)) == {Literal("示例", lang="zh"), Literal("Demo", lang="en")}
    assert g.value(CGD["org-jia-gong-si"], CG.locatedIn) == prov  # a company may name its region by an alias


def test_surveyed_regions_become_coverage_statements_of_the_tables_source(tmp_path: Path) -> None:
    from chaingraph.gaps import analyze

    folder = write(tmp_path / "s", SURVEYED)
    g = read_tables(folder).graph
    source = CGD["source-tables-s"]
    statements = {g.value(s, CG.coverageRegion): set(g.objects(s, CG.coverageChain))
                  for s in g.objects(source, CG.covers)}
    assert statements == {CGD["region-prov"]: set(), CGD["region-county"]: {CGK["chain-x"], CGK["chain-y"]}}
    assert all((s, RDF.type, CG.CoverageStatement) in g for s in g.objects(source, CG.covers))
    round_trips(folder, tmp_path)
    kg = with_imported(read_tables(folder))
    chain = analyze(kg, region="示例镇", chains=["x"]).chain("x")
    assert {link.id: link.absence for link in chain.links}["X4"] == "confirmed"


def test_a_survey_of_unknown_chains_is_a_located_error(tmp_path: Path) -> None:
    regions = SURVEYED["regions"].replace(",,*\n", ",,*;x\n").replace("x；y", "x；yy")
    found = problems(write(tmp_path / "s", {**SURVEYED, "regions": regions}))
    assert [(p.line, p.column_name, p.value, p.message) for p in found] == [
        (2, "surveyed", "*;x", "'*' (every chain) stands alone:"), (3, "surveyed", "yy", "unknown chain")]
    assert str(found[1]).endswith("expected a chain id of chains.csv, links.csv or the loaded data (x, y) — "
                                  "did you mean 'y'?")


# -- companies: ids ---------------------------------------------------------------------------------------

CODE = "91500110MA5U3X2K82"  # a made-up 统一社会信用代码 with the right check character
OTHER = "91500110MA5U3X2K9X"[:17] + credit_check_character("91500110MA5U3X2K9X"[:17])
BASE = {"chains": LOOP["chains"], "links": LOOP["links"], "regions": SURVEYED["regions"]}


def companies(text: str) -> dict[str, str]:
    return {**BASE, "companies": text}


def test_a_company_id_keys_the_company_and_its_iri(tmp_path: Path) -> None:
    folder = write(tmp_path / "ids", companies(f"""name,id,region,links,customers
甲铝业,{CODE.lower()},county,X1,600519.SH
甲铝业,{OTHER},county,X2,
乙股份,600519.SH,prov,X3,
乙股份,,,X4,甲铝业有限公司
丙公司,SZ000001,,,{CODE}
甲铝业有限公司,,,,
"""))
    result = read_tables(folder)
    g = result.graph
    first, second, listed = CGD[f"org-{CODE.lower()}"], CGD[f"org-{OTHER.lower()}"], CGD["org-600519-sh"]
    assert g.value(first, DCTERMS.identifier) == Literal(CODE)  # upper case, a plain literal
    assert g.value(second, DCTERMS.identifier) == Literal(OTHER)
    assert {str(g.value(c, SKOS.prefLabel)) for c in (first, second)} == {"甲铝业"}  # two companies, one name
    assert not [w for w in result.warnings if "甲铝业" in w and "merged" in w]
    # a row without id joins the one company of its name that has an id
    assert set(g.objects(listed, CG.operatesIn)) == {CGK.X3, CGK.X4}
    assert (first, CG.suppliesTo, listed) in g and (CGD["org-sz000001"], CG.suppliesTo, first) in g  # by id
    assert (listed, CG.suppliesTo, CGD["org-jia-lv-ye-you-xian-gong-si"]) in g
    round_trips(folder, tmp_path)


def test_customers_may_name_a_company_of_the_loaded_data_by_its_id(tmp_path: Path) -> None:
    loaded = read_tables(write(tmp_path / "loaded", companies(f"name,id\n甲铝业,{CODE}\n"))).graph
    mine = write(tmp_path / "mine", {"companies": f"name,customers\n新公司,{CODE.lower()}\n"})
    result = read_tables(mine, loaded)
    assert (CGD["org-xin-gong-si"], CG.suppliesTo, CGD[f"org-{CODE.lower()}"]) in result.graph
    assert not result.warnings


def test_a_wrong_check_character_says_which_one_was_expected(tmp_path: Path) -> None:
    wrong = CODE[:17] + ("3" if CODE[17] != "3" else "4")
    found = problems(write(tmp_path / "t", companies(f"name,id\n甲,{wrong}\n乙,600519 SH\n丙,x\n")))
    assert [(p.line, p.column_name, p.value, p.message) for p in found] == [
        (2, "id", wrong, "wrong check character of the 统一社会信用代码"), (3, "id", "600519 SH", "not an identifier")]
    assert f"expected '{CODE[17]}' as its last character" in str(found[0]) and f"did you mean '{CODE}'" in str(found[0])


def test_rows_of_one_id_merge_and_a_conflict_names_both_rows(tmp_path: Path) -> None:
    found = problems(write(tmp_path / "t", companies(f"""name,id,region,links,status,capacity,capacity_unit
甲,{CODE},county,X1,operating,5,万吨/年
甲,{CODE},town,X2,operating,50000,吨/年
乙,{CODE},,,,,
丙,{OTHER},,,,,
丙,,,,,,
丙,SZ000001,,,,,
""")))
    assert [(p.line, p.column_name, p.message) for p in found] == [
        (3, "region", "conflicting facts for company '甲' listed twice:"),
        (4, "name", f"conflicting names for the company with id '{CODE}':"),
        (6, "id", "several companies called '丙' have ids:")]
    assert "'county' as in row 2" in str(found[0]) and "'甲' as in row 2" in str(found[1])
    assert found[2].suggestions == (OTHER, "SZ000001")  # the capacities agree: 5万吨/年 is 50000 吨/年


def test_the_companies_table_of_chaingraph_map_imports_as_it_is(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    from chaingraph.mapping import map_register

    result = map_register(ROOT / "tests" / "data" / "register" / "register.csv", bundled)
    [written, _] = result.write(tmp_path / "mapped" / "companies.csv")
    path = tmp_path / "tables" / "companies.csv"  # without the review file beside it: not a table
    path.parent.mkdir()
    shutil.copyfile(written, path)
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith(",source,id")  # the id last, as chaingraph map writes it
    found = problems(path.parent, bundled.store)
    # the register's seven wrong check characters (tests/data/register/README.md), each with the right one
    assert len(found) == 7 and {(p.column_name, p.message) for p in found} == {
        ("id", "wrong check character of the 统一社会信用代码")}
    for problem in found:
        assert problem.suggestions[0][:17] == (problem.value or "")[:17]
    # with them put right, the table imports with the bundled chains and conforms
    fixed = path.read_text(encoding="utf-8")
    for problem in found:
        fixed = fixed.replace(problem.value or "", problem.suggestions[0])
    path.write_text(fixed, encoding="utf-8")
    kg = KnowledgeGraph.open([path.parent], with_bundled=True)
    report = validate(kg)
    assert report.conforms, report.text()
    assert kg.ask("ASK { ?c dcterms:identifier ?id ; cg:operatesIn cgk:AL10 FILTER (lang(?id) = '') }")


# -- companies: the capacity's link, status and year; counted groups ---------------------------------------

FIGURES = f"""name,id,region,links,status,capacity,capacity_unit,capacity_link,capacity_status,capacity_year,count,group
甲铝业,{CODE},county,X1; X2,operating,60,万吨/年,X2,target,2025年,,
乙厂,,county,X3,signed,2,万吨,,,,,
零部件企业（30余家）,,county,X4,,,,,,,30余家,
丙零件,,county,X4,operating,,,,,,,零部件企业（30余家）
丁零件,,county,X4,operating,,,,,,,零部件企业（30余家）
戊零件,,county,X4,operating,,,,,,,
"""


def test_the_capacity_says_its_link_status_and_year(tmp_path: Path) -> None:
    folder = write(tmp_path / "f", companies(FIGURES))
    g = read_tables(folder).graph
    q = g.value(CGD[f"org-{CODE.lower()}"], CG.capacity)
    assert (g.value(q, QUDT.numericValue).toPython(), g.value(q, CG.forLink), g.value(q, CG.valueStatus),
            g.value(q, CG.year)) == (600_000, CGK.X2, CGK["value-target"], Literal("2025", datatype=XSD.gYear))
    # without capacity_status, a company in the pipeline has a planned capacity, the others an actual one
    assert g.value(g.value(CGD["org-yi-chang"], CG.capacity), CG.valueStatus) == CGK["value-planned"]
    round_trips(folder, tmp_path)


def test_a_counted_group_and_its_members(tmp_path: Path) -> None:
    from chaingraph.gaps import analyze

    folder = write(tmp_path / "f", companies(FIGURES))
    g = read_tables(folder).graph
    group = CGD["org-ling-bu-jian-qi-ye-30-yu-jia"]
    count = g.value(group, CG.memberCount)
    assert (g.value(count, QUDT.numericValue), g.value(count, QUDT.unit), g.value(count, CG.valueStatus),
            g.value(count, CG.bound), g.value(count, CG.statedAs)) == (
        Literal(30), UNIT.NUM, CGK["value-actual"], CGK["bound-min"], Literal("30余家", lang="zh"))
    assert set(g.objects(group, ORG.hasMember)) == {CGD["org-bing-ling-jian"], CGD["org-ding-ling-jian"]}
    round_trips(folder, tmp_path)
    kg = with_imported(read_tables(folder))
    link = analyze(kg, region="示例县", chains=["x"]).chain("x").link("X4")
    # the group counts as 30, less its two named members in X4, which count on their own; and 戊零件
    assert (link.status, link.operating_actors) == ("present", 31)


@pytest.mark.parametrize(("cell", "value", "bound"), [
    ("30", 30, "exact"), ("30余家", 30, "min"), ("30多家", 30, "min"), ("约30家", 30, "approx"), ("30+", 30, "min"),
    ("30家以上", 30, "min"), ("不超过30家", 30, "max"), ("１２", 12, "exact")])
def test_counts_as_they_are_written(cell: str, value: int, bound: str, tmp_path: Path) -> None:
    g = read_tables(write(tmp_path / "c", companies(f"name,count\n群体,{cell}\n"))).graph
    count = g.value(CGD["org-qun-ti"], CG.memberCount)
    assert (g.value(count, QUDT.numericValue).toPython(), g.value(count, CG.bound)) == (value, CGK[f"bound-{bound}"])
    assert g.value(count, CG.statedAs) == (None if cell == str(value) else Literal(cell, lang="zh"))


def test_bad_figures_are_located_errors(tmp_path: Path) -> None:
    text = f"""name,id,links,capacity,capacity_unit,capacity_link,capacity_status,capacity_year,count,group
甲,{CODE},X1,5,万吨,X3,targt,25,,
乙,,X1,,,X1,,2024,,
群,,X4,,,,,,三十家,
丙,,X4,,,,,,0,
丁,,X4,,,,,,2.5,甲
戊,,X4,,,,,,,无名群体; 戊
"""
    found = problems(write(tmp_path / "b", companies(text)))
    assert [(p.line, p.column_name, p.message) for p in found] == [
        (2, "capacity_status", "unknown value status"),
        (2, "capacity_year", "not a year"),
        (3, "capacity_link", "a capacity link without a capacity"),
        (3, "capacity_year", "a capacity year without a capacity"),
        (4, "count", "not a count of firms"),
        (5, "count", "not a count of firms"),
        (6, "count", "not a count of firms"),
        (6, "group", "not a counted group"),
        (7, "group", "a company cannot be a member of itself"),
        (7, "group", "unknown company")]
    assert found[0].suggestions == ("target",)
    # with its status and year right, the capacity's link must be one of the company's links
    fixed = text.replace("targt,25", "target,2025")
    [problem] = [p for p in problems(write(tmp_path / "b", companies(fixed))) if p.line == 2]
    assert (problem.column_name, problem.value) == ("capacity_link", "X3")
    assert "expected one of its links (X1)" in str(problem)


def test_the_shapes_want_a_plain_identifier(tmp_path: Path) -> None:
    data = tmp_path / "tagged.ttl"
    data.write_text("""@prefix cg: <https://w3id.org/chaingraph/ns#> .
@prefix cgd: <https://w3id.org/chaingraph/data/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
cgd:org-x a cg:Enterprise ; skos:prefLabel "某公司"@zh ; dcterms:identifier "600519.SH"@zh ;
    prov:wasDerivedFrom cgd:source-x .
cgd:source-x a cg:Source ; dcterms:title "x" .
""", encoding="utf-8")
    report = validate(KnowledgeGraph.open([data]))
    assert not report.conforms and "dcterms:identifier" in report.text()
