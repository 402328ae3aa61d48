"""How a command's process ends: its large objects are kept and not freed one by one (chaingraph._runtime), yet
everything it wrote arrives, its exit code stands and the ``atexit`` functions run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from typer.testing import CliRunner

from chaingraph._runtime import end_process, keep_until_exit, keeping_until_exit, kept_count
from chaingraph.cli import app

_MAIN = "import sys; from chaingraph.cli import main; sys.argv = ['chaingraph', *sys.argv[1:]]; main()"


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, encoding="utf-8",
                          timeout=120, env={**os.environ, "COLUMNS": "200"})


def test_a_command_kept_its_graph_and_all_its_output_arrives() -> None:
    """gaps keeps its graph and analysis until the end; the JSON piped out is whole and equal to the runner's,
    and an atexit function registered before still runs."""
    code = "import atexit, sys; atexit.register(lambda: print('atexit ran', file=sys.stderr)); " + _MAIN
    done = _python(code, "gaps", "--region", "綦江区", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "atexit ran" in done.stderr
    in_process = CliRunner().invoke(app, ["gaps", "--region", "綦江区", "--format", "json"])
    assert json.loads(done.stdout) == json.loads(in_process.stdout)


def test_kept_objects_are_not_freed_and_others_are() -> None:
    """Within keeping_until_exit an object given to keep_until_exit outlives its function and is never freed
    (the process ends first); outside, the same object is freed when its function returns."""
    code = textwrap.dedent("""
        import sys
        from chaingraph._runtime import end_process, keep_until_exit, keeping_until_exit

        class Big:
            def __init__(self, name): self.name = name
            def __del__(self): print("freed", self.name, flush=True)

        def command(name):
            keep_until_exit(Big(name))

        command("outside")
        with keeping_until_exit():
            command("kept")
        print("returned", flush=True)
        end_process(3)
    """)
    done = _python(code)
    assert done.returncode == 3, done.stderr
    assert done.stdout.splitlines() == ["freed outside", "returned"]


def test_a_failing_command_ends_as_usual() -> None:
    """An error's way out keeps nothing: exit 2 with the message, as before."""
    done = _python(_MAIN, "gaps", "--region", "Qijang")
    assert done.returncode == 2 and "did you mean" in done.stderr
    done = _python(_MAIN, "validate", "--with-bundled", "tests/data/violations/unknown-link.ttl")
    assert done.returncode == 1 and "unknown-link.ttl:11" in done.stdout


def test_nothing_is_kept_outside_the_command_line() -> None:
    import gc

    keep_until_exit(object())
    assert kept_count() == 0
    try:
        with keeping_until_exit():
            keep_until_exit(1, 2)
            assert kept_count() == 2 and not gc.isenabled()
            raise ValueError
    except ValueError:
        pass
    assert kept_count() == 0 and gc.isenabled()  # the error's way out let go, and collects again


def test_end_process_without_kept_objects_is_sys_exit() -> None:
    try:
        end_process(5)
    except SystemExit as done:
        assert done.code == 5
    else:  # pragma: no cover - end_process returned
        raise AssertionError("end_process returned")


def test_run_is_the_command_line_in_this_process(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """run() returns the exit code and this process goes on (nothing is kept, nothing ends)."""
    from chaingraph.cli import run

    monkeypatch.setattr(sys, "argv", ["chaingraph", "gaps", "--region", "綦江区", "--format", "json"])
    assert run() == 0
    assert json.loads(capsys.readouterr().out)["region"]
    monkeypatch.setattr(sys, "argv", ["chaingraph", "gaps", "--region", "Qijang"])
    assert run() == 2 and "did you mean" in capsys.readouterr().err
    assert kept_count() == 0


def test_opening_a_graph_into_oxigraph_imports_nothing() -> None:
    """What importing_meanwhile relies on: while a command's modules import in a thread, the load in the main
    thread imports none (two threads importing in a cycle could deadlock)."""
    code = textwrap.dedent("""
        import sys
        import chaingraph.cli
        from chaingraph.knowledge import KnowledgeGraph
        before = set(sys.modules)
        KnowledgeGraph.open(None)
        KnowledgeGraph.open(["tests/data/violations/unknown-link.ttl"], with_bundled=True)
        print(sorted(set(sys.modules) - before))
    """)
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_imports_meanwhile_are_done_and_a_failed_one_is_left_to_the_command() -> None:
    from chaingraph._runtime import importing_meanwhile
    from chaingraph.cli.opening import open_graph

    code = textwrap.dedent("""
        import sys
        from chaingraph.cli.opening import open_graph
        open_graph(None, "oxigraph", then=("chaingraph.gaps", "no_such_module_here", "colorsys"))
        print("chaingraph.gaps" in sys.modules, "colorsys" in sys.modules)
        import no_such_module_here
    """)
    done = _python(code)
    assert done.stdout.split() == ["True", "False"]  # the failed import stopped the rest; the command goes on
    assert "ModuleNotFoundError: No module named 'no_such_module_here'" in done.stderr  # raised where imported
    with importing_meanwhile():
        pass
    assert open_graph(None, "memory", then=("chaingraph.gaps",)) is not None  # not for other stores: no thread


def test_keeping_stops_the_cyclic_collector_only_in_the_command_line() -> None:
    import gc

    assert gc.isenabled()
    keep_until_exit(object())  # outside main(): nothing kept, the collector runs on
    assert gc.isenabled()
    done = _python("import gc; from chaingraph._runtime import keep_until_exit, keeping_until_exit\n"
                   "with keeping_until_exit():\n    keep_until_exit(1)\n    print(gc.isenabled())")
    assert done.stdout.strip() == "False", done.stderr
