"""The RDF → networkx boundary (chaingraph.graphs): what it counts in Python equals what the named
queries count in SPARQL."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from rdflib import URIRef

from chaingraph.graphs import link_graph
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.sparql.run import run_query

from .conftest import ROOT
from .test_benchmarks import SIZE, _module

COUNTS = {"operating": "operating_actors", "named_operating": "named_operating_actors",
          "pipeline": "pipeline_actors", "closed": "closed_actors"}


def _regions(kg: KnowledgeGraph) -> list[URIRef]:
    return sorted(URIRef(str(r["r"])) for r in kg.select("SELECT ?r WHERE { ?r a cg:Region }"))


def _assert_counts_equal_the_query(kg: KnowledgeGraph, region: URIRef) -> int:
    """The link graph's counts by status of *region* equal ``region-link-counts``; returns the actors counted."""
    graph = link_graph(kg, region, nearest_for=[])
    by_iri = {data["iri"]: data for data in graph.nodes.values()}
    expected = {str(row["link"]): row for row in run_query(kg, "region-link-counts", {"region": region}).rows}
    for link, data in sorted(by_iri.items()):
        row = expected.get(link)
        got = {key: data[key] for key in COUNTS}
        # the query counts actors; the analysis counts a counted group (「30余家」) as its count
        extra = sum(a["count"] - 1 for a in data["actors"] if a["status"] == "operating")
        named_extra = sum(a["count"] - 1 for a in data["actors"] if a["status"] == "operating" and a["named"])
        got["operating"] -= extra
        got["named_operating"] -= named_extra
        want = {key: int(row[column]) if row else 0 for key, column in COUNTS.items()}
        assert got == want, f"{region} {link}"
        assert len(data["actors"]) == len({a["iri"] for a in data["actors"]}), "an actor listed twice"
    return sum(data["operating"] + data["pipeline"] + data["closed"] for data in by_iri.values())


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_link_counts_of_every_region_equal_the_named_query(store: str, tmp_path_factory: pytest.TempPathFactory,
                                                           bundled: KnowledgeGraph) -> None:
    kg = bundled if store == "memory" else KnowledgeGraph.open(store=store)
    counted = sum(_assert_counts_equal_the_query(kg, region) for region in _regions(kg))
    assert counted > 30  # Qijiang's companies and projects, counted again in each region containing them
    # generated data: statuses of every kind, unnamed actors, companies in parks inside districts
    path = tmp_path_factory.mktemp("graphs") / "tiny.nt"
    _module("generate").generate(path, **SIZE)
    synthetic = KnowledgeGraph.open([path], store=store)
    statuses = {str(r["s"]) for r in synthetic.select("SELECT DISTINCT ?s WHERE { ?a cg:status ?s }")}
    assert len(statuses) >= 3, statuses
    assert sum(_assert_counts_equal_the_query(synthetic, region) for region in _regions(synthetic)[:40]) > 100


def test_an_actor_located_in_two_places_is_counted_once(tmp_path_factory: pytest.TempPathFactory) -> None:
    extra = tmp_path_factory.mktemp("graphs") / "two-places.ttl"
    extra.write_text(
        "@prefix cg: <https://w3id.org/chaingraph/ns#> .\n@prefix cgd: <https://w3id.org/chaingraph/data/> .\n"
        "cgd:org-youlisen cg:locatedIn cgd:park-qijiang-hitech .\n", encoding="utf-8")
    kg = KnowledgeGraph.open([ROOT / "graph", extra])
    region = URIRef("https://w3id.org/chaingraph/data/region-qijiang")
    _assert_counts_equal_the_query(kg, region)
    graph = link_graph(kg, region, nearest_for=[])
    assert [a["iri"] for a in graph.nodes["AL16"]["actors"]] == ["https://w3id.org/chaingraph/data/org-youlisen"]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_company_of_the_region_located_elsewhere_too_is_never_a_candidate_to_attract(
        store: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    # 旗能电铝, the district's 链主, with a plant (say) in 广东 as well: it stays the district's own company, with
    # its links and capacities, and the analysis is the one without the second place (it was proposed as a
    # company to attract from 广东, its capacities emptied, once the candidates of its weak link AL05 were read)
    from chaingraph.gaps import analyze

    extra = tmp_path_factory.mktemp("graphs") / "two-regions.ttl"
    extra.write_text(
        "@prefix cg: <https://w3id.org/chaingraph/ns#> .\n@prefix cgd: <https://w3id.org/chaingraph/data/> .\n"
        "cgd:org-qineng-dianlv cg:locatedIn cgd:region-guangdong .\n", encoding="utf-8")
    firm = "https://w3id.org/chaingraph/data/org-qineng-dianlv"
    plain = analyze(KnowledgeGraph.open(store=store), region="綦江区", chains=["aluminium"], evidence=False)
    both = analyze(KnowledgeGraph.open([ROOT / "graph", extra], store=store), region="綦江区", chains=["aluminium"],
                   evidence=False)
    assert "AL05" in {gap.link for gap in both.chains[0].gaps}  # its weak link: its candidates were read
    assert [t.route for t in both.chains[0].targets if t.iri == firm] == ["cultivate"]  # grown here, not attracted
    assert both.actors[firm] == plain.actors[firm]
    assert both.to_dict()["chains"] == plain.to_dict()["chains"]


def test_a_region_is_read_ahead_where_the_store_reads_in_the_background(bundled: KnowledgeGraph) -> None:
    from chaingraph.graphs import firm_graph, prefetch_region, region_scopes

    region = URIRef("https://w3id.org/chaingraph/data/region-qijiang")
    expected = (link_graph(bundled, region, nearest_for=[]), firm_graph(bundled, region))
    prefetch_region(bundled, region)  # rdflib: nothing is read ahead
    assert not [key for key in bundled.cache if key[0] == "prefetched"]

    kg = KnowledgeGraph.open(store="oxigraph")
    prefetch_region(kg, region)
    ahead = {key[1] for key in kg.cache if key[0] == "prefetched"}
    assert {"region-actors", "region-supply", "region-capacities", "links", "flows", "plans"} <= ahead
    asked: list[str] = []
    original = kg.select_plain

    def counting(text: str, /, **params: object) -> list[dict[str, object]]:
        if threading.current_thread() is threading.main_thread():  # not the reads ahead, still running
            asked.append(text)
        return original(text, **params)

    kg.select_plain = counting  # type: ignore[method-assign]
    graphs = (link_graph(kg, region, nearest_for=[]), firm_graph(kg, region))
    region_scopes(kg, region)
    assert asked == [], "what was read ahead was read again"
    assert not [key for key in kg.cache if key[0] == "prefetched"], "something read ahead was never used"
    for ours, theirs in zip(graphs, expected, strict=True):
        assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True))
        assert sorted(ours.edges) == sorted(theirs.edges)
    # the nearest sources of every chain (nearest_for=None): the companies by place and the places around them
    kg = KnowledgeGraph.open(store="oxigraph")
    prefetch_region(kg, region, None)
    assert {"operators-by-place", "multi-placed", "place-parents"} <= \
        {key[1] for key in kg.cache if key[0] == "prefetched"}
    original, asked = kg.select_plain, []
    kg.select_plain = counting  # type: ignore[method-assign]
    assert dict(link_graph(kg, region).nodes(data=True)) == dict(link_graph(bundled, region).nodes(data=True))
    firm_graph(kg, region)
    assert asked == [], "what was read ahead was read again"
    assert not [key for key in kg.cache if key[0] == "prefetched"], "something read ahead was never used"
    # a province, with the country alone around it: the country's count for every link, read ahead
    province = URIRef("https://w3id.org/chaingraph/data/region-chongqing")
    prefetch_region(kg, province, None)
    assert ("prefetched", "scope-operators", (("region", "https://w3id.org/chaingraph/data/region-china"),)) \
        in kg.cache
    link_graph(kg, province)
    firm_graph(kg, province)
    assert not [key for key in kg.cache if key[0] == "prefetched"], "something read ahead was never used"


def test_a_read_ahead_runs_in_the_background_and_is_waited_for_where_its_rows_are_taken() -> None:
    from chaingraph.errors import InputError
    from chaingraph.graphs import prefetch, select_rows

    kg = KnowledgeGraph.open(store="oxigraph")
    assert kg.store.read_threads == 2  # in memory
    expected = {name: select_rows(kg, name) for name in ("links", "flows")}
    gate, original = threading.Event(), kg.select_plain

    def held(text: str, /, **params: object) -> list[dict[str, object]]:
        if "HS and GB codes" in text:
            raise InputError.single("the store failed")
        gate.wait(30)
        return original(text, **params)

    kg.select_plain = held  # type: ignore[method-assign]
    prefetch(kg, [("links", {}), ("flows", {}), ("link-codes", {})])  # returns while the first read waits
    ahead = [kg.cache[("prefetched", name, ())] for name in ("links", "flows", "link-codes")]
    assert not any(future.done() for future in ahead)  # type: ignore[attr-defined]
    gate.set()
    assert {name: select_rows(kg, name) for name in ("links", "flows")} == expected
    with pytest.raises(InputError, match="the store failed"):  # raised where the rows are taken
        select_rows(kg, "link-codes")
    assert not [key for key in kg.cache if key[0] == "prefetched"]


def test_the_nearest_region_read_ahead_is_the_one_the_search_starts_from() -> None:
    from chaingraph.graphs import nearest_operating, prefetch_region

    kg = KnowledgeGraph.open(store="oxigraph")
    region = URIRef("https://w3id.org/chaingraph/data/region-qijiang")
    chain = URIRef("https://w3id.org/chaingraph/kos/chain-aluminium")
    links = {data["iri"] for data in link_graph(kg).nodes.values() if data["chain_iri"] == str(chain)}
    expected = nearest_operating(kg, region, chain, links)  # nothing read ahead: link by link (25 links)
    prefetch_region(kg, region, [chain])
    assert [key for key in kg.cache if key[0] == "prefetched" and key[1] == "scope-operators"]
    assert nearest_operating(kg, region, chain, links) == expected
    assert not [key for key in kg.cache if key[0] == "prefetched" and key[1] == "scope-operators"]
    assert any(n["scope"].endswith("region-chongqing") for n in expected.values())


def _outside_example_link_by_link(kg: KnowledgeGraph, region: URIRef, within: URIRef, link: str) -> str | None:
    """The rule by definition, one link at a time: every operating company of the link, kept when one of its
    places is inside *within* and not inside *region*, the first by IRI."""
    from chaingraph.graphs import places_inside, select_rows

    inside, source = places_inside(kg, region), places_inside(kg, within)
    outside = sorted({str(row["actor"]) for row in select_rows(kg, "link-operators", link=URIRef(link))
                      if row.get("place") is not None and str(row["place"]) in source
                      and str(row["place"]) not in inside})
    return outside[0] if outside else None


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_the_outside_example_of_a_link_is_the_first_operating_company_outside_the_region(
        store: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    from chaingraph.graphs.links import outside_examples

    # for AL16: a company in a park inside Qijiang (inside), one in Qijiang and in a place outside it (outside:
    # one place outside is enough), a closed one of no place (not operating), one of no place (in no region)
    extra = tmp_path_factory.mktemp("graphs") / "outside.ttl"
    extra.write_text("""@prefix cg: <https://w3id.org/chaingraph/ns#> .
@prefix cgd: <https://w3id.org/chaingraph/data/> . @prefix cgk: <https://w3id.org/chaingraph/kos/> .
cgd:org-aa-park a cg:Enterprise ; cg:operatesIn cgk:AL16 ; cg:locatedIn cgd:park-qijiang-hitech .
cgd:org-ab-two a cg:Enterprise ; cg:operatesIn cgk:AL16 ; cg:locatedIn cgd:region-qijiang, cgd:region-elsewhere .
cgd:region-elsewhere a cg:Region ; cg:locatedIn cgd:region-china .
cgd:org-aa-closed a cg:Enterprise ; cg:operatesIn cgk:AL16 ; cg:status cgk:status-closed .
cgd:org-ac-nowhere a cg:Enterprise ; cg:operatesIn cgk:AL16 .
""", encoding="utf-8")
    kg = KnowledgeGraph.open([ROOT / "graph", extra], store=store)
    links = sorted(data["iri"] for data in link_graph(kg).nodes.values())
    al16 = next(link for link in links if link.endswith("/AL16"))
    regions = _regions(kg)
    for region in regions:
        for within in regions:
            expected = {link: _outside_example_link_by_link(kg, region, within, link) for link in links}
            assert outside_examples(kg, region, links, within) == {k: v for k, v in expected.items() if v}, region
            assert outside_examples(kg, region, [al16], within).get(al16) == expected[al16]
    qijiang = URIRef("https://w3id.org/chaingraph/data/region-qijiang")
    china = next(region for region in regions if region.endswith("region-china"))
    assert outside_examples(kg, qijiang, [al16], china)[al16].endswith("org-ab-two")
    assert outside_examples(kg, qijiang, [], china) == {}
    # the analysis names, for each link's nearest source, an example company of that source and not of Qijiang
    from chaingraph.graphs import nearest_operating, places_inside, select_rows

    own = {link: {str(r["actor"]) for r in select_rows(kg, "link-operators", link=URIRef(link))
                  if r.get("place") is not None and str(r["place"]) in places_inside(kg, qijiang)} for link in links}
    nearest = nearest_operating(kg, qijiang, None, set(links), own)
    assert nearest
    for link, source in nearest.items():
        places = {str(r["place"]) for r in select_rows(kg, "link-operators", link=URIRef(link))
                  if str(r["actor"]) == source["example"] and r.get("place") is not None}
        within = places_inside(kg, URIRef(source["scope"])) - places_inside(kg, qijiang)
        assert places & within, (link, source)


#: companies of two places each: both inside Qijiang (counted once in Qijiang and around it), one inside and one
#: outside Qijiang (counted once in China), and a place that is a company's and lies in a region in turn
TWO_PLACES = """@prefix cg: <https://w3id.org/chaingraph/ns#> .
@prefix cgd: <https://w3id.org/chaingraph/data/> . @prefix cgk: <https://w3id.org/chaingraph/kos/> .
cgd:org-aa-both a cg:Enterprise ; cg:operatesIn cgk:AL16, cgk:AL07 ;
    cg:locatedIn cgd:park-qijiang-hitech, cgd:region-qijiang .
cgd:org-ab-two a cg:Enterprise ; cg:operatesIn cgk:AL16 ; cg:locatedIn cgd:region-qijiang, cgd:region-elsewhere .
cgd:org-ad-far a cg:Enterprise ; cg:operatesIn cgk:AL16 ; cg:locatedIn cgd:region-elsewhere .
cgd:region-elsewhere a cg:Region ; cg:locatedIn cgd:region-china .
"""


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_the_nearest_source_of_every_link_read_by_place_is_the_one_read_region_by_region(
        store: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    from chaingraph.graphs import nearest_operating, places_inside, select_rows
    from chaingraph.graphs.reading import containing

    extra = tmp_path_factory.mktemp("graphs") / "two-places.ttl"
    extra.write_text(TWO_PLACES, encoding="utf-8")
    kg = KnowledgeGraph.open([ROOT / "graph", extra], store=store)
    assert {str(r["actor"]).rsplit("/", 1)[-1] for r in select_rows(kg, "multi-placed-operators")} == \
        {"org-aa-both", "org-ab-two"}
    structure = link_graph(kg)
    chains = sorted({data["chain_iri"] for data in structure.nodes.values()})
    links = {data["iri"] for data in structure.nodes.values()}
    located = {str(r["place"]) for r in kg.select_plain("SELECT DISTINCT ?place WHERE { ?x cg:locatedIn ?place }")}
    for region in _regions(kg):
        # the places around a place (read once) are the regions whose places-in holds it
        assert {place for place in located if str(region) in containing(kg, place)} == \
            located & places_inside(kg, region), region
        own = {link: {str(r["actor"]) for r in select_rows(kg, "link-operators", link=URIRef(link))
                      if r.get("place") is not None and str(r["place"]) in places_inside(kg, region)}
               for link in links}
        by_chain: dict[str, dict] = {}
        for chain in chains:  # one chain: the scopes read one by one (scope-operators, outside_examples)
            by_chain |= nearest_operating(kg, region, URIRef(chain),
                                          {d["iri"] for d in structure.nodes.values() if d["chain_iri"] == chain}, own)
        assert nearest_operating(kg, region, None, links, own) == by_chain, region
    qijiang = URIRef("https://w3id.org/chaingraph/data/region-qijiang")
    al16 = next(link for link in links if link.endswith("/AL16"))
    nearest = nearest_operating(kg, qijiang, None, {al16})[al16]
    chongqing = URIRef(nearest["scope"])
    assert chongqing.endswith("region-chongqing")
    counted = select_rows(kg, "scope-operators", region=chongqing, link=URIRef(al16))[0]["operating"]
    by_place = sum(r["operating"] for r in select_rows(kg, "operators-by-place", link=URIRef(al16))
                   if str(r["place"]) in places_inside(kg, chongqing))
    assert nearest["operating"] == counted == by_place - 1  # org-aa-both once, not at both its places


def test_the_nearest_sources_do_not_depend_on_the_order_of_the_rows_read_unsorted(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    # the rows of ANY_ORDER are left in the store's order: the same nearest sources with every row reversed
    from chaingraph.graphs import nearest_operating
    from chaingraph.graphs.reading import ANY_ORDER

    extra = tmp_path_factory.mktemp("graphs") / "two-places.ttl"
    extra.write_text(TWO_PLACES, encoding="utf-8")
    found = []
    for reverse in (False, True):
        kg = KnowledgeGraph.open([ROOT / "graph", extra])
        original = kg.select_plain
        kg.select_plain = (lambda text, /, original=original, **params:  # type: ignore[method-assign]
                           original(text, **params)[::-1]) if reverse else original
        links = {data["iri"] for data in link_graph(kg).nodes.values()}
        found.append({region: nearest_operating(kg, region, None, links) for region in _regions(kg)})
    assert found[0] == found[1]
    assert any(found[0].values()) and {"operators-by-place", "place-parents"} <= ANY_ORDER


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_the_customers_of_many_companies_read_at_once_are_the_named_query_rows_of_each(store: str) -> None:
    from chaingraph.graphs import firms, select_rows

    kg = KnowledgeGraph.open(store=store)
    companies = sorted(str(r["a"]) for r in kg.select_plain("SELECT ?a WHERE { ?a a cg:Enterprise }"))
    firms.CUSTOMERS_CHUNK, chunk = 3, firms.CUSTOMERS_CHUNK  # several chunks on the bundled data
    try:
        firms._read_customers(kg, companies)
    finally:
        firms.CUSTOMERS_CHUNK = chunk
    expected = {iri: select_rows(kg, "customers-of", actor=URIRef(iri)) for iri in companies}
    assert {iri: kg.cache[("customers-of", iri)] for iri in companies} == expected
    assert sum(map(len, expected.values())) >= 3  # companies with customers, and without
    assert any(not rows for rows in expected.values())


def test_the_analysis_reads_the_region_s_stated_figures_ahead_once() -> None:
    from chaingraph.gaps.analyzer import analyze
    from chaingraph.graphs import unordered

    kg = KnowledgeGraph.open(store="oxigraph")
    asked: list[tuple[str, bool]] = []  # the text, and whether it was read ahead (on another thread)
    original = kg.select_plain

    def counting(text: str, /, **params: object) -> list[dict[str, object]]:
        asked.append((text, threading.current_thread() is not threading.main_thread()))
        return original(text, **params)

    kg.select_plain = counting  # type: ignore[method-assign]
    result = analyze(kg, region="綦江区", evidence=False)
    assert result.facts and [ahead for text, ahead in asked if text == unordered("region-figures")[0]] == [True]
    assert not [key for key in kg.cache if key[0] == "prefetched"], "something read ahead was never used"
    assert result.to_json() == analyze(KnowledgeGraph.open(store="memory"), region="綦江区", evidence=False).to_json()


#: two Chinese labels (the first by code point is the one), and labels in no language the outputs use
MANY_LABELS = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix cgd: <https://w3id.org/chaingraph/data/> .
cgd:org-twice skos:prefLabel "乙公司"@zh, "甲公司"@zh, "Firm"@en .
cgd:org-elsewhere skos:prefLabel "Firme"@fr, "Firma"@de .
"""


def test_labels_read_for_many_things_at_once_are_those_read_one_by_one(tmp_path: Path) -> None:
    from chaingraph.graphs.reading import labels_of, read_labels

    extra = tmp_path / "labels.ttl"
    extra.write_text(MANY_LABELS, encoding="utf-8")
    kg = KnowledgeGraph.open([ROOT / "graph", extra], store="oxigraph")
    one_by_one = KnowledgeGraph.open([ROOT / "graph", extra], store="memory")
    typed = {str(r["s"]) for r in kg.select_plain("SELECT DISTINCT ?s WHERE { ?s a ?type FILTER isIRI(?s) }")}
    things = sorted(typed | {f"https://w3id.org/chaingraph/data/{name}" for name in ("org-twice", "org-elsewhere")})
    things.append("https://w3id.org/chaingraph/data/no-such-thing")  # no label: kept as none
    assert len(things) > 200
    asked: list[str] = []
    original = kg.select_plain

    def counting(text: str, /, **params: object) -> list[dict[str, object]]:
        asked.append(text)
        return original(text, **params)

    kg.select_plain = counting  # type: ignore[method-assign]
    read_labels(kg, things)
    assert len(asked) == -(-len(things) // 500)  # one query per 500 things
    labelled = {iri: labels_of(kg, iri) for iri in things}
    assert len(asked) == -(-len(things) // 500), "a label read at once was read again"
    assert labelled == {iri: labels_of(one_by_one, iri) for iri in things}
    assert sum(1 for labels in labelled.values() if {"zh", "en"} <= labels.keys()) > 50
    # 乙 (U+4E59) before 甲 (U+7532)
    assert labelled["https://w3id.org/chaingraph/data/org-twice"] == {"zh": "乙公司", "en": "Firm"}
    assert labelled["https://w3id.org/chaingraph/data/org-elsewhere"] == {}
