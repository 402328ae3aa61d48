"""Company identifiers: the 统一社会信用代码 (GB 32100-2015) with its check character, and other stable ids.

A **credit code** is 18 characters of ``0123456789ABCDEFGHJKLMNPQRTUWXY`` (values 0–30); the last is a
check character over the first 17 with the weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28:
check = 31 − (Σ mod 31), 31 → 0. **Another identifier** (a stock code such as ``600519.SH`` or
``SZ000001``) is any token of letters, digits and ``._:-`` that is not 18 characters of that alphabet.
Both the import of tables (``chaingraph.tables``) and the mapping of a register (``chaingraph.mapping``)
use them.

>>> credit_check_character("91350100M000100Y4")
'3'
>>> is_credit_code("91350100M000100Y43"), is_credit_code("91350100M000100Y44")
(True, False)
>>> check_identifier("91350100m000100y43")
IdentifierCheck(id='91350100M000100Y43', problem=None, expected=None)
>>> check_identifier("600519.SH").problem is None
True
>>> check_identifier("91350100M000100Y44").expected
'91350100M000100Y43'
>>> check_identifier("600519 SH").problem
'not an identifier'
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["CREDIT_ALPHABET", "CREDIT_WEIGHTS", "IdentifierCheck", "check_identifier", "credit_check_character",
           "is_credit_code", "looks_like_credit_code"]

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")


def credit_check_character(first17: str) -> str:
    """The check character of a 统一社会信用代码 whose first 17 characters are *first17*."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def looks_like_credit_code(code: str) -> bool:
    """Whether *code* is 18 characters of the credit-code alphabet (any case), whatever its check character."""
    code = code.strip().upper()
    return len(code) == 18 and all(c in CREDIT_ALPHABET for c in code)


def is_credit_code(code: str) -> bool:
    """Whether *code* is a well-formed 统一社会信用代码 with the right check character."""
    code = code.strip().upper()
    return looks_like_credit_code(code) and credit_check_character(code[:17]) == code[17]


class IdentifierCheck(NamedTuple):
    id: str  #: the identifier as it is kept: a credit code in upper case, another identifier as written
    problem: str | None  #: None, "wrong check character" or "not an identifier"
    expected: str | None  #: for a wrong check character, the code with the right one


def check_identifier(text: str) -> IdentifierCheck:
    """Check a company identifier: a credit code (its check character) or another token of ``[A-Za-z0-9._:-]``."""
    text = text.strip()
    if looks_like_credit_code(text):
        code = text.upper()
        right = code[:17] + credit_check_character(code[:17])
        return IdentifierCheck(code, None, None) if right == code else \
            IdentifierCheck(code, "wrong check character", right)
    if _TOKEN.fullmatch(text):
        return IdentifierCheck(text, None, None)
    return IdentifierCheck(text, "not an identifier", None)
