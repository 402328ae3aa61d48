"""A head start for the command line: the Turtle and N-Triples files a command names with ``--graph`` start
loading into an Oxigraph store in memory as the process starts, while Python imports the rest of chaingraph
(typer, rdflib, the commands: 0.2 s of a cold ``gaps``); Oxigraph parses without Python's lock.

:meth:`OxigraphStore.load <chaingraph.store.oxigraph.OxigraphStore.load>` takes that store over (:func:`take`)
only when it is asked for exactly these files, unchanged since, into an empty store; otherwise the head start
is dropped and the command loads its files as it would have. A file the head start cannot parse is loaded
again the usual way, which names the problem and its line. Nothing here knows the commands' options beyond
``--graph``/``-g`` and ``--store``/``-s``: a command line it reads wrongly only costs the head start.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp()); (folder / "a.ttl").touch(); (folder / "b.nt").touch()
>>> [file.name for file in graph_files(["gaps", "--region", "綦江区", "--graph", str(folder / "a.ttl"),
...                                     "-g", str(folder / "b.nt")])]
['a.ttl', 'b.nt']
>>> graph_files(["gaps", "--graph", str(folder / "a.ttl"), "--store", "memory"]) is None  # not Oxigraph in memory
True
>>> graph_files(["gaps", "--graph", str(folder)]) is None  # a folder: RDF files or tables, sorted out later
True
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

__all__ = ["COMMANDS", "graph_files", "start", "started", "take"]

#: the commands that open ``--graph`` in the store ``--store`` names (tests/test_early.py checks them against the
#: command line's own); not ``diff``, which opens two graphs in an order of its own
COMMANDS = frozenset({"gaps", "report", "render", "compare", "info", "query", "serve", "export", "map", "dump"})

#: the syntaxes worth a head start (large data comes as these), by suffix; not store.oxigraph's ``OX_FORMATS``:
#: that module imports rdflib, the very import the head start runs beside
_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}


@dataclass
class _HeadStart:
    """Files loading into a store of their own, in a thread."""

    files: tuple[Path, ...]
    stamps: tuple[tuple[int, int], ...]  # (size, modification time) of each, when the load started
    store: ox.Store = field(default_factory=ox.Store)
    done: threading.Event = field(default_factory=threading.Event)
    failed: bool = False

    def run(self) -> None:
        try:
            for file in self.files:
                self.store.load(path=str(file), format=_FORMATS[file.suffix.lower()], base_iri=file.as_uri())
        except BaseException:  # the usual load meets it again and names the file and line
            self.failed = True
        finally:
            self.done.set()


_started: _HeadStart | None = None


def graph_files(args: Sequence[str]) -> list[Path] | None:
    """The files of the ``--graph`` options of *args* (a command line after the program's name), when its
    command opens them into Oxigraph in memory and each is a Turtle or N-Triples file; else ``None``."""
    if not args or args[0] not in COMMANDS:
        return None
    files: list[Path] = []
    store = "oxigraph"
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--":
            break
        if arg in ("--graph", "-g", "--store", "-s"):
            name, value = arg, next(rest, "")
        elif arg.startswith(("--graph=", "--store=")):
            name, _, value = arg.partition("=")
        elif arg.startswith(("-g", "-s")):  # a short option and its value in one: -gdata.ttl
            name, value = arg[:2], arg[2:]
        else:
            continue
        if name in ("--graph", "-g"):
            files.append(Path(value))
        elif name in ("--store", "-s"):
            store = value.strip().lower()
    if not files or store != "oxigraph":
        return None
    if not all(file.suffix.lower() in _FORMATS and file.is_file() for file in files):
        return None
    return files


def _stamp(file: Path) -> tuple[int, int]:
    status = file.stat()
    return status.st_size, status.st_mtime_ns


def start(args: Sequence[str]) -> None:
    """Start loading the files of the command line *args* (:func:`graph_files`) in a thread, if it names any."""
    global _started
    files = graph_files(args)
    if files is None:
        return
    try:
        resolved = tuple(file.resolve() for file in files)
        head = _HeadStart(resolved, tuple(_stamp(file) for file in resolved))
    except OSError:
        return
    threading.Thread(target=head.run, name="chaingraph-head-start", daemon=True).start()
    _started = head


def take(files: Sequence[Path]) -> ox.Store | None:
    """The store the head start loaded, when it loaded exactly *files*, in this order, unchanged since it began
    (waiting for it to end); ``None`` otherwise. Once: the head start is dropped either way."""
    global _started
    head, _started = _started, None
    if head is None:
        return None
    try:
        same = tuple(file.resolve() for file in files) == head.files and \
            tuple(_stamp(file) for file in head.files) == head.stamps
    except OSError:
        same = False
    if not same:
        return None  # the thread goes on; its store is freed when it ends
    head.done.wait()
    return None if head.failed else head.store


def started() -> bool:
    """Whether a head start is waiting to be taken (for tests)."""
    return _started is not None
