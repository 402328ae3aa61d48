"""The analysis of a region: ``gaps`` (on the terminal or as data), ``report`` (files) and ``render`` (HTML graph)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chaingraph._runtime import keep_until_exit
from chaingraph.cli.console import make_console, print_csv, stdout
from chaingraph.cli.opening import open_graph
from chaingraph.cli.options import (
    DEFAULT_STORE,
    AsOfOption,
    AssumeOption,
    ChainOption,
    GapsFormat,
    GapsTable,
    GraphOption,
    Lang,
    LangOption,
    MaxTargetsOption,
    MinFirmsOption,
    NamedOnlyOption,
    RegionOption,
    StoreOption,
)
from chaingraph.cli.snapshots import Side, side_label
from chaingraph.errors import InputError
from chaingraph.fileio import check_output
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.store.spec import parse_store

if TYPE_CHECKING:
    from chaingraph.gaps.result import GapAnalysis
    from chaingraph.whatif.compare import Comparison
    from chaingraph.whatif.diff import AnalysisDiff

__all__ = ["gaps", "render", "report"]


def gaps(
    region: RegionOption,
    chain: ChainOption = None,
    min_firms: MinFirmsOption = 2,
    named_only: NamedOnlyOption = False,
    max_targets: MaxTargetsOption = 50,
    graph: GraphOption = None,
    output: Annotated[GapsFormat, typer.Option("--format", "-f", help="Output format.")] = GapsFormat.table,
    table: Annotated[GapsTable, typer.Option("--table", "-t", help="Which table to print as csv.")] = GapsTable.gaps,
    lang: LangOption = Lang.zh,
    store: StoreOption = DEFAULT_STORE,
    assume: AssumeOption = None,
    as_of: AsOfOption = None,
    diff: Annotated[bool, typer.Option(
        "--diff", help="With --assume: show what the scenario changes against the data (statuses, coverage, 断链, "
        "gap ranking, targets) instead of the analysis.")] = False,
) -> None:
    """Gap analysis of a region's chains: 缺链/弱链/断链, coverage, 链主, ranked gaps and 招商 targets."""
    from chaingraph.cli.whatif import print_changes, scenario_of

    scenario = scenario_of(assume)
    if diff and scenario is None:
        raise InputError.single("--diff compares a scenario with the data", hint="give the scenario with --assume")
    kg = open_graph(graph, store, then=("chaingraph.gaps",))
    from chaingraph.gaps import analyze

    options = {"chains": chain, "min_firms": min_firms, "named_only": named_only, "lang": lang.value,
               "max_targets": max_targets, "evidence": False, "as_of": as_of}
    result = analyze(kg, region=region, scenario=scenario, **options)
    keep_until_exit(result)
    if diff:
        print_changes(analyze(kg, region=region, **options), result, output.value, table.value, lang.value)
        return
    if output is GapsFormat.json:
        print(result.to_json())
    elif output is GapsFormat.csv:
        print_csv(result.tables()[table.value])
    else:
        from chaingraph.output.terminal import print_gaps

        print_gaps(result, stdout(), lang.value)


def report(
    region: RegionOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the report files into.")],
    chain: ChainOption = None,
    formats: Annotated[str, typer.Option(
        "--formats", help="Comma-separated: html,md,json,xlsx,docx (default: every format whose library is "
        "installed; docx needs the docx extra).", show_default=False)] = "",
    min_firms: MinFirmsOption = 2,
    named_only: NamedOnlyOption = False,
    max_targets: MaxTargetsOption = 50,
    graph: GraphOption = None,
    lang: LangOption = Lang.zh,
    store: StoreOption = DEFAULT_STORE,
    assume: AssumeOption = None,
    as_of: AsOfOption = None,
    compare: Annotated[str | None, typer.Option(
        "--compare", help="Add a section comparing the region with these regions (comma-separated ids or names, "
        "e.g. 西彭,南川), as chaingraph compare does.")] = None,
    since: Annotated[list[Path] | None, typer.Option(
        "--since", help="Add a section 'since last time': what changed since this older data (RDF files or "
        "folders, or tables; repeatable), as chaingraph diff shows it.")] = None,
    since_store: Annotated[str | None, typer.Option(
        "--since-store", help="The older data of 'since last time' held in a store: oxigraph:PATH or a SPARQL "
        "endpoint URL (instead of --since files).")] = None,
    since_as_of: Annotated[int | None, typer.Option(
        "--since-as-of", min=1, max=9999, help="The older snapshot of 'since last time' is the data (of --since, "
        "or the report's own) at the end of this year.")] = None,
) -> None:
    """Write the gap-analysis report of a region (HTML, Markdown, JSON, XLSX, DOCX) into a folder."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from chaingraph.cli.whatif import scenario_of

    scenario = scenario_of(assume)
    wanted = _formats(formats)
    others = _regions_of(compare)
    _about_the_data(scenario is not None, others, since or since_store or since_as_of is not None)
    check_output(out, folder=True)
    console = make_console(stderr=True, highlight=False, soft_wrap=True)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                  transient=True) as progress:
        task = progress.add_task("loading the graph", total=None)
        kg = open_graph(graph, store, then=_report_imports(wanted))
        from chaingraph.gaps import analyze
        from chaingraph.output.reports import write_report

        progress.update(task, description="analysing")
        result = analyze(kg, region=region, chains=chain, min_firms=min_firms, named_only=named_only,
                         lang=lang.value, max_targets=max_targets, scenario=scenario, as_of=as_of)
        keep_until_exit(result)
        comparison = _comparison(kg, region, others, chain, min_firms, named_only, lang.value, as_of)
        older = Side(since or [], since_store, "--since", "--since-store")
        changes = _since(kg, region, (older, since_as_of, as_of), chain, min_firms, named_only, lang.value, store)
        graphs, assets = _graph_pages(result, lang.value) if "html" in wanted else (None, None)
        written = write_report(result, out, formats=wanted, graphs=graphs, graph_assets=assets,
                               comparison=comparison, since=changes,
                               progress=lambda step: progress.update(task, description=f"writing {step}"))
    for fmt, path in written.items():
        print(f"{fmt}\t{path}")


def _about_the_data(scenario: bool, compare: object, since: object) -> None:
    """``--compare`` and ``--since`` are about the data: refused with a scenario (``--assume``)."""
    for option, given in (("--compare", compare), ("--since", since)):
        if given and scenario:
            raise InputError.single(f"{option} is about the data, not a scenario", hint="leave out --assume, or "
                                    "write the scenario's report apart")


def _report_imports(formats: list[str]) -> tuple[str, ...]:
    """What a report in these formats imports after the load (the analysis, each format's libraries)."""
    from chaingraph.output.reports import NEEDS

    graph_pages = ("chaingraph.output.render",) if "html" in formats else ()
    return ("chaingraph.gaps", *graph_pages, *(module for f in formats for module in NEEDS.get(f, ())))


def _formats(formats: str) -> list[str]:
    """The report formats of ``--formats`` (all installed ones when empty); an error before anything is written
    for an unknown one or one whose library is missing (no half set of files)."""
    from chaingraph.output.reports import FORMATS, NEEDS_PACKAGES, available_formats

    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()] if formats.strip() else available_formats()
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise InputError.single(f"unknown report format '{(unknown or [formats])[0]}'",
                                hint=f"use a comma-separated list of {', '.join(FORMATS)}")
    lacking = [f for f in wanted if f not in available_formats()]
    if lacking:
        raise InputError.single(f"the {lacking[0]} report needs {' and '.join(NEEDS_PACKAGES[lacking[0]])}",
                                hint=f"pip install 'chaingraph[{lacking[0]}]', or leave {lacking[0]} out of --formats")
    return wanted


def _since(kg: KnowledgeGraph, region: str, older: tuple[Side, int | None, int | None],
           chain: list[str] | None, min_firms: int, named_only: bool, lang: str,
           store: str = DEFAULT_STORE) -> AnalysisDiff | None:
    """What changed since the older snapshot (``report --since``, ``--since-store``, ``--since-as-of``): the older
    data (or the report's own, at a year) against the report's data (at ``--as-of`` when given)."""
    side, year, as_of = older
    side.check("the older data")
    if side.store is not None and not side.holds_data():
        raise InputError.single(f"--since-store {side.store} names no data",
                                hint="give oxigraph:PATH or a SPARQL endpoint URL, or the files with --since")
    if not side.given() and year is None:
        return None
    from chaingraph.whatif.snapshot import snapshot_diff
    from chaingraph.words import whatif_words

    words = whatif_words(lang)  # type: ignore[arg-type]
    engine = store if parse_store(store).kind in ("memory", "oxigraph") else DEFAULT_STORE  # for --since files
    old = side.open(engine) if side.given() else kg
    before = side_label(side.name() if side.given() else "", year, lang) or words["older"]  # type: ignore[arg-type]
    after = side_label(words["report_data"], as_of, lang)  # type: ignore[arg-type]
    return snapshot_diff(old, kg, region, chains=chain, lang=lang, min_firms=min_firms,  # type: ignore[arg-type]
                         named_only=named_only, before_label=before, after_label=after, as_of=year, as_of_new=as_of)


def _regions_of(compare: str | None) -> list[str] | None:
    """The regions of ``--compare`` (comma-separated; full-width ，、 too); ``None`` without the option."""
    if compare is None:
        return None
    names = [n.strip() for n in compare.replace("，", ",").replace("、", ",").split(",") if n.strip()]
    if not names:
        raise InputError.single("--compare names no region", hint="give regions separated by commas, e.g. 西彭,南川")
    return names


def _comparison(kg: KnowledgeGraph, region: str, others: list[str] | None, chain: list[str] | None,
                min_firms: int, named_only: bool, lang: str, as_of: int | None) -> Comparison | None:
    """The region compared with *others* (``report --compare``), as ``chaingraph compare`` compares them."""
    if not others:
        return None
    from chaingraph.whatif.compare import compare_regions

    return compare_regions(kg, [region, *others], chains=chain, lang=lang,  # type: ignore[arg-type]
                           min_firms=min_firms, named_only=named_only, as_of=as_of)


def _graph_pages(result: GapAnalysis, lang: str) -> tuple[dict[str, str] | None, dict[str, str] | None]:
    """Interactive graph pages to embed in the HTML report, and the scripts they share (held once by the
    report); None (static map only) without the render extra."""
    from chaingraph.output.render import RenderError, chain_pages, graph_assets

    try:
        return chain_pages(result, lang=lang, shared=True), graph_assets()
    except RenderError as error:  # the vis-network assets come with the render extra (pyvis)
        make_console(stderr=True).print(f"note: {error}; the report shows the static chain map only", markup=False)
        return None, None


def render(
    region: RegionOption,
    out: Annotated[Path, typer.Option(
        "--out", "-o", dir_okay=False, help="The HTML file to write (required: nothing is written anywhere else; "
        "its folder must exist).")],
    chain: ChainOption = None,
    companies: Annotated[bool, typer.Option(
        "--companies/--no-companies", help="Draw the company layer (local companies and projects under their "
        "links, outside candidates greyed).")] = True,
    max_companies: Annotated[int, typer.Option(
        "--max-companies", min=0, help="Above this many company nodes, fold each link's companies into one "
        "'+N' node (unfolded on click).")] = 300,
    min_firms: MinFirmsOption = 2,
    graph: GraphOption = None,
    lang: LangOption = Lang.zh,
    store: StoreOption = DEFAULT_STORE,
    assume: AssumeOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Write the interactive chain graph of a region: one self-contained HTML file that works offline.

    Each chain flows left to right by stage, segments shaded, links coloured by status (gaps in red);
    click a node for its details, search by name, filter by chain and status.
    """
    from chaingraph.cli.whatif import scenario_of

    scenario = scenario_of(assume)
    check_output(out)
    kg = open_graph(graph, store, then=("chaingraph.gaps", "chaingraph.output.render"))
    from chaingraph.gaps import analyze
    from chaingraph.output.render import render_html

    result = analyze(kg, region=region, chains=chain, min_firms=min_firms, lang=lang.value, scenario=scenario,
                     as_of=as_of)
    keep_until_exit(result)
    path = render_html(result, out, companies=companies, lang=lang.value, max_companies=max_companies)
    print(f"{path}\t{path.stat().st_size // 1024} KB")
