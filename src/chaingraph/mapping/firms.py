"""The firms of a register: registration status, 统一社会信用代码 and GB/T 4754-2017 industry code, checked.

**Status.** 存续, 在业, 开业, 在营, 在册, 正常 → ``operating``; 注销, 吊销, 撤销, 迁出, 停业, 歇业, 清算 →
``closed`` (a closed firm is kept in the output, never dropped). The first accepted word of the cell counts
(「存续（在营、开业、在册）」 is operating, 「吊销，未注销」 closed); an empty cell is operating, with a
note; any other word is a problem.

**Credit code** (GB 32100-2015): 18 characters of ``0123456789ABCDEFGHJKLMNPQRTUWXY``, the last a check
character over the first 17 with weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 — check =
31 − (Σ mod 31), 31 → 0 (:mod:`chaingraph.vocab.identifiers`, shared with the import of tables). A code
that fails is kept, with a note.

**Industry code**: a 门类 letter, or 2, 3 or 4 digits, with or without the letter (``C3252``, ``3252``,
``325``, ``C``), possibly followed by the class name (``C3252 铝压延加工``); a code that lost its leading
zero in a spreadsheet (``916`` for ``0916``) gets it back. A code that is not in GB/T 4754-2017 is left
out, with a note.

>>> credit_check_character("91350100M000100Y4")
'3'
>>> is_credit_code("91350100M000100Y43"), is_credit_code("91350100M000100Y44")
(True, False)
>>> parse_status("存续（在营、开业、在册）"), parse_status("吊销，未注销"), parse_status("在建")
('operating', 'closed', None)
>>> parse_industry("C3252 铝压延加工"), parse_industry("916"), parse_industry("c"), parse_industry("9999")
('3252', '0916', 'C', None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from chaingraph.mapping.text import normalise
from chaingraph.vocab.code_tables import read_gbt4754_2017, source_dir
from chaingraph.vocab.codes import CodeError, parse_code
from chaingraph.vocab.identifiers import CREDIT_ALPHABET, credit_check_character, is_credit_code

__all__ = ["CLOSED_WORDS", "CREDIT_ALPHABET", "OPERATING_WORDS", "Firm", "credit_check_character", "is_credit_code",
           "parse_industry", "parse_status", "section_of"]

OPERATING_WORDS = ("存续", "在业", "开业", "在营", "在册", "正常", "operating")
CLOSED_WORDS = ("注销", "吊销", "撤销", "迁出", "停业", "歇业", "清算", "closed")
_CODE = re.compile(r"(?<![0-9A-Z])([A-T])?(\d{1,4})(?!\d)")
_LETTER = re.compile(r"^([A-T])(?![A-Z])")


@dataclass
class Firm:
    """One firm of the register, its cells checked."""

    row: int
    name: str
    id: str = ""
    status: str = "operating"
    industry: str | None = None  #: the GB/T 4754-2017 code (digits or a 门类 letter)
    industry_text: str = ""  #: the cell as written
    scope: str = ""
    products: str = ""
    region: str | None = None  #: the IRI of its region
    notes: list[str] = field(default_factory=list)  #: note keys and values, worded by the caller


def parse_status(text: str) -> str | None:
    """``operating`` or ``closed`` for the first accepted word of *text*, else None."""
    clean = normalise(text).lower()
    found = [(clean.find(w.lower()), status) for words, status in ((OPERATING_WORDS, "operating"),
                                                                   (CLOSED_WORDS, "closed"))
             for w in words if w.lower() in clean]
    return min(found)[1] if found else None


@cache
def _known(code: str) -> bool:
    try:
        parse_code(f"gbt2017:{code}")
    except CodeError:
        return False
    return True


def parse_industry(text: str) -> str | None:
    """The GB/T 4754-2017 code in *text* (digits, or a 门类 letter alone), or None if there is none known."""
    clean = normalise(text)
    match = _CODE.search(clean)
    if match is None:
        alone = _LETTER.match(clean)
        return alone.group(1) if alone and _known(alone.group(1)) else None
    letter, digits = match.group(1) or "", match.group(2)
    if len(digits) in (1, 3) and not _known(digits) and _known("0" + digits):
        digits = "0" + digits
    if not _known(digits) or (letter and not _known(letter + digits)):
        return None
    return digits


@cache
def section_of(code: str) -> str:
    """The 门类 letter of a GB/T 4754-2017 code (``3252`` → ``C``)."""
    if code.isalpha():
        return code
    return _sections().get(code[:2], "")


@cache
def _sections() -> dict[str, str]:
    rows = read_gbt4754_2017(source_dir() / "gbt4754-2017.csv")
    return {r.code: r.parent for r in rows if r.level == 1}
