"""The terminal view of a gap analysis (``chaingraph gaps --format table``), drawn with rich."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from chaingraph.analysis.reasons import Lang
from chaingraph.gaps import GapAnalysis

__all__ = ["print_gaps"]

STATUS_STYLE = {"present": "green", "weak": "yellow", "planned": "cyan", "missing": "red"}
WORDS = {
    "zh": {"coverage": "覆盖率", "leader": "链主", "none": "无", "stated": "文献指明", "computed": "计算得出",
           "broken": "断链", "loop": "循环再生", "open": "未闭合", "closed": "已闭合", "no_recycling": "无循环环节",
           "head": "链头缺失", "tail": "链尾缺失", "segments": "各链段", "gaps": "排序缺口（补链/强链/延链）",
           "targets": "招商目标", "rank": "序", "link": "环节", "name": "名称", "status": "状态", "action": "行动",
           "score": "分数", "reasons": "理由", "company": "企业", "place": "所在地", "links": "缺口环节",
           "segment": "链段", "operating": "在产/总数",
           "status_names": {"present": "具备", "weak": "弱链", "planned": "在建/计划", "missing": "缺链"}},
    "en": {"coverage": "coverage", "leader": "chain leader", "none": "none", "stated": "stated",
           "computed": "computed", "broken": "broken links", "loop": "recycling loop", "open": "open",
           "closed": "closed", "no_recycling": "no recycling links", "head": "head missing", "tail": "tail missing",
           "segments": "segments", "gaps": "Ranked gaps (fill / strengthen / extend)", "targets": "招商 targets",
           "rank": "#", "link": "link", "name": "name", "status": "status", "action": "action", "score": "score",
           "reasons": "reasons", "company": "company", "place": "place", "links": "gap links", "segment": "segment",
           "operating": "operating/total",
           "status_names": {"present": "present", "weak": "weak", "planned": "planned", "missing": "missing"}},
}


def print_gaps(result: GapAnalysis, console: Console, lang: Lang = "zh", limit: int = 15) -> None:
    """Print a summary, the segment coverage, the ranked gaps and the targets of every chain."""
    w = WORDS[lang]
    data = result.to_dict()
    region = data["region"]["label"].get(lang) or data["region"]["label"].get("zh") or data["region"]["iri"]
    for chain in data["chains"]:
        name = chain["label"].get(lang) or chain["label"].get("zh") or chain["id"]
        console.rule(f"[bold]{name}[/bold] ({chain['id']}) — {region}")
        if chain["formula"]:
            console.print(chain["formula"], markup=False)
        cov = chain["coverage"]
        leader = chain["chain_leader"]
        leader_text = w["none"]
        if leader["iri"]:
            leader_text = f"{leader['label'].get(lang) or leader['label'].get('zh')}（{w[leader['how']]}）"
        elif leader["reasons"]:
            leader_text += f"（{leader['reasons'][0]['text']}）"
        loop = chain["open_loop"]
        loop_text = w["no_recycling"] if not loop["has_recycling"] else (
            f"{w['open']}（{', '.join(loop['idle_recycling_links'])}）" if loop["open"] else w["closed"])
        broken = ", ".join(b["id"] for b in chain["broken_links"]) or w["none"]
        console.print(f"{w['coverage']} {cov['operating']}/{cov['total']} ({cov['ratio']:.0%}) · "
                      f"{w['leader']}: {leader_text} · {w['broken']}: {broken} · {w['loop']}: {loop_text}",
                      markup=False)
        for key in ("head", "tail"):
            if chain["truncation"][key]:
                console.print(f"{w[key]}: {', '.join(chain['truncation'][key])}", markup=False)

        segments = Table(title=w["segments"], title_justify="left", show_edge=False)
        segments.add_column(w["segment"])
        segments.add_column(w["operating"], justify="right")
        for key in ("present", "weak", "planned", "missing"):
            segments.add_column(w["status_names"][key], justify="right", style=STATUS_STYLE[key])
        for cell in cov["by_segment"]:
            label = str(cell["label"] or "—") + (" ⚠" if cell["gap"] else "")
            segments.add_row(label, f"{cell['operating']}/{cell['total']}",
                             *(str(cell["by_status"][k]) for k in ("present", "weak", "planned", "missing")))
        console.print(segments)

        gaps = Table(title=w["gaps"], title_justify="left", show_lines=False)
        for column, justify in ((w["rank"], "right"), (w["link"], "left"), (w["name"], "left"),
                                (w["status"], "left"), (w["action"], "left"), (w["score"], "right"),
                                (w["reasons"], "left")):
            gaps.add_column(column, justify=justify, overflow="fold")
        for gap in chain["gaps"][:limit]:
            label = gap["label"].get(lang) or gap["label"].get("zh")
            reasons = "；".join(r["text"] for r in gap["reasons"][1:3]) if lang == "zh" else \
                "; ".join(r["text"] for r in gap["reasons"][1:3])
            gaps.add_row(str(gap["rank"]), gap["id"], label,
                         f"[{STATUS_STYLE[gap['status']]}]{w['status_names'][gap['status']]}[/]",
                         gap["action_label"], f"{gap['score']:.2f}", reasons)
        console.print(gaps)
        if len(chain["gaps"]) > limit:
            console.print(f"… {len(chain['gaps']) - limit} more (--format json or csv for all)", markup=False)

        if chain["targets"]:
            targets = Table(title=w["targets"], title_justify="left")
            for column in (w["rank"], w["company"], w["place"], w["links"], w["reasons"]):
                targets.add_column(column, overflow="fold")
            for target in chain["targets"][:limit]:
                place = target["place_label"].get(lang) or target["place_label"].get("zh") or "—"
                reasons = "；".join(r["text"] for r in target["reasons"][1:-1]) or target["reasons"][0]["text"]
                targets.add_row(str(target["rank"]), target["label"].get(lang) or target["label"].get("zh"),
                                place, " ".join(target["links"]), reasons)
            console.print(targets)
        console.print()
