"""The terminal view of what changed (``chaingraph gaps --assume … --diff``, ``chaingraph diff``), and the lines
that name a scenario and say what its assumptions did (every output of a scenario's analysis starts with them)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from chaingraph.output.linknames import join_links
from chaingraph.whatif.diff import AnalysisDiff, ChainDiff
from chaingraph.words import Lang, pick, status_word, whatif_words

__all__ = ["as_of_lines", "facts_as_of_line", "print_diff", "scenario_lines"]


def scenario_lines(scenario: dict[str, Any] | None, lang: Lang) -> list[str]:
    """「情景：…」 and one line per actor an assumption touched (status before → after, added, removed)."""
    if not scenario:
        return []
    w = whatif_words(lang)
    lines = [f"{w['scenario']}: {scenario['name']}"]
    if scenario.get("note"):
        lines.append(scenario["note"])
    for effect in scenario.get("effects", []):
        for actor in effect["actors"]:
            label = pick(actor["label"], lang) or actor["iri"]
            if actor["after"] is None:
                lines.append("  " + w["effect_removed"].format(label=label))
            elif actor["before"] is None or effect["kind"] == "add":
                lines.append("  " + w["effect_added"].format(label=label, links="、".join(actor["links"]),
                                                             after=w[f"actor_{actor['after']}"]))
            else:
                lines.append("  " + w["effect_status"].format(label=label, before=w[f"actor_{actor['before']}"],
                                                              after=w[f"actor_{actor['after']}"]))
    return lines


def as_of_lines(as_of: dict[str, Any] | None, lang: Lang) -> list[str]:
    """「截至…年（仅依据注明日期的来源）…」 and one line per actor or capacity figure the date left out."""
    if not as_of:
        return []
    w = whatif_words(lang)
    lines = [w["as_of"].format(year=as_of["year"], clauses=_as_of_clauses(as_of, w))]
    for actor in as_of["left_out"]:
        links = w["as_of_links"].format(links="、".join(actor["links"])) if actor["links"] else ""
        lines.append(w["as_of_actor"].format(label=pick(actor["label"], lang) or actor["iri"], links=links,
                                             dated=actor["dated"]))
    for figure in as_of["capacities_left_out"]:
        lines.append(w["as_of_figure"].format(label=pick(figure["label"], lang) or figure["iri"],
                                              stated=figure["stated"] or f"{figure['value']:g} {figure['unit']}",
                                              dated=figure["dated"]))
    return lines


def _as_of_clauses(as_of: dict[str, Any], w: dict[str, str]) -> str:
    """What the date left out and what it kept undated, naming only counts above zero."""
    things = [w[key].format(n=n) for key, n in (("as_of_actors", len(as_of["left_out"])),
                                                  ("as_of_figures", len(as_of["capacities_left_out"]))) if n]
    clauses = [w["as_of_left"].format(things=w["as_of_and"].join(things)) if things else w["as_of_none_left"]]
    if as_of["undated"]:
        clauses.append(w["as_of_undated"].format(undated=as_of["undated"]))
    return w["as_of_sep"].join(clauses)


def facts_as_of_line(as_of: dict[str, Any], lang: Lang) -> str:
    """「关键数字：年份或来源日期晚于2024年的3项未列出…」 (``""`` when the date was not laid over them)."""
    if as_of.get("facts") is None:
        return ""
    return "  " + whatif_words(lang)["as_of_facts"].format(year=as_of["year"], left=len(as_of["facts"]["left_out"]),
                                                           undated=as_of["facts"]["undated"])


def print_diff(diff: AnalysisDiff, console: Console, lang: Lang = "zh", limit: int = 15) -> None:
    """Print what changed, chain by chain; text from the data is printed as it is (never as markup)."""
    w = whatif_words(lang)
    region = pick(diff.region["label"], lang) or diff.region["iri"]
    for line in scenario_lines(diff.scenario, lang):
        console.print(line, markup=False)
    for side in ("before", "after"):  # the date each side is evaluated at: what it rests on
        lines = as_of_lines((diff.as_of or {}).get(side), lang)
        name = getattr(diff, side)
        if lines:  # a side named by its date is not named twice (「截至2024年: 截至2024年（…）」)
            console.print(lines[0] if not name or lines[0].startswith(name) else f"{name}: {lines[0]}", markup=False)
    for chain in diff.chains:
        console.rule(Text.assemble((pick(chain.label, lang) or chain.id, "bold"), f" ({chain.id}) — {region}"))
        console.print(w["diff_title"].format(before=diff.before or w["base"], after=diff.after or w["scenario"]),
                      markup=False)
        _print_chain(chain, console, w, lang, limit)
        console.print()
    for side in ("before", "after"):
        if diff.only.get(side):
            console.print(f"{w['only_' + side]}: {', '.join(diff.only[side])}", markup=False)
    for name, items in diff.sections.items():
        if items:
            console.print(_section(name, items, w, lang, limit))


def _print_chain(chain: ChainDiff, console: Console, w: dict[str, str], lang: Lang, limit: int) -> None:
    cov = chain.coverage

    def share(cell: dict[str, Any]) -> str:
        return f"{cell['operating']}/{cell['total']} ({cell['ratio']:.0%})"

    console.print(w["coverage_change"].format(before=share(cov["before"]), after=share(cov["after"])), markup=False)
    if not chain.changed:
        console.print(w["no_change"], markup=False)
        return
    for segment in cov["segments"]:
        console.print(f"  {segment['label'] or '—'}: {share(segment['before'])} → {share(segment['after'])}",
                      markup=False)
    if chain.statuses:
        table = Table(title=w["statuses"], title_justify="left")
        for column in (w["id"], w["name"], w["before"], w["after"]):
            table.add_column(column, overflow="fold")
        for s in chain.statuses[:limit]:
            table.add_row(Text(s["id"]), Text(pick(s["label"], lang)), _status(s, "before", lang),
                          _status(s, "after", lang))
        console.print(table)
    names = {link: f"{link} {pick(label, lang)}".rstrip() for link, label in chain.names.items()}
    for key in ("added", "removed"):
        if chain.broken.get(key):
            console.print(f"{w['broken_' + key]}: {join_links(chain.broken[key], names, lang)}", markup=False)
        for part in ("head", "tail"):
            if chain.truncation.get(part, {}).get(key):
                console.print(f"{w[f'{part}_{key}']}: {join_links(chain.truncation[part][key], names, lang)}",
                              markup=False)
    _ranked(console, chain.gaps, "gaps", ("new", "closed", "moved"), w, lang, limit)
    _ranked(console, chain.targets, "targets", ("new", "dropped", "moved"), w, lang, limit)
    if chain.leader:
        console.print(w["leader_change"].format(before=pick(chain.leader["before"]["label"], lang) or w["none"],
                                                after=pick(chain.leader["after"]["label"], lang) or w["none"]),
                      markup=False)
    if chain.open_loop:
        console.print(w["loop_change"].format(before=w["open" if chain.open_loop["before"] else "closed"],
                                              after=w["open" if chain.open_loop["after"] else "closed"]), markup=False)
    for change in chain.extra.get("balance", [])[:limit]:
        before, after = (change[side]["status_label"] if change[side] else "—" for side in ("before", "after"))
        console.print(w["balance_change"].format(link=names.get(change["link"], change["link"]),
                                                 view=w[f"view_{change['view']}"],
                                                 before=before, after=after), markup=False)


def _status(change: dict[str, Any], side: str, lang: Lang) -> Text:
    return Text(f"{status_word(change[side], change[f'{side}_absence'], lang)} · {change[f'operating_{side}']}")


def _ranked(console: Console, lists: dict[str, list[dict[str, Any]]], what: str, keys: tuple[str, ...],
            w: dict[str, str], lang: Lang, limit: int) -> None:
    for key in keys:
        entries = lists.get(key) or []
        if not entries:
            continue
        parts = []
        for entry in entries[:limit]:
            name = pick(entry["label"], lang)
            if entry.get("id"):  # a gap: its link, named
                name = f"{entry['id']} {name}".rstrip()
            if key == "moved":
                scores = {f"score_{side}": f"{entry[f'score_{side}']:.2f}" if "score_before" in entry else "—"
                          for side in ("before", "after")}
                parts.append(f"{name} " + w["rank_change"].format(before=entry["rank_before"],
                                                                  after=entry["rank_after"], **scores))
            else:
                parts.append(f"{name}（{entry['rank']}）" if lang == "zh" else f"{name} (#{entry['rank']})")
        more = f" … +{len(entries) - limit}" if len(entries) > limit else ""
        console.print(f"{w[f'{what}_{key}']}: {'；'.join(parts)}{more}", markup=False)


def _section(name: str, items: list[dict[str, Any]], w: dict[str, str], lang: Lang, limit: int) -> Table:
    table = Table(title=w.get(name, name), title_justify="left")
    for column in (w["company"], w["before"], w["after"]):
        table.add_column(column, overflow="fold")
    for item in items[:limit]:
        table.add_row(Text(pick(item.get("label"), lang) or item.get("iri", "")), Text(str(item.get("before") or "")),
                      Text(str(item.get("after") or "")))
    return table
