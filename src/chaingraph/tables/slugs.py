"""Readable, stable IRI local names from names: pinyin for Chinese (``旗能电铝`` → ``qi-neng-dian-lv``).

Names that give the same slug are told apart deterministically: the first in sorted order keeps the
plain slug, the others get a short hash of their name, so an IRI never depends on the order of rows.

>>> slug("重庆友利森汽车科技有限公司")
'chong-qing-you-li-sen-qi-che-ke-ji-you-xian-gong-si'
>>> slug("BYD（深圳）")
'byd-shen-zhen'
>>> mint(["长安", "常安", "赛力斯"], reserved=set())
{'常安': 'chang-an', '长安': 'chang-an-7a4e81', '赛力斯': 'sai-li-si'}
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

__all__ = ["digest", "mint", "slug"]

MAX_LENGTH = 60


def digest(text: str) -> str:
    """Six hex digits of the SHA-1 of *text* (stable across runs and machines)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


def slug(text: str, max_length: int = MAX_LENGTH) -> str:
    """Lower-case ASCII words joined by ``-``: Chinese characters as pinyin without tones, other letters
    without accents; at most *max_length* characters (a longer slug is cut and ends with a hash)."""
    from pypinyin import lazy_pinyin

    normal = unicodedata.normalize("NFKC", text)
    words: list[str] = []
    for part in lazy_pinyin(normal):
        ascii_part = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode().lower()
        words.extend(re.findall(r"[a-z0-9]+", ascii_part))
    result = "-".join(words)
    if not result:
        return f"x-{digest(text)}"
    if len(result) > max_length:
        cut = result[: max_length - 7].rsplit("-", 1)[0] if "-" in result[: max_length - 7] else \
            result[: max_length - 7]
        result = f"{cut}-{digest(text)}"
    return result


def mint(names: Iterable[str], reserved: set[str], max_length: int = MAX_LENGTH) -> dict[str, str]:
    """A distinct slug for each name, none of them in *reserved* (local names already taken)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(names)):
        groups[slug(name, max_length)].append(name)
    minted: dict[str, str] = {}
    for base, group in sorted(groups.items()):
        for index, name in enumerate(group):
            minted[name] = base if index == 0 and base not in reserved else f"{base}-{digest(name)}"
    return minted
