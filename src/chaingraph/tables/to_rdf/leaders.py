"""Chain leaders: a company whose role is ``leader`` leads, in its region, the chains of the links it
operates in — a ``cg:Cluster`` with its ``cg:chainLeader``, at most one per chain and region."""

from __future__ import annotations

from rdflib import URIRef

from chaingraph.tables.reader import RawTable, Row
from chaingraph.tables.to_rdf.chains import Chains
from chaingraph.tables.to_rdf.companies import Company
from chaingraph.tables.to_rdf.core import ImportOutput
from chaingraph.tables.to_rdf.facts import CompanyFacts
from chaingraph.tables.to_rdf.regions import Regions
from chaingraph.vocab.namespaces import CG, CGD, CGK

__all__ = ["Leaders"]


class Leaders:
    """The clusters of the chain leaders, one per (region, chain)."""

    def __init__(self, out: ImportOutput, chains: Chains, regions: Regions) -> None:
        self.out = out
        self.chains = chains
        self.regions = regions
        self.leaders: dict[tuple[URIRef, URIRef], tuple[str, Row]] = {}  #: (region, chain) → (company, row)

    def add(self, raw: RawTable, company: Company, iri: URIRef, facts: CompanyFacts) -> None:
        """Mint the cluster of each chain *company* (the entity *iri*) leads in its region."""
        row = next((r for r in company.rows if r["role"]), company.rows[0])
        region = facts.region
        if region is None:
            self.out.problem(raw, row, "region", "a chain leader needs a region", row["region"] or None,
                             "the region whose chains it leads")
            return
        chains = sorted({link.chain for link in facts.links.values() if link.chain is not None}, key=str)
        if not chains:
            self.out.problem(raw, row, "links", "a chain leader needs links", row["links"] or None,
                             "the links it operates in (it leads their chains)")
            return
        region_id, region_zh = self.regions.describe(region)
        for chain in chains:
            chain_id, chain_zh = self.chains.describe(chain)
            if (region, chain) in self.leaders:
                other, other_row = self.leaders[region, chain]
                self.out.problem(raw, row, "role", f"two chain leaders of chain '{chain_id}' in region '{region_id}':",
                                 company.name, f"one leader per chain and region ('{other}' in row {other_row.number})")
                continue
            self.leaders[region, chain] = (company.name, row)
            cluster = CGD[f"cluster-{region_id}-{chain_id}"]
            self.out.entity(cluster, CG.Cluster, raw, row, f"{region_zh}{chain_zh}集群", sources=facts.cited)
            self.out.add(cluster, CG.clusterOf, chain)
            self.out.add(cluster, CG.inRegion, region)
            self.out.add(cluster, CG.chainLeader, iri)
            self.out.add(cluster, CG.leaderEvidence, CGK["leader-stated"])
