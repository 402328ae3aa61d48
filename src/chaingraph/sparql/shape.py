"""What a query is, read with a SPARQL parser before any store runs it: its form (``SELECT``, ``ASK``,
``CONSTRUCT``, ``DESCRIBE``) and the endpoints its ``SERVICE`` clauses would send parts of it to.

A word in a comment, a string or an IRI is not a keyword: ``SELECT ?s WHERE { ?s ?p "SERVICE" } # SERVICE``
calls no endpoint, and ``<http://example.org/construct>`` does not make a query a CONSTRUCT. The parser is
rdflib's (it also reads ``\\u`` escapes, as every engine does). A query it cannot read, but Oxigraph can,
is looked at word by word outside strings, comments and IRIs instead, erring on the side of finding a
``SERVICE``.

>>> query_shape('SELECT * WHERE { ?s ?p "SERVICE" } # SERVICE <http://example.org/sparql>')
QueryShape(form='SELECT', services=())
>>> query_shape("PREFIX ex: <http://example.org/construct/> "
...             "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ex:p ?o } }")
QueryShape(form='SELECT', services=('<http://example.org/sparql>',))
>>> query_shape("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1").form
'CONSTRUCT'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["FORMS", "QueryShape", "query_shape"]

#: the query forms, as rdflib's parser names them
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


@dataclass(frozen=True)
class QueryShape:
    """A query's form, and the endpoints its ``SERVICE`` clauses name (as written: ``<IRI>``, ``ex:name``,
    ``?variable``; ``SERVICE`` for one found without the parser)."""

    form: str
    services: tuple[str, ...] = ()


def query_shape(text: str) -> QueryShape:
    """The :class:`QueryShape` of the SPARQL query *text* (its syntax is checked elsewhere, with its place)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery  # 50 ms to import: only when a query is looked at

    try:
        parsed = parseQuery(text)
    except (ParseException, ValueError, TypeError, RecursionError):
        return _by_words(text)
    services: list[str] = []
    _services(parsed, services)
    return QueryShape(FORMS.get(parsed[1].name, "SELECT"), tuple(services))


def _services(node: Any, found: list[str]) -> None:
    """Collect the endpoint of every ``SERVICE`` pattern in rdflib's parse tree (subqueries, ``EXISTS`` …)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            found.append(_term(node.get("term")))
        for value in node.values():
            _services(value, found)
    elif isinstance(node, list | tuple | ParseResults):
        for value in node:
            _services(value, found)


def _term(term: Any) -> str:
    from rdflib import URIRef, Variable

    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Variable):
        return f"?{term}"
    if hasattr(term, "get") and term.get("prefix") is not None:  # a prefixed name, unresolved
        return f"{term.get('prefix')}:{term.get('localname') or ''}"
    return str(term)


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_NOT_CODE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|#[^\n]*|'
                       r"<[^<>\"{}|^`\\\x00-\x20]*>")
_KEYWORD = re.compile(r"(?<![\w?$:.-])(SELECT|ASK|CONSTRUCT|DESCRIBE|SERVICE)(?![\w:-])", re.I)


def _by_words(text: str) -> QueryShape:
    """The shape of a query rdflib's parser cannot read: keywords outside strings, comments and IRIs."""
    code = _NOT_CODE.sub(" ", _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), text))
    words = [w.upper() for w in _KEYWORD.findall(code)]
    form = next((w for w in words if w != "SERVICE"), "SELECT")
    return QueryShape(form, ("SERVICE",) * words.count("SERVICE"))
