"""The store facade: the ontology plus data in a store, and SPARQL over it.

One small interface (:class:`Store`) hides where the triples live. The embedded default
(``store="memory"``) keeps them in an in-process rdflib graph; ``store="oxigraph"`` keeps them in an
in-process Oxigraph store, about ten times faster to load and up to a hundred times faster to query
at scale (see ``shared/reference/tech-notes.md``). Both answer the same calls, so analyses and
queries never depend on the store.

>>> from chaingraph.namespaces import CGK
>>> kg = KnowledgeGraph.open()
>>> rows = kg.select('''SELECT ?id WHERE { ?l a cg:ChainLink ; skos:notation ?id ; cg:stage ?stage }
...                     ORDER BY ?id LIMIT 2''', stage=CGK["stage-primary"])
>>> [str(r["id"]) for r in rows]
['AL07', 'CU02']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

from chaingraph._oxi import to_oxigraph, to_rdflib
from chaingraph.errors import InputError, Problem
from chaingraph.loading import RDF_FORMATS, SourceMap, display_path, expand_paths, load_files, syntax_problem
from chaingraph.namespaces import PREFIXES, bind_prefixes
from chaingraph.ontology import code_files, code_triples, vocabulary_files
from chaingraph.paths import bundled_graph_dir
from chaingraph.sparql_values import with_values

__all__ = ["KnowledgeGraph", "MemoryStore", "OxigraphStore", "Row", "Rows", "Store", "iri", "open_store", "to_term"]

#: One solution of a SELECT query: variable name → RDF term (unbound variables are absent).
Row = dict[str, Node]
Triple = tuple[Node, Node, Node]
Codes = Literal["used", "all", "none"]

PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


class Rows(list[Row]):
    """The solutions of a SELECT query, with the projected variable names in order."""

    def __init__(self, variables: Sequence[str], rows: Sequence[Row] = ()) -> None:
        super().__init__(rows)
        self.variables = tuple(variables)


class Store(Protocol):
    """What chaingraph needs from a triple store."""

    name: str

    def load(self, paths: Sequence[Path], source_map: SourceMap | None = None) -> None:
        """Load RDF files, all or nothing; raise :class:`InputError` listing every problem."""

    def add(self, triples: Iterable[Triple]) -> None: ...

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

    def __post_init__(self) -> None:
        bind_prefixes(self.graph)

    def load(self, paths: Sequence[Path], source_map: SourceMap | None = None) -> None:
        load_files(paths, self.graph, source_map)

    def add(self, triples: Iterable[Triple]) -> None:
        for triple in triples:
            self.graph.add(triple)

    def _run(self, query: str, bindings: Mapping[str, Node]):  # -> rdflib's Result
        # rdflib's own pre-binding: with a VALUES block its OPTIONAL evaluation loses rows (evalLeftJoin
        # re-checks the optional part without the VALUES variables). Pre-bound variables are visible even
        # in nested groups, where a VALUES block is not: named queries use parameters only in the top
        # group or in a top-level OPTIONAL, so both give the same rows (tests/test_queries.py).
        return self.graph.query(PROLOGUE + query, initBindings=dict(bindings))

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


_OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "n3": ox.RdfFormat.N3,
               "xml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD}


@dataclass
class OxigraphStore:
    """An Oxigraph store in this process (``store="oxigraph"``), held in memory.

    Queries run on Oxigraph's own engine; parameters are bound with a ``VALUES`` block
    (:mod:`chaingraph.sparql_values`).
    """

    store: ox.Store = field(default_factory=ox.Store)
    name: str = "oxigraph"

    def load(self, paths: Sequence[Path], source_map: SourceMap | None = None) -> None:
        from chaingraph.tables.detect import is_table_source

        files, problems = expand_paths(paths)
        tables = [file for file in files if is_table_source(file)]  # CSV/XLSX tables: chaingraph.tables
        files = [file for file in files if file not in tables]
        for file in files:
            fmt = _OX_FORMATS[RDF_FORMATS[file.suffix.lower()]]
            try:
                self.store.bulk_load(path=str(file), format=fmt, base_iri=file.resolve().as_uri())
            except SyntaxError as error:
                text = file.read_text(encoding="utf-8", errors="replace")
                problems.append(syntax_problem(display_path(file), text, error))
            except (OSError, ValueError) as error:
                problems.append(Problem(f"cannot read: {error}", display_path(file)))
        converted: list[Graph] = []
        if tables:
            from chaingraph.tables import convert_sources

            converted, table_problems = convert_sources(tables, self, source_map)
            problems.extend(table_problems)
        if problems:
            raise InputError(problems)
        for graph in converted:
            self.add(graph)
        if source_map is not None:
            for file in files:
                subjects = {to_rdflib(q.subject) for q in ox.parse(path=str(file), format=_OX_FORMATS[
                    RDF_FORMATS[file.suffix.lower()]], base_iri=file.resolve().as_uri())}
                source_map.add(display_path(file), file.read_text(encoding="utf-8", errors="replace"), subjects)

    def add(self, triples: Iterable[Triple]) -> None:
        self.store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in triples)

    def _run(self, query: str, bindings: Mapping[str, Node]):  # -> pyoxigraph's results
        try:
            return self.store.query(PROLOGUE + with_values(query, bindings))
        except SyntaxError as error:
            raise InputError.single(f"SPARQL syntax error: {error}") from None

    def select(self, query: str, bindings: Mapping[str, Node]) -> Rows:
        result = self._run(query, bindings)
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = to_rdflib(value)
            rows.append(row)
        return Rows(names, rows)

    def ask(self, query: str, bindings: Mapping[str, Node]) -> bool:
        return bool(self._run(query, bindings))

    def construct(self, query: str, bindings: Mapping[str, Node]) -> Graph:
        out = Graph()
        bind_prefixes(out)
        for triple in self._run(query, bindings):
            out.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return out

    def __len__(self) -> int:
        return len(self.store)


def open_store(kind: str = "memory") -> Store:
    """An empty store: ``"memory"`` (rdflib, the default) or ``"oxigraph"``."""
    if kind == "memory":
        return MemoryStore()
    if kind == "oxigraph":
        return OxigraphStore()
    raise InputError.single(f"unknown store '{kind}'", hint="use memory or oxigraph")


_REFERENCED_CODES = """
SELECT DISTINCT ?code WHERE { ?s ?p ?code FILTER (isIRI(?code) && (
    STRSTARTS(STR(?code), STR(hs:)) || STRSTARTS(STR(?code), STR(gbt2017:)) || STRSTARTS(STR(?code), STR(gbt2011:)))) }
"""


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
             codes: Codes = "used", store: str = "memory") -> KnowledgeGraph:
        """Open the ontology plus *data* (files or folders), or plus the bundled data if *data* is None.

        Nothing is loaded unless every file reads cleanly; otherwise :class:`InputError` lists the
        problems of all files. *codes* chooses how much of the code lists to load: the concepts the
        data refers to (``"used"``, with their ancestors), ``"all"`` or ``"none"``. *store* is
        ``"memory"`` (default) or ``"oxigraph"``.
        """
        paths: list[Path] = [Path(p) for p in data] if data else []
        if data is None or with_bundled:
            paths.insert(0, bundled_graph_dir())
        backend = open_store(store)
        source_map = SourceMap()
        backend.load(paths, source_map)
        backend.load(vocabulary_files())
        if codes == "all":
            backend.load(code_files())
        elif codes == "used":
            referenced = [row["code"] for row in backend.select(_REFERENCED_CODES, {})]
            backend.add(code_triples(referenced))
        return cls(backend, paths, source_map)

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
        """An rdflib graph of everything in the store (the store's own graph when it is in memory)."""
        if isinstance(self.store, MemoryStore):
            return self.store.graph
        return self.store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {})


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
