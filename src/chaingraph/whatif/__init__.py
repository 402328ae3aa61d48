"""What if, compared with whom, and what changed: scenarios over the data, diffs of two analyses.

* :func:`load_scenario` — a scenario file (TOML, docs/scenarios.md); ``Scenario.parse`` reads ``--assume`` texts;
* :func:`diff_analyses` — what changed between two analyses of a region (:class:`AnalysisDiff`).

The scenario itself is a layer of the analysis: ``analyze(kg, region=…, scenario=…)``
(:mod:`chaingraph.gaps.scenario`).
"""

from chaingraph.gaps.scenario import Assumption, Scenario
from chaingraph.whatif.diff import DIFF_SCHEMA, AnalysisDiff, ChainDiff, diff_analyses
from chaingraph.whatif.scenariofile import load_scenario, parse_capacity

__all__ = ["DIFF_SCHEMA", "AnalysisDiff", "Assumption", "ChainDiff", "Scenario", "diff_analyses", "load_scenario",
           "parse_capacity"]
