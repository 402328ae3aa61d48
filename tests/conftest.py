"""Shared fixtures: the bundled knowledge graph is opened once per test session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from chaingraph.knowledge import KnowledgeGraph
from chaingraph.validation import ValidationReport, validate

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"

# answers of persistent stores are kept in a folder of this test run, never in the user's ~/.cache
# (the command-line tests' processes inherit it)
os.environ["CHAINGRAPH_CACHE_DIR"] = tempfile.mkdtemp(prefix="chaingraph-test-cache-")
os.environ.pop("CHAINGRAPH_CACHE", None)


@pytest.fixture(scope="session")
def bundled() -> KnowledgeGraph:
    return KnowledgeGraph.open()


@pytest.fixture(scope="session")
def bundled_report(bundled: KnowledgeGraph) -> ValidationReport:
    return validate(bundled)
