"""One HTTP POST with a total deadline: connecting, sending, the headers and the whole body must all be done
within *timeout* seconds, however slowly the server trickles its answer (:mod:`chaingraph.store.remote`).

A timeout on each read is no bound at all: a server that sends one byte every few seconds never lets a
read time out. So a timer shuts every socket of the request when the deadline passes; whatever read is
waiting then returns at once, and :func:`post` raises :class:`TimeoutError`. Only the standard library
talks HTTP (``urllib.request``: ``http_proxy`` and ``no_proxy`` apply).

(``tests/test_remote_deadline.py`` holds a server that trickles its answer.)

>>> post("http://127.0.0.1:9/", b"", {}, timeout=1.0, connect_timeout=1.0)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
urllib.error.URLError: <urlopen error ...>
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from functools import partial
from typing import Any

__all__ = ["Answer", "post"]


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: its status, headers and whole body (for an error status, the first few kB of it)."""

    status: int
    reason: str
    headers: Message
    body: bytes

    @property
    def media(self) -> str:
        """The media type of the body (``application/sparql-results+json``), or ``""`` when not stated."""
        return self.headers.get_content_type() if self.headers.get("Content-Type") else ""


class _Deadline:
    """The end of one request: when it passes, every socket the request opened is shut down."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return max(self.end - time.monotonic(), 0.001)

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)  # a blocked recv returns at once; close() alone would not wake it


class _Watched:
    """What the two connection classes share: connect within the connect timeout (and the deadline),
    then hand the socket to the deadline. Mixed in before ``http.client``'s class, so ``super()`` is it."""

    sock: socket.socket
    timeout: float | None

    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline = deadline

    def connect(self) -> None:
        self.timeout = min(self.timeout or self._deadline.remaining(), self._deadline.remaining())
        super().connect()  # type: ignore[misc]  # http.client's connect (the TLS one wraps the socket first)
        self._deadline.watch(self.sock)
        self.sock.settimeout(self._deadline.remaining())


class _HTTPConnection(_Watched, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_Watched, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_HTTPConnection, deadline=self._deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline, context: ssl.SSLContext) -> None:
        super().__init__(context=context)
        self._deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_HTTPSConnection, deadline=self._deadline), req,
                            context=self._context)  # type: ignore[attr-defined]


_CONTEXT: list[ssl.SSLContext] = []


def _context() -> ssl.SSLContext:
    """The TLS context of every request (made once: loading the system's certificates takes milliseconds)."""
    if not _CONTEXT:
        _CONTEXT.append(ssl.create_default_context())
    return _CONTEXT[0]


def post(url: str, data: bytes, headers: Mapping[str, str], *, timeout: float, connect_timeout: float) -> Answer:
    """POST *data* to *url* and read the whole answer, all within *timeout* seconds (the connection within
    *connect_timeout* too). An HTTP error status is an answer too, with the first 4 kB of its body.

    Raises :class:`TimeoutError` when the deadline passes, whatever the request was waiting for;
    :class:`http.client.IncompleteRead` when the server closes the connection before the end of the body
    it announced; otherwise what ``urllib`` raises (:class:`urllib.error.URLError`,
    :class:`http.client.HTTPException`, :class:`OSError`).
    """
    deadline = _Deadline(timeout)
    opener = urllib.request.build_opener(_HTTPHandler(deadline), _HTTPSHandler(deadline, _context()))
    request = urllib.request.Request(url, data=data, method="POST", headers=dict(headers))
    try:
        try:
            response = opener.open(request, timeout=min(connect_timeout, timeout))
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, str(error.reason), error.headers, error.read(4096) or b"")
        with response:
            chunks = []
            while chunk := response.read1(1 << 16):
                chunks.append(chunk)
            if deadline.expired:  # the socket was shut down under the last read
                raise TimeoutError
            if response.length:  # the server closed the connection before the end it announced
                raise http.client.IncompleteRead(b"".join(chunks), response.length)
            return Answer(response.status, response.reason, response.headers, b"".join(chunks))
    except Exception as error:
        if deadline.expired or isinstance(error, TimeoutError):
            raise TimeoutError(f"no complete answer within {timeout:g} s") from None
        raise
    finally:
        deadline.cancel()
