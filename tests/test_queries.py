"""Named queries: the same rows on rdflib and on Oxigraph, safe parameters, clear errors."""

from __future__ import annotations

import json

import pytest

from chaingraph.errors import InputError
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.sparql.catalogue import named_queries, named_query
from chaingraph.sparql.run import bind_params, run_query
from chaingraph.vocab.terms import plain

from .test_cli import _run

# a value for every parameter type, on the bundled data
SAMPLE = {"region": "綦江区", "chain": "aluminium", "link": "AL16", "entity": "cgd:org-youlisen",
          "thing": "cgd:org-youlisen", "actor": "cgd:org-youlisen",
          "lang": "zh"}


@pytest.fixture(scope="module")
def oxigraph() -> KnowledgeGraph:
    return KnowledgeGraph.open(store="oxigraph")


#: queries whose sample link must have outside companies to return anything
LINK_WITH_OUTSIDE_COMPANIES = {"link-operators": "GR21", "operators-by-place": "GR21"}


def _params(name: str) -> dict[str, str]:
    params = {p.name: SAMPLE[p.name] for p in named_query(name).params if p.name in SAMPLE}
    if name in LINK_WITH_OUTSIDE_COMPANIES:
        params["link"] = LINK_WITH_OUTSIDE_COMPANIES[name]
    return params


def _canonical(rows: list[dict]) -> list[str]:
    # blank-node labels differ between stores; everything else must be equal
    return sorted(json.dumps({k: (None if isinstance(v, str) and v.startswith(("_:", "N")) and len(v) > 20 and
                                  " " not in v and k in ("q",) else v) for k, v in row.items()},
                             sort_keys=True, ensure_ascii=False) for row in rows)


#: queries with no answer on the bundled data, and why (each is run on data that has one elsewhere)
EMPTY_ON_BUNDLED = {"coverage": "the bundled article surveys no region (tests/test_coverage.py has data that does)",
                    "multi-placed-operators": "no bundled company is located in two places (tests/test_graphs.py "
                                              "adds one)",
                    "multi-placed": "nothing bundled is located in two places (tests/test_graphs.py adds some)"}


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_returns_the_same_rows_on_rdflib_and_oxigraph(
        name: str, bundled: KnowledgeGraph, oxigraph: KnowledgeGraph) -> None:
    params = _params(name)
    on_rdflib = run_query(bundled, name, params)
    on_oxigraph = run_query(oxigraph, name, params)
    assert on_rdflib.variables == on_oxigraph.variables
    assert _canonical(on_rdflib.rows) == _canonical(on_oxigraph.rows)
    assert bool(on_rdflib.rows) != (name in EMPTY_ON_BUNDLED), f"{name}: rows on the bundled data with {params}"


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_plain_rows_from_oxigraph_equal_the_rdflib_terms_made_plain(name: str, oxigraph: KnowledgeGraph) -> None:
    # select_plain skips rdflib's terms for speed; it must give exactly what plain() gives for them
    query = named_query(name)
    bindings = bind_params(oxigraph, query, _params(name))
    fast = oxigraph.select_plain(query.text, **bindings)
    reference = [{k: plain(v) for k, v in row.items()} for row in oxigraph.select(query.text, **bindings)]
    assert fast == reference
    assert [{k: type(v) for k, v in row.items()} for row in fast] == \
        [{k: type(v) for k, v in row.items()} for row in reference]


@pytest.mark.filterwarnings("ignore:Parsing weird boolean")
def test_plain_values_of_every_datatype_agree() -> None:
    from rdflib import XSD, Literal

    from chaingraph.vocab.oxi import to_oxigraph
    from chaingraph.vocab.terms import plain_oxigraph

    cases = [Literal(v, datatype=XSD[t]) for t, values in {
        "integer": ["5", "+05", "-3", "1.5", "abc"], "nonNegativeInteger": ["7"], "decimal": ["1.50", "-0.0"],
        "double": ["1E3", "INF", "NaN"], "float": ["2.5"], "boolean": ["true", "1", "false", "0", "TRUE", "yes"],
        "gYear": ["2024"], "date": ["2024-01-02"], "string": ["綦江"]}.items() for v in values]
    cases += [Literal("铝", lang="zh"), Literal("plain")]
    for literal in cases:
        expected, got = plain(literal), plain_oxigraph(to_oxigraph(literal))
        assert type(got) is type(expected) and (got == expected or got != got), literal  # NaN ≠ NaN


@pytest.mark.filterwarnings("ignore:Parsing weird boolean")
def test_plain_rows_read_from_oxigraph_s_tsv_results_are_those_of_its_terms() -> None:
    """``OxigraphStore.select_plain`` reads the solutions as SPARQL TSV (:func:`plain_tsv`): the same values as
    the terms Oxigraph hands over one by one (:func:`plain_oxigraph`), for every kind of term it stores, text
    with every escape N-Triples has, and unbound variables."""
    import pyoxigraph as ox
    from rdflib import XSD, BNode, Literal, URIRef

    from chaingraph.store.oxigraph import OxigraphStore
    from chaingraph.vocab.oxi import to_oxigraph
    from chaingraph.vocab.terms import plain_oxigraph

    objects = [Literal(v, datatype=XSD[t]) for t, values in {
        "integer": ["5", "+05", "-3", "1.5", "abc", "123456789012345678901234567890"], "nonNegativeInteger": ["7"],
        "decimal": ["1.50", "-0.0", "1e3"], "double": ["1E3", "INF", "-INF", "-1.5e-7"], "float": ["2.5"],
        "boolean": ["true", "1", "false", "0", "yes"], "gYear": ["2024"], "date": ["2024-01-02"],
        "string": ["綦江", "tab\t quote\" backslash\\ newline\n cr\r ff\f bs\b \u2028 \x7f \x00 '"]}.items()
        for v in values]
    objects += [Literal("铝\t\n", lang="zh-cn"), Literal(""), URIRef("https://example.org/x#y?q=1"), BNode("b1"),
                Literal("x", datatype=URIRef("urn:x-test:dt\u00e9"))]
    store = OxigraphStore()
    for number, thing in enumerate(objects):
        store.store.add(ox.Quad(ox.NamedNode(f"urn:x-test:{number:02d}"), ox.NamedNode("urn:x-test:p"),
                                to_oxigraph(thing)))
    query = "SELECT ?s ?o ?unbound WHERE { ?s <urn:x-test:p> ?o } ORDER BY ?s"
    terms = [{"s": plain_oxigraph(row[0]), "o": plain_oxigraph(row[1])} for row in store.store.query(query)]
    read = store.select_plain(query, {})
    assert len(read) == len(objects)
    assert read == terms and [type(r["o"]) for r in read] == [type(t["o"]) for t in terms]
    assert {type(r["o"]) for r in read} == {int, float, bool, str}


def test_every_named_query_has_titles_a_description_and_documented_params() -> None:
    for query in named_queries().values():
        assert query.title_zh and query.title_en and query.description, query.name
        for param in query.params:
            assert param.description, (query.name, param.name)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_runs_as_it_is_in_any_sparql_tool(name: str) -> None:
    # copied into YASGUI or another engine, a .rq file must declare its own prefixes
    import pyoxigraph
    from rdflib.plugins.sparql import prepareQuery

    text = named_query(name).text
    pyoxigraph.Store().query(text)  # a SyntaxError here: an undeclared prefix
    prepareQuery(text)


def test_companies_of_a_region_by_chain(bundled: KnowledgeGraph) -> None:
    result = run_query(bundled, "region-companies", {"region": "Qijiang", "chain": "aluminium", "lang": "en"})
    youlisen = [r for r in result.rows if r["label"] == "Chongqing Youlisen Automotive Technology Co., Ltd."]
    assert {r["link_id"] for r in youlisen} == {"AL10", "AL16"}
    assert {r["capacity_stated"] for r in youlisen} == {"年产能达50万套"}


def test_missing_links_query_agrees_with_the_analysis(bundled: KnowledgeGraph) -> None:
    from chaingraph.gaps import analyze

    rows = run_query(bundled, "missing-links", {"region": "綦江区", "chain": "copper"}).rows
    analysis = analyze(bundled, region="綦江区", chains=["copper"]).chain("copper")
    not_operating = {link.id for link in analysis.links if link.status in ("missing", "planned")}
    assert {r["link_id"] for r in rows} == not_operating


def test_cross_border_supply(bundled: KnowledgeGraph) -> None:
    rows = run_query(bundled, "cross-border-supply", {"region": "綦江区"}).rows
    assert {r["direction"] for r in rows} == {"out"}
    assert ("重庆友利森汽车科技有限公司", "长安汽车") in {(r["supplier_label"], r["customer_label"]) for r in rows}


def test_evidence_of_a_fact(bundled: KnowledgeGraph) -> None:
    rows = run_query(bundled, "evidence", {"entity": "cgd:org-youlisen"}).rows
    quotes = {r["quote"] for r in rows if r["scope"] == "fact"}
    assert "成为长安、赛力斯等车企的核心供应商" in quotes
    assert {r["evidence_kind"] for r in rows if r["scope"] == "entity"} == {"S"}


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_region_evidence_counts_a_source_once_per_kind(store: str, tmp_path) -> None:
    # a company with no evidence kind (counted as stated) and a source titled in two languages
    extra = tmp_path / "extra.ttl"
    extra.write_text("""@prefix cg: <https://w3id.org/chaingraph/ns#> .
@prefix cgd: <https://w3id.org/chaingraph/data/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
cgd:org-x a cg:Enterprise ; skos:prefLabel "某公司"@zh ; cg:locatedIn cgd:region-qijiang ;
    prov:wasDerivedFrom cgd:src-x .
cgd:src-x dcterms:title "来源"@zh, "A source"@en .
""", encoding="utf-8")
    kg = KnowledgeGraph.open([extra], with_bundled=True, store=store)
    rows = run_query(kg, "region-evidence", {"region": "綦江区"}).rows
    assert {r["evidence_kind"] for r in rows} <= {"S", "S~", "O", "J"}
    assert [r for r in rows if r["source"].endswith("src-x")] == [
        {"source": "https://w3id.org/chaingraph/data/src-x", "source_title": "来源", "evidence_kind": "S",
         "entities": 1, "facts": 0}]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_cross_border_supply_counts_a_company_of_unknown_place_as_outside(store: str, tmp_path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text("""@prefix cg: <https://w3id.org/chaingraph/ns#> .
@prefix cgd: <https://w3id.org/chaingraph/data/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
cgd:org-nowhere a cg:Enterprise ; skos:prefLabel "无地址供应商"@zh ; cg:suppliesTo cgd:org-youlisen .
cgd:org-local-buyer a cg:Enterprise ; skos:prefLabel "本地买家"@zh ; cg:locatedIn cgd:region-qijiang .
cgd:org-youlisen cg:suppliesTo cgd:org-local-buyer .
""", encoding="utf-8")
    kg = KnowledgeGraph.open([extra], with_bundled=True, store=store)
    rows = run_query(kg, "cross-border-supply", {"region": "綦江区"}).rows
    pairs = {(r["direction"], r["supplier_label"], r["customer_label"], r["outside_place"]) for r in rows}
    assert ("in", "无地址供应商", "重庆友利森汽车科技有限公司", None) in pairs
    assert not any("本地买家" in (r["customer_label"], r["supplier_label"]) for r in rows)  # both ends local


def test_quantities_keep_unit_text_and_status(bundled: KnowledgeGraph) -> None:
    rows = run_query(bundled, "quantities", {"entity": "cgd:project-tianxin-recycled-copper"}).rows
    investment = next(r for r in rows if r["property"] == "investment")
    assert (investment["value"], investment["unit"], investment["status"]) == \
        (5.0e9, "http://qudt.org/vocab/currency/CNY", "planned")


def test_syntax_error_gives_line_and_column(bundled: KnowledgeGraph) -> None:
    with pytest.raises(InputError) as caught:
        run_query(bundled, "SELECT ?x WHERE {\n  ?x cg:operatesIn \n}")
    [problem] = caught.value.problems
    assert problem.line == 3 and problem.column is not None
    assert "syntax error" in problem.message


def test_unknown_query_name_lists_the_closest(bundled: KnowledgeGraph) -> None:
    with pytest.raises(InputError, match=r"unknown query 'region-company'.*did you mean region-companies"):
        run_query(bundled, "region-company")


def test_missing_parameter_says_which(bundled: KnowledgeGraph) -> None:
    with pytest.raises(InputError, match="needs the parameter 'region'"):
        run_query(bundled, "region-companies", {})


def test_unknown_parameter_says_which(bundled: KnowledgeGraph) -> None:
    with pytest.raises(InputError, match=r"unknown parameter 'regoin'.*it takes region, chain, lang"):
        run_query(bundled, "region-companies", {"regoin": "綦江区"})


def test_mistyped_parameters(bundled: KnowledgeGraph) -> None:
    with pytest.raises(InputError, match=r"unknown link 'AL7'.*did you mean AL07"):
        run_query(bundled, "companies-in-link", {"link": "AL7"})
    with pytest.raises(InputError, match="unknown region"):
        run_query(bundled, "region-companies", {"region": "Atlantis"})


def test_updates_are_refused(bundled: KnowledgeGraph) -> None:
    before = len(bundled)
    with pytest.raises(InputError, match="read-only"):
        run_query(bundled, "DELETE WHERE { ?s ?p ?o }")
    assert len(bundled) == before


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_injection_through_a_parameter_is_a_plain_value(store: str, bundled: KnowledgeGraph,
                                                        oxigraph: KnowledgeGraph) -> None:
    kg = bundled if store == "memory" else oxigraph
    query = "#+ param: name: string — a label\nSELECT ?x WHERE { ?x skos:altLabel ?name }"
    hostile = '友利森" } ; DROP ALL ; { "'
    assert run_query(kg, query, {"name": hostile}).rows == []
    assert len(kg) == len(bundled)


def test_cli_query_list_and_csv() -> None:
    listed = _run("query", "--list", "--format", "json")
    names = {q["name"] for q in json.loads(listed.stdout)}
    assert {"companies-in-link", "missing-links", "cross-border-supply", "evidence"} <= names
    result = _run("query", "companies-in-link", "-p", "link=AL16", "-p", "region=綦江区", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "actor,label,kind,status,place,place_label,local"
    assert "重庆友利森汽车科技有限公司" in result.stdout


def test_cli_query_sparql_text_and_tsv() -> None:
    result = _run("query", "SELECT ?id WHERE { ?l cg:inChain cgk:chain-copper ; skos:notation ?id } ORDER BY ?id",
                  "--format", "tsv", "--store", "oxigraph")
    assert result.stdout.split() == ["id"] + [f"CU{n:02d}" for n in range(1, 11)]


def test_cli_query_errors_exit_2() -> None:
    result = _run("query", "SELECT ?x WHERE { ?x ?y }")
    assert result.returncode == 2 and "line 1" not in result.stdout
    assert ":1:" in result.stderr and "syntax error" in result.stderr
    missing = _run("query", "region-companies")
    assert missing.returncode == 2 and "needs the parameter 'region'" in missing.stderr


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize(("lang", "signed", "place"),
                         [("zh", "已签约", "綦江区"), ("en", "signed", "Qijiang District")])
def test_labels_of_optional_things_come_in_the_chosen_language(
        store: str, lang: str, signed: str, place: str, bundled: KnowledgeGraph, oxigraph: KnowledgeGraph) -> None:
    # regression: a parameter used inside a nested OPTIONAL is unbound there on engines that follow
    # SPARQL's bottom-up scoping; and an OPTIONAL on an unbound variable matches every label
    kg = bundled if store == "memory" else oxigraph
    rows = run_query(kg, "projects", {"lang": lang}).rows
    tianxin = [r for r in rows if r["project"].endswith("project-tianxin-recycled-copper")]
    assert {(r["status_label"], r["region"]) for r in tianxin} == {(signed, place)}
    assert {r["link_id"] for r in tianxin} == {"CU02", "CU03"}
    flows = run_query(kg, "chain-flows", {"chain": "aluminium", "lang": lang}).rows
    molten = [r for r in flows if (r["from_id"], r["to_id"]) == ("AL07", "AL09")]
    assert len(molten) == 1 and molten[0]["carries"] == ("铝液" if lang == "zh" else "Molten aluminium")
