"""The worker processes that run clients' queries, and :class:`WorkerPool`, which lends them to requests.

* **Queries run in worker processes**, never in the server's event loop. rdflib holds the GIL and
  neither engine can cancel a query in-thread, so a query that passes the timeout is stopped by
  killing its process (SIGKILL); the client gets 503 and a fresh worker replaces it.
* Workers are forked by a small *fork server* forked once, right after the store is loaded and before
  the HTTP server opens any socket: every worker shares the loaded store copy-on-write, and none
  inherits a client connection. Workers cannot reach the network (an audit hook refuses it), so
  neither ``SERVICE`` nor ``FROM <url>`` can make rdflib fetch anything.
* A request borrows an idle worker and talks to it over a socket pair: a pickled
  :class:`~chaingraph.server.protocol.Job` goes, a pickled :class:`~chaingraph.server.protocol.Reply`
  comes back. With N workers, N queries run at once while the event loop stays free to answer the
  others; when every worker is busy, a request waits up to the timeout, then gets 503.
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
from dataclasses import dataclass
from typing import Any

from chaingraph.server.engines import Engine, execute
from chaingraph.server.protocol import Job, Reply

__all__ = ["WorkerPool"]

log = logging.getLogger("uvicorn.error")


# --- in the fork server and the workers ----------------------------------------------------


def _no_network(event: str, args: tuple[Any, ...]) -> None:
    """An audit hook: rdflib would fetch SERVICE and FROM IRIs over HTTP; a worker never needs the network."""
    if event in ("urllib.Request", "socket.connect", "socket.getaddrinfo"):
        raise PermissionError("network access is disabled in SPARQL endpoint workers")


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


# --- in the server: the pool of workers ----------------------------------------------------


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

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(sock.fileno(), wake)
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
