"""The rows of chains.csv, links.csv and flows.csv."""

from __future__ import annotations

from collections import defaultdict

from rdflib.term import Node

from chaingraph.sparql.catalogue import named_query
from chaingraph.store.protocol import QueryableGraph
from chaingraph.tables.from_rdf.common import code_text, facts_of, first, group_rows, join, local, number
from chaingraph.tables.from_rdf.queries import CHAIN_EXTRAS, LINK_EXTRAS
from chaingraph.tables.magnitudes import canonical
from chaingraph.vocab.namespaces import GBT2017, HS

__all__ = ["chain_rows", "flow_rows", "link_rows", "planning"]


def chain_rows(kg: QueryableGraph) -> tuple[dict[Node, str], list[dict[str, str]]]:
    """The id of each chain, and the rows of chains.csv."""
    chains = group_rows(kg.select(named_query("table-chains").text), "chain", ("id", "label_zh", "label_en", "formula"))
    chain_ids = {iri: first(entry["id"]) or local(iri, "chain-") for iri, entry in chains.items()}
    extras = facts_of(kg.select(CHAIN_EXTRAS))
    rows = [{"id": chain_ids[iri], "label_zh": first(e["label_zh"]) or first(e["label_en"]),
             "label_en": first(e["label_en"]), "formula": first(e["formula"]),
             "min_firms": planning(extras.get(iri, {}))["min_firms"]} for iri, e in chains.items()]
    return chain_ids, sorted(rows, key=lambda r: r["id"])


def link_rows(kg: QueryableGraph, chain_ids: dict[Node, str]) -> list[dict[str, str]]:
    """The rows of links.csv, with the feeds and codes of each link, by chain and segment order."""
    found = kg.select(named_query("table-links").text)
    links = group_rows(found, "link", ("id", "label_zh", "label_en", "stage", "segment_zh"))
    chains: dict[Node, set[Node]] = defaultdict(set)
    orders: dict[Node, set[int]] = defaultdict(set)
    for row in found:
        if "chain" in row:
            chains[row["link"]].add(row["chain"])
        if "segment_order" in row:
            orders[row["link"]].add(int(str(row["segment_order"])))
    feeds, codes, extras = _feeds(kg), _codes(kg), facts_of(kg.select(LINK_EXTRAS))
    keyed: list[tuple[tuple[str, int, str, str], dict[str, str]]] = []
    for iri, entry in links.items():
        link_id = first(entry["id"]) or local(iri)
        chain = min(chains[iri], key=str) if chains[iri] else None
        segment = first(entry["segment_zh"])
        cells = {"chain": chain_ids.get(chain, local(chain, "chain-")) if chain is not None else "",
                 "id": link_id, "label_zh": first(entry["label_zh"]) or first(entry["label_en"]),
                 "label_en": first(entry["label_en"]), "stage": first(entry["stage"]), "segment": segment,
                 "feeds": join(sorted(feeds.get(link_id, ()))),
                 "hs_codes": join(sorted(codes[link_id]["hs_codes"])),
                 "gbt2017_codes": join(sorted(codes[link_id]["gbt2017_codes"])),
                 "keywords": join(sorted({str(k) for k in extras.get(iri, {}).get("keywords", ())})),
                 **planning(extras.get(iri, {}))}
        # segments come in their order: the import numbers them by first appearance
        order = min(orders[iri]) if orders[iri] else 10**9
        keyed.append(((cells["chain"], order, segment, link_id), cells))
    return [cells for _, cells in sorted(keyed, key=lambda item: item[0])]


def planning(facts: dict[str, list[Node]]) -> dict[str, str]:
    """The cells ``min_firms`` and ``capped`` of a link or chain: the smallest minimum, capped if any says so."""
    minimums = sorted(n for n in (number(v) for v in facts.get("min_firms", ())) if n is not None)
    flags = {str(v).casefold() in ("true", "1") for v in facts.get("capped", ())}
    return {"min_firms": canonical(minimums[0]) if minimums else "",
            "capped": "" if not flags else "true" if True in flags else "false"}


def _feeds(kg: QueryableGraph) -> dict[str, set[str]]:
    """The ids of the links each link (by id) feeds."""
    feeds: dict[str, set[str]] = defaultdict(set)
    for row in kg.select(named_query("flows").text):
        feeds[str(row["from_id"])].add(str(row["to_id"]))
    return feeds


def _codes(kg: QueryableGraph) -> dict[str, dict[str, set[str]]]:
    """The cells ``hs_codes`` and ``gbt2017_codes`` of each link (by id), as sets of codes."""
    codes: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in kg.select(named_query("link-codes").text):
        if str(row["scheme"]) == "hs2022":
            codes[str(row["id"])]["hs_codes"].add(code_text(row["code"], HS, "hs2022"))
        else:
            codes[str(row["id"])]["gbt2017_codes"].add(code_text(row["code"], GBT2017, "gbt2017"))
    return codes


def flow_rows(kg: QueryableGraph) -> list[dict[str, str]]:
    """The rows of flows.csv."""
    flows = group_rows(kg.select(named_query("table-flows").text), "flow",
                       ("from_id", "to_id", "kind", "product_label"))
    rows = [{"from": first(e["from_id"]), "to": first(e["to_id"]), "kind": first(e["kind"]),
             "carries": join(sorted(e["product_label"]))} for e in flows.values()]
    return sorted(rows, key=lambda r: (r["from"], r["to"], r["kind"], r["carries"]))
