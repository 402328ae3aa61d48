"""The flows: ``flows.csv`` as ``cg:Flow`` entities between two links, with their kind and the products
(``cg:ProductType``) they carry; each flow also adds the ``cg:feeds`` it implies."""

from __future__ import annotations

from rdflib import URIRef

from chaingraph.errors import closest
from chaingraph.tables.reader import RawTable, Row
from chaingraph.tables.schema import controlled, split_multi
from chaingraph.tables.slugs import mint
from chaingraph.tables.to_rdf.core import ImportOutput
from chaingraph.tables.to_rdf.links import Link, Links
from chaingraph.vocab.namespaces import CG, CGK

__all__ = ["read_flows"]

Flow = tuple[Row, Link, Link, str, list[str]]  # row, from, to, kind, products carried


def read_flows(out: ImportOutput, links: Links) -> None:
    """Mint the flows of ``flows.csv`` and the products they carry."""
    raw = out.table("flows")
    if raw is None:
        return
    kinds = controlled("flow-kinds")
    seen: dict[tuple[str, str], Row] = {}
    flows: list[Flow] = []
    for row in raw.rows:
        flow = _read_row(out, links, raw, row, seen)
        if flow is not None:
            flows.append(flow)
    products = mint_products(out, raw, [(row, name) for row, *_, carries in flows for name in carries])
    for row, source, target, kind, carries in flows:
        iri = CGK[f"flow-{source.id}-{target.id}"]
        out.entity(iri, CG.Flow, raw, row)
        out.add(iri, CG.flowFrom, source.iri)
        out.add(iri, CG.flowTo, target.iri)
        out.add(iri, CG.flowKind, kinds.notations[kind])
        for name in carries:
            out.add(iri, CG.carries, products[name])
        out.add(source.iri, CG.feeds, target.iri)


def _read_row(out: ImportOutput, links: Links, raw: RawTable, row: Row,
              seen: dict[tuple[str, str], Row]) -> Flow | None:
    """The flow of *row*, or None when the row is wrong (its problems reported)."""
    kinds = controlled("flow-kinds")
    source_text = out.required(raw, row, "from", "the id of the upstream link")
    target_text = out.required(raw, row, "to", "the id of the downstream link")
    source = links.resolve(raw, row, "from", source_text) if source_text else None
    target = links.resolve(raw, row, "to", target_text) if target_text else None
    kind = None
    if row["kind"]:
        kind = kinds.lookup(row["kind"])
        if kind is None:
            out.problem(raw, row, "kind", "unknown flow kind", row["kind"],
                        "one of " + ", ".join(kinds.notations), closest(row["kind"], kinds.notations))
    if source is None or target is None:
        return None
    if source.iri == target.iri:
        out.problem(raw, row, "to", "a flow cannot go from a link to itself", target_text, "another link")
        return None
    key = (source.id, target.id)
    if key in seen:
        out.problem(raw, row, "to", f"duplicate flow {source.id} → {target.id}", target_text,
                    f"one row per pair of links (it is already in row {seen[key].number})")
        return None
    seen[key] = row
    if kind is None and not row["kind"]:
        is_return = target.stage == "recycling" and source.stage != "recycling"
        kind = "scrap" if is_return else "material"
    if kind is None:
        return None
    return row, source, target, kind, split_multi(row["carries"])


def mint_products(out: ImportOutput, raw: RawTable, named: list[tuple[Row, str]]) -> dict[str, URIRef]:
    """The IRI of each product name (with the first row naming it): the context's product, else a new one."""
    iris: dict[str, URIRef] = {}
    first: dict[str, Row] = {}
    for row, name in named:
        first.setdefault(name, row)
    for name in first:
        match = [i for i in out.context.lookup("product", name) if out.context.things[i].label_zh == name]
        if match:
            iris[name] = min(match, key=str)
    minted = mint([n for n in first if n not in iris], out.taken(str(CGK), "product-"))
    for name, local in minted.items():
        iri = CGK[f"product-{local}"]
        iris[name] = iri
        out.entity(iri, CG.ProductType, raw, first[name], name)
    return iris
