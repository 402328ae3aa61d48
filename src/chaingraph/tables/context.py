"""What imported tables may refer to besides themselves: the links, chains, regions, companies, segments
and products of the graph they are loaded into (for example the bundled chains).

Built from the named query ``table-context`` run on an rdflib graph (or several) or on a store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.query import ResultRow
from rdflib.term import Node

from chaingraph.sparql.catalogue import named_query
from chaingraph.vocab.namespaces import PREFIXES

__all__ = ["Known", "TableContext"]


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
        query = named_query("table-context").text
        if isinstance(source, Graph):
            graph = source
        elif isinstance(source, Sequence) and all(isinstance(g, Graph) for g in source):
            graphs = [g for g in source if len(g)]
            if not graphs:
                return cls()
            graph = graphs[0] if len(graphs) == 1 else ReadOnlyGraphAggregate(graphs)
        elif hasattr(source, "select"):
            return cls.from_rows(source.select(query, {}))  # a chaingraph Store
        else:
            raise TypeError(f"cannot read names from {type(source).__name__}")
        result = graph.query(query, initNs=PREFIXES)
        names = [str(v) for v in result.vars or []]
        rows = (row for row in result if isinstance(row, ResultRow))  # a SELECT gives only ResultRows
        return cls.from_rows({n: row[i] for i, n in enumerate(names) if row[i] is not None} for row in rows)

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
