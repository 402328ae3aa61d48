"""The W3C SPARQL 1.1 Protocol tests (``data-sparql11/protocol/manifest.ttl``) against ``chaingraph serve``.

Written from the manifest's descriptions (one test here per test there, named after it) and run against
the real server on both stores, as a client sends them. The suite assumes an endpoint that takes updates
and whose dataset holds four documents fetched from ``kasei.us``; this one is read-only and offline, with
one graph, its default graph ``urn:x-chaingraph:default`` (docs/sparql-endpoint.md). So:

=========================================  ==================================================================
W3C test                                   here
=========================================  ==================================================================
query_get, query_post_form,                as written (the manifest's ``x-www-url-form-urlencoded`` is a
query_post_direct                          known typo: the form type is sent as the protocol names it)
query_content_type_select, _ask,           as written, and with the Accept header asking for XML (the suite
_describe, _construct                      assumes an endpoint writes SPARQL XML and RDF/XML on request)
bad_query_method, bad_multiple_queries,    as written: 4xx
bad_query_wrong_media_type,
bad_query_missing_form_type,
bad_query_missing_direct_type,
bad_query_non_utf8, bad_query_syntax
query_dataset_default_graph,               adapted: the same requests, naming the endpoint's graph (and its
query_dataset_default_graphs_get, _post,   data) instead of the kasei.us documents, which an offline
query_multiple_dataset                     endpoint cannot fetch; the protocol's dataset still wins over FROM
query_dataset_named_graphs_get, _post,     do not apply: they expect named graphs that hold data, and this
query_dataset_full                         endpoint has none. Run to check the requests are answered (200,
                                           SPARQL results) and the GRAPH patterns match nothing, as documented
bad_update_get, bad_multiple_updates,      as written: 4xx (the endpoint refuses every update: 403, or 415
bad_update_wrong_media_type,               for a body of no query type)
bad_update_missing_form_type,
bad_update_non_utf8, bad_update_syntax,
bad_update_dataset_conflict
update_dataset_default_graph, _graphs,     do not apply: the endpoint is read-only. Each update is sent as
update_dataset_named_graphs, _full,        the test sends it and must get 403, and the triples stay as they
update_post_form, update_post_direct,      were; the query half of update_base_uri (a relative IRI resolves
update_base_uri                            against a base the service defines) runs on its own
=========================================  ==================================================================
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from urllib.parse import quote

import pytest

httpx = pytest.importorskip("httpx")

from .test_server import Server, running  # noqa: E402

DEFAULT_GRAPH = "urn:x-chaingraph:default"
KASEI = "http://kasei.us/2009/09/sparql/data/"
SPARQL_RESULTS = ("application/sparql-results+xml", "application/sparql-results+json")
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    with running(request.param, "--workers", "2", "--timeout", "10") as started:
        yield started


def _media(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip()


def _boolean(response: httpx.Response) -> bool:
    """The ASK answer of a 2xx response in SPARQL JSON or XML results."""
    assert 200 <= response.status_code < 400, response.text
    assert _media(response) in SPARQL_RESULTS, response.headers
    if _media(response).endswith("json"):
        return response.json()["boolean"]
    return ET.fromstring(response.content).findtext(f"{RESULTS_NS}boolean") == "true"


def _post(server: Server, body: str | bytes, content_type: str | None, params: str = "",
          **headers: str) -> httpx.Response:
    """A POST as the suite writes it: *params* already URL-encoded, the body as given."""
    if content_type:
        headers["Content-Type"] = content_type
    return httpx.post(server.url + params, content=body, headers=headers)


def _quoted(document: str) -> str:
    """The IRI of one of the suite's kasei.us documents, URL-encoded."""
    return quote(KASEI + document, safe="")


def _count(server: Server) -> int:
    response = httpx.get(server.url, params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# --- positive tests: queries ---------------------------------------------------------------


def test_query_get(server: Server) -> None:
    """Query via GET."""
    assert _boolean(httpx.get(server.url + "?query=ASK%20%7B%7D")) is True


def test_query_post_form(server: Server) -> None:
    """Query via URL-encoded POST."""
    assert _boolean(_post(server, "query=ASK%20%7B%7D", FORM)) is True


def test_query_post_direct(server: Server) -> None:
    """Query via POST directly."""
    assert _boolean(_post(server, "ASK {}", DIRECT)) is True


@pytest.mark.parametrize("accept", [None, "application/sparql-results+xml"])
def test_query_content_type_select(server: Server, accept: str | None) -> None:
    """A SELECT answers in SPARQL XML, JSON, CSV or TSV."""
    response = _post(server, "SELECT (1 AS ?value) {}", DIRECT, **({"Accept": accept} if accept else {}))
    assert response.status_code == 200
    assert _media(response) in (*SPARQL_RESULTS, "text/tab-separated-values", "text/csv")
    if accept:
        assert _media(response) == accept
        assert ET.fromstring(response.content).find(f".//{RESULTS_NS}literal").text == "1"  # type: ignore[union-attr]


@pytest.mark.parametrize("accept", [None, "application/sparql-results+xml"])
def test_query_content_type_ask(server: Server, accept: str | None) -> None:
    """An ASK answers in SPARQL XML or JSON."""
    response = _post(server, "ASK {}", DIRECT, **({"Accept": accept} if accept else {}))
    assert _boolean(response) is True
    assert _media(response) == (accept or "application/sparql-results+json")


@pytest.mark.parametrize("query", ["DESCRIBE <http://example.org/>", "CONSTRUCT { <s> <p> 1 } WHERE {}"],
                         ids=["query_content_type_describe", "query_content_type_construct"])
@pytest.mark.parametrize("accept", [None, "application/rdf+xml"])
def test_query_content_type_describe_and_construct(server: Server, query: str, accept: str | None) -> None:
    """A DESCRIBE or a CONSTRUCT answers in RDF/XML, RDF/JSON or Turtle."""
    response = _post(server, query, DIRECT, **({"Accept": accept} if accept else {}))
    assert response.status_code == 200, response.text
    assert _media(response) in ("application/rdf+xml", "application/rdf+json", "text/turtle")
    if accept:
        assert _media(response) == accept


# --- positive tests: the dataset (adapted: the endpoint's own graph) ---------------------------


def test_query_dataset_default_graph(server: Server) -> None:
    """A query with the default graph given by the protocol (direct POST, default-graph-uri in the URL)."""
    response = _post(server, "ASK { cgk:AL07 ?p ?o }", DIRECT, "?default-graph-uri=" + quote(DEFAULT_GRAPH, safe=""))
    assert _boolean(response) is True


def test_query_dataset_default_graphs_get(server: Server) -> None:
    """A GET query with two default-graph-uri parameters: the default graph is their merge."""
    query = quote("ASK { cgk:AL07 a ?type . cgk:CU01 a ?type . }", safe="")
    graph = quote(DEFAULT_GRAPH, safe="")
    response = httpx.get(f"{server.url}?query={query}&default-graph-uri={graph}&default-graph-uri={graph}")
    assert _boolean(response) is True


def test_query_dataset_default_graphs_post(server: Server) -> None:
    """A direct POST with two default-graph-uri parameters in the URL."""
    graph = quote(DEFAULT_GRAPH, safe="")
    response = _post(server, "ASK { cgk:AL07 ?p ?o . cgk:CU01 ?p ?o }", DIRECT,
                     f"?default-graph-uri={graph}&default-graph-uri={graph}")
    assert _boolean(response) is True  # both are links: they share a type


def test_query_multiple_dataset(server: Server) -> None:
    """A dataset in both the query (FROM) and the protocol: the protocol's is used."""
    query = f"ASK FROM <{KASEI}data1.rdf> {{ cgk:AL07 ?p ?o }}"
    response = _post(server, query, DIRECT, "?default-graph-uri=" + quote(DEFAULT_GRAPH, safe=""))
    assert _boolean(response) is True
    refused = _post(server, query, DIRECT)  # the query's own FROM names a graph the endpoint does not have
    assert refused.status_code == 400 and DEFAULT_GRAPH in refused.text


@pytest.mark.parametrize("method", ["get", "post"])
def test_query_dataset_named_graphs(server: Server, method: str) -> None:
    """Named graphs given by the protocol (does not apply: no named graphs here; answered, matching nothing)."""
    named = f"named-graph-uri={_quoted('data1.rdf')}&named-graph-uri={_quoted('data2.rdf')}"
    if method == "get":
        query = quote(f"ASK {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} "
                      f"GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}")
        response = httpx.get(f"{server.url}?query={query}&{named}")
    else:
        response = _post(server, "ASK { GRAPH ?g { ?s ?p ?o } }", DIRECT, "?" + named)
    assert _boolean(response) is False


def test_query_dataset_full(server: Server) -> None:
    """A dataset of default and named graphs given by the protocol (does not apply: no named graphs here)."""
    params = (f"?default-graph-uri={quote(DEFAULT_GRAPH, safe='')}&named-graph-uri={_quoted('data1.rdf')}"
              f"&named-graph-uri={_quoted('data2.rdf')}")
    response = _post(server, "SELECT ?g ?x ?s { ?x ?y ?o  GRAPH ?g { ?s ?p ?o } }", DIRECT, params)
    assert response.status_code == 200 and _media(response) in SPARQL_RESULTS
    assert response.json()["results"]["bindings"] == []


def test_update_base_uri_query_half(server: Server) -> None:
    """update_base_uri's query, without the update: a relative IRI resolves against a base the service defines."""
    response = _post(server, "SELECT ?o WHERE { BIND (<test> AS ?o) }", DIRECT,
                     Accept="application/sparql-results+xml")
    assert response.status_code == 200 and _media(response) == "application/sparql-results+xml"
    iris = [e.text for e in ET.fromstring(response.content).iter(f"{RESULTS_NS}uri")]
    assert iris == [server.base + "/test"]


# --- negative tests: queries -----------------------------------------------------------------


def test_bad_query_method(server: Server) -> None:
    """A query by a method other than GET or POST."""
    response = httpx.put(server.url + "?query=ASK%20%7B%7D")
    assert 400 <= response.status_code < 500


def test_bad_multiple_queries(server: Server) -> None:
    """More than one query string."""
    response = httpx.get(server.url + "?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    assert response.status_code == 400 and "more than one 'query'" in response.text


def test_bad_query_wrong_media_type(server: Server) -> None:
    """A POST whose media type is neither a form nor application/sparql-query."""
    assert _post(server, "ASK {}", "text/plain").status_code == 415


@pytest.mark.parametrize("body", ["query=ASK%20%7B%7D", "ASK {}"],
                         ids=["bad_query_missing_form_type", "bad_query_missing_direct_type"])
def test_bad_query_missing_type(server: Server, body: str) -> None:
    """A POST body with no media type at all."""
    response = _post(server, body, None)
    assert response.status_code == 415 and DIRECT in response.text


def test_bad_query_non_utf8(server: Server) -> None:
    """A direct POST in UTF-16."""
    response = _post(server, "ASK {}".encode("utf-16"), "application/sparql-query; charset=UTF-16")
    assert response.status_code == 400 and "not UTF-8" in response.text


def test_bad_query_syntax(server: Server) -> None:
    """A query that does not parse."""
    response = httpx.get(server.url + "?query=ASK%20%7B")
    assert response.status_code == 400 and "SPARQL syntax error" in response.text


# --- updates: refused, and nothing changes ------------------------------------------------------

_CLEAR_AND_INSERT = f"""PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CLEAR ALL ;
INSERT DATA {{ GRAPH <{KASEI}data1.rdf> {{ <{KASEI}data1.rdf> a foaf:Document }} }}"""

UPDATE = "application/sparql-update"
#: (W3C test, URL parameters, media type, body, the answer here) of every update the suite sends (GET if no body):
#: 403 for an update, 415 for a body of no query media type, 400 for two update parameters
UPDATES = [
    ("bad_update_get", "?update=CLEAR%20ALL", None, None, 403),
    ("bad_multiple_updates", "", FORM, "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", 400),
    ("bad_update_wrong_media_type", "", "text/plain", "CLEAR NAMED", 415),
    ("bad_update_missing_form_type", "", None, "update=CLEAR%20NAMED", 415),
    ("bad_update_non_utf8", "", UPDATE + "; charset=UTF-16", "CLEAR NAMED".encode("utf-16"), 403),
    ("bad_update_syntax", "", FORM, "update=CLEAR%20XYZ", 403),
    ("bad_update_dataset_conflict", "?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople", FORM,
     "update=" + quote("WITH <http://example/addresses> DELETE { ?p ?q 'Bill' } INSERT { ?p ?q 'William' } "
                       "WHERE { ?p ?q 'Bill' }"), 403),
    ("update_dataset_default_graph", "?using-graph-uri=" + _quoted("data1.rdf"), UPDATE,
     _CLEAR_AND_INSERT, 403),
    ("update_dataset_default_graphs", "?using-graph-uri=" + _quoted("data2.rdf"), UPDATE,
     _CLEAR_AND_INSERT, 403),
    ("update_dataset_named_graphs", "?using-named-graph-uri=" + _quoted("data1.rdf"), UPDATE,
     _CLEAR_AND_INSERT, 403),
    ("update_dataset_full", "?using-graph-uri=" + _quoted("data1.rdf"), UPDATE, _CLEAR_AND_INSERT, 403),
    ("update_post_form", "", FORM, "update=CLEAR%20ALL", 403),
    ("update_post_direct", "", UPDATE, "CLEAR ALL", 403),
    ("update_base_uri", "", UPDATE, "CLEAR GRAPH <http://example.org/protocol-base-test/> ; INSERT DATA { GRAPH "
     "<http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> <test> } }", 403),
]


@pytest.mark.parametrize(("name", "params", "content_type", "body", "status"), UPDATES, ids=[u[0] for u in UPDATES])
def test_updates_are_refused_and_change_nothing(server: Server, name: str, params: str, content_type: str | None,
                                                body: str | bytes | None, status: int) -> None:
    before = _count(server)
    response = httpx.get(server.url + params) if body is None else _post(server, body, content_type, params)
    assert response.status_code == status, response.text
    reason = {403: "read-only", 415: "application/sparql-query", 400: "more than one 'update'"}[status]
    assert reason in response.text
    assert _count(server) == before
