"""Reading files: every unreadable input is reported with its place, and nothing is half-loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from chaingraph.errors import InputError
from chaingraph.knowledge import KnowledgeGraph
from chaingraph.store.loading import load_files, parse_file

from .conftest import DATA, ROOT

BROKEN = DATA / "broken"


def _problem(path: Path):
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert len(caught.value.problems) == 1
    return caught.value.problems[0]


def test_turtle_syntax_error_names_file_line_and_column() -> None:
    problem = _problem(BROKEN / "malformed.ttl")
    assert problem.file.endswith("malformed.ttl")
    assert problem.line == 13  # the subject after the missing '.'
    assert problem.column is not None and problem.column >= 1
    assert "syntax" in problem.message.lower()


def test_unknown_prefix_says_which_prefix_and_how_to_declare_it() -> None:
    problem = _problem(BROKEN / "unknown-prefix.ttl")
    assert problem.line == 13
    assert "unknown prefix 'ex:'" in problem.message
    assert "@prefix ex:" in (problem.hint or "")


def test_ill_typed_number_is_reported_with_its_line() -> None:
    problem = _problem(BROKEN / "non-numeric-quantity.ttl")
    assert problem.line == 14
    assert "'五十万' is not a valid xsd:decimal" in problem.message


def test_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "gbk.ttl"
    path.write_bytes('@prefix ex: <http://e/> .\nex:a ex:b "綦江" .\n'.encode("gbk"))
    problem = _problem(path)
    assert problem.message == "not UTF-8 text" and problem.line == 2


def test_missing_file_and_unknown_suffix(tmp_path: Path) -> None:
    other = tmp_path / "companies.docx"
    other.write_text("x")
    with pytest.raises(InputError) as caught:
        load_files([tmp_path / "nope.ttl", other])
    messages = [p.message for p in caught.value.problems]
    assert messages == ["no such file or folder", "unknown file type '.docx'"]


def test_all_problems_of_all_files_are_reported_together() -> None:
    with pytest.raises(InputError) as caught:
        load_files([BROKEN])
    files = sorted(Path(p.file).name for p in caught.value.problems)
    assert files == ["malformed.ttl", "non-numeric-quantity.ttl", "unknown-prefix.ttl"]


def test_nothing_is_half_loaded_when_one_file_is_bad() -> None:
    target = Graph()
    good = ROOT / "graph" / "regions" / "china.ttl"
    with pytest.raises(InputError):
        load_files([good, BROKEN / "malformed.ttl"], target)
    assert len(target) == 0


def test_opening_a_store_with_a_bad_file_raises_and_loads_nothing() -> None:
    with pytest.raises(InputError):
        KnowledgeGraph.open([ROOT / "graph", BROKEN / "unknown-prefix.ttl"])


def test_folder_is_read_recursively_in_a_stable_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.ttl").write_text("<urn:a> <urn:p> 2 .\n")
    (tmp_path / "one.nt").write_text("<urn:a> <urn:p> \"1\" .\n")
    assert len(load_files([tmp_path])) == 2
