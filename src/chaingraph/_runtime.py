"""Process-level helpers for the heavy reads: the collector paused while they build, the modules a command
needs next imported while a graph loads, and the process ended without freeing what they built.

>>> with gc_paused():
...     rows = [{"n": i} for i in range(1000)]
>>> len(rows)
1000
>>> with importing_meanwhile("json"):
...     total = sum(range(10))
>>> keep_until_exit(rows)  # nothing kept: only the command line's main() keeps (see keeping_until_exit)
>>> kept_count()
0
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import NoReturn

__all__ = ["end_process", "gc_paused", "importing_meanwhile", "keep_until_exit", "keeping_until_exit", "kept_count"]

#: what a command asked to keep until the process ends; ``None`` outside :func:`keeping_until_exit` (a library
#: caller, a test running a command in its own process): objects are then freed as usual
_kept: list[object] | None = None


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


@contextmanager
def importing_meanwhile(*modules: str) -> Iterator[None]:
    """Import *modules* in a thread while the block runs, and wait for them at its end.

    Meant for the load of a graph: Oxigraph parses without Python's lock, so what the command imports next
    (the analysis, the page's or the workbook's libraries: 0.15–0.5 s) costs no time then. The block must not
    import modules itself — the load does not: ``KnowledgeGraph.open`` imports nothing
    (tests/test_process_end.py) —, as two threads importing the same modules in a cycle could deadlock. A module
    that fails to import is left for the command's own import statement to raise, with its usual traceback.
    """
    thread = threading.Thread(target=_import_all, args=(modules,), name="chaingraph-imports", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _import_all(modules: tuple[str, ...]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # raised again where the command imports it (importlib forgets a failed module)
            return


@contextmanager
def keeping_until_exit() -> Iterator[None]:
    """Within the block, :func:`keep_until_exit` keeps what it is given (the command line's ``main``, which
    ends the process with :func:`end_process` right after)."""
    global _kept
    _kept, collecting = [], gc.isenabled()
    try:
        yield
    except BaseException:
        _kept = None  # an error's way out ends the process as usual
        if collecting:
            gc.enable()
        raise


def keep_until_exit(*objects: object) -> None:
    """Keep *objects* (a loaded knowledge graph, an analysis) alive until :func:`end_process`, so that the
    command's return does not free them. Freeing the millions of objects of a large graph and its analysis one
    by one took 0.6–1 s of a district's ``gaps`` (benchmarks/README.md), and the process ends right after.

    The cyclic collector stops too: what is kept is never freed, so each of its passes would only walk the
    kept objects again (a pass over the objects an analysis made while it was paused, :func:`gc_paused`, took
    0.2 s); reference counting still frees the rest as it goes."""
    if _kept is not None:
        _kept.extend(objects)
        gc.disable()


def kept_count() -> int:
    """How many objects :func:`keep_until_exit` keeps."""
    return len(_kept or ())


def end_process(code: int) -> NoReturn:
    """End the process with *code*. When a command kept objects (:func:`keep_until_exit`), standard output and
    error are flushed, the ``atexit`` functions run and the process ends without freeing its objects, as mypy
    ends its own (``os._exit``); otherwise, or under a profiler or a tracer (``python -m cProfile``, coverage),
    ``sys.exit``. What is written is written: every file is written atomically before this
    (:mod:`chaingraph.fileio`), the result cache commits each answer as it keeps it."""
    if not _kept or sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # a profiler or a coverage tracer writes its results as the process exits: let it
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe (``| head``): nothing more can reach it
            stream.flush()
    import atexit

    atexit._run_exitfuncs()  # logging's flush, the thread pools' joins: what sys.exit would run
    os._exit(code)
