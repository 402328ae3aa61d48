"""The confidence of a firm–link mapping, and its evidence in words.

**Words.** A keyword of the link found in an item the firm makes (not a trading item, see
:mod:`chaingraph.mapping.text`) weighs ``w`` = 0.70 in 主营产品 (what the firm says it makes), 0.45 in
经营范围 (what it may do); each further distinct keyword of the link adds 0.05, at most 0.10. A keyword
found only in trading items (「铝锭销售」) weighs nothing: a trader is not a maker (the evidence says so).

**Code.** The firm's GB/T 4754-2017 code agrees with one of the link's codes at the deepest level both
have (:func:`chaingraph.mapping.links.code_depth`): ``c`` = 0.50 at 4 digits, 0.40 at 3, 0.20 at 2, 0
for a 门类 letter or no agreement.

**Confidence.** With words: 1 − (1 − w)(1 − c). Without: the code alone, 0.40 at 4 digits, 0.30 at 3,
0.15 at 2, divided by the number of links the firm's code matches (a code shared by four links says only
that the firm is in one of them). Rounded to two decimals. So:

============================  ========  ========  ========  =========
words \\ code agreement        4 digits  3 digits  2 digits  none
============================  ========  ========  ========  =========
keyword in 主营产品            0.85      0.82      0.76      0.70
keyword in 经营范围            0.73      0.67      0.56      0.45
no keyword (or only sold)      0.40 / n  0.30 / n  0.15 / n  —
============================  ========  ========  ========  =========

and the default threshold, :data:`DEFAULT_MIN_CONFIDENCE` = 0.5, keeps a mapping when the firm names the
product where it says what it makes (主营产品), or in its 经营范围 with a code that agrees to at least two
digits (or two keywords of the link); never on a code alone.

>>> confidence(0.7, 4, 1), confidence(0.45, 0, 1), confidence(0.0, 4, 1), confidence(0.0, 4, 4)
(0.85, 0.45, 0.4, 0.1)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chaingraph.mapping.firms import Firm
from chaingraph.mapping.links import LinkVocabulary, code_depth
from chaingraph.mapping.text import split_items

__all__ = ["CODE_ONLY", "CODE_WEIGHT", "DEFAULT_MIN_CONFIDENCE", "EXTRA_KEYWORD", "PLACE_WEIGHT", "Suggestion",
           "confidence", "suggest"]

#: the weight of a keyword by where it is found
PLACE_WEIGHT = {"products": 0.70, "scope": 0.45}
#: what each further distinct keyword of the same link adds, and how many count
EXTRA_KEYWORD, EXTRA_MAX = 0.05, 2
#: the weight of a code agreement by its depth (with words), and of a code alone
CODE_WEIGHT = {4: 0.50, 3: 0.40, 2: 0.20, 1: 0.0}
CODE_ONLY = {4: 0.40, 3: 0.30, 2: 0.15, 1: 0.0}
DEFAULT_MIN_CONFIDENCE = 0.5
PLACES = ("products", "scope")


def confidence(words: float, depth: int, shared: int) -> float:
    """The confidence of a mapping with word weight *words* and code agreement *depth* (0 for none); *shared*
    is the number of links the firm's code matches."""
    if words > 0:
        value = 1 - (1 - words) * (1 - CODE_WEIGHT.get(depth, 0.0))
    else:
        value = CODE_ONLY.get(depth, 0.0) / max(shared, 1)
    return int(value * 100 + 0.5 + 1e-9) / 100


@dataclass
class Suggestion:
    """One link suggested for a firm, with what supports it."""

    link: str
    confidence: float = 0.0
    words: dict[str, list[str]] = field(default_factory=dict)  #: place → keywords found where it makes
    sold: list[str] = field(default_factory=list)  #: keywords found only in trading items
    code: tuple[str, str, int] | None = None  #: (firm code, link code, depth)
    shared: int = 0  #: how many links the firm's code matches


def _found(firm: Firm, vocabulary: LinkVocabulary) -> dict[str, Suggestion]:
    found: dict[str, Suggestion] = {}
    for place in PLACES:
        text = firm.products if place == "products" else firm.scope
        for item in split_items(text) if text else ():
            for match in vocabulary.matcher.find(item.text):
                for link in match.links:
                    suggestion = found.setdefault(link, Suggestion(link))
                    target = suggestion.sold if item.trading else suggestion.words.setdefault(place, [])
                    if match.keyword not in target:
                        target.append(match.keyword)
    return found


def _word_weight(suggestion: Suggestion) -> float:
    places = [p for p in PLACES if suggestion.words.get(p)]
    if not places:
        return 0.0
    distinct = {w for p in places for w in suggestion.words[p]}
    return max(PLACE_WEIGHT[p] for p in places) + EXTRA_KEYWORD * min(EXTRA_MAX, len(distinct) - 1)


def suggest(firm: Firm, vocabulary: LinkVocabulary) -> list[Suggestion]:
    """Every link the firm's words or code point to, with its confidence, best first."""
    found = _found(firm, vocabulary)
    matches = vocabulary.code_matches(firm.industry) if firm.industry else {}
    for link, depth in matches.items():
        suggestion = found.setdefault(link, Suggestion(link))
        code = firm.industry or ""
        best = next(c for c in vocabulary.links[link].codes if code_depth(code, c) == depth)
        suggestion.code, suggestion.shared = (code, best, depth), len(matches)
    for suggestion in found.values():
        depth = suggestion.code[2] if suggestion.code else 0
        suggestion.confidence = confidence(_word_weight(suggestion), depth, suggestion.shared)
    return sorted(found.values(), key=lambda s: (-s.confidence, s.link))

