"""Shared fixtures: the bundled knowledge graph is opened once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from chaingraph.store import KnowledgeGraph
from chaingraph.validation import ValidationReport, validate

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def bundled() -> KnowledgeGraph:
    return KnowledgeGraph.open()


@pytest.fixture(scope="session")
def bundled_report(bundled: KnowledgeGraph) -> ValidationReport:
    return validate(bundled)
