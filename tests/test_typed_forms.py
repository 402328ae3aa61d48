"""Loading a file into an empty Oxigraph store reads the forms the file writes with a datatype
(:func:`chaingraph.store.lexical.typed_forms`) instead of scanning every triple of the store for ill-typed
literals: on files written every way Turtle allows (prefixes bound anywhere, absolute and relative IRIs, long
and escaped strings, ``^^`` in strings and comments, spaces and comments around ``^^``) the answer is the
scan's, problem for problem."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from chaingraph.errors import InputError
from chaingraph.store.oxigraph import OxigraphStore, ill_typed

XSD = "http://www.w3.org/2001/XMLSchema#"
FORMS = ["2024", "abc", "12.5", "x7", "", " 1", "1.", "INF", "NaN", "2024-02-30", "true", "tru", "-5", "a^^b",
         "綦江", "2024-13", "1e400", "a\\\"b", "1\\u0032", "5\\"]
TYPES = ["decimal", "integer", "gYear", "date", "boolean", "double", "nonNegativeInteger", "string"]
#: ways to write a datatype: (prefix declarations, how the type named t is written)
DATATYPES = [
    ("@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n", "xsd:{t}"),
    ("PREFIX x: <http://www.w3.org/2001/XMLSchema#>\n", "x:{t}"),
    ("", "<http://www.w3.org/2001/XMLSchema#{t}>"),
    ("@base <http://www.w3.org/2001/XMLSchema> .\n", "<#{t}>"),
    ("@prefix d: <http://www.w3.org/2001/XMLSchema#dec> .\n", "d:imal"),
    ("@prefix : <http://example.org/own#> .\n", ":{t}"),
    ("@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n", "xsd:{t}.x"),
]
#: ways to write the literal: a format of the form and the datatype
LITERALS = ['"{f}"^^{d}', '"""{f}"""^^{d}', "'{f}'^^{d}", '"{f}" ^^ {d}', '"{f}"^^{d} # "1"^^xsd:int']


@st.composite
def turtle(draw: st.DrawFn) -> str:
    lines = []
    for i in range(draw(st.integers(1, 6))):
        form = draw(st.sampled_from(FORMS))
        prefix, datatype = draw(st.sampled_from(DATATYPES))
        literal = draw(st.sampled_from(LITERALS)).format(f=form, d=datatype.format(t=draw(st.sampled_from(TYPES))))
        lines.append(f"{prefix}<urn:x:s> <urn:x:p{i}> {literal} .\n")
    if draw(st.booleans()):
        lines.append('<urn:x:s> <urn:x:q> "a label with ^^ in it", 12, 1.5e3, true .\n')
    return "".join(lines)


def _problems(path: Path, only_files: bool) -> list[tuple[str | None, int | None, str]]:
    store = OxigraphStore()
    try:
        store.store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    except SyntaxError:
        return []  # not Turtle: never scanned
    return [(p.file, p.line, p.message) for p in ill_typed(store.store, [path], only_files=only_files)]


@settings(max_examples=500, deadline=None)
@given(turtle())
@example('<urn:x:s> <urn:x:p> "a\\"b"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n')  # an escaped quote
@example('@prefix d: <http://www.w3.org/2001/XMLSchema#dec> .\n<urn:x:s> <urn:x:p> "x"^^d:imal .\n')
def test_reading_the_forms_finds_what_the_scan_finds(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("forms") / "data.ttl"
    path.write_text(text, encoding="utf-8")
    assert _problems(path, only_files=True) == _problems(path, only_files=False)


def test_a_store_with_other_triples_is_scanned(tmp_path: Path) -> None:
    """Only the first load into an empty store reads the files instead: the store may hold more than they."""
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.nt"
    good.write_text('<urn:x:a> <urn:x:p> "2024"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n', encoding="utf-8")
    bad.write_text('<urn:x:a> <urn:x:q> "abc"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n', encoding="utf-8")
    store = OxigraphStore()
    store.load([good])
    store.store.add(ox.Quad(ox.NamedNode("urn:x:b"), ox.NamedNode("urn:x:p"),
                            ox.Literal("x", datatype=ox.NamedNode(XSD + "integer"))))
    with pytest.raises(InputError) as caught:
        store.load([good])
    assert [p.message for p in caught.value.problems] == ["'x' is not a valid xsd:integer"]
    with pytest.raises(InputError) as caught:
        OxigraphStore().load([bad, good])
    assert [(Path(p.file or "").name, p.line, p.message) for p in caught.value.problems] == [
        ("bad.nt", 1, "'abc' is not a valid xsd:decimal")]
