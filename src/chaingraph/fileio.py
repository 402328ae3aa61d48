"""Writing output files atomically: a reader never sees a half-written file, and a failure leaves none.

A path that cannot be written — a folder where a file is expected, a path under a file, no permission,
a read-only file system, a full disk — is an :class:`~chaingraph.errors.OutputError` that names the path,
says what is wrong and what to do, before anything is written or with the temporary file removed.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> write_text(target, "綦江") == target
True
>>> target.read_text(encoding="utf-8")
'綦江'
>>> write_text(target.parent, "x")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
chaingraph.errors.OutputError: ...: is a folder, where a file is to be written (give the name of a file, ...)
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from chaingraph.errors import OutputError

__all__ = ["atomic_output", "check_output", "output_error", "write_bytes", "write_text"]

#: errors of writing a file's content that are the place's fault, not the program's
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG, errno.EIO}


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
    check_output(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise output_error(path, error) from None
    try:
        with (os.fdopen(handle, "w", encoding="utf-8", newline="\n") if text else os.fdopen(handle, "wb")) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; give it a normal file's mode
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        if error.errno in _WRITE_ERRORS or isinstance(error, IsADirectoryError | NotADirectoryError):
            raise output_error(path, error) from None
        raise
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check_output(path: str | Path, *, folder: bool = False) -> None:
    """Raise :class:`OutputError` now if *path* plainly cannot take the output (a file, or with *folder* a
    folder of files): before a long computation, rather than after it. The write itself still says why it
    fails, whatever this could not foresee.

    >>> import tempfile, pathlib
    >>> check_output(pathlib.Path(tempfile.mkdtemp()) / "new" / "out.html")
    >>> check_output(tempfile.mkdtemp())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    chaingraph.errors.OutputError: ...: is a folder, where a file is to be written (...)
    """
    path = Path(path)
    if folder and path.exists() and not path.is_dir():
        raise OutputError.single("is a file, where a folder is to be written into", file=path,
                                 hint="give a folder, new or existing, or move the file out of the way")
    if not folder and path.is_dir():
        raise output_error(path, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path)))
    home = path if folder else path.parent  # the folder the files go into
    existing = next(p for p in (home, *home.parents) if p.exists() or p == p.parent)
    if not existing.is_dir():
        raise output_error(path, NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path)))
    if not os.access(existing, os.W_OK):  # root may write anywhere, but for a read-only file system
        code = errno.EROFS if _read_only(existing) else errno.EACCES
        raise output_error(path, PermissionError(code, os.strerror(code), str(existing)), folder=existing)


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows)
        return False


def output_error(path: Path, error: OSError, *, folder: Path | None = None) -> OutputError:
    """Why *path* cannot be written, from the :class:`OSError` met: the path, what is wrong, what to do
    (*folder*: the one that refused, when not the path's own).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> [problem] = output_error(folder / "out.ttl", PermissionError(errno.EACCES, "Permission denied")).problems
    >>> problem.file == str(folder / "out.ttl"), problem.message == f"no permission to write in the folder {folder}"
    (True, True)
    """
    folder = folder or next((p for p in path.parents if p.exists()), path.parent)  # the one mkdir stopped at
    blocking = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)
    if isinstance(error, IsADirectoryError) or (path.is_dir() and error.errno == errno.EEXIST):
        return OutputError.single("is a folder, where a file is to be written", file=path,
                                  hint="give the name of a file, e.g. one inside that folder, or remove the folder")
    if blocking is not None and blocking != path:
        return OutputError.single(f"cannot be written: {blocking} is a file, not a folder", file=path,
                                  hint=f"write somewhere else, or move the file {blocking} out of the way")
    if error.errno in (errno.EACCES, errno.EPERM):
        return OutputError.single(f"no permission to write in the folder {folder}", file=path,
                                  hint=f"write somewhere you may write, e.g. under your home folder, or get write "
                                       f"permission on {folder}")
    if error.errno == errno.EROFS:
        return OutputError.single(f"the folder {folder} is on a read-only file system", file=path,
                                  hint="write somewhere writable, e.g. under your home folder")
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError.single(f"no space left to write in {folder} ({error.strerror})", file=path,
                                  hint="free some space or write somewhere else; nothing was written")
    return OutputError.single(f"cannot be written in the folder {folder}: {error.strerror or error}", file=path,
                              hint="write somewhere else, e.g. under your home folder; nothing was written")


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
