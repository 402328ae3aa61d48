"""Benchmark: the gap analysis of one region over a generated national-scale graph, against a naive baseline.

Steps (all in one process, so the timings are comparable):

1. generate the dataset with ``benchmarks/generate.py`` (or reuse it when the file and its
   ``.meta.json`` exist under ``--data-dir``);
2. load it once with ``chaingraph.store.KnowledgeGraph.open([file])`` (the load is timed on its own;
   ``--store oxigraph`` is passed through when ``KnowledgeGraph.open`` accepts ``store=``);
3. run once cold, recording the time of every named SPARQL query (``--profile`` also runs cProfile);
4. check that chaingraph and the naive baseline (``benchmarks/naive.py``: the same statuses and 断链,
   computed by walking rdflib triples in Python loops) agree;
5. time, ``--repeat`` times and interleaved (the order alternates each round): the full
   ``chaingraph.gaps.analyzer(kg, region=…, chains=[…])``; chaingraph's status path alone
   (``link_graph`` + ``link_status`` + ``broken_links``, what the naive baseline computes); and the
   naive baseline. Medians and the median of the per-round ratios to the naive time are reported,
   with the peak RSS (``ru_maxrss``) after each step.

Usage::

    python benchmarks/bench_gaps.py --companies 10000 --links 200 --chains 5 --repeat 3
    timeout 3600 python benchmarks/bench_gaps.py --companies 100000 --links 200 --chains 5 --repeat 3

``--links`` is per chain (5 chains × 200 links = 1,000 links). The region defaults to the busiest
district of the generated data, the chain to the first chain (``c1``).
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import io
import json
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import StepTimeout, code_fingerprint, deadline, rss_mb  # noqa: E402
from generate import generate  # noqa: E402
from naive import NaiveResult, naive_gaps  # noqa: E402
from rdflib import Graph, URIRef  # noqa: E402

from chaingraph.analysis.status import link_status  # noqa: E402
from chaingraph.analysis.structure import broken_links, chain_subgraph, forward_graph  # noqa: E402
from chaingraph.gaps import analyze  # noqa: E402
from chaingraph.graphs import link_graph, unordered  # noqa: E402
from chaingraph.knowledge import KnowledgeGraph  # noqa: E402
from chaingraph.sparql.catalogue import named_queries  # noqa: E402
from chaingraph.sparql.resolve import resolve  # noqa: E402

CGD = "https://w3id.org/chaingraph/data/"
CGK = "https://w3id.org/chaingraph/kos/"

def dataset(args: argparse.Namespace) -> tuple[Path, dict[str, Any], float | None]:
    name = f"synth-{args.companies}c-{args.links}l-{args.chains}ch-s{args.seed}.nt"
    path = Path(args.data_dir) / name
    meta_path = path.with_name(path.name + ".meta.json")
    if path.exists() and meta_path.exists():
        return path, json.loads(meta_path.read_text(encoding="utf-8")), None
    start = time.perf_counter()
    generate(path, companies=args.companies, links=args.links, chains=args.chains, seed=args.seed)
    seconds = time.perf_counter() - start
    return path, json.loads(meta_path.read_text(encoding="utf-8")), seconds


def store_kwargs(store: str) -> dict[str, str] | None:
    """Keyword arguments for KnowledgeGraph.open, or None when this chaingraph cannot open that store."""
    if store == "memory":
        return {}
    if "store" in inspect.signature(KnowledgeGraph.open).parameters:
        return {"store": store}
    return None


def status_path(kg: KnowledgeGraph, region: URIRef, chain_id: str) -> tuple[dict, dict]:
    """chaingraph's own route to what the naive baseline computes: statuses and 断链 of one chain."""
    graph = link_graph(kg, region, nearest_for=[])  # the baseline computes no nearest region
    statuses = link_status(graph, 2)
    chain = chain_subgraph(graph, chain_id)
    operating = {n for n in chain if statuses[n].is_operating}
    return {n: statuses[n] for n in chain}, broken_links(forward_graph(chain), operating)


def compare(result: Any, naive: NaiveResult) -> list[str]:
    """Differences between analyze()'s chain result and the naive one (empty when they agree)."""
    ours = {link.id: (link.status, link.operating_actors, len(link.planned_projects), link.targeted)
            for link in result.links}
    problems = []
    if set(ours) != set(naive.links):
        problems.append(f"link sets differ: {sorted(set(ours) ^ set(naive.links))[:10]}")
    for lid in sorted(set(ours) & set(naive.links)):
        if ours[lid] != naive.links[lid]:
            problems.append(f"{lid}: chaingraph {ours[lid]} != naive {naive.links[lid]}")
    theirs = {k: [tuple(p) for p in v] for k, v in result.broken_links.items()}
    if theirs != naive.broken:
        problems.append(f"broken links differ: chaingraph {sorted(theirs)} != naive {sorted(naive.broken)}")
    return problems


class QueryTimer:
    """Wraps a knowledge graph's ``select`` and ``select_plain`` to add up the time spent in each named query
    (the analysis reads named queries through ``select_plain``, without their final ORDER BY)."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.names = {q.text: name for name, q in named_queries().items()}
        self.names.update({unordered(name)[0]: name for name in named_queries()})
        self.seconds: dict[str, float] = defaultdict(float)
        self.rows: dict[str, int] = defaultdict(int)
        self.calls: dict[str, int] = defaultdict(int)
        self.current: str | None = None

    def _wrap(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def timed(query: str, /, **params: Any) -> Any:
            if self.current is not None:  # select_plain calling select (the memory store): counted once
                return original(query, **params)
            name = self.names.get(query, "(inline) " + " ".join(query.split())[:60])
            self.current = name
            start = time.perf_counter()
            try:
                rows = original(query, **params)
            finally:
                self.current = None
            self.seconds[name] += time.perf_counter() - start
            self.rows[name] += len(rows)
            self.calls[name] += 1
            return rows

        return timed

    def __enter__(self) -> QueryTimer:
        self.kg.select = self._wrap(self.kg.select)  # type: ignore[method-assign]
        self.kg.select_plain = self._wrap(self.kg.select_plain)  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        del self.kg.select, self.kg.select_plain  # back to the class attributes

    def table(self) -> list[dict[str, Any]]:
        return [{"query": name, "seconds": round(self.seconds[name], 3), "rows": self.rows[name],
                 "calls": self.calls[name]} for name in sorted(self.seconds, key=self.seconds.get, reverse=True)]


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def queries_of_analyze(store: str) -> set[str]:
    """The named queries analyze() runs, learnt by running it on a tiny generated dataset."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tiny.nt"
        counts = generate(path, companies=200, links=12, chains=2, seed=1)
        kg = KnowledgeGraph.open([path], **store_kwargs(store) or {})
        with QueryTimer(kg) as queries:
            analyze(kg, region=counts.top_district, chains=[counts.chain_ids[0]])
    return {name for name in queries.seconds if not name.startswith("(inline)")}


def per_query(kg: KnowledgeGraph, region: URIRef, skip: set[str], used: set[str], timeout: float,
              only_used: bool) -> list[dict[str, Any]]:
    """Run named queries once each on their own: the region bound when the query takes one, other
    parameters at their defaults. *used* names the queries analyze() runs (marked ``*``); with
    *only_used* the others are left out."""
    rows = []
    for name, query in named_queries().items():
        if name in skip or (only_used and name not in used):
            continue
        params: dict[str, object] = {p.name: p.default for p in query.params if p.default is not None}
        if any(p.name == "region" for p in query.params):
            params["region"] = region
        label = name + (" *" if name in used else "")
        try:
            with deadline(timeout):
                seconds, found = timed(lambda query=query, params=params: kg.select(query.text, **params))
            rows.append({"query": name, "seconds": round(seconds, 3), "rows": len(found), "calls": 1,
                         "used_by_analyze": name in used})
            print(f"    {seconds:9.3f} s        {len(found):9,} rows  {label}", flush=True)
        except StepTimeout:
            rows.append({"query": name, "seconds": f"> {timeout:g}", "rows": None, "calls": 1,
                         "used_by_analyze": name in used})
            print(f"    > {timeout:g} s (stopped)          {label}", flush=True)
    return rows


def run(args: argparse.Namespace) -> dict[str, Any]:
    report: dict[str, Any] = {"machine": f"{platform.machine()}, {platform.python_implementation()} "
                                         f"{platform.python_version()}", "cpus": os.cpu_count(),
                              "when": time.strftime("%Y-%m-%d %H:%M:%S"), "code": code_fingerprint(),
                              "rss_imports_mb": round(rss_mb()), "loadavg_start": os.getloadavg()}
    path, meta, gen_seconds = dataset(args)
    report["dataset"] = {"file": str(path), "triples": meta["triples"], "companies": meta["companies"],
                         "links": meta["links"], "chains": meta["chains"], "mb": round(meta["bytes"] / 1e6, 1),
                         "generated_seconds": None if gen_seconds is None else round(gen_seconds, 2)}
    print(f"dataset {path}: {meta['triples']:,} triples, {meta['companies']:,} companies, {meta['links']:,} links"
          + (f" (generated in {gen_seconds:.1f} s)" if gen_seconds is not None else " (reused)"), flush=True)

    kwargs = store_kwargs(args.store)
    if kwargs is None:
        print(f"note: KnowledgeGraph.open() has no store= keyword here; the '{args.store}' store is skipped",
              flush=True)
        report["skipped"] = f"store={args.store} not supported by this chaingraph"
        return report
    report["store"] = args.store
    try:
        with deadline(args.step_timeout):
            load_seconds, kg = timed(lambda: KnowledgeGraph.open([path], **kwargs))
    except StepTimeout:
        report["load_seconds"] = f"> {args.step_timeout:g}"
        print(f"load ({args.store}): stopped after {args.step_timeout:g} s", flush=True)
        return report
    report["load_seconds"] = round(load_seconds, 2)
    report["rss_after_load_mb"] = round(rss_mb())
    print(f"load ({args.store}): {load_seconds:.1f} s, {meta['triples'] / load_seconds:,.0f} triples/s; "
          f"peak RSS {rss_mb():.0f} MB", flush=True)

    if args.store == "memory":
        rdf = kg.graph
        report["naive_load_seconds"] = 0.0
    else:  # the naive baseline needs an rdflib graph of its own
        naive_load, rdf = timed(lambda: Graph().parse(path, format="nt"))
        report["naive_load_seconds"] = round(naive_load, 2)
        report["rss_after_naive_load_mb"] = round(rss_mb())
        print(f"naive baseline's own rdflib load: {naive_load:.1f} s; peak RSS {rss_mb():.0f} MB", flush=True)

    region_name = args.region or meta["top_district"]
    chain_name = args.chain or meta["chain_ids"][0]
    # the generator's IRIs are known; resolve() (the names query) can be slow on a big rdflib store
    region = URIRef(CGD + "region-" + region_name) if not args.region else resolve(kg, region_name, "region")
    chain = URIRef(CGK + "chain-" + chain_name) if not args.chain else resolve(kg, chain_name, "chain")
    report["region"], report["chain"] = region_name, chain_name
    report["region_companies"] = meta["top_district_companies"] if region_name == meta["top_district"] else None

    naive_cold, naive = timed(lambda: naive_gaps(rdf, region, chain))
    report["naive_cold_seconds"] = round(naive_cold, 3)
    print(f"naive (cold): {naive_cold:.2f} s", flush=True)

    # cold run, with the time of every named query (and a cProfile of analyze() if asked)
    profiler = cProfile.Profile() if args.profile else None
    result = None
    with QueryTimer(kg) as queries:
        start = time.perf_counter()
        try:
            with deadline(args.step_timeout):
                if profiler:
                    profiler.enable()
                result = analyze(kg, region=region_name, chains=[chain_name])
        except StepTimeout:
            pass
        finally:
            if profiler:
                profiler.disable()
        cold = time.perf_counter() - start
    report["queries"] = queries.table()
    if result is None:
        report["analyze_cold_seconds"] = f"> {args.step_timeout:g}"
        report["stopped_in"] = queries.current
        print(f"analyze (cold): stopped after {args.step_timeout:g} s, in query '{queries.current}'; "
              f"finished queries:", flush=True)
    else:
        report["analyze_cold_seconds"] = round(cold, 2)
        print(f"analyze (cold): {cold:.2f} s; SPARQL {sum(queries.seconds.values()):.2f} s of it; "
              f"peak RSS {rss_mb():.0f} MB", flush=True)
    for row in queries.table():
        print(f"    {row['seconds']:9.3f} s  {row['calls']:3d}×  {row['rows']:9,} rows  {row['query']}")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        report["profile"] = out.getvalue()
        print(out.getvalue())
    if result is None or args.queries:
        skip = set() if args.queries else set(queries.seconds) - {queries.current}
        used = set(queries.seconds) if result is not None else queries_of_analyze(args.store)
        print("named queries run alone (* = used by analyze()):", flush=True)
        report["queries_alone"] = per_query(kg, region, skip, used, args.step_timeout, only_used=not args.queries)
    if result is None:
        report["rss_peak_mb"] = round(rss_mb())
        return report

    chain_result = result.chains[0]
    problems = compare(chain_result, naive)
    statuses = defaultdict(int)
    for link in chain_result.links:
        statuses[link.status] += 1
    report["result"] = {"links": len(chain_result.links), "statuses": dict(sorted(statuses.items())),
                        "broken": len(chain_result.broken_links), "agree": not problems}
    print(f"{len(chain_result.links)} links {dict(sorted(statuses.items()))}, {len(chain_result.broken_links)} broken; "
          + ("chaingraph and the naive baseline agree" if not problems else "RESULTS DIFFER"), flush=True)
    if problems:
        for problem in problems[:20]:
            print("    " + problem)
        report["problems"] = problems
        return report

    times: dict[str, list[float]] = {"analyze": [], "status_path": [], "naive": []}
    ratios: dict[str, list[float]] = {"analyze": [], "status_path": []}
    def fresh(step: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            kg.cache.clear()  # what an open graph keeps (chains, names, the region's actors): read again each round
            return step()
        return run

    steps: dict[str, Callable[[], Any]] = {
        "analyze": fresh(lambda: analyze(kg, region=region_name, chains=[chain_name])),
        "status_path": fresh(lambda: status_path(kg, region, str(chain_result.id))),
        "naive": lambda: naive_gaps(rdf, region, chain),
    }
    for round_no in range(args.repeat):
        order = list(steps) if round_no % 2 == 0 else list(reversed(steps))
        this: dict[str, float] = {}
        for name in order:
            this[name], _ = timed(steps[name])
            times[name].append(this[name])
        for name in ratios:
            ratios[name].append(this[name] / this["naive"])
        print(f"round {round_no + 1}: " + ", ".join(f"{n} {this[n]:.3f} s" for n in steps), flush=True)
    report["repeat"] = args.repeat
    if args.repeat:
        report["median_seconds"] = {n: round(statistics.median(v), 3) for n, v in times.items()}
        report["median_ratio_to_naive"] = {n: round(statistics.median(v), 1) for n, v in ratios.items()}
        med, rat = report["median_seconds"], report["median_ratio_to_naive"]
        print(f"medians over {args.repeat} rounds: analyze {med['analyze']:.2f} s ({rat['analyze']:.0f}× naive), "
              f"status path {med['status_path']:.2f} s ({rat['status_path']:.0f}× naive), "
              f"naive {med['naive']:.3f} s", flush=True)
    report["rss_peak_mb"] = round(rss_mb())
    print(f"peak RSS {report['rss_peak_mb']} MB", flush=True)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--links", type=int, default=200, help="links per chain (default 200)")
    parser.add_argument("--chains", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds after the cold run (default 3)")
    parser.add_argument("--store", default="memory", help="memory (default) or oxigraph, if chaingraph supports it")
    parser.add_argument("--region", help="region to analyse (default: the busiest district)")
    parser.add_argument("--chain", help="chain to analyse (default: the first chain)")
    parser.add_argument("--data-dir", default=str(HERE / "data"), help="where datasets are generated and reused")
    parser.add_argument("--profile", action="store_true", help="cProfile the cold analyze() run")
    parser.add_argument("--queries", action="store_true", help="also time each shipped named query alone")
    parser.add_argument("--step-timeout", type=float, default=600,
                        help="stop a step (load, one analyze, one query) after this many seconds "
                             "(default 600; 0: never)")
    parser.add_argument("--json", help="also write the report as JSON to this file")
    args = parser.parse_args(argv)
    report = run(args)
    report["loadavg_end"] = os.getloadavg()
    print(f"load average (1/5/15 min) at start {report['loadavg_start']}, at end {report['loadavg_end']} "
          f"on {os.cpu_count()} CPUs", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 1 if report.get("problems") else 0


if __name__ == "__main__":
    sys.exit(main())
