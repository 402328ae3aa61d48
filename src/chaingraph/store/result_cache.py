"""Answers of a persistent store kept between runs, for as long as the store does not change.

A persistent Oxigraph store (``--store oxigraph:PATH``) is opened read-only, and the commands that read
it ask the same questions again and again: ``gaps`` for a region, then its ``report``, its ``render``,
``gaps`` in another format. Reading a district's companies from disk is most of the cost of each (1 s
at 10⁶ triples), so the rows of every query are kept in one SQLite file per store, under the user's
cache folder, keyed by the exact query text with its parameters.

They are valid for one **state** of the store: the names, sizes and modification times of its files.
Every write changes them (RocksDB appends to a new log file before anything else; ``chaingraph load``
also compacts), a read-only open does not; when the state differs, every kept answer is dropped. The
key also holds the versions of chaingraph, pyoxigraph and of the code that turns terms into values.

The cache never makes a command fail: when its folder cannot be written, or its file is damaged or
locked, the queries simply run. ``CHAINGRAPH_CACHE=off`` turns it off; ``CHAINGRAPH_CACHE_DIR`` moves
it (default ``$XDG_CACHE_HOME/chaingraph``, else ``~/.cache/chaingraph``); a file that grows past
``CHAINGRAPH_CACHE_MB`` (default 512) is emptied when next opened.

>>> import tempfile
>>> store, folder = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
>>> _ = (store / "CURRENT").write_text("MANIFEST-000001")
>>> cache = ResultCache.for_store(store, folder)
>>> key = cache.key("SELECT ?x WHERE { ?x ?p ?o }")
>>> cache.get(key) is None
True
>>> cache.put(key, [{"x": "https://example.org/a", "n": 1}])
>>> ResultCache.for_store(store, folder).get(key)
[{'x': 'https://example.org/a', 'n': 1}]
>>> _ = (store / "000002.log").write_text("a write")  # the store changed: its answers are gone
>>> ResultCache.for_store(store, folder).get(key) is None
True
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import sys
import threading
from pathlib import Path
from typing import Any

from chaingraph.paths import cache_dir, cache_enabled

__all__ = ["ResultCache", "cache_dir", "store_state"]

log = logging.getLogger("chaingraph.cache")

DEFAULT_LIMIT_MB = 512
#: RocksDB's own notes (its info log, the lock): written or touched without any change to the data
_NOT_STATE = ("LOG", "LOCK")
#: what SQLite says of a file that is not (or no longer) a database: such a cache is started again
_DAMAGED = (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)


def store_state(path: Path) -> str:
    """A digest of the names, sizes and modification times of the files of the store at *path*."""
    entries = sorted((entry.name, entry.stat().st_size, entry.stat().st_mtime_ns) for entry in os.scandir(path)
                     if entry.is_file() and not entry.name.startswith(_NOT_STATE))
    return hashlib.sha256(json.dumps(entries).encode()).hexdigest()


def _code_version() -> str:
    import pyoxigraph

    from chaingraph._version import __version__
    from chaingraph.vocab import terms

    converter = hashlib.sha256(Path(terms.__file__).read_bytes()).hexdigest()[:16]
    return f"{__version__}/{pyoxigraph.__version__}/{converter}/{sys.version_info[0]}.{sys.version_info[1]}"


class ResultCache:
    """The kept rows of one persistent store (use :meth:`for_store`)."""

    def __init__(self, db: sqlite3.Connection, version: str) -> None:
        self._db = db
        self._version = version
        self._lock = threading.Lock()  # one connection, shared by the threads of a process (e.g. serve)

    @classmethod
    def for_store(cls, path: Path, folder: Path | None = None) -> ResultCache | None:
        """The cache of the store at *path* (in *folder*, default :func:`cache_dir`), emptied if the store
        changed; ``None`` when turned off or unusable."""
        if not cache_enabled():
            return None
        path = Path(path).resolve()
        file = (folder or cache_dir()) / f"store-{hashlib.sha256(str(path).encode()).hexdigest()[:24]}.sqlite"
        try:
            return cls._open(file, path)
        except sqlite3.DatabaseError as error:
            if getattr(error, "sqlite_errorcode", None) not in _DAMAGED:  # e.g. locked: leave it to its owner
                log.debug("no result cache for %s: %s", path, error)
                return None
            log.debug("result cache %s: %s; starting it again", file, error)
            for damaged in (file, *(file.with_name(file.name + end) for end in ("-wal", "-shm"))):
                damaged.unlink(missing_ok=True)
            try:
                return cls._open(file, path)
            except (OSError, sqlite3.Error, ValueError) as again:
                log.debug("no result cache for %s: %s", path, again)
        except (OSError, sqlite3.Error, ValueError) as error:
            log.debug("no result cache for %s: %s", path, error)
        return None

    @classmethod
    def _open(cls, file: Path, path: Path) -> ResultCache:
        state = store_state(path)
        file.parent.mkdir(parents=True, exist_ok=True)
        limit = float(os.environ.get("CHAINGRAPH_CACHE_MB") or DEFAULT_LIMIT_MB) * 2**20
        # autocommit: each answer on its own; used from any thread, one at a time (the lock)
        db = sqlite3.connect(file, timeout=1.0, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")  # a cache: an answer lost in a crash is asked again
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS rows (key TEXT PRIMARY KEY, value TEXT)")
        kept = db.execute("SELECT value FROM meta WHERE key = 'state'").fetchone()
        size = sum(f.stat().st_size for f in (file, file.with_name(file.name + "-wal")) if f.exists())
        if kept is None or kept[0] != state or size > limit:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM rows")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('state', ?), ('store', ?)", (state, str(path)))
            db.execute("COMMIT")
            if size > limit:  # give the space back
                db.execute("VACUUM")
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return cls(db, _code_version())

    def key(self, query: str) -> str:
        """The key of *query* (the full text, parameters bound) for this version of the code."""
        return hashlib.sha256(f"{self._version}\n{query}".encode()).hexdigest()

    def get(self, key: str) -> list[dict[str, Any]] | None:
        """The kept rows, or ``None``."""
        try:
            with self._lock:
                found = self._db.execute("SELECT value FROM rows WHERE key = ?", (key,)).fetchone()
            return None if found is None else json.loads(found[0])
        except (sqlite3.Error, ValueError) as error:
            log.debug("result cache: %s", error)
            return None

    def put(self, key: str, rows: list[dict[str, Any]]) -> None:
        """Keep *rows* (plain values: text, numbers, booleans); a failure to write is ignored."""
        value = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
        try:
            with self._lock:
                self._db.execute("INSERT OR REPLACE INTO rows VALUES (?, ?)", (key, value))
        except sqlite3.Error as error:
            log.debug("result cache: %s", error)
