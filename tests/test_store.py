"""The store facade: the same answers from every store, parameters bound as values, clean errors."""

from __future__ import annotations

import pytest
from rdflib import Literal

from chaingraph.errors import InputError
from chaingraph.gaps import analyze
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.store.values import where_brace, with_values
from chaingraph.vocab.namespaces import CGD, CGK

from .conftest import DATA

STORES = ["memory", "oxigraph"]


@pytest.fixture(scope="module")
def oxigraph() -> KnowledgeGraph:
    return KnowledgeGraph.open(store="oxigraph")


def test_both_stores_hold_the_same_triples(bundled: KnowledgeGraph, oxigraph: KnowledgeGraph) -> None:
    assert len(bundled) == len(oxigraph)
    assert bundled.graph.isomorphic(oxigraph.graph)


def test_gap_analysis_is_identical_on_every_store(bundled: KnowledgeGraph, oxigraph: KnowledgeGraph) -> None:
    assert analyze(bundled, region="綦江区").to_json() == analyze(oxigraph, region="綦江区").to_json()
    named = [analyze(kg, region="綦江区", named_only=True, lang="en").to_json() for kg in (bundled, oxigraph)]
    assert named[0] == named[1]


@pytest.mark.parametrize("store", STORES)
def test_parameters_are_bound_as_values(store: str, bundled: KnowledgeGraph, oxigraph: KnowledgeGraph) -> None:
    kg = bundled if store == "memory" else oxigraph
    rows = kg.select("SELECT ?c WHERE { ?c cg:operatesIn ?link ; cg:locatedIn+ ?region }",
                     link=CGK.AL16, region=CGD["region-qijiang"])
    assert [r["c"] for r in rows] == [CGD["org-youlisen"]]


@pytest.mark.parametrize("store", STORES)
def test_an_injection_attempt_is_a_plain_value(store: str, bundled: KnowledgeGraph, oxigraph: KnowledgeGraph) -> None:
    kg = bundled if store == "memory" else oxigraph
    hostile = '綦江区"@zh } ; DROP ALL ; { ?x ?y "'
    rows = kg.select("SELECT ?r WHERE { ?r skos:prefLabel ?name }", name=Literal(hostile, lang="zh"))
    assert rows == []
    assert len(kg) == len(bundled)  # nothing was dropped
    rows = kg.select("SELECT ?r WHERE { ?r skos:prefLabel ?name }", name=Literal("綦江区", lang="zh"))
    assert [r["r"] for r in rows] == [CGD["region-qijiang"]]


def test_values_block_opens_the_where_group_even_after_a_construct_template() -> None:
    query = 'CONSTRUCT { ?s <urn:p> "{" } WHERE { ?s ?p ?o } # }'
    assert query[: where_brace(query)].endswith("WHERE {")
    assert "VALUES (?o)" in with_values(query, {"o": Literal(1)})
    assert where_brace("PREFIX x: <urn:a#> SELECT * { ?s ?p ?o }") == len("PREFIX x: <urn:a#> SELECT * {")
    with pytest.raises(ValueError):
        with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o; DROP": Literal(1)})


@pytest.mark.parametrize("store", STORES)
def test_unknown_prefix_is_reported_with_its_line_on_every_store(store: str) -> None:
    with pytest.raises(InputError) as caught:
        KnowledgeGraph.open([DATA / "broken" / "unknown-prefix.ttl"], store=store)
    [problem] = caught.value.problems
    assert problem.line == 13 and "unknown prefix 'ex:'" in problem.message


def test_unknown_store_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown store 'postgres'"):
        KnowledgeGraph.open(store="postgres")
