"""Real SPARQL servers as stores: the Oxigraph server and Virtuoso Open Source, started here on loopback.

Each server gets the bundled graph as ``chaingraph dump`` writes it, loaded with the server's own loader,
and chaingraph then reads it through the endpoint URL (``--store http://…``). The gap analysis, every
named query, the rendered graph and the report must be exactly those of the embedded store. The servers
run in their own process groups in temporary folders and are stopped in ``finally`` blocks, so a failing
test leaves no process behind.

The servers come from the test setup (``.ci/run``): the ``oxigraph`` CLI from PyPI (the ``test`` extra) and
Debian's ``virtuoso-opensource``. A missing server fails these tests, it does not skip them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from chaingraph.errors import InputError
from chaingraph.gaps import GapAnalysis, analyze
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.output.render import to_html
from chaingraph.output.reports import write_report
from chaingraph.sparql.catalogue import named_queries
from chaingraph.sparql.run import run_query
from chaingraph.store import dump

from .test_queries import _canonical, _params

SETUP = "run .ci/run (or: pip install -e '.[test]' and apt-get install virtuoso-opensource) to install it"
GRAPH_IRI = "urn:x-chaingraph:test"
WHEN = datetime(2025, 1, 1, 12, 0, 0)
#: named queries a server cannot answer as the embedded store does, with the reason (docs/stores.md)
CANNOT = {
    "virtuoso": {"missing-links": "Virtuoso 7.2 fails to compile a MINUS next to a parameter used in an OPTIONAL "
                                  "filter and a BIND (SP031 internal error)"},
    "oxigraph-server": {},
}
#: what a server gets wrong only sometimes: Virtuoso 7.2.5 evaluates a transitive property path (cg:locatedIn+)
#: whose both ends are bound by a join wrongly for some query plans, and its plans depend on what it ran
#: before; the named query region-plans can lose a row. Such a mismatch is reported as an expected failure
#: naming the bug; a match passes (docs/stores.md). The analysis does not use region-plans.
UNRELIABLE = {"virtuoso": "Virtuoso 7.2.5 drops rows of transitive property paths under some query plans "
                          "(region-plans; docs/stores.md)", "oxigraph-server": None}


def _expect(server: str, same: bool) -> None:
    if not same and UNRELIABLE[server]:
        pytest.xfail(UNRELIABLE[server])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """Stop *process* and its process group: SIGTERM, then SIGKILL after *grace* seconds."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # anything the server left in its group


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 60.0) -> None:
    """Wait until *url* answers an ASK, or fail with the server's log."""
    query = urllib.parse.urlencode({"query": "ASK { }"}).encode()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped (exit {process.returncode}):\n{log.read_text(errors='replace')[-3000:]}")
        try:
            request = urllib.request.Request(url, data=query, headers={
                "Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not answer at {url} within {seconds:g} s:\n{log.read_text(errors='replace')[-3000:]}")


def _binary(name: str, *alternatives: str) -> str:
    for candidate in (name, *alternatives):
        found = shutil.which(candidate) or shutil.which(candidate, path=str(Path(sys.executable).parent))
        if found:
            return found
    pytest.fail(f"'{name}' is not installed: {SETUP}")


@pytest.fixture(scope="module")
def dumped(tmp_path_factory: pytest.TempPathFactory, bundled: KnowledgeGraph) -> Path:
    """The bundled graph (data, ontology, code concepts) as one sorted N-Triples file."""
    folder = tmp_path_factory.mktemp("dump")
    out = folder / "bundled.nt"
    assert dump(bundled.store, out) == len(bundled)
    return folder


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory, dumped: Path) -> Iterator[str]:
    """``oxigraph serve-read-only`` over a store made with ``oxigraph load``; yields the query URL."""
    binary = _binary("oxigraph")
    location = tmp_path_factory.mktemp("oxigraph-server") / "store"
    subprocess.run([binary, "load", "--location", str(location), "--file", str(dumped / "bundled.nt")],
                   check=True, capture_output=True, timeout=120)
    port = _free_port()
    log = location.parent / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([binary, "serve-read-only", "--location", str(location),
                                    "--bind", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/query"
        _wait_for(url, process, log)
        yield url
    finally:
        _stop(process)


VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = ., {load}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {www}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, dumped: Path) -> Iterator[str]:
    """Virtuoso Open Source with its own database and ini in a temporary folder, on free loopback ports;
    the dump is loaded into the graph GRAPH_IRI with the bulk loader. Yields the /sparql URL."""
    server = _binary("virtuoso-t")
    isql = _binary("isql-vt", "isql-v")
    root = tmp_path_factory.mktemp("virtuoso")
    for sub in ("db", "www"):
        (root / sub).mkdir()
    sql_port, http_port = _free_port(), _free_port()
    ini = root / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=root / "db", load=dumped, www=root / "www", sql_port=sql_port,
                                       http_port=http_port), encoding="utf-8")
    log = root / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([server, "+foreground", "+configfile", str(ini)], cwd=root / "db", stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{http_port}/sparql"
        _wait_for(url, process, log, seconds=90)
        loaded = subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba",
             f"exec=ld_dir('{dumped}', 'bundled.nt', '{GRAPH_IRI}'); rdf_loader_run(); checkpoint;"],
            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        assert loaded.returncode == 0 and "Error" not in loaded.stdout + loaded.stderr, loaded.stdout + loaded.stderr
        yield url
    finally:
        with contextlib.suppress(Exception):
            subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", "exec=shutdown;"], capture_output=True,
                           timeout=20, stdin=subprocess.DEVNULL)
        _stop(process, grace=20)


SERVERS = ["oxigraph-server", "virtuoso"]


def _endpoint(request: pytest.FixtureRequest, server: str) -> str:
    if server == "virtuoso":
        # only the loaded graph as the default graph: Virtuoso's default graph is otherwise the union of
        # every graph it holds, its own system graphs included
        return request.getfixturevalue("virtuoso") + "?default-graph-uri=" + urllib.parse.quote(GRAPH_IRI, safe="")
    return request.getfixturevalue("oxigraph_server")


@pytest.fixture(scope="module", params=SERVERS)
def remote(request: pytest.FixtureRequest) -> tuple[str, KnowledgeGraph]:
    return request.param, KnowledgeGraph.open(store=_endpoint(request, request.param))


def _same_sources(result: GapAnalysis, like: GapAnalysis) -> GapAnalysis:
    # ``sources`` names where the data came from: the endpoint URL here, the bundled folder there
    return dataclasses.replace(result, sources=like.sources)


def test_the_remote_store_holds_the_dumped_triples(remote: tuple[str, KnowledgeGraph],
                                                   bundled: KnowledgeGraph) -> None:
    _server, kg = remote
    assert len(kg) == len(bundled)
    assert kg.sources == [kg.store.shown]  # type: ignore[attr-defined]


@pytest.mark.parametrize("options", [{}, {"named_only": True, "lang": "en"}, {"chains": ["copper"], "min_firms": 1}])
def test_gap_analysis_through_the_endpoint_is_the_embedded_one(remote: tuple[str, KnowledgeGraph],
                                                                bundled: KnowledgeGraph, options: dict) -> None:
    _server, kg = remote
    embedded = analyze(bundled, region="綦江区", **options)
    through = analyze(kg, region="綦江区", **options)
    assert through.sources == (kg.store.shown,)  # type: ignore[attr-defined]
    # the analysis finds the region's plans without a property path inside a larger pattern (plans +
    # places-in), so Virtuoso's unreliable paths (see UNRELIABLE) do not reach it
    assert _same_sources(through, embedded).to_json() == embedded.to_json()


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_gives_the_embedded_rows(name: str, remote: tuple[str, KnowledgeGraph],
                                                   bundled: KnowledgeGraph) -> None:
    server, kg = remote
    params = _params(name)
    expected = run_query(bundled, name, params)
    if name in CANNOT[server]:
        with pytest.raises(InputError, match="refused the query"):
            run_query(kg, name, params)
        return
    got = run_query(kg, name, params)
    assert got.variables == expected.variables
    if name == "region-plans":
        _expect(server, _canonical(got.rows) == _canonical(expected.rows))
    assert _canonical(got.rows) == _canonical(expected.rows)


def test_render_and_report_through_the_endpoint_are_the_embedded_ones(
        remote: tuple[str, KnowledgeGraph], bundled: KnowledgeGraph, tmp_path: Path) -> None:
    _server, kg = remote
    embedded = analyze(bundled, region="綦江区")
    through = _same_sources(analyze(kg, region="綦江区"), embedded)
    assert through.to_json() == embedded.to_json()
    assert to_html(through) == to_html(embedded)
    ours = write_report(through, tmp_path / "remote", formats=("md", "json"), generated_at=WHEN)
    theirs = write_report(embedded, tmp_path / "embedded", formats=("md", "json"), generated_at=WHEN)
    for fmt in ("md", "json"):
        assert ours[fmt].read_bytes() == theirs[fmt].read_bytes(), fmt


def test_the_cli_reads_the_endpoint(remote: tuple[str, KnowledgeGraph]) -> None:
    from .test_cli import _run

    _server, kg = remote
    url = kg.store.url  # type: ignore[attr-defined]
    done = _run("gaps", "-r", "綦江区", "-c", "aluminium", "-f", "json", "--store", url)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sources"] == [kg.store.shown]  # type: ignore[attr-defined]
    refused = _run("gaps", "-r", "綦江区", "--store", url, "--graph", "graph")
    assert refused.returncode == 2 and "cannot be used with" in refused.stderr


def test_virtuoso_union_default_graph_still_gives_the_analysis(request: pytest.FixtureRequest,
                                                                bundled: KnowledgeGraph) -> None:
    # without default-graph-uri Virtuoso answers from every graph it holds, its system graphs too: the
    # analysis only reads chaingraph terms, so it is the same; the triple count is not (docs/stores.md)
    kg = KnowledgeGraph.open(store=request.getfixturevalue("virtuoso"))
    embedded = analyze(bundled, region="綦江区")
    _expect("virtuoso", _same_sources(analyze(kg, region="綦江区"), embedded).to_json() == embedded.to_json())
    assert _same_sources(analyze(kg, region="綦江区"), embedded).to_json() == embedded.to_json()
    assert len(kg) > len(bundled)


def test_a_query_the_server_refuses_is_a_clear_input_error(remote: tuple[str, KnowledgeGraph]) -> None:
    _server, kg = remote
    with pytest.raises(InputError, match=r"refused the query: HTTP 400"):
        kg.select("SELECT ?x WHERE { ?x cg:nope }")
