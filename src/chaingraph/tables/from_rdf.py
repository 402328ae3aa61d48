"""RDF → tables: the chains, links, flows, regions and companies of any knowledge graph as table rows.

Everything is read through named SPARQL queries (``table-*``, ``flows``, ``link-codes``,
``actor-capacities``, ``chain-leaders``), so the export works on every store. The rows are sorted, so the
same graph always gives the same tables, and importing them gives back the facts the tables carry
(``docs/tables.md`` lists them); an import → export → import gives the same graph as the first import.

>>> from chaingraph.knowledge import KnowledgeGraph
>>> rows, warnings = export_rows(KnowledgeGraph.open())
>>> [r["id"] for r in rows["chains"]]
['aluminium', 'copper', 'gear']
>>> next(r for r in rows["companies"] if r["name"] == "旗能电铝")["role"]
'leader'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.term import Node

from chaingraph.sparql.catalogue import named_query
from chaingraph.store.protocol import QueryableGraph, Row
from chaingraph.tables.magnitudes import QuantityError, canonical, parse_amount, read_quantity, unit_text
from chaingraph.tables.schema import SEPARATORS, TABLES
from chaingraph.vocab.code_tables import hs_notation
from chaingraph.vocab.namespaces import GBT2017, HS, PREFIXES

__all__ = ["export_rows"]

Rows = dict[str, list[dict[str, str]]]


def _local(iri: Node, prefix: str = "") -> str:
    local = re.split(r"[/#]", str(iri))[-1]
    return local[len(prefix):] if prefix and local.startswith(prefix) else local


def _text(value: str) -> str:
    """One value of a cell: no separator inside it (it would split the value), no line break."""
    return re.sub(r"\s+", " ", SEPARATORS.sub("，", value)).strip()


def _join(values: Iterable[str]) -> str:
    return "; ".join(_text(v) for v in values if v)


def _first(values: Iterable[object]) -> str:
    texts = sorted(str(v) for v in values if v is not None)
    return texts[0] if texts else ""


def _code_text(code: Node, namespace: str, scheme: str) -> str:
    text = str(code)
    if text.startswith(str(namespace)):
        local = text[len(str(namespace)):]
        return hs_notation(local) if scheme == "hs2022" and local.isdigit() else local
    for prefix, base in PREFIXES.items():
        if text.startswith(base):
            return f"{prefix}:{text[len(base):]}"
    return text


def _number(value: Node) -> Decimal | None:
    try:
        python = value.toPython() if isinstance(value, Literal) else value
        return Decimal(canonical(Decimal(str(python))))
    except Exception:
        return None


def export_rows(kg: QueryableGraph) -> tuple[Rows, list[str]]:
    """The rows of every table for the graph of *kg*, and warnings about facts the tables cannot hold."""
    warnings: list[str] = []
    chain_ids, chain_rows = _chain_rows(kg)
    link_rows = _link_rows(kg, chain_ids)
    flow_rows = _flow_rows(kg)
    places = _Places(kg)
    rows: Rows = {"chains": chain_rows, "links": link_rows, "flows": flow_rows, "regions": _region_rows(places),
                  "companies": _Companies(kg, places, warnings).rows()}
    for name, table_rows in rows.items():  # every column, in the documented order
        rows[name] = [{c: row.get(c, "") for c in TABLES[name].column_names} for row in table_rows]
    return rows, warnings


def _group(rows: Iterable[Row], key: str, columns: Sequence[str]) -> dict[Node, dict[str, set[str]]]:
    """For each thing (the value of *key*), the texts of each of *columns* over all its rows."""
    groups: dict[Node, dict[str, set[str]]] = {}
    for row in rows:
        entry = groups.setdefault(row[key], defaultdict(set))
        for column in columns:
            if column in row:
                entry[column].add(str(row[column]))
    return groups


# -- chains, links and flows ------------------------------------------------------------------------------


def _chain_rows(kg: QueryableGraph) -> tuple[dict[Node, str], list[dict[str, str]]]:
    """The id of each chain, and the rows of chains.csv."""
    chains = _group(kg.select(named_query("table-chains").text), "chain", ("id", "label_zh", "label_en", "formula"))
    chain_ids = {iri: _first(entry["id"]) or _local(iri, "chain-") for iri, entry in chains.items()}
    rows = [{"id": chain_ids[iri], "label_zh": _first(e["label_zh"]) or _first(e["label_en"]),
             "label_en": _first(e["label_en"]), "formula": _first(e["formula"])} for iri, e in chains.items()]
    return chain_ids, sorted(rows, key=lambda r: r["id"])


def _link_rows(kg: QueryableGraph, chain_ids: dict[Node, str]) -> list[dict[str, str]]:
    """The rows of links.csv, with the feeds and codes of each link, by chain and segment order."""
    found = kg.select(named_query("table-links").text)
    links = _group(found, "link", ("id", "label_zh", "label_en", "stage", "segment_zh"))
    chains: dict[Node, set[Node]] = defaultdict(set)
    orders: dict[Node, set[int]] = defaultdict(set)
    for row in found:
        if "chain" in row:
            chains[row["link"]].add(row["chain"])
        if "segment_order" in row:
            orders[row["link"]].add(int(str(row["segment_order"])))
    feeds, codes = _feeds(kg), _codes(kg)
    keyed: list[tuple[tuple[str, int, str, str], dict[str, str]]] = []
    for iri, entry in links.items():
        link_id = _first(entry["id"]) or _local(iri)
        chain = min(chains[iri], key=str) if chains[iri] else None
        segment = _first(entry["segment_zh"])
        cells = {"chain": chain_ids.get(chain, _local(chain, "chain-")) if chain is not None else "",
                 "id": link_id, "label_zh": _first(entry["label_zh"]) or _first(entry["label_en"]),
                 "label_en": _first(entry["label_en"]), "stage": _first(entry["stage"]), "segment": segment,
                 "feeds": _join(sorted(feeds.get(link_id, ()))),
                 "hs_codes": _join(sorted(codes[link_id]["hs_codes"])),
                 "gbt2017_codes": _join(sorted(codes[link_id]["gbt2017_codes"]))}
        # segments come in their order: the import numbers them by first appearance
        order = min(orders[iri]) if orders[iri] else 10**9
        keyed.append(((cells["chain"], order, segment, link_id), cells))
    return [cells for _, cells in sorted(keyed, key=lambda item: item[0])]


def _feeds(kg: QueryableGraph) -> dict[str, set[str]]:
    """The ids of the links each link (by id) feeds."""
    feeds: dict[str, set[str]] = defaultdict(set)
    for row in kg.select(named_query("flows").text):
        feeds[str(row["from_id"])].add(str(row["to_id"]))
    return feeds


def _codes(kg: QueryableGraph) -> dict[str, dict[str, set[str]]]:
    """The cells ``hs_codes`` and ``gbt2017_codes`` of each link (by id), as sets of codes."""
    codes: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in kg.select(named_query("link-codes").text):
        if str(row["scheme"]) == "hs2022":
            codes[str(row["id"])]["hs_codes"].add(_code_text(row["code"], HS, "hs2022"))
        else:
            codes[str(row["id"])]["gbt2017_codes"].add(_code_text(row["code"], GBT2017, "gbt2017"))
    return codes


def _flow_rows(kg: QueryableGraph) -> list[dict[str, str]]:
    """The rows of flows.csv."""
    flows = _group(kg.select(named_query("table-flows").text), "flow", ("from_id", "to_id", "kind", "product_label"))
    rows = [{"from": _first(e["from_id"]), "to": _first(e["to_id"]), "kind": _first(e["kind"]),
             "carries": _join(sorted(e["product_label"]))} for e in flows.values()]
    return sorted(rows, key=lambda r: (r["from"], r["to"], r["kind"], r["carries"]))


# -- regions ----------------------------------------------------------------------------------------------


class _Places:
    """The regions and parks of the graph, and the region each place lies in (parks are not exported)."""

    def __init__(self, kg: QueryableGraph) -> None:
        found = kg.select(named_query("table-places").text)
        self.places = _group(found, "place", ("kind", "id", "label_zh", "label_en"))
        self.parents: dict[Node, set[Node]] = defaultdict(set)
        for row in found:
            if "parent" in row:
                self.parents[row["place"]].add(row["parent"])
        self.regions = {iri: e for iri, e in self.places.items() if "region" in e["kind"]}
        self.ids = {iri: _first(e["id"]) or _local(iri, "region-") for iri, e in self.regions.items()}

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


def _region_rows(places: _Places) -> list[dict[str, str]]:
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
                rows.append({"id": places.ids[iri], "label_zh": _first(entry["label_zh"]),
                             "label_en": _first(entry["label_en"]),
                             "parent": places.ids[parent] if parent is not None else ""})
    return rows


def _visit(places: _Places, children: dict[Node | None, list[Node]], parent: Node | None, seen: frozenset[Node],
           rows: list[dict[str, str]]) -> None:
    """Add the rows of the regions under *parent*, depth first."""
    for iri in sorted(children.get(parent, ()), key=lambda i: places.ids[i]):
        if iri in seen:
            continue
        entry = places.regions[iri]
        rows.append({"id": places.ids[iri], "label_zh": _first(entry["label_zh"]) or _first(entry["label_en"])
                     or places.ids[iri], "label_en": _first(entry["label_en"]),
                     "parent": places.ids[parent] if parent is not None else ""})
        _visit(places, children, iri, seen | {iri}, rows)


# -- companies --------------------------------------------------------------------------------------------

#: the facts of table-actors whose ?text is the cell (the others are IRIs in ?value)
_TEXT_FACTS = ("label", "alias", "link", "status", "source_title", "source_url")


@dataclass
class _Actor:
    """The facts of a company or project, as table-actors gives them."""

    type: str = ""  #: company or project
    facts: dict[str, list[Node | None]] = field(default_factory=lambda: defaultdict(list))  #: fact → values
    titled: list[tuple[Node, Node]] = field(default_factory=list)  #: (source, title)
    urls: list[tuple[Node, Node]] = field(default_factory=list)  #: (source, URL)


def _read_actors(kg: QueryableGraph) -> dict[Node, _Actor]:
    actors: dict[Node, _Actor] = {}
    for row in kg.select(named_query("table-actors").text):
        actor = actors.setdefault(row["actor"], _Actor())
        actor.type = str(row["type"])
        fact = str(row["fact"])
        actor.facts[fact].append(row.get("text") if fact in _TEXT_FACTS else row.get("value"))
        if fact == "source_title":
            actor.titled.append((row["value"], row["text"]))
        if fact == "source_url":
            actor.urls.append((row["value"], row["text"]))
    return actors


def _zh_first(literal: Node | None) -> tuple[bool, str]:
    """Sort key: Chinese texts first, then by text."""
    return getattr(literal, "language", None) != "zh", str(literal)


class _Companies:
    """The rows of companies.csv: names, aliases, region, links, status, capacity, customers, role, sources."""

    def __init__(self, kg: QueryableGraph, places: _Places, warnings: list[str]) -> None:
        self.places = places
        self.warnings = warnings
        self.actors = _read_actors(kg)
        self.names: dict[Node, str] = {}
        self.aliases: dict[Node, list[str]] = {}
        for iri, actor in self.actors.items():
            labels = sorted(actor.facts["label"], key=_zh_first)
            name = _text(str(labels[0])) if labels else _local(iri, "org-")
            self.names[iri] = name
            self.aliases[iri] = sorted({_text(str(lit)) for lit in [*labels[1:], *actor.facts["alias"]]} - {"", name})
        self._warn_of_namesakes()
        self.capacities: dict[Node, list[Row]] = defaultdict(list)
        for row in kg.select(named_query("actor-capacities").text):
            self.capacities[row["actor"]].append(row)
        self.leaders = {row["leader"] for row in kg.select(named_query("chain-leaders").text)}

    def _warn_of_namesakes(self) -> None:
        seen: dict[str, Node] = {}
        for iri in sorted(self.actors, key=str):
            name = self.names[iri]
            if name in seen:
                self.warnings.append(f"two companies are called '{name}' ({seen[name]} and {iri}): "
                                     "the tables cannot tell them apart, an import merges them")
            seen.setdefault(name, iri)

    def rows(self) -> list[dict[str, str]]:
        rows = [self._row(iri, actor) for iri, actor in self.actors.items()]
        return sorted(rows, key=lambda r: (r["name"], r["region"], r["links"]))

    def _row(self, iri: Node, actor: _Actor) -> dict[str, str]:
        region = self._region(iri, actor)
        statuses = sorted(str(s) for s in actor.facts["status"] if s is not None)
        status = statuses[0] if statuses else ("planned" if actor.type == "project" else "")
        capacity, unit = self._capacity(iri)
        return {
            "name": self.names[iri], "aliases": _join(self.aliases[iri]),
            "region": self.places.ids[region] if region is not None else "",
            "links": _join(sorted({str(t) for t in actor.facts["link"] if t is not None})), "status": status,
            "capacity": capacity, "capacity_unit": unit, "customers": _join(self._customers(iri, actor)),
            "suppliers": "", "role": "leader" if iri in self.leaders else "", "source": _join(_sources(actor)),
        }

    def _region(self, iri: Node, actor: _Actor) -> Node | None:
        """The region the actor lies in (a warning when its place is in no known region)."""
        places_of = sorted(actor.facts["place"], key=str)
        region = next((r for r in (self.places.region_of(p) for p in places_of) if r is not None), None)
        if places_of and region is None:
            self.warnings.append(f"'{self.names[iri]}' lies in {places_of[0]}, which is not a known region: left out")
        return region

    def _capacity(self, iri: Node) -> tuple[str, str]:
        """The cells capacity and capacity_unit: the first capacity (a warning when there are more)."""
        found = sorted(self.capacities.get(iri, ()), key=lambda r: (str(r.get("unit")), str(r.get("value"))))
        if not found:
            return "", ""
        if len(found) > 1:
            self.warnings.append(f"'{self.names[iri]}' has {len(found)} capacities: the tables keep one")
        return _capacity(found[0])

    def _customers(self, iri: Node, actor: _Actor) -> list[str]:
        """The names of the companies the actor supplies (a warning for each customer that is not a company)."""
        customers = sorted(self.names[c] for c in actor.facts["customer"] if c in self.names)
        for customer in sorted({str(c) for c in actor.facts["customer"] if c is not None and c not in self.names}):
            self.warnings.append(f"'{self.names[iri]}' supplies {customer}, which is not a company: left out")
        return customers


def _sources(actor: _Actor) -> list[str]:
    """The cell ``source``: the URL of each source, else its title (Chinese first)."""
    sources: dict[Node, str] = {}
    for source, url in sorted(actor.urls, key=lambda pair: str(pair[1])):
        sources.setdefault(source, str(url))
    for source, title in sorted(actor.titled, key=lambda pair: _zh_first(pair[1])):
        sources.setdefault(source, str(title))
    return sorted(set(sources.values()))


def _capacity(row: Row) -> tuple[str, str]:
    """The capacity cell (the stated text when it reads back as the same amount) and the unit cell (empty when
    the capacity cell names its unit)."""
    value = _number(row["value"])
    unit = URIRef(str(row["unit"]))
    stated = _text(str(row["stated"])) if row.get("stated") is not None else ""
    if stated and value is not None:
        amount = parse_amount(stated)
        try:
            reading = read_quantity(stated, "" if amount is None or amount.unit else unit_text(unit))
        except QuantityError:
            reading = None
        if reading is not None and reading.value == value and reading.unit == unit:
            return stated, "" if reading.names_unit else unit_text(unit)
    return (canonical(value) if value is not None else str(row["value"])), unit_text(unit)
