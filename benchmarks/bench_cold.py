"""Benchmark: a cold ``chaingraph gaps`` from an RDF file against the bare Oxigraph load of the same file
(issue #18: at most 1.5×), each in a new process, interleaved round by round so that both see the same machine.

Each round runs the bare load (``pyoxigraph.Store().load`` of the file, nothing else), then
``chaingraph gaps --graph FILE --region R --format json`` for each region — and, with ``--baseline SRC``, the same
command on another checkout's sources (``SRC`` first on ``PYTHONPATH``), right after. The ratio of each run is
taken against the bare load of its own round; the report gives the median, the range and each process's peak
memory, and whether every run of a region wrote the same JSON (and the baseline the same as the code measured).
The first ``--warmup`` rounds, which compile the bytecode as an installed package has it, are left out.

Usage::

    python benchmarks/generate_tables.py --companies 100000 --out /tmp/ind100k
    chaingraph import /tmp/ind100k --out /tmp/ind100k.ttl
    python benchmarks/bench_cold.py --graph /tmp/ind100k.ttl --region p23 --region p09c03d01 --rounds 4
    python benchmarks/bench_cold.py --graph /tmp/ind100k.ttl --region p23 --baseline /tmp/older-checkout/src
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import code_fingerprint

#: the bare load: the interpreter, pyoxigraph, the file into an in-memory store — nothing of chaingraph
BARE = ("import sys, pyoxigraph as ox; ox.Store().load(path=sys.argv[1], "
        "format=ox.RdfFormat.N_TRIPLES if sys.argv[1].endswith('.nt') else ox.RdfFormat.TURTLE)")
#: the console script's entry point (older code, before chaingraph.launch, started from chaingraph.cli)
COMMAND = ("import sys\ntry:\n    from chaingraph.launch import main\nexcept ImportError:\n"
           "    from chaingraph.cli import main\nsys.argv = ['chaingraph', *sys.argv[1:]]\nmain()")


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run *argv* in a new process: wall seconds, peak memory (MB) and the SHA-256 of what it wrote."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        written = out.read()
        if process.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(argv[3:])} exited {process.returncode}: {err.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, hashlib.sha256(written).hexdigest()


def measure(graph: Path, regions: list[str], rounds: int, warmup: int, baseline: Path | None) -> dict[str, Any]:
    """Interleaved rounds of the bare load and the cold ``gaps`` of each region (and of the baseline's)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")}
    sides = {"now": env} | ({"baseline": {**env, "PYTHONPATH": f"{baseline}{os.pathsep}{env.get('PYTHONPATH', '')}"}}
                            if baseline else {})
    runs: dict[str, list[tuple[float, float, str]]] = {}
    for number in range(warmup + rounds):
        measured = [("bare", run([sys.executable, "-c", BARE, str(graph)], env))]
        for region in regions:
            for side, side_env in sides.items():
                argv = [sys.executable, "-c", COMMAND, "gaps", "--graph", str(graph), "--region", region,
                        "--format", "json"]
                measured.append((f"{side} {region}", run(argv, side_env)))
        if number >= warmup:
            for label, result in measured:
                runs.setdefault(label, []).append(result)
        print(f"round {number + 1}{' (warm-up)' if number < warmup else ''}: "
              + ", ".join(f"{label} {result[0]:.2f} s" for label, result in measured), file=sys.stderr, flush=True)
    return summary(runs, regions, list(sides))


def summary(runs: dict[str, list[tuple[float, float, str]]], regions: list[str], sides: list[str]) -> dict[str, Any]:
    """Per region and side: seconds, ratios to the bare load of the same round, peak memory, same output."""
    bare = [seconds for seconds, _, _ in runs["bare"]]
    result: dict[str, Any] = {"bare_seconds": [round(s, 3) for s in bare], "regions": {}}
    for region in regions:
        outputs = {digest for side in sides for _, _, digest in runs[f"{side} {region}"]}
        result["regions"][region] = {"same_output": len(outputs) == 1}
        for side in sides:
            seconds = [s for s, _, _ in runs[f"{side} {region}"]]
            ratios = [round(s / b, 3) for s, b in zip(seconds, bare, strict=True)]
            result["regions"][region][side] = {
                "seconds": [round(s, 2) for s in seconds], "ratios": ratios,
                "median_ratio": round(statistics.median(ratios), 3),
                "peak_mb": round(max(mb for _, mb, _ in runs[f"{side} {region}"]))}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path, required=True, help="the RDF file (Turtle or N-Triples)")
    parser.add_argument("--region", action="append", required=True, help="a region to analyse (repeatable)")
    parser.add_argument("--rounds", type=int, default=4, help="measured rounds (default 4)")
    parser.add_argument("--warmup", type=int, default=1, help="rounds left out first (default 1)")
    parser.add_argument("--baseline", type=Path, help="the src/ folder of another checkout, measured alongside")
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args()
    result = {"code": code_fingerprint(), "graph": str(args.graph), "load_average": list(os.getloadavg()),
              **measure(args.graph, args.region, args.rounds, args.warmup, args.baseline)}
    bare = result["bare_seconds"]
    print(f"bare load {min(bare):.2f}–{max(bare):.2f} s")
    for region, found in result["regions"].items():
        for side, numbers in found.items():
            if side != "same_output":
                print(f"{side:8s} {region}: {min(numbers['seconds']):.2f}–{max(numbers['seconds']):.2f} s, "
                      f"{min(numbers['ratios']):.2f}–{max(numbers['ratios']):.2f}× the bare load "
                      f"(median {numbers['median_ratio']:.2f}×), peak {numbers['peak_mb']} MB")
        print(f"         {region}: {'the same JSON in every run' if found['same_output'] else 'JSON DIFFERS'}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
