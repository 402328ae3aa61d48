"""Running a client's query on the store's own engine, in a worker process.

* **The store's own engine**: Oxigraph's query engine and result serialisers for an
  :class:`~chaingraph.store.OxigraphStore` (``store="oxigraph"``), rdflib's for a
  :class:`~chaingraph.store.MemoryStore` (``store="memory"``). :func:`engine_for` picks the
  :class:`Engine` once, when the server starts, from the store it serves, and refuses any other store.
* The chaingraph prefixes (``cg:``, ``cgk:``, ``skos:`` …) are declared by default through each engine's
  own option, so a query that declares a prefix itself wins, and the line and column of a syntax error
  are those of the text the client sent.
* The engines are only ever asked to *query*: updates never reach them
  (:func:`~chaingraph.server.protocol.refusal`).
* **The dataset is the endpoint's** (:mod:`~chaingraph.server.dataset`): the store's default graph (or an
  empty one, :attr:`Job.default_graph`) and no named graphs, whatever the query's ``FROM`` clauses say —
  so ``GRAPH`` patterns match nothing on either engine, a persistent store's own bookkeeping graph stays
  hidden, and rdflib never fetches a ``FROM`` IRI. Relative IRIs resolve against :attr:`Job.base`.
* A result longer than the row limit is cut there, and the ``X-SPARQL-MaxRows`` header says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, TYPE_CHECKING, Any, Protocol, cast

import pyoxigraph as ox
from rdflib import ConjunctiveGraph, Graph, Variable
from rdflib.query import Result, ResultRow

from chaingraph.errors import InputError
from chaingraph.server.protocol import (
    GRAPH_MEDIA_TYPES,
    MAX_ROWS_HEADER,
    RESULT_MEDIA_TYPES,
    Job,
    Reply,
    not_acceptable,
    syntax_message,
)
from chaingraph.store import MemoryStore, OxigraphStore, Store
from chaingraph.vocab.namespaces import PREFIXES, bind_prefixes

if TYPE_CHECKING:
    from rdflib.plugins.sparql.parserutils import CompValue

__all__ = ["Engine", "OxigraphEngine", "RdflibEngine", "engine_for", "execute"]

#: pyoxigraph's writer of each format of SELECT/ASK results (rdflib's engine uses it for TSV, and CSV of ASK)
_OX_RESULTS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
#: pyoxigraph's writer of each format of CONSTRUCT/DESCRIBE results
_OX_GRAPHS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}
#: rdflib's writer of each format of CONSTRUCT/DESCRIBE results (RDF/XML: Oxigraph's, see _rdflib_graph)
_RDFLIB_GRAPHS = {"turtle": "turtle", "ntriples": "nt"}


class Engine(Protocol):
    """Runs clients' queries on one store, with that store's own query engine and serialisers."""

    def run(self, job: Job) -> Reply:
        """The answer to *job*: its results in the negotiated format, or why not (400, 406)."""
        ...


def execute(engine: Engine, job: Job) -> Reply:
    """*engine*'s answer to *job*, or a 500 that says how the engine failed.

    :class:`MemoryError` goes through: the worker that met its memory limit ends (workers.py)."""
    try:
        return engine.run(job)
    except MemoryError:
        raise
    except Exception as error:
        return Reply.text(500, f"query failed: {type(error).__name__}: {error}")


def engine_for(store: Store) -> Engine:
    """The engine that will answer clients' queries on *store*; :class:`InputError` if the endpoint cannot serve it."""
    for kind in type(store).__mro__:
        if kind in _ENGINES:
            return _ENGINES[kind](store)
    raise InputError.single(f"chaingraph serve cannot serve a {type(store).__name__}")


# --- Oxigraph ------------------------------------------------------------------------------


def _written(data: bytes | None) -> bytes:
    """What a pyoxigraph writer returns when given no output: the bytes (its type stubs say ``bytes | None``)."""
    return cast(bytes, data)


class _Enough(Exception):
    """Raised from inside a result serialiser once the row limit is passed."""


class _LineCut:
    """A binary sink that keeps the first *limit* lines and stops the writer after them."""

    def __init__(self, limit: int) -> None:
        self.buffer, self.lines, self.limit, self.full = bytearray(), 0, limit, False

    def write(self, data: bytes) -> int:
        if self.full:
            raise _Enough
        data = bytes(data)
        count = data.count(b"\n")
        if self.lines + count < self.limit:
            self.buffer += data
            self.lines += count
            return len(data)
        end = -1
        for _ in range(self.limit - self.lines):
            end = data.index(b"\n", end + 1)
        self.buffer += data[: end + 1]
        self.lines, self.full = self.limit, True
        raise _Enough

    def flush(self) -> None:
        pass


def _ox_solutions(solutions: ox.QuerySolutions, fmt: str, max_rows: int) -> tuple[bytes, bool]:
    """Serialise at most *max_rows* solutions with Oxigraph's serialisers; and whether rows were cut.

    The solutions stream through Oxigraph's TSV writer (one line per solution, terms written
    losslessly) into a sink that stops evaluation one row past the limit; the kept lines are then
    written in the requested format by Oxigraph itself.
    """
    sink = _LineCut(max_rows + 2)  # the header, the rows allowed, one more to know there are more
    try:
        solutions.serialize(cast(IO[bytes], sink), format=ox.QueryResultsFormat.TSV)  # it only calls write()
    except (_Enough, OSError):
        if not sink.full:
            raise
    tsv = bytes(sink.buffer)
    truncated = sink.full
    if truncated:
        tsv = tsv[: tsv.rfind(b"\n", 0, len(tsv) - 1) + 1]  # drop the extra row (it may be empty)
    if fmt == "tsv":
        return tsv, truncated
    kept = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    return _written(kept.serialize(format=_OX_RESULTS[fmt])), truncated


_XML_NAME_AT_END = re.compile(r"[^\W\d][\w.-]*$")


def _not_rdf_xml(predicates: Iterable[str]) -> Reply | None:
    """406 if RDF/XML cannot write one of *predicates*: it must end in an XML name (``…/p``, not ``…/1``)."""
    for predicate in predicates:
        if not _XML_NAME_AT_END.search(predicate):
            return Reply.text(406, f"the result cannot be written as RDF/XML: the predicate <{predicate}> does not end "
                                   "in an XML name; ask for Turtle (text/turtle) or N-Triples (application/n-triples)")
    return None


@dataclass(frozen=True)
class OxigraphEngine:
    """Oxigraph's query engine and serialisers, on a :class:`pyoxigraph.Store`."""

    store: ox.Store

    @classmethod
    def for_store(cls, store: OxigraphStore) -> OxigraphEngine:
        """The engine of *store*, whose result cache it drops: clients' queries never go through it, and
        its SQLite connection must not cross the fork of the workers."""
        store.results = None
        return cls(store.store)

    def run(self, job: Job) -> Reply:
        try:
            result = self.store.query(job.query, prefixes=PREFIXES, base_iri=job.base,
                                      default_graph=ox.DefaultGraph() if job.default_graph else [], named_graphs=[])
        except SyntaxError as error:
            return Reply.text(400, syntax_message(str(error)))
        headers: dict[str, str] = {}
        if isinstance(result, ox.QueryTriples):
            if job.graph is None:
                return not_acceptable("CONSTRUCT/DESCRIBE", GRAPH_MEDIA_TYPES)
            triples = list(islice(result, job.max_rows + 1))
            if len(triples) > job.max_rows:
                triples, headers[MAX_ROWS_HEADER] = triples[: job.max_rows], str(job.max_rows)
            if job.graph == "rdfxml" and (refused := _not_rdf_xml(t.predicate.value for t in triples)):
                return refused
            body = _written(ox.serialize(triples, format=_OX_GRAPHS[job.graph], prefixes=PREFIXES))
            return Reply(200, GRAPH_MEDIA_TYPES[job.graph], body, headers)
        if job.results is None:
            return not_acceptable("SELECT/ASK", RESULT_MEDIA_TYPES)
        media = RESULT_MEDIA_TYPES[job.results]
        if isinstance(result, ox.QueryBoolean):
            return Reply(200, media, _written(result.serialize(format=_OX_RESULTS[job.results])))
        body, truncated = _ox_solutions(result, job.results, job.max_rows)
        if truncated:
            headers[MAX_ROWS_HEADER] = str(job.max_rows)
        return Reply(200, media, body, headers)


# --- rdflib --------------------------------------------------------------------------------


class _NoNamedGraphs(ConjunctiveGraph):
    """*graph* as the default graph of a dataset without named graphs, for rdflib's engine (which evaluates
    ``GRAPH`` on datasets only): ``GRAPH ?g`` finds no graph, ``GRAPH <g>`` an empty one. It shares *graph*'s
    triples, not a copy (a subclass: rdflib warns only when ConjunctiveGraph itself is made)."""

    def __init__(self, graph: Graph) -> None:
        super().__init__(store=graph.store, identifier=graph.identifier)

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        yield from ()


@dataclass
class RdflibEngine:
    """rdflib's query engine and serialisers, on an rdflib :class:`~rdflib.Graph`."""

    graph: Graph
    #: prefixes declared for every query: those bound in the graph (the chaingraph prefixes)
    namespaces: dict[str, Any] = field(init=False)
    #: the datasets a query runs on: the graph, or (named graphs only) an empty default graph
    datasets: dict[bool, Graph] = field(init=False)

    def __post_init__(self) -> None:
        self.namespaces = dict(self.graph.namespaces())
        self.datasets = {True: _NoNamedGraphs(self.graph), False: _NoNamedGraphs(Graph())}

    @classmethod
    def for_store(cls, store: MemoryStore) -> RdflibEngine:
        """The engine of *store*."""
        return cls(store.graph)

    def run(self, job: Job) -> Reply:
        from rdflib.plugins.sparql import prepareQuery

        try:
            prepared = prepareQuery(job.query, initNs=self.namespaces, base=job.base)
        except Exception as error:  # pyparsing's ParseException, or rdflib's own for unknown prefixes
            return Reply.text(400, syntax_message(str(error)))
        prepared.algebra["datasetClause"] = None  # the dataset is the endpoint's: rdflib would fetch FROM IRIs
        _construct_where(prepared.algebra)
        result = self.datasets[job.default_graph].query(prepared)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            if job.graph is None:
                return not_acceptable("CONSTRUCT/DESCRIBE", GRAPH_MEDIA_TYPES)
            return _rdflib_graph(result, job.graph, job.max_rows)
        if job.results is None:
            return not_acceptable("SELECT/ASK", RESULT_MEDIA_TYPES)
        return _rdflib_results(result, job.results, job.max_rows)


def _construct_where(algebra: CompValue) -> None:
    """Give the short form ``CONSTRUCT WHERE { … }`` its template, the pattern's triples (rdflib leaves it
    empty and then fails): the grammar allows only triples in that pattern, one basic graph pattern."""
    if algebra.name != "ConstructQuery" or algebra.template is not None:
        return
    part = algebra.p
    while part is not None and part.name != "BGP":
        part = part.p
    algebra["template"] = list(part.triples) if part is not None else []


def _rdflib_graph(result: Result, fmt: str, max_rows: int) -> Reply:
    """The triples of a CONSTRUCT/DESCRIBE *result*, at most *max_rows*, written by rdflib in *fmt* (RDF/XML by
    Oxigraph: rdflib's writer fails on a predicate it cannot split into a namespace and an XML name)."""
    headers: dict[str, str] = {}
    out = Graph()
    bind_prefixes(out)
    for triple in islice(result, max_rows + 1):
        if len(out) == max_rows:
            headers[MAX_ROWS_HEADER] = str(max_rows)
            break
        out.add(triple)  # type: ignore[arg-type]
    if fmt == "rdfxml":
        if refused := _not_rdf_xml(str(p) for p in out.predicates(unique=True)):
            return refused
        triples = ox.parse(out.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        body = _written(ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=PREFIXES))
    else:
        body = out.serialize(format=_RDFLIB_GRAPHS[fmt], encoding="utf-8")
    return Reply(200, GRAPH_MEDIA_TYPES[fmt], body, headers)


def _rdflib_results(result: Result, fmt: str, max_rows: int) -> Reply:
    """A SELECT/ASK *result* in *fmt*, at most *max_rows* rows, written by rdflib (by Oxigraph if rdflib cannot)."""
    headers: dict[str, str] = {}
    if result.type == "SELECT":
        rows = cast(list[ResultRow], list(islice(result, max_rows + 1)))  # a SELECT result's rows
        if len(rows) > max_rows:
            rows, headers[MAX_ROWS_HEADER] = rows[:max_rows], str(max_rows)
        out_result = Result("SELECT")
        names: list[Variable] = list(result.vars or [])
        out_result.vars = names
        out_result.bindings = [{v: row[i] for i, v in enumerate(names) if row[i] is not None} for row in rows]
    else:
        out_result = result
    media = RESULT_MEDIA_TYPES[fmt]
    if fmt in ("json", "xml") or (fmt == "csv" and result.type == "SELECT"):
        return Reply(200, media, out_result.serialize(format=fmt, encoding="utf-8") or b"", headers)
    # rdflib writes no TSV, nor CSV for ASK: Oxigraph's writer takes rdflib's JSON over
    parsed = ox.parse_query_results(out_result.serialize(format="json", encoding="utf-8"),
                                    ox.QueryResultsFormat.JSON)
    return Reply(200, media, _written(parsed.serialize(format=_OX_RESULTS[fmt])), headers)


#: how to make the engine of each kind of store the endpoint serves (any other is refused)
_ENGINES: dict[type, Callable[[Any], Engine]] = {OxigraphStore: OxigraphEngine.for_store,
                                                 MemoryStore: RdflibEngine.for_store}
