"""The page: one self-contained HTML file that works offline (:func:`to_html`, :func:`chain_pages`,
:func:`render_html`).

* **vis-network from pyvis**: the installed ``pyvis`` package (the ``render`` extra) ships a tested copy of
  vis-network (9.1.2); its JavaScript and CSS are read from there and inlined. pyvis's own ``Network`` is
  not used: its template links Bootstrap from a CDN in every mode, and vis-network too in its default
  ``local`` mode and in ``remote``; it inserts some data as raw HTML (the heading and, once any title
  contains "href", every tooltip); ``add_node``/``add_edge``/``from_nx`` fill its lists in O(N²);
  ``from_nx`` mutates the networkx graph it is given; and ``write_html`` copies ``lib/`` into the current
  folder and writes in the locale's encoding (more in ``docs/rendering.md``).
* **Our own page**: the Jinja2 template ``output/templates/graph.html.j2`` with autoescape, no Bootstrap
  and no request to any host (its Content-Security-Policy forbids them). The data goes into the page
  once, as the JSON data island of :mod:`~chaingraph.output.render.data`, that the page's script
  (``graph.js``) reads with ``JSON.parse`` and turns into vis-network ``DataSet`` items. Text from data
  reaches the page only through ``textContent``, canvas text and vis-network's tooltips (which use
  ``innerText``), never through ``innerHTML``.
* **Deterministic**: no timestamp, no randomness; the same result gives a byte-identical file.
* **Writing**: UTF-8 whatever the locale, to a temporary file in the target folder moved into place with
  :func:`os.replace` — the file is either the old one or the complete new one.
"""

from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import replace
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from chaingraph._runtime import gc_paused
from chaingraph.fileio import write_text
from chaingraph.gaps.result import GapAnalysis
from chaingraph.output.render.data import MAX_COMPANIES, Context, build_data, island_json
from chaingraph.output.render.errors import RenderError
from chaingraph.output.render.style import STATUSES, STYLE
from chaingraph.words import FLOW_KINDS, pick

if TYPE_CHECKING:
    import jinja2

__all__ = ["VIS_VERSION", "chain_pages", "graph_assets", "render_html", "to_html", "write_atomic"]

#: The vis-network version that pyvis 0.3.2 ships and the page inlines.
VIS_VERSION = "9.1.2"


def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS as shipped inside the installed pyvis package."""
    spec = importlib.util.find_spec("pyvis")  # located, not imported: pyvis's import pulls in IPython
    if spec is None or not spec.submodule_search_locations:
        raise RenderError("the HTML graph needs vis-network, which chaingraph takes from the pyvis package: "
                          "pip install 'chaingraph[render]'")
    lib = Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib" / f"vis-{VIS_VERSION}"
    try:
        js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
        css = (lib / "vis-network.css").read_text(encoding="utf-8")
    except OSError as error:
        raise RenderError(f"vis-network {VIS_VERSION} is not where pyvis 0.3.2 ships it ({lib}): {error}; "
                          "pip install 'chaingraph[render]'") from None
    # a source-map comment would make developer tools ask for a file that is not there
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.M)
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    for name, text, end in (("vis-network.min.js", js, "</script"), ("vis-network.css", css, "</style")):
        if end in text.lower() or "<!--" in text:
            raise RenderError(f"{name} contains '{end}' or '<!--' and cannot be inlined safely")
    return js, css


def _template_text(name: str) -> str:
    return (files("chaingraph.output") / "templates" / name).read_text(encoding="utf-8")


def graph_assets() -> dict[str, str]:
    """The page's scripts and styles, for a document that embeds several graph pages made with
    ``shared=True`` (:func:`chain_pages`) and includes these once: ``vis_js``, ``app_js`` and ``css``."""
    js, css = _vis_assets()
    app_js, app_css = _template_text("graph.js"), _template_text("graph.css")
    for name, text, end in (("graph.js", app_js, "</script"), ("graph.css", app_css, "</style")):
        if end in text.lower() or "<!--" in text:  # pragma: no cover - our own files
            raise RenderError(f"{name} contains '{end}' or '<!--'")
    return {"vis_js": js, "app_js": app_js, "css": css + "\n" + app_css}


@cache
def _graph_template() -> jinja2.Template:
    """The page's template, compiled once per process (a report of 40 chains compiled it 40 times: 1.5 s)."""
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.from_string(_template_text("graph.html.j2"))


def _page(result: GapAnalysis, context: Context, *, companies: bool, lang: str, max_companies: int,
          title: str | None, shared: bool = False, assets: dict[str, str] | None = None) -> str:
    from markupsafe import Markup

    assets = assets or graph_assets()
    data = build_data(result, companies=companies, lang=lang, context=context, max_companies=max_companies)
    region = pick(data["region"]["label"], lang) or str(data["region"]["id"] or "")
    return _graph_template().render(
        lang="zh-CN" if lang == "zh" else "en", ui=data["ui"], title=title or data["ui"]["title"].format(region=region),
        vis_js=Markup(assets["vis_js"]), css=Markup(assets["css"]), app_js=Markup(assets["app_js"]), shared=shared,
        data=Markup(island_json(data)), style=STYLE, tool=data["tool"], statuses=STATUSES, kinds=FLOW_KINDS,
        folded=data["folded"], max_companies=max_companies, companies=data["companies"])


def to_html(result: GapAnalysis, *, companies: bool = True, lang: str = "zh",
            max_companies: int = MAX_COMPANIES, title: str | None = None) -> str:
    """The self-contained HTML page of *result* as a string (see :func:`render_html`)."""
    _vis_assets()  # fail early, before any work, when the render extra is missing
    return _page(result, Context.from_result(result), companies=companies, lang=lang,
                 max_companies=max_companies, title=title)


def chain_pages(result: GapAnalysis, *, lang: str = "zh", companies: bool = True,
                max_companies: int = MAX_COMPANIES, shared: bool = False) -> dict[str, str]:
    """One page per chain of *result*, by chain id (for embedding, e.g. in a report as ``<iframe srcdoc>``).

    Each page is self-contained; with *shared*, a page carries its data only and receives the scripts and
    styles (:func:`graph_assets`, included once by the embedding document) by ``postMessage`` from its
    parent, so that a report over many chains holds vis-network once (``docs/reports.md``)."""
    assets = graph_assets()  # read once for every page (and fail early when the render extra is missing)
    context = Context.from_result(result)
    # the collector paused: the pages' data are new containers by the hundred thousand, and each few thousand
    # of them made it scan the heap the analysis left (p23: 0.5 s of a 0.6 s page, benchmarks/README.md)
    with gc_paused():
        return {chain.id: _page(replace(result, chains=(chain,)), context, companies=companies, lang=lang,
                                max_companies=max_companies, title=None, shared=shared, assets=assets)
                for chain in result.chains}


def write_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write *text* as UTF-8 to *path* through a temporary file in the same folder and :func:`os.replace`;
    unlike :func:`chaingraph.fileio.write_text`, a missing folder is an error, not created."""
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise RenderError(f"{target}: the folder {folder} {what}")
    if target.is_dir():
        raise RenderError(f"{target} is a folder; give a file name such as {target / 'chains.html'}")
    return write_text(target, text)


def render_html(result: GapAnalysis, path: str | os.PathLike[str], *, companies: bool = True, lang: str = "zh",
                max_companies: int = MAX_COMPANIES, title: str | None = None) -> Path:
    """Write the interactive chain graph of *result* to *path*, one self-contained HTML file.

    Parameters
    ----------
    result
        A :class:`~chaingraph.gaps.GapAnalysis` (:func:`chaingraph.gaps.analyze`). It carries everything the
        picture shows: the flows between links, the companies' labels and capacities, and the sources of
        links and companies (read by ``analyze(…, evidence=True)``, the default).
    path
        The file to write (its folder must exist). Nothing else is written anywhere: the file appears
        complete or not at all (temporary file in the same folder + :func:`os.replace`), in UTF-8.
    companies
        Draw the company layer (local companies and projects under their links, outside candidate
        companies greyed). Their names stay in the side panel either way.
    lang
        Language of the labels and of the page (``"zh"`` or ``"en"``); the panel shows both labels.
    max_companies
        Above this many company nodes, companies are folded into a ``+N`` node per link.
    title
        The page title (default: "<region> · 产业链图谱").

    Returns
    -------
    The path written.
    """
    with gc_paused():  # the page's data are new containers by the hundred thousand (see chain_pages)
        page = to_html(result, companies=companies, lang=lang, max_companies=max_companies, title=title)
    return write_atomic(path, page)
