"""Benchmark of scenarios and comparisons at national scale (issue 16): what a scenario and a comparison cost
against the analyses they stand for, on one generated dataset (``generate.py``) in the Oxigraph store.

* **cold analysis**: ``analyze(kg, region=<busiest district>, chains=["c1"])`` with nothing read yet;
* **scenario**: the same with ``scenario=`` (a project of the district to operating, or a firm removed) after
  it — the region is not read again (target: under 30 % of the cold analysis);
* **10 single analyses**: the ten busiest districts, each analysed with the knowledge graph's cache emptied
  first (as ten ``chaingraph gaps`` runs would, without their loads);
* **compare**: ``compare_regions`` of the same ten districts, cache emptied (target: under the ten singles).

Each is the median of ``--repeat`` runs. Usage::

    python benchmarks/bench_whatif.py --data /tmp/g1m.nt        # generated first if missing (--triples)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import HERE, code_fingerprint

from chaingraph.gaps import analyze
from chaingraph.gaps.scenario import Scenario
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.whatif.compare import compare_regions


def _timed(run: Callable[[], Any], repeat: int, before: Callable[[], None] = lambda: None) -> tuple[float, float]:
    """The medians of the wall time and of the process's CPU time of *repeat* runs (the CPU time is the
    steadier figure on a machine shared with other jobs)."""
    walls, cpus = [], []
    for _ in range(repeat):
        before()
        start, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _assumption(kg: KnowledgeGraph, region: str, chain: str) -> str:
    """A project of the district to operating, else its first operating firm removed (plain names only)."""
    result = analyze(kg, region=region, chains=[chain], evidence=False)
    links = result.chain(chain).links
    for key, text in (("planned_projects", "{}=operating"), ("local_firms", "-{}")):
        for link in links:
            for actor in getattr(link, key):
                if actor["named"] and "<" not in actor["label"] and "=" not in actor["label"]:
                    return text.format(actor["label"])
    raise SystemExit(f"no named actor in {region}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/chaingraph-bench/g1m.nt"))
    parser.add_argument("--triples", type=int, default=1_000_000, help="size to generate when --data is missing")
    parser.add_argument("--links", type=int, default=1000, help="links per chain to generate (default 1000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args(argv)
    meta_path = args.data.with_name(args.data.name + ".meta.json")
    if not meta_path.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--triples", str(args.triples),
                        "--links", str(args.links), "--chains", "5", "--out", str(args.data)], check=True)
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    chain = meta["chain_ids"][0]
    districts = sorted(meta["district_companies"], key=lambda d: (-meta["district_companies"][d], d))[:10]
    kg = KnowledgeGraph.open([args.data])
    region = districts[0]
    cold, cold_cpu = _timed(lambda: analyze(kg, region=region, chains=[chain]), args.repeat, kg.cache.clear)
    scenario = Scenario.parse([_assumption(kg, region, chain)])
    warm, warm_cpu = _timed(lambda: analyze(kg, region=region, chains=[chain], scenario=scenario), args.repeat)
    singles, singles_cpu = _timed(lambda: [(kg.cache.clear(), analyze(kg, region=d, chains=[chain]))
                                           for d in districts], args.repeat)
    compared, compared_cpu = _timed(lambda: compare_regions(kg, districts, chains=[chain]), args.repeat,
                                    kg.cache.clear)
    results = {"data": str(args.data), "triples": meta["triples"], "region": region, "chain": chain,
               "assumption": scenario.assumptions[0].text, "districts": districts,
               "cold_analysis_s": cold, "scenario_s": warm, "scenario_ratio": warm / cold,
               "ten_singles_s": singles, "compare_ten_s": compared, "compare_ratio": compared / singles,
               "cpu": {"cold_analysis_s": cold_cpu, "scenario_s": warm_cpu, "scenario_ratio": warm_cpu / cold_cpu,
                       "ten_singles_s": singles_cpu, "compare_ten_s": compared_cpu,
                       "compare_ratio": compared_cpu / singles_cpu},
               "load_average": os.getloadavg(), "code": code_fingerprint()}
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
