"""What every store is: the :class:`Store` protocol, the rows it answers with, and the text it runs.

A store holds triples and answers SPARQL; it knows nothing of tables, named queries or analyses. The
parameters of a query are RDF terms bound with a ``VALUES`` block (:mod:`chaingraph.store.values`),
never pasted into the text, and the chaingraph prefixes a query does not declare itself are declared
for it (the named ``.rq`` files declare theirs, so they run as they are in any SPARQL tool).

>>> from rdflib import Literal
>>> full_query_text("SELECT ?x WHERE { ?x ?p ?o }", {"o": Literal("铝")}).splitlines()[-1]
'SELECT ?x WHERE { VALUES (?o) { ("铝") } ?x ?p ?o }'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol

from rdflib import Graph
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

from chaingraph.store.loading import SourceMap
from chaingraph.store.values import with_values
from chaingraph.vocab.namespaces import PREFIXES

__all__ = ["PROLOGUE", "Codes", "QueryableGraph", "Row", "Rows", "Store", "Triple", "bindings", "full_query_text",
           "prologue_for", "to_term"]

#: One solution of a SELECT query: variable name → RDF term (unbound variables are absent).
Row = dict[str, Node]
Triple = tuple[Node, Node, Node]
#: how much of the code lists a store receives: the concepts the data refers to, all, or none
Codes = Literal["used", "all", "none"]

#: the chaingraph prefixes, declared before every query a store runs
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.I | re.M)


@lru_cache(maxsize=512)  # pure; the same few queries run hundreds of times in an analysis
def prologue_for(query: str) -> str:
    """The chaingraph prefixes *query* does not declare itself (its own declaration wins).

    >>> prologue_for("PREFIX cg: <urn:x#>\\nSELECT * {}").count("PREFIX"), "cg:" in prologue_for("PREFIX cg: <a>")
    (19, False)
    """
    declared = set(_DECLARED.findall(query))
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared)


def full_query_text(query: str, bindings: Mapping[str, Node]) -> str:
    """The text a store runs: the missing chaingraph prefixes, then *query* with *bindings* as ``VALUES``."""
    return prologue_for(query) + with_values(query, bindings)


class Rows(list[Row]):
    """The solutions of a SELECT query, with the projected variable names in order."""

    def __init__(self, variables: Sequence[str], rows: Sequence[Row] = ()) -> None:
        super().__init__(rows)
        self.variables = tuple(variables)


class Store(Protocol):
    """What chaingraph needs from a triple store."""

    name: str
    #: whether many small queries cost little, so that reading per item beats one broad query
    small_queries_are_cheap: bool

    @property
    def read_threads(self) -> int:
        """Threads that read ahead in the background while the analysis goes on (0: none; pyoxigraph evaluates
        without Python's lock)."""

    def load(self, paths: Sequence[Path], source_map: SourceMap | None = None) -> None:
        """Load RDF files; raise :class:`~chaingraph.errors.InputError` listing the problems of every file
        that cannot be read (the files that read are loaded: the caller discards a store that failed)."""

    def add(self, triples: Iterable[Triple]) -> None: ...

    def select(self, query: str, bindings: Mapping[str, Node]) -> Rows: ...

    def ask(self, query: str, bindings: Mapping[str, Node]) -> bool: ...

    def construct(self, query: str, bindings: Mapping[str, Node]) -> Graph: ...

    def __len__(self) -> int: ...


class QueryableGraph(Protocol):
    """What the query, reading and table layers need from a knowledge graph
    (:class:`chaingraph.knowledge.KnowledgeGraph` is one): a store, its sources, a cache of answers that
    do not change while it is open, and queries with keyword parameters."""

    store: Store
    sources: list[Path | str]
    source_map: SourceMap
    cache: dict[object, object]

    def select(self, query: str, /, **params: object) -> Rows: ...

    def select_plain(self, query: str, /, **params: object) -> list[dict[str, Any]]: ...

    def ask(self, query: str, /, **params: object) -> bool: ...

    def construct(self, query: str, /, **params: object) -> Graph: ...

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


def bindings(params: Mapping[str, object]) -> dict[str, Node]:
    """Keyword parameters as query bindings (``None`` leaves a variable unbound)."""
    return {name: to_term(value) for name, value in params.items() if value is not None}
