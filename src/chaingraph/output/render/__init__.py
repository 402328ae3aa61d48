"""Interactive HTML chain graphs: one self-contained file that works offline, escapes every name, and
stays usable when a chain has thousands of companies.

:func:`render_html` writes the picture of a :class:`~chaingraph.gaps.GapAnalysis`; :func:`view` returns a
:class:`GraphView` that a Jupyter notebook displays inline; ``chaingraph render`` is the command. What the
picture encodes, and why pyvis's own ``Network`` is not used, is documented in ``docs/rendering.md``.

One module per job, each using only those listed before it:

* :mod:`~chaingraph.output.cjktext` (shared with the terminal) — CJK-aware wrapping and cutting of labels;
* :mod:`~chaingraph.output.render.style` — the page's words, colours and geometry
  (and :mod:`~chaingraph.output.render.errors`, :class:`RenderError`);
* :mod:`~chaingraph.output.render.layout` — the deterministic layout: chains as stacked bands, links left
  to right by stage;
* :mod:`~chaingraph.output.render.data` — the data island: links, companies (folded above a threshold),
  flows and chains as JSON;
* :mod:`~chaingraph.output.render.page` — the page: vis-network from pyvis, the Jinja2 template, the
  atomic UTF-8 write;
* :mod:`~chaingraph.output.render.notebook` — the inline view for Jupyter.

The renderer reads the analysis result only (:mod:`chaingraph.gaps.result`) and the words of
:mod:`chaingraph.words`; it never reads a store.

>>> from chaingraph.gaps import analyze
>>> result = analyze(region="綦江区", chains=["copper"])
>>> page = to_html(result)
>>> page.startswith("<!DOCTYPE html>") and 'src="http' not in page and "<link" not in page
True
"""

from chaingraph.output.render.data import MAX_COMPANIES, PER_LINK, Context, build_data
from chaingraph.output.render.errors import RenderError
from chaingraph.output.render.layout import layout
from chaingraph.output.render.notebook import GraphView, view
from chaingraph.output.render.page import chain_pages, graph_assets, render_html, to_html

__all__ = [
    "MAX_COMPANIES", "PER_LINK", "Context", "GraphView", "RenderError", "build_data", "chain_pages", "graph_assets",
    "layout", "render_html", "to_html", "view",
]
