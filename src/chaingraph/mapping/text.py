"""Business-scope text: split 经营范围 and 主营产品 into items, tell making from trading, find keywords.

A register's 经营范围 is a list of items separated by ``；`` (``一般项目：…；许可项目：…``), each an object
and a verb: 「铝合金型材制造」, 「金属材料销售」, 「生产、销售：铝锭，铝棒」. An item is **trading** when it
has a trading or service word (销售, 批发, 零售, 进出口, 租赁, 施工, 维修, 技术服务 …, :data:`TRADE_WORDS`)
and no making word (生产, 制造, 加工, 冶炼, 铸造, 回收 …, :data:`MAKE_WORDS`); every other item counts as
what the firm makes. Within an item, parts separated by ``，`` without a verb of their own take the verbs
of the part before them («销售：铝锭，铝棒» sells both). Bracketed text (the 「依法须经批准的项目…」
boilerplate) is dropped.

Keywords are found by a :class:`KeywordMatcher`: every occurrence, overlapping ones included; an
occurrence inside a longer one is dropped (「再生铝锭」 is 再生铝锭, not also 铝锭), and of two that
overlap the longer is kept (「再生铸造铝合金锭」 is 再生铸造铝合金, not 铝合金锭), and of two as long the one
ending later, as a Chinese compound names its head last (「动力电池托盘」 is a tray, 「驱动电机壳体」 a
housing). Stop phrases (:data:`STOP_PHRASES`) are matched like keywords and name nothing: generic
catalogue phrases and products made *from* a link's product.

>>> scope = "一般项目：铝合金型材制造；金属材料销售（除许可业务外）；销售：铝锭，铝棒"
>>> [(i.text, i.trading) for i in split_items(scope)]
[('铝合金型材制造', False), ('金属材料销售', True), ('销售:铝锭', True), ('铝棒', True)]
>>> matcher = KeywordMatcher({"铝锭": ("AL07",), "再生铝锭": ("AL25",), "动力电池": ("CU10",), "电池托盘": ("AL16",)})
>>> [m.keyword for m in matcher.find("再生铝锭、动力电池托盘")]
['再生铝锭', '电池托盘']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["MAKE_WORDS", "STOP_PHRASES", "TRADE_WORDS", "Item", "KeywordMatcher", "Match", "normalise", "split_items"]

#: words that say the firm makes, processes or recovers something
MAKE_WORDS = ("生产", "制造", "加工", "制作", "冶炼", "精炼", "压延", "轧制", "挤压", "铸造", "压铸", "锻造", "熔炼",
              "开采", "采选", "选矿", "回收", "拆解", "再制造", "装配", "组装", "改装", "发电", "供电", "处理", "研制")
#: words that say the firm sells, rents, builds, repairs or advises — not that it makes
TRADE_WORDS = ("销售", "批发", "零售", "经销", "代销", "经营", "进出口", "进口", "出口", "贸易", "购销", "代理",
               "租赁", "施工", "安装", "维修", "修理", "维护", "技术服务", "技术开发", "技术咨询", "技术推广",
               "技术交流", "技术转让", "研发", "咨询", "设计", "检测", "仓储", "运输", "配送", "信息服务")
#: phrases that contain keywords but name no link's product: generic catalogue phrases, and products made
#: from a link's product (an 铝箔餐盒 maker is not a foil maker)
STOP_PHRASES = ("阳极氧化", "氧化铝陶瓷", "锻件及粉末冶金制品制造", "铝箔餐盒", "铝箔容器", "铝箔胶带",
                "电池回收", "汽车零部件及配件制造")

_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")
_HEADERS = re.compile(r"(?:一般项目|许可项目|经营范围|主营产品)\s*:")
_ITEMS = re.compile(r"[;。\n]+")
_PARTS = re.compile(r",+")


def normalise(text: str) -> str:
    """NFKC (full-width forms to half-width: 「（」 → 「(」, 「；」 → 「;」), upper-case Latin letters, no
    spaces.

    >>> normalise("供（配）电 ；adc12")
    '供(配)电;ADC12'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


@dataclass(frozen=True)
class Item:
    """One item of a business scope or product list."""

    text: str  #: the item as normalised, without brackets
    trading: bool  #: a trading or service item: it says nothing about what the firm makes


_MAKE = re.compile("|".join(MAKE_WORDS))
_TRADE = re.compile("|".join(TRADE_WORDS))


def _verbs(text: str) -> tuple[bool, bool]:
    return _MAKE.search(text) is not None, _TRADE.search(text) is not None


def split_items(text: str) -> list[Item]:
    """The items of a 经营范围 or 主营产品 cell, each marked trading or not."""
    clean = normalise(text)
    while True:  # nested brackets: innermost first
        stripped = _BRACKETS.sub("", clean)
        if stripped == clean:
            break
        clean = stripped
    items: list[Item] = []
    for chunk in _ITEMS.split(_HEADERS.sub(";", clean)):
        verbs = (False, False)
        for part in _PARTS.split(chunk):
            part = part.strip(":、/ ")
            if not part:
                continue
            own = _verbs(part)
            if any(own):
                verbs = own
            items.append(Item(part, verbs[1] and not verbs[0]))
    return items


@dataclass(frozen=True)
class Match:
    keyword: str  #: the keyword as normalised
    start: int
    end: int
    links: tuple[str, ...]  #: the links it names (empty for a stop phrase)


def _trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching the longest of *words* at a position (a trie as nested groups: fast in
    Python's re, where an alternation of hundreds of words is tried word by word)."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return pattern(trie)


class KeywordMatcher:
    """Finds keywords in text; each keyword names one or more links, a stop phrase none.

    >>> m = KeywordMatcher({"氧化铝": ("AL02",), "铝型材": ("AL10",)})
    >>> [(x.keyword, x.links) for x in m.find("阳极氧化铝型材")]
    [('铝型材', ('AL10',))]
    """

    def __init__(self, keywords: Mapping[str, Iterable[str]], stop_phrases: Iterable[str] = STOP_PHRASES) -> None:
        self.links: dict[str, tuple[str, ...]] = {}
        for keyword, links in keywords.items():
            key = normalise(keyword)
            if key:
                self.links[key] = tuple(sorted({*self.links.get(key, ()), *links}))
        for phrase in stop_phrases:
            self.links.setdefault(normalise(phrase), ())
        words = sorted(self.links)
        self._pattern = re.compile(f"(?=({_trie_pattern(words)}))") if words else None

    def find(self, text: str) -> list[Match]:
        """The keywords of *text* (normalised), left to right, after the overlap rules; stop phrases left out."""
        if self._pattern is None:
            return []
        found = [Match(m.group(1), m.start(), m.start() + len(m.group(1)), self.links[m.group(1)])
                 for m in self._pattern.finditer(text)]
        kept: list[Match] = []
        for match in sorted(found, key=lambda m: (m.start - m.end, -m.end)):  # longer first, then ending later
            if all(match.end <= k.start or match.start >= k.end for k in kept):
                kept.append(match)
        return sorted((m for m in kept if m.links), key=lambda m: m.start)
