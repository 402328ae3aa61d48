"""The Markdown report, for wikis: the same content as the HTML report, without pictures."""

from __future__ import annotations

import re
from typing import Any

from chaingraph.output.linknames import join_links, link_names
from chaingraph.output.reports.context import pick
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
    out = [f"# {_text(context['title'])}", "", f"{w['generated']}: {context['generated_at']} · "
           f"{w['tool']}: chaingraph {context['version']}", ""]
    out += [f"> {_text(line)}  " for line in context["layers"]] + ([""] if context["layers"] else [])
    out += [f"## {w['summary']}", ""]
    out += _table([w["chains"], w["coverage"], w["status_counts"], w["broken"], w["open_loop"], w["leader"]],
                  [_summary_row(c, context) for c in data["chains"]])
    for chain in data["chains"]:
        out += _chain_section(chain, context)
    if context["comparison"]:
        out += _comparison_section(context)
    out += [f"## {w['evidence']}", "", f"> {w['caveat']}", ""]
    if not context["evidence_read"]:
        out += [w["no_evidence"], ""]
    out += _table([w["source"], w["kind"], w["entities"], w["facts"]],
                  [[e["source_title"], e["kind_label"], e["entities"], e["facts"]] for e in context["evidence"]])
    params = data["parameters"]
    out += [f"## {w['parameters']}", ""]
    out += _table(["", ""], [[w["region"], f"{context['region']} ({data['region']['iri']})"],
                             [w["chains"], ", ".join(params["chains"])], [w["min_firms"], params["min_firms"]],
                             [w["named_only"], w["yes"] if params["named_only"] else w["no"]],
                             [w["data_files"], ", ".join(data["sources"])], [w["generated"], context["generated_at"]],
                             [w["tool"], f"chaingraph {context['version']}"]])
    return "\n".join(out)


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
    return [f"{pick(c['label'], lang)} ({c['id']})",
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
    out += [f"- {w['truncation_' + key]}: {_text(join_links(c['truncation'][key], names, lang))}"
            for key in ("head", "tail") if c["truncation"][key]]
    out += [f"- {w['loops']}: {_text(join_links(group, names, lang))}" for group in c["loops"]]
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
