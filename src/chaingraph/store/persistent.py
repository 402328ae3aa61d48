"""Persistent Oxigraph stores on disk (``store="oxigraph:PATH"``): opened as they are, or loaded once at
Oxigraph's bulk-load rate, all or nothing.

What chaingraph knows about a store (the files loaded into it, with their content's hashes so that a
second load of the same files does nothing — :mod:`chaingraph.store.ledger` —, how much of the code
lists) is kept in a named graph of its own (:data:`chaingraph.store.oxigraph.META_GRAPH`), which queries do not see.
Tables are not known here: :func:`chaingraph.knowledge.load_persistent` converts them and hands the
graphs in through *extra*.

>>> import tempfile, pathlib
>>> store_state(pathlib.Path(tempfile.mkdtemp()) / "new")
'absent'
"""

from __future__ import annotations

import gc
import io
import json
import logging
import os
import shutil
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, Protocol, cast

import pyoxigraph as ox

from chaingraph.errors import InputError, Problem
from chaingraph.fileio import check_output
from chaingraph.paths import display_path
from chaingraph.store.ledger import Fingerprint, Sorted, fingerprint, from_json, sort_out
from chaingraph.store.loading import oversized, syntax_problem
from chaingraph.store.oxigraph import META_GRAPH, OxigraphStore, ill_typed, ox_format
from chaingraph.store.protocol import Codes, Triple
from chaingraph.store.result_cache import ResultCache
from chaingraph.vocab.ontology import code_files, vocabulary_files

__all__ = ["META_FILES", "META_ONTOLOGY", "META_SOURCES", "LoadProgress", "LoadReport", "bulk_load", "has_data_at",
           "meta", "open_persistent", "store_state"]

META_SOURCES = ox.NamedNode("urn:x-chaingraph:sources")
META_ONTOLOGY = ox.NamedNode("urn:x-chaingraph:ontology")
#: the content loaded into the store: each file's path, size and SHA-256 (:mod:`chaingraph.store.ledger`)
META_FILES = ox.NamedNode("urn:x-chaingraph:files")

log = logging.getLogger("chaingraph.store")


def store_state(path: Path) -> Literal["absent", "empty", "store"]:
    """Whether *path* is free for a new store, or holds an Oxigraph store; :class:`InputError` otherwise."""
    if not path.exists():
        return "absent"
    if not path.is_dir():
        raise InputError.single("is a file, not an Oxigraph store", file=path,
                                hint="give a folder: a new one, an empty one or one holding an Oxigraph store")
    entries = [entry.name for entry in path.iterdir()]
    if not entries:
        return "empty"
    if "CURRENT" in entries and any(name.startswith("MANIFEST-") for name in entries):
        return "store"
    raise InputError.single("is not an Oxigraph store (the folder holds other files)", file=path,
                            hint="give a new or empty folder for a new store")


def open_persistent(path: Path, *, write: bool, cached: bool = False) -> OxigraphStore:
    """The store at *path*, read-only unless *write*; *cached*: with its answers kept between runs."""
    try:
        store = ox.Store(str(path)) if write else ox.Store.read_only(str(path))
    except OSError as error:
        text = str(error)
        if "lock" in text.lower() or "Resource temporarily unavailable" in text:
            raise InputError.single("the Oxigraph store is in use by another process", file=path,
                                    hint="wait for the other chaingraph load (or server) to finish") from None
        raise InputError.single(f"cannot open the Oxigraph store: {' '.join(text.split())[:300]}",
                                file=path, hint="is it an Oxigraph 0.5 store?") from None
    return OxigraphStore(store, path=path, results=ResultCache.for_store(path) if cached and not write else None)


def _has_data(store: ox.Store) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None


def has_data_at(path: Path) -> bool:
    """Whether the store at *path* holds any triple (besides what chaingraph records about it)."""
    backend = open_persistent(path, write=False)
    return _has_data(backend.store)


def meta(store: ox.Store, key: ox.NamedNode) -> object:
    """What chaingraph recorded under *key* (:data:`META_SOURCES`, :data:`META_ONTOLOGY`), or None."""
    for quad in store.quads_for_pattern(META_GRAPH, key, None, META_GRAPH):
        if isinstance(quad.object, ox.Literal):
            return json.loads(quad.object.value)
    return None


def _set_meta(store: ox.Store, key: ox.NamedNode, value: object) -> None:
    for quad in list(store.quads_for_pattern(META_GRAPH, key, None, META_GRAPH)):
        store.remove(quad)
    store.add(ox.Quad(META_GRAPH, key, ox.Literal(json.dumps(value, ensure_ascii=False)), META_GRAPH))


@dataclass
class LoadReport:
    """What a load into a persistent store did."""

    path: Path
    #: the files and table sources loaded
    files: list[str]
    triples_before: int
    triples: int
    seconds: float
    created: bool
    #: of :attr:`seconds`, the time spent compacting the store after loading (0 when not compacted)
    compact_seconds: float = 0.0
    #: the files and table sources not loaded, since the store holds their content: each with the other path
    #: it was loaded from, or None when loaded from the same one (:mod:`chaingraph.store.ledger`)
    skipped: dict[str, str | None] = field(default_factory=dict)

    @property
    def added(self) -> int:
        return self.triples - self.triples_before


class LoadProgress(Protocol):
    """Told how loading goes: the bytes to read in all, then each file and the bytes read."""

    def start(self, total_bytes: int, files: int) -> None: ...

    def file(self, name: str, size: int) -> None: ...

    def advance(self, nbytes: int) -> None: ...

    def step(self, text: str) -> None:
        """A step without a byte count (compacting the store)."""


class _Counting(io.RawIOBase):
    """A binary file that reports how much has been read (bulk_load reads it in small chunks)."""

    def __init__(self, handle: io.BufferedIOBase, advance: Callable[[int], None]) -> None:
        super().__init__()
        self._handle = handle
        self._advance = advance
        self._pending = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._handle.readinto(buffer) or 0
        self._pending += count
        if self._pending >= 1 << 20 or count == 0:
            self._advance(self._pending)
            self._pending = 0
        return count


#: triples to add after the RDF files (one collection per table source), made from the store as loaded so far
#: and the table sources to load
Extra = Callable[[OxigraphStore, Sequence[Path]], Iterable[Iterable[Triple]]]


def bulk_load(path: str | Path, files: Sequence[Path], *, sources: Sequence[str | Path] = (),
              extra: Extra | None = None, tables: Sequence[Path] = (), codes: Codes = "used", compact: bool = True,
              progress: LoadProgress | None = None) -> LoadReport:
    """Load the RDF *files* into the persistent Oxigraph store at *path* (created when *path* is absent or
    an empty folder), with the ontology and the code concepts the data refers to, at Oxigraph's bulk-load
    rate; then the graphs *extra* makes of the table sources *tables*; record *sources* (what the user
    named) as loaded.

    All or nothing: when a file cannot be read or parsed, or *extra* raises, the store is put back as it
    was (a cheap hard-linked checkpoint is taken before loading) and the error says where (file:line).
    Loading more files into a store adds to it; the ontology is loaded once.

    Loading again is harmless (:mod:`chaingraph.store.ledger`): a file or table source whose content the
    store holds already is skipped (:attr:`LoadReport.skipped`; nothing at all is done when every one is),
    and one loaded before from the same path whose content has changed since is refused
    (:class:`InputError`, nothing done): the store cannot take back the old version's triples.

    With *compact* (the default) the store is then compacted (RocksDB's full compaction, pyoxigraph's
    ``Store.optimize``): a bulk load leaves its triples in many overlapping files, and every later query
    reads several of them per lookup — compacted, the analysis of a district runs 4× faster at 10⁷
    triples (benchmarks/README.md), for a tenth of the loading time spent once.
    """
    path = Path(path).expanduser()
    started = time.perf_counter()
    state = store_state(path)
    backup = path.with_name(f".{path.name}.chaingraph-backup")
    if backup.exists():
        raise InputError.single(f"a checkpoint of an interrupted load is at {backup}", file=path,
                                hint=f"restore it (rm -r {path} && mv {backup} {path}) or delete it, then load again")
    sorting, before = _sort_out(path, [*files, *tables], state)  # read-only: a write would change the store
    skipped = {display_path(p): None if loaded.path == str(p.resolve()) else loaded.path
               for p, loaded in sorting.unchanged}
    if state == "store" and not sorting.new:  # nothing to do: the store is not even opened for writing
        return LoadReport(path, [], before, before, time.perf_counter() - started, False, 0.0, skipped)
    check_output(path, folder=True)  # a store is a folder written into: say now why it cannot be
    backend = open_persistent(path, write=True)
    checkpoint = False
    try:
        if state == "store":
            backend.store.flush()
            _checkpoint(backend.store, path, backup)
            checkpoint = True
        new = {p for p, _ in sorting.new}
        compact_seconds = _fill(backend, _Load([f for f in files if f in new], [t for t in tables if t in new],
                                               [str(s) for s in sources], sorting.loaded, extra, codes),
                                compact, progress)
        triples = len(backend)
    except BaseException as error:
        traceback.clear_frames(error.__traceback__)  # _fill's frame holds the store too
        del backend
        gc.collect()  # closes the store, so that its folder can be put back
        if state != "store" or checkpoint:  # else nothing was written
            _put_back(path, backup, state)
        raise
    del backend  # closes the store (the last reference)
    if backup.exists():
        shutil.rmtree(backup, ignore_errors=True)
    return LoadReport(path, [display_path(p) for p, _ in sorting.new], before, triples,
                      time.perf_counter() - started, state != "store", compact_seconds, skipped)


def _put_back(path: Path, backup: Path, state: str) -> None:
    """The store as it was before a load that failed: the checkpoint, an empty folder, or nothing."""
    shutil.rmtree(path, ignore_errors=True)
    if backup.exists():
        os.replace(backup, path)
    elif state == "empty":
        path.mkdir()


def _checkpoint(store: ox.Store, path: Path, backup: Path) -> None:
    try:
        store.backup(str(backup))
    except OSError as error:
        shutil.rmtree(backup, ignore_errors=True)
        raise InputError.single(
            f"cannot take a checkpoint of the store before loading ({backup}): {' '.join(str(error).split())[:200]}",
            file=path, hint="it needs write permission beside the store, and room for the files it cannot "
                            "hard-link; the store is unchanged") from None


def _sort_out(path: Path, paths: Sequence[Path], state: str) -> tuple[Sorted, int]:
    """*paths* sorted out against the content the store at *path* holds, and its triples (the store opened
    read-only); :class:`InputError` for a changed one."""
    recorded: list[Fingerprint] = []
    before, legacy = 0, False
    if state == "store":
        reader = open_persistent(path, write=False)
        recorded, before = from_json(meta(reader.store, META_FILES)), len(reader)
        legacy = not recorded and _has_data(reader.store)
        del reader
        gc.collect()  # closed before the store is opened for writing
    if legacy:
        log.warning("the Oxigraph store at %s was loaded by an older chaingraph, which did not record the content "
                    "of its files: files loaded before are added again (load into a new store to be safe)", path)
    sorting = sort_out(recorded, paths)
    if sorting.changed:
        raise InputError([Problem(
            f"was loaded into this store before, and has changed since ({old.bytes} bytes then, "
            f"{fingerprint(p).bytes} now)", display_path(p),
            hint=f"a store cannot take back the triples of a file's old version: load the files into a new store "
                 f"with chaingraph load --store oxigraph:NEW_PATH, or delete {path} and load them again")
            for p, old in sorting.changed])
    return sorting, before


@dataclass
class _Load:
    """What one load puts into a store, with what it records there."""

    files: list[Path]
    tables: list[Path]
    sources: list[str]
    fingerprints: list[Fingerprint]
    extra: Extra | None
    codes: Codes


def _fill(backend: OxigraphStore, load: _Load, compact: bool, progress: LoadProgress | None) -> float:
    """The loading itself (inside :func:`bulk_load`'s checkpoint); returns the seconds spent compacting."""
    store = backend.store
    ontology = meta(store, META_ONTOLOGY) is None
    ontology_files = (vocabulary_files() + (code_files() if load.codes == "all" else [])) if ontology else []
    _read(store, load.files, ontology_files, progress)
    problems = ill_typed(store, load.files)
    if problems:
        raise InputError(problems)
    if load.extra is not None and load.tables:
        for triples in load.extra(backend, load.tables):
            backend.add(triples)
    if load.codes == "used":
        backend.add_referenced_codes()
    recorded = meta(store, META_SOURCES) or []
    assert isinstance(recorded, list)
    _set_meta(store, META_SOURCES, [*recorded, *(s for s in load.sources if s not in recorded)])
    files = from_json(meta(store, META_FILES))
    _set_meta(store, META_FILES, [f.to_json() for f in [*files, *load.fingerprints]])
    if ontology:
        _set_meta(store, META_ONTOLOGY, load.codes)
    store.flush()
    if not compact:
        return 0.0
    if progress is not None:
        progress.step("compacting the store")
    compact_started = time.perf_counter()
    store.optimize()
    return time.perf_counter() - compact_started


def _read(store: ox.Store, files: Sequence[Path], ontology_files: Sequence[Path],
          progress: LoadProgress | None) -> None:
    """Parse the data *files* (at bulk-load speed) and the *ontology_files* into *store*; :class:`InputError`
    with the place of the first problem."""
    everything = [*files, *ontology_files]
    if progress is not None:
        progress.start(sum(f.stat().st_size for f in everything), len(everything))
    for file in everything:
        name = display_path(file)
        if progress is not None:
            progress.file(name, file.stat().st_size)
        try:
            with open(file, "rb") as handle:
                # _Counting is a binary file too (io.RawIOBase), which typeshed does not call IO[bytes]
                source = cast(IO[bytes], handle if progress is None else _Counting(handle, progress.advance))
                if file in files:  # the data: at bulk-load speed
                    store.bulk_load(input=source, format=ox_format(file), base_iri=file.resolve().as_uri())
                else:  # the small ontology files: a bulk load's fixed cost is larger than theirs
                    store.load(input=source, format=ox_format(file), base_iri=file.resolve().as_uri())
        except SyntaxError as error:
            raise InputError([syntax_problem(name, "", error)]) from None
        except (OSError, ValueError) as error:
            raise InputError([Problem(f"cannot read: {error}", name)]) from None
        except MemoryError as error:
            problem = oversized(file, name, error)
            if problem is None:
                raise
            raise InputError([problem]) from None
