"""`chaingraph import` of large tables, against a bare Oxigraph load of the Turtle it writes, in the same run.

For each table set — tables of ``generate.py``'s graph (``--companies`` companies, 5 chains × 200 links,
written by ``export_tables``) and the independent tables of ``generate_tables.py`` (a different shape: many
chains with loops, credit-code ids, skewed regions) — it runs, each in a new process with its own wall
time, CPU time and peak memory (``wait4``): ``chaingraph import SRC --out OUT`` (validated, the default),
the same with ``--no-validate``, and the bare ``pyoxigraph.Store().load`` of OUT. Both imports must write
the same bytes. ``--profile`` runs the validated import once in this process under cProfile instead.
Results: a Markdown table on stdout, ``--json FILE``. See benchmarks/README.md, "Importing tables".

    python benchmarks/bench_import.py                                  # 100,000 companies, both shapes
    python benchmarks/bench_import.py --companies 5000 --sources generate --profile
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

from _common import HERE, code_fingerprint

ROOT = HERE.parent
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
CLI = "import sys; from chaingraph.cli import main; sys.argv = ['chaingraph', *sys.argv[1:]]; main()"
SOURCES = ("generate", "independent")


def run(args: list[str]) -> dict[str, float]:
    """Run *args* in a new process: wall and CPU seconds, peak RSS in MB, exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(args, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 3), "cpu": round(usage.ru_utime + usage.ru_stime, 3),
            "peak_mb": round(usage.ru_maxrss / 1024, 1), "exit": os.waitstatus_to_exitcode(status)}


def tables(source: str, companies: int, folder: Path) -> Path:
    """The table set *source* of *companies* companies, generated once into *folder* (reused after)."""
    if source == "generate":
        from bench_validate import tables as generated

        return generated(companies, folder)
    out = folder / f"independent-{companies}"
    if not (out / "companies.csv").exists():
        subprocess.run([sys.executable, str(HERE / "generate_tables.py"), "--companies", str(companies),
                        "--out", str(out)], check=True, env=ENV)
    return out


def measure_one(source: Path, folder: Path, repeat: int) -> dict[str, object]:
    """The imports of *source* and the bare load of what they write (the best of *repeat* runs of each)."""
    out, unchecked = folder / f"{source.name}.ttl", folder / f"{source.name}-unchecked.ttl"
    steps = {
        "import": [sys.executable, "-c", CLI, "import", str(source), "--out", str(out)],
        "import --no-validate": [sys.executable, "-c", CLI, "import", str(source), "--out", str(unchecked),
                                 "--no-validate"],
        "bare Oxigraph load of the output": [sys.executable, "-c", "import pyoxigraph as ox; ox.Store().load("
                                             f"path={str(out)!r}, format=ox.RdfFormat.TURTLE)"],
    }
    row: dict[str, object] = {"tables": source.name}
    for name, args in steps.items():
        runs = [run(args) for _ in range(repeat)]
        row[name] = min(runs, key=lambda r: r["seconds"])
        if row[name]["exit"]:  # type: ignore[index]
            raise SystemExit(f"{name} of {source} failed: {runs[-1]}")
    row["same output"] = out.read_bytes() == unchecked.read_bytes()
    row["triples"] = sum(1 for line in out.read_text(encoding="utf-8").splitlines() if line.endswith((" .", " ;")))
    return row


def profile(source: Path, folder: Path) -> None:
    """The validated import of *source* under cProfile, in this process: the 30 costliest calls."""
    from chaingraph.cli import run

    sys.argv = ["chaingraph", "import", str(source), "--out", str(folder / "profiled.ttl")]
    profiler = cProfile.Profile()
    profiler.runcall(run)
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)


def markdown(data: dict[str, object]) -> str:
    lines = ["| tables | step | seconds | CPU seconds | × bare load | peak MB |", "|---|---|---:|---:|---:|---:|"]
    for row in data["rows"]:  # type: ignore[attr-defined]
        bare = row["bare Oxigraph load of the output"]["seconds"]
        for step, value in row.items():
            if isinstance(value, dict):
                lines.append(f"| {row['tables']} | {step} | {value['seconds']:.2f} | {value['cpu']:.2f} | "
                             f"{value['seconds'] / bare:.1f} | {value['peak_mb']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=100_000, help="companies of each table set")
    parser.add_argument("--sources", default=",".join(SOURCES),
                        help="comma-separated: generate, independent, or folders of tables")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each step (the fastest is kept)")
    parser.add_argument("--profile", action="store_true", help="profile one validated import instead")
    parser.add_argument("--data-dir", default=str(HERE / "data"), help="where the inputs and outputs go")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args(argv)
    folder = Path(args.data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    sources = [tables(s, args.companies, folder) if s in SOURCES else Path(s) for s in args.sources.split(",") if s]
    if args.profile:
        for source in sources:
            profile(source, folder)
        return 0
    data: dict[str, object] = {"code": code_fingerprint(), "companies": args.companies, "cpus": os.cpu_count(),
                               "load_average": os.getloadavg(), "rows": []}
    for source in sources:
        data["rows"].append(measure_one(source, folder, args.repeat))  # type: ignore[attr-defined]
        print(json.dumps(data["rows"][-1]), file=sys.stderr, flush=True)  # type: ignore[index]
    data["load_average_after"] = os.getloadavg()
    if args.json:
        Path(args.json).write_text(json.dumps(data, indent=1), encoding="utf-8")
    print(markdown(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
