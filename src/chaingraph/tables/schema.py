"""The table format: which tables, which columns, what each cell holds, and the problems bad cells give.

The format is documented in ``docs/tables.md``; this module is its single definition in code (the
template, the reader, the importer and the exporter all read it).

>>> [c.name for c in TABLES["flows"].columns]
['from', 'to', 'kind', 'carries']
>>> str(CellProblem("unknown link", file="companies.csv", line=12, column=4, column_name="links",
...                 value="AL7", expected="a link id from links.csv", suggestions=("AL07",)))
"unknown link 'AL7' in companies.csv row 12, column links: expected a link id from links.csv — did you mean 'AL07'?"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef

from chaingraph.errors import Problem, clip
from chaingraph.paths import ontology_dir
from chaingraph.store.loading import load_files
from chaingraph.vocab.namespaces import CG, CGK, RDF, SKOS
from chaingraph.words import ACTOR_STATUSES, FLOW_KINDS

__all__ = [
    "ID_PATTERN", "SEPARATORS", "TABLES", "TABLE_ORDER", "CellProblem", "Column", "Controlled", "Table",
    "controlled", "kos_subjects", "split_multi",
]

#: multi-valued cells are separated by ";" or the full-width "；"
SEPARATORS = re.compile(r"[;；]")
#: ids of chains, links and regions become IRI local names: letters, digits, "-" and "_"
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False  #: the column must be in the header and every row must fill it
    multi: bool = False  #: several values separated by ; or ；
    description: str = ""
    example: tuple[str, ...] = ()  #: the cell of each example row of the template


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    description: str = ""

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


TABLES: dict[str, Table] = {t.name: t for t in (
    Table("chains", (
        Column("id", True, description="chain id: letters, digits, - or _ (becomes cgk:chain-<id>)", example=("demo",)),
        Column("label_zh", True, description="Chinese name", example=("示例产业链",)),
        Column("label_en", description="English name", example=("Demo chain",)),
        Column("formula", description="the official formula, e.g. 原铝—铝基材—终端产品", example=("原料—加工",)),
        Column("min_firms", description="how many operating local firms each link of the chain needs to be present "
               "(a positive integer; empty: the analysis default)", example=("",)),
    ), "optional: the chains, with their names (without it, chains are named by the ids used in links.csv)"),
    Table("links", (
        Column("chain", True, description="chain id (or name) of the link", example=("demo", "demo")),
        Column("id", True, description="link id, unique across all chains (becomes cgk:<id>)",
               example=("DM01", "DM02")),
        Column("label_zh", True, description="Chinese name", example=("原料", "加工")),
        Column("label_en", description="English name", example=("Raw material", "Processing")),
        Column("stage", description="input, primary, midstream, downstream, recycling or service "
               "(empty: derived from the flows)", example=("input", "midstream")),
        Column("segment", description="the official segment (链段) the link belongs to, free text",
               example=("原料", "加工")),
        Column("feeds", multi=True, description="ids of the links this link's output goes to",
               example=("DM02", "")),
        Column("keywords", multi=True, description="words business scopes and product lists use for the link's "
               "products and processes", example=("铝土矿;bauxite", "铝型材")),
        Column("hs_codes", multi=True, description="HS 2022 codes (e.g. 7604.21)", example=("2606", "7604")),
        Column("gbt2017_codes", multi=True, description="GB/T 4754-2017 industry codes (e.g. 3252)",
               example=("0916", "3252")),
        Column("min_firms", description="how many operating local firms the link needs to be present "
               "(a positive integer; empty: the chain's, else the analysis default)", example=("", "2")),
        Column("capped", description="true (是) when the link's capacity is capped nationally (电解铝), "
               "else false (否) or empty", example=("", "false")),
    ), "the links (环节) of the chains and which link feeds which"),
    Table("flows", (
        Column("from", True, description="id of the upstream link", example=("DM01",)),
        Column("to", True, description="id of the downstream link", example=("DM02",)),
        Column("kind", description="material, component, energy, service, equipment or scrap "
               "(empty: scrap for a flow into recycling from another stage, else material)", example=("material",)),
        Column("carries", multi=True, description="the products passed along (Chinese names)", example=("铝土矿",)),
    ), "optional: details of flows between links; a flow also adds the feeds it implies"),
    Table("regions", (
        Column("id", True, description="region id: letters, digits, - or _ (becomes cgd:region-<id>)",
               example=("demo-city",)),
        Column("label_zh", True, description="Chinese name", example=("示例市",)),
        Column("label_en", description="English name", example=("Demo City",)),
        Column("aliases", multi=True, description="other names", example=("示例;Demo",)),
        Column("parent", description="id or name of the region it lies in", example=("",)),
        Column("surveyed", multi=True, description="ids of the chains whose every company of the region (and of "
               "the places inside it) companies.csv lists, or * for all chains", example=("",)),
    ), "optional: the regions companies are located in, with their parent regions"),
    Table("companies", (
        Column("name", True, description="the company's Chinese name",
               example=("示例公司", "示例零部件企业（30余家）")),
        Column("id", description="its 统一社会信用代码 or another stable identifier such as a stock code (600519.SH)",
               example=("91500110MA5U3X2K82", "")),
        Column("aliases", multi=True, description="other names", example=("示例;Demo Co.", "")),
        Column("region", description="id or name of the region it is located in (empty: unknown)",
               example=("demo-city", "demo-city")),
        Column("links", multi=True, description="ids of the links it operates in", example=("DM01", "DM02")),
        Column("status", description="operating, planned, signed, under_construction or closed (empty: operating)",
               example=("operating", "")),
        Column("capacity", description="a number; Chinese magnitudes (50万, 1.6亿) and a unit (50万吨) are accepted",
               example=("50", "")),
        Column("capacity_unit", description="unit of the capacity: 吨/年, 万吨/年, 套/年, 万千瓦, MW, 亿元, … or a "
               "QUDT unit (TONNE-PER-YR)", example=("万吨/年", "")),
        Column("capacity_link", description="the link the capacity is about (one of its links)", example=("DM01", "")),
        Column("capacity_status", description="actual, target, planned or estimate (empty: planned for a planned, "
               "signed or under-construction company, else actual)", example=("actual", "")),
        Column("capacity_year", description="the year of the capacity (2024), or its target year",
               example=("2024", "")),
        Column("count", description="for a counted group (「30余家零部件企业」): how many firms — 30, 30余家, 约30家, "
               "30+", example=("", "30余家")),
        Column("group", multi=True, description="the name or id of the counted group (a row with a count) it "
               "belongs to", example=("示例零部件企业（30余家）", "")),
        Column("customers", multi=True, description="names or ids of the companies it supplies", example=("", "")),
        Column("suppliers", multi=True, description="names or ids of the companies that supply it", example=("", "")),
        Column("role", description="leader: the chain leader (链主) of the chains of its links in its region",
               example=("leader", "")),
        Column("source", multi=True, description="where the facts come from: free text or a URL",
               example=("https://example.com/report", "")),
    ), "the companies (and projects), where they are, which links they operate in, and who supplies whom"),
)}

#: the order in which tables are read: each may refer to the ones before it
TABLE_ORDER = ("chains", "regions", "links", "flows", "companies")


def split_multi(cell: str) -> list[str]:
    """The values of a multi-valued cell, in order, without blanks or repeats.

    >>> split_multi("AL07; AL08；AL07;")
    ['AL07', 'AL08']
    """
    if not cell:  # most cells of most multi-valued columns (10⁵ rows, 7 such columns)
        return []
    seen: dict[str, None] = {}
    for part in SEPARATORS.split(cell):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


@dataclass(frozen=True)
class CellProblem(Problem):
    """A problem with one cell (or the header) of a table: says file, row, column, value, what was expected
    and the closest known values. ``line`` is the row number as a spreadsheet shows it (the header is row 1)."""

    column_name: str | None = None
    value: str | None = None
    expected: str | None = None
    suggestions: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = self.message
        if self.value is not None:
            text += f" '{clip(self.value)}'"
        where = [f"in {self.file}"] if self.file else []
        if self.line is not None:
            where.append(f"row {self.line}")
        place = " ".join(where)
        if self.column_name is not None:
            place += f", column {self.column_name}" if place else f"column {self.column_name}"
        if place:
            text += f" {place}"
        if self.expected:
            text += f": expected {self.expected}"
        if self.suggestions:
            text += " — did you mean " + ", ".join(f"'{s}'" for s in self.suggestions) + "?"
        if self.hint:
            text += f" ({self.hint})"
        return text


@dataclass(frozen=True)
class Controlled:
    """A controlled list of kos.ttl: notation → concept, and every notation and label → notation."""

    scheme: str
    notations: dict[str, URIRef]
    names: dict[str, str]

    def lookup(self, text: str) -> str | None:
        """The notation *text* names (a notation or a label, any case), or None."""
        return self.names.get(text.strip().casefold())


@cache
def controlled(scheme: str) -> Controlled:
    """The controlled list ``cgk:<scheme>`` (stages, flow-kinds, statuses, …) read from the ontology.

    >>> controlled("stages").lookup("循环再生")
    'recycling'
    """
    graph = _kos_graph()
    notations: dict[str, URIRef] = {}
    names: dict[str, str] = {}

    def order(concept) -> tuple:  # stages by their cg:order; the other lists in the documented order
        notation = str(graph.value(concept, SKOS.notation))
        position = _DOCUMENTED_ORDER.index(notation) if notation in _DOCUMENTED_ORDER else len(_DOCUMENTED_ORDER)
        return (int(graph.value(concept, CG.order) or 0), position, notation)

    for concept in sorted(graph.subjects(SKOS.inScheme, CGK[scheme]), key=order):
        notation = str(graph.value(concept, SKOS.notation))
        notations[notation] = URIRef(str(concept))
        for name in (notation, *graph.objects(concept, SKOS.prefLabel), *graph.objects(concept, SKOS.altLabel)):
            names.setdefault(str(name).casefold(), notation)
        names.setdefault(notation.replace("_", " ").casefold(), notation)
        names.setdefault(notation.replace("_", "-").casefold(), notation)
    if not notations:
        raise KeyError(f"no controlled list cgk:{scheme} in kos.ttl")
    return Controlled(scheme, notations, names)


_DOCUMENTED_ORDER = (*FLOW_KINDS, *ACTOR_STATUSES)


@cache
def _kos_graph() -> Graph:

    return load_files([ontology_dir() / "kos.ttl"])


@cache
def kos_subjects() -> frozenset[str]:
    """Every IRI kos.ttl describes (ids must not mint one of them)."""
    return frozenset(str(s) for s in _kos_graph().subjects(RDF.type, None))
