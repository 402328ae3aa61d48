"""The reference tables of the code lists (``ontology/codes/source``) as rows: HS 2022 and GB/T 4754-2017
and -2011, with the errata of the 2017 source dump patched, and the 2011 → 2017 crosswalk pairs.

:mod:`chaingraph.vocab.codes` reads them to check codes without loading RDF; the generator of the
SKOS files (:mod:`chaingraph.tools.codelists`) builds its graphs from them.

>>> rows = {r.code: r for r in read_gbt4754_2017(source_dir() / "gbt4754-2017.csv")}
>>> rows["3670"].name, rows["3670"].parent
('汽车零部件及配件制造', '367')
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rdflib import URIRef

from chaingraph.paths import ontology_dir
from chaingraph.vocab.namespaces import SKOS

__all__ = [
    "CROSSWALK_CURATED", "GBT2017_DROP", "GBT2017_DROP_NOTE", "GBT2017_MISSING", "GBT2017_MOVE_NOTE",
    "GBT2017_RECODE", "GBT2017_RENAME", "GBT2017_REPARENT", "GbtRow", "HsRow", "crosswalk_pairs", "hs_notation",
    "read_gbt4754_2011", "read_gbt4754_2017", "read_hs2022", "source_dir",
]


def source_dir() -> Path:
    """The folder of the reference tables (installed with the package, or in a source checkout)."""
    return ontology_dir() / "codes" / "source"

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
    >>> rows = read_hs2022(source_dir() / "hs2022.csv")
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
    >>> rows = {r.code: r for r in read_gbt4754_2011(source_dir() / "gbt4754-2011.csv")}
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
    >>> rows = {r.code: r for r in read_gbt4754_2017(source_dir() / "gbt4754-2017.csv")}
    >>> rows["0712"].name, rows["3611"].parent, rows["37"].name
    ('海洋石油开采', '361', '铁路、船舶、航空航天和其他运输设备制造业')
    >>> "3032" in rows, rows["0512"].note
    (False, '指为农业生产提供农业机械并配备操作人员的活动')
    """
    raw = _read_gbt(path)

    def fail(what: str) -> ValueError:
        return ValueError(f"{path}: erratum no longer applies ({what}); review the GBT2017_* errata")

    rows = _recoded(raw, fail)
    _patch(rows, {r.code: r.note for r in raw}, fail)
    return sorted(rows.values(), key=lambda r: (r.level, r.code))


def _recoded(raw: list[GbtRow], fail: Callable[[str], ValueError]) -> dict[str, GbtRow]:
    """The rows of the dump by code, its duplicated code corrected and its missing rows added."""
    rows: dict[str, GbtRow] = {}
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
    return rows


def _patch(rows: dict[str, GbtRow], original_notes: dict[str, str], fail: Callable[[str], ValueError]) -> None:
    """Correct parents, names and scope notes in place, and drop the rows left over from 2011."""

    def fix(code: str, text: str, **changes: Any) -> None:
        r = rows[code]
        rows[code] = replace(r, **changes, fixes=(*r.fixes, text))

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




def hs_notation(code: str) -> str:
    """The HS notation of a code: chapters "76", headings "7604", subheadings "7604.21".

    >>> hs_notation("760421"), hs_notation("7604")
    ('7604.21', '7604')
    """
    return f"{code[:4]}.{code[4:]}" if len(code) == 6 else code


#: Curated 2011 → 2017 pairs (the classes of the bundled chains whose numbers moved), added whatever the names say.
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
    >>> pairs = crosswalk_pairs(read_gbt4754_2011(source_dir() / "gbt4754-2011.csv"),
    ...                         read_gbt4754_2017(source_dir() / "gbt4754-2017.csv"))
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
