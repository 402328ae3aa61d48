"""A scenario as a layer: its assumptions applied to copies of a region's link and firm graphs.

:func:`apply_scenario` finds the actors each assumption names (a local company or project by its name, or
the local projects of a named investor), changes the copies the analysis then reads — statuses, links,
capacities, actors added or removed — and counts each link's actors again. Nothing is written to the
store: the next analysis of the region without the scenario reads the same facts as before.
What each assumption did is returned (:class:`Effect`), for the outputs to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from chaingraph.errors import InputError, Problem, closest
from chaingraph.gaps.scenario import Assumption, Scenario, slug
from chaingraph.graphs.actors import actors_named, names_of, projects_of
from chaingraph.graphs.links import count_actors
from chaingraph.graphs.reading import labels_of
from chaingraph.store.protocol import QueryableGraph
from chaingraph.words import PIPELINE_STATUSES, Lang, pick

__all__ = ["SCENARIO_IRI", "Effect", "apply_scenario"]

#: the IRI of a company a scenario adds is this, then its name (it exists in the scenario only)
SCENARIO_IRI = "urn:chaingraph:scenario:"


@dataclass(frozen=True)
class Effect:
    """What one assumption changed: the actors it touched, each ``{iri, label, before, after, links}``
    (``before``/``after``: statuses, ``None`` for an actor added or removed)."""

    assumption: Assumption
    actors: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.assumption.to_dict(), "actors": list(self.actors)}


class _Layer:
    """The copies a scenario changes, and how to find what its assumptions name."""

    def __init__(self, kg: QueryableGraph, graph: nx.DiGraph, firms: nx.DiGraph, region: tuple[str, dict[str, str]],
                 lang: Lang) -> None:
        self.kg, self.graph, self.firms, self.region, self.lang = kg, graph, firms, region, lang

    def local(self) -> dict[str, dict[str, Any]]:
        return {iri: data for iri, data in self.firms.nodes(data=True) if data["local"]}

    def find(self, assumption: Assumption, required: bool = True) -> list[str]:
        """The local actors *assumption* names: by label, else by any name in the data (a company, or the
        investor of local projects); [] when *required* is false and none is local."""
        name = assumption.name.casefold()
        local = self.local()
        hits = sorted(iri for iri, data in local.items()
                      if name in {str(v).casefold() for v in data["label"].values()} or iri == assumption.name)
        if hits:
            return hits
        named = actors_named(self.kg, assumption.name)
        hits = sorted(named & local.keys()) or sorted(projects_of(self.kg, named) & local.keys())
        if hits or not required:
            return hits
        region = pick(self.region[1], self.lang) or self.region[0]
        if named:
            raise _problem(assumption, f"'{assumption.name}' is in the data but has no company or project in "
                                       f"{region}", "name a local company or project, or add one with +NAME@LINK")
        near = closest(assumption.name, names_of(self.kg, (iri for iri in local if not iri.startswith(SCENARIO_IRI)))
                       | {pick(d["label"], self.lang) for d in local.values() if d["label"]})
        raise _problem(assumption, f"unknown company or project '{assumption.name}' in {region}",
                       f"did you mean {', '.join(near)}?" if near else "add a company with +NAME@LINK")

    def link_ids(self, assumption: Assumption) -> list[str]:
        """The link ids *assumption* names (ids, case-free, or labels)."""
        by_name = {n.casefold(): n for n in self.graph}
        by_name.update({str(v).casefold(): n for n, d in self.graph.nodes(data=True) for v in d["label"].values()})
        ids = []
        for written in assumption.links:
            link = by_name.get(written.casefold())
            if link is None:
                near = closest(written, list(self.graph))
                raise _problem(assumption, f"unknown link '{written}'",
                               f"did you mean {', '.join(near)}?" if near else "use a link id such as AL07")
            ids.append(link)
        return ids

    def set_actors(self, iris: list[str], **changes: Any) -> None:
        """Change the actors' entries in the links they operate in, and count the links' actors again."""
        for data in self.graph.nodes.values():
            if any(a["iri"] in iris for a in data["actors"]):
                data["actors"] = [dict(a, **changes) if a["iri"] in iris else a for a in data["actors"]]
                count_actors(data)

    def drop_actors(self, iris: list[str]) -> None:
        for data in self.graph.nodes.values():
            if any(a["iri"] in iris for a in data["actors"]):
                data["actors"] = [a for a in data["actors"] if a["iri"] not in iris]
                count_actors(data)
        self.firms.remove_nodes_from(iris)

    def join_links(self, iri: str, links: list[str]) -> None:
        """Put the actor *iri* (a node of the firm graph) into *links*."""
        node = self.firms.nodes[iri]
        node["links"] = sorted(set(node["links"]) | set(links))
        entry = {"iri": iri, "label": node["label"], "kind": node["kind"], "status": node["status"],
                 "named": node["named"], "count": 1}
        for link in links:
            data = self.graph.nodes[link]
            if all(a["iri"] != iri for a in data["actors"]):
                data["actors"] = [*data["actors"], dict(entry)]
                count_actors(data)


def apply_scenario(kg: QueryableGraph, scenario: Scenario, graph: nx.DiGraph, firms: nx.DiGraph,
                   region: tuple[str, dict[str, str]], lang: Lang) -> tuple[Effect, ...]:
    """Apply *scenario* to *graph* and *firms* (copies of a region's link and firm graphs; their node
    attributes are replaced, never changed in place) and say what each assumption did. *region* is the
    region's IRI and labels. Every assumption that names nothing is reported at once (:class:`InputError`)."""
    layer = _Layer(kg, graph, firms, region, lang)
    effects: list[Effect] = []
    problems: list[Problem] = []
    for assumption in scenario.assumptions:
        try:
            apply = {"set": _set, "add": _add, "remove": _remove}[assumption.kind]
            effects.append(Effect(assumption, tuple(apply(layer, assumption))))
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return tuple(effects)


def _set(layer: _Layer, assumption: Assumption) -> list[dict[str, Any]]:
    iris = layer.find(assumption)
    link = layer.link_ids(Assumption("set", assumption.name, links=(assumption.link,), where=assumption.where))[0] \
        if assumption.link else None
    touched = []
    for iri in iris:
        node = layer.firms.nodes[iri]
        before = node["status"]
        after = assumption.status or before
        capacities = _as_status(node["capacities"], before, after)
        if assumption.capacity is not None:
            capacities = [c for c in capacities if c.get("link") not in (None, link) or c.get("status") not in
                          (None, "actual", "planned")]
            capacities.insert(0, _capacity(assumption, after, link))
        node.update(status=after, capacities=capacities)
        layer.set_actors([iri], status=after)
        touched.append({"iri": iri, "label": node["label"], "before": before, "after": after,
                        "links": list(node["links"])})
    return touched


def _add(layer: _Layer, assumption: Assumption) -> list[dict[str, Any]]:
    links = layer.link_ids(assumption)
    local = layer.find(assumption, required=False)
    if local:  # a local company extends into the links
        for iri in local:
            layer.join_links(iri, links)
        return [{"iri": iri, "label": layer.firms.nodes[iri]["label"], "before": layer.firms.nodes[iri]["status"],
                 "after": layer.firms.nodes[iri]["status"], "links": links} for iri in local]
    outside = sorted(actors_named(layer.kg, assumption.name))
    label = labels_of(layer.kg, outside[0]) if outside else {}
    iri = SCENARIO_IRI + slug(assumption.name)
    status = assumption.status or "operating"
    layer.firms.add_node(iri, iri=iri, label=label or {"zh": assumption.name}, local=True, kind="company",
                         status=status, named=True, links=[], place=layer.region[0], place_label=layer.region[1],
                         capacities=[_capacity(assumption, status, None)] if assumption.capacity is not None else [],
                         assumed=True, outside=outside[0] if outside else None)
    layer.join_links(iri, links)
    return [{"iri": iri, "label": layer.firms.nodes[iri]["label"], "before": None, "after": status, "links": links,
             "outside": outside[0] if outside else None}]


def _remove(layer: _Layer, assumption: Assumption) -> list[dict[str, Any]]:
    iris = layer.find(assumption)
    touched = [{"iri": iri, "label": layer.firms.nodes[iri]["label"], "before": layer.firms.nodes[iri]["status"],
                "after": None, "links": list(layer.firms.nodes[iri]["links"])} for iri in iris]
    layer.drop_actors(iris)
    return touched


def _as_status(capacities: list[dict[str, Any]], before: str, after: str) -> list[dict[str, Any]]:
    """An actor's capacities once its status goes from *before* to *after*: a project that starts operating
    has its planned capacity (it becomes actual); one that goes back to the pipeline has its actual capacity
    as planned. Targets stay targets."""
    if before in PIPELINE_STATUSES and after == "operating":
        return [dict(c, status="actual", assumed=True) if c.get("status") == "planned" else c for c in capacities]
    if before == "operating" and after in PIPELINE_STATUSES:
        return [dict(c, status="planned", assumed=True) if c.get("status") in (None, "actual") else c
                for c in capacities]
    return list(capacities)


def _capacity(assumption: Assumption, status: str, link: str | None) -> dict[str, Any]:
    return {"value": assumption.capacity, "unit": assumption.unit, "status": "actual" if status == "operating" else
            "planned", "year": None, "stated": assumption.stated, "link": link, "assumed": True}


def _problem(assumption: Assumption, message: str, hint: str) -> InputError:
    where = f"{assumption.where}: " if assumption.where else ""
    return InputError.single(f"{where}{message}", hint=hint)
