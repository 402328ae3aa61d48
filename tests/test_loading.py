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


def test_the_shipped_vocabulary_has_no_ill_typed_literal() -> None:
    # KnowledgeGraph.open loads it without the scan (OxigraphStore.load(shipped=True)): this test is that scan
    import pyoxigraph as ox

    from chaingraph.store.oxigraph import OxigraphStore, ill_typed
    from chaingraph.vocab.ontology import vocabulary_files

    store = OxigraphStore()
    store.load(vocabulary_files(), shipped=True)
    assert len(store) > 1000
    assert ill_typed(store.store, vocabulary_files()) == []
    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")  # the scan finds one when there is one
    store.store.add(ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:p"), ox.Literal("abc", datatype=decimal)))
    assert [p.message for p in ill_typed(store.store, [])] == ["'abc' is not a valid xsd:decimal"]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_an_ill_typed_literal_is_refused_by_every_store_with_the_same_message(store: str, tmp_path: Path) -> None:
    from chaingraph.knowledge import KnowledgeGraph

    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n<urn:x:a> <urn:x:p> 1 .\n'
                   '<urn:x:a> <urn:x:q> "abc"^^xsd:decimal .\n<urn:x:a> <urn:x:y> "20x4"^^xsd:gYear .\n',
                   encoding="utf-8")
    with pytest.raises(InputError) as caught:
        KnowledgeGraph.open([bad], store=store)
    assert sorted((Path(p.file).name, p.line, p.message) for p in caught.value.problems) == [
        ("bad.ttl", 3, "'abc' is not a valid xsd:decimal"), ("bad.ttl", 4, "'20x4' is not a valid xsd:gYear")]


def test_a_persistent_store_refuses_an_ill_typed_literal_and_stays_as_it_was(tmp_path: Path) -> None:
    from chaingraph.knowledge import load_persistent

    bad = tmp_path / "bad.ttl"
    bad.write_text('<urn:x:a> <urn:x:q> "abc"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n', encoding="utf-8")
    with pytest.raises(InputError, match="'abc' is not a valid xsd:decimal"):
        load_persistent(tmp_path / "store", [bad], compact=False)
    assert not (tmp_path / "store").exists()


def test_both_stores_find_the_same_ill_typed_literals(tmp_path: Path) -> None:
    from chaingraph.knowledge import KnowledgeGraph

    values = [("abc", "decimal"), ("x7", "integer"), ("tru", "boolean"), ("20x4", "gYear"),
              ("2024-13", "gYearMonth"), ("2024-02-30x", "date"), ("1.5", "integer"), ("NaN", "decimal"),
              ("1e400", "double"), ("12.50", "decimal"), ("-5", "nonNegativeInteger"), ("2024", "gYear"),
              ("1", "boolean"), ("INF", "double")]
    data = tmp_path / "values.ttl"
    data.write_text("@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n" + "".join(
        f'<urn:x:a> <urn:x:p{i}> "{value}"^^xsd:{datatype} .\n' for i, (value, datatype) in enumerate(values)),
        encoding="utf-8")
    found = {}
    for store in ("memory", "oxigraph"):
        with pytest.raises(InputError) as caught:
            KnowledgeGraph.open([data], store=store, codes="none")
        found[store] = sorted((p.line, p.message) for p in caught.value.problems)
    assert found["memory"] == found["oxigraph"]
    assert [message for _, message in found["memory"]] == [
        "'abc' is not a valid xsd:decimal", "'x7' is not a valid xsd:integer", "'tru' is not a valid xsd:boolean",
        "'20x4' is not a valid xsd:gYear", "'2024-13' is not a valid xsd:gYearMonth",
        "'2024-02-30x' is not a valid xsd:date", "'1.5' is not a valid xsd:integer", "'NaN' is not a valid xsd:decimal"]



def test_the_scan_matched_in_python_flags_what_the_sparql_regex_flags() -> None:
    # the Oxigraph store selects the typed literals and matches their forms in Python (twice as fast as REGEX
    # in the query): the same literals as the query with the regular expressions, odd forms included
    import pyoxigraph as ox

    from chaingraph.store.lexical import LEXICAL, XSD, ill_typed_problem, sparql_scan
    from chaingraph.store.oxigraph import ill_typed

    odd = ["", " 1", "1 ", "1\n", "+", "-0", "٣", "１２", "1.", ".5", "1e5", "1E-2", "+INF", "-INF", "nan", "true",
           "TRUE", "0", "2024", "02024", "2024Z", "2024-01+08:00", "2024-1", "2024-02-31", "-2024-12-01Z",
           "2024-12-01\n"]
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode(f"urn:x:{name}"),
                         ox.Literal(value, datatype=ox.NamedNode(XSD + name)))
                 for name in LEXICAL for value in odd)
    by_regex = {(row["o"].value, row["d"].value) for row in store.query(sparql_scan())}  # type: ignore[union-attr]
    assert by_regex and len(by_regex) < len(LEXICAL) * len(odd)
    flagged = {p.message for p in ill_typed(store, [])}
    assert flagged == {ill_typed_problem(value, datatype, {}).message for value, datatype in by_regex}
    assert len(flagged) == len(by_regex)  # no two values shown alike (a line break is shown as \n)


def test_the_vocabulary_loaded_without_the_scan_has_no_ill_typed_literal() -> None:
    # KnowledgeGraph.open loads the package's vocabulary without scanning the whole store again
    import pyoxigraph as ox

    from chaingraph.store.oxigraph import ill_typed, ox_format
    from chaingraph.vocab.ontology import code_files, vocabulary_files

    store = ox.Store()
    for file in (*vocabulary_files(), *code_files()):
        store.load(path=str(file), format=ox_format(file))
    assert len(store) > 1000 and ill_typed(store, []) == []

# --- a term longer than Oxigraph reads (issue 19: "MemoryError: Reached the buffer maximal size") ----------

def _oversized(tmp_path: Path, suffix: str) -> Path:
    data = tmp_path / f"long{suffix}"
    head = "@prefix ex: <urn:ex:> .\nex:a ex:b \"short\" .\n" if suffix == ".ttl" else "<urn:ex:a> <urn:ex:b> \"x\" .\n"
    with open(data, "w", encoding="utf-8") as out:
        out.write(head + '<urn:ex:a> <urn:ex:text> "' + "铝" * (6 * 1024 * 1024) + '" .\n')  # 18 MiB of UTF-8
    return data


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
@pytest.mark.parametrize("suffix", [".ttl", ".nt"])
def test_an_oversized_literal_is_a_located_error_on_every_store(tmp_path: Path, store: str, suffix: str) -> None:
    data = _oversized(tmp_path, suffix)
    with pytest.raises(InputError) as caught:
        KnowledgeGraph.open([data], store=store, codes="none")
    [problem] = caught.value.problems
    assert (Path(problem.file or "").name, problem.line) == (data.name, 3 if suffix == ".ttl" else 2)
    assert problem.message == "a literal or IRI longer than 16 MiB, the most Oxigraph reads in one term"
    assert problem.hint and "shorten it" in problem.hint


def test_an_oversized_literal_is_refused_by_load_and_the_store_left_as_it_was(tmp_path: Path) -> None:
    from chaingraph.knowledge import load_persistent

    from .test_cli import _run

    data = _oversized(tmp_path, ".nt")
    with pytest.raises(InputError, match="longer than 16 MiB"):
        load_persistent(tmp_path / "store", [data], compact=False)
    assert not (tmp_path / "store").exists()
    done = _run("load", "--store", f"oxigraph:{tmp_path / 'other'}", str(data))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{data}:2: a literal or IRI longer than 16 MiB" in " ".join(done.stderr.split())
    assert not (tmp_path / "other").exists()
    shown = _run("info", "--graph", str(data))
    assert shown.returncode == 2 and "Traceback" not in shown.stderr and "longer than 16 MiB" in shown.stderr
