"""Run a named query, a ``.rq`` file or SPARQL text on a knowledge graph, with its parameters checked,
typed and bound as RDF terms — never pasted into the query text.

>>> from chaingraph.knowledge import KnowledgeGraph
>>> result = run_query(KnowledgeGraph.open(), "companies-in-link", {"link": "AL16", "region": "綦江区"})
>>> [(row["label"], row["local"]) for row in result.rows]
[('重庆友利森汽车科技有限公司', True)]
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from chaingraph.cells import csv_text
from chaingraph.errors import InputError, closest
from chaingraph.sparql.catalogue import NamedQuery, Param, load_query
from chaingraph.sparql.resolve import resolve
from chaingraph.sparql.shape import QueryShape, query_shape
from chaingraph.store.protocol import QueryableGraph, prologue_for
from chaingraph.vocab.namespaces import iri
from chaingraph.vocab.terms import plain

__all__ = ["QueryResult", "bind_params", "check_syntax", "refuse_services", "run_query"]


def check_syntax(query: NamedQuery, prologue: str, *, parse: bool = True) -> None:
    """Raise :class:`InputError` for an update, or for a syntax error with its line and column
    (found by Oxigraph's parser, whatever store will run the query; not with *parse* False — Oxigraph
    parses a query by running it on an empty store, which would call the endpoints of its ``SERVICE``s)."""
    if re.search(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b\s*(DATA|WHERE|GRAPH|SILENT|ALL|"
                 r"DEFAULT|NAMED|<|\{)", _strip(query.text), re.I):
        raise InputError.single("SPARQL updates are not allowed here: chaingraph queries are read-only",
                                file=query.name)
    if not parse:
        return
    try:
        ox.Store().query(prologue + query.text)
    except SyntaxError as error:
        text = str(error.msg if hasattr(error, "msg") else error)
        place = re.match(r"error at (\d+):(\d+): ", text)
        line = column = None
        if place:
            line, column = int(place.group(1)) - prologue.count("\n"), int(place.group(2))
            text = text[place.end():]
        hint = None
        if "IRI parsing failed" in text:  # a relative IRI (<x>) and no BASE: the same on every store
            hint = ("write a full IRI (<https://w3id.org/chaingraph/data/…>) or a prefixed name (cgd:…), "
                    "or declare a BASE")
        raise InputError.single(f"SPARQL syntax error: {text}", file=query.name, line=line, column=column,
                                hint=hint) from None
    except Exception:  # run-time errors on the empty store are not syntax errors
        pass


def _strip(text: str) -> str:
    """Query text without comments and string literals (to look for keywords)."""
    text = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'', '""', text)
    return re.sub(r"(?m)#.*$", "", text)


def _typed(kg: QueryableGraph, param: Param, raw: str, origin: str) -> Node:
    value = raw.strip()
    try:
        if param.type == "string":
            return Literal(value)
        if param.type == "integer":
            return Literal(int(value))
        if param.type == "decimal":
            return Literal(Decimal(value), datatype=XSD.decimal)
        if param.type == "boolean":
            if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(value)
            return Literal(value.lower() in ("true", "1", "yes"))
        if param.type in ("region", "chain"):
            return resolve(kg, value, param.type)  # type: ignore[arg-type]
        if param.type == "link":
            return _resolve_link(kg, value)
        node = iri(value)
        ox.NamedNode(str(node))  # validates the IRI
        if ":" not in str(node):
            raise ValueError(value)
        return node
    except InputError:
        raise
    except (ValueError, InvalidOperation):
        raise InputError.single(f"parameter '{param.name}' of {origin} must be {_article(param.type)}, "
                                f"not '{raw}'") from None


def _article(kind: str) -> str:
    return {"iri": "an IRI or a prefixed name such as cgd:org-youlisen", "integer": "an integer",
            "decimal": "a number", "boolean": "true or false", "string": "a string"}.get(kind, f"a {kind}")


def _resolve_link(kg: QueryableGraph, value: str) -> URIRef:
    rows = kg.select("SELECT ?link ?id WHERE { ?link a cg:ChainLink ; skos:notation ?id }")
    by_id = {str(r["id"]): r["link"] for r in rows}
    by_iri = {str(r["link"]): r["link"] for r in rows}
    found: Node | None
    found = by_id.get(value) or by_id.get(value.upper()) or by_iri.get(str(iri(value)))
    if found is None:
        near = closest(value, by_id)
        raise InputError.single(f"unknown link '{value}'",
                                hint=f"did you mean {', '.join(near)}?" if near else "see chaingraph info")
    return URIRef(str(found))


def bind_params(kg: QueryableGraph, query: NamedQuery, raw: Mapping[str, object]) -> dict[str, Node]:
    """Check *raw* against the query's declared parameters and turn each into an RDF term.

    Unknown parameter names and missing required ones are errors that say which; values that are
    already RDF terms are used as they are.
    """
    declared = {p.name: p for p in query.params}
    unknown = [name for name in raw if name not in declared]
    if unknown and declared:
        raise InputError.single(f"unknown parameter '{unknown[0]}' for query {query.name}",
                                hint=f"it takes {', '.join(declared)}")
    bindings: dict[str, Node] = {}
    for name, value in raw.items():
        if isinstance(value, Node):
            bindings[name] = value
        elif name in declared:
            bindings[name] = _typed(kg, declared[name], str(value), query.name)
        else:  # ad-hoc SPARQL text with no declared parameters: plain values
            bindings[name] = Literal(value)
    for param in query.params:
        if param.name not in bindings:
            if param.default is not None:
                bindings[param.name] = _typed(kg, param, param.default, query.name)
            elif param.required:
                raise InputError.single(f"query {query.name} needs the parameter '{param.name}' ({param.type})",
                                        hint=f"pass --param {param.name}=… ({param.description})")
    return bindings


@dataclass
class QueryResult:
    """The result of :func:`run_query`: columns and rows of plain values (SELECT), a boolean (ASK) or a
    graph (CONSTRUCT/DESCRIBE)."""

    variables: tuple[str, ...] = ()
    rows: list[dict[str, Any]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Any = None

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (needs the ``pandas`` extra)."""
        try:
            import pandas as pd
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe() needs pandas: pip install 'chaingraph[pandas]'") from error
        return pd.DataFrame(self.rows, columns=list(self.variables))

    def to_csv(self, delimiter: str = ",") -> str:
        """The rows as CSV (or TSV), every cell inert for a spreadsheet (:mod:`chaingraph.cells`)."""
        return csv_text(self.variables, ([row.get(v) for v in self.variables] for row in self.rows), delimiter)

    def to_json(self) -> str:
        if self.boolean is not None:
            return json.dumps({"boolean": self.boolean})
        return json.dumps({"variables": list(self.variables), "rows": self.rows}, ensure_ascii=False, indent=2)


def refuse_services(query: NamedQuery, shape: QueryShape) -> None:
    """Raise :class:`InputError` when *query* calls other SPARQL endpoints (``SERVICE``), before anything is sent."""
    if shape.services:
        called = ", ".join(dict.fromkeys(shape.services))
        raise InputError.single(
            f"the query calls another SPARQL endpoint (SERVICE {called}): refused, nothing was sent",
            file=query.name, hint="chaingraph queries run on the chosen store only; pass --allow-service, or "
                                  "allow_service=True in Python, to let it call other endpoints from this machine")


def run_query(kg: QueryableGraph, spec: str | NamedQuery, params: Mapping[str, object] | None = None, *,
              allow_service: bool = False) -> QueryResult:
    """Run a named query, a ``.rq`` file or SPARQL text on *kg*, with *params* bound safely.

    The chaingraph prefixes are declared for you. Syntax errors, unknown names and bad parameters raise
    :class:`~chaingraph.errors.InputError` saying where and what; so does a query with ``SERVICE`` (it would
    send parts of itself to other endpoints) unless *allow_service*, before any request is sent.
    """
    query = spec if isinstance(spec, NamedQuery) else load_query(spec)
    shape = query_shape(query.text)
    if not allow_service:
        refuse_services(query, shape)
    check_syntax(query, prologue_for(query.text), parse=not shape.services)
    bindings = bind_params(kg, query, params or {})
    form = shape.form
    if form == "ASK":
        return QueryResult(boolean=kg.store.ask(query.text, bindings))
    if form in ("CONSTRUCT", "DESCRIBE"):
        return QueryResult(graph=kg.store.construct(query.text, bindings))
    rows = kg.store.select(query.text, bindings)
    return QueryResult(rows.variables, [{v: plain(r.get(v)) for v in rows.variables} for r in rows])
