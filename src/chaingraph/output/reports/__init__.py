"""Gap-analysis reports: HTML (self-contained, offline, printable), Markdown, JSON, XLSX and DOCX.

>>> import tempfile
>>> from chaingraph.gaps import analyze
>>> paths = write_report(analyze(region="綦江区"), tempfile.mkdtemp(), formats=("md", "json"))
>>> sorted(paths)
['json', 'md']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chaingraph._runtime import gc_paused
from chaingraph.fileio import write_bytes, write_text
from chaingraph.gaps.result import GapAnalysis
from chaingraph.jsontext import dumps
from chaingraph.output.datafiles import source_names
from chaingraph.output.reportformats import FORMATS, NEEDS, NEEDS_PACKAGES, available_formats
from chaingraph.output.reports.context import report_context
from chaingraph.output.reports.docx import render_report_docx
from chaingraph.output.reports.html import render_report_html
from chaingraph.output.reports.markdown import render_report_markdown
from chaingraph.output.reports.xlsx import render_report_xlsx

if TYPE_CHECKING:
    from chaingraph.whatif.compare import Comparison
    from chaingraph.whatif.diff import AnalysisDiff

__all__ = ["FORMATS", "NEEDS", "NEEDS_PACKAGES", "available_formats", "report_json", "report_stem", "write_report"]

def report_stem(result: GapAnalysis) -> str:
    """The file name of a report, without suffix: ``gaps-<region id>``."""
    region = result.region.get("id") or result.region["iri"].rsplit("/", 1)[-1]
    return f"gaps-{region}-{result.parameters['lang']}"


def report_json(result: GapAnalysis, data_files: list[str], since: AnalysisDiff | None = None, *,
                data: dict[str, Any] | None = None) -> str:
    """The analysis JSON as the report writes it: the data files by name (no folder of this machine); with
    *since*, what changed since an older snapshot (``since``: the ``chaingraph.diff/1`` of ``chaingraph diff``).
    *data*: ``result.to_dict()`` when the caller has it."""
    data = {**(data if data is not None else result.to_dict()), "sources": data_files,
            **({"since": since.to_dict()} if since is not None else {})}
    return dumps(data) + "\n"  # indented by two spaces, by orjson (chaingraph.jsontext)


def write_report(result: GapAnalysis, out_dir: str | Path, *, formats: Sequence[str] = FORMATS,
                 graphs: dict[str, str] | None = None, graph_assets: dict[str, str] | None = None,
                 generated_at: datetime | None = None,
                 progress: Callable[[str], None] | None = None,
                 comparison: Comparison | None = None, since: AnalysisDiff | None = None) -> dict[str, Path]:
    """Write the report of *result* into *out_dir*, one file per format; return format → path.

    The evidence section lists what the findings rest on (read with the analysis: ``analyze(…, evidence=True)``,
    the default); *graphs* maps a chain id to an interactive graph page to embed in the HTML, and
    *graph_assets* are the scripts such pages share when made with ``shared=True``
    (:func:`chaingraph.output.render.chain_pages`, :func:`chaingraph.output.render.graph_assets`); *comparison*
    (:func:`chaingraph.whatif.compare.compare_regions` of the region and others) adds a section comparing them
    to the HTML and Markdown; *since* (:func:`chaingraph.whatif.snapshot.snapshot_diff` of an older snapshot against
    the report's data) adds "since last time" to every format. Each file is written atomically. No file holds a
    local path: the data files are named, not located.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown report format {unknown[0]!r}: use {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    with gc_paused():  # new containers by the million: see chaingraph.output.render.chain_pages
        return _write(result, out_dir, formats, graphs, graph_assets, generated_at, progress, comparison, since)


def _write(result: GapAnalysis, out_dir: Path, formats: Sequence[str], graphs: dict[str, str] | None,
           graph_assets: dict[str, str] | None, generated_at: datetime | None,
           progress: Callable[[str], None] | None, comparison: Comparison | None,
           since: AnalysisDiff | None) -> dict[str, Path]:
    stem = report_stem(result)
    step = progress or (lambda _: None)
    step("context")
    data = result.to_dict()  # once, for the JSON and the context; the JSON is written from it first, as it is
    lang = data["parameters"]["lang"]
    json_text = report_json(result, source_names(data["sources"], lang), since, data=data) if "json" in formats else ""
    context = report_context(result, generated_at=generated_at, comparison=comparison, since=since, data=data)
    written: dict[str, Path] = {}
    for fmt in formats:
        step(fmt)
        path = out_dir / f"{stem}.{fmt}"
        if fmt == "html":
            written[fmt] = write_text(path, render_report_html(context, graphs, graph_assets))
        elif fmt == "md":
            written[fmt] = write_text(path, render_report_markdown(context))
        elif fmt == "docx":
            written[fmt] = write_bytes(path, render_report_docx(context))
        elif fmt == "json":
            written[fmt] = write_text(path, json_text)
        else:
            written[fmt] = write_bytes(path, render_report_xlsx(context))
    return written
