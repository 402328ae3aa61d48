"""The commands of ``chaingraph`` (registered in :mod:`chaingraph.cli`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from chaingraph.cli.console import print_csv, print_warnings, stdout
from chaingraph.cli.options import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    ChainOption,
    CodesChoice,
    DumpFormat,
    GapsFormat,
    GapsTable,
    GraphOption,
    Lang,
    LangOption,
    MaxTargetsOption,
    MinFirmsOption,
    NamedOnlyOption,
    QueryFormat,
    RegionOption,
    ReportFormat,
    StoreOption,
    TableFormat,
    TablesFormat,
    check_store,
)
from chaingraph.errors import InputError
from chaingraph.info import GraphInfo, graph_info
from chaingraph.knowledge import KnowledgeGraph

if TYPE_CHECKING:
    from chaingraph.gaps.result import GapAnalysis

__all__ = ["dump", "export_tables", "gaps", "import_tables", "info", "load", "query", "render", "report",
           "serve", "tables_template", "validate"]


def validate(
    files: Annotated[list[Path] | None, typer.Argument(
        help="RDF files or folders to check (default: the bundled data).", show_default=False)] = None,
    with_bundled: Annotated[bool, typer.Option(
        "--with-bundled",
        help="Check FILES together with the bundled data (e.g. companies on the bundled chains).")] = False,
    output: Annotated[ReportFormat, typer.Option("--format", "-f", help="Report format.")] = ReportFormat.text,
    lang: LangOption = Lang.en,
    store: StoreOption = "memory",
) -> None:
    """Check data against the chaingraph SHACL shapes.

    Exit 0 when it conforms (warnings allowed), 1 when there are violations (each listed with the focus
    node's label, the property and the message), 2 when a file cannot be read (file:line:column).
    """
    kg = KnowledgeGraph.open(files or None, with_bundled=with_bundled, store=store)
    from chaingraph.validation import validate as run_validation  # pyshacl: only when validating

    report = run_validation(kg, lang=lang.value)
    if output is ReportFormat.json:
        print(report.to_json())
    else:
        console = Console(highlight=False, soft_wrap=True)  # one finding per line, for grep
        for finding in report.findings:
            style = "red" if finding.severity == "violation" else "yellow"
            console.print(str(finding), style=style, markup=False)
        nv, nw = len(report.violations), len(report.warnings)
        if lang is Lang.zh:
            verdict = "[green]符合[/green]" if report.conforms else "[red]不符合[/red]"
            console.print(f"已检查 {report.triples} 个三元组：{verdict}约束（违规 {nv} 条，警告 {nw} 条）")
        else:
            verdict = "[green]conforms[/green]" if report.conforms else "[red]does not conform[/red]"
            console.print(f"{report.triples} triples checked: {verdict} ({nv} violations, {nw} warnings)")
    raise typer.Exit(EXIT_OK if report.conforms else EXIT_FINDINGS)


def info(
    graph: GraphOption = None,
    output: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.table,
    lang: LangOption = Lang.zh,
    store: StoreOption = "memory",
) -> None:
    """Show what the graph holds: chains, companies and projects per region, triples."""
    kg = KnowledgeGraph.open(graph or None, store=store)
    summary = graph_info(kg, lang=lang.value)
    if output is TableFormat.json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_info(summary, lang)


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
    store: StoreOption = "memory",
) -> None:
    """Gap analysis of a region's chains: 缺链/弱链/断链, coverage, 链主, ranked gaps and 招商 targets."""
    from chaingraph.gaps import analyze

    kg = KnowledgeGraph.open(graph or None, store=store)
    result = analyze(kg, region=region, chains=chain, min_firms=min_firms, named_only=named_only, lang=lang.value,
                     max_targets=max_targets, evidence=False)
    if output is GapsFormat.json:
        print(result.to_json())
    elif output is GapsFormat.csv:
        print_csv(result.tables()[table.value])
    else:
        from chaingraph.output.terminal import print_gaps

        print_gaps(result, stdout(), lang.value)


def query(
    spec: Annotated[str | None, typer.Argument(
        metavar="NAME|FILE.rq|'SELECT …'", help="A named query, a .rq file or SPARQL text.",
        show_default=False)] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="A parameter as key=value (repeatable), e.g. --param region=綦江区.")] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries and their parameters.")] = False,
    graph: GraphOption = None,
    output: Annotated[QueryFormat, typer.Option("--format", "-f", help="Output format.")] = QueryFormat.table,
    lang: LangOption = Lang.zh,
    store: StoreOption = "memory",
) -> None:
    """Run a named SPARQL query, a .rq file or SPARQL text (read-only); --list shows the named queries."""
    from chaingraph.sparql.catalogue import named_queries
    from chaingraph.sparql.run import run_query

    if list_queries:
        _print_query_list(named_queries(), lang.value, output)
        return
    if not spec:
        raise InputError.single("give a query name, a .rq file or SPARQL text", hint="chaingraph query --list")
    params: dict[str, object] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError.single(f"--param '{item}' is not key=value", hint="e.g. --param region=綦江区")
        params[key.strip()] = value
    kg = KnowledgeGraph.open(graph or None, store=store)
    from chaingraph.sparql.catalogue import load_query

    named = load_query(spec)
    if "lang" in {p.name for p in named.params} and "lang" not in params:
        params["lang"] = lang.value
    result = run_query(kg, named, params)
    if result.graph is not None:
        print(result.graph.serialize(format="turtle"))
    elif result.boolean is not None:
        print(json.dumps({"boolean": result.boolean}) if output is QueryFormat.json else str(result.boolean).lower())
    elif output is QueryFormat.json:
        print(result.to_json())
    elif output in (QueryFormat.csv, QueryFormat.tsv):
        sys.stdout.write(result.to_csv("," if output is QueryFormat.csv else "\t"))
    else:
        table = Table(show_lines=False)
        for name in result.variables:
            table.add_column(name, overflow="fold")
        for row in result.rows:
            table.add_row(*("" if row.get(v) is None else _short(str(row[v])) for v in result.variables))
        console = stdout()
        console.print(table)
        console.print(f"{len(result.rows)} 行" if lang is Lang.zh else f"{len(result.rows)} rows")


def _short(text: str) -> str:
    from chaingraph.vocab.namespaces import PREFIXES

    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return text


def _print_query_list(queries: dict, lang: str, output: QueryFormat) -> None:
    if output is QueryFormat.json:
        print(json.dumps([{"name": q.name, "title_zh": q.title_zh, "title_en": q.title_en,
                           "description": q.description,
                           "params": [{"name": p.name, "type": p.type, "default": p.default,
                                       "required": p.required, "description": p.description} for p in q.params]}
                          for q in queries.values()], ensure_ascii=False, indent=2))
        return
    table = Table(title="命名查询" if lang == "zh" else "Named queries", title_justify="left", show_lines=True)
    for column in ("name", "title", "parameters"):
        table.add_column(column, overflow="fold")
    for q in queries.values():
        params = "\n".join(f"{p.name}: {p.type}" + (
            "" if p.required else (f" = {p.default}" if p.default else " (optional)")) for p in q.params)
        table.add_row(q.name, q.title(lang), params)
    stdout().print(table)


def serve(
    graph: GraphOption = None,
    store: StoreOption = "memory",
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on. Loopback by default; any other address is logged as a warning.")] = (
        "127.0.0.1"),
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8000,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0.1, help="Seconds a query may run; past it, it is stopped and answered 503.")] = 30.0,
    max_rows: Annotated[int, typer.Option(
        "--max-rows", min=1, help="Rows (or triples) per result at most; longer results are cut and say so in "
        "the X-SPARQL-MaxRows header.")] = 10_000,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1, max=64, help="Worker processes, i.e. queries run at once (default: CPUs, 2 to 4).",
        show_default=False)] = None,
    cors_origin: Annotated[list[str] | None, typer.Option(
        "--cors-origin", help="Let web pages from this origin (scheme://host[:port]) read results, without "
        "credentials (repeatable). Default: no CORS headers.")] = None,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql (see docs/sparql-endpoint.md).

    Results by content negotiation (SPARQL JSON, XML, CSV, TSV; Turtle for CONSTRUCT/DESCRIBE). Updates are
    refused. Ctrl-C or SIGTERM stops the server and its workers. Needs the serve extra.
    """
    try:
        from chaingraph import server
    except ImportError as error:
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            f"error: chaingraph serve needs the 'serve' extra ({error.name or error} is not installed): "
            "pip install 'chaingraph[serve]'", style="red", markup=False)
        raise typer.Exit(EXIT_INPUT) from None
    options: dict[str, object] = {"workers": workers} if workers else {}
    config = server.ServerConfig(host=host, port=port, timeout=timeout, max_rows=max_rows,
                                 cors_origins=tuple(o.rstrip("/") for o in cors_origin or ()), **options)
    server.serve(KnowledgeGraph.open(graph or None, store=store), config)


def report(
    region: RegionOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the report files into.")],
    chain: ChainOption = None,
    formats: Annotated[str, typer.Option(
        "--formats", help="Comma-separated: html,md,json,xlsx.")] = "html,md,json,xlsx",
    min_firms: MinFirmsOption = 2,
    named_only: NamedOnlyOption = False,
    max_targets: MaxTargetsOption = 50,
    graph: GraphOption = None,
    lang: LangOption = Lang.zh,
    store: StoreOption = "memory",
) -> None:
    """Write the gap-analysis report of a region (HTML, Markdown, JSON, XLSX) into a folder."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from chaingraph.gaps import analyze
    from chaingraph.output.reports import FORMATS, write_report

    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise InputError.single(f"unknown report format '{(unknown or [formats])[0]}'",
                                hint=f"use a comma-separated list of {', '.join(FORMATS)}")
    if out.exists() and not out.is_dir():
        raise InputError.single("is a file, not a folder", file=out, hint="give a folder for --out")
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                  transient=True) as progress:
        task = progress.add_task("loading the graph", total=None)
        kg = KnowledgeGraph.open(graph or None, store=store)
        progress.update(task, description="analysing")
        result = analyze(kg, region=region, chains=chain, min_firms=min_firms, named_only=named_only,
                         lang=lang.value, max_targets=max_targets)
        graphs = _graph_pages(result, lang.value) if "html" in wanted else None
        written = write_report(result, out, formats=wanted, graphs=graphs,
                               progress=lambda step: progress.update(task, description=f"writing {step}"))
    for fmt, path in written.items():
        print(f"{fmt}\t{path}")


def _graph_pages(result: GapAnalysis, lang: str) -> dict[str, str] | None:
    """Interactive graph pages to embed in the HTML report; None (static map only) without the render extra."""
    from chaingraph.output.render import RenderError, chain_pages

    try:
        return chain_pages(result, lang=lang)
    except RenderError as error:  # the vis-network assets come with the render extra (pyvis)
        Console(stderr=True).print(f"note: {error}; the report shows the static chain map only", markup=False)
        return None


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
    store: StoreOption = "memory",
) -> None:
    """Write the interactive chain graph of a region: one self-contained HTML file that works offline.

    Each chain flows left to right by stage, segments shaded, links coloured by status (gaps in red);
    click a node for its details, search by name, filter by chain and status.
    """
    from chaingraph.gaps import analyze
    from chaingraph.output.render import render_html

    kg = KnowledgeGraph.open(graph or None, store=store)
    result = analyze(kg, region=region, chains=chain, min_firms=min_firms, lang=lang.value)
    path = render_html(result, out, companies=companies, lang=lang.value, max_companies=max_companies)
    print(f"{path}\t{path.stat().st_size // 1024} KB")


def import_tables(
    src: Annotated[Path, typer.Argument(help="A folder of CSV tables or an .xlsx workbook (see docs/tables.md).",
                                        show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="The Turtle file to write.", show_default=False)],
    with_bundled: Annotated[bool, typer.Option(
        "--with-bundled", help="Let the tables refer to the bundled chains, regions and companies "
        "(and validate with them); the output holds only the tables' facts.")] = False,
    lang: LangOption = Lang.en,
) -> None:
    """Import chains and companies from CSV/XLSX tables into a Turtle file that conforms to the shapes.

    Exit 0 when written; 1 when the result breaks the shapes (violations listed, nothing written); 2 when a
    table cannot be read or a cell is wrong (file, row, column, value, what was expected; nothing written).
    """
    from chaingraph.knowledge import with_imported
    from chaingraph.tables import read_tables, write_turtle

    bundled = KnowledgeGraph.open() if with_bundled else None
    result = read_tables(src, bundled.store if bundled else None)
    print_warnings(result.warnings)
    kg = with_imported(result, base=bundled)
    from chaingraph.validation import validate as run_validation  # pyshacl: only when validating

    report = run_validation(kg, lang=lang.value)
    console = Console(highlight=False, soft_wrap=True)
    for finding in report.findings:
        console.print(str(finding), style="red" if finding.severity == "violation" else "yellow", markup=False)
    if not report.conforms:
        console.print(f"{len(report.violations)} violations: nothing written to {out}", style="red", markup=False)
        raise typer.Exit(EXIT_FINDINGS)
    write_turtle(result.graph, out, header=f"Imported by `chaingraph import` from the tables '{result.name}'.\n"
                 "Edit the tables and import them again rather than editing this file.")
    from chaingraph.vocab.namespaces import CG

    counts = ", ".join(f"{result.count(cls)} {what}" for cls, what in (
        (CG.IndustryChain, "chains"), (CG.ChainLink, "links"), (CG.Region, "regions"), (CG.Enterprise, "companies")))
    console.print(f"wrote {len(result.graph)} triples ({counts}) to {out}", markup=False)


def export_tables(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for CSV files, or the .xlsx workbook to write.",
                                      show_default=False)],
    output: Annotated[TablesFormat | None, typer.Option(
        "--format", "-f", help="csv (a folder of files) or xlsx (one workbook); default: xlsx for a .xlsx path, "
        "else csv.", show_default=False)] = None,
    bom: Annotated[bool, typer.Option("--bom", help="Start the CSV files with a UTF-8 BOM (for Excel).")] = False,
    graph: GraphOption = None,
    store: StoreOption = "memory",
) -> None:
    """Export the chains, links, flows, regions and companies of a graph as tables (CSV or XLSX).

    Importing the tables gives back the facts the table format carries (docs/tables.md). Existing table
    files in the folder (or the workbook) are replaced.
    """
    from chaingraph.tables import export_tables as run_export

    kg = KnowledgeGraph.open(graph or None, store=store)
    written, warnings = run_export(kg, out, output.value if output else None, bom=bom)
    print_warnings(warnings)
    console = Console(highlight=False, soft_wrap=True)
    for path in written:
        console.print(f"wrote {path}", markup=False)


def tables_template(
    target: Annotated[Path, typer.Argument(help="Folder for the CSV files, or an .xlsx workbook to write.",
                                           show_default=False)],
    output: Annotated[TablesFormat | None, typer.Option(
        "--format", "-f", help="csv or xlsx; default: xlsx for a .xlsx path, else csv.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Write the empty tables (chains, links, flows, regions, companies) with their headers and a commented
    example row (remove the leading '#' to use it). Existing files are never overwritten without --force."""
    from chaingraph.tables import write_template

    console = Console(highlight=False, soft_wrap=True)
    for path in write_template(target, output.value if output else None, force=force):
        console.print(f"wrote {path}", markup=False)


class _LoadBars:
    """A rich progress bar per file for :func:`chaingraph.store.load_persistent`."""

    def __init__(self, progress: object) -> None:
        self.progress = progress
        self.task: object = None

    def start(self, total_bytes: int, files: int) -> None:
        pass

    def file(self, name: str, size: int) -> None:
        if self.task is not None:
            self.progress.update(self.task, completed=self.progress.tasks[-1].total)  # type: ignore[attr-defined]
        self.task = self.progress.add_task(name, total=max(size, 1))  # type: ignore[attr-defined]

    def advance(self, nbytes: int) -> None:
        self.progress.update(self.task, advance=nbytes)  # type: ignore[attr-defined]

    def step(self, text: str) -> None:
        if self.task is not None:
            self.progress.update(self.task, completed=self.progress.tasks[-1].total)  # type: ignore[attr-defined]
        self.progress.console.print(f"{text} …", markup=False)  # type: ignore[attr-defined]


def load(
    files: Annotated[list[Path] | None, typer.Argument(
        help="RDF files or folders (or CSV/XLSX tables) to load (default: the bundled data).",
        show_default=False)] = None,
    store: Annotated[str, typer.Option(
        "--store", "-s", help="The persistent store to load into: oxigraph:PATH (created when PATH is new or an "
        "empty folder; added to otherwise).", callback=check_store, show_default=False)] = "",
    codes: Annotated[CodesChoice, typer.Option(
        "--codes", help="Code lists to load with the ontology: the concepts the data refers to, or all.")] = (
        CodesChoice.used),
    compact: Annotated[bool, typer.Option(
        "--compact/--no-compact", help="Compact the store after loading: later queries run several times faster, "
        "for up to a quarter more loading time. --no-compact when more files follow at once.")] = True,
) -> None:
    """Load data, the ontology and the code concepts it refers to into a persistent Oxigraph store.

    Every later command reads it with --store oxigraph:PATH, without loading anything. Files are bulk-loaded
    at Oxigraph's own rate; when a file cannot be parsed the error says file:line and the store is put back
    as it was. See docs/stores.md.
    """
    from rich import progress as bars

    from chaingraph.knowledge import load_persistent
    from chaingraph.store.spec import parse_store

    spec = parse_store(store) if store else None
    if spec is None or spec.kind != "persistent":
        raise InputError.single("chaingraph load needs a persistent store", hint="--store oxigraph:PATH")
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    with bars.Progress(bars.TextColumn("{task.description}", markup=False), bars.BarColumn(), bars.DownloadColumn(),
                       bars.TransferSpeedColumn(), bars.TimeRemainingColumn(), console=console,
                       refresh_per_second=4) as progress:
        report = load_persistent(spec.path, files or None, codes=codes.value, compact=compact,
                                 progress=_LoadBars(progress))
    loading = report.seconds - report.compact_seconds
    rate = report.added / loading if loading else 0.0
    what = "new store" if report.created else "store"
    compacted = f", compacted in {report.compact_seconds:.1f} s" if compact else ""
    Console(highlight=False).print(
        f"loaded {len(report.files)} files into the {what} oxigraph:{report.path}: {report.triples} triples "
        f"({report.added:+d}) in {loading:.1f} s ({rate:,.0f} triples/s){compacted}", markup=False)


def dump(
    out: Annotated[Path, typer.Option("--out", "-o", dir_okay=False, help="The file to write: .nt (N-Triples) "
                                      "or .ttl (Turtle).", show_default=False)],
    output: Annotated[DumpFormat | None, typer.Option(
        "--format", "-f", help="nt or turtle; default: turtle for a .ttl file, else nt.", show_default=False)] = None,
    sort: Annotated[bool, typer.Option(
        "--sort/--no-sort", help="Sort the N-Triples, with stable blank-node labels, so that the same graph always "
        "gives the same file (--no-sort streams them, for very large stores).")] = True,
    graph: GraphOption = None,
    store: StoreOption = "memory",
) -> None:
    """Write everything the graph holds (data, ontology, code concepts) to one file, for any SPARQL server's loader.

    E.g. chaingraph dump --out chains.nt, then load chains.nt into Virtuoso, GraphDB, QLever or an Oxigraph server
    and use --store http://…/sparql (docs/stores.md).
    """
    from chaingraph.store.dump import dump as write_dump

    kg = KnowledgeGraph.open(graph or None, store=store)
    count = write_dump(kg.store, out, fmt=output.value if output else None, sort=sort)
    Console(highlight=False).print(f"wrote {count} triples to {out}", markup=False)


def _print_info(summary: GraphInfo, lang: Lang) -> None:
    zh = lang is Lang.zh
    console = stdout()
    chains = Table(title="产业链" if zh else "Chains", title_justify="left")
    for column in (("编号", "id"), ("名称", "name"), ("链段", "segments"), ("环节", "links"),
                   ("流", "flows"), ("官方表述", "official formula")):
        chains.add_column(column[0] if zh else column[1], justify="right" if column[1] in
                          ("segments", "links", "flows") else "left")
    for c in summary.chains:
        chains.add_row(str(c["id"] or ""), str(c["label"]), str(c["segments"]), str(c["links"]),
                       str(c["flows"]), str(c["formula"] or ""))
    console.print(chains)

    regions = Table(title="各地区企业与项目（含下辖地区与园区）" if zh else
                    "Companies and projects per region (including sub-regions and parks)", title_justify="left")
    for column in (("地区", "region"), ("编号", "id"), ("企业", "companies"), ("其中有环节", "in a link"),
                   ("项目", "projects")):
        regions.add_column(column[0] if zh else column[1],
                           justify="left" if column[1] in ("region", "id") else "right")
    by_iri = {r["region"]: r for r in summary.regions}

    def depth(region: dict[str, object]) -> int:
        level, parent = 0, region["parent"]
        while parent in by_iri and level < 20:
            level, parent = level + 1, by_iri[parent]["parent"]
        return level

    def add(region: dict[str, object]) -> None:
        regions.add_row("  " * depth(region) + str(region["label"]), str(region["id"] or ""),
                        str(region["companies"]), str(region["companies_in_links"]), str(region["projects"]))
        for child in sorted((r for r in summary.regions if r["parent"] == region["region"]),
                            key=lambda r: str(r["id"] or r["region"])):
            add(child)

    for root in sorted((r for r in summary.regions if r["parent"] not in by_iri),
                       key=lambda r: str(r["id"] or r["region"])):
        add(root)
    console.print(regions)

    projects = Table(title="项目" if zh else "Projects", title_justify="left")
    for column in (("项目", "project"), ("状态", "status"), ("地区", "region"), ("环节", "links"),
                   ("投资", "investment")):
        projects.add_column(column[0] if zh else column[1])
    for p in summary.projects:
        money = ""
        if p["investment"] is not None:
            unit = str(p["unit"] or "").rsplit("/", 1)[-1]
            money = p["stated"] if zh and p["stated"] else f"{float(p['investment']):,.0f} {unit}"
        projects.add_row(str(p["label"]), str(p["status_label"] or p["status"] or ""), str(p["region"] or ""),
                         str(p["links"] or ""), str(money))
    console.print(projects)
    console.print(f"共 {summary.triples} 个三元组" if zh else f"{summary.triples} triples")
