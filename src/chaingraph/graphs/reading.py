"""Reading rows for the graphs: named queries sorted here (not by the store), read ahead in threads where
the store gains from it, and the small answers every graph needs (the scopes around a region, the places
inside it, the labels of a thing), kept in the knowledge graph's cache.

>>> from chaingraph.knowledge import KnowledgeGraph
>>> from chaingraph.vocab.namespaces import CGD
>>> [labels["zh"] for _, labels, _ in region_scopes(KnowledgeGraph.open(), CGD["region-qijiang"])]
['綦江区', '重庆市', '中国']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from rdflib import URIRef

from chaingraph.sparql.catalogue import unordered
from chaingraph.store.protocol import QueryableGraph
from chaingraph.store.values import with_value_rows
from chaingraph.vocab.terms import order_rows

__all__ = ["ANY_ORDER", "containing", "labels", "labels_of", "params_key", "places_inside",
           "prefetch", "read_labels", "region_actors", "region_scopes", "select_rows", "unordered"]


def labels(row: dict[str, Any], stem: str) -> dict[str, str]:
    """``{"zh": …, "en": …}`` from a row's ``<stem>_zh`` and ``<stem>_en`` columns."""
    return {lang: str(row[f"{stem}_{lang}"]) for lang in ("zh", "en") if row.get(f"{stem}_{lang}") is not None}


#: the named queries whose readers here only count and collect (sums, minimums, sets of their rows): their rows
#: are left in the store's order (97,087 rows of ``operators-by-place`` took 0.15 s to sort, on the longest of a
#: district's reads)
ANY_ORDER = frozenset({"operators-by-place", "multi-placed-operators", "place-parents"})


def select_rows(kg: QueryableGraph, name: str, **params: object) -> list[dict[str, Any]]:
    """The rows of a named query, in its ORDER BY order (in the store's for :data:`ANY_ORDER`), sorted here
    rather than by the store: on disk, Oxigraph reads every term's text back from RocksDB to sort (0.6 s of
    0.7 s for 15k rows). Rows read ahead by :func:`prefetch` are taken from there (once)."""
    ahead = kg.cache.pop(("prefetched", name, params_key(params)), None)
    if isinstance(ahead, Future):
        return ahead.result()
    return _read(kg, name, params)


def _read(kg: QueryableGraph, name: str, params: dict[str, object]) -> list[dict[str, Any]]:
    text, keys = unordered(name)
    rows = kg.select_plain(text, **params)
    if name not in ANY_ORDER:
        order_rows(rows, keys)
    return rows


def params_key(params: dict[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((key, str(value)) for key, value in params.items()))


def prefetch(kg: QueryableGraph, reads: Sequence[tuple[str, dict[str, object]]]) -> None:
    """Start these named queries (name, parameters) in the background, in this order, for the next
    :func:`select_rows` of each to take (waiting for it if it is not read yet), while this thread goes on with
    what it has; only on a store that gains from it (``read_threads``: Oxigraph evaluates without Python's
    lock, so its queries overlap the analysis of the rows read before them)."""
    threads = kg.store.read_threads
    if not threads or not reads:
        return
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="chaingraph-read")
    for name, params in reads:
        kg.cache[("prefetched", name, params_key(params))] = pool.submit(_read, kg, name, params)
    pool.shutdown(wait=False)  # its threads end with the last read


def region_scopes(kg: QueryableGraph, region: URIRef) -> list[tuple[str, dict[str, str], int]]:
    """The region and the regions containing it, nearest first: ``(iri, {zh, en}, distance)``, where the
    region itself is at distance 1 and its parent at 2 (once per knowledge graph and region)."""
    key = ("region-scopes", str(region))
    if key not in kg.cache:
        rows = select_rows(kg, "region-scopes", region=region)
        kg.cache[key] = sorted(((r["scope"], labels(r, "label"), r["distance"]) for r in rows), key=lambda s: s[2])
    return kg.cache[key]  # type: ignore[return-value]


def places_inside(kg: QueryableGraph, region: URIRef) -> frozenset[str]:
    """The region and every region and park inside it (once per knowledge graph and region)."""
    key = ("places-in", str(region))
    if key not in kg.cache:
        kg.cache[key] = frozenset(str(r["place"]) for r in select_rows(kg, "places-in", region=region))
    return kg.cache[key]  # type: ignore[return-value]


def containing(kg: QueryableGraph, place: str) -> frozenset[str]:
    """*place* and every place it is located in, at any depth (``cg:locatedIn*``), for a place something is
    located in: from the ``place-parents`` rows, read once per knowledge graph, where :func:`places_inside` of
    each region around one reads every company inside it (the whole country's, at the top).

    >>> from chaingraph.knowledge import KnowledgeGraph
    >>> sorted(p.rsplit("/", 1)[-1] for p in containing(KnowledgeGraph.open(),
    ...                                                 "https://w3id.org/chaingraph/data/region-qijiang"))
    ['region-china', 'region-chongqing', 'region-qijiang']
    """
    if "place-parents" not in kg.cache:
        parents: dict[str, set[str]] = {}
        for row in select_rows(kg, "place-parents"):
            parents.setdefault(str(row["place"]), set()).add(str(row["parent"]))
        kg.cache["place-parents"] = parents
        kg.cache["containing"] = {}
    found: dict[str, frozenset[str]] = kg.cache["containing"]  # type: ignore[assignment]
    if place not in found:
        parents = kg.cache["place-parents"]  # type: ignore[assignment]
        seen, todo = {place}, [place]
        while todo:  # a walk up, not a recursion: the data may hold a cycle
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        found[place] = frozenset(seen)
    return found[place]


def labels_of(kg: QueryableGraph, iri: str) -> dict[str, str]:
    """The Chinese and English labels of one thing (cached)."""
    key = ("labels", iri)
    if key not in kg.cache:
        kg.cache[key] = _by_language(select_rows(kg, "labels", thing=URIRef(iri)))
    return kg.cache[key]  # type: ignore[return-value]


#: the labels of many things at once (``labels`` with the thing as a column)
_LABELS = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
           "SELECT ?thing ?label (LANG(?label) AS ?lang) WHERE { ?thing skos:prefLabel ?label }")
#: things per query when their labels are read for a list of them (a VALUES block of this many rows)
LABELS_CHUNK = 500


def read_labels(kg: QueryableGraph, iris: Iterable[str]) -> None:
    """Keep the labels of each of *iris* not kept yet (:func:`labels_of`), read in one query for all of them
    where small queries are cheap (the nearest sources' example companies of a district: 800 queries of one
    company each took 0.1 s)."""
    if not kg.store.small_queries_are_cheap:
        return
    wanted = sorted({iri for iri in iris if ("labels", iri) not in kg.cache})
    order = unordered("labels")[1]
    for start in range(0, len(wanted), LABELS_CHUNK):
        chunk = wanted[start:start + LABELS_CHUNK]
        rows: dict[str, list[dict[str, Any]]] = {iri: [] for iri in chunk}
        for row in kg.select_plain(with_value_rows(_LABELS, "thing", [URIRef(iri) for iri in chunk])):
            rows[str(row["thing"])].append(row)
        for iri, found in rows.items():
            order_rows(found, order)
            kg.cache[("labels", iri)] = _by_language(found)


def _by_language(rows: list[dict[str, Any]]) -> dict[str, str]:
    """The first Chinese and the first English label of the ``labels`` rows of a thing (in their order)."""
    return {str(r["lang"]): str(r["label"]) for r in reversed(rows) if str(r["lang"]) in ("zh", "en")}


def region_actors(kg: QueryableGraph, region: URIRef) -> list[dict[str, Any]]:
    """The ``region-actors`` rows of *region*, read once per knowledge graph (the link graph and the firm
    graph both need them)."""
    key = ("region-actors", str(region))
    if key not in kg.cache:
        kg.cache[key] = select_rows(kg, "region-actors", region=region)
    return kg.cache[key]  # type: ignore[return-value]
