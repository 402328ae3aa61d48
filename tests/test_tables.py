"""Bring your own data: chains and companies as CSV/XLSX tables — import, export, template, bad input.

The chain used here (a photovoltaic chain in a made-up county) is written in this file; none of it is
real data. Expected gap statuses follow the definitions of docs/gap-analysis.md: PV02 and PV03 have one operating
local firm each (weak), PV05 two (present), PV04 only a signed one (planned), PV01 and PV06 none
(missing); PV04 is a 断链 between the operating PV03 and PV05.
"""

from __future__ import annotations

import ast
import csv
import io
import os
import shutil
import stat
import sys
import time
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from chaingraph.errors import InputError
from chaingraph.knowledge import KnowledgeGraph, with_imported
from chaingraph.tables import (
    CellProblem,
    export_tables,
    read_tables,
    write_template,
)
from chaingraph.tables.from_rdf import export_rows
from chaingraph.tables.writer import write_tables
from chaingraph.validation import validate
from chaingraph.vocab.identifiers import credit_check_character
from chaingraph.vocab.namespaces import CG, CGD, CGK, PROV, QUDT, RDF, SKOS, UNIT

from .conftest import ROOT
from .test_cli import _run

EXAMPLES = ROOT / "examples" / "qijiang-tables"

PV = {
    "chains": """id,label_zh,label_en,formula
pv,光伏产业链,Photovoltaic chain,工业硅—多晶硅—硅片—电池片—组件—回收
""",
    "links": """chain,id,label_zh,label_en,stage,segment,feeds,hs_codes,gbt2017_codes
pv,PV01,工业硅,Silicon metal,input,原料,PV02,2804.69,3218
pv,PV02,多晶硅,Polysilicon,primary,原料,PV03,,
pv,PV03,硅片,Wafers,midstream,电池与组件,PV04,,
pv,PV04,电池片,Cells,midstream,电池与组件,PV05,,
pv,PV05,组件,Modules,downstream,电池与组件,PV06,8541.43,
pv,PV06,组件回收,Module recycling,recycling,回收,,,
""",
    "flows": """from,to,kind,carries
PV05,PV06,,废旧组件
PV01,PV02,material,工业硅；三氯氢硅
""",
    "regions": """id,label_zh,label_en,parent
demo-prov,示例省,Demo Province,
demo-county,示例县,Demo County,demo-prov
""",
    "companies": """name,aliases,region,links,status,capacity,capacity_unit,customers,suppliers,role,source
甲硅业,甲;Jia Silicon,demo-county,PV02,operating,10万吨,,乙光能,,leader,县政府工作报告2024
乙光能,,示例县,PV03,,1.6亿,片/年,,,,https://example.com/yi
丙新能源,,demo-county,PV05,operating,5千兆瓦,,,,,
丁组件,,demo-county,PV05,,,,外省电站,,,
戊电池,,demo-county,PV04,signed,,,,,,
""",
}


def write(folder: Path, tables: dict[str, str], encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_bytes(text.encode(encoding))
    return folder


def problems(folder: Path, context: object = None) -> list[CellProblem]:
    with pytest.raises(InputError) as caught:
        read_tables(folder, context)
    return caught.value.problems  # type: ignore[return-value]


def only(folder: Path, context: object = None) -> CellProblem:
    [problem] = problems(folder, context)
    return problem


@pytest.fixture(scope="module")
def pv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("pv") / "pv-tables", PV)


# -- a chain written as tables ------------------------------------------------------------------------


def test_chain_imports_validates_and_runs_through_the_gap_analysis(pv: Path) -> None:
    from chaingraph.gaps import analyze

    result = read_tables(pv)
    kg = with_imported(result)
    report = validate(kg)
    assert report.conforms, report.text()
    assert not report.warnings, report.text()  # the return flow PV05 → PV06 was given the kind scrap
    chain = analyze(kg, region="示例县", chains=["pv"]).chain("pv")
    assert {link.id: link.status for link in chain.links} == {
        "PV01": "missing", "PV02": "weak", "PV03": "weak", "PV04": "planned", "PV05": "present", "PV06": "missing"}
    assert chain.broken_links == {"PV04": [("PV03", "PV05")]}
    assert (chain.chain_leader.label["zh"], chain.chain_leader.how) == ("甲硅业", "stated")
    assert chain.open_loop.open
    assert [s.label for s in chain.coverage.by_segment] == [{"zh": "原料"}, {"zh": "电池与组件"}, {"zh": "回收"}]


def test_the_graph_has_readable_iris_provenance_and_normalised_quantities(pv: Path) -> None:
    g = read_tables(pv).graph
    jia = CGD["org-jia-gui-ye"]
    assert (jia, SKOS.prefLabel, Literal("甲硅业", lang="zh")) in g
    assert set(g.objects(jia, SKOS.altLabel)) == {Literal("甲", lang="zh"), Literal("Jia Silicon", lang="en")}
    assert (jia, CG.locatedIn, CGD["region-demo-county"]) in g
    assert (jia, CG.suppliesTo, CGD["org-yi-guang-neng"]) in g
    assert set(g.objects(jia, PROV.wasDerivedFrom)) == {CGD["source-tables-pv-tables"],
                                                        CGD["source-xian-zheng-fu-gong-zuo-bao-gao-2024"]}
    assert (jia, CG.evidenceKind, CGK["evidence-stated"]) in g
    assert (CGD["source-tables-pv-tables"], RDF.type, CG.Source) in g
    quantity = g.value(jia, CG.capacity)
    assert g.value(quantity, QUDT.numericValue).toPython() == 100000
    assert g.value(quantity, QUDT.unit) == UNIT["TONNE-PER-YR"]
    assert g.value(quantity, CG.statedAs) == Literal("10万吨", lang="zh")
    yi = g.value(CGD["org-yi-guang-neng"], CG.capacity)
    assert g.value(yi, QUDT.numericValue).toPython() == 160_000_000 and g.value(yi, QUDT.unit) == UNIT["NUM-PER-YR"]
    # the link graph as in graph/chains: notation, chain, segment, stage, feeds, codes, flows
    assert (CGK.PV01, CG.hsCode, URIRef("https://w3id.org/chaingraph/kos/hs2022/280469")) in g
    assert (CGK["flow-PV05-PV06"], CG.flowKind, CGK["flow-scrap"]) in g
    carried = {str(g.value(p, SKOS.prefLabel)) for p in g.objects(CGK["flow-PV01-PV02"], CG.carries)}
    assert carried == {"工业硅", "三氯氢硅"}  # ；separates values too
    cluster = CGD["cluster-demo-county-pv"]
    assert (cluster, CG.chainLeader, jia) in g and (cluster, CG.leaderEvidence, CGK["leader-stated"]) in g


def test_iris_do_not_depend_on_the_order_of_rows(pv: Path, tmp_path: Path) -> None:
    reordered = {}
    for name, text in PV.items():
        header, *rows = text.strip().splitlines()
        reordered[name] = "\n".join([header, *reversed(rows)]) + "\n"
    again = write(tmp_path / "pv-tables", reordered)
    first, second = read_tables(pv).graph, read_tables(again).graph
    # only the order of the segments follows the rows (the first segment of a chain in links.csv comes first)
    assert sorted(first.objects(None, CG.order)) == sorted(second.objects(None, CG.order))
    first.remove((None, CG.order, None))
    second.remove((None, CG.order, None))
    assert isomorphic(first, second)


def test_a_folder_of_tables_loads_wherever_a_graph_is_taken(pv: Path) -> None:
    direct = read_tables(pv).graph
    for store in ("memory", "oxigraph"):
        kg = KnowledgeGraph.open([pv], store=store)
        assert kg.ask("ASK { cgk:PV04 cg:feeds cgk:PV05 }")
        assert kg.ask("ASK { ?c cg:chainLeader cgd:org-jia-gui-ye }")
    kg = KnowledgeGraph.open([pv], store="memory")  # its graph is the store's own: blank nodes keep their names
    assert all(triple in kg.graph for triple in direct)
    # a finding of the validation points at the table row that defines the entity
    assert kg.source_map.locate(CGD["org-wu-dian-chi"])[1] == 6


def test_tables_may_refer_to_the_bundled_chains_and_regions(tmp_path: Path) -> None:
    from chaingraph.gaps import analyze

    folder = write(tmp_path / "mine", {"companies": "name,region,links,status\n新铝材,綦江,AL11,operating\n"
                                                    "新铝材二厂,Qijiang,AL11,\n"})
    kg = KnowledgeGraph.open([folder], with_bundled=True)
    assert validate(kg).conforms
    link = analyze(kg, region="綦江区", chains=["aluminium"]).chain("aluminium").link("AL11")
    assert link.status == "present"
    found = problems(folder)  # alone, the tables know no link AL11 nor region 綦江
    assert [(p.line, p.message) for p in found] == [(2, "unknown region"), (2, "unknown link"),
                                                    (3, "unknown region"), (3, "unknown link")]
    assert "there is no links.csv" in str(found[1]) and "there is none" in str(found[0])


# -- the bundled Qijiang data, round trip ----------------------------------------------------------------

FACTS = {
    "links": """SELECT ?id ?chain ?stage ?zh ?en ?segment WHERE { ?l a cg:ChainLink ; skos:notation ?id ;
        cg:inChain/skos:notation ?chain ; cg:stage/skos:notation ?stage .
        OPTIONAL { ?l skos:prefLabel ?zh FILTER (lang(?zh) = "zh") } OPTIONAL { ?l skos:prefLabel ?en
        FILTER (lang(?en) = "en") }
        OPTIONAL { ?l cg:segment/skos:prefLabel ?segment FILTER (lang(?segment) = "zh") } }""",
    "segment order": """SELECT ?chain ?segment ?order WHERE { ?s a cg:Segment ; cg:inChain/skos:notation ?chain ;
        skos:prefLabel ?segment ; cg:order ?order FILTER (lang(?segment) = "zh") }""",
    "chains": """SELECT ?id ?zh ?en ?formula WHERE { ?c a cg:IndustryChain ; skos:notation ?id .
        OPTIONAL { ?c skos:prefLabel ?zh FILTER (lang(?zh) = "zh") } OPTIONAL { ?c skos:prefLabel ?en
        FILTER (lang(?en) = "en") } OPTIONAL { ?c cg:officialFormula ?formula } }""",
    "feeds": "SELECT ?a ?b WHERE { ?x cg:feeds ?y . ?x skos:notation ?a . ?y skos:notation ?b }",
    "codes": """SELECT ?id ?code WHERE { ?l skos:notation ?id .
        { ?l cg:hsCode ?code } UNION { ?l cg:industryCode ?code } }""",
    "flows": """SELECT ?a ?b ?kind ?product WHERE { ?f a cg:Flow ; cg:flowFrom/skos:notation ?a ;
        cg:flowTo/skos:notation ?b ; cg:flowKind ?kind .
        OPTIONAL { ?f cg:carries/skos:prefLabel ?product FILTER (lang(?product) = "zh") } }""",
    "regions": """SELECT ?id ?zh ?en ?parent WHERE { ?r a cg:Region ; skos:notation ?id ; skos:prefLabel ?zh
        FILTER (lang(?zh) = "zh") OPTIONAL { ?r skos:prefLabel ?en FILTER (lang(?en) = "en") }
        OPTIONAL { ?r cg:locatedIn/skos:notation ?parent } }""",
    "actors": """SELECT ?name ?region ?status WHERE { ?a a ?t VALUES ?t { cg:Enterprise cg:Project }
        ?a skos:prefLabel ?name FILTER (lang(?name) = "zh")
        OPTIONAL { ?a cg:locatedIn/skos:notation ?region }
        OPTIONAL { ?a cg:status/skos:notation ?declared }
        BIND (COALESCE(?declared, IF(?t = cg:Project, "planned", "operating")) AS ?status) }""",
    "actor names": """SELECT ?name ?other WHERE { ?a a ?t VALUES ?t { cg:Enterprise cg:Project }
        ?a skos:prefLabel ?name FILTER (lang(?name) = "zh") { ?a skos:altLabel ?other } UNION
        { ?a skos:prefLabel ?other FILTER (lang(?other) != "zh") } }""",
    "actor links": """SELECT ?name ?link WHERE { ?a cg:operatesIn/skos:notation ?link ; skos:prefLabel ?name
        FILTER (lang(?name) = "zh") }""",
    "capacities": """SELECT ?name ?value ?unit ?status ?year ?link WHERE { ?a cg:capacity ?q ; skos:prefLabel ?name
        FILTER (lang(?name) = "zh") ?q qudt:numericValue ?value ; qudt:unit ?unit ; cg:valueStatus ?status
        OPTIONAL { ?q cg:year ?year } OPTIONAL { ?q cg:forLink/skos:notation ?link } }""",
    "keywords": """SELECT ?id ?keyword WHERE { ?l a cg:ChainLink ; skos:notation ?id ; cg:keyword ?k
        BIND (STR(?k) AS ?keyword) }""",
    "planning": """SELECT ?id ?capped ?min WHERE { ?x skos:notation ?id
        { ?x cg:capacityCapped ?capped } UNION { ?x cg:minFirms ?min } }""",
    "region names": """SELECT ?id ?alias WHERE { ?r a cg:Region ; skos:notation ?id ; skos:altLabel ?a
        BIND (STR(?a) AS ?alias) }""",
    "counted groups": """SELECT ?group ?count ?unit ?bound ?member WHERE { ?g cg:memberCount ?q ;
        skos:prefLabel ?group FILTER (lang(?group) = "zh") ?q qudt:numericValue ?count ; qudt:unit ?unit ;
        cg:bound ?bound OPTIONAL { ?g org:hasMember/skos:prefLabel ?member FILTER (lang(?member) = "zh") } }""",
    "identifiers": """SELECT ?name ?id WHERE { ?a dcterms:identifier ?id ; skos:prefLabel ?name
        FILTER (lang(?name) = "zh") }""",
    "supply": """SELECT ?a ?b WHERE { ?x cg:suppliesTo ?y . ?x skos:prefLabel ?a FILTER (lang(?a) = "zh")
        ?y skos:prefLabel ?b FILTER (lang(?b) = "zh") }""",
    "leaders": """SELECT ?region ?chain ?leader WHERE { ?c cg:chainLeader ?l ; cg:inRegion/skos:notation ?region ;
        cg:clusterOf/skos:notation ?chain . ?l skos:prefLabel ?leader FILTER (lang(?leader) = "zh") }""",
    # a source is one title in the tables: its Chinese one where it has one (docs/tables.md)
    "sources": """SELECT ?name ?title WHERE { ?a a ?t VALUES ?t { cg:Enterprise cg:Project }
        ?a skos:prefLabel ?name ; prov:wasDerivedFrom ?s FILTER (lang(?name) = "zh")
        MINUS { ?s a <http://purl.org/dc/dcmitype/Dataset> }
        OPTIONAL { ?s dcterms:title ?zh FILTER (lang(?zh) = "zh") }
        OPTIONAL { ?s dcterms:title ?other FILTER (lang(?other) != "zh") }
        BIND (STR(COALESCE(?zh, ?other)) AS ?title) }""",
}


def facts(kg: KnowledgeGraph) -> dict[str, set[tuple[str, ...]]]:
    """The facts the table format carries (docs/tables.md), as plain text, whatever the IRIs."""
    def plain(value: object) -> str:
        if isinstance(value, Literal) and isinstance(value.toPython(), (int, float, Decimal)):
            return repr(float(value.toPython()))  # 500000, "500000.0"^^xsd:decimal and 5.0E5 are one number
        return str(value) if value is not None else ""

    return {name: {tuple(plain(row.get(v)) for v in rows.variables) for row in rows}
            for name, rows in ((name, kg.select(query)) for name, query in FACTS.items())}


@pytest.fixture(scope="module")
def qijiang_tables(tmp_path_factory: pytest.TempPathFactory, bundled: KnowledgeGraph) -> Path:
    folder = tmp_path_factory.mktemp("export") / "qijiang"
    export_tables(bundled, folder)
    return folder


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_an_actor_typed_both_company_and_project_is_exported_once_as_a_company(
        store: str, qijiang_tables: Path, tmp_path: Path) -> None:
    # every fact came twice (its customers 「赛力斯; 赛力斯; 长安汽车; 长安汽车」) and its type was the last row's
    both = tmp_path / "both.ttl"
    both.write_text("@prefix cg: <https://w3id.org/chaingraph/ns#> .\n"
                    "@prefix cgd: <https://w3id.org/chaingraph/data/> .\n"
                    "cgd:org-youlisen a cg:Project .\n", encoding="utf-8")
    _, warnings = export_tables(KnowledgeGraph.open([ROOT / "graph", both], store=store), tmp_path / "out")
    assert warnings == ["'重庆友利森汽车科技有限公司' is both a company and a project "
                        "(chaingraph validate reports it): the tables keep it as a company"]
    assert (tmp_path / "out" / "companies.csv").read_bytes() == (qijiang_tables / "companies.csv").read_bytes()


def test_bundled_graph_round_trips_through_the_tables(qijiang_tables: Path, bundled: KnowledgeGraph,
                                                      tmp_path: Path) -> None:
    first = read_tables(qijiang_tables)
    assert not first.warnings
    kg = with_imported(first)
    assert validate(kg).conforms
    original, imported = facts(bundled), facts(kg)
    for name in FACTS:
        assert imported[name] == original[name], name
    # export → import → export → import: the second import is the first
    export_tables(kg, tmp_path / "qijiang")
    second = read_tables(tmp_path / "qijiang")
    assert isomorphic(first.graph, second.graph)
    for table in ("chains", "links", "flows", "regions", "companies"):
        assert (tmp_path / "qijiang" / f"{table}.csv").read_bytes() == (qijiang_tables / f"{table}.csv").read_bytes()


def test_bundled_graph_round_trips_through_a_workbook(qijiang_tables: Path, bundled: KnowledgeGraph,
                                                      tmp_path: Path) -> None:
    export_tables(bundled, tmp_path / "qijiang.xlsx")
    from_workbook = read_tables(tmp_path / "qijiang.xlsx")
    assert isomorphic(from_workbook.graph, read_tables(qijiang_tables).graph)
    # a planner's spreadsheet: every cell text (a code typed again keeps its leading zero), the header frozen
    from openpyxl import load_workbook
    book = load_workbook(tmp_path / "qijiang.xlsx")
    assert book.sheetnames == ["chains", "links", "flows", "regions", "companies"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and sheet.max_row > 1
        assert {cell.number_format for row in sheet.iter_rows() for cell in row if cell.value is not None} == {"@"}
        assert all(10 <= d.width <= 60 for d in sheet.column_dimensions.values())
    export_tables(with_imported(from_workbook), tmp_path / "again" / "qijiang.xlsx")
    assert isomorphic(read_tables(tmp_path / "again" / "qijiang.xlsx").graph, from_workbook.graph)


def test_an_exported_workbook_is_the_same_bytes_for_the_same_date(bundled: KnowledgeGraph, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # openpyxl dates the workbook and each zip member with the moment of saving; SOURCE_DATE_EPOCH fixes both
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    export_tables(bundled, tmp_path / "a.xlsx")
    time.sleep(1.1)  # a second later: the same bytes all the same
    export_tables(bundled, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    from openpyxl import load_workbook
    assert load_workbook(tmp_path / "a.xlsx").properties.created.isoformat().startswith("2023-11-14T22:13:20")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    export_tables(bundled, tmp_path / "c.xlsx")
    assert (tmp_path / "c.xlsx").read_bytes() != (tmp_path / "a.xlsx").read_bytes()


def test_the_gap_analysis_of_the_tables_is_that_of_the_bundled_graph(qijiang_tables: Path,
                                                                     bundled: KnowledgeGraph) -> None:
    from chaingraph.gaps import analyze

    kg = KnowledgeGraph.open([qijiang_tables])
    for chain in ("aluminium", "copper", "gear"):
        want = analyze(bundled, region="綦江区", chains=[chain]).chain(chain)
        got = analyze(kg, region="綦江区", chains=[chain]).chain(chain)
        assert {link.id: link.status for link in got.links} == {link.id: link.status for link in want.links}
        assert got.broken_links == want.broken_links
        assert got.chain_leader.iri is None or got.chain_leader.label["zh"] == want.chain_leader.label["zh"]


def test_the_example_tables_are_the_export_of_the_bundled_data(qijiang_tables: Path) -> None:
    for table in ("chains", "links", "flows", "regions", "companies"):
        assert (EXAMPLES / f"{table}.csv").read_bytes() == (qijiang_tables / f"{table}.csv").read_bytes(), (
            f"examples/qijiang-tables/{table}.csv is out of date: run chaingraph export --out examples/qijiang-tables")


# -- property test ----------------------------------------------------------------------------------------

_CHARS = "铝铜钢硅电池组件材料加工回收再生光伏齿轮汽车零部件长常安江山市县区省新能源科技有限公司甲乙丙丁"
names = st.text(alphabet=_CHARS, min_size=1, max_size=8)
amounts = st.one_of(st.integers(0, 10**9).map(str),
                    st.tuples(st.integers(1, 999), st.sampled_from(["万", "亿", "千", "百万"]), st.sampled_from(
                        ["", "吨", "套"])).map(lambda t: f"{t[0]}{t[1]}{t[2]}"),
                    st.decimals(0, 10**6, places=2, allow_nan=False).map(str))


@st.composite
def random_tables(draw: st.DrawFn) -> dict[str, str]:
    stages = ["input", "primary", "midstream", "downstream", "recycling", "service"]
    n_links = draw(st.integers(1, 8))
    link_ids = [f"L{i:02d}" for i in range(n_links)]
    chains = draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=n_links, max_size=n_links))
    links = [["chain", "id", "label_zh", "label_en", "stage", "segment", "feeds", "hs_codes", "gbt2017_codes",
              "keywords", "min_firms", "capped"]]
    for i, link_id in enumerate(link_ids):
        feeds = draw(st.lists(st.sampled_from(link_ids), max_size=3, unique=True))
        links.append([chains[i], link_id, draw(names), draw(st.sampled_from(["", "Link"])),
                      draw(st.sampled_from(["", *stages])), draw(st.sampled_from(["", "上游", "中游", "下游"])),
                      "; ".join(f for f in feeds if f != link_id), draw(st.sampled_from(["", "7604.21", "2606; 7601"])),
                      draw(st.sampled_from(["", "3252", "3216"])), draw(st.sampled_from(["", "铝锭; ingot", "型材"])),
                      draw(st.sampled_from(["", "1", "3"])), draw(st.sampled_from(["", "true", "否"]))])
    regions = [["id", "label_zh", "label_en", "parent"], ["r0", draw(names), "", ""]]
    for i in range(1, draw(st.integers(1, 4))):
        regions.append([f"r{i}", draw(names), "", f"r{draw(st.integers(0, i - 1))}"])
    flows = [["from", "to", "kind", "carries"]]
    pairs = draw(st.lists(st.tuples(st.sampled_from(link_ids), st.sampled_from(link_ids)), max_size=4, unique=True))
    for source, target in pairs:
        if source != target:
            flows.append([source, target, draw(st.sampled_from(["", "material", "scrap", "energy"])),
                          "；".join(draw(st.lists(names, max_size=2, unique=True)))])
    company_names = draw(st.lists(names, min_size=1, max_size=6, unique=True))
    companies = [["name", "aliases", "region", "links", "status", "capacity", "capacity_unit", "customers",
                  "suppliers", "role", "source", "id", "capacity_link", "capacity_status", "capacity_year", "count",
                  "group"]]
    leader = draw(st.sampled_from(["", *company_names]))
    group = draw(st.sampled_from(["", *company_names]))
    for number, name in enumerate(company_names):
        capacity = draw(st.one_of(st.just(""), amounts))
        unit = "" if not capacity or capacity.endswith(("吨", "套")) else \
            draw(st.sampled_from(["吨/年", "万套/年", "MW"]))
        customers = draw(st.lists(st.one_of(st.sampled_from(company_names), names), max_size=2, unique=True))
        operates = draw(st.lists(st.sampled_from(link_ids), max_size=2, unique=True))
        body = f"91500110MA{number:07d}"
        identifier = draw(st.sampled_from(["", body + credit_check_character(body), f"60{number:04d}.SH"]))
        figures = [draw(st.sampled_from(["", *operates])), draw(st.sampled_from(["", "target", "估计值"])),
                   draw(st.sampled_from(["", "2025"]))] if capacity else ["", "", ""]
        companies.append([name, draw(st.sampled_from(["", "别名", "Alias"])),
                          draw(st.sampled_from(["", *(r[0] for r in regions[1:])])), "; ".join(operates),
                          draw(st.sampled_from(["", "operating", "planned", "signed", "closed"])), capacity, unit,
                          "; ".join(c for c in customers if c != name), "", "leader" if name == leader else "",
                          draw(st.sampled_from(["", "报告", "https://example.com/x"])), identifier, *figures,
                          draw(st.sampled_from(["30余家", "约5家", "12"])) if name == group else "",
                          group if group and name != group and draw(st.booleans()) else ""])

    def text(rows: list[list[str]]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        return buffer.getvalue()

    for row in companies[1:]:
        if row[9] == "leader" and not (row[2] and row[3]):
            row[9] = ""  # a leader needs a region and links
    return {"links": text(links), "flows": text(flows), "regions": text(regions), "companies": text(companies)}


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables=random_tables())
def test_random_valid_tables_import_and_round_trip(tables: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "random"
    shutil.rmtree(folder, ignore_errors=True)
    first = read_tables(write(folder, tables))
    rows, warnings = export_rows(with_imported(first))
    assert not warnings
    again = tmp_path / "again" / "random"
    shutil.rmtree(again, ignore_errors=True)
    write_tables(rows, again)
    assert isomorphic(read_tables(again).graph, first.graph)


def test_export_warns_when_the_graph_states_two_leaders_of_a_chain_in_a_region(tmp_path: Path) -> None:
    """The tables hold one chain leader per chain and region: a graph with two (two clusters) exports with a
    warning naming both, and the import of those tables refuses the second, as the warning says."""
    kg = with_imported(read_tables(write(tmp_path / "pv-tables", PV)))
    other = CGD["cluster-demo-county-pv-2"]
    kg.store.add([(other, RDF.type, CG.Cluster), (other, CG.clusterOf, CGK["chain-pv"]),
                  (other, CG.inRegion, CGD["region-demo-county"]),
                  (other, CG.chainLeader, CGD["org-bing-xin-neng-yuan"])])
    same = f"SELECT ?c WHERE {{ ?c cg:chainLeader ?l ; cg:clusterOf <{CGK['chain-pv']}> ; cg:inRegion ?r }}"
    assert len(kg.select(same)) == 2  # the IRIs above are the import's
    rows, warnings = export_rows(kg)
    assert warnings == ["2 chain leaders of chain 'pv' in region 'demo-county' (丙新能源, 甲硅业): the tables hold one "
                        "per chain and region, an import refuses the others — keep one as leader"]
    write_tables(rows, tmp_path / "again" / "pv")
    with pytest.raises(InputError, match="two chain leaders of chain 'pv' in region 'demo-county'"):
        read_tables(tmp_path / "again" / "pv")


# -- bad input: every problem says file, row, column, value, what was expected, and the closest value ---


def test_unknown_link_names_file_row_column_value_expected_and_closest(tmp_path: Path) -> None:
    links = PV["links"] + "pv,AL07,另一环节,,input,,,,\n"
    companies = PV["companies"].replace("demo-county,PV04,signed", "demo-county,AL7,signed")
    problem = only(write(tmp_path / "t", {**PV, "links": links, "companies": companies}))
    assert str(problem) == (f"unknown link 'AL7' in {problem.file} row 6, column links: expected a link id from "
                            "links.csv — did you mean 'AL07'?")
    assert problem.file.endswith("companies.csv") and (problem.line, problem.column) == (6, 4)
    assert (problem.column_name, problem.value, problem.suggestions) == ("links", "AL7", ("AL07",))


def test_all_problems_of_a_file_are_reported_together(tmp_path: Path) -> None:
    bad = PV["links"].replace("input,原料", "inptu,原料").replace("电池与组件,PV04", "电池与组件,PV4")
    found = problems(write(tmp_path / "t", {"links": bad + "pv,PV05,重复,,downstream,,,,\n"}))
    assert [(p.line, p.column_name, p.message) for p in found] == [
        (2, "stage", "unknown stage"), (4, "feeds", "unknown link"), (8, "id", "duplicate link id")]
    assert found[0].suggestions == ("input",)
    assert "one of input, primary, midstream, downstream, recycling, service" in str(found[0])
    assert "already in row 6" in str(found[2])


def test_unknown_column_lists_the_known_ones(tmp_path: Path) -> None:
    problem = only(write(tmp_path / "t", {"companies": "name,regoin\n甲,demo\n"}))
    assert problem.message == "unknown column" and problem.value == "regoin" and problem.suggestions == ("region",)
    assert ("name, id, aliases, region, links, status, capacity, capacity_unit, capacity_link, capacity_status, "
            "capacity_year, count, group, customers, suppliers, role, source") in str(problem)
    assert (problem.line, problem.column) == (1, 2)


def test_missing_required_column(tmp_path: Path) -> None:
    problem = only(write(tmp_path / "t", {"links": "chain,label_zh,stage\npv,硅,input\n"}))
    assert problem.message == "missing column" and problem.value == "id"


def test_unknown_status(tmp_path: Path) -> None:
    problem = only(write(tmp_path / "t", {**PV, "companies": PV["companies"].replace("signed", "singed")}))
    assert (problem.message, problem.value, problem.line, problem.column_name) == ("unknown status", "singed", 6,
                                                                                   "status")
    assert problem.suggestions[0] == "signed"


def test_statuses_and_stages_may_be_written_by_their_labels(tmp_path: Path) -> None:
    g = read_tables(write(tmp_path / "t", {**PV, "companies": PV["companies"].replace("signed", "已签约"),
                                           "links": PV["links"].replace("recycling,回收", "循环再生,回收")})).graph
    assert (CGD["org-wu-dian-chi"], CG.status, CGK["status-signed"]) in g
    assert (CGK.PV06, CG.stage, CGK["stage-recycling"]) in g


def test_feeds_to_an_unknown_link(tmp_path: Path) -> None:
    links = PV["links"].replace("电池与组件,PV06,8541", "电池与组件,PV60,8541")
    problem = only(write(tmp_path / "t", {**PV, "links": links}))
    assert (problem.message, problem.value, problem.column_name, problem.line) == ("unknown link", "PV60", "feeds", 6)
    assert problem.suggestions[0] == "PV06"


def test_company_listed_twice_with_conflicting_facts(tmp_path: Path) -> None:
    companies = PV["companies"] + "戊电池,,demo-prov,PV04,signed,,,,,,\n"
    problem = only(write(tmp_path / "t", {**PV, "companies": companies}))
    assert (problem.line, problem.column_name, problem.value) == (7, "region", "demo-prov")
    assert "conflicting facts for company '戊电池'" in problem.message
    assert "'demo-county' as in row 6" in str(problem)


def test_company_listed_twice_with_agreeing_facts_is_merged_with_a_warning(tmp_path: Path) -> None:
    companies = PV["companies"] + "戊电池,戊,示例县,PV03,已签约,,,,,,\n"
    result = read_tables(write(tmp_path / "t", {**PV, "companies": companies}))
    assert any("'戊电池' is listed in rows 6, 7" in w and "merged" in w for w in result.warnings)
    g = result.graph
    assert set(g.objects(CGD["org-wu-dian-chi"], CG.operatesIn)) == {CGK.PV04, CGK.PV03}
    assert len(list(g.subjects(SKOS.prefLabel, Literal("戊电池", lang="zh")))) == 1


def test_non_numeric_capacity(tmp_path: Path) -> None:
    problem = only(write(tmp_path / "t", {**PV, "companies": PV["companies"].replace("10万吨", "十万吨")}))
    assert (problem.message, problem.value, problem.column_name, problem.line) == ("not a number", "十万吨",
                                                                                   "capacity", 2)
    assert "50万" in problem.expected


def test_capacity_needs_a_known_unit(tmp_path: Path) -> None:
    companies = PV["companies"].replace("1.6亿,片/年", "1.6亿,桶").replace("5千兆瓦", "5000")
    found = problems(write(tmp_path / "t", {**PV, "companies": companies}))
    assert [(p.line, p.message) for p in found] == [(3, "unknown unit"), (4, "missing unit of the capacity")]


def test_region_with_an_unknown_parent(tmp_path: Path) -> None:
    problem = only(write(tmp_path / "t", {**PV, "regions": PV["regions"].replace(",demo-prov\n", ",demo-porv\n")}))
    assert (problem.message, problem.value, problem.column_name, problem.line) == ("unknown parent region",
                                                                                   "demo-porv", "parent", 3)
    assert problem.suggestions[0] == "demo-prov"


def test_region_cycle(tmp_path: Path) -> None:
    regions = "id,label_zh,parent\na,甲地,c\nb,乙地,a\nc,丙地,b\nd,丁地,d\n"
    found = problems(write(tmp_path / "t", {"regions": regions, "companies": "name\n某公司\n"}))
    assert [(p.message, p.value, p.line) for p in found] == [("region cycle", "a → c → b → a", 2),
                                                             ("region cycle", "d → d", 5)]


def test_gbk_and_bom_files_read_like_utf8(pv: Path, tmp_path: Path) -> None:
    expected = read_tables(pv).graph
    gbk = write(tmp_path / "pv-tables", PV, encoding="gbk")
    assert isomorphic(read_tables(gbk).graph, expected)
    bom = write(tmp_path / "bom" / "pv-tables", PV, encoding="utf-8-sig")
    assert (bom / "links.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert isomorphic(read_tables(bom).graph, expected)


def test_unreadable_encoding(tmp_path: Path) -> None:
    folder = write(tmp_path / "t", {"companies": "name\nok\n"})
    (folder / "companies.csv").write_bytes(b"name\n\xff\xfe\xfd\x80\n")
    [problem] = problems(folder)
    assert "neither UTF-8 nor GB18030" in problem.message


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    folder = write(tmp_path / "t", {**PV, "flows": ""})
    problem = only(folder)
    assert problem.message == "empty file" and problem.file.endswith("flows.csv")
    assert "from, to, kind, carries" in str(problem)


def test_a_file_with_only_a_header_is_an_empty_table(tmp_path: Path) -> None:
    result = read_tables(write(tmp_path / "t", {**PV, "flows": "from,to,kind,carries\n"}))
    assert not list(result.graph.subjects(RDF.type, CG.Flow))
    assert not [w for w in result.warnings if "no rows" in w]
    empty = read_tables(write(tmp_path / "empty", {"links": "chain,id,label_zh,stage\n", "companies": "name\n"}))
    assert len(empty.graph) == 3  # only the cg:Source of the tables
    assert empty.warnings == ["empty: the tables hold no rows (only headers or comments)"]


def test_customer_not_listed_becomes_a_company_of_unknown_region_with_a_warning(pv: Path) -> None:
    result = read_tables(pv)
    [warning] = result.warnings
    assert "'外省电站' is not listed in companies.csv" in warning and "row 5, column customers" in warning
    station = CGD["org-wai-sheng-dian-zhan"]
    assert (station, RDF.type, CG.Enterprise) in result.graph
    assert result.graph.value(station, CG.locatedIn) is None
    assert (CGD["org-ding-zu-jian"], CG.suppliesTo, station) in result.graph


def test_unknown_table_file_and_invalid_code(tmp_path: Path) -> None:
    folder = write(tmp_path / "t", {"links": PV["links"].replace("2804.69", "2804.6"), "company": "name\n甲\n"})
    found = problems(folder)
    assert [p.message for p in found] == ["unknown table file"]  # the files are read before the cells
    assert found[0].suggestions == ("companies.csv",)
    (folder / "company.csv").unlink()
    problem = only(folder)
    assert (problem.message, problem.value, problem.column_name) == ("unknown code", "2804.6", "hs_codes")
    assert "hs:2804.61" in problem.suggestions


def test_two_leaders_of_one_chain_in_one_region(tmp_path: Path) -> None:
    companies = PV["companies"].replace("PV03,,1.6亿,片/年,,,,", "PV03,,1.6亿,片/年,,,leader,")
    problem = only(write(tmp_path / "t", {**PV, "companies": companies}))
    assert problem.line == 3 and problem.column_name == "role" and "two chain leaders of chain 'pv'" in problem.message


def test_reading_a_workbook_without_openpyxl_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "book.xlsx").write_bytes(b"not really")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(InputError) as caught:
        read_tables(tmp_path / "book.xlsx")
    assert "chaingraph[xlsx]" in str(caught.value)


def test_errors_in_tables_given_as_a_graph_say_where(tmp_path: Path) -> None:
    folder = write(tmp_path / "t", {**PV, "companies": PV["companies"].replace("signed", "singed")})
    with pytest.raises(InputError) as caught:
        KnowledgeGraph.open([folder])
    [problem] = caught.value.problems
    assert problem.file.endswith("companies.csv") and problem.line == 6


# -- template ---------------------------------------------------------------------------------------------


def test_template_imports_and_its_example_rows_are_valid(tmp_path: Path) -> None:
    folder = tmp_path / "template"
    write_template(folder)
    assert read_tables(folder).warnings == ["template: the tables hold no rows (only headers or comments)"]
    for path in folder.glob("*.csv"):
        path.write_text(path.read_text(encoding="utf-8").replace("\n# ", "\n"), encoding="utf-8")
    kg = with_imported(read_tables(folder))
    assert validate(kg).conforms
    assert kg.ask("ASK { ?c cg:chainLeader ?l ; cg:clusterOf cgk:chain-demo }")


def test_template_never_overwrites_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "template"
    write_template(folder)
    (folder / "links.csv").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        write_template(folder)
    assert "already exists" in str(caught.value) and "--force" in str(caught.value)
    assert (folder / "links.csv").read_text(encoding="utf-8") == "mine"
    write_template(folder, force=True)
    assert (folder / "links.csv").read_text(encoding="utf-8").startswith("chain,id,")
    write_template(tmp_path / "template.xlsx")
    assert read_tables(tmp_path / "template.xlsx").warnings


# -- the command line --------------------------------------------------------------------------------------


def test_cli_import_writes_turtle_that_loads_like_the_tables(pv: Path, tmp_path: Path) -> None:
    out = tmp_path / "pv.ttl"
    result = _run("import", str(pv), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "warning: " in result.stderr and "外省电站" in result.stderr
    assert "wrote" in result.stdout and "6 links" in result.stdout
    assert isomorphic(KnowledgeGraph.open([out]).graph, KnowledgeGraph.open([pv]).graph)


def test_written_files_get_a_normal_files_permissions(pv: Path, tmp_path: Path) -> None:
    # written through a private temporary file, but shared like any other file the user writes (umask)
    umask = os.umask(0o022)
    os.umask(umask)
    expected = 0o666 & ~umask
    out = tmp_path / "pv.ttl"
    assert _run("import", str(pv), "--out", str(out)).returncode == 0
    assert _run("export", "--graph", str(pv), "--out", str(tmp_path / "csv")).returncode == 0
    assert _run("export", "--graph", str(pv), "--out", str(tmp_path / "pv.xlsx")).returncode == 0
    written = [out, tmp_path / "pv.xlsx", *sorted((tmp_path / "csv").glob("*.csv"))]
    assert len(written) > 3
    assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in written} == \
        {path.name: expected for path in written}


def test_cli_import_bad_table_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    folder = write(tmp_path / "t", {**PV, "companies": PV["companies"].replace("demo-county,PV04", "demo-county,AL7")})
    out = tmp_path / "out.ttl"
    result = _run("import", str(folder), "--out", str(out))
    assert result.returncode == 2
    assert "unknown link 'AL7'" in result.stderr and "row 6, column links" in result.stderr
    assert not out.exists() and "Traceback" not in result.stderr


def test_cli_import_violation_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    # AL07 exists in the bundled data with another Chinese name: two names for one link break the shapes
    folder = write(tmp_path / "t", {"links": "chain,id,label_zh,stage\naluminium,AL07,另一个电解铝,primary\n"})
    out = tmp_path / "out.ttl"
    result = _run("import", str(folder), "--out", str(out), "--with-bundled")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "AL07" in result.stdout and "nothing written" in result.stdout
    assert not out.exists()
    # the violation is about a link the bundled data describes: the import says so and what to do
    hint = " ".join(result.stdout.split())
    assert "1 of the things these violations are about is described by the bundled data too (cgk:AL07)" in hint
    assert "without --with-bundled" in hint


def test_cli_export_and_template(tmp_path: Path) -> None:
    result = _run("export", "--format", "xlsx", "--out", str(tmp_path / "qj.xlsx"))
    assert result.returncode == 0, result.stderr
    result = _run("gaps", "--graph", str(tmp_path / "qj.xlsx"), "--region", "綦江区", "--chain", "copper",
                  "--format", "csv", "--table", "links")
    assert result.returncode == 0, result.stderr
    assert "CU03" in result.stdout and "planned" in result.stdout
    assert _run("template", str(tmp_path / "tpl")).returncode == 0
    again = _run("template", str(tmp_path / "tpl"))
    assert again.returncode == 2 and "--force" in again.stderr
    assert _run("template", str(tmp_path / "tpl"), "--force").returncode == 0


# -- the package -------------------------------------------------------------------------------------------

SRC = ROOT / "src" / "chaingraph"


def _module(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module (or module.name) *path* imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_tables_sit_between_the_store_and_knowledge_without_import_cycles() -> None:
    # tables read RDF files (store.loading) and know the type of a knowledge graph (store.protocol), no more;
    # the store never imports tables: knowledge.py is the only module that knows both
    allowed = {"chaingraph.store.loading", "chaingraph.store.protocol"}
    modules = {_module(path): _imports(path) for path in (SRC / "tables").rglob("*.py")}
    for module, imported in modules.items():
        assert not {name for name in imported if name.startswith("chaingraph.knowledge")}, module
        store = {name for name in imported if name.startswith("chaingraph.store")}
        assert all(name in allowed or name.rpartition(".")[0] in allowed for name in store), (module, store)
    for path in (SRC / "store").rglob("*.py"):
        assert not {name for name in _imports(path) if name.startswith("chaingraph.tables")}, path
    graph = nx.DiGraph((module, name) for module, imported in modules.items() for name in imported if name in modules)
    assert nx.is_directed_acyclic_graph(graph), list(nx.simple_cycles(graph))
