"""Where a firm is: its region from the register's region columns, else from its registered address.

Names come from the knowledge graph: every region's id, labels and alternative labels (named query
``names``), and industrial parks (``table-places``), which stand for the region they lie in. A name is also
known without its suffix (省, 市, 区, 县, 自治区, 自治州, 特别行政区, 新区): 深圳 is 深圳市. In an address
the most specific region named wins (綦江区 over 重庆市); a name without an administrative suffix followed
by 路, 街, 大道, 巷 or 道 is a street (「綦江路」), not the region.

>>> g = Gazetteer.from_places([("urn:cq", "region", None, {"重庆市", "chongqing"}),
...                            ("urn:qj", "region", "urn:cq", {"綦江区"})])
>>> g.from_address("重庆市綦江区古南街道") , g.from_address("重庆綦江古南街道"), g.from_address("重庆市渝北区綦江路8号")
('urn:qj', 'urn:qj', 'urn:cq')
>>> g.from_columns(["重庆", "", "江津区"])
'urn:cq'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from chaingraph.mapping.text import normalise
from chaingraph.sparql.catalogue import named_query
from chaingraph.store.protocol import QueryableGraph

__all__ = ["SUFFIXES", "Gazetteer", "Place"]

#: administrative suffixes a name may be written without (longest first)
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "新区", "地区", "省", "市", "区", "县", "旗", "盟")
_STREET = re.compile(r"(?:路|街|大道|巷|道)")


@dataclass
class Place:
    iri: str
    region: str  #: the region it stands for: itself, or for a park the region it lies in
    parent: str | None
    depth: int = 0  #: how many regions it lies in
    labels: dict[str, str] = field(default_factory=dict)  #: "id", "zh", "en"


def _core(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@dataclass
class Gazetteer:
    """The regions of the knowledge graph by name, with their nesting."""

    places: dict[str, Place] = field(default_factory=dict)
    full: dict[str, set[str]] = field(default_factory=dict)  #: normalised full name → places
    cores: dict[str, set[str]] = field(default_factory=dict)  #: name without suffix → places
    _pattern: re.Pattern[str] | None = None

    @classmethod
    def from_places(cls, rows: Iterable[tuple[str, str, str | None, set[str]]]) -> Gazetteer:
        """From (IRI, ``region`` or ``park``, parent IRI, names) rows."""
        gazetteer = cls()
        kinds: dict[str, str] = {}
        for iri, kind, parent, names in rows:
            gazetteer.places[iri] = Place(iri, iri, parent)
            kinds[iri] = kind
            for name in names:
                key = normalise(name)
                if not key or key.startswith("HTTP"):
                    continue
                gazetteer.full.setdefault(key, set()).add(iri)
                core = _core(key) if kind == "region" else key
                if core != key:
                    gazetteer.cores.setdefault(core, set()).add(iri)
        for place in gazetteer.places.values():
            place.depth, place.region = gazetteer._walk(place, kinds)
        words = sorted({*gazetteer.full, *gazetteer.cores}, key=lambda w: (-len(w), w))
        gazetteer._pattern = re.compile("|".join(map(re.escape, words))) if words else None
        return gazetteer

    def _walk(self, place: Place, kinds: dict[str, str]) -> tuple[int, str]:
        depth, region, seen, current = 0, None, {place.iri}, place
        while True:
            if region is None and kinds.get(current.iri) == "region":
                region = current.iri
            parent = self.places.get(current.parent or "")
            if parent is None or parent.iri in seen:
                return depth, region or place.iri
            seen.add(parent.iri)
            depth, current = depth + 1, parent

    @classmethod
    def read(cls, kg: QueryableGraph) -> Gazetteer:
        """The regions and parks of *kg* (named queries ``names`` and ``table-places``)."""
        names: dict[str, set[str]] = {}
        for row in kg.select_plain(named_query("names").text):
            if row["type"] == "region":
                names.setdefault(str(row["thing"]), set()).add(str(row["name"]))
        rows: dict[str, tuple[str, str, str | None, set[str]]] = {}
        labels: dict[str, dict[str, str]] = {}
        for row in kg.select_plain(named_query("table-places").text):
            iri = str(row["place"])
            found = names.get(iri, set()) | {str(row[k]) for k in ("id", "label_zh", "label_en") if row.get(k)}
            parent = str(row["parent"]) if row.get("parent") else None
            rows.setdefault(iri, (iri, str(row["kind"]), parent, found))
            labels.setdefault(iri, {k.removeprefix("label_"): str(row[k]) for k in ("id", "label_zh", "label_en")
                                    if row.get(k)})
        gazetteer = cls.from_places(sorted(rows.values()))
        for iri, place in gazetteer.places.items():
            place.labels = labels.get(iri, {})
        return gazetteer

    def _lookup(self, name: str) -> set[str]:
        key = normalise(name)
        return self.full.get(key) or self.cores.get(key) or self.cores.get(_core(key)) or set()

    def _best(self, iris: Iterable[str]) -> str | None:
        ranked = sorted(iris, key=lambda i: (-self.places[i].depth, i))
        return self.places[ranked[0]].region if ranked else None

    def from_columns(self, cells: Sequence[str]) -> str | None:
        """The region of the most specific of the cells (province, city, county) that names a known region."""
        for cell in reversed(cells):
            found = self._lookup(cell) if cell.strip() else set()
            if found:
                return self._best(found)
        return None

    def from_address(self, address: str) -> str | None:
        """The most specific known region the address names."""
        if self._pattern is None:
            return None
        text = normalise(address)
        found: set[str] = set()
        for match in self._pattern.finditer(text):
            word = match.group()
            if not word.endswith(SUFFIXES) and _STREET.match(text, match.end()):
                continue  # 綦江路 is a street
            found |= self.full.get(word, set()) | self.cores.get(word, set())
        return self._best(found)

    def label(self, iri: str, lang: str) -> str:
        """The name of a region in *lang* (else Chinese, else its id, else its IRI)."""
        labels = self.places[iri].labels if iri in self.places else {}
        return labels.get(lang) or labels.get("zh") or labels.get("id") or iri

    def inside(self, iri: str, ancestor: str) -> bool:
        """Whether the region *iri* is *ancestor* or lies in it."""
        seen: set[str] = set()
        current: str | None = iri
        while current is not None and current not in seen:
            if current == ancestor:
                return True
            seen.add(current)
            place = self.places.get(current)
            current = place.parent if place else None
        return False
