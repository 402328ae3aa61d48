"""The links: ``links.csv`` as ``cg:ChainLink`` entities with their chain, stage, segment, codes, feeds,
keywords and planning parameters (``min_firms``, ``capped``), and the links that other tables name by id. A
link without a stage gets one derived from the flows of its chain (:meth:`Links.derive_stages`).

Segments (``cg:Segment``) are minted per chain in the order of their first row; a segment of the context
with the same name in the same chain is reused. Codes are HS 2022 and GB/T 4754-2017 concepts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
from rdflib import Literal, Namespace, URIRef
from rdflib.term import Node

from chaingraph.errors import closest
from chaingraph.tables.reader import RawTable, Row
from chaingraph.tables.schema import controlled, kos_subjects, split_multi
from chaingraph.tables.slugs import mint
from chaingraph.tables.to_rdf.chains import Chains
from chaingraph.tables.to_rdf.core import ImportOutput, lang_of
from chaingraph.vocab.codes import CodeError, UnknownCodeError, parse_code
from chaingraph.vocab.namespaces import CG, CGK, GBT2017, HS, SKOS

__all__ = ["RESERVED_PREFIXES", "Link", "Links"]

#: local names in cgk: that link ids must not take (they name chains, segments, flows, … and the kos lists)
RESERVED_PREFIXES = ("chain-", "segment-", "flow-", "product-", "stage-", "status-", "value-", "bound-",
                     "evidence-", "intent-", "leader-", "admin-", "level-", "metric-")

Segments = dict[URIRef, dict[str, Row]]  # chain → segment label → first row


@dataclass
class Link:
    """A link of the tables (with its row) or of the context."""

    iri: URIRef
    id: str
    chain: URIRef | None
    stage: str | None
    row: Row | None = None


class Links:
    """The links of the tables (and those of the context the tables name), by id."""

    def __init__(self, out: ImportOutput, chains: Chains) -> None:
        self.out = out
        self.chains = chains
        self.by_id: dict[str, Link] = {}
        self.labels: dict[str, str] = {}  #: label → id, for hints

    def read(self) -> None:
        """Mint the links of ``links.csv``, then their segments, then what each link feeds."""
        raw = self.out.table("links")
        if raw is None:
            return
        segments: Segments = defaultdict(dict)
        pending: list[tuple[Link, Row]] = []
        for row in raw.rows:
            link = self._read_row(raw, row, segments)
            if link is not None:
                pending.append((link, row))
        segment_iris = mint_segments(self.out, self.chains, raw, segments)
        for link, row in pending:
            if row["segment"] and link.chain is not None:
                self.out.add(link.iri, CG.segment, segment_iris[link.chain, row["segment"]])
            self._add_feeds(raw, row, link)

    def _read_row(self, raw: RawTable, row: Row, segments: Segments) -> Link | None:
        """Mint the link of *row* (and note its segment), or report why it cannot be minted."""
        out = self.out
        link_id = row["id"]
        chain_text = out.required(raw, row, "chain", "the id of the link's chain")
        if not self._check_id(raw, row, link_id):
            return None
        chain = self.chains.resolve(raw, row, chain_text) if chain_text else None
        label_zh = out.required(raw, row, "label_zh", "the link's Chinese name")
        stage = self._stage(raw, row)
        iri = CGK[link_id]
        link = Link(iri, link_id, chain, stage, row)
        self.by_id[link_id] = link
        for label in (label_zh, row["label_en"]):
            if label:
                self.labels.setdefault(label, link_id)
        out.entity(iri, CG.ChainLink, raw, row, label_zh, row["label_en"])
        out.add(iri, SKOS.notation, Literal(link_id))
        if chain is not None:
            out.add(iri, CG.inChain, chain)
            if row["segment"]:
                segments[chain].setdefault(row["segment"], row)
        if stage is not None:
            out.add(iri, CG.stage, controlled("stages").notations[stage])
        for keyword in split_multi(row["keywords"]):
            out.add(iri, CG.keyword, Literal(keyword, lang=lang_of(keyword)))
        out.min_firms(raw, row, iri)
        capped = out.flag(raw, row, "capped")
        if capped is not None:
            out.add(iri, CG.capacityCapped, Literal(capped))
        read_codes(out, raw, row, iri, "hs_codes", "hs2022", HS, CG.hsCode, "an HS 2022 code such as 7604.21")
        read_codes(out, raw, row, iri, "gbt2017_codes", "gbt2017", GBT2017, CG.industryCode,
                   "a GB/T 4754-2017 code such as 3252")
        return link

    def _add_feeds(self, raw: RawTable, row: Row, link: Link) -> None:
        """Add the links *link* feeds (the cell ``feeds``: ids of links of the tables or of the context)."""
        for target in split_multi(row["feeds"]):
            found = self.resolve(raw, row, "feeds", target)
            if found is None:
                continue
            if found.iri == link.iri:
                self.out.problem(raw, row, "feeds", "a link cannot feed itself", target, "ids of other links")
                continue
            self.out.add(link.iri, CG.feeds, found.iri)

    def _check_id(self, raw: RawTable, row: Row, link_id: str) -> bool:
        """Whether *link_id* is a good id no other link has; a problem if not."""
        if not self.out.check_id(raw, row, "id", link_id, "link"):
            return False
        if link_id.startswith(RESERVED_PREFIXES) or str(CGK[link_id]) in kos_subjects():
            self.out.problem(raw, row, "id", "reserved link id", link_id,
                             "an id not starting with " + ", ".join(RESERVED_PREFIXES))
            return False
        if link_id in self.by_id:
            earlier = self.by_id[link_id].row
            self.out.problem(raw, row, "id", "duplicate link id", link_id,
                             f"ids unique across all chains (it is already in row {earlier.number})"
                             if earlier else "ids unique across all chains")
            return False
        return True

    def _stage(self, raw: RawTable, row: Row) -> str | None:
        stages = controlled("stages")
        if not row["stage"]:
            return None  # derived from the flows (derive_stages)
        stage = stages.lookup(row["stage"])
        if stage is None:
            self.out.problem(raw, row, "stage", "unknown stage", row["stage"],
                             "one of " + ", ".join(stages.notations), closest(row["stage"], stages.notations))
        return stage

    def derive_stages(self) -> None:
        """Give each link of links.csv without a stage one derived from the flows of its chain (after the flows).

        On the condensation of the chain's feeds (a loop is one node): a link with no input and some output
        is ``input``, one with some input and no output ``downstream``, any other ``midstream``.
        """
        raw = self.out.table("links")
        pending = [link for link in self.by_id.values() if link.row is not None and not link.row["stage"]]
        if raw is None or not pending:
            return
        chain_of: dict[Node, URIRef | None] = {link.iri: link.chain for link in self.by_id.values()}
        for iri, known in self.out.context.things.items():
            chain_of.setdefault(iri, known.chain)
        graph: nx.DiGraph = nx.DiGraph()
        graph.add_nodes_from(link.iri for link in pending)
        for source, target in self.out.graph.subject_objects(CG.feeds):
            chain = chain_of.get(source)
            if chain is not None and chain == chain_of.get(target):
                graph.add_edge(source, target)
        condensed = nx.condensation(graph)
        derived: dict[str, list[str]] = defaultdict(list)
        for link in sorted(pending, key=lambda lk: lk.id):
            node = condensed.graph["mapping"][link.iri]
            has_input, has_output = condensed.in_degree(node) > 0, condensed.out_degree(node) > 0
            stage = "input" if has_output and not has_input else "downstream" if has_input and not has_output \
                else "midstream"
            link.stage = stage
            self.out.add(link.iri, CG.stage, controlled("stages").notations[stage])
            derived[stage].append(link.id)
        self.out.warn(f"{raw.display}: no stage given for {len(pending)} link(s), derived from the flows — "
                      + "; ".join(f"{stage}: {', '.join(ids)}" for stage, ids in derived.items()))

    def resolve(self, raw: RawTable, row: Row, column: str, text: str) -> Link | None:
        """The link the id *text* names (of the tables or the context); else a problem and None."""
        if text in self.by_id:
            return self.by_id[text]
        context = self.out.context
        for iri in sorted(context.lookup("link", text), key=str):
            known = context.things[iri]
            if known.id == text:
                return Link(iri, text, known.chain, known.stage)
        hints = []
        if text in self.labels:
            hints.append(self.labels[text])
        for iri in context.lookup("link", text):
            context_id = context.things[iri].id
            if context_id:
                hints.append(context_id)
        ids = list(self.by_id) + [k.id for k in context.things.values() if k.kind == "link" and k.id]
        hints += [h for h in closest(text, ids) if h not in hints]
        where = "links.csv" if self.out.table("links") is not None else "the loaded chains (there is no links.csv)"
        self.out.problem(raw, row, column, "unknown link", text, f"a link id from {where}", hints[:3])
        return None


def mint_segments(out: ImportOutput, chains: Chains, raw: RawTable,
                  segments: Segments) -> dict[tuple[URIRef, str], URIRef]:
    """The IRI of each (chain, segment label): the context's segment of that name, else a new one."""
    iris: dict[tuple[URIRef, str], URIRef] = {}
    taken = out.taken(str(CGK), "segment-")
    for chain, labels in segments.items():
        chain_id = chains.info[chain][0]
        reused = {}
        for label in labels:
            match = [i for i in out.context.lookup("segment", label) if out.context.things[i].chain == chain]
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
            out.entity(iri, CG.Segment, raw, row, label)
            out.add(iri, CG.inChain, chain)
            out.add(iri, CG.order, Literal(order))
    return iris


def read_codes(out: ImportOutput, raw: RawTable, row: Row, iri: URIRef, column: str, scheme: str,
               namespace: Namespace, prop: URIRef, expected: str) -> None:
    """Add the codes of the cell *column* (of the code list *scheme*) to the link *iri*."""
    for text in split_multi(row[column]):
        try:
            code = parse_code(text, default_scheme=scheme)
        except UnknownCodeError as error:
            suggestions, why = error.suggestions[:3], expected
            if text.isdigit() and _code_exists("0" + text, scheme):  # Excel drops a number's leading zero
                suggestions = ["0" + text, *suggestions[:2]]
                why += " (a number cell loses its leading zero: format the column as text)"
            out.problem(raw, row, column, "unknown code", text, why, suggestions)
            continue
        except CodeError as error:
            out.problem(raw, row, column, "invalid code", text, f"{expected} ({error})")
            continue
        if not str(code).startswith(str(namespace)):
            out.problem(raw, row, column, "code of the wrong code list", text, expected)
            continue
        out.add(iri, prop, code)


def _code_exists(text: str, scheme: str) -> bool:
    try:
        parse_code(text, default_scheme=scheme)
    except CodeError:
        return False
    return True
