"""Questions to a graph: ``info`` (what it holds), ``query`` (named or own SPARQL) and ``serve`` (an endpoint)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, SupportsFloat, cast

import typer

from chaingraph.cli.console import make_console, stdout
from chaingraph.cli.opening import open_graph
from chaingraph.cli.options import (
    DEFAULT_STORE,
    EXIT_INPUT,
    GraphOption,
    Lang,
    LangOption,
    QueryFormat,
    StoreOption,
    TableFormat,
)
from chaingraph.errors import InputError
from chaingraph.knowledge import KnowledgeGraph

if TYPE_CHECKING:
    from rich.table import Table

    from chaingraph.info import GraphInfo
    from chaingraph.sparql.catalogue import NamedQuery
    from chaingraph.sparql.run import QueryResult

__all__ = ["info", "query", "serve"]


def info(
    graph: GraphOption = None,
    output: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.table,
    lang: LangOption = Lang.zh,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Show what the graph holds: chains, companies and projects per region, triples."""
    from chaingraph.info import graph_info

    kg = open_graph(graph, store)
    summary = graph_info(kg, lang=lang.value)
    if output is TableFormat.json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_info(summary, lang)


def _print_info(summary: GraphInfo, lang: Lang) -> None:
    zh = lang is Lang.zh
    console = stdout()
    console.print(_chains_table(summary, zh))
    console.print(_regions_table(summary, zh))
    console.print(_projects_table(summary, zh))
    console.print(f"共 {summary.triples} 个三元组" if zh else f"{summary.triples} triples")


def _chains_table(summary: GraphInfo, zh: bool) -> Table:
    from rich.table import Table

    chains = Table(title="产业链" if zh else "Chains", title_justify="left")
    for column in (("编号", "id"), ("名称", "name"), ("链段", "segments"), ("环节", "links"),
                   ("流", "flows"), ("官方表述", "official formula")):
        chains.add_column(column[0] if zh else column[1], justify="right" if column[1] in
                          ("segments", "links", "flows") else "left")
    for c in summary.chains:
        chains.add_row(str(c["id"] or ""), str(c["label"]), str(c["segments"]), str(c["links"]),
                       str(c["flows"]), str(c["formula"] or ""))
    return chains


def _regions_table(summary: GraphInfo, zh: bool) -> Table:
    """The regions as a tree (each under its parent, indented), with their companies and projects."""
    from rich.table import Table

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
    return regions


def _projects_table(summary: GraphInfo, zh: bool) -> Table:
    from rich.table import Table

    projects = Table(title="项目" if zh else "Projects", title_justify="left")
    for column in (("项目", "project"), ("状态", "status"), ("地区", "region"), ("环节", "links"),
                   ("投资", "investment")):
        projects.add_column(column[0] if zh else column[1])
    for p in summary.projects:
        projects.add_row(str(p["label"]), str(p["status_label"] or p["status"] or ""), str(p["region"] or ""),
                         str(p["links"] or ""), _money(p, zh))
    return projects


def _money(project: dict[str, object], zh: bool) -> str:
    """A project's investment: as the source states it (in Chinese), else the amount and its unit."""
    if project["investment"] is None:
        return ""
    if zh and project["stated"]:
        return str(project["stated"])
    unit = str(project["unit"] or "").rsplit("/", 1)[-1]
    return f"{float(cast('SupportsFloat | str', project['investment'])):,.0f} {unit}"

def query(
    spec: Annotated[str | None, typer.Argument(
        metavar="NAME|FILE.rq|'SELECT …'", help="A named query, a .rq file or SPARQL text.",
        show_default=False)] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="A parameter as key=value (repeatable), e.g. --param region=綦江区.")] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries and their parameters.")] = False,
    graph: GraphOption = None,
    output: Annotated[QueryFormat, typer.Option(
        "--format", "-f", help="Output format: table, csv, tsv or json for SELECT and ASK; turtle (what table "
        "gives too) or nt (sorted N-Triples) for the graph of a CONSTRUCT or DESCRIBE.")] = QueryFormat.table,
    lang: LangOption = Lang.zh,
    store: StoreOption = DEFAULT_STORE,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Let the query call other SPARQL endpoints with SERVICE (requests go out from this "
        "machine). Without it such a query is refused before anything is sent.")] = False,
) -> None:
    """Run a named SPARQL query, a .rq file or SPARQL text (read-only); --list shows the named queries.

    SELECT rows and ASK answers come as a table, CSV, TSV or JSON; the graph of a CONSTRUCT or DESCRIBE as
    Turtle or sorted N-Triples (the same text on every store). A query with SERVICE is refused unless
    --allow-service.
    """
    from chaingraph.sparql.catalogue import load_query, named_queries
    from chaingraph.sparql.run import refuse_services, run_query
    from chaingraph.sparql.shape import query_shape

    if list_queries:
        _print_query_list(named_queries(), lang.value, output)
        return
    if not spec:
        raise InputError.single("give a query name, a .rq file or SPARQL text", hint="chaingraph query --list")
    params = _params(param or [])
    named = load_query(spec)
    shape = query_shape(named.text)
    if not allow_service:
        refuse_services(named, shape)  # before the store is opened: a remote one would be asked something
    _check_format(shape.form, output)
    kg = open_graph(graph, store)
    if "lang" in {p.name for p in named.params} and "lang" not in params:
        params["lang"] = lang.value
    _print_result(run_query(kg, named, params, allow_service=allow_service), output, lang)


def _params(items: list[str]) -> dict[str, object]:
    """The --param key=value options as a mapping (the query binds and checks the values)."""
    params: dict[str, object] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError.single(f"--param '{item}' is not key=value", hint="e.g. --param region=綦江区")
        params[key.strip()] = value
    return params


_GRAPH_FORMATS = (QueryFormat.table, QueryFormat.turtle, QueryFormat.nt)


def _check_format(form: str, output: QueryFormat) -> None:
    """*output* suits a query of *form*: a graph (CONSTRUCT, DESCRIBE) or rows (SELECT, ASK)."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    if graph and output not in _GRAPH_FORMATS:
        raise InputError.single(f"--format {output.value} is for rows: a {form} query gives a graph",
                                hint="use --format turtle or nt")
    if not graph and output in (QueryFormat.turtle, QueryFormat.nt):
        raise InputError.single(f"--format {output.value} is for the graph of a CONSTRUCT or DESCRIBE query: "
                                f"a {form} query gives {'rows' if form == 'SELECT' else 'true or false'}",
                                hint="use --format table, csv, tsv or json")


def _print_result(result: QueryResult, output: QueryFormat, lang: Lang) -> None:
    """A query's answer on stdout: Turtle or N-Triples for a graph, true/false for ASK, else the rows as *output*."""
    if result.graph is not None:
        from chaingraph.store.dumping import graph_text

        sys.stdout.write(graph_text(result.graph, "nt" if output is QueryFormat.nt else "turtle"))
    elif result.boolean is not None:
        print(json.dumps({"boolean": result.boolean}) if output is QueryFormat.json else str(result.boolean).lower())
    elif output is QueryFormat.json:
        print(result.to_json())
    elif output in (QueryFormat.csv, QueryFormat.tsv):
        sys.stdout.write(result.to_csv("," if output is QueryFormat.csv else "\t"))
    else:
        from rich.table import Table

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


def _print_query_list(queries: dict[str, NamedQuery], lang: str, output: QueryFormat) -> None:
    if output is QueryFormat.json:
        print(json.dumps([{"name": q.name, "title_zh": q.title_zh, "title_en": q.title_en,
                           "description": q.description,
                           "params": [{"name": p.name, "type": p.type, "default": p.default,
                                       "required": p.required, "description": p.description} for p in q.params]}
                          for q in queries.values()], ensure_ascii=False, indent=2))
        return
    from rich.table import Table

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
    store: StoreOption = DEFAULT_STORE,
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
    max_memory: Annotated[str, typer.Option(
        "--max-memory", help="Memory one query may add to its worker process, e.g. 512M or 2G (the loaded graph, "
        "which the workers share, is not counted); a query that needs more is stopped and answered 503, and "
        "the worker replaced.")] = "1G",
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql (see docs/sparql-endpoint.md).

    Results by content negotiation (SPARQL JSON, XML, CSV, TSV; Turtle for CONSTRUCT/DESCRIBE). Updates are
    refused. Each query runs in a worker process, within --timeout and --max-memory. Ctrl-C or SIGTERM stops
    the server and its workers. Needs the serve extra.
    """
    try:
        from chaingraph import server
    except ImportError as error:
        make_console(stderr=True, highlight=False, soft_wrap=True).print(
            f"error: chaingraph serve needs the 'serve' extra ({error.name or error} is not installed): "
            "pip install 'chaingraph[serve]'", style="red", markup=False)
        raise typer.Exit(EXIT_INPUT) from None
    options: dict[str, int] = {"workers": workers} if workers else {}
    config = server.ServerConfig(host=host, port=port, timeout=timeout, max_rows=max_rows,
                                 cors_origins=tuple(o.rstrip("/") for o in cors_origin or ()),
                                 max_memory=server.parse_size(max_memory), **options)
    server.serve(KnowledgeGraph.open(graph or None, store=store), config)
