"""The SPARQL 1.1 Protocol as this endpoint speaks it, apart from HTTP and from the engines.

What a request asks a worker (:class:`Job`) and what it answers (:class:`Reply`); the result formats
and their media types, chosen by content negotiation (:func:`negotiate`); the queries refused before
any engine sees them (:func:`refusal`: the endpoint is read-only, and ``SERVICE`` would let any client
make the server fetch URLs on the intranet); syntax errors in one shape (:func:`syntax_message`); and
the service description.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from chaingraph.server.dataset import DEFAULT_GRAPH
from chaingraph.server.lexer import code_words

__all__ = ["GRAPH_MEDIA_TYPES", "MAX_ROWS_HEADER", "RESULT_MEDIA_TYPES", "Job", "Reply", "graph_format", "negotiate",
           "not_acceptable", "refusal", "result_format", "service_description", "syntax_message", "wants_page"]

#: the header of a result cut at the row limit (the one Virtuoso uses)
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"

#: short name → media type of SELECT/ASK results (``html``: shown on the query page)
RESULT_MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
#: short name → media type of CONSTRUCT/DESCRIBE results
GRAPH_MEDIA_TYPES = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "html": "text/html; charset=utf-8",
}
_RESULT_MEDIA = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/html": "html",
}
_GRAPH_MEDIA = {
    "text/turtle": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
    "text/n3": "turtle", "text/rdf+n3": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml", "text/html": "html",
}
# names accepted in ?format= / ?output= (what SPARQLWrapper and most endpoints send)
_RESULT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "html": "html"}
_GRAPH_NAMES = {"turtle": "turtle", "ttl": "turtle", "n3": "turtle", "nt": "ntriples", "ntriples": "ntriples",
                "n-triples": "ntriples", "xml": "rdfxml", "rdfxml": "rdfxml", "rdf+xml": "rdfxml", "html": "html"}

_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD", "WITH")


# --- what a request asks a worker, and what it answers -----------------------------------------


@dataclass(frozen=True)
class Job:
    """What a request asks a worker: a query, the formats to answer it in, and its dataset and base IRI."""

    query: str
    results: str | None  # negotiated format of SELECT/ASK results, None if the client accepts none
    graph: str | None  # negotiated format of CONSTRUCT/DESCRIBE results
    max_rows: int
    #: whether the query's default graph is the endpoint's (else an empty graph: chaingraph.server.dataset)
    default_graph: bool = True
    #: the IRI relative IRIs in the query resolve against (the endpoint's URL), unless it declares a BASE
    base: str | None = None


@dataclass(frozen=True)
class Reply:
    """What a worker answers: an HTTP status, a media type, a body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, status: int, message: str, **headers: str) -> Reply:
        """A plain-text message (an error), ending with one newline."""
        return cls(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"), headers)


def not_acceptable(kind: str, names: Iterable[str]) -> Reply:
    """406: the client accepts none of the formats (*names*) that *kind* results can be written in."""
    return Reply.text(406, f"cannot return {kind} results in the requested format; supported: " + ", ".join(names))


_LINE_COL = (re.compile(r"^error at (\d+):(\d+): (.*)$", re.S),  # Oxigraph
             re.compile(r"^(.*?)\s*\(at char \d+\), \(line:(\d+), col:(\d+)\)$", re.S))  # rdflib (pyparsing)


def syntax_message(error: str) -> str:
    """A parser's message in one shape, with line and column when the parser gives them.

    >>> syntax_message("error at 3:2: expected OPTIONAL")
    'SPARQL syntax error at line 3, column 2: expected OPTIONAL'
    >>> syntax_message("Expected SelectQuery, found '?'  (at char 18), (line:2, col:2)")
    "SPARQL syntax error at line 2, column 2: Expected SelectQuery, found '?'"
    """
    if match := _LINE_COL[0].match(error):
        return f"SPARQL syntax error at line {match[1]}, column {match[2]}: {match[3]}"
    if match := _LINE_COL[1].match(error):
        return f"SPARQL syntax error at line {match[2]}, column {match[3]}: {match[1]}"
    return f"SPARQL syntax error: {error}"


# --- content negotiation -------------------------------------------------------------------


def _accepted(header: str) -> list[str]:
    """Media ranges of an Accept header, most wanted first (ties keep their order).

    >>> _accepted("text/html,application/xml;q=0.9,*/*;q=0.8, text/csv;q=0")
    ['text/html', 'application/xml', '*/*']
    """
    ranges = []
    for index, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                with contextlib.suppress(ValueError):
                    q = float(value)
        if media and q > 0:
            ranges.append((-q, index, media.lower()))
    return [media for _, _, media in sorted(ranges)]


def negotiate(accept: str | None, formats: Sequence[str], media: dict[str, str], names: dict[str, str],
              default: str) -> str | None:
    """The format to answer in: the first of *formats* (``format=``/``output=`` values) that names one,
    else by the Accept header, else *default*; None when the client accepts none.

    An explicit ``format=`` wins over the Accept header: a browser sends ``Accept: text/html`` with every
    link it follows, and ``…?format=json`` must still give JSON. So when *formats* is not empty the
    Accept header is not read, and a format that names no format of this kind gives None (406).

    >>> negotiate("text/csv", [], _RESULT_MEDIA, _RESULT_NAMES, "json")
    'csv'
    >>> negotiate(None, ["xml"], _GRAPH_MEDIA, _GRAPH_NAMES, "turtle")
    'rdfxml'
    >>> negotiate("text/html,*/*;q=0.8", ["json"], _RESULT_MEDIA, _RESULT_NAMES, "json")
    'json'
    >>> negotiate("text/html", ["json"], _GRAPH_MEDIA, _GRAPH_NAMES, "turtle") is None
    True
    >>> negotiate("image/png", [], _RESULT_MEDIA, _RESULT_NAMES, "json") is None
    True
    """
    if formats:
        return _named(formats, media, names)
    if not accept or not accept.strip():
        return default
    for wanted in _accepted(accept):
        if wanted in media:
            return media[wanted]
        major, _, minor = wanted.partition("/")
        if minor == "*" and (major == "*" or _media_major(default, media) == major):
            return default
    return None


def _named(formats: Sequence[str], media: dict[str, str], names: dict[str, str]) -> str | None:
    """The first of *formats* that names a format of *names* (``json``) or a media type of *media*."""
    for fmt in formats:
        key = fmt.strip().lower()
        if key in names:
            return names[key]
        if key.split(";")[0].strip() in media:
            return media[key.split(";")[0].strip()]
    return None


def _media_major(name: str, media: dict[str, str]) -> str:
    return next((m.split("/")[0] for m, n in media.items() if n == name), "")


def result_format(accept: str | None, formats: Sequence[str]) -> str | None:
    """The format of SELECT/ASK results a request asks for (JSON by default), None if none is possible."""
    return negotiate(accept, formats, _RESULT_MEDIA, _RESULT_NAMES, "json")


def graph_format(accept: str | None, formats: Sequence[str]) -> str | None:
    """The format of CONSTRUCT/DESCRIBE results a request asks for (Turtle by default), None if none is possible."""
    return negotiate(accept, formats, _GRAPH_MEDIA, _GRAPH_NAMES, "turtle")


def wants_page(accept: str | None, formats: Sequence[str]) -> bool:
    """Whether a request without a query asks for the query page (HTML) rather than the service description."""
    return negotiate(accept, formats, {"text/html": "html", "text/turtle": "turtle"}, {"html": "html"},
                     "turtle") == "html"


# --- queries refused before any engine sees them -------------------------------------------


_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def refusal(query: str) -> str | None:
    """Why the endpoint refuses *query* (an update, or federation), or None.

    Checked on the text as sent and with ``\\u`` escapes resolved, as some engines resolve them first.

    >>> refusal('PREFIX d: <http://x/> INSERT DATA { d:a d:b "DELETE" }')
    'SPARQL Update (INSERT) is not allowed: this endpoint is read-only'
    >>> refusal('SELECT ?insert WHERE { ?insert <http://x/drop> "INSERT" } # DROP ALL')
    >>> refusal(r'SELECT * WHERE { SERV\\u0049CE <http://x/> { ?s ?p ?o } }')
    'SERVICE (federated query) is disabled on this endpoint'
    """
    unescaped = _UNICODE_ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), query)
    for text in {query, unescaped}:
        words = code_words(text)
        for word in words:
            if word in _UPDATE_WORDS:
                return f"SPARQL Update ({word}) is not allowed: this endpoint is read-only"
        if "SERVICE" in words:
            return "SERVICE (federated query) is disabled on this endpoint"
    return None


_SD = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
@prefix void: <http://rdfs.org/ns/void#> .

[] a sd:Service ;
    sd:endpoint <> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,
        formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:RDF_XML ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph <{default}> ] .

# the one graph: default-graph-uri and FROM may name it; there are no named graphs
<{default}> a sd:Graph ; void:triples {triples} .
"""


def service_description(triples: int) -> str:
    """The SPARQL service description (Turtle) of an endpoint over *triples* triples."""
    return _SD.replace("{triples}", str(triples)).replace("{default}", DEFAULT_GRAPH)
