"""Shared fixtures: the bundled knowledge graph is opened once per test session."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from chaingraph.knowledge import KnowledgeGraph
from chaingraph.validation import ValidationReport, validate

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"

# answers of persistent stores are kept in a folder of this test run, never in the user's ~/.cache
# (the command-line tests' processes inherit it)
os.environ["CHAINGRAPH_CACHE_DIR"] = _CACHE_DIR = tempfile.mkdtemp(prefix="chaingraph-test-cache-")
os.environ.pop("CHAINGRAPH_CACHE", None)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove the run's cache folder (about 12 MB: the code-list index); each run left one in /tmp."""
    shutil.rmtree(_CACHE_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def bundled() -> KnowledgeGraph:
    """The bundled data in rdflib's memory store: the reference every other store is compared with (the
    default store, Oxigraph, is what the command-line tests and ``KnowledgeGraph.open()`` use)."""
    return KnowledgeGraph.open(store="memory")


@pytest.fixture(scope="session")
def bundled_report(bundled: KnowledgeGraph) -> ValidationReport:
    return validate(bundled)


#: what a test needs beyond Python packages, by test module, fixture or name: the markers `make test-fast`
#: leaves out (pyproject.toml declares them). Every test runs in `make test` and in CI; none skips.
_MODULE_MARKS = {"test_servers.py": ("servers", "system"), "test_server.py": ("servers",),
                 "test_server_memory.py": ("servers",), "test_protocol_w3c.py": ("servers",),
                 "test_notebooks.py": ("notebooks",)}
_FIXTURE_MARKS = {"browser": ("browser", "system")}
_NAME_MARKS = {"chromium": ("browser", "system"), "browser": ("browser", "system"), "gbk_locale": ("system",),
               "libreoffice": ("system",)}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        marks = set(_MODULE_MARKS.get(item.path.name, ()))
        for fixture, extra in _FIXTURE_MARKS.items():
            if fixture in getattr(item, "fixturenames", ()):
                marks.update(extra)
        for word, extra in _NAME_MARKS.items():
            if word in item.name:
                marks.update(extra)
        for mark in sorted(marks):
            item.add_marker(mark)
