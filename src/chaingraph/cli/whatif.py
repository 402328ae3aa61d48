"""What if, compared with whom, what changed: the scenario of ``--assume``, the printing of a diff, and the
commands ``chaingraph diff`` (two snapshots of the data) and ``chaingraph compare`` (regions side by side)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chaingraph._runtime import keep_until_exit
from chaingraph.cli.console import print_csv, stdout
from chaingraph.cli.opening import open_graph
from chaingraph.cli.options import (
    DEFAULT_STORE,
    AsOfOption,
    ChainOption,
    GraphOption,
    LangOption,
    MinFirmsOption,
    NamedOnlyOption,
    RegionOption,
    StoreOption,
    WhatifFormat,
    check_store,
)
from chaingraph.cli.options import (
    Lang as LangChoice,
)
from chaingraph.words import Lang, whatif_words

if TYPE_CHECKING:
    from chaingraph.gaps.result import GapAnalysis
    from chaingraph.gaps.scenario import Scenario

__all__ = ["compare_command", "diff_command", "print_changes", "scenario_of"]


def scenario_of(assume: list[str] | None) -> Scenario | None:
    """The scenario of the ``--assume`` values: scenario files (``.toml``) and assumptions, in the order given."""
    if not assume:
        return None
    from chaingraph.errors import InputError
    from chaingraph.gaps.scenario import Scenario
    from chaingraph.whatif.scenariofile import load_scenario

    scenario = Scenario(())
    problems = []
    texts = [value for value in assume if not value.strip().lower().endswith(".toml")]
    for value in assume:
        try:
            if value.strip().lower().endswith(".toml"):
                scenario = scenario + load_scenario(value.strip())
        except InputError as error:
            problems += error.problems
    try:
        scenario = scenario + Scenario.parse(texts) if texts else scenario
    except InputError as error:
        problems += error.problems
    if problems:
        raise InputError(problems)
    return scenario


def print_changes(before: GapAnalysis, after: GapAnalysis, output: str, table: str, lang: Lang) -> None:
    """What *after* (a scenario's analysis) changes against *before*, as a table, JSON or CSV rows."""
    from chaingraph.whatif.diff import diff_analyses
    from chaingraph.words import whatif_words

    diff = diff_analyses(before, after, whatif_words(lang)["base"], lang=lang)
    if output == "json":
        print(diff.to_json())
    elif output == "csv":
        print_csv(diff.rows())
    else:
        from chaingraph.output.changes import print_diff

        print_diff(diff, stdout(), lang)


OutOption = Annotated[Path | None, typer.Option(
    "--out", "-o", help="File to write (required with --format xlsx; json and csv go to stdout without it).")]
FormatOption = Annotated[WhatifFormat, typer.Option("--format", "-f", help="Output format.")]


def diff_command(
    region: RegionOption,
    graph: Annotated[list[Path] | None, typer.Option(
        "--graph", "-g", help="The older data: RDF file or folder, or tables (repeatable).")] = None,
    graph_new: Annotated[list[Path] | None, typer.Option(
        "--graph-new", "-G", help="The newer data: RDF file or folder, or tables (repeatable).")] = None,
    chain: ChainOption = None,
    min_firms: MinFirmsOption = 2,
    named_only: NamedOnlyOption = False,
    output: FormatOption = WhatifFormat.table,
    out: OutOption = None,
    lang: LangOption = LangChoice.zh,
    store: Annotated[str, typer.Option(
        "--store", "-s", callback=check_store, help="The older data as a store (oxigraph:PATH or a SPARQL endpoint "
        "URL) instead of --graph; or, with --graph, the engine to load the files into (oxigraph, memory).")
    ] = DEFAULT_STORE,
    store_new: Annotated[str | None, typer.Option(
        "--store-new", "-S", callback=check_store, help="The newer data as a store (oxigraph:PATH or a SPARQL "
        "endpoint URL) instead of --graph-new.")] = None,
    as_of: Annotated[int | None, typer.Option(
        "--as-of", min=1, max=9999, help="Evaluate the older data at the end of this year (docs/scenarios.md).")
    ] = None,
    as_of_new: Annotated[int | None, typer.Option(
        "--as-of-new", min=1, max=9999, help="Evaluate the newer data at the end of this year; with no newer data, "
        "the older graph is compared with itself at the two dates.")] = None,
) -> None:
    """What changed in a region between two snapshots of the data: link statuses, coverage, 断链, gaps, and the
    companies and projects added, moved in or out, closed, gone, advanced or changed, with their sources."""
    from chaingraph.cli.snapshots import Side, open_snapshots, side_label
    from chaingraph.store.spec import parse_store
    from chaingraph.whatif.snapshot import snapshot_diff

    _check(output, out)
    old_side = Side(graph or [], store, "--graph", "--store")
    new_side = Side(graph_new or [], store_new, "--graph-new", "--store-new")
    engine = store if parse_store(store).kind in ("memory", "oxigraph") else DEFAULT_STORE
    old, new, same = open_snapshots(old_side, new_side, as_of is not None or as_of_new is not None, engine)
    names = ("", "") if same else (old_side.name(), new_side.name())
    words = whatif_words(lang.value)
    before = side_label(names[0], as_of, lang.value) or words["all_years"]
    after = side_label(names[1], as_of_new, lang.value) or words["all_years"]
    diff = snapshot_diff(old, new, region, chains=chain, lang=lang.value, min_firms=min_firms, named_only=named_only,
                         before_label=before, after_label=after, as_of=as_of, as_of_new=as_of_new)
    if output is WhatifFormat.table:
        from chaingraph.output.changes import print_diff

        print_diff(diff, stdout(), lang.value)
    else:
        _emit(output, out, diff.to_json(), {"changes": diff.rows()})


def compare_command(
    region: Annotated[list[str], typer.Option(
        "--region", "-r", help="A region by id, IRI or label; give two or more.")],
    chain: ChainOption = None,
    min_firms: MinFirmsOption = 2,
    named_only: NamedOnlyOption = False,
    graph: GraphOption = None,
    output: FormatOption = WhatifFormat.table,
    out: OutOption = None,
    lang: LangOption = LangChoice.zh,
    store: StoreOption = DEFAULT_STORE,
    as_of: AsOfOption = None,
) -> None:
    """Regions side by side, chain by chain: each link's status, operating firms and capacity per region, the
    coverage per segment, and what each region has that the others lack (a region whose data does not cover a
    chain is shown as not covered)."""
    _check(output, out)
    kg = open_graph(graph, store, then=("chaingraph.whatif.compare",))
    from chaingraph.whatif.compare import compare_regions

    comparison = compare_regions(kg, region, chains=chain, lang=lang.value, min_firms=min_firms,
                                 named_only=named_only, as_of=as_of)
    keep_until_exit(comparison)
    if output is WhatifFormat.table:
        from chaingraph.output.comparison import print_comparison

        print_comparison(comparison, stdout(), lang.value)
    else:
        _emit(output, out, comparison.to_json(), comparison.tables())


def _check(output: WhatifFormat, out: Path | None) -> None:
    from chaingraph.errors import InputError
    from chaingraph.fileio import check_output

    if output is WhatifFormat.xlsx and out is None:
        raise InputError.single("--format xlsx writes a file", hint="give the file with --out")
    if out is not None:
        if output is WhatifFormat.table:
            raise InputError.single("--out is for --format json, csv or xlsx", hint="add --format")
        check_output(out)


def _emit(output: WhatifFormat, out: Path | None, text: str, tables: dict[str, list[dict[str, object]]]) -> None:
    """JSON, CSV (the first table, or all of them one after another with a blank line between) or XLSX, to *out*
    (written whole or not at all) or stdout."""
    from chaingraph.cells import csv_text
    from chaingraph.fileio import write_bytes, write_text

    if output is WhatifFormat.xlsx:
        from chaingraph.output.sheets import sheets_xlsx

        assert out is not None  # _check
        path = write_bytes(out, sheets_xlsx(tables))
        print(f"{path}\t{path.stat().st_size // 1024} KB")
        return
    if output is WhatifFormat.csv:
        text = "\n".join(csv_text(list(rows[0]), ([row.get(c) for c in rows[0]] for row in rows))
                         for rows in tables.values() if rows)
    elif not text.endswith("\n"):
        text += "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        write_text(out, text)

