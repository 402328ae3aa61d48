"""The chains: ``chains.csv`` as ``cg:IndustryChain`` entities, and the chains that other tables name.

A chain named in ``links.csv`` is one of ``chains.csv``, else one of the context; without a ``chains.csv``,
``links.csv`` names its chains and each new name becomes a chain.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from chaingraph.errors import closest
from chaingraph.tables.reader import RawTable, Row
from chaingraph.tables.schema import ID_PATTERN
from chaingraph.tables.slugs import slug
from chaingraph.tables.to_rdf.core import ImportOutput, local_name
from chaingraph.vocab.namespaces import CG, CGK, SKOS

__all__ = ["Chains"]


class Chains:
    """The chains of the tables (and those of the context the tables name), by name."""

    def __init__(self, out: ImportOutput) -> None:
        self.out = out
        self.names: dict[str, URIRef] = {}  #: id and labels → IRI (tables)
        self.info: dict[URIRef, tuple[str, str]] = {}  #: IRI → (id, Chinese label)

    def read(self) -> None:
        """Mint the chains of ``chains.csv``."""
        out = self.out
        raw = out.table("chains")
        if raw is None:
            return
        first: dict[str, Row] = {}
        for row in raw.rows:
            chain_id = row["id"]
            if not out.check_id(raw, row, "id", chain_id, "chain"):
                continue
            if chain_id in first:
                out.problem(raw, row, "id", "duplicate chain id", chain_id,
                            f"each chain once (it is already in row {first[chain_id].number})")
                continue
            first[chain_id] = row
            label_zh = out.required(raw, row, "label_zh", "the chain's Chinese name")
            iri = CGK[f"chain-{chain_id}"]
            out.entity(iri, CG.IndustryChain, raw, row, label_zh, row["label_en"])
            out.add(iri, SKOS.notation, Literal(chain_id))
            if row["formula"]:
                out.add(iri, CG.officialFormula, Literal(row["formula"], lang="zh"))
            out.min_firms(raw, row, iri)
            self.info[iri] = (chain_id, label_zh or chain_id)
            for name in (chain_id, label_zh, row["label_en"]):
                if name:
                    self.names.setdefault(name, iri)

    def resolve(self, raw: RawTable, row: Row, text: str) -> URIRef | None:
        """The chain the cell ``chain`` of *row* names; a problem (and None) when there is none."""
        if text in self.names:
            return self.names[text]
        found = self.out.context.lookup("chain", text)
        if len(found) == 1:
            iri = next(iter(found))
            known = self.out.context.things[iri]
            self.info.setdefault(iri, (known.id or local_name(iri, "chain-"), known.label_zh or text))
            return iri
        if self.out.table("chains") is None:  # without chains.csv, links.csv names its chains
            return self._named_by_links(raw, row, text)
        known_names = list(self.names) + self.out.context.all_names("chain")
        self.out.problem(raw, row, "chain", "unknown chain", text, "a chain id from chains.csv",
                         closest(text, known_names))
        return None

    def lookup(self, raw: RawTable, row: Row, column: str, text: str) -> URIRef | None:
        """The chain *text* names (an id or a name, of the tables or the context); else a problem and None.

        Unlike :meth:`resolve` it never makes a chain: the tables name their chains in chains.csv or links.csv.
        """
        found = {self.names[text]} if text in self.names else \
            {iri for name, iri in self.names.items() if name.casefold() == text.casefold()}
        found = found or self.out.context.lookup("chain", text)
        if len(found) == 1:
            return next(iter(found))
        ids = sorted({self.describe(iri)[0] for iri in self.names.values()} |
                     {k.id for k in self.out.context.things.values() if k.kind == "chain" and k.id})
        listed = f" ({', '.join(ids)})" if 0 < len(ids) <= 10 else ""
        self.out.problem(raw, row, column, "unknown chain" if not found else "ambiguous chain", text,
                         f"a chain id of chains.csv, links.csv or the loaded data{listed}", closest(text, ids))
        return None

    def _named_by_links(self, raw: RawTable, row: Row, text: str) -> URIRef:
        chain_id = text if ID_PATTERN.fullmatch(text) else slug(text)
        iri = CGK[f"chain-{chain_id}"]
        if iri not in self.info:
            self.out.entity(iri, CG.IndustryChain, raw, row, text)
            self.out.add(iri, SKOS.notation, Literal(chain_id))
            self.info[iri] = (chain_id, text)
        self.names[text] = iri
        return iri

    def describe(self, chain: URIRef) -> tuple[str, str]:
        """The id and Chinese name of *chain* (a chain of the tables or of the context)."""
        if chain not in self.info:
            known = self.out.context.things.get(chain)
            self.info[chain] = ((known.id if known else None) or local_name(chain, "chain-"),
                                (known.label_zh if known else None) or "")
        return self.info[chain]
