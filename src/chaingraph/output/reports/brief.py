"""The briefing page (要报): the region's position per chain, the top recommendations and the key projects,
in sentences filled from the analysis JSON (:meth:`GapAnalysis.to_dict`).

Every sentence is a template of :func:`chaingraph.briefwords.brief_words` filled from named fields, and
carries its ``basis``: the JSON paths it was filled from (``chains[0].coverage``), so each can be traced. A
sentence whose data is absent is left out, and no sentence claims an absence the data does not back:
an absence is said as what the data shows (「数据中未见」), with whether a survey confirms it.

>>> from chaingraph.gaps import analyze
>>> page = brief(analyze(region="綦江区", chains=["aluminium"]).to_dict())
>>> page["position"][0]["sentences"][0]["text"]
'铝精深加工产业链：在25个环节中，本地在产8个（覆盖率32%）。'
>>> page["position"][0]["sentences"][0]["basis"]
['chains[0].label', 'chains[0].coverage']
"""

from __future__ import annotations

from typing import Any

from chaingraph.briefwords import brief_words
from chaingraph.output.changes import scenario_lines
from chaingraph.output.linknames import join_links, link_names
from chaingraph.output.reports.figures import quantity, when
from chaingraph.words import Lang, pick, status_word, term

__all__ = ["MAX_RECOMMENDATIONS", "brief"]

#: how many recommendations the page gives (at least one per chain that has a gap, as room allows)
MAX_RECOMMENDATIONS = 5

Sentence = dict[str, Any]

#: reasons a recommendation does not repeat: its status is said beside it, and coverage on the page above
_SAID_ELSEWHERE = frozenset({"status_missing", "status_planned", "status_weak", "absence_unconfirmed",
                             "parent_not_covered", "in_formula"})


def _inner(text: str) -> str:
    """*text* to put inside parentheses: its own parenthesised part after a comma (「缺链，数据未覆盖」), never
    parentheses within parentheses.

    >>> _inner("缺链（数据未覆盖）"), _inner("missing (not surveyed)")
    ('缺链，数据未覆盖', 'missing, not surveyed')
    """
    return text.replace("（", "，").replace("）", "").replace(" (", ", ").replace(")", "")


def _say(text: str, *basis: str) -> Sentence:
    return {"text": text, "basis": list(basis)}


def brief(data: dict[str, Any]) -> dict[str, Any]:
    """The briefing page of the analysis *data*: ``scenario`` (the lines naming the scenario assumed and what
    each assumption did, first on the page; empty for the data as it is), ``position`` (per chain: its
    sentences), ``recommendations`` and ``projects`` (sentences), each sentence ``{"text", "basis"}``."""
    lang: Lang = data["parameters"]["lang"]
    b = brief_words(lang)
    facts = data.get("region_facts") or {}
    position: list[dict[str, Any]] = [{"chain": pick(c["label"], lang), "sentences": _position(c, i, facts, b, lang)}
                for i, c in enumerate(data["chains"])]
    for chain in position:  # the paragraph as one text, for formats without sentence marks
        chain["text"] = ("" if lang == "zh" else " ").join(s["text"] for s in chain["sentences"])
    region = pick(data["region"]["label"], lang) or data["region"].get("id") or ""
    targets = _region_targets(facts.get("figures", []), region, b, lang)
    return {"scenario": [line.strip() for line in scenario_lines(data.get("scenario"), lang)],
            "position": position, "region": targets,
            "recommendations": _recommendations(data["chains"], b, lang),
            "projects": _projects(facts.get("projects", []), facts.get("figures", []), b, lang,
                                  _assumed_statuses(data.get("scenario")))}


def _assumed_statuses(scenario: dict[str, Any] | None) -> dict[str, str]:
    """The status a scenario gives an actor or project, by IRI (``scenario.effects[].actors[].after``)."""
    return {actor["iri"]: actor["after"] for effect in (scenario or {}).get("effects", [])
            for actor in effect.get("actors", []) if actor.get("after")}


def _position(c: dict[str, Any], i: int, facts: dict[str, Any], b: dict[str, str], lang: Lang) -> list[Sentence]:
    """Two to six sentences on one chain: coverage and what it rests on, 链主, segments, structure, figures."""
    at = f"chains[{i}]"
    cov, name = c["coverage"], pick(c["label"], lang)
    out = [_say(b["coverage"].format(chain=name, total=cov["total"], operating=cov["operating"],
                                     ratio=f"{cov['ratio']:.0%}"), f"{at}.label", f"{at}.coverage")]
    if c["absence"]["unconfirmed"]:
        out.append(_say(b["unconfirmed"].format(n=len(c["absence"]["unconfirmed"])), f"{at}.absence.unconfirmed"))
    if c["absence"]["confirmed"]:
        out.append(_say(b["confirmed"].format(n=len(c["absence"]["confirmed"])), f"{at}.absence.confirmed"))
    leader = c["chain_leader"]
    if leader["iri"]:
        out.append(_say(b["leader"].format(leader=pick(leader["label"], lang), how=term("leader_how", leader["how"],
                                                                                        lang)), f"{at}.chain_leader"))
    elif leader["reasons"]:
        out.append(_say(b["no_leader"].format(reason=leader["reasons"][0]["text"]), f"{at}.chain_leader.reasons"))
    out += _segments(c, at, b)
    names = link_names(c, lang)
    if c["broken_links"]:
        out.append(_say(b["broken"].format(links=join_links((x["id"] for x in c["broken_links"]), names, lang)),
                        f"{at}.broken_links"))
    if c["open_loop"]["has_recycling"] and c["open_loop"]["open"] and c["open_loop"]["idle_recycling_links"]:
        out.append(_say(b["open_loop"].format(links=join_links(c["open_loop"]["idle_recycling_links"], names, lang)),
                        f"{at}.open_loop"))
    return out + _chain_facts(c["id"], facts, b, lang)


def _segments(c: dict[str, Any], at: str, b: dict[str, str]) -> list[Sentence]:
    cells = [cell for cell in c["coverage"]["by_segment"] if cell["total"] and cell["key"] is not None]
    if len(cells) < 2:
        return []
    strong = max(cells, key=lambda x: (x["ratio"], x["operating"], -x["order"]))
    weak = min(cells, key=lambda x: (x["ratio"], x["operating"], x["order"]))
    if strong is weak or strong["ratio"] == weak["ratio"]:
        return []
    return [_say(b["segments"].format(strong=strong["label"], strong_n=strong["operating"],
                                      strong_total=strong["total"], weak=weak["label"], weak_n=weak["operating"],
                                      weak_total=weak["total"]), f"{at}.coverage.by_segment")]


def _figure_text(figure: dict[str, Any], b: dict[str, str], lang: Lang) -> str:
    metric = pick(figure.get("metric_label"), lang)
    return b["figure"].format(metric=metric, value=quantity(figure["value"], figure["unit"], figure.get("bound"), lang),
                              when=when(figure, lang))


def _chain_facts(chain: str, facts: dict[str, Any], b: dict[str, str], lang: Lang) -> list[Sentence]:
    """The chain's clusters with their figures, and the designations about it."""
    out = []
    sep = "、" if lang == "zh" else "; "
    figures = facts.get("figures", [])
    for k, cluster in enumerate(facts.get("clusters", [])):
        if cluster["chain"] != chain:
            continue
        found = [(j, f) for j, f in enumerate(figures) if f["entity"] == cluster["iri"] and f.get("metric_label")]
        if found:
            text = b["cluster"].format(cluster=pick(cluster["label"], lang),
                                       figures=sep.join(_figure_text(f, b, lang) for _, f in found))
            out.append(_say(text, f"region_facts.clusters[{k}]", *(f"region_facts.figures[{j}]" for j, _ in found)))
    held = [(k, d) for k, d in enumerate(facts.get("designations", [])) if d["chain"] == chain]
    if held:
        names = sep.join(f"{pick(d['label'], lang)}（{_inner(pick(d['level_label'], lang))}）" if lang == "zh" else
                         f"{pick(d['label'], lang)} ({_inner(pick(d['level_label'], lang))})" for _, d in held)
        out.append(_say(b["designation"].format(names=names), *(f"region_facts.designations[{k}]" for k, _ in held)))
    return out


def _region_targets(figures: list[dict[str, Any]], region: str, b: dict[str, str], lang: Lang) -> list[Sentence]:
    found = [(j, f) for j, f in enumerate(figures) if f["kind"] == "region" and f.get("status") == "target"]
    if not found:
        return []
    sep = "、" if lang == "zh" else "; "
    said = sep.join(_figure_text(f, b, lang) for _, f in found)
    return [_say(b["region_targets"].format(region=region, figures=said),
                 *(f"region_facts.figures[{j}]" for j, _ in found))]


def _pick_gaps(chains: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """(chain index, gap index) of the recommendations: each chain's best gap first, then the best scores."""
    firsts = sorted(((i, 0) for i, c in enumerate(chains) if c["gaps"]),
                    key=lambda p: -chains[p[0]]["gaps"][0]["score"])
    chosen = firsts[:MAX_RECOMMENDATIONS]
    rest = sorted(((i, g) for i, c in enumerate(chains) for g in range(1, len(c["gaps"]))),
                  key=lambda p: (-chains[p[0]]["gaps"][p[1]]["score"], p))
    return chosen + rest[:max(0, MAX_RECOMMENDATIONS - len(chosen))]


def _recommendations(chains: list[dict[str, Any]], b: dict[str, str], lang: Lang) -> list[Sentence]:
    out = []
    sep = "；" if lang == "zh" else "; "
    for i, g in _pick_gaps(chains):
        c, gap = chains[i], chains[i]["gaps"][g]
        link = next(x for x in c["links"] if x["id"] == gap["id"])
        said = [r for r in gap["reasons"] if r["code"] not in _SAID_ELSEWHERE] or gap["reasons"]
        why = sep.join(r["text"] for r in said[:3])
        text = b["recommendation"].format(action=gap["action_label"], chain=pick(c["label"], lang),
                                          link=f"{gap['id']} {pick(gap['label'], lang)}",
                                          status=_inner(status_word(gap["status"], link["absence"], lang)), why=why)
        basis = [f"chains[{i}].gaps[{g}]"]
        routes: dict[str, list[str]] = {}
        for t, target in enumerate(c["targets"]):
            if gap["id"] in target["links"]:
                routes.setdefault(target["route_label"], []).append(pick(target["label"], lang))
                basis.append(f"chains[{i}].targets[{t}]")
        if routes:
            listed = sep.join(b["route"].format(route=route, names="、".join(names[:4]) if lang == "zh"
                                                else ", ".join(names[:4])) for route, names in routes.items())
            text += b["routes"].format(routes=listed)
        else:
            text += b["no_candidate"]
        out.append(_say(text, *basis))
    return out


def _projects(projects: list[dict[str, Any]], figures: list[dict[str, Any]], b: dict[str, str],
              lang: Lang, assumed: dict[str, str]) -> list[Sentence]:
    """The key projects as the data states them; a status the scenario assumes is said beside the stated one."""
    out = []
    sep = "，" if lang == "zh" else ", "
    for k, project in enumerate(projects):
        details, basis = [], [f"region_facts.projects[{k}]"]
        if project["investor"]:
            details.append(b["investor"].format(name=pick(project["investor"]["label"], lang)))
        status = term("actor_status", project["status"], lang) if project["status"] else ""
        if project["iri"] in assumed and assumed[project["iri"]] != project["status"]:
            status += b["assumed"].format(status=term("actor_status", assumed[project["iri"]], lang))
            basis.append("scenario.effects")
        if status:
            details.append(status)
        if project["date"]:
            details.append(project["date"])
        for j, f in enumerate(figures):
            if f["entity"] == project["iri"]:
                details.append(f["stated"] if lang == "zh" and f.get("stated") else
                               f"{quantity(f['value'], f['unit'], f.get('bound'), lang)} ({when(f, lang)})")
                basis.append(f"region_facts.figures[{j}]")
        if project["links"]:
            details.append(b["in_links"].format(links="、".join(project["links"]) if lang == "zh"
                                                else ", ".join(project["links"])))
        out.append(_say(b["project"].format(project=pick(project["label"], lang), details=sep.join(details)), *basis))
    return out
