"""No data is not no firm: where the data claims to list every company, and so where an absence is confirmed.

A source may declare that it lists every company of a region (and of the places inside it) in some
chains or links — a survey (``cg:CoverageStatement``; the ``surveyed`` column of ``regions.csv``). A link
without an operating local actor is then a **confirmed** absence in every region inside that region;
elsewhere the absence is **unconfirmed**: the data says nothing either way. A claim about a parent
region ("the city has none", 硬缺口) is made only where the parent is covered the same way.

>>> statements = [{"region": "city", "chains": {"alu"}, "links": set()}]
>>> sorted(covered_links(statements, {"district", "city", "country"}, {"A1": "alu", "G1": "gear"}))
['A1']
>>> covered_links(statements, {"country"}, {"A1": "alu"})  # the country is not surveyed
set()
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from typing import Any

__all__ = ["covered_links"]


def covered_links(statements: Iterable[Mapping[str, Any]], containing: Set[str],
                  chain_of: Mapping[str, str], iri_of: Mapping[str, str] | None = None) -> set[str]:
    """The links (of *chain_of*: link id → chain IRI) whose companies the data lists completely in a region
    whose containing regions (itself included) are *containing*.

    A statement covers a link when its region is one of *containing* and it names the link's chain, or the
    link itself (by IRI, through *iri_of*: link id → IRI), or names neither (every chain).
    """
    iri_of = iri_of or {}
    covered: set[str] = set()
    for statement in statements:
        if statement["region"] not in containing:
            continue
        chains, links = statement.get("chains") or set(), statement.get("links") or set()
        for link, chain in chain_of.items():
            if (not chains and not links) or chain in chains or iri_of.get(link, link) in links:
                covered.add(link)
    return covered
