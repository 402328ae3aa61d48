"""The data files of an analysis as every output names them: the bundled data by name (「chaingraph 随附数据」),
other files and folders by their own name — never a path of this machine.

>>> from chaingraph.paths import bundled_graph_dir
>>> source_names([str(bundled_graph_dir()), "/home/me/2025/tables", "/home/me/2025/tables/"], "zh")
['chaingraph 随附数据', 'tables']
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from chaingraph.paths import bundled_graph_dir
from chaingraph.words import Lang, report_words

__all__ = ["source_names"]


def source_names(sources: Iterable[str], lang: Lang) -> list[str]:
    """The names of *sources* (files, folders, store specs), each once, in their order."""
    bundled = bundled_graph_dir().resolve()
    names: list[str] = []
    for source in sources:
        path = Path(source)
        name = report_words(lang)["bundled_data"] if path.resolve() == bundled else (path.name or source)
        if name not in names:
            names.append(name)
    return names
