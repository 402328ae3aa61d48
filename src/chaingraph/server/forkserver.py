"""The fork server that makes the endpoint's worker processes, the workers' loop, and :class:`ForkServer`,
the server's handle on it.

* The fork server is forked once, right after the store is loaded and before the HTTP server opens any
  socket; it forks a worker whenever the server asks. Every worker so shares the loaded store
  copy-on-write, and none inherits a client connection.
* Workers cannot reach the network (an audit hook refuses it), so neither ``SERVICE`` nor a ``FROM``
  IRI can make rdflib fetch anything; each gets its memory limit as it starts (:mod:`.memory`).
* The fork server reaps the workers and reports each one's exit status to the server, which so learns
  why a worker ended while it ran a query (its memory limit, or a crash).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import pickle
import signal
import socket
import struct
import sys
import time
from typing import Any

from chaingraph.server.engines import Engine, execute
from chaingraph.server.memory import MEMORY_EXIT, limit_memory

__all__ = ["ForkServer"]

_DEATH = struct.Struct("!qi")  # a worker's pid and its exit status, as the fork server reports them


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
        try:
            reply = pickle.dumps(execute(engine, pickle.loads(data)))
        except MemoryError:  # rdflib's engine met the limit: end here, the fork server tells the server why
            os._exit(MEMORY_EXIT)
        sock.sendall(struct.pack("!Q", len(reply)) + reply)


def _report_deaths(deaths: socket.socket) -> None:
    """Reap the fork server's dead workers (on SIGCHLD) and send each one's pid and exit status on *deaths*."""
    me = os.getpid()

    def reap(signum: int, frame: Any) -> None:
        while os.getpid() == me:  # not in a worker forked a moment ago, before it reset the handler
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if not pid:
                return
            with contextlib.suppress(OSError):  # the server has stopped listening, or is far behind
                deaths.send(_DEATH.pack(pid, status))

    deaths.setblocking(False)
    signal.signal(signal.SIGCHLD, reap)


def _fork_server_loop(control: socket.socket, deaths: socket.socket, engine: Engine, max_memory: int) -> None:
    """Fork a worker for each byte received; send back its pid, its socket and a pidfd."""
    _report_deaths(deaths)
    me = os.getpid()
    while True:
        if not control.recv(1):
            return
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                control.close()
                deaths.close()
                theirs.close()
                _die_with_parent(me)
                limit_memory(max_memory)
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


# --- in the server ---------------------------------------------------------------------------


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


class ForkServer:
    """The server's handle on the fork server: forks it (holding *engine*) when made, then, in the event loop
    (after :meth:`start`), forks workers (:meth:`fork`) and says how they ended (:meth:`exit_status`)."""

    def __init__(self, engine: Engine, max_memory: int) -> None:
        parent = os.getpid()
        ours, theirs = socket.socketpair()
        self._deaths, their_deaths = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                ours.close()
                self._deaths.close()
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the server decides
                _die_with_parent(parent)
                gc.freeze()  # keep the collector from touching (and so copying) the shared store's pages
                _fork_server_loop(theirs, their_deaths, engine, max_memory)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        their_deaths.close()
        self.pid, self._control = pid, ours
        self._lock: asyncio.Lock | None = None
        self._statuses: dict[int, int] = {}

    def start(self) -> None:
        """Get ready to fork workers and hear of their ends, in the running event loop."""
        self._lock = asyncio.Lock()
        self._control.setblocking(False)
        self._deaths.setblocking(False)
        asyncio.get_running_loop().add_reader(self._deaths.fileno(), self._hear_deaths)

    def _hear_deaths(self) -> None:
        while True:
            try:
                pid, status = _DEATH.unpack(self._deaths.recv(_DEATH.size))
            except (BlockingIOError, struct.error):
                return
            except OSError:
                asyncio.get_running_loop().remove_reader(self._deaths.fileno())
                return
            self._statuses[pid] = status
            while len(self._statuses) > 256:  # nobody asked about these (workers stopped on purpose)
                del self._statuses[next(iter(self._statuses))]

    async def exit_status(self, pid: int, wait: float = 2.0) -> int | None:
        """How worker *pid* ended (a ``waitpid`` status), once the fork server says; None after *wait* seconds."""
        deadline = time.monotonic() + wait
        while pid not in self._statuses and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        return self._statuses.pop(pid, None)

    async def fork(self) -> tuple[int, socket.socket, int | None]:
        """A new worker: its pid, the socket to talk to it, and a pidfd to signal it (None where Linux has none)."""
        assert self._lock is not None, "start() first"
        loop = asyncio.get_running_loop()
        async with self._lock, asyncio.timeout(30):
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
        return struct.unpack("!q", message)[0], socket.socket(fileno=fds[0]), fds[1] if len(fds) > 1 else None

    def close(self) -> None:
        """Stop the fork server (it reads EOF and exits) and reap it. Idempotent."""
        with contextlib.suppress(RuntimeError, ValueError, OSError):  # the event loop may be closed already
            asyncio.get_running_loop().remove_reader(self._deaths.fileno())
        self._control.close()
        self._deaths.close()
        if self.pid:
            pid, self.pid = self.pid, 0
            _reap(pid, grace=1.0)


def _reap(pid: int, grace: float) -> None:
    """Wait for child *pid* to exit, SIGKILL it after *grace* seconds."""
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
