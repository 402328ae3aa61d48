"""The page's data island (:func:`build_data`): every link, company, flow and chain of a
:class:`~chaingraph.gaps.GapAnalysis` with its position, encoding and details, as plain JSON-ready data,
and the JSON text that goes into the page (:func:`island_json`).

Everything comes from the result (:class:`Context` holds the part that is not in its findings): the store
is never read again. **Scale**: a link shows at most :data:`PER_LINK` companies, the rest folded into a
``+N`` node; when the company layer would exceed :data:`MAX_COMPANIES` nodes, every link's companies are
folded into one ``+N`` node. A click on a ``+N`` node unfolds it (and a second click folds it again).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from chaingraph._version import __version__
from chaingraph.gaps.result import ChainResult, GapAnalysis, LinkResult
from chaingraph.output.cjktext import shorten
from chaingraph.output.datafiles import source_names
from chaingraph.output.render.errors import RenderError
from chaingraph.output.render.layout import Band, Flow, Placed, layout, link_text, node_size
from chaingraph.output.render.style import ACTOR_STEP, LINE_HEIGHT, STYLE, UI
from chaingraph.words import LANGS, Lang, pick

__all__ = ["MAX_COMPANIES", "PER_LINK", "Context", "build_data", "island_json"]

#: Above this many company nodes (local companies, planned projects and outside candidates, each
#: counted once), every link's companies are folded into one ``+N`` node, unfolded on click.
MAX_COMPANIES = 300
#: At most this many companies are drawn under one link; the rest are folded into a ``+N`` node.
PER_LINK = 8

Key = tuple[str, str]  # (chain id, link id)


# --------------------------------------------------------------------------------------------------
# what the picture needs besides the analysis: flows, both labels and figures of firms, sources
# --------------------------------------------------------------------------------------------------

@dataclass
class Context:
    """Facts the picture needs besides the chains' findings, all carried by the result: the flows between
    links (with their kind), both labels, place and capacities of companies, and the sources of links and
    companies (when the analysis read its evidence)."""

    flows: list[Flow] = field(default_factory=list)
    firms: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def from_result(cls, result: GapAnalysis) -> Context:
        return cls(list(result.flows), dict(result.actors),
                   dict(result.evidence.sources) if result.evidence is not None else {})


# --------------------------------------------------------------------------------------------------
# the data island
# --------------------------------------------------------------------------------------------------

def _codes(codes: Sequence[dict[str, Any]]) -> list[list[str]]:
    return [[str(c.get("code") or ""), str(c.get("label") or "")] for c in codes]


def _capacities(values: Sequence[dict[str, Any]]) -> list[str]:
    out = []
    for cap in values:
        text = cap.get("stated") or f"{cap.get('value')} {cap.get('unit') or ''}".strip()
        extra = ", ".join(str(v) for v in (cap.get("status"), cap.get("year")) if v)
        out.append(f"{text} ({extra})" if extra else str(text))
    return out


def _sources(entries: Sequence[dict[str, Any]], link: str | None = None) -> list[dict[str, Any]]:
    out = []
    for e in entries:
        if link is not None and e.get("link") not in (None, link):
            continue
        item = {"title": str(e.get("title") or e.get("id") or e.get("source") or "")}
        if e.get("id"):
            item["id"] = str(e["id"])
        if e.get("kind"):
            item["kind"] = str(e["kind"])
        if e.get("quote"):
            item["quote"] = str(e["quote"])
        if e.get("link"):
            item["link"] = str(e["link"])
        if item not in out:
            out.append(item)
    return out


def _language(lang: str) -> Lang:
    """*lang* as one of the page's languages (:data:`chaingraph.words.LANGS`)."""
    for known in LANGS:
        if lang == known:
            return known
    raise RenderError(f"unknown language '{lang}' (use zh or en)")


class _CompanyLayer:
    """Every company of the picture once — local firms, planned projects, outside candidates — with the
    links it belongs to, and the companies of each ``(chain, link)`` in display order (firms, then
    projects, then candidates)."""

    def __init__(self, context: Context, lang: Lang) -> None:
        self.context = context
        self.lang = lang
        self.actors: dict[str, dict[str, Any]] = {}
        self.per: dict[Key, list[str]] = defaultdict(list)

    @classmethod
    def collect(cls, result: GapAnalysis, context: Context, lang: Lang) -> _CompanyLayer:
        layer = cls(context, lang)
        result_lang = result.parameters.get("lang", "zh")  # the language the analysis read the names in
        for chain in result.chains:
            for link in chain.links:
                layer._add_local(chain.id, link, result_lang)
            layer._add_targets(chain)
        return layer

    def _actor(self, iri: str, role: str, label: dict[str, str], status: str, kind: str) -> dict[str, Any]:
        """The actor *iri*, made on first sight with both labels, place, capacities and sources."""
        if iri not in self.actors:
            firm = self.context.firms.get(iri, {})
            both = {**label, **{k: v for k, v in (firm.get("label") or {}).items() if v}}
            self.actors[iri] = {"iri": iri, "role": role, "label": both, "status": status, "kind": kind,
                                "place": pick(firm.get("place_label"), self.lang),
                                "cap": _capacities(firm.get("capacities") or []), "links": [], "reasons": [],
                                "rank": None, "src": _sources(self.context.sources.get(iri, []))}
        return self.actors[iri]

    def _add_local(self, chain_id: str, link: LinkResult, result_lang: str) -> None:
        group = [self._actor(f["iri"], "firm", {result_lang: f["label"]}, f["status"], f["kind"])
                 for f in sorted(link.local_firms, key=lambda f: (f["label"], f["iri"]))]
        group += [self._actor(p["iri"], "project", {result_lang: p["label"]}, p["status"], p["kind"])
                  for p in sorted(link.planned_projects, key=lambda p: (p["label"], p["iri"]))]
        for a in group:
            if link.id not in a["links"]:
                a["links"].append(link.id)
            self.per[(chain_id, link.id)].append(a["iri"])

    def _add_targets(self, chain: ChainResult) -> None:
        chain_links = {lk.id for lk in chain.links}
        for rank, target in enumerate(chain.targets, start=1):
            a = self._actor(target.iri, "target", dict(target.label), "operating", "company")
            a["rank"] = a["rank"] or rank
            a["place"] = a["place"] or pick(target.place_label, self.lang)
            if not a["reasons"]:
                a["reasons"] = [r.text(self.lang) for r in target.reasons]
                a["score"] = round(target.gap_score, 4)
            if target.capacity is not None and not a["cap"]:
                a["cap"] = [f"{target.capacity:g}"]
            for link_id in target.links:
                if link_id in chain_links:
                    if link_id not in a["links"]:
                        a["links"].append(link_id)
                    self.per[(chain.id, link_id)].append(a["iri"])


@dataclass
class _Placement:
    """Where the companies are drawn: each under its *home* link (the first, in chain and link order, that it
    belongs to), among the *shown* companies of that link or folded into its ``+N`` node (*hidden*)."""

    home: dict[str, Key]
    shown: dict[Key, list[str]]
    hidden: dict[Key, list[str]]

    @classmethod
    def of(cls, result: GapAnalysis, per: dict[Key, list[str]], *, companies: bool, folded: bool,
           limit: int) -> _Placement:
        placement = cls({}, {}, {})
        home = placement.home
        for chain in result.chains:
            for link in chain.links:
                key = (chain.id, link.id)
                mine = [iri for iri in per.get(key, []) if iri not in home or home[iri] == key]
                for iri in mine:
                    home.setdefault(iri, key)
                placement.shown[key] = mine[:limit] if companies else []
                rest = mine[limit:] if not folded else per.get(key, [])
                placement.hidden[key] = rest if companies else []
        return placement

    def extra_height(self, key: Key) -> int:
        """The height of the company layer under the link *key*."""
        n = len(self.shown[key]) + (1 if self.hidden[key] else 0)
        return n * ACTOR_STEP + (14 if n else 0)


def _place_companies(result: GapAnalysis, actors: dict[str, dict[str, Any]], placement: _Placement,
                     positions: dict[Key, Placed], lang: str) -> dict[Key, int]:
    """Put the shown companies in a column under their link (``x`` and ``y`` of *actors*); return the ``y``
    of the first company under each link."""
    first_y: dict[Key, int] = {}
    for chain in result.chains:
        for link in chain.links:
            key = (chain.id, link.id)
            at = positions[key]
            lines = link_text(link, lang).count("\n") + 1
            first_y[key] = at.y + node_size(link) + lines * LINE_HEIGHT + 12 + ACTOR_STEP // 2
            for i, iri in enumerate(placement.shown[key]):
                actors[iri]["x"], actors[iri]["y"] = at.x, first_y[key] + i * ACTOR_STEP
    return first_y


def _link_items(result: GapAnalysis, layer: _CompanyLayer, placement: _Placement, positions: dict[Key, Placed],
                first_y: dict[Key, int], ids: dict[str, str]) -> list[dict[str, Any]]:
    """One item per link: position, encoding and what the side panel shows."""
    lang, sources = layer.lang, layer.context.sources
    items = []
    for chain in result.chains:
        gap_rank = {g.link: i for i, g in enumerate(chain.gaps, start=1)}
        for link in chain.links:
            key = (chain.id, link.id)
            at = positions[key]
            supply = link.local_supply
            item: dict[str, Any] = {
                "id": link.id, "chain": chain.id, "label": dict(link.label), "text": link_text(link, lang),
                "stage": link.stage, "segment": dict(link.segment_label), "status": link.status,
                "absence": link.absence,
                "x": at.x, "y": at.y, "size": node_size(link), "n": link.operating_actors,
                "targeted": link.targeted, "broken": link.broken, "cuts": [list(c) for c in link.cuts],
                "trunc": list(link.truncation), "prio": link.priority, "rank": gap_rank.get(link.id),
                "action": link.action, "reasons": [r.text(lang) for r in link.reasons],
                "supply": None if supply is None or supply.ratio is None else round(supply.ratio, 4),
                "btw": round(link.betweenness, 4), "hs": _codes(link.hs_codes), "gb": _codes(link.gb_codes),
                "nearest": dict(link.nearest) if link.nearest else None,
                "actors": [ids[i] for i in layer.per.get(key, [])], "shown": [ids[i] for i in placement.shown[key]],
                "folded": [ids[i] for i in placement.hidden[key]],
                "src": _sources(sources.get(link.iri, [])),
            }
            if placement.hidden[key]:
                item["fold_y"] = first_y[key] + len(placement.shown[key]) * ACTOR_STEP
            items.append(item)
    return items


def _actor_items(actors: dict[str, dict[str, Any]], ids: dict[str, str], home: dict[str, Key],
                 lang: str) -> list[dict[str, Any]]:
    """One item per company, in the order of their ids: labels, role, details, position when drawn."""
    items = []
    for iri in sorted(actors, key=lambda i: int(ids[i][1:])):
        a = actors[iri]
        label = pick(a["label"], lang) or iri
        item = {"id": ids[iri], "iri": iri, "role": a["role"], "label": a["label"], "text": shorten(label),
                "status": a["status"], "kind": a["kind"], "place": a["place"], "cap": a["cap"],
                "links": a["links"], "home": home[iri][1] if iri in home else None, "src": [
                    s for s in a["src"] if s.get("link") in (None, *a["links"])]}
        if a["role"] == "target":
            item.update(reasons=a["reasons"], rank=a["rank"], score=a.get("score"))
        if "x" in a:
            item.update(x=a["x"], y=a["y"])
        items.append(item)
    return items


def _chain_items(result: GapAnalysis, bands: list[Band]) -> list[dict[str, Any]]:
    """One item per chain: labels, formula, coverage, 链主, open loop, and its band of the layout."""
    band_of = {b.chain: b for b in bands}
    chains = []
    for chain in result.chains:
        band = band_of[chain.id]
        chains.append({
            "id": chain.id, "label": dict(chain.label), "formula": chain.formula,
            "coverage": {"operating": chain.coverage.overall.operating, "total": chain.coverage.overall.total,
                         "by_status": dict(chain.coverage.overall.by_status)},
            "leader": {"label": dict(chain.chain_leader.label), "how": chain.chain_leader.how}
            if chain.chain_leader.iri else None,
            "open_loop": chain.open_loop.open if chain.open_loop.has_recycling else None,
            "band": [band.x0, band.y0, band.x1, band.y1],
            "segments": [{k: v for k, v in s.items() if k != "key"} for s in band.segments],
            "stages": band.stages,
        })
    return chains


def build_data(result: GapAnalysis, *, companies: bool = True, lang: str = "zh", context: Context | None = None,
               max_companies: int = MAX_COMPANIES, per_link: int | None = None) -> dict[str, Any]:
    """The page's data island: every link and company with its position, encoding and details.

    Plain JSON-ready data; its shape is internal to the page (the documented output is
    :meth:`GapAnalysis.to_dict`).
    """
    language = _language(lang)
    context = context or Context.from_result(result)
    layer = _CompanyLayer.collect(result, context, language)
    folded = companies and len(layer.actors) > max_companies
    limit = 0 if folded else (PER_LINK if per_link is None else per_link)
    placement = _Placement.of(result, layer.per, companies=companies, folded=folded, limit=limit)
    heights = {key: placement.extra_height(key) for key in placement.shown}
    positions, bands = layout(result, context.flows, heights, language)
    first_y = _place_companies(result, layer.actors, placement, positions, language)
    by_home = sorted(layer.actors, key=lambda i: (placement.home.get(i, ("~", "~")), i))
    ids = {iri: f"a{n}" for n, iri in enumerate(by_home)}
    link_ids = {link.id for chain in result.chains for link in chain.links}
    region = result.region
    return {
        "lang": language, "ui": UI[language], "style": STYLE,
        "region": {"label": dict(region.get("label") or {}), "id": region.get("id"),
                   "parent": dict((region.get("parent") or {}).get("label") or {}) or None},
        "params": {"min_firms": result.parameters.get("min_firms"), "named_only": result.parameters.get("named_only")},
        "files": source_names(result.sources, language),
        "tool": f"chaingraph {__version__}",
        "companies": bool(companies), "folded": bool(folded), "max_companies": max_companies,
        "chains": _chain_items(result, bands),
        "links": _link_items(result, layer, placement, positions, first_y, ids),
        "actors": _actor_items(layer.actors, ids, placement.home, language),
        "flows": [[u, v, kind, int(ret), int(cross)] for u, v, kind, ret, cross in context.flows
                  if u in link_ids and v in link_ids],
        "chain_order": [c.id for c in result.chains],
    }


def island_json(data: Any) -> str:
    """JSON for an HTML ``<script type="application/json">`` block: nothing in it can end the block or
    open a comment (``<``, ``>`` and ``&`` become ``\\u003c``…), and U+2028/U+2029 are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
