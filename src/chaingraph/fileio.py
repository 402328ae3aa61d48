"""Writing output files atomically: a reader never sees a half-written file, and a failure leaves none.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> write_text(target, "綦江") == target
True
>>> target.read_text(encoding="utf-8")
'綦江'
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_output", "write_bytes", "write_text"]


@contextmanager
def atomic_output(path: str | Path, *, text: bool = False) -> Iterator[IO[Any]]:
    """A file to write *path* through: a temporary file in the same folder, renamed into place (with a
    normal file's permissions) when the block ends, removed if it fails. *text*: UTF-8 with ``\\n``
    line ends, whatever the locale and platform.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.nt"
    >>> with atomic_output(target, text=True) as out:
    ...     _ = out.write("<urn:a> <urn:b> <urn:c> .\\n")
    >>> target.read_text(encoding="utf-8")
    '<urn:a> <urn:b> <urn:c> .\\n'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with (os.fdopen(handle, "w", encoding="utf-8", newline="\n") if text else os.fdopen(handle, "wb")) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; give it a normal file's mode
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write *data* to *path* through a temporary file in the same folder, then rename it into place."""
    with atomic_output(path) as out:
        out.write(data)
    return Path(path)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_text(path: str | Path, text: str) -> Path:
    """Write *text* as UTF-8 (whatever the locale), atomically."""
    return write_bytes(path, text.encode("utf-8"))
