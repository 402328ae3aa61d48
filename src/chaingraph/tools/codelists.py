"""Build the code lists as SKOS concept schemes, from the reference tables in ``ontology/codes/source``.

Four Turtle files are generated into ``ontology/codes``:

* ``hs2022.ttl`` — the Harmonized System 2022 (sections, chapters, headings, 6-digit subheadings);
* ``gbt4754-2017.ttl`` — 国民经济行业分类 GB/T 4754-2017, with the errata of the source dump patched
  (the ``GBT2017_*`` constants and ``ontology/codes/README.md``);
* ``gbt4754-2011.ttl`` — GB/T 4754-2011 (names only);
* ``gbt4754-crosswalk.ttl`` — ``skos:exactMatch`` / ``skos:narrowMatch`` from 2011 classes to 2017 classes.

Regenerate them with ``python -m chaingraph.tools.codelists [--source DIR] [--out DIR]``. The output is
deterministic: the same sources give byte-identical files.

The rows come from :mod:`chaingraph.vocab.code_tables` (also read at run time by
:mod:`chaingraph.vocab.codes`); this module is only needed to regenerate the files.

>>> graph = build_gbt4754_2017(SOURCE_DIR / "gbt4754-2017.csv")
>>> len(graph) > 5000
True
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.serializers.turtle import TurtleSerializer

from chaingraph.vocab.code_tables import (
    GbtRow,
    crosswalk_pairs,
    hs_notation,
    read_gbt4754_2011,
    read_gbt4754_2017,
    read_hs2022,
)
from chaingraph.vocab.namespaces import CGD, DCTERMS, GBT2011, GBT2017, HS, PROV, RDF, SKOS

__all__ = [
    "OUTPUT_FILES", "OUT_DIR", "SOURCE_DIR", "build_crosswalk", "build_gbt4754_2011", "build_gbt4754_2017",
    "build_hs2022", "generate", "main", "roman_to_int",
]

_REPO_ROOT = Path(__file__).resolve().parents[3]
#: Default directory of the source tables (in a source checkout).
SOURCE_DIR = _REPO_ROOT / "ontology" / "codes" / "source"
#: Default output directory of :func:`main`.
OUT_DIR = _REPO_ROOT / "ontology" / "codes"
#: Generated file name → source file name(s).
OUTPUT_FILES = {
    "hs2022.ttl": ("hs2022.csv",),
    "gbt4754-2017.ttl": ("gbt4754-2017.csv",),
    "gbt4754-2011.ttl": ("gbt4754-2011.csv",),
    "gbt4754-crosswalk.ttl": ("gbt4754-2011.csv", "gbt4754-2017.csv"),
}

# --------------------------------------------------------------------------------------------------
# graphs
# --------------------------------------------------------------------------------------------------

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
_ZH_DIGITS = "零一二三四五六七八九"


def roman_to_int(numeral: str) -> int:
    """Value of a roman numeral up to 89 (enough for the 21 HS sections).

    >>> roman_to_int("XV"), roman_to_int("XXI"), roman_to_int("IV")
    (15, 21, 4)
    """
    values = [_ROMAN[c] for c in numeral.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _zh_number(n: int) -> str:
    """Chinese numeral for 1 ≤ n ≤ 99.

    >>> _zh_number(15), _zh_number(21), _zh_number(10)
    ('十五', '二十一', '十')
    """
    tens, units = divmod(n, 10)
    if tens == 0:
        return _ZH_DIGITS[units]
    return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[units] if units else "")


def _new_graph() -> Graph:
    g = Graph(bind_namespaces="none")
    for prefix, ns in (("hs", HS), ("gbt2017", GBT2017), ("gbt2011", GBT2011), ("skos", SKOS),
                       ("dcterms", DCTERMS), ("prov", PROV), ("cgd", CGD)):
        g.bind(prefix, ns, override=True, replace=True)
    return g


def _scheme(g: Graph, scheme: URIRef, labels: Iterable[Literal], source: URIRef) -> None:
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    for label in labels:
        g.add((scheme, SKOS.prefLabel, label))
    g.add((scheme, DCTERMS.source, source))


def _concept(g: Graph, iri: URIRef, scheme: URIRef, notation: str, broader: URIRef | None) -> None:
    g.add((iri, RDF.type, SKOS.Concept))
    g.add((iri, SKOS.inScheme, scheme))
    g.add((iri, SKOS.notation, Literal(notation)))
    if broader is None:
        g.add((iri, SKOS.topConceptOf, scheme))
    else:
        g.add((iri, SKOS.broader, broader))


def build_hs2022(csv_path: str | Path) -> Graph:
    """The Harmonized System 2022 as a SKOS concept scheme ``hs:scheme``.

    Sections (``hs:section-XV``) are the top concepts; chapters (``hs:76``), headings (``hs:7604``) and
    subheadings (``hs:760421``, notation ``"7604.21"``) have ``skos:broader`` their parent and the
    description as ``skos:prefLabel``\\@en. Chapter 99 (UN Comtrade's "commodities not specified according
    to kind", in no section) is a top concept too, with a ``skos:editorialNote``.

    Examples
    --------
    >>> g = build_hs2022(SOURCE_DIR / "hs2022.csv")
    >>> print(g.value(HS["760421"], SKOS.notation), g.value(HS["760421"], SKOS.broader) == HS["7604"])
    7604.21 True
    >>> print(g.value(HS["76"], SKOS.broader).n3(g.namespace_manager))
    hs:section-XV
    """
    g = _new_graph()
    scheme = HS.scheme
    _scheme(g, scheme, [Literal("Harmonized System 2022", lang="en"),
                        Literal("商品名称及编码协调制度（2022年版）", lang="zh")], CGD["source-hs2022"])
    sections: list[str] = []
    for row in read_hs2022(csv_path):
        if row.section and row.section not in sections:
            sections.append(row.section)
        if row.level > 2:
            parent = HS[row.parent]
        elif row.section:
            parent = HS[f"section-{row.section}"]
        else:
            parent = None
            note = "Not in the WCO nomenclature: UN Comtrade's chapter for goods not specified by kind."
            g.add((HS[row.code], SKOS.editorialNote, Literal(note, lang="en")))
        _concept(g, HS[row.code], scheme, hs_notation(row.code), parent)
        g.add((HS[row.code], SKOS.prefLabel, Literal(row.description, lang="en")))
    for section in sections:
        iri = HS[f"section-{section}"]
        _concept(g, iri, scheme, section, None)
        g.add((iri, SKOS.prefLabel, Literal(f"Section {section}", lang="en")))
        g.add((iri, SKOS.prefLabel, Literal(f"第{_zh_number(roman_to_int(section))}类", lang="zh")))
    return g


def _build_gbt(rows: Sequence[GbtRow], ns, labels: Sequence[Literal], source: URIRef) -> Graph:
    g = _new_graph()
    scheme = ns.scheme
    _scheme(g, scheme, labels, source)
    codes = {r.code for r in rows}
    for r in rows:
        if r.parent and r.parent not in codes:
            raise ValueError(f"class {r.code} has an unknown parent {r.parent}")
        iri = ns[r.code]
        _concept(g, iri, scheme, r.code, ns[r.parent] if r.parent else None)
        g.add((iri, SKOS.prefLabel, Literal(r.name, lang="zh")))
        if r.note:
            g.add((iri, SKOS.scopeNote, Literal(r.note, lang="zh")))
        if r.fixes:
            g.add((iri, SKOS.editorialNote, Literal(" ".join(r.fixes), lang="en")))
    return g


def build_gbt4754_2017(csv_path: str | Path) -> Graph:
    """GB/T 4754-2017 as the SKOS concept scheme ``gbt2017:scheme``, errata patched.

    门类 (``gbt2017:C``) are top concepts; 大类/中类/小类 (``gbt2017:32``, ``gbt2017:325``,
    ``gbt2017:3252``) have ``skos:broader`` their parent. Names are ``skos:prefLabel``\\@zh, the
    standard's 说明 ``skos:scopeNote``\\@zh; a patched class has a ``skos:editorialNote``\\@en.

    Examples
    --------
    >>> g = build_gbt4754_2017(SOURCE_DIR / "gbt4754-2017.csv")
    >>> print(g.value(GBT2017["3670"], SKOS.prefLabel), g.value(GBT2017["3670"], SKOS.broader))
    汽车零部件及配件制造 https://w3id.org/chaingraph/kos/gbt4754-2017/367
    """
    return _build_gbt(
        read_gbt4754_2017(csv_path), GBT2017,
        [Literal("国民经济行业分类 GB/T 4754-2017", lang="zh"),
         Literal("Industrial classification for national economic activities GB/T 4754-2017", lang="en")],
        CGD["source-gbt4754-2017"],
    )


def build_gbt4754_2011(csv_path: str | Path) -> Graph:
    """GB/T 4754-2011 as the SKOS concept scheme ``gbt2011:scheme`` (names only).

    Examples
    --------
    >>> g = build_gbt4754_2011(SOURCE_DIR / "gbt4754-2011.csv")
    >>> print(g.value(GBT2011["3620"], SKOS.prefLabel))
    改装汽车制造
    """
    return _build_gbt(
        read_gbt4754_2011(csv_path), GBT2011,
        [Literal("国民经济行业分类 GB/T 4754-2011", lang="zh"),
         Literal("Industrial classification for national economic activities GB/T 4754-2011", lang="en")],
        CGD["source-gbt4754-2011"],
    )


def build_crosswalk(path2011: str | Path, path2017: str | Path) -> Graph:
    """The 2011 → 2017 crosswalk: ``gbt2011:X skos:exactMatch|skos:narrowMatch gbt2017:Y``.

    See :func:`crosswalk_pairs` for the method.

    Examples
    --------
    >>> g = build_crosswalk(SOURCE_DIR / "gbt4754-2011.csv", SOURCE_DIR / "gbt4754-2017.csv")
    >>> (GBT2011["3262"], SKOS.exactMatch, GBT2017["3252"]) in g
    True
    >>> sorted(str(o)[-4:] for o in g.objects(GBT2011["3610"], SKOS.narrowMatch))
    ['3611', '3612']
    """
    g = _new_graph()
    for code11, code17, relation in crosswalk_pairs(read_gbt4754_2011(path2011), read_gbt4754_2017(path2017)):
        g.add((GBT2011[code11], relation, GBT2017[code17]))
    return g


# --------------------------------------------------------------------------------------------------
# files
# --------------------------------------------------------------------------------------------------

_GENERATED = (
    "# Generated by `python -m chaingraph.tools.codelists` from {sources} in ontology/codes/source.\n"
    "# Do not edit by hand.\n"
)
_HEADERS = {
    "hs2022.ttl": """\
# Harmonized System 2022 (HS 2022) as a SKOS concept scheme: 21 sections (top concepts), chapters,
# headings and 6-digit subheadings; skos:prefLabel@en is the description of the source table.
# Source: datasets/harmonized-system (data/harmonized-system.csv, from UN Comtrade), licence ODC PDDL 1.0.
# Section labels are generic ("Section XV", 第十五类): the source table has no section titles.
# Chapter 99 (99, 9999, 999999: UN Comtrade's "commodities not specified according to kind") is not WCO HS;
# it is kept, as a top concept. The source cuts some descriptions at 255 characters.
""",
    "gbt4754-2017.ttl": """\
# 国民经济行业分类 GB/T 4754-2017 as a SKOS concept scheme: 门类 (top concepts), 大类, 中类, 小类,
# with the standard's scope notes (说明) as skos:scopeNote.
# Source: a public SQL dump (dim_industry) of the standard. Its errata are patched (missing, duplicated and
# misplaced rows, a truncated name, shifted scope notes); each patched class has a skos:editorialNote, and
# ontology/codes/README.md lists them. Group 303 follows the dump, minus its 2011 leftover 3032 (see the
# README).
""",
    "gbt4754-2011.ttl": """\
# 国民经济行业分类 GB/T 4754-2011 as a SKOS concept scheme: 门类 (top concepts), 大类, 中类, 小类
# (names only).
# Source: a public SQL dump (gc) of the standard; groups with a single class have the class filled in
# (class code = group code + 0, same name). Many numbers mean other industries in 2017: use gbt2017: for
# current data and the crosswalk (gbt4754-crosswalk.ttl) to translate.
""",
    "gbt4754-crosswalk.ttl": """\
# Crosswalk GB/T 4754-2011 → GB/T 4754-2017 (小类, 4-digit classes).
# Method:
#  1. gbt2011:X skos:exactMatch gbt2017:Y when class X (2011) and class Y (2017) have identical names and
#     X ≠ Y, and that name occurs once among the classes of each edition. Same name is taken as same scope:
#     a heuristic; scopes may have shifted between editions.
#  2. Curated pairs (the classes of the bundled chains whose numbers moved), e.g. 3262 → 3252 铝压延加工 (exactMatch),
#     3620 改装汽车制造 → 3630 (exactMatch), 3610 汽车整车制造 → 3611 汽柴油车 and 3612 新能源车
#     (narrowMatch: the 2017 classes are narrower).
#  3. Nothing is stated when a class has the same code and the same name in both editions (the codes agree),
#     nor for classes that were split, merged or renamed without a curated pair.
# The 2017 side uses the errata-patched table (e.g. gbt2017:3670 is missing from the source dump).
""",
}


def _render(graph: Graph, name: str) -> bytes:
    """Turtle with a comment header; the scheme first, then the concepts in IRI (code) order."""
    sources = " and ".join(OUTPUT_FILES[name])
    header = _HEADERS[name] + _GENERATED.format(sources=sources) + "\n"
    serializer = TurtleSerializer(graph)
    # rdflib puts instances of topClasses first, sorted by IRI; the rest is sorted by in-degree, then IRI
    serializer.topClasses = [SKOS.ConceptScheme, SKOS.Concept]
    body = io.BytesIO()
    serializer.serialize(body, encoding="utf-8")
    return header.encode("utf-8") + body.getvalue()


def generate(source_dir: str | Path = SOURCE_DIR) -> dict[str, bytes]:
    """Render the four code-list files (name → Turtle bytes, with a comment header).

    Examples
    --------
    >>> files = generate()
    >>> sorted(files)
    ['gbt4754-2011.ttl', 'gbt4754-2017.ttl', 'gbt4754-crosswalk.ttl', 'hs2022.ttl']
    >>> files["gbt4754-crosswalk.ttl"].startswith(b"# Crosswalk")
    True
    """
    src = Path(source_dir)
    graphs = {
        "hs2022.ttl": build_hs2022(src / "hs2022.csv"),
        "gbt4754-2017.ttl": build_gbt4754_2017(src / "gbt4754-2017.csv"),
        "gbt4754-2011.ttl": build_gbt4754_2011(src / "gbt4754-2011.csv"),
        "gbt4754-crosswalk.ttl": build_crosswalk(src / "gbt4754-2011.csv", src / "gbt4754-2017.csv"),
    }
    return {name: _render(g, name) for name, g in graphs.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m chaingraph.tools.codelists [--source DIR] [--out DIR]``.

    Writes the four Turtle files into ``--out`` (default ``ontology/codes``) and prints one line per file.
    """
    parser = argparse.ArgumentParser(prog="python -m chaingraph.tools.codelists",
                                     description="Generate the SKOS code lists from the source tables.")
    parser.add_argument("--source", type=Path, default=SOURCE_DIR, help="directory of the source CSV tables")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="directory to write the .ttl files into")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in generate(args.source).items():
        (args.out / name).write_bytes(data)
        print(f"wrote {args.out / name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
