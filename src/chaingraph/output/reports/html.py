"""The HTML report: one self-contained, offline, printable file (Jinja2, autoescaped)."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from jinja2 import Environment, StrictUndefined, select_autoescape
from markupsafe import Markup

from chaingraph.output.linknames import join_links, link_names
from chaingraph.output.reports.context import pick
from chaingraph.output.reports.figures import quantity, series_chart, when
from chaingraph.output.reports.svg import chain_map, coverage_bars
from chaingraph.words import status_word

__all__ = ["render_report_html"]


def srcdoc(page: str) -> Markup:
    """*page* as the value of a single-quoted ``srcdoc`` attribute: only ``&`` and ``'`` need escaping there
    (a page's many double quotes stay one byte each, where autoescaping would make each five).

    >>> str(srcdoc("<b class=x>A & B's</b>"))
    '<b class=x>A &amp; B&#39;s</b>'
    """
    return Markup(page.replace("&", "&amp;").replace("'", "&#39;"))


def _environment() -> Environment:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    return env


def render_report_html(context: dict[str, Any], graphs: dict[str, str] | None = None,
                       assets: dict[str, str] | None = None) -> str:
    """The report as HTML text. *graphs* maps a chain id to an interactive graph page, embedded as an
    ``<iframe srcdoc>`` (shown on screen, left out when printing); pages made with ``shared=True``
    (:func:`chaingraph.output.render.chain_pages`) need *assets* (:func:`chaingraph.output.render.graph_assets`),
    which the report then holds once, whatever the number of chains."""
    lang = context["lang"]
    words = context["w"]
    names = {**words}
    template = _environment().from_string(
        (files("chaingraph.output") / "templates" / "report.html.j2").read_text(encoding="utf-8"))
    maps = {c["id"]: chain_map(c, lang, names) for c in context["analysis"]["chains"]}
    bars = {c["id"]: {"segment": coverage_bars([{**cell, "label": cell["label"] or "—"}
                                                for cell in c["coverage"]["by_segment"]], names),
                      "stage": coverage_bars([{**cell, "label": names.get(cell["key"], cell["key"])}
                                              for cell in c["coverage"]["by_stage"]], names)}
            for c in context["analysis"]["chains"]}
    charts = [series_chart(series, words, lang) for series in context["facts"]["series"]]
    names = {c["id"]: link_names(c, lang) for c in context["analysis"]["chains"]}
    return template.render(**context, maps=maps, bars=bars, charts=charts, graphs=graphs or {},
                           assets=assets if graphs else None,
                           pick=lambda label: pick(label, lang), srcdoc=srcdoc,
                           amount=lambda q: quantity(q["value"], q["unit"], q.get("bound"), lang),
                           when=lambda f: when(f, lang),
                           links=lambda chain, ids: join_links(ids, names[chain["id"]], lang),
                           status=lambda chain, code, link_id: status_word(
                               code, next((x["absence"] for x in chain["links"] if x["id"] == link_id), None), lang))
