"""Bind query parameters portably: a ``VALUES`` block at the start of the query's WHERE group.

Every SPARQL 1.1 engine understands it (rdflib, Oxigraph, Virtuoso, any remote endpoint), and the
values are RDF terms serialised by pyoxigraph — IRIs validated, literals escaped — never user text
pasted into the query. Placed first in the WHERE group, the block binds the variables for the whole
pattern, as pre-binding does (unlike a trailing ``VALUES``, which SPARQL joins after aggregation).

>>> from rdflib import Literal
>>> with_values('SELECT ?x WHERE { ?x ?p ?o }', {"o": Literal('a" } ; DROP ALL ; {')})
'SELECT ?x WHERE { VALUES (?o) { ("a\\\\" } ; DROP ALL ; {") } ?x ?p ?o }'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from rdflib.term import Node

from chaingraph.vocab.oxi import to_oxigraph

__all__ = ["where_brace", "with_value_rows", "with_values"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = text.find(quote * 3, i + 3)
        return len(text) if end < 0 else end + 3
    i += 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1


@lru_cache(maxsize=512)  # a pure function of the text, a character loop in Python: the analysis reuses ~30 queries
def where_brace(query: str) -> int:
    """Index just after the ``{`` that opens the query's WHERE group (skipping a CONSTRUCT template,
    IRIs, strings and comments). Raises ``ValueError`` when there is none."""
    i, depth, skip_template = 0, 0, None
    upper = query.upper()
    while i < len(query):
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            i = len(query) if end < 0 else end
            continue
        if c in "\"'":
            i = _skip_string(query, i)
            continue
        if c == "<":
            match = re.match(r"<[^<>\"{}|^`\\\s]*>", query[i:])
            if match:
                i += match.end()
                continue
        if depth == 0 and skip_template is None and re.match(r"CONSTRUCT\s*\{", upper[i:]):
            skip_template = True
        if c == "{":
            if depth == 0 and not skip_template:
                return i + 1
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and skip_template:
                skip_template = False
        i += 1
    raise ValueError("the query has no WHERE group to bind parameters in")


def with_values(query: str, bindings: Mapping[str, Node]) -> str:
    """*query* with *bindings* as a ``VALUES`` block opening its WHERE group."""
    if not bindings:
        return query
    names = sorted(bindings)
    for name in names:
        if not _NAME.match(name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
    block = (" VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(str(to_oxigraph(bindings[n])) for n in names) + ") }")
    at = where_brace(query)
    return query[:at] + block + query[at:]


def with_value_rows(query: str, name: str, terms: Sequence[Node]) -> str:
    """*query* with ``?name`` bound to each of *terms* in turn: one ``VALUES`` block of one row per term,
    opening its WHERE group (the rows of all of them in one query, where a parameter binds one term).

    >>> from rdflib import URIRef
    >>> with_value_rows("SELECT ?s WHERE { ?s ?p ?o }", "s", [URIRef("urn:a"), URIRef("urn:b")])
    'SELECT ?s WHERE { VALUES ?s { <urn:a> <urn:b> } ?s ?p ?o }'
    """
    if not _NAME.match(name):
        raise ValueError(f"not a SPARQL variable name: {name!r}")
    block = f" VALUES ?{name} {{ " + " ".join(str(to_oxigraph(term)) for term in terms) + " }"
    at = where_brace(query)
    return query[:at] + block + query[at:]
