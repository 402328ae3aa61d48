"""The naive baseline: link statuses and 断链 of one chain in one region, by walking rdflib triples.

No SPARQL and no networkx: plain Python loops over ``Graph.subjects`` / ``Graph.objects`` /
``Graph.subject_objects``, computing the same things as :func:`chaingraph.gaps.analyzer` does for the
per-link status (docs/gap-analysis.md, "Definitions"):

* local actors of link l in region R: companies (``cg:Enterprise``) and projects (``cg:Project``)
  located in R or in any place inside R (``cg:locatedIn+``) that operate in l;
* an actor's status is its ``cg:status``, else operating for a company and planned for a project;
* ``present`` ≥ k operating local actors, ``weak`` 1…k−1, ``planned`` none operating but some planned,
  signed or under construction, ``missing`` none of these; ``targeted`` when a plan or project of R
  (or of a region inside R) targets the link;
* 断链: the same definition and algorithm as :func:`chaingraph.analysis.structure.broken_links`, on the
  chain's forward graph (its ``cg:feeds`` edges minus return flows into recycling links).

It exists to check chaingraph's answers and to time them against the obvious hand-written walk.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, URIRef

__all__ = ["NaiveResult", "naive_gaps"]

CG = "https://w3id.org/chaingraph/ns#"
CGK = "https://w3id.org/chaingraph/kos/"
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
NOTATION = URIRef("http://www.w3.org/2004/02/skos/core#notation")
LOCATED_IN = URIRef(CG + "locatedIn")
IN_CHAIN = URIRef(CG + "inChain")
CHAIN_LINK = URIRef(CG + "ChainLink")
ENTERPRISE = URIRef(CG + "Enterprise")
PROJECT = URIRef(CG + "Project")
OPERATES_IN = URIRef(CG + "operatesIn")
STATUS = URIRef(CG + "status")
STAGE = URIRef(CG + "stage")
FEEDS = URIRef(CG + "feeds")
TARGETS = URIRef(CG + "targetsLink")
IN_REGION = URIRef(CG + "inRegion")
OPERATING = URIRef(CGK + "status-operating")
PLANNED = URIRef(CGK + "status-planned")
PIPELINE = {PLANNED, URIRef(CGK + "status-signed"), URIRef(CGK + "status-under-construction")}
RECYCLING = URIRef(CGK + "stage-recycling")


@dataclass(frozen=True)
class NaiveResult:
    """Per link id: (status, operating local actors, pipeline local actors, targeted); and the 断链."""

    links: dict[str, tuple[str, int, int, bool]]
    broken: dict[str, list[tuple[str, str]]]


def _inside(graph: Graph, region: URIRef) -> set:
    """The region and everything located in it, transitively (places, parks, actors)."""
    found = {region}
    frontier = [region]
    while frontier:
        node = frontier.pop()
        for sub in graph.subjects(LOCATED_IN, node):
            if sub not in found:
                found.add(sub)
                frontier.append(sub)
    return found


def _reach(step: dict[str, list[str]], start: str, through: set[str]) -> set[str]:
    seen: set[str] = set()
    frontier = [n for n in step[start] if n in through]
    while frontier:
        node = frontier.pop()
        if node not in seen:
            seen.add(node)
            frontier.extend(n for n in step[node] if n in through and n not in seen)
    return seen


def _broken(succ: dict[str, list[str]], pred: dict[str, list[str]], operating: set[str]) -> dict:
    idle = set(succ) - operating
    cut: dict[str, set[tuple[str, str]]] = {}
    for u in sorted(operating):
        after_u = _reach(succ, u, idle)
        if not after_u:
            continue
        ends = {d for x in after_u for d in succ[x] if d in operating and d != u}
        for d in sorted(ends):
            if d in _reach(succ, u, operating):  # joined through operating links only
                continue
            for link in after_u & _reach(pred, d, idle):
                cut.setdefault(link, set()).add((u, d))
    return {link: sorted(pairs) for link, pairs in sorted(cut.items())}


def naive_gaps(graph: Graph, region: URIRef, chain: URIRef, min_firms: int = 2) -> NaiveResult:
    """Statuses and 断链 of *chain* in *region*, by walking the triples of *graph*."""
    links: dict[URIRef, str] = {}
    stage: dict[URIRef, object] = {}
    for link in graph.subjects(IN_CHAIN, chain):
        if (link, RDF_TYPE, CHAIN_LINK) in graph:
            notation = next(graph.objects(link, NOTATION), None)
            if notation is not None:
                links[link] = str(notation)
                stage[link] = next(graph.objects(link, STAGE), None)

    inside = _inside(graph, region)
    operating: dict[URIRef, set] = defaultdict(set)
    pipeline: dict[URIRef, set] = defaultdict(set)
    for actor in inside:
        if actor == region:
            continue
        types = set(graph.objects(actor, RDF_TYPE))
        if ENTERPRISE in types:
            default = OPERATING
        elif PROJECT in types:
            default = PLANNED
        else:
            continue
        status = next(graph.objects(actor, STATUS), default)
        for link in graph.objects(actor, OPERATES_IN):
            if link not in links:
                continue
            if status == OPERATING:
                operating[link].add(actor)
            elif status in PIPELINE:
                pipeline[link].add(actor)

    targeted = set()
    for plan, link in graph.subject_objects(TARGETS):
        if link in links and link not in targeted and (
                (plan in inside and plan != region) or any(r in inside for r in graph.objects(plan, IN_REGION))):
            targeted.add(link)

    result: dict[str, tuple[str, int, int, bool]] = {}
    for link, lid in links.items():
        n_op, n_pipe = len(operating[link]), len(pipeline[link])
        if n_op >= min_firms:
            status = "present"
        elif n_op >= 1:
            status = "weak"
        elif n_pipe:
            status = "planned"
        else:
            status = "missing"
        result[lid] = (status, n_op, n_pipe, link in targeted)

    succ: dict[str, list[str]] = {lid: [] for lid in links.values()}
    pred: dict[str, list[str]] = {lid: [] for lid in links.values()}
    for link, lid in links.items():
        for target in graph.objects(link, FEEDS):
            if target not in links:
                continue
            if stage[target] == RECYCLING and stage[link] != RECYCLING:
                continue  # a return flow: not part of the forward graph
            succ[lid].append(links[target])
            pred[links[target]].append(lid)
    live = {lid for lid, (status, *_) in result.items() if status in ("present", "weak")}
    return NaiveResult(dict(sorted(result.items())), _broken(succ, pred, live))
