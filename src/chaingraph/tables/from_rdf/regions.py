"""The rows of regions.csv, and the region each place (a region or a park) lies in."""

from __future__ import annotations

from collections import defaultdict

from rdflib.term import Node

from chaingraph.sparql.catalogue import named_query
from chaingraph.store.protocol import QueryableGraph
from chaingraph.tables.from_rdf.common import first, group_rows, local

__all__ = ["Places", "region_rows"]


class Places:
    """The regions and parks of the graph, and the region each place lies in (parks are not exported)."""

    def __init__(self, kg: QueryableGraph) -> None:
        found = kg.select(named_query("table-places").text)
        self.places = group_rows(found, "place", ("kind", "id", "label_zh", "label_en"))
        self.parents: dict[Node, set[Node]] = defaultdict(set)
        for row in found:
            if "parent" in row:
                self.parents[row["place"]].add(row["parent"])
        self.regions = {iri: e for iri, e in self.places.items() if "region" in e["kind"]}
        self.ids = {iri: first(e["id"]) or local(iri, "region-") for iri, e in self.regions.items()}

    def region_of(self, place: Node | None, seen: frozenset[Node] = frozenset()) -> Node | None:
        """The region *place* is, or lies in (through parks and other places)."""
        if place in self.regions:
            return place
        if place is not None and place in self.places and place not in seen:
            for parent in sorted(self.parents[place], key=str):
                found = self.region_of(parent, seen | {place})
                if found is not None:
                    return found
        return None

    def parent_region(self, region: Node) -> Node | None:
        """The first (by IRI) of the regions *region* lies in directly."""
        parents = [p for p in sorted(self.parents[region], key=str) if p in self.regions]
        return parents[0] if parents else None


def region_rows(places: Places) -> list[dict[str, str]]:
    """The rows of regions.csv: each region after its parent, siblings by id."""
    children: dict[Node | None, list[Node]] = defaultdict(list)
    for iri in places.regions:
        children[places.parent_region(iri)].append(iri)
    rows: list[dict[str, str]] = []
    _visit(places, children, None, frozenset(), rows)
    if len(rows) < len(places.regions):  # a cycle in the data: export the rest in id order
        done = {r["id"] for r in rows}
        for iri in sorted(places.regions, key=lambda i: places.ids[i]):
            if places.ids[iri] not in done:
                entry, parent = places.regions[iri], places.parent_region(iri)
                rows.append({"id": places.ids[iri], "label_zh": first(entry["label_zh"]),
                             "label_en": first(entry["label_en"]),
                             "parent": places.ids[parent] if parent is not None else ""})
    return rows


def _visit(places: Places, children: dict[Node | None, list[Node]], parent: Node | None, seen: frozenset[Node],
           rows: list[dict[str, str]]) -> None:
    """Add the rows of the regions under *parent*, depth first."""
    for iri in sorted(children.get(parent, ()), key=lambda i: places.ids[i]):
        if iri in seen:
            continue
        entry = places.regions[iri]
        rows.append({"id": places.ids[iri], "label_zh": first(entry["label_zh"]) or first(entry["label_en"])
                     or places.ids[iri], "label_en": first(entry["label_en"]),
                     "parent": places.ids[parent] if parent is not None else ""})
        _visit(places, children, iri, seen | {iri}, rows)
