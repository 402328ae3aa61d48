"""The chain map and the figures' charts as PNG, drawn without a browser (Pillow), for the DOCX report: the same
boxes, colours and flows as the SVG of :mod:`~chaingraph.output.reports.svg`, the same bars as the charts of
:mod:`~chaingraph.output.reports.figures`, at twice their size for print.

Chinese labels need a CJK font: the first of :data:`FONT_FILES` found (``CHAINGRAPH_FONT`` names another);
without one, the boxes show their link ids only.
"""

from __future__ import annotations

import io
import os
from functools import cache
from pathlib import Path
from typing import Any

from chaingraph.output.reports.figures import chart_title, quantity, when
from chaingraph.output.reports.svg import BOX_H, BOX_W, COLOURS, GAP_X, TEXT_ON, map_layout, short_label
from chaingraph.words import Lang

__all__ = ["FONT_FILES", "cjk_font", "map_png", "series_png"]

#: CJK fonts looked for, in order: Debian/Ubuntu (fonts-noto-cjk, fonts-wqy-*), Windows, macOS
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf", "C:/Windows/Fonts/simsun.ttc", "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc", "/Library/Fonts/Arial Unicode.ttf",
)
SCALE = 2


@cache
def cjk_font() -> str | None:
    """The file of a font that has Chinese characters, or None."""
    wanted = os.environ.get("CHAINGRAPH_FONT")
    for name in ((wanted,) if wanted else ()) + FONT_FILES:
        if Path(name).is_file():
            return name
    return None


def _font(size: int) -> Any:
    from PIL import ImageFont

    path = cjk_font()
    if path is None:
        return ImageFont.load_default(size=size * SCALE)
    return ImageFont.truetype(path, size * SCALE)


def _arrow(draw: Any, x1: float, y1: float, x2: float, y2: float, dashed: bool) -> None:
    """A straight flow with an arrowhead at its end (dashed for a return flow)."""
    grey = (153, 153, 153)
    if dashed:
        steps = max(1, int(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5 // (9 * SCALE)))
        for i in range(steps):
            a, b = i / steps, (i + 0.55) / steps
            draw.line([(x1 + (x2 - x1) * a, y1 + (y2 - y1) * a), (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)],
                      fill=grey, width=SCALE)
    else:
        draw.line([(x1, y1), (x2, y2)], fill=grey, width=SCALE)
    length = max(1e-6, ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    size = 6 * SCALE
    draw.polygon([(x2, y2), (x2 - size * ux + size / 2 * uy, y2 - size * uy - size / 2 * ux),
                  (x2 - size * ux - size / 2 * uy, y2 - size * uy + size / 2 * ux)], fill=(119, 119, 119))


def map_png(chain: dict[str, Any], lang: str, names: dict[str, str]) -> bytes:
    """The chain map of one chain of the analysis JSON as PNG bytes (needs Pillow: the ``docx`` extra)."""
    from PIL import Image, ImageDraw

    layout = map_layout(chain)
    where = {k: (x * SCALE, y * SCALE) for k, (x, y) in layout["boxes"].items()}
    w, h, gap = BOX_W * SCALE, BOX_H * SCALE, GAP_X * SCALE
    image = Image.new("RGB", (layout["width"] * SCALE, layout["height"] * SCALE), "white")
    draw = ImageDraw.Draw(image)
    head, small, text = _font(12), _font(11), _font(12)
    for stage, x in layout["columns"]:
        draw.text((x * SCALE + w / 2, 18 * SCALE), names.get(stage, stage) if cjk_font() or lang == "en" else stage,
                  fill=(26, 26, 26), font=head, anchor="ms")
    for flow in chain.get("flows", []):
        if flow["from"] in where and flow["to"] in where:
            (x1, y1), (x2, y2) = where[flow["from"]], where[flow["to"]]
            if x2 > x1:
                _arrow(draw, x1 + w, y1 + h / 2, x2, y2 + h / 2, bool(flow.get("is_return")))
            else:  # same column or backwards: out to the right and back
                bend = x1 + w + gap * 0.4
                _arrow(draw, x1 + w, y1 + h / 2, bend, (y1 + y2) / 2 + h / 2, bool(flow.get("is_return")))
                _arrow(draw, bend, (y1 + y2) / 2 + h / 2, x2 + w, y2 + h / 2, bool(flow.get("is_return")))
    for link in chain["links"]:
        if link["id"] not in where:
            continue
        x, y = where[link["id"]]
        colour = COLOURS[link["status"]]
        draw.rounded_rectangle([x, y, x + w, y + h], radius=5 * SCALE, fill=colour,
                               outline="#000000" if link.get("broken") else colour, width=3 * SCALE)
        ink = TEXT_ON[link["status"]]
        draw.text((x + 6 * SCALE, y + 16 * SCALE), link["id"] + (" ★" if link.get("targeted") and cjk_font() else ""),
                  fill=ink, font=small, anchor="ls")
        if cjk_font() or lang == "en":
            draw.text((x + 6 * SCALE, y + 33 * SCALE), short_label(link, lang), fill=ink, font=text, anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def series_png(series: list[dict[str, Any]], words: dict[str, str], lang: Lang, width: int = 560) -> bytes:
    """One series of the key figures as a bar chart, PNG bytes: one bar per value (actual green, target or
    plan grey), labelled with its year and kind and the value as stated in its unit."""
    from PIL import Image, ImageDraw

    top = max(float(f["value"]) for f in series) or 1.0
    row, label_w = 24, 150
    bar_w = width - label_w - 130
    image = Image.new("RGB", (width * SCALE, (26 + row * len(series)) * SCALE), "white")
    draw = ImageDraw.Draw(image)
    font = _font(11)
    draw.text((0, 14 * SCALE), chart_title(series, words, lang), fill=(26, 26, 26), font=_font(12), anchor="ls")
    for i, f in enumerate(series):
        y = (24 + i * row) * SCALE
        w = bar_w * float(f["value"]) / top * SCALE
        colour = "#2e7d32" if (f.get("status") or "actual") == "actual" else "#9e9e9e"
        draw.text(((label_w - 6) * SCALE, y + 13 * SCALE), when(f, lang), fill=(51, 51, 51), font=font, anchor="rs")
        draw.rectangle([label_w * SCALE, y, label_w * SCALE + max(w, 1), y + 16 * SCALE], fill=colour)
        draw.text((label_w * SCALE + w + 6 * SCALE, y + 13 * SCALE),
                  quantity(f["value"], f["unit"], f.get("bound"), lang), fill=(51, 51, 51), font=font, anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
