"""The interactive HTML chain graph: offline, deterministic, atomic UTF-8, escaped — checked in the file and in
a real headless Chromium with networking disabled.

The browser tests need Debian's ``chromium`` (``/usr/bin/chromium``), ``fonts-noto-cjk`` and the
``zh_CN.GBK`` locale; ``.ci/run`` installs them. They never skip: a machine without them fails with the
command to run. Screenshots are kept under ``test-artifacts/`` (gitignored).
"""

from __future__ import annotations

import ast
import dataclasses
import html as htmllib
import importlib.util
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from chaingraph.cli import app
from chaingraph.gaps import GapAnalysis, analyze
from chaingraph.graphs import link_graph
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.output import render
from chaingraph.output.render import GraphView, RenderError, build_data, chain_pages, render_html, to_html

from .conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
# networking off: no DNS, every connection to a dead proxy; the profile is a fresh temporary one
# (Playwright's launch() always creates a new --user-data-dir and removes it afterwards)
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync",
                "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
                "--proxy-bypass-list=<-loopback>"]

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
HOSTILE = {
    "img": IMG,
    "script": SCRIPT,
    "svg": '"><svg onload=alert(1)>',
    "comment": "<!-- 注释 --> & 公司",
    "separators": "甲\u2028乙\u2029丙",
}
HOSTILE_TTL = f"""
@prefix cg:   <https://w3id.org/chaingraph/ns#> .
@prefix cgk:  <https://w3id.org/chaingraph/kos/> .
@prefix cgd:  <https://w3id.org/chaingraph/data/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix unit: <http://qudt.org/vocab/unit/> .

cgd:org-hostile-img a cg:Enterprise ; skos:prefLabel {json.dumps(IMG)}@zh , {json.dumps(IMG)}@en ;
    cg:locatedIn cgd:region-qijiang ; cg:status cgk:status-operating ; cg:operatesIn cgk:AL11 ;
    cg:capacity [ a cg:Quantity ; qudt:numericValue 1 ; qudt:unit unit:NUM-PER-YR ;
                  cg:statedAs {json.dumps(SCRIPT)}@zh ] .
cgd:org-hostile-script a cg:Enterprise ; skos:prefLabel {json.dumps(SCRIPT)}@zh ;
    cg:locatedIn cgd:region-qijiang ; cg:status cgk:status-operating ; cg:operatesIn cgk:AL11 , cgk:AL12 .
cgd:org-hostile-svg a cg:Enterprise ; skos:prefLabel {json.dumps(HOSTILE["svg"])}@zh ;
    cg:locatedIn cgd:region-qijiang ; cg:status cgk:status-operating ; cg:operatesIn cgk:AL12 .
cgd:org-hostile-comment a cg:Enterprise ; skos:prefLabel {json.dumps(HOSTILE["comment"])}@zh ;
    cg:locatedIn cgd:region-shenzhen ; cg:status cgk:status-operating ; cg:operatesIn cgk:AL13 .
cgd:project-hostile a cg:Project ; skos:prefLabel {json.dumps(HOSTILE["separators"])}@zh ;
    cg:locatedIn cgd:region-qijiang ; cg:status cgk:status-planned ; cg:operatesIn cgk:AL15 .
"""


# --------------------------------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def qijiang(bundled: KnowledgeGraph) -> GapAnalysis:
    return analyze(bundled, region="綦江区")


@pytest.fixture(scope="module")
def qijiang_html(qijiang: GapAnalysis, bundled: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_html(qijiang, tmp_path_factory.mktemp("render") / "qijiang.html")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[KnowledgeGraph, GapAnalysis]:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.ttl").write_text(HOSTILE_TTL, encoding="utf-8")
    kg = KnowledgeGraph.open([folder / "hostile.ttl"], with_bundled=True)
    return kg, analyze(kg, region="綦江区", chains=["aluminium"])


@pytest.fixture(scope="module")
def hostile_html(hostile: tuple[KnowledgeGraph, GapAnalysis], tmp_path_factory: pytest.TempPathFactory) -> Path:
    _, result = hostile
    return render_html(result, tmp_path_factory.mktemp("render") / "hostile.html")


def _island(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', page, flags=re.S)
    assert match, "no data island"
    return json.loads(match.group(1))


# --------------------------------------------------------------------------------------------------
# the file
# --------------------------------------------------------------------------------------------------

REMOTE = re.compile(r"""(?ix)
    \b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//    # attributes
  | @import                                                             # CSS imports, any target
  | (?<![\w$.])url\(\s*(?!["']?\s*(?:data:|\#))                          # CSS url() other than data:
""")


def test_the_file_references_no_remote_resource(qijiang_html: Path) -> None:
    page = qijiang_html.read_text(encoding="utf-8")
    found = [m.group(0) for m in REMOTE.finditer(page)]
    assert not found, found[:5]
    assert "<link" not in page and "bootstrap" not in page.lower()
    assert "sourceMappingURL" not in page
    assert "default-src 'none'" in page  # and the page forbids itself any request (Content-Security-Policy)


def test_the_picture_is_in_the_file(qijiang_html: Path, qijiang: GapAnalysis) -> None:
    page = qijiang_html.read_text(encoding="utf-8")
    data = _island(page)
    assert {link["id"] for link in data["links"]} == {link.id for chain in qijiang.chains for link in chain.links}
    assert "旗能电铝" in {a["label"]["zh"] for a in data["actors"]}
    assert ["AL07", "AL09", "material", 0, 0] in data["flows"]
    assert ["AL10", "AL24", "scrap", 1, 0] in data["flows"]          # a return flow
    assert ["AL14", "GR14", "component", 0, 1] in data["flows"]      # a cross-chain flow
    youlisen = next(a for a in data["actors"] if a["iri"].endswith("org-youlisen"))
    assert youlisen["label"] == {"zh": "重庆友利森汽车科技有限公司",
                                 "en": "Chongqing Youlisen Automotive Technology Co., Ltd."}
    assert "年产能达50万套" in " ".join(youlisen["cap"])
    assert any(s.get("quote") for s in youlisen["src"])             # the evidence quote of its link
    targets = [a for a in data["actors"] if a["role"] == "target"]
    assert {a["label"]["zh"] for a in targets} >= {"赛力斯", "长安汽车", "比亚迪"}
    assert len(re.findall(r"^<script", page, flags=re.M)) == 3 and '<html lang="zh-CN">' in page


def test_same_input_twice_gives_byte_identical_files(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    first = render_html(analyze(bundled, region="綦江区"), tmp_path / "a.html")
    second = render_html(analyze(bundled, region="綦江区"), tmp_path / "b.html")
    assert first.read_bytes() == second.read_bytes()


def test_layout_flows_left_to_right_and_stacks_chains(qijiang: GapAnalysis, bundled: KnowledgeGraph) -> None:
    data = build_data(qijiang, context=render.Context.from_result(qijiang))
    x = {link["id"]: link["x"] for link in data["links"]}
    assert x["AL01"] < x["AL07"] < x["AL09"] < x["AL16"] < x["AL24"]          # input → primary → … → recycling
    assert x["GR01"] < x["GR05"] < x["GR08"]                                   # a service link before what it serves
    bands = [c["band"] for c in data["chains"]]
    assert all(upper[3] < lower[1] for upper, lower in itertools.pairwise(bands))  # stacked, no overlap
    for link in data["links"]:
        band = next(c["band"] for c in data["chains"] if c["id"] == link["chain"])
        assert band[0] < link["x"] < band[2] and band[1] < link["y"] < band[3]
    positions = {(n["x"], n["y"]) for n in data["links"]} | {(a["x"], a["y"]) for a in data["actors"] if "x" in a}
    assert len(positions) == len(data["links"]) + sum("x" in a for a in data["actors"])  # nothing on top of another
    segments = [s["label"]["zh"] for s in data["chains"][0]["segments"]]
    assert segments == ["原铝", "铝基材", "终端产品/轻量化产品", "循环再生"]


def test_written_atomically_and_only_to_the_given_path(qijiang: GapAnalysis, bundled: KnowledgeGraph,
                                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cwd, out = tmp_path / "cwd", tmp_path / "out"
    cwd.mkdir()
    out.mkdir()
    monkeypatch.chdir(cwd)
    target = out / "graph.html"
    target.write_text("old", encoding="utf-8")
    render_html(qijiang, target)
    assert list(cwd.iterdir()) == []                     # pyvis would have copied lib/ into the current folder
    assert [p.name for p in out.iterdir()] == ["graph.html"]
    assert target.read_bytes().startswith(b"<!DOCTYPE html>")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    before = target.read_bytes()
    with pytest.raises(OSError, match="disk full"):
        render_html(qijiang, target, lang="en")
    assert target.read_bytes() == before                 # the old file, whole
    assert [p.name for p in out.iterdir()] == ["graph.html"]  # and no temporary file left behind


def test_a_missing_folder_is_an_error_not_created(qijiang: GapAnalysis, bundled: KnowledgeGraph,
                                                  tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="does not exist"):
        render_html(qijiang, tmp_path / "nowhere" / "g.html")
    assert not (tmp_path / "nowhere").exists()


def _gbk_locale() -> str:
    names = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout.split()
    found = next((n for n in names if n.lower() in ("zh_cn.gbk", "zh_cn.gb18030")), None)
    if found is None:
        pytest.fail("the zh_CN.GBK locale is missing: run .ci/run, or `localedef -i zh_CN -f GBK zh_CN.GBK` "
                    "(Debian: apt-get install locales)")
    return found


def test_written_in_utf8_under_a_gbk_locale(tmp_path: Path) -> None:
    locale_name = _gbk_locale()
    out = tmp_path / "gbk.html"
    code = (
        "import locale, sys\n"
        "assert locale.getpreferredencoding(False).upper() in ('GBK', 'GB18030'), locale.getpreferredencoding(False)\n"
        "from chaingraph.cli import main\n"
        "sys.argv = ['chaingraph', 'render', '--region', 'qijiang', '--chain', 'copper', '--out', sys.argv[1]]\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LANG", "LANGUAGE")}
    env.update(LC_ALL=locale_name, PYTHONUTF8="0", PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, env=env, timeout=300,
                          cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr.decode("gbk", errors="replace")
    text = out.read_bytes().decode("utf-8")               # strict: raises on anything not UTF-8
    assert '<meta charset="utf-8">' in text and "再生铜及铜加工产业链" in text and "©" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gbk.html"]


def test_hostile_names_are_escaped_in_the_file(hostile_html: Path) -> None:
    page = hostile_html.read_text(encoding="utf-8")
    for name in HOSTILE.values():
        assert name not in page
    assert "<img" not in page and "<svg onload" not in page
    assert len(re.findall(r"^<script", page, flags=re.M)) == 3 and len(re.findall(r"</script>$", page, flags=re.M)) == 3
    assert "\u2028" not in page and "\u2029" not in page
    data = _island(page)
    labels = {a["label"].get("zh") for a in data["actors"]}
    assert {IMG, SCRIPT, HOSTILE["svg"], HOSTILE["comment"], HOSTILE["separators"]} <= labels
    assert SCRIPT in " ".join(a["cap"][0] for a in data["actors"] if a["cap"])


def test_the_data_island_cannot_end_its_script_block() -> None:
    text = render.data.island_json({"a": "</script><!-- \u2028\u2029 & >"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"a": "</script><!-- \u2028\u2029 & >"}


def test_missing_pyvis_names_the_extra(qijiang: GapAnalysis, monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "pyvis" else real(name))
    with pytest.raises(RenderError, match=re.escape("pip install 'chaingraph[render]'")):
        to_html(qijiang)


def test_companies_fold_above_the_threshold(qijiang: GapAnalysis, bundled: KnowledgeGraph) -> None:
    context = render.Context.from_result(qijiang)
    shown = build_data(qijiang, context=context)
    assert not shown["folded"] and any("x" in a for a in shown["actors"])
    folded = build_data(qijiang, context=context, max_companies=5)
    assert folded["folded"] and not any("x" in a for a in folded["actors"])
    al16 = next(link for link in folded["links"] if link["id"] == "AL16")
    assert al16["folded"] and al16["shown"] == [] and "fold_y" in al16
    none = build_data(qijiang, context=context, companies=False)
    assert all(not link["shown"] and not link["folded"] for link in none["links"])
    assert none["actors"]  # the names stay in the side panel


def test_the_result_carries_the_flows_between_its_links(qijiang: GapAnalysis, bundled: KnowledgeGraph) -> None:
    # every flow of the link graph between analysed links, cross-chain ones included, and nothing else
    graph = link_graph(bundled)
    expected = sorted((u, v, d["kind"], int(d["is_return"]), int(d["cross_chain"]))
                      for u, v, d in graph.edges(data=True))
    drawn = _island(to_html(qijiang, companies=False))["flows"]
    assert sorted(map(tuple, drawn)) == expected
    assert any(cross for *_, cross in drawn), "the bundled chains have cross-chain flows"
    copper = analyze(bundled, region="綦江区", chains=["copper"])
    assert all(u.startswith("CU") and v.startswith("CU") for u, v, *_ in copper.flows)


def test_without_evidence_the_picture_has_no_sources_and_says_nothing_false(qijiang: GapAnalysis) -> None:
    # the result alone draws the picture: the store is never read again
    page = _island(to_html(dataclasses.replace(qijiang, evidence=None)))
    assert ["AL07", "AL09", "material", 0, 0] in page["flows"]
    assert all(link["src"] == [] for link in page["links"]) and all(a["src"] == [] for a in page["actors"])
    assert any(link["src"] for link in _island(to_html(qijiang))["links"])


def test_the_data_is_named_as_the_report_names_it(qijiang: GapAnalysis) -> None:
    """The side panel names the bundled data 「chaingraph 随附数据」, as the report does — not by the name of a
    folder of this machine (it said 「graph」)."""
    assert _island(to_html(qijiang))["files"] == ["chaingraph 随附数据"]
    assert _island(to_html(qijiang, lang="en"))["files"] == ["data bundled with chaingraph"]


def test_the_english_page(bundled: KnowledgeGraph) -> None:
    page = to_html(analyze(bundled, region="Qijiang", chains=["gear"], lang="en"), lang="en")
    data = _island(page)
    assert '<html lang="en">' in page and data["ui"]["legend"] == "Legend"
    assert any("Gears" in link["text"] for link in data["links"])


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The modules *path* imports, at any depth (function-local imports count); ``from package import
    module`` counts as importing the module when it is one of *modules*."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0 and node.module, f"{path.name}: a relative import"
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules)
    return found


def test_the_renderer_takes_the_result_only_and_its_modules_form_no_cycle() -> None:
    package = Path(render.__file__).parent
    allowed = ("chaingraph._version", "chaingraph._runtime", "chaingraph.errors", "chaingraph.fileio",
               "chaingraph.gaps.result", "chaingraph.words", "chaingraph.output.cjktext", "chaingraph.output.datafiles")
    modules = {"chaingraph.output.render" + ("" if p.stem == "__init__" else f".{p.stem}"): p
               for p in package.glob("*.py")}
    graph: nx.DiGraph[str] = nx.DiGraph()
    for name, path in modules.items():
        ours = {m for m in _imports(path, set(modules)) if m.split(".")[0] == "chaingraph"}
        # never the store, the knowledge graph, sparql or graphs: the picture is drawn from the result alone
        assert ours <= set(modules) | set(allowed), (path.name, sorted(ours - set(modules) - set(allowed)))
        graph.add_edges_from((name, m) for m in ours if m in modules and m != name)
    assert nx.is_directed_acyclic_graph(graph), nx.find_cycle(graph)
    assert "chaingraph.output.render" not in {m for _, m in graph.edges}  # no module imports the package


def test_graph_view_displays_inline_in_jupyter(qijiang: GapAnalysis, tmp_path: Path) -> None:
    view = GraphView(to_html(qijiang, companies=False))
    shown = view._repr_html_()
    assert shown.startswith("<iframe srcdoc=\"") and 'sandbox="allow-scripts"' in shown
    srcdoc = shown[len('<iframe srcdoc="'):shown.index('" sandbox=')]
    assert "<" not in srcdoc and '"' not in srcdoc
    assert htmllib.unescape(srcdoc) == view.html
    assert view.save(tmp_path / "v.html").read_text(encoding="utf-8") == view.html


def test_chain_pages_one_page_per_chain(qijiang: GapAnalysis, bundled: KnowledgeGraph) -> None:
    pages = chain_pages(qijiang)
    assert list(pages) == ["aluminium", "copper", "gear"]
    assert [c["id"] for c in _island(pages["copper"])["chains"]] == ["copper"]


runner = CliRunner()


def test_cli_render(tmp_path: Path) -> None:
    out = tmp_path / "copper.html"
    result = runner.invoke(app, ["render", "--region", "綦江区", "--chain", "copper", "--out", str(out),
                                 "--no-companies", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output and out.is_file()
    data = _island(out.read_text(encoding="utf-8"))
    assert data["lang"] == "en" and not data["companies"]


def test_cli_render_needs_an_output_file() -> None:
    result = runner.invoke(app, ["render", "--region", "綦江区"])
    assert result.exit_code == 2
    assert "--out" in result.output


# --------------------------------------------------------------------------------------------------
# in a real browser
# --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: run .ci/run, or `apt-get install -y chromium fonts-noto-cjk locales`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: pip install -e '.[test]' (no `playwright install` needed)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield launched
        launched.close()


class Page:
    """A page opened on a file, recording what a test must check: console errors, page errors, dialogs
    and every request that is not for the file itself."""

    def __init__(self, browser, path: Path, width: int = 1600, height: int = 1000) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "about:"))
                     else self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.chaingraph && window.chaingraph.ready === true", timeout=60_000)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def node_point(self, node_id: str) -> tuple[float, float]:
        """Where a node is on the screen (page coordinates)."""
        return tuple(self.js("""id => {
            const net = window.chaingraph.network, p = net.getPosition(id), d = net.canvasToDOM(p);
            const r = document.getElementById('cg-graph').getBoundingClientRect();
            return [r.left + d.x, r.top + d.y]; }""", node_id))

    def drawn_pixels(self) -> int:
        return self.js("""() => {
            const c = document.querySelector('#cg-graph canvas'), g = c.getContext('2d');
            const d = g.getImageData(0, 0, c.width, c.height).data; let n = 0;
            for (let i = 0; i < d.length; i += 4)
                if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) n++;
            return n; }""")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path

    def close(self) -> None:
        self.context.close()


def test_browser_draws_the_qijiang_graph_offline_without_errors(browser, qijiang_html: Path) -> None:
    page = Page(browser, qijiang_html)
    try:
        data = page.js("window.chaingraph.data")
        drawn = page.js("window.chaingraph.nodes.length")
        expected = len(data["links"]) + sum("x" in a for a in data["actors"])
        assert drawn == expected and drawn > 60
        assert page.js("window.chaingraph.edges.length") >= len(data["flows"])
        assert page.drawn_pixels() > 20_000
        assert page.js("document.querySelectorAll('#cg-chains input').length") == 3
        # filters: hide a chain, then a status
        page.page.locator("#cg-chains label", has_text="再生铜").locator("input").uncheck()
        assert page.js("window.chaingraph.nodes.get('L:CU01').hidden") is True
        page.page.locator("#cg-statuses input[data-status=missing]").uncheck()
        assert page.js("window.chaingraph.nodes.get('L:AL01').hidden") is True
        assert page.js("!!window.chaingraph.nodes.get('L:AL07').hidden") is False
        page.page.locator("#cg-statuses input[data-status=missing]").check()
        page.page.locator("#cg-chains label", has_text="再生铜").locator("input").check()
        # search by name, open the panel
        page.page.fill("#cg-search", "电池托盘")
        page.page.locator("#cg-matches li").first.wait_for()
        page.page.locator("#cg-matches li").first.dispatch_event("mousedown")
        assert "新能源汽车电池托盘/电池箱体" in page.page.inner_text("#cg-panel")
        assert "重庆友利森汽车科技有限公司" in page.page.inner_text("#cg-panel")
        # a click on a link node opens its details
        page.js("window.chaingraph.network.fit()")
        x, y = page.node_point("L:AL07")
        page.page.mouse.click(x, y)
        assert "电解铝" in page.page.inner_text("#cg-panel h2")
        page.page.dblclick("#cg-graph", position={"x": 5, "y": 5})
        page.screenshot("render-qijiang-zh.png")
        assert page.errors == [] and page.dialogs == [] and page.requests == []
    finally:
        page.close()


def test_browser_hostile_names_execute_nothing(browser, hostile_html: Path) -> None:
    page = Page(browser, hostile_html)
    try:
        assert page.drawn_pixels() > 10_000
        img = page.js("window.chaingraph.data.actors.find(a => a.iri.endsWith('org-hostile-img')).id")
        # hover: vis-network's tooltip shows the name as text
        page.js(f"window.chaingraph.network.moveTo({{position: window.chaingraph.network.getPosition('{img}'), "
                "scale: 1.5})")
        x, y = page.node_point(img)
        page.page.mouse.move(x - 40, y - 40)
        page.page.mouse.move(x, y, steps=5)
        page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
        assert IMG in page.page.text_content("div.vis-tooltip")
        # search and select every hostile name: the panel shows each as text
        for name in (IMG, SCRIPT, HOSTILE["svg"], HOSTILE["comment"]):
            page.page.fill("#cg-search", name)
            page.page.locator("#cg-matches li").first.wait_for()
            assert name in page.page.text_content("#cg-matches li")
            page.page.locator("#cg-matches li").first.dispatch_event("mousedown")
            assert page.page.text_content("#cg-panel h2") == name
        page.screenshot("render-hostile.png")
        assert page.js("document.querySelectorAll('img, svg[onload], iframe, object, embed').length") == 0
        assert page.js("document.scripts.length") == 3
        assert page.js("typeof window.__xss") == "undefined"
        assert page.dialogs == [], page.dialogs
        assert page.errors == [] and page.requests == []
    finally:
        page.close()


def test_browser_folded_companies_unfold_on_click(browser, qijiang: GapAnalysis, bundled: KnowledgeGraph,
                                                  tmp_path: Path) -> None:
    path = render_html(qijiang, tmp_path / "folded.html", max_companies=0)
    page = Page(browser, path)
    try:
        before = page.js("window.chaingraph.nodes.length")
        page.js("window.chaingraph.network.moveTo({position: window.chaingraph.network.getPosition('F:AL07'), "
                "scale: 1.5})")
        x, y = page.node_point("F:AL07")
        page.page.mouse.click(x, y)
        assert page.js("window.chaingraph.nodes.length") == before + len(
            next(link for link in qijiang.chain("aluminium").links if link.id == "AL07").local_firms)
        assert "旗能电铝" in page.page.inner_text("#cg-panel")
        page.page.mouse.click(x, y)
        assert page.js("window.chaingraph.nodes.length") == before
        assert page.errors == [] and page.dialogs == [] and page.requests == []
    finally:
        page.close()


def test_sources_are_read_for_the_drawn_entities_only(bundled: Any) -> None:
    from chaingraph.gaps.analyzer import _drawn
    from chaingraph.graphs.facts import _source_rows
    from chaingraph.graphs.reading import unordered
    from chaingraph.knowledge import KnowledgeGraph

    result = analyze(bundled, region="綦江区", chains=["aluminium"])
    drawn = _drawn(result)
    assert any("/org-" in iri for iri in drawn) and any(link.iri in drawn for link in result.chains[0].links)
    for kg in (bundled, KnowledgeGraph.open(store="oxigraph")):  # filtered in Python; bound with VALUES
        everything = [row for name in ("render-sources", "render-evidence")
                      for row in kg.select_plain(unordered(name)[0])]
        assert {row["entity"] for row in everything} > drawn & {row["entity"] for row in everything}
        some = _source_rows(kg, drawn)
        assert sorted(map(repr, some)) == sorted(repr(row) for row in everything if row["entity"] in drawn)
        assert any(row.get("link") for row in some) and any(not row.get("link") for row in some)
    assert _source_rows(KnowledgeGraph.open(store="oxigraph"), []) == []


def test_the_side_panel_carries_the_sources_of_links_and_companies(qijiang: GapAnalysis,
                                                                   bundled: KnowledgeGraph) -> None:
    from chaingraph.knowledge import KnowledgeGraph as Graph

    for kg in (bundled, Graph.open(store="oxigraph")):
        result = analyze(kg, region="綦江区")
        island = build_data(result, context=render.Context.from_result(result))
        youlisen = next(a for a in island["actors"] if a["iri"].endswith("/org-youlisen"))
        assert youlisen["src"], "the company's sources are missing"
        assert any(item.get("link") == "AL16" and item.get("quote") for item in youlisen["src"])  # the evidence
        al07 = next(link for link in island["links"] if link["id"] == "AL07")
        assert al07["src"], "the link's sources are missing"
