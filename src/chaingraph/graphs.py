"""``to_networkx``: the single boundary between the RDF store and the graphs the analyses use.

Everything here reads the store through named SPARQL queries (``chaingraph/sparql``) and returns
networkx graphs whose nodes and edges carry plain Python attributes (strings, numbers, lists, dicts).
The analyses in :mod:`chaingraph.analysis` import networkx only, never rdflib.

Link graph (:func:`link_graph`) — an ``nx.DiGraph`` with one node per chain link, keyed by the link id
(its ``skos:notation``, e.g. ``"AL07"``), holding::

    id, iri, label {zh, en}, chain, chain_iri, chain_label {zh, en}, segment, segment_label {zh, en},
    segment_order, stage, stage_order, hs_codes [{code, label}], gb_codes [{code, label}]

and, when a region is given, the region's facts about the link (read with named queries, counted here)::

    operating (number of operating local companies and projects), named_operating, pipeline (planned,
    signed or under-construction local actors), closed, targeted (bool), plans [{iri, label, intent}],
    actors [{iri, label, kind, status, named}], nearest [{scope, operating, example}]

Each edge ``u → v`` (u's output feeds v) carries ``kind`` (material, component, energy, service,
equipment, scrap), ``is_return`` (a flow into a recycling link from another stage) and ``cross_chain``.

Firm graph (:func:`firm_graph`) — an ``nx.DiGraph`` of supply relations (supplier → customer) between
companies, nodes keyed by IRI with ``label``, ``local``, ``kind``, ``status``, ``links``, ``place``,
``capacities``. :func:`firm_link_graph` is the bipartite company–link graph.

>>> from chaingraph.store import KnowledgeGraph
>>> from chaingraph.namespaces import CGD
>>> kg = KnowledgeGraph.open()
>>> G = link_graph(kg, region=CGD["region-qijiang"])
>>> G.nodes["AL07"]["label"]["zh"], G.nodes["AL07"]["operating"]
('电解铝（原铝液/铝锭）', 1)
>>> G.edges["AL07", "AL09"]["kind"]
'material'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

import networkx as nx
from rdflib import URIRef

from chaingraph.analysis.status import PIPELINE_STATUSES
from chaingraph.queries import named_query
from chaingraph.store import KnowledgeGraph
from chaingraph.terms import order_rows, plain

__all__ = ["add_candidates", "firm_graph", "firm_link_graph", "link_graph", "nearest_operating", "plain",
           "prefetch", "prefetch_region", "region_scopes", "unordered"]


def _labels(row: dict[str, Any], stem: str) -> dict[str, str]:
    """``{"zh": …, "en": …}`` from a row's ``<stem>_zh`` and ``<stem>_en`` columns."""
    return {lang: str(row[f"{stem}_{lang}"]) for lang in ("zh", "en") if row.get(f"{stem}_{lang}") is not None}


def _select(kg: KnowledgeGraph, name: str, **params: object) -> list[dict[str, Any]]:
    """The rows of a named query, in its ORDER BY order, sorted here rather than by the store: on disk,
    Oxigraph reads every term's text back from RocksDB to sort (0.6 s of 0.7 s for 15k rows). Rows read
    ahead by :func:`prefetch` are taken from there (once)."""
    ready = kg.cache.pop(("prefetched", name, _params_key(params)), None)
    if ready is not None:
        return ready  # type: ignore[return-value]
    text, keys = unordered(name)
    rows = kg.select_plain(text, **params)
    order_rows(rows, keys)
    return rows


def _params_key(params: dict[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((key, str(value)) for key, value in params.items()))


#: threads that read ahead at once: one more than this machine's two cores, as each thread also sorts
#: and converts its rows in Python (with the GIL) between Oxigraph's evaluations (without it)
PREFETCH_THREADS = 3


def prefetch(kg: KnowledgeGraph, reads: Sequence[tuple[str, dict[str, object]]]) -> None:
    """Run these named queries (name, parameters) at once, in threads, for the next :func:`_select` of
    each to take; only on a store that gains from it (``reads_in_parallel``: Oxigraph evaluates without
    Python's lock, so two cores read the region's companies, supply relations and capacities together)."""
    if not kg.store.reads_in_parallel or len(reads) < 2:
        return
    with ThreadPoolExecutor(max_workers=PREFETCH_THREADS) as pool:
        futures = [(name, params, pool.submit(_select, kg, name, **params)) for name, params in reads]
    for name, params, future in futures:
        kg.cache[("prefetched", name, _params_key(params))] = future.result()


def prefetch_region(kg: KnowledgeGraph, region: URIRef, chains: Sequence[URIRef] = ()) -> None:
    """Read ahead, at once, what :func:`link_graph` and :func:`firm_graph` of *region* read one by one
    (the largest first; what this graph already keeps is not read again), and the operating companies of
    *chains* in the nearest region containing it (where :func:`nearest_operating` starts)."""
    if not kg.store.reads_in_parallel:
        return
    reads: list[tuple[str, dict[str, object]]] = []
    parent = next((URIRef(scope) for scope, _, distance in region_scopes(kg, region) if distance == 2), None)
    if parent is not None:
        reads += [("scope-operators", {"region": parent, "chain": chain}) for chain in chains]
    if ("region-actors", str(region)) not in kg.cache:
        reads.append(("region-actors", {"region": region}))
    reads += [("region-supply", {"region": region}), ("region-capacities", {"region": region})]
    if "link-structure" not in kg.cache:
        reads += [("links", {}), ("flows", {}), ("link-codes", {})]
    if ("places-in", str(region)) not in kg.cache:
        reads.append(("places-in", {"region": region}))
    reads.append(("plans", {}))
    prefetch(kg, reads)


_FINAL_ORDER_BY = re.compile(r"\n\s*ORDER\s+BY((?:\s+\?\w+)+)\s*\Z", re.IGNORECASE)


@cache
def unordered(name: str) -> tuple[str, tuple[str, ...]]:
    """A named query without its final ``ORDER BY ?a ?b …`` clause, and the variables it sorted by."""
    text = named_query(name).text
    match = _FINAL_ORDER_BY.search(text)
    if match is None:
        return text, ()
    return text[:match.start()] + "\n", tuple(v.lstrip("?") for v in match.group(1).split())


def link_graph(kg: KnowledgeGraph, region: URIRef | None = None,
               nearest_for: Sequence[URIRef] | None = None) -> nx.DiGraph:
    """The link graph of every chain in *kg*, with the facts of *region* on its nodes (see module doc).

    *nearest_for* limits the ``nearest`` facts (operating actors in the regions around *region*, a
    count over the whole country) to the links of these chains; ``None`` reads them for every link.
    """
    graph = _structure(kg).copy()
    graph.graph["region"] = str(region) if region is not None else None
    if region is not None:
        _add_region_facts(kg, graph, region, nearest_for)
    return graph


def _structure(kg: KnowledgeGraph) -> nx.DiGraph:
    if "link-structure" not in kg.cache:  # the chains do not depend on the region: read them once
        kg.cache["link-structure"] = _link_structure(kg)
    return kg.cache["link-structure"]  # type: ignore[return-value]


def _link_structure(kg: KnowledgeGraph) -> nx.DiGraph:
    graph = nx.DiGraph()
    for row in _select(kg, "links"):
        graph.add_node(
            str(row["id"]),
            id=str(row["id"]),
            iri=str(row["link"]),
            label=_labels(row, "label"),
            chain=plain(row.get("chain_id")) or str(row["chain"]),
            chain_iri=str(row["chain"]),
            chain_label=_labels(row, "chain"),
            segment=plain(row.get("segment")),
            segment_label=_labels(row, "segment"),
            segment_order=plain(row.get("segment_order")),
            stage=str(row["stage"]),
            stage_order=plain(row.get("stage_order")),
            hs_codes=[],
            gb_codes=[],
        )
    for row in _select(kg, "link-codes"):
        key = "hs_codes" if str(row["scheme"]) == "hs2022" else "gb_codes"
        graph.nodes[str(row["id"])][key].append(
            {"code": str(row["notation"]), "iri": str(row["code"]), "label": plain(row.get("code_label"))})
    for row in _select(kg, "flows"):
        graph.add_edge(str(row["from_id"]), str(row["to_id"]), kind=str(row["kind"]),
                       is_return=bool(plain(row["is_return"])), cross_chain=bool(plain(row["cross_chain"])))
    return graph


def _region_actors(kg: KnowledgeGraph, region: URIRef) -> list[dict[str, Any]]:
    """The ``region-actors`` rows of *region*, read once per knowledge graph (the link graph and the firm
    graph both need them)."""
    key = ("region-actors", str(region))
    if key not in kg.cache:
        kg.cache[key] = _select(kg, "region-actors", region=region)
    return kg.cache[key]  # type: ignore[return-value]


def _add_region_facts(kg: KnowledgeGraph, graph: nx.DiGraph, region: URIRef,
                      nearest_for: Sequence[URIRef] | None) -> None:
    by_iri = {data["iri"]: node for node, data in graph.nodes(data=True)}
    for data in graph.nodes.values():
        data.update(operating=0, named_operating=0, pipeline=0, closed=0, targeted=False,
                    plans=[], actors=[], nearest=[])
    inside = places_inside(kg, region)
    seen: set[tuple[str, str]] = set()
    for row in _select(kg, "plans"):  # plans of the region or of a place inside it
        node = by_iri.get(str(row["link"]))
        key = (str(row["link"]), str(row["plan"]))
        if node is not None and str(row["place"]) in inside and key not in seen:
            seen.add(key)
            graph.nodes[node]["targeted"] = True
            graph.nodes[node]["plans"].append(
                {"iri": str(row["plan"]), "label": _labels(row, "plan"), "intent": plain(row.get("intent"))})
    # the local actors of each link, and their counts by status (the ``region-link-counts`` query counts
    # the same in SPARQL; counted here from the rows already read, a second walk of the region is saved)
    listed: set[tuple[str, str]] = set()
    for row in _region_actors(kg, region):
        node = by_iri.get(str(row["link"])) if row.get("link") is not None else None
        if node is None or (node, str(row["actor"])) in listed:  # one row per place the actor is located in
            continue
        listed.add((node, str(row["actor"])))
        actor = {"iri": str(row["actor"]), "label": _labels(row, "label"), "kind": str(row["kind"]),
                 "status": str(row["status"]), "named": bool(plain(row["named"]))}
        data = graph.nodes[node]
        data["actors"].append(actor)
        if actor["status"] == "operating":
            data["operating"] += 1
            data["named_operating"] += actor["named"]
        elif actor["status"] in PIPELINE_STATUSES:
            data["pipeline"] += 1
        elif actor["status"] == "closed":
            data["closed"] += 1
    chains = nearest_for if nearest_for is not None else sorted({d["chain_iri"] for d in graph.nodes.values()})
    for chain in chains:
        links = {d["iri"] for d in graph.nodes.values() if d["chain_iri"] == str(chain)}
        for link, nearest in nearest_operating(kg, region, URIRef(chain), links).items():
            graph.nodes[by_iri[link]]["nearest"].append(nearest)


#: companies are counted link by link once so few links are left to place: a count for the whole chain
#: walks every company of the chain in the region (the whole country's at the top, a province's 0.12 s at
#: 10⁶ triples), one link's count only that link's companies (1 ms); not on a store where small queries
#: are not cheap (rdflib's: its fixed cost per query outweighs the walk)
PER_LINK_MAX = 50


def nearest_operating(kg: KnowledgeGraph, region: URIRef, chain: URIRef,
                      links: set[str]) -> dict[str, dict[str, Any]]:
    """For each of *links* (IRIs, of *chain*), the nearest region containing *region* (its parent first)
    that holds an operating company of the link: ``{scope, operating, example}``. Regions are read one
    at a time, nearest first, until every link has one, so the cost follows the nearest regions, not the
    whole country."""
    found: dict[str, dict[str, Any]] = {}
    scopes = [scope for scope, _, distance in region_scopes(kg, region) if distance >= 2]
    for scope in scopes:
        todo = sorted(links - found.keys())
        if not todo:
            break
        whole_chain: dict[str, object] = {"region": URIRef(scope), "chain": chain}
        read_ahead = ("prefetched", "scope-operators", _params_key(whole_chain)) in kg.cache
        if not read_ahead and len(todo) <= PER_LINK_MAX and kg.store.small_queries_are_cheap:
            rows = [row for link in todo
                    for row in _select(kg, "scope-operators", region=URIRef(scope), link=URIRef(link))]
        else:
            rows = _select(kg, "scope-operators", **whole_chain)
        for row in rows:
            if row["link"] in links and row["link"] not in found and row["operating"] > 0:
                found[row["link"]] = {"scope": scope, "operating": row["operating"], "example": row["example"]}
    return found


def region_scopes(kg: KnowledgeGraph, region: URIRef) -> list[tuple[str, dict[str, str], int]]:
    """The region and the regions containing it, nearest first: ``(iri, {zh, en}, distance)``, where the
    region itself is at distance 1 and its parent at 2 (once per knowledge graph and region)."""
    key = ("region-scopes", str(region))
    if key not in kg.cache:
        rows = _select(kg, "region-scopes", region=region)
        kg.cache[key] = sorted(((r["scope"], _labels(r, "label"), r["distance"]) for r in rows), key=lambda s: s[2])
    return kg.cache[key]  # type: ignore[return-value]


def firm_graph(kg: KnowledgeGraph, region: URIRef) -> nx.DiGraph:
    """The companies and projects of *region*, and the supply relations around them (supplier → customer).

    Bounded by the region, not by the whole graph: local actors with their links and capacities, and
    the supply relations with a local end. Outside companies come in as 招商 candidates with
    :func:`add_candidates`, one gap link at a time, with their own customers (for shared customers).
    Nodes carry ``local`` (bool).
    """
    links = _link_ids(kg)
    firms: dict[str, dict[str, Any]] = {}  # built as plain dicts, handed to networkx once
    for row in _region_actors(kg, region):
        iri = str(row["actor"])
        if iri not in firms:
            firms[iri] = _new_firm(iri)
        data = _update(firms[iri], label=_labels(row, "label"), local=True, kind=str(row["kind"]),
                       status=str(row["status"]), named=bool(plain(row["named"])), place=plain(row.get("place")))
        link = links.get(str(row["link"])) if row.get("link") is not None else None
        if link and link not in data["links"]:
            data["links"].append(link)
    for row in _select(kg, "region-capacities", region=region):
        if str(row["actor"]) in firms:
            firms[str(row["actor"])]["capacities"].append(_capacity(row))
    edges = []
    for row in _select(kg, "region-supply", region=region):
        supplier, customer = str(row["supplier"]), str(row["customer"])
        for iri in (supplier, customer):
            if iri not in firms:
                firms[iri] = _new_firm(iri)
        edges.append((supplier, customer))
    for data in firms.values():
        if len(data["links"]) > 1:
            data["links"].sort()
    graph = nx.DiGraph(region=str(region))
    graph.add_nodes_from(firms.items())
    graph.add_edges_from(edges)
    return graph


def places_inside(kg: KnowledgeGraph, region: URIRef) -> frozenset[str]:
    """The region and every region and park inside it (once per knowledge graph and region)."""
    key = ("places-in", str(region))
    if key not in kg.cache:
        kg.cache[key] = frozenset(str(r["place"]) for r in _select(kg, "places-in", region=region))
    return kg.cache[key]  # type: ignore[return-value]


def labels_of(kg: KnowledgeGraph, iri: str) -> dict[str, str]:
    """The Chinese and English labels of one thing (cached)."""
    key = ("labels", iri)
    if key not in kg.cache:
        rows = _select(kg, "labels", thing=URIRef(iri))
        kg.cache[key] = {str(r["lang"]): str(r["label"]) for r in reversed(rows) if str(r["lang"]) in ("zh", "en")}
    return kg.cache[key]  # type: ignore[return-value]


def add_candidates(kg: KnowledgeGraph, firms: nx.DiGraph, region: URIRef, link_iri: str) -> int:
    """Add to *firms* the operating companies of one link located outside *region* (招商 candidates),
    with all their links, place and capacities; return how many the link has.

    The link's companies come with the place they are located in, and those inside the region are
    dropped here: a negated property path (``FILTER NOT EXISTS { ?a cg:locatedIn+ ?region }``) is what
    some servers (Virtuoso 7) fail to compile."""
    links = _link_ids(kg)
    inside = places_inside(kg, region)
    seen: set[str] = set()
    for row in _select(kg, "link-operators", link=URIRef(link_iri)):
        if row.get("place") is not None and str(row["place"]) in inside:
            continue
        iri = str(row["actor"])
        data = _firm(firms, iri, label=_labels(row, "label"), local=False, status="operating",
                     place=plain(row.get("place")), place_label=_labels(row, "place"))
        if iri not in seen:
            seen.add(iri)
            data["links"], data["capacities"] = [], []
            for customer in _select(kg, "customers-of", actor=URIRef(iri)):
                _firm(firms, str(customer["customer"]))
                firms.add_edge(iri, str(customer["customer"]))
        link = links.get(str(row["other_link"]))
        if link and link not in data["links"]:
            data["links"].append(link)
            data["links"].sort()
        if row.get("value") is not None:
            capacity = _capacity(row)
            if capacity not in data["capacities"]:
                data["capacities"].append(capacity)
    return len(seen)


def _link_ids(kg: KnowledgeGraph) -> dict[str, str]:
    """Link IRI → link id, once per knowledge graph."""
    if "link-ids" not in kg.cache:
        kg.cache["link-ids"] = {data["iri"]: node for node, data in _structure(kg).nodes(data=True)}
    return kg.cache["link-ids"]  # type: ignore[return-value]


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


def _capacity(row: dict[str, Any]) -> dict[str, Any]:
    return {"value": plain(row["value"]), "unit": str(row["unit"]).rsplit("/", 1)[-1],
            "status": plain(row.get("value_status")), "year": plain(row.get("year")),
            "stated": plain(row.get("stated"))}


def firm_link_graph(firms: nx.DiGraph) -> nx.Graph:
    """The bipartite company–link graph: ``bipartite=0`` for actors, ``1`` for links (``link:<id>``).

    >>> from chaingraph.store import KnowledgeGraph
    >>> from chaingraph.namespaces import CGD
    >>> B = firm_link_graph(firm_graph(KnowledgeGraph.open(), CGD["region-qijiang"]))
    >>> sorted(B["link:AL16"])
    ['https://w3id.org/chaingraph/data/org-youlisen']
    """
    graph = nx.Graph()
    for iri, data in firms.nodes(data=True):
        graph.add_node(iri, bipartite=0, local=data["local"], status=data["status"])
        for link in data["links"]:
            graph.add_node(f"link:{link}", bipartite=1, id=link)
            graph.add_edge(iri, f"link:{link}")
    return graph
