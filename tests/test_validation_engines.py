"""The fast engine and pySHACL give the same findings (focus, path, value, severity, message in Chinese and
English, place, suggestions) on the bundled data, on every violation fixture, and on a generated graph of
about 10k triples that breaks every shape of ontology/shapes.ttl; a shape the fast engine does not know goes
to pySHACL, never skipped."""

from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from chaingraph.knowledge import KnowledgeGraph
from chaingraph.paths import shapes_file
from chaingraph.store.loading import load_files
from chaingraph.validation import results, validate
from chaingraph.validation.data import OxigraphData, RdflibData
from chaingraph.validation.engine import Engine
from chaingraph.validation.shapes import Shapes, read_shapes

from .conftest import DATA, ROOT

VIOLATIONS = DATA / "violations"
STORES = ["memory", "oxigraph"]


def _same(kg: KnowledgeGraph) -> int:
    """Both engines' findings, in both languages, equal as multisets and in order; the number of findings."""
    for lang in ("en", "zh"):
        reference = validate(kg, lang=lang, engine="pyshacl")
        fast = validate(kg, lang=lang)
        missing, extra = Counter(reference.findings) - Counter(fast.findings), \
            Counter(fast.findings) - Counter(reference.findings)
        assert not missing and not extra, f"only pySHACL: {list(missing)}\nonly fast: {list(extra)}"
        assert fast.findings == reference.findings and fast.triples == reference.triples
    return len(reference.findings)


@pytest.mark.parametrize("store", STORES)
def test_bundled_data(store: str) -> None:
    _same(KnowledgeGraph.open(store=store))


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("name", sorted(p.name for p in VIOLATIONS.glob("*.ttl")))
def test_violation_fixtures(name: str, store: str) -> None:
    assert _same(KnowledgeGraph.open([VIOLATIONS / name], with_bundled=True, store=store)) >= 1


# -- a generated graph that breaks every shape --------------------------------------------------------------

PREFIXES = """@prefix cg: <https://w3id.org/chaingraph/ns#> . @prefix cgk: <https://w3id.org/chaingraph/kos/> .
@prefix cgd: <https://w3id.org/chaingraph/data/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix unit: <http://qudt.org/vocab/unit/> . @prefix cur: <http://qudt.org/vocab/currency/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix hs: <https://w3id.org/chaingraph/kos/hs2022/> .
@prefix gbt2017: <https://w3id.org/chaingraph/kos/gbt4754-2017/> .
@prefix gbt2011: <https://w3id.org/chaingraph/kos/gbt4754-2011/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
"""
STAGES = ["input", "primary", "midstream", "downstream"]
#: one or more breaks of each shape (the shape's local name: Turtle that breaks it)
BREAKS = {
    "IndustryChainShape": """cgk:chain-bad a cg:IndustryChain ; skos:prefLabel "Bad"@en , "Worse"@en ;
        cg:officialFormula "one"@zh , "two"@zh .
        cgk:chain-plain a cg:IndustryChain ; skos:prefLabel "无语言"@zh ; cg:officialFormula "no tag" .""",
    "SegmentShape": """cgk:segment-bad a cg:Segment ; skos:prefLabel "坏链段"@zh ; cg:order "first" .""",
    "ChainLinkShape": """cgk:X01 a cg:ChainLink ; skos:prefLabel "坏环节"@zh , "另一名"@zh ;
        skos:notation "X01", "X01b" ;
        cg:inChain cgk:chain-g1 , cgk:chain-g2 ; cg:stage cgk:stage-nowhere ; cg:segment cgk:segment-g2-1 ;
        cg:feeds cgk:NOPE ; cg:hsCode gbt2017:3216 ; cg:industryCode gbt2011:3216 ; cg:keyword "无标签" ;
        cg:typicalProduct cgk:G1L001 .
        cgk:X02 a cg:ChainLink ; skos:prefLabel "重号"@zh ; skos:notation "G1L001" ; cg:inChain cgk:chain-g1 ;
        cg:stage cgk:stage-primary ; cg:segment cgk:segment-bad .
        cgk:X03 a cg:ChainLink ; skos:prefLabel "Notation number"@en ; skos:notation 7 ; cg:inChain cgk:chain-nope ;
        cg:stage cgk:stage-primary .""",
    "FlowShape": """cgd:flow-bad a cg:Flow ; cg:flowFrom cgk:G1L030 , cgk:G1L029 ; cg:flowTo cgk:NOPE ;
        cg:flowKind cgk:flow-gas ; cg:carries cgk:G1L001 .
        cgd:flow-nofeeds a cg:Flow ; cg:flowFrom cgk:G1L030 ; cg:flowTo cgk:G1L001 ; cg:flowKind cgk:flow-scrap .""",
    "ReturnFlowShape": """cgd:flow-return a cg:Flow ; cg:flowFrom cgk:G2L002 ; cg:flowTo cgk:G2L029 ;
        cg:flowKind cgk:flow-material . cgk:G2L002 cg:feeds cgk:G2L029 .""",
    "ProductTypeShape": """cgd:product-bad a cg:ProductType ; skos:prefLabel "no chinese"@en ; cg:hsCode hs:9999 .""",
    "ActorShape": """cgd:org-bad a cg:Enterprise ; skos:prefLabel "坏公司"@zh-CN ; cg:operatesIn cgk:G1L01 ;
        cg:targetsLink cgk:G9L001 ; cg:locatedIn cgd:nowhere ; cg:status cgk:status-operating , cgk:status-closed ;
        cg:named "true" ; cg:capacity [ qudt:numericValue -3.5 ; qudt:unit unit:TONNE-PER-YR ;
        cg:valueStatus cgk:value-actual ] , [ qudt:numericValue "很多" ; cg:valueStatus cgk:value-guess ] .
        cgd:org-noname a cg:Enterprise ; prov:wasDerivedFrom cgd:org-bad .""",
    "EnterpriseShape": """cgd:org-e a cg:Enterprise ; skos:prefLabel "供货错"@zh ; prov:wasDerivedFrom cgd:source-g ;
        cg:suppliesTo cgk:G1L002 ; cg:produces cgd:org-bad .
        cgd:org-both a cg:Enterprise , cg:Project ; skos:prefLabel "又是企业又是项目"@zh ;
        prov:wasDerivedFrom cgd:source-g ; cg:status cgk:status-signed .""",
    "ProjectShape": """cgd:project-bad a cg:Project ; skos:prefLabel "坏项目"@zh ; prov:wasDerivedFrom cgd:source-g ;
        cg:investor cgd:region-0 ; cg:intent cgk:intent-copy ; cg:investment [ a cg:Quantity ;
        qudt:numericValue "-1e3"^^xsd:double ; qudt:unit unit:TONNE ; cg:valueStatus cgk:value-planned ] ,
        [ a cg:Quantity ; qudt:numericValue 5 ; qudt:unit cur:CNY ; cg:valueStatus cgk:value-planned ] .""",
    "QuantityShape": """cgd:org-q a cg:Enterprise ; skos:prefLabel "数量错"@zh ; prov:wasDerivedFrom cgd:source-g ;
        cg:capacity [ a cg:Quantity ; qudt:numericValue 1 , 2 ; qudt:unit "t" ; cg:bound cgk:bound-about ;
        cg:year "2024" ; cg:valueStatus cgk:value-actual , cgk:value-target ] ,
        [ a cg:Quantity ; qudt:numericValue "12"^^xsd:string ; qudt:unit unit:NUM ; cg:year "2024-01-01"^^xsd:date ;
          cg:valueStatus cgk:value-actual ] .
        cgd:quantity-alone a cg:Quantity .""",
    "IndicatorShape": """cgd:park-0 cg:hasIndicator [ a cg:Indicator ; qudt:numericValue 3 ; qudt:unit unit:NUM ;
        cg:valueStatus cgk:value-actual ; cg:measures "energy" , cgk:metric-energy-saving ] .""",
    "RegionShape": """cgd:region-loop1 a cg:Region ; skos:prefLabel "环一"@zh ; cg:locatedIn cgd:region-loop2 .
        cgd:region-loop2 a cg:Region ; skos:prefLabel "环二"@zh ; cg:locatedIn cgd:region-loop1 , cgd:org-bad .""",
    "IndustrialParkShape": """cgd:park-bad a cg:IndustrialPark ; skos:prefLabel "坏园区"@zh ;
        prov:wasDerivedFrom cgd:source-notitle ; cg:locatedIn cgd:org-e , cgd:region-0 .""",
    "ClusterShape": """cgd:cluster-bad a cg:Cluster ; skos:prefLabel "坏集群"@zh ; prov:wasDerivedFrom cgd:source-g ;
        cg:clusterOf cgk:G1L001 ; cg:chainLeader cgd:org-e , cgd:region-0 ; org:hasMember cgd:park-0 .""",
    "DesignationShape": """cgd:designation-bad a cg:Designation ; skos:prefLabel "坏称号"@zh ;
        prov:wasDerivedFrom cgd:source-g ; cg:designationLevel cgk:level-city .""",
    "PlanShape": """cgd:plan-bad a cg:Plan ; skos:prefLabel "坏规划"@zh ; prov:wasDerivedFrom cgd:source-g ;
        cg:inRegion cgd:org-e , cgd:region-0 ; cg:intent cgk:intent-fill , cgk:intent-dream .""",
    "LinkPlanningShape": """cgk:G1L003 cg:minFirms 0 , 2 ; cg:capacityCapped "maybe" .
        cgk:chain-g2 cg:minFirms "3"^^xsd:positiveInteger ; cg:capacityCapped true , false .""",
    "CountedGroupShape": """cgd:org-g cg:memberCount [ a cg:Quantity ; qudt:numericValue 0 ; qudt:unit unit:NUM ;
        cg:valueStatus cgk:value-actual ] .""",
    "FigureLinkShape": """cgd:figure-1 cg:forLink cgk:G1L001 , cgk:NOPE .""",
    "CoverageStatementShape": """cgd:cov-1 a cg:CoverageStatement ; cg:coverageRegion cgd:org-e ;
        cg:coverageChain cgk:G1L001 ; cg:coverageLink cgk:chain-g1 . cgd:source-g cg:covers cgd:cov-2 .""",
    "SourceShape": """cgd:source-notitle a cg:Source .""",
    "EvidenceShape": """cgd:evidence-bad a cg:Evidence ; rdf:subject cgd:org-e ; rdf:predicate "supplies" ;
        cg:evidenceKind cgk:evidence-rumour , cgk:evidence-stated .""",
    "EvidenceKindShape": """cgd:org-e cg:evidenceKind cgk:evidence-guess .""",
}


def generate(path: Path, seed: int = 3, companies: int = 600) -> Path:
    """A seeded graph of chains, links, flows, regions, parks, companies, projects, plans, clusters and
    quantities (≈10k triples with the bundled vocabulary) plus :data:`BREAKS`."""
    rnd, out = random.Random(seed), [PREFIXES]
    add = out.append
    add('cgd:source-g a cg:Source ; dcterms:title "生成数据"@zh .')
    links: list[str] = []
    for c in (1, 2):
        add(f'cgk:chain-g{c} a cg:IndustryChain ; skos:prefLabel "生成链{c}"@zh , "Chain {c}"@en ; '
            f'skos:notation "g{c}" ; cg:minFirms 2 .')
        for s in (1, 2):
            add(f'cgk:segment-g{c}-{s} a cg:Segment ; skos:prefLabel "链段{c}{s}"@zh ; cg:inChain cgk:chain-g{c} ; '
                f"cg:order {s} .")
        for i in range(1, 31):
            stage = "recycling" if i == 29 else STAGES[min(3, (i - 1) // 7)]
            later = rnd.sample(range(i + 1, 31), min(2, 30 - i)) if i < 28 else []
            feeds = sorted({f"cgk:G{c}L{j:03d}" for j in later})
            add(f'cgk:G{c}L{i:03d} a cg:ChainLink ; skos:notation "G{c}L{i:03d}" ; skos:prefLabel "环节{c}-{i}"@zh , '
                f'"Link {c}-{i}"@en ; cg:inChain cgk:chain-g{c} ; cg:stage cgk:stage-{stage} ; '
                f'cg:segment cgk:segment-g{c}-{1 + (i > 15)} ; cg:keyword "词{i}"@zh ; cg:hsCode hs:2606'
                + (f" ; cg:feeds {' , '.join(feeds)}" if feeds else "") + " .")
            links.append(f"cgk:G{c}L{i:03d}")
        add(f"cgd:flow-g{c} a cg:Flow ; cg:flowFrom cgk:G{c}L028 ; cg:flowTo cgk:G{c}L029 ; "
            f"cg:flowKind cgk:flow-scrap . cgk:G{c}L028 cg:feeds cgk:G{c}L029 .")
    add('cgd:region-0 a cg:Region ; skos:prefLabel "全国"@zh ; skos:notation "0" .')
    districts = []
    for p in range(4):
        add(f'cgd:region-{p + 1} a cg:Region ; skos:prefLabel "省{p}"@zh ; cg:locatedIn cgd:region-0 .')
        for d in range(6):
            add(f'cgd:region-{p + 1}-{d} a cg:Region ; skos:prefLabel "区{p}{d}"@zh , "District {p}{d}"@en ; '
                f"cg:locatedIn cgd:region-{p + 1} .")
            districts.append(f"cgd:region-{p + 1}-{d}")
    add('cgd:park-0 a cg:IndustrialPark ; skos:prefLabel "园区"@zh ; prov:wasDerivedFrom cgd:source-g ; '
        "cg:locatedIn cgd:region-1-0 .")
    for n in range(companies):
        ops = " , ".join(sorted(set(rnd.sample(links, 2))))
        line = (f'cgd:org-g{n} a cg:Enterprise ; skos:prefLabel "公司{n}"@zh ; prov:wasDerivedFrom cgd:source-g ; '
                f"cg:locatedIn {rnd.choice([*districts, 'cgd:park-0'])} ; cg:operatesIn {ops} ; cg:named true")
        if n % 3:
            line += f" ; cg:status cgk:status-{rnd.choice(['operating', 'planned', 'closed'])}"
        if n % 4:
            value = rnd.choice([str(rnd.randint(1, 9999)), f"{rnd.random() * 100:.2f}", "1.5e3", "05"])
            line += (f" ; cg:capacity [ a cg:Quantity ; qudt:numericValue {value} ; qudt:unit unit:TONNE-PER-YR ; "
                     'cg:valueStatus cgk:value-actual ; cg:year "2024"^^xsd:gYear ]')
        if n > 5:
            line += f" ; cg:suppliesTo cgd:org-g{rnd.randrange(n)}"
        add(line + " .")
    for n in range(20):
        add(f'cgd:project-g{n} a cg:Project ; skos:prefLabel "项目{n}"@zh ; prov:wasDerivedFrom cgd:source-g ; '
            f"cg:status cgk:status-signed ; cg:investor cgd:org-g{n} ; cg:targetsLink {rnd.choice(links)} ; "
            f"cg:intent cgk:intent-fill ; cg:investment [ a cg:Quantity ; qudt:numericValue {rnd.randint(1, 90)} ; "
            "qudt:unit cur:CNY ; cg:valueStatus cgk:value-planned ] .")
    add('cgd:plan-g a cg:Plan ; skos:prefLabel "规划"@zh ; prov:wasDerivedFrom cgd:source-g ; '
        f"cg:targetsLink {links[3]} ; cg:inRegion {districts[0]} ; cg:intent cgk:intent-strengthen .")
    add('cgd:cluster-g a cg:Cluster ; skos:prefLabel "集群"@zh ; prov:wasDerivedFrom cgd:source-g ; '
        f"cg:clusterOf cgk:chain-g1 ; cg:inRegion {districts[0]} ; cg:chainLeader cgd:org-g1 ; "
        "org:hasMember cgd:org-g2 .")
    out += BREAKS.values()
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("engines") / "generated.ttl")


@pytest.mark.parametrize("store", STORES)
def test_generated_graph_breaks_every_shape_and_both_engines_agree(generated: Path, store: str) -> None:
    kg = KnowledgeGraph.open([generated], store=store)
    assert 9_000 <= len(kg) <= 14_000
    model = read_shapes(load_files([shapes_file()]))
    assert not model.unsupported, "the fast engine evaluates every shape of ontology/shapes.ttl"
    data = OxigraphData(kg.store.store) if store == "oxigraph" else RdflibData(kg.store.graph)  # type: ignore[attr-defined]
    names = sorted(str(s.node).rpartition("#")[2] for s in model.targeted)
    assert names == sorted(BREAKS)
    for shape in model.targeted:  # at least one result per shape, each shape alone
        alone = Engine(Shapes(model.graph, [shape], {}), data).run()
        assert alone, f"the generated graph does not break {shape.node}"
    assert _same(kg) > 50


CUSTOM = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix cg: <https://w3id.org/chaingraph/ns#> .
@prefix ex: <urn:x-test:> .
ex:Known a sh:NodeShape ; sh:targetClass cg:ChainLink ;
    sh:property [ sh:path cg:feeds ; sh:maxCount 1 ; sh:message "feeds at most one link"@en ] .
ex:Closed a sh:NodeShape ; sh:targetClass cg:IndustryChain ; sh:closed true ;
    sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) .
ex:LessThan a sh:NodeShape ; sh:targetClass cg:Segment ;
    sh:property [ sh:path cg:order ; sh:lessThan cg:inChain ] .
"""


@pytest.mark.parametrize("store", STORES)
def test_a_shape_the_fast_engine_does_not_know_goes_to_pyshacl(tmp_path: Path, store: str) -> None:
    shapes = tmp_path / "custom.ttl"
    shapes.write_text(CUSTOM, encoding="utf-8")
    model = read_shapes(load_files([shapes]))
    assert {str(s.node) for s in model.targeted} == {"urn:x-test:Known"}
    assert {str(n): why for n, why in model.unsupported.items()} == {
        "urn:x-test:Closed": "sh:closed is not evaluated by the fast engine",
        "urn:x-test:LessThan": "sh:lessThan is not evaluated by the fast engine"}
    kg = KnowledgeGraph.open(store=store)
    fast, reference = (validate(kg, shapes=shapes, engine=engine) for engine in ("fast", "pyshacl"))
    assert fast.findings == reference.findings
    components = Counter(str(r.component).rpartition("#")[2] for r in results(kg, load_files([shapes])))
    assert components["ClosedConstraintComponent"] > 0 and components["MaxCountConstraintComponent"] > 0


def test_bench_validate_starts() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_validate.py"), "--help"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage:")


def test_import_validates_by_default_and_no_validate_writes_the_same_file(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from chaingraph.cli import app
    from chaingraph.tables import write_template

    folder = tmp_path / "template"
    write_template(folder)
    for path in folder.glob("*.csv"):  # the commented example rows, made real
        path.write_text(path.read_text(encoding="utf-8").replace("\n# ", "\n"), encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(app, ["import", str(folder), "--out", str(tmp_path / "checked.ttl")])
    unchecked = runner.invoke(app, ["import", str(folder), "--out", str(tmp_path / "unchecked.ttl"), "--no-validate"])
    assert checked.exit_code == unchecked.exit_code == 0, checked.output + unchecked.output
    assert (tmp_path / "checked.ttl").read_bytes() == (tmp_path / "unchecked.ttl").read_bytes()
    assert "--no-validate" in runner.invoke(app, ["import", "--help"]).output
