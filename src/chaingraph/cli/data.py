"""Data in and out: ``validate``, tables (``import``, ``export``, ``template``), ``load`` and ``dump`` (stores)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chaingraph._runtime import keep_until_exit
from chaingraph.cli.console import make_console, print_warnings
from chaingraph.cli.opening import open_graph
from chaingraph.cli.options import (
    DEFAULT_STORE,
    EXIT_FINDINGS,
    EXIT_OK,
    CodesChoice,
    DumpFormat,
    GraphOption,
    Lang,
    LangOption,
    ReportFormat,
    StoreOption,
    TablesFormat,
    check_store,
)
from chaingraph.errors import InputError
from chaingraph.fileio import check_output
from chaingraph.knowledge import KnowledgeGraph

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from chaingraph.store.persistent import LoadReport
    from chaingraph.tables import ImportResult
    from chaingraph.validation.report import Finding

__all__ = ["dump", "export_tables", "import_tables", "load", "tables_template", "validate"]


def validate(
    files: Annotated[list[Path] | None, typer.Argument(
        help="RDF files or folders to check (default: the bundled data).", show_default=False)] = None,
    with_bundled: Annotated[bool, typer.Option(
        "--with-bundled",
        help="Check FILES together with the bundled data (e.g. companies on the bundled chains).")] = False,
    output: Annotated[ReportFormat, typer.Option("--format", "-f", help="Report format.")] = ReportFormat.text,
    lang: LangOption = Lang.en,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Check data against the chaingraph SHACL shapes.

    Exit 0 when it conforms (warnings allowed), 1 when there are violations (each listed with the focus
    node's label, the property and the message), 2 when a file cannot be read (file:line:column).
    """
    kg = open_graph(files, store, then=("chaingraph.validation",), with_bundled=with_bundled)
    from chaingraph.validation import validate as run_validation  # the shapes' engines: only when validating

    report = run_validation(kg, lang=lang.value)
    if output is ReportFormat.json:
        print(report.to_json())
    else:
        console = make_console(highlight=False, soft_wrap=True)  # one finding per line, for grep
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


def import_tables(
    src: Annotated[Path, typer.Argument(help="A folder of CSV tables or an .xlsx workbook (see docs/tables.md).",
                                        show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="The Turtle file to write.", show_default=False)],
    with_bundled: Annotated[bool, typer.Option(
        "--with-bundled", help="Let the tables refer to the bundled chains, regions and companies "
        "(and validate with them); the output holds only the tables' facts.")] = False,
    lang: LangOption = Lang.en,
    validate_result: Annotated[bool, typer.Option(
        "--validate/--no-validate", help="Check the result against the SHACL shapes before writing it; "
        "--no-validate writes it unchecked, for trusted pipelines that validate elsewhere.")] = True,
) -> None:
    """Import chains and companies from CSV/XLSX tables into a Turtle file that conforms to the shapes.

    Exit 0 when written; 1 when the result breaks the shapes (violations listed, nothing written); 2 when a
    table cannot be read or a cell is wrong (file, row, column, value, what was expected; nothing written).
    With --no-validate the cells are still checked, the shapes are not.
    """
    from chaingraph._runtime import gc_paused
    from chaingraph.tables import read_tables, write_turtle

    check_output(out)
    # one pause for the whole import: resumed between its steps, the collector scanned their 10⁶ new objects
    # twice (generations 0 and 1, ≈ 1 s of CPU at 100,000 companies)
    with gc_paused():
        bundled = KnowledgeGraph.open() if with_bundled else None
        result = read_tables(src, bundled.store if bundled else None)
        print_warnings(result.warnings)
        console = make_console(highlight=False, soft_wrap=True)
        from chaingraph.vocab.namespaces import CG

        counts = ", ".join(f"{result.count(cls)} {what}" for cls, what in (
            (CG.IndustryChain, "chains"), (CG.ChainLink, "links"), (CG.Region, "regions"),
            (CG.Enterprise, "companies")))
        done = f"wrote {len(result)} triples ({counts}) to {out}"
        header = (f"Imported by `chaingraph import` from the tables '{result.name}'.\n"
                  "Edit the tables and import them again rather than editing this file.")
        if validate_result:
            _write_validated(result, out, header, bundled, lang, console)
        else:
            write_turtle(result, out, header=header)
        console.print(done, markup=False)


def _write_validated(result: ImportResult, out: Path, header: str, bundled: KnowledgeGraph | None, lang: Lang,
                     console: Console) -> None:
    """Load the import into a store, write its Turtle beside *out* (hidden), let go of the triples, validate the
    store, and put the file in place only when it conforms: the triples and the validation's index of the
    store are never in memory together (peak 1.6 GB → benchmarks/README.md at 100,000 companies)."""
    from chaingraph.knowledge import with_imported
    from chaingraph.validation import validate as run_validation  # the shapes: only when validating

    unchecked = out.with_name(f".{out.name}.unchecked")
    try:
        kg = with_imported(result, base=bundled, turtle=unchecked, header=header)
        result.triples = {}
        report = run_validation(kg, lang=lang.value)
        keep_until_exit(kg, report)
        for finding in report.findings:
            console.print(str(finding), style="red" if finding.severity == "violation" else "yellow", markup=False)
        if not report.conforms:
            console.print(f"{len(report.violations)} violations: nothing written to {out}", style="red",
                          markup=False)
            _restated_hint(report.violations, bundled, console)
            raise typer.Exit(EXIT_FINDINGS)
        os.replace(unchecked, out)
    finally:
        unchecked.unlink(missing_ok=True)


def _restated_hint(violations: Sequence[Finding], bundled: KnowledgeGraph | None, console: Console) -> None:
    """With --with-bundled, say when violations are about things the bundled data already describes: the tables
    then restate them differently (a copy of the bundled chains with other evidence kinds or labels)."""
    if bundled is None:
        return
    from chaingraph.vocab.namespaces import iri

    restated = sorted({f.focus for f in violations if bundled.ask("ASK { ?s ?p ?o }", s=iri(f.focus))})
    if restated:
        shown = ", ".join(restated[:3]) + (" …" if len(restated) > 3 else "")
        verb = "is" if len(restated) == 1 else "are"
        console.print(f"{len(restated)} of the things these violations are about {verb} described by the bundled "
                      f"data too ({shown}): the tables restate them differently. If the tables hold the whole chains, "
                      "import them without --with-bundled; else leave those rows out and refer to the bundled ones "
                      "by id.", style="yellow", markup=False)


def export_tables(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for CSV files, or the .xlsx workbook to write.",
                                      show_default=False)],
    output: Annotated[TablesFormat | None, typer.Option(
        "--format", "-f", help="csv (a folder of files) or xlsx (one workbook); default: xlsx for a .xlsx path, "
        "else csv.", show_default=False)] = None,
    bom: Annotated[bool, typer.Option("--bom", help="Start the CSV files with a UTF-8 BOM (for Excel).")] = False,
    graph: GraphOption = None,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Export the chains, links, flows, regions and companies of a graph as tables (CSV or XLSX).

    Importing the tables gives back the facts the table format carries (docs/tables.md). Existing table
    files in the folder (or the workbook) are replaced.
    """
    from chaingraph.tables import export_tables as run_export

    _check_tables_output(out, output)
    kg = open_graph(graph, store)
    written, warnings = run_export(kg, out, output.value if output else None, bom=bom)
    print_warnings(warnings)
    console = make_console(highlight=False, soft_wrap=True)
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

    _check_tables_output(target, output)
    console = make_console(highlight=False, soft_wrap=True)
    for path in write_template(target, output.value if output else None, force=force):
        console.print(f"wrote {path}", markup=False)


def _check_tables_output(out: Path, output: TablesFormat | None) -> None:
    """The workbook, or the folder of CSV files, can be written (before the graph is read)."""
    xlsx = output is TablesFormat.xlsx or (output is None and out.suffix.lower() == ".xlsx")
    check_output(out, folder=not xlsx)


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
    as it was. Loading again is harmless: files and tables whose content the store holds are skipped
    ("already loaded, nothing done"); one loaded before that has changed since is refused (load into a new
    store). See docs/stores.md.
    """
    from rich import progress as bars

    from chaingraph.knowledge import load_persistent
    from chaingraph.store.spec import parse_store

    spec = parse_store(store) if store else None
    if spec is None or spec.kind != "persistent":
        raise InputError.single("chaingraph load needs a persistent store", hint="--store oxigraph:PATH")
    console = make_console(stderr=True, highlight=False, soft_wrap=True)
    with bars.Progress(bars.TextColumn("{task.description}", markup=False), bars.BarColumn(), bars.DownloadColumn(),
                       bars.TransferSpeedColumn(), bars.TimeRemainingColumn(), console=console,
                       refresh_per_second=4) as progress:
        report = load_persistent(spec.path, files or None, codes=codes.value, compact=compact,
                                 progress=_LoadBars(progress))
    _print_load(report, compact)


def _print_load(report: LoadReport, compact: bool) -> None:
    """What a load did: the files skipped (their content was loaded before), then the triples added."""
    console = make_console(highlight=False, soft_wrap=True)
    for name, where in report.skipped.items():
        same = f" (the same content as {where})" if where else ""
        console.print(f"already loaded, nothing done: {name}{same}", markup=False)
    if report.skipped and not report.files:
        console.print(f"the store oxigraph:{report.path} already holds every file given, unchanged: nothing done "
                      f"({report.triples} triples)", markup=False)
        return
    loading = report.seconds - report.compact_seconds
    rate = report.added / loading if loading else 0.0
    what = "new store" if report.created else "store"
    compacted = f", compacted in {report.compact_seconds:.1f} s" if compact else ""
    files = f"{len(report.files)} file{'' if len(report.files) == 1 else 's'}"
    console.print(
        f"loaded {files} into the {what} oxigraph:{report.path}: {report.triples} triples "
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
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Write everything the graph holds (data, ontology, code concepts) to one file, for any SPARQL server's loader.

    E.g. chaingraph dump --out chains.nt, then load chains.nt into Virtuoso, GraphDB, QLever or an Oxigraph server
    and use --store http://…/sparql (docs/stores.md).
    """
    from chaingraph.store.dumping import dump as write_dump

    check_output(out)
    kg = open_graph(graph, store)
    count = write_dump(kg.store, out, fmt=output.value if output else None, sort=sort)
    make_console(highlight=False).print(f"wrote {count} triples to {out}", markup=False)
