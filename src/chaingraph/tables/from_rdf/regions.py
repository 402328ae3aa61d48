"""The rows of regions.csv (with the other names and surveys of each region), and the region each place (a
region or a park) lies in."""

from __future__ import annotations

from collections import defaultdict

from rdflib.term import Node

from chaingraph.sparql.catalogue import named_query
from chaingraph.store.protocol import QueryableGraph
from chaingraph.tables.from_rdf.common import facts_of, first, group_rows, join, local
from chaingraph.tables.from_rdf.queries import REGION_EXTRAS

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


def region_rows(kg: QueryableGraph, places: Places, chain_ids: dict[Node, str],
                warnings: list[str]) -> list[dict[str, str]]:
    """The rows of regions.csv: each region after its parent, siblings by id, with its aliases and surveys."""
    rows = _tree_rows(places)
    aliases = facts_of(kg.select(REGION_EXTRAS))
    surveyed = _surveys(kg, places, chain_ids, warnings)
    by_id = {places.ids[iri]: iri for iri in places.regions}
    for row in rows:
        iri = by_id[row["id"]]
        names = aliases.get(iri, {}).get("aliases", [])
        row["aliases"] = join(str(n) for n in sorted(names, key=lambda n: (getattr(n, "language", None) != "zh",
                                                                           str(n))))
        row["surveyed"] = surveyed.get(iri, "")
    return rows


def _surveys(kg: QueryableGraph, places: Places, chain_ids: dict[Node, str], warnings: list[str]) -> dict[Node, str]:
    """The cell ``surveyed`` of each region: ``*`` when a statement covers every chain, else its chain ids."""
    chains: dict[Node, set[str]] = defaultdict(set)
    every: set[Node] = set()
    statements: dict[Node, tuple[Node, set[Node], set[Node]]] = {}
    for row in kg.select(named_query("coverage").text):
        _, found_chains, found_links = statements.setdefault(row["statement"], (row["region"], set(), set()))
        if "chain" in row:
            found_chains.add(row["chain"])
        if "link" in row:
            found_links.add(row["link"])
    for region, found_chains, found_links in statements.values():
        if region not in places.regions:
            continue
        if found_links:
            warnings.append(f"the survey of region '{places.ids[region]}' covers single links "
                            f"({', '.join(sorted(local(link) for link in found_links))}): the tables keep the "
                            "chains a survey covers, not its links: left out")
        if not found_chains and not found_links:
            every.add(region)
        chains[region] |= {chain_ids.get(chain, local(chain, "chain-")) for chain in found_chains}
    return {region: "*" if region in every else join(sorted(ids)) for region, ids in chains.items()
            if region in every or ids}


def _tree_rows(places: Places) -> list[dict[str, str]]:
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
