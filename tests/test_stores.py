"""Store kinds: memory, oxigraph, oxigraph:PATH (persistent, loaded once and reused) and SPARQL endpoint URLs.

Every store gives the same analysis, query rows, rendered graph and report, byte for byte (the real
servers are in tests/test_servers.py); loading a persistent store is all or nothing; dumps are
deterministic; a remote endpoint that fails in any way is a clear InputError, never a hang.
"""

from __future__ import annotations

import http.server
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from chaingraph.errors import InputError
from chaingraph.gaps import analyze
from chaingraph.knowledge import KnowledgeGraph, load_persistent
from chaingraph.output.render import to_html
from chaingraph.output.reports import write_report
from chaingraph.sparql.catalogue import named_queries
from chaingraph.sparql.run import run_query
from chaingraph.store import dump, parse_store
from chaingraph.store.remote import RemoteStore

from .conftest import ROOT
from .test_cli import _run
from .test_queries import _canonical, _params

WHEN = datetime(2025, 1, 1, 12, 0, 0)
KINDS = ["oxigraph", "persistent", "reused"]


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, KnowledgeGraph]:
    path = tmp_path_factory.mktemp("stores") / "chains.oxigraph"
    fresh = KnowledgeGraph.open(store=f"oxigraph:{path}")  # loads the bundled data into the new store
    reused = KnowledgeGraph.open(store=f"oxigraph:{path}")  # opens it read-only, as it is
    return {"oxigraph": KnowledgeGraph.open(store="oxigraph"), "persistent": fresh, "reused": reused}


# --- parsing --store ------------------------------------------------------------------------------


def test_store_forms() -> None:
    assert parse_store("memory").kind == "memory" and parse_store("Oxigraph").kind == "oxigraph"
    assert parse_store("oxigraph:~/chains").path == Path("~/chains").expanduser()
    assert parse_store("https://example.org/sparql?default-graph-uri=urn:g").kind == "remote"
    for bad, message in [("postgres", "unknown store 'postgres'"), ("oxigraph:", "needs the path"),
                         ("http:///sparql", "has no host")]:
        with pytest.raises(InputError, match=message) as caught:
            parse_store(bad)
        if bad == "postgres":
            assert "oxigraph:PATH" in str(caught.value) and "http" in str(caught.value)


def test_cli_rejects_an_unknown_store_listing_the_forms() -> None:
    done = _run("info", "--store", "postgres")
    assert done.returncode == 2
    assert "unknown store 'postgres'" in done.stderr and "oxigraph:PATH" in done.stderr


# --- identical results on every store ----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_store_holds_the_same_triples(kind: str, stores: dict[str, KnowledgeGraph],
                                            bundled: KnowledgeGraph) -> None:
    kg = stores[kind]
    assert len(kg) == len(bundled)
    assert isomorphic(kg.graph, bundled.graph)
    assert kg.sources == bundled.sources  # a reused store remembers what was loaded into it


@pytest.mark.parametrize("kind", KINDS)
def test_gap_analysis_is_byte_identical_on_every_store(kind: str, stores: dict[str, KnowledgeGraph],
                                                       bundled: KnowledgeGraph) -> None:
    for options in ({}, {"named_only": True, "lang": "en"}):
        assert analyze(stores[kind], region="綦江区", **options).to_json() == analyze(
            bundled, region="綦江区", **options).to_json()


@pytest.mark.parametrize("kind", KINDS)
def test_every_named_query_is_identical_on_every_store(kind: str, stores: dict[str, KnowledgeGraph],
                                                       bundled: KnowledgeGraph) -> None:
    for name in sorted(named_queries()):
        params = _params(name)
        expected, got = run_query(bundled, name, params), run_query(stores[kind], name, params)
        assert got.variables == expected.variables, name
        assert _canonical(got.rows) == _canonical(expected.rows), name


@pytest.mark.parametrize("kind", KINDS)
def test_render_and_report_are_identical_on_every_store(kind: str, stores: dict[str, KnowledgeGraph],
                                                        bundled: KnowledgeGraph, tmp_path: Path) -> None:
    kg = stores[kind]
    ours, theirs = analyze(kg, region="綦江区"), analyze(bundled, region="綦江区")
    assert to_html(ours) == to_html(theirs)
    a = write_report(ours, tmp_path / "a", formats=("md", "json"), generated_at=WHEN)
    b = write_report(theirs, tmp_path / "b", formats=("md", "json"), generated_at=WHEN)
    assert a["md"].read_bytes() == b["md"].read_bytes()
    assert a["json"].read_bytes() == b["json"].read_bytes()


# --- persistent stores ----------------------------------------------------------------------------------


def test_a_reused_store_says_so_and_refuses_more_files(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "store"
    KnowledgeGraph.open(store=f"oxigraph:{path}")
    with caplog.at_level(logging.INFO, logger="chaingraph.store"):
        kg = KnowledgeGraph.open(store=f"oxigraph:{path}")
    assert any("as it is" in r.getMessage() for r in caplog.records)
    with pytest.raises(InputError, match="chaingraph load"):
        KnowledgeGraph.open([ROOT / "graph"], store=f"oxigraph:{path}")
    with pytest.raises(InputError, match="chaingraph load"):
        kg.store.add([(URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c"))])  # opened read-only


def test_a_path_that_is_not_an_oxigraph_store_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not an Oxigraph store"):
        KnowledgeGraph.open(store=f"oxigraph:{tmp_path}")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    with pytest.raises(InputError, match="is a file"):
        KnowledgeGraph.open(store=f"oxigraph:{tmp_path / 'notes.txt'}")
    done = _run("gaps", "-r", "綦江区", "--store", f"oxigraph:{tmp_path}")
    assert done.returncode == 2 and "not an Oxigraph store" in done.stderr


def _broken(tmp_path: Path) -> Path:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <urn:ex:> .\nex:a ex:b ex:c .\nex:d ex:e \"unterminated .\n", encoding="utf-8")
    return broken


def test_loading_is_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store"
    load_persistent(path)
    first = tmp_path / "first.nt"
    dump(KnowledgeGraph.open(store=f"oxigraph:{path}").store, first)
    extra = tmp_path / "extra.ttl"
    extra.write_text("@prefix ex: <urn:ex:> .\nex:x ex:y ex:z .\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_persistent(path, [extra, _broken(tmp_path)])
    [problem] = caught.value.problems
    assert problem.file and problem.file.endswith("broken.ttl") and problem.line == 3
    again = tmp_path / "again.nt"
    dump(KnowledgeGraph.open(store=f"oxigraph:{path}").store, again)
    assert again.read_bytes() == first.read_bytes()  # the extra file's triple is not there either
    assert not list(tmp_path.glob(".store.chaingraph-backup*"))
    # a new store that fails is no store at all
    with pytest.raises(InputError):
        load_persistent(tmp_path / "new", [_broken(tmp_path)])
    assert not (tmp_path / "new").exists()


def test_loading_more_files_adds_them_once(tmp_path: Path, bundled: KnowledgeGraph) -> None:
    path = tmp_path / "store"
    first = load_persistent(path)
    assert first.created and first.triples == len(bundled)
    assert 0 < first.compact_seconds < first.seconds  # compacted after loading, by default
    extra = tmp_path / "extra.ttl"
    extra.write_text("@prefix ex: <urn:ex:> .\nex:x ex:y ex:z ; ex:w \"1\" .\n", encoding="utf-8")
    second = load_persistent(path, [extra], compact=False)
    assert not second.created and second.added == 2  # the ontology is not loaded twice
    assert second.compact_seconds == 0
    kg = KnowledgeGraph.open(store=f"oxigraph:{path}")
    assert [str(s) for s in kg.sources] == [str(s) for s in bundled.sources] + [str(extra)]


def test_cli_load_then_query_the_store(tmp_path: Path, bundled: KnowledgeGraph) -> None:
    path = tmp_path / "store"
    done = _run("load", "--store", f"oxigraph:{path}")
    assert done.returncode == 0, done.stderr
    assert f"{len(bundled)} triples" in done.stdout and "triples/s" in done.stdout and "compacted in" in done.stdout
    assert "compacting the store" in done.stderr
    gaps = _run("gaps", "-r", "綦江区", "-c", "aluminium", "-f", "json", "--store", f"oxigraph:{path}")
    memory = _run("gaps", "-r", "綦江区", "-c", "aluminium", "-f", "json")
    assert gaps.returncode == 0 and gaps.stdout == memory.stdout
    assert "note: using the Oxigraph store" in gaps.stderr
    refused = _run("gaps", "-r", "綦江区", "--store", f"oxigraph:{path}", "--graph", str(ROOT / "graph"))
    assert refused.returncode == 2 and "chaingraph load" in refused.stderr
    broken = _run("load", "--store", f"oxigraph:{path}", str(_broken(tmp_path)))
    assert broken.returncode == 2 and "broken.ttl:3" in broken.stderr
    extra = tmp_path / "extra.ttl"
    extra.write_text("@prefix ex: <urn:ex:> .\nex:x ex:y ex:z .\n", encoding="utf-8")
    more = _run("load", "--store", f"oxigraph:{path}", "--no-compact", str(extra))
    assert more.returncode == 0 and "(+1)" in more.stdout and "compact" not in more.stdout + more.stderr
    assert _run("load").returncode == 2  # a persistent store is required
    assert "needs a persistent store" in _run("load", "--store", "memory").stderr


# --- dump -----------------------------------------------------------------------------------------------


def test_dumps_are_deterministic_and_the_same_from_every_store(tmp_path: Path, stores: dict[str, KnowledgeGraph],
                                                               bundled: KnowledgeGraph) -> None:
    reference = tmp_path / "memory.nt"
    assert dump(bundled.store, reference) == len(bundled)
    text = reference.read_bytes()
    assert text.decode("utf-8").splitlines() == sorted(text.decode("utf-8").splitlines())
    assert b"_:b1 " in text  # blank nodes relabelled
    # Oxigraph keeps numbers in its own lexical form ("16000000000"^^xsd:double where rdflib keeps the file's
    # "16000000000.0"): the Oxigraph stores give the same bytes, and the same graph as the memory store
    oxigraph = {}
    for kind, kg in stores.items():
        out = tmp_path / f"{kind}.nt"
        dump(kg.store, out)
        oxigraph[kind] = out.read_bytes()
        assert isomorphic(Graph().parse(out, format="nt"), bundled.graph), kind
    assert oxigraph["oxigraph"] == oxigraph["persistent"] == oxigraph["reused"]
    assert dump(KnowledgeGraph.open(store="memory").store, tmp_path / "again.nt") == len(bundled)
    assert (tmp_path / "again.nt").read_bytes() == text  # new blank-node ids, same file
    back = Graph().parse(reference, format="nt")
    assert isomorphic(back, bundled.graph)
    turtle = tmp_path / "all.ttl"
    dump(bundled.store, turtle)
    assert isomorphic(Graph().parse(turtle, format="turtle"), bundled.graph)


def test_cli_dump(tmp_path: Path, bundled: KnowledgeGraph) -> None:
    done = _run("dump", "--out", str(tmp_path / "all.nt"), "--store", "oxigraph")
    assert done.returncode == 0 and f"wrote {len(bundled)} triples" in done.stdout
    streamed = _run("dump", "--out", str(tmp_path / "raw.nt"), "--no-sort", "--store", "oxigraph")
    assert streamed.returncode == 0
    assert sorted((tmp_path / "raw.nt").read_text(encoding="utf-8").splitlines()) != [] and len(
        (tmp_path / "raw.nt").read_text(encoding="utf-8").splitlines()) == len(bundled)


# --- remote endpoints: protocol, normalisation and every way to fail ---------------------------------------

Handler = Callable[[http.server.BaseHTTPRequestHandler, str], None]


@pytest.fixture()
def stub() -> Iterator[Callable[[Handler], str]]:
    """A throw-away HTTP server on loopback whose POST answers come from the test; yields a URL factory."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(answer: Handler) -> str:
        class Stub(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                answer(self, self.rfile.read(length).decode("utf-8"))

            def log_message(self, *args: object) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stub)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/sparql"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _reply(handler: http.server.BaseHTTPRequestHandler, status: int, body: str, media: str,
           headers: dict[str, str] | None = None) -> None:
    data = body.encode("utf-8")
    handler.send_response(status)
    handler.send_header("Content-Type", media)
    handler.send_header("Content-Length", str(len(data)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(data)


RESULTS = "application/sparql-results+json"


def test_terms_are_read_and_normalised(stub: Callable[[Handler], str]) -> None:
    seen: list[str] = []
    bindings = {"head": {"vars": ["n", "b", "s", "x", "l", "u", "d"]}, "results": {"bindings": [{
        "n": {"type": "typed-literal", "datatype": str(XSD.int), "value": "007"},
        "b": {"type": "literal", "datatype": str(XSD.boolean), "value": "1"},
        "s": {"type": "literal", "datatype": str(XSD.string), "value": "綦江"},
        "x": {"type": "bnode", "value": "nodeID://b1234"},
        "l": {"type": "literal", "xml:lang": "zh", "value": "铝"},
        "u": {"type": "uri", "value": "https://w3id.org/chaingraph/kos/AL07"},
        "d": {"type": "literal", "datatype": str(XSD.decimal), "value": "1.50"}}]}}

    def answer(handler: http.server.BaseHTTPRequestHandler, body: str) -> None:
        seen.append(body)
        _reply(handler, 200, json.dumps(bindings), RESULTS + "; charset=utf-8")

    url = stub(answer)
    store = RemoteStore(url + "?default-graph-uri=urn%3Ag")
    [row] = store.select("SELECT * WHERE { ?s ?p ?o }", {"o": Literal("a")})
    assert row == {"n": Literal(7), "b": Literal(True), "s": Literal("綦江"), "x": BNode("b1234"),
                   "l": Literal("铝", lang="zh"), "u": URIRef("https://w3id.org/chaingraph/kos/AL07"),
                   "d": Literal("1.50", datatype=XSD.decimal)}
    assert "VALUES" in seen[0] and "PREFIX+cg" in seen[0]  # parameters as a VALUES block, prefixes declared
    with pytest.raises(InputError, match="read-only"):
        store.load([Path("x.ttl")])


def test_ask_construct_and_len(stub: Callable[[Handler], str]) -> None:
    def answer(handler: http.server.BaseHTTPRequestHandler, body: str) -> None:
        if "ASK" in body:
            _reply(handler, 200, '{"head": {}, "boolean": true}', RESULTS)
        elif "CONSTRUCT" in body:
            _reply(handler, 200, '<urn:a> <urn:b> "x"^^<http://www.w3.org/2001/XMLSchema#string> .\n'
                                 '<urn:a> <urn:c> _:nodeID1 .\n', "application/n-triples")
        else:
            _reply(handler, 200, json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [
                {"n": {"type": "literal", "datatype": str(XSD.integer), "value": "42"}}]}}), RESULTS)

    store = RemoteStore(stub(answer))
    assert store.ask("ASK { ?s ?p ?o }", {}) is True
    graph = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {})
    assert (URIRef("urn:a"), URIRef("urn:b"), Literal("x")) in graph and len(graph) == 2
    assert len(store) == 42


@pytest.mark.parametrize(("status", "body", "media", "headers", "message"), [
    (400, "Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error", "text/plain", None,
     r"refused the query: HTTP 400 Bad Request: Virtuoso 37000 Error SP030"),
    (500, "<html><body><h1>Internal error</h1></body></html>", "text/html", None,
     r"refused the query: HTTP 500 .*Internal error \(the server failed"),
    (200, "<html>a web page</html>", "text/html", None, r"answered 'text/html', not SPARQL JSON results"),
    (200, '{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "typed-literal", "datatype": '
          '"Virtuoso 22023 Error SR544: bad aggregate', RESULTS, None, r"failed while answering: Virtuoso 22023"),
    (200, '{"head": {"vars": ["n"]}, "results": {"bindings": []}}', RESULTS, {"X-SPARQL-MaxRows": "10000"},
     r"cut the result at 10000 rows"),
])
def test_a_failing_endpoint_is_a_clear_input_error(stub: Callable[[Handler], str], status: int, body: str,
                                                   media: str, headers: dict | None, message: str) -> None:
    url = stub(lambda handler, _: _reply(handler, status, body, media, headers))
    with pytest.raises(InputError, match=message):
        RemoteStore(url).select("SELECT ?n WHERE { ?n ?p ?o }", {})


def test_a_slow_endpoint_times_out(stub: Callable[[Handler], str]) -> None:
    def slow(handler: http.server.BaseHTTPRequestHandler, _: str) -> None:
        time.sleep(3)
        _reply(handler, 200, '{"head": {}, "boolean": true}', RESULTS)

    started = time.monotonic()
    with pytest.raises(InputError, match=r"did not answer within 0.5 s"):
        RemoteStore(stub(slow), timeout=0.5).ask("ASK { }", {})
    assert time.monotonic() - started < 2.5


def test_an_unreachable_endpoint_fails_fast_from_the_cli() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again at once: nothing listens there
    started = time.monotonic()
    done = _run("gaps", "-r", "綦江区", "--store", f"http://127.0.0.1:{port}/sparql")
    assert done.returncode == 2 and "cannot reach the SPARQL endpoint" in done.stderr
    assert "Traceback" not in done.stderr and time.monotonic() - started < 30
    with pytest.raises(InputError, match="cannot be used with"):
        KnowledgeGraph.open([ROOT / "graph"], store=f"http://127.0.0.1:{port}/sparql")


def test_serve_works_over_a_persistent_store_and_refuses_an_endpoint(tmp_path: Path,
                                                                     bundled: KnowledgeGraph) -> None:
    import os
    import signal
    import subprocess
    import sys

    from chaingraph.server import serve

    with pytest.raises(InputError, match="cannot serve"):
        serve(KnowledgeGraph(RemoteStore("http://127.0.0.1:9/sparql"), []))
    path = tmp_path / "store"
    load_persistent(path)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = "import sys; from chaingraph.cli import main; sys.argv = ['chaingraph', *sys.argv[1:]]; main()"
    process = subprocess.Popen([sys.executable, "-c", code, "serve", "--store", f"oxigraph:{path}", "--port",
                                str(port), "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/sparql"
        deadline = time.monotonic() + 60
        while True:
            try:
                store = RemoteStore(url, timeout=5)
                kg = KnowledgeGraph(store, [])
                assert len(kg) == len(bundled)
                break
            except InputError:
                assert time.monotonic() < deadline and process.poll() is None, "chaingraph serve did not start"
                time.sleep(0.3)
        # the forked workers read the persistent store (opened read-only) as the loading process left it
        ours = analyze(kg, region="綦江区").to_json()
        assert json.loads(ours)["chains"] == json.loads(analyze(bundled, region="綦江区").to_json())["chains"]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def test_a_large_graph_in_the_memory_store_suggests_oxigraph(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "big.ttl"
    data.write_text("@prefix cgd: <https://w3id.org/chaingraph/data/> .\n" + "".join(
        f'cgd:x{i} cgd:p "{i}" .\n' for i in range(2000)), encoding="utf-8")
    monkeypatch.setattr("chaingraph.knowledge.MEMORY_STORE_NOTE_BYTES", data.stat().st_size - 1)
    with caplog.at_level(logging.INFO, logger="chaingraph.store"):
        KnowledgeGraph.open([data], codes="none", store="memory")
        assert "--store oxigraph" in caplog.text
        caplog.clear()
        KnowledgeGraph.open([data], codes="none", store="oxigraph")
        assert "--store oxigraph" not in caplog.text


def test_the_default_store_is_oxigraph() -> None:
    from chaingraph.store import DEFAULT_STORE, OxigraphStore

    assert DEFAULT_STORE == "oxigraph"
    assert isinstance(KnowledgeGraph.open().store, OxigraphStore)


@pytest.mark.parametrize("args", [
    ["gaps", "--region", "綦江区", "--format", "json"],
    ["gaps", "--region", "Qijiang", "--format", "csv", "--table", "targets", "--lang", "en"],
    ["gaps", "--region", "綦江区"],
    ["info", "--format", "json"],
    ["query", "companies-in-link", "--param", "link=AL16", "--param", "region=綦江区", "--format", "csv"],
    ["validate", "--format", "json"],
])
def test_every_command_says_the_same_on_the_default_store_and_the_memory_store(args: list[str]) -> None:
    env = {**os.environ, "COLUMNS": "120"}
    default = subprocess.run([sys.executable, "-m", "chaingraph", *args], capture_output=True, text=True, env=env,
                             check=False)
    memory = subprocess.run([sys.executable, "-m", "chaingraph", *args, "--store", "memory"], capture_output=True,
                            text=True, env=env, check=False)
    assert default.returncode == memory.returncode == 0, default.stderr + memory.stderr
    assert default.stdout == memory.stdout


def test_written_outputs_are_the_same_on_the_default_store_and_the_memory_store(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    for store in ("oxigraph", "memory"):
        for args in (["render", "--region", "綦江区", "--out", str(tmp_path / f"{store}.html")],
                     ["report", "--region", "綦江区", "--formats", "md,json,xlsx", "--out", str(tmp_path / store)],
                     ["export", "--out", str(tmp_path / f"{store}-tables")]):
            done = subprocess.run([sys.executable, "-m", "chaingraph", *args, "--store", store], capture_output=True,
                                  text=True, env=env, check=False)
            assert done.returncode == 0, done.stderr
    assert (tmp_path / "oxigraph.html").read_bytes() == (tmp_path / "memory.html").read_bytes()
    for name in ("gaps-qijiang-zh.md", "gaps-qijiang-zh.json", "gaps-qijiang-zh.xlsx"):
        assert (tmp_path / "oxigraph" / name).read_bytes() == (tmp_path / "memory" / name).read_bytes(), name
    for table in sorted((tmp_path / "memory-tables").iterdir()):
        assert (tmp_path / "oxigraph-tables" / table.name).read_bytes() == table.read_bytes(), table.name


def test_oxigraph_rows_share_the_rdflib_term_of_a_repeated_value() -> None:
    """Rows of rdflib terms are built once per distinct term of a result (the export's 600,000 rows) and equal
    rdflib's own rows for the same triples: IRIs, blank nodes, languages, datatypes, ill-typed values."""
    from chaingraph.store.memory import MemoryStore
    from chaingraph.store.oxigraph import OxigraphStore

    a, p, q = URIRef("urn:x:a"), URIRef("urn:x:p"), URIRef("urn:x:q")
    objects = [Literal("铝", lang="zh"), Literal("铝"), Literal("铝", lang="en"), Literal("5", datatype=XSD.integer),
               Literal("x", datatype=XSD.integer), Literal("2.5", datatype=XSD.decimal), BNode("b1"), URIRef("urn:x:o"),
               Literal('a"b\\c\td\ne')]
    triples = [(s, pred, o) for s in (a, URIRef("urn:x:b")) for pred in (p, q) for o in objects]
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    rows = []
    for store in (OxigraphStore(), MemoryStore()):
        store.add(triples)
        rows.append(store.select(query, {}))
    ox_rows, rdflib_rows = rows

    def canonical(found: list[dict[str, object]]) -> list[tuple[str, ...]]:  # the stores order literals apart
        return sorted(tuple(repr(v) if not isinstance(v, BNode) else "bnode" for v in r.values()) for r in found)
    assert len(ox_rows) == len(triples)
    assert canonical(ox_rows) == canonical(rdflib_rows)
    assert len({id(r["s"]) for r in ox_rows}) == 2  # one term per subject, shared by its 18 rows
    assert len({id(r["o"]) for r in ox_rows}) == len(objects)
