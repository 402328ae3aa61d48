"""Link status in a region: present, weak (弱链), planned or missing (缺链), and whether it is targeted.

Definitions (docs/gap-analysis.md, "Definitions"), for region R and a minimum of k firms:

* the **local actors** of link l are the companies and projects located in R or in any place inside
  R that operate in l; an actor is *operating* when its status is operating (a company with no status
  is operating);
* ``present`` — at least k operating local actors (k: the link's own ``min_firms``, else the analysis
  default; a **capacity-capped** link — national cap, 产能置换 — needs one: a second producer is not a goal
  there, so the firm count cannot make it weak);
* ``weak`` (弱链) — 1 to k−1 operating local actors;
* ``planned`` — no operating local actor, but a planned, signed or under-construction local one;
* ``missing`` (缺链) — none of these.

A counted group (「30余家零部件企业」) counts as its count (:mod:`chaingraph.graphs.links`). A link that a
plan of the region targets (「瞄准」) keeps its status and gets ``targeted = True``.
With ``named_only=True`` only actors the source names count as operating (the stricter evidence mode
of tests/data/qijiang-oracle.md: unnamed exhibitors are then not enough to call a link present).

>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_node("A", operating=2, named_operating=2, pipeline=0, closed=0, targeted=False, actors=[])
>>> G.add_node("B", operating=1, named_operating=1, pipeline=0, closed=0, targeted=False, actors=[])
>>> G.add_node("C", operating=0, named_operating=0, pipeline=1, closed=0, targeted=True, actors=[])
>>> {n: s.status for n, s in link_status(G, min_firms=2).items()}
{'A': 'present', 'B': 'weak', 'C': 'planned'}
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

import networkx as nx

from chaingraph.analysis.reasons import Reason
from chaingraph.words import LINK_STATUSES, PIPELINE_STATUSES, Lang

__all__ = ["MISSING", "OPERATING_STATUSES", "PIPELINE_STATUSES", "PLANNED", "PRESENT", "STATUSES", "WEAK", "LinkStatus",
           "link_status"]

PRESENT, WEAK, PLANNED, MISSING = LINK_STATUSES
STATUSES = LINK_STATUSES
#: statuses of a link with at least one operating local actor
OPERATING_STATUSES = frozenset({PRESENT, WEAK})


@dataclass(frozen=True)
class LinkStatus:
    """The status of one link in one region, with the reasons for it."""

    status: str
    operating: int
    pipeline: int
    targeted: bool
    reasons: tuple[Reason, ...]
    #: the operating local actors this link needs to be present
    min_firms: int = 2

    @property
    def is_operating(self) -> bool:
        return self.status in OPERATING_STATUSES


def _names(actors: list[dict], lang: Lang, wanted: Set[str], named_only: bool = False) -> str:
    names = sorted(a["label"].get(lang) or a["label"].get("zh") or a["iri"] for a in actors
                   if a["status"] in wanted and (a["named"] or not named_only))
    return "、".join(names) if lang == "zh" else ", ".join(names)


def link_status(graph: nx.DiGraph, min_firms: int = 2, *, named_only: bool = False, lang: Lang = "zh",
                with_capacity: Set[str] = frozenset()) -> dict[str, LinkStatus]:
    """The status of every node of a link graph that carries region facts (see :mod:`chaingraph.graphs`).

    *with_capacity*: links with a local actual capacity figure; a weak one says that the firm count
    decides because the data has no downstream demand to weigh the capacity against.
    """
    if min_firms < 1:
        raise ValueError(f"min_firms must be at least 1, not {min_firms}")
    result: dict[str, LinkStatus] = {}
    for node, data in graph.nodes(data=True):
        k = 1 if data.get("capped") else (data.get("min_firms") or min_firms)
        operating = data["named_operating"] if named_only else data["operating"]
        actors = data.get("actors", [])
        names = _names(actors, lang, {"operating"}, named_only)
        reasons: list[Reason] = []
        if data.get("capped"):
            reasons.append(Reason("capped"))
        if operating >= k:
            status = PRESENT
            reasons.append(Reason("enough_firms", (("n", operating), ("k", k), ("names", names))))
        elif operating >= 1:
            status = WEAK
            if operating == 1:
                reasons.append(Reason("single_firm", (("names", names),)))
            else:
                reasons.append(Reason("few_firms", (("n", operating), ("k", k), ("names", names))))
            if data["named_operating"] == 0:
                reasons.append(Reason("unnamed_only"))
            if node in with_capacity:
                reasons.append(Reason("demand_unknown"))
        elif data["pipeline"] > 0:
            status = PLANNED
            reasons.append(Reason("planned_only", (("names", _names(actors, lang, PIPELINE_STATUSES)),)))
        else:
            status = MISSING
            reasons.append(Reason("no_local_actor"))
        if named_only and data["operating"] > data["named_operating"]:
            reasons.append(Reason("unnamed_not_counted", (("n", data["operating"] - data["named_operating"]),)))
        if status in OPERATING_STATUSES and data["pipeline"] > 0:
            reasons.append(Reason("pipeline_capacity", (("names", _names(actors, lang, PIPELINE_STATUSES)),)))
        reasons += [Reason("counted_group", (("stated", a["stated"]),)) for a in actors
                    if a.get("stated") and a["status"] == "operating" and (a["named"] or not named_only)]
        if data.get("closed"):
            reasons.append(Reason("closed_actors", (("n", data["closed"]),)))
        if data.get("targeted"):
            plans = sorted({p["label"].get(lang) or p["label"].get("zh") or p["iri"] for p in data.get("plans", [])})
            reasons.append(Reason("targeted", (("plans", "；".join(plans) if lang == "zh" else "; ".join(plans)),)))
        result[node] = LinkStatus(status, operating, data["pipeline"], bool(data.get("targeted")), tuple(reasons), k)
    return result
