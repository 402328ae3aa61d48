"""The ontology every store starts with: the vocabulary, its controlled lists and the code lists.

The code lists are large (HS 2022 alone has ~35,000 triples) and rdflib's in-memory store adds only
~50,000 triples a second, so by default a store receives only the code concepts its data refers to,
with their ancestors and their scheme; ``codes="all"`` loads the full lists.

>>> from rdflib import Graph, URIRef
>>> g = Graph()
>>> g.add((URIRef("urn:x"), URIRef("urn:p"), URIRef("https://w3id.org/chaingraph/kos/hs2022/760421")))
... # doctest: +ELLIPSIS
<Graph ...>
>>> add_referenced_codes(g)
>>> sorted(str(o) for o in g.objects(URIRef("https://w3id.org/chaingraph/kos/hs2022/760421"),
...                                  URIRef("http://www.w3.org/2004/02/skos/core#notation")))
['7604.21']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Literal as Choice

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from chaingraph._oxi import to_rdflib
from chaingraph.loading import load_files
from chaingraph.namespaces import GBT2011, GBT2017, HS, SKOS
from chaingraph.paths import ontology_dir

__all__ = ["CODE_NAMESPACES", "add_referenced_codes", "code_files", "code_triples", "load_ontology",
           "vocabulary_files"]

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


def add_referenced_codes(graph: Graph) -> None:
    """Add to *graph* the code concepts it refers to, their ancestors, schemes and crosswalk matches."""
    for triple in code_triples(set(graph.objects())):
        graph.add(triple)


def load_ontology(graph: Graph, codes: Choice["used", "all", "none"] = "used") -> None:
    """Load the vocabulary into *graph*, and the code lists as *codes* says.

    Call it after the data is loaded when ``codes="used"``: only codes already referenced are added.
    """
    load_files(vocabulary_files(), graph)
    if codes == "all":
        load_files(code_files(), graph)
    elif codes == "used":
        add_referenced_codes(graph)
