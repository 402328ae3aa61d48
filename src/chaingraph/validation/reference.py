"""pySHACL, the reference engine: its results as :class:`~chaingraph.validation.report.Result` values.

It validates an rdflib graph (on an Oxigraph store, a copy of it). :func:`run_pyshacl` with *only* validates
just those shapes: the shapes the fast engine leaves to it, with the targets of the others taken out of a
copy of the shapes graph.
"""

from __future__ import annotations

from collections.abc import Collection

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from chaingraph.validation.report import Result
from chaingraph.validation.shapes import TARGETS
from chaingraph.vocab.namespaces import RDF, SH

__all__ = ["run_pyshacl"]


def run_pyshacl(data: Graph, shapes: Graph, only: Collection[Node] | None = None) -> list[Result]:
    """The results of pySHACL on *data* (all shapes, or the targeted shapes *only*)."""
    from pyshacl import validate as shacl_validate  # pySHACL takes 0.2 s to import: only when it runs

    if only is not None:
        subset = Graph(namespace_manager=shapes.namespace_manager)
        for triple in shapes:
            if triple[1] not in TARGETS or triple[0] in only:
                subset.add(triple)
        shapes = subset
    _, results, _ = shacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True,
                                   advanced=True)
    return [_result(results, shapes, r) for r in results.subjects(RDF.type, SH.ValidationResult)]


def _result(results: Graph, shapes: Graph, node: Node) -> Result:
    focus = results.value(node, SH.focusNode)
    assert focus is not None, "a SHACL result always has a focus node"
    component = results.value(node, SH.sourceConstraintComponent)
    expected = shapes.value(results.value(node, SH.sourceShape), SH["class"]) \
        if component == SH.ClassConstraintComponent else None
    return Result(focus=focus, path=_path(results, results.value(node, SH.resultPath)),
                  value=results.value(node, SH.value), severity=results.value(node, SH.resultSeverity) or SH.Violation,
                  component=component or SH.ConstraintComponent,
                  messages=tuple(m for m in results.objects(node, SH.resultMessage) if isinstance(m, Literal)),
                  expected_class=expected)


def _path(results: Graph, path: Node | None) -> tuple[URIRef, ...] | Node | None:
    if path is None or isinstance(path, URIRef):
        return None if path is None else (path,)
    items = list(results.items(path)) if isinstance(path, BNode) else []
    if items and all(isinstance(i, URIRef) for i in items):
        return tuple(i for i in items if isinstance(i, URIRef))
    return path
