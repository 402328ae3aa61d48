"""The regions: ``regions.csv`` as ``cg:Region`` entities with their other names, ``cg:locatedIn`` their parents
(which must not form a cycle), the surveys of the ``surveyed`` column (coverage statements of the import's
``cg:Source``), and the regions that other tables name by id or name."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef

from chaingraph.errors import closest
from chaingraph.tables.reader import RawTable, Row
from chaingraph.tables.schema import split_multi
from chaingraph.tables.to_rdf.chains import Chains
from chaingraph.tables.to_rdf.core import ImportOutput, lang_of, local_name
from chaingraph.vocab.namespaces import CG, CGD, RDF, SKOS

__all__ = ["Regions"]


class Regions:
    """The regions of the tables (and those of the context the tables name), by name."""

    def __init__(self, out: ImportOutput) -> None:
        self.out = out
        self.names: dict[str, set[URIRef]] = defaultdict(set)  #: id and labels → IRIs (tables)
        self.info: dict[URIRef, tuple[str, str]] = {}  #: IRI → (id, Chinese label)
        self.rows: dict[str, Row] = {}  #: region id → its row in regions.csv

    def read(self) -> None:
        """Mint the regions of ``regions.csv``, then place each in its parent."""
        raw = self.out.table("regions")
        if raw is None:
            return
        first = self._mint(raw)
        parents: dict[URIRef, URIRef] = {}
        for region_id, row in first.items():
            if row["parent"]:
                parent = self.resolve(raw, row, "parent", row["parent"], "parent region")
                if parent is not None:
                    iri = CGD[f"region-{region_id}"]
                    parents[iri] = parent
                    self.out.add(iri, CG.locatedIn, parent)
        self._check_cycles(raw, first, parents)

    def _mint(self, raw: RawTable) -> dict[str, Row]:
        """Mint a region for each row with a good, new id; the first row of each id."""
        out = self.out
        first: dict[str, Row] = {}
        for row in raw.rows:
            region_id = row["id"]
            if not out.check_id(raw, row, "id", region_id, "region"):
                continue
            if region_id in first:
                out.problem(raw, row, "id", "duplicate region id", region_id,
                            f"each region once (it is already in row {first[region_id].number})")
                continue
            first[region_id] = row
            label_zh = out.required(raw, row, "label_zh", "the region's Chinese name")
            iri = CGD[f"region-{region_id}"]
            out.entity(iri, CG.Region, raw, row, label_zh, row["label_en"])
            out.add(iri, SKOS.notation, Literal(region_id))
            self.info[iri] = (region_id, label_zh or region_id)
            aliases = split_multi(row["aliases"])
            for alias in aliases:
                out.add(iri, SKOS.altLabel, Literal(alias, lang=lang_of(alias)))
            for name in (region_id, label_zh, row["label_en"], *aliases):
                if name:
                    self.names[name].add(iri)
        self.rows = first
        return first

    def read_surveys(self, chains: Chains) -> None:
        """The ``surveyed`` cells as coverage statements of the import's ``cg:Source`` (after links.csv, which may
        name the chains): ``<source> cg:covers [ cg:coverageRegion <region> ; cg:coverageChain <chain>… ]``."""
        raw = self.out.table("regions")
        if raw is None:
            return
        for region_id, row in self.rows.items():
            values = split_multi(row["surveyed"])
            if not values:
                continue
            if "*" in values and len(values) > 1:
                self.out.problem(raw, row, "surveyed", "'*' (every chain) stands alone:", row["surveyed"],
                                 "chain ids, or * alone")
                continue
            found = [] if values == ["*"] else [chains.lookup(raw, row, "surveyed", v) for v in values]
            if None in found:
                continue  # an unknown chain (a problem)
            statement = CGD[f"{local_name(self.out.dataset)}-covers-{region_id}"]
            self.out.add(self.out.dataset, CG.covers, statement)
            self.out.add(statement, RDF.type, CG.CoverageStatement)
            self.out.add(statement, CG.coverageRegion, CGD[f"region-{region_id}"])
            for chain in filter(None, found):
                self.out.add(statement, CG.coverageChain, chain)

    def _check_cycles(self, raw: RawTable, rows: dict[str, Row], parents: dict[URIRef, URIRef]) -> None:
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
            ids = [self.info[r][0] for r in cycle]
            first_id = min(ids, key=lambda i: rows[i].number)
            ordered = ids[ids.index(first_id):] + ids[: ids.index(first_id)]
            self.out.problem(raw, rows[first_id], "parent", "region cycle", " → ".join([*ordered, first_id]),
                             "a parent chain that ends (rows " + ", ".join(str(rows[i].number) for i in ordered)
                             + ")")

    def resolve(self, raw: RawTable, row: Row, column: str, text: str, what: str = "region") -> URIRef | None:
        """The region *text* names (an id or a name, of the tables or the context); else a problem and None."""
        found = self._lookup(text)
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            self.out.problem(raw, row, column, f"ambiguous {what}", text, "a name that names one region: use its id",
                             sorted(self.info[i][0] for i in found))
            return None
        known = list(self.names) + self.out.context.all_names("region")
        where = "regions.csv" if self.out.table("regions") is not None else "regions.csv (there is none)"
        self.out.problem(raw, row, column, f"unknown {what}", text, f"a region id or name from {where}",
                         closest(text, known))
        return None

    def _lookup(self, text: str) -> set[URIRef]:
        found = set(self.names.get(text, set()))
        if not found:
            found = {iri for name, iris in self.names.items() if name.casefold() == text.casefold() for iri in iris}
        if not found:
            found = self.out.context.lookup("region", text)
            for iri in found:
                known = self.out.context.things[iri]
                self.info.setdefault(iri, (known.id or local_name(iri, "region-"), known.label_zh or text))
        return found

    def describe(self, region: URIRef) -> tuple[str, str]:
        """The id and Chinese name of *region* (empty when it is not known by name)."""
        return self.info.get(region, (local_name(region, "region-"), ""))
