"""Target profiles (一企一档): for each ranked 招商 target, where it is, what it makes, its ties to local firms,
why it is recommended (the gaps, the route) and the evidence behind it — plain data for every format.

>>> from chaingraph.gaps import analyze
>>> result = analyze(region="綦江区", chains=["gear"])
>>> first = profiles(result, result.to_dict())[0]["profiles"][0]
>>> first["name"], first["route"]
('摩托车离合器生产企业（未具名）', '本地培育')
"""

from __future__ import annotations

from typing import Any

from chaingraph.gaps.result import GapAnalysis
from chaingraph.output.linknames import join_links, link_names
from chaingraph.output.reports.figures import quantity
from chaingraph.words import Lang, pick, report_words, status_word, term

__all__ = ["MAX_PROFILES", "profiles"]

#: profiles per chain (one page each in print); the targets table lists every ranked target
MAX_PROFILES = 10
#: the reasons that are a target's ties to local firms
_TIES = ("buys_from_local", "supplies_local", "shared_customer", "customer_lever")


def profiles(result: GapAnalysis, data: dict[str, Any], limit: int = MAX_PROFILES) -> list[dict[str, Any]]:
    """Per chain: ``{"chain", "id", "profiles": [...], "more": n}``, each profile a dict of display texts."""
    lang: Lang = data["parameters"]["lang"]
    out = []
    for chain in data["chains"]:
        shown = [_profile(result, chain, t, lang) for t in chain["targets"][:limit]]
        out.append({"chain": pick(chain["label"], lang), "id": chain["id"], "profiles": shown,
                     "more": max(0, len(chain["targets"]) - limit)})
    return out


def _profile(result: GapAnalysis, chain: dict[str, Any], target: dict[str, Any], lang: Lang) -> dict[str, Any]:
    w = report_words(lang)
    region = pick(result.region.get("label"), lang) or str(result.region.get("id") or "")
    names = link_names(chain, lang)
    actor = result.actors.get(target["iri"], {})
    links = actor.get("links") or []
    capacities = [quantity(c["value"], c["unit"], c.get("bound"), lang)
                  + (f"（{c['stated']}）" if lang == "zh" and c.get("stated") else "")
                  for c in actor.get("capacities") or [] if (c.get("status") or "actual") == "actual"]
    by_id = {link["id"]: link for link in chain["links"]}
    gaps = {g["id"]: g for g in chain["gaps"]}
    colon, comma = ("：", "，") if lang == "zh" else (": ", ", ")
    answers = [f"{gid} {pick(by_id[gid]['label'], lang)}{colon}"
               f"{status_word(by_id[gid]['status'], by_id[gid]['absence'], lang)}{comma}{gaps[gid]['action_label']}"
               for gid in target["links"] if gid in by_id and gid in gaps]
    ties = [r["text"] for r in target["reasons"] if r["code"] in _TIES]
    why = [r["text"] for r in target["reasons"] if r["text"] not in ties]
    return {
        "rank": target["rank"], "name": pick(target["label"], lang),
        "place": pick(target["place_label"], lang) or (region if target["local"] else w["in_data"]),
        "kind": w["local"] if target["local"] else w["external"], "route": target["route_label"],
        "route_code": target["route"],
        "links": join_links(links, {**names, **{x: x for x in links if x not in names}}, lang) or w["in_data"],
        "capacity": "；".join(capacities) if lang == "zh" else "; ".join(capacities),
        "gaps": answers, "ties": ties, "why": why,
        "evidence": _evidence(result, target["iri"], lang),
        "term_route": term("route", target["route"], lang),
    }


def _evidence(result: GapAnalysis, iri: str, lang: Lang) -> list[str]:
    """The sources of the company, each once, with the quote where a fact has one."""
    if result.evidence is None:
        return []
    out: list[str] = []
    for source in result.evidence.sources.get(iri, []):
        title = source.get("title") or source["source"].rsplit("/", 1)[-1]
        kind = term("evidence", source["kind"], lang) if source.get("kind") else ""
        text = title + (f"（{kind}）" if kind and lang == "zh" else f" ({kind})" if kind else "")
        if source.get("quote"):
            text += f"：「{source['quote']}」" if lang == "zh" else f": “{source['quote']}”"
        if text not in out:
            out.append(text)
    return out
