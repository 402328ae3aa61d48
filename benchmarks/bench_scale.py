"""Benchmark at national scale: every step of chaingraph on each store, as ratios against the memory store.

For each size (10k, 100k, 1M triples by default) this generates a dataset with ``generate.py`` (or reuses
it) and measures, in one fresh process per store (``memory``, ``oxigraph``), so that peak memory is the
store's own:

* **load**: ``KnowledgeGraph.open([file], store=…)``; and, in a process of its own, the bare
  ``pyoxigraph.Store().load`` of the same file (the parse rate chaingraph's load is held to);
* **each named query** with sample parameters (the busiest district, chain ``c1``, its first link, the
  first company): the first (cold) run, and the median of ``--repeat`` more when the first took under 5 s;
* **gaps**: ``analyze(kg, region=…, chains=["c1"])``, cold and again;
* **render**: ``render_html`` of that analysis, with the company layer;
* **report**: the interactive pages plus ``write_report`` in all four formats;
* **peak memory** (``ru_maxrss``) after each step.

Then it runs the command line as a user would, each time a new process: ``chaingraph gaps --graph FILE``
on both stores (cold start: load + analysis), and, for the sizes in ``--persistent`` (1M and 10M by default),
``chaingraph load --store oxigraph:DIR FILE`` (with and without compaction, against pyoxigraph's own
``bulk_load`` and ``optimize``) and ``chaingraph gaps --store oxigraph:DIR`` for the busiest district and
for a district of the size of the first persistent size's busiest one: the first run, runs with the
answers kept by the result cache, and runs with it turned off; each with its process's own peak memory
(``wait4``).

A step slower than its limit (``--query-timeout``, ``--step-timeout``) is stopped and shown as "> limit";
the memory store reaches those limits at 1M triples.

Usage::

    python benchmarks/bench_scale.py                                   # 10k, 100k, 1M; persistent 1M, 10M
    python benchmarks/bench_scale.py --sizes 10k --persistent '' --repeat 1      # a quick look
    python benchmarks/bench_scale.py --json benchmarks/results/scale.json --markdown benchmarks/results/scale.md

The Markdown tables go to stdout (and ``--markdown``); ``benchmarks/README.md`` quotes them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import HERE, StepTimeout, code_fingerprint, deadline, rss_mb

#: dataset shape per size: (chains, links per chain); 1,000 links need about 9k triples on their own
SHAPES = {10_000: (3, 50), 100_000: (5, 200)}
DEFAULT_SHAPE = (5, 200)
STORES = ("memory", "oxigraph")


def parse_size(text: str) -> int:
    """``"10k"`` → 10000, ``"1m"`` → 1000000."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def label(triples: int) -> str:
    return f"{triples // 1_000_000}M" if triples >= 1_000_000 else f"{triples // 1_000}k"


def dataset(triples: int, data_dir: Path) -> tuple[Path, dict[str, Any]]:
    """The generated N-Triples file of about *triples* triples (reused when present) and its summary."""
    from generate import companies_for, generate

    chains, links = SHAPES.get(triples, DEFAULT_SHAPE)
    path = data_dir / f"scale-{label(triples)}-{chains}x{links}.nt"
    meta = path.with_name(path.name + ".meta.json")
    if not (path.exists() and meta.exists()) or "district_companies" not in json.loads(meta.read_text("utf-8")):
        data_dir.mkdir(parents=True, exist_ok=True)
        generate(path, companies=companies_for(triples, links, chains), links=links, chains=chains)
    return path, json.loads(meta.read_text(encoding="utf-8"))


# --- the worker: one store, one dataset, one process ------------------------------------------------------


def worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Run every in-process step for one store on one dataset; return the timings."""
    if spec["store"] == "pyoxigraph":
        import pyoxigraph as ox

        start = time.perf_counter()
        ox.Store().load(path=spec["data"], format=ox.RdfFormat.N_TRIPLES)
        return {"load": time.perf_counter() - start, "rss_mb": rss_mb()}

    from chaingraph.gaps import analyze
    from chaingraph.knowledge import KnowledgeGraph
    from chaingraph.output.render import chain_pages, render_html
    from chaingraph.output.reports import write_report
    from chaingraph.sparql.catalogue import named_queries
    from chaingraph.sparql.run import bind_params

    out: dict[str, Any] = {"store": spec["store"], "steps": {}, "queries": {}}
    step_limit, query_limit, repeat = spec["step_timeout"], spec["query_timeout"], spec["repeat"]

    def timed(name: str, func: Callable[[], Any], limit: float, into: dict[str, Any]) -> Any:
        start = time.perf_counter()
        try:
            with deadline(limit):
                value = func()
        except StepTimeout:
            into[name] = {"seconds": None, "limit": limit, "rss_mb": rss_mb()}
            return None
        into[name] = {"seconds": time.perf_counter() - start, "rss_mb": rss_mb()}
        return value

    kg = timed("load", lambda: KnowledgeGraph.open([spec["data"]], store=spec["store"]), step_limit, out["steps"])
    if kg is None:
        return out
    out["rss_after_load_mb"] = rss_mb()
    sample = {"region": spec["region"], "chain": spec["chain"], "link": spec["link"], "entity": spec["company"],
              "thing": spec["company"], "actor": spec["company"], "lang": "zh"}
    for name, query in sorted(named_queries().items()):
        params = {p.name: sample[p.name] for p in query.params if p.name in sample}
        bindings = bind_params(kg, query, params)
        rows = timed(name, lambda q=query, b=bindings: kg.select(q.text, **b), query_limit, out["queries"])
        entry = out["queries"][name]
        if rows is None:
            continue
        entry["rows"] = len(rows)
        entry["cold"] = entry["seconds"]
        if entry["cold"] < 5:
            again = []
            for _ in range(repeat):
                start = time.perf_counter()
                kg.select(query.text, **bindings)
                again.append(time.perf_counter() - start)
            entry["seconds"] = statistics.median(again) if again else entry["cold"]

    def gaps() -> Any:
        return analyze(kg, region=spec["region"], chains=[spec["chain"]])

    result = timed("gaps (cold)", gaps, step_limit, out["steps"])
    if result is None:
        return out
    timed("gaps (again)", gaps, step_limit, out["steps"])
    with tempfile.TemporaryDirectory() as tmp:
        timed("render", lambda: render_html(result, Path(tmp) / "graph.html"), step_limit, out["steps"])

        def report() -> Any:
            pages = chain_pages(result, lang="zh")
            return write_report(result, Path(tmp) / "report", graphs=pages)

        timed("report", report, step_limit, out["steps"])
    out["peak_rss_mb"] = rss_mb()
    return out


def run_worker(spec: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run :func:`worker` in a new Python process (so that its peak memory is its own)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
    try:
        done = subprocess.run([sys.executable, __file__, "--worker", handle.name], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {timeout:.0f} s"}
    finally:
        os.unlink(handle.name)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout)


# --- the command line, as users run it ----------------------------------------------------------------------


def run_cli(args: list[str], timeout: float, env: dict[str, str] | None = None,
            command: list[str] | None = None) -> dict[str, Any]:
    """Run ``chaingraph ARGS`` (or *command*) in a new process, with *env* added to the environment:
    wall time, exit code and that process's peak memory."""
    command = command or [sys.executable, "-m", "chaingraph", *args]
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env={**os.environ, **(env or {})}) as process:
        deadline_at = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline_at:
                process.kill()
                os.wait4(process.pid, 0)
                return {"seconds": None, "limit": timeout}
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        error = process.stderr.read().decode("utf-8", "replace").strip() if process.stderr else ""
    if process.returncode != 0:
        return {"seconds": seconds, "error": error.splitlines()[-1] if error else f"exit {process.returncode}"}
    return {"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024}


def gaps_args(region: str, chain: str) -> list[str]:
    return ["gaps", "--region", region, "--chain", chain, "--format", "json"]


#: pyoxigraph alone, the baseline of ``chaingraph load``: bulk load a file into a new store (and compact it)
BARE_LOAD = """import sys, pyoxigraph as ox
store = ox.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_TRIPLES)
store.flush()
if sys.argv[3] == "compact":
    store.optimize()
"""


def persistent(triples: int, data_dir: Path, reference: int | None, timeout: float) -> dict[str, Any]:
    """Loading into a persistent store (bare pyoxigraph and ``chaingraph load``, with and without
    compaction), then ``chaingraph gaps`` on it for the busiest district and for the district closest in
    size to *reference* companies: the first run (nothing kept yet), again with the answers kept by the
    result cache, and with the cache turned off (medians of 3)."""
    path, meta = dataset(triples, data_dir)
    sizes = meta["district_companies"]
    reference = reference or meta["top_district_companies"]
    regions = list(dict.fromkeys([meta["top_district"], min(sizes, key=lambda d: (abs(sizes[d] - reference), d))]))
    folder = Path(tempfile.mkdtemp(prefix="chaingraph-bench-", dir=data_dir))
    store, cache = folder / "store", {"CHAINGRAPH_CACHE_DIR": str(folder / "cache")}
    entry: dict[str, Any] = {"label": label(triples), "triples": meta["triples"], "loads": {}, "gaps": []}
    try:
        print(f"{label(triples)}: persistent store …", file=sys.stderr, flush=True)
        for name, command in [
                ("bare bulk_load", [sys.executable, "-c", BARE_LOAD, str(store), str(path), "plain"]),
                ("chaingraph load --no-compact", [sys.executable, "-m", "chaingraph", "load", "--no-compact",
                                                  "--store", f"oxigraph:{store}", str(path)]),
                ("bare bulk_load + optimize", [sys.executable, "-c", BARE_LOAD, str(store), str(path), "compact"]),
                ("chaingraph load", [sys.executable, "-m", "chaingraph", "load", "--store", f"oxigraph:{store}",
                                     str(path)])]:
            shutil.rmtree(store, ignore_errors=True)
            entry["loads"][name] = run_cli([], timeout * 4, command=command)
        for region in regions:
            args = [*gaps_args(region, meta["chain_ids"][0]), "--store", f"oxigraph:{store}"]
            shutil.rmtree(folder / "cache", ignore_errors=True)
            entry["gaps"].append({
                "region": region, "companies": sizes[region], "first": run_cli(args, timeout, cache),
                "cached": [run_cli(args, timeout, cache) for _ in range(3)],
                "uncached": [run_cli(args, timeout, {**cache, "CHAINGRAPH_CACHE": "off"}) for _ in range(3)]})
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return entry


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    if all(r.get("seconds") is not None and not r.get("error") for r in runs):
        return {"seconds": statistics.median(r["seconds"] for r in runs),
                "rss_mb": max(r.get("rss_mb", 0) for r in runs)}
    return next(r for r in runs if r.get("seconds") is None or r.get("error"))


# --- reporting ---------------------------------------------------------------------------------------------------


def seconds(entry: dict[str, Any] | None) -> str:
    if not entry:
        return "–"
    if entry.get("error"):
        return "error"
    if entry.get("seconds") is None:
        return f"> {entry['limit']:.0f} s"
    value = entry["seconds"]
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def ratio(base: dict[str, Any] | None, other: dict[str, Any] | None) -> str:
    """How many times faster *other* is than *base* (memory ÷ oxigraph)."""
    if not base or not other or other.get("seconds") is None:
        return "–"
    if base.get("seconds") is None:
        return f"> {base['limit'] / max(other['seconds'], 1e-4):.0f}×"
    return f"{base['seconds'] / max(other['seconds'], 1e-4):.1f}×"


def _compared(sizes: list[dict[str, Any]], label: str, kind: str, key: str) -> str:
    """A table row: *key* of *kind* (``steps`` or ``queries``) on both stores at every size, and the ratio."""
    cells = []
    for size in sizes:
        memory, oxigraph = (size["stores"][s].get(kind, {}).get(key) for s in STORES)
        cells += [seconds(memory), seconds(oxigraph), ratio(memory, oxigraph)]
    return f"| {label} | " + " | ".join(cells) + " |"


def markdown(results: dict[str, Any]) -> str:
    lines = [f"Code `{results['code']}`, {results['machine']}, started {results['started']}, "
             f"load average {results['load_before']} → {results['load_after']}.", ""]
    sizes = results["sizes"]
    lines += ["### Datasets", "", "| size | triples | companies | chains × links | busiest district (companies) |",
              "|---|---|---|---|---|"]
    for size in sizes:
        meta = size["meta"]
        lines.append(f"| {size['label']} | {meta['triples']:,} | {meta['companies']:,} | "
                     f"{meta['chains']} × {meta['links'] // meta['chains']} | {meta['top_district']} "
                     f"({meta['top_district_companies']:,}) |")
    header = "| step | " + " | ".join(f"{s['label']} memory | {s['label']} oxigraph | {s['label']} ×"
                                        for s in sizes) + " |"
    rule = "|---|" + "---|---|---|" * len(sizes)
    lines += ["", "### Steps (in one process per store; × = memory time ÷ oxigraph time)", "", header, rule]
    steps = ["load", "gaps (cold)", "gaps (again)", "render", "report"]
    lines += [_compared(sizes, step, "steps", step) for step in steps]
    cells = []
    for size in sizes:
        raw = size.get("pyoxigraph", {})
        loaded = size["stores"]["oxigraph"].get("steps", {}).get("load")
        bare = {"seconds": raw["load"]} if raw.get("load") else None
        cells += ["", seconds(bare), f"load ÷ bare: {loaded['seconds'] / raw['load']:.2f}"
                  if bare and loaded and loaded.get("seconds") else "–"]
    lines.append("| bare `pyoxigraph` load | " + " | ".join(cells) + " |")
    cells = []
    for size in sizes:
        memory, oxigraph = (size["stores"][s] for s in STORES)
        cells += [f"{memory.get('peak_rss_mb', memory.get('steps', {}).get('load', {}).get('rss_mb', 0)):,.0f} MB",
                  f"{oxigraph.get('peak_rss_mb', 0):,.0f} MB", ""]
    lines.append("| peak memory | " + " | ".join(cells) + " |")

    lines += ["", "### Named queries (median of the repeats; the first run when it took 5 s or more)", "",
              header.replace("| step |", "| query |"), rule]
    names = sorted({q for size in sizes for s in STORES for q in size["stores"][s].get("queries", {})})
    lines += [_compared(sizes, f"`{name}`", "queries", name) for name in names]

    lines += ["", "### The command line, a new process each time", "",
              "| command | size | memory | oxigraph | × | peak memory (memory / oxigraph) |",
              "|---|---|---|---|---|---|"]
    for size in sizes:
        memory, oxigraph = size["cli"].get("memory"), size["cli"].get("oxigraph")
        lines.append(f"| `chaingraph gaps --graph FILE` (cold start) | {size['label']} | {seconds(memory)} | "
                     f"{seconds(oxigraph)} | {ratio(memory, oxigraph)} | "
                     f"{(memory or {}).get('rss_mb', 0):,.0f} / {(oxigraph or {}).get('rss_mb', 0):,.0f} MB |")
    if results["persistent"]:
        lines += ["", "### The persistent store, a new process each time", "",
                  "| command | size | time | peak memory | ratio |", "|---|---|---|---|---|"]
    baselines = {"chaingraph load --no-compact": "bare bulk_load", "chaingraph load": "bare bulk_load + optimize"}
    for entry in results["persistent"]:
        for name, run in entry["loads"].items():
            base = entry["loads"].get(baselines.get(name, ""))
            versus = (f"{run['seconds'] / base['seconds']:.2f}× {baselines[name]}"
                      if base and base.get("seconds") and run.get("seconds") else "")
            shown = f"`{name}`" if name.startswith("chaingraph") else name.replace("bare ", "bare pyoxigraph ")
            lines.append(f"| {shown} | {entry['label']} | {seconds(run)} | {run.get('rss_mb', 0):,.0f} MB | "
                         f"{versus} |")
        for gaps in entry["gaps"]:
            what = f"`chaingraph gaps --store oxigraph:DIR`, {gaps['region']} ({gaps['companies']:,} companies)"
            for name, run in [("first run", gaps["first"]), ("again: answers kept (median of 3)",
                                                            _median(gaps["cached"])),
                              ("`CHAINGRAPH_CACHE=off` (median of 3)", _median(gaps["uncached"]))]:
                lines.append(f"| {what}: {name} | {entry['label']} | {seconds(run)} | "
                             f"{run.get('rss_mb', 0):,.0f} MB | |")
    return "\n".join(lines) + "\n"


# --- main ---------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1m", help="dataset sizes in triples (default 10k,100k,1m)")
    parser.add_argument("--persistent", default="1m,10m", help="sizes for the persistent store ('' for none)")
    parser.add_argument("--repeat", type=int, default=3, help="warm repeats of each query (default 3)")
    parser.add_argument("--query-timeout", type=float, default=60, help="limit of one query, s (default 60)")
    parser.add_argument("--step-timeout", type=float, default=900, help="limit of one step, s (default 900)")
    parser.add_argument("--data-dir", default=str(HERE / "data"), help="where datasets are generated and reused")
    parser.add_argument("--json", help="write the results as JSON to this file")
    parser.add_argument("--markdown", help="write the tables to this file too")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        spec = json.loads(Path(args.worker).read_text(encoding="utf-8"))
        print(json.dumps(worker(spec)))
        return 0

    data_dir = Path(args.data_dir)
    results: dict[str, Any] = {
        "code": code_fingerprint(), "started": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        "load_before": " ".join(f"{x:.1f}" for x in os.getloadavg()), "sizes": [], "persistent": []}
    budget = args.step_timeout * 6 + args.query_timeout * 40
    for text in filter(None, args.sizes.split(",")):
        triples = parse_size(text)
        path, meta = dataset(triples, data_dir)
        spec = {"data": str(path), "region": meta["top_district"], "chain": meta["chain_ids"][0],
                "link": f"{meta['chain_ids'][0].upper()}L0001", "company": "cgd:org-s000001",
                "repeat": args.repeat, "query_timeout": args.query_timeout, "step_timeout": args.step_timeout}
        entry: dict[str, Any] = {"label": label(triples), "meta": meta, "stores": {}, "cli": {}}
        for store in STORES:
            print(f"{entry['label']}: {store} …", file=sys.stderr, flush=True)
            entry["stores"][store] = run_worker({**spec, "store": store}, budget)
        entry["pyoxigraph"] = run_worker({**spec, "store": "pyoxigraph"}, args.step_timeout)
        for store in STORES:
            print(f"{entry['label']}: chaingraph gaps --store {store} …", file=sys.stderr, flush=True)
            entry["cli"][store] = run_cli([*gaps_args(spec["region"], spec["chain"]), "--store", store,
                                           "--graph", str(path)], args.step_timeout * 2)
        results["sizes"].append(entry)
    reference = None  # the busiest district of the first persistent size: compared at every size
    for text in filter(None, args.persistent.split(",")):
        entry = persistent(parse_size(text), data_dir, reference, args.step_timeout)
        reference = reference or entry["gaps"][0]["companies"]
        results["persistent"].append(entry)
    results["load_after"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    text = markdown(results)
    print(text)
    if args.markdown:
        Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
        Path(args.markdown).write_text(text, encoding="utf-8")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
