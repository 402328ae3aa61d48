"""No hang on a remote store: each request to a SPARQL endpoint has one total deadline — connecting, the
headers and the whole body — however slowly the server answers (issue 19: a server that sent its
headers and then one byte every 5 s kept ``chaingraph info --store http://…`` waiting for ever, since
the timeout was per read)."""

from __future__ import annotations

import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chaingraph.errors import InputError
from chaingraph.store import transport
from chaingraph.store.remote import RemoteStore

HEADERS = (b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
           b"Content-Length: 100000\r\n\r\n")


def read_request(conn: socket.socket) -> None:
    """Read one whole HTTP request (headers and body) from *conn*. Closing a socket with unread data
    sends a reset, not an end of stream, so a server that read only the first part of a request would
    make the client see ConnectionResetError where the test means a body cut short."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    missing = int(length.group(1)) - len(body) if length else 0
    while missing > 0:
        chunk = conn.recv(min(missing, 65536))
        if not chunk:
            return
        missing -= len(chunk)


class Trickle:
    """A fake endpoint on loopback: each connection gets *first* at once, then one byte every *every*
    seconds (for a minute at most; with *every* 0 the connection is closed at once), from a thread of its own."""

    def __init__(self, first: bytes, every: float = 1.0, tls: ssl.SSLContext | None = None) -> None:
        self.first, self.every, self.tls = first, every, tls
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.stop = threading.Event()
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.listener.getsockname()[1]}/sparql"

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                if self.tls:
                    conn = self.tls.wrap_socket(conn, server_side=True)
                read_request(conn)
                conn.sendall(self.first)
                for _ in range(int(60 / self.every) if self.every else 0):
                    if self.stop.wait(self.every):
                        return
                    conn.sendall(b" ")
            except OSError:  # the client gave up
                return

    def close(self) -> None:
        self.stop.set()
        self.listener.close()


@pytest.fixture()
def trickle() -> Iterator[Callable[..., Trickle]]:
    """Start fake endpoints (``trickle(first, every)``); all stopped after the test."""
    made: list[Trickle] = []

    def make(first: bytes, every: float = 1.0, tls: ssl.SSLContext | None = None) -> Trickle:
        server = Trickle(first, every, tls)
        made.append(server)
        return server

    yield make
    for server in made:
        server.close()


@pytest.mark.parametrize("first", [HEADERS, b"HTTP/1.1 200 OK\r\n"], ids=["slow body", "slow headers"])
def test_a_trickling_endpoint_ends_within_the_deadline(trickle: Callable[..., Trickle], first: bytes) -> None:
    server = trickle(first, every=0.5)
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        RemoteStore(server.url, timeout=2.0, connect_timeout=1.0).ask("ASK { ?s ?p ?o }", {})
    elapsed = time.monotonic() - started
    assert 1.9 < elapsed < 2.8, elapsed  # the deadline, not a read timeout (each byte comes within 0.5 s)
    message = str(caught.value)
    assert server.url in message and "did not answer within 2 s" in message
    assert "CHAINGRAPH_SPARQL_TIMEOUT" in message


def test_the_cli_ends_within_the_deadline_with_exit_2(trickle: Callable[..., Trickle]) -> None:
    server = trickle(HEADERS, every=1.0)
    code = "import sys; from chaingraph.cli import main; sys.argv = ['chaingraph', *sys.argv[1:]]; main()"
    env = {**os.environ, "CHAINGRAPH_SPARQL_TIMEOUT": "2.5"}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code, "info", "--store", server.url], capture_output=True,
                          text=True, encoding="utf-8", timeout=60, env=env)
    elapsed = time.monotonic() - started
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"the SPARQL endpoint {server.url} did not answer within 2.5 s" in " ".join(done.stderr.split())
    # the deadline plus the start of a Python process that imports the command line (about a second)
    assert elapsed < 2.5 + 3.0, elapsed
    assert server.connections == 1


def test_a_fast_answer_is_not_cut_by_the_deadline(trickle: Callable[..., Trickle]) -> None:
    body = b'{"head": {}, "boolean": true}'
    server = trickle(HEADERS.replace(b"100000", str(len(body)).encode()) + body)
    assert RemoteStore(server.url, timeout=2.0).ask("ASK { }", {}) is True


def test_a_body_cut_short_is_an_error_not_a_result(trickle: Callable[..., Trickle]) -> None:
    server = trickle(HEADERS + b'{"head": {}, "boolean": true}', every=0)
    with pytest.raises(InputError, match="broke off: IncompleteRead"):
        RemoteStore(server.url, timeout=2.0).ask("ASK { }", {})


@pytest.fixture()
def tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """A server-side TLS context with a self-signed certificate for 127.0.0.1, which the client is made to trust."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    monkeypatch.setattr(transport, "_CONTEXT", [ssl.create_default_context(cafile=str(cert))])
    return server


def test_https_has_the_same_deadline_and_answers(trickle: Callable[..., Trickle], tls: ssl.SSLContext) -> None:
    slow = trickle(HEADERS, every=0.5, tls=tls)
    started = time.monotonic()
    with pytest.raises(InputError, match="did not answer within 2 s"):
        RemoteStore(slow.url, timeout=2.0, connect_timeout=1.0).ask("ASK { ?s ?p ?o }", {})
    assert 1.9 < time.monotonic() - started < 2.8 and slow.url.startswith("https://")
    body = b'{"head": {}, "boolean": true}'
    fast = trickle(HEADERS.replace(b"100000", str(len(body)).encode()) + body, tls=tls)
    assert RemoteStore(fast.url, timeout=2.0).ask("ASK { }", {}) is True
