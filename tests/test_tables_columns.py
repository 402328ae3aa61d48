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
from chaingraph.knowledge import with_imported
from chaingraph.tables import CellProblem, export_tables, read_tables
from chaingraph.validation import validate
from chaingraph.vocab.namespaces import CG, CGD, CGK, RDF, SKOS, XSD


def write(folder: Path, tables: dict[str, str]) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def problems(folder: Path) -> list[CellProblem]:
    with pytest.raises(InputError) as caught:
        read_tables(folder)
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
