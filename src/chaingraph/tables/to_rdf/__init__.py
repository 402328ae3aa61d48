"""Tables → RDF: the chains, links, flows, regions and companies of a :class:`TableSet` as an rdflib graph.

The graph follows the bundled data (``graph/``): links with ``skos:notation``, ``cg:inChain``,
``cg:segment``, ``cg:stage`` and ``cg:feeds``; ``cg:Flow`` nodes for the rows of ``flows.csv``; regions
with ``cg:locatedIn`` their parent; companies as ``cg:Enterprise`` with their region, links, status,
capacity (a ``cg:Quantity`` keeping the stated text) and supply relations; a ``cg:Cluster`` with its
``cg:chainLeader`` for each company whose role is ``leader``. Every entity is ``prov:wasDerivedFrom``
a ``cg:Source`` naming the tables (and the sources of the ``source`` column) with
``cg:evidenceKind cgk:evidence-stated``.

IRIs are stable and readable: ``cgk:chain-<id>``, ``cgk:<link id>``, ``cgd:region-<id>``,
``cgd:org-<pinyin of the name>``, ``cgk:segment-<chain>-<pinyin>``, ``cgk:flow-<from>-<to>``,
``cgk:product-<pinyin>``, ``cgd:cluster-<region>-<chain>``; they depend on the cell values only, never on
the order of rows, so the same tables always give the same graph.

References (``feeds``, ``links``, ``region``, ``parent``, ``customers``…) are resolved against the tables
first, then against a *context*: the graph the tables are loaded into (e.g. the bundled chains).
Every problem is collected and raised together as one :class:`~chaingraph.errors.InputError`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCMITYPE

from chaingraph.errors import InputError, Problem, closest
from chaingraph.tables.context import TableContext
from chaingraph.tables.magnitudes import canonical, parse_amount, unit_iri
from chaingraph.tables.reader import RawTable, Row, TableSet, read_source
from chaingraph.tables.schema import ID_PATTERN, CellProblem, controlled, kos_subjects, split_multi
from chaingraph.tables.slugs import mint, slug
from chaingraph.vocab.codes import CodeError, UnknownCodeError, parse_code
from chaingraph.vocab.namespaces import (
    CG,
    CGD,
    CGK,
    DCTERMS,
    GBT2017,
    HS,
    PROV,
    QUDT,
    RDF,
    SCHEMA,
    SKOS,
    XSD,
    bind_prefixes,
)
from chaingraph.words import PIPELINE_STATUSES

__all__ = ["ImportResult", "read_tables", "tables_to_graph"]

#: local names in cgk: that link ids must not take (they name chains, segments, flows, … and the kos lists)
RESERVED_PREFIXES = ("chain-", "segment-", "flow-", "product-", "stage-", "status-", "value-", "bound-",
                     "evidence-", "intent-", "leader-", "admin-", "level-", "metric-")
ROLES = {"leader": "leader", "链主": "leader", "chain leader": "leader", "chain_leader": "leader"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _lang(text: str) -> str:
    return "zh" if _CJK.search(text) else "en"


@dataclass
class ImportResult:
    """What an import gives: the graph, the warnings, and where each entity came from."""

    graph: Graph
    warnings: list[str] = field(default_factory=list)
    name: str = ""  #: the name of the tables (folder or workbook), which names their cg:Source
    rows: dict[str, dict[URIRef, int]] = field(default_factory=dict)  #: file → entity → row that defines it

    def count(self, cls: URIRef) -> int:
        return sum(1 for _ in self.graph.subjects(RDF.type, cls))


@dataclass
class _Link:
    iri: URIRef
    id: str
    chain: URIRef | None
    stage: str | None
    row: Row | None = None


@dataclass
class _Company:
    name: str
    rows: list[Row]
    iri: URIRef | None = None
    listed: bool = True
    aliases: list[str] = field(default_factory=list)


class _Builder:
    def __init__(self, tables: TableSet, context: TableContext) -> None:
        self.tables = tables
        self.context = context
        self.graph = Graph()
        bind_prefixes(self.graph)
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.rows: dict[str, dict[URIRef, int]] = {}
        self.dataset = CGD[f"source-tables-{slug(tables.name)}"]
        self.chains: dict[str, URIRef] = {}  # id → IRI (tables)
        self.chain_names: dict[str, URIRef] = {}  # id and labels → IRI (tables)
        self.chain_info: dict[URIRef, tuple[str, str]] = {}  # IRI → (id, Chinese label)
        self.regions: dict[str, URIRef] = {}
        self.region_names: dict[str, set[URIRef]] = defaultdict(set)
        self.region_info: dict[URIRef, tuple[str, str]] = {}
        self.links: dict[str, _Link] = {}
        self.link_labels: dict[str, str] = {}  # label → id, for hints
        self.companies: dict[str, _Company] = {}
        self.company_names: dict[str, set[str]] = defaultdict(set)  # name or alias → company names

    # -- helpers --------------------------------------------------------------------------------------

    def problem(self, raw: RawTable, row: Row | None, column: str | None, message: str, value: str | None = None,
                expected: str | None = None, suggestions: Iterable[str] = ()) -> None:
        self.problems.append(CellProblem(
            message, raw.display, row.number if row else None,
            raw.column_number(column) if column else None, column_name=column, value=value,
            expected=expected, suggestions=tuple(suggestions)))

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))

    def entity(self, iri: URIRef, cls: URIRef, raw: RawTable | None, row: Row | None,
               label_zh: str | None = None, label_en: str | None = None,
               sources: Iterable[URIRef] = ()) -> None:
        """Mint an entity: its type, names, source and evidence kind."""
        self.add(iri, RDF.type, cls)
        if label_zh:
            self.add(iri, SKOS.prefLabel, Literal(label_zh, lang="zh"))
        if label_en:
            self.add(iri, SKOS.prefLabel, Literal(label_en, lang="en"))
        for source in (self.dataset, *sources):
            self.add(iri, PROV.wasDerivedFrom, source)
        self.add(iri, CG.evidenceKind, CGK["evidence-stated"])
        if raw is not None and row is not None:
            self.rows.setdefault(raw.display, {}).setdefault(iri, row.number)

    def check_id(self, raw: RawTable, row: Row, column: str, value: str, what: str) -> bool:
        if not value:
            self.problem(raw, row, column, f"missing {what} id", expected=f"the {what}'s id")
            return False
        if not ID_PATTERN.fullmatch(value):
            self.problem(raw, row, column, f"invalid {what} id", value,
                         "letters, digits, - or _ (it becomes part of an IRI)", [slug(value)])
            return False
        return True

    def required(self, raw: RawTable, row: Row, column: str, what: str) -> str:
        value = row[column]
        if not value:
            self.problem(raw, row, column, "missing value", expected=what)
        return value

    # -- chains ---------------------------------------------------------------------------------------

    def read_chains(self) -> None:
        raw = self.tables.tables.get("chains")
        if raw is None:
            return
        first: dict[str, Row] = {}
        for row in raw.rows:
            chain_id = row["id"]
            if not self.check_id(raw, row, "id", chain_id, "chain"):
                continue
            if chain_id in first:
                self.problem(raw, row, "id", "duplicate chain id", chain_id,
                             f"each chain once (it is already in row {first[chain_id].number})")
                continue
            first[chain_id] = row
            label_zh = self.required(raw, row, "label_zh", "the chain's Chinese name")
            iri = CGK[f"chain-{chain_id}"]
            self.entity(iri, CG.IndustryChain, raw, row, label_zh, row["label_en"])
            self.add(iri, SKOS.notation, Literal(chain_id))
            if row["formula"]:
                self.add(iri, CG.officialFormula, Literal(row["formula"], lang="zh"))
            self.chains[chain_id] = iri
            self.chain_info[iri] = (chain_id, label_zh or chain_id)
            for name in (chain_id, label_zh, row["label_en"]):
                if name:
                    self.chain_names.setdefault(name, iri)

    def resolve_chain(self, raw: RawTable, row: Row, text: str) -> URIRef | None:
        if text in self.chain_names:
            return self.chain_names[text]
        found = self.context.lookup("chain", text)
        if len(found) == 1:
            iri = next(iter(found))
            known = self.context.things[iri]
            self.chain_info.setdefault(iri, (known.id or _local(iri, "chain-"), known.label_zh or text))
            return iri
        if "chains" not in self.tables.tables:  # without chains.csv, links.csv names its chains
            chain_id = text if ID_PATTERN.fullmatch(text) else slug(text)
            iri = CGK[f"chain-{chain_id}"]
            if iri not in self.chain_info:
                self.entity(iri, CG.IndustryChain, raw, row, text)
                self.add(iri, SKOS.notation, Literal(chain_id))
                self.chain_info[iri] = (chain_id, text)
            self.chain_names[text] = iri
            return iri
        known = list(self.chain_names) + self.context.all_names("chain")
        self.problem(raw, row, "chain", "unknown chain", text, "a chain id from chains.csv", closest(text, known))
        return None

    # -- regions --------------------------------------------------------------------------------------

    def read_regions(self) -> None:
        raw = self.tables.tables.get("regions")
        if raw is None:
            return
        first: dict[str, Row] = {}
        for row in raw.rows:
            region_id = row["id"]
            if not self.check_id(raw, row, "id", region_id, "region"):
                continue
            if region_id in first:
                self.problem(raw, row, "id", "duplicate region id", region_id,
                             f"each region once (it is already in row {first[region_id].number})")
                continue
            first[region_id] = row
            label_zh = self.required(raw, row, "label_zh", "the region's Chinese name")
            iri = CGD[f"region-{region_id}"]
            self.entity(iri, CG.Region, raw, row, label_zh, row["label_en"])
            self.add(iri, SKOS.notation, Literal(region_id))
            self.regions[region_id] = iri
            self.region_info[iri] = (region_id, label_zh or region_id)
            for name in (region_id, label_zh, row["label_en"]):
                if name:
                    self.region_names[name].add(iri)
        parents: dict[URIRef, URIRef] = {}
        for region_id, row in first.items():
            if row["parent"]:
                parent = self.resolve_region(raw, row, "parent", row["parent"], "parent region")
                if parent is not None:
                    parents[self.regions[region_id]] = parent
                    self.add(self.regions[region_id], CG.locatedIn, parent)
        self.check_cycles(raw, first, parents)

    def check_cycles(self, raw: RawTable, rows: dict[str, Row], parents: dict[URIRef, URIRef]) -> None:
        reported: set[URIRef] = set()
        for start in sorted(parents, key=str):
            path, node = [start], parents.get(start)
            while node is not None and node not in path and node in parents:
                path.append(node)
                node = parents[node]
            if node is None or node not in path:
                continue
            cycle = path[path.index(node):]
            if reported.intersection(cycle):
                continue
            reported.update(cycle)
            ids = [self.region_info[r][0] for r in cycle]
            first_id = min(ids, key=lambda i: rows[i].number)
            ordered = ids[ids.index(first_id):] + ids[: ids.index(first_id)]
            self.problem(raw, rows[first_id], "parent", "region cycle", " → ".join([*ordered, first_id]),
                         "a parent chain that ends (rows " + ", ".join(str(rows[i].number) for i in ordered) + ")")

    def resolve_region(self, raw: RawTable, row: Row, column: str, text: str, what: str = "region") -> URIRef | None:
        found = set(self.region_names.get(text, set()))
        if not found:
            found = {iri for name, iris in self.region_names.items() if name.casefold() == text.casefold()
                     for iri in iris}
        if not found:
            found = self.context.lookup("region", text)
            for iri in found:
                known = self.context.things[iri]
                self.region_info.setdefault(iri, (known.id or _local(iri, "region-"), known.label_zh or text))
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            self.problem(raw, row, column, f"ambiguous {what}", text, "a name that names one region: use its id",
                         sorted(self.region_info[i][0] for i in found))
            return None
        known = list(self.region_names) + self.context.all_names("region")
        where = "regions.csv" if "regions" in self.tables.tables else "regions.csv (there is none)"
        self.problem(raw, row, column, f"unknown {what}", text, f"a region id or name from {where}",
                     closest(text, known))
        return None

    # -- links ----------------------------------------------------------------------------------------

    def read_links(self) -> None:
        raw = self.tables.tables.get("links")
        if raw is None:
            return
        stages = controlled("stages")
        reserved = kos_subjects()
        segments: dict[URIRef, dict[str, Row]] = defaultdict(dict)  # chain → segment label → first row
        pending: list[tuple[_Link, Row, str]] = []
        for row in raw.rows:
            link_id = row["id"]
            chain_text = self.required(raw, row, "chain", "the id of the link's chain")
            if not self.check_id(raw, row, "id", link_id, "link"):
                continue
            if link_id.startswith(RESERVED_PREFIXES) or str(CGK[link_id]) in reserved:
                self.problem(raw, row, "id", "reserved link id", link_id,
                             "an id not starting with " + ", ".join(RESERVED_PREFIXES))
                continue
            if link_id in self.links:
                self.problem(raw, row, "id", "duplicate link id", link_id,
                             f"ids unique across all chains (it is already in row {self.links[link_id].row.number})"
                             if self.links[link_id].row else "ids unique across all chains")
                continue
            chain = self.resolve_chain(raw, row, chain_text) if chain_text else None
            label_zh = self.required(raw, row, "label_zh", "the link's Chinese name")
            stage = None
            if row["stage"]:
                stage = stages.lookup(row["stage"])
                if stage is None:
                    self.problem(raw, row, "stage", "unknown stage", row["stage"],
                                 "one of " + ", ".join(stages.notations), closest(row["stage"], stages.notations))
            else:
                self.problem(raw, row, "stage", "missing value", expected="one of " + ", ".join(stages.notations))
            iri = CGK[link_id]
            link = _Link(iri, link_id, chain, stage, row)
            self.links[link_id] = link
            for label in (label_zh, row["label_en"]):
                if label:
                    self.link_labels.setdefault(label, link_id)
            self.entity(iri, CG.ChainLink, raw, row, label_zh, row["label_en"])
            self.add(iri, SKOS.notation, Literal(link_id))
            if chain is not None:
                self.add(iri, CG.inChain, chain)
                if row["segment"]:
                    segments[chain].setdefault(row["segment"], row)
            if stage is not None:
                self.add(iri, CG.stage, stages.notations[stage])
            self.read_codes(raw, row, iri, "hs_codes", "hs2022", HS, CG.hsCode, "an HS 2022 code such as 7604.21")
            self.read_codes(raw, row, iri, "gbt2017_codes", "gbt2017", GBT2017, CG.industryCode,
                            "a GB/T 4754-2017 code such as 3252")
            pending.append((link, row, row["segment"]))
        segment_iris = self.mint_segments(raw, segments)
        for link, row, segment in pending:
            if segment and link.chain is not None:
                self.add(link.iri, CG.segment, segment_iris[link.chain, segment])
            for target in split_multi(row["feeds"]):
                found = self.resolve_link(raw, row, "feeds", target)
                if found is None:
                    continue
                if found.iri == link.iri:
                    self.problem(raw, row, "feeds", "a link cannot feed itself", target, "ids of other links")
                    continue
                self.add(link.iri, CG.feeds, found.iri)

    def mint_segments(self, raw: RawTable, segments: dict[URIRef, dict[str, Row]]) -> dict[tuple[URIRef, str], URIRef]:
        iris: dict[tuple[URIRef, str], URIRef] = {}
        taken = {_local(URIRef(i), "segment-") for i in self.context.iris() if i.startswith(str(CGK["segment-"]))}
        for chain, labels in segments.items():
            chain_id = self.chain_info[chain][0]
            reused = {}
            for label in labels:
                match = [i for i in self.context.lookup("segment", label) if self.context.things[i].chain == chain]
                if match:
                    reused[label] = min(match, key=str)
            minted = mint([lb for lb in labels if lb not in reused],
                          {t[len(chain_id) + 1:] for t in taken if t.startswith(f"{chain_id}-")})
            for order, (label, row) in enumerate(labels.items(), start=1):
                if label in reused:
                    iris[chain, label] = reused[label]
                    continue
                iri = CGK[f"segment-{chain_id}-{minted[label]}"]
                iris[chain, label] = iri
                self.entity(iri, CG.Segment, raw, row, label)
                self.add(iri, CG.inChain, chain)
                self.add(iri, CG.order, Literal(order))
        return iris

    def read_codes(self, raw: RawTable, row: Row, iri: URIRef, column: str, scheme: str, namespace,
                   prop: URIRef, expected: str) -> None:
        for text in split_multi(row[column]):
            try:
                code = parse_code(text, default_scheme=scheme)
            except UnknownCodeError as error:
                suggestions, why = error.suggestions[:3], expected
                if text.isdigit() and _code_exists("0" + text, scheme):  # Excel drops a number's leading zero
                    suggestions = ["0" + text, *suggestions[:2]]
                    why += " (a number cell loses its leading zero: format the column as text)"
                self.problem(raw, row, column, "unknown code", text, why, suggestions)
                continue
            except CodeError as error:
                self.problem(raw, row, column, "invalid code", text, f"{expected} ({error})")
                continue
            if not str(code).startswith(str(namespace)):
                self.problem(raw, row, column, "code of the wrong code list", text, expected)
                continue
            self.add(iri, prop, code)

    def resolve_link(self, raw: RawTable, row: Row, column: str, text: str) -> _Link | None:
        if text in self.links:
            return self.links[text]
        for iri in sorted(self.context.lookup("link", text), key=str):
            known = self.context.things[iri]
            if known.id == text:
                return _Link(iri, text, known.chain, known.stage)
        hints = []
        if text in self.link_labels:
            hints.append(self.link_labels[text])
        for iri in self.context.lookup("link", text):
            if self.context.things[iri].id:
                hints.append(self.context.things[iri].id)  # type: ignore[arg-type]
        ids = list(self.links) + [k.id for k in self.context.things.values() if k.kind == "link" and k.id]
        hints += [h for h in closest(text, ids) if h not in hints]
        where = "links.csv" if "links" in self.tables.tables else "the loaded chains (there is no links.csv)"
        self.problem(raw, row, column, "unknown link", text, f"a link id from {where}", hints[:3])
        return None

    # -- flows ----------------------------------------------------------------------------------------

    def read_flows(self) -> None:
        raw = self.tables.tables.get("flows")
        if raw is None:
            return
        kinds = controlled("flow-kinds")
        seen: dict[tuple[str, str], Row] = {}
        flows: list[tuple[Row, _Link, _Link, str, list[str]]] = []
        for row in raw.rows:
            source_text = self.required(raw, row, "from", "the id of the upstream link")
            target_text = self.required(raw, row, "to", "the id of the downstream link")
            source = self.resolve_link(raw, row, "from", source_text) if source_text else None
            target = self.resolve_link(raw, row, "to", target_text) if target_text else None
            kind = None
            if row["kind"]:
                kind = kinds.lookup(row["kind"])
                if kind is None:
                    self.problem(raw, row, "kind", "unknown flow kind", row["kind"],
                                 "one of " + ", ".join(kinds.notations), closest(row["kind"], kinds.notations))
            if source is None or target is None:
                continue
            if source.iri == target.iri:
                self.problem(raw, row, "to", "a flow cannot go from a link to itself", target_text, "another link")
                continue
            key = (source.id, target.id)
            if key in seen:
                self.problem(raw, row, "to", f"duplicate flow {source.id} → {target.id}", target_text,
                             f"one row per pair of links (it is already in row {seen[key].number})")
                continue
            seen[key] = row
            if kind is None and not row["kind"]:
                is_return = target.stage == "recycling" and source.stage != "recycling"
                kind = "scrap" if is_return else "material"
            if kind is not None:
                flows.append((row, source, target, kind, split_multi(row["carries"])))
        products = self.products(raw, [(row, name) for row, *_, carries in flows for name in carries])
        for row, source, target, kind, carries in flows:
            iri = CGK[f"flow-{source.id}-{target.id}"]
            self.entity(iri, CG.Flow, raw, row)
            self.add(iri, CG.flowFrom, source.iri)
            self.add(iri, CG.flowTo, target.iri)
            self.add(iri, CG.flowKind, kinds.notations[kind])
            for name in carries:
                self.add(iri, CG.carries, products[name])
            self.add(source.iri, CG.feeds, target.iri)

    def products(self, raw: RawTable, named: list[tuple[Row, str]]) -> dict[str, URIRef]:
        iris: dict[str, URIRef] = {}
        first: dict[str, Row] = {}
        for row, name in named:
            first.setdefault(name, row)
        for name in first:
            match = [i for i in self.context.lookup("product", name) if self.context.things[i].label_zh == name]
            if match:
                iris[name] = min(match, key=str)
        taken = {_local(URIRef(i), "product-") for i in self.context.iris() if i.startswith(str(CGK["product-"]))}
        minted = mint([n for n in first if n not in iris], taken)
        for name, local in minted.items():
            iri = CGK[f"product-{local}"]
            iris[name] = iri
            self.entity(iri, CG.ProductType, raw, first[name], name)
        return iris

    # -- companies ------------------------------------------------------------------------------------

    def read_companies(self) -> None:
        raw = self.tables.tables.get("companies")
        if raw is None:
            return
        for row in raw.rows:
            name = row["name"]
            if not name:
                self.problem(raw, row, "name", "missing value", expected="the company's name")
                continue
            company = self.companies.setdefault(name, _Company(name, []))
            company.rows.append(row)
            for alias in split_multi(row["aliases"]):
                if alias != name and alias not in company.aliases:
                    company.aliases.append(alias)
        for company in self.companies.values():
            for name in (company.name, *company.aliases):
                self.company_names[name].add(company.name)
        # resolve customers and suppliers first: names not listed become companies of unknown region
        relations: list[tuple[str, str, str]] = []  # (supplier, customer, column) by company name
        for company in list(self.companies.values()):
            for row in company.rows:
                for column in ("customers", "suppliers"):
                    for other in split_multi(row[column]):
                        target = self.resolve_company(raw, row, column, other)
                        if target is None:
                            continue
                        if target == company.name:
                            self.problem(raw, row, column, "a company cannot supply itself", other,
                                         "names of other companies")
                            continue
                        pair = (company.name, target) if column == "customers" else (target, company.name)
                        relations.append((*pair, column))
        self.mint_companies()
        sources = self.mint_sources(raw)
        leaders: dict[tuple[URIRef, URIRef], tuple[str, Row]] = {}
        for company in self.companies.values():
            if company.listed:
                self.company_facts(raw, company, sources, leaders)
            else:
                self.entity(company.iri, CG.Enterprise, None, None, company.name)  # type: ignore[arg-type]
        for supplier, customer, _column in relations:
            self.add(self.company_iri(supplier), CG.suppliesTo, self.company_iri(customer))

    def company_iri(self, name: str) -> URIRef:
        if name.startswith(("http://", "https://")):
            return URIRef(name)  # a company of the context
        return self.companies[name].iri  # type: ignore[return-value]

    def resolve_company(self, raw: RawTable, row: Row, column: str, text: str) -> str | None:
        """The company (its name in the tables, or the IRI of a known one) *text* names."""
        found = self.company_names.get(text) or {
            name for key, names in self.company_names.items() if key.casefold() == text.casefold() for name in names}
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            self.problem(raw, row, column, "ambiguous company name", text, "a name that names one company",
                         sorted(found))
            return None
        known = self.context.lookup("company", text)
        if len(known) == 1:
            return str(next(iter(known)))
        if len(known) > 1:
            self.problem(raw, row, column, "ambiguous company name", text,
                         "a name that names one company of the loaded data",
                         sorted(self.context.things[k].label_zh or str(k) for k in known))
            return None
        near = closest(text, [n for n in self.company_names if self.companies.get(n, _Company(n, [])).listed])
        hint = f" — did you mean '{near[0]}'?" if near else ""
        self.warnings.append(f"{raw.display} row {row.number}, column {column}: '{text}' is not listed in "
                             f"companies.csv: added as a company of unknown region{hint}")
        self.companies[text] = _Company(text, [], listed=False)
        self.company_names[text].add(text)
        return text

    def mint_companies(self) -> None:
        taken = {_local(URIRef(i), "org-") for i in self.context.iris() if i.startswith(str(CGD["org-"]))}
        minted = mint(self.companies, taken)
        for name, company in self.companies.items():
            company.iri = CGD[f"org-{minted[name]}"]

    def mint_sources(self, raw: RawTable) -> dict[str, URIRef]:
        texts = sorted({text for company in self.companies.values() for row in company.rows
                        for text in split_multi(row["source"])})
        minted = mint(texts, {f"tables-{slug(self.tables.name)}"})
        iris = {}
        for text in texts:
            iri = CGD[f"source-{minted[text]}"]
            iris[text] = iri
            self.add(iri, RDF.type, CG.Source)
            if re.match(r"https?://\S+$", text):
                self.add(iri, DCTERMS.title, Literal(text))
                self.add(iri, SCHEMA.url, Literal(text, datatype=XSD.anyURI))
            else:
                self.add(iri, DCTERMS.title, Literal(text, lang=_lang(text)))
        return iris

    def company_facts(self, raw: RawTable, company: _Company, sources: dict[str, URIRef],
                      leaders: dict[tuple[URIRef, URIRef], tuple[str, Row]]) -> None:
        iri = company.iri
        assert iri is not None
        statuses = controlled("statuses")
        facts: dict[str, tuple[object, str, Row]] = {}  # column → (resolved value, cell text, first row)
        links: dict[URIRef, _Link] = {}
        cited: list[URIRef] = []
        for row in company.rows:
            resolved: dict[str, object] = {}
            if row["region"]:
                resolved["region"] = self.resolve_region(raw, row, "region", row["region"])
            if row["status"]:
                status = statuses.lookup(row["status"])
                if status is None:
                    self.problem(raw, row, "status", "unknown status", row["status"],
                                 "one of " + ", ".join(statuses.notations) + " (empty: operating)",
                                 closest(row["status"], statuses.notations))
                resolved["status"] = status
            if row["capacity"] or row["capacity_unit"]:
                resolved["capacity"] = self.capacity(raw, row)
            if row["role"]:
                role = ROLES.get(row["role"].casefold())
                if role is None:
                    self.problem(raw, row, "role", "unknown role", row["role"], "leader (链主) or nothing",
                                 closest(row["role"], ["leader"]))
                resolved["role"] = role
            for column, value in resolved.items():
                cell = row[column] or row["capacity_unit"]
                if column not in facts:
                    facts[column] = (value, cell, row)
                elif value is not None and facts[column][0] is not None and _same(value) != _same(facts[column][0]):
                    _, first_cell, first_row = facts[column]
                    self.problem(raw, row, column, f"conflicting facts for company '{company.name}' listed twice:",
                                 cell, f"'{first_cell}' as in row {first_row.number}, or one row per company")
            for text in split_multi(row["links"]):
                link = self.resolve_link(raw, row, "links", text)
                if link is not None:
                    links.setdefault(link.iri, link)
            for text in split_multi(row["source"]):
                if sources[text] not in cited:
                    cited.append(sources[text])
        if len(company.rows) > 1:
            numbers = ", ".join(str(r.number) for r in company.rows)
            self.warnings.append(f"{raw.display}: company '{company.name}' is listed in rows {numbers}; "
                                 "the rows agree and were merged")
        first_row = company.rows[0]
        self.entity(iri, CG.Enterprise, raw, first_row, company.name, sources=cited)
        for alias in company.aliases:
            self.add(iri, SKOS.altLabel, Literal(alias, lang=_lang(alias)))
        region = facts.get("region", (None,))[0]
        if isinstance(region, URIRef):
            self.add(iri, CG.locatedIn, region)
        for link_iri in links:
            self.add(iri, CG.operatesIn, link_iri)
        status = facts.get("status", (None,))[0]
        if isinstance(status, str):
            self.add(iri, CG.status, statuses.notations[status])
        capacity = facts.get("capacity", (None,))[0]
        if isinstance(capacity, tuple):
            value, unit, bound, stated = capacity
            quantity = URIRef(f"{iri}-capacity")
            self.add(iri, CG.capacity, quantity)
            self.add(quantity, RDF.type, CG.Quantity)
            lexical = value if "." in value else f"{value}.0"  # the form Turtle writes and reads back
            self.add(quantity, QUDT.numericValue, Literal(lexical, datatype=XSD.decimal))
            self.add(quantity, QUDT.unit, unit)
            value_status = "planned" if status in PIPELINE_STATUSES else "actual"
            self.add(quantity, CG.valueStatus, CGK[f"value-{value_status}"])
            if bound:
                self.add(quantity, CG.bound, CGK[f"bound-{bound}"])
            if stated:
                self.add(quantity, CG.statedAs, Literal(stated, lang="zh"))
            for source in (self.dataset, *cited):
                self.add(quantity, PROV.wasDerivedFrom, source)
        if facts.get("role", (None,))[0] == "leader":
            self.leader(raw, company, region, links, cited, leaders)

    def capacity(self, raw: RawTable, row: Row) -> tuple[str, URIRef, str | None, str | None] | None:
        text, unit_cell = row["capacity"], row["capacity_unit"]
        if not text:
            self.problem(raw, row, "capacity_unit", "a unit without a capacity", unit_cell,
                         "a capacity in column capacity, or no unit")
            return None
        amount = parse_amount(text)
        if amount is None:
            self.problem(raw, row, "capacity", "not a number", text,
                         "a number ≥ 0 such as 500000, 50万 or 1.6亿, optionally with its unit (50万吨)")
            return None
        unit = None
        if amount.unit:
            unit = unit_iri(amount.unit)
        if unit_cell:
            column_unit = unit_iri(unit_cell)
            if column_unit is None:
                self.problem(raw, row, "capacity_unit", "unknown unit", unit_cell,
                             "吨/年, 套/年, 件/年, 台/年, 辆/年, 千瓦, … or a QUDT unit name such as TONNE-PER-YR")
                return None
            if unit is not None and unit != column_unit:
                self.problem(raw, row, "capacity_unit", f"the unit disagrees with the unit of the capacity '{text}':",
                             unit_cell, f"the same unit as '{amount.unit}', or no unit in one of the two columns")
                return None
            unit = column_unit
        if unit is None:
            self.problem(raw, row, "capacity_unit", "missing unit of the capacity", expected=
                         "a unit: 吨/年, 套/年, … or a QUDT unit name such as TONNE-PER-YR (or write it in the "
                         "capacity: 50万吨)")
            return None
        value = canonical(amount.value)
        return value, unit, amount.bound, (text if text != value else None)

    def leader(self, raw: RawTable, company: _Company, region: object, links: dict[URIRef, _Link],
               cited: list[URIRef], leaders: dict[tuple[URIRef, URIRef], tuple[str, Row]]) -> None:
        row = next((r for r in company.rows if r["role"]), company.rows[0])
        if not isinstance(region, URIRef):
            self.problem(raw, row, "region", "a chain leader needs a region", row["region"] or None,
                         "the region whose chains it leads")
            return
        chains = sorted({link.chain for link in links.values() if link.chain is not None}, key=str)
        if not chains:
            self.problem(raw, row, "links", "a chain leader needs links", row["links"] or None,
                         "the links it operates in (it leads their chains)")
            return
        region_id, region_zh = self.region_info.get(region, (_local(region, "region-"), ""))
        for chain in chains:
            if chain not in self.chain_info:
                known = self.context.things.get(chain)
                self.chain_info[chain] = ((known.id if known else None) or _local(chain, "chain-"),
                                          (known.label_zh if known else None) or "")
        for chain in chains:
            if (region, chain) in leaders:
                other, other_row = leaders[region, chain]
                chain_id = self.chain_info[chain][0]
                self.problem(raw, row, "role", f"two chain leaders of chain '{chain_id}' in region '{region_id}':",
                             company.name, f"one leader per chain and region ('{other}' in row {other_row.number})")
                continue
            leaders[region, chain] = (company.name, row)
            chain_id, chain_zh = self.chain_info[chain]
            cluster = CGD[f"cluster-{region_id}-{chain_id}"]
            self.entity(cluster, CG.Cluster, raw, row, f"{region_zh}{chain_zh}集群", sources=cited)
            self.add(cluster, CG.clusterOf, chain)
            self.add(cluster, CG.inRegion, region)
            self.add(cluster, CG.chainLeader, company.iri)  # type: ignore[arg-type]
            self.add(cluster, CG.leaderEvidence, CGK["leader-stated"])

    # -- all ------------------------------------------------------------------------------------------

    def build(self) -> ImportResult:
        self.read_chains()
        self.read_regions()
        self.read_links()
        self.read_flows()
        self.read_companies()
        if self.problems:
            raise InputError(sorted(self.problems, key=lambda p: (p.file or "", p.line or 0, p.column or 0,
                                                                  p.message)))
        self.add(self.dataset, RDF.type, CG.Source)
        self.add(self.dataset, RDF.type, DCMITYPE.Dataset)
        self.add(self.dataset, DCTERMS.title, Literal(self.tables.name))
        if not any(raw.rows for raw in self.tables.tables.values()):
            self.warnings.append(f"{self.tables.name}: the tables hold no rows (only headers or comments)")
        return ImportResult(self.graph, self.warnings, self.tables.name, self.rows)


def _code_exists(text: str, scheme: str) -> bool:
    try:
        parse_code(text, default_scheme=scheme)
    except CodeError:
        return False
    return True


def _same(value: object) -> object:
    """What must agree between two rows of one company: for a capacity, its value and unit (not its text)."""
    return value[:2] if isinstance(value, tuple) else value


def _local(iri: URIRef, prefix: str = "") -> str:
    local = re.split(r"[/#]", str(iri))[-1]
    return local[len(prefix):] if prefix and local.startswith(prefix) else local


def tables_to_graph(tables: TableSet, context: object = None) -> ImportResult:
    """The RDF graph of *tables*; references may also name things of *context* (a graph, graphs or a store).

    Raises :class:`~chaingraph.errors.InputError` listing every problem of every table.
    """
    return _Builder(tables, TableContext.build(context)).build()


def read_tables(source, context: object = None) -> ImportResult:
    """Read a folder of CSV tables or an XLSX workbook and build its graph (see :func:`tables_to_graph`)."""
    return tables_to_graph(read_source(source), context)
