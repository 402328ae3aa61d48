"""The interactive graphs of the HTML report, in a real browser (issue 17): each frame gets vis-network and
the graph's script from the report, once, and draws its chain at its real size — whether every frame is in
view while the page is still being read (a tall window) or each comes into view as the reader scrolls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chaingraph.gaps import analyze
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.output.render import chain_pages, graph_assets
from chaingraph.output.reports import write_report

from .test_render import browser  # noqa: F401  (the fixture: Chromium driven by Playwright)

DRAWN = """() => {
    const c = document.querySelector('#cg-graph canvas'), g = c.getContext('2d');
    const d = g.getImageData(0, 0, c.width, c.height).data; let n = 0;
    for (let i = 0; i < d.length; i += 4)
        if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) n++;
    return [n, c.getBoundingClientRect().width, document.documentElement.clientWidth]; }"""


@pytest.fixture(scope="module")
def report(bundled: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = analyze(bundled, region="綦江区")
    return write_report(result, tmp_path_factory.mktemp("browser-report"), formats=("html",),
                        graphs=chain_pages(result, shared=True), graph_assets=graph_assets())["html"]


@pytest.mark.parametrize("height", [20_000, 900], ids=["all-in-view", "scrolled"])
def test_every_embedded_graph_draws_itself(browser: Any, report: Path, height: int) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": height}, service_workers="block")
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(report.as_uri())
        frames = page.locator("iframe.graph")
        assert frames.count() == 3
        for i in range(frames.count()):
            frames.nth(i).scroll_into_view_if_needed()
            frame = frames.nth(i).element_handle().content_frame()
            assert frame is not None
            frame.wait_for_function("window.chaingraph && window.chaingraph.ready === true", timeout=60_000)
            drawn, canvas, width = frame.evaluate(DRAWN)
            assert drawn > 2_000, (i, drawn)  # nodes and edges, not a blank canvas
            assert canvas > width * 0.5, (i, canvas, width)  # laid out at the frame's size, not a corner
        assert not errors, errors
    finally:
        context.close()
