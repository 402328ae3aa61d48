"""Opening a command's graph: what the command needs next is imported while the graph loads, and the graph is
kept until the process ends (:mod:`chaingraph._runtime`).

>>> kg = open_graph(None, "oxigraph", then=("chaingraph.gaps",))
>>> import sys; "chaingraph.gaps" in sys.modules
True
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path

from chaingraph._runtime import importing_meanwhile, keep_until_exit
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.store.spec import parse_store

__all__ = ["open_graph"]


def open_graph(data: Sequence[Path] | None, store: str, *, then: Sequence[str] = (),
               with_bundled: bool = False) -> KnowledgeGraph:
    """:meth:`KnowledgeGraph.open` for a command (*data* None or empty: the bundled data), kept until the process
    ends. The modules in *then* are imported meanwhile when the graph loads into Oxigraph in memory: its parser
    leaves Python's lock free, so the analysis, the page's or the workbook's libraries (0.15–0.5 s) cost no time.
    Not for the other stores, whose opening imports modules of its own (rdflib's parsers, a client)."""
    overlap = then and parse_store(store).kind == "oxigraph"
    with importing_meanwhile(*then) if overlap else nullcontext():
        kg = KnowledgeGraph.open(list(data) if data else None, with_bundled=with_bundled, store=store)
    keep_until_exit(kg)
    return kg
