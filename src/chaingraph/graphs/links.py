"""The link graph (``to_networkx`` for chains): one node per chain link with the region's facts on it.

An ``nx.DiGraph`` keyed by the link id (its ``skos:notation``, e.g. ``"AL07"``), holding::

    id, iri, label {zh, en}, chain, chain_iri, chain_label {zh, en}, segment, segment_label {zh, en},
    segment_order, stage, stage_order, min_firms (the link's or its chain's own, or None), capped (bool),
    hs_codes [{code, label}], gb_codes [{code, label}]

and, when a region is given, the region's facts about the link (read with named queries, counted here)::

    operating (number of operating local companies and projects), named_operating, pipeline (planned,
    signed or under-construction local actors; a counted group counts as its count), closed, targeted
    (bool), plans [{iri, label, intent}],
    themes [{iri, label}] (designations whose theme the link is),
    actors [{iri, label, kind, status, named, count}], nearest [{scope, operating, example}] (outside the region)

Each edge ``u → v`` (u's output feeds v) carries ``kind`` (material, component, energy, service,
equipment, scrap), ``is_return`` (a flow into a recycling link from another stage), ``cross_chain`` and
``factor`` (how much of u's product one unit of v's output needs, ``cg:conversionFactor``; ``None`` when the
data states none).

>>> from chaingraph.knowledge import KnowledgeGraph
>>> from chaingraph.vocab.namespaces import CGD
>>> kg = KnowledgeGraph.open()
>>> G = link_graph(kg, region=CGD["region-qijiang"])
>>> G.nodes["AL07"]["label"]["zh"], G.nodes["AL07"]["operating"]
('电解铝（原铝液/铝锭）', 1)
>>> G.edges["AL07", "AL09"]["kind"]
'material'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx
from rdflib import URIRef

from chaingraph.graphs.reading import (
    containing,
    labels,
    params_key,
    places_inside,
    prefetch,
    region_actors,
    region_scopes,
    select_rows,
    unordered,
)
from chaingraph.store.protocol import QueryableGraph
from chaingraph.store.values import with_value_rows
from chaingraph.vocab.terms import plain
from chaingraph.words import PIPELINE_STATUSES

__all__ = ["LINKS_CHUNK", "PER_LINK_MAX", "add_nearest", "count_actors", "link_graph", "link_ids", "nearest_operating",
           "outside_examples", "prefetch_region", "structure"]


def prefetch_region(kg: QueryableGraph, region: URIRef, chains: Sequence[URIRef] | None = (), *,
                    also: Sequence[tuple[str, dict[str, object]]] = ()) -> None:
    """Read ahead, in the background, what :func:`link_graph` and :func:`firm_graph` of *region* read (in the
    order the analysis takes them; what this graph already keeps is not read again), and what :func:`nearest_operating`
    reads for *chains* (as ``nearest_for`` of :func:`link_graph`: ``None`` for every chain): the operating
    companies of each in the nearest region containing *region*, or of every link by place; and the named
    queries *also* (name, parameters) the caller reads next."""
    if not kg.store.read_threads:
        return
    # the nearest sources' reads first (the country-wide ones, the longest: a thread takes them while another reads
    # the region), then the region's in the order the analysis takes them (region_facts): the chains, its actors,
    # its companies' capacities and supply relations; then *also*
    nearest: list[tuple[str, dict[str, object]]] = []
    parent = next((URIRef(scope) for scope, _, distance in region_scopes(kg, region) if distance == 2), None)
    if parent is not None:
        nearest += [("scope-operators", {"region": parent, "chain": chain}) for chain in chains or ()]
    if chains is None:  # every link's nearest source: by place, or the one region around (nearest_operating)
        around = [URIRef(scope) for scope, _, distance in region_scopes(kg, region) if distance >= 2]
        if len(around) > 1:
            nearest += [(name, {}) for name, kept in (("operators-by-place", "operators-by-place"),
                                                      ("multi-placed", "multi-placed-operators"),
                                                      ("place-parents", "place-parents")) if kept not in kg.cache]
        elif around and ("scope-operators", params_key({"region": around[0]})) not in kg.cache:
            nearest.append(("scope-operators", {"region": around[0]}))
    reads = nearest[:1]
    if "link-structure" not in kg.cache:
        reads += [("links", {}), ("link-codes", {}), ("flows", {})]
    if ("places-in", str(region)) not in kg.cache:
        reads.append(("places-in", {"region": region}))
    reads += [("plans", {}), ("region-groups", {"region": region})]
    if ("region-actors", str(region)) not in kg.cache:
        reads.append(("region-actors", {"region": region}))
    reads += [("region-capacities", {"region": region}), ("region-supply", {"region": region}), *nearest[1:], *also]
    prefetch(kg, reads)


def link_graph(kg: QueryableGraph, region: URIRef | None = None,
               nearest_for: Sequence[URIRef] | None = None) -> nx.DiGraph:
    """The link graph of every chain in *kg*, with the facts of *region* on its nodes (see module doc).

    *nearest_for* limits the ``nearest`` facts (operating actors in the regions around *region*, a
    count over the whole country) to the links of these chains; ``None`` reads them for every link.
    """
    graph = structure(kg).copy()
    graph.graph["region"] = str(region) if region is not None else None
    if region is not None:
        _add_region_facts(kg, graph, region, nearest_for)
    return graph


def structure(kg: QueryableGraph) -> nx.DiGraph:
    if "link-structure" not in kg.cache:  # the chains do not depend on the region: read them once
        kg.cache["link-structure"] = _link_structure(kg)
    return kg.cache["link-structure"]  # type: ignore[return-value]


def _link_structure(kg: QueryableGraph) -> nx.DiGraph:
    graph: nx.DiGraph = nx.DiGraph()
    for row in select_rows(kg, "links"):
        graph.add_node(
            str(row["id"]),
            id=str(row["id"]),
            iri=str(row["link"]),
            label=labels(row, "label"),
            chain=plain(row.get("chain_id")) or str(row["chain"]),
            chain_iri=str(row["chain"]),
            chain_label=labels(row, "chain"),
            segment=plain(row.get("segment")),
            segment_label=labels(row, "segment"),
            segment_order=plain(row.get("segment_order")),
            stage=str(row["stage"]),
            stage_order=plain(row.get("stage_order")),
            min_firms=plain(row.get("min_firms")),
            capped=bool(plain(row.get("capped"))),
            hs_codes=[],
            gb_codes=[],
        )
    for row in select_rows(kg, "link-codes"):
        key = "hs_codes" if str(row["scheme"]) == "hs2022" else "gb_codes"
        graph.nodes[str(row["id"])][key].append(
            {"code": str(row["notation"]), "iri": str(row["code"]), "label": plain(row.get("code_label"))})
    for row in select_rows(kg, "flows"):
        factor = plain(row.get("factor"))
        graph.add_edge(str(row["from_id"]), str(row["to_id"]), kind=str(row["kind"]),
                       is_return=bool(plain(row["is_return"])), cross_chain=bool(plain(row["cross_chain"])),
                       factor=float(factor) if isinstance(factor, int | float) else None)
    return graph


def _add_region_facts(kg: QueryableGraph, graph: nx.DiGraph, region: URIRef,
                      nearest_for: Sequence[URIRef] | None) -> None:
    by_iri = {data["iri"]: node for node, data in graph.nodes(data=True)}
    for data in graph.nodes.values():
        data.update(operating=0, named_operating=0, pipeline=0, closed=0, targeted=False,
                    plans=[], themes=[], actors=[], nearest=[])
    inside = places_inside(kg, region)
    seen: set[tuple[str, str]] = set()
    for row in select_rows(kg, "plans"):  # plans, projects and designations of the region or a place inside it
        node = by_iri.get(str(row["link"]))
        key = (str(row["link"]), str(row["plan"]))
        if node is not None and str(row["place"]) in inside and key not in seen:
            seen.add(key)
            entry = {"iri": str(row["plan"]), "label": labels(row, "plan"), "intent": plain(row.get("intent"))}
            if row["kind"] == "designation":  # a title's theme: the region's stated direction, not a 「瞄准」
                graph.nodes[node]["themes"].append(entry)
            else:
                graph.nodes[node]["targeted"] = True
                graph.nodes[node]["plans"].append(entry)
    _add_actors(kg, graph, region, by_iri)
    add_nearest(kg, graph, region, nearest_for)


def add_nearest(kg: QueryableGraph, graph: nx.DiGraph, region: URIRef, nearest_for: Sequence[URIRef] | None) -> None:
    """Add to the links of *graph* (:func:`link_graph` of *region*, with its actors) their ``nearest`` facts:
    for the links of the chains *nearest_for* (of every chain: ``None``), the nearest region around *region*
    with an operating company of the link (:func:`nearest_operating`)."""
    by_iri = {data["iri"]: node for node, data in graph.nodes(data=True)}
    own = {data["iri"]: {a["iri"] for a in data["actors"] if a["kind"] == "company" and a["status"] == "operating"}
           for data in graph.nodes.values()}
    if nearest_for is None:  # every chain's links at once: a scope's companies read once, not chain by chain
        found = [nearest_operating(kg, region, None, {d["iri"] for d in graph.nodes.values()}, own)]
    else:
        found = [nearest_operating(kg, region, URIRef(chain),
                                   {d["iri"] for d in graph.nodes.values() if d["chain_iri"] == str(chain)}, own)
                 for chain in nearest_for]
    for link, nearest in (item for chain_found in found for item in chain_found.items()):
        graph.nodes[by_iri[link]]["nearest"].append(nearest)


def _add_actors(kg: QueryableGraph, graph: nx.DiGraph, region: URIRef, by_iri: dict[str, str]) -> None:
    """The local actors of each link, and their counts by status (the ``region-link-counts`` query counts
    the same in SPARQL; counted here from the rows already read, a second walk of the region is saved).

    A counted group (「30余家零部件企业」, ``cg:memberCount``) counts as its count, less its named members
    that are local actors of the same link (they are counted on their own)."""
    groups = region_groups(kg, region)
    listed: set[tuple[str, str]] = set()
    for row in region_actors(kg, region):
        node = by_iri.get(str(row["link"])) if row.get("link") is not None else None
        if node is None or (node, str(row["actor"])) in listed:  # one row per place the actor is located in
            continue
        listed.add((node, str(row["actor"])))
        actor = {"iri": str(row["actor"]), "label": labels(row, "label"), "kind": str(row["kind"]),
                 "status": str(row["status"]), "named": bool(plain(row["named"])), "count": 1}
        graph.nodes[node]["actors"].append(actor)
    for data in graph.nodes.values():
        here = {a["iri"] for a in data["actors"]}
        for actor in data["actors"]:
            group = groups.get(actor["iri"])
            if group is not None:
                actor["count"] = max(1, group["count"] - len(group["members"] & here))
                actor["stated"] = group["stated"]
        count_actors(data)


def count_actors(data: dict[str, Any]) -> None:
    """Count a link's local actors by status (``operating``, ``named_operating``, ``pipeline``, ``closed``) from
    its ``actors``: a counted group counts as its count. Run again after the actors change (a scenario)."""
    data.update(operating=0, named_operating=0, pipeline=0, closed=0)
    for actor in data["actors"]:
        if actor["status"] == "operating":
            data["operating"] += actor["count"]
            data["named_operating"] += actor["count"] if actor["named"] else 0
        elif actor["status"] in PIPELINE_STATUSES:
            data["pipeline"] += 1
        elif actor["status"] == "closed":
            data["closed"] += 1


def region_groups(kg: QueryableGraph, region: URIRef) -> dict[str, dict[str, Any]]:
    """The counted groups of *region* by IRI: ``{count, bound, stated, members}`` (named members' IRIs)."""
    groups: dict[str, dict[str, Any]] = {}
    for row in select_rows(kg, "region-groups", region=region):
        group = groups.setdefault(str(row["group"]), {"count": int(row["count"]), "bound": row.get("bound"),
                                                      "stated": row.get("stated"), "members": set()})
        if row.get("member") is not None:
            group["members"].add(str(row["member"]))
    return groups


#: companies are counted link by link once so few links are left to place: a count for the whole chain
#: walks every company of the chain in the region (the whole country's at the top, a province's 0.12 s at
#: 10⁶ triples), one link's count only that link's companies (1 ms); not on a store where small queries
#: are not cheap (rdflib's: its fixed cost per query outweighs the walk)
PER_LINK_MAX = 50
#: links per query when their outside examples are read for a list of them (a VALUES block of this many rows)
LINKS_CHUNK = 500


def nearest_operating(kg: QueryableGraph, region: URIRef, chain: URIRef | None, links: set[str],
                      own: dict[str, set[str]] | None = None) -> dict[str, dict[str, Any]]:
    """For each of *links* (IRIs, of *chain*; of any chains with ``chain=None``), the nearest region containing
    *region* (its parent first) that holds an operating company of the link *outside* *region*:
    ``{scope, operating, example}``. *own* gives, by link IRI, the operating companies of *region* itself: they
    are not the parent's supply (the district's own smelter is not a source the city offers it).

    With ``chain=None`` and more than one region around (a district: its city, province and country), every
    scope of every link comes from one read of the operating companies by link and place
    (:func:`_nearest_by_place`: 1.0 s against 2.1 s at 10⁵ companies, where the country's count alone walked
    every company). Otherwise regions are read one at a time, nearest first, until every link has one, so the
    cost follows the nearest regions, not the whole country (for a province, the country's count for every
    chain at once, ``chain=None``: one read of every company instead of one per link or chain)."""
    own = own or {}
    scopes = [scope for scope, _, distance in region_scopes(kg, region) if distance >= 2]
    if chain is None and len(scopes) > 1:  # with one region around, its count costs what the count by place does
        return _nearest_by_place(kg, str(region), scopes, links, own)
    found: dict[str, dict[str, Any]] = {}
    local_example: dict[str, list[str]] = {}  # scope → the links whose example is a company of *region*
    for scope in scopes:
        todo = sorted(links - found.keys())
        if not todo:
            break
        for row in _scope_operators(kg, scope, chain, todo):
            link = row["link"]
            outside = row["operating"] - len(own.get(link, ()))
            if link in links and link not in found and outside > 0:
                found[link] = {"scope": scope, "operating": outside, "example": row["example"]}
                if row["example"] in own.get(link, ()):
                    local_example.setdefault(scope, []).append(link)
    for scope, scope_links in local_example.items():  # the example is one of the scope's, never from elsewhere
        examples = outside_examples(kg, region, scope_links, within=URIRef(scope))
        for link in scope_links:
            found[link]["example"] = examples.get(link)
    return found


def _nearest_by_place(kg: QueryableGraph, region: str, scopes: list[str], links: set[str],
                      own: dict[str, set[str]]) -> dict[str, dict[str, Any]]:
    """:func:`nearest_operating` for every chain, from region-free reads kept for any region (a comparison,
    a scenario): the ``operators-by-place`` rows (per link and place, the number of operating companies and
    the first), the places each lies in (:func:`~chaingraph.graphs.reading.containing`) and the companies of
    several places (``multi-placed-operators``: a scope holding two of them counts them once, as
    ``scope-operators`` does). A scope's count and first company are those of its places; the example, when
    it is a company of *region*, the first of the scope's places outside *region*."""
    by_link, several = _operators_by_place(kg), _multi_placed(kg)
    found: dict[str, dict[str, Any]] = {}
    for link in sorted(links):
        places = by_link.get(link, [])
        mine = own.get(link, set())
        for scope in scopes:
            inside = [(place, count, first) for place, count, first in places if scope in containing(kg, place)]
            operating = sum(count for _, count, _ in inside) - sum(
                max(0, sum(scope in containing(kg, place) for place in theirs) - 1)
                for theirs in several.get(link, {}).values())
            if operating - len(mine) > 0:
                example: str | None = min(first for _, _, first in inside)
                if example in mine:
                    example = min((first for place, _, first in inside if region not in containing(kg, place)),
                                  default=None)
                found[link] = {"scope": scope, "operating": operating - len(mine), "example": example}
                break
    return found


def _operators_by_place(kg: QueryableGraph) -> dict[str, list[tuple[str, int, str]]]:
    """The ``operators-by-place`` rows of every link, by link IRI: ``(place, operating, first)``; read once."""
    if "operators-by-place" not in kg.cache:
        by_link: dict[str, list[tuple[str, int, str]]] = {}
        for row in select_rows(kg, "operators-by-place"):
            by_link.setdefault(str(row["link"]), []).append(
                (str(row["place"]), int(row["operating"]), str(row["example"])))
        kg.cache["operators-by-place"] = by_link
    return kg.cache["operators-by-place"]  # type: ignore[return-value]


def _multi_placed(kg: QueryableGraph) -> dict[str, dict[str, set[str]]]:
    """The operating companies located in several places, by link IRI: company IRI → its places; read once,
    for the things of several places only (``multi-placed``: none, most often)."""
    if "multi-placed-operators" not in kg.cache:
        several = [URIRef(str(row["thing"])) for row in select_rows(kg, "multi-placed")]
        by_link: dict[str, dict[str, set[str]]] = {}
        for row in _multi_placed_operators(kg, several):
            by_link.setdefault(str(row["link"]), {}).setdefault(str(row["actor"]), set()).add(str(row["place"]))
        kg.cache["multi-placed-operators"] = by_link
    return kg.cache["multi-placed-operators"]  # type: ignore[return-value]


def _multi_placed_operators(kg: QueryableGraph, several: list[URIRef]) -> list[dict[str, Any]]:
    """The ``multi-placed-operators`` rows of the things in *several* (those of several places): a ``VALUES``
    block of them where small queries are cheap, the whole query elsewhere."""
    if not several:
        return []
    if not kg.store.small_queries_are_cheap:
        return select_rows(kg, "multi-placed-operators")
    text, _ = unordered("multi-placed-operators")
    return [row for start in range(0, len(several), LINKS_CHUNK)
            for row in kg.select_plain(with_value_rows(text, "actor", several[start:start + LINKS_CHUNK]))]


def _scope_operators(kg: QueryableGraph, scope: str, chain: URIRef | None,
                     todo: list[str]) -> list[dict[str, Any]]:
    """The operating companies of *scope* per link of *chain* (of every chain with ``chain=None``) (the
    ``scope-operators`` rows), for the links in *todo* at least. A whole chain's count is kept for the next
    region under the same scope (a comparison of districts, a scenario): the city's, the province's and the
    country's are the same for all of them."""
    whole_chain: dict[str, object] = {"region": URIRef(scope)}
    if chain is not None:
        whole_chain["chain"] = chain
    kept = ("scope-operators", params_key(whole_chain))
    if kept in kg.cache:
        return kg.cache[kept]  # type: ignore[return-value]
    read_ahead = ("prefetched", "scope-operators", params_key(whole_chain)) in kg.cache
    if not read_ahead and len(todo) <= PER_LINK_MAX and kg.store.small_queries_are_cheap:
        return [row for link in todo
                for row in select_rows(kg, "scope-operators", region=URIRef(scope), link=URIRef(link))]
    kg.cache[kept] = rows = select_rows(kg, "scope-operators", **whole_chain)
    return rows


def outside_examples(kg: QueryableGraph, region: URIRef, links: Sequence[str], within: URIRef) -> dict[str, str]:
    """For each of *links* (IRIs) that has one, its first operating company (by IRI) located in *within* (the
    nearest source, at any depth) and not in *region*: the example shown when the one a count gave is local — a
    company of that source, never one from elsewhere. The companies come from one read for all the links (the
    first of each link and place, named query ``operators-by-place``, a ``VALUES`` block of links; 0.7 s for 600
    links at 10⁵ companies), the regions around each place from the ``place-parents`` rows
    (:func:`~chaingraph.graphs.reading.containing`; ``places-in`` of the whole country read every company in
    it, 0.45 s at 10⁵). No query has a property path: a path from the company's place to the source, both ends
    bound, loses rows on Virtuoso 7.2, and a subquery of every place's regions costs seconds on Oxigraph."""
    if not links:
        return {}
    text, _ = unordered("operators-by-place")
    wanted = sorted(set(links))
    rows: list[dict[str, Any]] = []
    if kg.store.small_queries_are_cheap:
        for start in range(0, len(wanted), LINKS_CHUNK):
            chunk = [URIRef(link) for link in wanted[start:start + LINKS_CHUNK]]
            rows += kg.select_plain(with_value_rows(text, "link", chunk))
    else:  # rdflib: every link's at once, the asked ones kept (its VALUES next to an OPTIONAL loses rows)
        rows = kg.select_plain(text)
    keep = set(wanted)
    examples: dict[str, str] = {}
    for row in rows:
        link, example = str(row["link"]), row.get("example")
        if link in keep and example is not None and _in_source(kg, str(row["place"]), within, region):
            examples[link] = min(examples.get(link, example), example)
    return {link: str(example) for link, example in sorted(examples.items())}


def _in_source(kg: QueryableGraph, place: str, within: URIRef, region: URIRef) -> bool:
    """Whether *place* (a place something is located in) lies in *within* and not in *region*."""
    around = containing(kg, place)
    return str(within) in around and str(region) not in around


def link_ids(kg: QueryableGraph) -> dict[str, str]:
    """Link IRI → link id, once per knowledge graph."""
    if "link-ids" not in kg.cache:
        kg.cache["link-ids"] = {data["iri"]: node for node, data in structure(kg).nodes(data=True)}
    return kg.cache["link-ids"]  # type: ignore[return-value]
