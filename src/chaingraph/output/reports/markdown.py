"""The Markdown report, for wikis: the same content as the HTML report, without pictures."""

from __future__ import annotations

import re
from typing import Any

from chaingraph.output.linknames import join_links, link_names
from chaingraph.output.reports.context import pick
from chaingraph.output.reports.since import row_cells
from chaingraph.words import status_word

__all__ = ["render_report_markdown"]


#: Markdown's inline control characters, backslash-escaped; <, > and & become entities so no HTML from data
#: reaches the page (a company named <img onerror=…> is shown, not run)
_ESCAPES = str.maketrans({**{c: "\\" + c for c in "\\`*_[]|~#!"}, "<": "&lt;", ">": "&gt;", "\n": " ", "\r": " "})
#: an & that would start a character reference (&lt;) is written &amp;; a plain "A & B" stays readable
_REFERENCE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def _text(value: object) -> str:
    """*value* as inert Markdown text on one line: shown as written, never HTML, a link or emphasis.

    >>> _text("<img src=x onerror=alert(1)> [a](javascript:x) *b*|c")
    '&lt;img src=x onerror=alert(1)&gt; \\\\[a\\\\](javascript:x) \\\\*b\\\\*\\\\|c'
    """
    return _REFERENCE.sub("&amp;", str(value if value is not None else "")).translate(_ESCAPES)


_cell = _text  # a table cell: the same escapes keep it one cell on one line


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def render_report_markdown(context: dict[str, Any]) -> str:
    """The report as GitHub-flavoured Markdown."""
    w, data = context["w"], context["analysis"]
    out = [f"# {_text(context['title'])}", "", f"{w['generated']}: {context['generated_at']} · {w['data_sources']}: "
           f"{_text('；'.join(context['data_files']))} · {w['tool']}: chaingraph {context['version']}", ""]
    out += [f"> {_text(line)}  " for line in context["layers"]] + ([""] if context["layers"] else [])
    out += _brief(context) + _figures(context)
    out += [f"## {w['summary']}", ""]
    out += _table([w["chains"], w["coverage"], w["status_counts"], w["broken"], w["open_loop"], w["leader"]],
                  [_summary_row(c, context) for c in data["chains"]])
    for chain in data["chains"]:
        out += _chain_section(chain, context)
    if context["comparison"]:
        out += _comparison_section(context)
    if context.get("since"):
        out += _since_section(context["since"], context["w"])
    out += _profiles(context)
    out += [f"## {w['glossary']}", ""]
    out += _table([w["term"], w["meaning"]], [list(pair) for pair in context["glossary"]])
    out += [f"## {w['evidence']}", "", f"> {w['caveat']}", ""]
    if context["facts"]["sources"]:
        out += [f"### {w['cited']}", ""] + [f"{s['n']}. {_text(s['title'])}" for s in context["facts"]["sources"]]
        out += [""]
    if not context["evidence_read"]:
        out += [w["no_evidence"], ""]
    out += _table([w["source"], w["kind"], w["entities"], w["facts"]],
                  [[e["source_title"], e["kind_label"], e["entities"], e["facts"]] for e in context["evidence"]])
    params = data["parameters"]
    out += [f"## {w['parameters']}", ""]
    out += _table(["", ""], [[w["region"], context["region"]], [w["chains"], "、".join(context["chain_names"])],
                             [w["min_firms"], params["min_firms"]],
                             [w["named_only"], w["yes"] if params["named_only"] else w["no"]],
                             [w["data_files"], "；".join(context["data_files"])],
                             [w["generated"], context["generated_at"]],
                             [w["tool"], f"chaingraph {context['version']}"]])
    return "\n".join(out)


def _brief(context: dict[str, Any]) -> list[str]:
    """The briefing page: position per chain, recommendations, key projects."""
    w, page = context["w"], context["brief"]
    out = [f"## {w['brief']}", ""]
    if page["scenario"]:
        out += [f"> **{w['scenario_notice']}**", *(f"> {_text(line)}" for line in page["scenario"]), ""]
    out += [f"### {w['position']}", ""]
    for chain in page["position"]:
        out += [_text(chain["text"]), ""]
    out += [_text(s["text"]) for s in page["region"]] + ([""] if page["region"] else [])
    for key, heading in (("recommendations", "recommendations"), ("projects", "key_projects")):
        if page[key]:
            out += [f"### {w[heading]}", ""] + [f"{i}. {_text(s['text'])}" for i, s in enumerate(page[key], 1)] + [""]
    return [*out, f"> {w['brief_note']}", ""]


def _figures(context: dict[str, Any]) -> list[str]:
    """Key figures, designations, clusters and projects, citing their sources by number."""
    w, facts = context["w"], context["facts"]
    out = [f"## {w['figures']}", ""] + ([_text(facts["as_of_note"]), ""] if facts.get("as_of_note") else [])
    if not facts["figures"]:
        out += [w["no_figures"], ""]
    if facts["figures"]:
        out += _table([w["figure_entity"], w["metric"], w["value"], w["year"], w["value_status"], w["stated"],
                       w["source"]], [[f["entity"], f["metric"], f["value"], f["year"], f["kind"],
                                       f"「{f['stated']}」" if f["stated"] else "", f["source"]]
                                      for f in facts["figures"]])
    if facts["designations"]:
        out += [f"### {w['designations']}", ""]
        out += _table([w["designations"], w["level"], w["holder"], w["source"]],
                      [[d["name"], d["level"], d["holders"], d["source"]] for d in facts["designations"]])
    if facts["clusters"]:
        out += [f"### {w['clusters']}", ""]
        out += _table([w["clusters"], w["chain"], w["leader"], w["source"]],
                      [[c["name"], c["chain"], c["leader"], c["source"]] for c in facts["clusters"]])
    if facts["projects"]:
        out += [f"### {w['projects']}", ""]
        out += _table([w["projects"], w["investor"], w["project_status"], w["date"], w["links_of"], w["source"]],
                      [[p["name"], p["investor"], p["status"], p["date"], p["links"], p["source"]]
                       for p in facts["projects"]])
    return out


def _profiles(context: dict[str, Any]) -> list[str]:
    """One short profile per ranked target (一企一档)."""
    w = context["w"]
    groups = [g for g in context["profiles"] if g["profiles"]]
    if not groups:
        return []
    out = [f"## {w['profiles']}", ""]
    sep = "；" if context["lang"] == "zh" else "; "
    for group in groups:
        for p in group["profiles"]:
            out += [f"### {_text(group['chain'])} · {p['rank']}. {_text(p['name'])}", ""]
            place = f"{p['place']}（{p['kind']}）" if context["lang"] == "zh" else f"{p['place']} ({p['kind']})"
            rows = [[w["place"], place], [w["route"], p["route"]], [w["profile_links"], p["links"]]]
            rows += [[w["profile_capacity"], p["capacity"]]] if p["capacity"] else []
            rows += [[w["profile_gap"], sep.join(p["gaps"])]]
            rows += [[w["profile_ties"], sep.join(p["ties"])]] if p["ties"] else []
            rows += [[w["profile_why"], sep.join(p["why"])]]
            rows += [[w["profile_evidence"], sep.join(p["evidence"])]] if p["evidence"] else []
            out += _table(["", ""], rows)
        if group["more"]:
            out += [w["profiles_more"].format(n=group["more"]), ""]
    return out


def _summary_row(c: dict[str, Any], context: dict[str, Any]) -> list[object]:
    w, lang = context["w"], context["lang"]
    counts = " · ".join(f"{w[s]} {c['coverage']['by_status'][s]}" for s in ("present", "weak", "planned", "missing"))
    leader = w["none"]
    if c["chain_leader"]["iri"]:
        leader = f"{pick(c['chain_leader']['label'], lang)}（{w[c['chain_leader']['how']]}）"
    loop = "—"
    if c["open_loop"]["has_recycling"]:
        idle = join_links(c["open_loop"]["idle_recycling_links"], link_names(c, lang), lang)
        loop = f"{w['yes']}（{idle}）" if c["open_loop"]["open"] else w["no"]
    return [pick(c["label"], lang),
            f"{c['coverage']['operating']}/{c['coverage']['total']} ({c['coverage']['ratio']:.0%})", counts,
            join_links((b["id"] for b in c["broken_links"]), link_names(c, lang), lang) or w["none"], loop, leader]


def _chain_section(c: dict[str, Any], context: dict[str, Any]) -> list[str]:
    """One chain: formula, truncation, coverage by segment, ranked gaps, targets, every link."""
    w, lang = context["w"], context["lang"]
    sep = "；" if lang == "zh" else "; "
    out = [f"## {_text(pick(c['label'], lang))}", ""]
    if c["formula"]:
        out += [f"{w['formula']}：{_text(c['formula'])}", ""]
    names = link_names(c, lang)
    colon = "：" if lang == "zh" else ": "
    out += [f"- {w['truncation_' + key]}{colon}{_text(join_links(c['truncation'][key], names, lang))}"
            for key in ("head", "tail") if c["truncation"][key]]
    out += [f"- {w['loops']}{colon}{_text(join_links(group, names, lang))}" for group in c["loops"]]
    out += ["", f"### {w['coverage_chart']}", ""]
    out += _table([w["segment"], w["coverage"], w["present"], w["weak"], w["planned"], w["missing"]],
                  [[cell["label"] or "—", f"{cell['operating']}/{cell['total']}",
                    *(cell["by_status"][s] for s in ("present", "weak", "planned", "missing"))]
                   for cell in c["coverage"]["by_segment"]])
    basis = c["absence"]
    out += [w["absence_basis"].format(operating=basis["operating"], confirmed=len(basis["confirmed"]),
                                      unconfirmed=len(basis["unconfirmed"])), ""]
    absence = {link["id"]: link["absence"] for link in c["links"]}
    out += [f"### {w['gaps']}", ""]
    out += _table([w["rank"], w["id"], w["name"], w["status"], w["action"], w["score"], w["reasons"]],
                  [[g["rank"], g["id"], pick(g["label"], lang), status_word(g["status"], absence.get(g["id"]), lang),
                    g["action_label"],
                    f"{g['score']:.2f}", sep.join(r["text"] for r in g["reasons"])] for g in c["gaps"]])
    out += [f"### {w['targets']}", ""]
    if c["targets"]:
        out += _table([w["rank"], w["company"], w["route"], w["place"], w["gap_links"], w["reasons"]],
                      [[t["rank"], pick(t["label"], lang), t["route_label"], pick(t["place_label"], lang) or "—",
                        join_links(t["links"], names, lang), sep.join(r["text"] for r in t["reasons"])]
                       for t in c["targets"]])
    else:
        out += [w["none"], ""]
    if c["candidates"] == "none_in_data":
        out += [w["no_candidates"], ""]
    if c["matches"]["pairs"]:
        out += [f"### {w['matches']}", ""] + [f"- {_text(m['text'])}" for m in c["matches"]["pairs"]] + [""]
    out += [f"### {w['links']}", ""]
    out += _table([w["id"], w["name"], w["segment"], w["stage"], w["status"], w["local_firms"], w["supply_ratio"]],
                  [[link["id"] + (" ★" if link["targeted"] else ""), pick(link["label"], lang),
                    link["segment_label"], w[link["stage"]],
                    status_word(link["status"], link["absence"], lang)
                    + (f" · {w['broken']}" if link["broken"] else ""),
                    sep.join(f["label"] for f in link["local_firms"]),
                    "" if link["local_supply_ratio"] is None else f"{link['local_supply_ratio']:.0%}"]
                   for link in c["links"]])
    if any(link["targeted"] for link in c["links"]):
        out += [f"★ {w['targeted']}", ""]
    return out


def _comparison_section(context: dict[str, Any]) -> list[str]:
    """The regions compared (``report --compare``): per chain, the links as rows and the regions as columns."""
    w, lang, comparison = context["w"], context["lang"], context["comparison"]
    cw = comparison["w"]
    out = [f"## {cw['comparison']}", "", cw["comparison_note"], ""]
    for chain in comparison["chains"]:
        out += [f"### {_text(cw['compare_title'].format(chain=pick(chain['label'], lang) or chain['id']))}", ""]
        rows: list[list[object]] = [
            [row["id"], pick(row["label"], lang), row["segment"] or "",
             *(cell["status_label"] + (f" · {cell['operating']}" if cell["covered"] else "")
               + (f" · {cell['capacity_text']}" if cell["capacity_text"] else "") for cell in row["cells"])]
            for row in chain["links"]]
        rows.append([w["coverage"], "", "", *(f"{r['coverage']['operating']}/{r['coverage']['total']}" if r["covered"]
                                              else cw["not_covered"] for r in chain["regions"])])
        out += _table([w["id"], w["name"], w["segment"], *comparison["names"]], rows)
        out += [f"- {_text(cw['distinct'].format(region=pick(d['label'], lang)))}："
                f"{_text('、'.join(d['links']) or cw['distinct_none'])}" for d in chain["distinct"]] + [""]
    return out


def _since_section(since: dict[str, Any], w: dict[str, str]) -> list[str]:
    """What changed since an older snapshot (``report --since``): a line per chain, a row per change."""
    out = [f"## {_text(since['title'])}", "", _text(since["note"]), ""]
    out += [f"> {_text(line)}  " for line in since["dates"]] + ([""] if since["dates"] else [])
    out += [f"- {_text(c['chain'])}：{w['coverage']} {c['coverage']}" for c in since["chains"]] + [""]
    if not since["rows"]:
        return [*out, since["none"], ""]
    return out + _table(since["header"], [row_cells(r) for r in since["rows"]])
