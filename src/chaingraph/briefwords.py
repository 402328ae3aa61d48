"""The words of the report's briefing page and glossary: the sentence templates the briefing page
(:mod:`chaingraph.output.reports.brief`) fills from the analysis JSON, and what each status, action, route
and value kind means — every term spelt as :mod:`chaingraph.words` spells it for every output.

>>> brief_words("zh")["coverage"].format(chain="铝", total=25, operating=8, ratio="32%")
'铝：在25个环节中，本地在产8个（覆盖率32%）。'
>>> glossary("en")[0]
('present', 'Enough operating local actors (2 by default).')
"""

from __future__ import annotations

from chaingraph.words import Lang, phrases, report_words, status_word, term, terms

__all__ = ["brief_words", "glossary"]

#: the sentences of the briefing page (output/reports/brief.py fills them from the analysis JSON)
_BRIEF: dict[str, tuple[str, str]] = {
    "coverage": ("{chain}：在{total}个环节中，本地在产{operating}个（覆盖率{ratio}）。",
                 "{chain}: {operating} of its {total} links operate locally (coverage {ratio})."),
    "unconfirmed": ("其余{n}个环节数据中未见本地在产主体，但数据未覆盖全部企业，不能据此断言本地没有。",
                    "For the other {n} links the data shows no operating local actor, but it does not list every "
                    "firm: no absence is claimed."),
    "confirmed": ("{n}个环节经普查核实本地没有在产主体。", "{n} links are confirmed missing by a survey."),
    "leader": ("链主为{leader}（{how}）。", "Its chain leader is {leader} ({how})."),
    "no_leader": ("链主：{reason}。", "Chain leader: {reason}."),
    "segments": ("链段中「{strong}」基础最好（在产{strong_n}/{strong_total}），"
                 "「{weak}」最弱（在产{weak_n}/{weak_total}）。",
                 "Its strongest segment is “{strong}” ({strong_n}/{strong_total} operating), its weakest "
                 "“{weak}” ({weak_n}/{weak_total})."),
    "broken": ("断链：{links}，本地上下游在此被切断。", "Broken links (the local chain is cut there): {links}."),
    "open_loop": ("循环未闭合：数据中{links}没有本地在产主体。",
                  "The recycling loop is open: the data shows no operating local actor in {links}."),
    "cluster": ("{cluster}：{figures}。", "{cluster}: {figures}."),
    "figure": ("{metric}{value}（{when}）", "{metric} {value} ({when})"),
    "designation": ("已获称号：{names}。", "Designations: {names}."),
    "region_targets": ("{region}目标：{figures}。", "Targets of {region}: {figures}."),
    "recommendation": ("【{action}】{chain}·{link}（{status}）：{why}。",
                       "[{action}] {chain} · {link} ({status}): {why}."),
    "routes": ("招商路径：{routes}。", " Routes: {routes}."), "route": ("{route}——{names}", "{route}: {names}"),
    "no_candidate": ("数据中暂无该环节的候选企业，导入企业名录（chaingraph map）可补充。",
                     " The data names no candidate for this link; a company register (chaingraph map) would."),
    "project": ("{project}：{details}。", "{project}: {details}."), "investor": ("投资方{name}", "investor {name}"),
    "in_links": ("涉及环节{links}", "in {links}"),
    "assumed": ("（情景假设：{status}）", " (assumed: {status})"), "year": ("{year}年", "{year}"),
}

#: the glossary: term key → (Chinese meaning, English meaning); the terms themselves are the words above
_GLOSSARY: dict[str, tuple[str, str]] = {
    "present": ("本地在产主体达到成链门槛（默认2家）。", "Enough operating local actors (2 by default)."),
    "weak": ("本地有在产主体，但少于成链门槛（如仅1家）。",
             "Operating local actors, but fewer than needed (e.g. one)."),
    "planned": ("本地没有在产主体，仅有计划、签约或在建项目。", "No operating local actor; planned, signed or "
                "under-construction projects only."),
    "missing_unconfirmed": ("数据中本地没有该环节的主体；数据不是普查，不能断言本地确实没有。",
                            "None locally in the data; the data is not a census, so no absence is claimed."),
    "missing_confirmed": ("有来源声明已列全本地企业（普查），据此核实本地没有。",
                          "A source lists every local firm (a survey): the absence is confirmed."),
    "broken": ("缺失环节把本地上游与下游在产环节隔开，且没有其他在产路径相连。",
               "A missing link separates operating local links up- and downstream, with no other operating path."),
    "truncation_head": ("数据中链条最上游的环节均无本地在产主体。",
                        "No operating local actor at the head of the chain."),
    "truncation_tail": ("数据中链条最下游的环节均无本地在产主体。",
                        "No operating local actor at the tail of the chain."),
    "open_loop": ("有循环再生环节，但数据中没有本地在产路径把回收料送回生产。",
                  "Recycling links exist, but no operating local path returns scrap to production."),
    "targeted": ("地区规划或项目明确瞄准的环节（表中以★标出）。",
                 "A link a plan or project of the region targets (★)."),
    "leader": ("链中起带动作用的龙头企业：来源指明，或按本地产能份额计算。",
               "The leading firm of the chain: stated by a source, or computed from local capacity share."),
    "supply_ratio": ("在产环节的上游投入环节中，本地有在产主体的比例。",
                     "The share of an operating link's input links that operate locally."),
    "fill": ("为本地没有能力的环节（缺链）引进企业或项目。", "Bring firms or projects into links the region lacks."),
    "strengthen": ("提升已有但薄弱环节（弱链）的产能、技术或本地配套。",
                   "Raise capacity, technology or local supply in links that exist but are weak."),
    "extend": ("向上下游或循环方向增加环节。", "Add links further up- or downstream, or toward recycling."),
    "attract": ("引进在缺口环节经营的外部企业或其工厂。", "Attract an outside firm of the gap link, or a plant of it."),
    "lever": ("请本地企业的客户带动其配套企业落户。", "Ask a customer of local firms to bring its suppliers."),
    "cultivate": ("支持相邻环节的本地企业向缺口环节延伸。",
                  "Help a local firm of a neighbouring link extend into the gap."),
    "match": ("撮合本地已有、尚未建立配套关系的上下游企业。",
              "Match local firms up- and downstream that do not trade yet."),
    "actual": ("已实现的数值。", "A value achieved."),
    "target": ("政策或企业提出的目标。", "A goal set by a government or company."),
    "planned_value": ("项目计划的数值（如计划投资、规划产能）。", "A value a project plans (investment, capacity)."),
}


def brief_words(lang: Lang) -> dict[str, str]:
    """The sentence templates of the report's briefing page."""
    return phrases(_BRIEF, lang)


def glossary(lang: Lang) -> list[tuple[str, str]]:
    """The report's one glossary: (term, meaning) for every status, structure word, action, route and value
    status, each term spelt as every output spells it."""
    status = terms("status", lang)
    named = {**report_words(lang), **terms("action", lang), **terms("route", lang),
             **{f"truncation_{k}": v for k, v in terms("truncation", lang).items()},
             "missing_unconfirmed": status_word("missing", "unconfirmed", lang),
             "missing_confirmed": status_word("missing", "confirmed", lang),
             "targeted": "★ " + report_words(lang)["targeted"], "actual": term("value_status", "actual", lang),
             "target": term("value_status", "target", lang), "planned_value": term("value_status", "planned", lang),
             **{code: status[code] for code in ("present", "weak", "planned")}}
    return [(named[key], pair[0 if lang == "zh" else 1]) for key, pair in _GLOSSARY.items()]
