"""The terminal view of a gap analysis (``chaingraph gaps --format table``), drawn with rich."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from chaingraph.gaps.result import GapAnalysis
from chaingraph.words import LINK_STATUSES, Lang, pick, terminal_words, terms

__all__ = ["print_gaps"]

STATUS_STYLE = {"present": "green", "weak": "yellow", "planned": "cyan", "missing": "red"}


def print_gaps(result: GapAnalysis, console: Console, lang: Lang = "zh", limit: int = 15) -> None:
    """Print a summary, the segment coverage, the ranked gaps and the targets of every chain."""
    w = terminal_words(lang)
    names = terms("status", lang)
    data = result.to_dict()
    region = pick(data["region"]["label"], lang) or data["region"]["iri"]
    for chain in data["chains"]:
        name = pick(chain["label"], lang) or chain["id"]
        console.rule(f"[bold]{name}[/bold] ({chain['id']}) — {region}")
        if chain["formula"]:
            console.print(chain["formula"], markup=False)
        cov = chain["coverage"]
        leader = chain["chain_leader"]
        leader_text = w["none"]
        if leader["iri"]:
            leader_text = f"{pick(leader['label'], lang)}（{w[leader['how']]}）"
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
        segments.add_column(w["operating_total"], justify="right")
        for key in LINK_STATUSES:
            segments.add_column(names[key], justify="right", style=STATUS_STYLE[key])
        for cell in cov["by_segment"]:
            label = str(cell["label"] or "—") + (" ⚠" if cell["gap"] else "")
            segments.add_row(label, f"{cell['operating']}/{cell['total']}",
                             *(str(cell["by_status"][k]) for k in LINK_STATUSES))
        console.print(segments)

        gaps = Table(title=w["gaps"], title_justify="left", show_lines=False)
        for column, justify in ((w["rank"], "right"), (w["link"], "left"), (w["name"], "left"),
                                (w["status"], "left"), (w["action"], "left"), (w["score"], "right"),
                                (w["reasons"], "left")):
            gaps.add_column(column, justify=justify, overflow="fold")
        for gap in chain["gaps"][:limit]:
            label = pick(gap["label"], lang)
            reasons = "；".join(r["text"] for r in gap["reasons"][1:3]) if lang == "zh" else \
                "; ".join(r["text"] for r in gap["reasons"][1:3])
            gaps.add_row(str(gap["rank"]), gap["id"], label,
                         f"[{STATUS_STYLE[gap['status']]}]{names[gap['status']]}[/]",
                         gap["action_label"], f"{gap['score']:.2f}", reasons)
        console.print(gaps)
        if len(chain["gaps"]) > limit:
            console.print("… " + w["more"].format(n=len(chain["gaps"]) - limit), markup=False)

        if chain["targets"]:
            targets = Table(title=w["targets"], title_justify="left")
            for column in (w["rank"], w["company"], w["place"], w["gap_links"], w["reasons"]):
                targets.add_column(column, overflow="fold")
            for target in chain["targets"][:limit]:
                place = pick(target["place_label"], lang) or "—"
                reasons = "；".join(r["text"] for r in target["reasons"][1:-1]) or target["reasons"][0]["text"]
                targets.add_row(str(target["rank"]), pick(target["label"], lang),
                                place, " ".join(target["links"]), reasons)
            console.print(targets)
        console.print()
