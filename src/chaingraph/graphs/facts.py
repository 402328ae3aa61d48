"""Facts about a region and its chains that are not graphs: stated 链主, official formulas, a region's id,
and the evidence the outputs show (sources and quotes of the drawn links and
companies, what the region's facts rest on). Plain data, read with named queries.

>>> from chaingraph.knowledge import KnowledgeGraph
>>> from chaingraph.vocab.namespaces import CGD, CGK
>>> kg = KnowledgeGraph.open()
>>> stated_leaders(kg, CGD["region-qijiang"])[str(CGK["chain-aluminium"])]["label"]["zh"]
'旗能电铝'
>>> region_id(kg, CGD["region-qijiang"])
'qijiang'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rdflib import URIRef

from chaingraph.graphs.reading import labels, select_rows, unordered
from chaingraph.store.protocol import QueryableGraph
from chaingraph.store.values import with_value_rows
from chaingraph.vocab.terms import order_rows

__all__ = ["SOURCES_CHUNK", "chain_formula", "coverage", "region_evidence", "region_id", "sources_of",
           "stated_leaders"]

#: entities per query when their sources are read for a list of them (a VALUES block of this many rows)
SOURCES_CHUNK = 500


def stated_leaders(kg: QueryableGraph, region: URIRef) -> dict[str, dict[str, Any]]:
    """The 链主 the data states for *region*, by chain IRI: ``{iri, label {zh, en}}``."""
    return {str(row["chain"]): {"iri": str(row["leader"]), "label": labels(row, "leader")}
            for row in select_rows(kg, "chain-leaders", region=region) if str(row["region"]) == str(region)}


def chain_formula(kg: QueryableGraph, chain: URIRef) -> str | None:
    """The chain's official formula (「原铝—铝基材—…」), if the data has one."""
    rows = kg.select_plain("SELECT ?f WHERE { ?c cg:officialFormula ?f }", c=chain)
    return str(rows[0]["f"]) if rows else None


def region_id(kg: QueryableGraph, region: URIRef) -> str | None:
    """The region's id (its ``skos:notation``), if it has one."""
    rows = kg.select_plain("SELECT ?name WHERE { ?r skos:notation ?name }", r=region)
    return str(rows[0]["name"]) if rows else None


def coverage(kg: QueryableGraph) -> list[dict[str, Any]]:
    """The coverage statements of the data, one per statement: ``{statement, source, region, chains, links,
    date}`` (IRIs; empty chains and links: every chain)."""
    statements: dict[str, dict[str, Any]] = {}
    for row in select_rows(kg, "coverage"):
        entry = statements.setdefault(str(row["statement"]), {
            "statement": str(row["statement"]), "source": str(row["source"]), "region": str(row["region"]),
            "chains": set(), "links": set(), "date": row.get("date")})
        if row.get("chain") is not None:
            entry["chains"].add(str(row["chain"]))
        if row.get("link") is not None:
            entry["links"].add(str(row["link"]))
    return [statements[key] for key in sorted(statements)]


def region_evidence(kg: QueryableGraph, region: URIRef) -> list[dict[str, Any]]:
    """What the facts of *region* rest on: one row per source and evidence kind, with the number of entities
    and of single facts it backs (named query ``region-evidence``)."""
    return select_rows(kg, "region-evidence", region=region)


def sources_of(kg: QueryableGraph, entities: Iterable[str], lang: str) -> dict[str, list[dict[str, Any]]]:
    """The sources of each of *entities* (IRIs of links and actors): ``{source, id, title, kind, link, quote}``,
    the title in *lang* where the source has one, each source and quote once."""
    sources: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _source_rows(kg, entities):
        titles = {"zh": row.get("title_zh"), "en": row.get("title_en")}
        entry = {"source": str(row["source"]), "id": row.get("source_id"),
                 "title": titles[lang] or titles["zh" if lang == "en" else "en"],
                 "kind": row.get("evidence_kind"), "link": row.get("link"), "quote": row.get("quote")}
        if not any(e["source"] == entry["source"] and e["link"] == entry["link"] and e["quote"] == entry["quote"]
                   for e in sources[str(row["entity"])]):
            sources[str(row["entity"])].append(entry)
    return dict(sources)


def _source_rows(kg: QueryableGraph, entities: Iterable[str]) -> list[dict[str, Any]]:
    """The rows of ``render-sources`` and ``render-evidence`` for *entities*, in the order of the entity,
    link, source, quote and titles. Read for the listed entities only where small queries are cheap
    (Oxigraph, endpoints); rdflib reads them all once and keeps the listed ones."""
    wanted = sorted(set(entities))
    rows: list[dict[str, Any]] = []
    for name in ("render-sources", "render-evidence"):
        text, _ = unordered(name)
        if kg.store.small_queries_are_cheap:
            for start in range(0, len(wanted), SOURCES_CHUNK):
                chunk = [URIRef(iri) for iri in wanted[start:start + SOURCES_CHUNK]]
                rows += kg.select_plain(with_value_rows(text, "entity", chunk))
        else:
            rows += kg.select_plain(text)
    keep = set(wanted)
    rows = [row for row in rows if row["entity"] in keep]
    order_rows(rows, ("entity", "link", "source", "quote", "title_zh", "title_en"))
    return rows
