"""The chain graph in Jupyter: :func:`view` returns a :class:`GraphView`, shown inline as a sandboxed
``<iframe srcdoc>`` holding the same self-contained page, so it works in notebooks opened offline and in
exported HTML notebooks, isolated from the notebook itself."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path

from chaingraph.gaps.result import GapAnalysis
from chaingraph.output.render.data import MAX_COMPANIES
from chaingraph.output.render.page import to_html, write_atomic

__all__ = ["GraphView", "view"]


@dataclass(frozen=True)
class GraphView:
    """A rendered chain graph that Jupyter shows inline (a sandboxed ``<iframe srcdoc>`` of the same
    self-contained page); :meth:`save` writes it like :func:`render_html`."""

    html: str
    height: int = 720

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
                f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
                'title="chaingraph"></iframe>')

    def save(self, path: str | os.PathLike[str]) -> Path:
        return write_atomic(path, self.html)


def view(result: GapAnalysis, *, companies: bool = True, lang: str = "zh", max_companies: int = MAX_COMPANIES,
         height: int = 720) -> GraphView:
    """The chain graph of *result* for a notebook: ``view(result)`` as the last expression of a cell."""
    return GraphView(to_html(result, companies=companies, lang=lang, max_companies=max_companies), height)
