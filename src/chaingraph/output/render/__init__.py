"""Interactive HTML chain graphs (being split into modules: see :mod:`chaingraph.output.render.data`)."""

from chaingraph.output.render.data import (
    MAX_COMPANIES,
    PER_LINK,
    Context,
    GraphView,
    RenderError,
    build_data,
    chain_pages,
    render_html,
    to_html,
    view,
)
from chaingraph.output.render.layout import layout

__all__ = [
    "MAX_COMPANIES", "PER_LINK", "Context", "GraphView", "RenderError", "build_data", "chain_pages", "layout",
    "render_html", "to_html", "view",
]
