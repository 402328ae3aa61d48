"""``chaingraph serve``: the real server, started on a free loopback port and queried with SPARQLWrapper.

Each server runs in a subprocess, as a user starts it, and is stopped (and its worker processes
checked gone) in a ``finally``, so a failing test leaves no process behind. Expected rows come from
the same query run directly on the bundled graph.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")
sparqlwrapper = pytest.importorskip("SPARQLWrapper")

from rdflib import Graph  # noqa: E402
from rdflib.compare import isomorphic  # noqa: E402
from rdflib.query import Result  # noqa: E402
from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper  # noqa: E402
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed  # noqa: E402

from chaingraph.errors import InputError  # noqa: E402
from chaingraph.knowledge import KnowledgeGraph  # noqa: E402
from chaingraph.server import ServerConfig, refusal  # noqa: E402

from .conftest import ROOT  # noqa: E402

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists() or not hasattr(os, "fork"),
                                reason="the endpoint forks worker processes; the checks read /proc")

TIMEOUT = 2  # --timeout of the test servers, in seconds
WORKERS = 2
MAX_ROWS = 50
ORIGIN = "http://dashboard.intranet.example"
# a cross join of all triples with a filter that never holds: many seconds on both engines
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . FILTER (STRLEN(STR(?b)) + STRLEN(STR(?d)) < 0) }"
LINKS = """SELECT ?id ?label WHERE {
  ?l a cg:ChainLink ; skos:notation ?id ; skos:prefLabel ?label . FILTER (lang(?label) = "zh")
} ORDER BY ?id LIMIT 20"""
CU_GRAPH = """CONSTRUCT { ?l skos:notation ?id ; skos:prefLabel ?label } WHERE {
  ?l a cg:ChainLink ; skos:notation ?id ; skos:prefLabel ?label . FILTER (STRSTARTS(?id, "CU"))
}"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    store: str
    log: io.BufferedRandom

    @property
    def url(self) -> str:
        return self.base + "/sparql"

    def client(self, query: str, fmt: str = JSON) -> SPARQLWrapper:
        sw = SPARQLWrapper(self.url)
        sw.setQuery(query)
        sw.setReturnFormat(fmt)
        return sw

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-3000:]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _stop(server: Server, sig: int = signal.SIGTERM) -> tuple[int | None, list[int]]:
    """Stop the server with *sig*; return its exit code and the processes it left (then kill those)."""
    kids = _descendants(server.process.pid)
    code = None
    try:
        server.process.send_signal(sig)
        code = server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=15)
    deadline = time.monotonic() + 3
    while any(_alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [k for k in kids if _alive(k)]
    for pid in left:  # processes this test started, by id
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return code, left


@contextlib.contextmanager
def running(store: str, *options: str) -> Iterator[Server]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in finally) -- not a pipe: a full pipe would block the server's logging
    code = "import sys; from chaingraph.cli import main; sys.argv = ['chaingraph', *sys.argv[1:]]; main()"
    process = subprocess.Popen([sys.executable, "-c", code, "serve", "--store", store, "--port", str(port), *options],
                               stdout=log, stderr=subprocess.STDOUT, env=env)
    server = Server(process, f"http://127.0.0.1:{port}", store, log)  # type: ignore[arg-type]
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode}:\n{server.output()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(server.url, params={"query": "ASK {}"}, timeout=1).status_code == 200:
                    break
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer within 60 s:\n{server.output()}")
            time.sleep(0.1)
        yield server
    finally:
        _stop(server)
        log.close()


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    with running(request.param, "--timeout", str(TIMEOUT), "--workers", str(WORKERS), "--max-rows", str(MAX_ROWS),
                 "--cors-origin", ORIGIN) as started:
        yield started


# --- results in each format -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_select_in_each_format(server: Server, bundled: KnowledgeGraph, fmt: str) -> None:
    expected = [(str(r["id"]), str(r["label"])) for r in bundled.select(LINKS)]
    assert len(expected) == 20
    result = server.client(LINKS, fmt).query()
    media = {JSON: "application/sparql-results+json", XML: "application/sparql-results+xml", CSV: "text/csv",
             TSV: "text/tab-separated-values"}[fmt]
    assert result.info()["content-type"].startswith(media)
    body = result.response.read()
    if fmt == CSV:
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        assert rows[0] == ["id", "label"]
        got = [tuple(row) for row in rows[1:]]
    else:
        parsed = Result.parse(io.BytesIO(body), format={JSON: "json", XML: "xml", TSV: "tsv"}[fmt])
        got = [(str(row["id"]), str(row["label"])) for row in parsed]  # type: ignore[index]
    assert got == expected


def test_select_by_post_and_ask(server: Server) -> None:
    client = server.client(LINKS)
    client.setMethod(POST)
    assert len(client.query().convert()["results"]["bindings"]) == 20
    assert server.client("ASK { cgk:AL07 a cg:ChainLink }").query().convert()["boolean"] is True
    # a query that declares a prefix itself keeps its own meaning
    other = "PREFIX cgk: <http://example.org/not-chaingraph/> ASK { cgk:AL07 a cg:ChainLink }"
    assert server.client(other).query().convert()["boolean"] is False


def test_construct_as_turtle(server: Server, bundled: KnowledgeGraph) -> None:
    result = server.client(CU_GRAPH, TURTLE).query()
    assert result.info()["content-type"].startswith("text/turtle")
    got = Graph().parse(data=result.convert(), format="turtle")  # SPARQLWrapper hands Turtle over as bytes
    assert len(got) == 30
    assert isomorphic(got, bundled.construct(CU_GRAPH))


def test_describe_as_turtle_and_ntriples(server: Server) -> None:
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt")):
        response = httpx.get(server.url, params={"query": "DESCRIBE cgk:CU01"}, headers={"Accept": accept})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(accept)
        graph = Graph().parse(data=response.content, format=fmt)
        assert ("https://w3id.org/chaingraph/kos/CU01", "CU01") in {(str(s), str(o)) for s, _, o in graph}


def test_row_limit_cuts_and_says_so(server: Server) -> None:
    response = httpx.get(server.url, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert response.headers["X-SPARQL-MaxRows"] == str(MAX_ROWS)
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    response = httpx.get(server.url, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert response.headers["X-SPARQL-MaxRows"] == str(MAX_ROWS)
    assert len(Graph().parse(data=response.content, format="turtle")) == MAX_ROWS
    response = httpx.get(server.url, params={"query": LINKS})
    assert "X-SPARQL-MaxRows" not in response.headers


# --- read-only, bad input ---------------------------------------------------------------------


def _count(server: Server) -> int:
    return int(server.client(COUNT).query().convert()["results"]["bindings"][0]["n"]["value"])


def test_update_refused_and_nothing_changes(server: Server, bundled: KnowledgeGraph) -> None:
    before = _count(server)
    assert before == len(bundled)
    client = server.client("PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }")
    client.setMethod(POST)  # SPARQLWrapper sends it as update=
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403 and b"read-only" in refused.value.read()
    attempts = [
        httpx.post(server.url, content="DROP ALL", headers={"Content-Type": "application/sparql-update"}),
        httpx.post(server.url, data={"query": "DELETE WHERE { ?s ?p ?o }"}),
        httpx.get(server.url, params={"query": "CLEAR DEFAULT"}),
        httpx.get(server.url, params={"update": "CLEAR ALL"}),
        httpx.post(server.url, content="LOAD <http://example.org/x.ttl>",
                   headers={"Content-Type": "application/sparql-query"}),
    ]
    for response in attempts:
        assert response.status_code == 403
        assert "read-only" in response.text
    assert _count(server) == before


def test_malformed_query_400_with_line_and_column(server: Server) -> None:
    with pytest.raises(QueryBadFormed) as error:
        server.client("SELECT ?s WHERE {\n  ?s ?p\n}").query()
    assert re.search(r"line [23], column \d+", str(error.value)), error.value  # where each parser stops
    response = httpx.get(server.url, params={"query": "SELECT ?s WHERE {\n  ?s ?p\n}"})
    assert response.status_code == 400 and "SPARQL syntax error at line " in response.text


def test_federated_query_refused(server: Server) -> None:
    response = httpx.get(server.url, params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }"})
    assert response.status_code == 403 and "SERVICE" in response.text


def test_unknown_route_large_query_and_unsupported_formats(server: Server) -> None:
    assert httpx.get(server.base + "/nowhere").status_code == 404
    big = "ASK {} #" + "x" * 100_000
    assert httpx.post(server.url, content=big, headers={"Content-Type": "application/sparql-query"}).status_code == 413
    assert httpx.post(server.url, data={"query": big}).status_code == 413
    assert httpx.post(server.url, content="ASK {}", headers={"Content-Type": "text/plain"}).status_code == 415
    response = httpx.get(server.url, params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert response.status_code == 406 and "json" in response.text


# --- concurrency and the timeout ---------------------------------------------------------------


def test_ask_stays_fast_while_a_slow_query_runs_and_the_slow_one_is_stopped(server: Server) -> None:
    outcome: dict[str, object] = {}

    def slow() -> None:
        started = time.perf_counter()
        response = httpx.post(server.url, data={"query": SLOW}, timeout=30)
        outcome.update(status=response.status_code, text=response.text, seconds=time.perf_counter() - started)

    thread = threading.Thread(target=slow)
    thread.start()
    try:
        time.sleep(0.5)  # the slow query is now running in one worker
        timings = []
        for _ in range(3):
            client = server.client("ASK { ?l a cg:ChainLink }")
            started = time.perf_counter()
            assert client.query().convert()["boolean"] is True
            timings.append(time.perf_counter() - started)
        assert thread.is_alive(), "the slow query should still be running"
        assert statistics.median(timings) < 0.1, timings
    finally:
        thread.join(timeout=30)
    assert outcome["status"] == 503
    assert "timeout" in str(outcome["text"])
    assert TIMEOUT - 0.1 < float(outcome["seconds"]) < TIMEOUT + 2  # type: ignore[arg-type]
    # still answering, and the killed worker has been replaced
    assert server.client("ASK {}").query().convert()["boolean"] is True
    deadline = time.monotonic() + 5
    while len([p for p in _descendants(server.process.pid) if _alive(p)]) != WORKERS + 1:
        assert time.monotonic() < deadline, "the pool was not refilled"
        time.sleep(0.05)


# --- format= and Accept, the dataset, relative IRIs --------------------------------------------

#: what Chromium sends with a link or a form: text/html first
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"}
DEFAULT_GRAPH = "urn:x-chaingraph:default"


@pytest.mark.parametrize(("fmt", "media"), [("json", "application/sparql-results+json"), ("csv", "text/csv"),
                                            ("tsv", "text/tab-separated-values"),
                                            ("xml", "application/sparql-results+xml")])
def test_an_explicit_format_wins_over_a_browsers_accept(server: Server, fmt: str, media: str) -> None:
    for response in (httpx.get(server.url, params={"query": LINKS, "format": fmt}, headers=BROWSER),
                     httpx.post(server.url, data={"query": LINKS, "format": fmt}, headers=BROWSER)):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(media)
        assert "<html" not in response.text and "cgk:" not in response.text


def test_format_for_construct_and_the_page_without_one(server: Server) -> None:
    response = httpx.get(server.url, params={"query": CU_GRAPH, "format": "nt"}, headers=BROWSER)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/n-triples")
    assert len(Graph().parse(data=response.content, format="nt")) == 30
    # a SELECT format for a CONSTRUCT: refused, saying what it can be
    response = httpx.get(server.url, params={"query": CU_GRAPH, "format": "json"}, headers=BROWSER)
    assert response.status_code == 406 and "turtle" in response.text
    # without format= the browser gets the query page, with the results as a table
    page = httpx.get(server.url, params={"query": LINKS}, headers=BROWSER)
    assert page.headers["content-type"].startswith("text/html") and "<table>" in page.text


def _rows(response: httpx.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def test_default_graph_uri_naming_the_endpoints_graph_gives_all_the_data(server: Server,
                                                                         bundled: KnowledgeGraph) -> None:
    named = {"default-graph-uri": DEFAULT_GRAPH}
    answers = [httpx.get(server.url, params={"query": COUNT, **named}),
               httpx.post(server.url, data={"query": COUNT, **named}),
               httpx.post(server.url, params=named, content=COUNT,
                          headers={"Content-Type": "application/sparql-query"}),
               httpx.get(server.url, params={"query": COUNT.replace("WHERE", f"FROM <{DEFAULT_GRAPH}> WHERE")})]
    for response in answers:
        assert int(_rows(response)[0]["n"]["value"]) == len(bundled)
    description = Graph().parse(data=httpx.get(server.url, headers={"Accept": "text/turtle"}).text, format="turtle")
    assert any(str(o) == DEFAULT_GRAPH for _, p, o in description if str(p).endswith("#defaultGraph"))


@pytest.mark.parametrize("how", ["default-graph-uri", "FROM"])
def test_another_default_graph_is_refused_with_the_graph_to_name(server: Server, how: str) -> None:
    other = "http://example.org/chains"
    if how == "FROM":
        response = httpx.get(server.url, params={"query": f"SELECT * FROM <{other}> WHERE {{ ?s ?p ?o }}"})
    else:
        response = httpx.get(server.url, params={"query": COUNT, "default-graph-uri": other})
    assert response.status_code == 400
    assert f"{how} <{other}>: this endpoint has no such graph" in response.text
    assert f"<{DEFAULT_GRAPH}>" in response.text and "Traceback" not in response.text


def test_graph_patterns_and_named_graphs_find_nothing(server: Server) -> None:
    # every triple is in the default graph: GRAPH matches nothing, whatever names the named graphs
    any_graph = "SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _rows(httpx.get(server.url, params={"query": any_graph})) == []
    from_named = any_graph.replace("WHERE", "FROM NAMED <urn:x:g> WHERE")
    assert _rows(httpx.get(server.url, params={"query": from_named})) == []
    assert _rows(httpx.get(server.url, params={"query": "SELECT * WHERE { GRAPH <urn:x:g> { ?s ?p ?o } }"})) == []
    assert _rows(httpx.get(server.url, params={"query": any_graph, "named-graph-uri": "urn:x:g"})) == []
    # named graphs only: the default graph is empty (SPARQL 1.1 Query §13.2); with it named too, it is not
    ask = "ASK { ?s ?p ?o }"
    assert httpx.get(server.url, params={"query": ask, "named-graph-uri": "urn:x:g"}).json()["boolean"] is False
    ask_named = "ASK FROM NAMED <urn:x:g> { ?s ?p ?o }"
    assert httpx.get(server.url, params={"query": ask_named}).json()["boolean"] is False
    both = {"query": ask, "named-graph-uri": "urn:x:g", "default-graph-uri": DEFAULT_GRAPH}
    assert httpx.get(server.url, params=both).json()["boolean"] is True


def test_relative_iris_resolve_against_the_endpoint_url_on_every_store(server: Server) -> None:
    query = "SELECT (<s> AS ?a) (<../x#y> AS ?b) (<?q> AS ?c) WHERE {}"
    row = _rows(httpx.get(server.url, params={"query": query}))[0]
    assert [row[v]["value"] for v in "abc"] == [server.base + "/s", server.base + "/x#y", server.url + "?q"]
    row = _rows(httpx.get(server.url, params={"query": "BASE <http://example.org/a/> " + query}))[0]
    assert [row[v]["value"] for v in "abc"] == ["http://example.org/a/s", "http://example.org/x#y",
                                               "http://example.org/a/?q"]
    response = httpx.post(server.url, content="CONSTRUCT { <s> <p> 1 } WHERE {}",
                          headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
    assert response.text.startswith(f"<{server.base}/s> <{server.base}/p> ")


def test_construct_where_short_form(server: Server, bundled: KnowledgeGraph) -> None:
    response = httpx.get(server.url, params={"query": "CONSTRUCT WHERE { cgk:CU01 skos:notation ?id }"},
                         headers={"Accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    notation = "<https://w3id.org/chaingraph/kos/CU01> <http://www.w3.org/2004/02/skos/core#notation>"
    assert response.text == f'{notation} "CU01" .\n'


# --- CORS and the UI ---------------------------------------------------------------------------


def test_cors_only_for_listed_origins_and_never_with_credentials(server: Server) -> None:
    query = {"query": "ASK {}"}
    response = httpx.get(server.url, params=query, headers={"Origin": "http://evil.example"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    response = httpx.get(server.url, params=query, headers={"Origin": ORIGIN})
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert "access-control-allow-credentials" not in response.headers
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    response = httpx.options(server.url, headers={"Origin": "http://evil.example", **preflight})
    assert "access-control-allow-origin" not in response.headers
    response = httpx.options(server.url, headers={"Origin": ORIGIN, **preflight})
    assert response.status_code == 200 and response.headers["access-control-allow-origin"] == ORIGIN


def test_query_page_is_offline_and_escapes(server: Server) -> None:
    page = httpx.get(server.base + "/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<textarea" in page.text and "src=" not in page.text and "href=" not in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    hostile = 'SELECT ("</textarea><script>alert(1)</script>" AS ?x) WHERE {}'
    result = httpx.post(server.url, data={"query": hostile, "format": "html"})
    assert result.status_code == 200
    assert "<script>" not in result.text and "&lt;script&gt;" in result.text


def test_service_description(server: Server) -> None:
    response = httpx.get(server.url, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    description = Graph().parse(data=response.text, format="turtle", publicID=server.url)
    assert any(str(o) == server.url for _, p, o in description if str(p).endswith("#endpoint"))


# --- stopping ------------------------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_stops_the_server_and_every_worker(sig: int) -> None:
    with running("oxigraph", "--workers", "2") as started:
        kids = [p for p in _descendants(started.process.pid) if _alive(p)]
        assert len(kids) == 3  # the fork server and two workers
        code, left = _stop(started, sig)
        assert code in (0, -signal.SIGTERM)
        assert left == []


# --- without a server ----------------------------------------------------------------------------


def _cli(*args: str, before: str = "") -> subprocess.CompletedProcess[str]:
    code = f"import sys; {before}sys.argv = ['chaingraph', *sys.argv[1:]]; from chaingraph.cli import main; main()"
    env = {**os.environ, "COLUMNS": "200",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, env=env)


def test_cli_without_the_serve_extra_says_how_to_install_it() -> None:
    result = _cli("serve", before="sys.modules['uvicorn'] = None; ")  # as if uvicorn were not installed
    assert result.returncode == 2
    assert "pip install 'chaingraph[serve]'" in result.stderr


def test_cli_refuses_a_wildcard_cors_origin() -> None:
    result = _cli("serve", "--cors-origin", "*")
    assert result.returncode == 2 and "wildcards are not allowed" in result.stderr


@pytest.mark.parametrize("query", [
    'SELECT ?insert WHERE { ?insert <http://x/drop> "DELETE" } # CLEAR ALL',
    "PREFIX load: <http://x/> SELECT * WHERE { load:a load:DROP ?with }",
    "SELECT * WHERE { ?s ?p '''\nINSERT DATA { }''' }",
])
def test_refusal_ignores_keywords_in_strings_iris_comments_and_names(query: str) -> None:
    assert refusal(query) is None


@pytest.mark.parametrize("query", [
    "INSERT DATA { <http://x/a> <http://x/b> 1 }",
    "PREFIX x: <http://x/>\nDELETE { ?s ?p ?o } WHERE { ?s x:p ?o }",
    "ASK {} ; DROP ALL",
    r"\u0044ROP ALL",
])
def test_refusal_finds_updates(query: str) -> None:
    assert "read-only" in str(refusal(query))


@pytest.mark.parametrize("limit", [3, 10, 20])
def test_oxigraph_row_cut_counts_rows_even_when_they_are_empty(limit: int) -> None:
    import json

    import pyoxigraph as ox

    from chaingraph.server.engines import _ox_solutions

    store = ox.Store()
    for i in range(10):
        store.add(ox.Quad(ox.NamedNode(f"http://x/{i}"), ox.NamedNode("http://x/p"), ox.Literal(f"v{i}")))
    for query in ("SELECT ?unbound WHERE { ?s ?p ?o }", "SELECT ?s ?o WHERE { ?s ?p ?o }"):  # TSV rows '' and not
        body, cut = _ox_solutions(store.query(query), "json", limit)
        assert len(json.loads(body)["results"]["bindings"]) == min(limit, 10)
        assert cut is (limit < 10)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_ask_in_every_results_format(store: str, fmt: str) -> None:
    from chaingraph.server.engines import engine_for, execute
    from chaingraph.server.protocol import Job

    engine = engine_for(KnowledgeGraph.open(store=store).store)
    reply = execute(engine, Job("ASK { cgk:AL07 a cg:ChainLink }", fmt, None, 10))
    assert reply.status == 200, reply.body
    assert b"true" in reply.body
    assert execute(engine, Job("CONSTRUCT WHERE { ?s ?p ?o }", fmt, None, 10)).status == 406


def test_a_persistent_stores_own_graph_stays_hidden(tmp_path: Path) -> None:
    import json

    from chaingraph.server.engines import engine_for, execute
    from chaingraph.server.protocol import Job

    kg = KnowledgeGraph.open(store=f"oxigraph:{tmp_path / 'store'}")
    query = "ASK { GRAPH ?g { ?s ?p ?o } }"
    assert bool(kg.store.store.query(query))  # type: ignore[attr-defined]  # what chaingraph keeps about the store
    reply = execute(engine_for(kg.store), Job(query, "json", None, 10))
    assert reply.status == 200 and json.loads(reply.body)["boolean"] is False


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_rdf_xml_says_which_predicate_it_cannot_write(store: str) -> None:
    from chaingraph.server.engines import engine_for, execute
    from chaingraph.server.protocol import Job

    engine = engine_for(KnowledgeGraph.open(store=store).store)
    reply = execute(engine, Job("CONSTRUCT { <http://x/a> <http://x/1> 1 } WHERE {}", None, "rdfxml", 10))
    assert reply.status == 406 and b"<http://x/1> does not end in an XML name" in reply.body
    reply = execute(engine, Job("DESCRIBE cgk:CU01", None, "rdfxml", 100))
    assert reply.status == 200 and len(Graph().parse(data=reply.body, format="xml")) > 10


def test_config_checks_its_values() -> None:
    assert ServerConfig().loopback and ServerConfig(host="::1").loopback
    assert not ServerConfig(host="0.0.0.0").loopback
    for bad in ({"cors_origins": ("*",)}, {"cors_origins": ("intranet.example",)}, {"timeout": 0}, {"workers": 0}):
        with pytest.raises(InputError):
            ServerConfig(**bad)  # type: ignore[arg-type]
