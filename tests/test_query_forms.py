"""``chaingraph query`` with every query form on every store, and ``SERVICE`` refused before anything is sent
(issue 19: ``CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1`` was a TypeError traceback on the memory store, and a
query with ``SERVICE <…>`` sent its request, then failed with a traceback)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from chaingraph.errors import InputError
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.sparql.run import run_query
from chaingraph.sparql.shape import query_shape

STORES = ["memory", "oxigraph"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from chaingraph.cli import main; sys.argv = ['chaingraph', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, encoding="utf-8",
                          timeout=120, env={**os.environ, "COLUMNS": "300"})


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr
    return done.stdout


def _refused(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    return " ".join(done.stderr.split())


# --- CONSTRUCT and DESCRIBE, on every store -------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1",
    "CONSTRUCT WHERE { ?l a cg:ChainLink ; skos:notation ?id } ORDER BY ?id LIMIT 3",
    "CONSTRUCT { ?l rdfs:label ?label } WHERE { ?l skos:notation 'AL07' ; skos:prefLabel ?label }",
    "DESCRIBE cgk:AL07",
    "DESCRIBE ?l WHERE { ?l skos:notation 'GR01' }",
])
def test_construct_and_describe_give_the_same_graph_on_every_store(query: str) -> None:
    texts = {store: _ok(_run("query", query, "--store", store, "--format", "nt")) for store in STORES}
    assert texts["memory"].strip(), "an empty graph"
    lines = texts["memory"].splitlines()
    assert lines == sorted(lines)  # sorted N-Triples, the same whatever the store
    turtle = {store: _ok(_run("query", query, "--store", store)) for store in STORES}  # --format table: Turtle
    if "LIMIT 1" in query:  # which triple comes first is the store's choice, and rdflib's changes between runs
        assert all(len(Graph().parse(data=text, format="turtle")) == 1 for text in [*texts.values(), *turtle.values()])
        return
    assert texts["memory"] == texts["oxigraph"]
    for store in STORES:
        assert isomorphic(Graph().parse(data=turtle[store], format="turtle"),
                          Graph().parse(data=texts[store], format="nt")), store


def test_ask_on_every_store() -> None:
    for store in STORES:
        assert _ok(_run("query", "ASK { cgk:AL07 a cg:ChainLink }", "--store", store)).strip() == "true"


def test_a_format_that_does_not_fit_the_form_is_a_message() -> None:
    message = _refused(_run("query", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "--format", "csv"))
    assert "--format csv is for rows: a CONSTRUCT query gives a graph" in message and "turtle or nt" in message
    message = _refused(_run("query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "--format", "nt"))
    assert "--format nt is for the graph of a CONSTRUCT or DESCRIBE query: a SELECT query gives rows" in message


def test_a_query_the_memory_store_cannot_run_is_a_message() -> None:
    assert _ok(_run("query", "CONSTRUCT WHERE { }", "--store", "oxigraph")).strip() == ""
    message = _refused(_run("query", "CONSTRUCT WHERE { }", "--store", "memory"))
    assert "the memory store (rdflib) cannot run this query" in message and "--store oxigraph" in message


@pytest.mark.parametrize(("text", "form"), [
    ("PREFIX ex: <http://example.org/construct/> SELECT * WHERE { ?s ex:p ?o }", "SELECT"),
    ("# CONSTRUCT\nASK { ?s ?p 'DESCRIBE' }", "ASK"),
    ("construct where { ?s ?p ?o }", "CONSTRUCT"),
    ("DESCRIBE <urn:x:a>", "DESCRIBE"),
])
def test_the_form_is_read_by_the_parser_not_by_words(text: str, form: str) -> None:
    assert query_shape(text).form == form


# --- SERVICE: refused before any request, unless --allow-service -------------------------------------------

class Listener:
    """A loopback TCP listener that counts the connections it gets (each answered HTTP 500)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.hits = 0
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}/sparql"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.hits += 1
            with conn:
                try:
                    conn.recv(65536)
                    conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nnope")
                except OSError:
                    pass


@pytest.fixture()
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.socket.close()


SERVICES = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "select * where { ?s ?p ?o OPTIONAL { service silent <{url}> { ?s ?q ?r } } }",
    "ASK { FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { { SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } } } }",  # in a subquery
    r"SELECT * WHERE { SERV\u0049CE <{url}> { ?s ?p ?o } }",
    "PREFIX far: <{url}#> SELECT * WHERE { SERVICE far:end { ?s ?p ?o } }",
]


@pytest.mark.parametrize("store", [*STORES, "listener"])
@pytest.mark.parametrize("template", SERVICES)
def test_service_is_refused_and_nothing_is_sent(listener: Listener, store: str, template: str) -> None:
    query = template.replace("{url}", listener.url)
    message = _refused(_run("query", query, "--store", listener.url if store == "listener" else store))
    assert "the query calls another SPARQL endpoint (SERVICE" in message and "nothing was sent" in message
    assert "--allow-service" in message
    assert listener.hits == 0  # not the SERVICE endpoint, and not the store either when it is the listener


def test_service_in_a_query_file_is_refused(listener: Listener, tmp_path: Path) -> None:
    query = tmp_path / "far.rq"
    query.write_text(f"#+ title_en: Far\nSELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}\n",
                     encoding="utf-8")
    message = _refused(_run("query", str(query)))
    assert f"{query}: the query calls another SPARQL endpoint (SERVICE <{listener.url}>)" in message
    with pytest.raises(InputError, match="calls another SPARQL endpoint"):
        run_query(KnowledgeGraph.open(store="memory"), str(query))
    assert listener.hits == 0


@pytest.mark.parametrize("query", [
    'SELECT ?s WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/>" } LIMIT 1',
    "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 # SERVICE <http://127.0.0.1:9/> { }",
    "PREFIX service: <http://example.org/service#> SELECT ?service WHERE { ?service service:x ?o } LIMIT 1",
    "SELECT ?s WHERE { ?s <http://example.org/SERVICE> ?o } LIMIT 1",
])
def test_the_word_service_elsewhere_is_no_service(query: str) -> None:
    assert query_shape(query).services == ()
    assert _run("query", query, "--format", "csv").returncode == 0


@pytest.mark.parametrize("store", STORES)
def test_allow_service_sends_it_and_a_failure_is_a_message(listener: Listener, store: str) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    message = _refused(_run("query", query, "--allow-service", "--store", store))
    assert "the query failed" in message
    assert listener.hits >= 1
