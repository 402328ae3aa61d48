"""Same data, same bytes — across processes, not just within one.

A set or dict walked in hash order gives the same order every time inside one process and another order in
the next (``PYTHONHASHSEED`` differs per process), so the in-process determinism tests of each output cannot
catch it. Here every output is made by separate processes with different hash seeds, started at the same time
on an empty cache folder (so they also race to build the code-list index), and compared byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

_CODE = "import sys; from chaingraph.cli import main; sys.argv = ['chaingraph', *sys.argv[1:]]; main()"
_SEEDS = ("1", "2", "3")


def _run_together(runs: list[tuple[str, list[str]]], cache: Path) -> list[subprocess.CompletedProcess[str]]:
    """Start every ``(hash seed, arguments)`` run at once and wait for all of them."""
    env = {**os.environ, "COLUMNS": "200", "CHAINGRAPH_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1700000000"}
    processes = [subprocess.Popen([sys.executable, "-c", _CODE, *args], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                  env={**env, "PYTHONHASHSEED": seed}) for seed, args in runs]
    done = []
    for process, (_, args) in zip(processes, runs, strict=True):
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, (args, stderr)
        done.append(subprocess.CompletedProcess(args, process.returncode, stdout, stderr))
    return done


@pytest.mark.parametrize(("store", "form"), [("oxigraph", "json"), ("memory", "json"), ("oxigraph", "csv"),
                                             ("oxigraph", "table")])
def test_gaps_print_the_same_bytes_under_any_hash_seed(store: str, form: str, tmp_path: Path) -> None:
    args = ["gaps", "-r", "綦江区", "--store", store, "--format", form]
    outputs = {result.stdout for result in _run_together([(seed, args) for seed in _SEEDS], tmp_path / "cache")}
    assert len(outputs) == 1 and len(outputs.pop()) > 1000


def _digests(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


def test_report_and_graph_files_are_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    runs = []
    for seed in _SEEDS[:2]:
        (tmp_path / f"g{seed}").mkdir()
        report = ["report", "-r", "綦江区", "--formats", "html,md,json,xlsx", "--out", str(tmp_path / f"r{seed}")]
        runs += [(seed, report),
                 (seed, ["render", "-r", "綦江区", "-o", str(tmp_path / f"g{seed}" / "graph.html")])]
    _run_together(runs, tmp_path / "cache")
    reports = [_digests(tmp_path / f"r{seed}") for seed in _SEEDS[:2]]
    assert reports[0] == reports[1] and {name.rsplit(".", 1)[-1] for name in reports[0]} >= {"html", "md", "json",
                                                                                             "xlsx"}
    graphs = [_digests(tmp_path / f"g{seed}") for seed in _SEEDS[:2]]
    assert graphs[0] == graphs[1] and graphs[0]
