"""Process-level helpers for the heavy reads.

>>> with gc_paused():
...     rows = [{"n": i} for i in range(1000)]
>>> len(rows)
1000
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (reference counting still frees memory).

    The collector runs after every few hundred new containers and, as the heap grows, scans the older
    generations again: reading 10⁵ rows into dicts and networkx nodes spent a fifth of the analysis
    there (benchmarks/README.md). The analysis makes no reference cycles worth collecting on the way;
    the collector resumes, as it was, when the block ends. Nested uses are fine.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
