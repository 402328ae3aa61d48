"""Loading the same files into a persistent store twice does nothing the second time (issue 19: each load of
the bundled data added its blank nodes again — 249 triples — after which ``validate`` failed). A store
records each file's path, size and SHA-256 (chaingraph.store.ledger); a changed file is refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chaingraph.errors import InputError
from chaingraph.knowledge import KnowledgeGraph, load_persistent
from chaingraph.validation import validate

from .conftest import ROOT

TABLES = ROOT / "examples" / "qijiang-tables"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from chaingraph.cli import main; sys.argv = ['chaingraph', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, encoding="utf-8",
                          timeout=180, env={**os.environ, "COLUMNS": "300"})


def _dump(path: Path, out: Path) -> bytes:
    """The store's triples as sorted N-Triples with stable blank-node labels: equal bytes, equal graphs."""
    from chaingraph.store.dumping import dump

    dump(KnowledgeGraph.open(store=f"oxigraph:{path}").store, out)
    return out.read_bytes()


def _blank_triple(tmp_path: Path, name: str, node: str = "x") -> Path:
    data = tmp_path / name
    data.write_text(f'<urn:x:firm> <urn:x:capacity> _:{node} .\n_:{node} <urn:x:value> "5" .\n', encoding="utf-8")
    return data


def test_loading_the_bundled_data_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store"
    first = load_persistent(path, compact=False)
    before = _dump(path, tmp_path / "first.nt")
    files = {f.name: f.stat().st_mtime_ns for f in path.iterdir()}
    again = load_persistent(path, compact=False)
    # not even opened for writing (RocksDB would write new files): the answers kept for it stay valid
    assert {f.name: f.stat().st_mtime_ns for f in path.iterdir()} == files
    assert again.files == [] and again.added == 0 and again.triples == first.triples
    assert sorted(again.skipped) == sorted(first.files) and set(again.skipped.values()) == {None}
    assert _dump(path, tmp_path / "again.nt") == before
    assert validate(KnowledgeGraph.open(store=f"oxigraph:{path}")).conforms


def test_blank_nodes_never_duplicate(tmp_path: Path) -> None:
    path = tmp_path / "store"
    data = _blank_triple(tmp_path, "capacity.nt")
    load_persistent(path, [data], compact=False)
    count = len(KnowledgeGraph.open(store=f"oxigraph:{path}"))
    copy = tmp_path / "copy.nt"
    copy.write_bytes(data.read_bytes())
    report = load_persistent(path, [data, copy, tmp_path], compact=False)  # the file, a copy, their folder
    assert report.files == [] and {Path(name).name: where for name, where in report.skipped.items()} == {
        "capacity.nt": None, "copy.nt": str(data.resolve())}
    assert len(KnowledgeGraph.open(store=f"oxigraph:{path}")) == count


def test_a_new_file_is_loaded_beside_the_ones_loaded_before(tmp_path: Path) -> None:
    path = tmp_path / "store"
    old = _blank_triple(tmp_path, "old.nt")
    load_persistent(path, [old], compact=False)
    new = _blank_triple(tmp_path, "new.nt", node="y")
    new.write_text(new.read_text(encoding="utf-8").replace("urn:x:firm", "urn:x:other"), encoding="utf-8")
    report = load_persistent(path, [old, new], compact=False)
    assert [Path(f).name for f in report.files] == ["new.nt"] and report.added == 2
    assert [Path(f).name for f in report.skipped] == ["old.nt"]


def test_a_changed_file_is_refused_and_the_store_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "store"
    data = _blank_triple(tmp_path, "capacity.nt")
    load_persistent(path, [data], compact=False)
    before = _dump(path, tmp_path / "before.nt")
    data.write_text(data.read_text(encoding="utf-8").replace('"5"', '"6"'), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_persistent(path, [data], compact=False)
    [problem] = caught.value.problems
    assert Path(problem.file or "").name == "capacity.nt"
    assert "was loaded into this store before, and has changed since" in problem.message
    assert problem.hint and "new store" in problem.hint and str(path) in problem.hint
    assert _dump(path, tmp_path / "after.nt") == before
    assert not list(tmp_path.glob(".store.chaingraph-backup*"))


def test_tables_loaded_twice_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "store"
    first = load_persistent(path, [TABLES], compact=False)
    again = load_persistent(path, [TABLES], compact=False)
    assert again.added == 0 and again.triples == first.triples and list(again.skipped) == first.files


def test_a_checkpoint_that_cannot_be_taken_leaves_the_store_alone(tmp_path: Path) -> None:
    # before, a failed checkpoint (no room, no permission beside the store) made the load delete the store
    path = tmp_path / "store"
    load_persistent(path, [_blank_triple(tmp_path, "a.nt")], compact=False)
    before = _dump(path, tmp_path / "before.nt")
    (tmp_path / ".store.chaingraph-backup").symlink_to(tmp_path / "nowhere" / "backup")  # cannot be made there
    with pytest.raises(InputError, match="cannot take a checkpoint of the store") as caught:
        load_persistent(path, [_blank_triple(tmp_path, "b.nt", node="b")], compact=False)
    assert "the store is unchanged" in (caught.value.problems[0].hint or "")
    (tmp_path / ".store.chaingraph-backup").unlink()
    assert _dump(path, tmp_path / "after.nt") == before


def test_cli_load_twice_says_nothing_was_done_and_validate_passes(tmp_path: Path) -> None:
    path = tmp_path / "store"
    assert _run("load", "--store", f"oxigraph:{path}", "--no-compact").returncode == 0
    again = _run("load", "--store", f"oxigraph:{path}", "--no-compact")
    assert again.returncode == 0, again.stderr
    assert "already loaded, nothing done: graph/qijiang/seed.ttl" in again.stdout
    assert "already holds every file given, unchanged: nothing done" in again.stdout
    checked = _run("validate", "--store", f"oxigraph:{path}")
    assert checked.returncode == 0 and "conforms (0 violations" in checked.stdout
    data = _blank_triple(tmp_path, "mine.nt")
    more = _run("load", "--store", f"oxigraph:{path}", "--no-compact", str(data))
    assert more.returncode == 0 and "loaded 1 file into the store" in more.stdout and "(+2)" in more.stdout
    data.write_text(data.read_text(encoding="utf-8") + "<urn:x:firm> <urn:x:name> \"甲\" .\n", encoding="utf-8")
    changed = _run("load", "--store", f"oxigraph:{path}", str(data))
    assert changed.returncode == 2 and "Traceback" not in changed.stderr
    assert "mine.nt: was loaded into this store before, and has changed since" in " ".join(changed.stderr.split())
