"""What the exporters of the single tables share: the text of a cell, of a multi-valued cell, of a code, and
the rows of a query grouped by thing."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from rdflib import Literal
from rdflib.term import Node

from chaingraph.store.protocol import Row
from chaingraph.tables.magnitudes import canonical
from chaingraph.tables.schema import SEPARATORS
from chaingraph.vocab.code_tables import hs_notation
from chaingraph.vocab.namespaces import PREFIXES

__all__ = ["Rows", "cell_text", "code_text", "facts_of", "first", "group_rows", "join", "local", "number"]

Rows = dict[str, list[dict[str, str]]]


def local(iri: Node, prefix: str = "") -> str:
    """The local name of *iri* (after the last ``/`` or ``#``), without *prefix*."""
    name = re.split(r"[/#]", str(iri))[-1]
    return name[len(prefix):] if prefix and name.startswith(prefix) else name


def cell_text(value: str) -> str:
    """One value of a cell: no separator inside it (it would split the value), no line break."""
    return re.sub(r"\s+", " ", SEPARATORS.sub("，", value)).strip()


def join(values: Iterable[str]) -> str:
    return "; ".join(cell_text(v) for v in values if v)


def first(values: Iterable[object]) -> str:
    texts = sorted(str(v) for v in values if v is not None)
    return texts[0] if texts else ""


def code_text(code: Node, namespace: str, scheme: str) -> str:
    text = str(code)
    if text.startswith(str(namespace)):
        name = text[len(str(namespace)):]
        return hs_notation(name) if scheme == "hs2022" and name.isdigit() else name
    for prefix, base in PREFIXES.items():
        if text.startswith(base):
            return f"{prefix}:{text[len(base):]}"
    return text


def number(value: Node) -> Decimal | None:
    try:
        python = value.toPython() if isinstance(value, Literal) else value
        return Decimal(canonical(Decimal(str(python))))
    except Exception:
        return None


def group_rows(rows: Iterable[Row], key: str, columns: Sequence[str]) -> dict[Node, dict[str, set[str]]]:
    """For each thing (the value of *key*), the texts of each of *columns* over all its rows."""
    groups: dict[Node, dict[str, set[str]]] = {}
    for row in rows:
        entry = groups.setdefault(row[key], defaultdict(set))
        for column in columns:
            if column in row:
                entry[column].add(str(row[column]))
    return groups


def facts_of(rows: Iterable[Row]) -> dict[Node, dict[str, list[Node]]]:
    """For each ``?thing`` of *rows* (the answer of a query of ``queries.py``), the values of each ``?fact``."""
    facts: dict[Node, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        facts[row["thing"]][str(row["fact"])].append(row["value"])
    return facts
