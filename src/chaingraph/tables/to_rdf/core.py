"""What every part of an import writes to: the graph, the problems, the warnings and the row of each entity.

The readers of the single tables (chains, regions, links, flows, companies) share one :class:`ImportOutput`:
they add triples and mint entities through it, and report every problem of a cell to it, so that all the
problems of all the tables are raised together at the end.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.term import Node

from chaingraph.errors import Problem, closest
from chaingraph.tables.context import TableContext
from chaingraph.tables.reader import RawTable, Row, TableSet
from chaingraph.tables.schema import ID_PATTERN, CellProblem
from chaingraph.tables.slugs import slug
from chaingraph.vocab.namespaces import CG, CGD, CGK, PROV, RDF, SKOS, XSD

__all__ = ["FLAGS", "ImportOutput", "lang_of", "local_name", "text_literal"]

#: the cells a true/false column accepts (any case)
FLAGS = {"true": True, "false": False, "是": True, "否": False, "yes": True, "no": False}

#: the terms every entity gets, looked up once (an attribute of rdflib's closed namespaces costs a Python call)
_TYPE, _PREF_LABEL, _DERIVED_FROM, _EVIDENCE_KIND = RDF.type, SKOS.prefLabel, PROV.wasDerivedFrom, CG.evidenceKind
_STATED = CGK["evidence-stated"]

_new_str = str.__new__
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def lang_of(text: str) -> str:
    """The language tag of a free text: ``zh`` when it holds a Chinese character, else ``en``.

    >>> lang_of("报告2024"), lang_of("annual report")
    ('zh', 'en')
    """
    return "zh" if _CJK.search(text) else "en"


def text_literal(text: str, lang: str | None = None) -> Literal:
    """``Literal(text, lang=lang)`` for a text and a language tag of chaingraph's own (``zh``, ``en``: valid):
    the same term, made without rdflib's checks and casts, which cost ten times more (10⁵ of them an import).

    >>> made, rdflib = text_literal("甲公司", "zh"), Literal("甲公司", lang="zh")
    >>> made == rdflib and hash(made) == hash(rdflib) and made.value == rdflib.value and made.ill_typed is None
    True
    >>> text_literal("ST01") == Literal("ST01") and text_literal("x", "") == Literal("x", lang="")
    True
    """
    literal = _new_str(Literal, text)
    literal._language = lang or None
    literal._datatype = None
    literal._value = text
    literal._ill_typed = None
    return literal


def local_name(iri: URIRef, prefix: str = "") -> str:
    """The local name of *iri* (after the last ``/`` or ``#``), without *prefix*.

    >>> local_name(URIRef("https://w3id.org/chaingraph/data/region-qijiang"), "region-")
    'qijiang'
    """
    local = re.split(r"[/#]", str(iri))[-1]
    return local[len(prefix):] if prefix and local.startswith(prefix) else local


class ImportOutput:
    """The triples an import builds, with the problems and warnings found and the row of each entity."""

    def __init__(self, tables: TableSet, context: TableContext) -> None:
        self.tables = tables
        self.context = context
        #: the triples, each once, in the order added (a dict as an ordered set: no rdflib graph, which costs
        #: about 2 KB a triple at 10⁶ triples; benchmarks/README.md, "Importing tables")
        self.triples: dict[tuple[URIRef, URIRef, Node], None] = {}
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.rows: dict[str, dict[URIRef, int]] = {}  #: file → entity → row that defines it
        self.dataset = CGD[f"source-tables-{slug(tables.name)}"]  #: the cg:Source naming the tables
        #: typed literals made once for this import (70,000 capacities share a few thousand numbers and years)
        self.literals: dict[tuple[str, str], Literal] = {}

    def table(self, name: str) -> RawTable | None:
        """The table *name* (``links``, ``companies``, …), if the source has it."""
        return self.tables.tables.get(name)

    def problem(self, raw: RawTable, row: Row | None, column: str | None, message: str, value: str | None = None,
                expected: str | None = None, suggestions: Iterable[str] = ()) -> None:
        self.problems.append(CellProblem(
            message, raw.display, row.number if row else None,
            raw.column_number(column) if column else None, column_name=column, value=value,
            expected=expected, suggestions=tuple(suggestions)))

    def warn(self, text: str) -> None:
        self.warnings.append(text)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.triples[s, p, o] = None

    def entity(self, iri: URIRef, cls: URIRef, raw: RawTable | None, row: Row | None,
               label_zh: str | None = None, label_en: str | None = None,
               sources: Iterable[URIRef] = ()) -> None:
        """Mint an entity: its type, names, source and evidence kind."""
        triples = self.triples
        triples[iri, _TYPE, cls] = None
        if label_zh:
            triples[iri, _PREF_LABEL, text_literal(label_zh, "zh")] = None
        if label_en:
            triples[iri, _PREF_LABEL, text_literal(label_en, "en")] = None
        for source in (self.dataset, *sources):
            triples[iri, _DERIVED_FROM, source] = None
        triples[iri, _EVIDENCE_KIND, _STATED] = None
        if raw is not None and row is not None:
            self.rows.setdefault(raw.display, {}).setdefault(iri, row.number)

    def check_id(self, raw: RawTable, row: Row, column: str, value: str, what: str) -> bool:
        """Whether *value* may be the id of a *what* (it becomes part of an IRI); a problem if not."""
        if not value:
            self.problem(raw, row, column, f"missing {what} id", expected=f"the {what}'s id")
            return False
        if not ID_PATTERN.fullmatch(value):
            self.problem(raw, row, column, f"invalid {what} id", value,
                         "letters, digits, - or _ (it becomes part of an IRI)", [slug(value)])
            return False
        return True

    def required(self, raw: RawTable, row: Row, column: str, what: str) -> str:
        """The cell *column* of *row*; a problem when it is empty."""
        value = row[column]
        if not value:
            self.problem(raw, row, column, "missing value", expected=what)
        return value

    def flag(self, raw: RawTable, row: Row, column: str) -> bool | None:
        """The true/false cell *column* of *row* (true, false, 是, 否); None when empty or wrong (a problem)."""
        text = row[column]
        if not text:
            return None
        value = FLAGS.get(text.casefold())
        if value is None:
            self.problem(raw, row, column, "not true or false", text, "true or false (是 or 否), or nothing",
                         closest(text, FLAGS))
        return value

    def positive_integer(self, raw: RawTable, row: Row, column: str) -> int | None:
        """The cell *column* of *row* as a whole number ≥ 1; None when empty or wrong (a problem)."""
        text = unicodedata.normalize("NFKC", row[column]).strip()
        if not text:
            return None
        if text.isascii() and text.isdigit() and int(text) >= 1:
            return int(text)
        self.problem(raw, row, column, "not a positive integer", row[column], "a whole number ≥ 1 such as 2")
        return None

    def min_firms(self, raw: RawTable, row: Row, iri: URIRef) -> None:
        """Add ``cg:minFirms`` to *iri* from the cell ``min_firms`` of *row*."""
        value = self.positive_integer(raw, row, "min_firms")
        if value is not None:
            self.add(iri, CG.minFirms, Literal(str(value), datatype=XSD.positiveInteger))

    def taken(self, namespace: str, prefix: str) -> set[str]:
        """The local names after *prefix* that things of the context already have in *namespace*."""
        start = f"{namespace}{prefix}"
        return {local_name(URIRef(i), prefix) for i in self.context.iris() if i.startswith(start)}
