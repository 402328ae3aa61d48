"""The firm graph (``to_networkx`` for companies): the companies and projects of a region and the supply
relations around them (supplier → customer), bounded by the region, with 招商 candidates added one gap link
at a time.

Nodes are keyed by IRI with ``label``, ``local``, ``kind``, ``status``, ``named``, ``links``, ``place``,
``place_label``, ``capacities``. :func:`firm_link_graph` is the bipartite company–link graph.

>>> from chaingraph.knowledge import KnowledgeGraph
>>> from chaingraph.vocab.namespaces import CGD
>>> B = firm_link_graph(firm_graph(KnowledgeGraph.open(), CGD["region-qijiang"]))
>>> sorted(B["link:AL16"])
['https://w3id.org/chaingraph/data/org-youlisen']
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
from rdflib import URIRef

from chaingraph.graphs.links import link_ids
from chaingraph.graphs.reading import labels, places_inside, region_actors, select_rows, unordered
from chaingraph.store.protocol import QueryableGraph
from chaingraph.store.values import with_value_rows
from chaingraph.vocab.terms import order_rows, plain

__all__ = ["CUSTOMERS_CHUNK", "add_candidates", "capacity_of", "firm_graph", "firm_link_graph"]


def firm_graph(kg: QueryableGraph, region: URIRef) -> nx.DiGraph:
    """The companies and projects of *region*, and the supply relations around them (supplier → customer).

    Bounded by the region, not by the whole graph: local actors with their links and capacities, and
    the supply relations with a local end. Outside companies come in as 招商 candidates with
    :func:`add_candidates`, one gap link at a time, with their own customers (for shared customers).
    Nodes carry ``local`` (bool).
    """
    links = link_ids(kg)
    inside = places_inside(kg, region)
    firms: dict[str, dict[str, Any]] = {}  # built as plain dicts, handed to networkx once
    for row in region_actors(kg, region):
        iri = str(row["actor"])
        if iri not in firms:
            firms[iri] = _new_firm(iri)
        data = _update(firms[iri], label=labels(row, "label"), local=True, kind=str(row["kind"]),
                       status=str(row["status"]), named=bool(plain(row["named"])))
        data["place"] = _here(data["place"], plain(row.get("place")), inside)
        link = links.get(str(row["link"])) if row.get("link") is not None else None
        if link and link not in data["links"]:
            data["links"].append(link)
    for row in select_rows(kg, "region-capacities", region=region):
        if str(row["actor"]) in firms and is_figure(row):
            firms[str(row["actor"])]["capacities"].append(capacity_of(row))
    edges = []
    for row in select_rows(kg, "region-supply", region=region):
        supplier, customer = str(row["supplier"]), str(row["customer"])
        for iri in (supplier, customer):
            if iri not in firms:
                firms[iri] = _new_firm(iri)
        edges.append((supplier, customer))
    for data in firms.values():
        if len(data["links"]) > 1:
            data["links"].sort()
    graph: nx.DiGraph = nx.DiGraph(region=str(region))
    graph.add_nodes_from(firms.items())
    graph.add_edges_from(edges)
    return graph


def add_candidates(kg: QueryableGraph, firms: nx.DiGraph, region: URIRef, link_iri: str) -> int:
    """Add to *firms* the operating companies of one link located outside *region* (招商 candidates),
    with all their links, place and capacities; return how many the link has.

    The link's companies come with the places they are located in, and those located inside the region are
    dropped here — with all their rows: a company located in the region and elsewhere too (a plant here, its
    seat there) is the region's own, never a candidate to attract. A negated property path
    (``FILTER NOT EXISTS { ?a cg:locatedIn+ ?region }``) is what some servers (Virtuoso 7) fail to compile."""
    links = link_ids(kg)
    inside = places_inside(kg, region)
    seen: set[str] = set()
    rows = _kept(kg, "link-operators", link=URIRef(link_iri))
    local = {str(row["actor"]) for row in rows if row.get("place") is not None and str(row["place"]) in inside}
    operators = [row for row in rows if str(row["actor"]) not in local]
    _read_customers(kg, [str(row["actor"]) for row in operators])
    for row in operators:
        iri = str(row["actor"])
        data = _firm(firms, iri, label=labels(row, "label"), local=False, status="operating",
                     place=plain(row.get("place")), place_label=labels(row, "place"))
        if iri not in seen:
            seen.add(iri)
            data["links"], data["capacities"] = [], []
            for customer in _kept(kg, "customers-of", actor=URIRef(iri)):
                _firm(firms, str(customer["customer"]))
                firms.add_edge(iri, str(customer["customer"]))
        link = links.get(str(row["other_link"]))
        if link and link not in data["links"]:
            data["links"].append(link)
            data["links"].sort()
        if row.get("value") is not None and is_figure(row):
            capacity = capacity_of(row)
            if capacity not in data["capacities"]:
                data["capacities"].append(capacity)
    return len(seen)


def _kept(kg: QueryableGraph, name: str, **params: URIRef) -> list[dict[str, Any]]:
    """The rows of a named query about one link or company, kept in the knowledge graph's cache: a scenario or
    a second region reads the candidates of a gap link once."""
    key = (name, *(str(v) for v in params.values()))
    if key not in kg.cache:
        kg.cache[key] = select_rows(kg, name, **params)
    return kg.cache[key]  # type: ignore[return-value]


#: the customers of many companies at once (``customers-of`` with the company as a column)
_CUSTOMERS = "SELECT ?actor ?customer WHERE { ?actor cg:suppliesTo ?customer }"
#: companies per query when their customers are read for a list of them (a VALUES block of this many rows)
CUSTOMERS_CHUNK = 500


def _read_customers(kg: QueryableGraph, actors: list[str]) -> None:
    """Keep the ``customers-of`` rows of each of *actors* not kept yet, read in one query for all of them (a
    gap link's candidates: 2,000 queries of one company each took 0.4 s for a province at 10⁵ companies)."""
    wanted = sorted({iri for iri in actors if ("customers-of", iri) not in kg.cache})
    found: dict[str, list[dict[str, Any]]] = {iri: [] for iri in wanted}
    for start in range(0, len(wanted), CUSTOMERS_CHUNK):
        chunk = [URIRef(iri) for iri in wanted[start:start + CUSTOMERS_CHUNK]]
        for row in kg.select_plain(with_value_rows(_CUSTOMERS, "actor", chunk)):
            found[str(row["actor"])].append({"customer": row["customer"]})
    for iri, rows in found.items():
        order_rows(rows, unordered("customers-of")[1])
        kg.cache[("customers-of", iri)] = rows


def _here(kept: str | None, place: str | None, inside: frozenset[str]) -> str | None:
    """The place of a local actor located in several: the first (by IRI) inside the region, whatever the order of
    the rows (a plant in the district and a seat elsewhere: the district's is its place here).

    >>> _here("urn:b", "urn:a", frozenset({"urn:b"})), _here("urn:b", "urn:a", frozenset({"urn:a", "urn:b"}))
    ('urn:b', 'urn:a')
    """
    if place is None or kept is None:
        return place if kept is None else kept
    return min((kept, place), key=lambda p: (p not in inside, p))


def _new_firm(iri: str) -> dict[str, Any]:
    """The attributes of a firm-graph node before anything is known of it (an operating company)."""
    return {"iri": iri, "label": {}, "local": False, "kind": "company", "status": "operating", "named": True,
            "links": [], "place": None, "place_label": {}, "capacities": []}


def _update(data: dict[str, Any], **attrs: Any) -> dict[str, Any]:
    data.update({k: v for k, v in attrs.items() if v is not None})
    return data


def _firm(graph: nx.DiGraph, iri: str, **attrs: Any) -> dict[str, Any]:
    if iri not in graph:
        graph.add_node(iri, **_new_firm(iri))
    return _update(graph.nodes[iri], **attrs)


def is_figure(row: dict[str, Any]) -> bool:
    """Whether the capacity row's value is a figure the analysis can use: ``INF``, ``NaN`` and ``1e400`` are
    valid RDF but no quantity (``chaingraph validate`` names them); they are left out as no data, never shown.

    >>> is_figure({"value": 5.0e5}), is_figure({"value": float("inf")}), is_figure({"value": float("nan")})
    (True, False, False)
    """
    value = plain(row["value"])
    return not isinstance(value, float) or math.isfinite(value)


def capacity_of(row: dict[str, Any]) -> dict[str, Any]:
    """A capacity figure: value, unit, status (actual, target, planned …), year, text as stated, and the link
    it is about (``None`` when the data does not say)."""
    return {"value": plain(row["value"]), "unit": str(row["unit"]).rsplit("/", 1)[-1],
            "status": plain(row.get("value_status")), "year": plain(row.get("year")),
            "stated": plain(row.get("stated")), "link": plain(row.get("for_link"))}


def firm_link_graph(firms: nx.DiGraph) -> nx.Graph:
    """The bipartite company–link graph: ``bipartite=0`` for actors, ``1`` for links (``link:<id>``)."""
    graph: nx.Graph = nx.Graph()
    for iri, data in firms.nodes(data=True):
        graph.add_node(iri, bipartite=0, local=data["local"], status=data["status"])
        for link in data["links"]:
            graph.add_node(f"link:{link}", bipartite=1, id=link)
            graph.add_edge(iri, f"link:{link}")
    return graph
