"""Benchmark: mapping a 100,000-firm company register (企业名录) to the bundled chains (chaingraph.mapping).

Steps, in one process:

1. generate the register (seeded, deterministic): firms drawn from the archetypes of the labelled test
   register (``tests/data/register/archetypes.py``: the same vocabulary, wording, places, codes and traps,
   every firm with its own name and credit code), written as UTF-8 CSV under ``--data-dir`` (reused when
   it exists);
2. open the bundled knowledge graph (timed apart);
3. ``map_register`` the register (read, check, place, suggest) and write ``companies.csv`` and the review
   file, each timed, with the peak RSS (``ru_maxrss``) after each step.

Usage::

    python benchmarks/bench_map.py                    # 100,000 firms
    python benchmarks/bench_map.py --firms 2000 --seed 2

Target (this 2-core machine): map and write 100,000 firms in under 30 s and 1 GB.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from pathlib import Path

from _common import HERE, code_fingerprint, rss_mb

REGISTER_DATA = HERE.parent / "tests" / "data" / "register"


def _makers():  # the labelled register's generator: its archetypes and helpers
    sys.path.insert(0, str(REGISTER_DATA))
    import make_register

    return make_register


def generate(path: Path, firms: int, seed: int) -> Path:
    """Write a register of *firms* firms to *path* (UTF-8 CSV), the same for the same *seed*."""
    make = _makers()
    rng = random.Random(seed)
    specs = [*make.ARCHETYPES, *make.OUTSIDERS]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(make.HEADER)
    brands = make.BRANDS
    for n in range(firms):
        spec, variant = rng.choice(specs), rng.randrange(3)
        place = rng.choice(make.PLACES)
        if len(spec) == 7:
            key, _links, names, code, making, products, trading = spec
            product_cell = products if variant != 1 else ""
        else:
            key, names, code, making = spec
            trading, product_cell = [], ""
        city = "重庆" if place[1] == "重庆市" else place[1][:2]
        name = f"{city}{brands[n % len(brands)]}{brands[(n // len(brands)) % len(brands)]}{rng.choice(names)}" \
               f"{make.SUFFIXES[n % len(make.SUFFIXES)]}"
        with_columns = n % 3 == 0
        writer.writerow([name, make.credit_code(rng, place[3]), make.status(n), rng.choice(make.LEADERS) + "某某",
                         "100万元人民币", place[0] if with_columns else "", place[1] if with_columns else "",
                         place[2] if with_columns else "", make.address(rng, place, with_city=n % 4 != 1),
                         make.code_cell(key, code, variant, n), make.scope(rng, list(making), list(trading), variant),
                         product_cell])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def run(args: argparse.Namespace) -> dict[str, float]:
    from chaingraph.knowledge import KnowledgeGraph
    from chaingraph.mapping import map_register

    data = Path(args.data_dir or tempfile.mkdtemp(prefix="bench-map-"))
    register = data / f"register-{args.firms}-{args.seed}.csv"
    started = time.perf_counter()
    if not register.exists():
        generate(register, args.firms, args.seed)
        times = {"generate the register": time.perf_counter() - started}
    else:
        times = {"reuse the register": 0.0}
    memory = {next(iter(times)): rss_mb()}
    started = time.perf_counter()
    kg = KnowledgeGraph.open()
    times["open the bundled graph"] = time.perf_counter() - started
    memory["open the bundled graph"] = rss_mb()
    started = time.perf_counter()
    result = map_register(register, kg)
    times["map_register"] = time.perf_counter() - started
    memory["map_register"] = rss_mb()
    started = time.perf_counter()
    result.write(data / "out" / "companies.csv")
    times["write companies.csv + review"] = time.perf_counter() - started
    memory["write companies.csv + review"] = rss_mb()
    mapped = sum(1 for m in result.firms if m.kept)
    size = register.stat().st_size / 1e6
    print(f"code {code_fingerprint()}, {args.firms:,} firms (seed {args.seed}), {size:.1f} MB; "
          f"{mapped:,} mapped to at least one link, {len(result.pairs()):,} firm–link suggestions")
    print("| step | seconds | peak RSS (MB) |\n|---|---:|---:|")
    for step, seconds in times.items():
        print(f"| {step} | {seconds:.2f} | {memory.get(step, rss_mb()):.0f} |")
    total = times["map_register"] + times["write companies.csv + review"]
    print(f"map and write: {total:.1f} s, peak {rss_mb():.0f} MB "
          f"({'within' if total < 30 and rss_mb() < 1024 else 'over'} the 30 s / 1 GB target)")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--firms", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", default="", help="where the register is generated and kept (default: a "
                        "new temporary folder)")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
