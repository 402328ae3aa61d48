"""The synthetic-data generator of benchmarks/ (generate.py) and its naive baseline (naive.py), at a tiny size.

The generated data must be deterministic, load, conform to the shapes, and give the same link
statuses and 断链 through :func:`chaingraph.gaps.analyze` as the naive triple walk of naive.py.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Literal, URIRef

from chaingraph.gaps import analyze
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.sparql.resolve import resolve
from chaingraph.validation import validate
from chaingraph.vocab.identifiers import is_credit_code

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SIZE = {"companies": 200, "links": 40, "chains": 2, "seed": 7}


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_chaingraph_bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    return _module("generate")


@pytest.fixture(scope="module")
def dataset(gen: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("bench") / "tiny.nt"
    return path, gen.generate(path, **SIZE)


@pytest.fixture(scope="module")
def kg(dataset: tuple[Path, object]) -> KnowledgeGraph:
    return KnowledgeGraph.open([dataset[0]])


def test_deterministic(gen: ModuleType, dataset: tuple[Path, object], tmp_path: Path) -> None:
    path = dataset[0]
    again = tmp_path / "again.nt"
    gen.generate(again, **SIZE)
    assert again.read_bytes() == path.read_bytes()
    other = tmp_path / "other.nt"
    gen.generate(other, **{**SIZE, "seed": SIZE["seed"] + 1})
    assert other.read_bytes() != path.read_bytes()
    assert not list(path.parent.glob(".*.tmp")), "the temporary file was left behind"


def test_counts(gen: ModuleType, dataset: tuple[Path, object]) -> None:
    path, counts = dataset
    lines = path.read_text(encoding="utf-8").splitlines()
    assert counts.triples == len(lines) == gen.count_triples(SIZE["companies"], SIZE["links"], SIZE["chains"],
                                                              SIZE["seed"])
    assert (counts.companies, counts.links, counts.chains) == (200, 80, 2)
    assert counts.bytes == path.stat().st_size
    assert counts.supply_edges > 0 and counts.flows > 0 and counts.clusters > 0
    assert abs(gen.companies_for(counts.triples, SIZE["links"], SIZE["chains"], SIZE["seed"]) - 200) <= 10


def test_loads_and_conforms(kg: KnowledgeGraph, dataset: tuple[Path, object]) -> None:
    report = validate(kg)
    assert report.conforms, report.text()
    name = kg.graph.value(URIRef("https://w3id.org/chaingraph/data/org-s000001"),
                          URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))
    assert isinstance(name, Literal) and '<b>测试</b> & "Co"' in str(name) and name.language == "zh"


def test_analyze_matches_naive(kg: KnowledgeGraph, dataset: tuple[Path, object]) -> None:
    _, counts = dataset
    result = analyze(kg, region=counts.top_district, chains=["c1"])
    chain = result.chains[0]
    assert len(chain.links) == SIZE["links"]
    assert {link.status for link in chain.links} >= {"present", "missing"}
    naive = _module("naive").naive_gaps(kg.graph, resolve(kg, counts.top_district, "region"),
                                        resolve(kg, "c1", "chain"))
    ours = {link.id: (link.status, link.operating_actors, len(link.planned_projects), link.targeted)
            for link in chain.links}
    assert ours == naive.links
    assert {k: [tuple(p) for p in v] for k, v in chain.broken_links.items()} == naive.broken


def test_rejects_too_small(gen: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="6 links"):
        gen.generate(tmp_path / "x.nt", companies=100, links=3, chains=1)
    assert not (tmp_path / "x.nt").exists()


@pytest.mark.parametrize("script", ["bench_cold", "bench_gaps", "bench_import", "bench_map", "bench_render",
                                    "bench_scale", "bench_validate", "bench_whatif", "generate", "generate_tables"])
def test_every_benchmark_script_starts(script: str) -> None:
    done = subprocess.run([sys.executable, str(BENCHMARKS / f"{script}.py"), "--help"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage:")


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_bench_gaps_runs_and_agrees_with_the_naive_baseline(store: str, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(BENCHMARKS / "bench_gaps.py"), "--companies", "200", "--links", "20",
                           "--chains", "2", "--repeat", "1", "--store", store, "--data-dir", str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "chaingraph and the naive baseline agree" in done.stdout


def test_bench_cold_times_the_command_against_the_bare_load(dataset: tuple[Path, object], tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(BENCHMARKS / "bench_cold.py"), "--graph", str(dataset[0]),
                           "--region", "p01", "--rounds", "2", "--warmup", "0", "--json", str(tmp_path / "cold.json")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads((tmp_path / "cold.json").read_text(encoding="utf-8"))
    now = result["regions"]["p01"]["now"]
    assert len(result["bare_seconds"]) == len(now["ratios"]) == 2 and min(now["ratios"]) > 1
    assert result["regions"]["p01"]["same_output"] and now["peak_mb"] > 20
    assert "the same JSON in every run" in done.stdout


def test_bench_whatif_runs_on_a_small_dataset(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(BENCHMARKS / "bench_whatif.py"), "--data", str(tmp_path / "g.nt"),
                           "--triples", "20000", "--links", "20", "--repeat", "1"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert 2 <= len(result["districts"]) <= 10 and result["scenario_ratio"] > 0 and result["compare_ratio"] > 0
    assert result["cpu"]["compare_ratio"] > 0 and len(result["load_average"]) == 3


@pytest.mark.parametrize("name", ["scale", "persistent"])
def test_the_committed_results_are_what_bench_scale_prints(name: str) -> None:
    bench_scale = _module("bench_scale")
    results = BENCHMARKS / "results"
    data = json.loads((results / f"{name}.json").read_text(encoding="utf-8"))
    assert bench_scale.markdown(data) == (results / f"{name}.md").read_text(encoding="utf-8")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from chaingraph.cli import main; sys.argv = ['chaingraph', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=600)


def test_the_independent_tables_are_deterministic_import_cleanly_and_analyse(tmp_path: Path) -> None:
    tables = _module("generate_tables")
    size = {"companies_count": 400, "chains_count": 4, "links": 12, "seed": 5}
    counts = tables.generate(tmp_path / "a", register_path=tmp_path / "a.csv", **size)
    tables.generate(tmp_path / "b", register_path=tmp_path / "b.csv", **size)
    assert counts["companies"] > 400 and counts["links"] == 48 and counts["flows"] > 0
    for name in ("chains", "links", "flows", "regions", "companies"):
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (tmp_path / "b" / f"{name}.csv").read_bytes()
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    other = tables.generate(tmp_path / "c", **{**size, "seed": 6})
    assert other != counts or (tmp_path / "c" / "companies.csv").read_bytes() != (
        tmp_path / "a" / "companies.csv").read_bytes()
    rows = list(csv.DictReader((tmp_path / "a" / "companies.csv").open(encoding="utf-8")))
    ids = [row["id"] for row in rows if row["id"]]
    assert len(ids) > 300 and all(is_credit_code(i) for i in ids)

    done = _cli("import", str(tmp_path / "a"), "--out", str(tmp_path / "a.ttl"))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "violation" not in done.stdout.lower() and "loop of mutual supply" in done.stdout
    busiest = max(set(r["region"] for r in rows), key=lambda r: (sum(x["region"] == r for x in rows), r))
    done = _cli("gaps", "--graph", str(tmp_path / "a.ttl"), "--region", busiest, "--chain", "k01", "--format", "json")
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout)["chains"][0]["links"]
    done = _cli("map", str(tmp_path / "a.csv"), "--graph", str(tmp_path / "a"), "--out", str(tmp_path / "mapped.csv"))
    assert done.returncode == 0, done.stderr[-3000:]
    mapped = list(csv.DictReader((tmp_path / "mapped.csv").open(encoding="utf-8")))
    assert sum(1 for row in mapped if row["links"]) > len(mapped) // 3
