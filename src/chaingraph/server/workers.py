"""A read-only SPARQL 1.1 Protocol endpoint over a :class:`~chaingraph.knowledge.KnowledgeGraph`.

``chaingraph serve`` runs it; ``docs/sparql-endpoint.md`` says how to point clients at it.

Design (see ``shared/reference/tech-notes.md`` §9 for what it avoids):

* **Queries run in worker processes**, never in the server's event loop. rdflib holds the GIL and
  neither engine can cancel a query in-thread, so a query that passes the timeout is stopped by
  killing its process (SIGKILL); the client gets 503 and a fresh worker replaces it. Workers are
  forked by a small *fork server* forked once, right after the store is loaded and before the HTTP
  server opens any socket: every worker shares the loaded store copy-on-write, and none inherits a
  client connection. A request borrows an idle worker and talks to it over a socket pair; with N
  workers, N queries run at once while the event loop stays free to answer the others.
* **The store's own engine**: Oxigraph's query engine and result serialisers for ``store="oxigraph"``,
  rdflib's for ``store="memory"``. The chaingraph prefixes (``cg:``, ``cgk:``, ``skos:`` …) are
  declared by default through each engine's own option, so a query that declares a prefix itself
  wins, and the line and column of a syntax error are those of the text the client sent.
* **Read-only**: SPARQL Update (``update=``, ``application/sparql-update`` or an update in
  ``query=``) is refused with 403 before any engine sees it, and the engines are only ever asked to
  *query*. ``SERVICE`` (federated query) is refused too: it would let any client make the server
  fetch URLs on the intranet.
* **Limits**: a per-query timeout (503 with a message), a row limit (the result is cut and the
  ``X-SPARQL-MaxRows`` header says so), a query size limit (413). No CORS headers unless origins are
  listed, and never with credentials. The only UI is an inline HTML form (no external assets).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import pickle
import signal
import socket
import struct
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
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
from chaingraph.server.engines import Engine, engine_for, execute
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

__all__ = ["WorkerPool", "create_app", "serve"]

log = logging.getLogger("uvicorn.error")


def _no_network(event: str, args: tuple[Any, ...]) -> None:
    # rdflib would fetch SERVICE and FROM IRIs over HTTP; a worker never needs the network
    if event in ("urllib.Request", "socket.connect", "socket.getaddrinfo"):
        raise PermissionError("network access is disabled in SPARQL endpoint workers")


# --- worker processes ----------------------------------------------------------------------


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent dies; exit now if it already has."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(0)


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    data = bytearray()
    while len(data) < size:
        chunk = sock.recv(min(size - len(data), 1 << 20))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def _worker_loop(sock: socket.socket, engine: Engine) -> None:
    sys.addaudithook(_no_network)
    while True:
        head = _recv_exact(sock, 8)
        if head is None:
            return
        data = _recv_exact(sock, struct.unpack("!Q", head)[0])
        if data is None:
            return
        reply = pickle.dumps(execute(engine, pickle.loads(data)))
        sock.sendall(struct.pack("!Q", len(reply)) + reply)


def _fork_server_loop(control: socket.socket, engine: Engine) -> None:
    """Fork a worker for each byte received; send back its pid, its socket and a pidfd."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the workers
    me = os.getpid()
    while True:
        if not control.recv(1):
            return
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                control.close()
                theirs.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                _die_with_parent(me)
                _worker_loop(ours, engine)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        ours.close()
        fds = [theirs.fileno()]
        pidfd = None
        with contextlib.suppress(AttributeError, OSError):
            pidfd = os.pidfd_open(pid)
            fds.append(pidfd)
        socket.send_fds(control, [struct.pack("!q", pid)], fds)
        theirs.close()
        if pidfd is not None:
            os.close(pidfd)


def _start_fork_server(engine: Engine) -> tuple[int, socket.socket]:
    parent = os.getpid()
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            ours.close()
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the server decides
            _die_with_parent(parent)
            gc.freeze()  # keep the collector from touching (and so copying) the shared store's pages
            _fork_server_loop(theirs, engine)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    theirs.close()
    return pid, ours


@dataclass(eq=False)
class _Worker:
    pid: int
    pidfd: int | None
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            if self.pidfd is not None:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)

    def close(self) -> None:
        self.kill()
        self.writer.close()
        if self.pidfd is not None:
            with contextlib.suppress(OSError):
                os.close(self.pidfd)
            self.pidfd = None

    async def ask(self, job: Job) -> Reply:
        data = pickle.dumps(job)
        self.writer.write(struct.pack("!Q", len(data)) + data)
        await self.writer.drain()
        size = struct.unpack("!Q", await self.reader.readexactly(8))[0]
        return pickle.loads(await self.reader.readexactly(size))


async def _readable(sock: socket.socket) -> None:
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    loop.add_reader(sock.fileno(), lambda: ready.done() or ready.set_result(None))
    try:
        await ready
    finally:
        loop.remove_reader(sock.fileno())


class WorkerPool:
    """Worker processes that run queries on *engine*, forked from a fork server that holds the loaded store.

    Create it (which forks the fork server) *before* the event loop and the HTTP server start; then
    ``await start()`` in the loop, ``await run(job)`` per query, and ``close()`` at the end.
    """

    def __init__(self, engine: Engine, size: int, timeout: float) -> None:
        self.size, self.timeout = size, timeout
        self._fork_server_pid, self._control = _start_fork_server(engine)
        self._workers: set[_Worker] = set()
        self._idle: asyncio.Queue[_Worker] | None = None
        self._control_lock: asyncio.Lock | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.closing = False

    @property
    def pids(self) -> list[int]:
        """The process ids of the fork server and the workers."""
        return [self._fork_server_pid, *(w.pid for w in self._workers)]

    async def start(self) -> None:
        self._idle, self._control_lock = asyncio.Queue(), asyncio.Lock()
        self._control.setblocking(False)
        for _ in range(self.size):
            self._idle.put_nowait(await self._spawn())

    async def _spawn(self) -> _Worker:
        assert self._control_lock is not None
        loop = asyncio.get_running_loop()
        async with self._control_lock, asyncio.timeout(30):
            await loop.sock_sendall(self._control, b"F")
            while True:
                await _readable(self._control)
                try:
                    message, fds, _, _ = socket.recv_fds(self._control, 8, 2)
                    break
                except BlockingIOError:
                    continue
        if len(message) != 8 or not fds:
            raise RuntimeError("the SPARQL worker fork server has stopped")
        sock = socket.socket(fileno=fds[0])
        reader, writer = await asyncio.open_connection(sock=sock)
        worker = _Worker(struct.unpack("!q", message)[0], fds[1] if len(fds) > 1 else None, reader, writer)
        self._workers.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.close()
        self._workers.discard(worker)
        if not self.closing:
            task = asyncio.get_running_loop().create_task(self._replace())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _replace(self) -> None:
        assert self._idle is not None
        for attempt in range(5):
            try:
                worker = await self._spawn()
            except Exception as error:
                log.error("cannot start a SPARQL worker (attempt %d): %s", attempt + 1, error)
                await asyncio.sleep(1)
                continue
            if self.closing:
                worker.close()
            else:
                self._idle.put_nowait(worker)
            return

    async def run(self, job: Job) -> Reply:
        """Run *job* on an idle worker; 503 when none is free within the timeout or the query passes it."""
        assert self._idle is not None
        if self.closing:
            return Reply.text(503, "the server is shutting down")
        try:
            async with asyncio.timeout(self.timeout):
                worker = await self._idle.get()
        except TimeoutError:
            return Reply.text(503, f"all {self.size} query workers stayed busy for {self.timeout:g} s; "
                                   "try again later", **{"Retry-After": "5"})
        done = False
        try:
            async with asyncio.timeout(self.timeout):
                reply = await worker.ask(job)
            done = True
            return reply
        except TimeoutError:
            log.warning("query stopped after %g s (worker %d killed): %.200r", self.timeout, worker.pid, job.query)
            return Reply.text(503, f"query stopped: it ran past the server's timeout of {self.timeout:g} s "
                                   "(chaingraph serve --timeout). Narrow the pattern or add a LIMIT.")
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            if self.closing:
                return Reply.text(503, "the server is shutting down")
            log.error("SPARQL worker %d died while running: %.200r", worker.pid, job.query)
            return Reply.text(500, "the query's worker process died (out of memory?); it has been replaced")
        finally:
            if done:
                self._idle.put_nowait(worker)
            else:  # timed out, died, or the request was cancelled: the worker's state is unknown
                self._retire(worker)

    def kill_now(self) -> None:
        """Kill every worker at once (safe from a signal handler): in-flight queries end with 503."""
        self.closing = True
        for worker in list(self._workers):
            worker.kill()

    def close(self) -> None:
        """Stop the workers and the fork server and reap them. Idempotent."""
        import select

        self.closing = True
        pidfds = [w.pidfd for w in self._workers if w.pidfd is not None]
        for worker in list(self._workers):
            worker.kill()
        with contextlib.suppress(OSError, ValueError):  # let the fork server reap them before it goes
            waiting = list(pidfds)
            for _ in range(20):
                if not waiting:
                    break
                ready, _, _ = select.select(waiting, [], [], 0.1)
                waiting = [fd for fd in waiting if fd not in ready]
        for worker in list(self._workers):
            with contextlib.suppress(RuntimeError):  # the event loop may be closed already
                worker.close()
        self._workers.clear()
        self._control.close()  # the fork server reads EOF and exits
        if self._fork_server_pid:
            pid, self._fork_server_pid = self._fork_server_pid, 0
            _reap(pid, grace=1.0)


def _reap(pid: int, grace: float) -> None:
    """Wait for child *pid* to exit, SIGKILL it after *grace* seconds."""
    import time

    deadline = time.monotonic() + grace
    try:
        while not os.waitpid(pid, os.WNOHANG)[0]:
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return
            time.sleep(0.01)
    except (ChildProcessError, ProcessLookupError):
        pass


# --- HTTP ---------------------------------------------------------------------------------


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
