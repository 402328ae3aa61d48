"""Key figures: a region's stated numbers in the units a reader expects (「160亿元」, 「50万吨/年」), with
their year, kind (actual, target, planned) and source, and a small chart where a series exists.

>>> quantity(1.6e10, "CNY", "min", "zh"), quantity(5e5, "TONNE-PER-YR", None, "zh")
('超160亿元', '50万吨/年')
>>> quantity(43.68, "PERCENT", None, "zh"), quantity(0.01, "MilliM", None, "zh")
('43.68%', '0.01毫米')
>>> quantity(1.6e10, "CNY", "min", "en"), quantity(5e5, "TONNE-PER-YR", None, "en")
('over CNY 16 bn', '500,000 t/yr')
"""

from __future__ import annotations

from html import escape
from typing import Any

from chaingraph.words import BOUND_WORDS, MAGNITUDES, UNITS, Lang, pick, term

__all__ = ["chart_title", "figure_rows", "figure_series", "quantity", "series_chart", "when"]


def _number(value: float) -> str:
    """*value* with at most four significant digits, no trailing zeros: 160, 43.68, 0.01, 66.67."""
    text = f"{value:.4g}"
    if "e" in text:  # large numbers the magnitudes did not shorten
        return f"{value:,.0f}"
    return text


def quantity(value: object, unit: str, bound: str | None, lang: Lang) -> str:
    """A figure as a reader says it: the magnitude word (亿, 万; bn, m), the unit and the bound."""
    if not isinstance(value, int | float):
        return str(value)
    word = UNITS.get(unit, (unit, unit))[0 if lang == "zh" else 1]
    number = float(value)
    shown = _number(number) if abs(number) < 1e4 else f"{number:,.0f}"
    for size, name in MAGNITUDES[lang]:
        if abs(number) >= size and (lang == "zh" or unit == "CNY"):
            shown = _number(number / size) + name
            break
    if lang == "zh":
        text = f"{shown}{word}"
    elif unit == "CNY":
        text = f"CNY {shown}"
    else:
        text = f"{shown}{'' if word in ('', '%') or word.startswith('/') else ' '}{word}"
    prefix = BOUND_WORDS.get(bound or "", ("", ""))[0 if lang == "zh" else 1]
    return prefix + text


def when(figure: dict[str, Any], lang: Lang) -> str:
    """「2024年，实际值」 / "2024, actual": the year (where stated) and the kind of a figure."""
    kind = term("value_status", figure.get("status") or "actual", lang)
    if not figure.get("year"):
        return kind
    year = f"{figure['year']}年" if lang == "zh" else str(figure["year"])
    return f"{year}，{kind}" if lang == "zh" else f"{year}, {kind}"


def _metric(figure: dict[str, Any], words: dict[str, str], lang: Lang) -> str:
    return pick(figure.get("metric_label"), lang) or words[f"property_{figure['property']}"]


def _sources(item: dict[str, Any], lang: Lang) -> str:
    return "；".join(pick(s["title"], lang) or s["iri"].rsplit("/", 1)[-1] for s in item.get("sources", []))


def figure_rows(figures: list[dict[str, Any]], words: dict[str, str], lang: Lang) -> list[dict[str, str]]:
    """The rows of the key-figures table: about, indicator, value, year, kind, as stated, source."""
    return [{"entity": pick(f["entity_label"], lang) or f["entity"].rsplit("/", 1)[-1],
             "metric": _metric(f, words, lang), "value": quantity(f["value"], f["unit"], f.get("bound"), lang),
             "year": f.get("year") or "", "kind": term("value_status", f.get("status") or "actual", lang),
             "stated": f.get("stated") or "", "source": _sources(f, lang)} for f in figures]


def figure_series(figures: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The series of the figures: two or more values of one metric of one thing in one unit (an actual
    result and a target, or several years)."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for f in figures:
        if f.get("metric") and isinstance(f.get("value"), int | float):
            groups.setdefault((f["entity"], f["metric"], f["unit"]), []).append(f)
    return [group for group in groups.values() if len(group) >= 2]


def chart_title(series: list[dict[str, Any]], words: dict[str, str], lang: Lang) -> str:
    """What a series is of: 「綦江轻合金材料产业集群 · 产值」."""
    return f"{pick(series[0]['entity_label'], lang)} · {_metric(series[0], words, lang)}"


def series_chart(series: list[dict[str, Any]], words: dict[str, str], lang: Lang, width: int = 560) -> str:
    """A small SVG bar chart of one series (text escaped): one bar per value, labelled with its year and kind."""
    title = chart_title(series, words, lang)
    top = max(float(f["value"]) for f in series) or 1.0
    row, label_w = 24, 150
    bar_w = width - label_w - 130
    height = 26 + row * len(series)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
             f'<text x="0" y="14" class="h">{escape(title)}</text>']
    for i, f in enumerate(series):
        y = 24 + i * row
        w = bar_w * float(f["value"]) / top
        colour = "#2e7d32" if (f.get("status") or "actual") == "actual" else "#9e9e9e"
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" class="l">{escape(when(f, lang))}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="16" fill="{colour}"/>'
                     f'<text x="{label_w + w + 6:.1f}" y="{y + 13}" class="r">'
                     f'{escape(quantity(f["value"], f["unit"], f.get("bound"), lang))}</text>')
    parts.append("</svg>")
    return "".join(parts)
