"""What a gap-analysis report says, as plain data: one dict that every format renders.

The context holds the analysis (:meth:`GapAnalysis.to_dict`), the words of the chosen language, the
briefing page (:mod:`~chaingraph.output.reports.brief`), the key figures
(:mod:`~chaingraph.output.reports.figures`), the target profiles (:mod:`~chaingraph.output.reports.profiles`),
the glossary, the evidence the findings rest on, and the metadata every report carries: parameters, data
sources (by name: a report shows no local path), tool version and generation time. The generation time
honours ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention), so two runs can be made byte-identical.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from chaingraph._version import __version__
from chaingraph.briefwords import glossary
from chaingraph.gaps.result import GapAnalysis
from chaingraph.output.changes import as_of_lines, facts_as_of_line
from chaingraph.output.datafiles import source_names
from chaingraph.output.reports.brief import brief
from chaingraph.output.reports.figures import figure_rows, figure_series
from chaingraph.output.reports.profiles import profiles
from chaingraph.output.reports.since import since_context
from chaingraph.reproducible import output_time
from chaingraph.words import Lang, pick, report_words, term, whatif_words

if TYPE_CHECKING:
    from chaingraph.whatif.compare import Comparison
    from chaingraph.whatif.diff import AnalysisDiff

__all__ = ["pick", "report_context"]


def _generated_at(when: datetime | None) -> str:
    if when is None:
        when = output_time()
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _facts_context(facts: dict[str, Any], words: dict[str, str], lang: Lang) -> dict[str, Any]:
    """The key figures as rows: figures, designations, clusters and projects, each citing its sources by
    number (``[1]``) in the list of sources, ``sources``, each title once (Chinese first in a Chinese report)."""
    register: dict[str, dict[str, Any]] = {}

    def sources(item: dict[str, Any]) -> str:
        cited = []
        for source in item["sources"]:
            entry = register.setdefault(source["iri"], {
                "n": len(register) + 1, "title": pick(source["title"], lang) or source["iri"].rsplit("/", 1)[-1]})
            cited.append(f"[{entry['n']}]")
        return "".join(cited)

    rows = figure_rows(facts["figures"], words, lang)
    for row, figure in zip(rows, facts["figures"], strict=True):
        row["source"] = sources(figure)
    out = {
        "figures": rows, "series": figure_series(facts["figures"]),
        "designations": [{"name": pick(d["label"], lang), "level": pick(d["level_label"], lang),
                          "holders": "、".join(pick(h["label"], lang) for h in d["holders"]), "quote": d["quote"] or "",
                          "source": sources(d)} for d in facts["designations"]],
        "clusters": [{"name": pick(c["label"], lang), "chain": c["chain"] or "",
                      "leader": pick(c["leader"]["label"], lang) if c["leader"] else "", "source": sources(c)}
                     for c in facts["clusters"]],
        "projects": [{"name": pick(p["label"], lang),
                      "investor": pick(p["investor"]["label"], lang) if p["investor"] else "",
                      "status": term("actor_status", p["status"], lang) if p["status"] else "",
                      "date": p["date"] or "", "links": "、".join(p["links"]), "source": sources(p)}
                     for p in facts["projects"]],
    }
    out["sources"] = sorted(register.values(), key=lambda s: s["n"])
    return out


def report_context(result: GapAnalysis, *, generated_at: datetime | None = None,
                   comparison: Comparison | None = None, since: AnalysisDiff | None = None,
                   data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything a report shows, as plain data (see the module documentation); with *comparison*, the regions
    compared (``report --compare``: :func:`chaingraph.whatif.compare.compare_regions`' result); with *since*,
    what changed since an older snapshot (``report --since``: :mod:`~chaingraph.output.reports.since`). *data*:
    ``result.to_dict()`` when the caller has it (the context is built on it)."""
    data = data if data is not None else result.to_dict()
    lang: Lang = data["parameters"]["lang"]
    words = report_words(lang)
    rows = result.evidence.region if result.evidence is not None else []
    evidence = [{**row, "kind_label": words.get(row["evidence_kind"], row["evidence_kind"])} for row in rows]
    region = pick(data["region"]["label"], lang) or data["region"]["id"] or data["region"]["iri"]
    chain_names = {c["id"]: pick(c["label"], lang) for c in data["chains"]}
    facts = _facts_context(data["region_facts"], words, lang)
    facts["as_of_note"] = facts_as_of_line(data.get("as_of") or {}, lang).strip()  # how they were dated
    for cluster in facts["clusters"]:
        cluster["chain"] = chain_names.get(cluster["chain"], cluster["chain"])
    return {
        "lang": lang,
        "w": words,
        "title": words["title"].format(region=region),
        "region": region,
        "analysis": data,
        "brief": brief(data),
        "facts": facts,
        "profiles": profiles(result, data),
        "glossary": glossary(lang),
        "chain_names": [chain_names[c] for c in data["parameters"]["chains"] if c in chain_names],
        "data_files": source_names(data["sources"], lang),
        "evidence": evidence,
        "evidence_read": result.evidence is not None,
        "generated_at": _generated_at(generated_at),
        "version": __version__,
        "comparison": _comparison(comparison, lang),
        "since": since_context(since, lang) if since is not None else None,
        # what the analysis is of, when not the data as it is: the date (as the terminal says it); the scenario
        # is named once, in the notice that opens the briefing page (brief["scenario"])
        "layers": [line.strip() for line in as_of_lines(data.get("as_of"), lang)],
    }


def _comparison(comparison: Comparison | None, lang: Lang) -> dict[str, Any] | None:
    """The comparison as the report shows it: the JSON of ``chaingraph compare``, the regions' names, its words."""
    if comparison is None:
        return None
    data = comparison.to_dict()
    return {**data, "names": [pick(r["label"], lang) or r["id"] or r["iri"] for r in data["regions"]],
            "w": whatif_words(lang)}
