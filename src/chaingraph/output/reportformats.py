"""The report's formats and the libraries each needs, known without importing the writers (Jinja2, openpyxl,
python-docx): ``chaingraph report`` checks ``--formats`` before it starts, and imports the writers in a thread
while the graph loads (:func:`chaingraph.cli.opening.open_graph`).

>>> FORMATS
('html', 'md', 'json', 'xlsx', 'docx')
>>> set(available_formats()) <= set(FORMATS)
True
"""

from __future__ import annotations

import importlib.util

__all__ = ["FORMATS", "NEEDS", "NEEDS_PACKAGES", "available_formats"]

FORMATS = ("html", "md", "json", "xlsx", "docx")
#: the libraries a format needs beyond chaingraph's own (its extra: xlsx, docx)
NEEDS = {"xlsx": ("openpyxl",), "docx": ("docx", "PIL")}
#: the same, as the packages are called on PyPI
NEEDS_PACKAGES = {"xlsx": ("openpyxl",), "docx": ("python-docx", "Pillow")}


def available_formats() -> list[str]:
    """The formats whose libraries are installed: what ``chaingraph report`` writes when not told."""
    return [f for f in FORMATS if all(importlib.util.find_spec(name) for name in NEEDS.get(f, ()))]
