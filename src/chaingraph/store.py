"""The store facade: the ontology plus data in a store, and SPARQL over it.

One small interface (:class:`Store`) hides where the triples live. The embedded default keeps them in
an in-process rdflib graph; other stores (Oxigraph, a remote SPARQL endpoint) implement the same
three calls, so analyses and queries never depend on the store.

>>> from chaingraph.namespaces import CGK
>>> kg = KnowledgeGraph.open()
>>> rows = kg.select('''SELECT ?id WHERE { ?l a cg:ChainLink ; skos:notation ?id ; cg:stage ?stage }
...                     ORDER BY ?id LIMIT 2''', stage=CGK["stage-primary"])
>>> [str(r["id"]) for r in rows]
['AL07', 'CU02']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.query import Result
from rdflib.term import Node

from chaingraph.errors import InputError
from chaingraph.loading import SourceMap, load_files
from chaingraph.namespaces import PREFIXES, bind_prefixes
from chaingraph.ontology import load_ontology
from chaingraph.paths import bundled_graph_dir

__all__ = ["KnowledgeGraph", "MemoryStore", "Row", "Rows", "Store", "iri", "to_term"]

#: One solution of a SELECT query: variable name → RDF term (unbound variables are absent).
Row = dict[str, Node]


class Rows(list[Row]):
    """The solutions of a SELECT query, with the projected variable names in order."""

    def __init__(self, variables: Sequence[str], rows: Sequence[Row] = ()) -> None:
        super().__init__(rows)
        self.variables = tuple(variables)

_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


class Store(Protocol):
    """What chaingraph needs from a triple store."""

    name: str

    def select(self, query: str, bindings: Mapping[str, Node]) -> Rows: ...

    def ask(self, query: str, bindings: Mapping[str, Node]) -> bool: ...

    def construct(self, query: str, bindings: Mapping[str, Node]) -> Graph: ...

    def __len__(self) -> int: ...


def to_term(value: object) -> Node:
    """A Python value as an RDF term for a query binding (IRIs stay IRIs, the rest become literals).

    >>> to_term("綦江区")
    rdflib.term.Literal('綦江区')
    >>> to_term(2)
    rdflib.term.Literal('2', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    if isinstance(value, Node):
        return value
    return RDFLiteral(value)


@dataclass
class MemoryStore:
    """The embedded store: an rdflib graph in this process (fine up to about 10⁵ triples)."""

    graph: Graph = field(default_factory=Graph)
    name: str = "memory"

    def _run(self, query: str, bindings: Mapping[str, Node]) -> Result:
        return self.graph.query(_PROLOGUE + query, initBindings=dict(bindings))

    def select(self, query: str, bindings: Mapping[str, Node]) -> Rows:
        result = self._run(query, bindings)
        names = [str(v) for v in result.vars or []]
        return Rows(names, [{n: row[i] for i, n in enumerate(names) if row[i] is not None} for row in result])

    def ask(self, query: str, bindings: Mapping[str, Node]) -> bool:
        return bool(self._run(query, bindings).askAnswer)

    def construct(self, query: str, bindings: Mapping[str, Node]) -> Graph:
        out = Graph()
        bind_prefixes(out)
        for triple in self._run(query, bindings):
            out.add(triple)
        return out

    def __len__(self) -> int:
        return len(self.graph)


@dataclass
class KnowledgeGraph:
    """The ontology and the chosen data, in a store, ready for SPARQL.

    Open it with :meth:`open`; run queries with :meth:`select`, :meth:`ask` and :meth:`construct`,
    passing parameters as keyword arguments: they are bound as RDF terms, never pasted into the text.
    """

    store: Store
    sources: list[Path] = field(default_factory=list)
    source_map: SourceMap = field(default_factory=SourceMap)

    @classmethod
    def open(cls, data: Sequence[str | Path] | None = None, *, with_bundled: bool = False,
             codes: Literal["used", "all", "none"] = "used") -> KnowledgeGraph:
        """Open the ontology plus *data* (files or folders), or plus the bundled data if *data* is None.

        Nothing is loaded unless every file reads cleanly; otherwise :class:`InputError` lists the
        problems of all files. *codes* chooses how much of the code lists to load (see
        :func:`chaingraph.ontology.load_ontology`).
        """
        paths: list[Path] = [Path(p) for p in data] if data else []
        if data is None or with_bundled:
            paths.insert(0, bundled_graph_dir())
        source_map = SourceMap()
        graph = Graph()
        bind_prefixes(graph)
        load_files(paths, graph, source_map)
        load_ontology(graph, codes)
        return cls(MemoryStore(graph), paths, source_map)

    def select(self, query: str, /, **params: object) -> Rows:
        """Rows of a SELECT query; the chaingraph prefixes are declared for you."""
        return self.store.select(query, _bindings(params))

    def ask(self, query: str, /, **params: object) -> bool:
        return self.store.ask(query, _bindings(params))

    def construct(self, query: str, /, **params: object) -> Graph:
        return self.store.construct(query, _bindings(params))

    def __len__(self) -> int:
        return len(self.store)

    @property
    def graph(self) -> Graph:
        """The rdflib graph behind an embedded store (validation and serialisation use it)."""
        if isinstance(self.store, MemoryStore):
            return self.store.graph
        raise InputError.single(f"the {self.store.name} store has no in-process graph")


def _bindings(params: Mapping[str, object]) -> dict[str, Node]:
    return {name: to_term(value) for name, value in params.items() if value is not None}


def iri(value: str) -> URIRef:
    """An IRI from a full IRI or a chaingraph prefixed name (``cgk:AL07``).

    >>> iri("cgk:AL07")
    rdflib.term.URIRef('https://w3id.org/chaingraph/kos/AL07')
    """
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return URIRef(PREFIXES[prefix] + local)
    return URIRef(value)
