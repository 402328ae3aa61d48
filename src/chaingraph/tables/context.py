"""What imported tables may refer to besides themselves: the links, chains, regions, companies, segments
and products of the graph they are loaded into (for example the bundled chains).

Built from the named query ``table-context`` (and the ids of companies, :data:`COMPANY_IDS`) run on an rdflib
graph (or several) or on a store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.query import ResultRow
from rdflib.term import Node

from chaingraph.sparql.catalogue import named_query
from chaingraph.vocab.namespaces import PREFIXES

__all__ = ["COMPANY_IDS", "Known", "TableContext"]

#: the ids (dcterms:identifier) of the companies already in the graph: the tables may name them by id
COMPANY_IDS = """
SELECT ?thing ?kind ?name ?name_kind WHERE {
  ?thing a cg:Enterprise ; dcterms:identifier ?name BIND ("company" AS ?kind) BIND ("id" AS ?name_kind)
}"""


def _select(graph: Graph | ReadOnlyGraphAggregate, query: str) -> Iterator[dict[str, Node]]:
    """The rows of *query* on an rdflib graph, as dictionaries of the bound variables."""
    result = graph.query(query, initNs=PREFIXES)
    names = [str(v) for v in result.vars or []]
    for row in result:
        if isinstance(row, ResultRow):  # a SELECT gives only ResultRows
            yield {n: row[i] for i, n in enumerate(names) if row[i] is not None}


@dataclass
class Known:
    """One thing of the context."""

    iri: URIRef
    kind: str  #: link, chain, segment, region, company or product
    id: str | None = None
    label_zh: str | None = None
    chain: URIRef | None = None
    stage: str | None = None


@dataclass
class TableContext:
    things: dict[URIRef, Known] = field(default_factory=dict)
    names: dict[str, dict[str, set[URIRef]]] = field(default_factory=dict)  #: kind → name → things

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Node]]) -> TableContext:
        context = cls()
        for row in rows:
            iri = row["thing"]
            if not isinstance(iri, URIRef):
                continue
            kind, name, name_kind = str(row["kind"]), str(row["name"]), str(row["name_kind"])
            known = context.things.setdefault(iri, Known(iri, kind))
            if name_kind == "id" and known.id is None:
                known.id = name
            if name_kind == "label_zh" and known.label_zh is None:
                known.label_zh = name
            if isinstance(row.get("chain"), URIRef):
                known.chain = row["chain"]  # type: ignore[assignment]
            if row.get("stage") is not None:
                known.stage = str(row["stage"])
            context.names.setdefault(kind, {}).setdefault(name, set()).add(iri)
        return context

    @classmethod
    def build(cls, source: object) -> TableContext:
        """The context of *source*: None, a TableContext, an rdflib Graph, graphs, or a store with ``select``."""
        if source is None:
            return cls()
        if isinstance(source, TableContext):
            return source
        queries = (named_query("table-context").text, COMPANY_IDS)
        if isinstance(source, Graph):
            graph = source
        elif isinstance(source, Sequence) and all(isinstance(g, Graph) for g in source):
            graphs = [g for g in source if len(g)]
            if not graphs:
                return cls()
            graph = graphs[0] if len(graphs) == 1 else ReadOnlyGraphAggregate(graphs)
        elif hasattr(source, "select"):
            return cls.from_rows(row for query in queries for row in source.select(query, {}))  # a chaingraph Store
        else:
            raise TypeError(f"cannot read names from {type(source).__name__}")
        return cls.from_rows(row for query in queries for row in _select(graph, query))

    def lookup(self, kind: str, name: str) -> set[URIRef]:
        """The things of *kind* called *name* (an id, a label or an alias; exact, else ignoring case)."""
        names = self.names.get(kind, {})
        if name in names:
            return names[name]
        folded = name.casefold()
        return {iri for key, iris in names.items() if key.casefold() == folded for iri in iris}

    def all_names(self, kind: str) -> list[str]:
        return sorted(self.names.get(kind, {}))

    def iris(self) -> set[str]:
        return {str(iri) for iri in self.things}
