"""Helpers shared by the benchmark scripts: a step deadline, peak memory, a fingerprint of the code measured.

Importing this module also makes ``chaingraph`` importable from a checkout without an install.
"""

from __future__ import annotations

import hashlib
import resource
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
try:
    import chaingraph
except ImportError:  # running from a checkout without the package installed: use the working tree
    sys.path.insert(0, str(HERE.parent / "src"))
    import chaingraph

__all__ = ["HERE", "StepTimeout", "code_fingerprint", "deadline", "rss_mb"]


class StepTimeout(Exception):
    """A benchmark step ran past its deadline."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise StepTimeout in this (main) thread after *seconds* (pure-Python work is interrupted at once;
    a call into native code, e.g. one Oxigraph query, only when it returns)."""
    if not seconds:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise StepTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def code_fingerprint() -> str:
    """A short hash of the chaingraph sources being measured (the code changes; the numbers go with it)."""
    root = Path(chaingraph.__file__).resolve().parent
    digest = hashlib.sha256()
    for file in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".rq")):
        digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:12]


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
