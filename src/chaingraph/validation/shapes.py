"""The shapes graph read into plain Python: what the fast engine (:mod:`chaingraph.validation.engine`) evaluates.

:func:`read_shapes` returns the shapes that have targets, each parsed with every shape it refers to, and
the shapes it cannot evaluate exactly as pySHACL does, each with the reason. Those are never skipped: they
are validated by pySHACL (:func:`chaingraph.validation.reference.run_pyshacl`). What it knows: targets by
class, node, subjects and objects of a property; predicate paths and sequences of predicates; the core
constraints ``ontology/shapes.ttl`` uses and a few more (``sh:class``, ``sh:datatype``, ``sh:nodeKind``,
``sh:minCount``, ``sh:maxCount``, the four value ranges, ``sh:pattern``, ``sh:languageIn``,
``sh:uniqueLang``, ``sh:equals``, ``sh:hasValue``, ``sh:in``, ``sh:node``, ``sh:property``, ``sh:or``,
``sh:and``, ``sh:not``, ``sh:xone``, qualified value shapes) and SPARQL constraints (``sh:sparql`` with
``sh:select``) on a node shape with targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from chaingraph.vocab.namespaces import OWL, RDF, RDFS, SH

__all__ = ["Shape", "Shapes", "SparqlConstraint", "Unsupported", "read_shapes"]

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
#: parameters with one value each, read as they are
SINGLE = (SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.minInclusive, SH.maxInclusive, SH.minExclusive,
          SH.maxExclusive, SH.languageIn, SH.uniqueLang, SH.equals, SH.hasValue, SH["in"], SH["class"], SH.node,
          SH["not"], SH["or"], SH["and"], SH.xone, SH.qualifiedValueShape, SH.qualifiedMinCount,
          SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint, SH.flags, SH.pattern, SH.deactivated, SH.severity,
          SH.path)
#: predicates of the SHACL namespace that carry no constraint of their own
ANNOTATIONS = (SH.message, SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.property, SH.sparql,
               *TARGETS)
#: anything of these in the shapes graph changes what every shape means: pySHACL validates it all
GLOBAL = (SH.rule, SH.target, SH.parameter, SH.validator, SH.nodeValidator, SH.propertyValidator, SH.entailment,
          SH.shapesGraph, SH.condition)
#: SPARQL features whose meaning changes when $this is joined with every focus node instead of pre-bound
_SPARQL_UNSAFE = re.compile(r"(?<![?$\w])(MINUS|VALUES|BIND|SERVICE|GRAPH|GROUP|HAVING|LIMIT|OFFSET|ORDER|COUNT|SUM|"
                            r"MIN|MAX|AVG|SAMPLE|GROUP_CONCAT|FROM)\b|[?$]failure\b|\$(value|PATH|currentShape|shapesGraph)\b",
                            re.IGNORECASE)


class Unsupported(Exception):
    """A construct the fast engine does not evaluate (the shape goes to pySHACL)."""


@dataclass(frozen=True)
class SparqlConstraint:
    """An ``sh:sparql`` constraint: its node, its query (prefixes declared, ``?this`` for ``$this``), messages."""

    node: Node
    query: str
    messages: tuple[Literal, ...]


@dataclass(eq=False)
class Shape:
    """One shape: its node in the shapes graph, path (property shapes), severity, messages, parameters."""

    node: Node
    path: tuple[URIRef, ...] | None = None
    #: the path as written (a predicate, or the blank node of a sequence)
    path_node: Node | None = None
    severity: Node = SH.Violation
    messages: tuple[Literal, ...] = ()
    deactivated: bool = False
    params: dict[URIRef, Node] = field(default_factory=dict)
    #: sh:in values, the shapes of sh:node, sh:not, sh:or/sh:and/sh:xone and sh:qualifiedValueShape
    members: dict[URIRef, list[Shape]] = field(default_factory=dict)
    values: list[Node] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)
    targets: dict[URIRef, list[Node]] = field(default_factory=dict)


@dataclass
class Shapes:
    """The shapes with targets the fast engine evaluates, and those it leaves to pySHACL (node → reason)."""

    graph: Graph
    targeted: list[Shape]
    unsupported: dict[Node, str]


def read_shapes(graph: Graph) -> Shapes:
    """Read the shapes with targets of *graph*; each one the fast engine cannot evaluate is listed with why."""
    candidates = sorted({s for t in TARGETS for s in graph.subjects(t, None)}, key=str)
    implicit = {s for cls in (RDFS.Class, OWL.Class) for s in graph.subjects(RDF.type, cls)}
    implicit &= {s for kind in (SH.NodeShape, SH.PropertyShape) for s in graph.subjects(RDF.type, kind)}
    found = next((p for p in GLOBAL if next(graph.subject_objects(p), None) is not None), None)
    targeted, unsupported = [], {}
    for node in [*candidates, *sorted(implicit - set(candidates), key=str)]:
        if found is not None:
            unsupported[node] = f"the shapes graph uses {graph.qname(found)}"
            continue
        if node in implicit:
            unsupported[node] = "an implicit class target"
            continue
        try:
            shape = _Reader(graph).shape(node, top=True)
        except Unsupported as why:
            unsupported[node] = str(why)
            continue
        if not shape.deactivated:
            targeted.append(shape)
    return Shapes(graph, targeted, unsupported)


class _Reader:
    """Reads one shape with every shape it refers to (a shape reached again on its own path is recursion)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.stack: list[Node] = []

    def shape(self, node: Node, *, top: bool = False) -> Shape:
        if node in self.stack:
            raise Unsupported("a recursive shape")
        self.stack.append(node)
        try:
            return self._read(node, top)
        finally:
            self.stack.pop()

    def _read(self, node: Node, top: bool) -> Shape:
        g = self.graph
        shape = Shape(node, messages=tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal)))
        for p in sorted({p for p in g.predicates(node, None) if isinstance(p, URIRef)}, key=str):
            if str(p).startswith(str(SH)) and p not in SINGLE and p not in ANNOTATIONS:
                raise Unsupported(f"{g.qname(p)} is not evaluated by the fast engine")
            if p in SINGLE:
                values = list(g.objects(node, p))
                if len(values) > 1:
                    raise Unsupported(f"{len(values)} values of {g.qname(p)}")
                shape.params[p] = values[0]
        if SH.path in shape.params:
            shape.path_node = shape.params.pop(SH.path)
            shape.path = _path(g, shape.path_node)
        shape.severity = shape.params.pop(SH.severity, SH.Violation)
        deactivated = shape.params.pop(SH.deactivated, None)
        shape.deactivated = isinstance(deactivated, Literal) and deactivated.value is True
        if top:
            shape.targets = {t: sorted(g.objects(node, t), key=str) for t in TARGETS if (node, t, None) in g}
        self._members(shape)
        shape.properties = [self.shape(p) for p in sorted(g.objects(node, SH.property), key=str)]
        shape.sparql = [self._sparql(c, shape) for c in sorted(g.objects(node, SH.sparql), key=str)]
        return shape

    def _members(self, shape: Shape) -> None:
        g, params = self.graph, shape.params
        for p in (SH.node, SH["not"], SH.qualifiedValueShape):
            if p in params:
                shape.members[p] = [self.shape(params[p])]
        for p in (SH["or"], SH["and"], SH.xone):
            if p in params:
                shape.members[p] = [self.shape(s) for s in g.items(params[p])]
        if SH["in"] in params:
            shape.values = list(g.items(params[SH["in"]]))
        if SH.languageIn in params:
            shape.languages = [str(x).lower() for x in g.items(params[SH.languageIn])]
        disjoint = params.get(SH.qualifiedValueShapesDisjoint)
        if disjoint is not None and not (isinstance(disjoint, Literal) and disjoint.value is False):
            raise Unsupported("sh:qualifiedValueShapesDisjoint")
        if SH.flags in params and set(str(params[SH.flags]).lower()) - {"i", "m"}:
            raise Unsupported(f"the regular-expression flags {params[SH.flags]}")
        for p in (SH.minCount, SH.maxCount, SH.qualifiedMinCount, SH.qualifiedMaxCount):
            value = params.get(p)
            if value is not None and not (isinstance(value, Literal) and isinstance(value.toPython(), int)):
                raise Unsupported(f"a {g.qname(p)} that is not an integer")

    def _sparql(self, node: Node, shape: Shape) -> SparqlConstraint:
        g = self.graph
        if len(self.stack) > 1 or shape.path is not None:
            raise Unsupported("sh:sparql on a property shape or a nested shape")
        unknown = {p for p in g.predicates(node, None)} - {RDF.type, SH.select, SH.message, SH.prefixes,
                                                            SH.deactivated}
        selects = list(g.objects(node, SH.select))
        if unknown or len(selects) != 1:
            raise Unsupported("an sh:sparql constraint other than one sh:select")
        text = str(selects[0])
        if _SPARQL_UNSAFE.search(text) or len(re.findall(r"\bSELECT\b", text, re.IGNORECASE)) != 1:
            raise Unsupported("a SPARQL constraint with a construct that needs $this pre-bound")
        if not re.search(r"SELECT\s+(DISTINCT\s+|REDUCED\s+)?(\*|[^{]*[?$]this\b)", text, re.IGNORECASE):
            raise Unsupported("a SPARQL constraint that does not select $this")
        if (node, SH.deactivated, Literal(True)) in g:
            return SparqlConstraint(node, "", ())
        prefixes = "".join(f"PREFIX {pfx}: <{ns}>\n" for pfx, ns in _prefixes(g, node))
        return SparqlConstraint(node, prefixes + "\n" + re.sub(r"\$this\b", "?this", text),
                                tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal)))


def _prefixes(g: Graph, constraint: Node) -> list[tuple[str, str]]:
    found = {}
    for owner in g.objects(constraint, SH.prefixes):
        for declared in g.objects(owner, SH.declare):
            prefix, namespace = g.value(declared, SH.prefix), g.value(declared, SH.namespace)
            if prefix is not None and namespace is not None:
                found[str(prefix)] = str(namespace)
    return sorted(found.items())


def name(graph: Graph, node: Node) -> str:
    """A shape's name for a log line: its prefixed name, or the blank node."""
    return graph.namespace_manager.normalizeUri(node) if isinstance(node, URIRef) else f"_:{node}"


def _path(g: Graph, node: Node) -> tuple[URIRef, ...]:
    if isinstance(node, URIRef):
        return (node,)
    items = list(g.items(node)) if isinstance(node, BNode) else []
    if len(items) < 2 or not all(isinstance(i, URIRef) for i in items):
        raise Unsupported("a path other than a predicate or a sequence of predicates")
    return tuple(i for i in items if isinstance(i, URIRef))
