"""Resolving what users type to a region or chain (chaingraph.sparql.resolve): the index lookup of an exact
name and the full list of names must agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from chaingraph.errors import InputError
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.sparql.resolve import names, resolve
from chaingraph.vocab.namespaces import CGD

from .conftest import ROOT


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def kg(request: pytest.FixtureRequest) -> KnowledgeGraph:
    return KnowledgeGraph.open(store=request.param)


@pytest.mark.parametrize("kind", ["region", "chain"])
def test_every_name_resolves_to_what_it_names(kg: KnowledgeGraph, kind: str) -> None:
    known = names(kg, kind)  # type: ignore[arg-type]
    assert len(known) > (10 if kind == "region" else 6)
    for name, things in sorted(known.items()):
        if len(things) == 1:
            assert resolve(kg, name, kind) == next(iter(things)), name  # type: ignore[arg-type]
            assert resolve(kg, f" {name} ", kind) == next(iter(things)), name  # type: ignore[arg-type]
        else:
            with pytest.raises(InputError, match="ambiguous"):
                resolve(kg, name, kind)  # type: ignore[arg-type]


def test_case_prefixed_names_and_other_languages(tmp_path: Path) -> None:
    extra = tmp_path / "names.ttl"
    extra.write_text(
        "@prefix cg: <https://w3id.org/chaingraph/ns#> .\n@prefix cgd: <https://w3id.org/chaingraph/data/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        'cgd:region-qijiang skos:altLabel "Tsikiang"@de .\n'
        'cgd:region-twin a cg:Region ; skos:prefLabel "綦江"@zh .\n', encoding="utf-8")
    kg = KnowledgeGraph.open([ROOT / "graph", extra], store="oxigraph")
    qijiang = URIRef("https://w3id.org/chaingraph/data/region-qijiang")
    assert resolve(kg, "QIJIANG", "region") == qijiang  # no exact match: compared without case
    assert resolve(kg, "Tsikiang", "region") == qijiang  # a label neither Chinese nor English
    assert resolve(kg, "cgd:region-qijiang", "region") == qijiang
    assert resolve(kg, str(qijiang), "region") == qijiang
    with pytest.raises(InputError, match="unknown region 'cgd:chain-aluminium'"):
        resolve(kg, "cgd:chain-aluminium", "region")  # an IRI, but not of a region
    with pytest.raises(InputError, match="ambiguous") as caught:
        resolve(kg, "綦江", "region")
    assert "region-twin" in str(caught.value) and "region-qijiang" in str(caught.value)
    assert resolve(kg, "綦江区", "region") == qijiang  # its other labels still name it alone


def test_a_region_is_found_without_its_administrative_suffix(tmp_path: Path) -> None:
    data = tmp_path / "regions.ttl"
    data.write_text("""@prefix cg: <https://w3id.org/chaingraph/ns#> .
@prefix cgd: <https://w3id.org/chaingraph/data/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix prov: <http://www.w3.org/ns/prov#> .
cgd:region-baoan a cg:Region ; skos:prefLabel "宝安区"@zh ; skos:notation "baoan" ; prov:wasDerivedFrom cgd:s .
cgd:region-gx a cg:Region ; skos:prefLabel "广西壮族自治区"@zh ; prov:wasDerivedFrom cgd:s .
cgd:region-an a cg:Region ; skos:prefLabel "安县"@zh ; prov:wasDerivedFrom cgd:s .
cgd:region-anshi a cg:Region ; skos:prefLabel "安市"@zh ; prov:wasDerivedFrom cgd:s .
""", encoding="utf-8")
    kg = KnowledgeGraph.open([data])
    assert resolve(kg, "宝安", "region") == CGD["region-baoan"]
    assert resolve(kg, "宝安县", "region") == CGD["region-baoan"]  # 宝安 either way
    assert resolve(kg, "广西壮族", "region") == CGD["region-gx"]
    with pytest.raises(InputError, match="unknown region '安'"):  # a one-character core is not a name
        resolve(kg, "安", "region")
