"""What changed between two analyses of a region: a scenario against the data, or this year's data against last
year's — statuses, coverage, 断链, chain head and tail, the gap ranking, the 招商 targets, the 链主, the loop.

:func:`diff_analyses` compares the documented JSON of two :class:`~chaingraph.gaps.GapAnalysis` results (the
same region, the same parameters) chain by chain; :class:`AnalysisDiff` has the JSON shape
``chaingraph.diff/1`` (docs/scenarios.md) and flat rows for CSV.

>>> from chaingraph.gaps import analyze
>>> from chaingraph.gaps.scenario import Scenario
>>> from chaingraph.knowledge import KnowledgeGraph
>>> kg = KnowledgeGraph.open()
>>> base = analyze(kg, region="綦江区", chains=["copper"], evidence=False)
>>> landed = analyze(kg, region="綦江区", chains=["copper"], evidence=False,
...                  scenario=Scenario.parse(["天鑫=operating"]))
>>> change = diff_analyses(base, landed).chains[0]
>>> change.coverage["before"]["operating"], change.coverage["after"]["operating"]
(1, 3)
>>> [(s["id"], s["before"], s["after"]) for s in change.statuses]
[('CU02', 'planned', 'weak'), ('CU03', 'planned', 'weak')]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from chaingraph.gaps.result import GapAnalysis
from chaingraph.words import Lang, pick

__all__ = ["DIFF_SCHEMA", "AnalysisDiff", "ChainDiff", "diff_analyses"]

DIFF_SCHEMA = "chaingraph.diff/1"


@dataclass(frozen=True)
class ChainDiff:
    """What changed in one chain (lists are empty where nothing did)."""

    id: str
    label: dict[str, str]
    coverage: dict[str, Any]  #: {"before": {operating, total, ratio}, "after": {…}, "segments": [changed segments]}
    statuses: tuple[dict[str, Any], ...] = ()  #: links whose status (or absence) changed
    broken: dict[str, list[str]] = field(default_factory=dict)  #: {"added": […], "removed": […]}
    truncation: dict[str, dict[str, list[str]]] = field(default_factory=dict)  #: head/tail → added/removed
    gaps: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  #: new, closed, moved
    targets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  #: new, dropped, moved
    leader: dict[str, Any] | None = None  #: {"before": …, "after": …} when the 链主 changed
    open_loop: dict[str, Any] | None = None  #: {"before": open?, "after": open?} when it changed
    extra: dict[str, Any] = field(default_factory=dict)  #: further comparisons (the material balance)
    #: every link's label by id (either side), to name the links of the lists above for a reader
    names: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    @property
    def changed(self) -> bool:
        return bool(self.statuses or any(self.broken.values()) or self.gaps.get("new") or self.gaps.get("closed")
                    or self.gaps.get("moved") or self.targets.get("new") or self.targets.get("dropped")
                    or self.leader or self.open_loop or self.coverage.get("segments") or any(self.extra.values()))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "changed": self.changed, "coverage": self.coverage,
                "statuses": list(self.statuses), "broken": self.broken, "truncation": self.truncation,
                "gaps": self.gaps, "targets": self.targets, "leader": self.leader, "open_loop": self.open_loop,
                **self.extra}


@dataclass(frozen=True)
class AnalysisDiff:
    """Two analyses of one region compared: *before* (the base) and *after* (a scenario, a later year)."""

    region: dict[str, Any]
    before: str  #: what the base is, in words (「数据现状」, a year, a file)
    after: str
    chains: tuple[ChainDiff, ...]
    lang: Lang = "zh"
    #: chains analysed on one side only
    only: dict[str, list[str]] = field(default_factory=dict)
    #: the scenario of the after side, when it is one
    scenario: dict[str, Any] | None = None
    #: further sections (the companies that came, closed or moved, for a snapshot diff)
    sections: dict[str, Any] = field(default_factory=dict)
    #: the dates each side was evaluated at (``{"before": as_of or None, "after": …}``), when one was
    as_of: dict[str, Any] | None = None

    def chain(self, chain_id: str) -> ChainDiff:
        return next(c for c in self.chains if c.id == chain_id)

    def to_dict(self) -> dict[str, Any]:
        return {"schema": DIFF_SCHEMA, "region": self.region, "before": self.before, "after": self.after,
                "scenario": self.scenario, "only": self.only, "chains": [c.to_dict() for c in self.chains],
                **({"as_of": self.as_of} if self.as_of else {}), **self.sections}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def rows(self) -> list[dict[str, Any]]:
        """One row per change: chain, what, id, label, before, after, links, sources (for CSV and XLSX)."""
        rows: list[dict[str, Any]] = []
        for chain in self.chains:
            rows += _chain_rows(chain, self.lang)
        for what, items in self.sections.items():
            for item in items if isinstance(items, list) else []:
                rows.append({"chain": item.get("chain", ""), "what": what, "id": item.get("iri", ""),
                             "label": pick(item.get("label"), self.lang), "before": _text(item.get("before")),
                             "after": _text(item.get("after")), "links": " ".join(item.get("links", [])),
                             "sources": "; ".join(s.get("title") or s.get("id") or s["source"]
                                                  for s in item.get("sources", []))})
        return rows


def diff_analyses(before: GapAnalysis, after: GapAnalysis, before_label: str = "", after_label: str = "",
                  lang: Lang | None = None) -> AnalysisDiff:
    """What changed from *before* to *after* (two analyses of the same region), chain by chain."""
    lang = lang or before.parameters["lang"]
    old, new = before.to_dict(), after.to_dict()
    old_chains = {c["id"]: c for c in old["chains"]}
    new_chains = {c["id"]: c for c in new["chains"]}
    chains = tuple(_chain_diff(old_chains[cid], new_chains[cid], lang) for cid in old_chains if cid in new_chains)
    only = {"before": sorted(old_chains.keys() - new_chains.keys()), "after": sorted(new_chains.keys() -
                                                                                    old_chains.keys())}
    return AnalysisDiff(new["region"], before_label, after_label or (after.scenario or {}).get("name", ""), chains,
                        lang, only, after.scenario)


def _chain_diff(old: dict[str, Any], new: dict[str, Any], lang: Lang) -> ChainDiff:
    old_links = {link["id"]: link for link in old["links"]}
    statuses = tuple(
        {"id": lid, "label": link["label"], "before": old_links[lid]["status"], "after": link["status"],
         "before_absence": old_links[lid]["absence"], "after_absence": link["absence"],
         "operating_before": old_links[lid]["operating_actors"], "operating_after": link["operating_actors"]}
        for lid, link in ((link["id"], link) for link in new["links"]) if lid in old_links
        and (old_links[lid]["status"], old_links[lid]["absence"], old_links[lid]["operating_actors"])
        != (link["status"], link["absence"], link["operating_actors"]))
    return ChainDiff(
        id=new["id"], label=new["label"], coverage=_coverage(old["coverage"], new["coverage"]), statuses=statuses,
        broken=_added_removed([b["id"] for b in old["broken_links"]], [b["id"] for b in new["broken_links"]]),
        truncation={key: _added_removed(old["truncation"][key], new["truncation"][key]) for key in ("head", "tail")},
        gaps=_ranked(old["gaps"], new["gaps"], "id", ("score", "status", "action")),
        targets=_ranked(old["targets"], new["targets"], "iri", ("route", "links")),
        leader=_leader(old["chain_leader"], new["chain_leader"]),
        open_loop=None if old["open_loop"]["open"] == new["open_loop"]["open"] else
        {"before": old["open_loop"]["open"], "after": new["open_loop"]["open"]},
        extra={"balance": _balance(old.get("balance", {}), new.get("balance", {}))},
        names={link["id"]: link["label"] for link in (*old["links"], *new["links"])})


def _balance(old: dict[str, list[dict[str, Any]]], new: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The material balances whose status or gap changed, by view and link (a link balanced on one side only
    is ``null`` on the other)."""
    changes = []
    for view in sorted(old.keys() | new.keys()):
        before = {row["link"]: row for row in old.get(view, [])}
        after = {row["link"]: row for row in new.get(view, [])}
        for link in sorted(before.keys() | after.keys()):
            was, now = before.get(link), after.get(link)
            if was is None or now is None or (was["status"], was["gap"]) != (now["status"], now["gap"]):
                changes.append({"view": view, "link": link, "before": _balance_side(was),
                                "after": _balance_side(now)})
    return changes


def _balance_side(row: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if row is None else {"status": row["status"], "status_label": row["status_label"],
                                     "gap": row["gap"], "unit": row["unit"]}


def _coverage(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    def cell(c: dict[str, Any]) -> dict[str, Any]:
        return {"operating": c["operating"], "total": c["total"], "ratio": c["ratio"]}

    old_segments = {s["key"]: s for s in old["by_segment"]}
    segments = [{"key": s["key"], "label": s["label"], "before": cell(old_segments[s["key"]]), "after": cell(s)}
                for s in new["by_segment"] if s["key"] in old_segments
                and old_segments[s["key"]]["operating"] != s["operating"]]
    return {"before": cell(old), "after": cell(new), "segments": segments}


def _added_removed(old: list[str], new: list[str]) -> dict[str, list[str]]:
    return {"added": sorted(set(new) - set(old)), "removed": sorted(set(old) - set(new))}


def _ranked(old: list[dict[str, Any]], new: list[dict[str, Any]], key: str,
            fields: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    """New, gone and moved entries of a ranked list (gaps by link id, targets by IRI)."""
    before = {entry[key]: entry for entry in old}
    after = {entry[key]: entry for entry in new}

    def short(entry: dict[str, Any]) -> dict[str, Any]:
        return {key: entry[key], "label": entry["label"], "rank": entry["rank"], **{f: entry[f] for f in fields}}

    moved = [{key: k, "label": entry["label"], "rank_before": before[k]["rank"], "rank_after": entry["rank"],
              **{f"{f}_before": before[k][f] for f in fields}, **{f"{f}_after": entry[f] for f in fields}}
             for k, entry in after.items() if k in before and (before[k]["rank"], *(before[k][f] for f in fields))
             != (entry["rank"], *(entry[f] for f in fields))]
    return {"new": [short(e) for k, e in after.items() if k not in before],
            "closed" if key == "id" else "dropped": [short(e) for k, e in before.items() if k not in after],
            "moved": moved}


def _leader(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any] | None:
    if (old["iri"], old["how"]) == (new["iri"], new["how"]):
        return None
    return {"before": {"iri": old["iri"], "label": old["label"], "how": old["how"]},
            "after": {"iri": new["iri"], "label": new["label"], "how": new["how"]}}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items() if v is not None)
    return str(value)


def _chain_rows(chain: ChainDiff, lang: Lang) -> list[dict[str, Any]]:
    def row(what: str, ident: str, label: Any, before: Any, after: Any) -> dict[str, Any]:
        return {"chain": chain.id, "what": what, "id": ident, "label": pick(label, lang) if label else "",
                "before": _text(before), "after": _text(after), "links": "", "sources": ""}

    cov = chain.coverage
    rows = [row("coverage", "", chain.label, f"{cov['before']['operating']}/{cov['before']['total']}",
                f"{cov['after']['operating']}/{cov['after']['total']}")]
    rows += [row("segment", s["key"] or "", s["label"], f"{s['before']['operating']}/{s['before']['total']}",
                 f"{s['after']['operating']}/{s['after']['total']}") for s in cov["segments"]]
    rows += [row("status", s["id"], s["label"], s["before"], s["after"]) for s in chain.statuses]
    rows += [row(f"broken_{k}", link, chain.names.get(link), "", "") for k, links in chain.broken.items()
             for link in links]
    rows += [row(f"{part}_{k}", link, chain.names.get(link), "", "") for part, changes in chain.truncation.items()
             for k, links in changes.items() for link in links]
    for what, ranked, key in (("gap", chain.gaps, "id"), ("target", chain.targets, "iri")):
        rows += [row(f"{what}_{k}", e[key], e["label"], e.get("rank_before", e.get("rank") if k in ("closed", "dropped")
                                                                else ""),
                     e.get("rank_after", e.get("rank") if k == "new" else "")) for k, entries in ranked.items()
                 for e in entries]
    if chain.leader:
        rows.append(row("leader", "", None, pick(chain.leader["before"]["label"], lang),
                        pick(chain.leader["after"]["label"], lang)))
    if chain.open_loop:
        rows.append(row("open_loop", "", None, chain.open_loop["before"], chain.open_loop["after"]))
    rows += [row(f"balance_{b['view']}", b["link"], chain.names.get(b["link"]), _balance_text(b["before"]),
                 _balance_text(b["after"]))
             for b in chain.extra.get("balance", [])]
    return rows


def _balance_text(side: dict[str, Any] | None) -> str:
    if side is None:
        return ""
    return side["status_label"] + (f" {side['gap']:+g}" if side["gap"] is not None else "")
