"""Build the code lists as SKOS concept schemes, from the reference tables in ``ontology/codes/source``.

Four Turtle files are generated into ``ontology/codes``:

* ``hs2022.ttl`` — the Harmonized System 2022 (sections, chapters, headings, 6-digit subheadings);
* ``gbt4754-2017.ttl`` — 国民经济行业分类 GB/T 4754-2017, with the errata of the source dump patched
  (the ``GBT2017_*`` constants and ``ontology/codes/README.md``);
* ``gbt4754-2011.ttl`` — GB/T 4754-2011 (names only);
* ``gbt4754-crosswalk.ttl`` — ``skos:exactMatch`` / ``skos:narrowMatch`` from 2011 classes to 2017 classes.

Regenerate them with ``python -m chaingraph.codelists [--source DIR] [--out DIR]``. The output is
deterministic: the same sources give byte-identical files.

The CSV readers are also used by :mod:`chaingraph.codes` to check codes without loading RDF.

>>> from chaingraph.codelists import SOURCE_DIR, read_gbt4754_2017
>>> rows = {r.code: r for r in read_gbt4754_2017(SOURCE_DIR / "gbt4754-2017.csv")}
>>> rows["3670"].name, rows["3670"].parent
('汽车零部件及配件制造', '367')
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.serializers.turtle import TurtleSerializer

from chaingraph.namespaces import CGD, DCTERMS, GBT2011, GBT2017, HS, PROV, RDF, SKOS

__all__ = [
    "CROSSWALK_CURATED", "GBT2017_DROP", "GBT2017_DROP_NOTE", "GBT2017_MISSING", "GBT2017_MOVE_NOTE",
    "GBT2017_RECODE", "GBT2017_RENAME", "GBT2017_REPARENT", "OUTPUT_FILES", "OUT_DIR", "SOURCE_DIR",
    "GbtRow", "HsRow", "build_crosswalk", "build_gbt4754_2011", "build_gbt4754_2017", "build_hs2022",
    "crosswalk_pairs", "generate", "hs_notation", "main", "read_gbt4754_2011", "read_gbt4754_2017",
    "read_hs2022", "roman_to_int",
]

_REPO_ROOT = Path(__file__).resolve().parents[2]
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
# rows
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HsRow:
    """One row of ``hs2022.csv`` (the ``TOTAL`` pseudo-row is skipped)."""

    section: str  #: roman numeral, "I" … "XXI"; "" for chapter 99 (not in a section)
    code: str  #: 2, 4 or 6 digits
    description: str
    parent: str  #: the parent code; "" for chapters
    level: int  #: 2, 4 or 6


@dataclass(frozen=True)
class GbtRow:
    """One class of GB/T 4754: 门类 (level 0, a letter), 大类 (1), 中类 (2) or 小类 (3)."""

    code: str
    name: str
    parent: str  #: "" for a 门类
    level: int
    note: str = ""  #: the scope note (说明), "" if none
    fixes: tuple[str, ...] = ()  #: what was corrected in this row (English), for ``skos:editorialNote``


_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")


def _clean(text: str) -> str:
    """Strip, and drop whitespace between two CJK characters (a PDF-extraction artefact of the dumps).

    >>> _clean(" 包括稻 谷、 遥控  ")
    '包括稻谷、遥控'
    >>> _clean("针织 T 恤")
    '针织 T 恤'
    """
    return _CJK_GAP.sub("", text.strip())


def read_hs2022(path: str | Path) -> list[HsRow]:
    """Read ``hs2022.csv`` (columns section, hscode, description, parent, level).

    Parameters
    ----------
    path : str or Path
        The CSV file.

    Returns
    -------
    list of HsRow
        In file order, without the ``TOTAL`` row; chapters get ``parent=""``. Chapter 99 (UN Comtrade's
        "commodities not specified according to kind", not part of the WCO nomenclature) gets ``section=""``.

    Examples
    --------
    >>> rows = read_hs2022(SOURCE_DIR / "hs2022.csv")
    >>> len(rows), rows[0]
    (6939, HsRow(section='I', code='01', description='Animals; live', parent='', level=2))
    """
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["hscode"] == "TOTAL":
                continue
            parent = "" if r["parent"] == "TOTAL" else r["parent"]
            section = "" if r["section"] == "TOTAL" else r["section"]
            rows.append(HsRow(section, r["hscode"], r["description"].strip(), parent, int(r["level"])))
    return rows


def _read_gbt(path: str | Path) -> list[GbtRow]:
    with open(path, encoding="utf-8", newline="") as f:
        return [
            GbtRow(r["code"].strip(), _clean(r["name"]), r["parent"].strip(), int(r["level"]),
                   _clean(r.get("description") or ""))
            for r in csv.DictReader(f)
        ]


def read_gbt4754_2011(path: str | Path) -> list[GbtRow]:
    """Read ``gbt4754-2011.csv`` (columns code, name, parent, level, description — no descriptions).

    Examples
    --------
    >>> rows = {r.code: r for r in read_gbt4754_2011(SOURCE_DIR / "gbt4754-2011.csv")}
    >>> rows["3620"].name, rows["3262"].name
    ('改装汽车制造', '铝压延加工')
    """
    return _read_gbt(path)


# Errata of the 2017 source dump (a public SQL dump ``dim_industry``), patched by
# :func:`read_gbt4754_2017` and listed in ontology/codes/README.md.

#: Rows missing from the dump: (code, official name, parent, level).
GBT2017_MISSING: tuple[tuple[str, str, str, int], ...] = (
    ("84", "卫生", "Q", 1),
    ("278", "药用辅料及包装材料制造", "27", 2),
    ("2780", "药用辅料及包装材料制造", "278", 3),
    ("283", "生物基材料制造", "28", 2),
    ("2831", "生物基化学纤维制造", "283", 3),
    ("2832", "生物基、淀粉基新材料制造", "283", 3),
    ("367", "汽车零部件及配件制造", "36", 2),
    ("3670", "汽车零部件及配件制造", "367", 3),
    ("829", "其他未列明服务业", "82", 2),
    ("8290", "其他未列明服务业", "829", 3),
    ("932", "民主党派", "93", 2),
    ("9320", "民主党派", "932", 3),
    ("970", "国际组织", "97", 2),
)
#: A duplicated code: (code, name of the second row) → its real code.
GBT2017_RECODE: dict[tuple[str, str], str] = {("0711", "海洋石油开采"): "0712"}
#: Wrong parent and/or level: code → (parent, level).
GBT2017_REPARENT: dict[str, tuple[str, int]] = {
    "3611": ("361", 3), "8421": ("842", 3), "8890": ("889", 3),
    "9051": ("905", 3), "9052": ("905", 3), "9053": ("905", 3), "9054": ("905", 3), "9059": ("905", 3),
    "9221": ("922", 3), "9222": ("922", 3), "9223": ("922", 3), "9224": ("922", 3), "9225": ("922", 3),
    "9226": ("922", 3), "9620": ("962", 3), "9700": ("970", 3),
}
#: Truncated names: code → official name.
GBT2017_RENAME: dict[str, str] = {"37": "铁路、船舶、航空航天和其他运输设备制造业"}
#: Rows left over from 2011: 3032 建筑陶瓷制品制造 is 2017's 3071 (same name and scope note).
GBT2017_DROP: frozenset[str] = frozenset({"3032"})
#: Scope notes shifted to a neighbouring row: code → code of the row that holds its note.
GBT2017_MOVE_NOTE: dict[str, str] = {"0512": "0511", "0513": "0512", "5265": "5266", "1829": "19"}
#: Scope notes that belong to another class and are not replaced by a moved note: dropped.
GBT2017_DROP_NOTE: frozenset[str] = frozenset({"0511", "5266", "19", "325", "3569", "8114", "8321", "93"})


def read_gbt4754_2017(path: str | Path) -> list[GbtRow]:
    """Read ``gbt4754-2017.csv`` and patch the errata of the dump (``GBT2017_*`` constants).

    Each patched row records what was changed in :attr:`GbtRow.fixes`. The result is sorted by level,
    then code.

    Raises
    ------
    ValueError
        If an erratum no longer matches the source (the dump was corrected upstream: review the errata).

    Examples
    --------
    >>> rows = {r.code: r for r in read_gbt4754_2017(SOURCE_DIR / "gbt4754-2017.csv")}
    >>> rows["0712"].name, rows["3611"].parent, rows["37"].name
    ('海洋石油开采', '361', '铁路、船舶、航空航天和其他运输设备制造业')
    >>> "3032" in rows, rows["0512"].note
    (False, '指为农业生产提供农业机械并配备操作人员的活动')
    """
    raw = _read_gbt(path)
    original_notes = {r.code: r.note for r in raw}
    rows: dict[str, GbtRow] = {}

    def fail(what: str) -> ValueError:
        return ValueError(f"{path}: erratum no longer applies ({what}); review the GBT2017_* errata")

    def fix(code: str, text: str, **changes) -> None:
        r = rows[code]
        rows[code] = replace(r, **changes, fixes=(*r.fixes, text))

    for r in raw:
        if r.code in rows and (r.code, r.name) in GBT2017_RECODE:
            code = GBT2017_RECODE[r.code, r.name]
            text = f"Code corrected: the source dump repeats {r.code} for this row."
            r = replace(r, code=code, fixes=(text,))
        if r.code in rows:
            raise fail(f"duplicate code {r.code}")
        rows[r.code] = r
    for code, name, parent, level in GBT2017_MISSING:
        if code in rows:
            raise fail(f"{code} is present")
        rows[code] = GbtRow(code, name, parent, level,
                            fixes=("Missing from the source dump; added with its official name.",))
    for code, (parent, level) in GBT2017_REPARENT.items():
        r = rows[code]
        if (r.parent, r.level) == (parent, level):
            raise fail(f"{code} already has parent {parent}")
        fix(code, f"Parent corrected: the source dump gives {r.parent}, level {r.level}.",
            parent=parent, level=level)
    for code, name in GBT2017_RENAME.items():
        fix(code, f"Name corrected: the source dump truncates it to {rows[code].name}.", name=name)
    for code in GBT2017_DROP:
        if code not in rows:
            raise fail(f"{code} is absent")
        del rows[code]
    for code, source in GBT2017_MOVE_NOTE.items():
        fix(code, f"Scope note taken from the row of {source}, where the source dump shifted it.",
            note=original_notes[source])
    for code in GBT2017_DROP_NOTE:
        if not rows[code].note:
            raise fail(f"{code} has no scope note")
        fix(code, "Scope note dropped: the source dump gives this class the note of another class.", note="")
    return sorted(rows.values(), key=lambda r: (r.level, r.code))


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


def hs_notation(code: str) -> str:
    """The HS notation of a code: chapters "76", headings "7604", subheadings "7604.21".

    >>> hs_notation("760421"), hs_notation("7604")
    ('7604.21', '7604')
    """
    return f"{code[:4]}.{code[4:]}" if len(code) == 6 else code


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


#: Curated 2011 → 2017 pairs (domain-model §0.2), added whatever the names say.
CROSSWALK_CURATED: tuple[tuple[str, str, URIRef], ...] = (
    ("3130", "3391", SKOS.exactMatch),  # 黑色金属铸造
    ("3140", "3130", SKOS.exactMatch),  # 钢压延加工
    ("3250", "3392", SKOS.exactMatch),  # 有色金属铸造
    ("3261", "3251", SKOS.exactMatch),  # 铜压延加工
    ("3262", "3252", SKOS.exactMatch),  # 铝压延加工
    ("3391", "3393", SKOS.exactMatch),  # 锻件及粉末冶金制品制造
    ("3452", "3453", SKOS.exactMatch),  # 齿轮及齿轮减、变速箱制造
    ("3610", "3611", SKOS.narrowMatch),  # 汽车整车制造 → 汽柴油车整车制造
    ("3610", "3612", SKOS.narrowMatch),  # 汽车整车制造 → 新能源车整车制造
    ("3620", "3630", SKOS.exactMatch),  # 改装汽车制造
    ("3660", "3670", SKOS.exactMatch),  # 汽车零部件及配件制造
    ("8011", "8111", SKOS.exactMatch),  # 汽车修理与维护
)


def crosswalk_pairs(rows2011: Iterable[GbtRow], rows2017: Iterable[GbtRow]) -> list[tuple[str, str, URIRef]]:
    """2011 → 2017 class pairs: identical names under different codes, plus :data:`CROSSWALK_CURATED`.

    Only 小类 (4-digit classes) are paired, and only names that occur once among the 小类 of each
    edition. A class with the same code and the same name in both editions gives no pair.

    Returns
    -------
    list of (str, str, URIRef)
        ``(code2011, code2017, skos:exactMatch or skos:narrowMatch)``, sorted.

    Examples
    --------
    >>> pairs = crosswalk_pairs(read_gbt4754_2011(SOURCE_DIR / "gbt4754-2011.csv"),
    ...                         read_gbt4754_2017(SOURCE_DIR / "gbt4754-2017.csv"))
    >>> ("3262", "3252", SKOS.exactMatch) in pairs, ("0111", "0111", SKOS.exactMatch) in pairs
    (True, False)
    """
    classes11 = {r.code: r.name for r in rows2011 if r.level == 3}
    classes17 = {r.code: r.name for r in rows2017 if r.level == 3}
    by_name11 = Counter(classes11.values())
    by_name17 = Counter(classes17.values())
    code17_of = {name: code for code, name in classes17.items() if by_name17[name] == 1}
    pairs = set()
    for code11, name in classes11.items():
        code17 = code17_of.get(name)
        if by_name11[name] == 1 and code17 is not None and code17 != code11:
            pairs.add((code11, code17, SKOS.exactMatch))
    for code11, code17, relation in CROSSWALK_CURATED:
        if code11 not in classes11 or code17 not in classes17:
            raise ValueError(f"curated crosswalk pair {code11} → {code17}: unknown class")
        pairs.add((code11, code17, relation))
    return sorted(pairs)


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
    "# Generated by `python -m chaingraph.codelists` from {sources} in ontology/codes/source.\n"
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
#  2. Curated pairs (domain-model §0.2), e.g. 3262 → 3252 铝压延加工 (exactMatch),
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
    """Command line: ``python -m chaingraph.codelists [--source DIR] [--out DIR]``.

    Writes the four Turtle files into ``--out`` (default ``ontology/codes``) and prints one line per file.
    """
    parser = argparse.ArgumentParser(prog="python -m chaingraph.codelists",
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
