"""What a gap-analysis report says, as plain data: one dict that every format renders.

The context holds the analysis (:meth:`GapAnalysis.to_dict`), the words of the chosen language, the
evidence the findings rest on, and the metadata every report carries: parameters, data sources,
tool version and generation time. The generation time honours ``SOURCE_DATE_EPOCH`` (the
reproducible-builds convention), so two runs can be made byte-identical.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from chaingraph._version import __version__
from chaingraph.gaps.result import GapAnalysis
from chaingraph.output.changes import as_of_lines, scenario_lines
from chaingraph.words import Lang, pick, report_words, whatif_words

if TYPE_CHECKING:
    from chaingraph.whatif.compare import Comparison

__all__ = ["pick", "report_context"]


def _generated_at(when: datetime | None) -> str:
    if when is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def report_context(result: GapAnalysis, *, generated_at: datetime | None = None,
                   comparison: Comparison | None = None) -> dict[str, Any]:
    """Everything a report shows, as plain data (see the module documentation); with *comparison*, the regions
    compared (``report --compare``: :func:`chaingraph.whatif.compare.compare_regions`' result)."""
    data = result.to_dict()
    lang: Lang = data["parameters"]["lang"]
    words = report_words(lang)
    rows = result.evidence.region if result.evidence is not None else []
    evidence = [{**row, "kind_label": words.get(row["evidence_kind"], row["evidence_kind"])} for row in rows]
    region = pick(data["region"]["label"], lang) or data["region"]["id"] or data["region"]["iri"]
    return {
        "lang": lang,
        "w": words,
        "title": words["title"].format(region=region),
        "region": region,
        "analysis": data,
        "evidence": evidence,
        "evidence_read": result.evidence is not None,
        "generated_at": _generated_at(generated_at),
        "version": __version__,
        "comparison": _comparison(comparison, lang),
        # what the analysis is of, when not the data as it is: the date, the scenario (as the terminal says them)
        "layers": [line.strip() for line in as_of_lines(data.get("as_of"), lang)
                   + scenario_lines(data.get("scenario"), lang)],
    }


def _comparison(comparison: Comparison | None, lang: Lang) -> dict[str, Any] | None:
    """The comparison as the report shows it: the JSON of ``chaingraph compare``, the regions' names, its words."""
    if comparison is None:
        return None
    data = comparison.to_dict()
    return {**data, "names": [pick(r["label"], lang) or r["id"] or r["iri"] for r in data["regions"]],
            "w": whatif_words(lang)}
