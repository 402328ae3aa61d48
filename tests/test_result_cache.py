"""Answers of a persistent store kept between runs (chaingraph.store.result_cache): used while the store is
unchanged, dropped when it changes, and never the reason a command fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chaingraph.gaps import analyze
from chaingraph.knowledge import KnowledgeGraph, load_persistent
from chaingraph.store import OxigraphStore
from chaingraph.store.result_cache import ResultCache

from .conftest import ROOT

EXTRA = """@prefix cg: <https://w3id.org/chaingraph/ns#> .
@prefix cgd: <https://w3id.org/chaingraph/data/> .
@prefix cgk: <https://w3id.org/chaingraph/kos/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
cgd:org-new-smelter a cg:Enterprise ; skos:prefLabel "新冶炼厂"@zh ; cg:named true ;
    cg:locatedIn cgd:region-qijiang ; cg:operatesIn cgk:AL07 .
"""


def _analysis(path: Path) -> str:
    return analyze(KnowledgeGraph.open(store=f"oxigraph:{path}"), region="綦江区", chains=["aluminium"]).to_json()


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    original = OxigraphStore._run  # every query the store evaluates

    def counting(self: OxigraphStore, text: str) -> object:
        reads.append(text)
        return original(self, text)

    monkeypatch.setattr(OxigraphStore, "_run", counting)
    return reads


def test_answers_are_kept_until_the_store_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "store"
    load_persistent(path)
    reads = _count_reads(monkeypatch)
    first = _analysis(path)
    asked = len(reads)
    assert asked > 10
    again = _analysis(path)
    assert again == first and len(reads) - asked < asked / 5  # nearly everything came from the cache
    assert again == analyze(KnowledgeGraph.open(), region="綦江区", chains=["aluminium"]).to_json()

    extra = tmp_path / "extra.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    load_persistent(path, [extra])  # the store changes: the kept answers no longer hold
    before = len(reads)
    changed = _analysis(path)
    assert len(reads) - before >= asked * 0.8
    assert changed != first and "新冶炼厂" in changed
    assert changed == analyze(KnowledgeGraph.open([ROOT / "graph", extra]), region="綦江区",
                              chains=["aluminium"]).to_json()


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "store"
    load_persistent(path)
    monkeypatch.setenv("CHAINGRAPH_CACHE", "off")
    assert KnowledgeGraph.open(store=f"oxigraph:{path}").store.results is None  # type: ignore[attr-defined]
    reads = _count_reads(monkeypatch)
    _analysis(path)
    asked = len(reads)
    _analysis(path)
    assert len(reads) == 2 * asked


def test_a_damaged_or_unwritable_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "store"
    load_persistent(path)
    expected = _analysis(path)
    for file in Path(os.environ["CHAINGRAPH_CACHE_DIR"]).glob("store-*.sqlite*"):
        file.write_bytes(b"not a database" * 100)
    reads = _count_reads(monkeypatch)
    assert _analysis(path) == expected  # the damaged file is started again …
    asked = len(reads)
    assert _analysis(path) == expected and len(reads) - asked < asked / 5  # … and keeps answers again
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CHAINGRAPH_CACHE_DIR", str(not_a_folder))
    assert KnowledgeGraph.open(store=f"oxigraph:{path}").store.results is None  # type: ignore[attr-defined]
    assert _analysis(path) == expected


def test_a_cache_past_its_size_is_emptied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "CURRENT").write_text("MANIFEST-000001", encoding="utf-8")
    cache = ResultCache.for_store(store, tmp_path)
    assert cache is not None
    key = cache.key("SELECT * WHERE { ?s ?p ?o }")
    cache.put(key, [{"s": "x" * 1000}] * 200)
    del cache  # closes it
    assert ResultCache.for_store(store, tmp_path).get(key) is not None  # type: ignore[union-attr]
    monkeypatch.setenv("CHAINGRAPH_CACHE_MB", "0.01")
    assert ResultCache.for_store(store, tmp_path).get(key) is None  # type: ignore[union-attr]
    assert sum(f.stat().st_size for f in tmp_path.glob("store-*.sqlite*")) < 0.1 * 2**20
