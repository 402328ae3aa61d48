"""The terminal view of a gap analysis (``chaingraph gaps --format table``), drawn with rich."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from chaingraph.gaps.result import GapAnalysis
from chaingraph.output.changes import as_of_lines, scenario_lines
from chaingraph.output.cjktext import fill
from chaingraph.output.linknames import join_links, link_names
from chaingraph.words import LINK_STATUSES, Lang, pick, status_word, terminal_words, terms

__all__ = ["print_gaps"]

STATUS_STYLE = {"present": "green", "weak": "yellow", "planned": "cyan", "missing": "red"}
#: narrower than this, gaps and targets are printed as numbered entries, not as tables: a table's reason
#: column would be a few characters wide (and rich folds it inside codes: 「GR\n24」)
TABLE_WIDTH = 120
INDENT = "     "


def print_gaps(result: GapAnalysis, console: Console, lang: Lang = "zh", limit: int = 15) -> None:
    """Print a summary, the segment coverage, the ranked gaps and the targets of every chain.

    Text from the data goes into the tables as :class:`rich.text.Text`, never as markup: a company called
    ``[bold]…`` is printed as it is written.
    """
    w = terminal_words(lang)
    data = result.to_dict()
    region = pick(data["region"]["label"], lang) or data["region"]["iri"]
    for line in as_of_lines(data.get("as_of"), lang) + scenario_lines(data.get("scenario"), lang):
        console.print(line, markup=False)
    for chain in data["chains"]:
        name = pick(chain["label"], lang) or chain["id"]
        console.rule(Text.assemble((name, "bold"), f" ({chain['id']}) — {region}"))
        if chain["formula"]:
            console.print(chain["formula"], markup=False)
        names = link_names(chain, lang)
        console.print(_summary(chain, w, lang), markup=False)
        basis = chain["absence"]
        console.print(w["absence_basis"].format(operating=basis["operating"], confirmed=len(basis["confirmed"]),
                                                unconfirmed=len(basis["unconfirmed"])), markup=False)
        for key in ("head", "tail"):
            if chain["truncation"][key]:
                console.print(f"{w[key]}: {join_links(chain['truncation'][key], names, lang)}", markup=False)
        for group in chain["loops"]:
            console.print(f"{w['loops']}: {join_links(group, names, lang)}", markup=False)
        console.print(_segments(chain, w, lang))
        narrow = console.width < TABLE_WIDTH
        console.print(*(_gap_entries(chain, w, lang, limit, console) if narrow
                        else [_gaps(chain, w, lang, limit)]), sep="\n")
        if len(chain["gaps"]) > limit:
            console.print("… " + w["more"].format(n=len(chain["gaps"]) - limit), markup=False)
        if chain["targets"]:
            console.print(*(_target_entries(chain, w, lang, limit, console) if narrow
                            else [_targets(chain, w, lang, limit)]), sep="\n")
        if chain["candidates"] == "none_in_data":
            console.print(w["no_candidates"], markup=False)
        for match in chain["matches"]["pairs"][:limit]:
            console.print(f"{w['matches']}: {match['text']}", markup=False)
        for balance in _balance(chain, w, lang, limit):
            if isinstance(balance, tuple):  # a link's balance: its head, then its reasons wrapped under it
                console.print(_entry(console, Text(balance[0]), balance[1]))
            else:
                console.print(balance, markup=False)
        console.print()


def _balance(chain: dict[str, Any], w: dict[str, str], lang: Lang, limit: int) -> list[str | tuple[str, str]]:
    """The links whose material balance the data decides (actual capacity, then what plans add), and how many
    it does not."""
    names = link_names(chain, lang)
    separator = "；" if lang == "zh" else "; "
    shown: dict[str, str] = {}
    lines: list[str | tuple[str, str]] = []
    for view in ("actual", "planned"):
        for row in chain.get("balance", {}).get(view, []):
            if row["status"] == "unknown" or shown.get(row["link"]) == row["status"]:
                continue
            shown[row["link"]] = row["status"]
            if len(lines) < limit:
                text = separator.join(r["text"] for r in row["reasons"] if r["code"] != "absence_unconfirmed")
                lines.append((f"  {names.get(row['link'], row['link'])} [{row['status_label']} · "
                              f"{w['view_' + view]}]", text))
    rest = len({row["link"] for rows in chain.get("balance", {}).values() for row in rows} - shown.keys())
    if not lines and not rest:
        return []
    return [w["balance"], *lines, *([w["balance_rest"].format(n=rest)] if rest else [])]


def _summary(chain: dict[str, Any], w: dict[str, str], lang: Lang) -> str:
    """Coverage, 链主, 断链 and the recycling loop on one line."""
    cov, leader, loop = chain["coverage"], chain["chain_leader"], chain["open_loop"]
    names = link_names(chain, lang)
    leader_text = w["none"]
    if leader["iri"]:
        leader_text = f"{pick(leader['label'], lang)}（{w[leader['how']]}）"
    elif leader["reasons"]:
        leader_text += f"（{leader['reasons'][0]['text']}）"
    loop_text = w["no_recycling"] if not loop["has_recycling"] else (
        f"{w['open']}（{join_links(loop['idle_recycling_links'], names, lang)}）" if loop["open"] else w["closed"])
    broken = join_links((b["id"] for b in chain["broken_links"]), names, lang) or w["none"]
    return (f"{w['coverage']} {cov['operating']}/{cov['total']} ({cov['ratio']:.0%}) · "
            f"{w['leader']}: {leader_text} · {w['broken']}: {broken} · {w['loop']}: {loop_text}")


def _segments(chain: dict[str, Any], w: dict[str, str], lang: Lang) -> Table:
    names = terms("status", lang)
    table = Table(title=w["segments"], title_justify="left", show_edge=False)
    table.add_column(w["segment"])
    table.add_column(w["operating_total"], justify="right")
    for key in LINK_STATUSES:
        table.add_column(names[key], justify="right", style=STATUS_STYLE[key])
    for cell in chain["coverage"]["by_segment"]:
        label = str(cell["label"] or "—") + (" ⚠" if cell["gap"] else "")
        table.add_row(Text(label), f"{cell['operating']}/{cell['total']}",
                      *(str(cell["by_status"][k]) for k in LINK_STATUSES))
    return table


def _gaps(chain: dict[str, Any], w: dict[str, str], lang: Lang, limit: int) -> Table:
    absence = {link["id"]: link["absence"] for link in chain["links"]}
    table = Table(title=w["gaps"], title_justify="left", show_lines=False)
    for column in (w["rank"], w["link"], w["name"], w["status"], w["action"], w["score"], w["reasons"]):
        table.add_column(column, justify="right" if column in (w["rank"], w["score"]) else "left", overflow="fold")
    separator = "；" if lang == "zh" else "; "
    for gap in chain["gaps"][:limit]:
        table.add_row(str(gap["rank"]), Text(gap["id"]), Text(pick(gap["label"], lang)),
                      Text(status_word(gap["status"], absence.get(gap["id"]), lang), style=STATUS_STYLE[gap["status"]]),
                      gap["action_label"],
                      f"{gap['score']:.2f}", Text(separator.join(r["text"] for r in gap["reasons"][1:3])))
    return table


def _targets(chain: dict[str, Any], w: dict[str, str], lang: Lang, limit: int) -> Table:
    table = Table(title=w["targets"], title_justify="left")
    for column in (w["rank"], w["company"], w["route"], w["place"], w["gap_links"], w["reasons"]):
        table.add_column(column, overflow="fold")
    names = link_names(chain, lang)
    for target in chain["targets"][:limit]:
        reasons = "；".join(r["text"] for r in target["reasons"][1:-1]) or target["reasons"][0]["text"]
        table.add_row(str(target["rank"]), Text(pick(target["label"], lang)), target["route_label"],
                      Text(pick(target["place_label"], lang) or "—"), Text(join_links(target["links"], names, lang)),
                      Text(reasons))
    return table


def _entry(console: Console, head: Text, *paragraphs: str) -> Text:
    """A numbered entry: its head (wrapped, continued under the indent), then each paragraph wrapped under
    it (CJK-aware, codes kept whole), all within the console's width."""
    width = console.width - len(INDENT) - 1
    lines = list(head.wrap(console, width))
    lines[1:] = [Text(INDENT) + line for line in lines[1:]]
    lines += [Text(INDENT + line) for text in paragraphs if text for line in fill(text, width)]
    return Text("\n").join(lines)


def _gap_entries(chain: dict[str, Any], w: dict[str, str], lang: Lang, limit: int, console: Console) -> list[Text]:
    """The ranked gaps as numbered entries, for a terminal too narrow for the table."""
    absence = {link["id"]: link["absence"] for link in chain["links"]}
    separator = "；" if lang == "zh" else "; "
    entries = [Text(w["gaps"], style="italic")]
    for gap in chain["gaps"][:limit]:
        action = f"【{gap['action_label']}】" if lang == "zh" else f"[{gap['action_label']}] "
        status = status_word(gap["status"], absence.get(gap["id"]), lang)
        head = Text.assemble(f"{gap['rank']:>3}. ", (action, "bold"), f"{gap['id']} {pick(gap['label'], lang)} · ",
                             (status, STATUS_STYLE[gap["status"]]), f" · {w['score']} {gap['score']:.2f}")
        entries.append(_entry(console, head, separator.join(r["text"] for r in gap["reasons"][1:3])))
    return entries


def _target_entries(chain: dict[str, Any], w: dict[str, str], lang: Lang, limit: int,
                    console: Console) -> list[Text]:
    """The 招商 targets as numbered entries, for a terminal too narrow for the table."""
    names = link_names(chain, lang)
    entries = [Text(w["targets"], style="italic")]
    for target in chain["targets"][:limit]:
        reasons = "；".join(r["text"] for r in target["reasons"][1:-1]) or target["reasons"][0]["text"]
        place = pick(target["place_label"], lang) or "—"
        head = Text.assemble(f"{target['rank']:>3}. ", (pick(target["label"], lang), "bold"),
                             f" · {target['route_label']} · {place}")
        links = f"{w['gap_links']}：" if lang == "zh" else f"{w['gap_links']}: "
        entries.append(_entry(console, head, links + join_links(target["links"], names, lang), reasons))
    return entries
