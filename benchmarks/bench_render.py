"""Benchmark: writing the interactive HTML chain graph, and opening it in headless Chromium.

For each size N (nodes = links + companies of the input), a synthetic, deterministic
:class:`~chaingraph.gaps.GapAnalysis` is built in memory (three chains of N/20 links in all, staged
input → primary → midstream → downstream → recycling in five segments, 1–3 flows out of each link, return
flows into recycling, a few cross-chain flows; the rest of N are companies spread over the links with a skewed
distribution: 80 % local firms, 5 % planned projects, 15 % outside candidates). Then:

1. ``render_html(result, path)`` is timed (median of ``--repeat`` runs; the flows travel in the result) and the
   file size recorded;
   above :data:`chaingraph.output.render.MAX_COMPANIES` company nodes the companies are folded into one ``+N`` node per
   link (the default), so the page draws links + folded nodes only;
2. the file is opened in headless Chromium (``/usr/bin/chromium``, networking disabled) and the time until the
   page is interactive is measured: navigation start → the first frame drawn by vis-network with every handler
   installed (``window.chaingraph.readyAt``, from the page's own clock), and the wall time from ``goto`` to
   that point; then the time of one redraw after a zoom, and of unfolding the largest ``+N`` node.

``--unfolded`` adds, for each size, a run with folding switched off (``max_companies`` and
``chaingraph.output.render.data.PER_LINK`` = ∞: every company drawn), to show why folding exists.

Usage::

    python benchmarks/bench_render.py                       # 100, 1000, 5000, 20000
    python benchmarks/bench_render.py --sizes 100 1000 --unfolded --markdown
"""

from __future__ import annotations

import argparse
import itertools
import math
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
try:
    import chaingraph  # noqa: F401
except ImportError:  # running from a checkout without the package installed: use the working tree
    sys.path.insert(0, str(HERE.parent / "src"))

from chaingraph.analysis.coverage import Coverage, CoverageCell  # noqa: E402
from chaingraph.analysis.leader import Leader  # noqa: E402
from chaingraph.analysis.priority import Gap  # noqa: E402
from chaingraph.analysis.reasons import Reason  # noqa: E402
from chaingraph.analysis.structure import OpenLoop  # noqa: E402
from chaingraph.analysis.targets import Target  # noqa: E402
from chaingraph.gaps import ChainResult, GapAnalysis, LinkResult  # noqa: E402
from chaingraph.output.render import MAX_COMPANIES, render_html  # noqa: E402
from chaingraph.output.render import data as render_data  # noqa: E402

UNFOLDED = 10**9
STAGES = ["input", "primary", "midstream", "downstream", "recycling"]
STATUS_WEIGHTS = {"present": 3, "weak": 2, "planned": 1, "missing": 4}
CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9"]


def synthetic(nodes: int, chains: int = 3, seed: int = 1) -> GapAnalysis:
    """A deterministic GapAnalysis-like input of about *nodes* nodes (links + companies), its flows included
    as :func:`chaingraph.gaps.analyzer` puts them: ``(from link, to link, kind, is_return, cross_chain)``."""
    rng = random.Random(seed)
    n_links = max(4 * chains, nodes // 20)
    n_companies = max(0, nodes - n_links)
    per_chain = [n_links // chains + (1 if i < n_links % chains else 0) for i in range(chains)]
    flows: list[tuple[str, str, str, bool, bool]] = []
    all_ids: list[list[str]] = []
    stage_of: dict[str, int] = {}
    for c, size in enumerate(per_chain):
        ids = [f"C{c + 1}L{i + 1:04d}" for i in range(size)]
        all_ids.append(ids)
        for i, link in enumerate(ids):
            # 2 recycling links at the end; the others spread over the four forward stages
            stage_of[link] = 4 if i >= size - 2 else min(3, i * 4 // max(1, size - 2))
    for ids in all_ids:
        for link in ids:
            later = [v for v in ids if stage_of[link] < stage_of[v] < 4]
            for v in sorted(rng.sample(later, min(len(later), rng.randint(1, 3)))):
                flows.append((link, v, rng.choice(["material", "material", "component", "energy"]), False, False))
            if stage_of[link] == 3 and rng.random() < 0.5:
                flows.append((link, ids[-2], "scrap", True, False))
        flows.append((ids[-2], ids[-1], "material", False, False))
    for a, b in itertools.pairwise(all_ids):
        for _ in range(max(1, len(a) // 20)):
            u = rng.choice([x for x in a if stage_of[x] in (2, 3)])
            v = rng.choice([x for x in b if stage_of[x] in (1, 2, 3)])
            flows.append((u, v, "component", False, True))

    # statuses first, then companies spread Zipf-like over the links: local firms where the link operates
    # (one only where it is weak), planned projects where it is planned, outside candidates elsewhere
    links_flat = [link for ids in all_ids for link in ids]
    status_of = {link: rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0] for link in links_flat}
    weights = [1 / (r + 1) ** 0.8 for r in range(len(links_flat))]
    order = links_flat[:]
    rng.shuffle(order)
    members: dict[str, list[dict[str, Any]]] = {link: [] for link in links_flat}
    outside: dict[str, list[str]] = {link: [] for link in links_flat}
    labels: dict[str, str] = {}
    for k in range(n_companies):
        link = rng.choices(order, weights)[0]
        iri = f"https://example.org/company/{k}"
        label = f"合成企业{k:05d}有限公司" if k % 7 else f"Synthetic Company {k} Co., Ltd."
        status, have = status_of[link], len(members[link])
        if status == "present" or (status == "weak" and have == 0):
            members[link].append({"iri": iri, "label": label, "kind": "company", "status": "operating",
                                  "named": True})
        elif status == "planned" and have < 2:
            members[link].append({"iri": iri, "label": label, "kind": "project", "status": "planned",
                                  "named": True})
        else:
            outside[link].append(iri)
            labels[iri] = label

    results = []
    for c, ids in enumerate(all_ids):
        segs = [f"https://example.org/segment/{c}/{s}" for s in range(5)]
        links = []
        gaps = []
        for link in ids:
            firms = tuple(m for m in members[link] if m["kind"] == "company")
            planned = tuple(m for m in members[link] if m["kind"] == "project")
            status = "present" if len(firms) >= 2 else "weak" if firms else "planned" if planned else "missing"
            broken = status in ("missing", "planned") and rng.random() < 0.1
            targeted = rng.random() < 0.08
            reasons = (Reason("broken", (("upstream", "—"), ("downstream", "—"))),) if broken else ()
            reasons += ({"present": Reason("enough_firms", (("n", len(firms)), ("k", 2), ("names", "…"))),
                         "weak": Reason("single_firm", (("names", firms[0]["label"] if firms else ""),)),
                         "planned": Reason("planned_only", (("names", "…"),)),
                         "missing": Reason("no_local_actor")}[status],)
            score = None if status == "present" else round(rng.random() * 5 + (4 if broken else 0), 3)
            action = None if score is None else ("strengthen" if status == "weak" else "fill")
            if score is not None:
                gaps.append(Gap(link, status, action, score, reasons))
            seg = segs[min(4, stage_of[link])]
            links.append(LinkResult(
                id=link, iri=f"https://example.org/link/{link}",
                label={"zh": f"合成环节{link}", "en": f"Link {link}"}, stage=STAGES[stage_of[link]], segment=seg,
                segment_label={"zh": f"链段{seg[-1]}", "en": f"Segment {seg[-1]}"},
                status=status, operating_actors=len(firms), local_firms=firms, planned_projects=planned,
                targeted=targeted, broken=broken, cuts=(), truncation=(), local_supply=None, betweenness=0.0,
                articulation=False, priority=score, action=action, reasons=reasons, hs_codes=(), gb_codes=(),
                nearest=None))
        gaps.sort(key=lambda g: (-g.score, g.link))
        targets = tuple(Target(iri, {"zh": labels[iri]}, None, {}, (link,), 1.0, 0, None,
                               (Reason("location_unknown"),)) for link in ids for iri in outside[link])
        by_seg = [CoverageCell(seg, {"zh": f"链段{seg[-1]}"}, s, tuple(x.id for x in links if x.segment == seg),
                               sum(x.status in ("present", "weak") for x in links if x.segment == seg),
                               sum(x.segment == seg for x in links), {}) for s, seg in enumerate(segs)]
        overall = CoverageCell(None, {}, None, tuple(ids), sum(x.status in ("present", "weak") for x in links),
                               len(links), {s: sum(x.status == s for x in links) for s in STATUS_WEIGHTS})
        results.append(ChainResult(
            id=f"c{c + 1}", iri=f"https://example.org/chain/{c + 1}", label={"zh": f"合成产业链{c + 1}",
                                                                               "en": f"Chain {c + 1}"},
            formula=None, coverage=Coverage(overall, tuple(b for b in by_seg if b.total), ()), links=tuple(links),
            broken_links={}, truncation={"head": [], "tail": []},
            open_loop=OpenLoop(True, True, tuple(ids[-2:]), tuple(ids[-2:]), ()),
            chain_leader=Leader(None, {}, None, ()), single_sourced=(), articulation_links=(), gaps=tuple(gaps),
            targets=targets))
    return GapAnalysis(region={"iri": "https://example.org/region", "id": "r", "label": {"zh": "合成地区"},
                               "parent": None},
                       parameters={"chains": [c.id for c in results], "min_firms": 2, "named_only": False,
                                   "lang": "zh"},
                       chains=tuple(results), sources=(), flows=tuple(flows))


def time_write(result: GapAnalysis, path: Path, repeat: int, max_companies: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        render_html(result, path, max_companies=max_companies)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_browser(browser: Any, path: Path) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    start = time.perf_counter()
    page.goto(path.as_uri(), timeout=600_000)
    page.wait_for_function("window.chaingraph && window.chaingraph.ready === true", timeout=600_000, polling=50)
    wall = time.perf_counter() - start
    ready = page.evaluate("window.chaingraph.readyAt")
    drawn = page.evaluate("window.chaingraph.nodes.length")
    redraw = page.evaluate("""() => new Promise(done => {
        const net = window.chaingraph.network, t = performance.now();
        net.once('afterDrawing', () => done(performance.now() - t));
        net.moveTo({scale: net.getScale() * 1.5}); })""")
    unfold = page.evaluate("""() => {
        const links = window.chaingraph.data.links.filter(l => l.folded.length);
        if (!links.length) return null;
        links.sort((a, b) => b.folded.length - a.folded.length);
        const net = window.chaingraph.network, t = performance.now();
        return new Promise(done => {
            net.once('afterDrawing', () => done([performance.now() - t, links[0].folded.length]));
            window.chaingraph.toggleFold(links[0].id); }); }""")
    context.close()
    if errors:
        raise RuntimeError(f"{path.name}: errors in the page: {errors[:3]}")
    return {"wall": wall, "ready_ms": ready, "drawn": drawn, "redraw_ms": redraw,
            "unfold_ms": unfold[0] if unfold else math.nan, "unfolded": unfold[1] if unfold else 0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=3, help="write runs per size (median)")
    parser.add_argument("--unfolded", action="store_true", help="also run every size with folding off")
    parser.add_argument("--no-browser", action="store_true", help="only time the writing")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)

    runs = []
    for size in args.sizes:
        runs.append((size, MAX_COMPANIES))
        if args.unfolded:
            runs.append((size, UNFOLDED))
    rows = []
    per_link = render_data.PER_LINK
    with tempfile.TemporaryDirectory() as folder:
        browser = playwright = None
        if not args.no_browser:
            from playwright.sync_api import sync_playwright

            playwright = sync_playwright().start()
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        try:
            for size, limit in runs:
                result = synthetic(size)
                links = sum(len(c.links) for c in result.chains)
                path = Path(folder) / f"g{size}-{limit}.html"
                render_data.PER_LINK = UNFOLDED if limit == UNFOLDED else per_link  # read by build_data
                write = time_write(result, path, args.repeat, limit)
                row = {"nodes": size, "links": links, "companies": size - links, "flows": len(result.flows),
                       "folded": "no (forced)" if limit == UNFOLDED else
                       "yes" if size - links > MAX_COMPANIES else "no",
                       "write_s": write, "size_mb": path.stat().st_size / 1e6}
                if browser is not None:
                    row.update(time_browser(browser, path))
                rows.append(row)
                print(row, file=sys.stderr)
        finally:
            if browser is not None:
                browser.close()
                playwright.stop()

    print(f"# {platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
          f"max_companies={MAX_COMPANIES}")
    header = ["nodes (links + companies)", "folded", "write (s)", "file (MB)", "drawn nodes", "interactive (s)",
              "wall to interactive (s)", "redraw (ms)", "unfold largest +N (ms)"]
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
    for r in rows:
        cells = [f"{r['nodes']:,} ({r['links']:,} + {r['companies']:,})", r["folded"],
                 f"{r['write_s']:.2f}", f"{r['size_mb']:.2f}", str(r.get("drawn", "")),
                 f"{r['ready_ms'] / 1000:.2f}" if "ready_ms" in r else "",
                 f"{r['wall']:.2f}" if "wall" in r else "", f"{r['redraw_ms']:.0f}" if "redraw_ms" in r else "",
                 (f"{r['unfold_ms']:.0f} ({r['unfolded']:,})" if r.get("unfolded") else "—") if "ready_ms" in r
                 else ""]
        print(("| " + " | ".join(cells) + " |") if args.markdown else "\t".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
