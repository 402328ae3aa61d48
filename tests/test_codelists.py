"""The generated SKOS code lists in ontology/codes: up to date, parseable, well-formed, errata patched."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef

from chaingraph.tools.codelists import OUTPUT_FILES, SOURCE_DIR, main
from chaingraph.vocab.code_tables import GBT2017_DROP, GBT2017_MISSING
from chaingraph.vocab.namespaces import GBT2011, GBT2017, HS, RDF, SKOS

CODES_DIR = Path(__file__).resolve().parents[1] / "ontology" / "codes"
SCHEME_FILES = {
    "hs2022.ttl": HS.scheme,
    "gbt4754-2017.ttl": GBT2017.scheme,
    "gbt4754-2011.ttl": GBT2011.scheme,
}


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {name: Graph().parse(CODES_DIR / name, format="turtle") for name in OUTPUT_FILES}


def _csv_rows(name: str) -> list[dict[str, str]]:
    with open(SOURCE_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _concepts(g: Graph) -> set[URIRef]:
    return set(g.subjects(RDF.type, SKOS.Concept))


def _gb_levels(g: Graph) -> Counter:
    """Count concepts by GB level: letter → 0, 2 digits → 1, 3 → 2, 4 → 3."""
    return Counter(0 if str(n).isalpha() else len(str(n)) - 1 for n in g.objects(None, SKOS.notation))


# ---------------------------------------------------------------------------------------------- files


def test_committed_files_are_what_the_generator_produces(tmp_path):
    assert main(["--source", str(SOURCE_DIR), "--out", str(tmp_path)]) == 0
    for name in OUTPUT_FILES:
        fresh = (tmp_path / name).read_bytes()
        committed = (CODES_DIR / name).read_bytes()
        assert fresh == committed, f"{name} is stale: run `python -m chaingraph.tools.codelists`"


@pytest.mark.parametrize("name", sorted(OUTPUT_FILES))
def test_parses_with_pyoxigraph_to_the_same_triple_count(name, graphs):
    with open(CODES_DIR / name, "rb") as f:
        quads = list(pyoxigraph.parse(f, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(graphs[name]) > 0


@pytest.mark.parametrize("name", sorted(OUTPUT_FILES))
def test_files_start_with_a_comment_header(name):
    text = (CODES_DIR / name).read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "Do not edit by hand." in text.split("@prefix", 1)[0]


# ---------------------------------------------------------------------------------------------- counts


def test_hs_concept_count_matches_the_csv(graphs):
    rows = _csv_rows("hs2022.csv")
    assert len(rows) == 6940
    codes = [r for r in rows if r["hscode"] != "TOTAL"]  # the TOTAL pseudo-row is not a code
    sections = {r["section"] for r in codes} - {"TOTAL"}  # chapter 99 is in no section
    assert len(sections) == 21
    assert len(_concepts(graphs["hs2022.ttl"])) == len(codes) + len(sections) == 6960


def test_gbt2017_concept_count_matches_the_csv_with_errata(graphs):
    rows = _csv_rows("gbt4754-2017.csv")
    g = graphs["gbt4754-2017.ttl"]
    # the duplicate 0711 becomes 0712 (no change in count); missing rows added; 3032 dropped
    assert len(_concepts(g)) == len(rows) + len(GBT2017_MISSING) - len(GBT2017_DROP) == 1968
    # official counts are 20 / 97 / 473 / 1,380: two 小类 missing from the dump are still unidentified
    assert _gb_levels(g) == Counter({0: 20, 1: 97, 2: 473, 3: 1378})


def test_gbt2011_concept_count_matches_the_csv(graphs):
    g = graphs["gbt4754-2011.ttl"]
    assert len(_concepts(g)) == len(_csv_rows("gbt4754-2011.csv")) == 1642
    assert _gb_levels(g) == Counter({0: 20, 1: 96, 2: 432, 3: 1094})


# ---------------------------------------------------------------------------------------------- structure


@pytest.mark.parametrize("name", sorted(SCHEME_FILES))
def test_every_concept_is_well_formed_and_reaches_a_top_concept(name, graphs):
    g, scheme = graphs[name], SCHEME_FILES[name]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    assert {lit.language for lit in g.objects(scheme, SKOS.prefLabel)} == {"en", "zh"}
    concepts = _concepts(g)
    tops = set(g.subjects(SKOS.topConceptOf, scheme))
    assert tops and tops <= concepts
    for c in concepts:
        notations = list(g.objects(c, SKOS.notation))
        assert len(notations) == 1 and notations[0].datatype is None and notations[0].language is None, c
        assert list(g.objects(c, SKOS.inScheme)) == [scheme], c
        labels = list(g.objects(c, SKOS.prefLabel))
        assert labels and len({lit.language for lit in labels}) == len(labels), c
        broader = list(g.objects(c, SKOS.broader))
        assert len(broader) == (0 if c in tops else 1), c
        seen, node = {c}, c
        while node not in tops:  # walk up: must end at a top concept, without a cycle
            (node,) = g.objects(node, SKOS.broader)
            assert node in concepts and node not in seen, (c, node)
            seen.add(node)


@pytest.mark.parametrize("name", sorted(SCHEME_FILES))
def test_notations_are_unique_and_match_the_iri(name, graphs):
    g = graphs[name]
    notations = Counter(str(n) for n in g.objects(None, SKOS.notation))
    assert max(notations.values()) == 1
    for c in _concepts(g):
        local = str(c).rsplit("/", 1)[1]
        notation = str(g.value(c, SKOS.notation))
        expected = local.removeprefix("section-")
        if len(local) == 6 and local.isdigit():
            expected = f"{local[:4]}.{local[4:]}"
        assert notation == expected


def test_hs_examples(graphs):
    g = graphs["hs2022.ttl"]
    assert g.value(HS["760421"], SKOS.notation) == Literal("7604.21")
    assert g.value(HS["760421"], SKOS.broader) == HS["7604"]
    assert g.value(HS["7604"], SKOS.broader) == HS["76"]
    assert g.value(HS["76"], SKOS.broader) == HS["section-XV"]
    assert set(g.objects(HS["section-XV"], SKOS.prefLabel)) == {Literal("Section XV", lang="en"),
                                                                Literal("第十五类", lang="zh")}
    assert (HS["section-XV"], SKOS.topConceptOf, HS.scheme) in g
    assert (HS["99"], SKOS.topConceptOf, HS.scheme) in g  # chapter 99 is in no section
    assert g.value(HS["7604"], SKOS.prefLabel) == Literal("Aluminium; bars, rods and profiles", lang="en")


# ---------------------------------------------------------------------------------------------- errata


def _label(g: Graph, iri: URIRef) -> str:
    return str(g.value(iri, SKOS.prefLabel))


def test_gbt2017_missing_rows_are_added(graphs):
    g = graphs["gbt4754-2017.ttl"]
    assert _label(g, GBT2017["3670"]) == "汽车零部件及配件制造"
    assert g.value(GBT2017["3670"], SKOS.broader) == GBT2017["367"]
    assert g.value(GBT2017["367"], SKOS.broader) == GBT2017["36"]
    assert _label(g, GBT2017["84"]) == "卫生"
    assert g.value(GBT2017["84"], SKOS.broader) == GBT2017["Q"]
    for code, name, parent, _level in GBT2017_MISSING:
        assert _label(g, GBT2017[code]) == name
        assert g.value(GBT2017[code], SKOS.broader) == GBT2017[parent]
        assert g.value(GBT2017[code], SKOS.editorialNote) is not None


def test_gbt2017_duplicate_0711_is_0712(graphs):
    g = graphs["gbt4754-2017.ttl"]
    assert _label(g, GBT2017["0711"]) == "陆地石油开采"
    assert _label(g, GBT2017["0712"]) == "海洋石油开采"
    assert g.value(GBT2017["0712"], SKOS.broader) == GBT2017["071"]


@pytest.mark.parametrize(("code", "parent"), [
    ("3611", "361"), ("8421", "842"), ("8890", "889"), ("9051", "905"), ("9059", "905"),
    ("9221", "922"), ("9226", "922"), ("9620", "962"), ("9700", "970"), ("841", "84"), ("849", "84"),
])
def test_gbt2017_parents_are_corrected(code, parent, graphs):
    assert graphs["gbt4754-2017.ttl"].value(GBT2017[code], SKOS.broader) == GBT2017[parent]


def test_gbt2017_name_of_37_is_complete(graphs):
    assert _label(graphs["gbt4754-2017.ttl"], GBT2017["37"]) == "铁路、船舶、航空航天和其他运输设备制造业"


def test_gbt2017_group_303_drops_the_2011_leftover(graphs):
    g = graphs["gbt4754-2017.ttl"]
    assert (GBT2017["3032"], None, None) not in g
    assert _label(g, GBT2017["3071"]) == "建筑陶瓷制品制造"


def test_gbt2017_wrong_scope_notes_are_dropped_or_moved(graphs):
    g = graphs["gbt4754-2017.ttl"]
    for code in ["0511", "5266", "19", "325", "3569", "8114", "8321", "93"]:
        assert g.value(GBT2017[code], SKOS.scopeNote) is None, code
        assert g.value(GBT2017[code], SKOS.editorialNote) is not None, code
    assert "农业机械" in str(g.value(GBT2017["0512"], SKOS.scopeNote))
    assert "灌溉" in str(g.value(GBT2017["0513"], SKOS.scopeNote))
    assert "机动车燃料" in str(g.value(GBT2017["5265"], SKOS.scopeNote))
    assert "针织" in str(g.value(GBT2017["1829"], SKOS.scopeNote))
    assert "铝及铝合金" in str(g.value(GBT2017["3252"], SKOS.scopeNote))  # untouched notes stay


def test_editions_reuse_numbers(graphs):
    assert _label(graphs["gbt4754-2017.ttl"], GBT2017["3620"]) == "汽车用发动机制造"
    assert _label(graphs["gbt4754-2011.ttl"], GBT2011["3620"]) == "改装汽车制造"
    assert graphs["gbt4754-2011.ttl"].value(GBT2011["3620"], SKOS.scopeNote) is None


def test_no_english_labels_on_gb_concepts(graphs):
    for name in ("gbt4754-2017.ttl", "gbt4754-2011.ttl"):
        g = graphs[name]
        langs = {o.language for c in _concepts(g) for o in g.objects(c, SKOS.prefLabel)}
        assert langs == {"zh"}


# ---------------------------------------------------------------------------------------------- crosswalk


def test_crosswalk_pairs(graphs):
    g = graphs["gbt4754-crosswalk.ttl"]
    assert (GBT2011["3262"], SKOS.exactMatch, GBT2017["3252"]) in g
    assert (GBT2011["3620"], SKOS.exactMatch, GBT2017["3630"]) in g
    assert (GBT2011["3660"], SKOS.exactMatch, GBT2017["3670"]) in g
    assert (GBT2011["3140"], SKOS.exactMatch, GBT2017["3130"]) in g
    assert set(g.objects(GBT2011["3610"], SKOS.narrowMatch)) == {GBT2017["3611"], GBT2017["3612"]}
    assert (GBT2011["3032"], SKOS.exactMatch, GBT2017["3071"]) in g


def test_crosswalk_links_existing_classes_with_different_codes(graphs):
    g = graphs["gbt4754-crosswalk.ttl"]
    c11, c17 = _concepts(graphs["gbt4754-2011.ttl"]), _concepts(graphs["gbt4754-2017.ttl"])
    assert set(g.predicates()) == {SKOS.exactMatch, SKOS.narrowMatch}
    for s, _p, o in g:
        assert s in c11 and o in c17
        assert str(s).rsplit("/", 1)[1] != str(o).rsplit("/", 1)[1]  # same code and name: nothing stated
