"""The fast engine: the shapes of :mod:`chaingraph.validation.shapes` evaluated set by set, with pySHACL's results.

Each shape is checked for all its focus nodes at once: the values of a predicate are read once for every
subject (:mod:`chaingraph.validation.data`) and each constraint is a loop over the focus nodes in Python;
a nested shape (``sh:node``, ``sh:or``, a qualified value shape) is evaluated once for all the values that
need it, and its verdicts are kept. A SPARQL constraint runs once for all focus nodes (``VALUES ?this``) on
Oxigraph, and on an Oxigraph copy of an rdflib graph. Every result is what pySHACL 0.40 reports —
focus node, path, value, severity, messages — which ``tests/test_validation_engines.py`` checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import chain, repeat
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from chaingraph.validation.checks import (
    GENERIC,
    datatype_ok,
    generic_message,
    kind_ok,
    language_ok,
    pattern_text,
    range_ok,
)
from chaingraph.validation.data import OxigraphData, RdflibData
from chaingraph.validation.report import Result
from chaingraph.validation.shapes import Shape, Shapes, SparqlConstraint
from chaingraph.vocab.namespaces import SH

__all__ = ["Engine"]

Data = OxigraphData | RdflibData
#: the constraint component of each parameter
COMPONENTS = {p: SH[f"{name}ConstraintComponent"] for p, name in (
    (SH.minCount, "MinCount"), (SH.maxCount, "MaxCount"), (SH["class"], "Class"), (SH.datatype, "Datatype"),
    (SH.nodeKind, "NodeKind"), (SH.minInclusive, "MinInclusive"), (SH.maxInclusive, "MaxInclusive"),
    (SH.minExclusive, "MinExclusive"), (SH.maxExclusive, "MaxExclusive"), (SH.pattern, "Pattern"),
    (SH.languageIn, "LanguageIn"), (SH.uniqueLang, "UniqueLang"), (SH.equals, "Equals"), (SH.hasValue, "HasValue"),
    (SH["in"], "In"), (SH.node, "Node"), (SH["not"], "Not"), (SH["or"], "Or"), (SH["and"], "And"),
    (SH.xone, "Xone"))}
_RANGES = (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive)


@dataclass(frozen=True)
class _Raw:
    """A result before it is made a :class:`Result`; *owner* is the focus node whose conformance it breaks."""

    owner: Any
    shape: Shape
    component: URIRef
    focus: Any
    value: Any = None
    path: Any = None
    bound: tuple[tuple[str, Any], ...] | None = None
    constraint: SparqlConstraint | None = None


class Engine:
    """Evaluates *shapes* on *data*; :meth:`run` returns the results (see the module documentation)."""

    def __init__(self, shapes: Shapes, data: Data) -> None:
        self.shapes, self.data = shapes, data
        #: by shape node: a shape read twice (targeted, and the sh:node of another) is evaluated once per node
        self._details: dict[Any, dict[Any, Sequence[_Raw]]] = {}
        self._distinct: tuple[object, dict[Any, None]] = (None, {})
        self.targeted = []
        for shape in shapes.targeted:
            missing = _without_message(shapes, shape)
            if missing:
                shapes.unsupported[shape.node] = missing
            else:
                self.targeted.append(shape)

    def run(self) -> list[Result]:
        raws: list[_Raw] = []
        for shape in self.targeted:
            focus = self.focus(shape)
            known = self.details(shape, focus)  # 70,000 quantities: targeted, and the sh:node of the companies
            raws += [raw for f in focus for raw in known[f]]
            for constraint in shape.sparql:
                raws += self._sparql(shape, constraint, focus)
        return [self._result(raw) for raw in raws]

    def focus(self, shape: Shape) -> list[Any]:
        """The focus nodes of a shape's targets, each once."""
        data, found = self.data, []
        for kind, nodes in shape.targets.items():
            for node in nodes:
                if kind == SH.targetNode:
                    found.append(data.term(node))
                elif kind == SH.targetClass:
                    found += data.instances(node)
                elif isinstance(node, URIRef):
                    found += data.subjects_of(node) if kind == SH.targetSubjectsOf else data.objects_of(node)
        return list(dict.fromkeys(found))

    def value_nodes(self, shape: Shape, focus: Iterable[Any]) -> dict[Any, Sequence[Any]]:
        if shape.path is None:
            nodes = focus if isinstance(focus, (list, dict)) else list(focus)
            return dict(zip(nodes, zip(nodes, strict=True), strict=True))  # each its own value node: f → (f,)
        steps = [self.data.values(p) for p in shape.path]
        none: list[Any] = []  # the lists of the index itself, read and never changed by the checks
        if len(steps) == 1:  # one predicate: a subject's objects are distinct already (one graph's triples)
            nodes = focus if isinstance(focus, (list, dict)) else list(focus)  # iterated twice below
            return dict(zip(nodes, map(steps[0].get, nodes, repeat(none)), strict=True))
        found: dict[Any, Sequence[Any]] = {}
        for f in focus:
            current = [f]
            for step in steps:
                if len(current) == 1:  # one node's objects of one predicate: distinct already
                    current = step.get(current[0], none)
                else:
                    current = list(dict.fromkeys(v for x in current for v in step.get(x, ())))
            found[f] = current
        return found

    def evaluate(self, shape: Shape, focus: Iterable[Any]) -> list[_Raw]:
        """The results of *shape* for the nodes *focus* (its own and its property shapes')."""
        if shape.deactivated:
            return []
        values = self.value_nodes(shape, focus)
        raws: list[_Raw] = []
        for parameter in shape.params:
            check = _CHECKS.get(parameter)
            if check is not None:
                raws += check(self, shape, values)
        for prop in shape.properties:
            raws += self._property(prop, values, shape.path is None)
        return raws

    def distinct(self, values: dict[Any, Sequence[Any]]) -> dict[Any, None]:
        """The value nodes of *values*, each once (kept for the next check of the same shape: the last only)."""
        if self._distinct[0] is not values:
            self._distinct = (values, dict.fromkeys(chain.from_iterable(values.values())))
        return self._distinct[1]

    def details(self, shape: Shape, nodes: Iterable[Any]) -> dict[Any, Sequence[_Raw]]:
        """The results of *shape* for each node: none when it conforms (kept for the next asker)."""
        known = self._details.setdefault(shape.node, {})
        todo = [n for n in dict.fromkeys(nodes) if n not in known]
        if todo:
            found: dict[Any, list[_Raw]] = {}
            for raw in self.evaluate(shape, todo):
                found.setdefault(raw.owner, []).append(raw)
            known.update(dict.fromkeys(todo, ()))  # the usual case, in C: 10⁵ nodes, no result
            known.update(found)
        return known

    def _property(self, prop: Shape, values: dict[Any, Sequence[Any]], itself: bool) -> list[_Raw]:
        """The results of the property shape *prop* for the value nodes *values* of its parent, owned by the parent's
        focus nodes; *itself*: each focus node's value node is itself (a node shape's), its results are its own."""
        if itself:
            return self.evaluate(prop, values)
        nested = self.evaluate(prop, dict.fromkeys(chain.from_iterable(values.values())))
        by_focus: dict[Any, list[_Raw]] = {}
        for raw in nested:
            by_focus.setdefault(raw.owner, []).append(raw)
        if not by_focus:  # every value conforms: the usual case, with 10⁵ focus nodes not worth a walk
            return []
        out = []
        for f, vs in values.items():
            for v in vs:
                out += [replace(r, owner=f) for r in by_focus.get(v, ())]
        return out

    def _sparql(self, shape: Shape, constraint: SparqlConstraint, focus: list[Any]) -> list[_Raw]:
        if not constraint.query:
            return []
        rows: dict[Any, list[dict[str, Any]]] = {}
        store = self.data.oxigraph() if isinstance(self.data, RdflibData) else self.data
        native = {store.term(self.data.rdflib(f)): f for f in focus}  # the focus nodes as Oxigraph terms
        iris = [f for f in native if store.kind(f) == "iri"]
        for row in store.select(_with_values(constraint.query, iris)) if iris else []:
            rows.setdefault(row.get("this"), []).append(row)
        for f in native:
            if store.kind(f) != "iri":
                rows[f] = store.select_by_substitution(constraint.query, f)
        raws = []
        for focus_node, found in rows.items():
            f, seen = native.get(focus_node, focus_node), []
            for row in found:
                row = {name: self.data.term(store.rdflib(v)) for name, v in row.items()}  # back to the data's terms
                this, path, value = row.pop("this", None), row.pop("path", None), row.pop("value", None)
                key = (this, path, value, row)
                if key in seen or (this is None and path is None and value is None):
                    continue
                seen.append(key)
                bound = (*row.items(), *(("this", this),) * (this is not None), *(("path", path),) * (path is not None),
                         ("value", value if value is not None else f))
                raws.append(_Raw(f, shape, SH.SPARQLConstraintComponent, this or f, value if value is not None else f,
                                 path, tuple(bound), constraint))
        return raws

    def _result(self, raw: _Raw) -> Result:
        shape, data = raw.shape, self.data
        messages: tuple[Literal, ...] = shape.messages
        if raw.constraint is not None:
            bound = [(name, data.rdflib(v)) for name, v in raw.bound or ()]
            messages = tuple(Literal(_format(str(m), bound)) for m in (*raw.constraint.messages, *shape.messages))
        elif not messages:
            messages = (Literal(generic_message(self.shapes.graph, raw.component, shape.params, shape.path_node,
                                                lambda: data.stringify(raw.focus))),)
        path: Any = (data.rdflib(raw.path),) if raw.path is not None else shape.path
        expected = shape.params.get(SH["class"]) if raw.component == COMPONENTS[SH["class"]] else None
        return Result(focus=data.rdflib(raw.focus), path=path,
                      value=None if raw.value is None else data.rdflib(raw.value), severity=shape.severity,
                      component=raw.component, messages=messages, expected_class=expected)


def _format(message: str, bound: list[tuple[str, Node]]) -> str:
    """pySHACL's substitution of ``{?var}`` and ``{$var}`` in a SPARQL constraint's message."""
    for name, value in bound:
        message = re.sub(f"{{[?$]{name}}}", str(value), message)
    return message


def _with_values(query: str, iris: list[Any]) -> str:
    """*query* with its focus nodes bound by ``VALUES ?this`` at the start of its WHERE group."""
    where = re.search(r"\bWHERE\s*\{", query, re.IGNORECASE) or re.search(r"\{", query)
    assert where is not None, "a SELECT query has a group"
    values = "VALUES ?this { " + " ".join(f"<{iri}>" for iri in iris) + " }\n"  # IRIs: the data's strings
    return query[:where.end()] + values + query[where.end():]


def _without_message(shapes: Shapes, shape: Shape) -> str:
    """Why a reported shape's results would need a message the fast engine cannot word as pySHACL ('' if none)."""
    for reported in _reported(shape, set()):
        if reported.messages:
            continue
        for parameter in reported.params:
            component = COMPONENTS.get(parameter)
            if component is not None and component not in GENERIC:
                return f"a {shapes.graph.namespace_manager.normalizeUri(parameter)} without sh:message"
        if SH.qualifiedValueShape in reported.params:
            return "a qualified value shape without sh:message"
    return ""


def _reported(shape: Shape, seen: set[int]) -> Iterable[Shape]:
    """The shapes whose results are reported: *shape*, its property shapes, the shapes of sh:node (details)."""
    if id(shape) in seen:
        return
    seen.add(id(shape))
    yield shape
    for nested in [*shape.properties, *shape.members.get(SH.node, [])]:
        yield from _reported(nested, seen)


# -- the constraints, each for every focus node of a shape at once -------------------------------------------

Check = Callable[[Engine, Shape, dict[Any, Sequence[Any]]], list[_Raw]]


def _count(engine: Engine, shape: Shape, values: dict[Any, Sequence[Any]], parameter: URIRef) -> list[_Raw]:
    value = shape.params[parameter]
    assert isinstance(value, Literal), "read_shapes checks that a count is an integer"
    limit = int(value.toPython())
    if parameter == SH.minCount:
        return [] if limit == 0 else [_Raw(f, shape, COMPONENTS[parameter], f)
                                      for f, vs in values.items() if len(vs) < limit]
    return [_Raw(f, shape, COMPONENTS[parameter], f) for f, vs in values.items() if len(vs) > limit]


def _each(engine: Engine, shape: Shape, values: dict[Any, Sequence[Any]], parameter: URIRef,
          ok: Callable[[Any], bool]) -> list[_Raw]:
    """A result for each value that is not *ok* (the constraints that look at one value at a time). On Oxigraph
    each distinct value is judged once (10⁵ companies share a few thousand regions, statuses, units): its terms
    are equal only when they are the same term (rdflib's literals are equal across the case of a language tag)."""
    component = COMPONENTS[parameter]
    if not isinstance(engine.data, OxigraphData):
        return [_Raw(f, shape, component, f, v) for f, vs in values.items() for v in vs if not ok(v)]
    verdicts = {v: ok(v) for v in engine.distinct(values)}
    if all(verdicts.values()):  # the usual case: no walk of 10⁵ focus nodes
        return []
    raws = []
    for f, vs in values.items():
        for v in vs:
            if not verdicts[v]:
                raws.append(_Raw(f, shape, component, f, v))
    return raws


def _class(engine: Engine, shape: Shape, values: dict[Any, Sequence[Any]]) -> list[_Raw]:
    instances = engine.data.instances(shape.params[SH["class"]])
    kind = engine.data.kind
    return _each(engine, shape, values, SH["class"], lambda v: kind(v) != "literal" and v in instances)


def _datatype(engine: Engine, shape: Shape, values: dict[Any, Sequence[Any]]) -> list[_Raw]:
    data, rule = engine.data, shape.params[SH.datatype]

    def ok(v: Any) -> bool:
        if data.kind(v) != "literal":
            return False
        lexical, _, datatype = data.literal(v)
        return datatype_ok(lexical, datatype, rule, lambda: data.rdflib(v))

    return _each(engine, shape, values, SH.datatype, ok)


def _range(parameter: URIRef) -> Check:
    def check(engine: Engine, shape: Shape, values: dict[Any, Sequence[Any]]) -> list[_Raw]:
        data, bound = engine.data, shape.params[parameter]
        if not isinstance(bound, Literal):
            return []

        def ok(v: Any) -> bool:
            if data.kind(v) != "literal":
                return False  # pySHACL: an IRI or a blank node never passes a comparison
            lexical, _, datatype = data.literal(v)
            return range_ok(parameter, bound, lexical, datatype, lambda: data.rdflib(v))

        return _each(engine, shape, values, parameter, ok)

    return check


def _pattern(engine: Engine, shape: Shape, values: dict[Any, Sequence[Any]]) -> list[_Raw]:
    data = engine.data
    flags = str(shape.params.get(SH.flags, "")).lower()
    regex = re.compile(pattern_text(shape.params[SH.pattern]), (re.I if "i" in flags else 0) |
                       (re.M if "m" in flags else 0))

    def ok(v: Any) -> bool:
        kind = data.kind(v)
        text = data.literal(v)[0] if kind == "literal" else str(data.rdflib(v)) if kind == "iri" else None
        return text is not None and regex.search(text) is not None

    return _each(engine, shape, values, SH.pattern, ok)


def _unique_lang(engine: Engine, shape: Shape, values: dict[Any, Sequence[Any]]) -> list[_Raw]:
    flag = shape.params[SH.uniqueLang]
    if not (isinstance(flag, Literal) and flag.value is True):
        return []
    raws = []
    for f, vs in values.items():
        if len(vs) < 2:  # one name: no language twice (10⁵ companies)
            continue
        seen: set[str] = set()
        duplicates: set[str] = set()
        for v in vs:
            language = engine.data.literal(v)[1] if engine.data.kind(v) == "literal" else None
            if language:
                (duplicates if language.lower() in seen else seen).add(language.lower())
        raws += [_Raw(f, shape, COMPONENTS[SH.uniqueLang], f) for _ in duplicates]
    return raws


def _equals(engine: Engine, shape: Shape, values: dict[Any, Sequence[Any]]) -> list[_Raw]:
    other = engine.data.values(shape.params[SH.equals])  # type: ignore[arg-type]
    raws = []
    for f, vs in values.items():
        mine, theirs = set(vs), set(other.get(f, ()))
        raws += [_Raw(f, shape, COMPONENTS[SH.equals], f, v) for v in [*(mine - theirs), *(theirs - mine)]]
    return raws


def _has_value(engine: Engine, shape: Shape, values: dict[Any, Sequence[Any]]) -> list[_Raw]:
    wanted = engine.data.term(shape.params[SH.hasValue])
    return [_Raw(f, shape, COMPONENTS[SH.hasValue], f) for f, vs in values.items() if wanted not in vs]


def _logical(parameter: URIRef) -> Check:
    """sh:node, sh:not, sh:or, sh:and, sh:xone: how many of the member shapes each value conforms to. A failed
    sh:node brings the results of the node shape along (pySHACL's sh:detail, which the report lists too)."""
    def check(engine: Engine, shape: Shape, values: dict[Any, Sequence[Any]]) -> list[_Raw]:
        members = shape.members[parameter]
        everything = engine.distinct(values)
        details = [engine.details(member, everything) for member in members]
        test: Callable[[int], bool] = {SH.node: lambda n: n == 1, SH["not"]: lambda n: n == 0,
                                       SH["or"]: lambda n: n >= 1, SH["and"]: lambda n: n == len(members),
                                       SH.xone: lambda n: n == 1}[parameter]
        verdicts = {v: test(sum(not found[v] for found in details)) for v in everything}
        if all(verdicts.values()):  # the usual case: no walk of 10⁵ focus nodes
            return []
        raws = []
        for f, vs in values.items():
            for v in vs:
                if not verdicts[v]:
                    raws.append(_Raw(f, shape, COMPONENTS[parameter], f, v))
                    if parameter == SH.node:
                        raws += [replace(r, owner=f) for r in details[0][v]]
        return raws

    return check


def _qualified(engine: Engine, shape: Shape, values: dict[Any, Sequence[Any]]) -> list[_Raw]:
    low, high = shape.params.get(SH.qualifiedMinCount), shape.params.get(SH.qualifiedMaxCount)
    least = int(low.toPython()) if isinstance(low, Literal) else None
    most = int(high.toPython()) if isinstance(high, Literal) else None
    if not any(values.values()) and (least is None or least < 1):
        return []
    found = engine.details(shape.members[SH.qualifiedValueShape][0], chain.from_iterable(values.values()))
    raws = []
    for f, vs in values.items():
        conforming = sum(not found[v] for v in vs)
        if most is not None and conforming > most:
            raws.append(_Raw(f, shape, SH.QualifiedMaxCountConstraintComponent, f))
        if least is not None and conforming < least:
            raws.append(_Raw(f, shape, SH.QualifiedMinCountConstraintComponent, f))
    return raws


def _simple(parameter: URIRef, make: Callable[[Engine, Shape], Callable[[Any], bool]]) -> Check:
    return lambda engine, shape, values: _each(engine, shape, values, parameter, make(engine, shape))


_CHECKS: dict[URIRef, Check] = {
    SH.minCount: lambda e, s, v: _count(e, s, v, SH.minCount),
    SH.maxCount: lambda e, s, v: _count(e, s, v, SH.maxCount),
    SH["class"]: _class,
    SH.datatype: _datatype,
    SH.nodeKind: _simple(SH.nodeKind, lambda e, s: lambda v: kind_ok(e.data.kind(v), s.params[SH.nodeKind])),
    SH.pattern: _pattern,
    SH.languageIn: _simple(SH.languageIn, lambda e, s: lambda v: e.data.kind(v) == "literal" and
                           language_ok(e.data.literal(v)[1], s.languages)),
    SH.uniqueLang: _unique_lang,
    SH.equals: _equals,
    SH.hasValue: _has_value,
    SH["in"]: _simple(SH["in"], lambda e, s: (lambda allowed: lambda v: v in allowed)({e.data.term(x)
                                                                                        for x in s.values})),
    SH.qualifiedValueShape: _qualified,
    **{p: _range(p) for p in _RANGES},
    **{p: _logical(p) for p in (SH.node, SH["not"], SH["or"], SH["and"], SH.xone)},
}
