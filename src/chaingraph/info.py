"""``chaingraph info``: what a knowledge graph holds — chains, companies per region, projects, size."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal as Choice

from chaingraph.sparql.catalogue import named_query
from chaingraph.store.protocol import QueryableGraph
from chaingraph.vocab.terms import plain

__all__ = ["GraphInfo", "graph_info"]


@dataclass
class GraphInfo:
    """A summary of a knowledge graph, as plain data (see :func:`graph_info`)."""

    triples: int
    sources: list[str]
    chains: list[dict[str, object]] = field(default_factory=list)
    regions: list[dict[str, object]] = field(default_factory=list)
    projects: list[dict[str, object]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _rows(kg: QueryableGraph, name: str, lang: str) -> list[dict[str, object]]:
    rows = kg.select(named_query(name).text, lang=lang)
    return [{c: plain(row.get(c)) for c in rows.variables} for row in rows]


def _projects(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """One entry per project, its link ids joined (the query gives one row per link)."""
    projects: dict[object, dict[str, object]] = {}
    links: dict[object, list[str]] = {}
    for row in rows:
        projects.setdefault(row["project"], {k: v for k, v in row.items() if k != "link_id"})
        found = links.setdefault(row["project"], [])
        if row["link_id"] and str(row["link_id"]) not in found:
            found.append(str(row["link_id"]))
    for project, entry in projects.items():
        entry["links"] = " ".join(sorted(links[project])) or None
    return list(projects.values())


def graph_info(kg: QueryableGraph, lang: Choice["zh", "en"] = "zh") -> GraphInfo:
    """Summarise *kg*: its chains, the companies and projects in each region, and its size.

    >>> from chaingraph.knowledge import KnowledgeGraph
    >>> info = graph_info(KnowledgeGraph.open(), lang="en")
    >>> info.triples > 0
    True
    """
    return GraphInfo(
        triples=len(kg),
        sources=[str(s) for s in kg.sources],
        chains=_rows(kg, "chains", lang),
        regions=_rows(kg, "region-summary", lang),
        projects=_projects(_rows(kg, "projects", lang)),
    )
