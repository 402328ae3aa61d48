"""Text that fits a picture or a terminal: CJK-aware wrapping (:func:`wrap` for labels, :func:`fill` for
paragraphs) and cutting (:func:`shorten`).

Widths are display units: a wide (CJK) character counts 2, any other 1. Breaks follow the Chinese rules
of line breaking that matter for short labels — closing punctuation never starts a line, an opening
bracket never ends one — and keep Latin words whole where they fit.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["ACTOR_UNITS", "LABEL_UNITS", "fill", "shorten", "units", "wrap"]

LABEL_UNITS = 16     # display width of a link label line (a CJK character counts 2)
ACTOR_UNITS = 26     # display width of a company label


@lru_cache(maxsize=8192)
def _width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


_NO_START = set("）)」』》〉】〕，,。.、；;：:！!？?…—·/")   # never at the start of a line
_NO_END = set("（(「『《〈【〔")                            # never at the end of a line
_BREAK_AFTER = set("/-–")


def _tokens(text: str) -> list[str]:
    """Units that a line break may not split: a run of narrow characters (ending after a ``/`` or ``-``)
    with its trailing spaces, or one wide character."""
    tokens: list[str] = []
    word = ""
    for char in " ".join(text.split()):
        if char == " ":
            word += char
            tokens.append(word)
            word = ""
        elif _width(char) == 2:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        else:
            if word.endswith(" "):
                tokens.append(word)
                word = ""
            word += char
            if char in _BREAK_AFTER:
                tokens.append(word)
                word = ""
    if word:
        tokens.append(word)
    return tokens


def _units(text: str) -> int:
    return sum(_width(c) for c in text)


def _greedy(tokens: list[str], units: int, labels: bool = True) -> list[str]:
    """Lines of at most *units*; for *labels*, a line is broken early before a bracketed part or after an
    enumeration comma where that keeps a phrase together (a paragraph fills its lines)."""
    out: list[str] = []
    line = ""
    rest = _units("".join(tokens))
    for token in tokens:
        overflow = line.strip() and _units(line) + _units(token) > units and token.strip()
        if overflow and not labels and token[0] in _NO_START:
            # a paragraph keeps its width: the punctuation takes the character before it to the next line
            cut = len(line) - 1
            while cut > 0 and line[cut] in _NO_START:
                cut -= 1
            if cut > 0 and _width(line[cut]) == 2:
                out.append(line[:cut].rstrip())
                line = line[cut:]
        elif overflow and token[0] not in _NO_START:
            bracket = max((i for i, c in enumerate(line) if c in _NO_END), default=-1)
            slash = max((i for i, c in enumerate(line[:-1]) if c in "/、"), default=-1)
            if labels and bracket > 0 and _units(line[:bracket]) >= 0.25 * units and \
                    _units(line[bracket:]) + rest <= units + 2:  # break before "(…)" when the rest fits
                out.append(line[:bracket].rstrip())
                line = line[bracket:]
            elif labels and slash > 0 and _units(line[: slash + 1]) >= 0.5 * units and _width(line[slash + 1]) == 2:
                out.append(line[: slash + 1])  # break after a slash or an enumeration comma
                line = line[slash + 1:]
            elif line[-1] in _NO_END:  # carry an opening bracket over to the new line
                out.append(line[:-1].rstrip())
                line = line[-1]
            else:
                out.append(line.rstrip())
                line = ""
            token = token.lstrip()
        rest -= _units(token)
        while _units(token) > units:  # a word longer than a line
            cut = 0
            while cut < len(token) and _units(line) + _units(token[: cut + 1]) <= units:
                cut += 1
            cut = max(cut, 1)
            out.append((line + token[:cut]).rstrip())
            line, token = "", token[cut:]
        line += token
    if line.strip():
        out.append(line.rstrip())
    return out


def fill(text: str, width: int) -> list[str]:
    """*text* as lines of at most *width* display units, as many as it takes: codes, numbers and Latin words
    are not split where they fit on a line, and closing punctuation never starts one.

    >>> fill("下游另有4个在产环节间接依赖此环节：GR10 离合器与同步器、GR12 摩托车发动机", 30)
    ['下游另有4个在产环节间接依赖此', '环节：GR10 离合器与同步器、', 'GR12 摩托车发动机']
    """
    return _greedy(_tokens(text), max(width, 2), labels=False)


def units(text: str) -> int:
    """The display width of *text* (a CJK character counts 2).

    >>> units("CU03 电解精炼")
    13
    """
    return _units(text)


@lru_cache(maxsize=8192)
def wrap(text: str, units: int = LABEL_UNITS, lines: int = 3) -> str:
    """*text* broken into at most *lines* balanced lines of at most *units* display units (a CJK
    character counts 2); Latin words are kept whole where they fit, closing punctuation never starts a
    line, and an ellipsis marks a cut.

    >>> wrap("电解铝（原铝液/铝锭）")
    '电解铝\\n（原铝液/铝锭）'
    >>> wrap("合金元素与中间合金")
    '合金元素与\\n中间合金'
    >>> wrap("Castings & die-castings incl. mega-castings")
    'Castings & die-\\ncastings incl.\\nmega-castings'
    """
    tokens = _tokens(text)
    out = _greedy(tokens, units)
    if 1 < len(out) <= lines and _units(out[-1]) < 0.4 * units:  # an orphan: balance the lines
        for narrower in range(max(1, -(-_units(text) // len(out))), units):
            trial = _greedy(tokens, narrower)
            if len(trial) == len(out) and max(_units(t) for t in trial) <= units + 2:
                out = trial
                break
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        while last and _units(last) > units - 1:
            last = last[:-1]
        out[-1] = last + "…"
    return "\n".join(out)


def shorten(text: str, units: int = ACTOR_UNITS) -> str:
    """*text* cut to *units* display units with an ellipsis.

    >>> shorten("重庆友利森汽车科技有限公司", 20)
    '重庆友利森汽车科技…'
    """
    text = " ".join(text.split())
    if 2 * len(text) <= units or sum(_width(c) for c in text) <= units:
        return text
    out, used = "", 0
    for char in text:
        if used + _width(char) > units - 1:
            break
        out += char
        used += _width(char)
    return out + "…"
