"""What a persistent store was loaded from — each file's path, size and SHA-256 — so that loading the same
files again does nothing (:func:`chaingraph.store.persistent.bulk_load`).

Loading a file twice is not harmless: its blank nodes (a quantity, an evidence node) are new nodes each
time, so every load of the same data added them again, and the store then held two quantities for one
investment. So a store records the content it holds, and a file is

* **new** — its content was never loaded: it is loaded;
* **unchanged** — the same content was loaded before (from this path or another): it is skipped, and
  the load says so ("already loaded, nothing done");
* **changed** — a file loaded before from this path has different content now: the load is refused,
  since the triples of the old version cannot be told from the others; the message says to load the
  files into a new store.

>>> import tempfile, pathlib
>>> data = pathlib.Path(tempfile.mkdtemp()) / "a.nt"
>>> _ = data.write_text("<urn:a> <urn:b> _:x .\\n", encoding="utf-8")
>>> loaded = [fingerprint(data)]
>>> sort_out(loaded, [data]).unchanged == [(data, loaded[0])]
True
>>> _ = data.write_text("<urn:a> <urn:b> _:y .\\n", encoding="utf-8")
>>> sort_out(loaded, [data]).changed == [(data, loaded[0])]
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Fingerprint", "Sorted", "fingerprint", "from_json", "sort_out"]


@dataclass(frozen=True)
class Fingerprint:
    """A loaded file (or folder of files): its absolute path, its size in bytes and the SHA-256 of its content."""

    path: str
    bytes: int
    sha256: str

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "bytes": self.bytes, "sha256": self.sha256}


def from_json(items: object) -> list[Fingerprint]:
    """The fingerprints a store recorded (:meth:`Fingerprint.to_json`); malformed entries are left out."""
    if not isinstance(items, list):
        return []
    return [Fingerprint(str(item["path"]), int(item["bytes"]), str(item["sha256"])) for item in items
            if isinstance(item, dict) and {"path", "bytes", "sha256"} <= set(item)]


def _files(path: Path) -> list[Path]:
    return [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())


def fingerprint(path: Path) -> Fingerprint:
    """The fingerprint of a file, or of a folder (of tables): every file in it, by name and content."""
    digest = hashlib.sha256()
    size = 0
    for file in _files(path):
        if file != path:  # a folder: its files' names count too
            digest.update(file.relative_to(path).as_posix().encode("utf-8") + b"\0")
        with open(file, "rb") as handle:
            file_digest = hashlib.file_digest(handle, "sha256")
        digest.update(file_digest.digest())
        size += file.stat().st_size
    return Fingerprint(str(path.resolve()), size, digest.hexdigest())


@dataclass
class Sorted:
    """The paths of one load, sorted out against what the store holds (see the module documentation)."""

    new: list[tuple[Path, Fingerprint]] = field(default_factory=list)
    #: each with the recorded fingerprint of the same content
    unchanged: list[tuple[Path, Fingerprint]] = field(default_factory=list)
    #: each with the recorded fingerprint of the same path, whose content differs
    changed: list[tuple[Path, Fingerprint]] = field(default_factory=list)

    @property
    def loaded(self) -> list[Fingerprint]:
        """The fingerprints to record once the new paths are loaded."""
        return [print_ for _, print_ in self.new]


def sort_out(recorded: Iterable[Fingerprint], paths: Sequence[Path]) -> Sorted:
    """Sort *paths* into new, unchanged and changed against the *recorded* fingerprints. The same content
    named twice in one load (a file, and a folder holding it) counts once."""
    recorded = list(recorded)
    by_content = {f.sha256: f for f in recorded}
    by_path = {f.path: f for f in recorded}
    out = Sorted()
    for path in paths:
        current = fingerprint(path)
        if current.sha256 in by_content:
            out.unchanged.append((path, by_content[current.sha256]))
        elif current.path in by_path:
            out.changed.append((path, by_path[current.path]))
        else:
            out.new.append((path, current))
            by_content[current.sha256] = current
    return out
