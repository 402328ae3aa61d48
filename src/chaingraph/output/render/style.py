"""What the picture looks like, shared by the layout, the data island and the page: the page's own words
(:data:`UI`), its colours (:data:`STYLE`, from which the legend is drawn too) and its geometry.
"""

from __future__ import annotations

from typing import Any

from chaingraph.words import LANGS, LINK_STATUSES, graph_words

__all__ = [
    "ACTOR_STEP", "BAND_BOTTOM", "BAND_TOP", "BLOCK_GAP", "CELL_GAP", "CHAIN_GAP", "COLUMN_WIDTH", "LINE_HEIGHT",
    "ROWS", "STATUSES", "STYLE", "UI",
]

#: the link statuses, in the order of the filters and the legend
STATUSES = LINK_STATUSES

# geometry of the layout, in vis-network canvas units (pixels at zoom 1)
COLUMN_WIDTH = 200
BLOCK_GAP = 30
ROWS = 6
CELL_GAP = 24
LINE_HEIGHT = 20
ACTOR_STEP = 27
BAND_TOP = 104
BAND_BOTTOM = 28
CHAIN_GAP = 80

#: the page's own words, by language (:func:`chaingraph.words.graph_words`)
UI: dict[str, dict[str, Any]] = {lang: graph_words(lang) for lang in LANGS}

#: Colours of the picture (the legend is drawn from the same values).
STYLE: dict[str, Any] = {
    "status": {"present": "#2e7d32", "weak": "#f9a825", "planned": "#1e88e5", "missing": "#e53935"},
    "status_border": {"present": "#1b5e20", "weak": "#c17900", "planned": "#0d47a1", "missing": "#b71c1c"},
    "targeted": "#7b1fa2", "broken": "#212121",
    "kinds": {"material": "#546e7a", "component": "#3949ab", "energy": "#ef6c00", "service": "#00897b",
              "equipment": "#8d6e63", "scrap": "#7cb342"},
    "company": {"firm": {"background": "#ffffff", "border": "#546e7a", "text": "#263238"},
                "project": {"background": "#e3f2fd", "border": "#1e88e5", "text": "#0d47a1"},
                "target": {"background": "#f1f1f1", "border": "#9e9e9e", "text": "#757575"}},
    "segments": ["#eef3f8", "#f0f6ec", "#f5f0f8", "#f8f4ea", "#ecf6f6", "#f3f3f3"],
    "segment_gap": "#fdecea",
    "font": "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', system-ui, sans-serif",
    "actor_step": ACTOR_STEP,
}
