"""Tests of one value, each exactly as pySHACL 0.40 makes it, with a fast path for the common case.

A literal of a datatype is tested on its lexical form when the form is one every reader agrees on (``12``
as an ``xsd:integer``); anything else goes through rdflib's ``Literal``, as pySHACL does (``"x"`` as an
``xsd:gYear`` conforms there, ``"0"`` as an ``xsd:positiveInteger`` does not). :func:`generic_message`
is pySHACL's message for a shape without ``sh:message``, for the constraints that have one here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from chaingraph.vocab.namespaces import RDF, RDFS, SH, XSD

__all__ = ["GENERIC", "datatype_ok", "generic_message", "kind_ok", "language_ok", "pattern_text", "range_ok"]

_INTEGER = r"[+-]?[0-9]+"
_DECIMAL = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"
#: lexical forms that conform to the datatype whatever the reader (anything else: rdflib decides)
_SURE = {str(XSD.integer): re.compile(_INTEGER), str(XSD.decimal): re.compile(_DECIMAL),
         str(XSD.double): re.compile(_DECIMAL + r"([eE][+-]?[0-9]+)?"), str(XSD.float): re.compile(r"(?!)"),
         str(XSD.boolean): re.compile(r"true|false|1|0"), str(XSD.gYear): re.compile(r"-?[0-9]{4}"),
         str(XSD.positiveInteger): re.compile(r"\+?0*[1-9][0-9]*"), str(XSD.string): re.compile(r".*", re.S),
         str(RDF.langString): re.compile(r".*", re.S)}
#: the rules a literal of another datatype may pass (below): rdflib's plain and language-tagged literals
_LENIENT = {RDFS.Literal, RDFS.Datatype, XSD.string, RDF.langString}
_NUMBERS = {str(XSD.integer): int, str(XSD.decimal): Decimal, str(XSD.double): float}
_KINDS: dict[Node, set[str]] = {
    SH.IRI: {"iri"}, SH.BlankNode: {"bnode"}, SH.Literal: {"literal"}, SH.BlankNodeOrIRI: {"bnode", "iri"},
    SH.BlankNodeOrLiteral: {"bnode", "literal"}, SH.IRIOrLiteral: {"iri", "literal"}}
#: what pySHACL asserts of a literal's value, by datatype (other datatypes: any value)
_VALUE_TYPES: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime}


def kind_ok(kind: str, rule: Node) -> bool:
    return kind in _KINDS.get(rule, set())


def datatype_ok(lexical: str, datatype: str, rule: Node, rdflib_term: Callable[[], Node]) -> bool:
    """Whether a literal (its lexical form and datatype) has the datatype *rule*, as pySHACL decides."""
    if datatype == str(rule):
        if (sure := _SURE.get(datatype)) is not None and sure.fullmatch(lexical):
            return True
    elif rule not in _LENIENT:  # another datatype (an integer for xsd:decimal): the rdflib term's is another too
        return False
    term = rdflib_term()
    if not isinstance(term, Literal):
        return False
    if term.datatype == rule:
        return term.ill_typed is not True and _value_is(term, rule)
    if rule == RDFS.Literal or (rule == RDFS.Datatype and term.datatype):
        return True
    if term.datatype is None and term.language is None and rule == XSD.string:
        return _value_is(term, rule)
    return rule == RDF.langString and bool(term.language) and _value_is(term, rule)


def _value_is(term: Literal, rule: Node) -> bool:
    expected = _VALUE_TYPES.get(rule)
    return expected is None or isinstance(term.value, expected)


def range_ok(parameter: URIRef, bound: Literal, lexical: str, datatype: str,
             rdflib_term: Callable[[], Node]) -> bool:
    """Whether a literal passes ``sh:minInclusive`` (…) *bound*, as pySHACL compares them."""
    number = _NUMBERS.get(datatype)
    expected = _NUMBERS.get(str(bound.datatype)) if bound.datatype is not None else None
    if number is not None and expected is not None and _SURE[datatype].fullmatch(lexical) and \
            _SURE[str(bound.datatype)].fullmatch(str(bound)):
        value, limit = number(lexical), expected(str(bound))
        return _compare(parameter, (value > limit) - (value < limit))
    term = rdflib_term()
    assert isinstance(term, Literal)
    if isinstance(bound.value, str) != isinstance(term.value, str):
        return False
    from pyshacl.rdfutil.compare import compare_literal  # only for the odd literal: pySHACL's own comparison

    try:
        return _compare(parameter, compare_literal(term, bound))
    except (TypeError, NotImplementedError):
        return False


_COMPARISONS: dict[Node, Callable[[int], bool]] = {
    SH.minInclusive: lambda cmp: cmp >= 0, SH.minExclusive: lambda cmp: cmp > 0,
    SH.maxInclusive: lambda cmp: cmp <= 0, SH.maxExclusive: lambda cmp: cmp < 0}


def _compare(parameter: URIRef, cmp: int) -> bool:
    return _COMPARISONS[parameter](cmp)


def language_ok(language: str | None, wanted: list[str]) -> bool:
    if not language:
        return False
    tag = language.lower()
    return "*" in wanted or tag in wanted or tag.split("-")[0] in wanted


def pattern_text(parameter: Node) -> str:
    value = parameter.toPython() if isinstance(parameter, Literal) else None
    return str(value) if isinstance(value, str) and len(value) > 1 else str(parameter)


#: the constraints whose message pySHACL words by itself when the shape has none, and that the fast engine words alike
GENERIC = {SH.NodeConstraintComponent, SH.ClassConstraintComponent, SH.DatatypeConstraintComponent,
           SH.NodeKindConstraintComponent, SH.UniqueLangConstraintComponent, SH.PatternConstraintComponent,
           SH.HasValueConstraintComponent, SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent}


def generic_message(shapes: Graph, component: URIRef, params: dict[URIRef, Node], path: Node | None,
                    focus_text: Callable[[], str]) -> str:
    """pySHACL's message for a result of *component* (one of :data:`GENERIC`) of a shape without ``sh:message``;
    *path* is the shape's path node, *focus_text* pySHACL's name of the focus node in the data graph."""
    from pyshacl.rdfutil import stringify_node  # pySHACL's own wording, only for a shape without a message

    def named(node: Node) -> str:
        return str(stringify_node(shapes, node))

    if component == SH.NodeConstraintComponent:
        return f"Value does not conform to Shape {named(params[SH.node])}. See details for more information."
    if component == SH.ClassConstraintComponent:
        return f"Value does not have class {named(params[SH['class']])}"
    if component == SH.DatatypeConstraintComponent:
        return f"Value is not Literal with datatype {named(params[SH.datatype])}"
    if component == SH.NodeKindConstraintComponent:
        return f"Value is not of Node Kind {named(params[SH.nodeKind])}"
    if component == SH.UniqueLangConstraintComponent:
        return "More than one String shares the same Language"
    if component == SH.PatternConstraintComponent:
        return f"Value does not match pattern '{pattern_text(params[SH.pattern])}'"
    if component == SH.HasValueConstraintComponent:
        the_set = [named(params[SH.hasValue])]
        if path is None:
            return f"Node {focus_text()} value is not a in the set of values: {the_set}"
        return f"Node {focus_text()}->{named(path)} does not contain a value in the set: {the_set}"
    parameter = SH.minCount if component == SH.MinCountConstraintComponent else SH.maxCount
    limit = params[parameter]
    count = limit.toPython() if isinstance(limit, Literal) else limit
    words = "Less than" if parameter == SH.minCount else "More than"
    return f"{words} {count} values on {focus_text()}->{named(path)}" if path is not None else \
        f"{words} {count} values on {focus_text()}"
