"""SHACL validation of a chaingraph graph, with a report people can act on.

:func:`validate` takes a :class:`~chaingraph.knowledge.KnowledgeGraph` (or paths to open one) and returns a
:class:`ValidationReport`: machine data (one :class:`Finding` per problem) and human text, in Chinese
or English. Each finding names the focus node by its label, the property, the offending value, the
file and line that describe the node, and — for a reference to something unknown — the closest known
names.

Two engines give the same findings. ``"fast"`` (the default, :mod:`chaingraph.validation.engine`) evaluates
each shape for all its focus nodes at once, on the store itself (Oxigraph or rdflib), and hands any shape
it cannot evaluate exactly as pySHACL does to pySHACL; ``"pyshacl"`` is pySHACL alone, the reference
(:mod:`chaingraph.validation.reference`), on an rdflib copy of an Oxigraph store.

>>> report = validate()          # the bundled data
>>> report.conforms
True
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Literal as Choice

from rdflib import Graph

from chaingraph._runtime import gc_paused
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.paths import shapes_file
from chaingraph.store.loading import load_files
from chaingraph.store.memory import MemoryStore
from chaingraph.store.oxigraph import OxigraphStore
from chaingraph.validation.report import Finding, Lang, Result, ValidationReport, finding, loops, order

__all__ = ["Engine", "Finding", "ValidationReport", "results", "validate"]

Engine = Choice["fast", "pyshacl"]
log = logging.getLogger("chaingraph.validation")


def validate(source: KnowledgeGraph | Sequence[str | Path] | None = None, *, lang: Lang = "en",
             shapes: str | Path | None = None, engine: Engine = "fast") -> ValidationReport:
    """Validate a knowledge graph (or the files *source*, or the bundled data) against the shapes."""
    with gc_paused():  # the per-predicate indexes are 10⁶ new objects: the collector would rescan them
        kg = source if isinstance(source, KnowledgeGraph) else KnowledgeGraph.open(source)
        data = _view(kg)
        found = results(kg, load_files([shapes or shapes_file()]), engine)
        # a set: a node that two targets of one shape select (sh:targetClass and sh:targetObjectsOf) is
        # reported once per target by pySHACL, the same finding twice
        findings = sorted({*(finding(r, data, kg, lang) for r in found), *loops(kg, lang)}, key=order)
    return ValidationReport(findings, len(kg))


def results(kg: KnowledgeGraph, shapes: Graph, engine: Engine = "fast") -> list[Result]:
    """The SHACL results of *kg* against the shapes graph *shapes*, by *engine* (in no particular order)."""
    if engine == "pyshacl":
        from chaingraph.validation.reference import run_pyshacl

        return run_pyshacl(kg.graph, shapes)
    from chaingraph.validation.data import OxigraphData, RdflibData
    from chaingraph.validation.engine import Engine as FastEngine
    from chaingraph.validation.shapes import name, read_shapes

    store = kg.store
    if isinstance(store, OxigraphStore):
        data: OxigraphData | RdflibData = OxigraphData(store.store)
    elif isinstance(store, MemoryStore):
        data = RdflibData(store.graph)
    else:  # a SPARQL endpoint: its triples, read once
        data = RdflibData(kg.graph)
    model = read_shapes(shapes)
    fast = FastEngine(model, data)
    found = fast.run()
    if model.unsupported:
        from chaingraph.validation.reference import run_pyshacl

        for node, why in sorted(model.unsupported.items(), key=lambda item: str(item[0])):
            log.info("the shape %s is validated by pySHACL: %s", name(shapes, node), why)
        found += run_pyshacl(kg.graph, shapes, only=set(model.unsupported))
    return found


def _view(kg: KnowledgeGraph) -> object:
    """What the report reads the data through: the memory store's own graph, or look-ups on Oxigraph."""
    if isinstance(kg.store, OxigraphStore):
        from chaingraph.validation.data import OxigraphView

        return OxigraphView(kg.store.store)
    if isinstance(kg.store, MemoryStore):
        return kg.store.graph
    return kg.graph
