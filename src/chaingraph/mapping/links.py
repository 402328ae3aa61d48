"""What the mapper knows of each link: its labels, its GB/T 4754-2017 codes and its keywords, read from the
knowledge graph with the named queries ``links``, ``link-codes`` and ``link-keywords``.

>>> from chaingraph.knowledge import KnowledgeGraph
>>> links = LinkVocabulary.read(KnowledgeGraph.open())
>>> links.links["AL10"].codes, links.code_matches("3252"), links.code_matches("325")["AL10"]
(('3252',), {'AL10': 4, 'AL11': 4, 'AL12': 4, 'AL13': 4}, 3)
>>> code_depth("C", "3252"), code_depth("32", "3252"), code_depth("3251", "3252")
(1, 2, 0)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from chaingraph.mapping.firms import section_of
from chaingraph.mapping.text import KeywordMatcher
from chaingraph.sparql.catalogue import named_query
from chaingraph.store.protocol import QueryableGraph

__all__ = ["LinkInfo", "LinkVocabulary", "code_depth"]

_GB2017 = "gbt4754-2017"


@dataclass(frozen=True)
class LinkInfo:
    id: str
    labels: dict[str, str]  #: {"zh": …, "en": …}
    codes: tuple[str, ...] = ()  #: GB/T 4754-2017 codes
    keywords: tuple[str, ...] = ()


def code_depth(firm: str, link: str) -> int:
    """How deep a firm's code and a link's code agree at the deepest level both have: 4, 3 or 2 digits,
    1 for a 门类 letter and a code in it, 0 when they differ."""
    if firm.isalpha() or link.isalpha():
        return 1 if section_of(firm) == section_of(link) != "" else 0
    depth = min(len(firm), len(link))
    return depth if firm[:depth] == link[:depth] else 0


@dataclass
class LinkVocabulary:
    links: dict[str, LinkInfo]
    matcher: KeywordMatcher
    _codes: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def from_links(cls, links: Mapping[str, LinkInfo]) -> LinkVocabulary:
        keywords: dict[str, list[str]] = {}
        for link in links.values():
            for keyword in link.keywords:
                keywords.setdefault(keyword, []).append(link.id)
        return cls(dict(links), KeywordMatcher(keywords))

    @classmethod
    def read(cls, kg: QueryableGraph) -> LinkVocabulary:
        labels: dict[str, dict[str, str]] = {}
        for row in kg.select_plain(named_query("links").text):
            labels[str(row["id"])] = {lang: str(row[f"label_{lang}"]) for lang in ("zh", "en")
                                      if row.get(f"label_{lang}") is not None}
        codes: dict[str, set[str]] = {}
        for row in kg.select_plain(named_query("link-codes").text):
            if row["scheme"] == _GB2017:
                codes.setdefault(str(row["id"]), set()).add(str(row["notation"]))
        keywords: dict[str, set[str]] = {}
        for row in kg.select_plain(named_query("link-keywords").text):
            keywords.setdefault(str(row["id"]), set()).add(str(row["keyword"]))
        return cls.from_links({link: LinkInfo(link, labels[link], tuple(sorted(codes.get(link, ()))),
                                              tuple(sorted(keywords.get(link, ()))))
                               for link in sorted(labels)})

    def code_matches(self, code: str) -> dict[str, int]:
        """The links a firm's industry code matches, each with the depth of the best match (≥ 1)."""
        if code not in self._codes:
            found: dict[str, int] = {}
            for link in self.links.values():
                depth = max((code_depth(code, c) for c in link.codes), default=0)
                if depth:
                    found[link.id] = depth
            self._codes[code] = found
        return self._codes[code]
