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
from decimal import Decimal
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from chaingraph.sparql.catalogue import named_query
from chaingraph.store.protocol import QueryableGraph
from chaingraph.tables.magnitudes import canonical, parse_amount, unit_iri, unit_text
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


def _join(values) -> str:
    return "; ".join(_text(v) for v in values if v)


def _first(values) -> str:
    values = sorted(str(v) for v in values if v is not None)
    return values[0] if values else ""


def _code_text(code: Node, namespace, scheme: str) -> str:
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

    # chains
    chains: dict[Node, dict[str, Any]] = {}
    for row in kg.select(named_query("table-chains").text):
        entry = chains.setdefault(row["chain"], defaultdict(set))
        for key in ("id", "label_zh", "label_en", "formula"):
            if key in row:
                entry[key].add(str(row[key]))
    chain_ids = {iri: _first(entry["id"]) or _local(iri, "chain-") for iri, entry in chains.items()}
    chain_rows = sorted(({"id": chain_ids[iri], "label_zh": _first(e["label_zh"]) or _first(e["label_en"]),
                          "label_en": _first(e["label_en"]), "formula": _first(e["formula"])}
                         for iri, e in chains.items()), key=lambda r: r["id"])

    # links, their feeds and codes
    links: dict[Node, dict[str, Any]] = {}
    for row in kg.select(named_query("table-links").text):
        entry = links.setdefault(row["link"], defaultdict(set))
        for key in ("id", "chain", "label_zh", "label_en", "stage", "segment_zh"):
            if key in row:
                entry[key].add(row[key])
        if "segment_order" in row:
            entry["segment_order"].add(int(row["segment_order"]))
    link_ids = {iri: _first(entry["id"]) or _local(iri) for iri, entry in links.items()}
    feeds: dict[str, set[str]] = defaultdict(set)
    for row in kg.select(named_query("flows").text):
        feeds[str(row["from_id"])].add(str(row["to_id"]))
    codes: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in kg.select(named_query("link-codes").text):
        if str(row["scheme"]) == "hs2022":
            codes[str(row["id"])]["hs_codes"].add(_code_text(row["code"], HS, "hs2022"))
        else:
            codes[str(row["id"])]["gbt2017_codes"].add(_code_text(row["code"], GBT2017, "gbt2017"))
    link_rows = []
    for iri, entry in links.items():
        link_id = link_ids[iri]
        chain = min(entry["chain"], key=str) if entry["chain"] else None
        order = min(entry["segment_order"]) if entry["segment_order"] else None
        segment = _first(entry["segment_zh"])
        row = {"chain": chain_ids.get(chain, _local(chain, "chain-")) if chain is not None else "",
               "id": link_id, "label_zh": _first(entry["label_zh"]) or _first(entry["label_en"]),
               "label_en": _first(entry["label_en"]), "stage": _first(entry["stage"]), "segment": segment,
               "feeds": _join(sorted(feeds.get(link_id, ()))),
               "hs_codes": _join(sorted(codes[link_id]["hs_codes"])),
               "gbt2017_codes": _join(sorted(codes[link_id]["gbt2017_codes"]))}
        # segments come in their order: the import numbers them by first appearance
        key = (row["chain"], order if order is not None else 10**9, segment, link_id)
        link_rows.append((key, row))
    link_rows = [row for _, row in sorted(link_rows, key=lambda item: (item[0][0], item[0][1], item[0][2],
                                                                        item[0][3]))]

    # flows
    flows: dict[Node, dict[str, Any]] = {}
    for row in kg.select(named_query("table-flows").text):
        entry = flows.setdefault(row["flow"], defaultdict(set))
        for key in ("from_id", "to_id", "kind", "product_label"):
            if key in row:
                entry[key].add(str(row[key]))
    flow_rows = sorted(({"from": _first(e["from_id"]), "to": _first(e["to_id"]), "kind": _first(e["kind"]),
                         "carries": _join(sorted(e["product_label"]))} for e in flows.values()),
                       key=lambda r: (r["from"], r["to"], r["kind"], r["carries"]))

    # regions (parks place their companies in their region)
    places: dict[Node, dict[str, Any]] = {}
    for row in kg.select(named_query("table-places").text):
        entry = places.setdefault(row["place"], defaultdict(set))
        for key in ("kind", "id", "label_zh", "label_en", "parent"):
            if key in row:
                entry[key].add(row[key] if key == "parent" else str(row[key]))
    regions = {iri: e for iri, e in places.items() if "region" in e["kind"]}
    region_ids = {iri: _first(e["id"]) or _local(iri, "region-") for iri, e in regions.items()}

    def region_of(place: Node, seen: frozenset = frozenset()) -> Node | None:
        if place in regions:
            return place
        if place in places and place not in seen:
            for parent in sorted(places[place]["parent"], key=str):
                found = region_of(parent, seen | {place})
                if found is not None:
                    return found
        return None

    children: dict[Node | None, list[Node]] = defaultdict(list)
    for iri, entry in regions.items():
        parents = [p for p in sorted(entry["parent"], key=str) if p in regions]
        children[parents[0] if parents else None].append(iri)
    region_rows: list[dict[str, str]] = []

    def visit(parent: Node | None, seen: frozenset) -> None:
        for iri in sorted(children.get(parent, ()), key=lambda i: region_ids[i]):
            if iri in seen:
                continue
            entry = regions[iri]
            region_rows.append({"id": region_ids[iri], "label_zh": _first(entry["label_zh"]) or
                                _first(entry["label_en"]) or region_ids[iri], "label_en": _first(entry["label_en"]),
                                "parent": region_ids[parent] if parent is not None else ""})
            visit(iri, seen | {iri})

    visit(None, frozenset())
    if len(region_rows) < len(regions):  # a cycle in the data: export the rest in id order
        done = {r["id"] for r in region_rows}
        for iri in sorted(regions, key=lambda i: region_ids[i]):
            if region_ids[iri] not in done:
                entry = regions[iri]
                parents = [p for p in sorted(entry["parent"], key=str) if p in regions]
                region_rows.append({"id": region_ids[iri], "label_zh": _first(entry["label_zh"]),
                                    "label_en": _first(entry["label_en"]),
                                    "parent": region_ids[parents[0]] if parents else ""})

    # companies and projects
    actors: dict[Node, dict[str, Any]] = {}
    for row in kg.select(named_query("table-actors").text):
        entry = actors.setdefault(row["actor"], defaultdict(list))
        entry["type"] = str(row["type"])
        fact = str(row["fact"])
        entry[fact].append(row.get("text") if fact in ("label", "alias", "link", "status", "source_title",
                                                       "source_url") else row.get("value"))
        if fact == "source_title":
            entry["titled"].append((row["value"], row["text"]))
        if fact == "source_url":
            entry["urls"].append((row["value"], row["text"]))
    names: dict[Node, str] = {}
    aliases: dict[Node, list[str]] = {}
    for iri, entry in actors.items():
        labels = sorted(entry["label"], key=lambda lit: (getattr(lit, "language", None) != "zh", str(lit)))
        name = _text(str(labels[0])) if labels else _local(iri, "org-")
        names[iri] = name
        others = sorted({_text(str(lit)) for lit in [*labels[1:], *entry["alias"]]} - {"", name})
        aliases[iri] = others
    seen_names: dict[str, Node] = {}
    for iri in sorted(actors, key=str):
        if names[iri] in seen_names:
            warnings.append(f"two companies are called '{names[iri]}' ({seen_names[names[iri]]} and {iri}): "
                            "the tables cannot tell them apart, an import merges them")
        seen_names.setdefault(names[iri], iri)
    capacities: dict[Node, list[dict[str, Node]]] = defaultdict(list)
    for row in kg.select(named_query("actor-capacities").text):
        capacities[row["actor"]].append(row)
    leaders = {row["leader"] for row in kg.select(named_query("chain-leaders").text)}

    company_rows = []
    for iri, entry in actors.items():
        places_of = sorted(entry["place"], key=str)
        region = next((r for r in (region_of(p) for p in places_of) if r is not None), None)
        if places_of and region is None:
            warnings.append(f"'{names[iri]}' lies in {places_of[0]}, which is not a known region: left out")
        statuses = sorted(str(s) for s in entry["status"] if s is not None)
        status = statuses[0] if statuses else ("planned" if entry["type"] == "project" else "")
        capacity, unit = "", ""
        found = sorted(capacities.get(iri, ()), key=lambda r: (str(r.get("unit")), str(r.get("value"))))
        if found:
            if len(found) > 1:
                warnings.append(f"'{names[iri]}' has {len(found)} capacities: the tables keep one")
            capacity, unit = _capacity(found[0])
        sources: dict[Node, str] = {}
        for source, url in sorted(entry["urls"], key=lambda pair: str(pair[1])):
            sources.setdefault(source, str(url))
        for source, title in sorted(entry["titled"], key=lambda pair: (getattr(pair[1], "language", None) != "zh",
                                                                        str(pair[1]))):
            sources.setdefault(source, str(title))
        customers = sorted(names[c] for c in entry["customer"] if c in names)
        for customer in sorted({str(c) for c in entry["customer"] if c is not None and c not in names}):
            warnings.append(f"'{names[iri]}' supplies {customer}, which is not a company: left out")
        company_rows.append({
            "name": names[iri], "aliases": _join(aliases[iri]),
            "region": region_ids[region] if region is not None else "",
            "links": _join(sorted({str(t) for t in entry["link"] if t is not None})), "status": status,
            "capacity": capacity, "capacity_unit": unit, "customers": _join(customers), "suppliers": "",
            "role": "leader" if iri in leaders else "", "source": _join(sorted(set(sources.values()))),
        })
    company_rows.sort(key=lambda r: (r["name"], r["region"], r["links"]))

    rows: Rows = {"chains": chain_rows, "links": link_rows, "flows": flow_rows, "regions": region_rows,
                  "companies": company_rows}
    for name, table_rows in rows.items():  # every column, in the documented order
        rows[name] = [{c: row.get(c, "") for c in TABLES[name].column_names} for row in table_rows]
    return rows, warnings


def _capacity(row: dict[str, Node]) -> tuple[str, str]:
    """The capacity cell (the stated text when it reads back as the same amount) and the unit cell."""
    value = _number(row["value"])
    unit = row["unit"]
    text = canonical(value) if value is not None else str(row["value"])
    stated = str(row["stated"]) if row.get("stated") is not None else ""
    amount = parse_amount(stated) if stated else None
    if amount is not None and amount.value == value and (amount.unit is None or unit_iri(amount.unit) == unit):
        text = _text(stated)
    return text, unit_text(URIRef(str(unit)))
