"""The worker processes that run clients' queries, and :class:`WorkerPool`, which lends them to requests.

* **Queries run in worker processes**, never in the server's event loop. rdflib holds the GIL and
  neither engine can cancel a query in-thread, so a query that passes the timeout is stopped by
  killing its process (SIGKILL); the client gets 503 and a fresh worker replaces it.
* **Each worker has a memory limit** (``--max-memory``, :mod:`~chaingraph.server.memory`): a query that
  needs more ends its worker; the client gets 503 saying so, and a fresh worker replaces it.
* Workers come from a fork server (:mod:`~chaingraph.server.forkserver`) forked once the store is loaded:
  they share it copy-on-write, and cannot reach the network.
* A request borrows an idle worker and talks to it over a socket pair: a pickled
  :class:`~chaingraph.server.protocol.Job` goes, a pickled :class:`~chaingraph.server.protocol.Reply`
  comes back. With N workers, N queries run at once while the event loop stays free to answer the
  others; when every worker is busy, a request waits up to the timeout, then gets 503.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import signal
import struct
from dataclasses import dataclass

from chaingraph.server.config import format_size
from chaingraph.server.engines import Engine
from chaingraph.server.forkserver import ForkServer
from chaingraph.server.memory import died_of_memory, memory_message
from chaingraph.server.protocol import Job, Reply

__all__ = ["WorkerPool"]

log = logging.getLogger("uvicorn.error")


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


class WorkerPool:
    """Worker processes that run queries on *engine*, forked from a fork server that holds the loaded store.

    Create it (which forks the fork server) *before* the event loop and the HTTP server start; then
    ``await start()`` in the loop, ``await run(job)`` per query, and ``close()`` at the end.
    """

    def __init__(self, engine: Engine, size: int, timeout: float, max_memory: int = 1 << 30) -> None:
        self.size, self.timeout, self.max_memory = size, timeout, max_memory
        self._fork_server = ForkServer(engine, max_memory)
        self._workers: set[_Worker] = set()
        self._idle: asyncio.Queue[_Worker] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.closing = False

    @property
    def pids(self) -> list[int]:
        """The process ids of the fork server and the workers."""
        return [self._fork_server.pid, *(w.pid for w in self._workers)]

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        self._fork_server.start()
        for _ in range(self.size):
            self._idle.put_nowait(await self._spawn())

    async def _spawn(self) -> _Worker:
        pid, sock, pidfd = await self._fork_server.fork()
        reader, writer = await asyncio.open_connection(sock=sock)
        worker = _Worker(pid, pidfd, reader, writer)
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
            return await self._ended(worker, job)
        finally:
            if done:
                self._idle.put_nowait(worker)
            else:  # timed out, died, or the request was cancelled: the worker's state is unknown
                self._retire(worker)

    async def _ended(self, worker: _Worker, job: Job) -> Reply:
        """The answer to *job*, whose worker ended while running it: 503 if it met its memory limit, else 500."""
        status = await self._fork_server.exit_status(worker.pid)
        if status is not None and died_of_memory(status):
            log.warning("query stopped: it needed more than %s (worker %d replaced): %.200r",
                        format_size(self.max_memory), worker.pid, job.query)
            return Reply.text(503, memory_message(self.max_memory))
        log.error("SPARQL worker %d died while running (status %s): %.200r", worker.pid, status, job.query)
        return Reply.text(500, "the query's worker process died; it has been replaced")

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
        self._fork_server.close()
