"""The report's "since last time" section (``report --since``): what changed in the region since an older
snapshot of the data, as rows every format shows the same way.

The section is a :class:`~chaingraph.whatif.diff.AnalysisDiff` of the older data against the report's
(:func:`~chaingraph.whatif.snapshot.snapshot_diff`): per chain, the coverage before and after and the links whose
status changed; then the companies and projects added, moved in or out, closed, no longer in the data, moved
within the region, advanced, changed status or links, and the capacities that changed, each with its sources.
Text from the data is left as it is here: each format escapes it (HTML autoescaping, Markdown escapes, inert
spreadsheet cells, plain Word runs).

>>> from chaingraph.knowledge import KnowledgeGraph
>>> from chaingraph.whatif.snapshot import snapshot_diff
>>> kg = KnowledgeGraph.open()
>>> section = since_context(snapshot_diff(kg, kg, "綦江区", chains=["copper"]), "zh")
>>> section["title"], section["rows"], section["chains"][0]["coverage"]
('与上次相比的变化', [], '1/10 → 1/10')
"""

from __future__ import annotations

from typing import Any

from chaingraph.output.changes import as_of_lines
from chaingraph.whatif.diff import AnalysisDiff
from chaingraph.whatif.snapshot import SECTIONS
from chaingraph.words import Lang, pick, status_word, whatif_words

__all__ = ["row_cells", "since_context", "since_json"]


def since_context(diff: AnalysisDiff, lang: Lang) -> dict[str, Any]:
    """The section as plain data: title, note, the dates it rests on, a line per chain, and one row per change
    (``what, chain, name, links, before, after, sources``)."""
    w = whatif_words(lang)
    chains = {c.id: pick(c.label, lang) or c.id for c in diff.chains}
    rows: list[dict[str, str]] = []
    lines = []
    for chain in diff.chains:
        cov = chain.coverage
        lines.append({"chain": chains[chain.id], "coverage": f"{cov['before']['operating']}/{cov['before']['total']} "
                      f"→ {cov['after']['operating']}/{cov['after']['total']}", "changed": chain.changed})
        for s in chain.statuses:
            rows.append({"what": w["statuses"], "chain": chains[chain.id],
                         "name": f"{s['id']} {pick(s['label'], lang)}", "links": s["id"],
                         "before": _status(s, "before", lang), "after": _status(s, "after", lang), "sources": ""})
    sep = "；" if lang == "zh" else "; "
    for name in SECTIONS:
        for item in diff.sections.get(name, []):
            rows.append({"what": w[name], "chain": chains.get(item["chain"], item["chain"]),
                         "name": pick(item["label"], lang) or item["iri"], "links": "、".join(item["links"]),
                         "before": str(item.get("before") or ""), "after": str(item.get("after") or ""),
                         "sources": sep.join(s.get("title") or s.get("id") or s["source"]
                                             for s in item.get("sources", []))})
    dates = [line.strip() for side in ("before", "after")
             for line in as_of_lines((diff.as_of or {}).get(side), lang)[:1]]
    return {"title": w["since"], "note": w["since_note"].format(before=diff.before, after=diff.after),
            "before": diff.before, "after": diff.after, "dates": dates, "chains": lines, "rows": rows,
            "none": w["no_change"],
            "header": [w["change"], w["chain"], w["company_or_project"], w["in_links"], w["before"], w["after"],
                       w["sources_of"]]}


def _status(change: dict[str, Any], side: str, lang: Lang) -> str:
    return status_word(change[side], change[f"{side}_absence"], lang)


def since_json(diff: AnalysisDiff) -> dict[str, Any]:
    """The section in the report's JSON: the ``chaingraph.diff/1`` document of ``chaingraph diff``."""
    return diff.to_dict()


def row_cells(row: dict[str, str]) -> list[object]:
    """A row's cells in the order of the header."""
    return [row["what"], row["chain"], row["name"], row["links"], row["before"], row["after"], row["sources"]]
