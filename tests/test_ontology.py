"""The ontology, its controlled lists and shapes: parse everywhere, fully labelled, match the code."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef

from chaingraph.tools import vocabgen as _vocabgen
from chaingraph.vocab.namespaces import CG, OWL, RDF, RDFS, SKOS

from .conftest import ROOT

TURTLE = sorted([*ROOT.glob("ontology/**/*.ttl"), *ROOT.glob("graph/**/*.ttl")])
ONTOLOGY = ROOT / "ontology" / "chaingraph.ttl"
KOS = ROOT / "ontology" / "kos.ttl"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY)


@pytest.mark.parametrize("path", TURTLE, ids=lambda p: str(p.relative_to(ROOT)))
def test_turtle_parses_with_rdflib_and_oxigraph_to_the_same_triple_count(path: Path) -> None:
    with_rdflib = len(Graph().parse(path, format="turtle"))
    with_oxigraph = len(set(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)))
    assert with_rdflib == with_oxigraph > 0


def test_there_is_turtle_to_check() -> None:
    names = {p.name for p in TURTLE}
    assert {"chaingraph.ttl", "kos.ttl", "shapes.ttl", "hs2022.ttl", "seed.ttl", "aluminium.ttl"} <= names


def _terms(graph: Graph) -> list[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted({s for k in kinds for s in graph.subjects(RDF.type, k)
                   if isinstance(s, URIRef) and str(s).startswith(str(CG))})


def _languages(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language}


def test_every_term_has_labels_and_definitions_in_chinese_and_english(onto: Graph) -> None:
    terms = _terms(onto)
    assert len(terms) > 50
    for term in terms:
        assert {"zh", "en"} <= _languages(onto, term, RDFS.label), term
        assert {"zh", "en"} <= _languages(onto, term, SKOS.definition), term


def test_every_controlled_concept_has_a_notation_and_bilingual_labels() -> None:
    kos = Graph().parse(KOS)
    concepts = set(kos.subjects(SKOS.inScheme, None))
    assert len(concepts) > 40
    for concept in concepts:
        assert kos.value(concept, SKOS.notation) is not None, concept
        assert {"zh", "en"} <= _languages(kos, concept, SKOS.prefLabel), concept
        assert {"zh", "en"} <= _languages(kos, concept, SKOS.definition), concept


def test_namespace_module_is_generated_from_the_current_ontology(onto: Graph) -> None:
    module = _vocabgen.TARGET.read_text(encoding="utf-8")
    assert module == _vocabgen.render(onto), "run: python -m chaingraph.tools.vocabgen"


def test_namespace_module_and_ontology_agree_both_ways(onto: Graph) -> None:
    in_ontology = {str(t)[len(str(CG)):] for t in _terms(onto)}
    in_module = {name for name in CG.__annotations__}
    assert in_module == in_ontology
    with pytest.raises(AttributeError):
        CG.operatesInn  # noqa: B018 — a typo must fail, not mint a new IRI


@pytest.mark.parametrize(("term", "superclass"), [
    (CG.Enterprise, URIRef("http://www.w3.org/ns/org#FormalOrganization")),
    (CG.Enterprise, URIRef("http://www.w3.org/ns/regorg#RegisteredOrganization")),
    (CG.ChainLink, SKOS.Concept),
    (CG.IndustryChain, SKOS.ConceptScheme),
    (CG.Quantity, URIRef("http://qudt.org/schema/qudt/QuantityValue")),
    (CG.Source, URIRef("http://www.w3.org/ns/prov#Entity")),
    (CG.Region, URIRef("https://schema.org/AdministrativeArea")),
])
def test_alignment_to_standard_vocabularies(onto: Graph, term: URIRef, superclass: URIRef) -> None:
    assert superclass in set(onto.transitive_objects(term, RDFS.subClassOf))


def test_every_class_has_a_shape() -> None:
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    onto = Graph().parse(ONTOLOGY)
    targeted = set(shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass")))
    classes = set(onto.subjects(RDF.type, OWL.Class))
    # abstract or helper classes checked through their subclasses or the properties that point at them
    indirect = {CG.Actor, CG.Stage, CG.FlowKind}
    assert classes - targeted - indirect == set()
