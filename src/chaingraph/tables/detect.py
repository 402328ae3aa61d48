"""Is a path a set of chaingraph tables? (:func:`chaingraph.paths.is_table_source`, where the package's loading asks
it without importing the table readers.)

A *table source* is either a folder holding ``links.csv`` or ``companies.csv`` (and no RDF file), or
one ``.xlsx`` workbook with one sheet per table.
"""

from chaingraph.paths import TABLE_FILES, XLSX_SUFFIXES, is_table_source

__all__ = ["TABLE_FILES", "XLSX_SUFFIXES", "is_table_source"]
