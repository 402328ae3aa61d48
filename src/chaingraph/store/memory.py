"""The embedded store: an rdflib graph in this process (fine up to about 10⁵ triples).

>>> from rdflib import Literal, URIRef
>>> store = MemoryStore()
>>> store.add([(URIRef("urn:x:a"), URIRef("urn:x:p"), Literal("铝"))])
>>> [str(row["o"]) for row in store.select("SELECT ?o WHERE { ?s ?p ?o }", {})]
['铝']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rdflib import Graph
from rdflib.term import Identifier, Node

from chaingraph.errors import InputError
from chaingraph.store.loading import SourceMap, expand_paths, parse_file
from chaingraph.store.protocol import Rows, Triple, prologue_for
from chaingraph.vocab.namespaces import bind_prefixes

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

__all__ = ["MemoryStore"]


@lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    """rdflib's parse of a query, kept: parsing takes 5–10 ms, longer than many of the queries themselves."""
    from rdflib.plugins.sparql import prepareQuery  # its parser takes 50 ms to import: only for this store

    query = prepareQuery(text)
    algebra = query.algebra
    if algebra.name == "ConstructQuery" and algebra.template is None:
        # CONSTRUCT WHERE { pattern }: the template is the pattern. rdflib looks for it one level down only,
        # and fails (TypeError) under a LIMIT, an ORDER BY or a DISTINCT
        part = algebra.p
        while part is not None and getattr(part, "name", None) != "BGP":
            part = part.get("p")
        algebra["template"] = list(part.triples) if part is not None else []
    return query


@dataclass
class MemoryStore:
    """The embedded store: an rdflib graph in this process (fine up to about 10⁵ triples)."""

    graph: Graph = field(default_factory=Graph)
    name: str = "memory"
    #: whether many small queries are cheap: not here (rdflib has a fixed cost per query, ~0.25 s at 10⁵ triples)
    small_queries_are_cheap: bool = field(default=False, init=False, repr=False)
    read_threads: int = field(default=0, init=False, repr=False)  # rdflib: one thread at a time (GIL)

    def __post_init__(self) -> None:
        bind_prefixes(self.graph)

    def load(self, paths: Sequence[Path], source_map: SourceMap | None = None) -> None:
        files, problems = expand_paths(paths)
        for path in files:
            try:
                self.graph += parse_file(path, source_map)
            except InputError as error:
                problems.extend(error.problems)
        if problems:
            raise InputError(problems)

    def add(self, triples: Iterable[Triple]) -> None:
        for triple in triples:
            self.graph.add(triple)

    def _run(self, query: str, bindings: Mapping[str, Node]) -> Any:  # rdflib's Result
        """rdflib's result of *query*; :class:`InputError` for what rdflib cannot run (it raises anything)."""
        try:
            result = self._evaluate(query, bindings)
            if result.type == "SELECT":
                _ = result.bindings  # rdflib evaluates a SELECT as it is read: here, where its errors are caught
            return result
        except InputError:
            raise
        except OSError as error:  # a SERVICE call that failed (HTTP), a file rdflib was asked to read (FROM)
            raise InputError.single(f"the query failed: {' '.join(str(error).split())[:300]}") from None
        except Exception as error:
            raise InputError.single(
                f"the memory store (rdflib) cannot run this query: {type(error).__name__}: "
                f"{' '.join(str(error).split())[:300]}", hint="run it on --store oxigraph") from None

    def _evaluate(self, query: str, bindings: Mapping[str, Node]) -> Any:
        # rdflib's own pre-binding: with a VALUES block its OPTIONAL evaluation loses rows (evalLeftJoin
        # re-checks the optional part without the VALUES variables). Pre-bound variables are visible even
        # in nested groups, where a VALUES block is not: named queries use parameters only in the top
        # group or in a top-level OPTIONAL, so both give the same rows (tests/test_queries.py).
        # every binding is an IRI, a literal or a blank node: an rdflib Identifier
        return self.graph.query(_prepared(prologue_for(query) + query),
                                initBindings=cast("dict[str, Identifier]", dict(bindings)))

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
