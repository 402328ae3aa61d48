"""The Turtle and N-Triples text of an import (chaingraph.tables.turtle) without an rdflib graph.

``turtle_text`` must write exactly what rdflib's serializer writes for the same triples with the chaingraph
prefixes: the file ``chaingraph import`` wrote before the import stopped building an rdflib graph.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef

from chaingraph.tables import read_tables
from chaingraph.tables.turtle import ntriples_text, turtle_text
from chaingraph.vocab.namespaces import CGD, CGK, RDF, RDFS, SKOS, XSD, bind_prefixes
from chaingraph.vocab.oxi import to_oxigraph

from .conftest import ROOT

EXAMPLES = ROOT / "examples" / "qijiang-tables"
CG = Namespace("https://w3id.org/chaingraph/ns#")  # open: the tests use made-up properties too


def _rdflib_turtle(triples: object) -> str:
    graph = Graph()
    bind_prefixes(graph)
    for triple in triples:  # type: ignore[attr-defined]
        graph.add(triple)
    return graph.serialize(format="turtle")


def _same_in_oxigraph(triples: object) -> bool:
    """Whether Oxigraph holds the same quads after parsing ntriples_text(triples) as after adding the terms."""
    parsed, added = ox.Store(), ox.Store()
    parsed.load(ntriples_text(triples), format=ox.RdfFormat.N_TRIPLES)  # type: ignore[arg-type]
    added.extend(ox.Quad(*(to_oxigraph(t) for t in triple)) for triple in triples)  # type: ignore[attr-defined]
    return set(map(str, parsed)) == set(map(str, added)) and len(parsed) == len(triples)  # type: ignore[arg-type]


def test_the_bundled_tables_are_written_as_rdflib_writes_them() -> None:
    result = read_tables(EXAMPLES)
    assert turtle_text(result.triples) == _rdflib_turtle(result.triples)
    assert _same_in_oxigraph(result.triples)


def test_generated_tables_are_written_as_rdflib_writes_them(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("_cg_generate_tables", ROOT / "benchmarks" / "generate_tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(tmp_path / "tables", 300, 3, 12, seed=3)
    result = read_tables(tmp_path / "tables")
    assert len(result) > 5000
    assert turtle_text(result.triples) == _rdflib_turtle(result.triples)


ODD = [
    (CGD["org-a"], SKOS.prefLabel, Literal('line one\nline "two" \\ end"', lang="zh")),
    (CGD["org-a"], SKOS.altLabel, Literal('say "hi" \\ \r', lang="en")),
    (CGD["org-a"], SKOS.altLabel, Literal("plain")),
    (CGD["org-a"], SKOS.altLabel, Literal("乙", lang="zh")),
    (CGD["org-a"], CG.numericValue, Literal("1.50", datatype=XSD.decimal)),
    (CGD["org-a"], CG.year, Literal("2025", datatype=XSD.gYear)),
    (CGD["org-a"], CG.order, Literal(3)),
    (CGD["org-a"], CG.capacityCapped, Literal(True)),
    (CGD["org-a"], CG.url, Literal("https://example.org/a b", datatype=XSD.anyURI)),
    (CGD["org-a"], CG.odd, Literal("x", datatype=URIRef("http://example.org/dt#x"))),
    (CGD["org-a"], CG.operatesIn, CGK["1A"]),
    (CGD["org-a"], CG.operatesIn, CGK["hs2022/7601"]),
    (CGD["org-a"], CG.operatesIn, URIRef("https://w3id.org/chaingraph/kos/hs2022/7601.10")),
    (CGD["org-a"], CG.operatesIn, URIRef("https://w3id.org/chaingraph/data/source-a/b")),
    (CGD["org-a"], CG.operatesIn, URIRef("https://w3id.org/chaingraph/data/x.")),
    (CGD["org-a"], CG.operatesIn, URIRef("https://w3id.org/chaingraph/data/%41(1)")),
    (CGD["org-a"], CG.operatesIn, URIRef("https://w3id.org/chaingraph/data/-lead")),
    (CGD["org-a"], CG.operatesIn, URIRef("https://w3id.org/chaingraph/data/名字")),
    (CGD["org-a"], CG.operatesIn, URIRef("http://example.org/elsewhere/thing")),
    (CGD["org-a"], URIRef("http://example.org/vocab#p"), CGD["org-b"]),
    (CGD["org-b"], RDF.type, RDFS.Class),
    (CGD["org-b"], RDFS.label, Literal("B")),
    (URIRef("http://www.w3.org/XML/1998/namespacex"), RDF.type, CG.Thing),
    (CGD["org-c"], RDF.type, CG.Enterprise),
    (CGD["org-c"], CG.suppliesTo, CGD["org-a"]),
    (CGD["org-c"], RDF.nil, CGD["org-a"]),
]


@pytest.mark.parametrize("count", [len(ODD), 1, 0])
def test_odd_terms_are_written_as_rdflib_writes_them(count: int) -> None:
    triples = {t: None for t in ODD[:count]}
    assert turtle_text(triples) == _rdflib_turtle(triples)
    assert _same_in_oxigraph(triples)


def test_blank_nodes_are_left_to_rdflib() -> None:
    node = BNode("q1")
    triples = {(CGD["org-a"], CG.capacity, node): None, (node, CG.numericValue, Literal(5)): None}
    assert turtle_text(triples) == _rdflib_turtle(triples)
