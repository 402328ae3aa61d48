"""Running a client's query on the store's own engine, in a worker process."""

from __future__ import annotations

from itertools import islice
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Variable
from rdflib.query import Result

from chaingraph.server.protocol import (
    GRAPH_FORMATS,
    MAX_ROWS_HEADER,
    RESULT_FORMATS,
    Job,
    Reply,
    not_acceptable,
    syntax_message,
)
from chaingraph.store import MemoryStore, OxigraphStore
from chaingraph.vocab.namespaces import PREFIXES, bind_prefixes


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
        solutions.serialize(sink, format=ox.QueryResultsFormat.TSV)
    except (_Enough, OSError):
        if not sink.full:
            raise
    tsv = bytes(sink.buffer)
    truncated = sink.full
    if truncated:
        tsv = tsv[: tsv.rfind(b"\n", 0, len(tsv) - 1) + 1]  # drop the extra row (it may be empty)
    if fmt == "tsv":
        return tsv, truncated
    return ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=RESULT_FORMATS[fmt][1]), truncated


def _run_oxigraph(store: ox.Store, job: Job) -> Reply:
    try:
        result = store.query(job.query, prefixes=PREFIXES)
    except SyntaxError as error:
        return Reply.text(400, syntax_message(str(error)))
    headers: dict[str, str] = {}
    if isinstance(result, ox.QueryTriples):
        if job.graph is None:
            return not_acceptable("CONSTRUCT/DESCRIBE", GRAPH_FORMATS)
        triples = list(islice(result, job.max_rows + 1))
        if len(triples) > job.max_rows:
            triples, headers[MAX_ROWS_HEADER] = triples[: job.max_rows], str(job.max_rows)
        media, rdf_format, _ = GRAPH_FORMATS[job.graph]
        return Reply(200, media, ox.serialize(triples, format=rdf_format, prefixes=PREFIXES), headers)
    if job.results is None:
        return not_acceptable("SELECT/ASK", RESULT_FORMATS)
    media, results_format = RESULT_FORMATS[job.results]
    if isinstance(result, ox.QueryBoolean):
        return Reply(200, media, result.serialize(format=results_format))
    body, truncated = _ox_solutions(result, job.results, job.max_rows)
    if truncated:
        headers[MAX_ROWS_HEADER] = str(job.max_rows)
    return Reply(200, media, body, headers)


def _run_rdflib(graph: Graph, namespaces: dict[str, Any], job: Job) -> Reply:
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(job.query, initNs=namespaces)
    except Exception as error:  # pyparsing's ParseException, or rdflib's own for unknown prefixes
        return Reply.text(400, syntax_message(str(error)))
    result = graph.query(prepared)
    headers: dict[str, str] = {}
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        if job.graph is None:
            return not_acceptable("CONSTRUCT/DESCRIBE", GRAPH_FORMATS)
        out = Graph()
        bind_prefixes(out)
        for triple in islice(result, job.max_rows + 1):
            if len(out) == job.max_rows:
                headers[MAX_ROWS_HEADER] = str(job.max_rows)
                break
            out.add(triple)  # type: ignore[arg-type]
        media, _, rdflib_format = GRAPH_FORMATS[job.graph]
        return Reply(200, media, out.serialize(format=rdflib_format, encoding="utf-8"), headers)
    if job.results is None:
        return not_acceptable("SELECT/ASK", RESULT_FORMATS)
    if result.type == "SELECT":
        rows = list(islice(result, job.max_rows + 1))
        if len(rows) > job.max_rows:
            rows, headers[MAX_ROWS_HEADER] = rows[: job.max_rows], str(job.max_rows)
        out_result = Result("SELECT")
        names: list[Variable] = list(result.vars or [])
        out_result.vars = names
        out_result.bindings = [{v: row[i] for i, v in enumerate(names) if row[i] is not None}  # type: ignore[index]
                               for row in rows]
    else:
        out_result = result
    media = RESULT_FORMATS[job.results][0]
    if job.results in ("json", "xml") or (job.results == "csv" and result.type == "SELECT"):
        return Reply(200, media, out_result.serialize(format=job.results, encoding="utf-8") or b"", headers)
    # rdflib writes no TSV, nor CSV for ASK: Oxigraph's writer takes rdflib's JSON over
    parsed = ox.parse_query_results(out_result.serialize(format="json", encoding="utf-8"),
                                    ox.QueryResultsFormat.JSON)
    return Reply(200, media, parsed.serialize(format=RESULT_FORMATS[job.results][1]), headers)


def _execute(store: object, namespaces: dict[str, Any], job: Job) -> Reply:
    try:
        if isinstance(store, OxigraphStore):
            return _run_oxigraph(store.store, job)
        if isinstance(store, MemoryStore):
            return _run_rdflib(store.graph, namespaces, job)
        return Reply.text(500, f"the endpoint cannot run queries on a {type(store).__name__}")
    except Exception as error:
        return Reply.text(500, f"query failed: {type(error).__name__}: {error}")
