"""Independent benchmark input: a table set (CSV, docs/tables.md) and a company register, of another shape
than generate.py's graph, written as a user would write them rather than exported from RDF.

How it differs from generate.py (whose tables `bench_validate.py` exports from its graph):

* **many chains** (``--chains``, 40 by default) of ``--links`` links each (25: 1,000 links at the default),
  each chain with **loops among its forward flows** (two links that supply each other, and a loop of
  three), return flows into recycling links, a few flows to other chains, and part of the flows in
  ``flows.csv`` (with kind and products) rather than in ``feeds``;
* **companies with ids**: 9 in 10 carry a 统一社会信用代码 with its right check character
  (``chaingraph.vocab.identifiers``), the others are keyed by their (unique) name; customers are named by
  id where there is one; some counted groups (``count``, ``group``); capacities written the way sources
  write them (``50万吨/年``, ``约3万套``, ``120兆瓦``, ``1.5亿元``), some with a year or a link;
* **skewed regions**: 31 provinces with 1–24 cities and 1–18 districts each (~1,900 regions at the
  default), companies drawn with Pareto weights (the busiest district holds about a tenth of them);
  chains drawn with weights 1/rank too; one district says it is surveyed for two chains;
* a **register** (``--register FILE``, 企业名录 columns) for ``chaingraph map``: firms of the tables and new
  ones, with 经营范围 and 主营产品 built from the links' keywords, the region columns and an address.

The same arguments give byte-identical files (one ``random.Random(seed)``, no set ordering); each file is
written to a temporary file and renamed.

    python benchmarks/generate_tables.py --companies 100000 --out benchmarks/data/independent-100000 \\
        --register benchmarks/data/register-independent.csv
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from chaingraph.vocab.identifiers import CREDIT_ALPHABET, credit_check_character

SYLLABLES = list("华金鑫宏泰盛达源兴隆恒昌新东方天瑞丰永嘉汇联合安康德利佳鼎辉远航博信诚正通宁海山")
INDUSTRY = ["材料", "科技", "新能源", "精密", "机械", "电子", "化工", "金属", "装备", "环保"]
SUFFIX = ["有限公司", "股份有限公司", "有限责任公司", "集团有限公司"]
MATERIAL = ["锭", "板", "带", "箔", "管", "线", "粉", "棒", "件", "膜", "片", "浆", "液", "模组", "组件"]
STAGES = [("input", 3), ("primary", 4), ("midstream", 9), ("downstream", 7), ("recycling", 2)]
RANKS = {stage: rank for rank, (stage, _) in enumerate(STAGES)}
STATUS = [("", 30), ("operating", 45), ("planned", 8), ("signed", 5), ("under_construction", 4), ("closed", 8)]
CODES = {"hs_codes": ["2606", "7601.10", "7604.21", "7606", "7402", "7408", "8507"],
         "gbt2017_codes": ["3216", "3251", "3252", "3311", "3392", "3841"]}
SOURCES = ["2024年工业经济运行报告", "招商引资项目库", "https://example.org/park/list", "企业走访记录"]
TABLE_COLUMNS = {
    "chains": ["id", "label_zh", "label_en", "formula", "min_firms"],
    "links": ["chain", "id", "label_zh", "label_en", "stage", "segment", "feeds", "keywords", "hs_codes",
              "gbt2017_codes", "min_firms", "capped"],
    "flows": ["from", "to", "kind", "carries"],
    "regions": ["id", "label_zh", "label_en", "aliases", "parent", "surveyed"],
    "companies": ["name", "id", "aliases", "region", "links", "status", "capacity", "capacity_unit",
                  "capacity_link", "capacity_status", "capacity_year", "count", "group", "customers",
                  "suppliers", "role", "source"],
}
REGISTER_COLUMNS = ["企业名称", "统一社会信用代码", "登记状态", "省份", "城市", "区县", "注册地址", "国民经济行业代码",
                    "经营范围", "主营产品"]


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row.get(c, "") for c in columns] for row in rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(buffer.getvalue(), encoding="utf-8")
    os.replace(temporary, path)


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n))


def regions(rng: random.Random) -> tuple[list[dict[str, str]], list[str], list[float]]:
    """Country → 31 provinces → skewed numbers of cities and districts; the districts and their weights."""
    rows = [{"id": "cn", "label_zh": "中国", "label_en": "China"}]
    districts: list[str] = []
    seen: set[str] = {"中国"}
    for p in range(1, 32):
        pid = f"p{p:02d}"
        rows.append({"id": pid, "label_zh": _unique(rng, seen, "省"), "label_en": f"Province {p}", "parent": "cn"})
        for c in range(1, 1 + min(30, rng.randint(3, 10) + int(rng.paretovariate(1.2)))):
            cid = f"{pid}c{c:02d}"
            rows.append({"id": cid, "label_zh": _unique(rng, seen, "市"), "parent": pid})
            for d in range(1, 1 + min(25, rng.randint(1, 6) + int(rng.paretovariate(1.0)))):
                did = f"{cid}d{d:02d}"
                rows.append({"id": did, "label_zh": _unique(rng, seen, rng.choice("区县")), "parent": cid})
                districts.append(did)
    weights = [rng.paretovariate(0.9) for _ in districts]
    return rows, districts, weights


def _unique(rng: random.Random, seen: set[str], suffix: str) -> str:
    while True:
        name = _word(rng, 2) + suffix
        if name not in seen:
            seen.add(name)
            return name


def chains(rng: random.Random, count: int, per_chain: int) -> tuple[list[dict[str, str]], list[dict[str, str]],
                                                                     list[dict[str, str]]]:
    """The chains, their links (stages, feeds with loops, keywords, codes) and flows.csv."""
    chain_rows, link_rows, flow_rows = [], [], []
    stages = [s for s, n in STAGES for _ in range(n)]
    stages = (stages * (per_chain // len(stages) + 1))[:per_chain]
    stages.sort(key=RANKS.__getitem__)
    used_keywords: set[str] = set()
    for c in range(1, count + 1):
        cid = f"k{c:02d}"
        chain_rows.append({"id": cid, "label_zh": f"{_word(rng, 2)}产业链", "label_en": f"Chain {c}",
                           "min_firms": "2" if c % 7 == 0 else ""})
        ids = [f"K{c:02d}L{n:02d}" for n in range(1, per_chain + 1)]
        edges: list[tuple[int, int]] = []
        rank = [RANKS[s] for s in stages]
        forward = [i for i, s in enumerate(stages) if s != "recycling"]
        for i in forward:
            later = [j for j in forward if rank[j] > rank[i]]
            for j in sorted(rng.sample(later, min(len(later), rng.randint(1, 3)))):
                edges.append((i, j))
        mids = [i for i, s in enumerate(stages) if s in ("midstream", "downstream")]
        a, b, d = rng.sample(mids, 3)
        for pair in ((a, b), (b, a), (b, d), (d, a)):  # a ⇄ b, and a → b → d → a
            if pair not in edges:
                edges.append(pair)
        for r in (i for i, s in enumerate(stages) if s == "recycling"):
            edges.append((rng.choice(mids), r))
            edges.append((r, rng.choice([i for i, s in enumerate(stages) if s == "primary"])))
        feeds: dict[int, list[str]] = {}
        for i, j in edges:
            if rng.random() < 0.3:
                kind = "scrap" if stages[j] == "recycling" else rng.choice(["material", "component", "energy"])
                flow_rows.append({"from": ids[i], "to": ids[j], "kind": kind,
                                  "carries": f"{_word(rng, 2)}{rng.choice(MATERIAL)}"})
            else:
                feeds.setdefault(i, []).append(ids[j])
        if c < count:
            feeds.setdefault(per_chain - 1, []).append(f"K{c + 1:02d}L01")
        for n, lid in enumerate(ids):
            keywords = []
            while len(keywords) < 3:
                word = f"{_word(rng, 2)}{rng.choice(MATERIAL)}"
                if word not in used_keywords:
                    used_keywords.add(word)
                    keywords.append(word)
            row = {"chain": cid, "id": lid, "label_zh": f"{keywords[0]}生产", "label_en": f"Link {lid}",
                   "stage": stages[n], "segment": f"第{RANKS[stages[n]] + 1}段",
                   "feeds": "; ".join(feeds.get(n, [])), "keywords": "; ".join(keywords),
                   "capped": "true" if n == 4 and c % 10 == 0 else ""}
            if rng.random() < 0.2:
                row[rng.choice(list(CODES))] = ""
                for column, codes in CODES.items():
                    row[column] = rng.choice(codes) if rng.random() < 0.5 else ""
            link_rows.append(row)
    return chain_rows, link_rows, flow_rows


def credit_code(rng: random.Random) -> str:
    """A 统一社会信用代码 (企业, 91…) with a right check character."""
    first = "91" + "".join(rng.choice("0123456789") for _ in range(6))
    first += "".join(rng.choice(CREDIT_ALPHABET) for _ in range(9))
    return first + credit_check_character(first)


def _capacity(rng: random.Random) -> tuple[str, str]:
    """A capacity as sources write it, and the unit column when the text does not name one."""
    form = rng.randrange(6)
    if form == 0:
        return f"{rng.randint(1, 200)}万吨/年", ""
    if form == 1:
        return f"约{rng.randint(1, 50)}万套", ""
    if form == 2:
        return str(rng.randint(100, 900_000)), "吨/年"
    if form == 3:
        return f"{rng.randint(10, 900)}兆瓦", ""
    if form == 4:
        return f"{rng.randint(1, 99) / 10:.1f}亿元", ""
    return f"{rng.randint(1, 30)}万吨以上", ""


def companies(rng: random.Random, count: int, districts: list[str], weights: list[float],
              links: list[dict[str, str]]) -> list[dict[str, str]]:
    """The companies: ids, names, places, links, statuses, capacities, supply, leaders, counted groups."""
    by_chain: dict[str, list[dict[str, str]]] = {}
    for link in links:
        by_chain.setdefault(link["chain"], []).append(link)
    chain_ids = list(by_chain)
    chain_weights = [1 / (rank + 1) for rank in range(len(chain_ids))]
    names: set[str] = set()
    rows: list[dict[str, str]] = []
    for n in range(count):
        while True:
            name = f"{_word(rng, 2)}{_word(rng, 2)}{rng.choice(INDUSTRY)}{rng.choice(SUFFIX)}"
            if name not in names:
                names.add(name)
                break
        chain = rng.choices(chain_ids, chain_weights)[0]
        own = sorted(rng.sample(range(len(by_chain[chain])), rng.choice((1, 1, 1, 2, 2, 3))))
        row = {"name": name, "id": credit_code(rng) if rng.random() < 0.9 else "",
               "region": rng.choices(districts, weights)[0], "chain": chain,
               "links": "; ".join(by_chain[chain][i]["id"] for i in own),
               "status": rng.choices([s for s, _ in STATUS], [w for _, w in STATUS])[0]}
        if rng.random() < 0.15:
            row["aliases"] = f"Firm {n} Co., Ltd."
        if rng.random() < 0.7:
            row["capacity"], row["capacity_unit"] = _capacity(rng)
            if len(own) > 1 and rng.random() < 0.5:
                row["capacity_link"] = by_chain[chain][own[-1]]["id"]
            if rng.random() < 0.3:
                row["capacity_year"] = str(rng.randint(2020, 2027))
        if rng.random() < 0.3:
            row["source"] = rng.choice(SOURCES)
        rows.append(row)
    _supply(rng, rows, by_chain)
    _leaders(rng, rows)
    rows += _groups(rng, rows, districts[:200])
    for row in rows:
        del row["chain"]
    return rows


def _key(row: dict[str, str]) -> str:
    return row["id"] or row["name"]


def _supply(rng: random.Random, rows: list[dict[str, str]], by_chain: dict[str, list[dict[str, str]]]) -> None:
    """Operating companies supply 0–4 companies of the links their links feed (hubs: the first ones)."""
    in_link: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        for link in row["links"].split("; "):
            in_link.setdefault(link, []).append(row)
    feeds = {link["id"]: [f for f in link["feeds"].split("; ") if f] for links in by_chain.values() for link in links}
    for row in rows:
        if row["status"] not in ("", "operating"):
            continue
        customers: list[str] = []
        targets = [f for link in row["links"].split("; ") for f in feeds.get(link, []) if in_link.get(f)]
        for _ in range(rng.randint(0, 4) if targets else 0):
            firms = in_link[rng.choice(targets)]
            customer = firms[int(len(firms) * rng.random() ** 3)]
            if customer is not row and _key(customer) not in customers:
                customers.append(_key(customer))
        row["customers"] = "; ".join(customers)


def _leaders(rng: random.Random, rows: list[dict[str, str]]) -> None:
    """One stated chain leader (链主) per chain in the regions with the most companies of it."""
    count: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        if row["status"] in ("", "operating"):
            count.setdefault((row["region"], row["chain"]), []).append(row)
    for (_, _), firms in sorted(count.items(), key=lambda item: (-len(item[1]), item[0]))[:60]:
        rng.choice(firms)["role"] = "leader"


def _groups(rng: random.Random, rows: list[dict[str, str]], districts: list[str]) -> list[dict[str, str]]:
    """Counted groups (「…等30余家企业」), each naming two of its members."""
    groups = []
    for n in range(max(1, len(rows) // 500)):
        members = [r for r in rng.sample(rows, 2) if not r.get("role")]
        name = f"{_word(rng, 2)}等{rng.randint(10, 60)}余家配套企业（{n + 1}）"
        region = members[0]["region"] if members else rng.choice(districts)
        groups.append({"name": name, "region": region, "links": members[0]["links"] if members else "",
                       "count": f"{rng.randint(10, 60)}余家", "chain": ""})
        for member in members:
            member["group"] = name
            member["region"] = region
    return groups


def register(rng: random.Random, rows: list[dict[str, str]], regions: list[dict[str, str]],
             links: list[dict[str, str]], size: int) -> list[dict[str, str]]:
    """A 企业名录 for ``chaingraph map``: companies of the tables (by their credit code) and new firms."""
    label = {r["id"]: r["label_zh"] for r in regions}
    parent = {r["id"]: r.get("parent", "") for r in regions}
    keywords = {link["id"]: link["keywords"].split("; ") for link in links}
    with_ids = [r for r in rows if r.get("id") and r["links"]]
    firms = []
    for n in range(size):
        if n % 2 == 0 and with_ids:
            source = with_ids[(n // 2) % len(with_ids)]
            name, code, district, own = source["name"], source["id"], source["region"], source["links"].split("; ")
        else:
            name, code = f"{_word(rng, 3)}{rng.choice(INDUSTRY)}{rng.choice(SUFFIX)}（{n}）", credit_code(rng)
            district = rng.choice(list(label)[33:]) if len(label) > 33 else "cn"
            own = [rng.choice(list(keywords))] if rng.random() < 0.8 else []
        city = parent.get(district, "")
        words = [w for link in own for w in keywords[link][:2]]
        street = f"{_word(rng, 2)}路{rng.randint(1, 999)}号"
        firms.append({"企业名称": name, "统一社会信用代码": code, "登记状态": rng.choice(["存续", "在业", "开业"]),
                      "省份": label.get(parent.get(city, ""), ""), "城市": label.get(city, ""),
                      "区县": label.get(district, ""),
                      "注册地址": f"{label.get(city, '')}{label.get(district, '')}{street}",
                      "经营范围": "；".join(["一般项目：技术服务", *(f"{w}制造、销售" for w in words), "货物进出口"]),
                      "主营产品": "、".join(words)})
    return firms


def generate(out: Path, companies_count: int = 100_000, chains_count: int = 40, links: int = 25, seed: int = 1,
             register_path: Path | None = None, register_size: int | None = None) -> dict[str, int]:
    """Write the tables into the folder *out* (and the register); return the counts."""
    rng = random.Random(seed)
    region_rows, districts, weights = regions(rng)
    chain_rows, link_rows, flow_rows = chains(rng, chains_count, links)
    company_rows = companies(rng, companies_count, districts, weights, link_rows)
    busiest = max(districts, key=lambda d: (weights[districts.index(d)], d))
    for row in region_rows:
        if row["id"] == busiest:
            row["surveyed"] = "k01; k02"
    tables = {"chains": chain_rows, "links": link_rows, "flows": flow_rows, "regions": region_rows,
              "companies": company_rows}
    for name, table_rows in tables.items():
        _write(out / f"{name}.csv", TABLE_COLUMNS[name], table_rows)
    if register_path is not None:
        firms = register(rng, company_rows, region_rows, link_rows, register_size or companies_count)
        _write(register_path, REGISTER_COLUMNS, firms)
    return {name: len(table_rows) for name, table_rows in tables.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--chains", type=int, default=40)
    parser.add_argument("--links", type=int, default=25, help="links per chain")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="the folder of the tables")
    parser.add_argument("--register", help="also write a company register (CSV) here, for chaingraph map")
    parser.add_argument("--register-size", type=int, help="firms in the register (default: --companies)")
    args = parser.parse_args(argv)
    counts = generate(Path(args.out), args.companies, args.chains, args.links, args.seed,
                      Path(args.register) if args.register else None, args.register_size)
    print(", ".join(f"{n} {name}" for name, n in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
