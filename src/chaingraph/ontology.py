"""The ontology every store starts with: the vocabulary, its controlled lists and the code lists.

The code lists are large (HS 2022 alone has ~35,000 triples) and rdflib's in-memory store adds only
~50,000 triples a second, so by default a store receives only the code concepts its data refers to,
with their ancestors and their scheme; ``codes="all"`` loads the full lists.

>>> from rdflib import URIRef
>>> triples = code_triples([URIRef("https://w3id.org/chaingraph/kos/hs2022/760421")])
>>> sorted(str(o) for s, p, o in triples if str(p).endswith("#notation"))  # the code and its ancestors
['76', '7604', '7604.21', 'XV']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from chaingraph._oxi import to_rdflib
from chaingraph.namespaces import GBT2011, GBT2017, HS, SKOS
from chaingraph.paths import ontology_dir

__all__ = ["CODE_NAMESPACES", "code_files", "code_triples", "vocabulary_files"]

CODE_NAMESPACES = (str(HS), str(GBT2017), str(GBT2011))
Triple = tuple[Node, Node, Node]


def vocabulary_files() -> list[Path]:
    return [ontology_dir() / "chaingraph.ttl", ontology_dir() / "kos.ttl"]


def code_files() -> list[Path]:
    return sorted((ontology_dir() / "codes").glob("*.ttl"))


def _is_code(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(CODE_NAMESPACES)


@cache
def _code_index() -> dict[URIRef, tuple[Triple, ...]]:
    """Code-list triples grouped by the code concept they describe (or link, for crosswalk matches)."""
    index: dict[URIRef, list[Triple]] = defaultdict(list)
    for file in code_files():
        for quad in ox.parse(path=str(file), format=ox.RdfFormat.TURTLE):
            triple = (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
            index[triple[0]].append(triple)  # type: ignore[index]
            if _is_code(triple[2]) and triple[1] != SKOS.broader and triple[1] != SKOS.inScheme:
                index[triple[2]].append(triple)  # type: ignore[index]  # a match is found from either end
    return {key: tuple(value) for key, value in index.items()}


def code_triples(referenced: Iterable[Node]) -> list[Triple]:
    """The code-list triples for the *referenced* code concepts: the concepts, their ancestors, their
    schemes and their crosswalk matches, in a stable order."""
    index = _code_index()
    todo = {node for node in referenced if _is_code(node)}
    done: set[Node] = set()
    triples: dict[Triple, None] = {}
    while todo:
        node = min(todo, key=str)
        todo.discard(node)
        done.add(node)
        for triple in index.get(node, ()):  # type: ignore[call-overload]
            triples[triple] = None
            if triple[1] in (SKOS.broader, SKOS.inScheme, SKOS.topConceptOf) and triple[2] not in done:
                todo.add(triple[2])
    return list(triples)
