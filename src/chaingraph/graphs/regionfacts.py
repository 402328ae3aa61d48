"""What a region states about itself, for the report's key figures and first page: its figures (indicators,
targets, capacities, investments of the region and of its parks, clusters, plans, projects and companies),
its designations, clusters and projects — each with its sources. Plain data, read with named queries
(``region-figures``, ``region-designations``, ``region-clusters``, ``region-projects``).

>>> from chaingraph.knowledge import KnowledgeGraph
>>> from chaingraph.vocab.namespaces import CGD
>>> facts = region_facts(KnowledgeGraph.open(), CGD["region-qijiang"])
>>> sorted(facts)
['clusters', 'designations', 'figures', 'projects']
>>> [f["stated"] for f in facts["figures"] if f["metric"] == "output_value"]
['年产值超160亿元', '500亿级轻合金材料产业集群']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import URIRef

from chaingraph.graphs.firms import is_figure
from chaingraph.graphs.reading import labels, select_rows
from chaingraph.store.protocol import QueryableGraph
from chaingraph.vocab.terms import plain

__all__ = ["region_facts"]

#: the order figures are shown in: clusters (the chains' headline figures), the region, then what lies in it
KIND_ORDER = ("cluster", "region", "project", "park", "plan", "company")
#: actual results before targets and plans
STATUS_ORDER = ("actual", "estimate", "target", "planned")


def region_facts(kg: QueryableGraph, region: URIRef) -> dict[str, list[dict[str, Any]]]:
    """The figures, designations, clusters and projects of *region* (see the module documentation)."""
    return {"figures": _figures(select_rows(kg, "region-figures", region=region)),
            "designations": _designations(select_rows(kg, "region-designations", region=region)),
            "clusters": _clusters(select_rows(kg, "region-clusters", region=region)),
            "projects": _projects(select_rows(kg, "region-projects", region=region))}


def _source(row: dict[str, Any]) -> dict[str, Any] | None:
    if row.get("source") is None:
        return None
    return {"iri": str(row["source"]), "title": labels(row, "source")}


def _add_source(entry: dict[str, Any], row: dict[str, Any]) -> None:
    source = _source(row)
    if source is not None and source["iri"] not in {s["iri"] for s in entry["sources"]}:
        entry["sources"].append(source)
        entry["sources"].sort(key=lambda s: s["iri"])


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _figures(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One figure per stated quantity (the rows repeat it once per source); ``INF``, ``NaN`` and ``1e400`` are
    no quantity and are left out, as the analysis leaves them out (:func:`~chaingraph.graphs.firms.is_figure`)."""
    figures: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in filter(is_figure, rows):
        key = tuple(str(row.get(k)) for k in ("entity", "property", "metric", "value", "unit", "stated", "status",
                                               "bound", "year", "link"))
        entry = figures.get(key)
        if entry is None:
            entry = figures[key] = {
                "entity": str(row["entity"]), "entity_label": labels(row, "entity"), "kind": str(row["kind"]),
                "property": str(row["property"]), "metric": _text(row.get("metric")),
                "metric_label": labels(row, "metric"), "value": plain(row["value"]),
                "unit": str(row["unit"]).rsplit("/", 1)[-1], "stated": _text(row.get("stated")),
                "status": _text(row.get("status")), "bound": _text(row.get("bound")),
                "year": _text(row.get("year")), "link": _text(row.get("link")), "chain": _text(row.get("chain")),
                "sources": []}
        _add_source(entry, row)
    return sorted(figures.values(), key=_figure_order)


def _figure_order(figure: dict[str, Any]) -> tuple[Any, ...]:
    status = figure["status"] or "actual"
    return (KIND_ORDER.index(figure["kind"]) if figure["kind"] in KIND_ORDER else len(KIND_ORDER), figure["entity"],
            figure["metric"] or figure["property"], STATUS_ORDER.index(status) if status in STATUS_ORDER else 9,
            figure["year"] or "", figure["stated"] or "", str(figure["value"]))


def _designations(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = found.setdefault(str(row["designation"]), {
            "iri": str(row["designation"]), "label": labels(row, "label"), "level": _text(row.get("level")),
            "level_label": labels(row, "level"), "chain": _text(row.get("chain")), "quote": _text(row.get("quote")),
            "holders": [], "sources": []})
        if row.get("holder") is not None and str(row["holder"]) not in {h["iri"] for h in entry["holders"]}:
            entry["holders"].append({"iri": str(row["holder"]), "label": labels(row, "holder")})
            entry["holders"].sort(key=lambda h: h["iri"])
        _add_source(entry, row)
    levels = ("national", "provincial", "district")
    return sorted(found.values(), key=lambda d: (levels.index(d["level"]) if d["level"] in levels else 9, d["iri"]))


def _clusters(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        leader = None if row.get("leader") is None else {"iri": str(row["leader"]), "label": labels(row, "leader")}
        entry = found.setdefault(str(row["cluster"]), {
            "iri": str(row["cluster"]), "label": labels(row, "label"), "chain": _text(row.get("chain")),
            "leader": leader, "members": int(plain(row.get("members")) or 0), "sources": []})
        _add_source(entry, row)
    return sorted(found.values(), key=lambda c: c["iri"])


def _projects(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        investor = None
        if row.get("investor") is not None:
            investor = {"iri": str(row["investor"]), "label": labels(row, "investor")}
        entry = found.setdefault(str(row["project"]), {
            "iri": str(row["project"]), "label": labels(row, "label"), "status": _text(row.get("status")),
            "date": _text(row.get("date")), "investor": investor, "links": [], "sources": []})
        if row.get("link") is not None and str(row["link"]) not in entry["links"]:
            entry["links"].append(str(row["link"]))
            entry["links"].sort()
        _add_source(entry, row)
    return sorted(found.values(), key=lambda p: p["iri"])
