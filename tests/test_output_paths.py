"""Every command that writes says why a path cannot be written — which path, what is wrong, what to do —
with exit code 2 and no traceback, and writes nothing (issue 19: a read-only or forbidden folder, a folder
where a file is expected and a path under a file gave OSError tracebacks and exit 1).

The unwritable folder is a ``chmod 0500`` folder; as root, who ignores permissions, it is a folder of the
kernel's (``/proc/sys``, ``/sys``, ``/proc``) where even root cannot create a file — checked, never skipped.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chaingraph import fileio
from chaingraph.errors import InputError, OutputError

from .conftest import DATA, ROOT

TABLES = ROOT / "examples" / "qijiang-tables"
REGISTER = DATA / "register" / "register.csv"

#: command → (its arguments for an output path, whether the output is a file or a folder, the file's suffix)
COMMANDS: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "import": (lambda out: ["import", str(TABLES), "--out", str(out)], "file.ttl"),
    "render": (lambda out: ["render", "-r", "綦江区", "--out", str(out)], "file.html"),
    "report": (lambda out: ["report", "-r", "綦江区", "--formats", "json", "--out", str(out)], "folder"),
    "dump": (lambda out: ["dump", "--out", str(out)], "file.nt"),
    "export csv": (lambda out: ["export", "--out", str(out)], "folder"),
    "export xlsx": (lambda out: ["export", "--format", "xlsx", "--out", str(out)], "file.xlsx"),
    "template csv": (lambda out: ["template", str(out)], "folder"),
    "template xlsx": (lambda out: ["template", "--format", "xlsx", str(out)], "file.xlsx"),
    "map": (lambda out: ["map", str(REGISTER), "--region", "綦江区", "--out", str(out)], "file.csv"),
    "compare xlsx": (lambda out: ["compare", "-r", "綦江区", "-r", "重庆市", "-c", "copper", "--format", "xlsx",
                                  "--out", str(out)], "file.xlsx"),
    "diff json": (lambda out: ["diff", "-r", "綦江区", "-g", str(TABLES), "-G", str(TABLES), "-c", "copper",
                               "--format", "json", "--out", str(out)], "file.json"),
}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from chaingraph.cli import main; sys.argv = ['chaingraph', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, encoding="utf-8",
                          timeout=180, env={**os.environ, "COLUMNS": "300"})


def _can_create_in(folder: Path) -> bool:
    try:
        (folder / ".chaingraph-probe").touch()
    except OSError:
        return False
    (folder / ".chaingraph-probe").unlink()
    return True


@pytest.fixture()
def unwritable(tmp_path: Path) -> Iterator[Path]:
    """A folder in which no file can be created, by this user."""
    if getattr(os, "geteuid", lambda: -1)() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o500)
        assert not _can_create_in(folder)
        yield folder
        folder.chmod(0o700)
        return
    for candidate in (Path("/proc/sys"), Path("/sys"), Path("/proc")):
        if candidate.is_dir() and not _can_create_in(candidate):
            yield candidate
            return
    pytest.fail("running as root, and no folder was found where root cannot create a file (/proc/sys, /sys, /proc)")


def _output(kind: str, base: Path) -> Path:
    return base / ("out" + kind.removeprefix("file") if kind.startswith("file") else "out")


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _refused(done: subprocess.CompletedProcess[str], path: Path) -> str:
    """The one-line message of a refused output, checked for what every such message must have."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    message = " ".join(done.stderr.split())
    assert str(path) in message, message
    return message


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unwritable_folder_is_a_message(command: str, unwritable: Path) -> None:
    arguments, kind = COMMANDS[command]
    out = _output(kind, unwritable)
    before = sorted(p.name for p in unwritable.iterdir()) if unwritable.stat().st_uid == os.getuid() else None
    message = _refused(_run(*arguments(out)), unwritable)
    assert "error:" in message
    if unwritable.name == "read-only":
        assert f"no permission to write in the folder {unwritable}" in message, message
        assert "get write permission" in message
        assert sorted(p.name for p in unwritable.iterdir()) == before
    assert not out.exists()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_path_under_a_file_is_a_message(command: str, tmp_path: Path) -> None:
    arguments, kind = COMMANDS[command]
    plain = tmp_path / "notes.txt"
    plain.write_text("mine", encoding="utf-8")
    out = _output(kind, plain / "sub")
    message = _refused(_run(*arguments(out)), out)
    assert f"{plain} is a file, not a folder" in message, message
    assert "move the file" in message
    assert _listing(tmp_path) == ["notes.txt"] and plain.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_wrong_kind_of_path_is_a_message(command: str, tmp_path: Path) -> None:
    arguments, kind = COMMANDS[command]
    if kind == "folder":  # a file where a folder of files is to be written
        out = tmp_path / "notes.txt"
        out.write_text("mine", encoding="utf-8")
        message = _refused(_run(*arguments(out)), out)
        assert "is a file, where a folder is to be written into" in message, message
        assert out.read_text(encoding="utf-8") == "mine"
    else:  # a folder where a file is to be written
        out = tmp_path / ("out" + kind.removeprefix("file"))
        out.mkdir()
        (out / "keep.txt").write_text("mine", encoding="utf-8")
        message = _refused(_run(*arguments(out)), out)
        # render and dump declare a file option: the command line's parser refuses a folder itself
        assert "is a folder, where a file is to be written" in message or "is a directory" in message, message
    assert _listing(tmp_path) in (["notes.txt"], ["out" + kind.removeprefix("file"),
                                                  "out" + kind.removeprefix("file") + "/keep.txt"])


# --- the atomic writer, for failures a test cannot provoke for real -------------------------------------

@pytest.mark.parametrize(("code", "where", "said"), [
    (errno.EROFS, "replace", "is on a read-only file system"),
    (errno.ENOSPC, "replace", "no space left to write in"),
    (errno.EACCES, "mkstemp", "no permission to write in the folder"),
    (errno.EROFS, "mkstemp", "is on a read-only file system"),
])
def test_the_atomic_writer_says_why_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       code: int, where: str, said: str) -> None:
    target = tmp_path / "out.ttl"

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(fileio.os if where == "replace" else fileio.tempfile, where, fail)
    with pytest.raises(OutputError) as caught:
        fileio.write_text(target, "<urn:a> <urn:b> <urn:c> .\n")
    [problem] = caught.value.problems
    assert problem.file == str(target) and said in problem.message and problem.hint
    assert isinstance(caught.value, InputError)  # the command line's exit code 2
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_a_refusal_met_only_when_writing_is_a_message(unwritable: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # what the early check cannot foresee (a kernel folder root may not write in, a read-only mount …) is
    # caught where the file is made
    monkeypatch.setattr(fileio, "check_output", lambda *args, **kwargs: None)
    with pytest.raises(OutputError) as caught:
        fileio.write_text(unwritable / "out.ttl", "x")
    [problem] = caught.value.problems
    assert problem.file == str(unwritable / "out.ttl") and str(unwritable) in problem.message and problem.hint


def test_a_failure_inside_the_block_is_not_blamed_on_the_path(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="a bug"), fileio.atomic_output(tmp_path / "out.txt", text=True) as out:
        out.write("half")
        raise ValueError("a bug")
    assert list(tmp_path.iterdir()) == []


def test_a_store_that_cannot_be_made_is_a_message(unwritable: Path, tmp_path: Path) -> None:
    # chaingraph load (and any command given a new --store oxigraph:PATH) writes a folder: the same messages
    plain = tmp_path / "notes.txt"
    plain.write_text("mine", encoding="utf-8")
    under = _refused(_run("load", "--store", f"oxigraph:{plain / 'store'}"), plain / "store")
    assert f"{plain} is a file, not a folder" in under
    denied = _refused(_run("gaps", "-r", "綦江区", "--store", f"oxigraph:{unwritable / 'store'}"), unwritable)
    assert "no permission to write in the folder" in denied or "read-only" in denied
    assert _listing(tmp_path) in (["notes.txt"], ["notes.txt", "read-only"]) and not (unwritable / "store").exists()
