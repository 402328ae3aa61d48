"""Is a path a set of chaingraph tables? (Kept free of heavy imports: opening a knowledge graph asks it for every path.)

A *table source* is either a folder holding ``links.csv`` or ``companies.csv`` (and no RDF file), or
one ``.xlsx`` workbook with one sheet per table.
"""

from __future__ import annotations

from pathlib import Path

from chaingraph.paths import RDF_SUFFIXES

__all__ = ["TABLE_FILES", "XLSX_SUFFIXES", "is_table_source"]

#: the CSV files that mark a folder as a folder of tables
TABLE_FILES = ("links.csv", "companies.csv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")



def is_table_source(path: str | Path) -> bool:
    """True for a folder of table CSVs (with no RDF file in it) or an ``.xlsx`` workbook.

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
