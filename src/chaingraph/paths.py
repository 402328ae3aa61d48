"""Where the bundled ontology and data live, installed or in a source checkout."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

__all__ = ["RDF_SUFFIXES", "TABLE_FILES", "XLSX_SUFFIXES", "bundled_graph_dir", "cache_dir", "cache_enabled",
           "data_root", "display_path", "is_table_source", "ontology_dir", "shapes_file"]

#: the suffixes of the RDF files chaingraph reads (each with its parser in :data:`chaingraph.store.loading.RDF_FORMATS`)
RDF_SUFFIXES = (".ttl", ".turtle", ".nt", ".n3", ".rdf", ".owl", ".xml", ".jsonld", ".json-ld")
#: the CSV files that mark a folder as a folder of tables
TABLE_FILES = ("links.csv", "companies.csv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


def cache_dir() -> Path:
    """Where chaingraph keeps its cache files: ``CHAINGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/chaingraph``,
    else ``~/.cache/chaingraph`` (docs/stores.md)."""
    if os.environ.get("CHAINGRAPH_CACHE_DIR"):
        return Path(os.environ["CHAINGRAPH_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "chaingraph"


def cache_enabled() -> bool:
    """False when ``CHAINGRAPH_CACHE`` is ``off`` (or ``0``, ``no``, ``false``): nothing is kept between runs."""
    return os.environ.get("CHAINGRAPH_CACHE", "").lower() not in ("off", "0", "no", "false")


@cache
def data_root() -> Path:
    """The directory holding ``ontology/`` and ``graph/``.

    A wheel carries them inside the package (``chaingraph/_bundled``); a source checkout (and an
    editable install) has them at the repository root.
    """
    packaged = Path(__file__).resolve().parent / "_bundled"
    if (packaged / "ontology").is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError(f"chaingraph's ontology is missing: looked in {packaged} and {checkout}")


def ontology_dir() -> Path:
    return data_root() / "ontology"


def bundled_graph_dir() -> Path:
    return data_root() / "graph"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def display_path(path: Path) -> str:
    """*path* as users should see it: relative to the working directory or to the bundled data."""
    resolved = path.resolve()
    for base in (Path.cwd(), data_root()):
        if resolved.is_relative_to(base):
            return str(resolved.relative_to(base))
    return str(path)


def is_table_source(path: str | Path) -> bool:
    """True for a folder of chaingraph tables — holding ``links.csv`` or ``companies.csv`` and no RDF file — or an
    ``.xlsx`` workbook with one sheet per table (kept here, free of imports: opening a knowledge graph asks it for
    every path, and the table readers are imported only when there are tables).

    >>> is_table_source("nothing-here.ttl")
    False
    """
    path = Path(path)
    if path.is_file():
        return path.suffix.lower() in XLSX_SUFFIXES
    if not path.is_dir():
        return False
    names = {child.name.lower() for child in path.iterdir() if child.is_file()}
    if not names.intersection(TABLE_FILES):
        return False
    return not any(p.is_file() and p.suffix.lower() in RDF_SUFFIXES for p in path.rglob("*"))
