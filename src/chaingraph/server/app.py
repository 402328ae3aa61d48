"""The HTTP side of the endpoint: the Starlette application (:func:`create_app`) and :func:`serve`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from chaingraph.knowledge import KnowledgeGraph
from chaingraph.server.config import ServerConfig
from chaingraph.server.engines import engine_for
from chaingraph.server.page import page, results_html
from chaingraph.server.protocol import (
    MAX_ROWS_HEADER,
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


class _TooLarge(Exception):
    pass


async def _body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise _TooLarge
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise _TooLarge
    return bytes(data)


async def _disconnected(request: Request) -> None:
    while (await request.receive())["type"] != "http.disconnect":
        pass


def _too_large(config: ServerConfig) -> Response:
    return _response(Reply.text(413, f"the query is larger than this endpoint's limit of "
                                     f"{config.max_query_bytes:,} bytes"))


def _response(reply: Reply) -> Response:
    headers = {"X-Content-Type-Options": "nosniff", **reply.headers}
    return Response(reply.body, status_code=reply.status, headers=headers, media_type=reply.content_type)


def create_app(pool: WorkerPool, config: ServerConfig, *, store: str = "", triples: int = 0) -> Starlette:
    """The Starlette application: ``/`` (the query form) and ``/sparql`` (the protocol endpoint)."""

    async def home(request: Request) -> Response:
        return page(config, store, triples)

    async def sparql(request: Request) -> Response:
        params = dict(request.query_params)
        formats = request.query_params.getlist("format") + request.query_params.getlist("output")
        form: dict[str, list[str]] = {}
        for name in ("query", "update"):
            if len(request.query_params.getlist(name)) > 1:
                return _response(Reply.text(400, f"more than one '{name}' parameter"))
        if request.method == "POST":
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            try:
                body = await _body(request, 3 * config.max_query_bytes + 4096)
            except _TooLarge:
                return _too_large(config)
            if media == "application/x-www-form-urlencoded":
                try:
                    form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
                except UnicodeDecodeError:
                    return _response(Reply.text(400, "the form is not UTF-8"))
                for name, values in form.items():
                    if name in ("query", "update") and (len(values) > 1 or name in params):
                        return _response(Reply.text(400, f"more than one '{name}' parameter"))
                    params[name] = values[0]
                formats += form.get("format", []) + form.get("output", [])
            elif media == "application/sparql-query":
                if "query" in params:
                    return _response(Reply.text(400, "the query is both in the body and in ?query="))
                try:
                    params["query"] = body.decode("utf-8")
                except UnicodeDecodeError:
                    return _response(Reply.text(400, "the query is not UTF-8"))
            elif media == "application/sparql-update":
                return _response(Reply.text(403, "SPARQL Update is not allowed: this endpoint is read-only"))
            else:
                return _response(Reply.text(415, "POST a query as application/x-www-form-urlencoded (query=…) "
                                                 "or as application/sparql-query"))
        if "update" in params:
            return _response(Reply.text(403, "SPARQL Update is not allowed: this endpoint is read-only"))
        if "default-graph-uri" in params or "named-graph-uri" in params or \
                any(name in form for name in ("default-graph-uri", "named-graph-uri")):
            return _response(Reply.text(400, "default-graph-uri and named-graph-uri are not supported here: "
                                             "use FROM / FROM NAMED in the query"))
        query = params.get("query")
        accept = request.headers.get("accept")
        if query is None:
            if wants_page(accept, formats) and request.method == "GET":
                return page(config, store, triples)
            return Response(service_description(triples), media_type="text/turtle; charset=utf-8")
        if len(query.encode("utf-8")) > config.max_query_bytes:
            return _too_large(config)
        if reason := refusal(query):
            return _response(Reply.text(403, reason))
        results = result_format(accept, formats)
        graph = graph_format(accept, formats)
        as_html = results == "html" or graph == "html"
        job = Job(query, "json" if results == "html" else results, "turtle" if graph == "html" else graph,
                  config.max_rows)
        running = asyncio.ensure_future(pool.run(job))
        gone = asyncio.ensure_future(_disconnected(request))
        await asyncio.wait({running, gone}, return_when=asyncio.FIRST_COMPLETED)
        if not running.done():  # the client left: free its worker
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await running
            return Response(status_code=499)
        gone.cancel()
        reply = running.result()
        if as_html:
            return page(config, store, triples, query, results_html(reply))
        return _response(reply)

    async def not_found(request: Request, exc: Exception) -> Response:
        return PlainTextResponse(f"not found: {request.url.path} — the SPARQL endpoint is /sparql\n", 404,
                                 headers={"X-Content-Type-Options": "nosniff"})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            pool.close()

    middleware = []
    if config.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(config.cors_origins),
                                     allow_credentials=False, allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type"], expose_headers=[MAX_ROWS_HEADER],
                                     max_age=600))
    return Starlette(routes=[Route("/", home, methods=["GET"]), Route("/sparql", sparql, methods=["GET", "POST"])],
                     middleware=middleware, exception_handlers={404: not_found}, lifespan=lifespan)


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
    pool = WorkerPool(engine, config.workers, config.timeout)
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
                 "%g s, at most %d rows)", config.host if ":" not in config.host else f"[{config.host}]",
                 config.port, kg.store.name, len(kg), config.workers, config.timeout, config.max_rows)
        with contextlib.suppress(KeyboardInterrupt):
            server.run()
    finally:
        pool.close()
