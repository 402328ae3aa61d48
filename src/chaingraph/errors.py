"""Errors chaingraph reports to its users.

Every error that comes from bad input says *where* (file, line, column or row), *what* is wrong and,
where it can, *how to fix it* (e.g. the closest known name). The CLI prints them without a traceback
and exits with code 2 (see :mod:`chaingraph.cli`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

__all__ = ["ChainGraphError", "InputError", "OutputError", "Problem", "clip", "closest"]


def clip(text: str, limit: int = 120) -> str:
    """*text* cut to about *limit* characters for a message, saying how long it was: a 50 MB label must
    not be copied into an error.

    >>> clip("铝" * 500, 10)
    '铝铝铝铝铝铝铝铝铝… (500 characters)'
    >>> clip("short")
    'short'
    """
    return text if len(text) <= limit else f"{text[:limit - 1]}… ({len(text)} characters)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, with its place.

    >>> str(Problem("unknown prefix 'foo:'", file="data.ttl", line=4, column=3, hint="declare it"))
    "data.ttl:4:3: unknown prefix 'foo:' (declare it)"
    """

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    @property
    def place(self) -> str:
        parts = [p for p in (self.file, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        message = clip(self.message, 2000)  # a backstop: values in messages are clipped where they are put
        text = f"{self.place}: {message}" if self.place else message
        return f"{text} ({self.hint})" if self.hint else text


class ChainGraphError(Exception):
    """Base class of chaingraph's own errors."""


@dataclass
class InputError(ChainGraphError):
    """The input cannot be used: unreadable, malformed or unknown. Lists every problem found."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @classmethod
    def single(cls, message: str, *, file: str | Path | None = None, line: int | None = None,
               column: int | None = None, hint: str | None = None) -> Self:
        return cls([Problem(message, None if file is None else str(file), line, column, hint)])


class OutputError(InputError):
    """An output cannot be written where the user asked (a folder where a file is expected, a path under a
    file, no permission, a read-only file system, a full disk): the path, what is wrong, what to do.
    Nothing is written (:mod:`chaingraph.fileio`). An :class:`InputError`, since the path is the user's."""


def _normal(name: str) -> str:
    # "AL7", "al07" and "AL 07" name the same thing: compare case-free, without spaces or leading zeros
    return re.sub(r"\d+", lambda m: str(int(m.group())), re.sub(r"\s+", "", name.casefold()))


def closest(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The known names closest to *name*, best first (for "did you mean …?" hints).

    Names equal but for case, spaces or leading zeros come first; then by similarity, ties in
    alphabetical order so that hints are stable.

    >>> closest("AL7", ["AL17", "AL07", "GR07", "CU01"])
    ['AL07', 'AL17']
    >>> closest("綦江", ["綦江区", "重庆市"])
    ['綦江区']
    """
    wanted = _normal(name)

    def score(candidate: str) -> float:
        normal = _normal(candidate)
        if normal == wanted:
            return 2.0
        return difflib.SequenceMatcher(None, wanted, normal).ratio()

    scored = sorted((-score(k), k) for k in set(known))
    return [k for negative, k in scored if -negative >= 0.5][:n]
