"""Static SVG pictures for reports: a printable chain map and coverage bars. Text is escaped.

>>> bar = coverage_bars([{"label": "原铝", "by_status": {"present": 1, "weak": 1, "planned": 0, "missing": 5}}],
...                     {"present": "已有", "weak": "弱链", "planned": "在建/计划", "missing": "缺链"})
>>> bar.startswith("<svg") and "原铝" in bar
True
"""

from __future__ import annotations

from html import escape
from typing import Any

from chaingraph.words import pick

__all__ = ["COLOURS", "TEXT_ON", "chain_map", "coverage_bars", "map_layout", "short_label"]

#: status → fill colour (colour-blind-safe pairs: green/amber/blue/red with distinct lightness)
COLOURS = {"present": "#2e7d32", "weak": "#f9a825", "planned": "#1e88e5", "missing": "#c62828"}
TEXT_ON = {"present": "#ffffff", "weak": "#1a1a1a", "planned": "#ffffff", "missing": "#ffffff"}
STAGES = ("service", "input", "primary", "midstream", "downstream", "recycling")  # enablers first: they feed forward


def _t(text: object) -> str:
    return escape(str(text), quote=True)


def coverage_bars(cells: list[dict[str, Any]], names: dict[str, str], width: int = 640) -> str:
    """Horizontal stacked bars, one per cell (segment or stage), by status."""
    row, label_w, bar_w = 26, 170, width - 170 - 60
    height = row * len(cells) + 34
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img">']
    for i, cell in enumerate(cells):
        y = i * row + 4
        counts = cell["by_status"]
        total = sum(counts.values()) or 1
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" class="l">{_t(cell["label"])}</text>')
        x = float(label_w)
        for status in ("present", "weak", "planned", "missing"):
            w = bar_w * counts.get(status, 0) / total
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="18" fill="{COLOURS[status]}">'
                             f'<title>{_t(names[status])}: {counts[status]}</title></rect>')
                if w > 16:
                    parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 13}" text-anchor="middle" class="n" '
                                 f'fill="{TEXT_ON[status]}">{counts[status]}</text>')
                x += w
        operating = counts.get("present", 0) + counts.get("weak", 0)
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 14}" class="r">{operating}/{total}</text>')
    y = len(cells) * row + 12
    x = float(label_w)
    for status in ("present", "weak", "planned", "missing"):
        parts.append(f'<rect x="{x:.0f}" y="{y}" width="12" height="12" fill="{COLOURS[status]}"/>'
                     f'<text x="{x + 16:.0f}" y="{y + 10}" class="k">{_t(names[status])}</text>')
        x += 16 + 14 * len(names[status]) + 18
    parts.append("</svg>")
    return "".join(parts)


#: the chain map's geometry: box width and height, gaps between columns and rows, room for the stage titles
BOX_W, BOX_H, GAP_X, GAP_Y, TOP = 150, 40, 60, 12, 30


def map_layout(chain: dict[str, Any]) -> dict[str, Any]:
    """Where the chain map puts things: ``width``, ``height``, ``columns`` (stage, x) and ``boxes`` (link id →
    (x, y)), links in stage columns (enablers first), by id within a column. The SVG and the PNG of the
    DOCX report (:mod:`~chaingraph.output.reports.mapimage`) draw from it."""
    columns: dict[str, list[dict[str, Any]]] = {s: [] for s in STAGES}
    for link in chain["links"]:
        columns.setdefault(link["stage"], []).append(link)
    used = [s for s in STAGES if columns.get(s)]
    tallest = max((len(columns[s]) for s in used), default=1)
    boxes: dict[str, tuple[float, float]] = {}
    for c, stage in enumerate(used):
        for r, link in enumerate(sorted(columns[stage], key=lambda item: item["id"])):
            boxes[link["id"]] = (10 + c * (BOX_W + GAP_X), TOP + r * (BOX_H + GAP_Y))
    return {"width": len(used) * (BOX_W + GAP_X) + 20, "height": TOP + tallest * (BOX_H + GAP_Y) + 10,
            "columns": [(stage, 10 + c * (BOX_W + GAP_X)) for c, stage in enumerate(used)], "boxes": boxes}


def short_label(link: dict[str, Any], lang: str) -> str:
    """A link's label cut to fit its box."""
    label = pick(link["label"], lang) or link["id"]
    return label if len(label) <= (10 if lang == "zh" else 22) else label[: (9 if lang == "zh" else 21)] + "…"


def chain_map(chain: dict[str, Any], lang: str, names: dict[str, str]) -> str:
    """The chain as boxes in stage columns, coloured by status, with its flows (return flows dashed).

    *chain* is one chain of the analysis JSON; flows come from its ``flows`` list (``{"from", "to",
    "is_return"}``).
    """
    box_w, box_h, gap_x = BOX_W, BOX_H, GAP_X
    layout = map_layout(chain)
    width, height, where = layout["width"], layout["height"], layout["boxes"]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>']
    for stage, x in layout["columns"]:
        parts.append(f'<text x="{x + box_w / 2}" y="18" text-anchor="middle" class="h">{_t(names.get(stage, stage))}'
                     "</text>")
    for flow in chain.get("flows", []):
        if flow["from"] not in where or flow["to"] not in where:
            continue
        (x1, y1), (x2, y2) = where[flow["from"]], where[flow["to"]]
        dash = ' stroke-dasharray="5 4"' if flow.get("is_return") else ""
        style = f'fill="none" stroke="#999" stroke-width="1"{dash} marker-end="url(#arrow)"'
        if x2 > x1:  # forward: right edge to left edge
            parts.append(f'<line x1="{x1 + box_w:.0f}" y1="{y1 + box_h / 2:.0f}" x2="{x2:.0f}" '
                         f'y2="{y2 + box_h / 2:.0f}" {style}/>')
        else:  # same column or backwards: a curve out to the right, around the boxes
            bend = x1 + box_w + (gap_x * 0.8 if x2 == x1 else gap_x * 0.5)
            parts.append(f'<path d="M{x1 + box_w:.0f},{y1 + box_h / 2:.0f} C{bend:.0f},{y1 + box_h / 2:.0f} '
                         f'{bend + (x2 - x1) * 0.3:.0f},{y2 + box_h / 2:.0f} {x2 + box_w:.0f},{y2 + box_h / 2:.0f}" '
                         f'{style}/>')
    for link in chain["links"]:
        if link["id"] not in where:
            continue
        x, y = where[link["id"]]
        status = link["status"]
        label = pick(link["label"], lang) or link["id"]
        stroke = ' stroke="#000" stroke-width="3"' if link.get("broken") else ""
        parts.append(f'<g><title>{_t(link["id"])} {_t(label)}: {_t(names[status])}</title>'
                     f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="5" fill="{COLOURS[status]}"{stroke}/>'
                     f'<text x="{x + 6}" y="{y + 16}" class="i" fill="{TEXT_ON[status]}">{_t(link["id"])}'
                     f'{" ★" if link.get("targeted") else ""}</text>'
                     f'<text x="{x + 6}" y="{y + 32}" class="b" fill="{TEXT_ON[status]}">{_t(short_label(link, lang))}'
                     '</text></g>')
    parts.append("</svg>")
    return "".join(parts)
