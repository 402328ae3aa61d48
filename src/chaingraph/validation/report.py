"""The validation report: SHACL results (:class:`Result`, what either engine finds) made readable.

A :class:`Finding` names the focus node by its label, the property, the offending value, the file and line
that describe the node, and — for a reference to something unknown — the closest known names; the
message in Chinese or English. The data is read through the few look-ups of an rdflib ``Graph``
(``subjects``, ``objects``, ``predicates``), which :class:`chaingraph.validation.data.OxigraphView`
answers on an Oxigraph store.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any
from typing import Literal as Choice

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from chaingraph.analysis.structure import chain_subgraph, forward_graph, loop_groups
from chaingraph.errors import clip, closest
from chaingraph.graphs import link_graph
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.vocab.namespaces import RDF, SH, SKOS
from chaingraph.words import pick

__all__ = ["Finding", "Lang", "Result", "ValidationReport", "finding", "loops", "order"]

Lang = Choice["zh", "en"]
_SEVERITY: dict[Node | None, str] = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
#: what the report reads of the data: an rdflib Graph, or an OxigraphView (the same look-ups)
Data = Any


@dataclass(frozen=True)
class Result:
    """One SHACL validation result, as either engine finds it (rdflib terms).

    *path* is the result path as its predicates (one, or a sequence), or the path node when it is neither;
    *expected_class* the ``sh:class`` of the source shape of a class constraint (for suggestions);
    *messages* the result messages in the order pySHACL writes them.
    """

    focus: Node
    path: tuple[URIRef, ...] | Node | None
    value: Node | None
    severity: Node
    component: Node
    messages: tuple[Literal, ...]
    expected_class: Node | None = None


@dataclass(frozen=True, order=True)
class Finding:
    """One SHACL result, made readable."""

    severity: str
    file: str | None
    line: int | None
    focus: str
    focus_label: str
    path: str | None
    value: str | None
    message: str
    suggestions: tuple[str, ...] = ()

    @property
    def place(self) -> str:
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        who = f"{self.focus_label} ({self.focus})" if self.focus_label != self.focus else self.focus
        text = f"{self.severity}: {who}"
        if self.path:
            text += f" — {self.path}"
        if self.value is not None:
            text += f" = {self.value}"
        text += f": {self.message}"
        if self.suggestions:
            text += f" — did you mean {', '.join(self.suggestions)}?"
        return f"{self.place}: {text}" if self.place else text


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`: ``conforms`` is False when there is at least one violation."""

    findings: list[Finding] = field(default_factory=list)
    triples: int = 0

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def text(self) -> str:
        lines = [str(f) for f in self.findings]
        verdict = "conforms" if self.conforms else "does not conform"
        lines.append(f"{self.triples} triples checked: {verdict} "
                     f"({len(self.violations)} violations, {len(self.warnings)} warnings)")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps({"conforms": self.conforms, "triples": self.triples,
                           "findings": [asdict(f) for f in self.findings]}, ensure_ascii=False, indent=2)


def order(f: Finding) -> tuple[object, ...]:
    """The order of findings in a report: severity, place, focus, path, value, message (a missing one first)."""
    return (f.severity, f.file or "", f.line or 0, f.focus, f.focus_label, f.path or "", f.value or "", f.message,
            f.suggestions)


def loops(kg: KnowledgeGraph, lang: Lang) -> list[Finding]:
    """Loops of mutual supply, as information: real supply relations loop, and the analysis handles them
    (docs/gap-analysis.md, "Loops"); a user should still know they are there, in case a flow is reversed.
    None when the links are too broken to form a graph (a link with two ids): the violations say why."""
    try:
        graph = link_graph(kg)
    except (KeyError, ValueError):
        return []
    findings = []
    for chain in sorted({d["chain"] for _, d in graph.nodes(data=True)}):
        for group in loop_groups(forward_graph(chain_subgraph(graph, chain))):
            label = graph.nodes[group[0]]["chain_label"]
            names = ", ".join(f"{n} {pick(graph.nodes[n]['label'], lang)}" for n in group)
            message = (f"这些环节互为上下游（循环供应）：{names}；分析按一个整体处理，若有流向写反请更正"
                       if lang == "zh" else
                       f"these links supply each other (a loop of mutual supply): {names}; the analysis treats them "
                       "as one group — if a flow is reversed by mistake, correct it")
            findings.append(Finding("info", None, None, chain, pick(label, lang) or chain, "cg:feeds", None, message))
    return findings


def finding(result: Result, data: Data, kg: KnowledgeGraph, lang: Lang) -> Finding:
    """*result* made readable: labels, places, the message in *lang* and, for an unknown reference, suggestions."""
    focus, value = result.focus, result.value
    described = _describer(data, focus)
    located = kg.source_map.locate(described) if isinstance(described, (URIRef, BNode)) else None
    message = _shorten_iris(data, _pick(list(result.messages), lang) or "constraint not met")
    suggestions: tuple[str, ...] = ()
    if result.component == SH.ClassConstraintComponent and isinstance(value, URIRef) and \
            result.expected_class is not None:
        suggestions = _closest_instances(data, value, result.expected_class)
    return Finding(
        severity=_SEVERITY.get(result.severity, "violation"),
        file=located[0] if located else None,
        line=located[1] if located else None,
        focus=clip(_short(data, focus)),
        focus_label=clip(_label(data, focus, lang)),
        path=_path_text(data, result.path) if result.path is not None else None,
        # a 50 MB label is named, not copied into the report
        value=clip(_short(data, value)) if value is not None and value != focus else None,
        message=clip(message, 400),
        suggestions=suggestions,
    )


def _describer(data: Data, node: Node) -> Node:
    """The named node that describes *node* (a blank node's owner), for labels and file places."""
    seen = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        owner = next(data.subjects(None, node), None)
        if owner is None:
            break
        node = owner
    return node


def _short(data: Data, node: Node) -> str:
    if isinstance(node, URIRef):
        try:
            return data.namespace_manager.normalizeUri(node)
        except Exception:
            return str(node)
    if isinstance(node, Literal):
        if isinstance(node.toPython(), (int, float)) or (node.datatype is not None and str(node.datatype).endswith(
                ("#decimal", "#boolean"))):
            return str(node)  # numbers read as numbers: -5, not "-5"^^xsd:integer
        return node.n3(data.namespace_manager)
    return f"_:{node}"


def _language(literal: Literal) -> str | None:
    # pyshacl drops the language tag of messages it fills in ({?var}); tell them apart by their script
    if literal.language:
        return literal.language
    return "zh" if re.search(r"[\u4e00-\u9fff]", str(literal)) else "en"


def _pick(literals: list[Node], lang: Lang) -> str | None:
    """The text of *literals* in *lang*, else English, else Chinese, else any."""
    texts = [lit for lit in literals if isinstance(lit, Literal)]
    for wanted in (lang, "en", "zh"):
        for lit in texts:
            if _language(lit) == wanted:
                return str(lit)
    return str(texts[0]) if texts else None


def _shorten_iris(data: Data, text: str) -> str:
    return re.sub(r"https?://[^\s<>\"]+", lambda m: _short(data, URIRef(m.group())), text)


def _label(data: Data, node: Node, lang: Lang) -> str:
    if isinstance(node, BNode):
        owner = _describer(data, node)
        if owner is not node:
            parent = next(data.subjects(None, node), None)
            predicate = next(data.predicates(parent, node), None) if parent is not None else None
            via = f" → {_short(data, predicate)}" if predicate is not None else ""
            return _label(data, owner, lang) + via
    label = _pick(list(data.objects(node, SKOS.prefLabel)), lang) or \
        _pick(list(data.objects(node, SKOS.notation)), lang)
    return label or _short(data, node)


def _path_text(data: Data, path: tuple[URIRef, ...] | Node) -> str:
    if isinstance(path, tuple):
        return "/".join(_short(data, i) for i in path)
    return str(path)


def _closest_instances(data: Data, value: URIRef, cls: Node) -> tuple[str, ...]:
    """Known instances of *cls* whose IRI or notation is closest to the unknown *value*."""
    candidates: dict[str, URIRef] = {}
    for instance in data.subjects(RDF.type, cls):
        if isinstance(instance, URIRef):
            candidates[_short(data, instance)] = instance
    wanted = _short(data, value)
    return tuple(closest(wanted, candidates))

