"""SHACL validation: each kind of bad data gives a finding that says who, what and where."""

from __future__ import annotations

import json

import pytest

from chaingraph.knowledge import KnowledgeGraph
from chaingraph.validation import ValidationReport, validate

from .conftest import DATA

VIOLATIONS = DATA / "violations"


def _report(name: str, lang: str = "en") -> ValidationReport:
    kg = KnowledgeGraph.open([VIOLATIONS / name], with_bundled=True)
    return validate(kg, lang=lang)  # type: ignore[arg-type]


def test_link_without_chain() -> None:
    report = _report("link-without-chain.ttl")
    assert not report.conforms
    [finding] = report.violations
    assert finding.focus == "cgk:TEST01"
    assert finding.focus_label == "无链环节"
    assert finding.path == "cg:inChain"
    assert "exactly one chain" in finding.message
    assert finding.file.endswith("link-without-chain.ttl") and finding.line == 11


def test_negative_capacity() -> None:
    [finding] = _report("negative-capacity.ttl").violations
    assert finding.focus == "cgd:org-negative"
    assert finding.path == "cg:capacity/qudt:numericValue"
    assert finding.value == "-5"
    assert finding.message == "capacity must be a number ≥ 0"


def test_company_in_unknown_link_suggests_the_closest_link() -> None:
    [finding] = _report("unknown-link.ttl").violations
    assert finding.path == "cg:operatesIn"
    assert finding.value == "cgk:AL7"
    assert "not a known chain link" in finding.message
    assert finding.suggestions[0] == "cgk:AL07"
    assert "did you mean cgk:AL07" in str(finding)


def test_quantity_as_text_names_the_owner_of_the_quantity() -> None:
    findings = _report("text-quantity.ttl").violations
    assert findings, "a text value where a number is expected must be a violation"
    assert all(f.focus_label.startswith("文字产能公司") for f in findings)
    assert any("numeric value" in f.message for f in findings)


def test_messages_come_in_chinese_too() -> None:
    [finding] = _report("negative-capacity.ttl", lang="zh").violations
    assert finding.message == "产能须为不小于 0 的数"
    assert finding.focus_label == "负产能公司"


def test_report_json_is_machine_readable() -> None:
    data = json.loads(_report("unknown-link.ttl").to_json())
    assert data["conforms"] is False
    assert data["findings"][0]["suggestions"][0] == "cgk:AL07"


@pytest.mark.parametrize("name", sorted(p.name for p in VIOLATIONS.glob("*.ttl")))
def test_each_violation_file_breaks_only_what_it_means_to(name: str) -> None:
    report = _report(name)
    assert not report.conforms
    # the bundled data itself stays clean: every finding is about the file under test
    assert all(f.file and f.file.endswith(name) for f in report.findings), report.text()


def test_segment_of_another_chain_is_a_violation(tmp_path) -> None:
    # regression: the same-chain check must fire for a wrong segment (and only then; a link with no
    # segment conforms — tests/test_analysis_synthetic.py::test_link_without_a_segment_conforms)
    path = tmp_path / "wrong-segment.ttl"
    path.write_text("""@prefix cg: <https://w3id.org/chaingraph/ns#> . @prefix cgk: <https://w3id.org/chaingraph/kos/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
cgk:X01 a cg:ChainLink ; skos:notation "X01" ; skos:prefLabel "错链段"@zh ; cg:inChain cgk:chain-gear ;
    cg:stage cgk:stage-midstream ; cg:segment cgk:segment-aluminium-base .
""", encoding="utf-8")
    report = validate(KnowledgeGraph.open([path], with_bundled=True))
    assert [f.message for f in report.violations] == ["the link's segment belongs to another chain"]


def test_a_second_evidence_kind_is_named_as_a_second_one() -> None:
    # the shape holds two rules (one kind, from the list): the message says both, not only "one of the list"
    [finding] = _report("two-evidence-kinds.ttl").violations
    assert finding.focus == "cgd:flow-two-kinds" and finding.path == "cg:evidenceKind"
    assert finding.message == "one evidence kind, one of stated, implied, external, judgement"
    assert finding.file.endswith("two-evidence-kinds.ttl")
