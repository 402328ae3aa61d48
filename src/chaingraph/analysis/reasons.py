"""Reasons: why an analysis says what it says, in words, in Chinese or English.

Every finding carries :class:`Reason` objects — a stable code (for machines and tests), the values it
was computed from, its contribution to a score where it has one, and a sentence in either language.

>>> Reason("single_firm", (("names", "友利森"),)).text("zh")
'仅1家本地在产主体：友利森'
"""

from __future__ import annotations

from dataclasses import dataclass

from chaingraph.words import Lang

__all__ = ["TEMPLATES", "Reason"]

#: code → (Chinese template, English template); fields are filled from the reason's params.
TEMPLATES: dict[str, tuple[str, str]] = {
    # link status
    "enough_firms": ("本地在产主体{n}家（不少于{k}家）：{names}", "{n} operating local actors (at least {k}): {names}"),
    "single_firm": ("仅1家本地在产主体：{names}", "only one operating local actor: {names}"),
    "few_firms": ("本地在产主体{n}家，少于{k}家：{names}", "{n} operating local actors, fewer than {k}: {names}"),
    "unnamed_only": ("本地在产主体均未具名（来源未给出企业名称）",
                     "the operating local actors are not named by the source"),
    "unnamed_not_counted": ("未具名主体{n}家未计入（仅计具名主体）",
                            "{n} unnamed actors not counted (named actors only)"),
    "pipeline_capacity": ("另有尚未投产的项目：{names}", "more capacity only planned: {names}"),
    "planned_only": ("无本地在产主体，仅有计划/签约/在建项目：{names}",
                     "no operating local actor; only planned, signed or under-construction projects: {names}"),
    "no_local_actor": ("数据中本地无该环节的企业或项目", "no local company or project in the data"),
    "capped": ("产能受国家总量控制（产能置换），不以企业家数论强弱",
               "capacity capped nationally (capacity swaps): the number of firms does not make it weak"),
    "demand_unknown": ("有产能数据，但缺少下游用量数据，强弱仍按企业家数判断",
                       "capacity known, but no downstream demand in the data: the number of firms decides"),
    "counted_group": ("按来源计数：{stated}", "counted as the source states: {stated}"),
    "closed_actors": ("本地有{n}家主体已关停", "{n} local actors have closed"),
    "target_figure": ("目标/计划：{figures}", "target or plan: {figures}"),
    "targeted": ("地区规划瞄准该环节：{plans}", "the region's plans target it: {plans}"),
    # structure
    "broken": ("断链：本地上游{upstream}与下游{downstream}之间仅经由非在产环节相连",
               "broken link (断链): local upstream {upstream} reaches local downstream {downstream} only through "
               "links with no operating actor"),
    "head_missing": ("链头缺失：其上游无本地在产环节", "chain head missing: no operating local link upstream"),
    "tail_missing": ("链尾缺失：其下游无本地在产环节", "chain tail missing: no operating local link downstream"),
    "in_loop": ("与{ids}互为上下游（循环供应）", "supplies and is supplied by {ids} (a loop of mutual supply)"),
    # priority
    "status_missing": ("缺链：数据中本地没有该环节", "missing link (缺链): none in the region in the data"),
    "absence_confirmed": ("数据完整覆盖本地该产业链（{sources}），本地确无在产主体",
                          "the data lists every local company of the chain ({sources}): the absence is confirmed"),
    "absence_unconfirmed": ("数据未完整覆盖本地该产业链，缺失未经核实",
                            "the data does not cover the region's companies completely: the absence is not confirmed"),
    "status_planned": ("仅有计划中的项目，尚未形成产能", "only planned projects, no capacity yet"),
    "status_weak": ("弱链：本地在产主体不足", "weak link (弱链): too few operating local actors"),
    "consumers": ("本地有{n}个在产环节使用其产出：{ids}", "{n} operating local link(s) use its output: {ids}"),
    "suppliers": ("本地有{n}个在产环节可为其供料：{ids}", "{n} operating local link(s) could supply it: {ids}"),
    "segment_gap": ("所在链段「{segment}」整段无在产环节", "its whole segment 「{segment}」 has no operating link"),
    "local_shortfall": ("本地在产下游每年约需其产品{demand}，本地供应{supply}",
                        "local consumers need about {demand} a year of its product; local supply: {supply}"),
    "dependents": ("下游另有{n}个在产环节间接依赖此环节：{ids}",
                   "{n} more operating local link(s) downstream depend on it: {ids}"),
    "theme": ("属于地区称号的主攻方向：{designations}", "a theme of the region's designation: {designations}"),
    "in_formula": ("所在链段写入产业链官方表述", "its segment is named in the chain's official formula"),
    "capped_action": ("产能受总量控制：强链靠产能置换、技改或就地转化，不宜再引进同类生产企业", "capacity is capped: "
                      "strengthen by capacity swaps, upgrades or local conversion, not by another producer"),
    "hard_gap": ("上级地区{scope}也无在产主体（数据覆盖，硬缺口）", "no operating actor in {scope} either (covered by "
                 "the data: a hard gap)"),
    "parent_not_covered": ("数据未完整覆盖{scope}，不能断言上级地区没有", "the data does not cover {scope} completely: "
                           "nothing is claimed about it"),
    "soft_gap": ("{scope}有{n}家在产主体（如{example}），可就近配套",
                 "{n} operating actor(s) in {scope} (e.g. {example}): a nearby source"),
    # targets
    "in_gap": ("在缺口环节{link} {label}经营，可直接填补（缺口优先级{score}）", "operates in gap link {link} {label}: "
               "it could fill it (gap priority {score})"),
    "customer_lever": ("本地企业{names}的客户：可请其带动配套企业落户（以商招商），而非引进其整车/整机环节",
                       "a customer of local firms {names}: ask it to bring its suppliers (以商招商), not to move its "
                       "own link here"),
    "adjacent_local": ("本地企业，已在相邻环节{links}经营，可向缺口环节{gap}延伸（本地培育）",
                       "a local firm in the adjacent link(s) {links}: it could extend into the gap {gap} (本地培育)"),
    "unused_local_supply": ("{supplier}（{from_link}）与{customer}（{to_link}）同在本地、上下游相接，尚无配套关系",
                            "{supplier} ({from_link}) and {customer} ({to_link}) are local and up/downstream of each "
                            "other, with no supply relation yet"),
    "supplies_local": ("已向本地企业供货：{names}", "already supplies local firms: {names}"),
    "buys_from_local": ("已向本地企业采购：{names}", "already buys from local firms: {names}"),
    "shared_customer": ("与本地企业有共同客户：{names}", "shares customers with local firms: {names}"),
    "capacity": ("产能：{capacity}", "capacity: {capacity}"),
    "located": ("位于{place}", "located in {place}"),
    "location_unknown": ("所在地未知", "location unknown"),
    # material balance (analysis/balance.py)
    "balance_no_supplier": ("数据中本地没有该环节的供应主体", "no local supplier of it in the data"),
    "balance_supply": ("本地供应约{amount}", "local supply about {amount}"),
    "balance_supply_partial": ("本地供应至少{amount}（{known}/{actors}家主体有可比产能数据）",
                               "local supply at least {amount} ({known} of {actors} actors state a comparable "
                               "capacity)"),
    "balance_supply_unknown": ("本地供应主体（{actors}家）没有可比的产能数据", "none of the {actors} local suppliers "
                               "states a comparable capacity"),
    "balance_need_factor": ("{target}产能{capacity}，按折算系数{factor}约需{amount}",
                            "{target}: capacity {capacity}, needing about {amount} at a conversion factor of {factor}"),
    "balance_need_same_unit": ("{target}产能{capacity}，同一单位按1:1计约需{amount}（数据无折算系数）",
                               "{target}: capacity {capacity}, needing about {amount} one to one (same unit; the data "
                               "states no conversion factor)"),
    "balance_need_partial": ("{target}产能至少{capacity}（{known}/{actors}家有数据），约需至少{amount}",
                             "{target}: capacity at least {capacity} ({known} of {actors} actors state one), needing "
                             "at least {amount}"),
    "balance_need_no_figure": ("{target}的{actors}家本地主体无产能数据，用量未知",
                               "{target}: none of its {actors} local actors states a capacity; its need is unknown"),
    "balance_need_no_factor": ("{target}产能{capacity}，数据无折算系数、单位也不可比，用量无法折算",
                               "{target}: capacity {capacity}, with no conversion factor in the data and no common "
                               "unit: its need cannot be worked out"),
    "balance_deficit": ("本地供应不足：缺口约{gap}", "local supply falls short by about {gap}"),
    "balance_surplus": ("本地供应有余：富余约{gap}", "local supply exceeds local need by about {gap}"),
    "balance_balanced": ("本地供需大致平衡", "local supply and local need roughly balance"),
    "balance_local_use": ("就地转化率约{ratio}", "local use ratio (就地转化率) about {ratio}"),
    "balance_no_local_use": ("数据中本地没有使用其产品的下游主体：产出外销，或下游未被记录",
                             "no local consumer of its product in the data: the output leaves the region, or its "
                             "consumers are not recorded"),
    "balance_no_source": ("数据中所属上级地区也没有该环节的在产主体，最近供应地未知",
                          "no operating actor of it in the regions the region belongs to, in the data: the nearest "
                          "source is unknown"),
    "balance_unknown": ("现有数据不足以判断本地供需", "the data does not tell whether local supply meets local need"),
    # chain leader
    "leader_stated": ("来源明确指出的链主（龙头）", "stated by the source as the chain leader (龙头)"),
    "leader_capacity": ("本地产能份额最大：占全链本地产能（{unit}）的{share}",
                        "largest share of the chain's local capacity: {share} (in {unit})"),
    "leader_degree": ("本地配套关系最多（{n}条）", "most supply relations with local firms ({n})"),
    "no_leader_data": ("无文献指明的链主，也无产能数据可据以计算",
                       "no stated leader and no capacity data to compute one"),
    "no_operating_firm": ("本地无在产企业", "no operating local company"),
}


@dataclass(frozen=True)
class Reason:
    """One reason: a code, the values it rests on, and (for scores) its contribution."""

    code: str
    params: tuple[tuple[str, object], ...] = ()
    score: float | None = None

    def text(self, lang: Lang = "zh") -> str:
        template = TEMPLATES[self.code][0 if lang == "zh" else 1]
        return template.format(**dict(self.params))

    def to_dict(self, lang: Lang = "zh") -> dict[str, object]:
        data: dict[str, object] = {"code": self.code, "text": self.text(lang)}
        if self.score is not None:
            data["score"] = round(self.score, 4)
        return data
