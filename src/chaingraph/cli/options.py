"""What the commands share: exit codes, the choices of their options (enums) and the common options."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from chaingraph.errors import InputError
from chaingraph.store.spec import DEFAULT_STORE

__all__ = [
    "DEFAULT_STORE",
    "EXIT_CODES",
    "EXIT_FINDINGS",
    "EXIT_INPUT",
    "EXIT_OK",
    "STORE_HELP",
    "AssumeOption",
    "ChainOption",
    "CodesChoice",
    "DumpFormat",
    "GapsFormat",
    "GapsTable",
    "GraphOption",
    "Lang",
    "LangOption",
    "MaxTargetsOption",
    "MinFirmsOption",
    "NamedOnlyOption",
    "QueryFormat",
    "RegionOption",
    "ReportFormat",
    "StoreOption",
    "TableFormat",
    "TablesFormat",
    "WhatifFormat",
    "check_store",
]

# the exit codes of every command (main() turns errors into them; docs/cli.md lists them from EXIT_CODES)
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
EXIT_CODES = {
    EXIT_OK: "Success (validate: the data conforms; warnings are allowed).",
    EXIT_FINDINGS: "The check found problems: validate found violations; import's result breaks the shapes "
                   "(nothing written).",
    EXIT_INPUT: "Bad usage or unreadable input: an unknown command or option, a bad value, a file that cannot be "
                "read (the message names the file, line and column), an unknown region, chain or query, a store "
                "that cannot be reached, an output path that cannot be written (the message says which path, "
                "what is wrong and what to do). Nothing is loaded when any input file is bad; no file is left "
                "half-written.",
}


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class TableFormat(StrEnum):
    table = "table"
    json = "json"


class GapsFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class GapsTable(StrEnum):
    gaps = "gaps"
    links = "links"
    targets = "targets"
    coverage = "coverage"
    balance = "balance"


class WhatifFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    turtle = "turtle"
    nt = "nt"


class TablesFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


class CodesChoice(StrEnum):
    used = "used"
    all = "all"


class DumpFormat(StrEnum):
    nt = "nt"
    turtle = "turtle"


def check_store(value: str | None) -> str | None:
    """Validate --store early, with a message listing the accepted forms (docs/stores.md)."""
    if value is None:
        return None
    from chaingraph.store.spec import parse_store

    try:
        parse_store(value)
    except InputError as error:
        raise typer.BadParameter(str(error.problems[0])) from None
    return value


GraphOption = Annotated[
    list[Path] | None,
    typer.Option("--graph", "-g", help="RDF file or folder, or a folder/workbook of tables (CSV/XLSX), to use "
                 "instead of the bundled data (repeatable); the ontology is always loaded."),
]
LangOption = Annotated[Lang, typer.Option("--lang", "-l", help="Language of labels and messages.")]

STORE_HELP = ("Where the triples live: oxigraph (in memory, the default); memory (rdflib, in this process); "
              "oxigraph:PATH (a persistent store on disk, loaded once and reused; see chaingraph load); or the "
              "URL of a SPARQL 1.1 endpoint (http://… or https://…, read-only). See docs/stores.md.")
StoreOption = Annotated[str, typer.Option("--store", "-s", help=STORE_HELP, callback=check_store)]

# the region analysis options of gaps, report and render
RegionOption = Annotated[
    str, typer.Option("--region", "-r", help="Region by id, IRI or label (綦江区, 綦江, Qijiang).")]
ChainOption = Annotated[list[str] | None, typer.Option(
    "--chain", "-c", help="Chain by id, IRI or label (repeatable; default: all chains).")]
MinFirmsOption = Annotated[int, typer.Option(
    "--min-firms", "-k", min=1, help="Operating local actors a link needs to be present (fewer: weak).")]
NamedOnlyOption = Annotated[bool, typer.Option("--named-only", help="Count only actors the sources name.")]
MaxTargetsOption = Annotated[int, typer.Option(
    "--max-targets", min=1, help="招商 targets to rank per chain (best gaps first).")]
AssumeOption = Annotated[list[str] | None, typer.Option(
    "--assume", "-a", help="What if: NAME=STATUS (天鑫=operating), +NAME@LINK (+某公司@CU03), -NAME, or a scenario "
    "file (.toml, docs/scenarios.md); repeatable. Laid over the data for this run; nothing is written.")]
AsOfOption = Annotated[int | None, typer.Option(
    "--as-of", min=1, max=9999, help="Evaluate the data at the end of this year: companies, projects and capacity "
    "figures whose earliest dated source is later are left out; undated ones are kept (docs/scenarios.md).")]
