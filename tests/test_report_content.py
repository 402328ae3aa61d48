"""What a leader reads (issue 17): the 要报 page, the headline figures of the Qijiang article, one vocabulary,
Chinese without English fragments, and no local path in any report file.

The headline figures are those of the source article (graph/qijiang/seed.ttl, cgd:source-seed-000): the
aluminium cluster's 50 firms and 160亿元 output (2024), the 500亿级 target, the 天鑫 project with its
50亿元 investment, the 2025 targets of 330亿元 agreed and 80亿元 paid-in investment, and the designations.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from chaingraph.gaps import GapAnalysis, analyze
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.output.reports import write_report

from .conftest import ROOT

WHEN = datetime(2026, 1, 1, tzinfo=UTC)

#: each headline figure as each language says it, with its year where the article gives one
HEADLINES = {
    "zh": ["企业数", "以旗能电铝为龙头的铝产业链企业50家", "超160亿元", "年产值超160亿元", "约500亿元",
           "500亿级轻合金材料产业集群", "江西天鑫冶金装备技术有限公司", "计划总投资50亿元", "50亿元", "330亿元",
           "80亿元", "重庆市智能网联新能源汽车轻量化材料产业转移示范区", "国家级智能关键基础零部件制造创新基地",
           "市级中小企业特色产业集群"],
    "en": ["number of enterprises", "over CNY 16 bn", "about CNY 50 bn", "Jiangxi Tianxin", "CNY 5 bn", "CNY 33 bn",
           "CNY 8 bn", "年产值超160亿元", "计划总投资50亿元", "Chongqing demonstration zone",
           "National innovation base for intelligent key basic components",
           "Municipal featured SME industrial cluster"],
}
#: the figure and its year, in the figures table of the Markdown (row cells, in order)
YEAR_ROWS = {"zh": [("企业数", "50", "2024"), ("产值", "超160亿元", "2024"), ("协议引资", "330亿元", "2025"),
                    ("到位资金", "80亿元", "2025")],
             "en": [("number of enterprises", "50", "2024"), ("output value", "over CNY 16 bn", "2024"),
                    ("investment agreed", "CNY 33 bn", "2025"), ("investment paid in", "CNY 8 bn", "2025")]}

#: ASCII words a Chinese report may hold: link ids and codes, the tool's name and commands, units, formats
ALLOWED_ASCII = re.compile(r"^(?:[A-Z]{1,4}\d{2,}|chaingraph|map|UTC|JSON|HS|GB/T|[0-9./-]+)$")


_WRITTEN: dict[str, tuple[GapAnalysis, dict[str, Path]]] = {}


def _written(lang: str, bundled: KnowledgeGraph, folders: pytest.TempPathFactory
             ) -> tuple[GapAnalysis, dict[str, Path]]:
    """The Qijiang report in *lang*, every format, written once for the module."""
    if lang not in _WRITTEN:
        result = analyze(bundled, region="綦江区", lang=lang)  # type: ignore[arg-type]
        _WRITTEN[lang] = result, write_report(result, folders.mktemp(f"leader-{lang}"), generated_at=WHEN)
    return _WRITTEN[lang]


@pytest.fixture(scope="module", params=["zh", "en"])
def report(request: pytest.FixtureRequest, bundled: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[GapAnalysis, dict[str, Path]]:
    return _written(request.param, bundled, tmp_path_factory)


@pytest.fixture(scope="module")
def chinese(bundled: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> tuple[GapAnalysis, dict[str, Path]]:
    return _written("zh", bundled, tmp_path_factory)


class _Text(HTMLParser):
    """The text a reader sees in an HTML page: no script, style or attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _visible(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(parser.parts)


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_every_headline_figure_is_in_every_format(report: tuple[GapAnalysis, dict[str, Path]]) -> None:
    result, paths = report
    lang = result.parameters["lang"]
    texts = {"md": paths["md"].read_text(encoding="utf-8"), "html": _visible(paths["html"].read_text("utf-8")),
             "docx": _docx_text(paths["docx"])}
    for fmt, text in texts.items():
        for said in HEADLINES[lang]:
            assert said in text, (fmt, said)
    rows = [line.split(" | ") for line in texts["md"].splitlines() if line.startswith("| ")]
    for metric, value, year in YEAR_ROWS[lang]:
        assert any(len(r) > 3 and r[1] == metric and r[2] == value and r[3] == year for r in rows), (metric, value)


def test_the_first_page_is_the_briefing_with_its_recommendations(report: tuple[GapAnalysis, dict[str, Path]]) -> None:
    result, paths = report
    lang = result.parameters["lang"]
    md = paths["md"].read_text(encoding="utf-8")
    first = md.split("\n## ")[1]  # the first section after the title
    heads = {"zh": ("要报：主要结论与建议", "二、对策建议", "三、重点项目"),
             "en": ("Briefing: conclusions and recommendations", "2. Recommendations", "3. Key projects")}[lang]
    assert first.startswith(heads[0]) and heads[1] in first and heads[2] in first
    actions = ("【补链】", "【强链】", "【延链】") if lang == "zh" else ("[fill]", "[strengthen]", "[extend]")
    recommendations = re.findall(r"^\d\. (.*)$", first.split(heads[1])[1].split(heads[2])[0], flags=re.M)
    assert 3 <= len(recommendations) <= 5
    assert all(any(a in r.replace("\\", "") for a in actions) for r in recommendations)
    assert "天鑫" in first or "Tianxin" in first  # the key project by its investor's name


def _resolve(data: object, path: str) -> object:
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        data = data[int(part[1:-1])] if part.startswith("[") else data[part]  # type: ignore[index]
    return data


def test_every_briefing_sentence_rests_on_fields_of_the_json(report: tuple[GapAnalysis, dict[str, Path]]) -> None:
    from chaingraph.output.reports.brief import brief

    result, paths = report
    data = result.to_dict()
    page = brief(data)
    sentences = [s for chain in page["position"] for s in chain["sentences"]]
    sentences += page["region"] + page["recommendations"] + page["projects"]
    assert sentences
    for sentence in sentences:
        assert sentence["basis"], sentence["text"]
        for path in sentence["basis"]:
            assert _resolve(data, path) not in (None, [], {}, ""), (path, sentence["text"])
    page_html = paths["html"].read_text(encoding="utf-8")
    assert page_html.count("data-basis=") == len(sentences)


def test_the_briefing_claims_no_absence_the_data_cannot_back(report: tuple[GapAnalysis, dict[str, Path]]) -> None:
    from chaingraph.output.reports.brief import brief

    result, _ = report
    data = result.to_dict()
    assert all(not c["absence"]["confirmed"] for c in data["chains"])  # the bundled article surveys nothing
    text = json.dumps(brief(data), ensure_ascii=False)
    for claim in ("已核实", "确无", "硬缺口", "confirmed missing", "hard gap"):
        assert claim not in text, claim


def test_a_chain_without_figures_or_leader_gets_no_sentence_about_them(bundled: KnowledgeGraph) -> None:
    from chaingraph.output.reports.brief import brief

    data = analyze(bundled, region="綦江区", chains=["copper"]).to_dict()
    data["chains"][0]["chain_leader"]["reasons"] = []
    data["region_facts"] = {"figures": [], "designations": [], "clusters": [], "projects": []}
    page = brief(data)
    said = " ".join(s["text"] for s in page["position"][0]["sentences"])
    assert "链主" not in said and "集群" not in said and "称号" not in said
    assert page["projects"] == [] and page["region"] == []


def test_the_chinese_report_has_no_english_fragment(chinese: tuple[GapAnalysis, dict[str, Path]]) -> None:
    _, paths = chinese
    page = re.sub(r"srcdoc='[^']*'", "", paths["html"].read_text(encoding="utf-8"))
    texts = {"md": paths["md"].read_text(encoding="utf-8"), "html": html.unescape(_visible(page)),
             "docx": _docx_text(paths["docx"])}
    for fmt, text in texts.items():
        words = set(re.findall(r"[A-Za-z][A-Za-z0-9/._-]*[A-Za-z0-9]|[A-Za-z]", text))
        stray = sorted(w for w in words if not ALLOWED_ASCII.match(w))
        assert not stray, f"{fmt}: English in the Chinese report: {stray}"


def test_one_name_per_status_and_the_glossary_says_what_each_means(report: tuple[GapAnalysis, dict[str, Path]]
                                                                  ) -> None:
    from chaingraph.briefwords import glossary
    from chaingraph.words import term

    result, paths = report
    lang = result.parameters["lang"]
    md = paths["md"].read_text(encoding="utf-8")
    others = ("具备", "已成链", "(target)", "= targeted", "★ =") if lang == "zh" else ("= targeted", "★ =")
    for other in others:
        assert other not in md, other
    terms = [t for t, _ in glossary(lang)]
    for code in ("present", "weak", "planned"):
        assert term("status", code, lang) in terms
    for code in ("fill", "strengthen", "extend"):
        assert term("action", code, lang) in terms
    assert f"★ {'规划瞄准' if lang == 'zh' else 'targeted'}" in terms
    section = md.split("## 术语与状态说明" if lang == "zh" else "## Glossary of statuses and actions")[1]
    assert all(t in section for t in terms)


LOCAL = re.compile(r"file://|(?<![\w.:/])/(?:home|work|tmp|root|usr|Users|var)/|[A-Za-z]:\\\\")


def test_no_report_file_holds_a_local_path(report: tuple[GapAnalysis, dict[str, Path]]) -> None:
    _, paths = report
    for fmt, path in paths.items():
        if fmt in ("docx", "xlsx"):
            with zipfile.ZipFile(path) as book:
                text = "\n".join(book.read(n).decode("utf-8", "replace") for n in book.namelist() if n.endswith(".xml"))
        else:
            text = path.read_text(encoding="utf-8")
        assert str(ROOT) not in text and not LOCAL.search(text), (fmt, LOCAL.search(text))


def test_the_evidence_lists_sources_by_their_chinese_titles(chinese: tuple[GapAnalysis, dict[str, Path]]) -> None:
    _, paths = chinese
    md = paths["md"].read_text(encoding="utf-8")
    evidence = md.split("## 依据与证据")[1]
    assert "chaingraph 领域研究笔记" in evidence and "domain model for the Qijiang" not in evidence


def test_a_figure_that_is_no_number_is_left_out_of_the_report(tmp_path: Path) -> None:
    """INF, NaN and 1e400 are valid RDF but no quantity: the key figures leave them out as the analysis does."""
    graph = tmp_path / "graph"
    (graph).mkdir()
    (graph / "infinite.ttl").write_text("""@prefix cg: <https://w3id.org/chaingraph/ns#> .
@prefix cgd: <https://w3id.org/chaingraph/data/> . @prefix cgk: <https://w3id.org/chaingraph/kos/> .
@prefix qudt: <http://qudt.org/schema/qudt/> . @prefix unit: <http://qudt.org/vocab/unit/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
cgd:region-qijiang cg:hasIndicator [ a cg:Quantity ; qudt:numericValue "INF"^^xsd:double ; qudt:unit unit:CNY ;
    cg:measures cgk:metric-output-value ; cg:statedAs "无穷产值" ] .
""", encoding="utf-8")
    kg = KnowledgeGraph.open([graph], with_bundled=True, store="memory")
    result = analyze(kg, region="綦江区", chains=["aluminium"])
    assert "无穷产值" not in json.dumps(result.to_dict(), ensure_ascii=False)
    paths = write_report(result, tmp_path / "out", formats=("md", "json"), generated_at=WHEN)
    json.loads(paths["json"].read_text(encoding="utf-8"), parse_constant=lambda c: pytest.fail(f"{c} in the JSON"))
    assert "无穷产值" not in paths["md"].read_text(encoding="utf-8")


def test_a_report_under_a_scenario_says_so_first(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    """An assumed scenario is named before anything else a leader reads, in every format, once; the data as it
    is gets no such notice."""
    import docx

    from chaingraph.gaps.scenario import Scenario

    scenario = Scenario.parse(["+新再生铝厂@AL25=operating"])
    assumed = analyze(bundled, region="綦江区", chains=["aluminium"], scenario=scenario)
    paths = write_report(assumed, tmp_path / "assumed", formats=("md", "html", "docx"), generated_at=WHEN)
    md = paths["md"].read_text(encoding="utf-8")
    briefing = md.split("## 要报：主要结论与建议")[1].split("### 一、总体判断")[0]
    assert "本报告按假设情景分析，不是现状" in briefing and "新再生铝厂" in briefing
    page = _visible(paths["html"].read_text(encoding="utf-8"))
    assert page.index("本报告按假设情景分析") < page.index("一、总体判断")
    paragraphs = [p.text for p in docx.Document(str(paths["docx"])).paragraphs]
    notice = next(i for i, p in enumerate(paragraphs) if "本报告按假设情景分析" in p)
    assert "新再生铝厂" in paragraphs[notice] and notice < paragraphs.index("一、总体判断")
    # the key projects say what the data states, and what the scenario assumes beside it
    assert "（情景假设：在产）" not in md  # the scenario concerns no project
    copper = analyze(bundled, region="綦江区", chains=["copper"], scenario=Scenario.parse(["天鑫=operating"]))
    projects = write_report(copper, tmp_path / "copper", formats=("md",), generated_at=WHEN)["md"].read_text(
        encoding="utf-8").split("### 三、重点项目")[1]
    assert "已签约（情景假设：在产）" in projects
    from chaingraph.output.reports.brief import brief

    said = next(s for s in brief(copper.to_dict())["projects"] if "情景假设" in s["text"])
    assert "scenario.effects" in said["basis"] and _resolve(copper.to_dict(), "scenario.effects")
    # named once: the notice, not a second time under the title
    assert md.count("+新再生铝厂@AL25=operating") == 1 and page.count("+新再生铝厂@AL25=operating") == 1
    assert sum("+新再生铝厂@AL25=operating" in p for p in paragraphs) == 1
    plain = write_report(analyze(bundled, region="綦江区", chains=["aluminium"]), tmp_path / "plain",
                         formats=("md",), generated_at=WHEN)["md"].read_text(encoding="utf-8")
    assert "假设情景" not in plain
