"""Companies and projects by name, and the projects of an investor: what a scenario needs to find the actors
it names (「天鑫」 is the investor of the district's signed 再生铜 project).

>>> from chaingraph.knowledge import KnowledgeGraph
>>> kg = KnowledgeGraph.open()
>>> [iri.rsplit("/", 1)[-1] for iri in sorted(actors_named(kg, "天鑫"))]
['org-jiangxi-tianxin']
>>> [iri.rsplit("/", 1)[-1] for iri in sorted(projects_of(kg, actors_named(kg, "天鑫")))]
['project-tianxin-recycled-copper']
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef

from chaingraph.store.protocol import QueryableGraph
from chaingraph.store.values import with_value_rows
from chaingraph.vocab.namespaces import iri

__all__ = ["actors_named", "names_of", "projects_of"]

_NAMED = """SELECT DISTINCT ?actor WHERE {
  ?actor skos:notation|skos:prefLabel|skos:altLabel|rov:legalName|dcterms:identifier ?name ; a ?type .
  FILTER (?type IN (cg:Enterprise, cg:Project))
}"""
_IS_ACTOR = "ASK { ?actor a ?type FILTER (?type IN (cg:Enterprise, cg:Project)) }"
_NAMES = """SELECT DISTINCT ?name WHERE {
  { ?actor skos:prefLabel|skos:altLabel|rov:legalName ?name }
  UNION { ?actor cg:investor/(skos:prefLabel|skos:altLabel|rov:legalName) ?name }
}"""
_PROJECTS = "SELECT DISTINCT ?project WHERE { ?project cg:investor ?investor ; a cg:Project }"


def actors_named(kg: QueryableGraph, name: str) -> set[str]:
    """The companies and projects *name* names exactly: an IRI (or prefixed name), an id, a label or an
    alternative, legal or other name, in Chinese, English or no language."""
    wanted = name.strip()
    if not wanted:
        return set()
    if ":" in wanted:
        thing = iri(wanted)
        if kg.ask(_IS_ACTOR, actor=thing):
            return {str(thing)}
    literals = [Literal(wanted, lang=lang) for lang in (None, "zh", "en")]
    return {str(row["actor"]) for row in kg.select_plain(with_value_rows(_NAMED, "name", literals))}


def projects_of(kg: QueryableGraph, investors: Iterable[str]) -> set[str]:
    """The projects whose investor is one of *investors* (IRIs)."""
    wanted = sorted(set(investors))
    if not wanted:
        return set()
    rows = kg.select_plain(with_value_rows(_PROJECTS, "investor", [URIRef(i) for i in wanted]))
    return {str(row["project"]) for row in rows}


def names_of(kg: QueryableGraph, actors: Iterable[str]) -> set[str]:
    """Every name of *actors* and of their investors (for a "did you mean" hint)."""
    wanted = [URIRef(a) for a in sorted(set(actors))]
    return {str(row["name"]) for row in kg.select_plain(with_value_rows(_NAMES, "actor", wanted))} if wanted else set()
