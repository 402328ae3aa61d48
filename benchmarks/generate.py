"""Deterministic synthetic national-scale chaingraph dataset, as N-Triples.

The data uses the vocabulary and IRI conventions of the bundled data (``ontology/``, ``graph/``) and is
meant to conform to ``ontology/shapes.ttl``:

* a region hierarchy: one country → provinces → cities → districts (``cg:Region`` with ``skos:notation``,
  ``skos:prefLabel`` in Chinese and English, ``cg:adminLevel`` and ``cg:locatedIn`` its parent), and
  0–3 ``cg:IndustrialPark`` per district;
* *chains* chains (``cgk:chain-c1`` …, notation ``c1``) of *links* links each (``cgk:C1L0001`` …, ids
  unique across chains), split into ~5 segments (``cg:Segment`` with ``cg:order``), staged
  input → primary → midstream → downstream plus two recycling links per chain, with a DAG of
  ``cg:feeds`` edges (each link feeds 1–3 links in later stages), return flows into the recycling links
  (``cg:Flow`` of kind ``cgk:flow-scrap`` plus the ``cg:feeds`` triple) and a few cross-chain edges;
* *companies* ``cg:Enterprise`` located in a district or park picked with a skewed (Zipf-like)
  distribution, operating in 1–2 links, mostly operating (some planned, signed, under construction or
  closed), most with an actual capacity in t/yr, and ~3 ``cg:suppliesTo`` edges to companies of the
  links they feed, drawn so that hub customers exist;
* a few signed ``cg:Project``\\ s, ``cg:Plan``\\ s that target links, and one ``cg:Cluster`` with a
  ``cg:chainLeader`` per (district, chain) for the busiest districts.

Every ~997th company name contains ``<b>测试</b> & "Co"`` to exercise escaping downstream. The same
arguments always give byte-identical output (one ``random.Random(seed)``, no set or hash ordering).

Usage::

    python benchmarks/generate.py --companies 100000 --links 1000 --chains 5 --seed 1 --out g.nt
    python benchmarks/generate.py --triples 1000000 --links 1000 --chains 5 --out g1m.nt

The output is written to a temporary file in the same folder and moved into place when complete. A
summary (counts, the busiest district, the chain ids) is printed to stderr and written as JSON next to
the output (``FILE.nt.meta.json``) so that benchmarks can reuse the file.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from bisect import bisect
from dataclasses import asdict, dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import TextIO

try:
    from chaingraph.fileio import atomic_output, write_text
except ImportError:  # a checkout without the package installed: use the working tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from chaingraph.fileio import atomic_output, write_text

__all__ = ["Counts", "generate", "main"]

CG = "https://w3id.org/chaingraph/ns#"
CGK = "https://w3id.org/chaingraph/kos/"
CGD = "https://w3id.org/chaingraph/data/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _i(iri: str) -> str:
    return f"<{iri}>"


A = _i("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PREF = _i(SKOS + "prefLabel")
NOTATION = _i(SKOS + "notation")
DERIVED = _i("http://www.w3.org/ns/prov#wasDerivedFrom")
TITLE = _i("http://purl.org/dc/terms/title")
NUMERIC = _i("http://qudt.org/schema/qudt/numericValue")
UNIT = _i("http://qudt.org/schema/qudt/unit")
TONNE_PER_YR = _i("http://qudt.org/vocab/unit/TONNE-PER-YR")


def cg(local: str) -> str:
    return _i(CG + local)


def cgk(local: str) -> str:
    return _i(CGK + local)


def cgd(local: str) -> str:
    return _i(CGD + local)


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """An N-Triples literal, escaped (backslash, quote, line breaks)."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{body}"@{lang}'
    if datatype:
        return f'"{body}"^^<{XSD}{datatype}>'
    return f'"{body}"'


# (notation, zh, en, order) — the order matches cgk:stage-* cg:order in ontology/kos.ttl
STAGES = {
    "input": ("上游投入", "input", 1),
    "primary": ("初级生产", "primary production", 2),
    "midstream": ("中游", "midstream", 3),
    "downstream": ("下游", "downstream", 4),
    "recycling": ("循环再生", "recycling", 5),
}
ADMIN = ("admin-country", "admin-province", "admin-prefecture", "admin-county")
NAME_CHARS = "华中东西南北新金宏恒盛鑫瑞德天和安信宝通嘉鸿远力达丰"
STAGE_WORDS = {
    "input": ("矿业", "能源", "原料", "资源"),
    "primary": ("冶炼", "材料", "化工", "精炼"),
    "midstream": ("精密", "机械", "零部件", "加工", "电子"),
    "downstream": ("汽车", "装备", "科技", "电器", "智能"),
    "recycling": ("再生资源", "环保", "回收"),
}
ESCAPE_NAME = '<b>测试</b> & "Co"'
# actor status: (cumulative probability, status or None for "no cg:status" (= operating))
STATUS_TABLE = ((0.60, "operating"), (0.85, None), (0.91, "planned"), (0.95, "signed"),
                (0.96, "under-construction"), (1.0, "closed"))


@dataclass
class Counts:
    """What :func:`generate` wrote (also printed to stderr and stored as ``FILE.meta.json``)."""

    triples: int = 0
    companies: int = 0
    links: int = 0
    chains: int = 0
    regions: int = 0
    districts: int = 0
    parks: int = 0
    flows: int = 0
    feeds: int = 0
    supply_edges: int = 0
    projects: int = 0
    plans: int = 0
    clusters: int = 0
    bytes: int = 0
    seed: int = 0
    chain_ids: list[str] = field(default_factory=list)
    top_district: str = ""
    top_district_companies: int = 0
    #: companies located in each district or its parks, by district id
    district_companies: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


class _Writer:
    """Buffered N-Triples output that counts triples; with ``out=None`` it only counts."""

    def __init__(self, out: TextIO | None) -> None:
        self.out = out
        self.buffer: list[str] = []
        self.count = 0

    def t(self, s: str, p: str, o: str) -> None:
        self.count += 1
        if self.out is not None:
            self.buffer.append(f"{s} {p} {o} .\n")
            if len(self.buffer) >= 20000:
                self.flush()

    def flush(self) -> None:
        if self.out is not None and self.buffer:
            self.out.write("".join(self.buffer))
            self.buffer.clear()


@dataclass
class _Link:
    id: str
    chain: int
    index: int
    stage: str
    segment: int
    weight: float
    succ: list[int] = field(default_factory=list)
    pred: list[int] = field(default_factory=list)


def _stage_sizes(links: int) -> list[tuple[str, int]]:
    recycling = 2 if links >= 10 else 1
    rest = links - recycling
    n_in = max(1, round(rest * 0.12))
    n_pri = max(1, round(rest * 0.20))
    n_mid = max(1, round(rest * 0.36))
    n_down = rest - n_in - n_pri - n_mid
    return [("input", n_in), ("primary", n_pri), ("midstream", n_mid), ("downstream", n_down),
            ("recycling", recycling)]


def _clamp(value: float, low: int, high: int) -> int:
    return int(min(high, max(low, value)))


class _Generator:
    def __init__(self, w: _Writer, companies: int, links: int, chains: int, seed: int) -> None:
        self.w = w
        self.n = companies
        self.n_links = links
        self.n_chains = chains
        self.seed = seed
        self.rng = random.Random(seed)
        self.counts = Counts(seed=seed)
        self.width = max(6, len(str(companies)))

    # ---------------------------------------------------------------------------------------------- sources
    def sources(self) -> None:
        t = self.w.t
        for key, notation, zh in (
                ("syn-registry", "SYN-REG", "合成企业名录（基准测试用，非真实数据）"),
                ("syn-regions", "SYN-REGION", "合成行政区划（基准测试用，非真实数据）"),
                ("syn-plans", "SYN-PLAN", "合成规划与项目清单（基准测试用，非真实数据）")):
            s = cgd("source-" + key)
            t(s, A, cg("Source"))
            t(s, NOTATION, lit(notation))
            t(s, TITLE, lit(zh, "zh"))
            t(s, TITLE, lit(f"Synthetic {key.split('-')[1]} for benchmarks (not real data)", "en"))

    # ---------------------------------------------------------------------------------------------- regions
    def _region(self, iri: str, notation: str, zh: str, en: str, level: int, parent: str | None) -> None:
        t = self.w.t
        t(iri, A, cg("Region"))
        t(iri, NOTATION, lit(notation))
        t(iri, PREF, lit(zh, "zh"))
        t(iri, PREF, lit(en, "en"))
        t(iri, cg("adminLevel"), cgk(ADMIN[level]))
        if parent:
            t(iri, cg("locatedIn"), parent)
        t(iri, DERIVED, cgd("source-syn-regions"))
        self.counts.regions += 1

    def regions(self) -> None:
        rng, t = self.rng, self.w.t
        root = math.sqrt(self.n)
        provinces = _clamp(math.ceil(root / 10), 2, 31)
        city_max = _clamp(round(root / 25), 2, 12)
        district_max = _clamp(round(root / 25), 2, 10)
        country = cgd("region-syn")
        self._region(country, "syn", "合成国", "Synthetic country", 0, None)
        self.districts: list[tuple[str, str, str]] = []  # (iri, notation, zh label)
        self.district_city: list[str] = []
        for p in range(1, provinces + 1):
            pid = f"p{p:02d}"
            piri = cgd("region-" + pid)
            self._region(piri, pid, f"省{p:02d}", f"Province {p:02d}", 1, country)
            for c in range(1, rng.randint(max(1, city_max // 2), city_max) + 1):
                cid = f"{pid}c{c:02d}"
                ciri = cgd("region-" + cid)
                self._region(ciri, cid, f"省{p:02d}市{c:02d}", f"Province {p:02d} City {c:02d}", 2, piri)
                for d in range(1, rng.randint(max(1, district_max // 2), district_max) + 1):
                    did = f"{cid}d{d:02d}"
                    diri = cgd("region-" + did)
                    zh = f"省{p:02d}市{c:02d}区{d:02d}"
                    self._region(diri, did, zh, f"P{p:02d} C{c:02d} District {d:02d}", 3, ciri)
                    self.districts.append((diri, did, zh))
                    self.district_city.append(ciri)
        self.counts.districts = len(self.districts)
        # parks: 0–3 per district
        self.parks: list[list[str]] = []
        for diri, did, zh in self.districts:
            mine = []
            for k in range(1, rng.choice((0, 0, 1, 1, 2, 3)) + 1):
                kiri = cgd(f"park-{did}k{k}")
                t(kiri, A, cg("IndustrialPark"))
                t(kiri, NOTATION, lit(f"{did}k{k}"))
                t(kiri, PREF, lit(f"{zh}产业园{k}", "zh"))
                t(kiri, PREF, lit(f"Industrial park {k} of {did}", "en"))
                t(kiri, cg("locatedIn"), diri)
                t(kiri, DERIVED, cgd("source-syn-regions"))
                mine.append(kiri)
                self.counts.parks += 1
            self.parks.append(mine)
        # skewed district popularity: a random order, weight 1 / rank^0.75
        order = list(range(len(self.districts)))
        rng.shuffle(order)
        weights = [0.0] * len(order)
        for rank, d in enumerate(order):
            weights[d] = 1.0 / (rank + 1) ** 0.75
        self.district_rank = order
        self.district_cum = list(accumulate(weights))

    def pick_district(self) -> int:
        return bisect(self.district_cum, self.rng.random() * self.district_cum[-1])

    # ---------------------------------------------------------------------------------------------- chains
    def chains(self) -> None:
        rng, t = self.rng, self.w.t
        self.links: list[_Link] = []
        self.chain_links: list[list[int]] = []
        width = max(4, len(str(self.n_links)))
        for c in range(1, self.n_chains + 1):
            chain = cgk(f"chain-c{c}")
            segments = min(5, self.n_links)
            t(chain, A, cg("IndustryChain"))
            t(chain, NOTATION, lit(f"c{c}"))
            t(chain, PREF, lit(f"合成产业链{c}", "zh"))
            t(chain, PREF, lit(f"Synthetic chain {c}", "en"))
            t(chain, cg("officialFormula"), lit("—".join(f"链段{s}" for s in range(1, segments + 1)), "zh"))
            t(chain, DERIVED, cgd("source-syn-plans"))
            for s in range(1, segments + 1):
                seg = cgk(f"segment-c{c}-{s}")
                t(seg, A, cg("Segment"))
                t(seg, cg("inChain"), chain)
                t(seg, PREF, lit(f"链{c}·链段{s}", "zh"))
                t(seg, PREF, lit(f"Chain {c} segment {s}", "en"))
                t(seg, cg("order"), lit(str(s), datatype="integer"))
                t(seg, DERIVED, cgd("source-syn-plans"))
            mine: list[int] = []
            number = 0
            for stage, size in _stage_sizes(self.n_links):
                for _ in range(size):
                    number += 1
                    segment = 1 + (number - 1) * segments // self.n_links
                    link = _Link(f"C{c}L{number:0{width}d}", c - 1, number, stage, segment,
                                 rng.lognormvariate(0.0, 1.0))
                    mine.append(len(self.links))
                    self.links.append(link)
            self.chain_links.append(mine)
            self.counts.chains += 1
            self.counts.chain_ids.append(f"c{c}")
        self._edges()
        for link in self.links:
            s = cgk(link.id)
            zh, en, _ = STAGES[link.stage]
            t(s, A, cg("ChainLink"))
            t(s, NOTATION, lit(link.id))
            t(s, cg("inChain"), cgk(f"chain-c{link.chain + 1}"))
            t(s, cg("segment"), cgk(f"segment-c{link.chain + 1}-{link.segment}"))
            t(s, cg("stage"), cgk("stage-" + link.stage))
            t(s, PREF, lit(f"链{link.chain + 1}{zh}环节{link.index}", "zh"))
            t(s, PREF, lit(f"Chain {link.chain + 1} {en} link {link.index}", "en"))
            t(s, DERIVED, cgd("source-syn-plans"))
            for target in link.succ:
                t(s, cg("feeds"), cgk(self.links[target].id))
                self.counts.feeds += 1
        for source, target, kind in self.flows:
            f = cgk(f"flow-{self.links[source].id}-{self.links[target].id}")
            t(f, A, cg("Flow"))
            t(f, cg("flowFrom"), cgk(self.links[source].id))
            t(f, cg("flowTo"), cgk(self.links[target].id))
            t(f, cg("flowKind"), cgk("flow-" + kind))
            t(f, DERIVED, cgd("source-syn-plans"))
            self.counts.flows += 1
        self.counts.links = len(self.links)
        self.link_cum = list(accumulate(link.weight for link in self.links))

    def _add_edge(self, source: int, target: int) -> bool:
        if target in self.links[source].succ or source == target:
            return False
        self.links[source].succ.append(target)
        self.links[target].pred.append(source)
        return True

    def _edges(self) -> None:
        rng = self.rng
        self.flows: list[tuple[int, int, str]] = []
        order = {name: o for name, (_, _, o) in STAGES.items()}
        for mine in self.chain_links:
            by_stage: dict[str, list[int]] = {name: [] for name in STAGES}
            for i in mine:
                by_stage[self.links[i].stage].append(i)
            forward = ("input", "primary", "midstream", "downstream")
            for i in mine:
                link = self.links[i]
                if link.stage not in forward[:3]:
                    continue
                nxt = forward[forward.index(link.stage) + 1]
                later = [j for name in forward if order[name] > order[link.stage] for j in by_stage[name]]
                same = [j for j in by_stage[link.stage] if self.links[j].index > link.index]
                for _ in range(rng.choice((1, 1, 2, 2, 3))):
                    roll = rng.random()
                    if roll < 0.7:
                        pool = by_stage[nxt]
                    elif roll < 0.85 or not same or link.stage != "midstream":
                        pool = later
                    else:
                        pool = same
                    self._add_edge(i, rng.choice(pool))
            for k, name in enumerate(forward[1:], start=1):  # everything past the input has an input
                for i in by_stage[name]:
                    if not self.links[i].pred:
                        self._add_edge(rng.choice(by_stage[forward[k - 1]]), i)
            returning = by_stage["midstream"] + by_stage["downstream"]
            back = by_stage["primary"] or by_stage["input"]
            for r in by_stage["recycling"]:
                for source in rng.sample(returning, min(len(returning), rng.randint(2, 4))):
                    if self._add_edge(source, r):
                        self.flows.append((source, r, "scrap"))
                for target in rng.sample(back, min(len(back), rng.randint(1, 2))):
                    self._add_edge(r, target)
        if self.n_chains > 1:  # a few cross-chain edges, always into a strictly later stage
            for c, mine in enumerate(self.chain_links):
                other = self.chain_links[(c + 1) % self.n_chains]
                sources = [i for i in mine if self.links[i].stage in ("primary", "midstream")]
                for _ in range(2):
                    source = rng.choice(sources)
                    targets = [j for j in other if self.links[j].stage in ("midstream", "downstream")
                               and order[self.links[j].stage] > order[self.links[source].stage]]
                    if targets:
                        target = rng.choice(targets)
                        if self._add_edge(source, target):
                            self.flows.append((source, target, "material"))
        self.flows.sort(key=lambda f: (self.links[f[0]].id, self.links[f[1]].id))

    def pick_link(self) -> int:
        return bisect(self.link_cum, self.rng.random() * self.link_cum[-1])

    # ---------------------------------------------------------------------------------------------- companies
    def company_iri(self, i: int) -> str:
        return cgd(f"org-s{i:0{self.width}d}")

    def plan_companies(self) -> None:
        """Decide every company's place, links, status and capacity (kept: suppliers need customers)."""
        rng = self.rng
        n = self.n
        self.c_place: list[str] = [""] * (n + 1)
        self.c_district: list[int] = [0] * (n + 1)
        self.c_links: list[tuple[int, ...]] = [()] * (n + 1)
        self.c_status: list[str | None] = [None] * (n + 1)
        self.c_capacity: list[int] = [0] * (n + 1)
        self.link_firms: list[list[int]] = [[] for _ in self.links]  # operating companies per link
        self.district_count = [0] * len(self.districts)
        for i in range(1, n + 1):
            d = self.pick_district()
            self.c_district[i] = d
            self.district_count[d] += 1
            parks = self.parks[d]
            self.c_place[i] = rng.choice(parks) if parks and rng.random() < 0.4 else self.districts[d][0]
            first = self.pick_link()
            links: tuple[int, ...] = (first,)
            if rng.random() < 0.4:
                link = self.links[first]
                near = link.succ + link.pred
                second = rng.choice(near) if near and rng.random() < 0.9 else self.pick_link()
                if second != first:
                    links = (first, second)
            self.c_links[i] = links
            roll = rng.random()
            self.c_status[i] = next(status for p, status in STATUS_TABLE if roll < p)
            self.c_capacity[i] = int(rng.lognormvariate(9.0, 1.2)) + 1 if rng.random() < 0.8 else 0
            if self.c_status[i] in ("operating", None):
                for link in links:
                    self.link_firms[link].append(i)

    def companies(self) -> None:
        rng, t = self.rng, self.w.t
        for i in range(1, self.n + 1):
            s = self.company_iri(i)
            links = self.c_links[i]
            stage = self.links[links[0]].stage
            head = rng.choice(NAME_CHARS) + rng.choice(NAME_CHARS)
            word = ESCAPE_NAME if i % 997 == 1 else rng.choice(STAGE_WORDS[stage])
            t(s, A, cg("Enterprise"))
            t(s, PREF, lit(f"{head}{word}{i:0{self.width}d}有限公司", "zh"))
            t(s, DERIVED, cgd("source-syn-registry"))
            t(s, cg("locatedIn"), self.c_place[i])
            for link in links:
                t(s, cg("operatesIn"), cgk(self.links[link].id))
            status = self.c_status[i]
            if status is not None:
                t(s, cg("status"), cgk("status-" + status))
            if self.c_capacity[i]:
                q = f"_:cap{i}"
                t(s, cg("capacity"), q)
                t(q, A, cg("Quantity"))
                t(q, NUMERIC, lit(str(self.c_capacity[i]), datatype="decimal"))
                t(q, UNIT, TONNE_PER_YR)
                t(q, cg("valueStatus"), cgk("value-actual"))
            if status in ("operating", None):
                self._supplies(i, s, links)
            self.counts.companies += 1

    def _supplies(self, i: int, s: str, links: tuple[int, ...]) -> None:
        """~3 customers among the operating companies of the links this one feeds; early firms are hubs."""
        rng = self.rng
        succ = [j for link in links for j in self.links[link].succ if self.link_firms[j]]
        if not succ:
            return
        customers: list[int] = []
        for _ in range(rng.choice((2, 3, 3, 4, 4, 5))):
            firms = self.link_firms[rng.choice(succ)]
            customer = firms[int(len(firms) * rng.random() ** 3)]
            if customer != i and customer not in customers:
                customers.append(customer)
        for customer in customers:
            self.w.t(s, cg("suppliesTo"), self.company_iri(customer))
            self.counts.supply_edges += 1

    # ---------------------------------------------------------------------------------------------- plans
    def _top(self, k: int) -> list[int]:
        return self.district_rank[:k]

    def projects(self) -> None:
        rng, t = self.rng, self.w.t
        local_links: dict[int, set[int]] = {}
        top = self._top(5)
        for d in top:
            local_links[d] = set()
        for i in range(1, self.n + 1):
            d = self.c_district[i]
            if d in local_links and self.c_status[i] in ("operating", None):
                local_links[d].update(self.c_links[i])
        count = max(2, self.n_chains * 2 + self.n // 2000)
        for j in range(1, count + 1):
            d = rng.choice(top) if rng.random() < 0.5 else self.pick_district()
            if d in local_links and rng.random() < 0.7:
                empty = [k for k in range(len(self.links)) if k not in local_links[d]]
                link = rng.choice(empty) if empty else self.pick_link()
            else:
                link = self.pick_link()
            s = cgd(f"project-s{j:04d}")
            lid = self.links[link].id
            t(s, A, cg("Project"))
            t(s, PREF, lit(f"合成招商项目{j:04d}（{lid}）", "zh"))
            t(s, DERIVED, cgd("source-syn-plans"))
            t(s, cg("status"), cgk("status-signed"))
            t(s, cg("locatedIn"), self.districts[d][0])
            t(s, cg("operatesIn"), cgk(lid))
            t(s, cg("targetsLink"), cgk(lid))
            t(s, cg("intent"), cgk("intent-fill"))
            if rng.random() < 0.5:
                t(s, cg("investor"), self.company_iri(rng.randint(1, self.n)))
            self.counts.projects += 1

    def plans(self) -> None:
        rng, t = self.rng, self.w.t
        intents = ("intent-fill", "intent-strengthen", "intent-extend")
        specs: list[tuple[str, int]] = [(self.districts[self.district_rank[0]][0], c) for c in range(self.n_chains)]
        for _ in range(self.n_chains * 2 + self.n // 5000):
            d = self.pick_district()
            region = self.districts[d][0] if rng.random() < 0.6 else self.district_city[d]
            specs.append((region, rng.randrange(self.n_chains)))
        for j, (region, c) in enumerate(specs, start=1):
            s = cgd(f"plan-s{j:04d}")
            links = rng.sample(self.chain_links[c], min(len(self.chain_links[c]), rng.randint(1, 4)))
            t(s, A, cg("Plan"))
            t(s, PREF, lit(f"合成规划{j:04d}：链{c + 1}补链强链", "zh"))
            t(s, DERIVED, cgd("source-syn-plans"))
            t(s, cg("inRegion"), region)
            t(s, cg("aboutChain"), cgk(f"chain-c{c + 1}"))
            for link in sorted(links):
                t(s, cg("targetsLink"), cgk(self.links[link].id))
            t(s, cg("intent"), cgk(rng.choice(intents)))
            self.counts.plans += 1

    def clusters(self) -> None:
        t = self.w.t
        top = self._top(min(20, len(self.districts)))
        wanted = set(top)
        best: dict[tuple[int, int], tuple[int, int]] = {}  # (district, chain) → (capacity, -company)
        for i in range(1, self.n + 1):
            d = self.c_district[i]
            if d not in wanted or self.c_status[i] not in ("operating", None):
                continue
            for link in self.c_links[i]:
                key = (d, self.links[link].chain)
                score = (self.c_capacity[i], -i)
                if key not in best or score > best[key]:
                    best[key] = score
        for d in top:
            diri, did, zh = self.districts[d]
            for c in range(self.n_chains):
                if (d, c) not in best:
                    continue
                s = cgd(f"cluster-{did}-c{c + 1}")
                t(s, A, cg("Cluster"))
                t(s, PREF, lit(f"{zh}合成产业链{c + 1}集群", "zh"))
                t(s, DERIVED, cgd("source-syn-plans"))
                t(s, cg("clusterOf"), cgk(f"chain-c{c + 1}"))
                t(s, cg("inRegion"), diri)
                t(s, cg("chainLeader"), self.company_iri(-best[(d, c)][1]))
                t(s, cg("leaderEvidence"), cgk("leader-stated"))
                self.counts.clusters += 1

    def run(self) -> Counts:
        self.sources()
        self.regions()
        self.chains()
        self.plan_companies()
        self.companies()
        self.projects()
        self.plans()
        self.clusters()
        self.w.flush()
        top = self.district_rank[0]
        self.counts.top_district = self.districts[top][1]
        self.counts.top_district_companies = self.district_count[top]
        by_id = sorted((did, self.district_count[d]) for d, (_, did, _) in enumerate(self.districts))
        self.counts.district_companies = dict(by_id)
        self.counts.triples = self.w.count
        return self.counts


def _check(companies: int, links: int, chains: int) -> None:
    if companies < 10:
        raise ValueError("need at least 10 companies")
    if links < 6:
        raise ValueError("need at least 6 links per chain (one per stage)")
    if chains < 1:
        raise ValueError("need at least one chain")


def count_triples(companies: int, links: int = 40, chains: int = 5, seed: int = 1) -> int:
    """How many triples :func:`generate` would write, without writing them."""
    _check(companies, links, chains)
    return _Generator(_Writer(None), companies, links, chains, seed).run().triples


def companies_for(triples: int, links: int = 40, chains: int = 5, seed: int = 1) -> int:
    """The number of companies that gives about *triples* triples (two counting passes)."""
    guess = max(10, triples // 13)
    for _ in range(2):
        got = count_triples(guess, links, chains, seed)
        guess = max(10, round(guess * triples / got))
    return guess


def generate(out: str | Path, companies: int = 1000, links: int = 40, chains: int = 5, seed: int = 1) -> Counts:
    """Write the dataset to *out* (N-Triples, atomically) and return what was written.

    A JSON summary is also written to ``<out>.meta.json``.
    """
    _check(companies, links, chains)
    start = time.perf_counter()
    out = Path(out)
    with atomic_output(out, text=True) as handle:
        counts = _Generator(_Writer(handle), companies, links, chains, seed).run()
    counts.bytes = out.stat().st_size
    counts.seconds = round(time.perf_counter() - start, 3)
    summary = {"args": {"companies": companies, "links": links, "chains": chains, "seed": seed}, **asdict(counts)}
    write_text(out.with_name(out.name + ".meta.json"), json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--companies", type=int, help="number of companies")
    size.add_argument("--triples", type=int, help="choose the number of companies to reach about this many triples")
    parser.add_argument("--links", type=int, default=40, help="links per chain (default 40)")
    parser.add_argument("--chains", type=int, default=5, help="number of chains (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", required=True, help="output file (.nt)")
    args = parser.parse_args(argv)
    try:
        companies = args.companies or companies_for(args.triples, args.links, args.chains, args.seed)
        counts = generate(args.out, companies, args.links, args.chains, args.seed)
    except ValueError as error:
        parser.error(str(error))
    print(f"{args.out}: {counts.triples:,} triples, {counts.companies:,} companies, "
          f"{counts.links:,} links in {counts.chains} chains, {counts.supply_edges:,} supply edges, "
          f"{counts.districts:,} districts, {counts.parks:,} parks; {counts.bytes / 1e6:.1f} MB "
          f"in {counts.seconds:.1f} s; busiest district {counts.top_district} "
          f"({counts.top_district_companies:,} companies)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
