"""SHACL validation at scale: the fast engine and pySHACL, against a bare Oxigraph load of the same file.

For each size (the bundled data; seeded graphs of benchmarks/generate.py at about 54k and 1M triples) it runs,
each in a new process, with the process's own time and peak memory (``wait4``): a bare
``pyoxigraph.Store().load`` of the file; ``chaingraph validate FILE`` on Oxigraph and on the memory store
(the fast engine, the default); and the same with pySHACL (``engine="pyshacl"``) up to
``--pyshacl-max-triples``. Then ``chaingraph import`` of tables of ``--import-companies`` companies (written
from a generated graph by ``chaingraph.tables.export_tables``), with and without ``--no-validate``.
Results: a Markdown table on stdout, ``--json FILE``. See benchmarks/README.md, "Validation".

    python benchmarks/bench_validate.py                       # bundled, 54k, 1M; import of 100,000 companies
    python benchmarks/bench_validate.py --sizes 54k --import-companies 0
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import chaingraph  # noqa: F401
except ImportError:  # a checkout without the package installed: use the working tree
    sys.path.insert(0, str(ROOT / "src"))
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
#: companies of generate.py (5 chains × 200 links) for each size
SIZES = {"bundled": 0, "54k": 3_500, "1m": 77_000}
CLI = "import sys; from chaingraph.cli import main; sys.argv = ['chaingraph', *sys.argv[1:]]; main()"


def run(args: list[str]) -> dict[str, float]:
    """Run *args* in a new process: wall seconds, peak RSS in MB, exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(args, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 3), "peak_mb": round(usage.ru_maxrss / 1024, 1),
            "exit": os.waitstatus_to_exitcode(status)}


def dataset(size: str, folder: Path) -> Path | None:
    if size == "bundled":
        return None
    if size == "independent":  # generate_tables.py's tables of 20,000 companies, imported unchecked
        path, tables_dir = folder / "validate-independent.ttl", folder / "independent-20000"
        if not path.exists():
            if not (tables_dir / "companies.csv").exists():
                subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_tables.py"), "--companies",
                                "20000", "--out", str(tables_dir)], check=True, env=ENV)
            subprocess.run([sys.executable, "-c", CLI, "import", str(tables_dir), "--out", str(path),
                            "--no-validate"], check=True, env=ENV, stdout=subprocess.DEVNULL)
        return path
    path = folder / f"validate-{size}.nt"
    if not path.exists():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--companies", str(SIZES[size]),
                        "--links", "200", "--chains", "5", "--seed", "1", "--out", str(path)], check=True, env=ENV)
    return path


def child(file: str | None, store: str, engine: str) -> None:
    """In a child process: open the graph and validate it (what `chaingraph validate` does, with an engine)."""
    from chaingraph.knowledge import KnowledgeGraph
    from chaingraph.validation import validate

    kg = KnowledgeGraph.open([file] if file else None, store=store)
    report = validate(kg, engine=engine)  # type: ignore[arg-type]
    print(json.dumps({"triples": report.triples, "findings": len(report.findings)}))


def tables(companies: int, folder: Path) -> Path:
    """Tables of a generated graph (generate.py → export_tables), one chain leader per chain and region."""
    out = folder / f"tables-{companies}"
    if (out / "companies.csv").exists():
        return out
    from chaingraph.knowledge import KnowledgeGraph
    from chaingraph.tables import export_tables

    graph = folder / f"import-{companies}.nt"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--companies", str(companies),
                    "--links", "200", "--chains", "5", "--seed", "1", "--out", str(graph)], check=True, env=ENV)
    export_tables(KnowledgeGraph.open([graph], store="oxigraph"), out)
    path = out / "companies.csv"
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    head, seen = rows[0], set()
    role, links, region = head.index("role"), head.index("links"), head.index("region")
    for row in rows[1:]:  # the generator may place two leaders of a chain in one region (a district and a park)
        if row[role] == "leader":
            keys = {(row[region], link.strip().split("L")[0]) for link in row[links].split(";") if link.strip()}
            if keys & seen:
                row[role] = ""
            seen |= keys
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return out


def measure(args: argparse.Namespace) -> dict[str, object]:
    folder = Path(args.data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    me = [sys.executable, str(Path(__file__).resolve())]
    rows: list[dict[str, object]] = []
    for size in args.sizes.split(","):
        if not size:
            continue
        file = dataset(size, folder)
        target = [str(file)] if file else []
        bare = "import pyoxigraph as ox, sys; from chaingraph.paths import bundled_graph_dir; "
        fmt = "TURTLE" if file and file.suffix == ".ttl" else "N_TRIPLES"
        bare += (f"ox.Store().load(path={str(file)!r}, format=ox.RdfFormat.{fmt})" if file else
                 "s = ox.Store(); [s.load(path=str(p), format=ox.RdfFormat.TURTLE) "
                 "for p in sorted(bundled_graph_dir().rglob('*.ttl'))]")
        row: dict[str, object] = {"size": size, "bare_load": run([sys.executable, "-c", bare])}
        for store in ("oxigraph", "memory"):
            if store == "memory" and size in ("1m", "independent") and not args.memory_1m:
                continue  # rdflib: 40 s to load, minutes for the link graph of the loop check
            row[f"cli_{store}"] = run([sys.executable, "-c", CLI, "validate", *target, "--store", store])
            triples = 1_000_000 if file is None or size in ("1m", "independent") else 60_000
            for engine in ("fast", "pyshacl"):
                if engine == "pyshacl" and (size != "bundled" and triples > args.pyshacl_max_triples):
                    continue
                row[f"{engine}_{store}"] = run([*me, "--child", store, engine, *target])
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    imports = {}
    if args.import_companies:
        source = tables(args.import_companies, folder)
        for flag in ([], ["--no-validate"]):
            imports[" ".join(["import", *flag])] = run([sys.executable, "-c", CLI, "import", str(source), "--out",
                                                        str(folder / "imported.ttl"), *flag])
        print(json.dumps(imports), file=sys.stderr, flush=True)
    return {"sizes": rows, "import": imports, "companies": args.import_companies}


def markdown(data: dict[str, object]) -> str:
    lines = ["| size | step | seconds | × bare load | peak MB |", "|---|---|---:|---:|---:|"]
    for row in data["sizes"]:  # type: ignore[attr-defined]
        bare = row["bare_load"]["seconds"]
        for step, value in row.items():
            if isinstance(value, dict):
                ratio = value["seconds"] / bare if bare else 0
                lines.append(f"| {row['size']} | {step} | {value['seconds']:.2f} | {ratio:.1f} | "
                             f"{value['peak_mb']:.0f} |")
    for step, value in data["import"].items():  # type: ignore[attr-defined]
        lines.append(f"| {data['companies']} companies | {step} | {value['seconds']:.2f} | | {value['peak_mb']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="bundled,54k,1m,independent",
                        help="comma-separated: bundled, 54k, 1m, independent (generate_tables.py, 20,000 companies)")
    parser.add_argument("--pyshacl-max-triples", type=int, default=100_000,
                        help="run pySHACL only up to this size (it takes minutes per 10⁵ triples)")
    parser.add_argument("--memory-1m", action="store_true", help="also validate 1M triples in the memory store")
    parser.add_argument("--import-companies", type=int, default=100_000, help="companies of the import (0: none)")
    parser.add_argument("--data-dir", default=str(ROOT / "benchmarks" / "data"), help="where the inputs go")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        store, engine, *file = args.child
        child(file[0] if file else None, store, engine)
        return 0
    data = measure(args)
    if args.json:
        Path(args.json).write_text(json.dumps(data, indent=1), encoding="utf-8")
    print(markdown(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
