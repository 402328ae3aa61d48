"""Every word chaingraph shows a reader, in Chinese and English, in one place.

The outputs — the terminal table, the interactive graph, the reports (HTML, Markdown, XLSX) — take their
words from here, so one thing has one name everywhere: a link that is ``present`` is 「已有」 in the
table, the legend and the report alike. The terms that the ontology also names (stages, actor statuses,
flow kinds, actions, evidence kinds, how a 链主 is known) are spelt as ``ontology/kos.ttl`` labels them
(``tests/test_words.py`` checks it). The README's glossary lists the terms.

Labels of entities travel as ``{"zh": …, "en": …}`` dicts; :func:`pick` chooses one.

>>> term("status", "present", "zh"), term("status", "present", "en")
('已有', 'present')
>>> terms("action", "zh")
{'fill': '补链', 'strengthen': '强链', 'extend': '延链'}
>>> pick({"zh": "綦江区", "en": "Qijiang District"}, "en"), pick({"zh": "綦江区"}, "en"), pick(None, "zh")
('Qijiang District', '綦江区', '')
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "ACTIONS",
    "ACTOR_STATUSES",
    "BOUND_WORDS",
    "FLOW_KINDS",
    "LANGS",
    "LINK_STATUSES",
    "MAGNITUDES",
    "PIPELINE_STATUSES",
    "STAGES",
    "TERMS",
    "UNITS",
    "Lang",
    "amount",
    "graph_words",
    "mapping_words",
    "phrases",
    "pick",
    "report_words",
    "status_word",
    "term",
    "terminal_words",
    "terms",
    "whatif_words",
]

#: the output languages
Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

# --- the codes the analysis speaks in, in their documented order ----------------------------------

#: the status of a link in a region (docs/gap-analysis.md)
LINK_STATUSES = ("present", "weak", "planned", "missing")
#: the status of a company or project
ACTOR_STATUSES = ("operating", "planned", "signed", "under_construction", "closed")
#: an actor in one of these statuses is on its way, not operating yet
PIPELINE_STATUSES = frozenset({"planned", "signed", "under_construction"})
#: the stages of a chain, in flow order (services feed every stage)
STAGES = ("input", "primary", "midstream", "downstream", "recycling", "service")
FLOW_KINDS = ("material", "component", "energy", "service", "equipment", "scrap")
#: 补链 / 强链 / 延链
ACTIONS = ("fill", "strengthen", "extend")

# --- terms: code → (Chinese, English) per group ---------------------------------------------------

TERMS: dict[str, dict[str, tuple[str, str]]] = {
    "status": {"present": ("已有", "present"), "weak": ("弱链", "weak"), "planned": ("在建/计划", "planned"),
               "missing": ("缺链", "missing")},
    "status_long": {
        "present": ("已有（本地在产企业达到门槛）", "present (enough operating local firms)"),
        "weak": ("弱链（本地在产企业不足）", "weak (too few operating local firms)"),
        "planned": ("在建/计划（仅有计划或在建项目）", "planned (planned or under-construction projects only)"),
        "missing": ("缺链（数据中本地没有）", "missing (none locally in the data)")},
    # the groups below are labelled the same way in ontology/kos.ttl
    "stage": {"input": ("上游投入", "input"), "primary": ("初级生产", "primary production"),
              "midstream": ("中游", "midstream"), "downstream": ("下游", "downstream"),
              "recycling": ("循环再生", "recycling"), "service": ("服务与装备", "service")},
    "actor_status": {"operating": ("在产", "operating"), "planned": ("计划", "planned"), "signed": ("已签约", "signed"),
                     "under_construction": ("在建", "under construction"), "closed": ("关停", "closed")},
    "flow_kind": {"material": ("物料", "material"), "component": ("零部件", "component"), "energy": ("能源", "energy"),
                  "service": ("服务", "service"), "equipment": ("装备", "equipment"), "scrap": ("废料", "scrap")},
    "action": {"fill": ("补链", "fill"), "strengthen": ("强链", "strengthen"), "extend": ("延链", "extend")},
    "evidence": {"S": ("原文明确陈述", "stated"), "S~": ("原文隐含", "implied"), "O": ("外部来源", "external source"),
                 "J": ("研究判断", "judgement")},
    "leader_how": {"stated": ("文献指明", "stated"), "computed": ("计算得出", "computed")},
    "value_status": {"actual": ("实际值", "actual"), "target": ("目标值", "target"), "planned": ("计划值", "planned"),
                     "estimate": ("估计值", "estimate")},
    "bound": {"exact": ("确数", "exact"), "min": ("下限", "at least"), "max": ("上限", "at most"),
              "approx": ("约数", "approximate")},
    # not in the ontology: what the analysis says
    "absence": {"confirmed": ("已核实", "confirmed"), "unconfirmed": ("数据未覆盖", "not covered by the data")},
    "route": {"attract": ("招商引资", "attract"), "cultivate": ("本地培育", "cultivate locally"),
              "lever": ("以商招商", "through a customer"), "match": ("配套对接", "match local supply")},
    "truncation": {"head": ("链头缺失", "chain head missing"), "tail": ("链尾缺失", "chain tail missing")},
    # units of capacities (QUDT names), as an amount shows them
    "unit": {"TONNE-PER-YR": ("吨/年", "t/yr"), "NUM-PER-YR": ("件（套）/年", "units/yr"), "KiloW": ("千瓦", "kW"),
             "KiloW-HR": ("千瓦时", "kWh")},
    # the material balance of a link's product (chaingraph.analysis.balance)
    "balance": {"deficit": ("供应不足", "shortfall"), "surplus": ("供应有余", "surplus"),
                "balanced": ("供需平衡", "balanced"), "no_local_use": ("本地无下游", "no local consumer"),
                "unknown": ("数据不足", "not enough data")},
    "view": {"actual": ("现有产能", "actual capacity"), "planned": ("含计划与目标", "with plans and targets")},
}


def term(group: str, code: str, lang: Lang) -> str:
    """The word for *code* of *group* (``"status"``, ``"stage"``, ``"action"`` …) in *lang*; an unknown code is
    shown as it is."""
    entry = TERMS[group].get(code)
    return code if entry is None else entry[0 if lang == "zh" else 1]


def terms(group: str, lang: Lang) -> dict[str, str]:
    """Every code of *group* with its word in *lang*, in the documented order."""
    return {code: pair[0 if lang == "zh" else 1] for code, pair in TERMS[group].items()}


def status_word(status: str, absence: str | None, lang: Lang) -> str:
    """A link's status with what the data can say of an absence: 「缺链（数据未覆盖）」, 「缺链（已核实）」.

    >>> status_word("missing", "unconfirmed", "zh"), status_word("weak", None, "en")
    ('缺链（数据未覆盖）', 'weak')
    """
    word = term("status", status, lang)
    if not absence:
        return word
    said = term("absence", absence, lang)
    return f"{word}（{said}）" if lang == "zh" else f"{word} ({said})"


def amount(value: float, unit: str | None, lang: Lang) -> str:
    """A quantity as a reader writes it: 万 and 亿 in Chinese, thousands separators in English.

    >>> amount(525000, "TONNE-PER-YR", "zh"), amount(525000, "TONNE-PER-YR", "en"), amount(1.2e8, None, "zh")
    ('52.5万吨/年', '525,000 t/yr', '1.2亿')
    """
    word = term("unit", unit, lang) if unit else ""
    if lang == "zh":
        for size, name in ((1e8, "亿"), (1e4, "万")):
            if abs(value) >= size:
                return f"{value / size:.4g}{name}{word}"
        return f"{value:.4g}{word}"
    number = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{number} {word}".strip()


def pick(label: dict[str, str] | str | None, lang: str) -> str:
    """The label in *lang*, else Chinese (every entity has one: the shapes require it), else English; a
    plain string is returned as it is."""
    if isinstance(label, str) or label is None:
        return label or ""
    return label.get(lang) or label.get("zh") or label.get("en") or ""


# --- phrases: the outputs' own words, key → (Chinese, English) ------------------------------------

#: words every output uses for the same things
_COMMON: dict[str, tuple[str, str]] = {
    "chains": ("产业链", "chains"), "chain": ("产业链", "chain"), "region": ("地区", "region"),
    "coverage": ("覆盖率", "coverage"), "leader": ("链主", "chain leader"), "none": ("无", "none"),
    "broken": ("断链", "broken link"), "formula": ("官方表述", "official formula"), "segment": ("链段", "segment"),
    "stage": ("阶段", "stage"), "status": ("状态", "status"), "action": ("行动", "action"), "score": ("分数", "score"),
    "rank": ("排名", "rank"), "id": ("编号", "id"), "name": ("名称", "name"), "reasons": ("理由", "reasons"),
    "company": ("企业", "company"), "place": ("所在地", "place"), "gap_links": ("缺口环节", "gap links"),
    "targets": ("招商目标", "招商 targets"), "operating": ("在产", "operating"), "yes": ("是", "yes"),
    "no": ("否", "no"),
    "supply_ratio": ("本地配套率", "local supply ratio"), "capacity": ("产能", "capacity"),
    "local_firms": ("本地在产主体", "operating local actors"),
    "planned_projects": ("计划/在建项目", "planned projects"),
    "open_loop": ("循环未闭合", "recycling loop open"),
    "min_firms": ("成链门槛（在产主体数）", "operating actors needed"),
    "gaps": ("排序缺口与行动（补链/强链/延链）", "Ranked gaps and actions (fill / strengthen / extend)"),
    "loops": ("循环供应", "loop of mutual supply"), "data_files": ("数据文件", "data files"),
    "tool": ("生成工具", "made with"), "targeted": ("规划瞄准", "targeted"),
}

#: units of figures (the local names of their QUDT units): (Chinese, English) unit words, and the words of
#: magnitudes a figure is said in (「160亿元」, "CNY 16 bn")
UNITS: dict[str, tuple[str, str]] = {
    "CNY": ("元", "CNY"), "TONNE-PER-YR": ("吨/年", "t/yr"), "TONNE": ("吨", "t"), "NUM-PER-YR": ("/年", "/yr"),
    "NUM": ("", ""), "PERCENT": ("%", "%"), "M2": ("平方米", "m²"), "DAY": ("天", "days"), "MilliM": ("毫米", "mm"),
    "KiloW-HR": ("千瓦时", "kWh"), "HA": ("公顷", "ha"),
}
MAGNITUDES: dict[str, tuple[tuple[float, str], ...]] = {
    "zh": ((1e8, "亿"), (1e4, "万")), "en": ((1e9, " bn"), (1e6, " m")),
}
#: how a bound is said before the number
BOUND_WORDS: dict[str, tuple[str, str]] = {"min": ("超", "over "), "max": ("不超过", "up to "),
                                           "approx": ("约", "about ")}


_TERMINAL: dict[str, tuple[str, str]] = {
    "loop": ("循环再生", "recycling loop"), "open": ("未闭合", "open"), "closed": ("已闭合", "closed"),
    "no_recycling": ("无循环环节", "no recycling links"), "segments": ("各链段", "segments"), "link": ("环节", "link"),
    "operating_total": ("在产/总数", "operating/total"), "more": ("另有{n}项（--format json 或 csv 查看全部）",
                                                             "{n} more (--format json or csv for all)"),
}

_REPORT: dict[str, tuple[str, str]] = {
    "title": ("{region}产业链缺口分析报告", "Industry-chain gap analysis: {region}"), "summary": ("摘要", "Summary"),
    "status_counts": ("环节状态", "links by status"), "map": ("产业链图", "Chain map"),
    "map_note": ("按阶段从左到右排列；颜色表示本地状态，虚线为回流（废料）；★ 表示规划瞄准的环节。",
                 "Stages run left to right; colour is the local status; dashed lines are return (scrap) flows; "
                 "★ marks a link the region's plans target."),
    "interactive": ("交互图（可缩放、搜索、筛选）", "Interactive graph (zoom, search, filter)"),
    "coverage_chart": ("覆盖率（按链段与阶段）", "Coverage by segment and stage"),
    "by_segment": ("按链段", "By segment"),
    "by_stage": ("按阶段", "By stage"), "links": ("环节一览", "Links"),
    "evidence": ("依据与证据", "Evidence"), "parameters": ("参数", "Parameters"),
    "generated": ("生成时间", "Generated"),
    "ties": ("与本地的联系", "ties to local firms"), "source": ("来源", "source"), "kind": ("证据类型", "evidence"),
    "entities": ("所述主体", "entities"), "facts": ("单条事实", "single facts"),
    "named_only": ("仅计具名主体", "named actors only"), "legend": ("图例", "Legend"),
    "caveat": ("本报告只反映所载数据：数据中没有某环节的企业，不等于该地区真的没有。"
               "下表列出结论所依据的来源及证据类型（原文明确陈述、原文隐含、外部来源、研究判断）。",
               "This report shows what the data holds: no company recorded in a link is not proof that the region "
               "has none. The table lists the sources the findings rest on and how they support them (stated, "
               "implied, external source, judgement)."),
    "absence_basis": ("{operating}个环节本地在产；{unconfirmed}个缺失未经普查核实（数据未覆盖），"
                      "{confirmed}个缺失已核实",
                      "{operating} links operate locally; {unconfirmed} absences are not confirmed (not covered by "
                      "the data), {confirmed} are confirmed"),
    "no_candidates": ("数据中没有缺口环节的外部候选企业：导入企业名录（chaingraph map）可补充",
                      "no outside candidate for the gap links in the data: a company register (chaingraph map) "
                      "would supply them"),
    "route": ("招商路径", "route"), "matches": ("配套对接（本地已有、尚未配套）", "local supply not yet matched"),
    "no_evidence": ("未读取证据（分析时未连同知识图谱读取来源）。",
                    "Evidence not read (the analysis was made without its sources)."),
}

#: the report's sections beyond the tables: the briefing page, key figures, profiles, glossary, cover
_REPORT_MORE: dict[str, tuple[str, str]] = {
    "brief": ("要报：主要结论与建议", "Briefing: conclusions and recommendations"),
    "position": ("一、总体判断", "1. Where the region stands"),
    "recommendations": ("二、对策建议", "2. Recommendations"),
    "key_projects": ("三、重点项目", "3. Key projects"),
    "scenario_notice": ("注意：本报告按假设情景分析，不是现状。", "Note: this report analyses an assumed scenario, "
                        "not the situation as it is."),
    "brief_note": ("本页每句话均由分析结果（JSON）生成；数据中没有的情况不作断言。",
                   "Each sentence on this page is generated from the analysis (JSON); nothing is claimed that the "
                   "data does not hold."),
    "figures": ("关键数字", "Key figures"), "figure_entity": ("主体", "about"), "metric": ("指标", "indicator"),
    "value": ("数值", "value"), "year": ("年份", "year"), "value_status": ("性质", "kind"),
    "stated": ("原文表述", "as stated"), "designations": ("称号", "Designations"), "level": ("级别", "level"),
    "holder": ("获得者", "held by"), "clusters": ("产业集群", "Clusters"),
    "projects": ("项目", "Projects"), "investor": ("投资方", "investor"), "date": ("日期", "date"),
    "project_status": ("项目状态", "status"), "links_of": ("涉及环节", "links"),
    "property_capacity": ("产能", "capacity"), "property_investment": ("投资", "investment"),
    "property_indicator": ("指标", "indicator"), "chart": ("实际与目标", "actual and target"),
    "profiles": ("招商目标企业档案（一企一档）", "Target profiles (one page per company)"),
    "profile_links": ("所在环节", "operates in"), "profile_capacity": ("产能", "capacity"),
    "profile_ties": ("与本地企业的联系", "ties to local firms"), "profile_gap": ("对应缺口", "gaps it answers"),
    "profile_why": ("推荐理由", "why it is recommended"), "profile_evidence": ("证据与来源", "evidence and sources"),
    "in_data": ("数据未载明", "not in the data"), "local": ("本地企业", "local firm"),
    "external": ("外部企业", "outside firm"),
    "profiles_more": ("另有{n}家目标企业未建档，见上文「招商目标」表。",
                      "{n} more targets have no profile: see the targets table."),
    "glossary": ("术语与状态说明", "Glossary of statuses and actions"), "term": ("术语", "term"),
    "meaning": ("含义", "meaning"), "item": ("要点", "item"), "detail": ("内容", "detail"),
    "setting": ("参数", "setting"), "setting_value": ("取值", "value"),
    "bundled_data": ("chaingraph 随附数据", "data bundled with chaingraph"),
    "cover_date": ("生成日期", "date"), "data_sources": ("数据来源", "data sources"), "contents": ("目录", "Contents"),
    "map_image": ("产业链图（状态着色）", "Chain map (coloured by status)"), "quote": ("原文", "quote"),
    "cited": ("引用来源（表中以[编号]标注）", "Sources cited (by [number] in the tables)"),
    "chain_id": ("产业链编号", "chain id"), "group": ("分组", "group"),
    "no_figures": ("数据中没有该地区的指标、目标或项目。",
                   "The data states no figure, target or project for the region."),
}

_GRAPH: dict[str, tuple[str, str]] = {
    "title": ("{region} · 产业链图谱", "{region} · industry chains"),
    "search": ("搜索环节或企业…", "Search links or companies…"),
    "statuses": ("环节状态", "Link status"), "companies": ("企业层", "Company layer"),
    "show_companies": ("显示企业", "Show companies"), "legend": ("图例", "Legend"),
    "help": ("点击节点查看详情 · 滚轮缩放 · 拖动平移 · 双击空白处复位 · 点击「+N」展开企业",
             "Click a node for details · scroll to zoom · drag to pan · double-click the background to reset · "
             "click “+N” to unfold"),
    "broken_legend": ("断链（上下游在本地被切断）", "broken link (断链: the local chain is cut here)"),
    "targeted_legend": ("规划瞄准的环节", "targeted by a regional plan"),
    "size": ("圆越大，本地在产企业越多", "bigger circle: more operating local firms"),
    "flow": ("{kind}流", "{kind} flow"),
    "return": ("回流（流入循环再生，虚线）", "return flow into recycling (dashed)"),
    "cross": ("跨链流（曲线，连接不同产业链）", "cross-chain flow (curved, between chains)"),
    "segment_band": ("底色块＝链段（在产/全部环节数，浅红＝整段缺链）",
                     "shaded = segment (operating/all links; pink: none operating)"),
    "firm": ("本地在产企业", "local operating company"),
    "project": ("本地计划/在建项目", "local planned / under-construction project"),
    "target": ("外部招商对象（灰色）", "outside company to approach (grey)"), "more": ("+{n} 家企业", "+{n} companies"),
    "more_hint": ("折叠的企业（点击展开/收起）", "folded companies (click to unfold / fold)"),
    "fewer": ("− 收起", "− fold"),
    "empty": ("点击图中的环节或企业查看详情。", "Click a link or a company in the graph for its details."),
    "matches": ("{n} 个结果", "{n} found"), "no_match": ("没有匹配的环节或企业", "no link or company matches"),
    "folded_note": ("企业超过 {n} 家，已折叠到各环节（点击「+N」展开）。",
                    "More than {n} companies: folded into their links (click “+N” to unfold)."),
    "unknown": ("未知", "unknown"), "broken_tag": ("【断链】", "[broken]"),
    "gap_tag": ("（整段缺链）", "(whole segment missing)"),
    "role_firm": ("本地在产企业", "local company"), "role_project": ("本地项目", "local project"),
    "role_target": ("外部招商对象", "outside company"),
}

#: the side panel's field names
_PANEL: dict[str, tuple[str, str]] = {
    "operating": _COMMON["local_firms"], "firms": _COMMON["local_firms"], "projects": _COMMON["planned_projects"],
    "supply": _COMMON["supply_ratio"], "priority": ("缺口优先级", "gap priority"),
    "betweenness": ("介数中心性", "betweenness"),
    "codes": ("编码", "codes"), "hs": ("HS 2022", "HS 2022"), "gb": ("GB/T 4754-2017", "GB/T 4754-2017"),
    "nearest": ("最近来源", "nearest source"), "sources": ("来源", "sources"), "links": ("所在环节", "links"),
    "kind": ("类别", "kind"), "role": ("角色", "role"), "quote": ("原文", "quote"), "files": _COMMON["data_files"],
    "flags": ("标记", "flags"), "gap_rank": ("第{rank}位缺口", "gap #{rank}"), "evidence": ("证据类型", "evidence"),
    "nearest_text": ("{scope}有{n}家在产主体（如{example}）", "{n} operating in {scope} (e.g. {example})"),
}


#: the evidence of a register mapping (chaingraph.mapping): why a firm is suggested for a link
_MAPPING: dict[str, tuple[str, str]] = {
    "products": ("主营产品", "main products"), "scope": ("经营范围", "business scope"),
    "code": ("行业代码{firm}与环节代码{link}一致（{depth}）",
             "industry code {firm} matches the link's {link} ({depth})"),
    "code_only": ("仅行业代码{firm}与环节代码{link}一致（{depth}；该代码对应{shared}个环节）",
                  "industry code {firm} only, matching the link's {link} ({depth}; the code matches {shared} links)"),
    "depth_4": ("4位", "4 digits"), "depth_3": ("3位", "3 digits"), "depth_2": ("2位", "2 digits"),
    "depth_1": ("门类", "section"),
    "sold": ("仅见于销售类项目「{words}」，不计为生产", "only in trading items 「{words}」, not counted as making"),
    "no_link": ("未对应到环节", "no link"),
    "no_region": ("未找到所在地区（{text}）", "region not found ({text})"),
    "no_status": ("登记状态为空，按存续处理", "no registration status: taken as operating"),
    "bad_id": ("统一社会信用代码「{id}」校验不通过", "credit code 「{id}」 fails its check"),
    "no_id": ("无统一社会信用代码", "no credit code"),
    "bad_code": ("行业代码「{code}」不是 GB/T 4754-2017 代码，未使用",
                 "industry code 「{code}」 is not a GB/T 4754-2017 code: not used"),
    "source": ("企业名录：{file}", "company register: {file}"),
}

#: what if, compared with whom, what changed: scenarios, diffs, comparisons, snapshots (chaingraph.whatif)
_WHATIF: dict[str, tuple[str, str]] = {
    "scenario": ("情景", "scenario"), "base": ("数据现状", "the data as it is"),
    # the headline of a dated analysis is assembled from the clauses that have something to say:
    # 「0个主体」 or 「0个本地主体…照常计入」 would state a count the reader has to discard
    "as_of": ("截至{year}年（仅依据注明日期的来源）：{clauses}", "As of {year} (on dated sources only): {clauses}"),
    "as_of_left": ("来源晚于该年的{things}未计入", "{things} first dated later left out"),
    "as_of_none_left": ("没有来源晚于该年的主体或产能", "nothing is first dated later"),
    "as_of_actors": ("{n}个主体", "{n} actors"), "as_of_figures": ("{n}项产能", "{n} capacity figures"),
    "as_of_and": ("、", " and "), "as_of_sep": ("；", "; "),
    "as_of_undated": ("{undated}个本地主体无注明日期的来源，照常计入",
                      "{undated} local actors with no dated source kept"),
    "as_of_actor": ("  未计入：{label}（{links}来源{dated}年）", "  left out: {label} ({links}source of {dated})"),
    "as_of_links": ("{links}，", "{links}, "),  # an actor with no link in the data: no empty place before the date
    "as_of_figure": ("  未计入产能：{label} {stated}（来源{dated}年）",
                     "  capacity left out: {label} {stated} (source of {dated})"),
    "diff_title": ("{after}（对比{before}）的变化", "What changes with {after} (against {before})"),
    "assumed": ("情景假设", "assumptions"),
    "effect_status": ("{label}：{before}→{after}", "{label}: {before} → {after}"),
    "effect_added": ("{label}：新增于{links}（{after}）", "{label}: added in {links} ({after})"),
    "effect_removed": ("{label}：移除", "{label}: removed"),
    "coverage_change": ("覆盖率 {before} → {after}", "coverage {before} → {after}"),
    "statuses": ("环节状态变化", "link status changes"), "before": ("之前", "before"), "after": ("之后", "after"),
    "broken_added": ("新增断链", "new broken links"), "broken_removed": ("断链消除", "broken links mended"),
    "head_added": ("新增链头缺失", "chain head newly missing"), "head_removed": ("链头补齐", "chain head filled"),
    "tail_added": ("新增链尾缺失", "chain tail newly missing"), "tail_removed": ("链尾补齐", "chain tail filled"),
    "gaps_new": ("新出现的缺口", "new gaps"), "gaps_closed": ("不再是缺口", "no longer gaps"),
    "gaps_moved": ("缺口排名变化", "gaps that moved"), "targets_new": ("新增招商目标", "new 招商 targets"),
    "targets_dropped": ("不再列为招商目标", "targets no longer listed"),
    "targets_moved": ("招商目标排名变化", "targets that moved"),
    "leader_change": ("链主 {before} → {after}", "chain leader {before} → {after}"),
    "loop_change": ("循环再生 {before} → {after}", "recycling loop {before} → {after}"),
    "no_change": ("无变化", "no change"),
    "rank_change": ("第{before}位（{score_before}分）→ 第{after}位（{score_after}分）",
                    "#{before} ({score_before}) → #{after} ({score_after})"),
    "only_before": ("仅在之前分析的产业链", "chains analysed before only"),
    "only_after": ("仅在之后分析的产业链", "chains analysed after only"),
    "no_local_supply": ("数据中本地无供应", "none locally in the data"),
    "balance_change": ("物料平衡 {link}（{view}）：{before} → {after}",
                       "material balance {link} ({view}): {before} → {after}"),
    # snapshots (chaingraph diff)
    "older": ("旧数据", "the older data"), "newer": ("新数据", "the newer data"),
    "not_in_data": ("数据中已无（未载明关停）", "no longer in the data (not stated closed)"),
    "no_figure": ("未载明", "not stated"),
    "firms_added": ("新增企业与项目", "firms and projects added"), "firms_closed": ("关停", "closed"),
    "firms_gone": ("数据中不再出现", "no longer in the data"),
    "projects_advanced": ("项目推进", "projects that advanced"),
    "status_changed": ("其他状态变化", "other status changes"),
    "links_changed": ("所在环节变化", "firms in other links"), "capacity_changed": ("产能变化", "capacity changes"),
    "firms_moved_out": ("迁出本地区", "moved out of the region"),
    "firms_moved_in": ("迁入本地区", "moved into the region"),
    "firms_moved": ("区内迁址", "moved within the region"), "moved_to": ("迁出至{place}", "moved to {place}"),
    "moved_from": ("迁入自{place}", "moved in from {place}"), "moved_within": ("迁至{place}", "moved to {place}"),
    "as_of_side": ("截至{year}年", "as of {year}"), "all_years": ("全部数据（不限年份）", "all the data (every year)"),
    "as_of_facts": ("关键数字：日期晚于{year}年的{left}项未列出（实际值与项目按其自身年份与来源日期中较晚者，"
                    "目标值及其他按来源日期）；{undated}项无从判断日期（来源未注明日期，实际值亦无年份），照常列出",
                    "Key figures: {left} dated after {year} not listed (an actual value or a project by the later of "
                    "its own year and its sources' dates, a target and the rest by their sources' dates); "
                    "{undated} with nothing to date them by (no dated source, nor a year for an actual value) "
                    "listed as usual"),
    "since": ("与上次相比的变化", "Since last time"),
    "since_note": ("{after}对比{before}：仅列出数据载明的变化；旧数据有、新数据已无的企业记为「数据中已无」，"
                   "不视为关停。",
                   "{after} against {before}: only the changes the data states; a firm the newer data no longer has "
                   "is \"no longer in the data\", not closed."),
    "change": ("变化", "change"), "company_or_project": ("企业或项目", "company or project"),
    "in_links": ("所在环节", "links"), "sources_of": ("来源", "sources"),
    "no_link_of_chain": ("不在本链环节中（仍在本地区数据中）", "in no link of the chain (still in the region's data)"),
    "report_data": ("本报告数据", "the report's data"),
    # comparisons (chaingraph compare)
    "not_covered": ("无本链数据（未覆盖）", "not covered: no data on the chain"), "col_status": ("状态", "status"),
    "col_firms": ("在产企业数", "operating firms"), "col_capacity": ("产能", "capacity"),
    "of_known": ("（{known}/{n}家有数据）", " ({known} of {n} state one)"),
    "compare_title": ("{chain}：地区对比", "{chain}: regions compared"),
    "comparison": ("与其他地区对比", "Compared with other regions"),
    "comparison_note": ("各地区按同一方法分析；数据未覆盖本链的地区标为「无本链数据（未覆盖）」，不视为缺链。",
                        "Each region is analysed the same way; a region whose data does not cover a chain is shown "
                        "as not covered, never as lacking."),
    "distinct": ("{region}在产、而其他有本链数据的地区数据中无在产主体的环节",
                 "operating in {region} and, in the data, in none of the other regions the data covers"),
    "distinct_none": ("无", "none"),
    "balance": ("物料平衡（本地供应与本地需求）", "material balance (local supply and local need)"),
    "balance_rest": ("另有{n}个环节的数据不足以核算本地供需",
                     "{n} more links: not enough data to balance supply and need"),
}


def phrases(table: dict[str, tuple[str, str]], lang: Lang) -> dict[str, str]:
    """A phrase table in *lang*."""
    return {key: pair[0 if lang == "zh" else 1] for key, pair in table.items()}


def terminal_words(lang: Lang) -> dict[str, str]:
    """The words of ``chaingraph gaps --format table``."""
    shared = {key: _REPORT[key] for key in ("absence_basis", "no_candidates", "route", "matches")}
    balance = {key: _WHATIF[key] for key in ("balance", "balance_rest")}
    return {**phrases(_COMMON, lang), **phrases(_TERMINAL, lang), **phrases(shared, lang), **terms("leader_how", lang),
            **terms("truncation", lang), **phrases(balance, lang),
            **{f"view_{k}": v for k, v in terms("view", lang).items()}}


def report_words(lang: Lang) -> dict[str, str]:
    """The words of the reports: phrases, and every term by its code (link statuses, stages, actions,
    evidence kinds, how a 链主 is known, chain head/tail)."""
    words = {**phrases(_COMMON, lang), **phrases(_REPORT, lang), **phrases(_REPORT_MORE, lang)}
    for group in ("status", "stage", "action", "evidence", "leader_how"):
        words.update(terms(group, lang))
    words.update({f"truncation_{code}": word for code, word in terms("truncation", lang).items()})
    return words


def graph_words(lang: Lang) -> dict[str, object]:
    """The words of the interactive graph page and its side panel."""
    page: dict[str, object] = dict(phrases(_GRAPH, lang))
    page.update(
        chains=term_of(_COMMON, "chains", lang), broken=page.pop("broken_legend"),
        targeted=page.pop("targeted_legend"), yes=term_of(_COMMON, "yes", lang),
        status=terms("status_long", lang), status_short=terms("status", lang), stages=terms("stage", lang),
        actions=terms("action", lang), truncation=terms("truncation", lang), actor_status=terms("actor_status", lang),
        evidence_kinds=terms("evidence", lang), absence=terms("absence", lang),
        kinds={k: str(page["flow"]).format(kind=w) for k, w in terms("flow_kind", lang).items()},
        roles={role: page.pop(f"role_{role}") for role in ("firm", "project", "target")},
        f={**phrases(_COMMON, lang), **phrases(_PANEL, lang)},
    )
    page.pop("flow")
    return page


def term_of(table: dict[str, tuple[str, str]], key: str, lang: Lang) -> str:
    return table[key][0 if lang == "zh" else 1]


def mapping_words(lang: Lang) -> dict[str, str]:
    """The words of the evidence a register mapping writes (chaingraph.mapping)."""
    return phrases(_MAPPING, lang)


def whatif_words(lang: Lang) -> dict[str, str]:
    """The words of scenarios, diffs, comparisons and snapshots (``gaps --diff``, ``compare``, ``diff``)."""
    return {**phrases(_COMMON, lang), **phrases(_WHATIF, lang), **terms("status", lang),
            **{f"actor_{code}": word for code, word in terms("actor_status", lang).items()},
            **{f"truncation_{code}": word for code, word in terms("truncation", lang).items()},
            "open": phrases(_TERMINAL, lang)["open"], "closed": phrases(_TERMINAL, lang)["closed"],
            **{f"view_{code}": word for code, word in terms("view", lang).items()}}
