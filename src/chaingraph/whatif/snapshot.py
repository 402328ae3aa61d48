"""What changed in a region between two snapshots of the data (``chaingraph diff``): last year's tables against
this year's, an old graph against a new one.

:func:`snapshot_diff` analyses the region in both knowledge graphs and compares the analyses
(:func:`~chaingraph.whatif.diff.diff_analyses`: statuses, coverage, 断链, the gap ranking, the targets), then the
region's own companies and projects, chain by chain, with the sources the newer data (or, for what it no longer
has, the older) gives for them:

======================  =========================================================================================
``firms_added``         in the newer data only (any status: a new firm, a new project)
``firms_moved_in``      in the newer region's data, and located outside the region in the older data (迁入自X)
``firms_closed``        stated closed (关停) in the newer data, not before
``firms_moved_out``     in the older region's data, and located outside the region in the newer data (迁出至X)
``firms_gone``          in the older data only: no longer in the data — *not* stated closed
``firms_moved``         in the region both times, in another place of it (a district, a park: 迁至X)
``projects_advanced``   a step further along planned → signed → under construction → operating
``status_changed``      any other change of status (a closed firm operating again, a project set back)
``links_changed``       in other links of the chain than before
``capacity_changed``    an actual capacity (for a link it keeps) stated, changed or no longer stated (not for a
                        firm that closed: its closing says it)
======================  =========================================================================================

A company is the same in both when it has the same IRI (:mod:`chaingraph.whatif.moves`). One knowledge graph
holding several years can be compared with itself at two dates (``as_of``, ``as_of_new``).

Both analyses read what an analysis reads, once per knowledge graph; the companies come from the same read
(:func:`~chaingraph.gaps.region.region_facts`).

>>> from chaingraph.knowledge import KnowledgeGraph
>>> kg = KnowledgeGraph.open()
>>> same = snapshot_diff(kg, kg, "綦江区", chains=["copper"])
>>> [c.changed for c in same.chains], {name: len(items) for name, items in same.sections.items()}["firms_added"]
([False], 0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from rdflib import URIRef

from chaingraph.errors import InputError
from chaingraph.gaps import analyze
from chaingraph.gaps.asof import apply_as_of
from chaingraph.gaps.region import capacity_for, region_facts
from chaingraph.graphs import sources_of
from chaingraph.graphs.reading import places_inside
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.sparql.resolve import resolve
from chaingraph.whatif.diff import AnalysisDiff, diff_analyses
from chaingraph.whatif.moves import move_sections
from chaingraph.words import Lang, amount, pick, whatif_words

__all__ = ["ADVANCE", "SECTIONS", "local_actors", "snapshot_diff"]

#: the sections of a snapshot diff, in the order they are shown
SECTIONS = ("firms_added", "firms_moved_in", "firms_closed", "firms_moved_out", "firms_gone", "firms_moved",
            "projects_advanced", "status_changed", "links_changed", "capacity_changed")
#: how far along an actor is: a project advances when this grows
ADVANCE = {"planned": 0, "signed": 1, "under_construction": 2, "operating": 3}


def snapshot_diff(old: KnowledgeGraph, new: KnowledgeGraph, region: str, chains: Sequence[str] | None = None,
                  before_label: str = "", after_label: str = "", lang: Lang = "zh", as_of: int | None = None,
                  as_of_new: int | None = None, **options: Any) -> AnalysisDiff:
    """What changed in *region* from the data of *old* to that of *new* (the chains named, or every chain);
    *as_of* and *as_of_new* evaluate each side at the end of a year (:mod:`chaingraph.gaps.asof`: *old* and
    *new* may be one graph that holds several years); *options* go to :func:`~chaingraph.gaps.analyze`
    (``min_firms``, ``named_only`` …)."""
    sides = []
    for kg, side, year in ((old, "older", as_of), (new, "newer", as_of_new)):
        try:
            region_iri = resolve(kg, region, "region")
            chain_iris = [resolve(kg, c, "chain") for c in chains] if chains else None
        except InputError as error:  # say which of the two knowledge graphs lacks the name
            raise InputError([replace(p, message=f"in the {side} data: {p.message}") for p in error.problems]) from None
        result = analyze(kg, region=region_iri, chains=chain_iris, lang=lang, evidence=False, as_of=year, **options)
        sides.append((region_iri, chain_iris, result))
    (old_region, old_chains, before), (new_region, new_chains, after) = sides
    w = whatif_words(lang)
    labels = [label or (w["as_of_side"].format(year=year) if year is not None else w[default])
              for label, year, default in ((before_label, as_of, "older"), (after_label, as_of_new, "newer"))]
    diff = diff_analyses(before, after, labels[0], labels[1], lang=lang)
    ids = set(after.parameters["chains"]) & set(before.parameters["chains"])
    old_actors = local_actors(old, old_region, old_chains, ids, as_of)
    new_actors = local_actors(new, new_region, new_chains, ids, as_of_new)
    inside = (places_inside(old, old_region), places_inside(new, new_region))
    hidden = tuple({a["iri"] for a in (side.as_of or {}).get("left_out", [])} for side in (before, after))
    sections = _sections(old_actors, new_actors, (old, new), (inside, hidden), lang)  # type: ignore[arg-type]
    _add_sources(sections, old, new, lang)
    dates = None if as_of is None and as_of_new is None else {"before": before.as_of, "after": after.as_of}
    return replace(diff, sections=sections, as_of=dates)


def local_actors(kg: KnowledgeGraph, region: URIRef, chains: Sequence[URIRef] | None, chain_ids: set[str],
                 as_of: int | None = None) -> dict[tuple[str, str], dict[str, Any]]:
    """The region's own actors of *chain_ids* by (chain id, IRI): label, status, count, links and their actual
    capacity per link (value, unit), as the analysis read them (at the end of *as_of*, when given)."""
    facts = region_facts(kg, region, chains)
    graph, firms = facts.graph, facts.firms
    if as_of is not None:  # the date is laid over copies, as the analysis lays it
        graph, firms = graph.copy(), firms.copy()
        apply_as_of(kg, as_of, graph, firms, region)
    actors: dict[tuple[str, str], dict[str, Any]] = {}
    for link, data in graph.nodes(data=True):
        if data["chain"] not in chain_ids:
            continue
        for actor in data["actors"]:
            entry = actors.setdefault((data["chain"], actor["iri"]), {
                "chain": data["chain"], "iri": actor["iri"], "label": actor["label"], "status": actor["status"],
                "count": actor.get("count", 1), "links": [], "capacities": {}})
            entry["links"] = sorted({*entry["links"], link})
            caps = firms.nodes[actor["iri"]]["capacities"] if actor["iri"] in firms else []
            capacity = capacity_for(caps, link)
            if capacity is not None and isinstance(capacity.get("value"), int | float):
                entry["capacities"][link] = (float(capacity["value"]), capacity["unit"])
    return actors


def _sections(old: dict[tuple[str, str], dict[str, Any]], new: dict[tuple[str, str], dict[str, Any]],
              kgs: tuple[KnowledgeGraph, KnowledgeGraph],
              places: tuple[tuple[frozenset[str], frozenset[str]], tuple[set[str], set[str]]],
              lang: Lang) -> dict[str, list[dict[str, Any]]]:
    """The sections of the companies and projects; *places*: the places inside the region on each side, and the
    actors each side's date left out."""
    w = whatif_words(lang)
    sections: dict[str, list[dict[str, Any]]] = {name: [] for name in SECTIONS}

    def item(actor: dict[str, Any], before: str, after: str, **more: Any) -> dict[str, Any]:
        return {"chain": actor["chain"], "iri": actor["iri"], "label": actor["label"], "links": actor["links"],
                "before": before, "after": after, **more}

    both = sorted(old.keys() & new.keys())
    moves = move_sections(*kgs, places[0], [old[k] for k in sorted(old.keys() - new.keys())],
                          [new[k] for k in sorted(new.keys() - old.keys())], [(old[k], new[k]) for k in both], w, lang,
                          places[1])
    for name in ("firms_moved_out", "firms_moved_in", "firms_moved"):
        sections[name] = moves[name]
    for actor in moves["added"]:
        sections["firms_added"].append(item(actor, "", w[f"actor_{actor['status']}"]))
    for actor in moves["gone"]:
        sections["firms_gone"].append(item(actor, w[f"actor_{actor['status']}"], w["not_in_data"]))
    for actor in moves["left_chain"]:  # still in the region's data, in none of the chain's links
        sections["links_changed"].append(item(actor, " ".join(actor["links"]), w["no_link_of_chain"],
                                              links_before=actor["links"]))
    for actor in moves["joined_chain"]:
        sections["links_changed"].append(item(actor, w["no_link_of_chain"], " ".join(actor["links"]),
                                              links_before=[]))
    for key in both:
        was, now = old[key], new[key]
        if was["status"] != now["status"]:
            name = ("firms_closed" if now["status"] == "closed" else "projects_advanced"
                    if ADVANCE.get(was["status"], 9) < ADVANCE.get(now["status"], -1) else "status_changed")
            sections[name].append(item(now, w[f"actor_{was['status']}"], w[f"actor_{now['status']}"],
                                       status_before=was["status"], status_after=now["status"]))
        if was["links"] != now["links"]:
            sections["links_changed"].append(item(now, " ".join(was["links"]), " ".join(now["links"]),
                                                  links_before=was["links"]))
        for link in sorted(set(was["links"]) & set(now["links"]) if now["status"] != "closed" else ()):
            before, after = was["capacities"].get(link), now["capacities"].get(link)
            if before != after:
                sections["capacity_changed"].append(item(
                    now, _capacity(before, lang), _capacity(after, lang), link=link,
                    capacity_before=_figure(before), capacity_after=_figure(after)))
    return sections


def _capacity(figure: tuple[float, str] | None, lang: Lang) -> str:
    return whatif_words(lang)["no_figure"] if figure is None else amount(figure[0], figure[1], lang)


def _figure(figure: tuple[float, str] | None) -> dict[str, Any] | None:
    return None if figure is None else {"value": figure[0], "unit": figure[1]}


def _add_sources(sections: dict[str, list[dict[str, Any]]], old: KnowledgeGraph, new: KnowledgeGraph,
                 lang: Lang) -> None:
    """Each item's sources: the newer data's, or the older data's for what the newer no longer has."""
    wanted: dict[str, set[str]] = {"old": set(), "new": set()}
    for name, items in sections.items():
        wanted["old" if name == "firms_gone" else "new"].update(i["iri"] for i in items)
    found = {side: sources_of(kg, sorted(wanted[side]), lang) if wanted[side] else {}
             for side, kg in (("old", old), ("new", new))}
    for name, items in sections.items():
        side = found["old" if name == "firms_gone" else "new"]
        for entry in items:
            seen: dict[str, dict[str, Any]] = {}
            for source in side.get(entry["iri"], []):
                seen.setdefault(source["source"], {"source": source["source"], "id": source["id"],
                                                   "title": source["title"]})
            entry["sources"] = list(seen.values())
            entry["label"] = pick(entry["label"], lang) or entry["iri"]
