"""The XLSX report: one sheet per table, header row frozen, filters on, labels in the chosen language
(written by :func:`chaingraph.output.sheets.workbook_xlsx`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chaingraph.output.linknames import join_links, link_names
from chaingraph.output.reports.context import pick
from chaingraph.output.reports.since import row_cells
from chaingraph.output.sheets import workbook_xlsx
from chaingraph.words import status_word

__all__ = ["render_report_xlsx", "report_sheets"]


def report_sheets(context: dict[str, Any]) -> dict[str, tuple[list[str], list[list[object]]]]:
    """The tables of the workbook: sheet name → (header, rows). Same content as the JSON."""
    w, lang, data = context["w"], context["lang"], context["analysis"]
    sep = "；" if lang == "zh" else "; "
    zh = lang == "zh"
    chain_id = w["chain_id"]
    names = {c["id"]: link_names(c, lang) for c in data["chains"]}  # once per chain, not per row
    absence: dict[tuple[str, str], Any] = {}
    for c in data["chains"]:
        for link in reversed(c["links"]):  # the first of an id, as a search would find
            absence[c["id"], link["id"]] = link["absence"]
    sheets: dict[str, tuple[list[str], list[list[object]]]] = {}
    sheets["摘要" if zh else "summary"] = (
        [chain_id, w["chains"], w["coverage"], *(w[s] for s in ("present", "weak", "planned", "missing")), w["broken"],
         w["open_loop"], w["leader"]],
        [[c["id"], pick(c["label"], lang), c["coverage"]["ratio"],
          *(c["coverage"]["by_status"][s] for s in ("present", "weak", "planned", "missing")),
          join_links((b["id"] for b in c["broken_links"]), names[c["id"]], lang), c["open_loop"]["open"],
          pick(c["chain_leader"]["label"], lang) if c["chain_leader"]["iri"] else ""] for c in data["chains"]])
    sheets["环节" if zh else "links"] = (
        [chain_id, w["id"], w["name"], w["segment"], w["stage"], w["status"], w["broken"], w["targeted"],
         w["local_firms"],
         w["planned_projects"], w["supply_ratio"], w["score"], w["action"], w["reasons"]],
        [[c["id"], link["id"], pick(link["label"], lang), link["segment_label"], w[link["stage"]],
          status_word(link["status"], link["absence"], lang),
          link["broken"], link["targeted"], sep.join(f["label"] for f in link["local_firms"]),
          sep.join(p["label"] for p in link["planned_projects"]), link["local_supply_ratio"], link["priority"],
          w[link["action"]] if link["action"] else "", sep.join(r["text"] for r in link["reasons"])]
         for c in data["chains"] for link in c["links"]])
    sheets["缺口" if zh else "gaps"] = (
        [chain_id, w["rank"], w["id"], w["name"], w["status"], w["action"], w["score"], w["reasons"]],
        [[c["id"], g["rank"], g["id"], pick(g["label"], lang),
          status_word(g["status"], absence[c["id"], g["id"]], lang),
          g["action_label"], g["score"],
          sep.join(r["text"] for r in g["reasons"])] for c in data["chains"] for g in c["gaps"]])
    sheets["招商目标" if zh else "targets"] = (
        [chain_id, w["rank"], w["company"], w["route"], w["place"], w["gap_links"], w["score"], w["ties"],
         w["reasons"]],
        [[c["id"], t["rank"], pick(t["label"], lang), t["route_label"], pick(t["place_label"], lang),
          join_links(t["links"], names[c["id"]], lang),
          t["gap_score"], t["ties"], sep.join(r["text"] for r in t["reasons"])]
         for c in data["chains"] for t in c["targets"]])
    sheets["覆盖率" if zh else "coverage"] = (
        [chain_id, w["group"], w["name"], w["coverage"], *(w[s] for s in ("present", "weak", "planned", "missing"))],
        [[c["id"], w[group], cell["label"] if group == "segment" else w.get(cell["key"], cell["key"]),
          cell["ratio"], *(cell["by_status"][s] for s in ("present", "weak", "planned", "missing"))]
         for c in data["chains"] for group, cells in (("segment", c["coverage"]["by_segment"]),
                                                      ("stage", c["coverage"]["by_stage"])) for cell in cells])
    if context.get("since"):  # report --since: one row per change
        sheets["变化" if zh else "changes"] = (context["since"]["header"],
                                              [row_cells(r) for r in context["since"]["rows"]])
    sheets["证据" if zh else "evidence"] = (
        [w["source"], w["kind"], w["entities"], w["facts"]],
        [[e["source_title"], e["kind_label"], e["entities"], e["facts"]] for e in context["evidence"]])
    return sheets


def render_report_xlsx(context: dict[str, Any]) -> bytes:
    """The workbook as bytes (needs openpyxl: ``pip install 'chaingraph[xlsx]'``), dated as the report, so the
    same input gives the same bytes (SOURCE_DATE_EPOCH-style reproducibility)."""
    stamp = datetime.strptime(context["generated_at"], "%Y-%m-%d %H:%M UTC")
    return workbook_xlsx(report_sheets(context), creator=f"chaingraph {context['version']}", stamp=stamp)
