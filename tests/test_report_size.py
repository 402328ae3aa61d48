"""A report over many chains holds the graph library once (issue 17): over 30 chains of generated data
(benchmarks/generate.py), the HTML report with its interactive graphs stays under 3 MB plus the graphs' own
data, and each chain's frame adds little beyond its data.

Before the graphs shared their scripts, a report over 31 chains of real data was 27 MB: one frame per chain,
each repeating the ~468 KB of vis-network.
"""

from __future__ import annotations

import html
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from chaingraph.gaps import GapAnalysis, analyze
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.output.render import chain_pages, graph_assets
from chaingraph.output.reports import write_report

from .conftest import ROOT

CHAINS = 30
#: the bound of docs/reports.md: the report beside its graphs' data
BOUND = 3_000_000
#: what a chain's frame may hold beyond its data (the page's markup and its loader)
FRAME_OVERHEAD = 10_000
DATA = re.compile(r'<script type="application/json" id="cg-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> GapAnalysis:
    spec = importlib.util.spec_from_file_location("_chaingraph_bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = gen  # dataclasses look their module up while the class is built
    spec.loader.exec_module(gen)
    path = tmp_path_factory.mktemp("many-chains") / "g.nt"
    counts = gen.generate(path, companies=1000, links=10, chains=CHAINS, seed=3)
    analysis = analyze(KnowledgeGraph.open([path]), region=counts.top_district)
    assert len(analysis.chains) == CHAINS
    return analysis


def test_a_report_over_30_chains_holds_the_graph_library_once(result: GapAnalysis, tmp_path: Path) -> None:
    assets = graph_assets()
    page = write_report(result, tmp_path, formats=("html",), graphs=chain_pages(result, shared=True),
                        graph_assets=assets)["html"].read_text(encoding="utf-8")
    frames = [html.unescape(f) for f in re.findall(r"srcdoc='([^']*)'", page)]
    assert len(frames) == CHAINS
    sample = assets["vis_js"][1000:1200]  # a stretch of vis-network, as the report holds it
    assert page.count(sample) == 1 and not any(sample in f for f in frames)
    data = [sum(len(d.encode()) for d in DATA.findall(f)) for f in frames]
    assert all(data)
    for frame, own in zip(frames, data, strict=True):
        assert len(frame.encode()) - own < FRAME_OVERHEAD
    size = len(page.encode())
    assert size - sum(data) < BOUND, (size, sum(data))
