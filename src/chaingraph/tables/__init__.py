"""Bring your own data: chains, links, flows, regions and companies as CSV or XLSX tables.

The table format is documented in ``docs/tables.md``. In short: a folder of CSV files (UTF-8 with or
without BOM, or GB18030/GBK) or one XLSX workbook with one sheet per table — ``chains``, ``links``,
``flows``, ``regions``, ``companies`` — with multi-valued cells separated by ``;`` or ``；``.

* :func:`read_tables` — tables → an rdflib graph, with warnings; every problem of every table is
  raised together as one :class:`~chaingraph.errors.InputError` naming file, row, column and value.
* :func:`export_tables` — any knowledge graph → tables (import → export → import gives the same graph).
* :func:`write_template` — the empty tables with their headers and commented example rows.
* Wherever chaingraph takes RDF files or folders (``KnowledgeGraph.open``, ``--graph``), a folder of
  tables or a workbook is converted in memory and loaded like an RDF file (:func:`convert_sources`, called
  by :mod:`chaingraph.knowledge`).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "links.csv").write_text("chain,id,label_zh,stage,feeds\\n"
...     "steel,ST01,炼铁,primary,ST02\\nsteel,ST02,炼钢,midstream,\\n", encoding="utf-8")
>>> result = read_tables(folder)
>>> from chaingraph.vocab.namespaces import SKOS
>>> sorted(str(o) for o in result.graph.objects(None, SKOS.notation))
['ST01', 'ST02', 'steel']
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from chaingraph._runtime import gc_paused
from chaingraph.errors import InputError, Problem
from chaingraph.fileio import atomic_output
from chaingraph.store.loading import SourceMap
from chaingraph.store.protocol import QueryableGraph
from chaingraph.tables.detect import is_table_source
from chaingraph.tables.from_rdf import export_rows
from chaingraph.tables.reader import read_source
from chaingraph.tables.schema import TABLES, CellProblem
from chaingraph.tables.to_rdf import ImportResult, read_tables, tables_to_graph
from chaingraph.tables.turtle import turtle_chunks
from chaingraph.tables.writer import table_format, write_tables, write_template
from chaingraph.vocab.namespaces import bind_prefixes

__all__ = [
    "TABLES", "CellProblem", "ImportResult", "add_to_source_map", "convert_sources", "export_tables",
    "is_table_source", "read_source", "read_tables", "tables_to_graph", "write_template", "write_turtle",
]

logger = logging.getLogger("chaingraph.tables")


def add_to_source_map(source_map: SourceMap, result: ImportResult) -> None:
    """Record which table row defines each entity, so validation findings point at ``file:row``."""
    for display, subjects in result.rows.items():
        lines: dict[int, list[str]] = {}
        for subject, row in subjects.items():
            lines.setdefault(row, []).append(f"<{subject}>")
        text = "\n".join(" ".join(lines.get(n, [])) for n in range(1, max(lines, default=0) + 1))
        source_map.add(display, text, subjects)


def convert_sources(paths: Sequence[Path], context: object = None, source_map: SourceMap | None = None,
                    ) -> tuple[list[Collection[tuple[Node, Node, Node]]], list[Problem]]:
    """Convert table sources to their triples for :mod:`chaingraph.knowledge`, which loads them into a store
    (as text on Oxigraph: no rdflib graph, which costs ≈ 2 KB a triple; benchmarks/README.md).

    *context* is what the tables may refer to besides themselves (the graphs or the store being
    loaded). Warnings are logged on the ``chaingraph.tables`` logger; problems are returned.
    """
    converted: list[Collection[tuple[Node, Node, Node]]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            result = read_tables(path, context)
        except InputError as error:
            problems.extend(error.problems)
            continue
        for warning in result.warnings:
            logger.warning(warning)
        if source_map is not None:
            add_to_source_map(source_map, result)
        converted.append(result.triples)
    return converted, problems


def write_turtle(graph: Graph | ImportResult, out: str | Path, header: str = "", *,
                 each: Callable[[str], None] | None = None) -> Path:
    """Write *graph* (or the triples of an import) as Turtle to *out* atomically (a temporary file renamed
    into place), as rdflib writes it with the chaingraph prefixes (:func:`~chaingraph.tables.turtle.turtle_text`).
    *each* is given every piece of the text (after the header) as it is written."""
    out = Path(out)
    if isinstance(graph, ImportResult):
        chunks: Iterable[str] = turtle_chunks(graph.triples)
    else:
        bind_prefixes(graph)
        chunks = [graph.serialize(format="turtle")]
    with gc_paused(), atomic_output(out) as stream:  # piece by piece: 10⁶ triples of text are not held twice
        if header:
            stream.write(("".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()) + "\n").encode())
        for chunk in chunks:
            if each is not None:
                each(chunk)
            stream.write(chunk.encode("utf-8"))
    return out


def export_tables(kg: QueryableGraph, out: str | Path, fmt: str | None = None, *,
                  bom: bool = False) -> tuple[list[Path], list[str]]:
    """Write the tables of the knowledge graph *kg* to the folder (CSV) or workbook (XLSX) *out*.

    Returns the files written and warnings about facts the tables cannot hold.
    """
    rows, warnings = export_rows(kg)
    return write_tables(rows, out, table_format(Path(out), fmt), bom=bom), warnings
