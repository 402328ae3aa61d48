"""What a gap-analysis report says, as plain data: one dict that every format renders.

The context holds the analysis (:meth:`GapAnalysis.to_dict`), the words of the chosen language, the
evidence the findings rest on, and the metadata every report carries: parameters, data sources,
tool version and generation time. The generation time honours ``SOURCE_DATE_EPOCH`` (the
reproducible-builds convention), so two runs can be made byte-identical.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

from chaingraph import __version__
from chaingraph.analysis.reasons import Lang
from chaingraph.gaps import GapAnalysis
from chaingraph.labels import pick
from chaingraph.queries import run_query
from chaingraph.store import KnowledgeGraph

__all__ = ["WORDS", "pick", "report_context"]

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "{region}产业链缺口分析报告", "summary": "摘要", "region": "地区", "chains": "产业链",
        "coverage": "覆盖率", "status_counts": "环节状态", "broken": "断链", "open_loop": "循环未闭合",
        "leader": "链主", "none": "无", "stated": "文献指明", "computed": "计算得出", "formula": "官方表述",
        "map": "产业链图", "map_note": "按阶段从左到右排列；颜色表示本地状态，虚线为回流（废料）。",
        "interactive": "交互图（可缩放、搜索、筛选）", "coverage_chart": "覆盖率（按链段与阶段）",
        "by_segment": "按链段", "by_stage": "按阶段", "links": "环节一览", "gaps": "排序缺口与行动建议",
        "targets": "招商目标", "evidence": "依据与证据", "parameters": "参数", "sources": "数据来源",
        "generated": "生成时间", "tool": "工具版本", "id": "编号", "name": "名称", "stage": "阶段",
        "segment": "链段", "status": "状态", "local_firms": "本地主体", "capacity": "产能",
        "supply_ratio": "本地配套率", "rank": "序", "action": "行动", "score": "分数", "reasons": "理由",
        "company": "企业", "place": "所在地", "gap_links": "可填补环节", "ties": "与本地的联系",
        "source": "来源", "kind": "证据类型", "entities": "所述主体", "facts": "单条事实",
        "min_firms": "最少在产主体数", "named_only": "仅计具名主体", "yes": "是", "no": "否",
        "truncation_head": "链头缺失", "truncation_tail": "链尾缺失", "planned_projects": "在建/计划项目",
        "caveat": "本报告只反映所载数据：数据中没有某环节的企业，不等于该地区真的没有。"
                  "下表列出结论所依据的来源及证据类型（原文明确、原文隐含、外部来源、研究判断）。",
        "legend": "图例", "operating": "在产",
        "present": "具备", "weak": "弱链", "planned": "在建/计划", "missing": "缺链",
        "S": "原文明确", "S~": "原文隐含", "O": "外部来源", "J": "研究判断",
        "fill": "补链", "strengthen": "强链", "extend": "延链",
        "input": "上游投入", "primary": "初级生产", "midstream": "中游", "downstream": "下游",
        "recycling": "循环再生", "service": "服务与装备",
    },
    "en": {
        "title": "Industry-chain gap analysis: {region}", "summary": "Summary", "region": "Region",
        "chains": "Chains", "coverage": "Coverage", "status_counts": "Links by status", "broken": "Broken links",
        "open_loop": "Open recycling loop", "leader": "Chain leader", "none": "none", "stated": "stated",
        "computed": "computed", "formula": "Official formula", "map": "Chain map",
        "map_note": "Stages run left to right; colour is the local status; dashed lines are return (scrap) flows.",
        "interactive": "Interactive graph (zoom, search, filter)", "coverage_chart": "Coverage by segment and stage",
        "by_segment": "By segment", "by_stage": "By stage", "links": "Links", "gaps": "Ranked gaps and actions",
        "targets": "招商 targets", "evidence": "Evidence", "parameters": "Parameters", "sources": "Data sources",
        "generated": "Generated", "tool": "Tool", "id": "ID", "name": "Name", "stage": "Stage",
        "segment": "Segment", "status": "Status", "local_firms": "Local actors", "capacity": "Capacity",
        "supply_ratio": "Local supply", "rank": "#", "action": "Action", "score": "Score", "reasons": "Reasons",
        "company": "Company", "place": "Place", "gap_links": "Gap links", "ties": "Ties to local firms",
        "source": "Source", "kind": "Evidence", "entities": "Entities", "facts": "Single facts",
        "min_firms": "Minimum operating actors", "named_only": "Named actors only", "yes": "yes", "no": "no",
        "truncation_head": "Chain head missing", "truncation_tail": "Chain tail missing",
        "planned_projects": "Planned projects",
        "caveat": "This report shows what the data holds: no company recorded in a link is not proof that "
                  "the region has none. The table lists the sources the findings rest on and how they "
                  "support them (stated, implied, external source, judgement).",
        "legend": "Legend", "operating": "operating",
        "present": "present", "weak": "weak", "planned": "planned", "missing": "missing",
        "S": "stated", "S~": "implied", "O": "external", "J": "judgement",
        "fill": "fill (补链)", "strengthen": "strengthen (强链)", "extend": "extend (延链)",
        "input": "input", "primary": "primary", "midstream": "midstream", "downstream": "downstream",
        "recycling": "recycling", "service": "service",
    },
}


def _generated_at(when: datetime | None) -> str:
    if when is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def report_context(result: GapAnalysis, kg: KnowledgeGraph | None = None, *,
                   generated_at: datetime | None = None) -> dict[str, Any]:
    """Everything a report shows, as plain data (see the module documentation)."""
    data = result.to_dict()
    lang: Lang = data["parameters"]["lang"]
    words = WORDS[lang]
    evidence: list[dict[str, Any]] = []
    if kg is not None:
        rows = run_query(kg, "region-evidence", {"region": data["region"]["iri"]}).rows
        evidence = [{**row, "kind_label": words.get(row["evidence_kind"], row["evidence_kind"])} for row in rows]
    region = pick(data["region"]["label"], lang) or data["region"]["id"] or data["region"]["iri"]
    return {
        "lang": lang,
        "w": words,
        "title": words["title"].format(region=region),
        "region": region,
        "analysis": data,
        "evidence": evidence,
        "generated_at": _generated_at(generated_at),
        "version": __version__,
    }
