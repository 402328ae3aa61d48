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

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from chaingraph.paths import ontology_dir
from chaingraph.vocab.namespaces import GBT2011, GBT2017, HS, SKOS
from chaingraph.vocab.oxi import to_rdflib

__all__ = ["CODE_NAMESPACES", "CodeLists", "code_files", "code_lists", "code_quads", "code_triples", "vocabulary_files"]

CODE_NAMESPACES = (str(HS), str(GBT2017), str(GBT2011))
Triple = tuple[Node, Node, Node]


def vocabulary_files() -> list[Path]:
    return [ontology_dir() / "chaingraph.ttl", ontology_dir() / "kos.ttl"]


def code_files() -> list[Path]:
    return sorted((ontology_dir() / "codes").glob("*.ttl"))


def _is_code(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(CODE_NAMESPACES)


@dataclass(frozen=True)
class CodeLists:
    """The bundled code lists in an Oxigraph store of their own (loaded in 0.07 s; an index of rdflib
    terms took 1.6 s), with every IRI of the code namespaces they describe."""

    store: ox.Store
    concepts: tuple[ox.NamedNode, ...]


@cache
def code_lists() -> CodeLists:
    store = ox.Store()
    for file in code_files():
        store.load(path=str(file), format=ox.RdfFormat.TURTLE)
    concepts = {quad.subject for quad in store.quads_for_pattern(None, None, None)
                if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(CODE_NAMESPACES)}
    return CodeLists(store, tuple(sorted(concepts, key=lambda c: c.value)))


_BROADER, _IN_SCHEME, _TOP_OF = (ox.NamedNode(str(term)) for term in (SKOS.broader, SKOS.inScheme, SKOS.topConceptOf))
_CLOSING = frozenset({_BROADER, _IN_SCHEME, _TOP_OF})  # followed from a concept: its ancestors and schemes


def code_quads(referenced: Iterable[ox.NamedNode]) -> set[ox.Quad]:
    """The code-list triples (as Oxigraph quads) for the *referenced* code concepts: the concepts, their
    ancestors, their schemes and their crosswalk matches (found from either end)."""
    store = code_lists().store
    todo = {node for node in referenced if node.value.startswith(CODE_NAMESPACES)}
    done: set[ox.NamedNode] = set()
    quads: set[ox.Quad] = set()
    while todo:
        node = todo.pop()
        done.add(node)
        for quad in store.quads_for_pattern(node, None, None):
            quads.add(quad)
            if quad.predicate in _CLOSING and quad.object not in done:
                todo.add(quad.object)  # type: ignore[arg-type]
        for quad in store.quads_for_pattern(None, None, node):
            if quad.predicate not in (_BROADER, _IN_SCHEME):  # a match or a top concept, not a child
                quads.add(quad)
    return quads


def code_triples(referenced: Iterable[Node]) -> list[Triple]:
    """:func:`code_quads` as rdflib triples, in a stable order."""
    quads = code_quads(ox.NamedNode(str(node)) for node in referenced if _is_code(node))
    # code-list triples hold IRIs and literals only (no RDF-star triple terms)
    triples = [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))  # type: ignore[arg-type]
               for q in quads]
    return sorted(triples, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
