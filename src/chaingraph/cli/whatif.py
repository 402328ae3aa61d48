"""What if, compared with whom, what changed: the scenario of ``--assume`` and the printing of a diff."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chaingraph.cli.console import print_csv, stdout
from chaingraph.words import Lang

if TYPE_CHECKING:
    from chaingraph.gaps.result import GapAnalysis
    from chaingraph.gaps.scenario import Scenario

__all__ = ["print_changes", "scenario_of"]


def scenario_of(assume: list[str] | None) -> Scenario | None:
    """The scenario of the ``--assume`` values: scenario files (``.toml``) and assumptions, in the order given."""
    if not assume:
        return None
    from chaingraph.errors import InputError
    from chaingraph.gaps.scenario import Scenario
    from chaingraph.whatif.scenariofile import load_scenario

    scenario = Scenario(())
    problems = []
    texts = [value for value in assume if not value.strip().lower().endswith(".toml")]
    for value in assume:
        try:
            if value.strip().lower().endswith(".toml"):
                scenario = scenario + load_scenario(value.strip())
        except InputError as error:
            problems += error.problems
    try:
        scenario = scenario + Scenario.parse(texts) if texts else scenario
    except InputError as error:
        problems += error.problems
    if problems:
        raise InputError(problems)
    return scenario


def print_changes(before: GapAnalysis, after: GapAnalysis, output: str, table: str, lang: Lang) -> None:
    """What *after* (a scenario's analysis) changes against *before*, as a table, JSON or CSV rows."""
    from chaingraph.whatif.diff import diff_analyses
    from chaingraph.words import whatif_words

    diff = diff_analyses(before, after, whatif_words(lang)["base"], lang=lang)
    if output == "json":
        print(diff.to_json())
    elif output == "csv":
        print_csv(diff.rows())
    else:
        from chaingraph.output.changes import print_diff

        print_diff(diff, stdout(), lang)
