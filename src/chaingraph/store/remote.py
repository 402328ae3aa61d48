"""A SPARQL 1.1 query endpoint as a chaingraph store (``store="http://…/sparql"``), read-only.

Queries go out with the SPARQL 1.1 Protocol (HTTP POST, ``application/x-www-form-urlencoded``, the
query in the body; any parameters in the URL such as ``default-graph-uri`` are kept), parameters bound
with a ``VALUES`` block (:mod:`chaingraph.store.values`) and the chaingraph prefixes declared. Answers
are read as SPARQL JSON results (SELECT, ASK) or N-Triples/Turtle (CONSTRUCT) and turned into rdflib
terms. Only the standard library talks HTTP (``urllib.request``, so ``http_proxy``/``no_proxy`` apply), each
request within a total deadline (:mod:`chaingraph.store.transport`).

Every way a server can fail — unreachable, refusing the query (HTTP 4xx/5xx, its message quoted),
slow past the timeouts, answering something that is not a SPARQL result, cutting a result short —
raises :class:`~chaingraph.errors.InputError` with a clear message; nothing waits forever.

**Normalisation.** Servers differ in how they *write* some terms, never in what they mean; these
differences are removed so that every store gives the same terms (``docs/stores.md``):

* ``"typed-literal"`` bindings (old SPARQL JSON, Virtuoso) are literals with a datatype;
* ``xsd:string`` literals are simple literals (the same term in RDF 1.1; rdflib keeps them apart);
* integers are ``xsd:integer`` in canonical form (``"007"`` → ``"7"``, as Oxigraph writes them): the
  subtypes ``xsd:int``, ``xsd:long``, ``xsd:short`` … are read as ``xsd:integer``, because Virtuoso
  types the results of ``COUNT``/``SUM`` and arithmetic on integers as ``xsd:int`` where SPARQL says
  ``xsd:integer`` (chaingraph's data and shapes use ``xsd:integer`` only);
* booleans are ``"true"``/``"false"`` (Virtuoso may write ``"1"``/``"0"``);
* blank nodes lose Virtuoso's ``nodeID://`` prefix (labels are local to one result anyway).

>>> store = RemoteStore("http://127.0.0.1:9/sparql", timeout=0.5)
>>> store.add([])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
chaingraph.errors.InputError: the SPARQL endpoint http://127.0.0.1:9/sparql is read-only for chaingraph (...)
"""

from __future__ import annotations

import http.client
import json
import os
import re
import urllib.error
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from chaingraph.errors import InputError
from chaingraph.store.loading import SourceMap
from chaingraph.store.protocol import Rows, full_query_text
from chaingraph.store.transport import post
from chaingraph.vocab.namespaces import bind_prefixes

__all__ = ["DEFAULT_CONNECT_TIMEOUT", "DEFAULT_TIMEOUT", "MAX_ROWS_HEADER", "RemoteStore", "public_url"]

#: seconds to open the connection; seconds the whole exchange may take (connecting, sending, the whole answer)
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_TIMEOUT = 120.0
#: the header in which Virtuoso (and chaingraph serve) say they cut a result short
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"

_RESULTS_JSON = "application/sparql-results+json"
_GRAPH_TYPES = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
                "application/x-turtle": "turtle", "text/rdf+n3": "turtle", "text/n3": "turtle",
                "application/rdf+xml": "xml", "application/ld+json": "json-ld"}
_INTEGER_TYPES = {str(XSD[name]) for name in (
    "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_XSD_STRING = str(XSD.string)
_XSD_BOOLEAN = str(XSD.boolean)
_XSD_INTEGER = str(XSD.integer)


def _env_seconds(name: str, default: float) -> float:
    value = os.environ.get(name)
    try:
        return float(value) if value else default
    except ValueError:
        raise InputError.single(f"{name}={value!r} is not a number of seconds") from None


def public_url(url: str) -> str:
    """*url* without a user name or password, to show and to record as a source.

    >>> public_url("https://ann:secret@sparql.example.org/sparql?default-graph-uri=urn:g")
    'https://sparql.example.org/sparql?default-graph-uri=urn:g'
    """
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


@dataclass
class RemoteStore:
    """A SPARQL 1.1 query endpoint, queried over HTTP; read-only.

    *timeout* bounds the whole exchange of each query — connecting, sending, the headers and the whole
    answer, however slowly it comes (:mod:`chaingraph.store.transport`); *connect_timeout* the opening of
    the connection. The CLI takes them from ``CHAINGRAPH_SPARQL_TIMEOUT`` and
    ``CHAINGRAPH_SPARQL_CONNECT_TIMEOUT`` (seconds).
    """

    url: str
    timeout: float = field(default_factory=lambda: _env_seconds("CHAINGRAPH_SPARQL_TIMEOUT", DEFAULT_TIMEOUT))
    connect_timeout: float = field(
        default_factory=lambda: _env_seconds("CHAINGRAPH_SPARQL_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT))
    name: str = "remote"
    small_queries_are_cheap: bool = field(default=True, init=False, repr=False)  # a round trip: milliseconds
    read_threads: int = field(default=0, init=False, repr=False)  # one request at a time to a server

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError.single(f"not an http(s) URL: {self.url}", hint="e.g. http://localhost:7878/query")

    @property
    def shown(self) -> str:
        return public_url(self.url)

    # --- the Store protocol -------------------------------------------------------------------

    def load(self, paths: Sequence[Path], source_map: SourceMap | None = None) -> None:
        raise self._read_only()

    def add(self, triples: Iterable[Any]) -> None:
        raise self._read_only()

    def select(self, query: str, bindings: Mapping[str, Node]) -> Rows:
        data = self._json(query, bindings)
        try:
            names = [str(v) for v in data["head"].get("vars", [])]
            rows = [{name: _term(value) for name, value in binding.items() if name in names}
                    for binding in data["results"]["bindings"]]
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            raise self._bad_answer(f"not SPARQL JSON results ({type(error).__name__}: {error})") from None
        return Rows(names, rows)

    def ask(self, query: str, bindings: Mapping[str, Node]) -> bool:
        data = self._json(query, bindings)
        value = data.get("boolean") if isinstance(data, dict) else None
        if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):  # lenient servers
            return value.lower() in ("true", "1")
        if not isinstance(value, bool):
            raise self._bad_answer("an ASK answer without a boolean")
        return value

    def construct(self, query: str, bindings: Mapping[str, Node]) -> Graph:
        body, media = self._post(query, bindings, "application/n-triples, text/turtle;q=0.9, text/plain;q=0.5")
        fmt = _GRAPH_TYPES.get(media)
        if fmt is None:
            raise self._bad_answer(f"a CONSTRUCT answer of type '{media or 'none'}', not N-Triples or Turtle")
        out = Graph()
        bind_prefixes(out)
        try:
            parsed = Graph().parse(data=body.decode("utf-8"), format=fmt)
        except Exception as error:  # rdflib raises many unrelated types for syntax errors
            raise self._bad_answer(f"unreadable {fmt} ({' '.join(str(error).split())[:200]})") from None
        for s, p, o in parsed:
            out.add((_node(s), p, _node(o)))
        return out

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {})
        return int(str(rows[0]["n"])) if rows else 0

    # --- HTTP ----------------------------------------------------------------------------------

    def _read_only(self) -> InputError:
        return InputError.single(
            f"the SPARQL endpoint {self.shown} is read-only for chaingraph",
            hint="load the data with the server's own loader: chaingraph dump --out FILE.nt writes everything "
                 "in one file")

    def _bad_answer(self, what: str) -> InputError:
        return InputError.single(f"the SPARQL endpoint {self.shown} answered {what}",
                                 hint="is the URL that of a SPARQL 1.1 query endpoint?")

    def _json(self, query: str, bindings: Mapping[str, Node]) -> Any:
        body, media = self._post(query, bindings, f"{_RESULTS_JSON}, application/json;q=0.9")
        if media not in (_RESULTS_JSON, "application/json"):
            raise self._bad_answer(f"'{media or 'no content type'}', not SPARQL JSON results"
                                   + (f": {_excerpt(body)}" if body else ""))
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            failure = re.search(r"Virtuoso \S+ Error [^\n\"]*", body.decode("utf-8", "replace"))
            if failure:  # Virtuoso reports an error met while streaming the result inside the JSON
                raise InputError.single(f"the SPARQL endpoint {self.shown} failed while answering: "
                                        f"{failure.group(0).strip()}") from None
            raise self._bad_answer(f"malformed JSON ({error})") from None

    def _post(self, query: str, bindings: Mapping[str, Node], accept: str) -> tuple[bytes, str]:
        """POST the query; the answer's body and media type, all of it within :attr:`timeout` seconds."""
        data = urllib.parse.urlencode({"query": full_query_text(query, bindings)}).encode("utf-8")
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                   "User-Agent": "chaingraph"}
        try:
            answer = post(self.url, data, headers, timeout=self.timeout, connect_timeout=self.connect_timeout)
        except TimeoutError:
            raise InputError.single(
                f"the SPARQL endpoint {self.shown} did not answer within {self.timeout:g} s (the limit for a "
                "whole answer)", hint="a slow query, an overloaded server or a stalled connection; "
                "CHAINGRAPH_SPARQL_TIMEOUT sets the limit in seconds") from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError):
                why = f"no connection within {min(self.connect_timeout, self.timeout):g} s"
            else:
                why = str(getattr(reason, "strerror", None) or reason)
            raise InputError.single(f"cannot reach the SPARQL endpoint {self.shown}: {why}",
                                    hint="is the server running, and is the URL right?") from None
        except (http.client.HTTPException, OSError) as error:
            raise InputError.single(f"the SPARQL endpoint {self.shown} broke off: {type(error).__name__} {error}",
                                    hint="is the URL that of a SPARQL 1.1 query endpoint?") from None
        if answer.status >= 400:
            detail = _excerpt(answer.body)
            raise InputError.single(
                f"the SPARQL endpoint {self.shown} refused the query: HTTP {answer.status} {answer.reason}"
                + (f": {detail}" if detail else ""),
                hint=None if answer.status < 500 else "the server failed; its log may say more")
        if answer.headers.get(MAX_ROWS_HEADER):
            raise InputError.single(
                f"the SPARQL endpoint {self.shown} cut the result at {answer.headers[MAX_ROWS_HEADER]} rows",
                hint="raise the server's result limit (Virtuoso: ResultSetMaxRows in [SPARQL])")
        return answer.body, answer.media


def _excerpt(body: bytes, limit: int = 300) -> str:
    """The first words of a server's message, as one line (HTML tags dropped)."""
    text = body.decode("utf-8", "replace")
    text = re.sub(r"<[^>]*>", " ", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _term(value: Mapping[str, str]) -> Node:
    """An rdflib term from one SPARQL JSON binding, normalised (see the module doc)."""
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text.removeprefix("nodeID://"))
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {kind!r}")
    lang = value.get("xml:lang")
    if lang:
        return Literal(text, lang=lang)
    return _literal(text, value.get("datatype"))


def _literal(text: str, datatype: str | None) -> Literal:
    if datatype is None or datatype == _XSD_STRING:
        return Literal(text)
    if datatype == _XSD_BOOLEAN:
        return Literal("true" if text.strip() in ("true", "1") else "false", datatype=XSD.boolean)
    if datatype == _XSD_INTEGER or datatype in _INTEGER_TYPES:
        try:
            return Literal(str(int(text.strip())), datatype=XSD.integer)
        except ValueError:
            return Literal(text, datatype=URIRef(datatype))
    return Literal(text, datatype=URIRef(datatype))


def _node(term: Node) -> Node:
    if isinstance(term, Literal) and term.language is None:
        return _literal(str(term), None if term.datatype is None else str(term.datatype))
    if isinstance(term, BNode):
        return BNode(str(term).removeprefix("nodeID://"))
    return term
