"""Tables → RDF: the chains, links, flows, regions and companies of a :class:`TableSet` as an rdflib graph.

The graph follows the bundled data (``graph/``): links with ``skos:notation``, ``cg:inChain``,
``cg:segment``, ``cg:stage`` and ``cg:feeds``; ``cg:Flow`` nodes for the rows of ``flows.csv``; regions
with ``cg:locatedIn`` their parent; companies as ``cg:Enterprise`` with their region, links, status,
capacity (a ``cg:Quantity`` keeping the stated text) and supply relations; a ``cg:Cluster`` with its
``cg:chainLeader`` for each company whose role is ``leader``. Every entity is ``prov:wasDerivedFrom``
a ``cg:Source`` naming the tables (and the sources of the ``source`` column) with
``cg:evidenceKind cgk:evidence-stated``.

IRIs are stable and readable: ``cgk:chain-<id>``, ``cgk:<link id>``, ``cgd:region-<id>``,
``cgd:org-<id>`` or ``cgd:org-<pinyin of the name>``, ``cgk:segment-<chain>-<pinyin>``, ``cgk:flow-<from>-<to>``,
``cgk:product-<pinyin>``, ``cgd:cluster-<region>-<chain>``; they depend on the cell values only, never on
the order of rows, so the same tables always give the same graph.

References (``feeds``, ``links``, ``region``, ``parent``, ``customers``…) are resolved against the tables
first, then against a *context*: the graph the tables are loaded into (e.g. the bundled chains).
Every problem is collected and raised together as one :class:`~chaingraph.errors.InputError`.

One module per part, in the order they run (each table may refer to the ones read before it), all writing
to one :class:`~chaingraph.tables.to_rdf.core.ImportOutput` (the graph, the problems, the warnings):
``chains``, ``regions``, ``links`` (with segments and codes), ``flows`` (with products), then the companies:
``companies`` (ids, names, aliases, supply relations, IRIs), ``sources``, ``facts`` (id, region, status, links,
groups, and the capacity and count of ``capacities``) and ``leaders`` (the clusters of the chain leaders).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCMITYPE
from rdflib.term import Node

from chaingraph._runtime import gc_paused
from chaingraph.errors import InputError
from chaingraph.tables.context import TableContext
from chaingraph.tables.reader import TableSet, read_source
from chaingraph.tables.to_rdf.chains import Chains
from chaingraph.tables.to_rdf.companies import Companies
from chaingraph.tables.to_rdf.core import ImportOutput
from chaingraph.tables.to_rdf.facts import FactReader, add_company
from chaingraph.tables.to_rdf.flows import read_flows
from chaingraph.tables.to_rdf.leaders import Leaders
from chaingraph.tables.to_rdf.links import Links
from chaingraph.tables.to_rdf.regions import Regions
from chaingraph.tables.to_rdf.sources import mint_sources
from chaingraph.vocab.namespaces import CG, DCTERMS, ORG, RDF, bind_prefixes

__all__ = ["ImportResult", "read_tables", "tables_to_graph"]


@dataclass
class ImportResult:
    """What an import gives: the triples (and, when asked for, their rdflib graph), the warnings, and where
    each entity came from."""

    triples: Collection[tuple[URIRef, URIRef, Node]]  #: each once, in a stable order
    warnings: list[str] = field(default_factory=list)
    name: str = ""  #: the name of the tables (folder or workbook), which names their cg:Source
    rows: dict[str, dict[URIRef, int]] = field(default_factory=dict)  #: file → entity → row that defines it

    @cached_property
    def graph(self) -> Graph:
        """The triples as an rdflib graph with the chaingraph prefixes (built when first asked for)."""
        graph = Graph()
        bind_prefixes(graph)
        for triple in self.triples:
            graph.add(triple)
        return graph

    def count(self, cls: URIRef) -> int:
        """How many entities of the class *cls* the import made."""
        return self.counts.get(cls, 0)

    @cached_property
    def counts(self) -> dict[Node, int]:
        """The class → how many entities of it (one walk of the triples for every class)."""
        found: dict[Node, int] = {}
        same, kind = str.__eq__, str(RDF.type)  # str's own comparison: rdflib's __eq__ is Python code
        for _, p, o in self.triples:
            if same(p, kind):
                found[o] = found.get(o, 0) + 1
        return found

    def __len__(self) -> int:
        return len(self.triples)


def tables_to_graph(tables: TableSet, context: object = None) -> ImportResult:
    """The RDF graph of *tables*; references may also name things of *context* (a graph, graphs or a store).

    Raises :class:`~chaingraph.errors.InputError` listing every problem of every table.
    """
    out = ImportOutput(tables, TableContext.build(context))
    chains = Chains(out)
    chains.read()
    regions = Regions(out)
    regions.read()
    links = Links(out, chains)
    links.read()
    read_flows(out, links)
    links.derive_stages()
    regions.read_surveys(chains)
    _read_companies(out, chains, regions, links)
    if out.problems:
        raise InputError(sorted(out.problems, key=lambda p: (p.file or "", p.line or 0, p.column or 0, p.message)))
    out.add(out.dataset, RDF.type, CG.Source)
    out.add(out.dataset, RDF.type, DCMITYPE.Dataset)
    out.add(out.dataset, DCTERMS.title, Literal(tables.name))
    if not any(raw.rows for raw in tables.tables.values()):
        out.warn(f"{tables.name}: the tables hold no rows (only headers or comments)")
    return ImportResult(out.triples, out.warnings, tables.name, out.rows)


def _read_companies(out: ImportOutput, chains: Chains, regions: Regions, links: Links) -> None:
    """The companies, their facts, their supply relations and the clusters of the chain leaders."""
    raw = out.table("companies")
    if raw is None:
        return
    companies = Companies(out, raw)
    relations = companies.supply_relations()  # first: customers and suppliers not listed become companies
    companies.mint()
    reader = FactReader(out, regions, links, mint_sources(out, companies.source_texts()), companies)
    leaders = Leaders(out, chains, regions)
    for company in companies:
        iri = companies.iri(company.key)
        if not company.listed:
            out.entity(iri, CG.Enterprise, None, None, company.name)
            continue
        facts = reader.read(raw, company)
        add_company(out, raw, iri, company, facts)
        for group in facts.groups:
            out.add(companies.iri(group), ORG.hasMember, iri)
        if facts.role == "leader":
            leaders.add(raw, company, iri, facts)
    for supplier, customer in relations:
        out.add(companies.iri(supplier), CG.suppliesTo, companies.iri(customer))


def read_tables(source: str | Path, context: object = None) -> ImportResult:
    """Read a folder of CSV tables or an XLSX workbook and build its graph (see :func:`tables_to_graph`)."""
    with gc_paused():  # 10⁶ new tuples and terms, no cycles: the collector's rescans of them were a quarter of it
        return tables_to_graph(read_source(source), context)
