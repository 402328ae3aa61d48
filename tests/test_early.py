"""The command line's head start (chaingraph.store.early): the --graph files load as the process starts, and the
store is used only for exactly those files, unchanged; every other case loads as before, with the same errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import typer

from chaingraph.cli import app
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.paths import bundled_graph_dir
from chaingraph.store import early

#: the bundled data, one --graph per file
BUNDLED = sorted(bundled_graph_dir().rglob("*.ttl"))


@pytest.fixture(autouse=True)
def _no_head_start_left() -> Iterator[None]:
    early.take([])  # a test's head start is never another's
    yield
    early.take([])


@pytest.mark.parametrize(("args", "expected"), [
    (["gaps", "--graph", "a.ttl"], ["a.ttl"]),
    (["gaps", "--graph=a.ttl", "-g", "b.nt", "-gc.ttl"], ["a.ttl", "b.nt", "c.ttl"]),
    (["report", "--region", "x", "--graph", "a.ttl", "--store", "oxigraph"], ["a.ttl"]),
    (["gaps", "-g", "a.ttl", "-s", "Oxigraph"], ["a.ttl"]),
    (["gaps", "--graph", "a.ttl", "--store", "memory"], None),  # rdflib's store: no head start
    (["gaps", "--graph", "a.ttl", "--store=oxigraph:/tmp/s"], None),  # a persistent store loads its own way
    (["gaps", "--graph", "a.ttl", "-shttp://localhost/sparql"], None),
    (["validate", "a.ttl"], None),  # not a command that opens --graph
    (["gaps", "--region", "x"], None),  # the bundled data: a folder
    (["gaps", "--graph", "tables"], None),  # a folder: RDF files or tables
    (["gaps", "--graph", "a.rdf"], None),  # RDF/XML: no head start
    (["gaps", "--graph", "a.ttl", "--graph", "missing.ttl"], None),
    (["gaps", "--", "--graph", "a.ttl"], None),
    (["gaps", "--graph"], None),
    ([], None),
])
def test_graph_files_read_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                                           expected: list[str] | None) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("a.ttl", "b.nt", "c.ttl", "a.rdf"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "tables").mkdir()
    found = early.graph_files(args)
    assert (None if found is None else [str(path) for path in found]) == expected


def test_the_commands_are_those_that_open_graph_and_store() -> None:
    # diff opens two graphs (--graph and --graph-new), in an order of its own: no head start
    group = typer.main.get_command(app)
    params = {name: {param.name for param in command.params}
              for name, command in group.commands.items()}  # type: ignore[attr-defined]
    opening = {name for name, names in params.items() if {"graph", "store"} <= names and "graph_new" not in names}
    assert opening == early.COMMANDS
    for name in early.COMMANDS:  # the options graph_files reads, spelt as it reads them
        spelt = {param.name: set(param.opts) for param in group.commands[name].params}  # type: ignore[attr-defined]
        assert spelt["graph"] == {"--graph", "-g"} and spelt["store"] == {"--store", "-s"}, name


def test_the_head_start_is_taken_for_the_same_files() -> None:
    early.start(["gaps", *[arg for file in BUNDLED for arg in ("--graph", str(file))]])
    assert early.started()
    head = early._started
    assert head is not None
    kg = KnowledgeGraph.open(BUNDLED)
    assert not early.started()
    assert kg.store.store is head.store  # the store loaded from the start, not a second load
    plain = KnowledgeGraph.open(BUNDLED)
    assert plain.store.store is not head.store
    assert len(kg) == len(plain)
    named = [{quad for quad in graph.store.store  # blank nodes are named anew by each load
              if not isinstance(quad.subject, ox.BlankNode) and not isinstance(quad.object, ox.BlankNode)}
             for graph in (kg, plain)]
    assert named[0] == named[1]


def test_other_files_an_other_order_or_a_changed_file_load_as_before(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    first.write_text("<urn:x:a> <urn:x:p> 1 .\n", encoding="utf-8")
    second.write_text("<urn:x:b> <urn:x:p> 2 .\n", encoding="utf-8")
    early.start(["gaps", "--graph", str(first), "--graph", str(second)])
    head = early._started
    assert head is not None and head.done.wait(30)
    kg = KnowledgeGraph.open([second, first])  # another order
    assert kg.store.store is not head.store and not early.started()

    early.start(["gaps", "--graph", str(first)])
    head = early._started
    assert head is not None and head.done.wait(30)
    first.write_text("<urn:x:a> <urn:x:p> 3 .\n", encoding="utf-8")
    os.utime(first, ns=(head.stamps[0][1] + 10**9, head.stamps[0][1] + 10**9))
    kg = KnowledgeGraph.open([first])
    assert kg.store.store is not head.store
    assert kg.select_plain("SELECT ?o WHERE { <urn:x:a> <urn:x:p> ?o }") == [{"o": 3}]


def _console(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The console script's entry point (chaingraph.launch), in a new process."""
    code = "import sys; from chaingraph.launch import main; sys.argv = ['chaingraph', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, encoding="utf-8",
                          timeout=300, cwd=cwd)


def test_the_command_line_with_a_head_start_answers_as_without() -> None:
    files = [arg for file in BUNDLED for arg in ("--graph", str(file))]
    with_head = _console("gaps", "--region", "綦江区", "--format", "json", *files)
    assert with_head.returncode == 0, with_head.stderr
    without = _console("gaps", "--region", "綦江区", "--format", "json", *files, "--store", "memory")
    assert without.returncode == 0, without.stderr
    assert json.loads(with_head.stdout) == json.loads(without.stdout)


def test_a_file_the_head_start_cannot_parse_is_named_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:x:a> <urn:x:p> 1 .\n<urn:x:b> <urn:x:p> \"open .\n", encoding="utf-8")
    done = _console("gaps", "--region", "綦江区", "--graph", str(bad))
    assert done.returncode == 2
    assert "bad.ttl:2" in done.stderr


def test_a_usage_error_ends_the_process_while_the_head_start_loads() -> None:
    # the load's thread is left as the process ends with the usage error's code (no hang, no crash)
    done = _console("gaps", "--region", "綦江区", "--graph", str(BUNDLED[0]), "--format", "yaml")
    assert done.returncode == 2, done.stderr
    assert "'yaml' is not one of" in done.stderr
