"""The RDF dataset a query runs on, decided by the endpoint before any engine sees the query.

The endpoint serves one graph: every triple it holds is in the **default graph**, whose IRI is
:data:`DEFAULT_GRAPH` (``urn:x-chaingraph:default``); it has **no named graphs**. So:

* ``default-graph-uri`` (the protocol) and ``FROM`` (the query) may name the default graph and nothing
  else: any other graph would be empty here, and a query on it would quietly return nothing, so it is
  refused (400) with a message that names the graph to use;
* ``named-graph-uri`` and ``FROM NAMED`` name graphs that hold nothing here: ``GRAPH`` patterns match
  nothing, as they do without them. As SPARQL says, a dataset given with named graphs only has an empty
  default graph (SPARQL 1.1 Query §13.2);
* the protocol's dataset replaces the query's (SPARQL 1.1 Protocol §2.1.4);
* nothing is ever fetched: the engines get the dataset from here, never from the query text (rdflib
  would otherwise load ``FROM`` IRIs from the web or the disk).

Relative IRIs in a query resolve against the endpoint's URL, as the request named it (the base the
SPARQL 1.1 Protocol suggests), unless the query declares a ``BASE`` — the same on every engine.

>>> default_graph_holds_data("SELECT * FROM <urn:x-chaingraph:default> WHERE { ?s ?p ?o }", None)
True
>>> default_graph_holds_data("SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }", None)
False
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from chaingraph.server.lexer import tokens
from chaingraph.vocab.namespaces import PREFIXES

__all__ = ["DEFAULT_GRAPH", "DatasetRefused", "QueryDataset", "default_graph_holds_data", "query_dataset"]

#: the IRI of the endpoint's default graph, which holds all its triples (docs/sparql-endpoint.md)
DEFAULT_GRAPH = "urn:x-chaingraph:default"


class DatasetRefused(ValueError):
    """A request names a default graph the endpoint does not have; the message says which to name instead."""


@dataclass(frozen=True)
class QueryDataset:
    """The graphs a query's ``FROM`` and ``FROM NAMED`` clauses name, as absolute IRIs where a base allows."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


def _unescape(local: str) -> str:
    """The local part of a prefixed name without its ``\\`` escapes (``a\\-b`` → ``a-b``)."""
    out, i = [], 0
    while i < len(local):
        if local[i] == "\\" and i + 1 < len(local):
            i += 1
        out.append(local[i])
        i += 1
    return "".join(out)


def query_dataset(query: str, base: str | None) -> QueryDataset:
    """The graphs named by the ``FROM`` / ``FROM NAMED`` clauses of *query*, relative IRIs resolved against its
    ``BASE`` or else *base*; prefixed names with its ``PREFIX`` declarations or the chaingraph prefixes.

    >>> query_dataset("BASE <http://x/a/> PREFIX g: <http://g/> ASK FROM <b> FROM NAMED g:c FROM NAMED <d> {}", None)
    QueryDataset(default=('http://x/a/b',), named=('http://g/c', 'http://x/a/d'))
    """
    prefixes = dict(PREFIXES)
    default: list[str] = []
    named: list[str] = []
    words = list(tokens(query))
    for index, (kind, text) in enumerate(words):
        if kind != "word":
            continue
        following = words[index + 1: index + 4]
        if text == "BASE" and following[:1] and following[0][0] == "iri":
            base = _resolve(following[0][1], base)
        elif text == "PREFIX" and [k for k, _ in following[:2]] == ["pname", "iri"]:
            prefixes[following[0][1].rstrip(":")] = _resolve(following[1][1], base)
        elif text == "FROM":
            into, rest = (named, following[1:]) if following[:1] == [("word", "NAMED")] else (default, following)
            if rest and rest[0][0] == "iri":
                into.append(_resolve(rest[0][1], base))
            elif rest and rest[0][0] == "pname":
                prefix, _, local = rest[0][1].partition(":")
                into.append(prefixes.get(prefix, prefix + ":") + _unescape(local))
    return QueryDataset(tuple(default), tuple(named))


def _resolve(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base else iri


def default_graph_holds_data(query: str, base: str | None, default_graph_uri: Sequence[str] = (),
                             named_graph_uri: Sequence[str] = ()) -> bool:
    """Whether the default graph *query* runs on is the endpoint's (True) or an empty one (False: named graphs
    only were given); :class:`DatasetRefused` when a default graph other than :data:`DEFAULT_GRAPH` is named.

    *default_graph_uri* and *named_graph_uri* are the protocol's parameters; when either is given, the
    ``FROM`` clauses of *query* are not read.
    """
    if default_graph_uri or named_graph_uri:
        default, where = tuple(default_graph_uri), "default-graph-uri"
    else:
        dataset = query_dataset(query, base)
        if not dataset.default and not dataset.named:
            return True
        default, where = dataset.default, "FROM"
    for graph in default:
        if graph != DEFAULT_GRAPH:
            raise DatasetRefused(
                f"{where} <{graph}>: this endpoint has no such graph. All its triples are in its default graph, "
                f"<{DEFAULT_GRAPH}>: name that one, or leave {where} out (the same graph); it has no named graphs")
    return bool(default)
