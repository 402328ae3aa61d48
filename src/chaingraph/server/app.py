"""The HTTP side of the endpoint: the Starlette application (:func:`create_app`) and :func:`serve`.

* ``/sparql`` takes a query by GET (``?query=``) or POST (a form, or ``application/sparql-query``) and
  refuses SPARQL Update in any form (``update=``, ``application/sparql-update``, or an update in
  ``query=``) with 403 before any engine sees it; a query larger than the limit gets 413. Its dataset
  (``default-graph-uri``, ``named-graph-uri``, ``FROM``) and base IRI are settled here too (dataset.py).
* No CORS headers unless the config lists origins, and never with credentials.
* A client that disconnects frees its worker; :func:`serve` stops every worker on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from chaingraph.knowledge import KnowledgeGraph
from chaingraph.server.config import ServerConfig, format_size
from chaingraph.server.dataset import DatasetRefused, default_graph_holds_data
from chaingraph.server.engines import engine_for
from chaingraph.server.lexer import is_iri
from chaingraph.server.page import EXAMPLE_QUERY, page, results_html
from chaingraph.server.protocol import (
    GRAPH_MEDIA_TYPES,
    MAX_ROWS_HEADER,
    RESULT_MEDIA_TYPES,
    Job,
    Reply,
    graph_format,
    refusal,
    result_format,
    service_description,
    wants_page,
)
from chaingraph.server.workers import WorkerPool

__all__ = ["create_app", "serve"]

log = logging.getLogger("uvicorn.error")


# --- the application -----------------------------------------------------------------------


def create_app(pool: WorkerPool, config: ServerConfig, *, store: str = "", triples: int = 0) -> Starlette:
    """The Starlette application: ``/`` (the query form) and ``/sparql`` (the protocol endpoint).

    *store* (its name) and *triples* are what the query page and the service description say of the graph.
    """
    endpoint = _Endpoint(pool, config, store, triples)
    return Starlette(routes=[Route("/", endpoint.home, methods=["GET"]),
                             Route("/sparql", endpoint.sparql, methods=["GET", "POST"])],
                     middleware=_cors(config), exception_handlers={404: _not_found}, lifespan=endpoint.lifespan)


@dataclass(frozen=True)
class _Endpoint:
    """The handlers of one application, over one worker pool."""

    pool: WorkerPool
    config: ServerConfig
    store: str
    triples: int

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        await self.pool.start()
        try:
            yield
        finally:
            self.pool.close()

    def page(self, query: str = EXAMPLE_QUERY, result: str = "") -> HTMLResponse:
        return page(self.config, self.store, self.triples, query, result)

    async def home(self, request: Request) -> Response:
        return self.page()

    async def sparql(self, request: Request) -> Response:
        try:
            params = await _params(request, self.config)
        except _Answer as answer:
            return answer.response
        query = params.values.get("query")
        accept = request.headers.get("accept")
        if query is None:
            if wants_page(accept, params.formats) and request.method == "GET":
                return self.page()
            return Response(service_description(self.triples), media_type="text/turtle; charset=utf-8")
        if len(query.encode("utf-8")) > self.config.max_query_bytes:
            return _too_large(self.config)
        if reason := refusal(query):
            return _response(Reply.text(403, reason))
        base = _base(request)
        try:
            default_graph = default_graph_holds_data(query, base, params.default_graphs, params.named_graphs)
        except DatasetRefused as refused:
            return _response(Reply.text(400, str(refused)))
        results, graph = result_format(accept, params.formats), graph_format(accept, params.formats)
        job = Job(query, "json" if results == "html" else results, "turtle" if graph == "html" else graph,
                  self.config.max_rows, default_graph, base)
        return await self.run(request, job, results, graph)

    async def run(self, request: Request, job: Job, results: str | None, graph: str | None) -> Response:
        """Run *job* on a worker and answer in the format negotiated (*results*, *graph*; HTML on the query page)."""
        reply = await _unless_disconnected(request, self.pool, job)
        if reply is None:
            return Response(status_code=499)
        if _on_page(reply, results, graph):
            return self.page(job.query, results_html(reply))
        return _response(reply)


def _on_page(reply: Reply, results: str | None, graph: str | None) -> bool:
    """Whether *reply* is shown on the query page: the format negotiated for its kind of result is HTML.

    The kind is known only once the query has run, so both kinds are negotiated first: with
    ``format=json`` a SELECT gives JSON whatever the Accept header says (a browser's ``text/html``)."""
    if reply.content_type == RESULT_MEDIA_TYPES["json"]:
        return results == "html"
    if reply.content_type == GRAPH_MEDIA_TYPES["turtle"]:
        return graph == "html"
    return results == "html"  # an error: on the page when the client asked for HTML


async def _unless_disconnected(request: Request, pool: WorkerPool, job: Job) -> Reply | None:
    """*pool*'s reply to *job*; None if the client disconnects first, which stops the job and frees its worker."""
    running = asyncio.ensure_future(pool.run(job))
    gone = asyncio.ensure_future(_disconnected(request))
    await asyncio.wait({running, gone}, return_when=asyncio.FIRST_COMPLETED)
    if not running.done():  # the client left: free its worker
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
        return None
    gone.cancel()
    return running.result()


async def _disconnected(request: Request) -> None:
    """Return when the client of *request* disconnects."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def _not_found(request: Request, exc: Exception) -> Response:
    return PlainTextResponse(f"not found: {request.url.path} — the SPARQL endpoint is /sparql\n", 404,
                             headers={"X-Content-Type-Options": "nosniff"})


def _cors(config: ServerConfig) -> list[Middleware]:
    """CORS for the origins the config lists, without credentials; none when it lists none."""
    if not config.cors_origins:
        return []
    return [Middleware(CORSMiddleware, allow_origins=list(config.cors_origins), allow_credentials=False,
                       allow_methods=["GET", "POST"], allow_headers=["Accept", "Content-Type"],
                       expose_headers=[MAX_ROWS_HEADER], max_age=600)]


# --- reading a request -------------------------------------------------------------------


_READ_ONLY = "SPARQL Update is not allowed: this endpoint is read-only"


class _Answer(Exception):
    """Raised while reading a request that is answered before any query runs: :attr:`response` answers it."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def _refused(status: int, message: str) -> _Answer:
    """The error that answers a request with *status* and *message* (plain text)."""
    return _Answer(_response(Reply.text(status, message)))


@dataclass
class _Params:
    """The parameters of a request to ``/sparql``: from its URL, then from its body."""

    values: dict[str, str]
    formats: list[str]  # the format= and output= values, those of the URL first
    default_graphs: list[str]  # the default-graph-uri values (the protocol's dataset: dataset.py)
    named_graphs: list[str]  # the named-graph-uri values


async def _params(request: Request, config: ServerConfig) -> _Params:
    """The parameters of *request*; :class:`_Answer` for a request refused before its query is looked at."""
    url = request.query_params
    params = _Params(dict(url), url.getlist("format") + url.getlist("output"), url.getlist("default-graph-uri"),
                     url.getlist("named-graph-uri"))
    for name in ("query", "update"):
        if len(url.getlist(name)) > 1:
            raise _refused(400, f"more than one '{name}' parameter")
    if request.method == "POST":
        await _read_body(request, config, params)
    if "update" in params.values:
        raise _refused(403, _READ_ONLY)
    return params


async def _read_body(request: Request, config: ServerConfig, params: _Params) -> None:
    """Add what a POST body holds to *params*: a form's parameters, or the query itself."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await _body(request, config)
    if media == "application/x-www-form-urlencoded":
        form = parse_qs(_utf8(body, "the form is not UTF-8"), keep_blank_values=True, strict_parsing=False)
        for name, values in form.items():
            if name in ("query", "update") and (len(values) > 1 or name in params.values):
                raise _refused(400, f"more than one '{name}' parameter")
            params.values[name] = values[0]
        params.formats += form.get("format", []) + form.get("output", [])
        params.default_graphs += form.get("default-graph-uri", [])
        params.named_graphs += form.get("named-graph-uri", [])
    elif media == "application/sparql-query":
        if "query" in params.values:
            raise _refused(400, "the query is both in the body and in ?query=")
        params.values["query"] = _utf8(body, "the query is not UTF-8")
    elif media == "application/sparql-update":
        raise _refused(403, _READ_ONLY)
    else:
        raise _refused(415, "POST a query as application/x-www-form-urlencoded (query=…) "
                            "or as application/sparql-query")


async def _body(request: Request, config: ServerConfig) -> bytes:
    """The body of a POST request; 413 past a limit that leaves room for a form that encodes a query as large
    as the endpoint takes."""
    limit = 3 * config.max_query_bytes + 4096
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise _Answer(_too_large(config))
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise _Answer(_too_large(config))
    return bytes(data)


def _base(request: Request) -> str:
    """The base IRI of the request's query: the endpoint's URL as the request named it (dataset.py)."""
    url = str(request.url.replace(query="", fragment=""))
    # a Host header is the client's to choose: one that makes no IRI gives the loopback URL instead
    return url if is_iri(url) else f"http://127.0.0.1{request.url.path}"


def _utf8(body: bytes, message: str) -> str:
    """*body* as text; 400 with *message* if it is not UTF-8."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise _refused(400, message) from None


# --- responses -----------------------------------------------------------------------------


def _too_large(config: ServerConfig) -> Response:
    """413: the query is larger than the config allows."""
    return _response(Reply.text(413, f"the query is larger than this endpoint's limit of "
                                     f"{config.max_query_bytes:,} bytes"))


def _response(reply: Reply) -> Response:
    """*reply* as an HTTP response (which browsers must not sniff as another type)."""
    headers = {"X-Content-Type-Options": "nosniff", **reply.headers}
    return Response(reply.body, status_code=reply.status, headers=headers, media_type=reply.content_type)


# --- serving ---------------------------------------------------------------------------------


class _Server(uvicorn.Server):
    pool: WorkerPool

    def handle_exit(self, sig: int, frame: Any) -> None:
        self.pool.kill_now()  # running queries end now instead of holding the shutdown up
        super().handle_exit(sig, frame)


def _warm_up(kg: KnowledgeGraph) -> None:
    """Run each query form once, so that forked workers start with warm parsers."""
    kg.ask("ASK { ?s ?p ?o }")
    kg.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
    kg.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1")


def serve(kg: KnowledgeGraph, config: ServerConfig | None = None, *, log_level: str = "info") -> None:
    """Serve *kg* as a read-only SPARQL endpoint until Ctrl-C or SIGTERM; stop every worker on the way out."""
    config = config or ServerConfig()
    engine = engine_for(kg.store)  # refuses a store it cannot serve, before anything starts
    _warm_up(kg)
    pool = WorkerPool(engine, config.workers, config.timeout, config.max_memory)
    try:
        app = create_app(pool, config, store=kg.store.name, triples=len(kg))
        uv_config = uvicorn.Config(app, host=config.host, port=config.port, log_level=log_level,
                                   timeout_graceful_shutdown=5,
                                   h11_max_incomplete_event_size=3 * config.max_query_bytes + 16_384)
        server = _Server(uv_config)
        server.pool = pool
        if not config.loopback:
            log.warning("listening on %s, not a loopback address: every machine that can reach it can query the "
                        "graph, without authentication", config.host)
        log.info("chaingraph SPARQL endpoint: http://%s:%d/sparql (store %s, %d triples, %d workers, timeout "
                 "%g s, at most %d rows, %s of memory per query)",
                 config.host if ":" not in config.host else f"[{config.host}]", config.port, kg.store.name, len(kg),
                 config.workers, config.timeout, config.max_rows, format_size(config.max_memory))
        with contextlib.suppress(KeyboardInterrupt):
            server.run()
    finally:
        pool.close()
