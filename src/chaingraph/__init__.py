"""chaingraph — industry-chain knowledge graphs.

The public entry points, imported on first use (``import chaingraph`` stays cheap)::

    from chaingraph import KnowledgeGraph, analyze
    kg = KnowledgeGraph.open()
    result = analyze(kg, region="綦江区")

The layers, from the bottom: ``vocab`` (namespaces, ontology, codes) → ``store`` (where triples live) →
``sparql`` (named queries) → ``tables`` (spreadsheets ↔ RDF) and ``graphs`` (RDF → networkx) →
``knowledge`` (files and tables into a store) → ``analysis`` (pure functions of graphs) → ``gaps``
(the analysis of a region) → ``output`` (terminal, HTML graph, reports) → ``server`` and ``cli``.
``docs/architecture.md`` shows where a new query, analysis or output format goes.
"""

from importlib import import_module
from typing import Any

from chaingraph._version import __version__

__all__ = ["KnowledgeGraph", "__version__", "analyze", "render_html", "run_query", "validate", "view", "write_report"]

_LAZY = {
    "KnowledgeGraph": "chaingraph.knowledge",
    "analyze": "chaingraph.gaps",
    "run_query": "chaingraph.sparql.run",
    "validate": "chaingraph.validation",
    "render_html": "chaingraph.output.render",
    "view": "chaingraph.output.render",
    "write_report": "chaingraph.output.reports",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'chaingraph' has no attribute {name!r}")
