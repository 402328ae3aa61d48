"""The memory limit of a worker process (``chaingraph serve --max-memory``), and how its end is told.

One query can take all the host's memory: ``SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f`` builds
and sorts every pair of triples, growing an Oxigraph worker by 0.5–0.75 GB a second, and ``--max-rows``
cannot help (the sort comes first). So each worker gets a kernel limit (``RLIMIT_DATA``, set by
:func:`limit_memory` right after the fork) on the memory it may add to what it shares with the loaded
graph: a query that needs more fails its allocation at the limit, not after it.

``RLIMIT_DATA`` counts a process's private writable memory, heap and anonymous maps alike, and not the
files it maps (a store on disk) nor the libraries, which is what a query grows; ``RLIMIT_AS`` would also
count those. Both stop that query at the limit, as measured on the bundled data (docs/sparql-endpoint.md):

* Oxigraph's engine (Rust) cannot recover from a failed allocation: the worker aborts (SIGABRT) at
  once, its peak resident memory just under the limit;
* rdflib's engine (Python) raises :class:`MemoryError`; the worker then exits with
  :data:`MEMORY_EXIT`, since a process that ran out of memory half-way through is not worth keeping.

Either way the fork server reports the worker's exit status, :func:`died_of_memory` reads it, the
client gets 503 with :func:`memory_message`, and a fresh worker takes the place of the old one. Any other
end of a worker (an engine that crashes) stays a 500.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys

from chaingraph.server.config import format_size

__all__ = ["MEMORY_EXIT", "died_of_memory", "limit_memory", "memory_message"]

#: the exit code of a worker whose query raised MemoryError (EX_TEMPFAIL)
MEMORY_EXIT = 75


def _data_size() -> int | None:
    """This process's private writable memory (``VmData``), in bytes; None where ``/proc`` does not say."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return None


def limit_memory(max_memory: int) -> None:
    """Let this process (a fresh worker) add at most *max_memory* bytes to its private memory (Linux).

    Elsewhere ``RLIMIT_DATA`` does not count anonymous maps, and the endpoint runs with no memory limit."""
    import resource

    current = _data_size()
    if current is None or not sys.platform.startswith("linux"):
        return
    resource.setrlimit(resource.RLIMIT_DATA, (current + max_memory, current + max_memory))


def died_of_memory(status: int) -> bool:
    """Whether a worker's exit *status* (as ``waitpid`` gives it) says it met its memory limit: Rust aborts
    when an allocation fails, and a worker whose Python code raised MemoryError exits with MEMORY_EXIT.

    >>> died_of_memory(signal.SIGABRT), died_of_memory(MEMORY_EXIT << 8), died_of_memory(signal.SIGSEGV)
    (True, True, False)
    """
    if os.WIFSIGNALED(status):
        return os.WTERMSIG(status) == signal.SIGABRT
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == MEMORY_EXIT


def memory_message(max_memory: int) -> str:
    """What a client whose query met the memory limit is told: why, and what to change."""
    return (f"query stopped: it needed more memory than this server allows one query ({format_size(max_memory)}, "
            "chaingraph serve --max-memory). Narrow the patterns (bind more variables, add FILTERs) or add a "
            "LIMIT; ORDER BY, GROUP BY and DISTINCT hold every solution in memory at once, so sort or group fewer. "
            "Other queries are not affected.")
